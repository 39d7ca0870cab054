#include "page_classifier.h"

#include <map>
#include <vector>

#include "beian/base/text.h"
#include "field_parsers.h"

namespace beian::ocr {
namespace {

struct Keyword {
  PageKind kind;
  const char* word;
  double weight;
};

// Titles weigh most; labels confirm. 个人承诺书 repeats 备案类型 and 就医地,
// so the form's own labels carry less than its title.
const Keyword kKeywords[] = {
    {PageKind::kForm, "跨省异地就医登记备案表", 5},
    {PageKind::kForm, "登记备案表", 4},
    {PageKind::kForm, "参保人姓名", 2},
    {PageKind::kForm, "参保险种", 2},
    {PageKind::kForm, "参保地经办机构", 2},
    {PageKind::kForm, "备案表", 3},
    {PageKind::kForm, "备案申请表", 3},
    {PageKind::kForm, "异地就医", 1},
    {PageKind::kForm, "备案类型", 1},
    {PageKind::kForm, "人员类别", 1},
    {PageKind::kForm, "拟就医地", 2},
    {PageKind::kForm, "就医地", 1},
    {PageKind::kForm, "参保地", 1},
    {PageKind::kForm, "统筹区", 1},
    {PageKind::kForm, "手机号码", 1},
    {PageKind::kForm, "联系电话", 1},
    {PageKind::kForm, "申请人", 1},
    {PageKind::kIdBack, "居民身份证", 4},
    {PageKind::kIdBack, "中华人民共和国", 2},
    {PageKind::kIdBack, "签发机关", 3},
    {PageKind::kIdBack, "有效期限", 3},
    {PageKind::kIdFront, "公民身份号码", 3},
    {PageKind::kIdFront, "住址", 1},
    {PageKind::kIdFront, "出生", 1},
    {PageKind::kIdFront, "民族", 1},
    {PageKind::kIdFront, "姓名", 1},
    {PageKind::kIdFront, "性别", 1},
    // Proofs, in the wordings public offices print: a 户口簿's pages, a
    // 居住证 or a police station's 居住证明, a hospital's 转诊转院 sheet, an
    // employer's 派出/工作 letter. Words the 备案表 itself prints (异地转诊
    // 人员, 常驻异地工作人员, 本人承诺, 现居住地址) stay out.
    {PageKind::kHukou, "常住人口登记卡", 5},
    {PageKind::kHukou, "户口簿", 4},
    {PageKind::kHukou, "户主", 2},
    {PageKind::kHukou, "与户主关系", 2},
    {PageKind::kHukou, "户口登记机关", 3},
    {PageKind::kHukou, "户籍登记", 2},
    {PageKind::kHukou, "公民身份证件编号", 2},
    {PageKind::kResidencePermit, "居住证", 4},
    {PageKind::kResidencePermit, "居住证明", 4},
    {PageKind::kResidencePermit, "居住登记", 3},
    {PageKind::kResidencePermit, "暂住证", 4},
    {PageKind::kResidencePermit, "居住地址", 2},
    {PageKind::kReferral, "转诊证明", 5},
    {PageKind::kReferral, "转诊转院", 4},
    {PageKind::kReferral, "转院证明", 4},
    {PageKind::kReferral, "转诊单", 4},
    {PageKind::kReferral, "转出医院", 2},
    {PageKind::kReferral, "转入医院", 2},
    {PageKind::kReferral, "接收医院", 2},
    {PageKind::kReferral, "转诊意见", 2},
    {PageKind::kReferral, "临床诊断", 2},
    {PageKind::kCommitment, "个人承诺书", 5},
    {PageKind::kCommitment, "承诺书", 4},
    {PageKind::kCommitment, "承诺人", 2},
    {PageKind::kEmployment, "派出证明", 5},
    {PageKind::kEmployment, "工作证明", 4},
    {PageKind::kEmployment, "派驻", 2},
    {PageKind::kEmployment, "外派", 2},
    {PageKind::kEmployment, "劳动合同", 4},
    {PageKind::kEmployment, "单位证明", 4},
    {PageKind::kEmployment, "单位盖章", 1},
};

// True when `word` occurs in `text`, or (for long words) a window of the
// same length differs in one character.
bool Contains(const std::vector<char32_t>& text, std::string_view word) {
  const std::vector<char32_t> w = DecodeUtf8(word);
  if (w.empty() || text.size() < w.size()) return false;
  const size_t allowed = w.size() >= 5 ? 1 : 0;
  for (size_t i = 0; i + w.size() <= text.size(); ++i) {
    size_t diff = 0;
    for (size_t j = 0; j < w.size() && diff <= allowed; ++j)
      diff += text[i + j] != w[j];
    if (diff <= allowed) return true;
  }
  return false;
}

}  // namespace

std::map<PageKind, double> ScoreText(std::string_view text) {
  const std::vector<char32_t> cps = DecodeUtf8(CleanCjkText(text));
  std::map<PageKind, double> scores;
  for (const Keyword& k : kKeywords) {
    if (Contains(cps, k.word)) scores[k.kind] += k.weight;
  }
  return scores;
}

KindGuess ClassifyText(std::string_view text) {
  const std::map<PageKind, double> scores = ScoreText(text);
  KindGuess best;
  double second = 0;
  for (const auto& [kind, score] : scores) {
    if (score > best.score) {
      second = best.score, best.kind = kind, best.score = score;
    } else if (score > second) {
      second = score;
    }
  }
  if (best.score < 2) return KindGuess{};
  best.confidence = std::min(1.0, (best.score - second) / 4.0 + 0.2);
  return best;
}

}  // namespace beian::ocr
