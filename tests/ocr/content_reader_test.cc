// The content path on hand-made page readings: kinds from words, numbers
// and dates; fields from labels wherever they are, kept only when they pass
// their grammar. The engine here reads nothing again, so every value comes
// from the page reading itself.
#include "ocr/content_reader.h"

#include <gtest/gtest.h>

#include "beian/base/text.h"
#include "beian/identity/id_number.h"

namespace beian::ocr {
namespace {

// Reads nothing again, except the texts scripted for its first calls.
class BlindEngine : public OcrEngine {
 public:
  explicit BlindEngine(std::vector<std::string> script = {})
      : script_(std::move(script)) {}
  StatusOr<OcrResult> Recognize(const GrayImage&, const OcrRequest&) override {
    OcrResult r;
    if (calls < int(script_.size())) {
      int x = 2;
      for (char32_t cp : DecodeUtf8(script_[calls])) {
        OcrChar c;
        AppendUtf8(cp, c.text);
        c.confidence = 0.9;
        c.box = {x, 2, 30, 30};  // side by side, in the region read
        x += 34;
        r.chars.push_back(c);
        r.text += c.text;
      }
      r.confidence = r.chars.empty() ? 0 : 0.9;
    }
    ++calls;
    return r;
  }
  int calls = 0;

 private:
  std::vector<std::string> script_;
};

// Rows of 30 px characters, one engine line per entry, 60 px apart; a
// line starting with '>' is indented by two characters (an address's
// second line, under the value rather than the label).
std::vector<TextRow> Rows(const std::vector<std::string>& lines) {
  OcrResult page;
  int y = 20;
  for (size_t i = 0; i < lines.size(); ++i, y += 60) {
    const size_t indent = lines[i].find_first_not_of('>');  // 2 chars each
    int x = 20 + 2 * 34 * int(std::min(indent, lines[i].size()));
    for (char32_t cp :
         DecodeUtf8(lines[i].substr(std::min(indent, lines[i].size())))) {
      OcrChar c;
      AppendUtf8(cp, c.text);
      c.confidence = 0.95;
      c.line = int(i);
      c.box = {x, y, 30, 30};
      page.chars.push_back(c);
      x += 34;
    }
  }
  return GroupRows(page);
}

// A synthetic valid number for a person born on `yyyymmdd`.
std::string Number(const std::string& yyyymmdd,
                   const std::string& seq = "123") {
  const std::string body = "510682" + yyyymmdd + seq;
  return body + ComputeCheckCharacter(body);
}

// The value read for `name`, or "(missing)".
std::string Value(const FieldCollector& c, const std::string& name) {
  const FieldReading* f = c.Find(name);
  return f ? f->value : "(missing)";
}

TEST(ClassifyRowsTest, KindsFromWordsNumbersAndDates) {
  const std::string id = Number("19800101");
  EXPECT_EQ(
      ClassifyRows(Rows({"姓名张三", "住址四川省", "公民身份号码" + id})).kind,
      PageKind::kIdFront);
  // No label read at all: a number that passes its check digit and 出生.
  EXPECT_EQ(ClassifyRows(Rows({"出生1980年1月1日", id})).kind,
            PageKind::kIdFront);
  EXPECT_EQ(ClassifyRows(
                Rows({"签发机关什邡市公安局", "有效期限2016.03.01-2036.03.01"}))
                .kind,
            PageKind::kIdBack);
  EXPECT_EQ(
      ClassifyRows(Rows({"2016.03.01-2036.03.01", "中华人民共和国"})).kind,
      PageKind::kIdBack);
  EXPECT_EQ(
      ClassifyRows(Rows({"姓名张三", "公民身份号码" + id,
                         "签发机关什邡市公安局", "有效期限2016.03.01-长期"}))
          .kind,
      PageKind::kIdBoth);
  EXPECT_EQ(ClassifyRows(Rows({"四川省跨省异地就医登记备案表", "姓名张三",
                               "身份证号码" + id}))
                .kind,
            PageKind::kForm);
  // A proof repeats the card's labels and number; its title decides.
  EXPECT_EQ(ClassifyRows(
                Rows({"居住证", "姓名张三", "性别男民族汉", "出生1980年1月1日",
                      "住址广东省深圳市", "公民身份号码" + id}))
                .kind,
            PageKind::kResidencePermit);
  EXPECT_EQ(ClassifyRows(Rows({"常住人口登记卡", "姓名张三", "出生1980年1月1日",
                               "公民身份证件编号" + id}))
                .kind,
            PageKind::kHukou);
  EXPECT_EQ(ClassifyRows(Rows({"购物小票", "合计 35.00"})).kind,
            PageKind::kOther);
}

// Proofs whose title is plain (证明), lost or misread still print a card's
// labels and number: the words no card prints make them documents, and the
// words of their body say which.
TEST(ClassifyRowsTest, AProofWithoutItsTitleIsNoCard) {
  const std::string id = Number("19850521");
  // A 社区's letter titled 证明.
  EXPECT_EQ(ClassifyRows(Rows({"证明", "兹证明张三(女,公民身份号码:" + id,
                               ")自2020年5月9日起在本辖区居住至今",
                               "特此证明。", "幸福社区居民委员会"}))
                .kind,
            PageKind::kResidencePermit);
  // A hospital's sheet, its title lost.
  EXPECT_EQ(ClassifyRows(
                Rows({"患者姓名张三性别男", "身份证号" + id, "临床诊断冠心病",
                      "转往医院天津市第一人民医院", "科室意见同意转诊"}))
                .kind,
            PageKind::kReferral);
  // The words of a hospital's sheet but none that names it: no card either.
  EXPECT_EQ(
      ClassifyRows(Rows({"张三性别男", id, "同意转诊 主治医师", "同意(盖章)"}))
          .kind,
      PageKind::kOther);
  // A 户口簿's first page, its title misread (簿 as 短).
  EXPECT_EQ(ClassifyRows(Rows({"居民户口短", "户别家庭户户主姓名张三",
                               "户号943937777住址浙江省杭州市",
                               "签发日期2010年10月24日"}))
                .kind,
            PageKind::kHukou);
  // A 居住证 prints both sides' labels; its title was lost, its own label
  // 居住地址 (the card's is 住址) is there.
  EXPECT_EQ(
      ClassifyRows(Rows({"姓名张三性别女", "公民身份号码" + id,
                         "居住地址重庆市幸福路101号", "签发机关重庆市公安局",
                         "有效期限2022年6月10日-2023年6月10日"}))
          .kind,
      PageKind::kResidencePermit);
  // A letter sharing a few words with the form (参保地, 就医地), its title
  // lost: no card, and no form either.
  EXPECT_EQ(ClassifyRows(Rows({"本人张三,公民身份号码" + id,
                               "参保地四川省德阳市,就医地海南省海口市",
                               "本人承诺所填信息真实,特此证明。"}))
                .kind,
            PageKind::kOther);
  // A copy of both sides with a note on it stays a card.
  EXPECT_EQ(
      ClassifyRows(
          Rows({"姓名张三", "公民身份号码" + id, "中华人民共和国", "居民身份证",
                "签发机关什邡市公安局", "有效期限2016.03.01-长期",
                "仅供办理异地就医备案使用 与原件一致"}))
          .kind,
      PageKind::kIdBoth);
}

// A letter's lines of running text are no card's, whatever labels and
// number it repeats; a proof's own words then name it even where a
// form's words outweigh them.
TEST(ClassifyRowsTest, LinesOfRunningTextAreNoCard) {
  const std::string id = Number("19850521");
  // A 承诺书 whose title was lost.
  EXPECT_EQ(
      ClassifyRows(
          Rows(
              {"本人张三（公民身份号码" + id + "），参保地四川省德阳市，",
               "因异地长期居住需在海南省海口市就医，申请办理跨省异地就医备案。",
               "本人承诺：上述情况属实，所提供材料真实有效，如有虚假愿承担责任"
               "。",
               "承诺人（签字）："}))
          .kind,
      PageKind::kCommitment);
  // Its 承诺 misread in the body and 如有虚假 lost: the form's words
  // (参保地, 就医, 备案) weigh more than 承诺人, but not a form's weight.
  EXPECT_EQ(
      ClassifyRows(
          Rows(
              {"本人张三（公民身份号码" + id + "），参保地四川省德阳市，",
               "因异地长期居住需在海南省海口市就医，申请办理跨省异地就医备案。",
               "本人承道：上述情况属实，所提供材料真实有效，备案期间如有变化及"
               "时办理。",
               "承诺人（签字）："}))
          .kind,
      PageKind::kCommitment);
  // A copy of a card's front with one line of a note across it stays a
  // front.
  EXPECT_EQ(
      ClassifyRows(Rows({"姓名张三", "性别男民族汉", "出生1985年5月21日",
                         "住址四川省成都市武侯区", "公民身份号码" + id,
                         "此复印件仅供办理跨省异地就医备案使用再复印无效"}))
          .kind,
      PageKind::kIdFront);
}

// A form whose title was not read, with lines of running text (its
// promise, a line of options): its labels 险种类型 and 备案开始日期 weigh
// with the others, as much as a form needs.
TEST(ClassifyRowsTest, AFormWithoutItsTitleIsNamedByItsLabels) {
  EXPECT_EQ(ClassifyRows(Rows({"姓名张三性别男", "手机号码13800000000",
                               "参保统筹区湖北省武汉市武昌区",
                               "险种类型职工医保", "备案开始日期2026-01-16",
                               "承诺:本人已知晓跨省异地就医相关政策，"
                               "所填信息真实准确。",
                               "口异地长期居住人员口常驻异地工作人员口异地"
                               "安置退休人员"}))
                .kind,
            PageKind::kForm);
}

// A number of the ID's shape whose check digit fails is some evidence, not
// enough alone; with the front's 姓名 and 性别 it makes a front.
TEST(ClassifyRowsTest, ANumberFailingItsCheckDigitIsWeakEvidence) {
  std::string id = Number("19800101");
  id[17] = id[17] == '1' ? '2' : '1';
  EXPECT_EQ(ClassifyRows(Rows({id})).kind, PageKind::kOther);
  EXPECT_EQ(ClassifyRows(Rows({"姓名张三", id})).kind, PageKind::kIdFront);
  EXPECT_EQ(ClassifyRows(Rows({"姓 名张三", "性 别男"})).kind,
            PageKind::kIdFront);
  EXPECT_EQ(ClassifyRows(Rows({"姓名张三"})).kind, PageKind::kOther);
}

// Too little to name a page, enough for a blurred card beside the other
// side: a date of birth's shape, a validity period.
TEST(FaintCardSideTest, ASignOfOneSide) {
  EXPECT_EQ(
      FaintCardSide(Rows({"内考。余答铺", "MeW女和汉", "册和1年12月14日"})),
      PageKind::kIdFront);
  EXPECT_EQ(FaintCardSide(Rows({"华共和", "有浆蝴昌2016.12.18-2036.12.18"})),
            PageKind::kIdBack);
  EXPECT_EQ(FaintCardSide(Rows({"招商银行", "6225 8801 2345 6789"})),
            PageKind::kOther);
}

TEST(PlausibleValidityTest, FiveTenOrTwentyYearsToTheDayOrLongTerm) {
  EXPECT_TRUE(PlausibleValidity("2016-03-01", "2036-03-01"));
  EXPECT_TRUE(PlausibleValidity("2016-03-01", "2026-03-01"));
  EXPECT_TRUE(PlausibleValidity("2016-03-01", "长期"));
  EXPECT_FALSE(PlausibleValidity("2016-03-01", "2036-03-02"));
  EXPECT_FALSE(PlausibleValidity("2016-03-01", "2031-03-01"));
}

TEST(ReadFrontByLabelsTest, ValuesFollowTheirLabels) {
  // The name's two readings again, then each address line's two (the first
  // of which agrees with the page's).
  BlindEngine engine(
      {"李小红", "李小红", "四川省德阳市什邡市", "", "团结路5号"});
  const GrayImage img(900, 600);
  const std::string id = Number("19800101", "124");
  FieldCollector out(0.6);
  ReadFrontByLabels(
      engine, img,
      Rows({"姓名李小红", "性别女民族蒙古", "出生1980年1月1日",
            "住址四川省德阳市什邡市", ">团结路5号", "公民身份号码" + id}),
      Knowledge{}, ReadHints{}, out);
  EXPECT_EQ(Value(out, "name"), "李小红");
  EXPECT_EQ(Value(out, "sex"), "女");
  EXPECT_EQ(Value(out, "ethnicity"), "蒙古");
  EXPECT_EQ(Value(out, "birth"), "1980-01-01");
  EXPECT_EQ(Value(out, "address"), "四川省德阳市什邡市团结路5号");
  EXPECT_EQ(Value(out, "id_number"), id);
}

// The page read lost the address's last line (a short line over the
// guilloche): the band below the lines read is read, and its line added.
TEST(ReadFrontByLabelsTest, AnAddressLineThePageLostIsReadBelow) {
  const std::string id = Number("19800101", "124");
  const std::vector<TextRow> rows =
      Rows({"姓名李小红", "性别女民族蒙古", "出生1980年1月1日",
            "住址四川省德阳市什邡市团结路5号", "", "公民身份号码" + id});
  // The name read twice, the address line twice; then the band below, and
  // its line read twice again.
  const std::string line = "四川省德阳市什邡市团结路5号";
  BlindEngine engine({"李小红", "李小红", line, line, "院2号楼4门342号",
                      "院2号楼4门342号", "院2号楼4门342号"});
  FieldCollector out(0.6);
  ReadFrontByLabels(engine, GrayImage(900, 600), rows, Knowledge{}, ReadHints{},
                    out);
  EXPECT_EQ(Value(out, "address"),
            "四川省德阳市什邡市团结路5号院2号楼4门342号");
  // Below it, a speck read as two characters is no line of the address.
  BlindEngine specks({"李小红", "李小红", line, line, "一人", "一人", "一人"});
  FieldCollector plain(0.6);
  ReadFrontByLabels(specks, GrayImage(900, 600), rows, Knowledge{}, ReadHints{},
                    plain);
  EXPECT_EQ(Value(plain, "address"), "四川省德阳市什邡市团结路5号");
}

// An address has no check digit: a line that no two readings give alike
// leaves the address missing, not guessed.
TEST(ReadFrontByLabelsTest, AnAddressLineNoTwoReadingsAgreeOnIsMissing) {
  // The page reads 8号; the line is read again twice (the name twice first).
  auto address = [](const std::string& again1, const std::string& again2) {
    BlindEngine engine({"李小红", "李小红", again1, again2});
    FieldCollector out(0.6);
    ReadFrontByLabels(engine, GrayImage(900, 600),
                      Rows({"姓名李小红", "住址四川省德阳市什邡市团结路8号"}),
                      Knowledge{}, ReadHints{}, out);
    return Value(out, "address");
  };
  EXPECT_EQ(
      address("四川省德阳市什邡市团结路5号", "四川省德阳市什邡市团结路6号"),
      "(missing)");
  EXPECT_EQ(
      address("四川省德阳市什邡市团结路5号", "四川省德阳市什邡市团结路5号"),
      "四川省德阳市什邡市团结路5号");
}

TEST(ReadFrontByLabelsTest, ANumberFailingItsCheckIsMissingNotGuessed) {
  BlindEngine engine;
  std::string id = Number("19800101");
  id[17] = id[17] == '1' ? '2' : '1';
  FieldCollector out(0.6);
  ReadFrontByLabels(engine, GrayImage(900, 600),
                    Rows({"姓名李四", "出生1980年1月1日", "公民身份号码" + id}),
                    Knowledge{}, ReadHints{}, out);
  EXPECT_EQ(Value(out, "id_number"), "(missing)");
  EXPECT_GT(engine.calls, 0);  // it tried to read the number again
}

TEST(ReadFrontByLabelsTest,
     ABirthLineMissingDigitsTakesTheNumbersAgreeingDate) {
  BlindEngine engine;
  const std::string id = Number("19600207");
  FieldCollector out(0.6);
  ReadFrontByLabels(engine, GrayImage(900, 600),
                    Rows({"出生196年2月7日", "公民身份号码" + id}), Knowledge{},
                    ReadHints{}, out);
  EXPECT_EQ(Value(out, "birth"), "1960-02-07");
  // A line that disagrees with the number (another day) gives nothing.
  FieldCollector other(0.6);
  ReadFrontByLabels(engine, GrayImage(900, 600),
                    Rows({"出生196年2月8日", "公民身份号码" + id}), Knowledge{},
                    ReadHints{}, other);
  EXPECT_EQ(Value(other, "birth"), "(missing)");
}

// Names have no check digit: one reading is not enough, two that agree
// are, and two that disagree give nothing (or the subject's claim, when
// one of them is it).
TEST(ReadFrontByLabelsTest, ANameNeedsTwoReadingsThatAgree) {
  const std::vector<std::string> rows = {"姓名李小红", "性别女"};
  auto name = [&](std::vector<std::string> again, const std::string& claim) {
    BlindEngine engine(std::move(again));
    FieldCollector out(0.6);
    ReadFrontByLabels(engine, GrayImage(900, 600), Rows(rows), Knowledge{},
                      ReadHints{claim, ""}, out);
    return Value(out, "name");
  };
  EXPECT_EQ(name({}, ""), "(missing)");
  EXPECT_EQ(name({"李小红"}, ""), "李小红");
  EXPECT_EQ(name({"", "李小红"}, ""), "李小红");
  EXPECT_EQ(name({"李小虹", "李晓红"}, ""), "(missing)");
  EXPECT_EQ(name({"李小虹"}, "李小红"), "李小红");
}

// An engine that also has the larger Chinese model (its reading is the
// script's third entry: page, re-read, re-read, larger model).
class TwoModelEngine : public BlindEngine {
 public:
  using BlindEngine::BlindEngine;
  bool Knows(const std::string&) const override { return true; }
};

// Names have no check digit: readings that agree are their check, and the
// larger model, which misreads less, decides when they do not.
TEST(ReadFrontByLabelsTest, TheLargerModelDecidesBetweenReadingsOrVetoes) {
  auto name = [](const std::string& page, std::vector<std::string> again) {
    TwoModelEngine engine(std::move(again));
    FieldCollector out(0.6);
    ReadFrontByLabels(engine, GrayImage(900, 600),
                      Rows({"姓名" + page, "性别女"}), Knowledge{}, ReadHints{},
                      out);
    return Value(out, "name");
  };
  // Three readings differ; the larger model agrees with one of them.
  EXPECT_EQ(name("董急兰", {"董霞兰", "董起兰", "董霞兰"}), "董霞兰");
  // Two agree, the larger model reads another name: none is kept.
  EXPECT_EQ(name("王静起", {"王静起", "王静起", "王静霞"}), "(missing)");
  // Two agree and the larger model too.
  EXPECT_EQ(name("王静霞", {"王静霞", "王静起", "王静霞"}), "王静霞");
  // The larger model reads its name alike at two sizes, the fast readings
  // one character from it: the fast model's misread is outvoted.
  EXPECT_EQ(name("王静起", {"王静起", "王静起", "王静霞", "王静霞"}), "王静霞");
  // ... but not when its two sizes differ, nor when the fast readings are
  // further from it.
  EXPECT_EQ(name("王静起", {"王静起", "王静起", "王静霞", "王静露"}),
            "(missing)");
  EXPECT_EQ(name("王明起", {"王明起", "王静起", "王静霞", "王静霞"}),
            "(missing)");
}

TEST(ReadBackByLabelsTest, ValidityMustBeARealPeriod) {
  BlindEngine engine;
  FieldCollector out(0.6);
  ReadBackByLabels(
      engine, GrayImage(900, 600),
      Rows({"签发机关什邡市公安局", "有效期限2016.03.01-2036.03.01"}),
      Knowledge{}, ReadHints{}, out);
  EXPECT_EQ(Value(out, "authority"), "什邡市公安局");
  EXPECT_EQ(Value(out, "valid_from"), "2016-03-01");
  EXPECT_EQ(Value(out, "valid_to"), "2036-03-01");
  FieldCollector bad(0.6);
  ReadBackByLabels(engine, GrayImage(900, 600),
                   Rows({"有效期限2016.03.01-2031.03.01"}), Knowledge{},
                   ReadHints{}, bad);
  EXPECT_EQ(Value(bad, "valid_to"), "(missing)");
}

// A phone number has no check digit: two readings must give it alike, and
// a labelled number that they do not is missing (not taken as the page's
// one mobile number either).
TEST(ReadFormByLabelsTest, APhoneNeedsTwoReadingsThatAgree) {
  const std::vector<TextRow> rows =
      Rows({"跨省异地就医登记备案表", "联系电话13900001234"});
  BlindEngine differing({"13900001284", "13900007234"});
  FieldCollector out(0.6);
  ReadFormByLabels(differing, GrayImage(1200, 1600), rows, Knowledge{},
                   ReadHints{}, out);
  EXPECT_EQ(Value(out, "phone"), "(missing)");
  BlindEngine agreeing({"13900007234", "13900001234"});
  FieldCollector again(0.6);
  ReadFormByLabels(agreeing, GrayImage(1200, 1600), rows, Knowledge{},
                   ReadHints{}, again);
  EXPECT_EQ(Value(again, "phone"), "13900001234");
}

TEST(ReadFormByLabelsTest, TwoPairsPerRowAndOtherWordings) {
  const std::string phone = "13900001234";  // read again (after the name)
  BlindEngine engine({"王小明", "王小明", phone, phone, phone});
  const std::string id = Number("19751231", "455");  // 5: odd, a man
  Knowledge known;
  known.places = {"四川省德阳市什邡市", "广东省深圳市"};
  FieldCollector out(0.6);
  ReadFormByLabels(
      engine, GrayImage(1200, 1600),
      Rows({"四川省跨省异地就医登记备案表", "参保人姓名王小明性别男",
            "公民身份号码" + id + "手机号码13900001234",
            "参保统筹区四川省德阳市什邡市拟就医地广东省深圳市",
            "备案开始日期2026年3月1日结束日期2026年9月1日",
            "申请日期2026年2月20日"}),
      known, ReadHints{}, out);
  EXPECT_EQ(Value(out, "name"), "王小明");
  EXPECT_EQ(Value(out, "sex"), "男");
  EXPECT_EQ(Value(out, "id_number"), id);
  EXPECT_EQ(Value(out, "phone"), "13900001234");
  EXPECT_EQ(Value(out, "insured_place"), "四川省德阳市什邡市");
  EXPECT_EQ(Value(out, "treatment_place"), "广东省深圳市");
  EXPECT_EQ(Value(out, "start_date"), "2026-03-01");
  // 结束日期 is no 申请日期.
  EXPECT_EQ(Value(out, "apply_date"), "2026-02-20");
}

// 参保统筹区 above the table names the city, 参保地 in it the district: the
// district is kept. A later label naming another place replaces nothing.
TEST(ReadFormByLabelsTest, APlaceLabelledTwiceKeepsThePlaceInsideTheOther) {
  Knowledge known;
  known.places = {"北京市", "北京市东城区", "上海市"};
  auto insured = [&](const std::string& table_value) {
    BlindEngine engine;
    FieldCollector out(0.6);
    ReadFormByLabels(engine, GrayImage(1200, 1600),
                     Rows({"跨省异地就医备案登记表", "参保统筹区北京市",
                           "参保地" + table_value}),
                     known, ReadHints{}, out);
    return Value(out, "insured_place");
  };
  EXPECT_EQ(insured("北京市东城区"), "北京市东城区");
  EXPECT_EQ(insured("上海市"), "北京市");
}

// A row of handwriting the page read lost between two rows it read: the
// band of ink is read again and becomes a row, in its place. A ruling
// left over (three pixels high) is no row, and is not read.
TEST(RecoverLostRowsTest, ABandOfInkBetweenRowsIsReadAgain) {
  GrayImage img(800, 300);
  for (int y = 85; y < 115; ++y)
    for (int x = 20; x < 300; x += 2) img.at(x, y) = 0;  // the lost row
  for (int y = 200; y < 203; ++y)
    for (int x = 20; x < 700; ++x) img.at(x, y) = 0;  // a short ruling
  std::vector<TextRow> rows =
      Rows({"跨省异地就医备案登记表", "", "联系电话13900001234"});
  ASSERT_EQ(rows.size(), 2u);
  BlindEngine engine({"姓名王小明", "不该读到"});
  RecoverLostRows(engine, img, rows);
  EXPECT_EQ(engine.calls, 1);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(RowText(rows[1]), "姓名王小明");
  EXPECT_EQ(FindLabel(rows, "姓名")->row, 1);
}

// An option circled by hand, lost from the end of its row: the inked band
// after the row is read again and its words put after the row's. A row
// with blank paper after it is not read again.
TEST(RecoverRowEndsTest, InkAfterARowIsReadAgain) {
  GrayImage img(900, 300);
  for (int y = 80; y < 110; ++y)
    for (int x = 400; x < 700; x += 2) img.at(x, y) = 0;  // after row 2
  std::vector<TextRow> rows =
      Rows({"备案类型口异地长期居住人员口常驻异地工作人员",
            "口异地安置退休人员", "口异地转诊人员口异地急诊抢救人员"});
  BlindEngine engine({"口其他临时外出就医人员", "不该读到"});
  RecoverRowEnds(engine, img, rows);
  EXPECT_EQ(engine.calls, 1);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(RowText(rows[1]), "口异地安置退休人员口其他临时外出就医人员");
  EXPECT_EQ(RowText(rows[2]), "口异地转诊人员口异地急诊抢救人员");
}

// A form that prints both insurances, one of them misread (职工医保国庆保
// of □职工医保 ■居民医保): the one read whole is no answer.
TEST(ReadFormByLabelsTest, AnInsuranceReadBesideAMisreadOptionIsNoAnswer) {
  auto insurance = [](const std::string& cell) {
    BlindEngine engine;
    FieldCollector out(0.6);
    ReadFormByLabels(engine, GrayImage(1200, 1600),
                     Rows({"跨省异地就医备案登记表", "险种类型" + cell}),
                     Knowledge{}, ReadHints{}, out);
    return Value(out, "insurance_type");
  };
  EXPECT_EQ(insurance("职工医保"), "职工医保");
  EXPECT_EQ(insurance("职工医保国庆保"), "(missing)");
}

// A contact address whose end was lost with its second line (福建省厦门市中
// of …中山路119号1020室) is missing, though every reading agrees.
TEST(ReadFormByLabelsTest, AContactAddressCutShortIsMissing) {
  auto contact = [](const std::string& address) {
    BlindEngine engine({address, address});
    FieldCollector out(0.6);
    ReadFormByLabels(engine, GrayImage(1200, 1600),
                     Rows({"跨省异地就医备案登记表", "联系地址" + address}),
                     Knowledge{}, ReadHints{}, out);
    return Value(out, "contact_address");
  };
  EXPECT_EQ(contact("福建省厦门市中山路119号1020室"),
            "福建省厦门市中山路119号1020室");
  EXPECT_EQ(contact("福建省厦门市中"), "(missing)");
}

// A photocopy that lost the light blue labels: the front's fixed order
// puts them back, and the fields are read as if they had been printed.
TEST(ReadFrontByLabelsTest, LabelsLostOnACopyArePutBackByTheFrontsOrder) {
  const std::string id = Number("19841017", "891");
  const std::vector<TextRow> rows =
      RestoreFrontLabels(Rows({"男民族汉", "1984年10月17日", "住站四川省康定市",
                               "光明镇太平村4组81号", "公民身份号码" + id}));
  EXPECT_TRUE(FindLabel(rows, "性别").has_value());
  EXPECT_TRUE(FindLabel(rows, "出生").has_value());
  EXPECT_EQ(FindLabel(rows, "住址")->row, 2);         // 住站 was the label
  EXPECT_FALSE(FindLabel(rows, "姓名").has_value());  // no line for it
  // Every reading again gives the address line (the name's band above 性别
  // is read too, and gives no name).
  const std::string line = "四川省康定市光明镇";
  BlindEngine engine({line, line, line, line, line});
  FieldCollector out(0.6);
  ReadFrontByLabels(engine, GrayImage(856, 540),
                    Rows({"男民族汉", "1984年10月17日", "四川省康定市光明镇",
                          "公民身份号码" + id}),
                    Knowledge{}, ReadHints{}, out);
  EXPECT_EQ(Value(out, "sex"), "男");
  EXPECT_EQ(Value(out, "birth"), "1984-10-17");
  EXPECT_EQ(Value(out, "address"), "四川省康定市光明镇");
  EXPECT_EQ(Value(out, "id_number"), id);
}

// Letter-spaced labels (姓 名, 性 别, 住 址) in a thin face: the first
// character of each lost, the second read at its row's start. That second
// character is the label's, not the value's first.
TEST(ReadFrontByLabelsTest, AHalfReadSpacedLabelIsNoPartOfTheValue) {
  const std::string id = Number("19561014", "382");
  const std::vector<TextRow> rows = RestoreFrontLabels(
      Rows({"名贾磊", "别女民族藏", "1956年10月14日", "址四川省蒲江县石桥镇",
            "北山村6组15号", "公民身份号码" + id}));
  ASSERT_TRUE(FindLabel(rows, "住址").has_value());
  EXPECT_EQ(CharsAfter(rows[3], *FindLabel(rows, "住址")).text,
            "四川省蒲江县石桥镇");
  ASSERT_TRUE(FindLabel(rows, "性别").has_value());
  EXPECT_EQ(CharsAfter(rows[1], *FindLabel(rows, "性别")).text, "女民族藏");
  ASSERT_TRUE(FindLabel(rows, "姓名").has_value());
  EXPECT_EQ(CharsAfter(rows[0], *FindLabel(rows, "姓名")).text, "贾磊");
}

// The 性别 line read from 民族 on (its label and value lost): its label is
// put back left of the column where the 出生 value starts, so that the value
// is looked for from that column to 民族, not over 民族.
TEST(ReadFrontByLabelsTest, ALostSexLabelGoesToTheLabelsColumn) {
  const std::string id = Number("19841017", "891");
  const std::vector<TextRow> rows =
      RestoreFrontLabels(Rows({"姓名丁波超", ">>>民族汉", "出生1984年10月17日",
                               "住址四川省康定市光明镇", "公民身份号码" + id}));
  const std::optional<LabelHit> sex = FindLabel(rows, "性别");
  ASSERT_TRUE(sex.has_value());
  EXPECT_EQ(sex->row, 1);
  EXPECT_LT(Right(rows[1].chars[sex->end - 1].box), 20 + 2 * 34);
  EXPECT_EQ(CharsAfter(rows[1], *sex).text, "民族汉");
}

// Answers only the 出生 line read again (digits and 年月日): with `date`.
class BirthLineEngine : public OcrEngine {
 public:
  explicit BirthLineEngine(std::string date) : date_(std::move(date)) {}
  StatusOr<OcrResult> Recognize(const GrayImage&,
                                const OcrRequest& req) override {
    OcrResult r;
    if (req.whitelist != "0123456789年月日") return r;
    int x = 2;
    for (char32_t cp : DecodeUtf8(date_)) {
      OcrChar c;
      AppendUtf8(cp, c.text);
      c.confidence = 0.95;
      c.box = {x, 2, 30, 30};
      x += 34;
      r.chars.push_back(c);
      r.text += c.text;
    }
    r.confidence = 0.95;
    return r;
  }

 private:
  std::string date_;
};

// The fields of a man's card front whose 出生 line the page read as
// `on_page` and the line read again as `again`, with the number `id`.
FieldCollector FrontWithBirthLine(const std::string& on_page,
                                  const std::string& again,
                                  const std::string& id) {
  const std::vector<TextRow> rows =
      Rows({"姓名黄波国", "性别男民族汉", "出生" + on_page,
            "住址天津市红桥区滨江路138号", "公民身份号码" + id});
  BirthLineEngine engine(again);
  FieldCollector out(0.6);
  ReadFrontByLabels(engine, GrayImage(856, 540), rows, Knowledge{}, ReadHints{},
                    out);
  return out;
}

// The page read 出生 196年11月5日 (a digit lost), the line read again
// 1964年1月5日: the two readings differ, so the line does not overrule a
// number that passes its check digit and agrees with the first.
TEST(ReadFrontByLabelsTest, ABirthLineReadTwoWaysDoesNotOverruleTheNumber) {
  const std::string id = Number("19641105", "841");
  const FieldCollector out =
      FrontWithBirthLine("196年11月5日", "1964年1月5日", id);
  EXPECT_EQ(Value(out, "id_number"), id);
  EXPECT_EQ(Value(out, "birth"), "1964-11-05");
}

// 1982 read for 1992 on the 出生 line: the number, read as it is and
// passing its check, stands; the line one digit away from it is not kept.
TEST(ReadFrontByLabelsTest, ABirthLineOneDigitOffTheNumberIsTheMisread) {
  const std::string id = Number("19920208", "241");
  const FieldCollector out =
      FrontWithBirthLine("1982年2月8日", "1982年2月8日", id);
  EXPECT_EQ(Value(out, "id_number"), id);
  EXPECT_EQ(Value(out, "birth"), "(missing)");
}

// No number was read to check the 出生 line, and the line is not whole
// (月 read as 及, 日 lost): it is left out, not guessed.
TEST(ReadFrontByLabelsTest, ABirthLineNotWholeWithoutANumberIsLeftOut) {
  BirthLineEngine engine("1957年10及5");
  FieldCollector out(0.6);
  ReadFrontByLabels(engine, GrayImage(856, 540),
                    Rows({"姓名黄波国", "性别男民族汉", "出生1957年10及5"}),
                    Knowledge{}, ReadHints{}, out);
  EXPECT_EQ(Value(out, "birth"), "(missing)");
  BirthLineEngine whole("1957年10月5日");
  FieldCollector read(0.6);
  ReadFrontByLabels(whole, GrayImage(856, 540),
                    Rows({"姓名黄波国", "性别男民族汉", "出生1957年10月5日"}),
                    Knowledge{}, ReadHints{}, read);
  EXPECT_EQ(Value(read, "birth"), "1957-10-05");
}

// Neither the name nor its label was read: the band above 性别 is read
// again, and the name taken when the readings agree.
TEST(ReadFrontByLabelsTest, ANameLineNotReadIsReadAgainAboveTheSexLine) {
  const std::string id = Number("19841017", "891");
  BlindEngine engine({"丁波超", "丁波超", "丁波超"});
  FieldCollector out(0.6);
  std::vector<TextRow> rows =
      Rows({"", "", "性别男民族汉", "出生1984年10月17日",
            "住址四川省康定市光明镇", "公民身份号码" + id});
  ReadFrontByLabels(engine, GrayImage(856, 540), rows, Knowledge{}, ReadHints{},
                    out);
  EXPECT_EQ(Value(out, "name"), "丁波超");
  EXPECT_EQ(Value(out, "sex"), "男");
}

TEST(ReadFormByLabelsTest, ASexTheNumberContradictsIsNotKept) {
  BlindEngine engine;
  const std::string id = Number("19751231", "456");  // 6: even, a woman
  FieldCollector out(0.6);
  ReadFormByLabels(
      engine, GrayImage(1200, 1600),
      Rows({"跨省异地就医登记备案表", "性别男", "公民身份号码" + id}),
      Knowledge{}, ReadHints{}, out);
  EXPECT_EQ(Value(out, "id_number"), id);
  EXPECT_EQ(Value(out, "sex"), "(missing)");
}

TEST(ReadFormByLabelsTest, APlaceCutShortIsNotTaken) {
  BlindEngine engine;
  Knowledge known;
  known.places = {"四川省德阳市", "四川省德阳市什邡市"};
  FieldCollector out(0.6);
  // The known prefix 四川省德阳市 is followed by more place characters
  // (什邡市 badly misread), so it may be cut short: missing, not a
  // shorter place.
  ReadFormByLabels(engine, GrayImage(1200, 1600),
                   Rows({"跨省异地就医登记备案表", "参保地四川省德阳市什么镇"}),
                   known, ReadHints{}, out);
  EXPECT_EQ(Value(out, "insured_place"), "(missing)");
}

// One character past a known province (西藏自治区那: 那曲市 half read) is
// one edit from the province, but the reading runs on past it: missing,
// not the province.
TEST(ReadFormByLabelsTest, APlaceReadPastIsNotSnappedBack) {
  BlindEngine engine;
  Knowledge known;
  known.places = {"西藏自治区", "西藏自治区那曲市"};
  FieldCollector out(0.6);
  ReadFormByLabels(engine, GrayImage(1200, 1600),
                   Rows({"跨省异地就医登记备案表", "就医地西藏自治区那"}),
                   known, ReadHints{}, out);
  EXPECT_EQ(Value(out, "treatment_place"), "(missing)");
}

TEST(ReadFormByLabelsTest, AWrittenFilingTypeIsRead) {
  BlindEngine engine;
  FieldCollector out(0.6);
  ReadFormByLabels(engine, GrayImage(1200, 1600),
                   Rows({"跨省异地就医登记备案表", "备案类型异地长期居住人员"}),
                   Knowledge{}, ReadHints{}, out);
  EXPECT_EQ(Value(out, "filing_type"), "异地长期居住人员");
}

// A page drawn for Rows(): a check box where row `row` has character
// `index` (ticked: filled), and a table's ruling line left of the rows.
void DrawBox(GrayImage& img, int row, int index, bool ticked) {
  const int x0 = 20 + 34 * index, y0 = 20 + 60 * row;
  for (int y = y0; y < y0 + 28; ++y) {
    for (int x = x0; x < x0 + 28; ++x) {
      const bool edge =
          x < x0 + 2 || x >= x0 + 26 || y < y0 + 2 || y >= y0 + 26;
      if (edge || (ticked && std::abs((x - x0) - (y - y0)) < 3))
        img.at(x, y) = 0;
    }
  }
}

// The 备案类型 a form of `rows` over `img` gives, read by its labels.
std::string FilingType(const GrayImage& img, const std::vector<TextRow>& rows) {
  BlindEngine engine;
  FieldCollector out(0.6);
  ReadFormByLabels(engine, img, rows, Knowledge{}, ReadHints{}, out);
  return Value(out, "filing_type");
}

// The option whose box holds the tick: not a heading printed beside the
// table's border (the border is no box), not an empty box.
TEST(ReadFormByLabelsTest, TheTickedBoxNotTheTableBorder) {
  GrayImage img(1200, 1600);
  for (int y = 70; y < 270; ++y) {
    for (int x = 4; x < 12; ++x) img.at(x, y) = 0;  // the cell's border
  }
  DrawBox(img, 2, 0, false), DrawBox(img, 2, 9, false);
  DrawBox(img, 3, 0, false), DrawBox(img, 3, 7, true);
  EXPECT_EQ(FilingType(img, Rows({"跨省异地就医登记备案表", "异地长期居住人员",
                                  "口异地安置退休人员口异地长期居住人员",
                                  "口异地转诊人员口其他临时外出就医人员"})),
            "其他临时外出就医人员");
}

// Boxes printed after the options (异地长期居住人员□): the tick is in the
// box after its option, not in the box before the next one.
TEST(ReadFormByLabelsTest, ATickedBoxAfterItsOption) {
  GrayImage img(1200, 1600);
  DrawBox(img, 2, 8, false), DrawBox(img, 2, 17, true);
  DrawBox(img, 3, 6, false), DrawBox(img, 3, 17, false);
  EXPECT_EQ(FilingType(img, Rows({"跨省异地就医登记备案表", "备案类型",
                                  "异地安置退休人员口异地长期居住人员口",
                                  "异地转诊人员口其他临时外出就医人员口"})),
            "异地长期居住人员");
}

// OCR lost a character of some options (异地安退休人员, 异转诊人员): they
// are still found, and the ticked one of them is the answer.
TEST(ReadFormByLabelsTest, AnOptionReadWithACharacterLostIsStillFound) {
  EXPECT_EQ(FilingType(GrayImage(1200, 1600),
                       Rows({"跨省异地就医登记备案表", "备案类型",
                             "口异地长期居住人员口常驻异地工作人员",
                             "√异地安退休人员口异转诊人员"})),
            "异地安置退休人员");
}

// A form that prints the options in the national rule's wording
// (异地转诊就医人员): the ticked one is still found and named as ours.
TEST(ReadFormByLabelsTest, OptionsInTheNationalRulesWordingAreFound) {
  GrayImage img(1200, 1600);
  DrawBox(img, 2, 0, false), DrawBox(img, 2, 9, false);
  DrawBox(img, 3, 0, true), DrawBox(img, 3, 9, false);
  EXPECT_EQ(
      FilingType(img, Rows({"跨省异地就医登记备案表", "备案类型",
                            "口异地长期居住人员口常驻异地工作人员",
                            "口异地转诊就医人员口其他跨省临时外出就医人员"})),
      "异地转诊人员");
}

// A ticked box glyph (☑) read as a character (回) before its option: the
// option's words start past the box, which is found only as the box after
// the option before it. It is the ticked option's box all the same.
TEST(ReadFormByLabelsTest, ABoxFoundFromTheOptionBeforeIt) {
  GrayImage img(1200, 1600);
  DrawBox(img, 2, 0, false), DrawBox(img, 2, 9, true);
  DrawBox(img, 2, 19, false);
  DrawBox(img, 3, 0, false), DrawBox(img, 3, 7, false);
  EXPECT_EQ(
      FilingType(
          img, Rows({"跨省异地就医登记备案表", "备案类型",
                     "口异地长期居住人员口回常驻异地工作人员口异地安置退休人员",
                     "口异地转诊人员口其他临时外出就医人员"})),
      "常驻异地工作人员");
}

// A circle round an option whose arc crosses the band above the option
// below it: the circled one runs both above and below its words, the one
// below has ink above it only.
TEST(ReadFormByLabelsTest, ACircleRoundTheOptionAboveIsNotThisOnes) {
  GrayImage img(1200, 1600);
  for (int i : {0, 9, 19}) DrawBox(img, 2, i, false);
  for (int i : {0, 7, 16}) DrawBox(img, 3, i, false);
  const int x0 = 20 + 34 * 1 - 12, x1 = 20 + 34 * 9;  // round 异地长期居住人员
  for (int t = 0; t < 3; ++t) {
    for (int x = x0; x < x1; ++x) img.at(x, 126 + t) = img.at(x, 186 + t) = 0;
    for (int y = 126; y < 189; ++y) img.at(x0 + t, y) = img.at(x1 + t, y) = 0;
  }
  EXPECT_EQ(
      FilingType(
          img,
          Rows({"跨省异地就医登记备案表", "备案类型",
                "口异地长期居住人员口常驻异地工作人员口异地安置退休人员",
                "口异地转诊人员口异地急诊抢救人员口其他临时外出就医人员"})),
      "异地长期居住人员");
}

// A circle round an option that hid its words from OCR (read as 上上上):
// every other option is found with an empty box, and the one stretch of
// the lines that could hold the lost option is circled — it is the answer.
// The same page without the circle has no answer: an option OCR lost
// without a mark is no choice.
TEST(ReadFormByLabelsTest, AnOptionItsCircleHidFromOcrIsTheChosenOne) {
  const std::vector<TextRow> rows =
      Rows({"跨省异地就医登记备案表", "备案类型",
            "口异地长期居住人员口常驻异地工作人员口异地安置退休人员",
            "口上上上上上上口异地急诊抢救人员口其他临时外出就医人员"});
  GrayImage img(1200, 1600);
  for (int i : {0, 9, 18}) DrawBox(img, 2, i, false);
  for (int i : {0, 7, 16}) DrawBox(img, 3, i, false);
  EXPECT_EQ(FilingType(img, rows), "(missing)");
  const int x0 = 20 + 34 * 1 - 40, x1 = 20 + 34 * 7 - 6;  // round 上上上…
  for (int t = 0; t < 3; ++t) {
    for (int x = x0; x < x1; ++x) img.at(x, 186 + t) = img.at(x, 246 + t) = 0;
    for (int y = 186; y < 249; ++y) img.at(x0 + t, y) = img.at(x1 + t, y) = 0;
  }
  EXPECT_EQ(FilingType(img, rows), "异地转诊人员");
}

// Two boxes inked alike (a blurred page, a changed mind): no answer, and
// no circle is looked for instead.
TEST(ReadFormByLabelsTest, TwoInkedBoxesAreNoAnswer) {
  GrayImage img(1200, 1600);
  DrawBox(img, 2, 0, true), DrawBox(img, 2, 9, true);
  DrawBox(img, 3, 0, false), DrawBox(img, 3, 7, false);
  EXPECT_EQ(FilingType(img, Rows({"跨省异地就医登记备案表", "备案类型",
                                  "口异地长期居住人员口常驻异地工作人员",
                                  "口异地转诊人员口其他临时外出就医人员"})),
            "(missing)");
}

// No boxes: the chosen insurance circled by hand.
TEST(ReadFormByLabelsTest, ACircledOptionIsTheChosenOne) {
  const std::vector<TextRow> rows =
      Rows({"跨省异地就医登记备案表", "参保险种职工医保   居民医保"});
  GrayImage img(1200, 1600);
  const int x0 = 20 + 34 * 11 - 10, x1 = 20 + 34 * 15 + 10;  // 居民医保
  for (int t = 0; t < 3; ++t) {  // a pen's stroke, 3 px
    for (int x = x0; x < x1; ++x) img.at(x, 72 + t) = img.at(x, 116 + t) = 0;
    for (int y = 72; y < 119; ++y) img.at(x0 + t, y) = img.at(x1 + t, y) = 0;
  }
  BlindEngine engine;
  FieldCollector out(0.6);
  ReadFormByLabels(engine, img, rows, Knowledge{}, ReadHints{}, out);
  EXPECT_EQ(Value(out, "insurance_type"), "居民医保");
}

// 申请人签字 below a printed promise: the promise's print is no signature;
// ink in the blank is.
TEST(ReadFormByLabelsTest, APrintedPromiseIsNoSignature) {
  const std::vector<TextRow> rows =
      Rows({"跨省异地就医登记备案表", "本人承诺以上信息真实有效。",
            "申请人签字日期2026年1月3日"});
  GrayImage img(1200, 1600);
  for (const OcrChar& c : rows[1].chars) {  // the promise, printed
    for (int y = c.box.y; y < Bottom(c.box); ++y)
      for (int x = c.box.x; x < Right(c.box); x += 2) img.at(x, y) = 0;
  }
  auto signature = [&](const GrayImage& page) {
    BlindEngine engine;
    FieldCollector out(0.6);
    ReadFormByLabels(engine, page, rows, Knowledge{}, ReadHints{}, out);
    return Value(out, "signature");
  };
  EXPECT_EQ(signature(img), "empty");
  for (int y = 150; y < 170; ++y)  // a name signed in the blank
    for (int x = 250; x < 340; ++x) img.at(x, y) = 20;
  EXPECT_EQ(signature(img), "inked");
}

// 居民身份证 (the ID type printed on most forms) names no insurance: the
// insurance written in a cell whose label was not read is still found.
TEST(ReadFormByLabelsTest, AnIdTypeIsNoInsurance) {
  BlindEngine engine;
  FieldCollector out(0.6);
  ReadFormByLabels(engine, GrayImage(1200, 1600),
                   Rows({"跨省异地就医登记备案表", "证件类型居民身份证",
                         "参保地四川省德阳市什邡市", "职工基本医疗保险"}),
                   Knowledge{}, ReadHints{}, out);
  EXPECT_EQ(Value(out, "insurance_type"), "职工医保");
  FieldCollector alone(0.6);
  ReadFormByLabels(engine, GrayImage(1200, 1600),
                   Rows({"跨省异地就医登记备案表", "证件类型居民身份证"}),
                   Knowledge{}, ReadHints{}, alone);
  EXPECT_EQ(Value(alone, "insurance_type"), "(missing)");
}

// 参保险种 with one insurance read far right of its label: written alone in
// the cell it is the answer; with words between them that OCR lost (the
// other option, circled by hand) it may be just one of two printed options.
TEST(ReadFormByLabelsTest, AnOptionReadAfterUnreadInkIsNoAnswer) {
  std::vector<TextRow> rows =
      Rows({"跨省异地就医登记备案表", "参保险种居民医保"});
  for (size_t i = 4; i < rows[1].chars.size(); ++i)
    rows[1].chars[i].box.x += 300;
  rows[1].box.w += 300;
  auto insurance = [&](const GrayImage& img) {
    BlindEngine engine;
    FieldCollector out(0.6);
    ReadFormByLabels(engine, img, rows, Knowledge{}, ReadHints{}, out);
    return Value(out, "insurance_type");
  };
  GrayImage img(1200, 1600);
  EXPECT_EQ(insurance(img), "居民医保");
  for (int y = 84; y < 106; ++y)  // 职工医保 and a circle, not read
    for (int x = 200; x < 330; x += 3) img.at(x, y) = 0;
  EXPECT_EQ(insurance(img), "(missing)");
}

}  // namespace
}  // namespace beian::ocr
