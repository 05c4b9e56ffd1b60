#include "tools/ledgerctl/ledgerctl_common.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace ledger::tools {

int Fail(const Status& status, std::optional<Status::Code> found, std::string_view who) {
  std::fprintf(stderr, "%.*s: %s\n", static_cast<int>(who.size()), who.data(),
               status.ToString().c_str());
  return found && status.code() == *found ? kExitFound : kExitError;
}

std::function<void(std::uint64_t, std::uint64_t)> EntryProgress() {
  auto started = std::chrono::steady_clock::now();
  return [started](std::uint64_t done, std::uint64_t total) {
    if (!::isatty(STDERR_FILENO)) return;
    double elapsed_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    double rate = elapsed_s > 0 ? done / elapsed_s : 0;
    double left_s = rate > 0 && total > done ? (total - done) / rate : 0;
    std::fprintf(stderr, "\r  %llu / %llu entries, %.0f entries/s, about %.0f s left   ",
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                 rate, left_s);
  };
}

}  // namespace ledger::tools
