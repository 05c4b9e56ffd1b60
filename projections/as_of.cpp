#include "projections/as_of.h"

#include "ledger/domain/stream_fold.h"
#include "ledger/domain/streams.h"

namespace ledger::projections {
namespace {

std::string Bound(AsOf as_of) {
  if (as_of.position != std::numeric_limits<std::uint64_t>::max()) {
    return "position " + std::to_string(as_of.position);
  }
  if (as_of.recorded_at_us != std::numeric_limits<std::int64_t>::max()) {
    return "recorded time " + std::to_string(as_of.recorded_at_us) + " us";
  }
  return "the head";
}

}  // namespace

Result<domain::TrajectoryState> TrajectoryAsOf(const EventStore& store,
                                               const std::string& trajectory_id, AsOf as_of) {
  LEDGER_RETURN_IF_ERROR(domain::CheckSubjectId(trajectory_id, "trajectory id"));
  domain::TrajectoryState state;
  LEDGER_RETURN_IF_ERROR(domain::FoldStream(store, domain::TrajectoryStream(trajectory_id), state,
                                            as_of.position, as_of.recorded_at_us));
  if (!state.opened) {
    return Status::NotFound("trajectory '" + trajectory_id + "' was not opened as of " +
                            Bound(as_of));
  }
  return state;
}

Result<domain::ComplaintState> ComplaintAsOf(const EventStore& store,
                                             const std::string& complaint_id, AsOf as_of) {
  LEDGER_RETURN_IF_ERROR(domain::CheckSubjectId(complaint_id, "complaint id"));
  domain::ComplaintState state;
  LEDGER_RETURN_IF_ERROR(domain::FoldStream(store, domain::ComplaintStream(complaint_id), state,
                                            as_of.position, as_of.recorded_at_us));
  if (!state.filed) {
    return Status::NotFound("complaint '" + complaint_id + "' was not filed as of " + Bound(as_of));
  }
  return state;
}

Result<std::uint64_t> PositionAfterRecorded(const EventStore& store, std::int64_t recorded_at_us) {
  // Invariant: every entry below `low` was recorded at or before the time; every entry at or
  // above `high` after it.
  std::uint64_t low = 0;
  std::uint64_t high = store.head().size;
  while (low < high) {
    std::uint64_t middle = low + (high - low) / 2;
    Result<StoredEntry> entry = store.ReadEntry(Position{middle});
    if (!entry.ok()) return entry.status();
    if (entry->reader().getRecordedAtUs() <= recorded_at_us) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return low;
}

}  // namespace ledger::projections
