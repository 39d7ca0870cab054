#include "mime/codec.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace beian::internal {
namespace {

TEST(Base64Test, DecodesWithAndWithoutPadding) {
  EXPECT_EQ(DecodeBase64("aGVsbG8gd29ybGQ="), "hello world");
  EXPECT_EQ(DecodeBase64("aGVsbG8gd29ybGQ"), "hello world");
  EXPECT_EQ(DecodeBase64("aGVs\r\nbG8g\nd29y bGQ="), "hello world");
}

TEST(Base64Test, SkipsJunkAndJoinsConcatenatedChunks) {
  EXPECT_EQ(DecodeBase64("YQ==YmM="), "abc");
  EXPECT_EQ(DecodeBase64("!!YWJj**"), "abc");
  EXPECT_EQ(DecodeBase64(""), "");
}

// The plain decoder, one symbol at a time: the reference the fast paths
// must match on any input.
std::string ReferenceDecodeBase64(std::string_view in) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  unsigned acc = 0;
  int bits = 0;
  for (const char ch : in) {
    if (ch == '=') {
      acc = 0;
      bits = 0;
      continue;
    }
    size_t v = kAlphabet.find(ch);
    if (ch == '-') v = 62;
    if (ch == '_') v = 63;
    if (v == std::string::npos) continue;
    acc = (acc << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

std::string Encode(const std::string& bytes, size_t line, const char* eol) {
  static const char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t on_line = 0;
  for (size_t i = 0; i < bytes.size(); i += 3) {
    uint32_t v = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size())
      v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) v |= static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[v & 63] : '=';
    on_line += 4;
    if (line > 0 && on_line >= line) {
      out += eol;
      on_line = 0;
    }
  }
  return out;
}

TEST(Base64Test, RoundTripsEveryLengthAndLineStyle) {
  std::mt19937 rng(7);
  for (size_t n = 0; n < 300; ++n) {
    std::string bytes(n, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    for (const auto& [line, eol] : {std::pair<size_t, const char*>{76, "\r\n"},
                                    {76, "\n"},
                                    {64, "\r\n"},
                                    {0, ""},
                                    {4, " "}}) {
      const std::string text = Encode(bytes, line, eol);
      ASSERT_EQ(DecodeBase64(text), bytes)
          << "length " << n << ", line " << line;
    }
  }
}

TEST(Base64Test, MatchesThePlainDecoderOnAnyInput) {
  std::mt19937 rng(11);
  const std::string symbols =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
      "-_=\r\n \t*";
  for (int round = 0; round < 3000; ++round) {
    std::string in(rng() % 200, 'A');
    // Mostly symbols, now and then anything: the fast paths start and stop
    // at every offset.
    for (char& c : in) {
      c = rng() % 10 == 0 ? static_cast<char>(rng())
                          : symbols[rng() % symbols.size()];
    }
    ASSERT_EQ(DecodeBase64(in), ReferenceDecodeBase64(in)) << round;
  }
}

// The 32-symbol fast path: every byte value at every place of a block in
// a run of clean symbols decodes as the plain decoder does (symbol, junk,
// padding, line end, URL-safe symbol or byte >= 0x80 alike).
TEST(Base64Test, EveryByteAtEveryPlaceOfAWideBlock) {
  const std::string symbols =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string clean;
  for (int i = 0; i < 96; ++i) clean += symbols[(i * 7 + 3) % 64];
  for (int byte = 0; byte < 256; ++byte) {
    for (size_t at = 0; at < 40; ++at) {
      std::string in = clean;
      in[at] = static_cast<char>(byte);
      ASSERT_EQ(DecodeBase64(in), ReferenceDecodeBase64(in))
          << "byte " << byte << " at " << at;
    }
  }
}

TEST(Base64Test, LongCleanRunsOfTheWholeAlphabet) {
  std::mt19937 rng(5);
  const std::string symbols =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (int round = 0; round < 500; ++round) {
    std::string in(rng() % 400, 'A');
    for (char& c : in) c = symbols[rng() % 64];
    ASSERT_EQ(DecodeBase64(in), ReferenceDecodeBase64(in)) << round;
  }
}

TEST(QuotedPrintableTest, SoftBreaksWithCrlfOrLf) {
  EXPECT_EQ(DecodeQuotedPrintable("=E5=BC=A0=\r\n=E4=B8=89"), "张三");
  EXPECT_EQ(DecodeQuotedPrintable("ab=  \ncd="), "abcd");
  EXPECT_EQ(DecodeQuotedPrintable("a=ZZb=4"), "a=ZZb=4");
}

TEST(QuotedPrintableTest, QEncodingUnderscoreIsSpace) {
  EXPECT_EQ(DecodeQuotedPrintable("a_b=5F", true), "a b_");
  EXPECT_EQ(DecodeQuotedPrintable("a_b", false), "a_b");
}

}  // namespace
}  // namespace beian::internal
