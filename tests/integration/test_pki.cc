#include "test_pki.h"

#include <sys/stat.h>

#include <fstream>

#include "subprocess.h"

namespace beian::testing {
namespace {

constexpr char kServerExtensions[] =
    "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
    "basicConstraints=critical,CA:FALSE\n"
    "keyUsage=critical,digitalSignature\n"
    "extendedKeyUsage=serverAuth\n";

Status MakeCa(const std::string& stem, const std::string& name) {
  return RunOrFail({"openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "ec",
                    "-pkeyopt",
                    "ec_paramgen_curve:prime256v1",
                    "-nodes",
                    "-days",
                    "30",
                    "-keyout",
                    stem + ".key",
                    "-out",
                    stem + ".crt",
                    "-subj",
                    "/O=beian tests/CN=" + name,
                    "-addext",
                    "basicConstraints=critical,CA:TRUE",
                    "-addext",
                    "keyUsage=critical,keyCertSign,cRLSign"})
      .status();
}

Status SignServerCert(const std::string& dir, const std::string& ca_stem,
                      const std::string& out) {
  return RunOrFail({"openssl", "x509", "-req", "-in", dir + "/server.csr",
                    "-CA", ca_stem + ".crt", "-CAkey", ca_stem + ".key",
                    "-CAcreateserial", "-days", "30", "-extfile",
                    dir + "/server.ext", "-out", out})
      .status();
}

}  // namespace

StatusOr<TestPki> MakeTestPki(const std::string& dir) {
  TestPki pki{dir + "/ca.crt", dir + "/wrong-ca.crt", dir + "/server.key",
              dir + "/server.crt", dir + "/wrong-server.crt"};
  std::ofstream(dir + "/server.ext") << kServerExtensions;
  BEIAN_RETURN_IF_ERROR(MakeCa(dir + "/ca", "beian test CA"));
  BEIAN_RETURN_IF_ERROR(MakeCa(dir + "/wrong-ca", "unrelated test CA"));
  BEIAN_RETURN_IF_ERROR(
      RunOrFail({"openssl", "req", "-new", "-newkey", "ec", "-pkeyopt",
                 "ec_paramgen_curve:prime256v1", "-nodes", "-keyout",
                 pki.server_key, "-out", dir + "/server.csr", "-subj",
                 "/O=beian tests/CN=localhost"})
          .status());
  chmod(pki.server_key.c_str(), 0600);
  BEIAN_RETURN_IF_ERROR(SignServerCert(dir, dir + "/ca", pki.server_cert));
  BEIAN_RETURN_IF_ERROR(
      SignServerCert(dir, dir + "/wrong-ca", pki.wrong_server_cert));
  return pki;
}

}  // namespace beian::testing
