// Fields of one ID card side. The input is the card cut out and warped to
// the standard 856 x 540 (10 px/mm) with its long side horizontal; whether
// it is upside down and which side it is are found here, by reading the
// number line (人像面) and the title (国徽面) both ways up.
#ifndef BEIAN_SRC_OCR_CARD_READER_H_
#define BEIAN_SRC_OCR_CARD_READER_H_

#include <string>
#include <vector>

#include "beian/ocr/document_reader.h"
#include "field_collector.h"
#include "gray_image.h"
#include "known_names.h"
#include "ocr_engine.h"

namespace beian::ocr {

inline constexpr int kCardWidth = 856;
inline constexpr int kCardHeight = 540;

struct CardReading {
  PageKind side = PageKind::kOther;  // kIdFront, kIdBack or kOther
  double side_confidence = 0;
  bool upside_down = false;
  GrayImage upright;  // the card the right way up
};

// Decides the side and orientation and reads the fields into `out`.
// `source_scale`: the card's width in the source image over kCardWidth
// (below 1 when `card` was enlarged from a small copy). `known`: place names
// the address prefix snaps to and the authorities the 签发机关 snaps to (either
// may be empty); `hints`: the subject's claim.
CardReading ReadCard(OcrEngine& engine, const GrayImage& card,
                     double source_scale, const Knowledge& known,
                     const ReadHints& hints, FieldCollector& out);

}  // namespace beian::ocr

#endif  // BEIAN_SRC_OCR_CARD_READER_H_
