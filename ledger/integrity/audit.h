// A whole audit: every entry of a source checked and folded into the tree, every signed
// checkpoint's signature checked and its root held against the recomputed one, and optionally a
// checkpoint the auditor saved earlier held against the log (a rewritten history fails there).
// Needs no RocksDB: sources are a data directory (ledger/store/directory_source.h) or an
// exported bundle (integrity/bundle.h).
//
// The checkpoints must describe one growing history of one log: strictly increasing sizes
// (a duplicate or a reversed pair is a finding), each filed under its own size where the
// source files them by size, every successive pair linked by a consistency proof that the
// source holds and that verifies (a missing proof is a finding naming both sizes), and one
// origin, which is the name of the verifier key that signed it (C2SP tlog-checkpoint: the key
// name is the origin) unless AuditOptions::origin names it. A source that stores the tree (a
// data directory) has every node the entries complete, interior ones too, held against the
// stored one; a source that records promised heads (a data directory's floor file) has the
// recomputed root held against each.
//
// A log whose signing key was rotated carries its key history (integrity/key_history.h):
// it must check out and hold one of the auditor's keys (else a kBadKeyHistory finding), and
// then each checkpoint must be signed by the key the history names for its size, and by no
// other; the auditor's key may be the first, the current or any between.
//
// With witnesses (AuditOptions::witnesses), every cosignature by one of them must verify (one
// that does not is a bad checkpoint), and with witnesses_required set, some checkpoint must
// carry that many of theirs: the report says up to which size the log is witnessed. Entries
// past that size are not a finding (witnesses follow the log at their own pace); they are
// protected by the log's signature and the consistency proofs alone.
//
// For a source that holds every personal payload (HoldsEveryPayload), an absent payload is
// erased when a personErased event lists its position, and a finding otherwise; a bundle's
// erased records are held against the erasures it carries (integrity/erasure_audit.h). The
// report counts the erased payloads per erasure event.
//
// The result names the first finding (position and kind, integrity/log_verifier.h) or none,
// and how far the log is signed: the largest size whose recomputed root matched a signed
// checkpoint, directly or, for a source's end, through a consistency proof to a later signed
// checkpoint (a bundle that ends between checkpoints carries one).
// Operating errors (unreadable files) are Status values, never findings.
// Thread safety: Audit runs on the calling thread and on one more it starts and joins before
// returning (integrity/audit_reader.h): the entries are read (Next, RecordedNode), checked on
// their own and hashed there, while the calling thread folds the tree and judges. The source
// is never used by both at once: the other methods are called before and after the reader
// runs. The progress callback runs on the calling thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/integrity/erasure_audit.h"
#include "ledger/integrity/key_history.h"
#include "ledger/integrity/log_verifier.h"
#include "ledger/integrity/merkle.h"
#include "ledger/integrity/note.h"
#include "ledger/integrity/note_keys.h"

namespace ledger {

// What a source says about its end: the size, and the root when it records one.
struct TreeHeadClaim {
  std::uint64_t size = 0;
  std::optional<Hash> root;
  std::string what;  // "the head", "the bundle trailer": named in findings.
  // True for an extract (a bundle) of a log that goes on: checkpoints past `size` then vouch
  // for `root` through a consistency proof. False for a whole log, where a checkpoint past
  // its end means the log lost entries.
  bool extract = false;
};

// A signed checkpoint note as a source holds it.
struct SourceCheckpoint {
  std::string note;
  // The tree size the source files it under (a data directory's key), when it files notes by
  // size; the note must state the same size.
  std::optional<std::uint64_t> stored_size;
};

// A head the source's owner promised and must never go below: a size with its root.
struct PromisedHead {
  std::uint64_t size = 0;
  Hash root{};
  std::string what;  // "the floor's acknowledged head (<dir>/FLOOR)": named in findings.
};

// One entry as a source yields it. The spans stay valid until the next call to Next().
struct SourceEntry {
  Position position;
  std::span<const std::uint8_t> bytes;
  std::optional<std::string_view> personal_stored;  // salt || PersonalData, when present.
  std::optional<Hash> recorded_leaf;                // The tree's level-0 node, when stored.
  // For a source that says so (a bundle): the payload was erased, by the personErased entry
  // at this position.
  std::optional<std::uint64_t> erased_by;
};

class AuditSource {
 public:
  virtual ~AuditSource() = default;
  // The perfect subtrees preceding the first entry (empty when the source starts at 0).
  virtual MerkleFrontier Prefix() const = 0;
  // The next entry in key order, or nothing at the end.
  virtual Result<std::optional<SourceEntry>> Next() = 0;
  // The size and root the source claims for its end (a ledger's head, a bundle's trailer).
  virtual TreeHeadClaim ClaimedEnd() const = 0;
  // Every stored signed checkpoint note, in the order stored (which must be increasing size).
  virtual const std::vector<SourceCheckpoint>& Checkpoints() const = 0;
  // The consistency proof between two sizes, from the source's stored nodes, when it has them.
  virtual Result<std::optional<std::vector<Hash>>> Consistency(std::uint64_t old_size,
                                                               std::uint64_t new_size) = 0;
  // True when the source stores the tree's nodes (then every entry has a recorded leaf and
  // RecordedNode answers for every interior node).
  virtual bool StoresTree() const { return false; }
  // The stored interior node `id` (level >= 1). Asked in increasing index within each level.
  // NotFound when it is not stored and Corruption for a malformed run (both findings about
  // the tree); any other error is an operating error.
  virtual Result<Hash> RecordedNode(NodeId id) {
    return Status::NotFound("this source stores no tree node (level " + std::to_string(id.level) +
                            ", index " + std::to_string(id.index) + ")");
  }
  // Heads promised beside the log (a data directory's floor file); empty by default.
  virtual std::vector<PromisedHead> Promises() const { return {}; }
  // True when the source holds every personal payload the log still has (a data directory):
  // then each absent one must be listed by an erasure (integrity/erasure_audit.h). False for
  // sources that may leave payloads out by design (bundles, exported without them or with).
  virtual bool HoldsEveryPayload() const { return false; }
  // The log's key history in its text form (integrity/key_history.h): "" for a log that
  // never rotated its signing key.
  virtual Result<std::string> KeyHistoryText() const { return std::string(); }
};

struct AuditOptions {
  std::vector<NoteVerifier> keys;               // Public keys whose signatures count.
  std::optional<std::string> saved_checkpoint;  // A note the auditor kept from earlier.
  // The log's origin. Empty: every checkpoint's origin must be the name of a key in `keys`
  // that signed it. Set: every checkpoint's origin must be this (for a log whose key is not
  // named after its origin, such as one set up before the default key name was the origin).
  std::optional<std::string> origin;
  // Entries past the last signed size are unprotected: anyone could have written them. By
  // default they are a finding (kUnsignedEntries); a live directory whose newest entries are
  // not signed yet may be audited with this set, and the report says how far it is signed.
  bool allow_unsigned_tail = false;
  // Witnesses' verifier keys (type 0x04), and how many of them must have cosigned some
  // checkpoint (0: cosignatures are checked when present, none is required).
  std::vector<NoteVerifier> witnesses;
  std::size_t witnesses_required = 0;
  // A key history (text form) to follow when the source carries none; the source's own
  // wins when it has one.
  std::string key_history;
  // Called about once a second: entries checked so far and the total expected.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

struct AuditReport {
  std::uint64_t entries_checked = 0;
  std::uint64_t checkpoints_checked = 0;
  std::uint64_t size = 0;         // The tree size reached.
  Hash root{};                    // The root recomputed at that size.
  std::uint64_t signed_size = 0;  // Entries below this are covered by a checked signature.
  // The largest checkpoint size cosigned by witnesses_required of the witnesses (0: none).
  std::uint64_t witnessed_size = 0;
  std::string origin;  // The log's origin, when a checkpoint named it.
  // Keys in the log's key history (0: it never rotated; the auditor's keys sign it all).
  std::size_t key_epochs = 0;
  std::optional<Finding> finding;
  // The payloads erased, and the erasure events (in position order) that list them: for a
  // source that holds every payload, the events' lists; for a bundle, its erased records.
  std::uint64_t payloads_erased = 0;
  std::vector<ErasureSeen> erasures;
};

// Operating errors (and a saved checkpoint that cannot be judged: of another origin, or past an
// extract's end without a checkpoint of its size) are Status values; everything about the
// log is the report's finding.
Result<AuditReport> Audit(AuditSource& source, const AuditOptions& options);

}  // namespace ledger
