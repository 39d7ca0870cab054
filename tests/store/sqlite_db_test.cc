// The statement cache of the SQLite wrapper: a kept statement comes back
// reset and unbound, two statements of the same SQL in use at once are two
// statements, and a connection closes cleanly with statements kept.
#include "store/sqlite_db.h"

#include <gtest/gtest.h>

namespace beian::internal {
namespace {

class SqliteDbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = Db::Open(":memory:");
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    db_ = std::make_unique<Db>(std::move(*db));
    ASSERT_TRUE(db_->Exec("CREATE TABLE t (k INTEGER, v TEXT)").ok());
  }
  StatusOr<int64_t> Count(std::optional<int64_t> k) {
    auto s = db_->Prepare("SELECT COUNT(*) FROM t WHERE k IS ?");
    if (!s.ok()) return s.status();
    s->Bind(1, k);
    auto row = s->Step();
    if (!row.ok()) return row.status();
    return s->Int(0);
  }
  std::unique_ptr<Db> db_;
};

// Inside a batch a transaction is a savepoint: one left without Commit()
// undoes only itself, and the batch's commit makes the rest visible.
TEST_F(SqliteDbTest, InABatchATransactionUndoesOnlyItself) {
  ASSERT_TRUE(db_->Exec("BEGIN IMMEDIATE").ok());
  db_->set_in_batch(true);
  {
    auto kept = Transaction::Begin(*db_);
    ASSERT_TRUE(kept.ok());
    ASSERT_TRUE(db_->Exec("INSERT INTO t VALUES (1, 'kept')").ok());
    ASSERT_TRUE((*kept)->Commit().ok());
  }
  {
    auto dropped = Transaction::Begin(*db_);
    ASSERT_TRUE(dropped.ok());
    ASSERT_TRUE(db_->Exec("INSERT INTO t VALUES (2, 'dropped')").ok());
  }  // no Commit(): as if the step had failed
  EXPECT_EQ(*Count(2), 0);
  db_->set_in_batch(false);
  ASSERT_TRUE(db_->Exec("COMMIT").ok());
  EXPECT_EQ(*Count(1), 1);
  EXPECT_EQ(*Count(2), 0);
}

TEST_F(SqliteDbTest, AKeptStatementComesBackResetAndUnbound) {
  for (int64_t k = 1; k <= 3; ++k) {
    auto ins = db_->Prepare("INSERT INTO t (k, v) VALUES (?, ?)");
    ASSERT_TRUE(ins.ok());
    ins->Bind(1, k);
    if (k != 2) ins->Bind(2, std::string_view("x"));  // k=2: v left unbound
    ASSERT_TRUE(ins->Run().ok());
  }
  auto nulls = db_->Prepare("SELECT COUNT(*) FROM t WHERE v IS NULL");
  ASSERT_TRUE(nulls.ok());
  ASSERT_TRUE(*nulls->Step());
  EXPECT_EQ(nulls->Int(0), 1);  // the binding of k=1 did not leak into k=2
  EXPECT_EQ(*Count(1), 1);
  EXPECT_EQ(*Count(std::nullopt), 0);
  EXPECT_EQ(*Count(3), 1);
}

TEST_F(SqliteDbTest, TheSameSqlTwiceAtOnceIsTwoStatements) {
  ASSERT_TRUE(db_->Exec("INSERT INTO t VALUES (1, 'a'), (2, 'b')").ok());
  auto outer = db_->Prepare("SELECT k FROM t ORDER BY k");
  ASSERT_TRUE(outer.ok());
  ASSERT_TRUE(*outer->Step());
  EXPECT_EQ(outer->Int(0), 1);
  {
    auto inner = db_->Prepare("SELECT k FROM t ORDER BY k");
    ASSERT_TRUE(inner.ok());
    ASSERT_TRUE(*inner->Step());
    EXPECT_EQ(inner->Int(0), 1);
  }
  ASSERT_TRUE(*outer->Step());  // the outer one kept its place
  EXPECT_EQ(outer->Int(0), 2);
}

TEST_F(SqliteDbTest, ClosesWithStatementsKeptAndAMovedStatementOutlivesNone) {
  { auto s = db_->Prepare("SELECT 1"); }
  auto moved = db_->Prepare("SELECT 2");
  ASSERT_TRUE(moved.ok());
  Stmt taken = std::move(*moved);
  ASSERT_TRUE(*taken.Step());
  EXPECT_EQ(taken.Int(0), 2);
  taken = std::move(*db_->Prepare("SELECT 3"));
  ASSERT_TRUE(*taken.Step());
  EXPECT_EQ(taken.Int(0), 3);
}

}  // namespace
}  // namespace beian::internal
