// Files for the tests: reading one whole, and hostile or unusual attachment
// files made in the tests (never committed): a PNG that only declares its
// size, a PDF of many huge empty pages.
#ifndef BEIAN_TESTS_TEST_FILES_H_
#define BEIAN_TESTS_TEST_FILES_H_

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace beian::testing {

// The whole file, "" when it cannot be read.
inline std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

inline uint32_t Crc32(std::string_view data) {
  uint32_t c = 0xFFFFFFFFu;
  for (unsigned char b : data) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
  }
  return ~c;
}

inline std::string BigEndian32(uint32_t v) {
  return {char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
}

inline std::string PngChunk(std::string_view type, std::string_view data) {
  const std::string body = std::string(type) + std::string(data);
  return BigEndian32(uint32_t(data.size())) + body + BigEndian32(Crc32(body));
}

// A PNG whose header declares width x height gray pixels, with no pixels.
inline std::string PngDeclaring(uint32_t width, uint32_t height) {
  const std::string ihdr =
      BigEndian32(width) + BigEndian32(height) + std::string("\x08\0\0\0\0", 5);
  return std::string("\x89PNG\r\n\x1a\n") + PngChunk("IHDR", ihdr) +
         PngChunk("IEND", "");
}

// A PDF of `pages` pages, each `side` points square, all drawing nothing.
inline std::string PdfOfPages(int pages, int side) {
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  const auto object = [&](const std::string& body) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(offsets.size()) + " 0 obj\n" + body + "\nendobj\n";
  };
  object("<< /Type /Catalog /Pages 2 0 R >>");
  std::string kids;
  for (int i = 0; i < pages; ++i) kids += std::to_string(4 + i) + " 0 R ";
  object("<< /Type /Pages /Count " + std::to_string(pages) + " /Kids [" + kids +
         "] >>");
  object("<< /Length 0 >>\nstream\n\nendstream");
  for (int i = 0; i < pages; ++i) {
    object("<< /Type /Page /Parent 2 0 R /Contents 3 0 R /MediaBox [0 0 " +
           std::to_string(side) + " " + std::to_string(side) + "] >>");
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(offsets.size() + 1) +
         "\n0000000000 65535 f \n";
  for (size_t o : offsets) {
    char line[32];
    std::snprintf(line, sizeof line, "%010zu 00000 n \n", o);
    pdf += line;
  }
  pdf += "trailer\n<< /Size " + std::to_string(offsets.size() + 1) +
         " /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

}  // namespace beian::testing

#endif  // BEIAN_TESTS_TEST_FILES_H_
