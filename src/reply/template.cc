#include "beian/reply/template.h"

#include <algorithm>
#include <optional>
#include <utility>

namespace beian {
namespace {

enum class TokenKind { kText, kValue, kSection, kInverted, kClose };

struct Token {
  TokenKind kind = TokenKind::kText;
  std::string text;  // the text, or the tag's name
  int line = 1;      // where the token starts
};

struct Node {
  TokenKind kind = TokenKind::kText;  // never kClose
  std::string text;
  int line = 1;
  std::vector<Node> children;  // sections only
};

std::string Where(int line) { return "template line " + std::to_string(line); }

bool IsNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9') || c == '_';
}

int CountLines(std::string_view s) {
  int n = 0;
  for (char c : s) n += c == '\n' ? 1 : 0;
  return n;
}

StatusOr<Token> ParseTag(std::string_view inner, int line) {
  Token t;
  t.line = line;
  t.kind = TokenKind::kValue;
  if (!inner.empty() &&
      (inner[0] == '#' || inner[0] == '^' || inner[0] == '/')) {
    t.kind = inner[0] == '#'   ? TokenKind::kSection
             : inner[0] == '^' ? TokenKind::kInverted
                               : TokenKind::kClose;
    inner.remove_prefix(1);
  }
  bool ok = !inner.empty();
  for (char c : inner) ok = ok && IsNameChar(c);
  if (!ok) {
    return InvalidArgument(
        Where(line) + ": \"{{" + std::string(inner) +
        "}}\" is not a tag; names are letters, digits and _");
  }
  t.text = std::string(inner);
  return t;
}

StatusOr<std::vector<Token>> Tokenize(std::string_view tpl) {
  std::vector<Token> tokens;
  int line = 1;
  while (!tpl.empty()) {
    const size_t open = tpl.find("{{");
    std::string_view text = tpl.substr(0, open);
    if (!text.empty())
      tokens.push_back({TokenKind::kText, std::string(text), line});
    line += CountLines(text);
    if (open == std::string_view::npos) break;
    const size_t close = tpl.find("}}", open + 2);
    if (close == std::string_view::npos) {
      return InvalidArgument(Where(line) +
                             ": \"{{\" is never closed by \"}}\"");
    }
    StatusOr<Token> tag =
        ParseTag(tpl.substr(open + 2, close - open - 2), line);
    if (!tag.ok()) return tag.status();
    tokens.push_back(std::move(*tag));
    tpl.remove_prefix(close + 2);
  }
  return tokens;
}

bool IsBlank(std::string_view s) {
  return s.find_first_not_of(" \t") == std::string_view::npos;
}

// Spaces from the last newline of `prev` (or its start when `at_start`) to
// its end; nullopt when anything else is there.
std::optional<size_t> BlankTailStart(const std::string& prev, bool at_start) {
  const size_t nl = prev.rfind('\n');
  if (nl == std::string::npos && !at_start) return std::nullopt;
  const size_t from = nl == std::string::npos ? 0 : nl + 1;
  if (!IsBlank(std::string_view(prev).substr(from))) return std::nullopt;
  return from;
}

// Length of the blank head of `next` up to and including its first newline;
// nullopt when anything else is there. The end of the template counts too.
std::optional<size_t> BlankHeadEnd(const std::string& next, bool at_end) {
  const size_t nl = next.find('\n');
  if (nl == std::string::npos && !at_end) return std::nullopt;
  const size_t to = nl == std::string::npos ? next.size() : nl + 1;
  if (!IsBlank(std::string_view(next).substr(0, nl))) return std::nullopt;
  return to;
}

// Removes the indentation and the newline around a section tag that stands
// alone on its line (the Mustache "standalone" rule). Decisions are made on
// the original text first, so tags on consecutive lines all qualify.
void TrimStandaloneTags(std::vector<Token>& tokens) {
  static const std::string kEmpty;
  const size_t n = tokens.size();
  std::vector<size_t> keep_from(n, 0);
  std::vector<size_t> keep_to(n, std::string::npos);
  for (size_t i = 0; i < n; ++i) {
    const TokenKind kind = tokens[i].kind;
    if (kind == TokenKind::kText || kind == TokenKind::kValue) continue;
    const bool prev_text = i > 0 && tokens[i - 1].kind == TokenKind::kText;
    const bool next_text = i + 1 < n && tokens[i + 1].kind == TokenKind::kText;
    if ((i > 0 && !prev_text) || (i + 1 < n && !next_text)) continue;
    const std::string& prev = prev_text ? tokens[i - 1].text : kEmpty;
    const std::string& next = next_text ? tokens[i + 1].text : kEmpty;
    const std::optional<size_t> tail = BlankTailStart(prev, i <= 1);
    const std::optional<size_t> head = BlankHeadEnd(next, i + 2 >= n);
    if (!tail || !head) continue;
    if (prev_text) keep_to[i - 1] = *tail;
    if (next_text) keep_from[i + 1] = *head;
  }
  for (size_t i = 0; i < n; ++i) {
    if (tokens[i].kind != TokenKind::kText) continue;
    std::string& text = tokens[i].text;
    const size_t to = std::min(keep_to[i], text.size());
    text =
        keep_from[i] < to ? text.substr(keep_from[i], to - keep_from[i]) : "";
  }
}

// Builds the section tree from tokens[*pos...] up to the matching close of
// `open` (nullptr at top level).
Status BuildTree(const std::vector<Token>& tokens, size_t* pos,
                 const Token* open, std::vector<Node>* out) {
  while (*pos < tokens.size()) {
    const Token& t = tokens[(*pos)++];
    if (t.kind == TokenKind::kClose) {
      if (open != nullptr && open->text == t.text) return Status::Ok();
      return InvalidArgument(Where(t.line) + ": {{/" + t.text +
                             "}} closes a section that is not open");
    }
    Node node{t.kind, t.text, t.line, {}};
    if (t.kind == TokenKind::kSection || t.kind == TokenKind::kInverted) {
      BEIAN_RETURN_IF_ERROR(BuildTree(tokens, pos, &t, &node.children));
    }
    out->push_back(std::move(node));
  }
  if (open == nullptr) return Status::Ok();
  return InvalidArgument(Where(open->line) + ": section {{#" + open->text +
                         "}} is never closed by {{/" + open->text + "}}");
}

StatusOr<std::vector<Node>> Parse(std::string_view tpl) {
  StatusOr<std::vector<Token>> tokens = Tokenize(tpl);
  if (!tokens.ok()) return tokens.status();
  TrimStandaloneTags(*tokens);
  std::vector<Node> nodes;
  size_t pos = 0;
  BEIAN_RETURN_IF_ERROR(BuildTree(*tokens, &pos, nullptr, &nodes));
  return nodes;
}

// Innermost list items first, then the template's values and lists.
class Scope {
 public:
  explicit Scope(const TemplateVars& vars) : vars_(vars) {}

  const std::string* Value(const std::string& name) const {
    for (auto it = items_.rbegin(); it != items_.rend(); ++it) {
      auto found = (*it)->find(name);
      if (found != (*it)->end()) return &found->second;
    }
    auto found = vars_.values.find(name);
    return found == vars_.values.end() ? nullptr : &found->second;
  }
  const std::vector<TemplateItem>* List(const std::string& name) const {
    for (const TemplateItem* item : items_) {
      if (item->count(name) != 0) return nullptr;  // hidden by a field
    }
    auto found = vars_.lists.find(name);
    return found == vars_.lists.end() ? nullptr : &found->second;
  }
  void Push(const TemplateItem* item) { items_.push_back(item); }
  void Pop() { items_.pop_back(); }

 private:
  const TemplateVars& vars_;
  std::vector<const TemplateItem*> items_;
};

Status Render(const std::vector<Node>& nodes, Scope& scope, std::string* out);

Status UnknownName(const Node& node) {
  return InvalidArgument(Where(node.line) + ": unknown variable \"" +
                         node.text + "\"");
}

Status RenderValue(const Node& node, const Scope& scope, std::string* out) {
  if (const std::string* v = scope.Value(node.text)) {
    out->append(*v);
    return Status::Ok();
  }
  if (scope.List(node.text) != nullptr) {
    return InvalidArgument(Where(node.line) + ": \"" + node.text +
                           "\" is a list; use {{#" + node.text + "}}");
  }
  return UnknownName(node);
}

Status RenderSection(const Node& node, Scope& scope, std::string* out) {
  const bool inverted = node.kind == TokenKind::kInverted;
  if (const std::vector<TemplateItem>* list = scope.List(node.text)) {
    if (inverted)
      return list->empty() ? Render(node.children, scope, out) : Status::Ok();
    for (const TemplateItem& item : *list) {
      scope.Push(&item);
      Status s = Render(node.children, scope, out);
      scope.Pop();
      BEIAN_RETURN_IF_ERROR(s);
    }
    return Status::Ok();
  }
  const std::string* value = scope.Value(node.text);
  if (value == nullptr) return UnknownName(node);
  if (value->empty() != inverted) return Status::Ok();
  return Render(node.children, scope, out);
}

Status Render(const std::vector<Node>& nodes, Scope& scope, std::string* out) {
  for (const Node& node : nodes) {
    if (node.kind == TokenKind::kText) {
      out->append(node.text);
    } else if (node.kind == TokenKind::kValue) {
      BEIAN_RETURN_IF_ERROR(RenderValue(node, scope, out));
    } else {
      BEIAN_RETURN_IF_ERROR(RenderSection(node, scope, out));
    }
  }
  return Status::Ok();
}

}  // namespace

StatusOr<std::string> RenderTemplate(std::string_view tpl,
                                     const TemplateVars& vars) {
  StatusOr<std::vector<Node>> nodes = Parse(tpl);
  if (!nodes.ok()) return nodes.status();
  Scope scope(vars);
  std::string out;
  BEIAN_RETURN_IF_ERROR(Render(*nodes, scope, &out));
  return out;
}

Status CheckTemplateSyntax(std::string_view tpl) {
  StatusOr<std::vector<Node>> nodes = Parse(tpl);
  return nodes.ok() ? Status::Ok() : nodes.status();
}

}  // namespace beian
