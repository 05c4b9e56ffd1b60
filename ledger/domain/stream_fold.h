// Folds one stream of the store into a domain state (trajectory_state.h, complaint_state.h),
// page by page, up to an optional bound: what the command handler decides on and what as-of
// replays answer with.
// Thread safety: as EventStore's reads; safe from any thread.
#pragma once

#include <cstdint>
#include <limits>
#include <string>

#include "ledger/base/limits.h"
#include "ledger/store/event_store.h"

namespace ledger::domain {

// Folds every entry of `stream_id` at a position <= `position_max` recorded at or before
// `recorded_at_us_max` into `state` (entries come in order, so the fold stops at the first one
// past a bound).
template <typename State>
Status FoldStream(const EventStore& store, const std::string& stream_id, State& state,
                  std::uint64_t position_max = std::numeric_limits<std::uint64_t>::max(),
                  std::int64_t recorded_at_us_max = std::numeric_limits<std::int64_t>::max()) {
  StreamVersion from{1};
  for (;;) {
    Result<StreamPage> page = store.ReadStream(stream_id, from, limits::kPageSizeMax);
    if (!page.ok()) return page.status();
    for (const StoredEntry& stored : page->entries) {
      schema::Entry::Reader entry = stored.reader();
      if (entry.getPosition() > position_max || entry.getRecordedAtUs() > recorded_at_us_max) {
        return Status::Ok();
      }
      Apply(state, entry);
    }
    if (!page->next_version) return Status::Ok();
    from = *page->next_version;
  }
}

}  // namespace ledger::domain
