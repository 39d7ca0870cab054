// Check boxes beside a form's options and rows of boxes written one
// character each, drawn here pixel by pixel.
#include "ocr/check_box.h"

#include <gtest/gtest.h>

namespace beian::ocr {
namespace {

void Fill(GrayImage& img, int x0, int y0, int x1, int y1) {
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) img.at(x, y) = 0;
}

// A printed box with sides 2 px thick, `side` px wide, top-left at (x, y).
void Box(GrayImage& img, int x, int y, int side) {
  Fill(img, x, y, x + side, y + 2);
  Fill(img, x, y + side - 2, x + side, y + side);
  Fill(img, x, y, x + 2, y + side);
  Fill(img, x + side - 2, y, x + side, y + side);
}

// A tick from (x0, y0) down to (xm, ym) and up to (x1, y1), 3 px thick.
void Tick(GrayImage& img, int x0, int y0, int xm, int ym, int x1, int y1) {
  auto line = [&](int ax, int ay, int bx, int by) {
    const int n = std::max(std::abs(bx - ax), std::abs(by - ay));
    for (int i = 0; i <= n; ++i) {
      const int x = ax + (bx - ax) * i / n, y = ay + (by - ay) * i / n;
      Fill(img, x - 1, y - 1, x + 2, y + 2);
    }
  };
  line(x0, y0, xm, ym);
  line(xm, ym, x1, y1);
}

constexpr int kH = 26;  // the option's character height
const Rect kWindow = {0, 0, 46, 48};

TEST(FindCheckBoxTest, AnEmptyBoxHasNoInkInside) {
  GrayImage img(60, 48);
  Box(img, 20, 14, 21);
  const auto box = FindCheckBox(img, kWindow, kH, true);
  ASSERT_TRUE(box.has_value());
  EXPECT_EQ(box->outline.x, 20);
  EXPECT_LT(box->ink, 0.02);
}

// The tick's arm runs out over the box's top side: the ink inside counts.
TEST(FindCheckBoxTest, ATickSpillingOverTheSideStillInksTheInside) {
  GrayImage img(60, 48);
  Box(img, 20, 14, 21);
  Tick(img, 24, 24, 29, 31, 44, 6);
  const auto box = FindCheckBox(img, kWindow, kH, true);
  ASSERT_TRUE(box.has_value());
  EXPECT_GT(box->ink, 0.08);
}

TEST(FindCheckBoxTest, AFilledBoxIsAllInk) {
  GrayImage img(60, 48);
  Fill(img, 20, 14, 41, 35);
  const auto box = FindCheckBox(img, kWindow, kH, true);
  ASSERT_TRUE(box.has_value());
  EXPECT_GT(box->ink, 0.9);
}

// 其's strokes enclose a square too, but run on past its corners.
TEST(FindCheckBoxTest, ACharactersCrossingStrokesAreNoBox) {
  GrayImage img(60, 48);
  Fill(img, 22, 8, 25, 40);  // two verticals, long above and below
  Fill(img, 36, 8, 39, 40);
  Fill(img, 16, 14, 46, 16);  // bars running out on both sides
  Fill(img, 16, 32, 46, 34);
  EXPECT_FALSE(FindCheckBox(img, kWindow, kH, true).has_value());
}

TEST(FindCheckBoxTest, TheBoxAfterTheWordsIsFoundFromTheLeft) {
  GrayImage img(60, 48);
  Box(img, 8, 14, 21);
  Fill(img, 12, 20, 25, 29);
  const auto box = FindCheckBox(img, {0, 0, 60, 48}, kH, false);
  ASSERT_TRUE(box.has_value());
  EXPECT_EQ(box->outline.x, 8);
  EXPECT_GT(box->ink, 0.3);
}

// 18 boxes 40 px apart, 60 px high (the character height is 25), a blob
// written in each; the first box's left side is the table's column
// ruling, already removed from the page.
GrayImage EighteenBoxes() {
  GrayImage img(900, 120);
  for (int i = 1; i <= 18; ++i) Fill(img, 100 + 40 * i, 30, 102 + 40 * i, 90);
  for (int i = 0; i < 18; ++i) Fill(img, 112 + 40 * i, 45, 128 + 40 * i, 75);
  return img;
}

TEST(FindBoxRowsTest, ARowOfEighteenBoxesIsFoundWithItsLostFirstSide) {
  const std::vector<BoxRow> rows = FindBoxRows(EighteenBoxes(), 25, 15);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].sides.size(), 19u);
  EXPECT_EQ(rows[0].band.y, 30);
  EXPECT_EQ(rows[0].band.h, 60);
  EXPECT_NEAR(rows[0].band.x, 101, 2);
}

TEST(FindBoxRowsTest, ATablesFewUnevenCellsAreNoBoxRow) {
  GrayImage img(900, 120);
  for (int x : {20, 200, 260, 600, 880}) Fill(img, x, 30, x + 2, 90);
  EXPECT_TRUE(FindBoxRows(img, 25, 15).empty());
}

TEST(FindBoxRowsTest, WithoutSidesLeavesTheCharactersAlone) {
  const GrayImage img = EighteenBoxes();
  const std::vector<BoxRow> rows = FindBoxRows(img, 25, 15);
  ASSERT_EQ(rows.size(), 1u);
  const GrayImage band = WithoutSides(img, rows[0]);
  for (int side : rows[0].sides) {
    const int x = side - rows[0].band.x;
    if (x >= 0 && x < band.width) {
      EXPECT_EQ(band.at(x, 30), 255) << side;
    }
  }
  EXPECT_EQ(band.at(112 + 8 - rows[0].band.x, 30), 0);  // the first blob
}

}  // namespace
}  // namespace beian::ocr
