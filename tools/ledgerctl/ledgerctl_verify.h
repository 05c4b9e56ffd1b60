// ledgerctl verify: checks a ledger directory, an exported bundle or a receipt with public keys
// only (docs/audit-guide.md). Nothing is trusted but the keys given: every entry hash, tree
// root, checkpoint signature, proof and erasure record is recomputed or checked.
//
//   verify (--data DIR | --bundle FILE | --receipt FILE) --key FILE...
//          [--against NOTE] [--origin O] [--allow-unsigned-tail]
//          [--witness-key FILE... --witnesses N] [--key-history FILE]
//       Prints "OK: ..." with what was checked and exits 0, or "FAIL: <the finding, with its
//       position>" and exits 1; 2 on bad usage or when a file cannot be read. Progress on
//       stderr when it is a terminal.
// Thread safety: called once from main.
#pragma once

#include <CLI/CLI.hpp>

namespace ledger::tools {

// Adds "verify" to `app`; it sets `exit_code` (0 verified, 1 a finding, 2 bad usage or an
// operating error).
void AddVerifyCommand(CLI::App& app, int& exit_code);

}  // namespace ledger::tools
