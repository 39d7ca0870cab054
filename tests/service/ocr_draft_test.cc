#include "beian/service/ocr_draft.h"

#include <gtest/gtest.h>

namespace beian {
namespace {

TEST(OcrDraftTest, PageReadingRoundTripsThroughJson) {
  PageReading p;
  p.page_index = 2;
  p.kind = PageKind::kIdBoth;
  p.kind_confidence = 0.9;
  p.fields = {{"name", "买买提·艾力", 0.97, "买买提艾力", "dot restored"},
              {"valid_to", "长期", 0.99, "长期", ""}};
  p.quality = {{"sharpness", 812.5}, {"glare", 0.01}};
  p.problems = {{"scan_glare", Severity::kWarning, "反光"}};
  p.seconds = 0.31;
  std::optional<PageReading> back = PageReadingFromJson(PageReadingToJson(p));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->page_index, 2);
  EXPECT_EQ(back->kind, PageKind::kIdBoth);
  ASSERT_EQ(back->fields.size(), 2u);
  EXPECT_EQ(back->fields[0].value, "买买提·艾力");
  EXPECT_EQ(back->fields[0].note, "dot restored");
  ASSERT_EQ(back->quality.size(), 2u);
  EXPECT_EQ(back->problems, p.problems);
}

TEST(OcrDraftTest, GarbageIsRejectedNotTrusted) {
  EXPECT_FALSE(PageReadingFromJson("not json"));
  EXPECT_FALSE(PageReadingFromJson("{\"kind\": \"passport\"}"));
  EXPECT_FALSE(PageReadingFromJson("[]"));
}

TEST(OcrDraftTest, BothSidesPageCountsAsFrontAndBack) {
  CaseDetail d;
  d.pages = {{1, 0, "id_both", "{}"}, {2, 0, "form", "{}"}};
  const std::set<std::string> kinds = PageKinds(d);
  EXPECT_TRUE(kinds.contains("id_front"));
  EXPECT_TRUE(kinds.contains("id_back"));
  EXPECT_TRUE(kinds.contains("form"));
  EXPECT_FALSE(kinds.contains("hukou"));
}

}  // namespace
}  // namespace beian
