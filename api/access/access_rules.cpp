#include "api/access/access_rules.h"

#include <algorithm>
#include <array>

#include "ledger/domain/enum_names.h"

namespace ledger::api {
namespace {

using schema::Role;
constexpr std::size_t kRoles = 10;  // schema::Role enumerants, system included.

// One row per operation, one column per role in schema order:
// system, newcomer, counsellor, director, providerContact, volunteer, complaintOrganisation,
// auditor, reportingJob, administrator. `system` never holds a token.
constexpr std::array<std::array<bool, kRoles>, kOperationCount> kTable = {{
    //  sys    new    cou    dir    pro    vol    cmp    aud    rep    adm
    {false, true, true, true, true, false, false, false, false, false},     // trajectoryCommand
    {false, true, false, false, false, false, true, false, false, false},   // complaintCommand
    {false, true, true, true, false, false, false, true, false, false},     // readTrajectory
    {false, true, true, true, false, false, false, true, false, false},     // readShortfall
    {false, false, true, true, false, false, false, true, false, false},    // listTrajectories
    {false, false, false, false, true, true, false, true, false, false},    // readActivities
    {false, true, false, false, false, false, true, true, false, false},    // readComplaint
    {false, false, false, false, false, false, true, true, false, false},   // listComplaints
    {false, true, false, false, false, false, false, true, false, false},   // readRecords
    {false, false, false, false, false, false, false, true, true, false},   // readLog
    {false, true, true, true, true, true, true, true, true, true},          // proofs
    {false, false, false, false, false, false, false, true, true, false},   // report
    {false, false, false, false, false, false, false, false, false, true},  // adminTokens
    {false, false, false, false, false, false, false, false, false, true},  // adminStatus
    {false, false, false, false, false, false, false, true, false, true},   // exportBundle
    {false, false, false, false, false, false, false, false, false, true},  // erasePerson
    {false, true, false, false, false, false, false, false, false, true},   // subjectAccess
}};

constexpr std::array<std::string_view, kOperationCount> kNames = {
    "trajectoryCommand", "complaintCommand", "readTrajectory", "readShortfall",
    "listTrajectories",  "readActivities",   "readComplaint",  "listComplaints",
    "readRecords",       "readLog",          "proofs",         "report",
    "adminTokens",       "adminStatus",      "exportBundle",   "erasePerson",
    "subjectAccess",
};

bool InScope(const Principal& principal, std::string_view value) {
  return std::find(principal.scope.begin(), principal.scope.end(), value) != principal.scope.end();
}

std::string Who(const Principal& principal) {
  return domain::EnumName(principal.role) + " '" + principal.id + "'" +
         (principal.organisation.empty() ? "" : " of '" + principal.organisation + "'");
}

Status Denied(const Principal& principal, const std::string& what) {
  return Status::PermissionDenied(Who(principal) + " may not " + what);
}

bool DirectsAny(const Principal& principal, const domain::TrajectoryState& state) {
  return std::find(state.directors.begin(), state.directors.end(), principal.organisation) !=
         state.directors.end();
}

bool CounselsMunicipality(const Principal& principal, std::string_view municipality) {
  return InScope(principal, "*") || InScope(principal, municipality);
}

}  // namespace

std::string_view OperationName(Operation operation) {
  auto index = static_cast<std::size_t>(operation);
  return index < kOperationCount ? kNames[index] : "unknown";
}

bool RoleMay(Role role, Operation operation) {
  auto row = static_cast<std::size_t>(operation);
  auto column = static_cast<std::size_t>(role);
  return row < kOperationCount && column < kRoles && kTable[row][column];
}

Status CheckRole(const Principal& principal, Operation operation) {
  if (RoleMay(principal.role, operation)) return Status::Ok();
  return Status::PermissionDenied("role " + domain::EnumName(principal.role) + " may not call " +
                                  std::string(OperationName(operation)));
}

Status MayReadMicrodata(const Principal& principal) {
  if (principal.role == Role::REPORTING_JOB) return Status::Ok();
  return Denied(principal, "read microdata (per-trajectory rows): only a reporting job may");
}

Status MayAskForTrajectory(const Principal& principal, std::string_view trajectory_id) {
  if (principal.role == Role::NEWCOMER && !InScope(principal, trajectory_id)) {
    return Denied(principal, "read or write trajectory '" + std::string(trajectory_id) +
                                 "': not one of its own");
  }
  return Status::Ok();
}

Status MayReadTrajectory(const Principal& principal, const domain::TrajectoryState& state) {
  switch (principal.role) {
    case Role::AUDITOR: return Status::Ok();
    case Role::NEWCOMER: return MayAskForTrajectory(principal, state.trajectory_id);
    case Role::COUNSELLOR:
      if (CounselsMunicipality(principal, state.municipality_code)) return Status::Ok();
      break;
    case Role::DIRECTOR:
      if (DirectsAny(principal, state) || InScope(principal, state.municipality_code)) {
        return Status::Ok();
      }
      break;
    default: break;
  }
  return Denied(principal, "read trajectory '" + state.trajectory_id + "' of municipality '" +
                               state.municipality_code + "'");
}

Status MayWriteTrajectory(const Principal& principal, std::string_view trajectory_id,
                          const domain::TrajectoryState& state,
                          std::string_view opening_municipality) {
  std::string_view municipality =
      state.opened ? std::string_view(state.municipality_code) : opening_municipality;
  switch (principal.role) {
    case Role::NEWCOMER: return MayAskForTrajectory(principal, trajectory_id);
    case Role::COUNSELLOR:
      if (CounselsMunicipality(principal, municipality)) return Status::Ok();
      break;
    case Role::DIRECTOR:
      if (DirectsAny(principal, state) || InScope(principal, municipality)) return Status::Ok();
      break;
    case Role::PROVIDER_CONTACT:
      for (const domain::ActivityState& activity : state.activities) {
        if (RunsActivity(principal, activity)) return Status::Ok();
      }
      for (const domain::OfferState& offer : state.offers) {
        if (offer.provider_organisation == principal.organisation) return Status::Ok();
      }
      break;
    default: break;
  }
  return Denied(principal, "write to trajectory '" + std::string(trajectory_id) +
                               "' of municipality '" + std::string(municipality) + "'");
}

bool RunsActivity(const Principal& principal, const domain::ActivityState& activity) {
  return principal.role == Role::PROVIDER_CONTACT &&
         activity.provider_organisation == principal.organisation;
}

bool TakesPartIn(const Principal& principal, std::string_view trajectory_id,
                 std::string_view activity_id) {
  if (principal.role != Role::VOLUNTEER) return false;
  std::string entry = std::string(trajectory_id) + "/" + std::string(activity_id);
  return InScope(principal, entry);
}

bool FiledIt(const Principal& principal, const domain::ComplaintState& state) {
  return principal.role == Role::NEWCOMER && state.filed && state.complainant_id == principal.id;
}

Status MayReadComplaint(const Principal& principal, const domain::ComplaintState& state) {
  if (principal.role == Role::AUDITOR || principal.role == Role::COMPLAINT_ORGANISATION ||
      FiledIt(principal, state)) {
    return Status::Ok();
  }
  return Denied(principal, "read complaint '" + state.complaint_id + "'");
}

Status RefusedOrMissing(const Principal& principal, const Status& missing,
                        std::string_view complaint_id) {
  if (principal.role != Role::NEWCOMER || missing.code() != Status::Code::kNotFound) {
    return missing;
  }
  return Denied(principal, "read complaint '" + std::string(complaint_id) + "'");
}

bool MaySeeLinkedTrajectory(const Principal& principal, std::string_view trajectory_id) {
  return principal.role != Role::NEWCOMER || trajectory_id.empty() ||
         InScope(principal, trajectory_id);
}

Status MaySubjectAccess(const Principal& principal, std::string_view subject_id) {
  // The role table admits newcomers and administrators; a newcomer only for themselves.
  if (principal.role != Role::NEWCOMER || principal.id == subject_id) return Status::Ok();
  return Denied(principal, "export what is held about '" + std::string(subject_id) + "'");
}

Status MayReadRecordsOf(const Principal& principal, const domain::ComplaintState& state) {
  if (principal.role == Role::AUDITOR || FiledIt(principal, state)) return Status::Ok();
  return Denied(principal, "read who read complaint '" + state.complaint_id + "'");
}

Status MayWriteComplaint(const Principal& principal, std::string_view complaint_id,
                         const domain::ComplaintState& state, std::string_view filing_complainant) {
  if (principal.role == Role::COMPLAINT_ORGANISATION) return Status::Ok();
  std::string_view complainant =
      state.filed ? std::string_view(state.complainant_id) : filing_complainant;
  if (principal.role == Role::NEWCOMER && complainant == principal.id) return Status::Ok();
  return Denied(principal, "write to complaint '" + std::string(complaint_id) + "'");
}

}  // namespace ledger::api
