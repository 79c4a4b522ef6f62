// Error handling for all of reckon. Fallible functions return Result<T>, which holds either a
// value or an Error with a small, closed ErrorCode and a message meant for a person: it names
// the file, line, column or record concerned, what is wrong and what to do. The same codes map
// to CLI exit codes and HTTP statuses (see ExitCodeFor). RECKON_TRY and RECKON_ASSIGN_OR_RETURN
// propagate errors without exceptions.
#ifndef RECKON_CORE_RESULT_H_
#define RECKON_CORE_RESULT_H_

#include <string>
#include <string_view>
#include <tl/expected.hpp>
#include <utility>

namespace reckon {

// The closed set of error kinds. Adding one means adding it to both mapping tables.
enum class ErrorCode {
  kInvalidArgument,     // The caller's input is malformed (bad file, bad flag, bad value).
  kNotFound,            // A named record, file or case does not exist.
  kAlreadyExists,       // Creating something that is already there.
  kFailedPrecondition,  // The case is not in a state that allows the action.
  kDataLoss,            // Stored data is corrupt, truncated or does not verify.
  kUnavailable,         // A resource (disk, database server) cannot be reached right now.
  kPermissionDenied,    // The caller is not cleared for the action.
  kInternal,            // A bug in reckon: an invariant did not hold.
};

// An error: what kind, and a message for a person. Values; cheap to move.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
};

template <typename T>
using Result = tl::expected<T, Error>;

// Result of a function that returns nothing but may fail.
using Status = Result<void>;

// Builds the unexpected value carried by a failed Result.
[[nodiscard]] inline tl::unexpected<Error> MakeError(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error{code, std::move(message)});
}

// Short, stable lower-case name of a code ("invalid_argument"), used in JSON output.
[[nodiscard]] std::string_view ErrorCodeName(ErrorCode code);

// The process exit code the CLI uses for an error of this kind (one table, see result.cc).
[[nodiscard]] int ExitCodeFor(ErrorCode code);

// The HTTP status the API uses for an error of this kind.
[[nodiscard]] int HttpStatusFor(ErrorCode code);

// Prefixes the message of an error with context ("importing list.csv: ...").
[[nodiscard]] inline Error WithContext(Error error, std::string_view context) {
  error.message = std::string(context) + ": " + error.message;
  return error;
}

}  // namespace reckon

#define RECKON_CONCAT_INNER_(a, b) a##b
#define RECKON_CONCAT_(a, b) RECKON_CONCAT_INNER_(a, b)

// Evaluates expr (a Result); on error, returns the error from the enclosing function.
#define RECKON_TRY(expr)                                                               \
  do {                                                                                 \
    auto&& reckon_try_result_ = (expr);                                                \
    if (!reckon_try_result_) {                                                         \
      return ::tl::unexpected<::reckon::Error>(std::move(reckon_try_result_).error()); \
    }                                                                                  \
  } while (false)

// `tmp` and `lhs` name variables and cannot be parenthesized.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define RECKON_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr)                 \
  auto tmp = (expr);                                                  \
  if (!tmp) {                                                         \
    return ::tl::unexpected<::reckon::Error>(std::move(tmp).error()); \
  }                                                                   \
  lhs = std::move(*tmp)
// NOLINTEND(bugprone-macro-parentheses)

// Evaluates expr (a Result<T>); on error returns it, else assigns the value to lhs, which may
// be a declaration: RECKON_ASSIGN_OR_RETURN(auto store, SqliteStore::Open(path));
#define RECKON_ASSIGN_OR_RETURN(lhs, expr) \
  RECKON_ASSIGN_OR_RETURN_IMPL_(RECKON_CONCAT_(reckon_result_, __LINE__), lhs, expr)

#endif  // RECKON_CORE_RESULT_H_
