// A trajectory in the read models: its row under the trajectory id, and its hours entries in
// pages of layout::kHoursPerPage under layout::HoursKey(id, page), right after the row in key
// order.
//
// Writing: a batch puts the row and only the pages holding entries that are new or changed
// since the last flush, so a trajectory's cost per batch does not grow with its length (at most
// one page per changed entry, usually the last one). Reading: one iterator seeks the row and
// reads the pages that follow it; a row whose pages do not hold exactly its hoursCount entries
// is Corruption naming the trajectory and the page (read models are derived data: the remedy is
// a rebuild, docs/operations.md).
// Thread safety: pure functions over RocksDB objects the caller owns.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/domain/trajectory_state.h"
#include "ledger/store/rocksdb_fwd.h"

namespace ledger::projections {

// Puts the row of `state` under `id`, the pages of its entries from index `from` on, and the
// pages of the entries at `changed` (indices below `from`; others are covered already).
void PutTrajectory(rocksdb::WriteBatch& batch, rocksdb::ColumnFamilyHandle* table,
                   std::string_view id, const domain::TrajectoryState& state, std::uint32_t from,
                   const std::vector<std::uint32_t>& changed);

// Whether a read decodes the hours entries too, or only the row (whose totals and entry count
// are what a status needs; `hours` stays empty).
enum class HoursEntries : bool { kSkip = false, kRead = true };

// The trajectory whose row `it` is at, with its entries and indexes when asked; leaves `it` on
// the first key after its pages (the next trajectory's row, or not Valid).
Result<domain::TrajectoryState> ReadTrajectoryAt(rocksdb::Iterator& it, HoursEntries entries);

// The trajectory `id`, or none when it has no row.
Result<std::optional<domain::TrajectoryState>> ReadTrajectory(rocksdb::DB* db,
                                                              rocksdb::ColumnFamilyHandle* table,
                                                              const rocksdb::ReadOptions& options,
                                                              std::string_view id,
                                                              HoursEntries entries);

}  // namespace ledger::projections
