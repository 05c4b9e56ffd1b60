// A witness's one decision (c2sp.org/tlog-witness, seen from the witness): given the last
// checkpoint it cosigned of a log and a newer one the log shows it, with a consistency proof
// between them, cosign the newer one only if it extends what was cosigned before. A witness
// that keeps its last cosigned checkpoint and follows this rule never cosigns two views of one
// log, so a client that requires its cosignature cannot be shown a history the witness's other
// clients were not (a split view).
//
// The witness checks, in order: the offered note is signed by the log's key and its origin
// is that key's name (one log, one origin); its size is not below the last cosigned size (a
// log does not shrink); at the same size the root is the same (two roots for one size is a
// split view); past it, the proof verifies from the last cosigned root to the offered one.
// Each refusal names both sizes and both roots. With no last checkpoint (a witness's first
// look at a log) the offered one is trusted as it is: the witness's protection starts there.
// Keeping the state (what it cosigned, written before the cosignature is handed out) is the
// caller's job (tools/ledgerctl/ledgerctl_witness.cpp).
// Thread safety: pure function.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ledger/base/status.h"
#include "ledger/format/hash.h"
#include "ledger/integrity/note.h"
#include "ledger/integrity/note_keys.h"

namespace ledger {

struct WitnessVerdict {
  Checkpoint checkpoint;    // The offered checkpoint, now cosigned.
  std::string cosignature;  // The cosignature line (cosignature.h), final newline included.
};

// InvalidArgument for a malformed note, a witness key of the wrong type, or a missing proof
// (the offered checkpoint is larger and `proof` is empty); VerificationFailed
// for every refusal above (nothing is cosigned then).
Result<WitnessVerdict> WitnessCheckpoint(const NoteSigner& witness, const NoteVerifier& log_key,
                                         std::optional<std::string_view> last_cosigned,
                                         std::string_view offered, std::span<const Hash> proof,
                                         std::uint64_t now);

}  // namespace ledger
