// The blob store contract (blob_contract.h), on every implementation.
#include "blob_contract.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <thread>
#include <vector>

#include "beian/base/sha256.h"

namespace beian::testing {

void BlobContractTest::SetUp() {
  backend_ = GetParam().make();
  Status fresh = backend_->Fresh(
      "blob_" + GetParam().name + "_" +
      ::testing::UnitTest::GetInstance()->current_test_info()->name());
  ASSERT_TRUE(fresh.ok()) << fresh.ToString();
  StatusOr<std::unique_ptr<BlobStore>> b = backend_->Open();
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  blobs_ = std::move(*b);
}

void BlobContractTest::TearDown() {
  blobs_.reset();
  if (backend_) backend_->Remove();
}

namespace {

// Bytes of every value, NULs and invalid UTF-8 included.
std::string Binary(size_t size, unsigned seed) {
  std::mt19937 gen(seed);
  std::string out(size, '\0');
  for (char& c : out) c = static_cast<char>(gen() & 0xff);
  return out;
}

// The blobs `blobs` lists as last Put before `before`, by name.
std::vector<std::string> ListedBefore(const BlobStore& blobs,
                                      TimePoint before) {
  std::vector<std::string> names;
  Status s = blobs.ListBlobsPutBefore(before, [&](const BlobEntry& e) {
    names.push_back(e.name);
    return Status::Ok();
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  std::sort(names.begin(), names.end());
  return names;
}

// prune-blobs counts on it (blob_prune.h): a Put that finds the blob
// complete makes it young again, as one that writes it.
TEST_P(BlobContractTest, APutOfABlobThereMakesItYoungAgain) {
  const std::string bytes = Binary(1000, 7);
  StatusOr<std::string> name =
      blobs_->Put("raw", Sha256Hex(bytes), ".eml", bytes);
  ASSERT_TRUE(name.ok()) << name.status().ToString();
  const TimePoint day_ago = SystemClock().Now() - std::chrono::hours(24);
  EXPECT_TRUE(ListedBefore(*blobs_, day_ago).empty());
  ASSERT_TRUE(backend_->Backdate(*name, std::chrono::hours(48)).ok());
  EXPECT_EQ(ListedBefore(*blobs_, day_ago), std::vector<std::string>{*name});
  bool wrote = true;
  ASSERT_TRUE(blobs_->Put("raw", Sha256Hex(bytes), ".eml", bytes, &wrote).ok());
  EXPECT_FALSE(wrote);  // found complete, and refreshed
  EXPECT_TRUE(ListedBefore(*blobs_, day_ago).empty());
  StatusOr<bool> removed = blobs_->RemoveIfPutBefore(*name, day_ago);
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_FALSE(*removed);
  EXPECT_TRUE(blobs_->Has(*name, 1000));
}

// Only a blob last Put before the cut is removed; a Put after the removal
// finds it gone and writes it again.
TEST_P(BlobContractTest, RemoveIfPutBeforeRemovesOnlyAnOldBlob) {
  const std::string bytes = Binary(500, 8);
  const std::string sha = Sha256Hex(bytes);
  StatusOr<std::string> name = blobs_->Put("attachments", sha, "", bytes);
  ASSERT_TRUE(name.ok()) << name.status().ToString();
  const TimePoint day_ago = SystemClock().Now() - std::chrono::hours(24);
  StatusOr<bool> young = blobs_->RemoveIfPutBefore(*name, day_ago);
  ASSERT_TRUE(young.ok()) << young.status().ToString();
  EXPECT_FALSE(*young);
  EXPECT_TRUE(blobs_->Has(*name, 500));
  ASSERT_TRUE(backend_->Backdate(*name, std::chrono::hours(48)).ok());
  StatusOr<bool> old = blobs_->RemoveIfPutBefore(*name, day_ago);
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_TRUE(*old);
  EXPECT_FALSE(blobs_->Has(*name, 500));
  StatusOr<bool> gone = blobs_->RemoveIfPutBefore(*name, day_ago);
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(*gone);
  bool wrote = false;
  ASSERT_TRUE(blobs_->Put("attachments", sha, "", bytes, &wrote).ok());
  EXPECT_TRUE(wrote);
  EXPECT_TRUE(blobs_->Has(*name, 500));
  EXPECT_TRUE(ListedBefore(*blobs_, day_ago).empty());
}

TEST_P(BlobContractTest, PutNamesTheBlobByContentAndGetReturnsItsBytes) {
  const std::string bytes = Binary(70000, 1);
  const std::string sha = Sha256Hex(bytes);
  bool wrote = false;
  StatusOr<std::string> name = blobs_->Put("raw", sha, ".eml", bytes, &wrote);
  ASSERT_TRUE(name.ok()) << name.status().ToString();
  EXPECT_EQ(*name, "raw/" + sha.substr(0, 2) + "/" + sha + ".eml");
  EXPECT_EQ(*name, BlobName("raw", sha, ".eml"));
  EXPECT_TRUE(wrote);
  StatusOr<std::string> back = blobs_->Get(*name);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(Sha256Hex(*back), sha);
  EXPECT_TRUE(blobs_->Has(*name, static_cast<int64_t>(bytes.size())));
  EXPECT_FALSE(blobs_->Has(*name, static_cast<int64_t>(bytes.size()) + 1));
  // Again: found complete, not written.
  StatusOr<std::string> again = blobs_->Put("raw", sha, ".eml", bytes, &wrote);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *name);
  EXPECT_FALSE(wrote);
}

TEST_P(BlobContractTest, AnotherHandleReadsWhatOneWrote) {
  const std::string bytes = Binary(1000, 2);
  const std::string sha = Sha256Hex(bytes);
  StatusOr<std::string> name = blobs_->Put("attachments", sha, "", bytes);
  ASSERT_TRUE(name.ok()) << name.status().ToString();
  StatusOr<std::unique_ptr<BlobStore>> other = backend_->Open();
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  StatusOr<std::string> back = (*other)->Get(*name);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, bytes);
}

TEST_P(BlobContractTest, AMissingBlobIsNotFoundAndNamed) {
  const std::string name = BlobName("raw", std::string(64, 'a'), ".eml");
  StatusOr<std::string> got = blobs_->Get(name);
  EXPECT_EQ(got.status().code(), StatusCode::kNotFound);
  EXPECT_NE(got.status().message().find(name), std::string::npos)
      << got.status().message();
  EXPECT_NE(got.status().message().find("restore"), std::string::npos)
      << got.status().message();
  EXPECT_FALSE(blobs_->Has(name, 0));
}

TEST_P(BlobContractTest, RemoveDeletesTheBlobOnce) {
  const std::string bytes = "From: a@b\r\n\r\nhi";
  StatusOr<std::string> name =
      blobs_->Put("raw", Sha256Hex(bytes), ".eml", bytes);
  ASSERT_TRUE(name.ok());
  StatusOr<bool> removed = blobs_->Remove(*name);
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_TRUE(*removed);
  EXPECT_EQ(blobs_->Get(*name).status().code(), StatusCode::kNotFound);
  removed = blobs_->Remove(*name);
  ASSERT_TRUE(removed.ok());
  EXPECT_FALSE(*removed);
}

TEST_P(BlobContractTest, DeferredPutsAreDurableAfterSyncAll) {
  blobs_->set_defer_sync(true);
  std::vector<std::string> names;
  for (unsigned i = 0; i < 5; ++i) {
    const std::string bytes = Binary(3000 + i, 10 + i);
    StatusOr<std::string> name =
        blobs_->Put("raw", Sha256Hex(bytes), ".eml", bytes);
    ASSERT_TRUE(name.ok()) << name.status().ToString();
    names.push_back(*name);
  }
  Status synced = blobs_->SyncAll();
  ASSERT_TRUE(synced.ok()) << synced.ToString();
  blobs_->set_defer_sync(false);
  StatusOr<std::unique_ptr<BlobStore>> other = backend_->Open();
  ASSERT_TRUE(other.ok());
  for (unsigned i = 0; i < 5; ++i) {
    StatusOr<std::string> back = (*other)->Get(names[i]);
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, Binary(3000 + i, 10 + i));
  }
  // Not deferred any more: a Put is durable on its own.
  const std::string bytes = Binary(10, 99);
  EXPECT_TRUE(blobs_->Put("raw", Sha256Hex(bytes), ".eml", bytes).ok());
}

// Processes storing the same mails at once (a redelivery, two pollers):
// every Put succeeds and every blob reads back whole.
TEST_P(BlobContractTest, HandlesPuttingTheSameBlobsAtOnceAllSucceed) {
  constexpr int kHandles = 4;
  constexpr unsigned kBlobs = 8;
  std::vector<std::unique_ptr<BlobStore>> handles;
  for (int i = 0; i < kHandles; ++i) {
    StatusOr<std::unique_ptr<BlobStore>> h = backend_->Open();
    ASSERT_TRUE(h.ok()) << h.status().ToString();
    handles.push_back(std::move(*h));
  }
  std::vector<int> failures(kHandles, 0);
  std::vector<int> written(kHandles, 0);
  std::vector<std::thread> threads;
  for (int i = 0; i < kHandles; ++i) {
    threads.emplace_back([&, i] {
      for (unsigned b = 0; b < kBlobs; ++b) {
        const std::string bytes = Binary(20000 + b, 100 + b);
        bool wrote = false;
        failures[i] +=
            handles[i]
                    ->Put("attachments", Sha256Hex(bytes), "", bytes, &wrote)
                    .ok()
                ? 0
                : 1;
        written[i] += wrote ? 1 : 0;
      }
    });
  }
  for (std::thread& t : threads) t.join();
  int total_written = 0;
  for (int i = 0; i < kHandles; ++i) {
    EXPECT_EQ(failures[i], 0) << "handle " << i;
    total_written += written[i];
  }
  EXPECT_GE(total_written, static_cast<int>(kBlobs));
  for (unsigned b = 0; b < kBlobs; ++b) {
    const std::string bytes = Binary(20000 + b, 100 + b);
    StatusOr<std::string> back =
        blobs_->Get(BlobName("attachments", Sha256Hex(bytes), ""));
    ASSERT_TRUE(back.ok()) << back.status().ToString();
    EXPECT_EQ(*back, bytes);
  }
}

}  // namespace
}  // namespace beian::testing
