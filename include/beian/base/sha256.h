#ifndef BEIAN_BASE_SHA256_H_
#define BEIAN_BASE_SHA256_H_

#include <string>
#include <string_view>

namespace beian {

// Lower-case hex SHA-256 of `bytes` (64 characters).
std::string Sha256Hex(std::string_view bytes);

}  // namespace beian

#endif  // BEIAN_BASE_SHA256_H_
