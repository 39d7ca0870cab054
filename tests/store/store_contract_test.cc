// The ingest half of the store contract (IngestStore, CaseStore), on every
// backend.
#include "store_contract.h"

#include <gtest/gtest.h>

#include <cctype>

namespace beian::testing {

void StoreContractTest::SetUp() {
  backend_ = GetParam().make();
  const ::testing::TestInfo* info =
      ::testing::UnitTest::GetInstance()->current_test_info();
  // "RefusesNewerSchema/Postgres" -> "refusesnewerschema_postgres": a name
  // every backend can use for a file or a database.
  std::string name;
  for (char ch : std::string(info->name())) {
    name +=
        std::isalnum(static_cast<unsigned char>(ch))
            ? static_cast<char>(std::tolower(static_cast<unsigned char>(ch)))
            : '_';
  }
  Status fresh = backend_->Fresh(name);
  ASSERT_TRUE(fresh.ok()) << fresh.ToString();
  auto s = backend_->Open();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  store_ = std::move(*s);
}

void StoreContractTest::TearDown() {
  store_.reset();
  if (backend_) backend_->Remove();
}

void StoreContractTest::Reopen() {
  store_.reset();
  auto s = backend_->Open();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  store_ = std::move(*s);
}

int64_t StoreContractTest::AddMail(const std::string& key,
                                   const std::string& sha) {
  NewRawMail m{{"510682", "maildir:/x", key}, sha, 10, "raw/" + sha, now_};
  StatusOr<int64_t> id = store_->AddRawMail(m);
  EXPECT_TRUE(id.ok()) << id.status().ToString();
  return id.ok() ? *id : 0;
}

CaseUpdate StoreContractTest::Update(int64_t mail_id,
                                     const std::string& id_number) {
  CaseUpdate u;
  u.mail_id = mail_id;
  u.region = "510682";
  u.applicant_name = "张三";
  u.id_number = id_number;
  u.citizen_address = "z3@qq.com";
  u.headers.message_id = "m" + std::to_string(mail_id) + "@qq.com";
  u.thread_ids = {u.headers.message_id};
  u.fields = {{"name", "张三", "subject", 0.9, mail_id}};
  u.problems = {{"id_check_digit", Severity::kBlocking, "bad"}};
  u.attachments = {
      {0, 0, 1, "a.jpg", "image/jpeg", 3, "abc", "att/ab/abc", false, "", {}}};
  u.at = now_;
  return u;
}

CaseRecord StoreContractTest::OpenCase(int n, const std::string& address) {
  const std::string k = std::to_string(n);
  CaseUpdate u = Update(AddMail("k" + k, "sha" + k), "11010519491231002X");
  u.citizen_address = address;
  StatusOr<CaseRecord> c = store_->ApplyCaseUpdate(u);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? *c : CaseRecord{};
}

NewReply StoreContractTest::Reply(const std::string& kind,
                                  const std::string& id,
                                  const std::string& to) {
  // 8-bit bytes as a GBK mail carries them, and a NUL: kept exactly.
  static constexpr char kBytes[] = "Subject: x\r\n\r\n\xd5\xc5\0end";
  return NewReply{kind, to, id + "@beian.test", "回复",
                  std::string(kBytes, sizeof kBytes - 1)};
}

namespace {

TEST_P(StoreContractTest, RefusesNewerSchema) {
  store_.reset();
  Status newer = backend_->MakeSchemaNewer();
  ASSERT_TRUE(newer.ok()) << newer.ToString();
  auto s = backend_->Open();
  EXPECT_EQ(s.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.status().message().find("upgrade beian"), std::string::npos)
      << s.status().ToString();
}

TEST_P(StoreContractTest, DedupBySourceKeyAndSha) {
  AddMail("k1", "sha1");
  NewRawMail same_key{{"510682", "maildir:/x", "k1"}, "sha2", 1, "p", now_};
  EXPECT_EQ(store_->AddRawMail(same_key).status().code(),
            StatusCode::kAlreadyExists);
  NewRawMail same_sha{{"510682", "maildir:/x", "k9"}, "sha1", 1, "p", now_};
  EXPECT_EQ(store_->AddRawMail(same_sha).status().code(),
            StatusCode::kAlreadyExists);
  NewRawMail other_region{{"110105", "maildir:/x", "k1"}, "sha1", 1, "p", now_};
  EXPECT_TRUE(store_->AddRawMail(other_region).ok());
  auto found = store_->FindMailBySha256("510682", "sha1");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->source.key, "k1");
  EXPECT_EQ((*found)->received_at, now_);
  EXPECT_EQ((*found)->state, MailState::kStored);
  auto by_source = store_->FindMailBySource({"510682", "maildir:/x", "k1"});
  ASSERT_TRUE(by_source.ok());
  ASSERT_TRUE(by_source->has_value());
  EXPECT_EQ((*by_source)->sha256, "sha1");
  auto pending = store_->PendingMails();
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->size(), 2u);
}

TEST_P(StoreContractTest, ApplyOpensCaseWithEverythingInOneGo) {
  const int64_t m = AddMail("k1", "sha1");
  auto c = store_->ApplyCaseUpdate(Update(m, "11010519491231002X"));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->number, "510682-20261124-0001");  // China date
  EXPECT_EQ(c->status, CaseStatus::kNeedsReview);
  EXPECT_EQ(c->opened_at, now_);
  auto d = store_->GetCase(c->number);
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  ASSERT_EQ(d->fields.size(), 1u);
  EXPECT_EQ(d->fields[0].value, "张三");
  EXPECT_DOUBLE_EQ(d->fields[0].confidence, 0.9);
  ASSERT_EQ(d->problems.size(), 1u);
  EXPECT_EQ(d->problems[0].problem.severity, Severity::kBlocking);
  ASSERT_EQ(d->attachments.size(), 1u);
  EXPECT_FALSE(d->attachments[0].in_forwarded);
  EXPECT_EQ(d->mails.size(), 1u);
  EXPECT_EQ(d->mails[0].state, MailState::kProcessed);
  ASSERT_FALSE(d->audit.empty());
  EXPECT_EQ(d->audit[0].action, "case_opened");
  // Applying the same mail twice is refused and changes nothing.
  EXPECT_EQ(
      store_->ApplyCaseUpdate(Update(m, "11010519491231002X")).status().code(),
      StatusCode::kFailedPrecondition);
  auto list = store_->ListCases({});
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 1u);
  // The next case that day gets the next number; by row id it is found too.
  const CaseRecord second = OpenCase(2);
  EXPECT_EQ(second.number, "510682-20261124-0002");
  auto by_row = store_->GetCase(std::to_string(second.id));
  ASSERT_TRUE(by_row.ok());
  EXPECT_EQ(by_row->record.number, second.number);
}

TEST_P(StoreContractTest, ThreadAndIdNumberLookups) {
  const int64_t m1 = AddMail("k1", "sha1");
  auto c = store_->ApplyCaseUpdate(Update(m1, "11010519491231002X"));
  ASSERT_TRUE(c.ok());
  auto by_thread = store_->FindCaseByThread("510682", {"zz@x", "m1@qq.com"});
  ASSERT_TRUE(by_thread.ok());
  ASSERT_TRUE(by_thread->has_value());
  EXPECT_EQ((*by_thread)->id, c->id);
  auto other_region = store_->FindCaseByThread("110105", {"m1@qq.com"});
  ASSERT_TRUE(other_region.ok());
  EXPECT_FALSE(other_region->has_value());
  auto by_id = store_->FindOpenCaseByIdNumber("510682", "11010519491231002X");
  ASSERT_TRUE(by_id.ok());
  EXPECT_TRUE(by_id->has_value());
  auto by_message = store_->FindMailByMessageId("510682", "m1@qq.com");
  ASSERT_TRUE(by_message.ok());
  ASSERT_TRUE(by_message->has_value());
  EXPECT_EQ((*by_message)->case_id, c->id);

  // A follow-up replaces the open problems and adds its attachment.
  const int64_t m2 = AddMail("k2", "sha2");
  CaseUpdate u = Update(m2, "");
  u.case_id = c->id;
  u.problems.clear();
  ASSERT_TRUE(store_->ApplyCaseUpdate(u).ok());
  auto d = store_->GetCaseById(c->id);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->problems.empty());
  EXPECT_EQ(d->attachments.size(), 2u);
  EXPECT_EQ(d->record.id_number, "11010519491231002X");  // kept
  EXPECT_EQ(d->record.mail_count, 2);
}

TEST_P(StoreContractTest, DuplicatesAndAttachmentFiles) {
  const CaseRecord c = OpenCase(1);
  auto first = store_->FindMailBySource({"510682", "maildir:/x", "k1"});
  ASSERT_TRUE(first.ok() && first->has_value());
  const int64_t dup = AddMail("k2", "sha2");
  MailHeaders h;
  h.message_id = "m1@qq.com";
  ASSERT_TRUE(store_->MarkDuplicate(dup, (*first)->id, h).ok());
  auto marked = store_->FindMailBySource({"510682", "maildir:/x", "k2"});
  ASSERT_TRUE(marked.ok() && marked->has_value());
  EXPECT_EQ((*marked)->state, MailState::kDuplicate);
  EXPECT_EQ((*marked)->duplicate_of, (*first)->id);
  auto sum = store_->Summarize();
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->mails, 2);
  EXPECT_EQ(sum->duplicates, 1);
  ASSERT_EQ(sum->problems_by_code.size(), 1u);
  EXPECT_EQ(sum->problems_by_code[0],
            std::make_pair(std::string("id_check_digit"), 1));
  auto d = store_->GetCaseById(c.id);
  ASSERT_TRUE(d.ok());
  const int64_t attachment = d->attachments[0].id;
  ASSERT_TRUE(
      store_->SetAttachmentFile(attachment, "ff", "attachments/ff/ff").ok());
  d = store_->GetCaseById(c.id);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->attachments[0].path, "attachments/ff/ff");
  EXPECT_EQ(store_->SetAttachmentFile(attachment + 100, "x", "y").code(),
            StatusCode::kNotFound);
}

TEST_P(StoreContractTest, QuarantineReleaseAndSummary) {
  const int64_t m = AddMail("k1", "sha1");
  ASSERT_TRUE(store_->QuarantineMail(m, "not a mail", now_).ok());
  auto q = store_->ListQuarantine(false);
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->size(), 1u);
  EXPECT_EQ((*q)[0].reason, "not a mail");
  EXPECT_EQ((*q)[0].mail.source.key, "k1");
  auto one = store_->GetQuarantine((*q)[0].id);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->created_at, now_);
  auto pending = store_->PendingMails();
  ASSERT_TRUE(pending.ok());
  EXPECT_TRUE(pending->empty());
  ASSERT_TRUE(store_->ReleaseQuarantine((*q)[0].id, "reviewer", now_).ok());
  EXPECT_EQ(store_->ReleaseQuarantine((*q)[0].id, "reviewer", now_).code(),
            StatusCode::kNotFound);
  auto released = store_->ListQuarantine(true);
  ASSERT_TRUE(released.ok());
  ASSERT_EQ(released->size(), 1u);
  EXPECT_TRUE((*released)[0].released);
  EXPECT_EQ((*released)[0].retries, 1);
  pending = store_->PendingMails();
  ASSERT_TRUE(pending.ok());
  EXPECT_EQ(pending->size(), 1u);
  auto sum = store_->Summarize();
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->mails, 1);
  EXPECT_EQ(sum->quarantined, 0);
  EXPECT_EQ(store_->GetCase("510682-00000000-0000").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(store_->GetQuarantine(999).status().code(), StatusCode::kNotFound);
}

// A batch is committed whole or not at all: closed without CommitBatch (a
// kill), none of its mails is there; committed, all of them are. A call
// that fails inside the batch (a duplicate) undoes only itself.
TEST_P(StoreContractTest, ABatchIsCommittedWholeOrNotAtAll) {
  ASSERT_TRUE(store_->BeginBatch().ok());
  AddMail("k1", "sha1");
  AddMail("k2", "sha2");
  Reopen();  // the process dies before the batch's commit
  EXPECT_FALSE(*store_->FindMailBySource({"510682", "maildir:/x", "k1"}));
  EXPECT_FALSE(*store_->FindMailBySource({"510682", "maildir:/x", "k2"}));

  ASSERT_TRUE(store_->BeginBatch().ok());
  AddMail("k1", "sha1");
  NewRawMail again{{"510682", "maildir:/x", "k1"}, "sha1", 1, "p", now_};
  EXPECT_EQ(store_->AddRawMail(again).status().code(),
            StatusCode::kAlreadyExists);
  AddMail("k2", "sha2");
  ASSERT_TRUE(store_->CommitBatch().ok());
  Reopen();
  EXPECT_TRUE(*store_->FindMailBySource({"510682", "maildir:/x", "k1"}));
  EXPECT_TRUE(*store_->FindMailBySource({"510682", "maildir:/x", "k2"}));
}

// A crash is counted once per attempt, whoever records it how often.
TEST_P(StoreContractTest, CrashesAreCountedOncePerAttempt) {
  ASSERT_TRUE(store_->RecordCrash("510682", "aa", "1", "k", now_).ok());
  ASSERT_TRUE(store_->RecordCrash("510682", "aa", "1", "k", now_).ok());
  ASSERT_TRUE(store_->RecordCrash("510682", "bb", "7", "k2", now_).ok());
  auto twice = store_->CrashedMails(2);
  ASSERT_TRUE(twice.ok());
  EXPECT_TRUE(twice->empty());
  ASSERT_TRUE(store_->RecordCrash("510682", "aa", "2", "k", now_).ok());
  twice = store_->CrashedMails(2);
  ASSERT_TRUE(twice.ok());
  ASSERT_EQ(twice->size(), 1u);
  EXPECT_EQ((*twice)[0],
            std::make_pair(std::string("510682"), std::string("aa")));
  auto once = store_->CrashedMails(1);
  ASSERT_TRUE(once.ok());
  EXPECT_EQ(once->size(), 2u);
}

TEST_P(StoreContractTest, AccountsAreUpsertedByRegionAndSource) {
  AccountState a;
  a.region = "510682";
  a.source = "imap://u@h/INBOX";
  a.last_error = "timeout";
  a.last_error_at = now_;
  a.failures = 2;
  ASSERT_TRUE(store_->SaveAccount(a).ok());
  a.last_success_at = now_ + std::chrono::minutes(5);
  a.failures = 0;
  a.backlog = 7;
  ASSERT_TRUE(store_->SaveAccount(a).ok());
  auto list = store_->ListAccounts();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].last_success_at, now_ + std::chrono::minutes(5));
  EXPECT_EQ((*list)[0].last_error_at, now_);
  EXPECT_FALSE((*list)[0].next_poll_at.has_value());
  EXPECT_EQ((*list)[0].failures, 0);
  EXPECT_EQ((*list)[0].backlog, 7);
}

}  // namespace
}  // namespace beian::testing
