// One page image -> PageReading: locate the documents on it, decide the
// kind and orientation, read the fields, measure quality.
#ifndef BEIAN_SRC_OCR_PAGE_READER_H_
#define BEIAN_SRC_OCR_PAGE_READER_H_

#include <string>
#include <vector>

#include "beian/ocr/document_reader.h"
#include "known_names.h"
#include "ocr_engine.h"
#include "page_loader.h"

namespace beian::ocr {

struct PageReaderOptions {
  double field_threshold = 0.6;  // fields below are left out and flagged
  int min_card_width_px = 300;   // narrower cards: scan_too_small
  double min_sharpness = 150;    // below: scan_blurry (when fields fail)
  double min_brightness = 60;    // below: scan_too_dark
  double max_glare = 0.08;       // above: scan_glare
  Knowledge known;               // place and authority names (may be empty)
};

PageReading ReadPage(OcrEngine& engine, const LoadedPage& page, int index,
                     const PageReaderOptions& options,
                     const ReadHints& hints = {});

}  // namespace beian::ocr

#endif  // BEIAN_SRC_OCR_PAGE_READER_H_
