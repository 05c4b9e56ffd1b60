// The audit's account of personal payloads: erased (an erasure event names the position) or
// missing (nothing does).
//
// Entries commit to their personal payloads (format/personal.h), so a payload's absence never
// breaks a hash: without this account a deleted payload would pass unseen. ErasureTally is fed
// every entry the audit accepted, in position order, and remembers the positions whose entry
// commits to a payload the source does not hold, what each personErased entry lists, and what
// the source itself says was erased. Its findings, the first in position order:
//   - (a source that holds every stored payload: a data directory) a missing payload that no
//     erasure lists is kPersonalMissing at its position (a payload lost, or deleted by other
//     means than an erasure); a position an erasure lists whose payload is still stored, or
//     whose entry commits to none, is kErasureIncomplete at that position;
//   - (a source that may leave payloads out: a bundle) a position an erasure lists whose
//     payload the source still carries is kErasureIncomplete; an erased record (bundle.h) is
//     kErasureIncomplete at its position when its entry commits to no payload, when the
//     erasure it names is not after it, or when that erasure is in the source and is not a
//     personErased entry listing the position; an erased record naming an erasure outside the
//     source is counted, not judged (the source does not hold the evidence);
//   - a position an erasure lists that is not below the erasure itself is kErasureIncomplete.
// Otherwise the payloads are erased: counted per erasure event (for a bundle: per erasure its
// erased records name).
// Memory: 8 bytes per missing payload (per carried one for a bundle), 16 per listed position
// and per erased record (erasures are rare).
// Thread safety: one thread (the audit's).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "ledger/base/types.h"
#include "ledger/integrity/log_verifier.h"

namespace ledger {

// One erasure event as the audit saw it.
struct ErasureSeen {
  std::uint64_t position = 0;         // The personErased entry.
  std::uint64_t payloads_erased = 0;  // The positions it lists (for a bundle: its erased records).
};

class ErasureTally {
 public:
  // `holds_every_payload`: AuditSource::HoldsEveryPayload (see the file comment).
  explicit ErasureTally(bool holds_every_payload) : every_payload_(holds_every_payload) {}
  // Notes an entry that passed CheckEntry (canonical bytes), whether the source holds a
  // personal payload for it, and the erasure the source says erased it (SourceEntry).
  void Add(Position position, std::span<const std::uint8_t> bytes, bool payload_stored,
           std::optional<std::uint64_t> erased_by = std::nullopt);
  // After the last entry: the first finding in position order (see the file comment), or none.
  std::optional<Finding> Finish() const;

  std::uint64_t payloads_erased() const;
  std::vector<ErasureSeen> erasures() const;

 private:
  void Problem(Finding finding);

  bool every_payload_;
  std::vector<std::uint64_t> missing_;              // Increasing (data directories).
  std::vector<std::uint64_t> carried_;              // Increasing (bundles): payloads held.
  std::map<std::uint64_t, std::uint64_t> listed_;   // Erased position -> erasure position.
  std::map<std::uint64_t, std::uint64_t> claimed_;  // Erased record: position -> erasure.
  std::vector<ErasureSeen> erasures_;
  std::optional<std::uint64_t> first_seen_;  // The source's first position...
  std::uint64_t last_seen_ = 0;              // ...and its last.
  std::optional<Finding> problem_;           // The earliest found while adding.
};

}  // namespace ledger
