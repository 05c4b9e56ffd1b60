#include "api/server/file_limit.h"

#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace ledger::api {

ConnectionBudget PlanConnections(std::size_t http_most, std::size_t rpc_most) {
  rlimit files{};
  if (::getrlimit(RLIMIT_NOFILE, &files) != 0) {
    spdlog::warn("cannot read the open-file limit ({}); assuming 1024", std::strerror(errno));
    files.rlim_cur = files.rlim_max = 1024;
  }
  if (files.rlim_cur < files.rlim_max) {
    rlimit raised = files;
    raised.rlim_cur = files.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) == 0) {
      files = raised;
    } else {
      spdlog::warn("cannot raise the open-file limit from {} to {}: {}", files.rlim_cur,
                   files.rlim_max, std::strerror(errno));
    }
  }
  ConnectionBudget budget;
  budget.file_limit = files.rlim_cur == RLIM_INFINITY ? std::size_t{1} << 20
                                                      : static_cast<std::size_t>(files.rlim_cur);
  std::size_t for_connections =
      budget.file_limit > kFilesReserved ? budget.file_limit - kFilesReserved : 0;
  std::size_t each = std::max(kConnectionsLeast, for_connections / 2);
  budget.http_max = std::min(http_most, each);
  budget.rpc_max = std::min(rpc_most, each);
  if (budget.http_max < http_most || budget.rpc_max < rpc_most) {
    spdlog::warn(
        "the open-file limit is {}: serving at most {} HTTP and {} RPC connections at "
        "once (not {} and {}); raise it (systemd: LimitNOFILE=) for more",
        budget.file_limit, budget.http_max, budget.rpc_max, http_most, rpc_most);
  }
  return budget;
}

}  // namespace ledger::api
