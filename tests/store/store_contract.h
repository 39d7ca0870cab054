// The store contract: the same tests run on every backend. A backend file
// (sqlite_store_test.cc, postgres_store_test.cc) instantiates
// StoreContractTest with its StoreBackend:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreContractTest,
//                            ::testing::Values(SqliteBackendParam()),
//                            BackendName);
#ifndef BEIAN_TESTS_STORE_STORE_CONTRACT_H_
#define BEIAN_TESTS_STORE_STORE_CONTRACT_H_

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "beian/store/store.h"

namespace beian::testing {

// Where one test's store lives, on one backend.
class StoreBackend {
 public:
  virtual ~StoreBackend() = default;
  // Makes a new, empty location for the test named `test`.
  virtual Status Fresh(const std::string& test) = 0;
  // Opens a store at the location (again: a second connection, or after
  // the first was closed).
  virtual StatusOr<std::unique_ptr<Store>> Open() = 0;
  // Marks the location's schema as newer than this program knows.
  virtual Status MakeSchemaNewer() = 0;
  virtual void Remove() {}
};

struct BackendParam {
  std::string name;  // "Sqlite", "Postgres"
  std::function<std::unique_ptr<StoreBackend>()> make;
};

inline void PrintTo(const BackendParam& param, std::ostream* os) {
  *os << param.name;
}

inline std::string BackendName(
    const ::testing::TestParamInfo<BackendParam>& info) {
  return info.param.name;
}

class StoreContractTest : public ::testing::TestWithParam<BackendParam> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Closes the store (a process that dies) and opens it again.
  void Reopen();
  int64_t AddMail(const std::string& key, const std::string& sha);
  CaseUpdate Update(int64_t mail_id, const std::string& id_number);
  // A case opened from a new mail "k<n>".
  CaseRecord OpenCase(int n, const std::string& address = "z3@qq.com");
  static NewReply Reply(const std::string& kind, const std::string& id,
                        const std::string& to = "z3@qq.com");

  std::unique_ptr<StoreBackend> backend_;
  std::unique_ptr<Store> store_;
  // 04:00 next day in China.
  TimePoint now_ = std::chrono::sys_days{std::chrono::year(2026) /
                                         std::chrono::November / 23} +
                   std::chrono::hours(20);
};

}  // namespace beian::testing

#endif  // BEIAN_TESTS_STORE_STORE_CONTRACT_H_
