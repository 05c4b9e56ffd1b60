// The open-file budget of ledgerd's listeners. Every connection is a file descriptor, and a
// process out of descriptors is worse than one refusing connections: kj's accept then waits for
// a readiness the listening socket never signals again, and the listener goes deaf for good
// (seen with 300 idle connections under a limit of 256). So ledgerd raises its soft limit to the
// hard one at start, keeps kFilesReserved descriptors for RocksDB, logs and the rest, and bounds
// each listener's connections by half of what remains (at most its own maximum): a listener at
// its bound closes new connections at once and keeps accepting.
// Thread safety: call once, at start, before any listener exists.
#pragma once

#include <cstddef>

namespace ledger::api {

// Descriptors kept for everything but connections: RocksDB's table files and logs of both
// databases, the token file, TLS, the backup engine.
inline constexpr std::size_t kFilesReserved = 512;
// The least connections a listener is given, whatever the limit.
inline constexpr std::size_t kConnectionsLeast = 16;

struct ConnectionBudget {
  std::size_t file_limit = 0;  // The soft RLIMIT_NOFILE after raising it.
  std::size_t http_max = 0;    // Connections each listener may hold at once.
  std::size_t rpc_max = 0;
};

// Raises the soft limit on open files to the hard limit and splits it (see the file comment);
// logs a warning naming the limit when a listener gets less than its maximum.
ConnectionBudget PlanConnections(std::size_t http_most, std::size_t rpc_most);

}  // namespace ledger::api
