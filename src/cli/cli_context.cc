#include "cli_context.h"

#include <cstdlib>
#include <filesystem>

namespace beian::cli {

StatusOr<SqliteStore*> Context::Store() {
  if (!store_) {
    StatusOr<std::unique_ptr<SqliteStore>> s = SqliteStore::Open(db_path);
    if (!s.ok()) return s.status();
    store_ = std::move(*s);
  }
  return store_.get();
}

std::string Context::ConfigPath(const std::string& file) const {
  namespace fs = std::filesystem;
  if (!config_dir.empty()) return (fs::path(config_dir) / file).string();
  if (fs::exists(fs::path("config") / file)) return "config/" + file;
  return (fs::path(BEIAN_SOURCE_DIR) / "config" / file).string();
}

StatusOr<const DivisionTable*> Context::Divisions() {
  if (!divisions_) {
    StatusOr<DivisionTable> t = DivisionTable::LoadFile(ConfigPath("divisions.tsv"));
    if (!t.ok()) return t.status();
    divisions_ = std::make_unique<DivisionTable>(std::move(*t));
  }
  return divisions_.get();
}

std::string Context::Actor() const {
  if (!reviewer.empty()) return reviewer;
  const char* user = std::getenv("USER");
  return user != nullptr && *user != '\0' ? user : "unknown";
}

int Fail(Context& ctx, const Status& status) {
  *ctx.err << "beian: " << status.message() << "\n";
  return 1;
}

}  // namespace beian::cli
