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
    {PageKind::kForm, "险种类型", 1},
    {PageKind::kForm, "开始日期", 1},
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
    // What such proofs say when their title is lost or plain (证明): the
    // words of their body and table, none of them printed on the 备案表.
    {PageKind::kHukou, "户主姓名", 3},
    {PageKind::kHukou, "户口专用章", 3},
    {PageKind::kHukou, "户别", 2},
    {PageKind::kHukou, "户号", 2},
    {PageKind::kHukou, "迁来", 2},
    {PageKind::kHukou, "曾用名", 1},
    {PageKind::kHukou, "籍贯", 1},
    {PageKind::kResidencePermit, "居住至今", 2},
    {PageKind::kResidencePermit, "居住满", 2},
    {PageKind::kResidencePermit, "在本辖区", 2},
    {PageKind::kResidencePermit, "居民委员会", 2},
    {PageKind::kResidencePermit, "村民委员会", 2},
    {PageKind::kReferral, "患者", 2},
    {PageKind::kReferral, "转往", 2},
    {PageKind::kReferral, "转上级医院", 2},
    {PageKind::kReferral, "转诊原因", 2},
    {PageKind::kReferral, "病情", 1},
    {PageKind::kEmployment, "在职证明", 5},
    {PageKind::kEmployment, "用人单位", 3},
    {PageKind::kEmployment, "劳动者", 2},
    {PageKind::kEmployment, "甲方", 1},
    {PageKind::kEmployment, "乙方", 1},
    {PageKind::kEmployment, "我单位", 2},
    {PageKind::kEmployment, "入职", 2},
    {PageKind::kCommitment, "承诺以上", 2},
    {PageKind::kCommitment, "如有虚假", 2},
};

// Words an ID card prints on neither side, in no label and no value (a
// name, an address, a police office): a page whose words weigh two or more
// is some other document, even where it repeats a card's labels and number.
// 居住证 and its label 居住地址 (the card's is 住址) weigh two alone. Words
// written on a copy of a card (仅供…备案使用, 与原件一致) stay out.
const std::pair<const char*, int> kNeverOnACard[] = {
    {"证明", 1}, {"医院", 1},     {"患者", 1},     {"诊断", 1},   {"年龄", 1},
    {"意见", 1}, {"单位", 1},     {"户主", 1},     {"户号", 1},   {"户别", 1},
    {"户口", 1}, {"承诺", 1},     {"合同", 1},     {"甲方", 1},   {"乙方", 1},
    {"职工", 1}, {"员工", 1},     {"特此", 1},     {"曾用名", 1}, {"籍贯", 1},
    {"婚姻", 1}, {"文化程度", 1}, {"血型", 1},     {"身高", 1},   {"职业", 1},
    {"宗教", 1}, {"兵役", 1},     {"服务处所", 1}, {"辖区", 1},   {"委员会", 1},
    {"入职", 1}, {"派驻", 1},     {"审批", 1},     {"事项", 1},   {"转诊", 1},
    {"转院", 1}, {"医师", 1},     {"主治", 1},     {"盖章", 1},   {"同意", 1},
    {"建议", 1}, {"居住证", 2},   {"居住地址", 2},
};
// Whether `text` from `at` on spells `w` with its character `skip` lost
// (skip == w.size(): none lost) and at most `allowed` others misread.
bool SpellsAt(const std::vector<char32_t>& text, size_t at,
              const std::vector<char32_t>& w, size_t skip, size_t allowed) {
  size_t diff = 0, k = at;
  for (size_t j = 0; j < w.size() && diff <= allowed; ++j) {
    if (j == skip) continue;
    diff += text[k++] != w[j];
  }
  return diff <= allowed;
}

// True when `word` occurs in `text`, or (for long words) a window of the
// same length differs in one character, or one character of it is lost.
bool Contains(const std::vector<char32_t>& text, std::string_view word) {
  const std::vector<char32_t> w = DecodeUtf8(word);
  if (w.empty() || text.size() + 1 < w.size()) return false;
  const bool long_word = w.size() >= 5;
  for (size_t i = 0; i + w.size() <= text.size(); ++i) {
    if (SpellsAt(text, i, w, w.size(), long_word ? 1 : 0)) return true;
  }
  if (!long_word) return false;
  for (size_t i = 0; i + w.size() - 1 <= text.size(); ++i) {
    for (size_t skip = 1; skip + 1 < w.size(); ++skip) {
      if (SpellsAt(text, i, w, skip, 0)) return true;
    }
  }
  return false;
}

}  // namespace

PageWords::PageWords(std::string_view text)
    : chars_(DecodeUtf8(CleanCjkText(text))) {}

bool PageWords::Contains(std::string_view word) const {
  return beian::ocr::Contains(chars_, word);
}

int PageWords::NeverOnACardCount() const {
  int n = 0;
  for (const auto& [word, weight] : kNeverOnACard)
    n += Contains(word) ? weight : 0;
  return n;
}

std::map<PageKind, double> PageWords::Scores() const {
  std::map<PageKind, double> scores;
  for (const Keyword& k : kKeywords) {
    if (Contains(k.word)) scores[k.kind] += k.weight;
  }
  return scores;
}

KindGuess ClassifyText(std::string_view text) {
  const std::map<PageKind, double> scores = PageWords(text).Scores();
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
