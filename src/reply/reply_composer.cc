#include "beian/reply/reply_composer.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <utility>

#include "beian/base/base64.h"
#include "beian/base/log.h"
#include "beian/base/text.h"
#include "beian/base/whole_file.h"
#include "beian/reply/template.h"
#include "mail_writer.h"

namespace beian {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kDefaultSubject = "跨省异地就医备案";
// Variables that may hold long digit runs that are not identity numbers.
constexpr std::string_view kNotAnIdNumber = "registration_number";

bool IsKnownKind(std::string_view kind) {
  const std::vector<std::string>& kinds = ReplyKinds();
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

StatusOr<std::string> ReadTemplate(const fs::path& path) {
  StatusOr<std::string> text = ReadWholeFile(path.string());
  if (!text.ok()) return text.status();
  Status syntax = CheckTemplateSyntax(*text);
  if (!syntax.ok())
    return InvalidArgument(path.string() + ": " + syntax.message());
  if (!IsValidUtf8(*text))
    return InvalidArgument(path.string() + ": not UTF-8");
  return text;
}

// A region's overrides: <kind>.txt files and an optional reasons.toml.
Status ReadRegion(const fs::path& dir,
                  std::map<std::string, std::string>* kinds,
                  std::optional<ReasonsCatalog>* reasons) {
  std::error_code ec;
  std::vector<fs::path> files;
  for (const fs::directory_entry& e : fs::directory_iterator(dir, ec)) {
    files.push_back(e.path());
  }
  if (ec) return IoError("cannot list " + dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  for (const fs::path& file : files) {
    if (file.filename() == "reasons.toml") {
      StatusOr<ReasonsCatalog> c = ReasonsCatalog::Load(file.string());
      if (!c.ok()) return c.status();
      *reasons = std::move(*c);
      continue;
    }
    const std::string kind = file.stem().string();
    if (file.extension() != ".txt" || !IsKnownKind(kind)) {
      return InvalidArgument(file.string() +
                             ": not a template kind (acknowledgement.txt, "
                             "correction.txt, registration.txt, reasons.toml)");
    }
    StatusOr<std::string> text = ReadTemplate(file);
    if (!text.ok()) return text.status();
    (*kinds)[kind] = std::move(*text);
  }
  return Status::Ok();
}

bool HasHeaderBreakers(std::string_view s) {
  return s.find_first_of("\r\n<> \t\"") != std::string_view::npos ||
         s.find('\0') != std::string_view::npos;
}

Status CheckToken(std::string_view field, std::string_view value,
                  bool need_at) {
  if (value.empty() || HasHeaderBreakers(value) ||
      (need_at && value.find('@') == std::string_view::npos)) {
    return InvalidArgument("reply " + std::string(field) + " \"" +
                           MaskIdNumbers(value) +
                           "\" is not usable in a mail header");
  }
  return Status::Ok();
}

struct Mailbox {
  std::string name;
  std::string address;
};

// "什邡市医保事务中心 <a@b>", "\"Name\" <a@b>" or "a@b".
StatusOr<Mailbox> ParseMailbox(std::string_view from) {
  Mailbox box;
  box.address = AddressPart(from);
  if (const size_t open = from.rfind('<'); open != std::string_view::npos) {
    std::string_view name = TrimSpace(from.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    box.name = std::string(name);
  }
  BEIAN_RETURN_IF_ERROR(CheckToken("from", box.address, true));
  if (box.name.find_first_of("\r\n") != std::string::npos) {
    return InvalidArgument("reply from name contains a line break");
  }
  return box;
}

Status CheckMasked(const std::map<std::string, std::string>& values) {
  for (const auto& [name, value] : values) {
    if (name == kNotAnIdNumber || MaskIdNumbers(value) == value) continue;
    return InvalidArgument("variable \"" + name +
                           "\" holds a full identity number; replies show it "
                           "masked only (pass id_masked)");
  }
  return Status::Ok();
}

std::string ReplySubject(std::string_view original) {
  std::string base = MaskIdNumbers(internal::StripReplyPrefixes(original));
  for (char& c : base) {
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
  }
  return "Re: " + (base.empty() ? std::string(kDefaultSubject) : base);
}

// "<a> <b>" folded one id per line after "References: ".
std::string ReferencesValue(const std::vector<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids) {
    if (!out.empty()) out.append("\r\n ");
    out.append("<" + id + ">");
  }
  return out;
}

std::vector<std::string> ReplyReferences(const ReplyRequest& r) {
  std::vector<std::string> ids;
  for (const std::string& id : r.original_references) {
    // Ids that would break the header cannot be quoted; they are dropped.
    if (!CheckToken("reference", id, false).ok()) continue;
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }
  if (!r.original_message_id.empty()) {
    std::erase(ids, r.original_message_id);
    ids.push_back(r.original_message_id);
  }
  return ids;
}

Status CheckRequest(const ReplyRequest& r) {
  if (!IsKnownKind(r.kind)) {
    return InvalidArgument("unknown reply kind \"" + r.kind +
                           "\" (acknowledgement, correction, registration)");
  }
  BEIAN_RETURN_IF_ERROR(CheckToken("to", r.to, true));
  BEIAN_RETURN_IF_ERROR(CheckToken("message_id", r.message_id, true));
  if (!r.original_message_id.empty()) {
    BEIAN_RETURN_IF_ERROR(
        CheckToken("original_message_id", r.original_message_id, false));
  }
  return Status::Ok();
}

// Encoded display name and address, the address on its own line when the
// line would pass 76 characters.
std::string FromValue(const Mailbox& from) {
  const std::string address = "<" + from.address + ">";
  if (from.name.empty()) return address;
  const std::string name = internal::EncodeHeaderWords(from.name, 6);
  const size_t last_line_start = name.rfind('\n');
  const size_t last_line = last_line_start == std::string::npos
                               ? 6 + name.size()
                               : name.size() - last_line_start - 1;
  const bool fits = last_line + 1 + address.size() <= 76;
  return name + (fits ? " " : "\r\n ") + address;
}

std::string Headers(const ReplyRequest& r, const Mailbox& from,
                    const std::string& subject) {
  std::string h;
  h += "From: " + FromValue(from) + "\r\n";
  h += "To: <" + r.to + ">\r\n";
  h += "Subject: " + internal::EncodeHeaderWords(subject, 9) + "\r\n";
  h += "Date: " + internal::FormatMailDate(r.date) + "\r\n";
  h += "Message-ID: <" + r.message_id + ">\r\n";
  if (!r.original_message_id.empty()) {
    h += "In-Reply-To: <" + r.original_message_id + ">\r\n";
  }
  const std::vector<std::string> refs = ReplyReferences(r);
  if (!refs.empty()) h += "References: " + ReferencesValue(refs) + "\r\n";
  h += "MIME-Version: 1.0\r\n";
  h += "Content-Type: text/plain; charset=UTF-8\r\n";
  h += "Content-Transfer-Encoding: base64\r\n";
  h += "Auto-Submitted: auto-replied\r\n";
  h += "X-Auto-Response-Suppress: All\r\n";
  return h;
}

// One list item per distinct code, its text and send rendered with `values`.
StatusOr<std::vector<TemplateItem>> ReasonItems(const ReplyRequest& r,
                                                const TemplateVars& values,
                                                const ReasonsCatalog& catalog) {
  std::vector<TemplateItem> items;
  std::set<std::string> seen;
  for (const std::string& code : r.reason_codes) {
    if (!seen.insert(code).second) continue;
    const CorrectionReason* reason = catalog.Find(code);
    if (reason == nullptr) {
      return InvalidArgument("unknown correction reason \"" + code + "\"");
    }
    if (code == "other" && TrimSpace(r.note).empty()) {
      return InvalidArgument("reason \"other\" needs the reviewer's note");
    }
    StatusOr<std::string> text = RenderTemplate(reason->text, values);
    if (!text.ok())
      return InvalidArgument("reason " + code + ": " + text.status().message());
    StatusOr<std::string> send = RenderTemplate(reason->send, values);
    if (!send.ok())
      return InvalidArgument("reason " + code + ": " + send.status().message());
    items.push_back({{"number", std::to_string(items.size() + 1)},
                     {"code", code},
                     {"text", std::move(*text)},
                     {"send", std::move(*send)}});
  }
  return items;
}

StatusOr<TemplateVars> BuildVars(const ReplyRequest& r,
                                 const std::string& agency,
                                 const ReasonsCatalog& catalog) {
  TemplateVars vars;
  vars.values = r.vars;
  vars.values.emplace("agency", agency);
  vars.values.emplace("note", r.note);
  BEIAN_RETURN_IF_ERROR(CheckMasked(vars.values));
  StatusOr<std::vector<TemplateItem>> items = ReasonItems(r, vars, catalog);
  if (!items.ok()) return items.status();
  vars.lists["reasons"] = std::move(*items);
  return vars;
}

}  // namespace

const std::vector<std::string>& ReplyKinds() {
  static const std::vector<std::string> kKinds = {"acknowledgement",
                                                  "correction", "registration"};
  return kKinds;
}

StatusOr<ReplyComposer> ReplyComposer::Load(const std::string& templates_dir) {
  ReplyComposer c;
  const fs::path dir(templates_dir);
  for (const std::string& kind : ReplyKinds()) {
    const fs::path file = dir / (kind + ".txt");
    std::error_code ec;
    if (!fs::exists(file, ec)) {
      return NotFound("template " + file.string() + " is missing");
    }
    StatusOr<std::string> text = ReadTemplate(file);
    if (!text.ok()) return text.status();
    c.defaults_[kind] = std::move(*text);
  }
  StatusOr<ReasonsCatalog> reasons =
      ReasonsCatalog::Load((dir / "reasons.toml").string());
  if (!reasons.ok()) return reasons.status();
  c.reasons_ = std::move(*reasons);
  const std::vector<std::string> missing = c.reasons_.MissingCodes();
  if (!missing.empty()) {
    return InvalidArgument((dir / "reasons.toml").string() +
                           ": no text for reason \"" + missing[0] + "\"");
  }
  BEIAN_RETURN_IF_ERROR(c.LoadRegions(dir / "regions"));
  return c;
}

Status ReplyComposer::LoadRegions(const std::filesystem::path& regions_dir) {
  std::error_code ec;
  if (!fs::exists(regions_dir, ec)) return Status::Ok();
  for (const fs::directory_entry& e : fs::directory_iterator(regions_dir, ec)) {
    if (!e.is_directory(ec)) continue;
    std::optional<ReasonsCatalog> overrides;
    const std::string region = e.path().filename().string();
    BEIAN_RETURN_IF_ERROR(ReadRegion(e.path(), &regions_[region], &overrides));
    if (overrides) {
      ReasonsCatalog merged = reasons_;
      merged.OverrideWith(*overrides);
      region_reasons_.emplace(region, std::move(merged));
    }
  }
  if (ec) {
    return IoError("cannot list " + regions_dir.string() + ": " + ec.message());
  }
  return Status::Ok();
}

const std::string* ReplyComposer::Template(const std::string& kind,
                                           const std::string& region) const {
  auto r = regions_.find(region);
  if (r != regions_.end()) {
    auto t = r->second.find(kind);
    if (t != r->second.end()) return &t->second;
  }
  auto t = defaults_.find(kind);
  return t == defaults_.end() ? nullptr : &t->second;
}

const ReasonsCatalog& ReplyComposer::Reasons(const std::string& region) const {
  auto r = region_reasons_.find(region);
  return r == region_reasons_.end() ? reasons_ : r->second;
}

StatusOr<ComposedReply> ReplyComposer::Compose(const ReplyRequest& r) const {
  BEIAN_RETURN_IF_ERROR(CheckRequest(r));
  StatusOr<Mailbox> from = ParseMailbox(r.from);
  if (!from.ok()) return from.status();
  StatusOr<TemplateVars> vars = BuildVars(r, from->name, Reasons(r.region));
  if (!vars.ok()) return vars.status();
  StatusOr<std::string> body =
      RenderTemplate(*Template(r.kind, r.region), *vars);
  if (!body.ok()) {
    return InvalidArgument("template " + r.kind + " (region \"" + r.region +
                           "\"): " + body.status().message());
  }
  if (!body->empty() && body->back() != '\n') body->push_back('\n');
  ComposedReply reply;
  reply.subject = ReplySubject(r.original_subject);
  reply.bytes = Headers(r, *from, reply.subject) + "\r\n" +
                EncodeBase64Lines(internal::ToCrlf(*body));
  return reply;
}

}  // namespace beian
