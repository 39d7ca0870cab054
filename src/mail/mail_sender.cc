#include "beian/mail/mail_sender.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <thread>

namespace beian {
namespace {

bool SafeFileName(const std::string& id) {
  if (id.empty() || id.size() > 200) return false;
  for (char c : id) {
    if (c == '/' || c == '\0' || static_cast<unsigned char>(c) < 32)
      return false;
  }
  return id != "." && id != "..";
}

}  // namespace

Status FileMailSender::Send(const OutgoingMail& mail) {
  namespace fs = std::filesystem;
  if (!SafeFileName(mail.message_id)) {
    return InvalidArgument("message id '" + mail.message_id +
                           "' cannot be used as a file name");
  }
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec)
    return IoError("cannot create outbox folder " + dir_ + ": " + ec.message());
  ::chmod(dir_.c_str(), 0700);
  const std::string path =
      (fs::path(dir_) / (mail.message_id + ".eml")).string();
  const std::string tmp = path + ".tmp";
  const int fd =
      ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    return IoError("cannot create " + tmp + ": " + std::strerror(errno));
  std::string_view left = mail.bytes;
  while (!left.empty()) {
    const ssize_t n = ::write(fd, left.data(), left.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return IoError("cannot write " + tmp + ": " + std::strerror(errno));
    }
    left.remove_prefix(static_cast<size_t>(n));
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || ::rename(tmp.c_str(), path.c_str()) != 0) {
    return IoError("cannot store " + path + ": " + std::strerror(errno));
  }
  return Status::Ok();
}

Status RegionRoutingSender::Send(const OutgoingMail& mail) {
  auto it = routes_.find(mail.region);
  if (it == routes_.end()) return fallback_->Send(mail);
  OutgoingMail m = mail;
  if (!it->second.from.empty()) m.from = it->second.from;
  return it->second.sender->Send(m);
}

Status RecordingMailSender::Send(const OutgoingMail& mail) {
  const bool fail = ++calls_ == fail_call_;
  // Like SMTP: a failure before the end of the data never reaches the hook.
  if (fail && fail_status_.code() != StatusCode::kOutcomeUnknown)
    return fail_status_;
  if (mail.before_end_of_data && !mail.before_end_of_data())
    return IoError("aborted before the end of the data");
  if (fail) return fail_status_;
  sent_.push_back(mail);
  return Status::Ok();
}

PacedMailSender::PacedMailSender(std::unique_ptr<MailSender> inner,
                                 int per_minute, Now now, Sleep sleep)
    : inner_(std::move(inner)),
      per_minute_(size_t(std::max(1, per_minute))),
      now_(now ? std::move(now) : Now(std::chrono::steady_clock::now)),
      sleep_(sleep ? std::move(sleep) : Sleep([](std::chrono::milliseconds d) {
        std::this_thread::sleep_for(d);
      })) {}

Status PacedMailSender::Send(const OutgoingMail& mail) {
  constexpr auto kWindow = std::chrono::minutes(1);
  if (sent_.size() >= per_minute_) {
    const auto free_at = sent_.front() + kWindow;
    const auto now = now_();
    if (free_at > now) {
      sleep_(std::chrono::ceil<std::chrono::milliseconds>(free_at - now));
    }
    sent_.pop_front();
  }
  Status s = inner_->Send(mail);
  sent_.push_back(now_());
  return s;
}

}  // namespace beian
