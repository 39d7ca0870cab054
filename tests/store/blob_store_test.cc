#include "beian/store/blob_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>
#include <vector>

#include "beian/base/sha256.h"
#include "blob_contract.h"
#include "test_dir.h"

namespace beian {
namespace {

namespace fs = std::filesystem;

TEST(BlobStoreTest, PutIsContentAddressedPrivateAndIdempotent) {
  const testing::TestDir test_dir("beian-blob");
  const fs::path& dir = test_dir.path();
  FileBlobStore blobs(dir.string());
  const std::string bytes = "From: a@b\r\n\r\nhi";
  const std::string sha = Sha256Hex(bytes);
  StatusOr<std::string> rel = blobs.Put("raw", sha, ".eml", bytes);
  ASSERT_TRUE(rel.ok()) << rel.status().ToString();
  EXPECT_EQ(*rel, "raw/" + sha.substr(0, 2) + "/" + sha + ".eml");
  EXPECT_EQ(fs::status(blobs.AbsolutePath(*rel)).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  StatusOr<std::string> again = blobs.Put("raw", sha, ".eml", bytes);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *rel);
  StatusOr<std::string> back = blobs.Get(*rel);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, bytes);
  // No temporary files are left behind.
  int files = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    files += e.is_regular_file() ? 1 : 0;
  }
  EXPECT_EQ(files, 1);
  EXPECT_EQ(blobs.Get("raw/zz/missing").status().code(), StatusCode::kNotFound);
}

// store copy's --to-data-dir: the same relative path in the other folder,
// private, once; a file missing here is named.
TEST(BlobStoreTest, CopyToPutsTheFileUnderTheSamePathOnce) {
  const testing::TestDir test_dir("beian-blob-copy");
  const fs::path& dir = test_dir.path();
  FileBlobStore from((dir / "a").string());
  FileBlobStore to((dir / "b").string());
  const std::string bytes = "From: a@b\r\n\r\nhi";
  StatusOr<std::string> rel = from.Put("raw", Sha256Hex(bytes), ".eml", bytes);
  ASSERT_TRUE(rel.ok());
  StatusOr<bool> copied = from.CopyTo(to, *rel);
  ASSERT_TRUE(copied.ok()) << copied.status().ToString();
  EXPECT_TRUE(*copied);
  StatusOr<std::string> back = to.Get(*rel);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, bytes);
  EXPECT_EQ(fs::status(to.AbsolutePath(*rel)).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(
      fs::status(fs::path(to.AbsolutePath(*rel)).parent_path()).permissions() &
          fs::perms::all,
      fs::perms::owner_all);
  copied = from.CopyTo(to, *rel);  // there already, whole
  ASSERT_TRUE(copied.ok());
  EXPECT_FALSE(*copied);
  int files = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir / "b")) {
    files += e.is_regular_file() ? 1 : 0;
  }
  EXPECT_EQ(files, 1);
  StatusOr<bool> missing = from.CopyTo(to, "raw/zz/missing.eml");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("raw/zz/missing.eml"),
            std::string::npos);
}

// The pipeline writes a mail's files ahead on another thread while its own
// thread may write the same ones: every Put succeeds, every file ends whole,
// and no temporary file is left.
TEST(BlobStoreTest, ThreadsPuttingTheSameBlobsAtOnceAllSucceed) {
  const testing::TestDir test_dir("beian-blob-threads");
  const fs::path& dir = test_dir.path();
  FileBlobStore blobs(dir.string());
  std::vector<std::string> contents;
  for (int i = 0; i < 100; ++i)
    contents.push_back(std::string(64 * 1024, static_cast<char>('a' + i % 26)) +
                       std::to_string(i));
  std::atomic<int> failures = 0, writes = 0, ready = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      ++ready;
      while (ready < 4) std::this_thread::yield();  // start together
      for (const std::string& c : contents) {
        bool wrote = false;
        if (!blobs.Put("attachments", Sha256Hex(c), "", c, &wrote).ok())
          ++failures;
        writes += wrote ? 1 : 0;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GE(writes.load(), 100);  // each blob written at least once
  int files = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    ++files;
    EXPECT_EQ(e.path().string().find(".tmp."), std::string::npos) << e.path();
  }
  EXPECT_EQ(files, 100);
  for (const std::string& c : contents) {
    const std::string sha = Sha256Hex(c);
    EXPECT_EQ(*blobs.Get("attachments/" + sha.substr(0, 2) + "/" + sha), c);
  }
}

// Folders are made once per store; one removed behind its back is made
// again, and a truncated blob is written again rather than trusted.
TEST(BlobStoreTest, FoldersGoneOrFilesCutShortAreRepaired) {
  const testing::TestDir test_dir("beian-blob-again");
  const fs::path& dir = test_dir.path();
  FileBlobStore blobs(dir.string());
  const std::string a = "first mail", b = "second mail";
  StatusOr<std::string> ra = blobs.Put("raw", Sha256Hex(a), ".eml", a);
  ASSERT_TRUE(ra.ok());
  fs::remove_all(dir / "raw");
  StatusOr<std::string> again = blobs.Put("raw", Sha256Hex(a), ".eml", a);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*blobs.Get(*again), a);
  EXPECT_EQ(fs::status(fs::path(blobs.AbsolutePath(*again)).parent_path())
                    .permissions() &
                fs::perms::all,
            fs::perms::owner_all);
  fs::resize_file(blobs.AbsolutePath(*again), 3);
  EXPECT_FALSE(blobs.Has(*again, static_cast<int64_t>(a.size())));
  ASSERT_TRUE(blobs.Put("raw", Sha256Hex(a), ".eml", a).ok());
  EXPECT_EQ(*blobs.Get(*again), a);
  StatusOr<std::string> rb = blobs.Put("raw", Sha256Hex(b), ".eml", b);
  ASSERT_TRUE(rb.ok());
  EXPECT_EQ(*blobs.Get(*rb), b);
}

}  // namespace
}  // namespace beian

namespace beian::testing {
namespace {

// The contract's folders go with their tests: none is left in /tmp.
TEST(FileBlobBackendTest, RemovesItsFolderWhenItGoes) {
  fs::path dir;
  std::string name;
  {
    FileBlobBackend backend;
    ASSERT_TRUE(backend.Fresh("unused").ok());
    StatusOr<std::unique_ptr<BlobStore>> blobs = backend.Open();
    ASSERT_TRUE(blobs.ok());
    StatusOr<std::string> put = (*blobs)->Put("raw", Sha256Hex("a"), "", "a");
    ASSERT_TRUE(put.ok()) << put.status().ToString();
    dir = backend.dir();
    name = *put;
    ASSERT_TRUE(fs::exists(dir / name));
  }
  EXPECT_FALSE(fs::exists(dir)) << dir;
}

INSTANTIATE_TEST_SUITE_P(Files, BlobContractTest,
                         ::testing::Values(FileBlobs()), BlobBackendName);

}  // namespace
}  // namespace beian::testing
