#include "api/runtime/process_metrics.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "build_info.h"

namespace ledger::api {
namespace {

constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();

// /proc/self/statm: size resident shared text lib data dt, in pages.
double StatmPages(int field) {
  std::ifstream in("/proc/self/statm");
  double value = 0;
  for (int i = 0; i <= field; ++i) {
    if (!(in >> value)) return kUnknown;
  }
  return value * static_cast<double>(sysconf(_SC_PAGESIZE));
}

// The fields of /proc/self/stat after the command name, numbered as proc(5) numbers them
// (field 3, the state, is the first); empty when unreadable.
std::vector<std::string> StatFields() {
  std::ifstream in("/proc/self/stat");
  std::string line;
  if (!std::getline(in, line)) return {};
  std::size_t close = line.rfind(')');  // The name may hold blanks and parentheses.
  if (close == std::string::npos) return {};
  std::istringstream rest(line.substr(close + 1));
  std::vector<std::string> fields(3);  // Fields 1 and 2 (pid, comm) left empty.
  for (std::string field; rest >> field;) fields.push_back(field);
  return fields;
}

double StatField(std::size_t number) {
  std::vector<std::string> fields = StatFields();
  if (fields.size() <= number) return kUnknown;
  char* end = nullptr;
  double value = std::strtod(fields[number].c_str(), &end);  // Never throws (Registry's rule).
  return end != nullptr && *end == '\0' ? value : kUnknown;
}

double BootTimeSeconds() {
  std::ifstream in("/proc/stat");
  for (std::string key; in >> key;) {
    if (key == "btime") {
      double seconds = 0;
      return in >> seconds ? seconds : kUnknown;
    }
    in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  return kUnknown;
}

double CpuSeconds() {
  rusage usage{};
  if (getrusage(RUSAGE_SELF, &usage) != 0) return kUnknown;
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

double OpenFds() {
  std::error_code error;
  std::filesystem::directory_iterator it("/proc/self/fd", error);
  if (error) return kUnknown;
  double count = 0;
  for (const auto& entry : it) {
    (void)entry;
    ++count;
  }
  return count - 1;  // Less the descriptor the iteration itself holds open.
}

double MaxFds() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return kUnknown;
  return limit.rlim_cur == RLIM_INFINITY ? kUnknown : static_cast<double>(limit.rlim_cur);
}

}  // namespace

void WatchProcess(Registry& registry) {
  // Read once: the start time does not change.
  double start = StatField(22) / static_cast<double>(sysconf(_SC_CLK_TCK)) + BootTimeSeconds();
  registry
      .AddCallbackCounter("process_cpu_seconds_total",
                          "Total user and system CPU time spent in seconds.", CpuSeconds)
      .value();
  registry
      .AddCallbackGauge("process_resident_memory_bytes", "Resident memory size in bytes.",
                        [] { return StatmPages(1); })
      .value();
  registry
      .AddCallbackGauge("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                        [] { return StatmPages(0); })
      .value();
  registry.AddCallbackGauge("process_open_fds", "Number of open file descriptors.", OpenFds)
      .value();
  registry.AddCallbackGauge("process_max_fds", "Maximum number of open file descriptors.", MaxFds)
      .value();
  registry
      .AddCallbackGauge("process_threads", "Number of OS threads in the process.",
                        [] { return StatField(20); })
      .value();
  registry
      .AddCallbackGauge("process_start_time_seconds",
                        "Start time of the process since unix epoch in seconds.",
                        [start] { return start; })
      .value();
}

void AddBuildInfo(Registry& registry) {
  Gauge* info =
      registry
          .AddGauge("ledger_build_info", "What this ledgerd is: always 1, its labels say it.",
                    {"version", "commit", "compiler"})
          .value();
  info->Labels(kBuildVersion, kBuildCommit, kBuildCompiler).Set(1);
}

}  // namespace ledger::api
