// The recovery command of ledgerctl (ledgerctl_tool.h), for a ledger that refuses to
// open because its write-ahead log is damaged (docs/operations.md, "When the ledger refuses to
// start"):
//
//   recover --check   says, changing nothing, whether the ledger opens, and if not what a
//                     recovery to the last intact point would keep against what the ledger
//                     acknowledged and signed (its floor)
//   recover           does that recovery, but only when it keeps every acknowledged and signed
//                     entry (ledger/store/recovery_check.h); otherwise refuses and changes
//                     nothing
// Run it with ledgerd stopped. Thread safety: called once from main.
#pragma once

#include <CLI/CLI.hpp>

namespace ledger::tools {

// Adds "recover" to `app`; it sets `exit_code` (0 ok or nothing to do, 1 cannot be recovered
// without losing a promised entry, 2 an operating error) when it runs.
void AddRecoverCommand(CLI::App& app, int& exit_code);

}  // namespace ledger::tools
