// The blob store contract: the same tests run on every BlobStore. A backend
// file instantiates BlobContractTest with its BlobBackend:
//
//   INSTANTIATE_TEST_SUITE_P(Files, BlobContractTest,
//                            ::testing::Values(FileBlobBackendParam()),
//                            BlobBackendName);
#ifndef BEIAN_TESTS_STORE_BLOB_CONTRACT_H_
#define BEIAN_TESTS_STORE_BLOB_CONTRACT_H_

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "beian/store/blob_store.h"

namespace beian::testing {

// Where one test's blobs live, on one implementation.
class BlobBackend {
 public:
  virtual ~BlobBackend() = default;
  // Makes a new, empty location for the test named `test`.
  virtual Status Fresh(const std::string& test) = 0;
  // Opens a blob store there (again: what another process would open).
  virtual StatusOr<std::unique_ptr<BlobStore>> Open() = 0;
  virtual void Remove() {}
};

struct BlobBackendParam {
  std::string name;  // "Files", "Postgres"
  std::function<std::unique_ptr<BlobBackend>()> make;
};

inline void PrintTo(const BlobBackendParam& param, std::ostream* os) {
  *os << param.name;
}

inline std::string BlobBackendName(
    const ::testing::TestParamInfo<BlobBackendParam>& info) {
  return info.param.name;
}

class BlobContractTest : public ::testing::TestWithParam<BlobBackendParam> {
 protected:
  void SetUp() override;
  void TearDown() override;

  std::unique_ptr<BlobBackend> backend_;
  std::unique_ptr<BlobStore> blobs_;
};

}  // namespace beian::testing

#endif  // BEIAN_TESTS_STORE_BLOB_CONTRACT_H_
