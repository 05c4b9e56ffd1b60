// A real ledgerd child process for end-to-end tests: started on a fresh data directory with
// both listeners on free loopback ports (port 0), its stdout and stderr in files. Start waits
// for the "listening" line and reads the first administrator token; WaitReady polls /readyz.
// Stop sends SIGTERM and returns the exit code (a clean shutdown exits 0).
// Also a blocking HTTP/1.1 client over a plain socket, enough for tests: one request per
// connection, Content-Length or chunked replies.
// Thread safety: use from the test's thread.
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "tests/support/temp_dir.h"

namespace ledger::testing {

struct HttpReply {
  int status = 0;
  std::map<std::string, std::string> headers;  // Lower-case names.
  std::string body;
};

// A TCP connection to 127.0.0.1:`port` (the caller closes it); -1 when refused.
int ConnectLoopback(int port);

// Sends one request to 127.0.0.1:`port` and reads the whole reply (fails the test on socket
// errors). `headers` are extra header lines without CRLF ("Authorization: Bearer x").
HttpReply HttpCall(int port, const std::string& verb, const std::string& target,
                   const std::string& body = "", const std::vector<std::string>& headers = {});
// The same, but no whole reply (nothing listens, or the connection ended before the reply did)
// is nullopt rather than a failed test: for clients of a server that is killed under them.
// Safe on any thread (it touches no Catch2 state).
std::optional<HttpReply> TryHttpCall(int port, const std::string& verb, const std::string& target,
                                     const std::string& body = "",
                                     const std::vector<std::string>& headers = {});
// The same with a bearer token.
HttpReply HttpAs(int port, const std::string& token, const std::string& verb,
                 const std::string& target, const std::string& body = "");

class LedgerdProcess {
 public:
  // `data_dir` empty: a directory inside the process's own TempDir. `open_file_limit` > 0:
  // the child's soft and hard RLIMIT_NOFILE (set between fork and exec).
  explicit LedgerdProcess(std::vector<std::string> extra_args = {}, std::string data_dir = "",
                          unsigned open_file_limit = 0);
  ~LedgerdProcess();  // Kills the process if still running.

  int http_port() const { return http_port_; }
  int rpc_port() const { return rpc_port_; }
  const std::string& admin_token() const { return admin_token_; }
  const std::string& data_dir() const { return data_dir_; }
  // Polls /readyz until 200 (fails the test after `timeout_s`).
  void WaitReady(int timeout_s = 60);
  // SIGTERM, then waits; the exit code (128 + signal when killed).
  int Stop();
  // SIGKILL (a crash), then waits.
  void Kill();
  std::string Stdout() const;
  std::string Stderr() const;

 private:
  TempDir dir_;
  std::string data_dir_;
  pid_t pid_ = -1;
  int http_port_ = 0;
  int rpc_port_ = 0;
  std::string admin_token_;
};

}  // namespace ledger::testing
