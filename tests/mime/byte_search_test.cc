#include "mime/byte_search.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <string_view>

namespace beian::internal {
namespace {

// What FindPairIgnoringCase must find: the first `first` whose next byte is
// `second` in either case. (It may stop earlier, at a byte equal to
// `second` | 0x20 only; the inputs below have none such, so it must not.)
size_t Naive(std::string_view hay, size_t from, char first, char second) {
  for (size_t i = from; i + 1 < hay.size(); ++i) {
    if (hay[i] == first && (hay[i + 1] == second || hay[i + 1] == second - 32))
      return i;
  }
  return std::string_view::npos;
}

TEST(FindPairIgnoringCaseTest, FindsEveryPairAsAPlainScanDoes) {
  std::mt19937 rng(3);
  const std::string bytes = "/rRab=\n";
  for (int round = 0; round < 3000; ++round) {
    std::string hay(rng() % 200, 'a');
    for (char& c : hay) c = rng() % 8 == 0 ? bytes[rng() % bytes.size()] : 'a';
    const size_t from = hay.empty() ? 0 : rng() % (hay.size() + 1);
    ASSERT_EQ(FindPairIgnoringCase(hay, from, '/', 'r'),
              Naive(hay, from, '/', 'r'))
        << "hay '" << hay << "' from " << from;
  }
}

TEST(FindPairIgnoringCaseTest, PairsAcrossBlockEdgesAndAtTheEnd) {
  for (size_t at = 0; at < 100; ++at) {
    std::string hay(101, 'x');
    hay[at] = '/';
    hay[at + 1] = 'R';
    EXPECT_EQ(FindPairIgnoringCase(hay, 0, '/', 'r'), at) << at;
    EXPECT_EQ(FindPairIgnoringCase(hay, at + 1, '/', 'r'),
              std::string_view::npos);
  }
  EXPECT_EQ(FindPairIgnoringCase(std::string(64, 'x') + "/", 0, '/', 'r'),
            std::string_view::npos);  // a lone last byte has no next
  EXPECT_EQ(FindPairIgnoringCase("", 0, '/', 'r'), std::string_view::npos);
}

}  // namespace
}  // namespace beian::internal
