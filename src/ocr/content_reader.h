// The content path: what a page is and what it says, from the words read
// on the page itself — labels found wherever this image has them (letter-
// spaced or not, any font, any province's form), values read relative to
// those labels and accepted only when they pass their field's grammar
// (check digit, calendar date, known names, phone pattern). Nothing here
// assumes a template's coordinates.
//
//   const std::vector<TextRow> rows = GroupRows(page_ocr);
//   KindGuess kind = ClassifyRows(rows);
//   if (kind.kind == PageKind::kIdFront)
//     ReadFrontByLabels(engine, image, rows, known, hints, fields);
#ifndef BEIAN_SRC_OCR_CONTENT_READER_H_
#define BEIAN_SRC_OCR_CONTENT_READER_H_

#include <optional>
#include <string>
#include <vector>

#include "field_collector.h"
#include "gray_image.h"
#include "known_names.h"
#include "page_classifier.h"
#include "text_rows.h"

namespace beian::ocr {

// The page kind from its words, numbers and dates: the keywords of
// ClassifyText plus an ID number that passes its check digit (front) and a
// validity period (back); both sides' evidence gives kIdBoth.
KindGuess ClassifyRows(const std::vector<TextRow>& rows);

// How many of a card side's labels the rows hold (0..6 front, 0..4 back).
int FrontLabelCount(const std::vector<TextRow>& rows);
// The card side `rows` show some sign of — one label, a number of the
// ID's shape, a validity period — too little to name a page alone, enough
// for a card lying beside the other side. kOther when neither (or both
// alike).
PageKind FaintCardSide(const std::vector<TextRow>& rows);
int BackLabelCount(const std::vector<TextRow>& rows);

// The card front's labels that were not read (light blue print is the first
// thing a photocopy loses) put back where the front's fixed order says they
// are: 出生 on the date line above the number, 住址 on the line after it,
// 性别 on the 民族 line (or the line above the date when it says 男 or 女),
// 姓名 on the line above that. Labels that were read stay as they are.
std::vector<TextRow> RestoreFrontLabels(std::vector<TextRow> rows);

// 人像面 fields of `img` (the image `rows` were read from).
void ReadFrontByLabels(OcrEngine& engine, const GrayImage& img,
                       const std::vector<TextRow>& rows, const Knowledge& known,
                       const ReadHints& hints, FieldCollector& out);
// 国徽面 fields.
void ReadBackByLabels(OcrEngine& engine, const GrayImage& img,
                      const std::vector<TextRow>& rows, const Knowledge& known,
                      const ReadHints& hints, FieldCollector& out);
// 备案表 fields, any province's wording and order.
void ReadFormByLabels(OcrEngine& engine, const GrayImage& img,
                      const std::vector<TextRow>& rows, const Knowledge& known,
                      const ReadHints& hints, FieldCollector& out);

// A page read as a whole may lose a whole row of a ruled form (a row of
// handwriting between rulings: 姓名 韦建刚 性别 男). Bands of ink between
// the rows read, one to three characters high, are read again as one line
// each, and what reads with confidence becomes a row.
void RecoverLostRows(OcrEngine& engine, const GrayImage& img,
                     std::vector<TextRow>& rows);

// A page read as a whole often loses the narrow label column of a ruled
// form (the engine takes it for a separate block and drops it). Each row
// that starts right of the page's text margin gets the band to its left
// read again as one line, and what is found there is put in front of it.
void RecoverRowStarts(OcrEngine& engine, const GrayImage& img,
                      std::vector<TextRow>& rows);

// The same at a row's other end: words circled by hand (an option of
// 备案类型 inside a drawn ellipse) are often dropped from the end of their
// row. A row that ends short of the page's text with ink after it gets that
// band read again as one line, and what is found there is put after it.
void RecoverRowEnds(OcrEngine& engine, const GrayImage& img,
                    std::vector<TextRow>& rows);

// A validity period as printed on a real card: 5, 10 or 20 years to the
// same day, or 长期.
bool PlausibleValidity(const std::string& from, const std::string& to);

}  // namespace beian::ocr

#endif  // BEIAN_SRC_OCR_CONTENT_READER_H_
