#include "mime/mimetic_search.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

namespace {

// The specialization (const char*) against mimetic's own Horspool search,
// still used for std::string iterators: the same offset for every input.
TEST(MimeticSearchTest, FindsWhatMimeticsOwnSearchFinds) {
  uint32_t x = 7;
  const auto next = [&x](uint32_t n) {
    x = x * 1103515245u + 12345u;
    return (x >> 16) % n;
  };
  int found = 0;
  for (int round = 0; round < 4000; ++round) {
    std::string hay(next(300), ' ');
    for (char& c : hay) c = "-ab\r\n"[next(5)];
    std::string word(next(12), ' ');
    for (char& c : word) c = "-ab\r\n"[next(5)];
    if (round % 3 == 0 && word.size() <= hay.size()) {
      hay.replace(next(static_cast<uint32_t>(hay.size() - word.size() + 1)),
                  word.size(), word);
    }
    const std::string& h = hay;
    const auto theirs = mimetic::utils::find_bm(h.begin(), h.end(), word);
    const char* ours =
        mimetic::utils::find_bm(h.data(), h.data() + h.size(), word);
    ASSERT_EQ(ours - h.data(), theirs - h.begin())
        << "hay '" << hay << "' word '" << word << "'";
    found += theirs != h.end();
  }
  EXPECT_GT(found, 1000);  // the inputs do exercise matches
}

TEST(MimeticSearchTest, BoundaryAtTheVeryEndAndNotAtAll) {
  const std::string body = "line\r\n--b1--";
  const char* end = body.data() + body.size();
  EXPECT_EQ(mimetic::utils::find_bm(body.data(), end, std::string("--b1--")),
            body.data() + 6);
  EXPECT_EQ(mimetic::utils::find_bm(body.data(), end, std::string("--b2")),
            end);
  EXPECT_EQ(
      mimetic::utils::find_bm(body.data(), body.data(), std::string("--b1")),
      body.data());  // empty range: not found is its end
}

}  // namespace
