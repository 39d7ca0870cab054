#include <algorithm>
#include <filesystem>

#include "beian/base/whole_file.h"
#include "beian/mail/mail_source.h"

namespace beian {
namespace {

namespace fs = std::filesystem;

bool IsMaildir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p / "cur", ec) || fs::is_directory(p / "new", ec);
}

// Maildir: "1700000000.M1P1.host:2,S" -> "1700000000.M1P1.host".
std::string MaildirKey(const fs::path& file) {
  const std::string name = file.filename().string();
  return name.substr(0, name.find(":2,"));
}

std::vector<fs::path> SortedFiles(const fs::path& dir, bool eml_only) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (!e.is_regular_file(ec)) continue;
    const std::string name = e.path().filename().string();
    if (name.starts_with(".")) continue;
    if (eml_only && e.path().extension() != ".eml") continue;
    out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

FolderMailSource::FolderMailSource(std::string region,
                                   std::vector<std::string> paths)
    : region_(std::move(region)), paths_(std::move(paths)) {}

Status FolderMailSource::AddPath(const std::string& path) {
  std::error_code ec;
  const fs::path p = fs::absolute(path, ec);
  if (!fs::exists(p, ec)) {
    return InvalidArgument("no such file or folder: " + path +
                           "; give .eml files, Maildir folders or folders of "
                           ".eml files");
  }
  if (fs::is_regular_file(p, ec)) {
    files_.push_back(
        {p.string(),
         {region_, "file:" + p.parent_path().string(), p.filename().string()}});
  } else if (IsMaildir(p)) {
    const std::string source = "maildir:" + p.lexically_normal().string();
    for (const char* sub : {"new", "cur"}) {
      for (const fs::path& f : SortedFiles(p / sub, false)) {
        files_.push_back({f.string(), {region_, source, MaildirKey(f)}});
      }
    }
  } else {
    for (const fs::path& f : SortedFiles(p, true)) {
      files_.push_back(
          {f.string(), {region_, "file:" + p.string(), f.filename().string()}});
    }
  }
  return Status::Ok();
}

Status FolderMailSource::Scan() {
  files_.clear();
  next_ = 0;
  for (const std::string& path : paths_) BEIAN_RETURN_IF_ERROR(AddPath(path));
  scanned_ = true;
  return Status::Ok();
}

StatusOr<std::optional<RawMail>> FolderMailSource::Next() {
  if (!scanned_) BEIAN_RETURN_IF_ERROR(Scan());
  if (next_ >= files_.size()) return std::optional<RawMail>();
  const File& f = files_[next_++];
  StatusOr<std::string> bytes = ReadWholeFile(f.path);
  if (!bytes.ok()) {
    return IoError(bytes.status().message() + "; check its permissions");
  }
  return std::optional<RawMail>(RawMail{f.key, std::move(*bytes)});
}

StatusOr<std::optional<RawMail>> FakeMailSource::Next() {
  ++calls_;
  if (next_ >= mails_.size()) return std::optional<RawMail>();
  const RawMail& m = mails_[next_++];
  if (calls_ == fail_call_) {
    return IoError("injected failure reading " + m.source.key);
  }
  return std::optional<RawMail>(m);
}

Status FakeMailSource::Acknowledge(const SourceKey& source) {
  acknowledged_.push_back(source);
  return Status::Ok();
}

}  // namespace beian
