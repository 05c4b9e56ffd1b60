// The values of EventStore's interface that no one module of the store owns: the callbacks of
// an asynchronous append, the durable tree head, the sequencer's counters and its observer.
// Kept apart from sequencer.h so that the start-here header (event_store.h) names them without
// the sequencer's internals, and without RocksDB.
// Thread safety: plain values and function types.
#pragma once

#include <cstdint>
#include <functional>

#include "ledger/base/status.h"
#include "ledger/format/hash.h"
#include "ledger/store/append_request.h"

namespace ledger {

// Runs once the outcome is durable (or failed): on the completion thread, or on the write
// thread for small groups; on the caller's thread when the append could not be taken. Must
// not block for long. It may call AppendAsync, never the blocking Append (which would wait for
// the very thread running it).
using AppendCallback = std::function<void(Result<AppendReceipt>)>;

// Runs on the caller's thread, before Submit returns, when the append was sequenced as
// kAppended: the positions, versions and recorded time it will have once durable. The append
// is not durable yet; if its group's write fails, `done` says so, and every append sequenced
// after it fails too. Lets a caller that decides on a stream's state (the command handler)
// decide the next command on the state including this one, so that many appends to one
// stream can share a group. Must be quick; it must not call into the store.
using SequencedCallback = std::function<void(const AppendReceipt&)>;

// A tree head: the durable size and its root.
struct TreeHead {
  std::uint64_t size = 0;
  Hash root{};
};

struct SequencerStats {
  std::uint64_t groups = 0;         // WriteBatches written.
  std::uint64_t appends = 0;        // Appends that wrote events.
  std::uint64_t events = 0;         // Events written.
  std::uint64_t sync_us_total = 0;  // Time spent in synced writes.
};

// Called on the sequencer's write thread after each durable group: the events it held and
// how long its synced write took. Must be quick and must not call into the store (metrics).
using GroupObserver = std::function<void(std::uint64_t events, std::int64_t sync_us)>;

}  // namespace ledger
