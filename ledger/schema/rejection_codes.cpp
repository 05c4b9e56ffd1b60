// Checks at build time that ledger::RejectionCode (status.h) mirrors the schema's enum: a
// mismatch is a build error, never a silent renumbering.
#include "ledger/base/status.h"
#include "ledger/schema/events.capnp.h"

namespace ledger {
namespace {

// The C++ enum mirrors the schema's; a mismatch is a build error, not a silent renumbering.
constexpr bool Mirrors(RejectionCode ours, schema::RejectionCode theirs) {
  return static_cast<std::uint16_t>(ours) == static_cast<std::uint16_t>(theirs);
}
static_assert(Mirrors(RejectionCode::kNone, schema::RejectionCode::NONE));
static_assert(Mirrors(RejectionCode::kWrongExpectedVersion,
                      schema::RejectionCode::WRONG_EXPECTED_VERSION));
static_assert(Mirrors(RejectionCode::kCommandIdReused, schema::RejectionCode::COMMAND_ID_REUSED));
static_assert(Mirrors(RejectionCode::kTrajectoryNotFound,
                      schema::RejectionCode::TRAJECTORY_NOT_FOUND));
static_assert(Mirrors(RejectionCode::kTrajectoryAlreadyOpened,
                      schema::RejectionCode::TRAJECTORY_ALREADY_OPENED));
static_assert(Mirrors(RejectionCode::kTrajectoryExempted,
                      schema::RejectionCode::TRAJECTORY_EXEMPTED));
static_assert(Mirrors(RejectionCode::kDuplicateId, schema::RejectionCode::DUPLICATE_ID));
static_assert(Mirrors(RejectionCode::kSessionLengthOutOfRange,
                      schema::RejectionCode::SESSION_LENGTH_OUT_OF_RANGE));
static_assert(Mirrors(RejectionCode::kSessionBeforeContract,
                      schema::RejectionCode::SESSION_BEFORE_CONTRACT));
static_assert(Mirrors(RejectionCode::kDateInFuture, schema::RejectionCode::DATE_IN_FUTURE));
static_assert(Mirrors(RejectionCode::kActivityNotFound, schema::RejectionCode::ACTIVITY_NOT_FOUND));
static_assert(Mirrors(RejectionCode::kActivityNotEligible,
                      schema::RejectionCode::ACTIVITY_NOT_ELIGIBLE));
static_assert(Mirrors(RejectionCode::kHoursEntryNotFound,
                      schema::RejectionCode::HOURS_ENTRY_NOT_FOUND));
static_assert(Mirrors(RejectionCode::kHoursEntryVoided, schema::RejectionCode::HOURS_ENTRY_VOIDED));
static_assert(Mirrors(RejectionCode::kVolunteerCannotAttest,
                      schema::RejectionCode::VOLUNTEER_CANNOT_ATTEST));
static_assert(Mirrors(RejectionCode::kNotActivityContactPerson,
                      schema::RejectionCode::NOT_ACTIVITY_CONTACT_PERSON));
static_assert(Mirrors(RejectionCode::kNothingToAttest, schema::RejectionCode::NOTHING_TO_ATTEST));
static_assert(Mirrors(RejectionCode::kOfferRequestNotFound,
                      schema::RejectionCode::OFFER_REQUEST_NOT_FOUND));
static_assert(Mirrors(RejectionCode::kNoDirectorForPerspective,
                      schema::RejectionCode::NO_DIRECTOR_FOR_PERSPECTIVE));
static_assert(Mirrors(RejectionCode::kNotDirectorForPerspective,
                      schema::RejectionCode::NOT_DIRECTOR_FOR_PERSPECTIVE));
static_assert(Mirrors(RejectionCode::kOfferNotFound, schema::RejectionCode::OFFER_NOT_FOUND));
static_assert(Mirrors(RejectionCode::kOfferNotOpen, schema::RejectionCode::OFFER_NOT_OPEN));
static_assert(Mirrors(RejectionCode::kNotPermittedToWithdraw,
                      schema::RejectionCode::NOT_PERMITTED_TO_WITHDRAW));
static_assert(Mirrors(RejectionCode::kDateOutOfOrder, schema::RejectionCode::DATE_OUT_OF_ORDER));
static_assert(Mirrors(RejectionCode::kSuspensionOverlaps,
                      schema::RejectionCode::SUSPENSION_OVERLAPS));
static_assert(Mirrors(RejectionCode::kSuspensionNotFound,
                      schema::RejectionCode::SUSPENSION_NOT_FOUND));
static_assert(Mirrors(RejectionCode::kSuspensionAlreadyEnded,
                      schema::RejectionCode::SUSPENSION_ALREADY_ENDED));
static_assert(Mirrors(RejectionCode::kRoleNotPermitted, schema::RejectionCode::ROLE_NOT_PERMITTED));
static_assert(Mirrors(RejectionCode::kComplaintNotFound,
                      schema::RejectionCode::COMPLAINT_NOT_FOUND));
static_assert(Mirrors(RejectionCode::kComplaintAlreadyFiled,
                      schema::RejectionCode::COMPLAINT_ALREADY_FILED));
static_assert(Mirrors(RejectionCode::kComplaintClosed, schema::RejectionCode::COMPLAINT_CLOSED));
static_assert(Mirrors(RejectionCode::kAdmissibilityGroundNotMet,
                      schema::RejectionCode::ADMISSIBILITY_GROUND_NOT_MET));
static_assert(Mirrors(RejectionCode::kHandlerInvolved, schema::RejectionCode::HANDLER_INVOLVED));
static_assert(Mirrors(RejectionCode::kComplaintAlreadyAcknowledged,
                      schema::RejectionCode::COMPLAINT_ALREADY_ACKNOWLEDGED));
static_assert(Mirrors(RejectionCode::kExtensionNotAllowed,
                      schema::RejectionCode::EXTENSION_NOT_ALLOWED));
static_assert(Mirrors(RejectionCode::kComplaintNotAssigned,
                      schema::RejectionCode::COMPLAINT_NOT_ASSIGNED));
static_assert(Mirrors(RejectionCode::kAlreadyEscalated, schema::RejectionCode::ALREADY_ESCALATED));
static_assert(Mirrors(RejectionCode::kEvidenceNotFound, schema::RejectionCode::EVIDENCE_NOT_FOUND));
static_assert(Mirrors(RejectionCode::kAlreadyAttested, schema::RejectionCode::ALREADY_ATTESTED));
static_assert(Mirrors(RejectionCode::kSubjectNotFound, schema::RejectionCode::SUBJECT_NOT_FOUND));
static_assert(Mirrors(RejectionCode::kSubjectAlreadyErased,
                      schema::RejectionCode::SUBJECT_ALREADY_ERASED));

}  // namespace

}  // namespace ledger
