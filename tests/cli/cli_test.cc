// End to end through the command line: the demo's path on real files.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "test_files.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Result {
  int code = -1;
  std::string out;  // stdout and stderr
};

class CliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(fs::temp_directory_path() /
                        ("beian-cli-" + std::to_string(::getpid())));
    fs::remove_all(*dir_);
    fs::create_directories(*dir_);
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }
  static Result Run(const std::string& args, bool with_stderr = false) {
    const std::string rest = args.starts_with("--ocr ") ? args.substr(6) : args;
    const std::string cmd = std::string(BEIAN_BINARY) + " --db " +
                            (*dir_ / "beian.db").string() + " --data-dir " +
                            (*dir_ / "data").string() + " --outbox-dir " +
                            (*dir_ / "outbox").string() + " --templates-dir " +
                            BEIAN_SOURCE_DIR "/templates --reviewer tester" +
                            (args.starts_with("--ocr ") ? "" : " --no-ocr") +
                            " --config-dir " + BEIAN_SOURCE_DIR "/config " +
                            rest + (with_stderr ? " 2>&1" : " 2>/dev/null");
    Result r;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (p == nullptr) return r;
    std::array<char, 4096> buf;
    size_t n;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0)
      r.out.append(buf.data(), n);
    const int status = ::pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
  }
  static std::string Samples() { return BEIAN_SOURCE_DIR "/samples/maildir"; }
  static fs::path* dir_;
};
fs::path* CliTest::dir_ = nullptr;

TEST_F(CliTest, HelpExplainsEveryCommand) {
  Result r = Run("--help");
  EXPECT_EQ(r.code, 0);
  for (const char* cmd :
       {"ingest", "parse", "cases", "quarantine", "summary"}) {
    EXPECT_NE(r.out.find(cmd), std::string::npos) << cmd;
  }
  r = Run("cases show --help");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("source and confidence"), std::string::npos);
}

std::vector<std::string> Words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

// The names under "Subcommands:" in a --help text.
std::vector<std::string> SubcommandNames(const std::string& help) {
  std::vector<std::string> names;
  std::istringstream in(help);
  bool listing = false;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("Subcommands:")) {
      listing = true;
    } else if (listing && line.starts_with("  ") && line[2] != ' ') {
      names.push_back(Words(line)[0]);
    } else if (listing && !line.starts_with("  ")) {
      listing = false;
    }
  }
  return names;
}

// The shell lines of README's "Using it" block, one per `$B ...` command.
std::vector<std::string> ReadmeUsageCommands() {
  std::ifstream in(BEIAN_SOURCE_DIR "/README.md");
  std::vector<std::string> commands;
  bool in_section = false, in_block = false;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("## ")) in_section = line == "## Using it";
    if (!in_section) continue;
    if (line.starts_with("```")) {
      if (in_block) break;
      in_block = true;
      continue;
    }
    if (!in_block) continue;
    line = line.substr(0, line.find("  #"));
    std::istringstream parts(line);
    for (std::string part; std::getline(parts, part, ';');) {
      const size_t b = part.find("$B");
      if (b != std::string::npos) commands.push_back(part.substr(b + 2));
    }
  }
  return commands;
}

// Every command line in README's usage block names commands that exist, and
// each --option it shows is in the --help of the command it is written
// after (a global option before the command, a command's own after it).
TEST_F(CliTest, ReadmeUsageAgreesWithHelp) {
  const std::vector<std::string> commands = ReadmeUsageCommands();
  ASSERT_GE(commands.size(), 15u);
  for (const std::string& command : commands) {
    std::vector<std::vector<std::string>> paths = {{}};
    bool only_options = true;
    for (std::string word : Words(command)) {
      only_options = only_options && word.starts_with("--");
      std::erase_if(word, [](char c) { return c == '[' || c == ']'; });
      std::vector<std::vector<std::string>> next;
      for (const std::vector<std::string>& path : paths) {
        std::string joined;
        for (const std::string& p : path) joined += p + " ";
        const Result help = Run(joined + "--help");
        ASSERT_EQ(help.code, 0) << joined << "--help";
        if (word.starts_with("--")) {
          const std::string option = word.substr(0, word.find('='));
          EXPECT_NE(help.out.find(option + " "), std::string::npos)
              << "README: \"$B" << command << "\": " << option
              << " is not an option of \"beian " << joined << "\"";
          continue;
        }
        const std::vector<std::string> subs = SubcommandNames(help.out);
        std::istringstream alternatives(word);
        for (std::string alt; std::getline(alternatives, alt, '|');) {
          if (std::find(subs.begin(), subs.end(), alt) == subs.end()) continue;
          std::vector<std::string> longer = path;
          longer.push_back(alt);
          next.push_back(std::move(longer));
        }
      }
      if (!next.empty()) paths = std::move(next);
    }
    EXPECT_TRUE(only_options || !paths[0].empty())
        << "README: \"$B" << command << "\" names no beian command";
  }
}

// Without the larger Chinese model beian still reads, and says what is
// missing, where it belongs and how to install it.
// accounts check prints a verdict per step in Chinese (here: the password
// variable is not set, so nothing is tried) and exits 2 when a step failed.
TEST_F(CliTest, AccountsCheckSaysPerStepWhatIsWrong) {
  const fs::path cfg = *dir_ / "accounts.toml";
  std::ofstream(cfg) << "[[regions]]\ncode = \"510682\"\nname = \"什邡市\"\n"
                        "provider = \"qq\"\nimap_user = \"10001@qq.com\"\n"
                        "imap_password_env = \"BEIAN_CLI_TEST_UNSET\"\n"
                        "from = \"医保中心 <10001@qq.com>\"\n";
  ::unsetenv("BEIAN_CLI_TEST_UNSET");
  Result r = Run("--config " + cfg.string() + " accounts check", true);
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("510682 什邡市"), std::string::npos) << r.out;
  EXPECT_NE(
      r.out.find("✗ IMAP 密码：environment variable BEIAN_CLI_TEST_UNSET"),
      std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("结论：2 项需要处理"), std::string::npos) << r.out;
  r = Run("--config " + cfg.string() + " accounts check 110105", true);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("region 110105 is not in the config"), std::string::npos)
      << r.out;
}

TEST_F(CliTest, AMissingLargerOcrModelIsNamedWithItsInstallCommand) {
  ::setenv("BEIAN_LARGE_MODEL_DIR", "/nonexistent-beian-model", 1);
  Result r = Run("--ocr ocr " BEIAN_SOURCE_DIR
                 "/tests/data/ocr/0000-id_front-clean.jpg",
                 /*with_stderr=*/true);
  ::unsetenv("BEIAN_LARGE_MODEL_DIR");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("ocr_model_missing"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("/nonexistent-beian-model/chi_sim_large.traineddata"),
            std::string::npos);
  EXPECT_NE(r.out.find("scripts/fetch-large-chinese-model.sh"),
            std::string::npos);
  EXPECT_NE(r.out.find("id_front"), std::string::npos);  // and it read
}

// `beian ocr --json`: one object per file with the keys of issue 5, what OCR
// read per field, and an unsupported file as a problem, not a failure.
TEST_F(CliTest, OcrPrintsOneJsonObjectPerFile) {
  const std::string dir = BEIAN_SOURCE_DIR "/tests/data/ocr/";
  const json truth = json::parse(std::ifstream(dir + "truth.json"));
  json want;
  for (const auto& item : truth) {
    if (item["file"] == "0000-id_front-clean.jpg") want = item["fields"];
  }
  ASSERT_FALSE(want.is_null());
  const fs::path bogus = *dir_ / "notes.txt";
  std::ofstream(bogus) << "just some words, not an image";
  Result r = Run("--ocr ocr --json " + dir + "0000-id_front-clean.jpg " +
                 bogus.string());
  ASSERT_EQ(r.code, 0) << r.out;
  std::istringstream lines(r.out);
  std::string line;
  std::vector<json> objects;
  while (std::getline(lines, line)) objects.push_back(json::parse(line));
  ASSERT_EQ(objects.size(), 2u) << r.out;
  const json& card = objects[0];
  for (const char* key :
       {"file", "kind", "fields", "confidence", "quality", "seconds"}) {
    EXPECT_TRUE(card.contains(key)) << key;
  }
  EXPECT_EQ(card["kind"], "id_front");
  for (const auto& [name, value] : want.items()) {
    EXPECT_EQ(card["fields"][name], value) << name;
    EXPECT_GT(card["confidence"][name].get<double>(), 0.5) << name;
    EXPECT_TRUE(card["raw"].contains(name)) << name;
  }
  EXPECT_EQ(objects[1]["kind"], "other");
  ASSERT_FALSE(objects[1]["problems"].empty());
  EXPECT_EQ(objects[1]["problems"][0]["code"], "unsupported_format");
}

TEST_F(CliTest, IngestTwiceThenListAndShow) {
  Result r = Run("ingest --region 510682 " + Samples());
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("needs_review"), std::string::npos) << r.out;
  r = Run("ingest --region 510682 --json " + Samples());
  ASSERT_EQ(r.code, 0) << r.out;
  json again = json::parse(r.out);
  EXPECT_EQ(again["run"]["stored"], 0);
  EXPECT_GE(again["run"]["already_known"].get<int>(), 30);

  r = Run("cases list --json");
  ASSERT_EQ(r.code, 0);
  json list = json::parse(r.out);
  ASSERT_GE(list.size(), 30u);
  const std::string masked = list[0]["id_number"];
  EXPECT_NE(masked.find("**********"), std::string::npos) << masked;

  // Intake kept the raw mails only; showing a case writes its attachments.
  EXPECT_FALSE(fs::exists(*dir_ / "data" / "attachments"));
  r = Run("cases show " + list[0]["number"].get<std::string>() + " --json");
  ASSERT_EQ(r.code, 0) << r.out;
  json d = json::parse(r.out);
  EXPECT_EQ(d["id_number"].get<std::string>().find('*'), std::string::npos);
  ASSERT_FALSE(d["fields"].empty());
  EXPECT_EQ(d["fields"][0]["source"], "subject");
  ASSERT_FALSE(d["attachments"].empty());
  const fs::path att = d["attachments"][0]["path"].get<std::string>();
  EXPECT_EQ(att.filename(), d["attachments"][0]["sha256"].get<std::string>());
  EXPECT_EQ(fs::file_size(att), d["attachments"][0]["size"].get<uintmax_t>());
  r = Run("cases show " + list[0]["number"].get<std::string>());
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find(att.string()), std::string::npos) << r.out;
  // The reviewer reads labels and percentages; --json above keeps the keys.
  EXPECT_NE(r.out.find("  姓名："), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("（邮件主题 "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("name = "), std::string::npos) << r.out;
  const fs::path page = *dir_ / "case.html";
  r = Run("cases show " + list[1]["number"].get<std::string>() + " --html " +
          page.string());
  ASSERT_EQ(r.code, 0) << r.out;
  const std::string html = beian::testing::ReadFile(page);
  EXPECT_NE(html.find("src=\"data:image/"), std::string::npos);
  EXPECT_EQ(html.find("图片文件不可用"), std::string::npos);

  r = Run("cases list --status needs_review --region 110105 --json");
  ASSERT_EQ(r.code, 0);
  EXPECT_TRUE(json::parse(r.out).empty());
}

TEST_F(CliTest, ParsePrintsTheDocumentedShape) {
  const std::string file =
      Samples() + "/new/" +
      fs::directory_iterator(Samples() + "/new")->path().filename().string();
  Result r = Run("parse --json '" + file + "'");
  ASSERT_EQ(r.code, 0) << r.out;
  json j = json::parse(r.out);
  for (const char* key : {"subject", "from", "reply_to", "message_id", "date",
                          "text", "attachments", "claim", "problems"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_TRUE(j["from"].contains("address"));
  EXPECT_TRUE(j["claim"].contains("id_number"));
}

TEST_F(CliTest, BadInputGetsAClearErrorAndIsQuarantined) {
  Result r = Run("ingest --region 5106 " + Samples(), true);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("6-digit"), std::string::npos) << r.out;

  r = Run("ingest --region 510682 /no/such/dir", true);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("/no/such/dir"), std::string::npos) << r.out;

  const fs::path junk = *dir_ / "junk";
  fs::create_directories(junk);
  std::ofstream(junk / "broken.eml", std::ios::binary)
      << "\x89PNG\r\n\x1a\nbinary";
  r = Run("ingest --region 510682 " + junk.string());
  ASSERT_EQ(r.code, 0) << r.out;
  r = Run("quarantine list --json");
  ASSERT_EQ(r.code, 0);
  json q = json::parse(r.out);
  ASSERT_EQ(q.size(), 1u);
  EXPECT_NE(q[0]["reason"].get<std::string>().find("not a mail"),
            std::string::npos);
  r = Run("quarantine show " + std::to_string(q[0]["id"].get<int>()));
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("raw_path"), std::string::npos);
  // The raw mail as it came, byte for byte, private.
  const fs::path out = *dir_ / "quarantine-export";
  r = Run("quarantine export " + std::to_string(q[0]["id"].get<int>()) +
          " --to " + out.string());
  EXPECT_EQ(r.code, 0) << r.out;
  const fs::path eml =
      out / ("mail-" + std::to_string(q[0]["mail_id"].get<int>()) + ".eml");
  std::ifstream exported(eml, std::ios::binary);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(exported), {}),
            "\x89PNG\r\n\x1a\nbinary")
      << eml;
  EXPECT_EQ(fs::status(eml).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(fs::status(out).permissions() & fs::perms::all,
            fs::perms::owner_all);
  r = Run("quarantine export 999999 --to " + out.string(), true);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("no quarantine entry 999999"), std::string::npos)
      << r.out;
  r = Run("quarantine retry " + std::to_string(q[0]["id"].get<int>()));
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("quarantined again 1"), std::string::npos) << r.out;
  // status counts it in the backlog.
  json backlog = json::parse(Run("status --json").out)["backlog"];
  EXPECT_EQ(backlog["mails_quarantined"], 1) << backlog.dump();
  EXPECT_EQ(
      backlog["cases_waiting_for_review"],
      json::parse(Run("cases list --status needs_review --json").out).size());
  EXPECT_NE(Run("status").out.find("隔离邮件 1"), std::string::npos);
  r = Run("cases show 999999", true);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("beian cases list"), std::string::npos) << r.out;
}

int CountFiles(const fs::path& dir) {
  int n = 0;
  if (!fs::exists(dir)) return 0;
  for (const auto& e : fs::directory_iterator(dir)) n += e.is_regular_file();
  return n;
}

TEST_F(CliTest, ReviewerDecidesAndCitizensGetOneAnswerEach) {
  Result r = Run("ingest --region 510682 " + Samples());
  ASSERT_EQ(r.code, 0) << r.out;
  const int acks = CountFiles(*dir_ / "outbox");
  EXPECT_GE(acks, 30);  // one acknowledgement or correction per case
  // Without a configured sender a reply still has an address, in a domain
  // that is reserved, not localhost.
  const fs::path first = fs::directory_iterator(*dir_ / "outbox")->path();
  const std::string reply = beian::testing::ReadFile(first);
  const std::string head = reply.substr(0, reply.find("\r\n\r\n"));
  EXPECT_NE(head.find(" <beian510682@beian.invalid>\r\n"), std::string::npos)
      << head;
  const size_t id = head.find("\r\nMessage-ID: <");
  ASSERT_NE(id, std::string::npos) << head;
  const std::string id_line =
      head.substr(id + 2, head.find("\r\n", id + 2) - id - 2);
  EXPECT_TRUE(id_line.ends_with("@beian.invalid>")) << id_line;
  EXPECT_EQ(head.find("localhost"), std::string::npos) << head;
  r = Run("send");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(CountFiles(*dir_ / "outbox"), acks);  // nothing twice

  json list = json::parse(Run("cases list --status needs_review --json").out);
  ASSERT_GE(list.size(), 3u);
  std::string clean, other, third;
  for (const auto& c : list) {
    if (c["problems"].get<int>() != 0) continue;
    if (clean.empty()) {
      clean = c["number"];
    } else if (other.empty()) {
      other = c["number"];
    } else if (third.empty()) {
      third = c["number"];
    }
  }
  ASSERT_FALSE(third.empty());

  r = Run("cases edit " + clean +
          " filing_type=异地长期居住人员 treatment_place=广东省深圳市");
  ASSERT_EQ(r.code, 0) << r.out;
  r = Run("confirm " + clean + " --json");
  ASSERT_EQ(r.code, 0) << r.out;
  json confirmed = json::parse(r.out);
  EXPECT_EQ(confirmed["status"], "confirmed");
  const std::string number = confirmed["registration_number"];
  EXPECT_EQ(number.size(), 19u);
  bool edit_audited = false;
  for (const auto& a : confirmed["audit"]) {
    edit_audited =
        edit_audited ||
        (a["action"] == "field_edited" && a["actor"] == "tester" &&
         a["field"] == "treatment_place" && a["new"] == "广东省深圳市");
  }
  EXPECT_TRUE(edit_audited);
  EXPECT_EQ(Run("confirm " + clean, true).code, 1);  // decided already

  r = Run("correct " + other +
          " --reason missing_id_back --reason scan_blurry");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(Run("correct " + third + " --reason no_such_code", true).code, 1);
  r = Run("confirm " + third + " --number \"NHSA-2026-000123\" --json");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(json::parse(r.out)["registration_number"], "NHSA-2026-000123");

  r = Run("send");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(CountFiles(*dir_ / "outbox"), acks + 3);
  json sent = json::parse(Run("outbox list --state sent --json").out);
  int registrations = 0;
  for (const auto& e : sent) registrations += e["kind"] == "registration";
  EXPECT_EQ(registrations, 2);

  r = Run("export --since 2000-01-01 --format csv");
  ASSERT_EQ(r.code, 0);
  EXPECT_NE(r.out.find(number), std::string::npos);
  EXPECT_NE(r.out.find("广东省深圳市"), std::string::npos);
  json st = json::parse(Run("status --json").out);
  EXPECT_EQ(st["decided_30d"].get<int>() >= 3, true);
  // The backlog: everything sent, the cases nobody decided yet.
  EXPECT_EQ(st["backlog"]["replies_waiting"], 0);
  EXPECT_EQ(st["backlog"]["replies_claimed"], 0);
  EXPECT_EQ(
      st["backlog"]["cases_waiting_for_review"],
      json::parse(Run("cases list --status needs_review --json").out).size());
  // It says where its data came from (here: the options).
  EXPECT_EQ(st["config_dir"], BEIAN_SOURCE_DIR "/config");
  EXPECT_EQ(st["templates_dir"], BEIAN_SOURCE_DIR "/templates");

  r = Run("cases reopen " + clean + " --note 复核");
  ASSERT_EQ(r.code, 0) << r.out;
  // The confirmed case's attachments were written when shown; every other
  // purged case's never were, and purge removes only files that exist.
  json shown = json::parse(Run("cases show " + third + " --json").out);
  ASSERT_FALSE(shown["attachments"].empty());
  const fs::path att = shown["attachments"][0]["path"].get<std::string>();
  const fs::path raw = shown["mail_list"][0]["raw_path"].get<std::string>();
  ASSERT_TRUE(fs::exists(att));
  // Purge takes decisions before now: a later clock instead of waiting.
  r = Run("--now 2100-01-01T00:00:00Z purge --older-than 0");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("purged"), std::string::npos);
  EXPECT_FALSE(fs::exists(att));
  EXPECT_FALSE(fs::exists(raw));
  EXPECT_TRUE(fs::exists(*dir_ / "data" / "raw"));
  shown = json::parse(Run("cases show " + third + " --json").out);
  EXPECT_NE(shown["attachments"][0]["path"], nullptr);  // the record stays
}

TEST_F(CliTest, CalendarDueMatchesTheOfficialCalendar) {
  Result r =
      Run("calendar due --region 510682 --at \"2026-02-13 17:00\" --json");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("2026-02-14 17:00"), std::string::npos) << r.out;
  r = Run("calendar due --region 510682 --at \"2026-09-30 10:00\" --json");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("2026-10-08 10:00"), std::string::npos) << r.out;
  r = Run("calendar show --year 2027", true);
  EXPECT_EQ(r.code, 1);
  EXPECT_NE(r.out.find("2027"), std::string::npos);
}

}  // namespace
