// What a trajectory's state means on a given day: its status and its hour totals.
//
// The status is derived, in this order of precedence: exempted (an exemption granted on or
// before the evaluation day), completed (attested hours reached the required hours on or
// before it), suspended (a suspension covers the evaluation day), shortfall established (an offer
// request's clock reached the threshold, shortfall.h), in progress (an activity was registered or
// hours logged), not started. Totals are per activity kind, in minutes: logged (not voided),
// attested (not voided, on eligible activities) and voided. Thread safety: pure functions.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "ledger/domain/parameters.h"
#include "ledger/domain/trajectory_state.h"

namespace ledger::domain {

enum class TrajectoryStatus : std::uint8_t {  // Frozen: stored in read-model indexes.
  kNotStarted = 0,
  kInProgress = 1,
  kCompleted = 2,
  kExempted = 3,
  kShortfallEstablished = 4,
  kSuspended = 5,
};
inline constexpr std::size_t kTrajectoryStatusCount = 6;
std::string_view TrajectoryStatusName(TrajectoryStatus status);
// Parses the names above ("in_progress"); empty when unknown.
std::optional<TrajectoryStatus> ParseTrajectoryStatus(std::string_view name);

// True when a suspension of the trajectory covers `day`.
bool SuspendedOn(const TrajectoryState& state, Day day);

TrajectoryStatus StatusOn(const TrajectoryState& state, const Parameters& parameters,
                          Day evaluation_day);

}  // namespace ledger::domain
