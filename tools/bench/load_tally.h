// What one phase of bench_service counted: replies inside the measured window, errors (any
// non-success reply, or a failed call) with the first error's text, and, for paced phases,
// each request's latency. Also the measured window itself, shared by the closed-loop and the
// paced clients (load_clients.h).
// Thread safety: none; each tally belongs to one event loop.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace ledger::tools {

using SteadyClock = std::chrono::steady_clock;

// A phase: requests are sent from `start` on; replies count once `measure_from` has passed
// (the warm-up before it is not counted) and until `end`, when no new request is sent.
struct PhaseWindow {
  SteadyClock::time_point start;
  SteadyClock::time_point measure_from;
  SteadyClock::time_point end;

  static PhaseWindow FromNow(double warmup_s, double duration_s);
  bool Counts(SteadyClock::time_point at) const { return at >= measure_from && at <= end; }
  double measured_s() const { return std::chrono::duration<double>(end - measure_from).count(); }
};

struct Tally {
  std::uint64_t ok = 0;      // Successful replies in the measured window.
  std::uint64_t errors = 0;  // Failed calls in the whole phase (warm-up included).
  std::uint64_t sent = 0;    // Requests sent in the whole phase.
  std::string first_error;
  std::vector<double> latency_ms;  // Paced phases: per request in the window.
  std::uint64_t queued_max = 0;    // Paced phases: most requests waiting for a connection.

  void Error(std::string message);
  double error_fraction() const;
};

// Percentiles of a latency sample (sorted in place). Zero for an empty sample.
struct LatencySummary {
  double p50_ms = 0, p90_ms = 0, p99_ms = 0, max_ms = 0;
  static LatencySummary Of(std::vector<double>& latency_ms);
};

}  // namespace ledger::tools
