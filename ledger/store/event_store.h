// START HERE. The ledger's event store: append-only, durable, idempotent, Merkle-committed.
//
// An EventStore owns one RocksDB ledger directory. Append takes a command (one or more streams,
// each with an expected version) and returns only after the events are synced to disk, with
// their positions and outcome: kAppended, or kAlreadyAppended with the original positions when
// the command id was seen before (forever, across restarts). A wrong expected version is a
// Status::Rejected(kWrongExpectedVersion) naming stream, expected and actual version; a bad
// request is InvalidArgument; both write nothing. Positions are dense from 0, stream versions
// dense from 1. Every entry is a leaf of an RFC 6962 Merkle tree whose root, for any size up to
// the head, can be computed from stored nodes (RootAt).
//
// Open never goes back past what the ledger promised. RocksDB refuses a damaged write-ahead
// log (database.h), and Open explains the refusal (recovery_check.h). It checks the stored head
// against the entries and the tree, and against the floor (head_floor.h): a head below the last
// acknowledged or signed size, or another root there, is Corruption naming both sizes, before
// anything is served. Appends are refused with NoSpace while the disk is below its reserve
// (disk_space.h), and resume by themselves once space is freed.
// Close (or the destructor) drains queued appends and closes RocksDB.
//
// Pieces: store/prepared_append.h (validation, encoding), store/sequencer.h (group commit),
// store/entry_reader.h (reads), format/layout.h (on-disk format), integrity/merkle.h (tree).
// Docs: docs/architecture.md, docs/storage-format.md, docs/event-catalogue.md.
// Thread safety: every method may be called from any thread; Close must not race with others.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>

#include "ledger/base/clock.h"
#include "ledger/base/status.h"
#include "ledger/base/types.h"
#include "ledger/format/hash.h"
#include "ledger/integrity/merkle.h"
#include "ledger/integrity/proof.h"
#include "ledger/store/append_request.h"
#include "ledger/store/backup.h"
#include "ledger/store/disk_space.h"
#include "ledger/store/entry_reader.h"
#include "ledger/store/head_floor.h"
#include "ledger/store/head_watch.h"
#include "ledger/store/store_types.h"
#include "ledger/store/stream_list.h"

namespace ledger {

// Internal to the store (database.h, sequencer.h); named here only as what the members point to.
// This header includes no RocksDB header: what callers see of the database is an opaque
// reference (database()), which only the store's own functions can use.
class Database;
class Sequencer;

struct EventStoreOptions {
  std::string path;               // The ledger directory.
  bool create_if_missing = true;  // Create a new, empty ledger when `path` holds none.
  Clock* clock = nullptr;         // Source of recorded times; the system clock when null.
  std::size_t block_cache_bytes = 256 << 20;
  rocksdb::Env* env = nullptr;    // RocksDB environment; the default when null (see database.h).
  GroupObserver on_group_commit;  // Metrics of each durable group (store/sequencer.h).
  // Buffer sizes and disk reserve; by default BudgetFor(the size of the file system holding
  // `path`) (disk_space.h). Tests set small ones.
  std::optional<StorageBudget> budget;
  // Open for reading only, without writing a byte (RocksDB's read-only mode; the floor is
  // checked, not written): for tools beside a running ledgerd, which holds the ledger's lock.
  // The head is the one durable when the store opened; appends answer InvalidArgument.
  bool read_only = false;
};

class EventStore {
 public:
  static Result<std::unique_ptr<EventStore>> Open(const EventStoreOptions& options);
  // True when another process holds the ledger directory at `path` open for writing (a
  // running ledgerd holds RocksDB's lock on it): tools then refuse or open read-only.
  static bool LockedElsewhere(const std::string& path);
  ~EventStore();
  EventStore(const EventStore&) = delete;
  EventStore& operator=(const EventStore&) = delete;

  // Appends and waits until durable. See the file comment for outcomes.
  Result<AppendReceipt> Append(const AppendRequest& request);
  // Same, without waiting: `done` runs once, after the write, on one of the store's threads
  // (or on this thread when the request is invalid or the store is closing or failed). It
  // must not block; it may call AppendAsync but never Append (see AppendCallback).
  // `sequenced`, if set, runs on this thread before AppendAsync returns, when the append was
  // sequenced (SequencedCallback in store/sequencer.h).
  void AppendAsync(const AppendRequest& request, AppendCallback done,
                   SequencedCallback sequenced = {});

  // The durable tree head: size (the next position) and root.
  TreeHead head() const;
  // Tells when the durable head moves (store/head_watch.h): wait on it instead of polling.
  // Valid until the store is destroyed; after Close it no longer moves.
  HeadWatch& head_watch() const { return *watch_; }
  // What the store promised (head_floor.h): the last acknowledged and signed heads (empty for
  // a read-only store, which checks the floor at open but does not keep it).
  layout::Floor floor() const { return floor_ ? floor_->current() : layout::Floor{}; }
  // Records, synced, that a checkpoint of (size, root) is about to be signed: after this the
  // ledger never opens below it. `size` must not exceed the durable head.
  Status RecordSignedHead(std::uint64_t size, const Hash& root);
  // Ok, or the NoSpace status appends get now (the disk is below its reserve, or a write
  // failed on a full disk and the store has not resumed yet).
  Status WriteState() const;
  // The root of the tree of `size` (<= head().size), from stored nodes.
  Result<Hash> RootAt(std::uint64_t size) const;

  Result<StoredEntry> ReadEntry(Position position) const;
  Result<LogPage> ReadLog(Position from, std::size_t limit) const;
  Result<StreamPage> ReadStream(const std::string& stream_id, StreamVersion from,
                                std::size_t limit) const;

  // True when a command with this id is durably appended (its retries answer kAlreadyAppended).
  Result<bool> CommandSeen(const std::string& command_id) const;
  // The version the next append to a stream is checked against (0: no stream): the durable
  // one plus appends sequenced and not yet durable.
  Result<StreamVersion> VersionNow(const std::string& stream_id) const;
  // How many reads the calls above, FindCommand, ReadEntry, ReadLog and ReadStream made so far
  // (each call counts one): what tests use to see that a path reads nothing.
  std::uint64_t reads() const { return reads_.load(std::memory_order_relaxed); }
  // Stream ids starting with `prefix`, after `after`, in id order (store/stream_list.h).
  Result<StreamIdPage> ListStreams(std::string_view prefix, const std::string& after,
                                   std::size_t limit) const;

  // Makes RocksDB drop the bytes of every personal payload an erasure deleted, from every file
  // of the ledger directory (store/personal_purge.h: flush all, compact the personal column
  // family with the bottommost level forced, obsolete WAL files deleted), then clears
  // meta/purge-pending unless another erasure became durable meanwhile (its own purge clears
  // it). Blocks for the flush and the compaction. Open runs it first when meta/purge-pending
  // is set (an erasure acknowledged, or crashed after its write, before its purge ended).
  // InvalidArgument on a read-only store.
  Status PurgeErased();
  // Copies a consistent cut of this ledger into `backups` (store/backup.h) while appends go on;
  // the backup holds at least the head durable when it began. InvalidArgument on a read-only
  // store. Blocks for a flush and the copy of what changed since the set's last backup.
  Result<BackupSummary> BackUp(BackupSet& backups);
  // Where a durably appended command's events are: [first, first + count); empty when the id
  // was never appended.
  struct CommandPlace {
    Position first_position;
    std::uint32_t count = 0;
  };
  Result<std::optional<CommandPlace>> FindCommand(const std::string& command_id) const;

  SequencerStats stats() const;
  // The ledger's database, for the store's own functions that take one (receipts.h,
  // bundle_export.h, checkpoint_store.h, log_scan.h) and for tests that reach the raw column
  // families (database.h, which includes RocksDB).
  const Database& database() const { return *database_; }
  // The ledger directory this store has open.
  const std::string& path() const;

  // Drains queued appends, stops the sequencer and closes the database. Idempotent. Later
  // valid appends and all reads answer ShuttingDown (an invalid append still gets its
  // InvalidArgument); head() keeps the last durable head. Must not race
  // with other calls still in progress.
  void Close();

 private:
  EventStore() = default;
  Status CheckOpen() const;
  static Status CheckHead(Database& database, const layout::Head& head,
                          const MerkleFrontier& frontier);
  // Checks `head` against the floor file, then opens it (creating it from `head` if absent).
  Status OpenFloor(const std::string& path, const layout::Head& head, const NodeLoader& load);

  std::unique_ptr<Clock> owned_clock_;
  Clock* clock_ = nullptr;
  std::unique_ptr<Database> database_;
  std::unique_ptr<HeadFloor> floor_;
  std::unique_ptr<DiskSpace> disk_;
  std::unique_ptr<EntryReader> reader_;
  std::unique_ptr<HeadWatch> watch_;  // Declared before sequencer_, which advances it.
  std::unique_ptr<Sequencer> sequencer_;
  std::atomic<bool> closed_{false};
  bool read_only_ = false;
  mutable std::atomic<std::uint64_t> reads_{0};
  std::atomic<std::uint64_t> erasures_durable_{0};  // Appends with erase_personal written.
};

}  // namespace ledger
