// bench_service's HTTP/JSON client: keep-alive connections to ledgerd's HTTP listener, each
// carrying one request at a time with the bearer token, and the loads sent over them on the
// caller's KJ event loop: closed-loop appends and pings, paced (open-loop) trajectory reads,
// and single fetches (/readyz, /metrics), each on a connection of its own. The server closes
// keep-alive connections left idle for a few seconds, so each phase opens its connections
// when it starts (Open).
// Thread safety: none; one event loop (the paced reads add a pacing thread of their own that
// only wakes the loop).
#pragma once

#include <kj/async-io.h>
#include <kj/compat/http.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ledger/base/status.h"
#include "tools/bench/load_tally.h"

namespace ledger::tools {

struct HttpReplyText {
  unsigned status = 0;
  std::string body;
};

class HttpLoad {
 public:
  // A client of `address` ("127.0.0.1:PORT") sending `token`; no connection yet.
  HttpLoad(kj::AsyncIoContext& io, const std::string& address, const std::string& token);

  // Replaces the load connections with `connections` new ones.
  Status Open(unsigned connections);

  // One request on a new connection. A failed connection is an error status.
  kj::Promise<HttpReplyText> FetchAsync(kj::HttpMethod method, const std::string& path);
  Result<HttpReplyText> Fetch(kj::HttpMethod method, const std::string& path);
  // GET `path` after `delay_s`, into `text` (left empty on failure): a sample during a phase.
  kj::Promise<void> FetchLater(double delay_s, const std::string& path, std::string& text);

  // Closed loops, one request in flight per load connection: POST .../commands with one
  // hoursLogged event (sequence numbers from `next_k`, advanced), and POST /v1/ping.
  void Appends(const PhaseWindow& window, std::uint64_t trajectories, std::uint64_t& next_k,
               Tally& tally, kj::Promise<void> beside);
  void Pings(const PhaseWindow& window, Tally& tally, kj::Promise<void> beside);
  // Closed loop of read-your-writes: each slot appends as Appends does, then reads the
  // trajectory back with atLeastPosition = the reply's nextPosition. Latency, per pair whose
  // read ends in the window: from the append's reply to the read's reply (the wait for the
  // read models to hold the write, plus the read).
  void WritesThenReads(const PhaseWindow& window, std::uint64_t trajectories, std::uint64_t& next_k,
                       Tally& tally, kj::Promise<void> beside);

  // Open loop: GET /v1/trajectories/lt-<k mod trajectories> scheduled every 1/rate seconds
  // from window.start to window.end, whatever the replies do. A request whose time has come
  // waits for an idle connection if none is free. Latency runs from the scheduled time to the
  // end of the reply body, for requests scheduled inside the measured window.
  void PacedReads(const PhaseWindow& window, double rate_per_s, std::uint64_t trajectories,
                  Tally& tally, kj::Promise<void> beside);

  unsigned connections() const { return static_cast<unsigned>(connections_.size()); }

 private:
  struct Connection {
    kj::Own<kj::AsyncIoStream> stream;
    kj::Own<kj::HttpClient> client;
  };
  // Sends one request on `connection`; nullopt for a 2xx reply, else the error's text.
  kj::Promise<std::optional<std::string>> Send(Connection& connection, kj::HttpMethod method,
                                               std::string path, std::string body);
  kj::Promise<HttpReplyText> Exchange(Connection& connection, kj::HttpMethod method,
                                      std::string path, std::string body);

  kj::AsyncIoContext& io_;
  kj::HttpHeaderTable table_;
  std::string address_;
  std::string authorization_;
  kj::HttpHeaders headers_;
  std::vector<Connection> connections_;
};

}  // namespace ledger::tools
