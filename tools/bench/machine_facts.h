// Facts about the machine a benchmark runs on, printed beside its figures so they can be
// compared only with runs on the same kind of machine (docs/benchmarks.md).
// Thread safety: pure functions reading /proc and statfs.
#pragma once

#include <string>

namespace ledger::tools {

// The value of the first /proc/cpuinfo line starting with `key` ("model name", "flags"), or
// "unknown".
std::string CpuInfoLine(const std::string& key);
// "ext2/3/4", "xfs", ... for the filesystem holding `path`; tmpfs is flagged, since fsync is
// free there and durable-write figures mean little.
std::string FilesystemOf(const std::string& path);

}  // namespace ledger::tools
