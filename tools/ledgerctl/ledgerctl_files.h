// The files ledgerctl's commands read and write: whole files, and key files (the key text on the
// first line, as `ledgerctl keys generate` writes them and ledgerd writes verifier.key). Errors
// name the file and never echo a private key. Thread safety: plain functions.
#pragma once

#include <sys/types.h>

#include <string>

#include "ledger/base/status.h"
#include "ledger/integrity/note_keys.h"

namespace ledger::tools {

// The whole file; NotFound naming it when it cannot be read.
Result<std::string> ReadFile(const std::string& path);
// The verifier key (either type) on the first line of `path`.
Result<NoteVerifier> ReadVerifierKey(const std::string& path);
// The private key (either type) on the first line of `path`.
Result<NoteSigner> ReadPrivateKey(const std::string& path);
// Writes `text` to a new file of `mode`, synced; IoError when it exists or cannot be written.
Status WriteNewFile(const std::string& path, const std::string& text, mode_t mode);

}  // namespace ledger::tools
