#include "tests/support/run_program.h"
#include "tests/support/files.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include <signal.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

namespace ledger::testing {
std::string Ran::Describe() const {
  return command + "\nexit code " + std::to_string(exit_code) + "\n--- stdout\n" + out +
         "--- stderr\n" + err;
}

Ran RunProgram(const std::string& program, const std::vector<std::string>& args,
               const TempDir& scratch, int timeout_s) {
  Ran ran;
  ran.command = program;
  std::vector<char*> argv{const_cast<char*>(program.c_str())};
  for (const std::string& arg : args) {
    argv.push_back(const_cast<char*>(arg.c_str()));
    ran.command += " " + arg;
  }
  argv.push_back(nullptr);
  const std::string out_path = scratch.Sub("run.stdout");
  const std::string err_path = scratch.Sub("run.stderr");
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {  // The child: only async-signal-safe calls until exec.
    int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0 || err < 0 || dup2(out, STDOUT_FILENO) < 0 || dup2(err, STDERR_FILENO) < 0) {
      _exit(126);
    }
    execv(program.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  if (timeout_s > 0) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
    pid_t done = 0;
    while ((done = waitpid(pid, &status, WNOHANG)) == 0 &&
           std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (done == 0) {
      ran.timed_out = true;
      kill(pid, SIGKILL);
      done = waitpid(pid, &status, 0);
    }
    REQUIRE(done == pid);
  } else {
    REQUIRE(waitpid(pid, &status, 0) == pid);
  }
  ran.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  ran.out = ReadAll(out_path);
  ran.err = ReadAll(err_path);
  return ran;
}

}  // namespace ledger::testing
