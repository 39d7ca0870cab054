// PostgresBlobStore on a real PostgreSQL 15 that the test starts itself
// (tests/integration/postgres_server.h): the blob contract
// (blob_contract.h) and what only the database has.
#include "beian/store/postgres_blob_store.h"

#include <gtest/gtest.h>

#include "beian/base/sha256.h"
#include "blob_contract.h"
#include "postgres_server.h"

namespace beian::testing {
namespace {

// One database per test on the process's shared server.
class PostgresBlobBackend final : public BlobBackend {
 public:
  Status Fresh(const std::string& test) override { return db_.Create(test); }
  StatusOr<std::unique_ptr<BlobStore>> Open() override {
    auto b = PostgresBlobStore::Open({db_.url(), db_.server().password()});
    if (!b.ok()) return b.status();
    return std::unique_ptr<BlobStore>(std::move(*b));
  }
  Status Backdate(const std::string& name, std::chrono::hours by) override {
    return db_.server()
        .Psql(db_.name(), "UPDATE blobs SET stored_at = now() - interval '" +
                              std::to_string(by.count()) +
                              " hours' WHERE name = '" + name + "'")
        .status();
  }
  void Remove() override { db_.Drop(); }
  const std::string& url() const { return db_.url(); }
  const std::string& database() const { return db_.name(); }
  PostgresServer& server() { return db_.server(); }

 private:
  TestDatabase db_;
};

}  // namespace

BlobBackendParam PostgresBlobs() {
  return {"Postgres", [] { return std::make_unique<PostgresBlobBackend>(); }};
}

namespace {

INSTANTIATE_TEST_SUITE_P(Postgres, BlobContractTest,
                         ::testing::Values(PostgresBlobs()), BlobBackendName);

class PostgresBlobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Status fresh = backend_.Fresh(
        "pgblob_" +
        std::string(
            ::testing::UnitTest::GetInstance()->current_test_info()->name()));
    ASSERT_TRUE(fresh.ok()) << fresh.ToString();
    auto b =
        PostgresBlobStore::Open({backend_.url(), backend_.server().password()});
    ASSERT_TRUE(b.ok()) << b.status().ToString();
    blobs_ = std::move(*b);
  }
  void TearDown() override {
    blobs_.reset();
    backend_.Remove();
  }
  std::string Sql(const std::string& sql) {
    StatusOr<std::string> out =
        backend_.server().Psql(backend_.database(), sql);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? *out : "";
  }
  PostgresBlobBackend backend_;
  std::unique_ptr<PostgresBlobStore> blobs_;
};

// One row per blob, keyed by the file store's name, with its sha256 and
// size beside the bytes; the server's own sha256 of the bytes agrees.
TEST_F(PostgresBlobStoreTest, ARowPerBlobWithItsSha256AndSize) {
  const std::string bytes = std::string("From: a@b\r\n\r\n\0\xff\xfe", 17);
  const std::string sha = Sha256Hex(bytes);
  StatusOr<std::string> name = blobs_->Put("raw", sha, ".eml", bytes);
  ASSERT_TRUE(name.ok()) << name.status().ToString();
  EXPECT_EQ(Sql("SELECT name || ' ' || sha256 || ' ' || size FROM blobs"),
            *name + " " + sha + " 17\n");
  StatusOr<std::string> stored = blobs_->StoredSha256(*name);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(*stored, sha);
  StatusOr<int64_t> count = blobs_->Count();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 1);
  EXPECT_EQ(blobs_->StoredSha256("raw/00/none.eml").status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(blobs_->FilePath(*name), std::nullopt);
  EXPECT_NE(blobs_->Describe().find("blobs table"), std::string::npos);
}

// A row cut short (as a file cut short by a power cut) is written again.
TEST_F(PostgresBlobStoreTest, ARowOfTheWrongSizeIsRewritten) {
  const std::string bytes = "From: a@b\r\n\r\nhello";
  const std::string sha = Sha256Hex(bytes);
  StatusOr<std::string> name = blobs_->Put("raw", sha, ".eml", bytes);
  ASSERT_TRUE(name.ok());
  Sql("UPDATE blobs SET bytes = 'x'::bytea, size = 1");
  EXPECT_FALSE(blobs_->Has(*name, static_cast<int64_t>(bytes.size())));
  bool wrote = false;
  ASSERT_TRUE(blobs_->Put("raw", sha, ".eml", bytes, &wrote).ok());
  EXPECT_TRUE(wrote);
  StatusOr<std::string> back = blobs_->Get(*name);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, bytes);
}

}  // namespace
}  // namespace beian::testing
