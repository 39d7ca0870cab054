// Stored raw mails and attachments written into a folder for people to open
// (`cases export`, `quarantine export`), from the data dir or the database.
//
//   StatusOr<ExportFolder> folder = ExportFolder::Make("/tmp/case-7");
//   folder->Write(blobs, mail.raw_path, MailExportName(mail.id));
//   return folder->Report(*ctx.out);  // 0 when every file was written
#ifndef BEIAN_CLI_EXPORT_FOLDER_H_
#define BEIAN_CLI_EXPORT_FOLDER_H_

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "beian/base/status.h"
#include "beian/store/blob_store.h"

namespace beian::cli {

// "mail-<id>.eml".
std::string MailExportName(int64_t mail_id);

class ExportFolder {
 public:
  // Makes `dir` and its parents, the folder mode 0700. IoError naming it and
  // saying what to do when it cannot.
  static StatusOr<ExportFolder> Make(const std::string& dir);

  // Writes blob `name` into the folder as `file` (0600). A blob that cannot
  // be read or written is counted with why, not returned.
  void Write(const BlobStore& blobs, const std::string& name,
             const std::string& file);
  // Counts `file` as not exported, for `why`.
  void Skip(const std::string& file, const std::string& why);
  // "导出 N 个文件到 <dir>" and a line for each file not exported; 0 when
  // every file was written, else 1 (the exit status).
  int Report(std::ostream& out) const;

 private:
  explicit ExportFolder(std::string dir) : dir_(std::move(dir)) {}

  std::string dir_;
  int files_ = 0;
  std::vector<std::string> failed_;  // "file: why"
};

}  // namespace beian::cli

#endif  // BEIAN_CLI_EXPORT_FOLDER_H_
