// Log.subscribe over RPC: the server pushes the log to a subscriber's EntrySink, from a
// position, in position order, and keeps following the head.
//
// The loop, on the event loop thread: read a page of at most kSubscriptionPageEntries entries
// (api/rpc/limits.h) through Dispatch (methods::kLog: the role check and the read run on the
// pool, as for every call), push it with EntrySink.push, and wait for that send to resolve
// before reading the next page. push is declared `-> stream`, so Cap'n Proto resolves the send
// only while the bytes of the pushes the sink has not acknowledged fit the stream's window
// (for a two-party connection: the socket's SO_SNDBUF, which Linux grows up to tcp_wmem's
// maximum, 4 MiB by default). So a slow sink slows the loop, and a subscription holds at most
// one window and one page of unacknowledged entries. When a page comes back empty the loop
// calls EntrySink.caughtUp(treeSize) once, then waits until the durable head moves past its
// position (adapters/head_signal.h: woken by the store, no polling) and reads again. Metrics
// and the log count the subscription once, as subscribe; its pages are not log calls.
//
// The loop ends when the subscriber drops its Subscription capability (the server object owns
// the loop; destroying it cancels the loop), when its connection closes (the RPC system drops
// the object), when a push or caughtUp fails (the sink is gone), when the worker pool shuts
// down, and on an error that retrying would not cure (corrupt data, a refusal), which it first
// reports with EntrySink.failed. Unavailable answers (starting, an overloaded pool) are retried
// after kSubscriptionRetryDelay.
// Lifetime: the Dispatcher, the timer and the head signal must outlive the Subscription servers.
// Thread safety: event loop thread only.
#pragma once

#include <kj/async.h>
#include <kj/timer.h>

#include <cstdint>
#include <string>

#include "api/adapters/dispatch.h"
#include "api/adapters/head_signal.h"
#include "api/rpc/limits.h"
#include "api/schema/ledger.capnp.h"

namespace ledger::api {

// Log.subscribe's call context (the generated typedef is protected).
using SubscribeContext =
    capnp::CallContext<wire::Log::SubscribeParams, wire::Log::SubscribeResults>;

// Log.subscribe: for a role that may read the log, answers a Subscription at once and starts
// its loop from params.from; otherwise answers `forbidden` and starts nothing.
kj::Promise<void> Subscribe(const Dispatcher& dispatcher, const Principal& principal,
                            kj::Timer& timer, HeadSignal& head, SubscribeContext context);

// The Subscription that Subscribe answers; it owns the loop described above.
class SubscriptionServer final : public wire::Subscription::Server {
 public:
  SubscriptionServer(const Dispatcher& dispatcher, Principal principal, kj::Timer& timer,
                     HeadSignal& head, wire::EntrySink::Client sink, std::uint64_t from);
  // The next position the loop will push: every entry below it has been sent.
  kj::Promise<void> position(PositionContext context) override;

 private:
  kj::Promise<void> ReadPage();
  kj::Promise<void> Deliver(Answer<wire::LogReply> answer, const std::string& request_id);
  kj::Promise<void> WaitForHead();
  kj::Promise<void> Fail(const ApiError& error, const std::string& request_id);

  const Dispatcher pages_;  // Uncounted: the subscription counted once, as subscribe.
  const Principal principal_;
  kj::Timer& timer_;
  HeadSignal& head_;
  wire::EntrySink::Client sink_;
  std::uint64_t next_;
  bool caught_up_reported_ = false;
  kj::Promise<void> loop_;  // Last: destroyed first, so the loop never sees a dead member.
};

}  // namespace ledger::api
