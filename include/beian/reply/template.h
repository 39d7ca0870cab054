// Reply templates: plain UTF-8 text with a small, logic-less subset of
// Mustache.
//
//   TemplateVars vars;
//   vars.values["name"] = "张三";
//   vars.lists["reasons"] = {{{"number", "1"}, {"text",
//   "缺少身份证人像面。"}}}; StatusOr<std::string> text = RenderTemplate(
//       "{{name}}您好：\n{{#reasons}}\n{{number}}. {{text}}\n{{/reasons}}\n",
//       vars);
//
// Tags:
//   {{name}}            the value of `name`.
//   {{#name}}...{{/name}}
//                       a list: the inside is rendered once per item, and an
//                       item's fields hide outer values of the same name.
//                       A value: the inside is rendered once if the value is
//                       not empty, else not at all.
//   {{^name}}...{{/name}}
//                       rendered once if `name` is an empty list or an empty
//                       value, else not at all.
// A section tag alone on its line takes the line with it, so sections do not
// leave blank lines. Names are [A-Za-z0-9_]. There is no escaping and no HTML:
// the output is plain text.
//
// Errors (InvalidArgument, the message names the tag and its line): a name
// that is neither a value nor a list — never rendered as empty —, a list used
// as {{name}}, an unclosed tag or section, a mismatched {{/name}}.
#ifndef BEIAN_REPLY_TEMPLATE_H_
#define BEIAN_REPLY_TEMPLATE_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "beian/base/status.h"

namespace beian {

using TemplateItem = std::map<std::string, std::string>;

struct TemplateVars {
  std::map<std::string, std::string> values;
  std::map<std::string, std::vector<TemplateItem>> lists;
};

StatusOr<std::string> RenderTemplate(std::string_view tpl,
                                     const TemplateVars& vars);

// Checks the syntax only (tags closed, sections matched), without values.
Status CheckTemplateSyntax(std::string_view tpl);

}  // namespace beian

#endif  // BEIAN_REPLY_TEMPLATE_H_
