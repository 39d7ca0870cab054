#include "beian/reply/reasons_catalog.h"

#include <algorithm>
#include <utility>

#include "beian/base/whole_file.h"
#include "toml/toml_reader.h"

namespace beian {
namespace {

bool IsKnownCode(std::string_view code) {
  const std::vector<std::string>& all = AllCorrectionReasonCodes();
  return std::find(all.begin(), all.end(), code) != all.end();
}

StatusOr<std::string> RequiredString(const toml::table& entry,
                                     std::string_view key,
                                     const std::string& where) {
  const std::optional<std::string> value = entry[key].value<std::string>();
  if (!value || value->empty()) {
    return InvalidArgument(where + ": needs a non-empty string \"" +
                           std::string(key) + "\"");
  }
  return *value;
}

StatusOr<CorrectionReason> ReadReason(const std::string& code,
                                      const toml::node& node,
                                      const std::string& source) {
  const std::string where = source + ": [" + code + "]";
  if (!IsKnownCode(code)) {
    return InvalidArgument(where +
                           ": unknown reason code; known codes are "
                           "listed in reasons_catalog.cc");
  }
  const toml::table* entry = node.as_table();
  if (entry == nullptr) return InvalidArgument(where + ": must be a table");
  for (const auto& [key, unused] : *entry) {
    if (key.str() != "text" && key.str() != "send") {
      return InvalidArgument(where + ": unexpected key \"" +
                             std::string(key.str()) + "\"");
    }
  }
  StatusOr<std::string> text = RequiredString(*entry, "text", where);
  if (!text.ok()) return text.status();
  StatusOr<std::string> send = RequiredString(*entry, "send", where);
  if (!send.ok()) return send.status();
  return CorrectionReason{code, std::move(*text), std::move(*send)};
}

}  // namespace

const std::vector<std::string>& AllCorrectionReasonCodes() {
  static const std::vector<std::string> kCodes = {
      "subject_unparseable",
      "subject_missing_name",
      "subject_missing_id",
      "id_format",
      "id_check_digit",
      "id_birth_date",
      "no_attachments",
      "qq_large_attachment",
      "missing_id_front",
      "missing_id_back",
      "missing_form",
      "missing_proof",
      "missing_commitment",
      "scan_blurry",
      "scan_too_small",
      "scan_too_large",
      "too_many_pages",
      "document_not_read",
      "scan_too_dark",
      "scan_glare",
      "field_unreadable",
      "name_mismatch",
      "id_mismatch",
      "id_card_mismatch",
      "id_expired",
      "form_incomplete",
      "form_unsigned",
      "agent_missing_id",
      "unsupported_format",
      "corrupt_file",
      "other",
  };
  return kCodes;
}

StatusOr<ReasonsCatalog> ReasonsCatalog::Parse(std::string_view toml_text,
                                               const std::string& source) {
  StatusOr<toml::table> root = internal::ParseTomlText(toml_text, source);
  if (!root.ok()) return root.status();
  ReasonsCatalog catalog;
  for (const auto& [key, node] : *root) {
    const std::string code(key.str());
    StatusOr<CorrectionReason> reason = ReadReason(code, node, source);
    if (!reason.ok()) return reason.status();
    catalog.reasons_[code] = std::move(*reason);
  }
  return catalog;
}

StatusOr<ReasonsCatalog> ReasonsCatalog::Load(const std::string& path) {
  StatusOr<std::string> text = ReadWholeFile(path);
  if (!text.ok()) {
    return IoError("the reasons catalog: " + text.status().message());
  }
  return Parse(*text, path);
}

const CorrectionReason* ReasonsCatalog::Find(std::string_view code) const {
  auto it = reasons_.find(code);
  return it == reasons_.end() ? nullptr : &it->second;
}

std::vector<std::string> ReasonsCatalog::MissingCodes() const {
  std::vector<std::string> missing;
  for (const std::string& code : AllCorrectionReasonCodes()) {
    if (reasons_.find(code) == reasons_.end()) missing.push_back(code);
  }
  return missing;
}

void ReasonsCatalog::OverrideWith(const ReasonsCatalog& other) {
  for (const auto& [code, reason] : other.reasons_) reasons_[code] = reason;
}

}  // namespace beian
