#ifndef BEIAN_BASE_SHA256_H_
#define BEIAN_BASE_SHA256_H_

#include <memory>
#include <string>
#include <string_view>

// OpenSSL's digest context (openssl/evp.h: typedef struct evp_md_ctx_st
// EVP_MD_CTX).
struct evp_md_ctx_st;

namespace beian {

// Lower-case hex SHA-256 of `bytes` (64 characters).
std::string Sha256Hex(std::string_view bytes);

// SHA-256 of bytes given piece by piece: Sha256Hex of their concatenation.
//
//   Sha256 h;
//   h.Update("ab");
//   h.Update("c");
//   h.HexDigest() == Sha256Hex("abc");
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view bytes);
  // The digest of everything given so far; the hasher starts over after.
  std::string HexDigest();

 private:
  struct CtxDeleter {
    void operator()(evp_md_ctx_st* ctx) const;
  };
  std::unique_ptr<evp_md_ctx_st, CtxDeleter> ctx_;
};

}  // namespace beian

#endif  // BEIAN_BASE_SHA256_H_
