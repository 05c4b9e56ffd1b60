#include "tools/bench/service_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

namespace ledger::tools {
namespace {

using SteadyClock = std::chrono::steady_clock;

std::string Describe(int wait_status) {
  if (WIFEXITED(wait_status)) return "exit " + std::to_string(WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) return "signal " + std::to_string(WTERMSIG(wait_status));
  return "status " + std::to_string(wait_status);
}

// Forks and execs `argv` with stdout into a new pipe (returned in `read_fd`) and stderr into
// `stderr_path` (appended; empty: inherited).
Result<pid_t> Spawn(const std::vector<std::string>& argv, const std::string& stderr_path,
                    int& read_fd) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) return Status::IoError(std::string("pipe: ") + strerror(errno));
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) return Status::IoError(std::string("fork: ") + strerror(errno));
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    if (!stderr_path.empty()) {
      int log = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
      if (log >= 0) dup2(log, STDERR_FILENO);
    }
    execv(args[0], args.data());
    std::fprintf(stderr, "exec %s: %s\n", args[0], strerror(errno));
    _exit(127);
  }
  close(fds[1]);
  read_fd = fds[0];
  return pid;
}

// Reads one line from `fd` into `line` (without the newline), waiting until `deadline`.
// `buffer` keeps what was read past the line. False on EOF, error or timeout.
bool ReadLine(int fd, std::string& buffer, std::string& line, SteadyClock::time_point deadline) {
  for (;;) {
    std::size_t newline = buffer.find('\n');
    if (newline != std::string::npos) {
      line = buffer.substr(0, newline);
      buffer.erase(0, newline + 1);
      return true;
    }
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - SteadyClock::now());
    if (left.count() <= 0) return false;
    pollfd poll_fd{fd, POLLIN, 0};
    if (poll(&poll_fd, 1, static_cast<int>(left.count())) <= 0) return false;
    char chunk[4096];
    ssize_t got = read(fd, chunk, sizeof chunk);
    if (got <= 0) return false;
    buffer.append(chunk, static_cast<std::size_t>(got));
  }
}

}  // namespace

Result<std::string> RunCaptured(const std::vector<std::string>& argv) {
  int fd = -1;
  Result<pid_t> pid = Spawn(argv, "", fd);
  if (!pid.ok()) return pid.status();
  std::string out;
  char chunk[4096];
  for (ssize_t got; (got = read(fd, chunk, sizeof chunk)) != 0;) {
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) break;
    out.append(chunk, static_cast<std::size_t>(got));
  }
  close(fd);
  int status = 0;
  while (waitpid(*pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Status::IoError(argv[0] + " ended with " + Describe(status) + "; it printed: " + out);
  }
  return out;
}

LedgerdProcess::~LedgerdProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
  if (stdout_fd_ >= 0) close(stdout_fd_);
}

Status LedgerdProcess::Start(const std::string& ledgerd_path, const std::string& data_dir,
                             const std::string& log_path, double timeout_s) {
  Result<pid_t> pid =
      Spawn({ledgerd_path, "--data", data_dir, "--http", "127.0.0.1:0", "--rpc", "127.0.0.1:0"},
            log_path, stdout_fd_);
  if (!pid.ok()) return pid.status();
  pid_ = *pid;
  auto deadline = SteadyClock::now() + std::chrono::duration_cast<SteadyClock::duration>(
                                           std::chrono::duration<double>(timeout_s));
  const std::string kToken = "administrator token (shown once; store it now): ";
  const std::string kListening = "ledgerd listening: http://";
  std::string buffer;
  for (std::string line; ReadLine(stdout_fd_, buffer, line, deadline);) {
    if (line.rfind(kToken, 0) == 0) admin_token_ = line.substr(kToken.size());
    if (line.rfind(kListening, 0) != 0) continue;
    std::istringstream words(line.substr(kListening.size()));
    std::string rpc;
    words >> http_address_ >> rpc;
    const std::string kRpc = "rpc://";
    if (rpc.rfind(kRpc, 0) != 0) return Status::InvalidArgument("unexpected line: " + line);
    rpc_address_ = rpc.substr(kRpc.size());
    return Status::Ok();
  }
  return Status::IoError("ledgerd printed no 'ledgerd listening:' line within " +
                         std::to_string(timeout_s) + " s; see " + log_path);
}

double LedgerdProcess::CpuSeconds() const {
  std::ifstream stat("/proc/" + std::to_string(pid_) + "/stat");
  std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
  std::size_t close_paren = text.rfind(')');
  if (close_paren == std::string::npos) return 0;
  // After "pid (comm)": field 3 is the state; utime and stime are fields 14 and 15.
  std::istringstream fields(text.substr(close_paren + 2));
  std::string field;
  double utime = 0, stime = 0;
  for (int index = 3; index <= 15 && fields >> field; ++index) {
    if (index == 14) utime = std::stod(field);
    if (index == 15) stime = std::stod(field);
  }
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

bool LedgerdProcess::Stop(double timeout_s, std::string& ended) {
  if (pid_ <= 0) {
    ended = "not running";
    return false;
  }
  kill(pid_, SIGTERM);
  auto deadline = SteadyClock::now() + std::chrono::duration_cast<SteadyClock::duration>(
                                           std::chrono::duration<double>(timeout_s));
  int status = 0;
  for (;;) {
    pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == pid_) break;
    if (SteadyClock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      pid_ = -1;
      ended = Describe(status) + " (killed: no exit within " + std::to_string(timeout_s) + " s)";
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  pid_ = -1;
  ended = Describe(status);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace ledger::tools
