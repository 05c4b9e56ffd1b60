#include "tools/bench/metric_sample.h"

#include <cstdlib>
#include <sstream>

namespace ledger::tools {

MetricSample MetricSample::Parse(const std::string& text) {
  MetricSample sample;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || line[0] == '#') continue;
    // "name{labels} value" or "name value"; label values may hold spaces, so the value is
    // what follows the last space.
    std::size_t name_end = line.find_first_of("{ ");
    std::size_t value_start = line.rfind(' ');
    if (name_end == std::string::npos || value_start == std::string::npos) continue;
    char* parsed_end = nullptr;
    double value = std::strtod(line.c_str() + value_start + 1, &parsed_end);
    if (parsed_end == line.c_str() + value_start + 1) continue;
    sample.values_[line.substr(0, name_end)] += value;
  }
  return sample;
}

double MetricSample::Get(const std::string& name) const {
  auto found = values_.find(name);
  return found == values_.end() ? 0.0 : found->second;
}

GroupFigures GroupFigures::Between(const MetricSample& before, const MetricSample& after) {
  auto delta = [&](const std::string& name) { return after.Get(name) - before.Get(name); };
  GroupFigures figures;
  figures.groups = delta("ledger_group_commit_events_count");
  if (figures.groups > 0) {
    figures.events_per_group = delta("ledger_group_commit_events_sum") / figures.groups;
  }
  double fsyncs = delta("ledger_fsync_seconds_count");
  if (fsyncs > 0) figures.fsync_ms_mean = 1000 * delta("ledger_fsync_seconds_sum") / fsyncs;
  return figures;
}

}  // namespace ledger::tools
