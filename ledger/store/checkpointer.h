// The checkpointer: signs the ledger's tree head as a C2SP checkpoint every N entries or T
// seconds, stores every signed checkpoint, and never signs one that is not consistent with the
// previous signed checkpoint.
//
// Before each signature, and once at Start, it checks that the stored tree still gives the
// last signed root at its size, and that a consistency proof from the last signed size to the
// new head, built from the stored nodes, verifies against both roots (RFC 9162 2.1.4.2). If
// either fails it logs at critical level and refuses with VerificationFailed: the history
// under a signed checkpoint has changed, and signing on would hide it. The last signed head
// is the later of the last stored checkpoint and the store's floor (head_floor.h), which a
// recovery of the database cannot take back; before each signature the new head is recorded
// in the floor, synced, so it never signs a size or root that contradicts one signed before.
// The schedule waits on the store's head watch (head_watch.h): it wakes when the head grows
// past the last signed size, then signs once it grew by every_entries or `every` later; a log
// with no checkpoint yet is signed as soon as it has entries.
//
// Witnesses (integrity/cosignature.h, integrity/witness.h) cosign checkpoints they have
// checked; AddCosignatures files their lines on the stored checkpoint of that size, so that
// checkpoints, proofs' notes, receipts and bundles carry them from then on. Only lines by the
// policy's witness keys are accepted, and only when they verify: a witness's newer line
// replaces its older one on the same checkpoint; the log's own signature is never touched.
// Key rotation (integrity/key_history.h): the store keeps the key history. Start refuses a
// signer that is not the history's current key, and opens the last checkpoint with the key
// the history names for its size. Rotate hands the log over to a new key from the next size
// on: the transition is signed by both keys and stored, synced, before the new key signs
// anything.
// Thread safety: SignNow, Latest, Rotate and the accessors from any thread; a background
// thread signs on schedule.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "ledger/integrity/key_history.h"
#include "ledger/integrity/note_keys.h"
#include "ledger/store/checkpoint_store.h"
#include "ledger/store/event_store.h"

namespace ledger {

// How far ahead of the ledger's clock a cosignature's timestamp may be.
inline constexpr std::chrono::seconds kCosignatureAheadMax{600};

struct CheckpointPolicy {
  std::string origin;                      // First line of every checkpoint (the log's name).
  std::uint64_t every_entries = 1000;      // Sign once the head grew by this many...
  std::chrono::milliseconds every{10000};  // ...or this long after it first grew.
  bool background = true;                  // Run the schedule on a thread of its own.
  // The witnesses whose cosignatures AddCosignatures accepts (keys of type 0x04).
  std::vector<NoteVerifier> witnesses;
};

class Checkpointer {
 public:
  // Checks the last stored checkpoint against the store (see above) and starts the schedule.
  // InvalidArgument when the last checkpoint has another origin than `policy.origin`, or the
  // log's key history names another current key than `signer`'s; Corruption when the stored
  // key history does not check out.
  // `store` must outlive the checkpointer.
  static Result<std::unique_ptr<Checkpointer>> Start(EventStore& store, NoteSigner signer,
                                                     CheckpointPolicy policy);
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Signs the current head if it grew since the last checkpoint; returns the latest
  // checkpoint either way (NotFound when the log is empty and none was ever signed).
  Result<StoredCheckpoint> SignNow();
  // The latest signed checkpoint, if any.
  std::optional<StoredCheckpoint> Latest() const;
  // Files the cosignature lines `lines` (each "— <witness> <base64>\n") on the stored
  // checkpoint of `size` and returns it as stored now. Synced before it returns. NotFound when
  // no checkpoint of that size was signed; InvalidArgument for a malformed line, a line by a
  // key that is no configured witness (named), none at all, a line that does not verify over
  // that checkpoint, or one dated more than kCosignatureAheadMax after this machine's clock
  // (a witness's clock that far ahead would make its later, honest cosignatures look older).
  // Nothing is stored unless every line is good.
  Result<StoredCheckpoint> AddCosignatures(std::uint64_t size, std::string_view lines);
  // The configured witnesses' verifier keys.
  const std::vector<NoteVerifier>& witnesses() const { return policy_.witnesses; }
  // Hands the log over to `next` (a new key named like the current one) from the size after
  // the last signed one, and returns the transition. The transition, signed by the current
  // key and `next`, is stored (synced) before `next` signs anything; from then on every
  // checkpoint is signed by `next`. InvalidArgument when `next` is not a note key named like
  // the current key, or is the same key; IoError when the history cannot be stored (then
  // nothing changed).
  Result<KeyTransition> Rotate(NoteSigner next);
  // The verifier key of the signer (NoteSigner::VerifierKeyText): what auditors verify with.
  std::string verifier_key() const;
  // The key history's text form: "" while the log never rotated its key.
  std::string key_history() const;

 private:
  Checkpointer(EventStore& store, NoteSigner signer, CheckpointPolicy policy);
  // Requires mutex_. Verifies the history under `latest_` is what `head` extends.
  Status CheckConsistent(const TreeHead& head) const;
  Status CheckConsistentWith(std::uint64_t signed_size, const Hash& signed_root,
                             const TreeHead& head) const;
  Result<StoredCheckpoint> SignLocked();
  void Run();

  EventStore& store_;
  NoteSigner signer_;
  CheckpointPolicy policy_;
  mutable std::mutex mutex_;
  std::stop_source stop_;  // Interrupts the schedule's wait on the store's head watch.
  std::optional<StoredCheckpoint> latest_;
  std::optional<Hash> latest_root_;
  // The store's floor's signed head when it is past latest_ (its checkpoint row was lost).
  std::optional<TreeHead> signed_floor_;
  KeyHistory history_;  // Requires mutex_.
  // What the accessors serve, apart from mutex_ so that a reader (a checkpoint reply on the
  // event loop) never waits for a signature in progress: set at Start and by Rotate.
  mutable std::mutex keys_mutex_;
  std::string verifier_key_text_;
  std::string history_text_;
  std::thread thread_;
};

}  // namespace ledger
