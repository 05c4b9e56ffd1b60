// The erasure command of ledgerctl (ledgerctl_tool.h), for a stopped ledger:
//
//   erase --data DIR --subject ID --legal-basis TEXT --request-reference TEXT --command-id ID
//
// erases every personal payload of the person (ledger/domain/erasure.h) with one personErased
// event, as the system role (actor organisation "ledgerctl", id --operator), and purges the
// bytes from the ledger's files before it returns. Beside a running ledgerd (which holds the
// ledger's lock) it refuses and changes nothing: erase over the API then (docs/api.md,
// "Erasure"). The read models need nothing: they hold no personal field.
// Prints what was erased (positions, never a value). Thread safety: called once from main.
#pragma once

#include <CLI/CLI.hpp>

namespace ledger::tools {

// Adds "erase" to `app`; it sets `exit_code` (0 erased or already erased by this command id,
// 1 a domain rejection: unknown or already erased subject, command id reused, 2 an operating
// error or bad input) when it runs.
void AddEraseCommand(CLI::App& app, int& exit_code);

}  // namespace ledger::tools
