// Certificates for the integration-test servers, made with the openssl CLI.
#ifndef BEIAN_TESTS_INTEGRATION_TEST_PKI_H_
#define BEIAN_TESTS_INTEGRATION_TEST_PKI_H_

#include <string>

#include "beian/base/status.h"

namespace beian::testing {

struct TestPki {
  std::string ca_file;        // the CA clients are told to trust
  std::string wrong_ca_file;  // an unrelated CA
  std::string server_key;     // one key, mode 0600
  std::string server_cert;    // CN=localhost, SAN 127.0.0.1 + localhost, by ca
  std::string wrong_server_cert;  // same names and key, signed by wrong_ca
};

// Writes both CAs and both server certificates (EC P-256, 30 days) to `dir`.
StatusOr<TestPki> MakeTestPki(const std::string& dir);

}  // namespace beian::testing

#endif  // BEIAN_TESTS_INTEGRATION_TEST_PKI_H_
