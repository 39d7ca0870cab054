#include "beian/service/ocr_draft.h"

#include <gtest/gtest.h>

#include <algorithm>

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

PageReading FrontPage(int index) {
  PageReading p;
  p.page_index = index;
  p.kind = PageKind::kIdFront;
  p.kind_confidence = 0.95;
  p.fields = {{"name", "张三", 0.96, "张三", ""}};
  p.problems = {{"scan_glare", Severity::kWarning, "反光"}};
  return p;
}

int Count(const Problems& problems, const std::string& code) {
  return static_cast<int>(
      std::count_if(problems.begin(), problems.end(),
                    [&](const Problem& p) { return p.code == code; }));
}

// A follow-up mail without an identity of its own is checked against the
// case's, with the pages the case holds already.
TEST(OcrDraftTest, TheDraftStartsFromTheCaseWhenTheMailStatesNoIdentity) {
  CaseDetail existing;
  existing.record.applicant_name = "张三";
  existing.record.id_number = "11010519491231002X";
  existing.pages = {{1, 0, "id_front", PageReadingToJson(FrontPage(0))},
                    {1, 1, "form", "not json"}};
  CaseUpdate update;
  update.id_number = "440524188001010014";
  const auto day = std::chrono::year{2026} / 11 / 23;
  DraftCheckInput in = DraftInputOf(update, existing, day);
  EXPECT_EQ(in.subject_name, "张三");
  EXPECT_EQ(in.subject_id_number, "440524188001010014");  // the mail's own
  EXPECT_EQ(in.mail_date, day);
  ASSERT_EQ(in.pages.size(), 1u);  // the unreadable stored page left out
  EXPECT_EQ(in.pages[0].kind, PageKind::kIdFront);
}

TEST(OcrDraftTest, AReadingAddsItsPagesAndProblemsOnce) {
  ReadOutcome outcome;
  DocumentReading reading;
  reading.pages = {FrontPage(0), FrontPage(1)};
  reading.problems = {{"scan_glare", Severity::kWarning, "反光"}};
  outcome.reading = reading;
  AttachmentRecord attachment;
  attachment.filename = "card.jpg";
  DraftCheckInput draft;
  Problems problems = {{"scan_glare", Severity::kWarning, "反光"}};
  EXPECT_EQ(AddReading(outcome, attachment, draft, problems), 2);
  ASSERT_EQ(attachment.pages.size(), 2u);
  EXPECT_EQ(attachment.pages[1].page_index, 1);
  EXPECT_EQ(attachment.pages[1].kind, "id_front");
  EXPECT_TRUE(PageReadingFromJson(attachment.pages[1].reading));
  EXPECT_EQ(draft.pages.size(), 2u);
  EXPECT_EQ(Count(problems, "scan_glare"), 1);
}

TEST(OcrDraftTest, AnAttachmentWhoseReaderWasLostIsNotRead) {
  ReadOutcome lost;
  lost.lost = "the worker reading it ran past its 60 s deadline";
  AttachmentRecord attachment;
  attachment.filename = "big.pdf";
  DraftCheckInput draft;
  Problems problems;
  EXPECT_EQ(AddReading(lost, attachment, draft, problems), 0);
  EXPECT_TRUE(attachment.pages.empty());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code, "document_not_read");
  EXPECT_NE(problems[0].detail.find("big.pdf"), std::string::npos);

  ReadOutcome failed;
  failed.reading = IoError("unreadable");
  EXPECT_EQ(AddReading(failed, attachment, draft, problems), 0);
  EXPECT_EQ(problems.size(), 1u);  // the caller logs why
}

TEST(OcrDraftTest, TheDraftCheckAddsFieldsAsThisMailsAndProblemsOnce) {
  DraftCheckInput draft;
  draft.subject_name = "张三";
  draft.mail_date = std::chrono::year{2026} / 11 / 23;
  draft.pages = {FrontPage(0)};
  CaseUpdate update;
  update.mail_id = 42;
  update.problems = {{"missing_form", Severity::kBlocking, "earlier"}};
  AddDraftCheck(draft, update);
  ASSERT_FALSE(update.fields.empty());
  for (const DraftField& f : update.fields) EXPECT_EQ(f.mail_id, 42);
  EXPECT_EQ(Count(update.problems, "missing_form"), 1);
  EXPECT_EQ(Count(update.problems, "missing_id_back"), 1);
}

}  // namespace
}  // namespace beian
