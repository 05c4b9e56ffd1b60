// As-of replays: one trajectory or complaint as it stood at a ledger position or recorded time.
//
// The subject's stream is read from the ledger and folded (ledger/domain) up to the bound, so
// the answer needs no read model and reflects exactly the entries it names: every entry of the
// stream at a position <= `position`, or recorded at or before `recorded_at_us`. Evaluation
// dates for the clocks are a separate axis (trajectory_view.h, shortfall.h, complaint_view.h).
// Thread safety: as EventStore's reads; safe from any thread.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include "ledger/domain/complaint_state.h"
#include "ledger/domain/trajectory_state.h"
#include "ledger/store/event_store.h"

namespace ledger::projections {

struct AsOf {
  std::uint64_t position = std::numeric_limits<std::uint64_t>::max();      // Inclusive.
  std::int64_t recorded_at_us = std::numeric_limits<std::int64_t>::max();  // Inclusive.
  static AsOf Position(std::uint64_t position) { return AsOf{position}; }
  static AsOf RecordedAt(std::int64_t time_us) {
    return AsOf{std::numeric_limits<std::uint64_t>::max(), time_us};
  }
};

// NotFound when the stream had no opening (or filing) event by then.
Result<domain::TrajectoryState> TrajectoryAsOf(const EventStore& store,
                                               const std::string& trajectory_id, AsOf as_of);
Result<domain::ComplaintState> ComplaintAsOf(const EventStore& store,
                                             const std::string& complaint_id, AsOf as_of);

// The ledger position that recorded time `recorded_at_us` corresponds to: the first position
// whose entry was recorded after it (the head when none was), so that the entries below it are
// exactly those recorded at or before it. Recorded times never decrease along the log (the
// sequencer stamps each group with at least the previous group's time), so this is a binary
// search of about log2(head) entry reads.
Result<std::uint64_t> PositionAfterRecorded(const EventStore& store, std::int64_t recorded_at_us);

}  // namespace ledger::projections
