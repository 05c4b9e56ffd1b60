// Runs a child process (the append child, support/append_child.cpp, or another) and kills it
// with SIGKILL, for the tests of what survives a crash: durability (with a simulated power
// cut), a damaged write-ahead log, the command handler's cache. Each acknowledged append the child
// reported comes back as an Ack; a line cut off by the kill was never fully reported and is not
// one. Thread safety: forks; call from the test's thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ledger::testing {

struct Ack {
  std::string command_id;
  std::uint64_t position;
};

// Starts the program argv[0] with `argv`, lets it run `run_ms` after the first bytes it writes to
// stdout, SIGKILLs it, and returns every complete line it wrote (fails the test unless the kill
// ended it).
std::vector<std::string> RunChildAndKill(const std::vector<std::string>& argv, int run_ms);

// Starts the child program `child` on ledger `dir` (round `round`, four threads, sync journal
// `journal`), lets it run `run_ms` after its first ack, SIGKILLs it, and returns every complete
// ack line.
std::vector<Ack> RunAppendChildAndKill(const std::string& child, const std::string& dir,
                                       const std::string& journal, int round, int run_ms);

// The stream the child appended an acked command to ("trajectory-<thread>").
std::string StreamOfAck(const std::string& command_id);

}  // namespace ledger::testing
