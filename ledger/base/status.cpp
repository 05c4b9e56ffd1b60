#include "ledger/base/status.h"

#include "ledger/base/check.h"

namespace ledger {

std::string_view RejectionCodeName(RejectionCode code) {
  switch (code) {
    case RejectionCode::kNone: return "none";
    case RejectionCode::kWrongExpectedVersion: return "wrong_expected_version";
    case RejectionCode::kCommandIdReused: return "command_id_reused";
    case RejectionCode::kTrajectoryNotFound: return "trajectory_not_found";
    case RejectionCode::kTrajectoryAlreadyOpened: return "trajectory_already_opened";
    case RejectionCode::kTrajectoryExempted: return "trajectory_exempted";
    case RejectionCode::kDuplicateId: return "duplicate_id";
    case RejectionCode::kSessionLengthOutOfRange: return "session_length_out_of_range";
    case RejectionCode::kSessionBeforeContract: return "session_before_contract";
    case RejectionCode::kDateInFuture: return "date_in_future";
    case RejectionCode::kActivityNotFound: return "activity_not_found";
    case RejectionCode::kActivityNotEligible: return "activity_not_eligible";
    case RejectionCode::kHoursEntryNotFound: return "hours_entry_not_found";
    case RejectionCode::kHoursEntryVoided: return "hours_entry_voided";
    case RejectionCode::kVolunteerCannotAttest: return "volunteer_cannot_attest";
    case RejectionCode::kNotActivityContactPerson: return "not_activity_contact_person";
    case RejectionCode::kNothingToAttest: return "nothing_to_attest";
    case RejectionCode::kOfferRequestNotFound: return "offer_request_not_found";
    case RejectionCode::kNoDirectorForPerspective: return "no_director_for_perspective";
    case RejectionCode::kNotDirectorForPerspective: return "not_director_for_perspective";
    case RejectionCode::kOfferNotFound: return "offer_not_found";
    case RejectionCode::kOfferNotOpen: return "offer_not_open";
    case RejectionCode::kNotPermittedToWithdraw: return "not_permitted_to_withdraw";
    case RejectionCode::kDateOutOfOrder: return "date_out_of_order";
    case RejectionCode::kSuspensionOverlaps: return "suspension_overlaps";
    case RejectionCode::kSuspensionNotFound: return "suspension_not_found";
    case RejectionCode::kSuspensionAlreadyEnded: return "suspension_already_ended";
    case RejectionCode::kRoleNotPermitted: return "role_not_permitted";
    case RejectionCode::kComplaintNotFound: return "complaint_not_found";
    case RejectionCode::kComplaintAlreadyFiled: return "complaint_already_filed";
    case RejectionCode::kComplaintClosed: return "complaint_closed";
    case RejectionCode::kAdmissibilityGroundNotMet: return "admissibility_ground_not_met";
    case RejectionCode::kHandlerInvolved: return "handler_involved";
    case RejectionCode::kComplaintAlreadyAcknowledged: return "complaint_already_acknowledged";
    case RejectionCode::kExtensionNotAllowed: return "extension_not_allowed";
    case RejectionCode::kComplaintNotAssigned: return "complaint_not_assigned";
    case RejectionCode::kAlreadyEscalated: return "already_escalated";
    case RejectionCode::kEvidenceNotFound: return "evidence_not_found";
    case RejectionCode::kAlreadyAttested: return "already_attested";
    case RejectionCode::kSubjectNotFound: return "subject_not_found";
    case RejectionCode::kSubjectAlreadyErased: return "subject_already_erased";
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
    case Status::Code::kUnauthenticated: return "unauthenticated";
    case Status::Code::kPermissionDenied: return "permission_denied";
    case Status::Code::kNoSpace: return "no_space";
    case Status::Code::kNotReached: return "not_reached";
    case Status::Code::kOverLimit: return "over_limit";
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
