// The ledgerd child of bench_service: started on a data directory, its endpoints read from its
// stdout, its CPU time read from /proc while it runs, stopped with SIGTERM; and RunCaptured,
// which runs a short program (ledgerctl) and returns what it printed.
// Thread safety: none; one owner on the benchmark's main thread.
// Docs: docs/benchmarks.md ("Service load").
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "ledger/base/status.h"

namespace ledger::tools {

// Runs `argv` (argv[0] is a path), waits for it, and returns its stdout. A non-zero exit or a
// signal is an error naming the program and its status.
Result<std::string> RunCaptured(const std::vector<std::string>& argv);

class LedgerdProcess {
 public:
  LedgerdProcess() = default;
  ~LedgerdProcess();  // Kills (SIGKILL) a child still running: Stop() is the clean way.
  LedgerdProcess(const LedgerdProcess&) = delete;
  LedgerdProcess& operator=(const LedgerdProcess&) = delete;

  // Starts `ledgerd --data data_dir --http 127.0.0.1:0 --rpc 127.0.0.1:0` with its stderr
  // appended to `log_path`, and waits (up to `timeout_s`) for its "ledgerd listening:" line.
  Status Start(const std::string& ledgerd_path, const std::string& data_dir,
               const std::string& log_path, double timeout_s);

  // "127.0.0.1:PORT" of each listener, and the administrator token printed on first start.
  const std::string& http_address() const { return http_address_; }
  const std::string& rpc_address() const { return rpc_address_; }
  const std::string& admin_token() const { return admin_token_; }
  pid_t pid() const { return pid_; }

  // User + system CPU seconds the child used so far (/proc/PID/stat), 0 when unknown.
  double CpuSeconds() const;

  // Sends SIGTERM and waits up to `timeout_s` (then SIGKILL). Returns a description of how it
  // ended ("exit 0", "exit 1", "signal 9 (killed after timeout)") in `ended`, and whether it
  // exited with status 0.
  bool Stop(double timeout_s, std::string& ended);

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  std::string http_address_;
  std::string rpc_address_;
  std::string admin_token_;
};

}  // namespace ledger::tools
