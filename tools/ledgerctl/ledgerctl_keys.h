// ledgerctl's signing-key commands (docs/operations.md "Rotating the signing key",
// docs/audit-guide.md "After a key rotation").
//
//   keys generate --out FILE [--public-out FILE] [--name NAME] [--cosigner]
//       A new private key (mode 0600; Ed25519 note key, or with --cosigner a witness's
//       cosignature key, type 0x04) named after the log's origin by default; prints its
//       verifier key.
//   keys public --key FILE
//       The verifier key of a private key file (ledgerd's signing.key).
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

// Adds "keys" with generate, public, rotate and history to `app`; each sets `exit_code` (0
// done, 2 bad usage or an operating error).
void AddKeyCommands(CLI::App& app, int& exit_code);

}  // namespace ledger::tools
