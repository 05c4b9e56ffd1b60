// Status and Result<T>: how the ledger reports operating errors and domain rejections.
//
// Operating errors (bad input, I/O, corruption, busy, shutting down, unknown or unpermitted
// callers) and domain rejections (a wrong expected version, a reused command id, later the rules
// of ledger/domain) are values, never exceptions. A rejection carries a closed RejectionCode
// whose numbers are frozen and mirrored by the RejectionCode enum of schema/events.capnp. Every
// message names the values involved, so a caller can act on it without reading the code.
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
  // The domain rules of ledger/domain (docs/event-catalogue.md lists them with their messages).
  kTrajectoryNotFound = 3,       // The trajectory stream has no TrajectoryOpened event.
  kTrajectoryAlreadyOpened = 4,  // The trajectory was opened before.
  kTrajectoryExempted = 5,  // The newcomer was exempted; the trajectory takes no further activity.
  // An activity, hour entry, request, offer or suspension id is already used in this stream.
  kDuplicateId = 6,
  kSessionLengthOutOfRange = 7,  // A session is 0 minutes or longer than the session maximum.
  kSessionBeforeContract = 8,    // A session is dated before the contract signing date.
  kDateInFuture = 9,             // A business date lies after the ledger's today.
  kActivityNotFound = 10,        // The activity is not registered on this trajectory.
  // The activity failed its Dutch-language or social-participation check.
  kActivityNotEligible = 11,
  kHoursEntryNotFound = 12,  // No hour entry with that id on this trajectory.
  // The hour entry was voided; it can be neither attested, corrected nor voided again.
  kHoursEntryVoided = 13,
  kVolunteerCannotAttest = 14,  // A volunteer (buddy, mentor, tutor) never attests hours.
  // Only the activity's contact person, for its provider organisation, attests its hours.
  kNotActivityContactPerson = 15,
  kNothingToAttest = 16,       // The attestation names no hour entry that can still be attested.
  kOfferRequestNotFound = 17,  // No offer request with that id on this trajectory.
  kNoDirectorForPerspective = 18,  // No director is assigned for the offer's perspective.
  // The acting organisation is not the director for that perspective.
  kNotDirectorForPerspective = 19,
  kOfferNotFound = 20,           // No offer with that id on this trajectory.
  kOfferNotOpen = 21,            // The offer was already accepted, declined or withdrawn.
  kNotPermittedToWithdraw = 22,  // Only the offer's provider or its director withdraws it.
  // A date lies before the date it follows (an end before its start, an answer before receipt).
  kDateOutOfOrder = 23,
  kSuspensionOverlaps = 24,      // The suspension overlaps another one of this trajectory.
  kSuspensionNotFound = 25,      // No suspension with that id on this trajectory.
  kSuspensionAlreadyEnded = 26,  // The suspension was ended before.
  kRoleNotPermitted = 27,        // The actor's role may not issue this command.
  kComplaintNotFound = 28,       // The complaint stream has no ComplaintFiled event.
  kComplaintAlreadyFiled = 29,   // The complaint was filed before.
  // Final decision reached (decided, inadmissible, withdrawn); only escalation follows.
  kComplaintClosed = 30,
  // The stated inadmissibility ground does not hold (facts not older than the limit).
  kAdmissibilityGroundNotMet = 31,
  // The handler belongs to the organisation complained about, or is the complainant.
  kHandlerInvolved = 32,
  kComplaintAlreadyAcknowledged = 33,  // The complaint was acknowledged before.
  // Already extended, or the new deadline is not later than the old one or past the maximum.
  kExtensionNotAllowed = 34,
  kComplaintNotAssigned = 35,  // A complaint is decided only after a handler is assigned.
  kAlreadyEscalated = 36,      // The complaint was already escalated to that body.
  kEvidenceNotFound = 37,      // The evidence refers to a position past the ledger's head.
  kAlreadyAttested = 38,       // Every named hour entry is attested already.
  // No trajectory is opened for, and no complaint filed by, the subject to erase.
  kSubjectNotFound = 39,
  // The subject's streams hold no personal payload any more (erased before, or none given).
  kSubjectAlreadyErased = 40,
};

std::string_view RejectionCodeName(RejectionCode code);

class [[nodiscard]] Status {
 public:
  enum class Code : std::uint8_t {
    kOk = 0,
    kInvalidArgument = 1,     // The caller's input is malformed or over a limit; nothing written.
    kNotFound = 2,            // The position, stream or key does not exist.
    kCorruption = 3,          // Stored data is damaged; the message names the position.
    kIoError = 4,             // The storage engine failed; the store may refuse further writes.
    kBusy = 5,                // A bounded resource is full; retry later.
    kShuttingDown = 6,        // The store is closing and takes no new work.
    kRejected = 7,            // A domain rule refused the command; see rejection().
    kVerificationFailed = 8,  // A proof, signature or hash does not check out.
    // The caller's credentials are missing, malformed, unknown, expired or revoked.
    kUnauthenticated = 9,
    kPermissionDenied = 10,  // The authenticated caller may not do this; nothing done.
    // The disk holding the data is full, or below the reserve the store keeps; nothing was
    // written. Writes resume by themselves once space is freed; reads go on.
    kNoSpace = 11,
    // A read asked for a position (atLeastPosition) that the read models did not reach within
    // its wait; retry, or wait longer. Nothing is wrong with the ledger.
    kNotReached = 12,
    // The caller's input is well-formed but over a size limit (too many events in one command,
    // a list too long); the message names the limit. Nothing written. HTTP answers it 413.
    kOverLimit = 13,
  };

  Status() = default;
  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string message) {
    return Status(Code::kInvalidArgument, std::move(message));
  }
  static Status NotFound(std::string message) {
    return Status(Code::kNotFound, std::move(message));
  }
  static Status Corruption(std::string message) {
    return Status(Code::kCorruption, std::move(message));
  }
  static Status IoError(std::string message) { return Status(Code::kIoError, std::move(message)); }
  static Status Busy(std::string message) { return Status(Code::kBusy, std::move(message)); }
  static Status NotReached(std::string message) {
    return Status(Code::kNotReached, std::move(message));
  }
  static Status ShuttingDown(std::string message) {
    return Status(Code::kShuttingDown, std::move(message));
  }
  static Status VerificationFailed(std::string message) {
    return Status(Code::kVerificationFailed, std::move(message));
  }
  static Status Unauthenticated(std::string message) {
    return Status(Code::kUnauthenticated, std::move(message));
  }
  static Status PermissionDenied(std::string message) {
    return Status(Code::kPermissionDenied, std::move(message));
  }
  static Status NoSpace(std::string message) { return Status(Code::kNoSpace, std::move(message)); }
  static Status OverLimit(std::string message) {
    return Status(Code::kOverLimit, std::move(message));
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
  T& value() & {
    CheckOk();
    return std::get<T>(state_);
  }
  const T& value() const& {
    CheckOk();
    return std::get<T>(state_);
  }
  T&& value() && {
    CheckOk();
    return std::get<T>(std::move(state_));
  }
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
#define LEDGER_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::ledger::Status ledger_status_ = (expr);        \
    if (!ledger_status_.ok()) return ledger_status_; \
  } while (false)
