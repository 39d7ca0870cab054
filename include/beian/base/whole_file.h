// Reading a whole file into memory: beian's one such reader, for config,
// templates, tables, saved mails and documents given on the command line.
//
//   StatusOr<std::string> bytes = ReadWholeFile("/etc/beian/beian.toml");
//   if (!bytes.ok()) return bytes.status();
//   // "cannot read /etc/beian/beian.toml: No such file or directory"
#ifndef BEIAN_BASE_WHOLE_FILE_H_
#define BEIAN_BASE_WHOLE_FILE_H_

#include <string>

#include "beian/base/status.h"

namespace beian {

// The file's bytes exactly as stored (NUL and non-UTF-8 bytes included; no
// newline translation). IoError "cannot read <path>: <why>" when the file
// cannot be opened or read (missing, a directory, no permission); callers add
// what the file was for and what to do.
StatusOr<std::string> ReadWholeFile(const std::string& path);

}  // namespace beian

#endif  // BEIAN_BASE_WHOLE_FILE_H_
