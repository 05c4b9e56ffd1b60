// The RPC adapter on a real loopback socket, for tests: a ServiceFixture (real ledger, worker
// pool, Dispatcher with in-memory tokens), an RpcListener serving a LedgerBootstrap on
// 127.0.0.1 (a port the kernel picks), and a TwoPartyClient connected to it, all on the test's
// one KJ event loop. Login() returns the whole login response, which keeps the session's
// capabilities alive while it lives.
// Thread safety: the test's thread only.
#pragma once

#include <capnp/rpc-twoparty.h>
#include <kj/async-io.h>

#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "api/rpc/ledger_bootstrap.h"
#include "api/rpc/rpc_listener.h"
#include "tests/support/service_fixture.h"

namespace ledger::testing {

namespace wire = api::wire;
using LoginResponse = capnp::Response<wire::Ledger::LoginResults>;

inline api::Principal AsPrincipal(const ActorRef& actor, std::vector<std::string> scope = {}) {
  return api::Principal{actor.role, actor.organisation, actor.id, std::move(scope), ""};
}

inline api::Principal OfRole(schema::Role role, std::vector<std::string> scope = {}) {
  return api::Principal{role, "org-1", "id-1", std::move(scope), ""};
}

// "code: message" of a results struct with an `error` field; "" when it has none.
template <typename Results>
std::string ErrorOf(const Results& results) {
  if (!results.hasError()) return "";
  auto error = results.getError();
  return api::ErrorCodeName(error.getCode()) + ": " + error.getMessage().cStr();
}

class RpcHarness {
 public:
  RpcHarness() {
    kj::Network& network = io_.provider->getNetwork();
    receiver_ = network.parseAddress("127.0.0.1", 0).wait(ws())->listen();
    listener_ = kj::heap<api::RpcListener>(
        *receiver_, kj::heap<api::LedgerBootstrap>(fixture_.dispatcher(), timer(), head_), timer());
    connection_ =
        network.parseAddress("127.0.0.1", receiver_->getPort()).wait(ws())->connect().wait(ws());
    client_ = kj::heap<capnp::TwoPartyClient>(*connection_);
    ledger_ = client_->bootstrap().castAs<wire::Ledger>();
  }

  ServiceFixture& fixture() { return fixture_; }
  kj::WaitScope& ws() { return io_.waitScope; }
  kj::Timer& timer() { return io_.provider->getTimer(); }
  api::HeadSignal& head() { return head_; }
  wire::Ledger::Client& ledger() { return ledger_; }
  api::RpcListener& listener() { return *listener_; }
  kj::ConnectionReceiver& receiver() { return *receiver_; }
  kj::Network& network() { return io_.provider->getNetwork(); }
  // Closes the client's connection.
  void DropClient() {
    ledger_ = nullptr;
    client_ = nullptr;
    connection_ = nullptr;
  }

  LoginResponse Login(const std::string& token) {
    auto request = ledger_.loginRequest();
    request.setToken(token);
    return request.send().wait(ws());
  }
  // Adds a token for `principal` and logs in with it; REQUIREs a session.
  LoginResponse LoginAs(const std::string& token, api::Principal principal) {
    fixture_.AddToken(token, std::move(principal));
    LoginResponse response = Login(token);
    INFO(ErrorOf(response));
    REQUIRE(response.hasSession());
    return response;
  }

  // Runs the event loop until `done` holds, or fails the test after `limit`.
  void RunUntil(const std::function<bool()>& done,
                std::chrono::milliseconds limit = std::chrono::seconds(20)) {
    auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
      REQUIRE(std::chrono::steady_clock::now() < deadline);
      timer().afterDelay(2 * kj::MILLISECONDS).wait(ws());
    }
  }
  // Runs the event loop for `duration`.
  void RunFor(kj::Duration duration) { timer().afterDelay(duration).wait(ws()); }

 private:
  // Declaration order is destruction order reversed: the client goes first, the event loop last.
  kj::AsyncIoContext io_ = kj::setupAsyncIo();
  ServiceFixture fixture_;
  api::HeadSignal head_{fixture_.ledger().store().head_watch()};
  kj::Own<kj::ConnectionReceiver> receiver_;
  kj::Own<api::RpcListener> listener_;
  kj::Own<kj::AsyncIoStream> connection_;
  kj::Own<capnp::TwoPartyClient> client_;
  wire::Ledger::Client ledger_ = nullptr;
};

}  // namespace ledger::testing
