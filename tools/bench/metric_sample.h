// A scrape of ledgerd's /metrics (Prometheus text format 0.0.4) as bench_service reads it:
// each series name with its values summed over all label sets, and the figures derived from
// two scrapes (group commit size and fsync time over a phase). Metric names are those of
// api/server/server_metrics.h.
// Thread safety: values; no shared state.
#pragma once

#include <map>
#include <string>

namespace ledger::tools {

class MetricSample {
 public:
  static MetricSample Parse(const std::string& text);

  // The sum over label sets of series `name` ("ledger_fsync_seconds_sum"); 0 when absent.
  double Get(const std::string& name) const;
  bool empty() const { return values_.empty(); }

 private:
  std::map<std::string, double> values_;
};

// Between two scrapes (`after` later): events per group commit, mean fsync milliseconds, and
// group commits.
struct GroupFigures {
  double groups = 0;
  double events_per_group = 0;
  double fsync_ms_mean = 0;

  static GroupFigures Between(const MetricSample& before, const MetricSample& after);
};

}  // namespace ledger::tools
