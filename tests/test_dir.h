// A fresh, empty folder for one test: <tmp>/<prefix>-<pid>-<test name>.
//
//   TestDir dir("beian-blobs");               // made empty now
//   WriteFile(dir.path() / "a.eml", bytes);
//   // removed with everything in it when `dir` goes, a failed ASSERT too
#ifndef BEIAN_TESTS_TEST_DIR_H_
#define BEIAN_TESTS_TEST_DIR_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace beian::testing {

// Makes the folder (emptied first) and returns it; the caller removes it.
inline std::filesystem::path FreshTestDir(const std::string& prefix) {
  namespace fs = std::filesystem;
  // A parameterised test's name has a '/' ("Put/Files"): one folder still.
  std::string test =
      ::testing::UnitTest::GetInstance()->current_test_info()->name();
  for (char& c : test) c = c == '/' ? '_' : c;
  const fs::path dir = fs::temp_directory_path() /
                       (prefix + "-" + std::to_string(::getpid()) + "-" + test);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// FreshTestDir that removes the folder when it goes out of scope.
class TestDir {
 public:
  explicit TestDir(const std::string& prefix) : path_(FreshTestDir(prefix)) {}
  TestDir(const TestDir&) = delete;
  TestDir& operator=(const TestDir&) = delete;
  ~TestDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  const std::filesystem::path& path() const { return path_; }
  std::string string() const { return path_.string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace beian::testing

#endif  // BEIAN_TESTS_TEST_DIR_H_
