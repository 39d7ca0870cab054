#include "beian/service/crash_journal.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <string>

#include "test_dir.h"

namespace beian {
namespace {

namespace fs = std::filesystem;

class CrashJournalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = beian::testing::FreshTestDir("beian-journal").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `body` in a child process with its own journal and the crash
  // handlers installed; true when the child ended normally. (A sanitizer
  // build may end a crashed child with its own exit code, not the signal.)
  bool InChild(const std::function<void(CrashJournal&)>& body) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      auto journal = CrashJournal::Open(dir_);
      if (!journal.ok()) ::_exit(3);
      InstallCrashHandlers();
      body(**journal);
      ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  // What a journal opened now finds.
  std::vector<CrashJournal::Crash> CrashesFound() {
    auto journal = CrashJournal::Open(dir_);
    EXPECT_TRUE(journal.ok()) << journal.status().ToString();
    return journal.ok() ? (*journal)->Crashes()
                        : std::vector<CrashJournal::Crash>{};
  }

  // A child marks a mail in `slot`, then does `crash`: a journal opened
  // afterwards finds exactly that mail.
  void ExpectCrashFound(CrashJournal::Slot slot, const std::string& sha256,
                        const std::function<void()>& crash) {
    EXPECT_FALSE(InChild([&](CrashJournal& j) {
      CrashJournal::Mark m = j.Begin(slot, "510682", sha256, "k");
      crash();
    }));
    std::vector<CrashJournal::Crash> crashes = CrashesFound();
    ASSERT_EQ(crashes.size(), 1u);
    EXPECT_EQ(crashes[0].sha256, sha256);
  }

  std::string dir_;
};

TEST_F(CrashJournalTest, ACrashWhileMarkedIsFoundByTheNextProcessOnce) {
  EXPECT_FALSE(InChild([](CrashJournal& j) {
    CrashJournal::Mark m =
        j.Begin(CrashJournal::kProcessing, "510682", "ab12", "INBOX:7:42");
    std::abort();
  }));
  auto journal = CrashJournal::Open(dir_);
  ASSERT_TRUE(journal.ok()) << journal.status().ToString();
  std::vector<CrashJournal::Crash> crashes = (*journal)->Crashes();
  ASSERT_EQ(crashes.size(), 1u);
  EXPECT_EQ(crashes[0].region, "510682");
  EXPECT_EQ(crashes[0].sha256, "ab12");
  EXPECT_EQ(crashes[0].key, "INBOX:7:42");
  EXPECT_FALSE(crashes[0].attempt.empty());
  (*journal)->Forget();
  EXPECT_TRUE((*journal)->Crashes().empty());
}

TEST_F(CrashJournalTest, ASignalWhilePreparingIsACrashToo) {
  ExpectCrashFound(CrashJournal::kPreparing, "cd34",
                   [] { std::raise(SIGSEGV); });
}

// A real fault: the handler returns, the instruction faults again and the
// handler from before (the default, or a sanitizer's) ends the process.
TEST_F(CrashJournalTest, AMemoryFaultIsACrash) {
  ExpectCrashFound(CrashJournal::kProcessing, "ef56", [] {
    // A write to a read-only page: no sanitizer stops it first.
    void* page =
        ::mmap(nullptr, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    *static_cast<volatile char*>(page) = 1;
  });
}

TEST_F(CrashJournalTest, KillsAndFinishedMailsAreNoCrash) {
  EXPECT_FALSE(InChild([](CrashJournal& j) {
    {
      CrashJournal::Mark done =
          j.Begin(CrashJournal::kProcessing, "510682", "aa", "k1");
    }
    std::abort();  // crashed, but with nothing marked
  }));
  EXPECT_FALSE(InChild([](CrashJournal& j) {
    CrashJournal::Mark m =
        j.Begin(CrashJournal::kProcessing, "510682", "bb", "k2");
    std::raise(SIGKILL);  // a kill, not a crash
  }));
  EXPECT_TRUE(CrashesFound().empty());
}

TEST_F(CrashJournalTest, TwoLiveJournalsUseTwoFiles) {
  auto a = CrashJournal::Open(dir_);
  auto b = CrashJournal::Open(dir_);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_NE((*a)->path(), (*b)->path());
}

// Processes sharing one data dir (one machine's serve, poll and ingest, or
// machines on one shared folder): a live process's busy mail is no crash,
// a crashed process's mail is found once, by one of the processes looking,
// and the live one's mail is found once it crashes too.
TEST_F(CrashJournalTest, ProcessesSharingADirCountEachCrashOnce) {
  int ready[2];
  int go[2];
  ASSERT_EQ(::pipe(ready), 0);
  ASSERT_EQ(::pipe(go), 0);
  const pid_t live = ::fork();
  if (live == 0) {
    auto journal = CrashJournal::Open(dir_);
    if (!journal.ok()) ::_exit(3);
    InstallCrashHandlers();
    CrashJournal::Mark m =
        (*journal)->Begin(CrashJournal::kProcessing, "510682", "11aa", "kL");
    char c = 'r';
    (void)!::write(ready[1], &c, 1);
    (void)!::read(go[0], &c, 1);  // busy with the mail until told
    std::abort();
  }
  char c = 0;
  ASSERT_EQ(::read(ready[0], &c, 1), 1);
  EXPECT_FALSE(InChild([](CrashJournal& j) {
    CrashJournal::Mark m =
        j.Begin(CrashJournal::kProcessing, "110105", "22bb", "kC");
    std::abort();
  }));

  auto p = CrashJournal::Open(dir_);
  auto q = CrashJournal::Open(dir_);
  ASSERT_TRUE(p.ok() && q.ok());
  std::vector<CrashJournal::Crash> seen = (*p)->Crashes();
  std::vector<CrashJournal::Crash> also = (*q)->Crashes();
  seen.insert(seen.end(), also.begin(), also.end());
  ASSERT_EQ(seen.size(), 1u);  // not the live process's mail; once
  EXPECT_EQ(seen[0].sha256, "22bb");
  EXPECT_EQ(seen[0].region, "110105");
  (*p)->Forget();
  (*q)->Forget();

  ASSERT_EQ(::write(go[1], "g", 1), 1);
  int status = 0;
  ::waitpid(live, &status, 0);
  EXPECT_FALSE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  seen = (*q)->Crashes();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].sha256, "11aa");
  EXPECT_EQ(seen[0].key, "kL");
  (*q)->Forget();
  EXPECT_TRUE((*p)->Crashes().empty());
  for (int fd : {ready[0], ready[1], go[0], go[1]}) ::close(fd);
}

}  // namespace
}  // namespace beian
