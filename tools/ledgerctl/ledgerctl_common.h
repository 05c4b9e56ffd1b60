// What every ledgerctl command shares: its exit codes, how it reports a Status that failed, and
// the progress line of a long run. Thread safety: plain functions, called from main's thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "ledger/base/status.h"

namespace ledger::tools {

// One set of exit codes for every command (docs/audit-guide.md, docs/operations.md).
inline constexpr int kExitOk = 0;  // Done.
// The command ran and found what it looks for, or refused: a verification that failed, a
// damaged backup, a rule that rejected an erasure, a recovery that would roll back history.
inline constexpr int kExitFound = 1;
inline constexpr int kExitError = 2;  // Bad usage or an operating error.

// The log's origin line when none is given. C2SP tlog-checkpoint: the log's key is named after
// its origin, so by default they agree.
inline constexpr std::string_view kDefaultOrigin = "trajectory-ledger.local/pnt";

// Prints "<who>: <status>" on stderr; returns kExitFound when the status's code is `found`,
// else kExitError.
int Fail(const Status& status, std::optional<Status::Code> found = std::nullopt,
         std::string_view who = "ledgerctl");

// A progress callback (entries done, entries in all) that redraws one line on stderr with the
// rate and the time left, when stderr is a terminal; it prints nothing otherwise.
std::function<void(std::uint64_t, std::uint64_t)> EntryProgress();

}  // namespace ledger::tools
