// bench_service's Cap'n Proto RPC client: connections to ledgerd's RPC listener, a session
// from login(token), and the loads it sends over them (setup commands, hoursLogged appends,
// pings), all on the caller's KJ event loop.
// Thread safety: none; one event loop.
#pragma once

#include <capnp/rpc-twoparty.h>
#include <kj/async-io.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "api/schema/ledger.capnp.h"
#include "ledger/base/status.h"
#include "tools/bench/load_tally.h"

namespace ledger::tools {

// The name and message of an API error: "unavailable: the worker queue is full".
std::string ApiErrorText(api::wire::ApiError::Reader error);

class RpcLoad {
 public:
  // Opens `connections` connections to `address` ("127.0.0.1:PORT") and logs in on each.
  static Result<std::unique_ptr<RpcLoad>> Connect(kj::AsyncIoContext& io,
                                                  const std::string& address,
                                                  const std::string& token, unsigned connections);

  // Opens trajectories 0..count-1 with their activity, `in_flight` commands at a time.
  void Setup(std::uint64_t count, unsigned in_flight, Tally& tally, kj::WaitScope& wait_scope);

  // hoursLogged appends, one event per command, spread over the connections; `next_k` is the
  // sequence number of the next command (load_requests.h) and is advanced.
  void Appends(const PhaseWindow& window, unsigned in_flight, std::uint64_t trajectories,
               std::uint64_t& next_k, Tally& tally, kj::Promise<void> beside,
               kj::WaitScope& wait_scope);

  // Ledger.ping() calls, spread over the connections. `beside` runs alongside both loads.
  void Pings(const PhaseWindow& window, unsigned in_flight, Tally& tally, kj::Promise<void> beside,
             kj::WaitScope& wait_scope);

 private:
  struct Connection {
    kj::Own<kj::AsyncIoStream> stream;
    kj::Own<capnp::TwoPartyClient> client;
    api::wire::Ledger::Client ledger = nullptr;
    api::wire::Commands::Client commands = nullptr;
  };
  std::vector<Connection> connections_;
};

}  // namespace ledger::tools
