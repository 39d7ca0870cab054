// Where mails come from. Every source hands over the same thing — the raw
// bytes and a stable key — so the pipeline has one code path for a folder of
// .eml files, a Maildir and (later) an IMAP mailbox.
//
//   FolderMailSource src("510682", {"samples/maildir"});
//   while (auto next = src.Next(); next.ok() && *next) Ingest(**next);
#ifndef BEIAN_MAIL_MAIL_SOURCE_H_
#define BEIAN_MAIL_MAIL_SOURCE_H_

#include <optional>
#include <string>
#include <vector>

#include "beian/base/status.h"
#include "beian/case/records.h"

namespace beian {

struct RawMail {
  SourceKey source;
  std::string bytes;
  std::string sha256 = {};  // hex of `bytes` if the source computed it
};

class MailSource {
 public:
  virtual ~MailSource() = default;
  // The next mail, nullopt when there are no more. An error concerns one
  // item (unreadable file, dropped connection); the source has moved past
  // it, so callers may record the error and call Next() again. Past the
  // end, Next() may be called again and says nullopt again; the pipeline
  // does so when it acknowledged mails after the end was first reported.
  virtual StatusOr<std::optional<RawMail>> Next() = 0;
  // Called after the mail is committed to the store; an IMAP source moves or
  // flags it here. Folder sources leave files where they are.
  virtual Status Acknowledge(const SourceKey& source) = 0;
  // How many mails this source holds, for a progress line (0 = unknown).
  virtual size_t Expected() const { return 0; }
};

// .eml files and Maildir folders (new/ and cur/; tmp/ is never read).
// A path may name a file, a Maildir (a folder with cur/ or new/), or a folder
// of .eml files. Keys: for Maildir files the unique part of the name (before
// ":2,"), so moving new/ -> cur/ or changing flags is not a new mail; for
// other files the absolute path.
class FolderMailSource final : public MailSource {
 public:
  FolderMailSource(std::string region, std::vector<std::string> paths);

  // InvalidArgument naming a path that does not exist.
  Status Scan();
  StatusOr<std::optional<RawMail>> Next() override;
  Status Acknowledge(const SourceKey&) override { return Status::Ok(); }
  size_t size() const { return files_.size(); }
  size_t Expected() const override { return files_.size(); }

 private:
  struct File {
    std::string path;
    SourceKey key;
  };
  Status AddPath(const std::string& path);
  std::string region_;
  std::vector<std::string> paths_;
  std::vector<File> files_;
  size_t next_ = 0;
  bool scanned_ = false;
};

// A source over mails held in memory, for tests: records acknowledgements
// and can fail chosen calls.
class FakeMailSource final : public MailSource {
 public:
  void Add(RawMail mail) { mails_.push_back(std::move(mail)); }
  // The Nth call to Next() (1-based) returns IoError and skips that mail.
  void FailNextCall(int n) { fail_call_ = n; }
  StatusOr<std::optional<RawMail>> Next() override;
  Status Acknowledge(const SourceKey& source) override;
  std::vector<SourceKey> acknowledged_;

 private:
  std::vector<RawMail> mails_;
  size_t next_ = 0;
  int calls_ = 0;
  int fail_call_ = 0;
};

}  // namespace beian

#endif  // BEIAN_MAIL_MAIL_SOURCE_H_
