// Finds the documents in a picture: cards on a table or a photocopy, the
// table of a form. Pure image analysis on a GrayImage, no OCR.
#ifndef BEIAN_SRC_OCR_REGION_LOCATOR_H_
#define BEIAN_SRC_OCR_REGION_LOCATOR_H_

#include <vector>

#include "gray_image.h"

namespace beian::ocr {

struct LocatedRegion {
  Quad quad;                  // full-image coordinates, clockwise from TL
  double area_fraction = 0;   // of the whole image
  double aspect = 0;          // long side / short side of the quad
  double rectangularity = 0;  // filled area / quad area, 1 for a rectangle
  bool landscape = true;      // the quad's first side is its long side
};

// Up to `max_regions` regions, largest first, each at least 1.5% of the
// image. A region is a connected part that stands out from the background
// seen at the image border (a lighter card on a dark table, a grey card or a
// ruled table on white paper), its holes filled. Uneven light across the
// page is modelled as a plane fitted to the border.
std::vector<LocatedRegion> LocateRegions(const GrayImage& img, int max_regions);

// Quad with the long side first: rotates the corner order of `q` by one when
// its first side is the shorter one.
Quad LandscapeOrder(const Quad& q);
// Average lengths of the first and second side.
double QuadWidth(const Quad& q);
double QuadHeight(const Quad& q);

// A card found on a flat scan or photocopy (opposite sides equal) whose
// proportions are off lost a faint edge: a blurred photocopy loses its
// left and right borders (470 x 316 px found for a 505 x 318 card). The
// card's proportions are fixed (85.6 x 54 mm), so the short dimension
// grows back, evenly on both sides. Perspective photos are left alone.
Quad FitCardProportions(const Quad& q);

// A region longer than a card (a hand holding it over one end, or a
// shadow joined to it): the card's proportions measured from either short
// side — one card at each end, left end first. `q` in landscape order.
std::array<Quad, 2> CardAtEitherEnd(const Quad& q);

}  // namespace beian::ocr

#endif  // BEIAN_SRC_OCR_REGION_LOCATOR_H_
