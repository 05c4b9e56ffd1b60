#include "tests/support/append_child_run.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <chrono>
#include <sstream>

namespace ledger::testing {

std::vector<std::string> RunChildAndKill(const std::vector<std::string>& argv, int run_ms) {
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    execv(args[0], args.data());
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
  std::vector<std::string> lines;
  std::istringstream in(output);
  for (std::string line; std::getline(in, line);) {
    if (in.eof()) break;  // A line cut off by the kill was never fully reported.
    lines.push_back(line);
  }
  return lines;
}

std::vector<Ack> RunAppendChildAndKill(const std::string& child, const std::string& dir,
                                       const std::string& journal, int round, int run_ms) {
  std::vector<Ack> acks;
  for (const std::string& line :
       RunChildAndKill({child, dir, std::to_string(round), "4", journal}, run_ms)) {
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
