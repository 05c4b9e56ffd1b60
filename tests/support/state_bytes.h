// The whole fold state of a trajectory as bytes, for tests that compare states: its read-model
// row and all its hours entries as one page. Encoding is deterministic (row_codec.h), so equal
// bytes mean equal states.
#pragma once

#include <string>

#include "ledger/domain/trajectory_state.h"
#include "projections/row_codec.h"

namespace ledger::testing {

inline std::string TrajectoryBytes(const domain::TrajectoryState& state) {
  return projections::EncodeTrajectoryRow(state) +
         projections::EncodeHoursPage(state.hours, 0, state.hours.size());
}

}  // namespace ledger::testing
