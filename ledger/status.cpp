#include "ledger/status.h"

#include "ledger/check.h"

namespace ledger {

std::string_view RejectionCodeName(RejectionCode code) {
  switch (code) {
    case RejectionCode::kNone: return "none";
    case RejectionCode::kWrongExpectedVersion: return "wrong_expected_version";
    case RejectionCode::kCommandIdReused: return "command_id_reused";
  }
  return "unknown_rejection";
}

std::string_view StatusCodeName(Status::Code code) {
  switch (code) {
    case Status::Code::kOk: return "ok";
    case Status::Code::kInvalidArgument: return "invalid_argument";
    case Status::Code::kNotFound: return "not_found";
    case Status::Code::kCorruption: return "corruption";
    case Status::Code::kIoError: return "io_error";
    case Status::Code::kBusy: return "busy";
    case Status::Code::kShuttingDown: return "shutting_down";
    case Status::Code::kRejected: return "rejected";
    case Status::Code::kVerificationFailed: return "verification_failed";
  }
  return "unknown_status";
}

std::string Status::ToString() const {
  if (ok()) return "ok";
  std::string out(StatusCodeName(code_));
  if (code_ == Code::kRejected) {
    out += " (";
    out += RejectionCodeName(rejection_);
    out += ")";
  }
  out += ": ";
  out += message_;
  return out;
}

void AbortOnBadResultAccess(const Status& status) {
  LEDGER_CHECK_FAIL("value() called on a failed Result: " + status.ToString());
}

}  // namespace ledger
