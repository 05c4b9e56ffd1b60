// The store's head watch (ledger/store/head_watch.h) seen from one KJ event loop: a promise that
// resolves once the durable head moves past a position, with no timer and no polling.
//
// The event loop cannot block on the watch's condition variable, so the signal listens on the
// watch: when the loop has a waiter, it arms a cross-thread fulfiller
// (kj::newPromiseAndCrossThreadFulfiller), and the listener, on the store's write thread,
// fulfills it after the head moved. One armed fulfiller serves every waiter of the loop (a
// forked promise); the listener costs the write thread one uncontended lock per group while
// nobody waits, and one fulfill per wake-up of the loop otherwise.
// Lifetime: the watch must outlive the signal; construct and destroy it on the loop thread.
// Thread safety: WhenBeyond on the loop thread only.
#pragma once

#include <kj/async.h>
#include <kj/debug.h>

#include <cstdint>
#include <memory>
#include <mutex>

#include "ledger/store/head_watch.h"

namespace ledger::api {

class HeadSignal {
 public:
  explicit HeadSignal(HeadWatch& watch);
  ~HeadSignal();
  HeadSignal(const HeadSignal&) = delete;
  HeadSignal& operator=(const HeadSignal&) = delete;

  // Resolves on this loop once the durable size is above `seen` (at once if it already is).
  kj::Promise<void> WhenBeyond(std::uint64_t seen);

 private:
  // What the write thread's listener shares with the loop.
  struct Armed {
    std::mutex mutex;
    kj::Own<kj::CrossThreadPromiseFulfiller<void>> fulfiller;  // Guarded by mutex; null: fired.
  };
  void Arm();

  HeadWatch& watch_;
  std::shared_ptr<Armed> armed_ = std::make_shared<Armed>();
  kj::Maybe<kj::ForkedPromise<void>> next_;  // The armed wake-up, shared by every waiter.
  std::uint64_t listener_ = 0;
};

}  // namespace ledger::api
