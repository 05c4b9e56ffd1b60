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
  if (!state.activities.empty() || !state.hours.empty() || state.totals.entries > 0) {
    return TrajectoryStatus::kInProgress;
  }
  return TrajectoryStatus::kNotStarted;
}

}  // namespace ledger::domain
