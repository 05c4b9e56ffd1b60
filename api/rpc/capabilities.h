// The capabilities of an RPC session (ledger.capnp: Commands, Trajectories, Activities,
// Complaints, Log, Proofs, Reports, Admin, Subjects): one server per interface, each holding the
// Dispatcher and the principal the session logged in as. Every method is one call of Serve
// (api/rpc/serve.h), so the RPC adapter has no handler of its own: it decodes nothing, checks
// nothing and encodes nothing that the shared service functions do not.
//
// Which of these a session receives is decided at login (api/rpc/ledger_bootstrap.h) from the
// role table; a role without any operation of an interface gets no reference to it. The
// service functions still check the role and the scope on every call, so a capability whose
// interface has several methods answers `forbidden` for those the role may not use.
// Lifetime: the Dispatcher (and the timer of LogServer) must outlive every server, that is
// every RPC connection (ledgerd's main owns them all and closes the listener first).
// Thread safety: servers run on the event loop thread only.
#pragma once

#include <kj/timer.h>

#include "api/adapters/dispatch.h"
#include "api/adapters/head_signal.h"
#include "api/schema/ledger.capnp.h"

namespace ledger::api {

// What every capability of a session holds: the call path and who logged in.
class SessionMember {
 protected:
  SessionMember(const Dispatcher& dispatcher, Principal principal)
      : dispatcher_(dispatcher), principal_(std::move(principal)) {}
  const Dispatcher& dispatcher_;
  const Principal principal_;
};

class CommandsServer final : public wire::Commands::Server, SessionMember {
 public:
  CommandsServer(const Dispatcher& dispatcher, Principal principal)
      : SessionMember(dispatcher, std::move(principal)) {}
  kj::Promise<void> execute(ExecuteContext context) override;
};

class TrajectoriesServer final : public wire::Trajectories::Server, SessionMember {
 public:
  TrajectoriesServer(const Dispatcher& dispatcher, Principal principal)
      : SessionMember(dispatcher, std::move(principal)) {}
  kj::Promise<void> get(GetContext context) override;
  kj::Promise<void> shortfall(ShortfallContext context) override;
  kj::Promise<void> list(ListContext context) override;
};

class ActivitiesServer final : public wire::Activities::Server, SessionMember {
 public:
  ActivitiesServer(const Dispatcher& dispatcher, Principal principal)
      : SessionMember(dispatcher, std::move(principal)) {}
  kj::Promise<void> get(GetContext context) override;
};

class ComplaintsServer final : public wire::Complaints::Server, SessionMember {
 public:
  ComplaintsServer(const Dispatcher& dispatcher, Principal principal)
      : SessionMember(dispatcher, std::move(principal)) {}
  kj::Promise<void> get(GetContext context) override;
  kj::Promise<void> list(ListContext context) override;
  kj::Promise<void> reads(ReadsContext context) override;
};

// entries() pages through the log; subscribe() starts a subscription (api/rpc/subscription.h)
// that waits on `head` for the log to grow and on `timer` to retry a refused page.
class LogServer final : public wire::Log::Server, SessionMember {
 public:
  LogServer(const Dispatcher& dispatcher, Principal principal, kj::Timer& timer, HeadSignal& head)
      : SessionMember(dispatcher, std::move(principal)), timer_(timer), head_(head) {}
  kj::Promise<void> entries(EntriesContext context) override;
  kj::Promise<void> subscribe(SubscribeContext context) override;

 private:
  kj::Timer& timer_;
  HeadSignal& head_;
};

class ProofsServer final : public wire::Proofs::Server, SessionMember {
 public:
  ProofsServer(const Dispatcher& dispatcher, Principal principal)
      : SessionMember(dispatcher, std::move(principal)) {}
  kj::Promise<void> checkpoint(CheckpointContext context) override;
  kj::Promise<void> inclusion(InclusionContext context) override;
  kj::Promise<void> consistency(ConsistencyContext context) override;
  kj::Promise<void> cosign(CosignContext context) override;
  kj::Promise<void> receipt(ReceiptContext context) override;
};

class ReportsServer final : public wire::Reports::Server, SessionMember {
 public:
  ReportsServer(const Dispatcher& dispatcher, Principal principal)
      : SessionMember(dispatcher, std::move(principal)) {}
  kj::Promise<void> report(ReportContext context) override;
};

class AdminServer final : public wire::Admin::Server, SessionMember {
 public:
  AdminServer(const Dispatcher& dispatcher, Principal principal)
      : SessionMember(dispatcher, std::move(principal)) {}
  kj::Promise<void> createToken(CreateTokenContext context) override;
  kj::Promise<void> listTokens(ListTokensContext context) override;
  kj::Promise<void> revokeToken(RevokeTokenContext context) override;
  kj::Promise<void> status(StatusContext context) override;
  kj::Promise<void> erase(EraseContext context) override;
};

class SubjectsServer final : public wire::Subjects::Server, SessionMember {
 public:
  SubjectsServer(const Dispatcher& dispatcher, Principal principal)
      : SessionMember(dispatcher, std::move(principal)) {}
  kj::Promise<void> access(AccessContext context) override;
};

}  // namespace ledger::api
