// Runs a program as a child process for the tests of the command-line tools, with its stdout
// and stderr captured in files (not pipes: nothing can fill up and block).
// Thread safety: forks; call from the test's thread.
#pragma once

#include <string>
#include <vector>

#include "tests/support/temp_dir.h"

namespace ledger::testing {

// What one run of a program did.
struct Ran {
  std::string command;
  int exit_code = -1;      // 128 + the signal number when a signal ended the process.
  bool timed_out = false;  // Killed (SIGKILL) because it ran past its time.
  std::string out;
  std::string err;
  // The command, exit code and both outputs, for a failing test's message.
  std::string Describe() const;
};

// Runs `program` with `args` and waits for it; the outputs go to files under `scratch`.
// Fails the calling Catch2 test when the process cannot be started or waited for. With
// `timeout_s` > 0, a process still running after that long is killed and timed_out is set
// (for programs that must exit by themselves, such as a server refusing to start).
Ran RunProgram(const std::string& program, const std::vector<std::string>& args,
               const TempDir& scratch, int timeout_s = 0);

}  // namespace ledger::testing
