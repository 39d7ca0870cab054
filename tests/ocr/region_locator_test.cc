#include "ocr/region_locator.h"

#include <gtest/gtest.h>

#include <cmath>

#include "ocr/image_measures.h"

namespace beian::ocr {
namespace {

// A light card (856 x 540 proportions) on a dark table, turned by `deg`.
GrayImage CardOnTable(double deg) {
  GrayImage img(1200, 900, 90);
  const double a = deg * 3.14159265358979 / 180, c = std::cos(a),
               s = std::sin(a);
  for (int y = 0; y < img.height; ++y) {
    for (int x = 0; x < img.width; ++x) {
      const double dx = x - 600, dy = y - 450;
      const double u = c * dx + s * dy, v = -s * dx + c * dy;
      if (std::abs(u) < 428 && std::abs(v) < 270) img.at(x, y) = 230;
    }
  }
  return img;
}

TEST(RegionLocatorTest, FindsATurnedCardOnATable) {
  for (double deg : {0.0, 7.0, -11.0, 90.0}) {
    const std::vector<LocatedRegion> r = LocateRegions(CardOnTable(deg), 2);
    ASSERT_FALSE(r.empty()) << deg;
    EXPECT_NEAR(r[0].aspect, 856.0 / 540, 0.05) << deg;
    EXPECT_GT(r[0].rectangularity, 0.95) << deg;
    const Quad q = LandscapeOrder(r[0].quad);
    EXPECT_NEAR(QuadWidth(q), 856, 12) << deg;
    EXPECT_NEAR(QuadHeight(q), 540, 12) << deg;
  }
}

TEST(RegionLocatorTest, CardProportionsRestoreALostEdge) {
  // 470 x 316 found for a 501 x 316 card: both sides grow by 15.5 px.
  const Quad narrow = {Point{384, 212}, Point{854, 212}, Point{854, 528},
                       Point{384, 528}};
  const Quad fitted = FitCardProportions(narrow);
  EXPECT_NEAR(fitted[0].x, 368.5, 0.5);
  EXPECT_NEAR(fitted[1].x, 869.5, 0.5);
  EXPECT_NEAR(fitted[0].y, 212, 0.01);
  EXPECT_NEAR(fitted[3].y, 528, 0.01);
  // Too flat: the height grows instead.
  const Quad flat = {Point{0, 100}, Point{856, 100}, Point{856, 600},
                     Point{0, 600}};
  EXPECT_NEAR(QuadHeight(FitCardProportions(flat)), 540, 0.5);
  // Right proportions and perspective quads stay as found.
  const Quad right = {Point{0, 0}, Point{856, 0}, Point{856, 540},
                      Point{0, 540}};
  EXPECT_NEAR(FitCardProportions(right)[1].x, 856, 0.01);
  const Quad photo = {Point{40, 0}, Point{800, 30}, Point{856, 540},
                      Point{0, 500}};
  EXPECT_NEAR(FitCardProportions(photo)[1].x, 800, 0.01);
}

TEST(RegionLocatorTest, NothingOnABlankPage) {
  EXPECT_TRUE(LocateRegions(GrayImage(800, 1100, 250), 2).empty());
}

// A ruled cell with a glyph-like blot inside, under a shadow that darkens
// the right half: the rulings go, the blot and the shadow stay.
TEST(RemoveRulingsTest, LinesGoTextAndShadowsStay) {
  GrayImage img(400, 200, 240);
  for (int y = 0; y < 200; ++y) {
    for (int x = 200; x < 400; ++x) img.at(x, y) = 110;  // shadow
  }
  for (int x = 10; x < 390; ++x) img.at(x, 50) = img.at(x, 51) = 20;
  for (int y = 50; y < 190; ++y) img.at(30, y) = img.at(31, y) = 20;
  for (int y = 100; y < 130; ++y) {
    for (int x = 100; x < 130; x += 6) img.at(x, y) = 20;  // strokes
  }
  const GrayImage out = RemoveRulings(img, 60, 128);
  EXPECT_EQ(out.at(50, 50), 255);    // horizontal line
  EXPECT_EQ(out.at(300, 51), 255);   // ... under the shadow too
  EXPECT_EQ(out.at(30, 120), 255);   // vertical line
  EXPECT_EQ(out.at(100, 110), 20);   // a stroke 30 px long stays
  EXPECT_EQ(out.at(300, 150), 110);  // the shadow stays
  EXPECT_LT(InkFraction(out, {95, 95, 40, 40}, 128), 0.3);
  EXPECT_GT(InkFraction(out, {95, 95, 40, 40}, 128), 0.05);
}

// Paper that darkens from left to right with the same text on both sides:
// after flattening, both sides' paper and text read alike.
TEST(FlattenLightTest, AShadowAcrossThePageBecomesEven) {
  GrayImage img(600, 200);
  for (int y = 0; y < 200; ++y) {
    for (int x = 0; x < 600; ++x) img.at(x, y) = uint8_t(240 - x / 4);
  }
  for (int y = 90; y < 110; ++y) {
    for (int x : {50, 51, 52, 550, 551, 552})
      img.at(x, y) = uint8_t(img.at(x, y) / 4);
  }
  const GrayImage out = FlattenLight(img, 20);
  EXPECT_NEAR(out.at(30, 100), out.at(570, 100), 12);   // paper
  EXPECT_NEAR(out.at(51, 100), out.at(551, 100), 12);   // text
  EXPECT_GT(out.at(570, 100) - out.at(551, 100), 150);  // text stands out
}

// A page with ink stretches to full contrast; a page that is nearly all
// paper (its darkest 2 % paper too) is left as it is when capped.
TEST(StretchContrastTest, MostlyPaperIsNotStretchedPastTheCap) {
  GrayImage inked(100, 100, 200);
  for (int y = 0; y < 10; ++y)
    for (int x = 0; x < 100; ++x) inked.at(x, y) = 60;
  EXPECT_EQ(StretchContrast(inked, 3).at(50, 50), 255);
  EXPECT_EQ(StretchContrast(inked, 3).at(50, 5), 0);
  GrayImage paper(100, 100, 230);
  for (int y = 0; y < 100; ++y)
    for (int x = 0; x < 50; ++x) paper.at(x, y) = 190;  // grey paper half
  EXPECT_EQ(StretchContrast(paper).at(10, 10), 0);      // uncapped: grain
  EXPECT_EQ(StretchContrast(paper, 3).at(10, 10), 190);
}

TEST(ImageMeasuresTest, WarpAndQuarterTurns) {
  GrayImage img(40, 20, 255);
  img.at(1, 1) = 0;
  const GrayImage turned = RotateQuarter(img, 1);
  EXPECT_EQ(turned.width, 20);
  EXPECT_EQ(turned.at(18, 1), 0);
  EXPECT_EQ(RotateQuarter(turned, 3).pixels, img.pixels);
  const Quad whole = {Point{0, 0}, Point{40, 0}, Point{40, 20}, Point{0, 20}};
  EXPECT_EQ(WarpQuad(img, whole, 40, 20).pixels, img.pixels);
}

TEST(ImageMeasuresTest, SkewOfRuledLines) {
  GrayImage page(600, 600, 255);
  for (int k = 1; k < 12; ++k) {
    for (int x = 50; x < 550; ++x) {
      const int y = 50 * k - int(x * std::tan(5 * 3.14159265358979 / 180));
      if (y >= 0 && y < 600) page.at(x, y) = 0;
    }
  }
  const double skew = EstimateSkew(page);
  EXPECT_NEAR(std::abs(skew), 5, 0.6);
  EXPECT_NEAR(EstimateSkew(RotateSmall(page, -skew)), 0, 0.6);
}

TEST(ImageMeasuresTest, BlurLowersSharpness) {
  GrayImage img(200, 100, 255);
  for (int y = 20; y < 80; ++y) {
    for (int x = 0; x < 200; x += 8) img.at(x, y) = img.at(x + 1, y) = 0;
  }
  EXPECT_GT(MeasureQuality(img).sharpness,
            2 * MeasureQuality(BoxBlur(img, 2)).sharpness);
}

// A card photographed (grey, 210) with a blown-out patch covering a tenth
// of it has glare; a sheet of white paper (252) with text has none, though
// most of its pixels are white.
TEST(ImageMeasuresTest, GlareIsWhiteOnWhatIsNotWhite) {
  GrayImage card(200, 100, 210);
  EXPECT_EQ(GlareFraction(card), 0);
  for (int y = 0; y < 20; ++y)
    for (int x = 0; x < 100; ++x) card.at(x, y) = 255;
  EXPECT_NEAR(GlareFraction(card), 0.1, 1e-9);
  GrayImage paper(200, 100, 252);
  for (int y = 20; y < 80; y += 10)
    for (int x = 10; x < 190; ++x) paper.at(x, y) = 0;
  EXPECT_EQ(GlareFraction(paper), 0);
}

}  // namespace
}  // namespace beian::ocr
