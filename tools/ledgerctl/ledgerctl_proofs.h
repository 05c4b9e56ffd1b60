// ledgerctl's commands that hand out what an auditor checks: checkpoints, RFC 9162 proofs,
// receipts and bundles (docs/audit-guide.md). Each reads the ledger directory read-only, except
// `checkpoint --sign`, which opens it for writing (ledgerd stopped).
//
//   checkpoint [--data DIR] [--sign --key FILE [--origin O]]
//       The latest signed checkpoint note; --sign signs the current head first.
//   prove inclusion --index N [--size S]       an inclusion proof against a signed size (the
//   prove consistency --old A [--new B]        latest by default), then the checkpoint note
//   receipt POSITION --out FILE [--size S] [--with-personal]
//       A self-contained receipt for one entry (`ledgerctl verify --receipt` checks it).
//   export --out FILE [--from A] [--to B] [--with-personal]
//       A bundle of [A, B) with its checkpoints and erasure records, for offline verification;
//       progress on stderr when it is a terminal.
// Thread safety: called once from main.
#pragma once

#include <CLI/CLI.hpp>

namespace ledger::tools {

// Adds "checkpoint", "prove", "receipt" and "export" to `app`; each sets `exit_code` (0 done,
// 2 bad usage or an operating error).
void AddProofCommands(CLI::App& app, int& exit_code);

}  // namespace ledger::tools
