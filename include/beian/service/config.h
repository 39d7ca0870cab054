// The service configuration file (config/beian.example.toml documents it).
//
//   StatusOr<ServiceConfig> c = LoadServiceConfig("/etc/beian/beian.toml");
//   for (const RegionConfig& r : c->regions) Poll(r);
//
// Errors name the file and the key ("beian.toml: regions[1].imap_url: ...").
#ifndef BEIAN_SERVICE_CONFIG_H_
#define BEIAN_SERVICE_CONFIG_H_

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "beian/base/status.h"

namespace beian {

// A password given by environment variable or file, resolved when needed.
struct Secret {
  std::string env;   // variable name
  std::string file;  // path
  std::string key;   // config key, for messages
  // NotFound / IoError naming the variable or file and the key.
  StatusOr<std::string> Resolve() const;
  bool empty() const { return env.empty() && file.empty(); }
};

struct RegionConfig {
  std::string code;
  std::string name;
  // A mail provider preset ("qq", "exmail", "163", "126", "yeah", "aliyun",
  // "coremail", "" = none): fills imap_url, smtp_url and folder
  // conventions; keys given explicitly win. See ProviderPreset.
  std::string provider;
  std::string imap_url;  // "" = this region is not polled
  std::string imap_user;
  Secret imap_password;
  std::string after_fetch = "move";  // move | flag
  std::string processed_folder = "Processed";
  std::chrono::seconds poll_interval{300};
  int imap_connections = 1;  // 1..4: connections fetching side by side
  std::string smtp_url;      // "" = replies go to the file outbox
  std::string smtp_user;
  Secret smtp_password;
  int smtp_max_per_minute = 20;  // replies a minute through this account
  std::string from;
  std::string ca_file;
};

// Reading attachments: worker processes and the limits each document and
// mail is read under ([ocr] in the file).
struct OcrConfig {
  int workers = 0;                             // 0 = one per core
  int worker_memory_mb = 2048;                 // address space of one worker
  std::chrono::seconds document_deadline{60};  // wall time per attachment
  std::chrono::seconds mail_budget{180};       // all attachments of a mail
  int max_megapixels = 40;       // an image declaring more is refused undecoded
  int max_pages = 10;            // pages read per attachment (PDF, TIFF, ZIP)
  int pdf_page_megapixels = 12;  // a PDF page renders at 300 dpi or less
};

struct ServiceConfig {
  std::string store_path = "var/beian.db";  // SQLite, unless store_url
  // [store] url: a PostgreSQL store ("postgresql://user@host:5432/beian",
  // sslmode and the other libpq keys in its query) instead of store_path.
  std::string store_url;
  // [store] password_env / password_file; empty = libpq's own (PGPASSWORD,
  // PGPASSFILE, ~/.pgpass).
  Secret store_password;
  std::string data_dir = "var/data";
  // [store] blobs = "database": raw mails and attachments in the PostgreSQL
  // store's blobs table (PostgresBlobStore) instead of files under
  // data_dir, which then holds only this machine's locks and crash journal.
  bool blobs_in_database = false;
  std::string outbox_dir = "var/outbox";
  std::chrono::seconds idle_sleep{10};
  std::chrono::seconds max_backoff{1800};
  // How long a mailbox's poll lease lasts without renewal: a poller killed
  // mid-poll blocks its mailbox this long (see Poller).
  std::chrono::seconds poll_lease{600};
  // How long a reader's claim on a stored mail lasts (IngestStore::
  // ClaimPendingMail) from its last renewal: the reader renews it every
  // quarter of this while it waits for the mail's documents, so a slow mail
  // keeps its reader, and a reader killed mid-mail keeps it from the others
  // this long after its last renewal.
  std::chrono::seconds read_lease{600};
  OcrConfig ocr;
  std::vector<RegionConfig> regions;

  const RegionConfig* Region(const std::string& code) const;
};

// What a provider preset fills in. Hosts from the providers' own help pages.
struct ProviderPreset {
  std::string name;       // as in the config
  std::string imap_host;  // "" = none fixed (Coremail: the agency's own)
  std::string smtp_host;
  // Where user folders live over IMAP (QQ: "其他文件夹/"), so the default
  // processed folder is prefix + "Processed".
  std::string folder_prefix;
};
// nullptr for a name that is not a preset.
const ProviderPreset* FindProviderPreset(std::string_view name);

StatusOr<ServiceConfig> LoadServiceConfig(const std::string& path);
StatusOr<ServiceConfig> ParseServiceConfig(std::string_view toml,
                                           const std::string& source);

// "30s", "5m", "2h" -> seconds; nullopt when malformed.
std::optional<std::chrono::seconds> ParseDuration(std::string_view s);

}  // namespace beian

#endif  // BEIAN_SERVICE_CONFIG_H_
