// Every public MIME test message in ../shared/corpus parses without a crash
// (and, in the sanitizer build, without a sanitizer report).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "beian/mime/parsed_mail.h"
#include "test_files.h"

namespace beian {
namespace {

namespace fs = std::filesystem;

fs::path CorpusDir() {
  return fs::path(BEIAN_SOURCE_DIR).parent_path() / "shared" / "corpus";
}

using beian::testing::ReadFile;

TEST(CorpusTest, EveryPublicMessageParses) {
  const fs::path dir = CorpusDir();
  if (!fs::exists(dir)) {
    GTEST_SKIP() << dir << " is absent: the shared MIME corpus lives beside "
                 << "the checkout in CI; nothing to check here";
  }
  int files = 0, parsed = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".eml")
      continue;
    ++files;
    StatusOr<ParsedMail> m = ParseMime(ReadFile(entry.path()));
    if (m.ok()) {
      ++parsed;
      for (const Attachment& a : m->attachments) {
        EXPECT_FALSE(a.filename.empty()) << entry.path();
        EXPECT_FALSE(a.content_type.empty()) << entry.path();
      }
    } else {
      // Only refusals with a reason are acceptable.
      EXPECT_FALSE(m.status().message().empty()) << entry.path();
    }
  }
  EXPECT_GT(files, 30);
  EXPECT_GT(parsed, files * 9 / 10) << "most public messages should parse";
}

TEST(CorpusTest, Gb2312MessageDecodesChinese) {
  const fs::path file =
      CorpusDir() / "mime-public/kopano-core/mails/gb2312_18030.eml";
  if (!fs::exists(file)) GTEST_SKIP() << file << " is absent";
  StatusOr<ParsedMail> m = ParseMime(ReadFile(file));
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  // Its subject and sender name are GB2312-labelled Chinese: decoded, they
  // must hold CJK ideographs and no U+FFFD.
  const std::string decoded = m->subject + m->from.name;
  EXPECT_EQ(decoded.find("\xEF\xBF\xBD"), std::string::npos) << decoded;
  bool has_cjk = false;
  for (size_t i = 0; i + 2 < decoded.size(); ++i) {
    const auto b = static_cast<unsigned char>(decoded[i]);
    if (b >= 0xE4 && b <= 0xE9) has_cjk = true;
  }
  EXPECT_TRUE(has_cjk) << decoded;
}

}  // namespace
}  // namespace beian
