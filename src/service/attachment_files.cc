#include "beian/service/attachment_files.h"

#include <string_view>
#include <vector>

#include "beian/base/sha256.h"

namespace beian {
namespace {

const MailRecord* FindMail(const CaseDetail& d, int64_t mail_id) {
  for (const MailRecord& m : d.mails) {
    if (m.id == mail_id) return &m;
  }
  return nullptr;
}

// The attachment `a` as intake listed it, decoded again from `mail`.
StatusOr<std::string_view> Decoded(const ParsedMail& mail,
                                   const AttachmentRecord& a) {
  const size_t i = static_cast<size_t>(a.position - 1);
  if (a.position < 1 || i >= mail.attachments.size() ||
      mail.attachments[i].data.size() != static_cast<size_t>(a.size)) {
    return FailedPrecondition(
        "attachment " + std::to_string(a.position) + " (" + a.filename +
        ") of mail " + std::to_string(a.mail_id) +
        " no longer reads as intake listed it (" + std::to_string(a.size) +
        " bytes); this beian decodes that mail differently: "
        "report it with the mail's raw file");
  }
  return std::string_view(mail.attachments[i].data);
}

Status WriteOne(CaseStore& store, BlobStore& blobs, const ParsedMail& mail,
                AttachmentRecord& a) {
  StatusOr<std::string_view> bytes = Decoded(mail, a);
  if (!bytes.ok()) return bytes.status();
  const std::string sha = Sha256Hex(*bytes);
  StatusOr<std::string> path = blobs.Put("attachments", sha, "", *bytes);
  if (!path.ok()) return path.status();
  BEIAN_RETURN_IF_ERROR(store.SetAttachmentFile(a.id, sha, *path));
  a.sha256 = sha;
  a.path = *path;
  return Status::Ok();
}

// The mail `mail_id` of `d`, parsed from its raw file.
StatusOr<ParsedMail> ReadMail(const BlobStore& blobs, const CaseDetail& d,
                              int64_t mail_id, const MimeLimits& limits) {
  if (d.record.purged_at) {
    return NotFound(
        "the case's files were purged (retention); the "
        "attachment is gone with its mail");
  }
  const MailRecord* m = FindMail(d, mail_id);
  if (m == nullptr) {
    return NotFound("mail " + std::to_string(mail_id) +
                    " is not one of the case's mails");
  }
  StatusOr<std::string> raw = blobs.Get(m->raw_path);
  if (!raw.ok()) return raw.status();
  StatusOr<ParsedMail> parsed = ParseMime(*raw, limits);
  if (!parsed.ok()) {
    return Status(parsed.status().code(),
                  "mail " + std::to_string(mail_id) +
                      " no longer parses: " + parsed.status().message());
  }
  return parsed;
}

}  // namespace

std::map<int64_t, std::string> WriteAttachmentFiles(CaseStore& store,
                                                    BlobStore& blobs,
                                                    CaseDetail& detail,
                                                    MimeLimits limits) {
  std::map<int64_t, std::string> errors;
  std::map<int64_t, StatusOr<ParsedMail>> mails;  // parsed once each
  for (AttachmentRecord& a : detail.attachments) {
    if (!a.path.empty()) continue;
    auto it = mails.find(a.mail_id);
    if (it == mails.end()) {
      it = mails.emplace(a.mail_id, ReadMail(blobs, detail, a.mail_id, limits))
               .first;
    }
    Status s = it->second.ok() ? WriteOne(store, blobs, *it->second, a)
                               : it->second.status();
    if (!s.ok()) errors[a.id] = s.message();
  }
  return errors;
}

}  // namespace beian
