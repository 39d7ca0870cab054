// Fields of the 《跨省异地就医登记备案表》. The page's ruled table is located
// (region_locator) and warped to the template's size; each value is read from
// its cell. The template is data (kFormTemplate in form_reader.cc): a region
// with another layout gets its own table of cells.
#ifndef BEIAN_SRC_OCR_FORM_READER_H_
#define BEIAN_SRC_OCR_FORM_READER_H_

#include <string>
#include <vector>

#include "field_collector.h"
#include "gray_image.h"
#include "known_names.h"
#include "ocr_engine.h"

namespace beian::ocr {

// Table size of the template at 100 dpi; the reader works at twice that.
inline constexpr int kFormTableWidth = 727;
inline constexpr int kFormTableHeight = 800;

// `table` is the table warped to 2 * kFormTableWidth x 2 * kFormTableHeight,
// upright.
// `known`: place names that 参保地, 就医地 and the contact address prefix
// snap to when one character was misread, and division codes that repair
// one digit of the number; either may be empty.
// `source_scale`: the table's width in the page image over the warped
// width (below 1 when `table` was enlarged). `hints`: the subject's claim
// (a name or number moves to it only where OCR offered the claimed
// characters).
void ReadForm(OcrEngine& engine, const GrayImage& table, double source_scale,
              const Knowledge& known, const ReadHints& hints,
              FieldCollector& out);

// Which of the six 备案类型 boxes is ticked: index 0..5, or -1 when none or
// more than one. `table` as above.
int TickedFilingBox(const GrayImage& table);

// Whether the signature area of the table holds handwriting.
bool SignatureInked(const GrayImage& table);

}  // namespace beian::ocr

#endif  // BEIAN_SRC_OCR_FORM_READER_H_
