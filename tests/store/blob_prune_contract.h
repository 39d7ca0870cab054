// PruneBlobs (beian/store/blob_prune.h) on every pair of a store backend and
// a blob store it is used with. A backend file instantiates PruneBlobsTest:
//
//   INSTANTIATE_TEST_SUITE_P(
//       Sqlite, PruneBlobsTest,
//       ::testing::Values(PruneParam{"SqliteFiles", Sqlite(), FileBlobs()}),
//       PruneName);
#ifndef BEIAN_TESTS_STORE_BLOB_PRUNE_CONTRACT_H_
#define BEIAN_TESTS_STORE_BLOB_PRUNE_CONTRACT_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "blob_contract.h"
#include "store_contract.h"

namespace beian::testing {

struct PruneParam {
  std::string name;  // "SqliteFiles", "PostgresDatabase"
  BackendParam store;
  BlobBackendParam blobs;
};

inline void PrintTo(const PruneParam& param, std::ostream* os) {
  *os << param.name;
}

inline std::string PruneName(const ::testing::TestParamInfo<PruneParam>& i) {
  return i.param.name;
}

class PruneBlobsTest : public ::testing::TestWithParam<PruneParam> {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Puts `bytes` as a blob of `kind`, `hours_ago` old.
  std::string Put(const std::string& kind, const std::string& bytes,
                  int hours_ago);

  std::unique_ptr<StoreBackend> store_backend_;
  std::unique_ptr<BlobBackend> blob_backend_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<BlobStore> blobs_;
};

// Defined in postgres_blob_store_test.cc (store_postgres_test only).
BlobBackendParam PostgresBlobs();

}  // namespace beian::testing

#endif  // BEIAN_TESTS_STORE_BLOB_PRUNE_CONTRACT_H_
