// Rows of the read models: the fold states of ledger/domain encoded as schema/rows.capnp.
//
// Encoding is deterministic (the same state always gives the same bytes), which is what lets a
// rebuild be compared byte for byte with the incrementally maintained rows. Decoding a row that
// is not a valid message is Corruption naming the read model and key; rows are derived data, so
// the remedy is a rebuild (docs/operations.md).
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/domain/complaint_state.h"
#include "ledger/domain/trajectory_state.h"

namespace ledger::projections {

// A trajectory's row holds everything but its hours entries, and how many it has; the entries
// are in pages of their own (trajectory_rows.h puts the two together).
std::string EncodeTrajectoryRow(const domain::TrajectoryState& state);
// The state without its hours entries (and with no indexes built); `totals.entries` is the
// number of entries the row says are stored apart.
Result<domain::TrajectoryState> DecodeTrajectoryRow(std::string_view key, std::string_view row);
// The page of `entries` [first, end); decoding appends its entries to `out` and answers how
// many there were. `key` is how an error names the row.
std::string EncodeHoursPage(const std::vector<domain::HoursEntryState>& entries, std::size_t first,
                            std::size_t end);
Result<std::size_t> DecodeHoursPage(std::string_view key, std::string_view row,
                                    std::vector<domain::HoursEntryState>& out);

std::string EncodeComplaintRow(const domain::ComplaintState& state);
Result<domain::ComplaintState> DecodeComplaintRow(std::string_view key, std::string_view row);

}  // namespace ledger::projections
