#include "tools/bench/machine_facts.h"

#include <sys/statfs.h>

#include <fstream>

namespace ledger::tools {

std::string CpuInfoLine(const std::string& key) {
  std::ifstream cpuinfo("/proc/cpuinfo");
  for (std::string line; std::getline(cpuinfo, line);) {
    if (line.rfind(key, 0) == 0) return line.substr(line.find(':') + 2);
  }
  return "unknown";
}

std::string FilesystemOf(const std::string& path) {
  struct statfs info {};
  if (statfs(path.c_str(), &info) != 0) return "unknown (statfs failed)";
  switch (static_cast<unsigned long>(info.f_type)) {
    case 0xEF53: return "ext2/3/4";
    case 0x58465342: return "xfs";
    case 0x9123683E: return "btrfs";
    case 0x01021994: return "tmpfs (fsync is free: numbers mean little)";
    case 0x794C7630: return "overlayfs";
    default: return "f_type " + std::to_string(info.f_type);
  }
}

}  // namespace ledger::tools
