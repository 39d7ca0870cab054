#include "export_folder.h"

#include <sys/stat.h>

#include <filesystem>

#include "html_view.h"

namespace beian::cli {

std::string MailExportName(int64_t mail_id) {
  return "mail-" + std::to_string(mail_id) + ".eml";
}

StatusOr<ExportFolder> ExportFolder::Make(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || ::chmod(dir.c_str(), 0700) != 0) {
    return IoError("cannot create the folder " + dir +
                   "; give --to a folder you can write");
  }
  return ExportFolder(dir);
}

void ExportFolder::Write(const BlobStore& blobs, const std::string& name,
                         const std::string& file) {
  StatusOr<std::string> bytes = blobs.Get(name);
  if (!bytes.ok()) return Skip(file, bytes.status().message());
  const Status written =
      WritePrivateFile((std::filesystem::path(dir_) / file).string(), *bytes);
  if (!written.ok()) return Skip(file, written.message());
  ++files_;
}

void ExportFolder::Skip(const std::string& file, const std::string& why) {
  failed_.push_back(file + ": " + why);
}

int ExportFolder::Report(std::ostream& out) const {
  out << "导出 " << files_ << " 个文件到 " << dir_ << "\n";
  for (const std::string& f : failed_) out << "  未能导出 " << f << "\n";
  return failed_.empty() ? 0 : 1;
}

}  // namespace beian::cli
