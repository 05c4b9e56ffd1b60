// A real ledger directory of demo trajectories with signed checkpoints, for the audit tests;
// and a way to tamper with it behind the store's back.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "ledger/integrity/note_keys.h"
#include "ledger/store/database.h"

namespace ledger::testing {

// Appends `trajectories` demo trajectories (25 entries each) to a ledger at `path` and signs a
// checkpoint with `signer` after each one, with origin `origin` (by default the signer's name,
// as C2SP asks). Fails the calling test on any error.
void BuildSignedLedger(const std::string& path, const NoteSigner& signer, int trajectories,
                       int first_trajectory = 0, const std::string& origin = "");

// Opens `path` raw (no checks, read-write), runs `change`, closes it.
void Tamper(const std::string& path, const std::function<void(const Database&)>& change);

// The verifier key of `signer`, as an auditor would load it.
std::vector<NoteVerifier> KeysOf(const NoteSigner& signer);

}  // namespace ledger::testing
