// The access-token commands of ledgerctl (ledgerctl_tool.h) over the token file
// ledgerd reads (api/auth/token_store.h):
//
//   tokens create   a token for one principal; the token text alone on stdout, shown this once
//   tokens list     every token without its secret, as text or --json
//   tokens revoke   one token by its id
// Thread safety: called once from main.
#pragma once

#include <CLI/CLI.hpp>

namespace ledger::tools {

// Adds "tokens" with "create", "list" and "revoke" to `app`; each sets `exit_code` (0 ok,
// 2 error) when it runs.
void AddTokenCommands(CLI::App& app, int& exit_code);

}  // namespace ledger::tools
