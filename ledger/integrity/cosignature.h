// Cosignatures (c2sp.org/tlog-cosignature, the Ed25519 "cosignature/v1" type): a witness's
// statement that, as of a time, the checkpoint is the largest consistent tree head it has seen
// of the log its origin names. A cosignature is one more signature line on the checkpoint's
// signed note, by a key of type 0x04 (note_keys.h):
//
//   — <witness name> base64(4-byte key id || 8-byte big-endian timestamp || 64-byte signature)
//
// The signature covers "cosignature/v1\n" "time <timestamp>\n" and then the checkpoint body,
// final newline included. The timestamp is POSIX seconds, in decimal without leading zeros,
// at most 2^63 - 1. Log verifiers ignore these lines (other key id); a client that requires
// witnesses counts the ones that verify (VerifyCosignatures).
// Thread safety: pure functions over immutable inputs.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/integrity/note.h"
#include "ledger/integrity/note_keys.h"

namespace ledger {

// The largest timestamp a cosignature may carry.
inline constexpr std::uint64_t kCosignatureTimestampMax = (std::uint64_t{1} << 63) - 1;

// What `witness` signs to cosign a checkpoint with body `body` at `timestamp`.
std::string CosignedMessage(std::string_view body, std::uint64_t timestamp);

// The signature line, final newline included. InvalidArgument when `witness` is not a
// cosigner key (type 0x04), the timestamp exceeds kCosignatureTimestampMax or `body` is not a
// checkpoint body; IoError if OpenSSL fails.
Result<std::string> Cosign(const NoteSigner& witness, std::string_view body,
                           std::uint64_t timestamp);

// One cosignature that verified.
struct VerifiedCosignature {
  std::string witness;  // The witness's key name.
  std::uint64_t timestamp = 0;
};

// The cosignatures on `note` by the `witnesses` (keys of type 0x04; others are passed over),
// one per witness at most. Lines by keys not among them are ignored, as the signed-note rules
// ask. InvalidArgument when the note is malformed (ParseSignedNote) or a witness's line has
// the wrong length or a timestamp past kCosignatureTimestampMax; VerificationFailed when a
// witness's line does not verify (the witness is named). The log's own signature is not
// checked here: OpenCheckpoint does that.
Result<std::vector<VerifiedCosignature>> VerifyCosignatures(
    std::string_view note, std::span<const NoteVerifier> witnesses);

// `note` with `lines` (signature lines, each ending in "\n") added after its own. A line by
// the key (name and key id) of a line already there replaces it: a witness's newer
// cosignature supersedes its older one. InvalidArgument when either is malformed or the
// result would break the note's bounds (kNoteBytesMax, kNoteSignatureLinesMax).
Result<std::string> AddSignatureLines(std::string_view note, std::string_view lines);

}  // namespace ledger
