// The intake pipeline against a real SQLite file in a temp dir, with a
// FakeMailSource, and a store wrapper that fails chosen calls to simulate a
// crash between committing the raw mail and creating the case.
#include "beian/service/intake_pipeline.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "beian/store/forwarding_ingest_store.h"
#include "test_dir.h"

namespace beian {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono;

// Forwards to a real store; ApplyCaseUpdate fails on chosen calls as if the
// process had died right there (nothing of the update is committed), and
// can log each call.
class CrashingStore final : public ForwardingIngestStore {
 public:
  using ForwardingIngestStore::ForwardingIngestStore;
  int fail_apply_call = 0;  // 1-based
  int apply_calls = 0;
  std::vector<std::string>* events = nullptr;  // "case of mail N" when set

  StatusOr<CaseRecord> ApplyCaseUpdate(const CaseUpdate& u) override {
    if (events) events->push_back("case of mail " + std::to_string(u.mail_id));
    if (++apply_calls == fail_apply_call) return IoError("injected crash");
    return ForwardingIngestStore::ApplyCaseUpdate(u);
  }
  Status CommitBatch() override {
    if (events) events->push_back("commit");
    return ForwardingIngestStore::CommitBatch();
  }
};

std::string Mail(const std::string& id, const std::string& subject,
                 const std::string& extra_headers = "",
                 bool attachment = true) {
  std::string m = "From: citizen" + id +
                  "@qq.com\r\nTo: beian@ybj.example.cn\r\n"
                  "Subject: " +
                  subject + "\r\nMessage-ID: <" + id + "@qq.com>\r\n" +
                  extra_headers;
  if (!attachment) return m + "\r\nhello\r\n";
  return m +
         "Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\n"
         "Content-Type: text/plain; charset=utf-8\r\n\r\n见附件\r\n--B\r\n"
         "Content-Type: image/jpeg; name=card" +
         id +
         ".jpg\r\n"
         "Content-Transfer-Encoding: base64\r\n\r\n/9j/4Ep" +
         id + "\r\n--B--\r\n";
}

class IntakePipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = beian::testing::FreshTestDir("beian-pipeline");
    OpenStore();
  }
  void TearDown() override { fs::remove_all(dir_); }
  void OpenStore() {
    store_.reset();
    auto s = SqliteStore::Open((dir_ / "beian.db").string());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }
  FakeMailSource Source(
      const std::vector<std::pair<std::string, std::string>>& mails) {
    FakeMailSource src;
    for (const auto& [key, bytes] : mails) {
      src.Add({{"510682", "maildir:/test", key}, bytes});
    }
    return src;
  }
  StatusOr<IntakeStats> Run(IngestStore& store, MailSource& src) {
    IntakePipeline p(store, blobs_, clock_, nullptr, log_);
    return p.Run(src);
  }
  int CountCases() {
    auto cases = store_->ListCases({});
    return cases.ok() ? static_cast<int>(cases->size()) : -1;
  }

  fs::path dir_;
  std::unique_ptr<SqliteStore> store_;
  FileBlobStore blobs_{""};
  FakeClock clock_{sys_days{2026y / 11 / 23} + 1h};
  RecordingLogger log_;
};

const std::vector<std::pair<std::string, std::string>> kThree = {
    {"k1", Mail("1", "张三+11010519491231002X+跨省异地就医备案")},
    {"k2", Mail("2", "李四+440524188001010014+跨省异地就医备案")},
    {"k3", Mail("3", "王五+34052419800101001X+跨省异地就医备案")},
};

TEST_F(IntakePipelineTest, StoresRawPrivatelyAndOpensCases) {
  blobs_ = FileBlobStore((dir_ / "data").string());
  FakeMailSource src = Source(kThree);
  StatusOr<IntakeStats> st = Run(*store_, src);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st->stored, 3);
  EXPECT_EQ(st->cases_opened, 3);
  EXPECT_EQ(src.acknowledged_.size(), 3u);
  EXPECT_EQ(CountCases(), 3);
  auto c = store_->GetCase("1");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->record.applicant_name, "张三");
  EXPECT_EQ(c->record.id_number, "11010519491231002X");
  ASSERT_EQ(c->attachments.size(), 1u);
  const fs::path raw = dir_ / "data" / c->mails[0].raw_path;
  ASSERT_TRUE(fs::exists(raw));
  EXPECT_EQ(fs::status(raw).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(fs::status(raw.parent_path()).permissions() & fs::perms::all,
            fs::perms::owner_all);
  for (const std::string& line : log_.lines_) {
    EXPECT_EQ(line.find("11010519491231002X"), std::string::npos) << line;
  }
}

// Records what the pipeline asks for and finds no pages.
class RecordingReader final : public DocumentReader {
 public:
  StatusOr<DocumentReading> Read(std::string_view filename, std::string_view,
                                 std::string_view,
                                 const ReadHints& hints) override {
    calls_.emplace_back(std::string(filename), hints);
    return DocumentReading{};
  }
  std::vector<std::pair<std::string, ReadHints>> calls_;
};

TEST_F(IntakePipelineTest, TheSubjectReachesTheReaderAsItsHints) {
  blobs_ = FileBlobStore((dir_ / "data").string());
  RecordingReader reader;
  FakeMailSource src = Source({kThree[2]});
  IntakePipeline p(*store_, blobs_, clock_, nullptr, log_);
  p.set_document_reader(&reader);
  ASSERT_TRUE(p.Run(src).ok());
  ASSERT_EQ(reader.calls_.size(), 1u);
  EXPECT_EQ(reader.calls_[0].second.name, "王五");
  EXPECT_EQ(reader.calls_[0].second.id_number, "34052419800101001X");
}

TEST_F(IntakePipelineTest, SecondRunCreatesNothingNew) {
  blobs_ = FileBlobStore((dir_ / "data").string());
  FakeMailSource first = Source(kThree);
  ASSERT_TRUE(Run(*store_, first).ok());
  FakeMailSource again = Source(kThree);
  StatusOr<IntakeStats> st = Run(*store_, again);
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->stored, 0);
  EXPECT_EQ(st->already_known, 3);
  EXPECT_EQ(CountCases(), 3);
  // The same bytes under another key are not a new mail either.
  FakeMailSource renamed = Source({{"other-key", kThree[0].second}});
  st = Run(*store_, renamed);
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->already_known, 1);
  EXPECT_EQ(CountCases(), 3);
}

TEST_F(IntakePipelineTest, CrashBetweenRawCommitAndCaseIsRepairedNextRun) {
  blobs_ = FileBlobStore((dir_ / "data").string());
  CrashingStore crashing(*store_);
  crashing.fail_apply_call = 2;
  FakeMailSource src = Source(kThree);
  StatusOr<IntakeStats> st = Run(crashing, src);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(CountCases(), 1);
  auto pending = store_->PendingMails();
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);  // mail 2 is safe in the store

  OpenStore();  // a new process
  FakeMailSource rerun = Source(kThree);
  st = Run(*store_, rerun);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st->repaired, 1);
  EXPECT_EQ(st->stored, 1);  // mail 3 was never read before the crash
  EXPECT_EQ(CountCases(), 3);
  pending = store_->PendingMails();
  ASSERT_TRUE(pending.ok());
  EXPECT_TRUE(pending->empty());
}

// Group commit (the poller) syncs files only before the server lets go of
// them; a power cut can keep a mail's row and lose its file. The row stays
// pending (not quarantined), and the same bytes fetched again restore it.
TEST_F(IntakePipelineTest, AMailWhoseFileWasLostIsRestoredWhenItComesAgain) {
  blobs_ = FileBlobStore((dir_ / "data").string());
  blobs_.set_defer_sync(true);
  ASSERT_TRUE(store_->SetDeferredSync(true).ok());
  CrashingStore crashing(*store_);
  crashing.fail_apply_call = 1;
  FakeMailSource src = Source({kThree[0]});
  ASSERT_FALSE(Run(crashing, src).ok());
  auto pending = store_->PendingMails();
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);
  const MailRecord lost = pending->front();
  ASSERT_TRUE(blobs_.Has(lost.raw_path, lost.size));
  fs::remove(dir_ / "data" / lost.raw_path);  // the power cut
  EXPECT_FALSE(blobs_.Has(lost.raw_path, lost.size));

  FakeMailSource nothing = Source({});
  StatusOr<IntakeStats> st = Run(*store_, nothing);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st->quarantined, 0);
  EXPECT_EQ(store_->PendingMails()->size(), 1u);  // waits for its bytes

  FakeMailSource again = Source({kThree[0]});
  st = Run(*store_, again);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st->already_known, 1);
  EXPECT_EQ(st->processed, 1);
  EXPECT_TRUE(blobs_.Has(lost.raw_path, lost.size));
  EXPECT_EQ(std::count_if(log_.lines_.begin(), log_.lines_.end(),
                          [](const std::string& l) {
                            return l.find("mail_restored") != std::string::npos;
                          }),
            1);
  EXPECT_TRUE(store_->PendingMails()->empty());
  EXPECT_EQ(CountCases(), 1);
  EXPECT_EQ(again.acknowledged_.size(), 1u);
  ASSERT_TRUE(blobs_.SyncAll().ok());
  ASSERT_TRUE(store_->SyncToDisk().ok());
}

TEST_F(IntakePipelineTest, MalformedMailIsQuarantinedAndTheRestCarriesOn) {
  blobs_ = FileBlobStore((dir_ / "data").string());
  FakeMailSource src = Source({{"k1", kThree[0].second},
                               {"bad", "\x89PNG\r\n\x1a\nnot a mail"},
                               {"k3", kThree[2].second}});
  src.FailNextCall(4);  // an unreadable item after the three
  StatusOr<IntakeStats> st = Run(*store_, src);
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->quarantined, 1);
  EXPECT_EQ(st->cases_opened, 2);
  auto q = store_->ListQuarantine(false);
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->size(), 1u);
  EXPECT_NE((*q)[0].reason.find("not a mail"), std::string::npos);
  // Released, it is processed again (and quarantined again, with a reason).
  ASSERT_TRUE(
      store_->ReleaseQuarantine((*q)[0].id, "tester", clock_.Now()).ok());
  IntakePipeline p(*store_, blobs_, clock_, nullptr, log_);
  IntakeStats again;
  ASSERT_TRUE(p.ProcessPending(again).ok());
  EXPECT_EQ(again.quarantined, 1);
  q = store_->ListQuarantine(true);
  ASSERT_TRUE(q.ok());
  EXPECT_EQ((*q)[0].retries, 1);
}

TEST_F(IntakePipelineTest, FollowUpMailsJoinTheirCase) {
  blobs_ = FileBlobStore((dir_ / "data").string());
  FakeMailSource src = Source({
      {"k1", Mail("1", "张三+11010519491231002X+跨省异地就医备案")},
      // replies to the first mail, no identity in the subject
      {"k2", Mail("2", "Re: 补充材料", "In-Reply-To: <1@qq.com>\r\n")},
      // same identity number, no threading
      {"k3", Mail("3", "张三 11010519491231002X 异地就医备案")},
      // same Message-ID as the first, from another source: a duplicate
      {"k4", Mail("1", "张三+11010519491231002X+跨省异地就医备案 ")},
      {"k5", Mail("5", "李四+440524188001010014+跨省异地就医备案")},
  });
  StatusOr<IntakeStats> st = Run(*store_, src);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st->cases_opened, 2);
  EXPECT_EQ(st->cases_updated, 2);
  EXPECT_EQ(st->duplicates, 1);
  auto c = store_->GetCase("1");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->mails.size(), 3u);
  EXPECT_EQ(c->attachments.size(), 3u);
  EXPECT_TRUE(c->problems.empty());
}

TEST_F(IntakePipelineTest, CaseNumbersAreUniqueAndReadable) {
  blobs_ = FileBlobStore((dir_ / "data").string());
  FakeMailSource src = Source(kThree);
  ASSERT_TRUE(Run(*store_, src).ok());
  auto cases = store_->ListCases({});
  ASSERT_TRUE(cases.ok());
  ASSERT_EQ(cases->size(), 3u);
  EXPECT_EQ((*cases)[0].number, "510682-20261123-0001");
  EXPECT_EQ((*cases)[2].number, "510682-20261123-0003");
}

// Logs what the source hands out and gets acknowledged (with the store's
// "case of mail N", one list of events).
class EventSource final : public MailSource {
 public:
  EventSource(MailSource& real, std::vector<std::string>& events)
      : real_(real), events_(events) {}
  StatusOr<std::optional<RawMail>> Next() override {
    StatusOr<std::optional<RawMail>> m = real_.Next();
    events_.push_back(m.ok() && *m ? "next " + (*m)->source.key : "end");
    return m;
  }
  Status Acknowledge(const SourceKey& k) override {
    events_.push_back("ack " + k.key);
    return real_.Acknowledge(k);
  }

 private:
  MailSource& real_;
  std::vector<std::string>& events_;
};

// The next mail is taken (and parsed, on another thread) once this one is
// stored, before this one's case is written. The source hears of the mails
// once their batch is committed, and is asked for its end once more after
// that (an IMAP source moves what it was told of there).
TEST_F(IntakePipelineTest, TheNextMailIsTakenWhileThisOnesCaseIsWritten) {
  blobs_ = FileBlobStore((dir_ / "data").string());
  FakeMailSource fake = Source({kThree[0], kThree[1]});
  std::vector<std::string> events;
  EventSource src(fake, events);
  CrashingStore store(*store_);
  store.events = &events;
  StatusOr<IntakeStats> st = Run(store, src);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st->cases_opened, 2);
  EXPECT_EQ(events,
            (std::vector<std::string>{"next k1", "next k2", "case of mail 1",
                                      "end", "case of mail 2", "commit",
                                      "ack k1", "ack k2", "end"}));
}

// A stop finishes the mail at hand; the one taken ahead was never
// acknowledged, so its source keeps it for the next run.
TEST_F(IntakePipelineTest, AStopLeavesTheMailTakenAheadWithItsSource) {
  blobs_ = FileBlobStore((dir_ / "data").string());
  FakeMailSource fake = Source(kThree);
  std::vector<std::string> events;
  EventSource src(fake, events);
  CrashingStore store(*store_);
  store.events = &events;
  IntakePipeline p(store, blobs_, clock_, nullptr, log_);
  p.set_should_stop([&] {
    return std::find(events.begin(), events.end(), "case of mail 1") !=
           events.end();
  });
  StatusOr<IntakeStats> st = p.Run(src);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st->stored, 1);
  EXPECT_EQ(CountCases(), 1);
  ASSERT_EQ(fake.acknowledged_.size(), 1u);
  EXPECT_EQ(fake.acknowledged_[0].key, "k1");
  // k2 was taken, nothing more; k1 was acknowledged after its commit.
  EXPECT_EQ(events,
            (std::vector<std::string>{"next k1", "next k2", "case of mail 1",
                                      "commit", "ack k1"}));

  FakeMailSource again = Source(kThree);  // the mailbox still holds k2, k3
  st = Run(*store_, again);
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->stored, 2);
  EXPECT_EQ(CountCases(), 3);
}

// Reads documents; dies like a crashing OCR library (abort) on an
// attachment named poison*.
class CrashingReader final : public DocumentReader {
 public:
  StatusOr<DocumentReading> Read(std::string_view filename, std::string_view,
                                 std::string_view, const ReadHints&) override {
    if (filename.starts_with("poison")) std::abort();
    return DocumentReading{};
  }
};

// A mail that crashes beian while it is read is counted at the next start;
// after the second crash it is quarantined unread, and the mails after it
// are read. Each crashing run is a child process that dies of SIGABRT.
TEST_F(IntakePipelineTest, AMailThatCrashesBeianTwiceIsQuarantinedUnread) {
  const std::string poison =
      "From: citizen9@qq.com\r\nTo: beian@ybj.example.cn\r\nSubject: "
      "赵六+510682199001011237+跨省异地就医备案\r\nMessage-ID: <9@qq.com>\r\n"
      "Content-Type: multipart/mixed; boundary=B\r\n\r\n--B\r\n"
      "Content-Type: image/jpeg; name=poison.jpg\r\n"
      "Content-Transfer-Encoding: base64\r\n\r\n/9j/4Ep9\r\n--B--\r\n";
  const std::vector<std::pair<std::string, std::string>> mails = {
      kThree[0], {"k9", poison}, kThree[1]};
  const std::string journal_dir = (dir_ / "data" / "inflight").string();
  const auto run = [&](bool in_child) -> StatusOr<IntakeStats> {
    auto store = SqliteStore::Open((dir_ / "beian.db").string());
    if (!store.ok()) return store.status();
    FileBlobStore blobs((dir_ / "data").string());
    auto journal = CrashJournal::Open(journal_dir);
    if (!journal.ok()) return journal.status();
    if (in_child) InstallCrashHandlers();
    CrashingReader reader;
    FakeMailSource src = Source(mails);
    IntakePipeline p(**store, blobs, clock_, nullptr, log_);
    p.set_document_reader(&reader);
    p.set_crash_journal(journal->get());
    return p.Run(src);
  };
  store_.reset();  // no connection of ours across fork()
  for (int crash = 1; crash <= 2; ++crash) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      (void)run(/*in_child=*/true);
      ::_exit(0);  // not reached: the reader aborts
    }
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    ASSERT_FALSE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "run " << crash << " did not crash";
  }
  StatusOr<IntakeStats> st = run(/*in_child=*/false);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st->quarantined, 1);
  OpenStore();
  EXPECT_EQ(CountCases(), 2);  // k1 (before the crashes) and k2 (after)
  auto q = store_->ListQuarantine(false);
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->size(), 1u);
  EXPECT_NE((*q)[0].reason.find("crash 2 times"), std::string::npos)
      << (*q)[0].reason;
  EXPECT_NE((*q)[0].reason.find("beian quarantine retry"), std::string::npos);
  int crash_lines = 0;
  for (const std::string& line : log_.lines_) {
    crash_lines += line.find("mail_crashed_beian") != std::string::npos;
  }
  EXPECT_EQ(crash_lines, 1);  // this process saw the second crash only

  // Released, it gets its tries back: the count is gone.
  ASSERT_TRUE(
      store_->ReleaseQuarantine((*q)[0].id, "tester", clock_.Now()).ok());
  auto crashed = store_->CrashedMails(1);
  ASSERT_TRUE(crashed.ok());
  EXPECT_TRUE(crashed->empty());
}

// A document queue answering at once: a file named "lost..." comes back
// lost (its worker died), others with one page. Submissions are logged in
// `events` (shared with a CrashingStore) to show their order.
class ScriptedQueue final : public DocumentQueue {
 public:
  explicit ScriptedQueue(std::vector<std::string>& events) : events_(events) {}
  std::shared_future<ReadOutcome> Submit(ReadRequest r) override {
    events_.push_back("read " + r.filename);
    ReadOutcome o;
    if (r.filename.starts_with("lost")) {
      o.lost = "the process reading it died: it crashed (signal 6, Aborted)";
    } else {
      DocumentReading d;
      d.pages.push_back(PageReading{});
      o.reading = d;
    }
    std::promise<ReadOutcome> p;
    p.set_value(std::move(o));
    return p.get_future().share();
  }

 private:
  std::vector<std::string>& events_;
};

std::string MailWith(const std::string& id, const std::string& subject,
                     const std::vector<std::string>& files) {
  std::string m = "From: citizen" + id +
                  "@qq.com\r\nTo: beian@ybj.example.cn\r\nSubject: " + subject +
                  "\r\nMessage-ID: <" + id +
                  "@qq.com>\r\nContent-Type: multipart/mixed; "
                  "boundary=B\r\n\r\n";
  for (const std::string& f : files) {
    m += "--B\r\nContent-Type: image/jpeg; name=" + f +
         "\r\nContent-Transfer-Encoding: base64\r\n\r\n/9j/4Ep" + id + "\r\n";
  }
  return m + "--B--\r\n";
}

TEST_F(IntakePipelineTest,
       TheNextMailIsQueuedForReadingBeforeThisOneIsWritten) {
  blobs_ = FileBlobStore((dir_ / "data").string());
  std::vector<std::string> events;
  CrashingStore store(*store_);
  store.events = &events;
  ScriptedQueue queue(events);
  FakeMailSource src =
      Source({{"k1", MailWith("1", "张三+11010519491231002X+跨省异地就医备案",
                              {"a1.jpg", "b1.jpg"})},
              {"k2", MailWith("2", "李四+440524188001010014+跨省异地就医备案",
                              {"a2.jpg"})}});
  IntakePipeline p(store, blobs_, clock_, nullptr, log_);
  p.set_document_queue(&queue);
  ASSERT_TRUE(p.Run(src).ok());
  const std::vector<std::string> want = {
      "read a1.jpg", "read b1.jpg",    "read a2.jpg", "case of mail 1",
      "commit",      "case of mail 2", "commit"};
  EXPECT_EQ(events, want);  // each attachment handed over exactly once
  EXPECT_EQ(CountCases(), 2);
}

TEST_F(IntakePipelineTest, AnAttachmentWhoseWorkerDiedIsLeftUnreadWithAReason) {
  blobs_ = FileBlobStore((dir_ / "data").string());
  std::vector<std::string> events;
  ScriptedQueue queue(events);
  FakeMailSource src =
      Source({{"k1", MailWith("1", "张三+11010519491231002X+跨省异地就医备案",
                              {"lost.jpg", "card.jpg"})}});
  IntakePipeline p(*store_, blobs_, clock_, nullptr, log_);
  p.set_document_queue(&queue);
  StatusOr<IntakeStats> st = p.Run(src);
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->cases_opened, 1);
  EXPECT_EQ(st->documents_read, 2);
  EXPECT_EQ(st->pages_read, 1);
  auto cases = store_->ListCases({});
  ASSERT_TRUE(cases.ok());
  ASSERT_EQ(cases->size(), 1u);
  auto detail = store_->GetCaseById((*cases)[0].id);
  ASSERT_TRUE(detail.ok());
  bool unread = false;
  for (const auto& p : detail->problems) {
    if (p.problem.code == "document_not_read") {
      unread = true;
      EXPECT_NE(p.problem.detail.find("lost.jpg"), std::string::npos);
      EXPECT_NE(p.problem.detail.find("signal 6"), std::string::npos);
    }
  }
  EXPECT_TRUE(unread);
  auto crashed = store_->CrashedMails(1);  // counted like a crash
  ASSERT_TRUE(crashed.ok());
  EXPECT_EQ(crashed->size(), 1u);
}

TEST_F(IntakePipelineTest, AMailThatTakesDownTwoWorkersIsQuarantined) {
  blobs_ = FileBlobStore((dir_ / "data").string());
  std::vector<std::string> events;
  ScriptedQueue queue(events);
  FakeMailSource src =
      Source({{"k1", MailWith("1", "张三+11010519491231002X+跨省异地就医备案",
                              {"lost-a.jpg", "lost-b.jpg"})},
              kThree[1]});
  IntakePipeline p(*store_, blobs_, clock_, nullptr, log_);
  p.set_document_queue(&queue);
  StatusOr<IntakeStats> st = p.Run(src);
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->quarantined, 1);
  EXPECT_EQ(CountCases(), 1);  // the next mail is read as usual
  auto q = store_->ListQuarantine(false);
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->size(), 1u);
  EXPECT_NE((*q)[0].reason.find("document worker 2 times"), std::string::npos)
      << (*q)[0].reason;
  EXPECT_NE((*q)[0].reason.find("lost-b.jpg"), std::string::npos);
}

}  // namespace
}  // namespace beian

namespace beian {
namespace {

// `serve --roles poll` beside `serve --roles read`: the poller stores each
// mail and acknowledges it, and its case is drafted only by a reader.
TEST_F(IntakePipelineTest, APollerWithoutTheReadRoleLeavesMailsToReaders) {
  blobs_ = FileBlobStore((dir_ / "data").string());
  FakeMailSource src = Source(kThree);
  IntakePipeline poller(*store_, blobs_, clock_, nullptr, log_);
  poller.set_reading(false);
  StatusOr<IntakeStats> polled = poller.Run(src);
  ASSERT_TRUE(polled.ok()) << polled.status().ToString();
  EXPECT_EQ(polled->stored, 3);
  EXPECT_EQ(polled->processed, 0);
  EXPECT_EQ(src.acknowledged_.size(), 3u);  // safe in the store
  EXPECT_EQ(CountCases(), 0);
  auto backlog = store_->CountReads(clock_.Now());
  ASSERT_TRUE(backlog.ok());
  EXPECT_EQ(backlog->waiting, 3);

  IntakePipeline reader(*store_, blobs_, clock_, nullptr, log_);
  reader.set_read_claims("reader:2", minutes(10));
  StatusOr<IntakeStats> read = reader.ReadPending();
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->repaired, 3);
  EXPECT_EQ(read->cases_opened, 3);
  EXPECT_EQ(CountCases(), 3);
  auto c = store_->GetCase("1");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->record.id_number, "11010519491231002X");
  EXPECT_EQ(c->attachments.size(), 1u);
  backlog = store_->CountReads(clock_.Now());
  ASSERT_TRUE(backlog.ok());
  EXPECT_EQ(backlog->waiting, 0);
}

// A reader that claimed a mail and died: the mail waits out its claim,
// then the next reader takes it over, and the case is drafted once.
TEST_F(IntakePipelineTest, AMailWhoseReaderDiedIsReadAfterItsClaimRunsOut) {
  blobs_ = FileBlobStore((dir_ / "data").string());
  FakeMailSource src = Source({kThree[0]});
  IntakePipeline poller(*store_, blobs_, clock_, nullptr, log_);
  poller.set_reading(false);
  ASSERT_TRUE(poller.Run(src).ok());
  auto dead = store_->ClaimPendingMail("dead:1", clock_.Now(),
                                       clock_.Now() + minutes(10));
  ASSERT_TRUE(dead.ok() && dead->has_value());

  IntakePipeline reader(*store_, blobs_, clock_, nullptr, log_);
  reader.set_read_claims("reader:2", minutes(10));
  clock_.Advance(minutes(9));
  StatusOr<IntakeStats> early = reader.ReadPending();
  ASSERT_TRUE(early.ok()) << early.status().ToString();
  EXPECT_EQ(early->repaired, 0);  // still dead:1's
  EXPECT_EQ(CountCases(), 0);
  clock_.Advance(minutes(2));
  StatusOr<IntakeStats> late = reader.ReadPending();
  ASSERT_TRUE(late.ok()) << late.status().ToString();
  EXPECT_EQ(late->repaired, 1);
  EXPECT_EQ(late->cases_opened, 1);
  clock_.Advance(minutes(30));
  StatusOr<IntakeStats> again = reader.ReadPending();
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->repaired, 0);
  EXPECT_EQ(CountCases(), 1);
}

// Another reader took the mail over and applied it while this one was
// still reading it: this one's case write is refused, it goes on, and the
// mail is in one case once.
class OvertakenStore final : public ForwardingIngestStore {
 public:
  using ForwardingIngestStore::ForwardingIngestStore;
  StatusOr<CaseRecord> ApplyCaseUpdate(const CaseUpdate& u) override {
    auto other = ForwardingIngestStore::ApplyCaseUpdate(u);  // the other one
    if (!other.ok()) return other;
    return ForwardingIngestStore::ApplyCaseUpdate(u);  // this one, too late
  }
};

TEST_F(IntakePipelineTest, AReadAnotherProcessAppliedFirstIsDroppedOnce) {
  blobs_ = FileBlobStore((dir_ / "data").string());
  FakeMailSource src = Source({kThree[0], kThree[1]});
  IntakePipeline poller(*store_, blobs_, clock_, nullptr, log_);
  poller.set_reading(false);
  ASSERT_TRUE(poller.Run(src).ok());
  OvertakenStore overtaken(*store_);
  IntakePipeline reader(overtaken, blobs_, clock_, nullptr, log_);
  StatusOr<IntakeStats> read = reader.ReadPending();
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(read->repaired, 2);  // the first one's refusal did not stop it
  EXPECT_EQ(CountCases(), 2);
  EXPECT_EQ(std::count_if(log_.lines_.begin(), log_.lines_.end(),
                          [](const std::string& l) {
                            return l.find("read_taken_over") !=
                                   std::string::npos;
                          }),
            2);
  EXPECT_TRUE(store_->PendingMails()->empty());
}

}  // namespace
}  // namespace beian
