// `beian store prune-blobs` through the real executable, on a SQLite store
// with its files under a temp data dir: an orphan file two days old goes, a
// young orphan and every file a row names stay, --dry-run removes nothing.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "test_dir.h"

namespace {

namespace fs = std::filesystem;

struct Result {
  int code = -1;
  std::string out;  // stdout and stderr
};

class PruneBlobsCommandTest : public ::testing::Test {
 protected:
  Result Run(const std::string& args) const {
    const std::string cmd =
        std::string(BEIAN_BINARY) + " --db " +
        (dir_.path() / "beian.db").string() + " --data-dir " + data().string() +
        " --no-ocr --config-dir " BEIAN_SOURCE_DIR
        "/config --templates-dir " BEIAN_SOURCE_DIR "/templates " +
        args + " 2>&1";
    Result r;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (p == nullptr) return r;
    std::array<char, 4096> buf;
    for (size_t n; (n = std::fread(buf.data(), 1, buf.size(), p)) > 0;)
      r.out.append(buf.data(), n);
    const int status = ::pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
  }
  fs::path data() const { return dir_.path() / "data"; }
  // Every file under the data dir's blob folders.
  std::vector<fs::path> Files() const {
    std::vector<fs::path> files;
    for (const char* kind : {"raw", "attachments"}) {
      if (!fs::exists(data() / kind)) continue;
      for (const auto& e : fs::recursive_directory_iterator(data() / kind)) {
        if (e.is_regular_file()) files.push_back(e.path());
      }
    }
    return files;
  }
  static void WriteFile(const fs::path& path, const std::string& bytes) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << bytes;
  }
  static void Age(const fs::path& path, std::chrono::hours by) {
    const auto then = std::chrono::duration_cast<std::chrono::seconds>(
        (std::chrono::system_clock::now() - by).time_since_epoch());
    const struct timespec times[2] = {{then.count(), 0}, {then.count(), 0}};
    ASSERT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0) << path;
  }

  beian::testing::TestDir dir_{"beian-prune-cli"};
};

TEST_F(PruneBlobsCommandTest, RemovesOldOrphansOnlyAndSaysWhat) {
  Result r = Run("ingest --region 510682 " BEIAN_SOURCE_DIR "/samples/maildir");
  ASSERT_EQ(r.code, 0) << r.out;
  r = Run("cases show 1 --json");  // writes the case's attachment files
  ASSERT_EQ(r.code, 0) << r.out;
  const std::vector<fs::path> named = Files();
  ASSERT_GE(named.size(), 30u);
  const fs::path old_orphan =
      data() / "raw" / "aa" / (std::string(64, 'a') + ".eml");
  const fs::path young_orphan =
      data() / "raw" / "cc" / (std::string(64, 'c') + ".eml");
  const std::string lost = "From: killed@qq.com\r\n\r\nbefore its row";
  const std::string bytes = std::to_string(lost.size()) + " bytes";
  WriteFile(old_orphan, lost);
  WriteFile(young_orphan, "From: storing@qq.com\r\n\r\nits row comes now");
  for (const fs::path& f : named) Age(f, std::chrono::hours(48));
  Age(old_orphan, std::chrono::hours(48));

  r = Run("store prune-blobs --older-than 10m");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("at least 1h"), std::string::npos) << r.out;

  r = Run("store prune-blobs --dry-run");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("would remove 1 blobs, " + bytes), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(fs::relative(old_orphan, data()).string()),
            std::string::npos)
      << r.out;
  EXPECT_TRUE(fs::exists(old_orphan));
  EXPECT_EQ(Files().size(), named.size() + 2);

  r = Run("store prune-blobs --older-than 24h");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("removed 1 blobs, " + bytes), std::string::npos)
      << r.out;
  EXPECT_FALSE(fs::exists(old_orphan));
  EXPECT_TRUE(fs::exists(young_orphan));
  for (const fs::path& f : named) EXPECT_TRUE(fs::exists(f)) << f;

  r = Run("store prune-blobs");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("removed 0 blobs"), std::string::npos) << r.out;
}

}  // namespace
