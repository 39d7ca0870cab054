// Rows and labels from a page read as a whole: the content path's view of
// a page, built here from hand-made characters with boxes.
#include "ocr/text_rows.h"

#include <gtest/gtest.h>

#include "beian/base/text.h"

namespace beian::ocr {
namespace {

// One engine line of characters starting at (x, y), each `size` square,
// `gap` apart.
void AddLine(OcrResult& r, int line, const std::string& text, int x, int y,
             int size = 30, int gap = 4) {
  for (char32_t cp : DecodeUtf8(text)) {
    OcrChar c;
    AppendUtf8(cp, c.text);
    c.confidence = 0.9;
    c.line = line;
    c.box = {x, y, size, size};
    r.chars.push_back(c);
    r.text += c.text;
    x += size + gap;
  }
}

TEST(GroupRowsTest, LabelAndValueReadAsTwoLinesAreOneRow) {
  OcrResult page;
  AddLine(page, 0, "姓名", 50, 100);
  AddLine(page, 1, "张三", 300, 104, 40);  // larger value font, lower
  AddLine(page, 2, "性别", 50, 180);
  const std::vector<TextRow> rows = GroupRows(page);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(RowText(rows[0]), "姓名张三");
  EXPECT_EQ(RowText(rows[1]), "性别");
}

TEST(GroupRowsTest, APortraitReadAsOneTallSymbolJoinsNothing) {
  OcrResult page;
  AddLine(page, 0, "姓名张三", 50, 100);
  AddLine(page, 1, "性别男", 50, 180);
  AddLine(page, 2, "口", 600, 60, 300);  // the photo: ten lines tall
  const std::vector<TextRow> rows = GroupRows(page);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(RowText(rows[0]), "姓名张三");
  EXPECT_EQ(RowText(rows[1]), "性别男");
}

TEST(GroupRowsTest, RowsAreTopToBottomAndCharactersLeftToRight) {
  OcrResult page;
  AddLine(page, 0, "号码", 400, 300);
  AddLine(page, 1, "公民身份", 50, 300);
  AddLine(page, 2, "住址", 50, 200);
  const std::vector<TextRow> rows = GroupRows(page);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(RowText(rows[0]), "住址");
  EXPECT_EQ(RowText(rows[1]), "公民身份号码");
}

TEST(FindLabelTest, LetterSpacedLabelsMatchAsCharacters) {
  OcrResult page;
  AddLine(page, 0, "姓", 50, 100);
  AddLine(page, 0, "名", 150, 100);  // printed "姓  名"
  AddLine(page, 0, "李四", 300, 100);
  const std::vector<TextRow> rows = GroupRows(page);
  const std::optional<LabelHit> hit = FindLabel(rows, "姓名");
  ASSERT_TRUE(hit);
  EXPECT_EQ(CharsAfter(rows[hit->row], *hit).text, "李四");
}

TEST(FindLabelTest, AnAlternativeCharacterMatches) {
  OcrResult page;
  AddLine(page, 0, "性另男", 50, 100);
  page.chars[1].alternatives = {{"别", 0.3}};
  const std::vector<TextRow> rows = GroupRows(page);
  ASSERT_TRUE(FindLabel(rows, "性别"));
  page.chars[1].alternatives.clear();
  EXPECT_FALSE(FindLabel(GroupRows(page), "性别"));
}

TEST(FindLabelTest, LongLabelsTolerateOneMisreadOrLostCharacter) {
  OcrResult page;
  AddLine(page, 0, "公民身价号码1", 50, 100);  // 份 misread
  AddLine(page, 1, "保人姓名王五", 50, 200);   // 参 lost
  const std::vector<TextRow> rows = GroupRows(page);
  std::optional<LabelHit> id = FindLabel(rows, "公民身份号码");
  ASSERT_TRUE(id);
  EXPECT_EQ(CharsAfter(rows[id->row], *id).text, "1");
  std::optional<LabelHit> name = FindLabel(rows, "参保人姓名");
  ASSERT_TRUE(name);
  EXPECT_EQ(CharsAfter(rows[name->row], *name).text, "王五");
  // Short labels must match exactly.
  EXPECT_FALSE(FindLabel(rows, "住址"));
}

// A line's first character is the one most often lost or garbled, and
// punctuation read inside a label (姓:名) does not break it.
TEST(FindLabelTest, FirstCharacterLostOrMisreadAndPunctuationInside) {
  OcrResult page;
  AddLine(page, 0, "保地区:四川", 50, 100);     // 参保地区, 参 lost
  AddLine(page, 1, "过发机关金堂", 50, 200);    // 签发机关, 签 misread
  AddLine(page, 2, "姓:名“李四性别", 50, 300);  // punctuation inside
  AddLine(page, 3, "址四川", 50, 400);          // a short label lost nothing
  const std::vector<TextRow> rows = GroupRows(page);
  std::optional<LabelHit> place = FindLabel(rows, "参保地区");
  ASSERT_TRUE(place);
  EXPECT_EQ(CharsAfter(rows[place->row], *place).text, ":四川");
  std::optional<LabelHit> authority = FindLabel(rows, "签发机关");
  ASSERT_TRUE(authority);
  EXPECT_EQ(CharsAfter(rows[authority->row], *authority).text, "金堂");
  std::optional<LabelHit> name = FindLabel(rows, "姓名");
  ASSERT_TRUE(name);
  EXPECT_EQ(name->end - name->begin, 3);
  EXPECT_EQ(CharsAfter(rows[name->row], *name).text, "“李四性别");
  EXPECT_FALSE(FindLabel(rows, "住址"));
  EXPECT_FALSE(FindLabel(rows, "签发机构"));  // the last character anchors
}

TEST(FindLabelTest, FindAllLabelsGivesEveryPlace) {
  OcrResult page;
  AddLine(page, 0, "开始日期2026年1月1日日期2026年1月2日", 50, 100, 20, 2);
  const std::vector<LabelHit> hits = FindAllLabels(GroupRows(page), "日期");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(hits[0].begin, 2);
}

TEST(MedianCharHeightTest, IsTheMedianOfAllCharacters) {
  OcrResult page;
  AddLine(page, 0, "一二三", 0, 0, 20);
  AddLine(page, 1, "四五", 0, 100, 50);
  EXPECT_EQ(MedianCharHeight(GroupRows(page)), 20);
}

// A letter-spaced address line (characters 30 px, 48 apart) ends before
// the portrait, 3 characters away; one character the engine gave a box one
// pixel wide does not end it.
TEST(EndBeforeGapTest, AThinBoxIsNoGap) {
  OcrResult line;
  AddLine(line, 0, "马镇东风村5组", 0, 0, 30, 18);
  AddLine(line, 0, "照", 7 * 48 + 100, 0);
  EXPECT_EQ(EndBeforeGap(line.chars), 7u);
  line.chars[3].box.w = 1;  // 风
  EXPECT_EQ(EndBeforeGap(line.chars), 7u);
  line.chars[4].box.x += 50;  // 村 moved off: now a real gap after 风
  EXPECT_EQ(EndBeforeGap(line.chars), 4u);
}

}  // namespace
}  // namespace beian::ocr
