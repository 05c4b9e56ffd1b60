// The store's one way of telling that the durable head moved.
//
// The sequencer's write thread calls Advance(size) after each durable group, before the
// group's callers are answered, so whoever is told the new size can read every entry below it.
// Threads wait for it with WaitBeyond (a condition variable per waiter, notified only when the
// size passes the one it waits beyond; a std::stop_token interrupts the wait, so a follower's
// Stop needs no wake-up of its own). Event loops cannot block: they
// Listen, and their listener (run on the write thread, after the size is published) wakes the
// loop, for instance through an eventfd (api/adapters/head_signal.h).
//
// Nobody polls: the projector, the checkpointer, HTTP log streams and RPC subscriptions all
// wait here, and a read with atLeastPosition wakes when the projector, woken here, has folded
// its position. Advance costs one uncontended lock and a notify when nobody waits.
// Thread safety: every method from any thread. Listeners must be quick, must not block, and
// must not call Listen or Unlisten.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <mutex>
#include <stop_token>

namespace ledger {

class HeadWatch {
 public:
  using Clock = std::chrono::steady_clock;
  using Listener = std::function<void(std::uint64_t size)>;

  explicit HeadWatch(std::uint64_t size = 0) : size_(size) {}
  HeadWatch(const HeadWatch&) = delete;
  HeadWatch& operator=(const HeadWatch&) = delete;

  // The durable size (the next position) last advanced to.
  std::uint64_t size() const;
  // Publishes `size` (never below the current one), wakes the waiters, runs the listeners.
  void Advance(std::uint64_t size);

  // Waits until size() > seen, `deadline` passes or `stop` is requested; returns size().
  std::uint64_t WaitBeyond(std::uint64_t seen, Clock::time_point deadline,
                           std::stop_token stop = {});

  // Registers a listener; the id unregisters it. Unlisten returns once no call of that
  // listener is running, so its captures may be destroyed right after.
  std::uint64_t Listen(Listener listener);
  void Unlisten(std::uint64_t id);

 private:
  // One waiting thread: woken only once the size passes what it has seen, so that a waiter
  // for a later size (the checkpointer) sleeps through the groups before it.
  struct Waiter {
    std::uint64_t seen;
    std::condition_variable_any changed;
  };
  mutable std::mutex mutex_;
  std::uint64_t size_;          // Guarded by mutex_.
  std::list<Waiter*> waiters_;  // Guarded by mutex_.
  // Listeners run under listeners_mutex_, which Unlisten takes, so none outlives Unlisten.
  std::mutex listeners_mutex_;
  std::map<std::uint64_t, Listener> listeners_;  // Guarded by listeners_mutex_.
  std::uint64_t next_id_ = 1;                    // Guarded by listeners_mutex_.
};

}  // namespace ledger
