// Page kind from the words on it (titles and labels), a pure rule table.
//
//   KindGuess g = ClassifyText("跨省异地就医登记备案表 参保人姓名 ...");
//   // g.kind == PageKind::kForm
#ifndef BEIAN_SRC_OCR_PAGE_CLASSIFIER_H_
#define BEIAN_SRC_OCR_PAGE_CLASSIFIER_H_

#include <map>
#include <string_view>
#include <vector>

#include "beian/ocr/document_reader.h"

namespace beian::ocr {

struct KindGuess {
  PageKind kind = PageKind::kOther;
  double confidence = 0;  // 0..1
  double score = 0;       // sum of matched keyword weights
};

// Keywords are matched after dropping spaces and punctuation; a keyword
// of 5 or more characters also matches with one character misread, or with
// one inside it lost.
KindGuess ClassifyText(std::string_view text);
// A page's text as keywords are matched against it: spaces and
// punctuation dropped, decoded once for all the questions asked of it.
class PageWords {
 public:
  explicit PageWords(std::string_view text);
  // The summed keyword weights per kind (kinds without a keyword absent).
  std::map<PageKind, double> Scores() const;
  // Whether the text holds `word`, matched as the keywords are.
  bool Contains(std::string_view word) const;
  // The weight of the words held that an ID card never prints (证明, 医院,
  // 户主, 单位, 承诺 ...): two or more make the page another document.
  int NeverOnACardCount() const;

 private:
  std::vector<char32_t> chars_;
};

}  // namespace beian::ocr

#endif  // BEIAN_SRC_OCR_PAGE_CLASSIFIER_H_
