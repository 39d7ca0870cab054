// Errors as values at module boundaries.
//
//   StatusOr<ParsedMail> mail = ParseMime(bytes);
//   if (!mail.ok()) return mail.status();   // propagate
//   Use(*mail);
//
// A Status carries a code and a message meant for a person: it names the input
// and, where it can, says what to do.
#ifndef BEIAN_BASE_STATUS_H_
#define BEIAN_BASE_STATUS_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace beian {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the input is malformed; the message says how
  kNotFound,            // a named thing does not exist
  kAlreadyExists,       // a unique thing exists already
  kFailedPrecondition,  // the state does not allow this operation now
  kResourceExhausted,   // a limit was exceeded
  kIoError,             // the file system, database or network failed
  kInternal,            // a bug; please report it
  kOutcomeUnknown,      // it may or may not have happened (a mail handed
                        // whole to a server that never answered)
};

const char* StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "InvalidArgument: <message>", or "OK".
  std::string ToString() const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status InvalidArgument(std::string m) {
  return {StatusCode::kInvalidArgument, std::move(m)};
}
inline Status NotFound(std::string m) {
  return {StatusCode::kNotFound, std::move(m)};
}
inline Status AlreadyExists(std::string m) {
  return {StatusCode::kAlreadyExists, std::move(m)};
}
inline Status FailedPrecondition(std::string m) {
  return {StatusCode::kFailedPrecondition, std::move(m)};
}
inline Status ResourceExhausted(std::string m) {
  return {StatusCode::kResourceExhausted, std::move(m)};
}
inline Status IoError(std::string m) {
  return {StatusCode::kIoError, std::move(m)};
}
inline Status Internal(std::string m) {
  return {StatusCode::kInternal, std::move(m)};
}
inline Status OutcomeUnknown(std::string m) {
  return {StatusCode::kOutcomeUnknown, std::move(m)};
}

// Holds either a value or a non-OK Status. Accessing the value of a non-OK
// StatusOr is a bug (asserted in debug builds).
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  StatusOr(Status status) : status_(std::move(status)) {  // NOLINT
    assert(!status_.ok());
  }

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace beian

// Returns early from the calling function when `expr` is not OK.
#define BEIAN_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::beian::Status beian_status_ = (expr);        \
    if (!beian_status_.ok()) return beian_status_; \
  } while (false)

#endif  // BEIAN_BASE_STATUS_H_
