#include "beian/service/config.h"

#include <charconv>
#include <cstdlib>
#include <set>

#include "beian/base/text.h"
#include "beian/base/whole_file.h"
#include "beian/mail/imap_protocol.h"
#include "toml/toml_reader.h"

namespace beian {
namespace {

class Reader {
 public:
  Reader(const toml::table& t, std::string source, std::string prefix)
      : t_(t), source_(std::move(source)), prefix_(std::move(prefix)) {}

  Status Str(const char* key, std::string& out) {
    seen_.insert(key);
    if (!t_.contains(key)) return Status::Ok();
    auto v = t_[key].value<std::string>();
    if (!v) return Error(key, "must be a string");
    out = *v;
    return Status::Ok();
  }
  Status Int(const char* key, int& out, int low, int high) {
    seen_.insert(key);
    if (!t_.contains(key)) return Status::Ok();
    auto v = t_[key].value<int64_t>();
    if (!v || *v < low || *v > high) {
      return Error(key, "must be a whole number from " + std::to_string(low) +
                            " to " + std::to_string(high));
    }
    out = static_cast<int>(*v);
    return Status::Ok();
  }
  Status Duration(const char* key, std::chrono::seconds& out) {
    std::string s;
    BEIAN_RETURN_IF_ERROR(Str(key, s));
    if (s.empty()) return Status::Ok();
    auto d = ParseDuration(s);
    if (!d || d->count() <= 0)
      return Error(key, "must be a duration like \"30s\", \"5m\", \"1h\"");
    out = *d;
    return Status::Ok();
  }
  Status SecretOf(const char* base, Secret& out) {
    const std::string env = std::string(base) + "_env";
    const std::string file = std::string(base) + "_file";
    seen_.insert(env);
    seen_.insert(file);
    seen_.insert(base);
    if (t_.contains(base)) {
      return Error(base,
                   "must not hold a password: use " + env + " or " + file);
    }
    BEIAN_RETURN_IF_ERROR(Str(env.c_str(), out.env));
    BEIAN_RETURN_IF_ERROR(Str(file.c_str(), out.file));
    out.key = prefix_ + base;
    return Status::Ok();
  }
  Status NoUnknownKeys() {
    for (const auto& [k, v] : t_) {
      if (!seen_.contains(std::string(k.str()))) {
        return InvalidArgument(source_ + ": " + prefix_ + std::string(k.str()) +
                               ": unknown key (see config/beian.example.toml)");
      }
    }
    return Status::Ok();
  }
  Status Error(const std::string& key, const std::string& what) const {
    return InvalidArgument(source_ + ": " + prefix_ + key + ": " + what);
  }

 private:
  const toml::table& t_;
  std::string source_;
  std::string prefix_;
  std::set<std::string> seen_;
};

Status CheckUrl(Reader& r, const char* key, const std::string& url,
                const char* plain, const char* tls) {
  if (url.empty() || url.starts_with(plain) || url.starts_with(tls)) {
    return Status::Ok();
  }
  return r.Error(key, "must start with " + std::string(tls) + " or " + plain +
                          " (STARTTLS required), got '" + url + "'");
}

const ProviderPreset kPresets[] = {
    {"qq", "imap.qq.com", "smtp.qq.com", "其他文件夹/"},
    {"exmail", "imap.exmail.qq.com", "smtp.exmail.qq.com", ""},
    {"163", "imap.163.com", "smtp.163.com", ""},
    {"126", "imap.126.com", "smtp.126.com", ""},
    {"yeah", "imap.yeah.net", "smtp.yeah.net", ""},
    {"aliyun", "imap.qiye.aliyun.com", "smtp.qiye.aliyun.com", ""},
    {"coremail", "", "", ""},
};

// Fills what `provider` implies and the region left out: implicit-TLS URLs
// on 993 and 465, the processed folder where the provider keeps user
// folders, and SMTP logging in as the IMAP user (one authorization code).
Status ApplyProvider(const toml::table& t, Reader& r, RegionConfig& reg) {
  if (reg.provider.empty()) return Status::Ok();
  const ProviderPreset* p = FindProviderPreset(reg.provider);
  if (p == nullptr) {
    return r.Error("provider",
                   "must be one of qq, exmail, 163, 126, yeah, aliyun, "
                   "coremail, got '" +
                       reg.provider + "'");
  }
  if (!t.contains("imap_url") && !p->imap_host.empty())
    reg.imap_url = "imaps://" + p->imap_host + ":993/INBOX";
  if (!t.contains("smtp_url") && !p->smtp_host.empty())
    reg.smtp_url = "smtps://" + p->smtp_host + ":465";
  if (p->imap_host.empty() && !t.contains("imap_url")) {
    return r.Error("imap_url",
                   "is needed with provider = \"" + p->name +
                       "\": Coremail runs on the agency's own server, e.g. "
                       "\"imaps://mail.example.gov.cn:993/INBOX\"");
  }
  if (!t.contains("processed_folder"))
    reg.processed_folder = p->folder_prefix + "Processed";
  if (reg.smtp_user.empty()) reg.smtp_user = reg.imap_user;
  if (reg.smtp_password.empty()) reg.smtp_password = reg.imap_password;
  return Status::Ok();
}

Status ReadRegion(const toml::table& t, const std::string& source, size_t i,
                  RegionConfig& reg) {
  Reader r(t, source, "regions[" + std::to_string(i) + "].");
  BEIAN_RETURN_IF_ERROR(r.Str("code", reg.code));
  BEIAN_RETURN_IF_ERROR(r.Str("name", reg.name));
  BEIAN_RETURN_IF_ERROR(r.Str("provider", reg.provider));
  BEIAN_RETURN_IF_ERROR(r.Str("imap_url", reg.imap_url));
  BEIAN_RETURN_IF_ERROR(r.Str("imap_user", reg.imap_user));
  BEIAN_RETURN_IF_ERROR(r.SecretOf("imap_password", reg.imap_password));
  BEIAN_RETURN_IF_ERROR(r.Str("after_fetch", reg.after_fetch));
  BEIAN_RETURN_IF_ERROR(r.Str("processed_folder", reg.processed_folder));
  BEIAN_RETURN_IF_ERROR(r.Duration("poll_interval", reg.poll_interval));
  BEIAN_RETURN_IF_ERROR(r.Int("imap_connections", reg.imap_connections, 1, 4));
  BEIAN_RETURN_IF_ERROR(r.Str("smtp_url", reg.smtp_url));
  BEIAN_RETURN_IF_ERROR(r.Str("smtp_user", reg.smtp_user));
  BEIAN_RETURN_IF_ERROR(r.SecretOf("smtp_password", reg.smtp_password));
  BEIAN_RETURN_IF_ERROR(
      r.Int("smtp_max_per_minute", reg.smtp_max_per_minute, 1, 600));
  BEIAN_RETURN_IF_ERROR(r.Str("from", reg.from));
  BEIAN_RETURN_IF_ERROR(r.Str("ca_file", reg.ca_file));
  BEIAN_RETURN_IF_ERROR(r.NoUnknownKeys());
  BEIAN_RETURN_IF_ERROR(ApplyProvider(t, r, reg));
  if (reg.code.size() != 6 ||
      reg.code.find_first_not_of("0123456789") != std::string::npos) {
    return r.Error("code",
                   "must be a 6-digit division code, got '" + reg.code + "'");
  }
  BEIAN_RETURN_IF_ERROR(
      CheckUrl(r, "imap_url", reg.imap_url, "imap://", "imaps://"));
  BEIAN_RETURN_IF_ERROR(
      CheckUrl(r, "smtp_url", reg.smtp_url, "smtp://", "smtps://"));
  if (reg.after_fetch != "move" && reg.after_fetch != "flag") {
    return r.Error("after_fetch", "must be \"move\" or \"flag\"");
  }
  if (Status folder = QuoteMailboxName(reg.processed_folder).status();
      !folder.ok()) {
    return r.Error("processed_folder",
                   "must be a folder name on one line, "
                   "e.g. \"Processed\" or \"已处理\"");
  }
  if (!reg.imap_url.empty() &&
      (reg.imap_user.empty() || reg.imap_password.empty())) {
    return r.Error("imap_user",
                   "and imap_password_env or imap_password_file are "
                   "required with imap_url");
  }
  if (!reg.smtp_url.empty() && reg.from.find('@') == std::string::npos) {
    return r.Error("from",
                   "must hold the sender address, e.g. "
                   "\"医保事务中心 <beian@example.cn>\"");
  }
  return Status::Ok();
}

Status ReadOcr(const toml::table& t, const std::string& source, OcrConfig& o) {
  Reader r(t, source, "ocr.");
  BEIAN_RETURN_IF_ERROR(r.Int("workers", o.workers, 0, 64));
  BEIAN_RETURN_IF_ERROR(
      r.Int("worker_memory_mb", o.worker_memory_mb, 512, 65536));
  BEIAN_RETURN_IF_ERROR(r.Duration("document_deadline", o.document_deadline));
  BEIAN_RETURN_IF_ERROR(r.Duration("mail_budget", o.mail_budget));
  BEIAN_RETURN_IF_ERROR(r.Int("max_megapixels", o.max_megapixels, 1, 400));
  BEIAN_RETURN_IF_ERROR(r.Int("max_pages", o.max_pages, 1, 100));
  BEIAN_RETURN_IF_ERROR(
      r.Int("pdf_page_megapixels", o.pdf_page_megapixels, 1, 100));
  return r.NoUnknownKeys();
}

// [store]: a SQLite path or a PostgreSQL url (with its password by
// variable or file), the data dir, the outbox dir.
Status ReadStore(const toml::table& t, const std::string& source,
                 ServiceConfig& c) {
  Reader r(t, source, "store.");
  BEIAN_RETURN_IF_ERROR(r.Str("path", c.store_path));
  BEIAN_RETURN_IF_ERROR(r.Str("url", c.store_url));
  BEIAN_RETURN_IF_ERROR(r.SecretOf("password", c.store_password));
  BEIAN_RETURN_IF_ERROR(r.Str("data_dir", c.data_dir));
  BEIAN_RETURN_IF_ERROR(r.Str("outbox_dir", c.outbox_dir));
  std::string blobs = "files";
  BEIAN_RETURN_IF_ERROR(r.Str("blobs", blobs));
  BEIAN_RETURN_IF_ERROR(r.NoUnknownKeys());
  if (t.contains("url") && t.contains("path")) {
    return r.Error("url",
                   "and path both name a store: keep url for "
                   "PostgreSQL or path for a SQLite file");
  }
  if (!c.store_url.empty() && !c.store_url.starts_with("postgresql://") &&
      !c.store_url.starts_with("postgres://")) {
    return r.Error("url",
                   "must start with postgresql://, e.g. "
                   "\"postgresql://beian@db.example.cn:5432/beian\", "
                   "got '" +
                       c.store_url + "'");
  }
  if (c.store_url.empty() && !c.store_password.empty()) {
    return r.Error("password_env",
                   "and password_file are for a PostgreSQL "
                   "url; a SQLite path needs none");
  }
  if (blobs != "files" && blobs != "database") {
    return r.Error("blobs",
                   "must be \"files\" (raw mails and attachments under "
                   "data_dir) or \"database\" (in the PostgreSQL store), "
                   "got '" +
                       blobs + "'");
  }
  c.blobs_in_database = blobs == "database";
  if (c.blobs_in_database && c.store_url.empty()) {
    return r.Error("blobs",
                   "= \"database\" keeps raw mails and attachments in a "
                   "PostgreSQL store, but this [store] is the SQLite file " +
                       c.store_path +
                       ": give url = \"postgresql://...\" instead of path, "
                       "or set blobs = \"files\"");
  }
  return Status::Ok();
}

Status ReadTop(const toml::table& t, const std::string& source,
               ServiceConfig& c) {
  std::set<std::string> allowed = {"store", "service", "ocr", "regions"};
  for (const auto& [k, v] : t) {
    if (!allowed.contains(std::string(k.str()))) {
      return InvalidArgument(source + ": " + std::string(k.str()) +
                             ": unknown key (see config/beian.example.toml)");
    }
  }
  if (const toml::table* s = t["store"].as_table()) {
    BEIAN_RETURN_IF_ERROR(ReadStore(*s, source, c));
  }
  if (const toml::table* s = t["service"].as_table()) {
    Reader r(*s, source, "service.");
    BEIAN_RETURN_IF_ERROR(r.Duration("idle_sleep", c.idle_sleep));
    BEIAN_RETURN_IF_ERROR(r.Duration("max_backoff", c.max_backoff));
    BEIAN_RETURN_IF_ERROR(r.Duration("poll_lease", c.poll_lease));
    BEIAN_RETURN_IF_ERROR(r.Duration("read_lease", c.read_lease));
    BEIAN_RETURN_IF_ERROR(r.NoUnknownKeys());
  }
  if (const toml::table* s = t["ocr"].as_table()) {
    BEIAN_RETURN_IF_ERROR(ReadOcr(*s, source, c.ocr));
  }
  return Status::Ok();
}

}  // namespace

std::optional<std::chrono::seconds> ParseDuration(std::string_view s) {
  s = TrimSpace(s);
  if (s.size() < 2) return std::nullopt;
  int64_t n = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size() - 1, n);
  if (ec != std::errc() || p != s.data() + s.size() - 1 || n < 0)
    return std::nullopt;
  switch (s.back()) {
    case 's':
      return std::chrono::seconds(n);
    case 'm':
      return std::chrono::seconds(n * 60);
    case 'h':
      return std::chrono::seconds(n * 3600);
    default:
      return std::nullopt;
  }
}

StatusOr<std::string> Secret::Resolve() const {
  if (!env.empty()) {
    const char* v = std::getenv(env.c_str());
    if (v == nullptr || *v == '\0') {
      return NotFound("environment variable " + env + " (from " + key +
                      "_env) is not set; export it before starting beian");
    }
    return std::string(v);
  }
  if (!file.empty()) {
    StatusOr<std::string> s = ReadWholeFile(file);
    if (!s.ok()) {
      return IoError(s.status().message() + " (from " + key + "_file)");
    }
    return std::string(TrimSpace(*s));
  }
  return NotFound(key + ": no password configured");
}

const RegionConfig* ServiceConfig::Region(const std::string& code) const {
  for (const RegionConfig& r : regions) {
    if (r.code == code) return &r;
  }
  return nullptr;
}

StatusOr<ServiceConfig> ParseServiceConfig(std::string_view text,
                                           const std::string& source) {
  StatusOr<toml::table> parsed = internal::ParseTomlText(text, source);
  if (!parsed.ok()) return parsed.status();
  const toml::table& t = *parsed;
  ServiceConfig c;
  BEIAN_RETURN_IF_ERROR(ReadTop(t, source, c));
  if (t.contains("regions")) {
    const toml::array* regions = t["regions"].as_array();
    if (regions == nullptr)
      return InvalidArgument(source + ": regions: must be [[regions]] tables");
    for (size_t i = 0; i < regions->size(); ++i) {
      const toml::table* rt = (*regions)[i].as_table();
      if (rt == nullptr)
        return InvalidArgument(source + ": regions[" + std::to_string(i) +
                               "]: must be a table");
      RegionConfig reg;
      BEIAN_RETURN_IF_ERROR(ReadRegion(*rt, source, i, reg));
      if (c.Region(reg.code) != nullptr) {
        return InvalidArgument(source + ": regions[" + std::to_string(i) +
                               "].code: " + reg.code + " appears twice");
      }
      c.regions.push_back(std::move(reg));
    }
  }
  return c;
}

const ProviderPreset* FindProviderPreset(std::string_view name) {
  for (const ProviderPreset& p : kPresets) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

StatusOr<ServiceConfig> LoadServiceConfig(const std::string& path) {
  StatusOr<std::string> text = ReadWholeFile(path);
  if (!text.ok()) {
    return NotFound("config file: " + text.status().message() +
                    "; start from config/beian.example.toml");
  }
  return ParseServiceConfig(*text, path);
}

}  // namespace beian
