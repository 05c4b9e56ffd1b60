// The decided state of recently used streams, in memory: what the command handler decides on
// without reading the store.
//
// A slot holds one stream's fold (TrajectoryState or ComplaintState) at the version in it. The
// command handler fills an empty slot from the store, decides commands on it, and raises it by
// the events of each of its appends once the store has sequenced them, with their real
// positions, versions and recorded time (command_handler.h); a write that fails empties it. A slot
// is never trusted blindly: every append carries the exact version it was decided on, so a slot
// that fell behind (another writer appended to the stream) cannot make a command succeed on a stale
// state; the store refuses the append, and the handler empties the slot and decides again on a
// fresh fold. Bounds: at most `streams_max` slots (docs/architecture.md, "The command path");
// beyond that the least recently used slot is dropped. A dropped slot that a command still holds
// stays valid for that command; the next command of its stream starts a new one. Thread safety:
// Acquire from any thread; a Slot's fields are guarded by its own mutex.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "ledger/base/check.h"

namespace ledger::domain {

template <typename State>
class StateCache {
 public:
  struct Slot {
    std::mutex mutex;
    bool filled = false;  // Guarded by mutex: `state` is the fold of the stream.
    State state;          // Guarded by mutex.
  };

  explicit StateCache(std::size_t streams_max) : streams_max_(streams_max) {
    LEDGER_CHECK(streams_max >= 1, "a state cache holds at least one stream");
  }

  // The slot of `stream_id` (a new, empty one when it has none), now the most recently used.
  std::shared_ptr<Slot> Acquire(const std::string& stream_id) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = slots_.find(stream_id);
    if (found != slots_.end()) {
      lru_.splice(lru_.begin(), lru_, found->second.second);
      return found->second.first;
    }
    if (slots_.size() >= streams_max_) {
      slots_.erase(lru_.back());
      lru_.pop_back();
    }
    lru_.push_front(stream_id);
    auto slot = std::make_shared<Slot>();
    slots_.emplace(stream_id, Entry{slot, lru_.begin()});
    return slot;
  }

  // The slot of `stream_id` if it has one (for diagnostics and tests; no use counted).
  std::shared_ptr<Slot> Find(const std::string& stream_id) const {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = slots_.find(stream_id);
    return found == slots_.end() ? nullptr : found->second.first;
  }

  std::size_t size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return slots_.size();
  }

 private:
  using Entry = std::pair<std::shared_ptr<Slot>, std::list<std::string>::iterator>;
  const std::size_t streams_max_;
  mutable std::mutex mutex_;
  std::list<std::string> lru_;                    // Guarded by mutex_; most recent first.
  std::unordered_map<std::string, Entry> slots_;  // Guarded by mutex_.
};

}  // namespace ledger::domain
