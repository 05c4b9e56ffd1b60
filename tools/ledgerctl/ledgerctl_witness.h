// The witness commands of ledgerctl (ledgerctl_tool.h): what the complaint
// organisation, an auditor or anyone else outside the agency runs to cosign the ledger's
// checkpoints (docs/audit-guide.md, "Witnesses").
//
//   witness cosign   checks a checkpoint the ledger shows (signed by the log's key) against the
//                    last one this witness cosigned, with the ledger's consistency proof
//                    between them (integrity/witness.h); when it extends it, records it as the
//                    new last one (synced, before anything is printed) and prints the
//                    cosignature line, or with --json the body of
//                    POST /v1/checkpoint/cosignatures. A refusal (exit 1) changes nothing.
//
// The state file holds the last cosigned checkpoint note, replaced atomically (temporary
// file, fsync, rename, fsync of the directory); "<state>.lock" is held (flock) while the
// command runs, so two runs cannot cosign two views. Losing the state file restarts the
// witness's protection from the next checkpoint it sees: keep it like a key.
// The proof file holds the hashes as `ledgerctl prove consistency` prints them or as
// `jq -r '.hashes[]'` takes them out of GET /v1/proofs/consistency: one 64-digit hex hash
// per line (a first line "consistency of ..." and anything after a blank line are skipped).
// Thread safety: called once from main.
#pragma once

#include <CLI/CLI.hpp>

namespace ledger::tools {

// Adds "witness" to `app`; it sets `exit_code` (0 cosigned, 1 refused, 2 an operating error).
void AddWitnessCommands(CLI::App& app, int& exit_code);

}  // namespace ledger::tools
