#include "beian/base/whole_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "test_dir.h"

namespace beian {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

void WriteBytes(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

TEST(ReadWholeFileTest, MissingFileSaysWhichAndWhy) {
  const testing::TestDir test_dir("whole-file");
  const fs::path& dir = test_dir.path();
  const std::string path = (dir / "absent.toml").string();
  StatusOr<std::string> bytes = ReadWholeFile(path);
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().code(), StatusCode::kIoError);
  EXPECT_EQ(bytes.status().message(),
            "cannot read " + path + ": No such file or directory");
}

TEST(ReadWholeFileTest, DirectoryIsNotAFileToRead) {
  const testing::TestDir test_dir("whole-file");
  const fs::path& dir = test_dir.path();
  StatusOr<std::string> bytes = ReadWholeFile(dir.string());
  ASSERT_FALSE(bytes.ok());
  EXPECT_EQ(bytes.status().code(), StatusCode::kIoError);
  EXPECT_THAT(bytes.status().message(), HasSubstr(dir.string()));
  EXPECT_THAT(bytes.status().message(), HasSubstr("Is a directory"));
}

TEST(ReadWholeFileTest, ReadsEveryByteAsStored) {
  const testing::TestDir test_dir("whole-file");
  const fs::path& dir = test_dir.path();
  const std::string stored("a\0b\r\n\xff\xfe\x80 \xe4\xb8\xad\0", 13);
  WriteBytes(dir / "mail.eml", stored);
  StatusOr<std::string> bytes = ReadWholeFile((dir / "mail.eml").string());
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  EXPECT_EQ(*bytes, stored);
}

TEST(ReadWholeFileTest, ReadsEmptyAndLargeFiles) {
  const testing::TestDir test_dir("whole-file");
  const fs::path& dir = test_dir.path();
  WriteBytes(dir / "empty", "");
  StatusOr<std::string> empty = ReadWholeFile((dir / "empty").string());
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_EQ(*empty, "");

  std::string large;
  for (int i = 0; i < 200000; ++i) large.push_back(static_cast<char>(i * 7));
  WriteBytes(dir / "large", large);
  StatusOr<std::string> read = ReadWholeFile((dir / "large").string());
  ASSERT_TRUE(read.ok()) << read.status().ToString();
  EXPECT_EQ(*read, large);
}

}  // namespace
}  // namespace beian
