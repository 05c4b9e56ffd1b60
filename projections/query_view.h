// One consistent view of the active read-model generation: a RocksDB snapshot held together
// with the generation's read lock, and the checkpoint position that snapshot reflects.
// Internal to the queries (queries.h).
// Thread safety: one thread.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>

#include "ledger/base/status.h"
#include "ledger/domain/complaint_state.h"
#include "ledger/domain/trajectory_state.h"
#include "ledger/store/rocksdb_fwd.h"
#include "projections/layout.h"
#include "projections/projection_db.h"
#include "projections/trajectory_rows.h"

namespace ledger::projections {

// InvalidArgument unless 1 <= limit <= limits::kPageSizeMax (every list query's page bound).
Status CheckPageLimit(std::size_t limit);

class QueryView {
 public:
  // Busy ("starting") when no generation is active yet.
  static Result<std::unique_ptr<QueryView>> Open(const ProjectionDb& db);
  ~QueryView();

  std::uint64_t position() const { return position_; }
  // With its hours entries, or (kSkip) only its row: totals, no `hours`.
  Result<std::optional<domain::TrajectoryState>> Trajectory(
      std::string_view id, HoursEntries entries = HoursEntries::kRead) const;
  Result<std::optional<domain::ComplaintState>> Complaint(std::string_view id) const;
  // Visits the ids under an index prefix after `after` (all when empty), in order, until
  // `visit` returns false.
  Status ScanIndex(const std::string& prefix, const std::string& after,
                   const std::function<bool(std::string_view id)>& visit) const;
  // Visits every trajectory after `after` (all when empty), in id order, with its hours
  // entries, until `visit` returns false.
  Status ScanTrajectories(const std::string& after, HoursEntries entries,
                          const std::function<bool(domain::TrajectoryState&& state)>& visit) const;
  // Visits every row of the complaints or the index table after `after`, in key order, until
  // `visit` returns false. (Trajectories have rows for their entries too: ScanTrajectories.)
  Status ScanTable(
      layout::Table table, const std::string& after,
      const std::function<bool(std::string_view id, std::string_view row)>& visit) const;

 private:
  QueryView(const ProjectionDb& db, std::shared_lock<std::shared_mutex> lock)
      : db_(db), lock_(std::move(lock)) {}
  rocksdb::ReadOptions Options() const;

  const ProjectionDb& db_;
  std::shared_lock<std::shared_mutex> lock_;
  Generation generation_;
  const rocksdb::Snapshot* snapshot_ = nullptr;
  std::uint64_t position_ = 0;
};

}  // namespace ledger::projections
