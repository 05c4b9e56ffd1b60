// LedgerBootstrap: the bootstrap capability of the RPC listener (ledger.capnp `Ledger`).
//
// login(token) authenticates the token (Dispatcher::authenticate, on the worker pool, since
// the token store may reload its file) and answers a Session holding the principal and only
// the capabilities of its role: a capability is set when RoleMay allows the role at least one
// operation of its interface (RoleHolds below) and left null otherwise, so a
// complaint handler holds no reference to a director's operations (object capabilities). An
// unknown, expired or revoked token answers `unauthenticated` and no session.
// ping() answers at once, without the pool: the no-op call of the load benchmark.
// Lifetime: the Dispatcher and the timer must outlive every connection that serves this.
// Thread safety: event loop thread only.
#pragma once

#include <kj/timer.h>

#include <cstdint>
#include <span>

#include "api/access/access_rules.h"
#include "api/adapters/dispatch.h"
#include "api/adapters/head_signal.h"
#include "api/schema/ledger.capnp.h"

namespace ledger::api {

// The capabilities of a session, by their field in wire::Session.
enum class SessionCapability : std::uint8_t {
  kCommands,
  kTrajectories,
  kActivities,
  kComplaints,
  kLog,
  kProofs,
  kReports,
  kAdmin,
  kSubjects,
};

// The operations whose presence in the role table grants each capability.
std::span<const Operation> OperationsOf(SessionCapability capability);
// True when `role` may call at least one of OperationsOf(capability).
bool RoleHolds(schema::Role role, SessionCapability capability);

class LedgerBootstrap final : public wire::Ledger::Server {
 public:
  LedgerBootstrap(const Dispatcher& dispatcher, kj::Timer& timer, HeadSignal& head)
      : dispatcher_(dispatcher), timer_(timer), head_(head) {}

  kj::Promise<void> login(LoginContext context) override;
  kj::Promise<void> ping(PingContext context) override;

 private:
  void FillSession(const Principal& principal, wire::Session::Builder session);

  const Dispatcher& dispatcher_;
  kj::Timer& timer_;
  HeadSignal& head_;
};

}  // namespace ledger::api
