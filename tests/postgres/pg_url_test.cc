// The libpq adapter's pure parts, and what it says when no server answers
// (no server needed).
#include <gtest/gtest.h>

#include "postgres/pg_connection.h"

namespace beian::internal {
namespace {

TEST(DescribePgUrlTest, NamesHostPortDatabaseAndUserButNoPassword) {
  EXPECT_EQ(DescribePgUrl("postgresql://beian:s3cret@db.example.cn:6543/beian"),
            "db.example.cn:6543/beian as beian");
  EXPECT_EQ(DescribePgUrl("postgresql://db.example.cn/beian"),
            "db.example.cn:5432/beian");
  EXPECT_EQ(DescribePgUrl("host=10.0.0.5 dbname=b user=u password=pw"),
            "10.0.0.5:5432/b as u");
  // Unparsable: shown without its password.
  const std::string bad = DescribePgUrl("postgresql://u:pw@h:notaport/x?=");
  EXPECT_EQ(bad.find("pw"), std::string::npos) << bad;
}

TEST(ParsePgTimeTest, ReadsUtcTimestampsOnly) {
  auto t = ParsePgTime("2026-11-23 18:10:03+00");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(FormatUtc(*t), "2026-11-23T18:10:03Z");
  EXPECT_FALSE(ParsePgTime("2026-11-23 18:10:03+08").has_value());
  EXPECT_FALSE(ParsePgTime("2026-11-23 18:10:03.5+00").has_value());
  EXPECT_FALSE(ParsePgTime("").has_value());
}

TEST(PgConnectErrorTest, SaysWhatToCheck) {
  Status refused = PgConnectError(
      "127.0.0.1:1/beian",
      "connection to server at \"127.0.0.1\", port 1 failed: Connection "
      "refused\n");
  EXPECT_EQ(refused.code(), StatusCode::kIoError);
  EXPECT_NE(refused.message().find("check that PostgreSQL runs"),
            std::string::npos);
  Status tls = PgConnectError("h:5432/b",
                              "server does not support SSL, but "
                              "SSL was required");
  EXPECT_NE(tls.message().find("sslrootcert"), std::string::npos);
  Status missing =
      PgConnectError("h:5432/b", "FATAL:  database \"b\" does not exist");
  EXPECT_NE(missing.message().find("createdb"), std::string::npos);
}

// Port 1 on loopback: nothing listens, the connection is refused at once.
TEST(PgConnectionTest, ARefusedConnectionNamesTheServerAndNotThePassword) {
  StatusOr<PgConnection> db = PgConnection::Connect(
      {"postgresql://beian:s3cret@127.0.0.1:1/beian", "", 2});
  ASSERT_FALSE(db.ok());
  const std::string& m = db.status().message();
  EXPECT_EQ(db.status().code(), StatusCode::kIoError);
  EXPECT_NE(m.find("cannot connect to PostgreSQL at 127.0.0.1:1/beian as "
                   "beian"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("refused"), std::string::npos) << m;
  EXPECT_NE(m.find("[store] url or --db"), std::string::npos) << m;
  EXPECT_EQ(m.find("s3cret"), std::string::npos) << m;
}

}  // namespace
}  // namespace beian::internal
