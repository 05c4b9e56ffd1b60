// Signed checkpoints: a tree head in the c2sp.org/tlog-checkpoint format, carried as a
// c2sp.org/signed-note signed by Ed25519 keys (note_keys.h).
//
//   <origin>\n                 checkpoint body = the signed note text
//   <tree size, decimal>\n
//   <base64(root hash)>\n
//   [<extension line>\n ...]
//   \n                         blank line
//   — <key name> <base64(4-byte big-endian key id || 64-byte signature)>\n   (one per key)
//
// The dash is U+2014 (bytes E2 80 94) followed by a space. A signature covers exactly the
// body, final newline included. Signing produces notes that Go's golang.org/x/mod/sumdb/note
// Open accepts; OpenCheckpoint accepts what Go's Sign produces for a checkpoint body.
//
// Opening follows the signed-note rules: signature lines by keys not in the known list (by
// name and key id together) are ignored; a known key's signature that fails to verify rejects
// the whole note; a note with no verified known signature is rejected. The body is parsed
// only after its signatures check out. Inputs are bounded: kNoteBytesMax and
// kNoteSignatureLinesMax (the spec asks verifiers to accept at least 16 signatures).
// Thread safety: pure functions over immutable inputs, safe from any thread.
// Specs: https://c2sp.org/signed-note, https://c2sp.org/tlog-checkpoint.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/limits.h"
#include "ledger/base/status.h"
#include "ledger/format/hash.h"
#include "ledger/integrity/note_keys.h"

namespace ledger {

// Bounds on notes: limits::kNoteBytesMax and limits::kNoteSignatureLinesMax.
using limits::kNoteBytesMax;
using limits::kNoteSignatureLinesMax;

// A log's tree head, as a checkpoint body states it.
struct Checkpoint {
  std::string origin;                   // The log's identity, e.g. "example.com/log42".
  std::uint64_t size = 0;               // Number of leaves in the tree.
  Hash root{};                          // RFC 6962 root of the tree of `size` leaves.
  std::vector<std::string> extensions;  // Opaque extra lines; each non-empty.

  // The note text: origin, size, base64 root and each extension, every line ending in "\n".
  // It does not validate: for a checkpoint whose origin or extensions are empty or hold a
  // newline it returns text that ParseBody refuses (and SignNote refuses empty lines).
  std::string Body() const;

  // Parses a body strictly: origin non-empty; size in decimal, no sign, no leading zero
  // unless it is "0", at most 2^64 - 1; root the padded base64 of exactly 32 bytes; extension
  // lines non-empty; the body ends with "\n"; valid UTF-8 without control characters.
  // InvalidArgument naming the (1-based) line on any error.
  static Result<Checkpoint> ParseBody(std::string_view body);

  friend bool operator==(const Checkpoint&, const Checkpoint&) = default;
};

// One signature line of a signed note: "— <name> <base64(key id || signature)>".
struct NoteSignatureLine {
  std::string name;
  std::uint32_t key_id = 0;
  std::vector<std::uint8_t> signature;  // The bytes after the 4-byte key id.
  std::string text;                     // The whole line as it stood, final newline included.
};

// A signed note split into the text its signatures cover and its signature lines.
struct SignedNote {
  std::string text;  // Up to the blank line, its final newline included.
  std::vector<NoteSignatureLine> signatures;
  // The note again: text, the blank line, each signature line in order.
  std::string Format() const;
};

// Splits `note` by the signed-note rules without verifying any signature or parsing the text
// as a checkpoint: InvalidArgument for what OpenCheckpoint lists as such, except the body.
Result<SignedNote> ParseSignedNote(std::string_view note);

// The signed note: `body`, a blank line, then one signature line per signer, in order.
// InvalidArgument when `signers` is empty, or `body` is empty, does not end in "\n", holds an
// empty line (checkpoint bodies never do; the signed-note format itself would allow them), is
// not valid note text (CheckNoteText), or the note would exceed kNoteBytesMax or
// kNoteSignatureLinesMax. IoError only if OpenSSL fails to sign.
Result<std::string> SignNote(std::string_view body, std::span<const NoteSigner> signers);

// Verifies `note` against the `known` keys, then parses its body as a checkpoint. Only keys of
// type NoteKeyType::kEd25519 count; cosigners' keys in `known` are passed over (their lines
// are checked by integrity/cosignature.h).
//   InvalidArgument: the note exceeds kNoteBytesMax, is not valid UTF-8, holds a control
//     character other than "\n", has no blank line before its signatures, a malformed
//     signature line (which one is named), more than kNoteSignatureLinesMax of them, or a
//     body that ParseBody refuses; or `known` holds two keys with the name and key id of a
//     signature line (a key list that cannot tell them apart).
//   VerificationFailed: a known key's signature does not verify (the key is named), or no
//     known key signed the note.
Result<Checkpoint> OpenCheckpoint(std::string_view note, std::span<const NoteVerifier> known);

}  // namespace ledger
