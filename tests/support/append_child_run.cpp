#include "tests/support/append_child_run.h"

#include <catch2/catch.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <sstream>

namespace ledger::testing {

std::vector<Ack> RunAppendChildAndKill(const std::string& child, const std::string& dir,
                                       const std::string& journal, int round, int run_ms) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    execl(child.c_str(), child.c_str(), dir.c_str(), std::to_string(round).c_str(),
          "4", journal.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  close(fds[1]);
  std::string output;
  char buffer[4096];
  auto deadline = std::chrono::steady_clock::time_point::max();
  while (std::chrono::steady_clock::now() < deadline) {
    ssize_t n = read(fds[0], buffer, sizeof(buffer));
    if (n <= 0) break;  // The child died on its own: the checks below will say why.
    output.append(buffer, static_cast<std::size_t>(n));
    if (deadline == std::chrono::steady_clock::time_point::max()) {
      deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(run_ms);
    }
  }
  kill(pid, SIGKILL);
  for (ssize_t n; (n = read(fds[0], buffer, sizeof(buffer))) > 0;) {
    output.append(buffer, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  REQUIRE(WIFSIGNALED(status));
  REQUIRE(WTERMSIG(status) == SIGKILL);

  std::vector<Ack> acks;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (lines.eof()) break;  // A line cut off by the kill was never fully reported.
    std::istringstream words(line);
    std::string tag;
    Ack ack;
    words >> tag >> ack.command_id >> ack.position;
    REQUIRE(tag == "ack");
    acks.push_back(ack);
  }
  return acks;
}

std::string StreamOfAck(const std::string& command_id) {
  std::size_t t = command_id.find("-t");
  return "trajectory-" + command_id.substr(t + 2, command_id.find('-', t + 2) - t - 2);
}

}  // namespace ledger::testing
