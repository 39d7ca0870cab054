// The blob store contract: the same tests run on every BlobStore. A backend
// file instantiates BlobContractTest with its BlobBackend:
//
//   INSTANTIATE_TEST_SUITE_P(Files, BlobContractTest,
//                            ::testing::Values(FileBlobBackendParam()),
//                            BlobBackendName);
#ifndef BEIAN_TESTS_STORE_BLOB_CONTRACT_H_
#define BEIAN_TESTS_STORE_BLOB_CONTRACT_H_

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "beian/store/blob_store.h"
#include "test_dir.h"

namespace beian::testing {

// Where one test's blobs live, on one implementation.
class BlobBackend {
 public:
  virtual ~BlobBackend() = default;
  // Makes a new, empty location for the test named `test`.
  virtual Status Fresh(const std::string& test) = 0;
  // Opens a blob store there (again: what another process would open).
  virtual StatusOr<std::unique_ptr<BlobStore>> Open() = 0;
  // Makes the blob's last Put `by` earlier than now, as if time had passed.
  virtual Status Backdate(const std::string& name, std::chrono::hours by) = 0;
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

// Files in a fresh folder per test.
class FileBlobBackend final : public BlobBackend {
 public:
  Status Fresh(const std::string&) override {
    dir_.reset();  // the old one's folder goes before the new one is made
    dir_ = std::make_unique<TestDir>("beian-blobs");
    return Status::Ok();
  }
  StatusOr<std::unique_ptr<BlobStore>> Open() override {
    return std::unique_ptr<BlobStore>(
        std::make_unique<FileBlobStore>(dir_->string()));
  }
  Status Backdate(const std::string& name, std::chrono::hours by) override {
    const auto then = std::chrono::system_clock::now() - by;
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(
        then.time_since_epoch());
    const struct timespec times[2] = {{secs.count(), 0}, {secs.count(), 0}};
    const std::string path = (dir_->path() / name).string();
    if (::utimensat(AT_FDCWD, path.c_str(), times, 0) != 0) {
      return IoError("cannot set the mtime of " + path);
    }
    return Status::Ok();
  }
  void Remove() override { dir_.reset(); }
  const std::filesystem::path& dir() const { return dir_->path(); }

 private:
  std::unique_ptr<TestDir> dir_;  // removed with the backend
};

inline BlobBackendParam FileBlobs() {
  return {"Files", [] { return std::make_unique<FileBlobBackend>(); }};
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
