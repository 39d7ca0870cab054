// PruneBlobs on every store backend with each blob store it is used with
// (blob_prune_contract.h): SQLite with files, PostgreSQL with files and
// with the blobs table.
#include "beian/store/blob_prune.h"

#include <gtest/gtest.h>

#include <cctype>

#include "beian/base/sha256.h"
#include "blob_prune_contract.h"

namespace beian::testing {

void PruneBlobsTest::SetUp() {
  std::string name;
  for (char ch : std::string(
           ::testing::UnitTest::GetInstance()->current_test_info()->name())) {
    name +=
        std::isalnum(static_cast<unsigned char>(ch))
            ? static_cast<char>(std::tolower(static_cast<unsigned char>(ch)))
            : '_';
  }
  store_backend_ = GetParam().store.make();
  ASSERT_TRUE(store_backend_->Fresh("prune_" + name).ok());
  auto s = store_backend_->Open();
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  store_ = std::move(*s);
  blob_backend_ = GetParam().blobs.make();
  ASSERT_TRUE(blob_backend_->Fresh("prune_blobs_" + name).ok());
  auto b = blob_backend_->Open();
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  blobs_ = std::move(*b);
}

void PruneBlobsTest::TearDown() {
  store_.reset();
  blobs_.reset();
  if (store_backend_) store_backend_->Remove();
  if (blob_backend_) blob_backend_->Remove();
}

std::string PruneBlobsTest::Put(const std::string& kind,
                                const std::string& bytes, int hours_ago) {
  StatusOr<std::string> name =
      blobs_->Put(kind, Sha256Hex(bytes), kind == "raw" ? ".eml" : "", bytes);
  EXPECT_TRUE(name.ok()) << name.status().ToString();
  if (!name.ok()) return "";
  if (hours_ago > 0) {
    Status aged = blob_backend_->Backdate(*name, std::chrono::hours(hours_ago));
    EXPECT_TRUE(aged.ok()) << aged.ToString();
  }
  return *name;
}

namespace {

using std::chrono::hours;

// A mail's raw blob and an attachment's, named by rows, and two orphans
// (intake was killed before their rows): one two days old, one written
// just now. With a grace of a day only the old orphan goes.
TEST_P(PruneBlobsTest, RemovesOnlyOrphansOlderThanTheGracePeriod) {
  const std::string raw = "From: a@qq.com\r\n\r\nnamed", att = "card bytes",
                    old_orphan = "From: b@qq.com\r\n\r\nold orphan",
                    young_orphan = "From: c@qq.com\r\n\r\nyoung orphan";
  const std::string raw_name = Put("raw", raw, 48);
  const std::string att_name = Put("attachments", att, 48);
  const std::string old_name = Put("raw", old_orphan, 48);
  const std::string young_name = Put("raw", young_orphan, 0);
  const TimePoint now = SystemClock().Now();
  NewRawMail mail{{"510682", "maildir:/x", "k1"},
                  Sha256Hex(raw),
                  static_cast<int64_t>(raw.size()),
                  raw_name,
                  now};
  StatusOr<int64_t> id = store_->AddRawMail(mail);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  CaseUpdate u;
  u.mail_id = *id;
  u.region = "510682";
  u.applicant_name = "张三";
  u.id_number = "11010519491231002X";
  u.attachments = {{0,
                    0,
                    1,
                    "card.jpg",
                    "image/jpeg",
                    static_cast<int64_t>(att.size()),
                    Sha256Hex(att),
                    att_name,
                    false,
                    "",
                    {}}};
  u.at = now;
  ASSERT_TRUE(store_->ApplyCaseUpdate(u).ok());
  const TimePoint day_ago = now - hours(24);

  StatusOr<PruneReport> dry = PruneBlobs(*blobs_, *store_, day_ago, true);
  ASSERT_TRUE(dry.ok()) << dry.status().ToString();
  ASSERT_EQ(dry->removed.size(), 1u);
  EXPECT_EQ(dry->removed[0].name, old_name);
  EXPECT_EQ(dry->bytes, static_cast<int64_t>(old_orphan.size()));
  EXPECT_EQ(dry->named, 2);
  EXPECT_TRUE(blobs_->Has(old_name, old_orphan.size()));  // dry: still there

  StatusOr<PruneReport> pruned = PruneBlobs(*blobs_, *store_, day_ago, false);
  ASSERT_TRUE(pruned.ok()) << pruned.status().ToString();
  ASSERT_EQ(pruned->removed.size(), 1u);
  EXPECT_EQ(pruned->removed[0].name, old_name);
  EXPECT_EQ(pruned->bytes, static_cast<int64_t>(old_orphan.size()));
  EXPECT_TRUE(pruned->errors.empty());
  EXPECT_FALSE(blobs_->Has(old_name, old_orphan.size()));
  EXPECT_TRUE(blobs_->Has(young_name, young_orphan.size()));
  EXPECT_TRUE(blobs_->Has(raw_name, raw.size()));
  EXPECT_TRUE(blobs_->Has(att_name, att.size()));

  StatusOr<PruneReport> again = PruneBlobs(*blobs_, *store_, day_ago, false);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->removed.empty());
}

// Intake stores the same mail again (it is still on the server) after the
// orphan of its killed first try grew old: that Put makes it young, so the
// prune that listed it keeps it, and the row that follows names a blob
// that is there.
TEST_P(PruneBlobsTest, AnOrphanPutAgainBeforeItsTurnIsKept) {
  const std::string bytes = "From: a@qq.com\r\n\r\nfetched again";
  const std::string name = Put("raw", bytes, 48);
  const TimePoint day_ago = SystemClock().Now() - hours(24);
  std::vector<BlobEntry> listed;
  ASSERT_TRUE(blobs_
                  ->ListBlobsPutBefore(day_ago,
                                       [&](const BlobEntry& e) {
                                         listed.push_back(e);
                                         return Status::Ok();
                                       })
                  .ok());
  ASSERT_EQ(listed.size(), 1u);  // an old orphan, as the prune saw it
  Put("raw", bytes, 0);          // intake, meanwhile
  StatusOr<bool> removed = blobs_->RemoveIfPutBefore(name, day_ago);
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_FALSE(*removed);
  EXPECT_TRUE(blobs_->Has(name, bytes.size()));
}

}  // namespace
}  // namespace beian::testing
