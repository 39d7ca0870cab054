#include "beian/reply/reasons_catalog.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "beian/base/text.h"
#include "beian/reply/template.h"

namespace beian {
namespace {

using ::testing::HasSubstr;

const std::string kCatalog =
    std::string(BEIAN_SOURCE_DIR) + "/templates/reasons.toml";

TEST(ReasonsCatalogTest, ShippedCatalogCoversEveryCode) {
  StatusOr<ReasonsCatalog> catalog = ReasonsCatalog::Load(kCatalog);
  ASSERT_TRUE(catalog.ok()) << catalog.status().ToString();
  EXPECT_THAT(catalog->MissingCodes(), ::testing::IsEmpty());
  TemplateVars vars;
  vars.values["note"] = "请补充说明。";
  for (const std::string& code : AllCorrectionReasonCodes()) {
    SCOPED_TRACE(code);
    const CorrectionReason* r = catalog->Find(code);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->code, code);
    EXPECT_TRUE(IsValidUtf8(r->text));
    // Citizens read these: every sentence renders and is Chinese text, not
    // an English placeholder.
    StatusOr<std::string> text = RenderTemplate(r->text, vars);
    StatusOr<std::string> send = RenderTemplate(r->send, vars);
    ASSERT_TRUE(text.ok()) << text.status().ToString();
    ASSERT_TRUE(send.ok()) << send.status().ToString();
    EXPECT_GT(DecodeUtf8(*send).size(), 5u);
    EXPECT_LT(text->size(), send->size() + 400);
  }
}

TEST(ReasonsCatalogTest, TheListedCodesAreAllThere) {
  const std::vector<std::string>& all = AllCorrectionReasonCodes();
  for (const char* code :
       {"subject_unparseable", "id_check_digit", "qq_large_attachment",
        "missing_id_back", "scan_glare", "id_card_mismatch", "agent_missing_id",
        "corrupt_file", "scan_too_large", "other"}) {
    EXPECT_NE(std::find(all.begin(), all.end(), code), all.end()) << code;
  }
  EXPECT_EQ(all.size(), 31u);
}

TEST(ReasonsCatalogTest, PartialCatalogReportsMissingCodes) {
  StatusOr<ReasonsCatalog> c = ReasonsCatalog::Parse(
      "[scan_blurry]\ntext = \"模糊\"\nsend = \"重拍\"\n", "test.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->MissingCodes().size(), AllCorrectionReasonCodes().size() - 1);
  EXPECT_EQ(c->Find("scan_blurry")->send, "重拍");
  EXPECT_EQ(c->Find("scan_glare"), nullptr);
}

TEST(ReasonsCatalogTest, OverrideReplacesSingleEntries) {
  StatusOr<ReasonsCatalog> base = ReasonsCatalog::Load(kCatalog);
  StatusOr<ReasonsCatalog> region = ReasonsCatalog::Parse(
      "[missing_commitment]\ntext = \"本地\"\nsend = \"本地承诺书\"\n",
      "r.toml");
  ASSERT_TRUE(base.ok() && region.ok());
  const std::string blurry = base->Find("scan_blurry")->text;
  base->OverrideWith(*region);
  EXPECT_EQ(base->Find("missing_commitment")->send, "本地承诺书");
  EXPECT_EQ(base->Find("scan_blurry")->text, blurry);
}

TEST(ReasonsCatalogTest, Errors) {
  struct Case {
    const char* toml;
    const char* expected;
  } cases[] = {
      {"[scan_blury]\ntext = \"a\"\nsend = \"b\"\n", "unknown reason code"},
      {"[scan_blurry]\ntext = \"a\"\n", "\"send\""},
      {"[scan_blurry]\ntext = \"\"\nsend = \"b\"\n", "\"text\""},
      {"[scan_blurry]\ntext = \"a\"\nsend = \"b\"\nsned = \"c\"\n",
       "unexpected key \"sned\""},
      {"scan_blurry = \"a\"\n", "must be a table"},
      {"[scan_blurry\n", "test.toml"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.toml);
    StatusOr<ReasonsCatalog> r = ReasonsCatalog::Parse(c.toml, "test.toml");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(r.status().message(), HasSubstr(c.expected));
  }
  EXPECT_EQ(ReasonsCatalog::Load("/nonexistent/reasons.toml").status().code(),
            StatusCode::kIoError);
}

}  // namespace
}  // namespace beian
