// Status and Result<T>: how the ledger reports operating errors and domain rejections.
//
// Operating errors (bad input, I/O, corruption, busy, shutting down) and domain rejections
// (a wrong expected version, a reused command id, later the rules of ledger/domain) are values,
// never exceptions. A rejection carries a closed RejectionCode whose numbers are frozen and
// mirrored by the RejectionCode enum of schema/events.capnp. Every message names the values
// involved, so a caller can act on it without reading the code.
//
// Both types are [[nodiscard]]: dropping one takes an explicit, searchable IgnoreError().
// Thread safety: plain values, safe to copy between threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace ledger {

// Domain rejections. Frozen: numbers never change, new codes are added at the end, and each
// value equals the enumerant of schema::RejectionCode with the same name (checked in status.cpp).
enum class RejectionCode : std::uint16_t {
  kNone = 0,
  kWrongExpectedVersion = 1,
  kCommandIdReused = 2,
};

std::string_view RejectionCodeName(RejectionCode code);

class [[nodiscard]] Status {
 public:
  enum class Code : std::uint8_t {
    kOk = 0,
    kInvalidArgument = 1,  // The caller's input is malformed or over a limit; nothing written.
    kNotFound = 2,         // The position, stream or key does not exist.
    kCorruption = 3,       // Stored data is damaged; the message names the position.
    kIoError = 4,          // The storage engine failed; the store may refuse further writes.
    kBusy = 5,             // A bounded resource is full; retry later.
    kShuttingDown = 6,     // The store is closing and takes no new work.
    kRejected = 7,         // A domain rule refused the command; see rejection().
    kVerificationFailed = 8,  // A proof, signature or hash does not check out.
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string message) {
    return Status(Code::kInvalidArgument, std::move(message));
  }
  static Status NotFound(std::string message) { return Status(Code::kNotFound, std::move(message)); }
  static Status Corruption(std::string message) {
    return Status(Code::kCorruption, std::move(message));
  }
  static Status IoError(std::string message) { return Status(Code::kIoError, std::move(message)); }
  static Status Busy(std::string message) { return Status(Code::kBusy, std::move(message)); }
  static Status ShuttingDown(std::string message) {
    return Status(Code::kShuttingDown, std::move(message));
  }
  static Status VerificationFailed(std::string message) {
    return Status(Code::kVerificationFailed, std::move(message));
  }
  static Status Rejected(RejectionCode rejection, std::string message) {
    Status status(Code::kRejected, std::move(message));
    status.rejection_ = rejection;
    return status;
  }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  // kNone unless code() is kRejected.
  RejectionCode rejection() const { return rejection_; }
  const std::string& message() const { return message_; }
  // "ok", or "<code name>: <message>" (with the rejection name for rejections).
  std::string ToString() const;

  // Marks a deliberately ignored status; grep for it in review.
  void IgnoreError() const {}

 private:
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  Code code_ = Code::kOk;
  RejectionCode rejection_ = RejectionCode::kNone;
  std::string message_;
};

std::string_view StatusCodeName(Status::Code code);

// Either a value or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design, like StatusOr.
  Result(Status status) : state_(std::move(status)) {}  // NOLINT
  bool ok() const { return std::holds_alternative<T>(state_); }
  // The error; Status::Ok() when ok().
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(state_); }
  // Precondition: ok(). Checked: calling on an error aborts with the status in the log.
  T& value() & { CheckOk(); return std::get<T>(state_); }
  const T& value() const& { CheckOk(); return std::get<T>(state_); }
  T&& value() && { CheckOk(); return std::get<T>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  void CheckOk() const;
  std::variant<T, Status> state_;
};

[[noreturn]] void AbortOnBadResultAccess(const Status& status);

template <typename T>
void Result<T>::CheckOk() const {
  if (!ok()) AbortOnBadResultAccess(std::get<Status>(state_));
}

}  // namespace ledger

// Returns the status of `expr` from the enclosing function when it is not ok.
#define LEDGER_RETURN_IF_ERROR(expr)             \
  do {                                           \
    ::ledger::Status ledger_status_ = (expr);    \
    if (!ledger_status_.ok()) return ledger_status_; \
  } while (false)
