#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "beian/mail/mail_source.h"
#include "test_dir.h"

namespace beian {
namespace {

namespace fs = std::filesystem;

void Write(const fs::path& p, const std::string& s) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << s;
}

TEST(FolderMailSourceTest, MaildirEmlFilesAndFolders) {
  const testing::TestDir test_dir("beian-src");
  const fs::path& dir = test_dir.path();
  Write(dir / "md/new/100.M1.host", "A");
  Write(dir / "md/cur/99.M2.host:2,S", "B");
  Write(dir / "md/tmp/101.M3.host", "never read");
  fs::create_directories(dir / "md/cur");
  Write(dir / "emls/a.eml", "C");
  Write(dir / "emls/notes.txt", "skipped");
  Write(dir / "one.eml", "D");

  FolderMailSource src("510682",
                       {(dir / "md").string(), (dir / "emls").string(),
                        (dir / "one.eml").string()});
  ASSERT_TRUE(src.Scan().ok());
  std::vector<RawMail> got;
  for (;;) {
    auto next = src.Next();
    ASSERT_TRUE(next.ok());
    if (!*next) break;
    got.push_back(**next);
  }
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].bytes, "A");
  EXPECT_EQ(got[0].source.key, "100.M1.host");
  EXPECT_EQ(got[1].source.key, "99.M2.host");  // flags are not part of the key
  EXPECT_EQ(got[0].source.source, got[1].source.source);
  EXPECT_EQ(got[0].source.region, "510682");
  EXPECT_EQ(got[2].bytes, "C");
  EXPECT_EQ(got[3].bytes, "D");
}

TEST(FolderMailSourceTest, MissingPathIsAClearError) {
  FolderMailSource src("510682", {"/no/such/folder"});
  Status s = src.Scan();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("/no/such/folder"), std::string::npos);
}

TEST(FakeMailSourceTest, FailsTheChosenCallAndMovesOn) {
  FakeMailSource src;
  src.Add({{"r", "s", "1"}, "x"});
  src.Add({{"r", "s", "2"}, "y"});
  src.FailNextCall(1);
  EXPECT_FALSE(src.Next().ok());
  auto second = src.Next();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ((**second).source.key, "2");
}

}  // namespace
}  // namespace beian
