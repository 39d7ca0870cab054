#include "beian/mail/imap_protocol.h"

#include <gtest/gtest.h>

namespace beian {
namespace {

TEST(ImapProtocolTest, StatusAndExamineResponses) {
  auto s = ParseMailboxStatus(
      "* STATUS INBOX (MESSAGES 3 UIDNEXT 17 UIDVALIDITY 1700000001)\r\n");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->uidvalidity, 1700000001u);
  EXPECT_EQ(s->uidnext, 17u);
  EXPECT_EQ(s->exists, 3u);
  s = ParseMailboxStatus(
      "* FLAGS (\\Seen)\r\n* 5 EXISTS\r\n* 0 RECENT\r\n"
      "* OK [UIDVALIDITY 42] UIDs valid\r\n* OK [UIDNEXT 9] Predicted\r\n");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->uidvalidity, 42u);
  EXPECT_EQ(s->uidnext, 9u);
  EXPECT_EQ(s->exists, 5u);
  EXPECT_FALSE(ParseMailboxStatus("* 5 EXISTS\r\n"));
}

TEST(ImapProtocolTest, SearchResponses) {
  EXPECT_EQ(ParseSearchResponse("* SEARCH 9 4 7\r\n"),
            (std::vector<uint32_t>{4, 7, 9}));
  EXPECT_EQ(ParseSearchResponse("* SEARCH\r\n"), std::vector<uint32_t>{});
  EXPECT_EQ(ParseSearchResponse("* SEARCH 1 2\r\n* SEARCH 2 3\r\n* OK x\r\n"),
            (std::vector<uint32_t>{1, 2, 3}));
  EXPECT_EQ(ParseSearchResponse("* search 5"), std::vector<uint32_t>{5});
}

TEST(ImapProtocolTest, UrlsAndFolders) {
  auto u = ParseImapUrl("imaps://imap.example.cn:993/INBOX");
  ASSERT_TRUE(u);
  EXPECT_EQ(u->base, "imaps://imap.example.cn:993");
  EXPECT_EQ(u->folder, "INBOX");
  EXPECT_EQ(ParseImapUrl("imap://h")->folder, "INBOX");
  EXPECT_FALSE(ParseImapUrl("no-scheme"));
  EXPECT_EQ(EncodeFolder("Processed"), "Processed");
  EXPECT_EQ(EncodeFolder("已处理 1"), "%E5%B7%B2%E5%A4%84%E7%90%86%201");
}

}  // namespace
}  // namespace beian
