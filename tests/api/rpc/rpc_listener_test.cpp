// The RPC listener: its message bound closes a connection that sends more, and a graceful stop
// refuses new connections, keeps the open ones, and drains when they close.
// Method: RpcHarness (tests/support/rpc_harness.h) on a loopback socket.
#include <capnp/rpc-twoparty.h>

#include <catch2/catch.hpp>

#include <string>

#include "api/rpc/limits.h"
#include "tests/support/rpc_harness.h"

namespace ledger::testing {
namespace {

// True when `promise` settles within `limit`, running the loop meanwhile.
bool SettlesWithin(RpcHarness& rpc, kj::Promise<void> promise, kj::Duration limit) {
  return promise.then([] { return true; }, [](kj::Exception&&) { return true; })
      .exclusiveJoin(rpc.timer().afterDelay(limit).then([] { return false; }))
      .wait(rpc.ws());
}

TEST_CASE("a message over the RPC message bound closes its connection", "[api]") {
  RpcHarness rpc;
  rpc.fixture().AddToken("c", AsPrincipal(Counsellor(), {"44021"}));
  CHECK_NOTHROW(rpc.ledger().pingRequest().send().wait(rpc.ws()));
  auto request = rpc.ledger().loginRequest();
  // The client's own limit is capnp's default (64 MiB), so it sends what the server refuses.
  request.setToken(std::string(api::limits::kRpcMessageBytesMax + 1024, 'x'));
  auto refused = request.send();
  CHECK_THROWS(refused.wait(rpc.ws()));
  CHECK_THROWS(rpc.ledger().pingRequest().send().wait(rpc.ws()));
  rpc.RunUntil([&] { return rpc.listener().connections() == 0; });

  SECTION("a message just under the bound is served") {
    kj::Own<kj::AsyncIoStream> stream = rpc.network()
                                            .parseAddress("127.0.0.1", rpc.receiver().getPort())
                                            .wait(rpc.ws())
                                            ->connect()
                                            .wait(rpc.ws());
    capnp::TwoPartyClient client(*stream);
    auto login = client.bootstrap().castAs<wire::Ledger>().loginRequest();
    login.setToken(std::string(api::limits::kRpcMessageBytesMax - 4096, 'x'));
    auto answer = login.send().wait(rpc.ws());
    REQUIRE(answer.hasError());
    CHECK(answer.getError().getCode() == wire::ErrorCode::UNAUTHENTICATED);
  }
}

TEST_CASE("a stopped listener serves its open connections, takes no new one, then drains",
          "[api]") {
  RpcHarness rpc;
  // A ping first: the harness's connection is accepted only once the loop runs.
  CHECK_NOTHROW(rpc.ledger().pingRequest().send().wait(rpc.ws()));
  rpc.listener().StopAccepting();
  CHECK_NOTHROW(rpc.ledger().pingRequest().send().wait(rpc.ws()));
  CHECK(rpc.listener().connections() == 1);

  kj::Own<kj::AsyncIoStream> stream =
      rpc.network()
          .parseAddress("127.0.0.1", rpc.receiver().getPort())
          .wait(rpc.ws())
          ->connect()
          .wait(rpc.ws());  // The kernel's backlog still completes the handshake.
  capnp::TwoPartyClient late(*stream);
  auto ping = late.bootstrap().castAs<wire::Ledger>().pingRequest().send().ignoreResult();
  CHECK_FALSE(SettlesWithin(rpc, std::move(ping), 300 * kj::MILLISECONDS));
  CHECK(rpc.listener().connections() == 1);

  CHECK_FALSE(SettlesWithin(rpc, rpc.listener().Drained(), 100 * kj::MILLISECONDS));
  rpc.DropClient();
  CHECK(SettlesWithin(rpc, rpc.listener().Drained(), 5 * kj::SECONDS));
  CHECK(rpc.listener().connections() == 0);
}

}  // namespace
}  // namespace ledger::testing
