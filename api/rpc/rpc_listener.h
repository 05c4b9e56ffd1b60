// RpcListener: serves Cap'n Proto two-party RPC on the connections of a kj::ConnectionReceiver,
// each with the same bootstrap capability (usually a LedgerBootstrap, api/rpc/ledger_bootstrap.h).
//
// Each accepted connection gets its own TwoPartyVatNetwork and RpcSystem, built with
// RpcReaderOptions(): an incoming message over limits::kRpcMessageBytesMax (api/rpc/limits.h) is
// refused and its connection closed. Cap'n Proto also refuses to *send* a message over the same
// limit, so no reply or push may exceed it either. At most `connections_max` connections (by
// default limits::kRpcConnectionsMax; ledgerd's is fitted to its open-file limit,
// api/server/file_limit.h) are served at once; a connection over the bound is closed as soon as it
// is accepted. A failed accept (a failed TLS handshake when the receiver is wrapped by kj-tls, no
// file descriptors left) is logged and accepting resumes after limits::kRpcAcceptRetryDelay.
// TLS is not this class's business: ledgerd's main hands it a kj-tls receiver.
//
// Graceful shutdown: StopAccepting(), then wait on Drained() (with a deadline of the caller's
// choosing), then destroy the listener, which closes the connections still open and so drops
// every capability and subscription they hold.
// Lifetime: `receiver`, `timer` and whatever the bootstrap refers to must outlive the listener.
// Thread safety: event loop thread only.
#pragma once

#include <capnp/capability.h>
#include <capnp/message.h>
#include <kj/async-io.h>
#include <kj/async.h>
#include <kj/timer.h>

#include <cstddef>

#include "api/rpc/limits.h"

namespace ledger::api {

// The ReaderOptions of every RPC connection (limits::kRpcMessageBytesMax, kRpcNestingLimit).
capnp::ReaderOptions RpcReaderOptions();

class RpcListener final : private kj::TaskSet::ErrorHandler {
 public:
  // Starts accepting at once.
  RpcListener(kj::ConnectionReceiver& receiver, capnp::Capability::Client bootstrap,
              kj::Timer& timer, std::size_t connections_max = limits::kRpcConnectionsMax);
  ~RpcListener();
  RpcListener(const RpcListener&) = delete;
  RpcListener& operator=(const RpcListener&) = delete;

  // Stops accepting; open connections go on. Idempotent.
  void StopAccepting();
  // Resolves when no connection is open (at once when none is).
  kj::Promise<void> Drained() { return connections_.onEmpty(); }
  // Connections open now.
  std::size_t connections() const { return open_; }

 private:
  struct Connection;

  kj::Promise<void> AcceptLoop();
  void Serve(kj::Own<kj::AsyncIoStream> stream);
  void taskFailed(kj::Exception&& exception) override;

  kj::ConnectionReceiver& receiver_;
  capnp::Capability::Client bootstrap_;
  kj::Timer& timer_;
  std::size_t connections_max_;
  std::size_t open_ = 0;
  std::size_t refused_ = 0;  // Connections closed at the bound, for the log.
  kj::TaskSet connections_;
  kj::Promise<void> accepting_;  // Last: cancelled first.
};

}  // namespace ledger::api
