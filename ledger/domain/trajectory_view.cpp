#include "ledger/domain/trajectory_view.h"

#include "ledger/domain/shortfall.h"

namespace ledger::domain {
namespace {

constexpr std::string_view kStatusNames[kTrajectoryStatusCount] = {
    "not_started", "in_progress", "completed", "exempted", "shortfall_established", "suspended"};

}  // namespace

std::string_view TrajectoryStatusName(TrajectoryStatus status) {
  auto index = static_cast<std::size_t>(status);
  return index < kTrajectoryStatusCount ? kStatusNames[index] : "unknown";
}

std::optional<TrajectoryStatus> ParseTrajectoryStatus(std::string_view name) {
  for (std::size_t i = 0; i < kTrajectoryStatusCount; ++i) {
    if (kStatusNames[i] == name) return static_cast<TrajectoryStatus>(i);
  }
  return std::nullopt;
}

HourTotals ComputeHourTotals(const TrajectoryState& state) {
  HourTotals totals;
  for (const HoursEntryState& entry : state.hours) {
    const ActivityState* activity = state.FindActivity(entry.activity_id);
    if (activity == nullptr) continue;
    auto kind = static_cast<std::size_t>(activity->kind);
    if (kind >= totals.by_kind.size()) continue;
    KindTotals& bucket = totals.by_kind[kind];
    if (entry.voided) {
      bucket.voided_minutes += entry.minutes;
      totals.all.voided_minutes += entry.minutes;
      continue;
    }
    bucket.logged_minutes += entry.minutes;
    bucket.sessions += 1;
    totals.all.logged_minutes += entry.minutes;
    totals.all.sessions += 1;
    if (entry.attested && activity->eligible()) {
      bucket.attested_minutes += entry.minutes;
      totals.all.attested_minutes += entry.minutes;
    }
  }
  return totals;
}

bool SuspendedOn(const TrajectoryState& state, Day day) {
  for (const SuspensionState& suspension : state.suspensions) {
    if (suspension.starts_on <= day && day <= suspension.ends_on) return true;
  }
  return false;
}

TrajectoryStatus StatusOn(const TrajectoryState& state, const Parameters& parameters,
                          Day evaluation_day) {
  if (state.exemption && state.exemption->granted_on <= evaluation_day) {
    return TrajectoryStatus::kExempted;
  }
  if (state.completed_on && *state.completed_on <= evaluation_day) {
    return TrajectoryStatus::kCompleted;
  }
  if (SuspendedOn(state, evaluation_day)) return TrajectoryStatus::kSuspended;
  for (const OfferRequestState& request : state.requests) {
    RequestClock clock = ComputeRequestClock(state, request, parameters, evaluation_day);
    if (clock.state == ClockState::kEstablished) return TrajectoryStatus::kShortfallEstablished;
  }
  if (!state.activities.empty() || !state.hours.empty()) return TrajectoryStatus::kInProgress;
  return TrajectoryStatus::kNotStarted;
}

}  // namespace ledger::domain
