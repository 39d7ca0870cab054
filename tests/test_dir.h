// A fresh, empty folder for one test: <tmp>/<prefix>-<pid>-<test name>.
#ifndef BEIAN_TESTS_TEST_DIR_H_
#define BEIAN_TESTS_TEST_DIR_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace beian::testing {

inline std::filesystem::path FreshTestDir(const std::string& prefix) {
  namespace fs = std::filesystem;
  const fs::path dir =
      fs::temp_directory_path() /
      (prefix + "-" + std::to_string(::getpid()) + "-" +
       ::testing::UnitTest::GetInstance()->current_test_info()->name());
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace beian::testing

#endif  // BEIAN_TESTS_TEST_DIR_H_
