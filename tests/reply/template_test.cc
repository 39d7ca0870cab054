#include "beian/reply/template.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace beian {
namespace {

using ::testing::HasSubstr;

TemplateVars Vars() {
  TemplateVars v;
  v.values = {{"name", "张三"}, {"empty", ""}, {"case", "C-7"}};
  v.lists["reasons"] = {{{"number", "1"}, {"text", "缺少人像面。"}},
                        {{"number", "2"}, {"text", "照片模糊。"}}};
  v.lists["none"] = {};
  return v;
}

std::string Render(std::string_view tpl) {
  StatusOr<std::string> out = RenderTemplate(tpl, Vars());
  EXPECT_TRUE(out.ok()) << out.status().ToString();
  return out.ok() ? *out : "";
}

Status RenderError(std::string_view tpl) {
  StatusOr<std::string> out = RenderTemplate(tpl, Vars());
  EXPECT_FALSE(out.ok()) << "rendered: " << *out;
  return out.ok() ? Status::Ok() : out.status();
}

TEST(RenderTemplateTest, SubstitutesValues) {
  EXPECT_EQ(Render("{{name}}您好，编号{{case}}。"), "张三您好，编号C-7。");
  EXPECT_EQ(Render("no tags\n"), "no tags\n");
  EXPECT_EQ(Render("[{{empty}}]"), "[]");
  EXPECT_EQ(Render(""), "");
}

TEST(RenderTemplateTest, RepeatsListSectionPerItem) {
  EXPECT_EQ(Render("{{#reasons}}{{number}}.{{text}}({{name}}) {{/reasons}}"),
            "1.缺少人像面。(张三) 2.照片模糊。(张三) ");
}

TEST(RenderTemplateTest, StandaloneSectionTagsTakeTheirLines) {
  EXPECT_EQ(
      Render("前\n{{#reasons}}\n  {{number}}. {{text}}\n{{/reasons}}\n后\n"),
      "前\n  1. 缺少人像面。\n  2. 照片模糊。\n后\n");
  EXPECT_EQ(
      Render("{{#name}}\n{{#reasons}}\n{{number}}\n{{/reasons}}\n{{/name}}\n"),
      "1\n2\n");
}

TEST(RenderTemplateTest, InlineSectionTagsKeepTheText) {
  EXPECT_EQ(Render("a {{#name}}有{{/name}} b\n"), "a 有 b\n");
}

TEST(RenderTemplateTest, ValueSectionsAndInvertedSections) {
  EXPECT_EQ(Render("{{#name}}有名{{/name}}{{^name}}无名{{/name}}"), "有名");
  EXPECT_EQ(Render("{{#empty}}有{{/empty}}{{^empty}}无{{/empty}}"), "无");
  EXPECT_EQ(Render("{{#none}}x{{/none}}{{^none}}空{{/none}}"), "空");
  EXPECT_EQ(Render("{{^reasons}}空{{/reasons}}"), "");
}

TEST(RenderTemplateTest, ItemFieldsHideOuterValues) {
  TemplateVars v;
  v.values = {{"text", "outer"}};
  v.lists["l"] = {{{"text", "inner"}}};
  StatusOr<std::string> out = RenderTemplate("{{#l}}{{text}}{{/l}}{{text}}", v);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(*out, "innerouter");
}

TEST(RenderTemplateTest, UnknownVariableIsAnErrorNamingIt) {
  Status s = RenderError("第一行\n{{name}}{{case_numbr}}");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("\"case_numbr\""));
  EXPECT_THAT(s.message(), HasSubstr("line 2"));
  EXPECT_THAT(RenderError("{{#missing}}x{{/missing}}").message(),
              HasSubstr("\"missing\""));
  EXPECT_THAT(RenderError("{{#reasons}}{{nope}}{{/reasons}}").message(),
              HasSubstr("\"nope\""));
}

TEST(RenderTemplateTest, ListUsedAsValueIsAnError) {
  EXPECT_THAT(RenderError("{{reasons}}").message(), HasSubstr("is a list"));
}

TEST(RenderTemplateTest, SyntaxErrors) {
  EXPECT_THAT(RenderError("{{name").message(), HasSubstr("never closed"));
  EXPECT_THAT(RenderError("{{#reasons}}x").message(),
              HasSubstr("never closed"));
  EXPECT_THAT(RenderError("x{{/reasons}}").message(), HasSubstr("not open"));
  EXPECT_THAT(
      RenderError("{{#name}}{{#reasons}}{{/name}}{{/reasons}}").message(),
      HasSubstr("not open"));
  EXPECT_THAT(RenderError("{{ name }}").message(), HasSubstr("not a tag"));
  EXPECT_THAT(RenderError("{{}}").message(), HasSubstr("not a tag"));
  EXPECT_FALSE(CheckTemplateSyntax("{{#a}}").ok());
  EXPECT_TRUE(CheckTemplateSyntax("{{#a}}{{b}}{{/a}}").ok());
}

TEST(RenderTemplateTest, SingleBracesAreText) {
  EXPECT_EQ(Render("{name} }} {"), "{name} }} {");
}

}  // namespace
}  // namespace beian
