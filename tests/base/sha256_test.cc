#include "beian/base/sha256.h"

#include <gtest/gtest.h>

namespace beian {
namespace {

TEST(Sha256Test, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Test, PiecesHashAsTheirConcatenation) {
  Sha256 h;
  h.Update("a");
  h.Update("");
  h.Update("bc");
  EXPECT_EQ(h.HexDigest(), Sha256Hex("abc"));
  // Starts over after a digest.
  EXPECT_EQ(h.HexDigest(), Sha256Hex(""));
  const std::string long_text(100000, 'x');
  for (size_t i = 0; i < long_text.size(); i += 7777) {
    h.Update(std::string_view(long_text).substr(i, 7777));
  }
  EXPECT_EQ(h.HexDigest(), Sha256Hex(long_text));
}

}  // namespace
}  // namespace beian
