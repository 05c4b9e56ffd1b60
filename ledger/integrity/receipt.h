// Receipts: one entry, its inclusion proof and the signed checkpoint it is proven against, as
// one self-contained text file a newcomer or the complaint organisation can hand to anyone
// holding the ledger's public key (docs/audit-guide.md).
//
// Format (every line ends in "\n"; base64 is standard with padding):
//   trajectory-ledger receipt 1
//   position <decimal>
//   tree-size <decimal>                 the checkpoint's size
//   entry <base64 canonical entry bytes>
//   personal <base64 salt || PersonalData>   (only when the issuer chose to include it)
//   inclusion <base64 32-byte hash>     zero or more, the RFC 9162 audit path in order
//   checkpoint
//   <the signed checkpoint note, verbatim, to the end of the file>
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/base/types.h"
#include "ledger/format/hash.h"
#include "ledger/integrity/note.h"
#include "ledger/integrity/note_keys.h"

namespace ledger {

struct Receipt {
  Position position;
  std::uint64_t tree_size = 0;
  std::string entry;                    // Canonical entry bytes.
  std::optional<std::string> personal;  // salt || PersonalData, when included.
  std::vector<Hash> inclusion;
  std::string checkpoint_note;

  std::string Format() const;
  // InvalidArgument naming the line on anything malformed.
  static Result<Receipt> Parse(std::string_view text);
};

// Checks a receipt offline: the checkpoint's signature by a known key, its size, the entry's
// canonical form and position, the personal payload against its commitment (when included),
// and the inclusion proof against the checkpoint's root. VerificationFailed naming the step.
Result<Checkpoint> VerifyReceipt(const Receipt& receipt, std::span<const NoteVerifier> keys);

}  // namespace ledger
