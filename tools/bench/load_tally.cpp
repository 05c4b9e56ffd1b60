#include "tools/bench/load_tally.h"

#include <algorithm>
#include <cmath>

namespace ledger::tools {

PhaseWindow PhaseWindow::FromNow(double warmup_s, double duration_s) {
  auto seconds = [](double s) {
    return std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(s));
  };
  PhaseWindow window;
  window.start = SteadyClock::now();
  window.measure_from = window.start + seconds(warmup_s);
  window.end = window.measure_from + seconds(duration_s);
  return window;
}

void Tally::Error(std::string message) {
  if (errors++ == 0) first_error = std::move(message);
}

double Tally::error_fraction() const {
  return sent == 0 ? 0.0 : static_cast<double>(errors) / static_cast<double>(sent);
}

LatencySummary LatencySummary::Of(std::vector<double>& latency_ms) {
  LatencySummary summary;
  if (latency_ms.empty()) return summary;
  std::sort(latency_ms.begin(), latency_ms.end());
  auto at = [&](double quantile) {
    auto rank = static_cast<std::size_t>(std::ceil(quantile * latency_ms.size()));
    return latency_ms[std::min(latency_ms.size() - 1, rank == 0 ? 0 : rank - 1)];
  };
  summary.p50_ms = at(0.50);
  summary.p90_ms = at(0.90);
  summary.p99_ms = at(0.99);
  summary.max_ms = latency_ms.back();
  return summary;
}

}  // namespace ledger::tools
