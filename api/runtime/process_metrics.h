// The process and build metrics of /metrics, under the names Prometheus' own clients use, so
// standard dashboards and alerts work unchanged:
//   process_cpu_seconds_total        user + system CPU time (getrusage)
//   process_resident_memory_bytes    resident set size (/proc/self/statm)
//   process_virtual_memory_bytes     virtual memory size (/proc/self/statm)
//   process_open_fds, process_max_fds  open descriptors (/proc/self/fd), the soft RLIMIT_NOFILE
//   process_threads                  threads of the process (/proc/self/stat)
//   process_start_time_seconds       start time, seconds since the epoch (/proc/self/stat, btime)
//   ledger_build_info{version,commit,compiler} 1   what this binary is (build_info.h)
// Values are read at scrape time; a /proc file that cannot be read gives NaN for its metric.
// Thread safety: register at start-up on one thread (Registry's rule).
#pragma once

#include "api/runtime/metrics.h"

namespace ledger::api {

void WatchProcess(Registry& registry);
void AddBuildInfo(Registry& registry);

}  // namespace ledger::api
