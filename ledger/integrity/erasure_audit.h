// The audit's account of personal payloads: erased (an erasure event names the position) or
// missing (nothing does), for a source that holds every stored payload (a data directory).
//
// Entries commit to their personal payloads (privacy/personal.h), so a payload's absence never
// breaks a hash: without this account a deleted payload would pass unseen. ErasureTally is fed
// every entry the audit accepted, in position order, and remembers (a) the positions whose
// entry commits to a payload the source does not hold and (b) for each personErased entry, the
// positions it lists. At the end:
//   - a missing payload that no erasure lists is a finding kPersonalMissing at its position
//     (a payload lost, or deleted by other means than an erasure);
//   - a position an erasure lists whose payload is still stored, or whose entry commits to
//     none, or which is not below the erasure itself, is a finding kErasureIncomplete at that
//     position (an erasure that did not happen as it says);
//   - otherwise the payloads are erased: counted, per erasure event.
// Memory: 8 bytes per missing payload and 16 per listed position (erasures are rare).
// Thread safety: one thread (the audit's).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "ledger/integrity/log_verifier.h"
#include "ledger/types.h"

namespace ledger {

// One erasure event as the audit saw it.
struct ErasureSeen {
  std::uint64_t position = 0;        // The personErased entry.
  std::uint64_t payloads_erased = 0; // The positions it lists.
};

class ErasureTally {
 public:
  // Notes an entry that passed CheckEntry (canonical bytes), and whether the source holds a
  // personal payload for it.
  void Add(Position position, std::span<const std::uint8_t> bytes, bool payload_stored);
  // After the last entry: the first finding in position order (see the file comment), or none.
  std::optional<Finding> Finish() const;

  std::uint64_t payloads_erased() const { return listed_.size(); }
  const std::vector<ErasureSeen>& erasures() const { return erasures_; }

 private:
  std::vector<std::uint64_t> missing_;              // Increasing.
  std::map<std::uint64_t, std::uint64_t> listed_;   // Erased position -> erasure position.
  std::vector<ErasureSeen> erasures_;
  std::optional<Finding> listing_problem_;          // A list naming itself or a later position.
};

}  // namespace ledger
