// bench_service: the service load test. Starts ledgerd on a fresh temporary data directory,
// creates a counsellor token with ledgerctl, opens --trajectories trajectories through the RPC
// API, and measures in one run: RPC and HTTP durable single-event appends against a no-op
// (ping) over the same transport with --in-flight requests outstanding, and paced trajectory
// reads over HTTP at --rate with latency from each request's scheduled send time. See
// tools/bench/service_bench.h for what is measured and docs/benchmarks.md ("Service load") for the
// figures. Exit codes: 0 for a valid run, 1 when it failed (set-up, errors over 0.1%, ledgerd
// not exiting 0), 2 for bad flags.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>

#include "tools/bench/service_bench.h"

int main(int argc, char** argv) {
  ledger::tools::ServiceBenchOptions options;
  std::filesystem::path here = std::filesystem::absolute(argv[0]).parent_path();
  options.ledgerd_path = (here / "ledgerd").string();
  options.ledgerctl_path = (here / "ledgerctl").string();
  CLI::App app{"bench_service: load test of ledgerd over RPC and HTTP"};
  app.add_option("--duration-s", options.duration_s, "Measured seconds per phase")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 3600.0));
  app.add_option("--warmup-s", options.warmup_s, "Unmeasured seconds before each phase")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 600.0));
  app.add_option("--in-flight", options.in_flight, "Requests outstanding (RPC and HTTP)")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  app.add_option("--rpc-connections", options.rpc_connections, "RPC connections")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  app.add_option("--rate", options.read_rate_per_s, "Paced HTTP trajectory reads per second")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 1e6));
  app.add_option("--read-connections", options.read_connections,
                 "Keep-alive connections for the paced reads")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  app.add_option("--trajectories", options.trajectories, "Trajectories the appends spread over")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000000));
  app.add_option("--ledgerd", options.ledgerd_path, "ledgerd binary")->capture_default_str();
  app.add_option("--ledgerctl", options.ledgerctl_path, "ledgerctl binary")->capture_default_str();
  app.add_flag("--keep-data", options.keep_data, "Keep the temporary data directory and log");
  CLI11_PARSE(app, argc, argv);

  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // Progress shows as it happens, even in a pipe.
  ledger::Status status = ledger::tools::RunServiceBench(options);
  if (!status.ok()) {
    std::fprintf(stderr, "bench_service: %s\n", status.ToString().c_str());
    return 1;
  }
  return 0;
}
