// beian store copy: moving a SQLite site onto PostgreSQL.
#include <filesystem>
#include <iomanip>
#include <nlohmann/json.hpp>

#include "beian/base/sha256.h"
#include "beian/store/postgres_store.h"
#include "beian/store/store_copy.h"
#include "cli_context.h"

namespace beian::cli {
namespace {

namespace fs = std::filesystem;

struct CopyArgs {
  std::string to;
  std::string password_env;
  std::string password_file;
  std::string to_data_dir;      // "" = the files stay where they are
  std::string blobs = "files";  // or "database": into the blobs table
  bool json = false;

  bool blobs_in_database() const { return blobs == "database"; }
};

struct BlobCount {
  int64_t files = 0;
  int64_t copied = 0;
  // Into the database: blobs whose sha256 the server computed and found
  // equal to the file's.
  int64_t verified = 0;
  std::vector<std::string> missing;
};

std::string AbsolutePath(const std::string& path) {
  std::error_code ec;
  const fs::path p = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return ec ? path : p.string();
}

// Checks (and with a target, copies) every file the rows name.
StatusOr<BlobCount> MoveBlobs(const std::vector<std::string>& paths,
                              const FileBlobStore& from,
                              const FileBlobStore* to) {
  BlobCount count;
  for (const std::string& path : paths) {
    ++count.files;
    if (to == nullptr) {
      std::error_code ec;
      if (!fs::is_regular_file(from.AbsolutePath(path), ec)) {
        count.missing.push_back(path);
      }
      continue;
    }
    StatusOr<bool> copied = from.CopyTo(*to, path);
    if (copied.status().code() == StatusCode::kNotFound) {
      count.missing.push_back(path);
    } else if (!copied.ok()) {
      return copied.status();
    } else if (*copied) {
      ++count.copied;
    }
  }
  return count;
}

// The sha256 a blob's name carries: "raw/ab/<sha>.eml" -> "<sha>".
std::string NamedSha256(const std::string& name) {
  return fs::path(name).filename().string().substr(0, 64);
}

// Puts one file into `to`: FailedPrecondition when its bytes no longer
// match the sha256 in its name (a damaged file is not copied over).
StatusOr<bool> PutVerified(const FileBlobStore& from, StoreImport& to,
                           const std::string& name) {
  const std::string file = fs::path(name).filename().string();
  const std::string kind = fs::path(name).parent_path().parent_path().string();
  if (file.size() < 64 ||
      BlobName(kind, file.substr(0, 64), file.substr(64)) != name) {
    return FailedPrecondition(
        "the store names the file " + name +
        ", which is not a name beian gives a mail or attachment "
        "(<kind>/<ab>/<sha256>); copy with --blobs files");
  }
  StatusOr<std::string> bytes = from.Get(name);
  if (!bytes.ok()) return bytes.status();
  if (Sha256Hex(*bytes) != NamedSha256(name)) {
    return FailedPrecondition(
        from.AbsolutePath(name) +
        " does not hold the bytes its name's sha256 says (damaged); restore "
        "it from the data dir's backup and copy again");
  }
  return to.PutBlob(name, *bytes);
}

// Copies every file the rows name into the database's blobs table in the
// rows' transaction, then has the server hash each stored blob and compares
// it with the file's.
StatusOr<BlobCount> BlobsIntoDatabase(const std::vector<std::string>& paths,
                                      const FileBlobStore& from,
                                      StoreImport& to) {
  BlobCount count;
  std::vector<std::string> present;
  for (const std::string& path : paths) {
    ++count.files;
    StatusOr<bool> wrote = PutVerified(from, to, path);
    if (wrote.status().code() == StatusCode::kNotFound) {
      count.missing.push_back(path);
      continue;
    }
    if (!wrote.ok()) return wrote.status();
    count.copied += *wrote ? 1 : 0;
    present.push_back(path);
  }
  for (const std::string& path : present) {
    StatusOr<std::string> stored = to.StoredBlobSha256(path);
    if (!stored.ok()) return stored.status();
    if (*stored != NamedSha256(path)) {
      return IoError("blob " + path + " reads back from the database" +
                     " with sha256 " + *stored +
                     ", not the file's; nothing was committed: run store "
                     "copy again into an empty database");
    }
    ++count.verified;
  }
  return count;
}

StatusOr<std::string> TargetPassword(const CopyArgs& a) {
  Secret secret{a.password_env, a.password_file, "--password-env"};
  if (secret.empty()) return std::string();
  if (!a.password_file.empty()) secret.key = "--password-file";
  return secret.Resolve();
}

// The [store] lines that point beian at the copy.
std::vector<std::pair<std::string, std::string>> ConfigLines(
    const CopyArgs& a, const std::string& data_dir) {
  std::vector<std::pair<std::string, std::string>> lines = {
      {"url", UrlWithoutPassword(a.to)}};
  if (!a.password_env.empty())
    lines.push_back({"password_env", a.password_env});
  if (!a.password_file.empty()) {
    lines.push_back({"password_file", AbsolutePath(a.password_file)});
  }
  lines.push_back({"data_dir", data_dir});
  if (a.blobs_in_database()) lines.push_back({"blobs", "database"});
  return lines;
}

void PrintText(Context& ctx, const CopyArgs& a, const CopyReport& report,
               const BlobCount& blobs, const std::string& data_dir) {
  std::ostream& out = *ctx.out;
  out << "copied " << ctx.db_path << " into " << UrlWithoutPassword(a.to)
      << "; rows and checksums (sha256 over the rows in key order) agree:\n";
  for (const TableSum& s : report.sums) {
    out << "  " << std::left << std::setw(22) << s.table << std::right
        << std::setw(8) << s.rows << "  " << s.sha256 << "\n";
  }
  if (a.blobs_in_database()) {
    out << "blobs: " << blobs.files << " named by the store, " << blobs.copied
        << " copied now from " << ctx.data_dir << " into the blobs table, "
        << blobs.verified << " read back with the file's sha256\n";
  } else {
    out << "files: " << blobs.files << " named by the store under " << data_dir;
    if (!a.to_data_dir.empty()) out << " (" << blobs.copied << " copied now)";
    out << "\n";
  }
  for (const std::string& m : blobs.missing) {
    out << "  missing already in " << ctx.data_dir << ": " << m << "\n";
  }
  out << "\nWhat beian writes to " << ctx.db_path
      << " from now on is not in PostgreSQL: keep it stopped here. In the "
         "config, replace the [store] path = \""
      << ctx.db_path << "\" with:\n\n[store]\n";
  for (const auto& [key, value] : ConfigLines(a, data_dir)) {
    out << key << " = \"" << value << "\"\n";
  }
  if (a.password_env.empty() && a.password_file.empty()) {
    out << "# password: give password_env or password_file, or leave it to "
           "PGPASSFILE / ~/.pgpass of the user beian runs as\n";
  }
  if (a.blobs_in_database()) {
    out << "\nRaw mails and attachments are in PostgreSQL now: " << data_dir
        << " holds only each machine's locks and crash journal and need not "
           "be shared.\n";
  } else {
    out << "\nEvery machine that runs beian must see " << data_dir
        << " (a shared NFS or CephFS mount).\n";
  }
}

void PrintJson(Context& ctx, const CopyArgs& a, const CopyReport& report,
               const BlobCount& blobs, const std::string& data_dir) {
  nlohmann::json j;
  j["from"] = ctx.db_path;
  j["to"] = UrlWithoutPassword(a.to);
  j["tables"] = nlohmann::json::array();
  for (const TableSum& s : report.sums) {
    j["tables"].push_back(
        {{"table", s.table}, {"rows", s.rows}, {"sha256", s.sha256}});
  }
  j["files"] = {{"named", blobs.files},
                {"copied", blobs.copied},
                {"missing", blobs.missing},
                {"data_dir", data_dir},
                {"into", a.blobs_in_database() ? "database" : "files"},
                {"verified", blobs.verified}};
  for (const auto& [key, value] : ConfigLines(a, data_dir)) {
    j["config"][key] = value;
  }
  *ctx.out << j.dump(2) << "\n";
}

int RunCopy(Context& ctx, const CopyArgs& a) {
  if (!IsPostgresUrl(a.to)) {
    return Fail(ctx, InvalidArgument("--to wants a PostgreSQL url "
                                     "(postgresql://beian@host:5432/beian), "
                                     "not \"" +
                                     a.to + "\""));
  }
  std::error_code ec;
  if (!IsPostgresUrl(ctx.db_path) && !fs::is_regular_file(ctx.db_path, ec)) {
    return Fail(ctx, NotFound("there is no SQLite store at " + ctx.db_path +
                              " to copy; name it with --db or the config's "
                              "[store] path"));
  }
  StatusOr<beian::Store*> source = ctx.Store();
  if (!source.ok()) return Fail(ctx, source.status());
  if (dynamic_cast<SqliteStore*>(*source) == nullptr) {
    return Fail(
        ctx, FailedPrecondition(
                 "the store to copy from (" + UrlWithoutPassword(ctx.db_path) +
                 ") is PostgreSQL already; store copy moves a SQLite "
                 "store (move a PostgreSQL database with pg_dump)"));
  }
  StatusOr<std::string> password = TargetPassword(a);
  if (!password.ok()) return Fail(ctx, password.status());
  StatusOr<std::unique_ptr<PostgresStore>> target =
      PostgresStore::Open({a.to, *password});
  if (!target.ok()) return Fail(ctx, target.status());
  StatusOr<std::unique_ptr<StoreImport>> import = (*target)->BeginImport();
  if (!import.ok()) return Fail(ctx, import.status());
  StatusOr<CopyReport> report = CopyStore(**source, **import);
  if (!report.ok()) return Fail(ctx, report.status());
  const FileBlobStore from(ctx.data_dir);
  const std::string data_dir =
      AbsolutePath(a.to_data_dir.empty() ? ctx.data_dir : a.to_data_dir);
  StatusOr<BlobCount> blobs = BlobCount();
  if (a.blobs_in_database()) {
    // In the rows' transaction: a failed copy leaves no blob behind.
    blobs = BlobsIntoDatabase(report->blob_paths, from, **import);
  } else {
    std::unique_ptr<FileBlobStore> to;
    if (!a.to_data_dir.empty() && data_dir != AbsolutePath(ctx.data_dir)) {
      to = std::make_unique<FileBlobStore>(data_dir);
    }
    blobs = MoveBlobs(report->blob_paths, from, to.get());
  }
  if (!blobs.ok()) return Fail(ctx, blobs.status());
  if (Status s = (*import)->Commit(); !s.ok()) return Fail(ctx, s);
  if (a.json) {
    PrintJson(ctx, a, *report, *blobs, data_dir);
  } else {
    PrintText(ctx, a, *report, *blobs, data_dir);
  }
  return 0;
}

}  // namespace

void AddStoreCommand(CLI::App& app, Context& ctx, int* exit_code) {
  CLI::App* store =
      app.add_subcommand("store", "Move the store, remove unused blobs");
  store->require_subcommand(1);
  auto a = std::make_shared<CopyArgs>();
  CLI::App* copy = store->add_subcommand(
      "copy",
      "Copy this SQLite store (--db) into an empty PostgreSQL store in one "
      "transaction, verify every table's rows and checksum, and print the "
      "config that points beian at it");
  copy->add_option("--to", a->to,
                   "The PostgreSQL store, an empty database "
                   "(postgresql://beian@host:5432/beian?sslmode=verify-full)")
      ->required();
  copy->add_option("--password-env", a->password_env,
                   "Environment variable with its password (else libpq's "
                   "PGPASSWORD, PGPASSFILE, ~/.pgpass)");
  copy->add_option("--password-file", a->password_file,
                   "File with its password");
  copy->add_option("--to-data-dir", a->to_data_dir,
                   "Copy raw mails and attachments from --data-dir into this "
                   "(shared) folder; without it they stay where they are and "
                   "PostgreSQL's beian must use --data-dir's folder");
  copy->add_option("--blobs", a->blobs,
                   "Where the copy keeps raw mails and attachments: \"files\" "
                   "(under the data dir) or \"database\" (read from "
                   "--data-dir, put into PostgreSQL's blobs table, each "
                   "read back with its sha256; the config then says blobs = "
                   "\"database\")")
      ->check(CLI::IsMember({"files", "database"}));
  copy->add_flag("--json", a->json, "Print the result as JSON");
  copy->callback([&ctx, a, exit_code] { *exit_code = RunCopy(ctx, *a); });
  AddPruneBlobsCommand(*store, ctx, exit_code);
}

}  // namespace beian::cli
