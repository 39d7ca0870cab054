// A page read as a whole (Layout::kAuto) turned into rows of characters
// with their boxes, and labels found in those rows wherever they are: the
// content path's view of a page, independent of any template's geometry.
//
//   std::vector<TextRow> rows = GroupRows(page_ocr);
//   if (auto at = FindLabel(rows, "姓名")) Use(CharsAfter(rows[at->row], *at));
#ifndef BEIAN_SRC_OCR_TEXT_ROWS_H_
#define BEIAN_SRC_OCR_TEXT_ROWS_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ocr_engine.h"

namespace beian::ocr {

struct TextRow {
  std::vector<OcrChar> chars;  // left to right
  Rect box;                    // union of the characters' boxes
};

// Tesseract's lines merged into rows: lines whose vertical extents overlap
// by more than half the smaller height are one row (a label and its value
// printed apart are two "lines" to the engine). Rows top to bottom.
std::vector<TextRow> GroupRows(const OcrResult& page);

// The characters [begin, end) of one row.
struct LabelHit {
  int row = -1;
  int begin = 0;
  int end = 0;
};

// `label` in the rows from `from_row` on, as consecutive characters (spaces
// are not characters, so letter-spaced labels match). A character matches
// when it or one of OCR's alternatives equals the label's; labels of four
// or more characters may have one character that does not (not the last)
// or their first character lost, labels of five or more any one character
// lost. The first hit top to bottom, left to right.
std::optional<LabelHit> FindLabel(const std::vector<TextRow>& rows,
                                  std::string_view label, int from_row = 0);
// The first of `labels` found (in the order given).
std::optional<LabelHit> FindAnyLabel(const std::vector<TextRow>& rows,
                                     const std::vector<std::string>& labels,
                                     int from_row = 0);

// Every place `label` occurs (same matching as FindLabel), top to bottom.
std::vector<LabelHit> FindAllLabels(const std::vector<TextRow>& rows,
                                    std::string_view label);

// Characters of a row as an OcrResult (one line), [begin, end).
OcrResult Slice(const TextRow& row, int begin, int end);
// The row's characters after `hit`, up to `end` (default: the row's end).
OcrResult CharsAfter(const TextRow& row, const LabelHit& hit, int end = -1);
// Text of a whole row.
std::string RowText(const TextRow& row);
// Every row joined with '\n'.
std::string PageText(const std::vector<TextRow>& rows);
// Box of characters [begin, end) of `row`.
Rect SpanBox(const TextRow& row, int begin, int end);
// Median character height over all rows (0 when none).
int MedianCharHeight(const std::vector<TextRow>& rows);
// Whether `c` has the size of a character on a page whose text is `h`
// high: a symbol far taller or wider (a portrait, a ruling line or a
// circle's arc read as one character) is no text.
bool CharacterSized(const OcrChar& c, int h);
// Where a line of `chars` stops: before the first gap wider than one and a
// half characters (what lies beyond is no part of it); chars.size() when
// there is none. Boxes that are not known never cut; a box far thinner than
// the line's characters (the engine gave 风 one pixel) counts as one
// character wide.
size_t EndBeforeGap(const std::vector<OcrChar>& chars);

}  // namespace beian::ocr

#endif  // BEIAN_SRC_OCR_TEXT_ROWS_H_
