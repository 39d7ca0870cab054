// A printed check box (□) beside an option of a 备案表 and how much of its
// inside is inked: a tick (√), a cross (☒) or a filled box (■) marks it,
// and a tick that spills over the box's sides still leaves ink inside.
// Measuring the inside, not a band around the box, keeps the end of the
// previous option's words and the box's own outline out of the measure.
#ifndef BEIAN_SRC_OCR_CHECK_BOX_H_
#define BEIAN_SRC_OCR_CHECK_BOX_H_

#include <optional>
#include <vector>

#include "gray_image.h"

namespace beian::ocr {

struct CheckBox {
  Rect outline;    // the box's sides, in the image's pixels
  double ink = 0;  // the fraction of its inside that is dark (1: filled)
};

// The check box in `window` of `img` nearest the option's words: its
// right side nearest the window's right edge when `before` (the box is
// printed before the words), else its left side nearest the left edge.
// `h` is the height of the option's characters; a box's side is between
// 0.4 and 1.4 of it. nullopt when no square of dark sides is there.
std::optional<CheckBox> FindCheckBox(const GrayImage& img, const Rect& window,
                                     int h, bool before);

// A row of boxes written one character each (an ID number in 18 boxes):
// the band between its top and bottom rulings, and the x of each box's
// side, left to right.
struct BoxRow {
  Rect band;
  std::vector<int> sides;
};

// The rows of `img` (rulings longer than a table's cell already removed)
// ruled into `min_boxes` boxes or more by vertical sides of one height,
// 1.3 to 4 times `h` (the page's character height), spaced evenly. A
// table's cell borders are no such row: they are too few and uneven.
std::vector<BoxRow> FindBoxRows(const GrayImage& img, int h, int min_boxes);

// `band` of `img` with the box sides painted out: the characters alone.
GrayImage WithoutSides(const GrayImage& img, const BoxRow& row);

}  // namespace beian::ocr

#endif  // BEIAN_SRC_OCR_CHECK_BOX_H_
