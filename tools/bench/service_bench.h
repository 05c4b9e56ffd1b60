// bench_service's run: start ledgerd on a fresh temporary data directory, create a counsellor
// token with ledgerctl, open the trajectories through the RPC API, then measure in one run,
// each phase after a short warm-up:
//   1. RPC: hoursLogged appends (one event per command) and Ledger.ping, `in_flight` calls
//      outstanding over `rpc_connections` connections;
//   2. HTTP: the same over `in_flight` keep-alive connections, one request in flight each;
//   3. HTTP: read-your-writes: an append, then a read of its trajectory with atLeastPosition
//      set to the append's nextPosition, `in_flight` pairs outstanding;
//   4. HTTP: GET /v1/trajectories/{id} at a fixed rate (open loop, latency from the scheduled
//      send time);
// and print the rates, the ratios against their no-op baselines, latency percentiles, CPU time
// of ledgerd and of this process per phase, and ledgerd's group-commit and fsync metrics. The
// load generator shares the machine with ledgerd: its CPU time is printed so the reader can
// judge. Docs: docs/benchmarks.md ("Service load").
// Thread safety: call from main only; it owns the process's one KJ event loop.
#pragma once

#include <cstdint>
#include <string>

#include "ledger/base/status.h"

namespace ledger::tools {

struct ServiceBenchOptions {
  double duration_s = 10;             // Measured seconds per phase.
  double warmup_s = 1;                // Unmeasured seconds before each phase's window.
  unsigned in_flight = 64;            // Closed-loop requests outstanding (RPC and HTTP).
  unsigned rpc_connections = 1;       // RPC connections the in-flight calls share.
  double read_rate_per_s = 5000;      // Paced trajectory reads.
  unsigned read_connections = 32;     // Keep-alive connections for the paced reads.
  std::uint64_t trajectories = 2000;  // Appends go round-robin over these.
  std::string ledgerd_path;
  std::string ledgerctl_path;
  bool keep_data = false;  // Keep the temporary directory (data and ledgerd.log).
};

// Runs the benchmark and prints its report on stdout. An error status when the run could not
// be made or is not valid: set-up failed, errors above 0.1% of requests, or ledgerd did not
// exit 0 after SIGTERM.
Status RunServiceBench(const ServiceBenchOptions& options);

}  // namespace ledger::tools
