#include "beian/mail/imap_protocol.h"

#include <gtest/gtest.h>

#include <set>

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
}

TEST(ImapProtocolTest, FolderNamesAreQuotedInModifiedUtf7) {
  EXPECT_EQ(*QuoteMailboxName("Processed"), "\"Processed\"");
  EXPECT_EQ(*QuoteMailboxName("已处理"), "\"&XfJZBHQG-\"");
  EXPECT_EQ(*QuoteMailboxName("Ü"), "\"&ANw-\"");
  EXPECT_EQ(*QuoteMailboxName("A&B \"x\"\\"), "\"A&-B \\\"x\\\"\\\\\"");
  EXPECT_EQ(*QuoteMailboxName("备案/已处理"), "\"&WQdoSA-/&XfJZBHQG-\"");
  EXPECT_EQ(QuoteMailboxName("a\r\nb").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_FALSE(QuoteMailboxName("\xff").ok());
  EXPECT_FALSE(QuoteMailboxName("").ok());
}

// Feeds `bytes` in pieces of `step` bytes; the responses that came out.
std::vector<ImapResponse> FeedInSteps(std::string_view bytes, size_t step,
                                      ImapResponseReader& reader) {
  std::vector<ImapResponse> out;
  for (size_t i = 0; i < bytes.size(); i += step) {
    Status s = reader.Feed(bytes.substr(i, step), [&](ImapResponse&& r) {
      out.push_back(std::move(r));
    });
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
  return out;
}

TEST(ImapProtocolTest, ResponsesWithLiteralsHoweverTheBytesArrive) {
  const std::string wire =
      "* 1 FETCH (UID 7 BODY[] {12}\r\nline1\r\n{3}\r\n)\r\n"
      "* 2 FETCH (FLAGS (\\Seen) UID 9 BODY[] {0}\r\n)\r\n"
      "* 3 EXISTS\r\na7 OK done\r\n";
  for (size_t step : {1u, 2u, 5u, 64u}) {
    ImapResponseReader reader;
    std::vector<ImapResponse> got = FeedInSteps(wire, step, reader);
    ASSERT_EQ(got.size(), 4u) << step;
    EXPECT_EQ(got[0].text, "* 1 FETCH (UID 7 BODY[] {12})");
    ASSERT_EQ(got[0].literals.size(), 1u);
    EXPECT_EQ(got[0].literals[0], "line1\r\n{3}\r\n");  // "{3}" is body text
    EXPECT_EQ(got[1].literals, std::vector<std::string>{""});
    EXPECT_EQ(got[2].text, "* 3 EXISTS");
    EXPECT_EQ(got[3].text, "a7 OK done");
    auto m = ParseFetchedMessage(std::move(got[0]));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->uid, 7u);
    EXPECT_EQ(m->body, "line1\r\n{3}\r\n");
    m = ParseFetchedMessage(std::move(got[1]));
    ASSERT_TRUE(m);
    EXPECT_EQ(m->uid, 9u);
    EXPECT_EQ(m->body, "");
    EXPECT_FALSE(ParseFetchedMessage(std::move(got[2])));
  }
}

// Some servers (QQ, Exmail) send UID after the body's literal.
TEST(ImapProtocolTest, UidAfterTheLiteralIsFound) {
  ImapResponseReader reader;
  std::vector<ImapResponse> got;
  ASSERT_TRUE(reader
                  .Feed("* 3 FETCH (BODY[] {3}\r\nabc UID 4294967295)\r\n",
                        [&](ImapResponse&& r) { got.push_back(std::move(r)); })
                  .ok());
  ASSERT_EQ(got.size(), 1u);
  auto m = ParseFetchedMessage(std::move(got[0]));
  ASSERT_TRUE(m);
  EXPECT_EQ(m->uid, 4294967295u);
  EXPECT_EQ(m->body, "abc");
}

TEST(ImapProtocolTest, FetchResponsesWithoutABodyAreNotMessages) {
  EXPECT_FALSE(ParseFetchedMessage({"* 4 FETCH (FLAGS (\\Seen) UID 9)", {}}));
  EXPECT_FALSE(ParseFetchedMessage({"* 4 FETCH (BODY[] {3})", {"abc"}}));
  EXPECT_FALSE(ParseFetchedMessage({"* 4 FETCH (UID 4 BODY[] {3})", {}}));
  auto m = ParseFetchedMessage({"* 4 FETCH (UID 4 BODY[] NIL)", {}});
  ASSERT_TRUE(m);
  EXPECT_EQ(m->body, "");
}

TEST(ImapProtocolTest, OversizedLinesAndLiteralsAreErrors) {
  ImapResponseReader reader(16, 100);
  auto ignore = [](ImapResponse&&) {};
  EXPECT_FALSE(reader.Feed("* OK a line far longer than sixteen", ignore).ok());
  ImapResponseReader small(64, 100);
  Status s = small.Feed("* 1 FETCH (UID 1 BODY[] {101}\r\n", ignore);
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_NE(s.message().find("101 bytes"), std::string::npos) << s.message();
}

TEST(ImapProtocolTest, CapabilitiesAreLowerCaseWordsOfEveryCapabilityLine) {
  const auto caps = ParseCapabilities(
      "* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n"
      "* CAPABILITY IMAP4rev1 LITERAL+ Move\r\n"
      "* capability UIDPLUS  IDLE\r\n");
  EXPECT_EQ(caps, (std::set<std::string>{"imap4rev1", "literal+", "move",
                                         "uidplus", "idle"}));
  EXPECT_TRUE(ParseCapabilities("* OK ready\r\n").empty());
}

// NetEase parses ID strictly: one space between items, none after "(".
TEST(ImapProtocolTest, IdCommandIsSpacedAsNetEaseParsesIt) {
  EXPECT_EQ(IdCommand({{"name", "beian"},
                       {"version", "0.1.0"},
                       {"vendor", "medical insurance agency 510682"},
                       {"support-email", "beian@ybj.example.cn"}}),
            "ID (\"name\" \"beian\" \"version\" \"0.1.0\" \"vendor\" "
            "\"medical insurance agency 510682\" \"support-email\" "
            "\"beian@ybj.example.cn\")");
  EXPECT_EQ(IdCommand({{"x", "a\"b\\c"}}), "ID (\"x\" \"a\\\"b\\\\c\")");
  EXPECT_EQ(IdCommand({{"vendor", "什邡\r\n"}}),
            "ID (\"vendor\" \"????????\")");
  EXPECT_EQ(IdCommand({}), "ID NIL");
}

// QQ answers "BAD UID parameters!" and Exmail "BAD Sequence set is
// inavlid!" to a descending set.
TEST(ImapProtocolTest, UidSetsAscendAndMergeRuns) {
  EXPECT_EQ(UidSetOf({9, 1, 2, 3, 5}), "1:3,5,9");
  EXPECT_EQ(UidSetOf({11609, 11590}), "11590,11609");
  EXPECT_EQ(UidSetOf({4, 4, 5}), "4:5");
  EXPECT_EQ(UidSetOf({4294967295u, 1}), "1,4294967295");
  EXPECT_EQ(UidSetOf({}), "");
}

TEST(ImapProtocolTest, FolderListsAreDecoded) {
  EXPECT_EQ(DecodeMailboxName("&XfJZBHQG-"), "已处理");
  EXPECT_EQ(DecodeMailboxName("&UXZO1mWHTvZZOQ-/&XfJZBHQG-"),
            "其他文件夹/已处理");
  EXPECT_EQ(DecodeMailboxName("A&-B"), "A&B");
  EXPECT_EQ(DecodeMailboxName("INBOX"), "INBOX");
  for (const char* f : {"其他文件夹/Processed", "Ü&x", "已处理"}) {
    std::string quoted = *QuoteMailboxName(f);
    EXPECT_EQ(DecodeMailboxName(quoted.substr(1, quoted.size() - 2)), f);
  }
  EXPECT_EQ(
      ParseListResponse("* LIST (\\HasNoChildren) \"/\" \"INBOX\"\r\n"
                        "* LIST (\\HasNoChildren) \"/\" "
                        "\"&UXZO1mWHTvZZOQ-/&XfJZBHQG-\"\r\n"
                        "* LIST (\\Noselect) NIL Archive\r\n"),
      (std::vector<std::string>{"INBOX", "其他文件夹/已处理", "Archive"}));
}

}  // namespace
}  // namespace beian
