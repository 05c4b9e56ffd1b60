// The key rotation commands of ledgerctl (tools/ledgerctl/ledgerctl.cpp, docs/operations.md
// "Rotating the signing key", docs/audit-guide.md "After a key rotation").
//
//   keys rotate --data <ledgerd's data directory>   (ledgerd stopped)
//       Generates a new signing key named like the current one, has the checkpointer hand the
//       log over to it from the size after the last signed checkpoint (the transition, signed
//       by both keys, is stored in the ledger, synced: store/checkpointer.h Rotate), then
//       replaces <data>/signing.key by the new key and <data>/verifier.key by its verifier
//       key. The old private key is gone from the data directory afterwards: it is not needed
//       to verify what it signed (its public key is in the history). --keep-old-key FILE
//       first writes it to FILE (new, mode 0600), for offline keeping: a backup made before
//       the rotation holds the old history, and only the old key can sign for it once it is
//       restored. Steps, each durable before the next:
//         1. the new private key to <data>/signing.key.next (mode 0600)
//         2. the transition into the ledger's key history
//         3. signing.key.next renamed over signing.key; verifier.key rewritten
//       Run again after a crash between 2 and 3, it finishes the rotation (the history's
//       current key is then the one in signing.key.next); a signing.key.next the history does
//       not name is a leftover of a run that stopped before 2, and is replaced.
//   keys history --data <ledger directory>
//       Prints the key history's text form (nothing, and a note on stderr, when the log never
//       rotated): what `ledgerctl verify --key-history` takes for a receipt.
// Thread safety: called once from main.
#pragma once

#include <CLI/CLI.hpp>

namespace ledger::tools {

// Adds "rotate" and "history" to the "keys" subcommand; they set `exit_code` (0 done, 2 an
// operating error).
void AddKeyHistoryCommands(CLI::App& keys, int& exit_code);

}  // namespace ledger::tools
