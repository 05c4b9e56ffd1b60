// The access rules of DESIGN.md ("Roles"): which role may call which operation, and which
// trajectories, activities and complaints a principal's scope reaches.
//
// Two layers, both checked by the service functions (api/service), whatever the transport:
//   1. RoleMay(role, operation): the role table. The RPC session hands out only the
//      capabilities whose operations the role may call; HTTP routes answer 403 otherwise.
//   2. The scope checks below, on the state read or about to be written: a counsellor's
//      municipalities, a director's trajectories, a newcomer's own trajectory and complaints.
// The domain rules (ledger/domain) check in addition who may issue each event kind (a volunteer
// never attests, only the director for a perspective makes offers); those rejections are also
// reported as forbidden (api/wire/errors.h).
// Every refusal is Status::PermissionDenied naming the principal and what it asked for.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "api/auth/principal.h"
#include "ledger/base/status.h"
#include "ledger/domain/complaint_state.h"
#include "ledger/domain/trajectory_state.h"

namespace ledger::api {

// Every operation of the service, over both transports (docs/api.md lists their routes).
enum class Operation : std::uint8_t {
  kTrajectoryCommand = 0,  // Commands on trajectory streams.
  kComplaintCommand,       // Commands on complaint streams.
  kReadTrajectory,         // Status, hours, offers of one trajectory.
  kReadShortfall,          // Offer-shortfall evidence of one trajectory.
  kListTrajectories,
  kReadActivities,  // The activities of a trajectory a provider runs or volunteer joins.
  kReadComplaint,   // A complaint file, with the complainant's personal fields.
  kListComplaints,  // Complaint lists.
  kReadRecords,     // Who read which complaint file.
  kReadLog,         // Raw entries (no personal fields) and subscriptions.
  kProofs,          // Checkpoints, inclusion and consistency proofs.
  kReport,          // Pseudonymised aggregates.
  kAdminTokens,     // Create, list and revoke tokens.
  kAdminStatus,     // Operational state; signing a checkpoint now.
  kExportBundle,    // Export bundles of a range (no personal payloads).
  kErasePerson,     // Erase a person's personal payloads (ledger/domain/erasure.h).
  kSubjectAccess,   // Everything held about one person (MaySubjectAccess).
};
inline constexpr std::size_t kOperationCount = 17;

std::string_view OperationName(Operation operation);

// The role table. Auditors read everything and write nothing; reporting jobs read aggregates
// and the pseudonymous log; volunteers read only their activity.
bool RoleMay(schema::Role role, Operation operation);
// Ok, or PermissionDenied naming role and operation.
Status CheckRole(const Principal& principal, Operation operation);

// Reading a trajectory's status, hours and shortfall evidence: its newcomer, a counsellor for
// its municipality, a director of any of its perspectives or for its municipality, an auditor.
Status MayReadTrajectory(const Principal& principal, const domain::TrajectoryState& state);
// Per-trajectory report rows (microdata, under pseudonyms): reporting jobs only. Auditors and
// administrators get the aggregates; record-level data, even pseudonymised, is the job's.
Status MayReadMicrodata(const Principal& principal);
// Before loading anything: refuses a newcomer whose scope lacks `trajectory_id` (the other
// roles need the state, MayReadTrajectory).
Status MayAskForTrajectory(const Principal& principal, std::string_view trajectory_id);
// Writing to a trajectory (the rules then check the event kinds): its newcomer, a counsellor
// for its municipality (for an opening: the municipality of the opening event), a director of
// it, a provider with an activity or offer at its organisation on it.
Status MayWriteTrajectory(const Principal& principal, std::string_view trajectory_id,
                          const domain::TrajectoryState& state,
                          std::string_view opening_municipality);
// True when the provider principal runs `activity` (its provider organisation).
bool RunsActivity(const Principal& principal, const domain::ActivityState& activity);
// True when a volunteer's scope holds "<trajectory_id>/<activity_id>".
bool TakesPartIn(const Principal& principal, std::string_view trajectory_id,
                 std::string_view activity_id);
// Reading and writing a complaint: the complaint organisation and (reads) auditors; the
// newcomer who filed it (reads, and of writes filing and withdrawing).
Status MayReadComplaint(const Principal& principal, const domain::ComplaintState& state);
// Whether a complaint file read by `principal` shows what it holds of trajectory
// `trajectory_id` (the trajectory it concerns, evidence linked from one; empty: none): for every
// role the role table lets read the file, and for a complainant only a trajectory of their
// token's scope (a complaint may name another's).
bool MaySeeLinkedTrajectory(const Principal& principal, std::string_view trajectory_id);
// A complaint that does not exist answers a newcomer as one that is not theirs (403), so that
// complaint ids cannot be probed; for every other role `missing` is returned as it is.
Status RefusedOrMissing(const Principal& principal, const Status& missing,
                        std::string_view complaint_id);
// The subject-access export of `subject_id`, after the role table (newcomers, administrators):
// a newcomer only for themselves (their token's id); an administrator acts on a request.
Status MaySubjectAccess(const Principal& principal, std::string_view subject_id);
// Who read a complaint file: auditors, and the complainant who filed it (GDPR art. 15).
Status MayReadRecordsOf(const Principal& principal, const domain::ComplaintState& state);
Status MayWriteComplaint(const Principal& principal, std::string_view complaint_id,
                         const domain::ComplaintState& state, std::string_view filing_complainant);

}  // namespace ledger::api
