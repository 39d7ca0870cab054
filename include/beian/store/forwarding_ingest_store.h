// An IngestStore that hands every call to another one: the base of the
// tests' fault-injecting fakes, which override only the calls they break.
//
//   class CrashingStore final : public ForwardingIngestStore {
//    public:
//     using ForwardingIngestStore::ForwardingIngestStore;
//     StatusOr<CaseRecord> ApplyCaseUpdate(const CaseUpdate& u) override {
//       if (++calls_ == 2) return IoError("injected crash");
//       return ForwardingIngestStore::ApplyCaseUpdate(u);
//     }
//   };
//
// `target` is not owned and must outlive this store.
#ifndef BEIAN_STORE_FORWARDING_INGEST_STORE_H_
#define BEIAN_STORE_FORWARDING_INGEST_STORE_H_

#include "beian/store/store.h"

namespace beian {

class ForwardingIngestStore : public IngestStore {
 public:
  explicit ForwardingIngestStore(IngestStore& target) : target_(target) {}

  StatusOr<std::optional<MailRecord>> FindMailBySource(
      const SourceKey& source) override {
    return target_.FindMailBySource(source);
  }
  StatusOr<std::optional<MailRecord>> FindMailBySha256(
      std::string_view region, std::string_view sha256) override {
    return target_.FindMailBySha256(region, sha256);
  }
  StatusOr<int64_t> AddRawMail(const NewRawMail& mail) override {
    return target_.AddRawMail(mail);
  }
  StatusOr<std::vector<MailRecord>> PendingMails() override {
    return target_.PendingMails();
  }
  StatusOr<std::optional<MailRecord>> ClaimPendingMail(
      std::string_view holder, TimePoint now, TimePoint until) override {
    return target_.ClaimPendingMail(holder, now, until);
  }
  Status RenewReadClaim(int64_t mail_id, std::string_view holder,
                        TimePoint until) override {
    return target_.RenewReadClaim(mail_id, holder, until);
  }
  StatusOr<std::optional<MailRecord>> FindMailByMessageId(
      std::string_view region, std::string_view message_id) override {
    return target_.FindMailByMessageId(region, message_id);
  }
  Status MarkDuplicate(int64_t mail_id, int64_t of_mail_id,
                       const MailHeaders& headers) override {
    return target_.MarkDuplicate(mail_id, of_mail_id, headers);
  }
  Status QuarantineMail(int64_t mail_id, std::string_view reason,
                        TimePoint at) override {
    return target_.QuarantineMail(mail_id, reason, at);
  }
  StatusOr<std::optional<CaseRecord>> FindCaseByThread(
      std::string_view region, const std::vector<std::string>& ids) override {
    return target_.FindCaseByThread(region, ids);
  }
  StatusOr<std::optional<CaseRecord>> FindOpenCaseByIdNumber(
      std::string_view region, std::string_view id_number) override {
    return target_.FindOpenCaseByIdNumber(region, id_number);
  }
  StatusOr<CaseDetail> GetCaseById(int64_t case_id) override {
    return target_.GetCaseById(case_id);
  }
  StatusOr<CaseRecord> ApplyCaseUpdate(const CaseUpdate& update) override {
    return target_.ApplyCaseUpdate(update);
  }
  Status RecordCrash(std::string_view region, std::string_view sha256,
                     std::string_view attempt, std::string_view source_key,
                     TimePoint at) override {
    return target_.RecordCrash(region, sha256, attempt, source_key, at);
  }
  StatusOr<std::vector<std::pair<std::string, std::string>>> CrashedMails(
      int times) override {
    return target_.CrashedMails(times);
  }
  Status BeginBatch() override { return target_.BeginBatch(); }
  Status CommitBatch() override { return target_.CommitBatch(); }

 private:
  IngestStore& target_;
};

}  // namespace beian

#endif  // BEIAN_STORE_FORWARDING_INGEST_STORE_H_
