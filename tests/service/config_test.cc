#include "beian/service/config.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace beian {
namespace {

TEST(ConfigTest, ExampleFileLoadsAndIsDocumented) {
  StatusOr<ServiceConfig> c = LoadServiceConfig(std::string(BEIAN_SOURCE_DIR) +
                                                "/config/beian.example.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ(c->regions.size(), 1u);
  const RegionConfig& r = c->regions[0];
  EXPECT_EQ(r.code, "510682");
  EXPECT_EQ(r.poll_interval, std::chrono::seconds(300));
  EXPECT_EQ(r.imap_connections, 1);
  EXPECT_EQ(r.imap_password.env, "BEIAN_510682_IMAP_PASSWORD");
  EXPECT_EQ(c->store_path, "var/beian.db");
  EXPECT_EQ(c->poll_lease, std::chrono::minutes(10));
  EXPECT_EQ(c->read_lease, std::chrono::minutes(10));
}

TEST(ConfigTest, ReadLease) {
  StatusOr<ServiceConfig> c =
      ParseServiceConfig("[service]\nread_lease = \"20m\"\n", "t.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->read_lease, std::chrono::minutes(20));
  c = ParseServiceConfig("[service]\nread_lease = \"0s\"\n", "t.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("service.read_lease"), std::string::npos)
      << c.status().message();
}

TEST(ConfigTest, PollLease) {
  StatusOr<ServiceConfig> c =
      ParseServiceConfig("[service]\npoll_lease = \"15s\"\n", "t.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->poll_lease, std::chrono::seconds(15));
  c = ParseServiceConfig("[service]\npoll_lease = \"0s\"\n", "t.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("service.poll_lease"), std::string::npos)
      << c.status().message();
}

TEST(ConfigTest, SecretsComeFromEnvironmentOrFile) {
  ::setenv("BEIAN_TEST_PW", "s3cret", 1);
  StatusOr<ServiceConfig> c = ParseServiceConfig(
      "[[regions]]\ncode = \"510682\"\nimap_url = \"imaps://h/INBOX\"\n"
      "imap_user = \"u\"\nimap_password_env = \"BEIAN_TEST_PW\"\n",
      "t.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->regions[0].imap_password.Resolve().value(), "s3cret");
  ::unsetenv("BEIAN_TEST_PW");
  StatusOr<std::string> missing = c->regions[0].imap_password.Resolve();
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("BEIAN_TEST_PW"),
            std::string::npos);
}

TEST(ConfigTest, StoreOnPostgresql) {
  ::setenv("BEIAN_TEST_DB_PW", "pg-s3cret", 1);
  StatusOr<ServiceConfig> c = ParseServiceConfig(
      "[store]\n"
      "url = "
      "\"postgresql://beian@db.example.cn:5432/beian?sslmode=verify-full\"\n"
      "password_env = \"BEIAN_TEST_DB_PW\"\n"
      "data_dir = \"/srv/beian/data\"\n"
      "blobs = \"files\"\n",
      "t.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->store_url,
            "postgresql://beian@db.example.cn:5432/beian?sslmode=verify-full");
  EXPECT_EQ(c->store_password.Resolve().value(), "pg-s3cret");
  EXPECT_EQ(c->data_dir, "/srv/beian/data");
  EXPECT_FALSE(c->blobs_in_database);
  ::unsetenv("BEIAN_TEST_DB_PW");
  StatusOr<std::string> missing = c->store_password.Resolve();
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("store.password_env"),
            std::string::npos)
      << missing.status().message();
}

TEST(ConfigTest, BlobsInThePostgresqlStore) {
  StatusOr<ServiceConfig> c = ParseServiceConfig(
      "[store]\nurl = \"postgresql://beian@db/beian\"\nblobs = "
      "\"database\"\n",
      "t.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(c->blobs_in_database);
  StatusOr<ServiceConfig> files = ParseServiceConfig("", "t.toml");
  ASSERT_TRUE(files.ok());
  EXPECT_FALSE(files->blobs_in_database);
}

struct BadRow {
  std::string toml;
  std::string must_mention;
};

TEST(ConfigTest, BadConfigsNameTheKey) {
  const std::string base = "[[regions]]\ncode = \"510682\"\n";
  const std::vector<BadRow> rows = {
      {base + "imap_password = \"x\"\n", "regions[0].imap_password"},
      {base + "imap_url = \"http://h\"\n", "regions[0].imap_url"},
      {base + "smtp_url = \"ftp://h\"\n", "regions[0].smtp_url"},
      {base + "poll_interval = \"soon\"\n", "regions[0].poll_interval"},
      {base + "after_fetch = \"delete\"\n", "regions[0].after_fetch"},
      {base + "imap_connections = 9\n", "regions[0].imap_connections"},
      {base + "smtp_max_per_minute = 0\n", "regions[0].smtp_max_per_minute"},
      {base + "processed_folder = \"a\\nb\"\n", "regions[0].processed_folder"},
      {base + "processed_folder = \"\"\n", "regions[0].processed_folder"},
      {base + "imap_connections = \"2\"\n", "regions[0].imap_connections"},
      {base + "colour = \"red\"\n", "regions[0].colour"},
      {"[[regions]]\ncode = \"5106\"\n", "regions[0].code"},
      {base + base, "regions[1].code"},
      {base + "imap_url = \"imaps://h/INBOX\"\n", "regions[0].imap_user"},
      {"[store]\npaht = \"x\"\n", "store.paht"},
      {"[store]\nurl = \"mysql://h/db\"\n", "store.url"},
      {"[store]\nurl = \"postgresql://h/db\"\npath = \"x.db\"\n", "store.url"},
      {"[store]\npassword = \"pw\"\n", "store.password"},
      {"[store]\npassword_env = \"PW\"\n", "store.password_env"},
      {"[store]\nurl = \"postgresql://h/db\"\nblobs = \"cloud\"\n",
       "store.blobs"},
      {"[store]\npath = \"var/beian.db\"\nblobs = \"database\"\n",
       "url = \"postgresql://"},
      {"[service]\nidle_sleep = 5\n", "service.idle_sleep"},
      {"[ocr]\nworkers = -1\n", "ocr.workers"},
      {"[ocr]\nworker_memory_mb = 100\n", "ocr.worker_memory_mb"},
      {"[ocr]\ndocument_deadline = \"soon\"\n", "ocr.document_deadline"},
      {"[ocr]\nmax_pages = 0\n", "ocr.max_pages"},
      {"[ocr]\nthreads = 2\n", "ocr.threads"},
      {"nonsense = 1\n", "nonsense"},
      {"[[regions]\n", "t.toml:1"},
  };
  for (const BadRow& row : rows) {
    StatusOr<ServiceConfig> c = ParseServiceConfig(row.toml, "t.toml");
    ASSERT_FALSE(c.ok()) << row.toml;
    EXPECT_NE(c.status().message().find(row.must_mention), std::string::npos)
        << c.status().message();
  }
}

TEST(ConfigTest, ImapConnections) {
  StatusOr<ServiceConfig> c = ParseServiceConfig(
      "[[regions]]\ncode = \"510682\"\nimap_connections = 3\n", "t.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->regions[0].imap_connections, 3);
}

TEST(ConfigTest, OcrWorkersAndLimits) {
  StatusOr<ServiceConfig> d = ParseServiceConfig("", "t.toml");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->ocr.workers, 0);  // one per core
  EXPECT_EQ(d->ocr.max_megapixels, 40);
  EXPECT_EQ(d->ocr.max_pages, 10);
  StatusOr<ServiceConfig> c = ParseServiceConfig(
      "[ocr]\nworkers = 3\nworker_memory_mb = 1024\ndocument_deadline = "
      "\"30s\"\nmail_budget = \"2m\"\nmax_megapixels = 20\nmax_pages = 4\n"
      "pdf_page_megapixels = 8\n",
      "t.toml");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->ocr.workers, 3);
  EXPECT_EQ(c->ocr.worker_memory_mb, 1024);
  EXPECT_EQ(c->ocr.document_deadline, std::chrono::seconds(30));
  EXPECT_EQ(c->ocr.mail_budget, std::chrono::seconds(120));
  EXPECT_EQ(c->ocr.max_megapixels, 20);
  EXPECT_EQ(c->ocr.max_pages, 4);
  EXPECT_EQ(c->ocr.pdf_page_megapixels, 8);
}

TEST(ConfigTest, ProviderPresetsFillHostsAndFolders) {
  const std::string account =
      "imap_user = \"123456@qq.com\"\nimap_password_env = \"QQ_CODE\"\n"
      "from = \"医保中心 <123456@qq.com>\"\n";
  StatusOr<ServiceConfig> qq = ParseServiceConfig(
      "[[regions]]\ncode = \"510682\"\nprovider = \"qq\"\n" + account,
      "t.toml");
  ASSERT_TRUE(qq.ok()) << qq.status().ToString();
  const RegionConfig& q = qq->regions[0];
  EXPECT_EQ(q.imap_url, "imaps://imap.qq.com:993/INBOX");
  EXPECT_EQ(q.smtp_url, "smtps://smtp.qq.com:465");
  EXPECT_EQ(q.processed_folder, "其他文件夹/Processed");
  EXPECT_EQ(q.smtp_user, "123456@qq.com");
  EXPECT_EQ(q.smtp_password.env, "QQ_CODE");

  StatusOr<ServiceConfig> n = ParseServiceConfig(
      "[[regions]]\ncode = \"510682\"\nprovider = \"163\"\n"
      "processed_folder = \"已处理\"\n"
      "smtp_url = \"smtp://smtp.163.com:25\"\n" +
          account,
      "t.toml");
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(n->regions[0].imap_url, "imaps://imap.163.com:993/INBOX");
  EXPECT_EQ(n->regions[0].smtp_url, "smtp://smtp.163.com:25");  // explicit
  EXPECT_EQ(n->regions[0].processed_folder, "已处理");

  StatusOr<ServiceConfig> aliyun = ParseServiceConfig(
      "[[regions]]\ncode = \"510682\"\nprovider = \"aliyun\"\n" + account,
      "t.toml");
  ASSERT_TRUE(aliyun.ok());
  EXPECT_EQ(aliyun->regions[0].imap_url,
            "imaps://imap.qiye.aliyun.com:993/INBOX");

  // Coremail runs on the agency's own server: its URL must be given.
  StatusOr<ServiceConfig> core = ParseServiceConfig(
      "[[regions]]\ncode = \"510682\"\nprovider = \"coremail\"\n" + account,
      "t.toml");
  ASSERT_FALSE(core.ok());
  EXPECT_NE(core.status().message().find("regions[0].imap_url"),
            std::string::npos);
  StatusOr<ServiceConfig> bad = ParseServiceConfig(
      "[[regions]]\ncode = \"510682\"\nprovider = \"gmail\"\n", "t.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("regions[0].provider"),
            std::string::npos);
}

TEST(ConfigTest, Durations) {
  EXPECT_EQ(ParseDuration("30s"), std::chrono::seconds(30));
  EXPECT_EQ(ParseDuration("5m"), std::chrono::seconds(300));
  EXPECT_EQ(ParseDuration("2h"), std::chrono::seconds(7200));
  EXPECT_FALSE(ParseDuration("5"));
  EXPECT_FALSE(ParseDuration("m"));
  EXPECT_FALSE(ParseDuration("-1s"));
}

}  // namespace
}  // namespace beian
