// The whole fold state of a trajectory as bytes, for tests that compare states: its read-model
// row and every hours entry's row, in order. Encoding is deterministic (row_codec.h), so equal
// bytes mean equal states.
#pragma once

#include <string>

#include "ledger/domain/trajectory_state.h"
#include "projections/row_codec.h"

namespace ledger::testing {

inline std::string TrajectoryBytes(const domain::TrajectoryState& state) {
  std::string bytes = projections::EncodeTrajectoryRow(state);
  for (const domain::HoursEntryState& entry : state.hours) {
    bytes += projections::EncodeHoursRow(entry);
  }
  return bytes;
}

}  // namespace ledger::testing
