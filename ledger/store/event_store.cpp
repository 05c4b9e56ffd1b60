#include "ledger/store/event_store.h"

#include <spdlog/spdlog.h>

#include <future>

#include "ledger/format/layout.h"
#include "ledger/store/database.h"
#include "ledger/store/personal_purge.h"
#include "ledger/store/prepared_append.h"
#include "ledger/store/recovery_check.h"
#include "ledger/store/sequencer.h"
#include "ledger/store/tree_nodes.h"

namespace ledger {

bool EventStore::LockedElsewhere(const std::string& path) {
  return Database::LockedElsewhere(path);
}

TreeHead EventStore::head() const { return sequencer_->durable_head(); }

Status EventStore::WriteState() const { return sequencer_->write_state(); }

SequencerStats EventStore::stats() const { return sequencer_->stats(); }

const std::string& EventStore::path() const { return database_->path(); }

Result<std::unique_ptr<EventStore>> EventStore::Open(const EventStoreOptions& options) {
  std::unique_ptr<EventStore> store(new EventStore());
  store->clock_ = options.clock;
  if (store->clock_ == nullptr) {
    store->owned_clock_ = std::make_unique<SystemClock>();
    store->clock_ = store->owned_clock_.get();
  }
  StorageBudget budget = options.budget.value_or(BudgetFor(FilesystemBytesAt(options.path)));
  store->read_only_ = options.read_only;
  DatabaseOptions database_options{.path = options.path,
                                   .create_if_missing = options.create_if_missing,
                                   .block_cache_bytes = options.block_cache_bytes,
                                   .env = options.env,
                                   .read_only = options.read_only,
                                   .budget = budget};
  Result<std::unique_ptr<Database>> database = Database::Open(database_options);
  if (!database.ok()) {
    if (database.status().code() != Status::Code::kCorruption) return database.status();
    return DescribeRefusedOpen(database_options, database.status());
  }
  store->database_ = std::move(database).value();
  Database& db = *store->database_;

  Result<layout::Head> head = db.ReadHead();
  if (!head.ok()) return head.status();
  TreeNodeReader nodes(db.db(), db.tree());
  NodeLoader load = [&](NodeId id) { return nodes.Node(id); };
  Result<MerkleFrontier> frontier = MerkleFrontier::Load(head->size, load);
  if (!frontier.ok()) {
    return Status::Corruption("tree of size " + std::to_string(head->size) +
                              " cannot be loaded: " + frontier.status().message());
  }
  LEDGER_RETURN_IF_ERROR(CheckHead(db, *head, *frontier));
  LEDGER_RETURN_IF_ERROR(store->OpenFloor(options.path, *head, load));

  store->disk_ = std::make_unique<DiskSpace>(options.env, options.path, budget.reserve_bytes);
  store->reader_ = std::make_unique<EntryReader>(db);
  store->watch_ = std::make_unique<HeadWatch>(head->size);
  store->sequencer_ =
      std::make_unique<Sequencer>(db, *store->clock_, *head, std::move(frontier).value(),
                                  SequencerHooks{.observer = options.on_group_commit,
                                                 .floor = store->floor_.get(),
                                                 .disk = store->disk_.get(),
                                                 .watch = store->watch_.get()});
  spdlog::info("opened ledger '{}': size {}, root {}", options.path, head->size, ToHex(head->root));
  if (!options.read_only) {
    Result<bool> pending = PurgePending(db);
    if (!pending.ok()) return pending.status();
    if (*pending) {
      spdlog::info("ledger '{}': an erasure's purge did not finish; purging now", options.path);
      LEDGER_RETURN_IF_ERROR(store->PurgeErased());
    }
  }
  return store;
}

Status EventStore::OpenFloor(const std::string& path, const layout::Head& head,
                             const NodeLoader& load) {
  Result<std::optional<layout::Floor>> recorded = HeadFloor::Read(path);
  if (!recorded.ok()) {
    return Status::Corruption(recorded.status().message() +
                              "; if the ledger itself is intact, move the file away and open "
                              "again: it is written anew from the current head (a rollback "
                              "before that cannot be detected)");
  }
  if (recorded->has_value()) {
    LEDGER_RETURN_IF_ERROR(CheckAgainstFloor(path, head, **recorded, load));
  }
  if (read_only_) return Status::Ok();  // Checked; a reader writes no floor.
  layout::Floor initial{.acknowledged_size = head.size,
                        .acknowledged_root = head.root,
                        .written_at_us = clock_->NowUs()};
  Result<std::unique_ptr<HeadFloor>> floor = HeadFloor::Open(path, initial);
  if (!floor.ok()) return floor.status();
  floor_ = std::move(floor).value();
  if (floor_->created() && head.size > 0) {
    spdlog::warn(
        "the ledger '{}' had no floor file (written by an older version, or removed): "
        "its current head (size {}) is now the floor; a rollback before this open "
        "cannot be detected",
        path, head.size);
  }
  return Status::Ok();
}

Status EventStore::RecordSignedHead(std::uint64_t size, const Hash& root) {
  LEDGER_RETURN_IF_ERROR(CheckOpen());
  if (read_only_) return Status::InvalidArgument("the ledger is opened read-only");
  if (size > head().size) {
    return Status::InvalidArgument("cannot record a signed head of size " + std::to_string(size) +
                                   " past the durable head (size " + std::to_string(head().size) +
                                   ")");
  }
  return floor_->RecordSigned(size, root, clock_->NowUs());
}

Status EventStore::CheckHead(Database& db, const layout::Head& head,
                             const MerkleFrontier& frontier) {
  std::string size_text = std::to_string(head.size);
  if (frontier.Root() != head.root) {
    return Status::Corruption("stored tree nodes give root " + ToHex(frontier.Root()) +
                              " for size " + size_text + ", meta/head says " + ToHex(head.root));
  }
  std::string ignored;
  rocksdb::Status past = db.db()->Get(rocksdb::ReadOptions(), db.entries(),
                                      layout::PositionKey(Position{head.size}), &ignored);
  if (past.ok()) {
    return Status::Corruption("an entry exists at position " + size_text +
                              ", past the head (size " + size_text + ")");
  }
  if (head.size == 0) return Status::Ok();
  // The last entry must exist, decode, and hash to the stored leaf.
  Position last{head.size - 1};
  std::string stored;
  rocksdb::Status got =
      db.db()->Get(rocksdb::ReadOptions(), db.entries(), layout::PositionKey(last), &stored);
  if (got.IsNotFound()) {
    return Status::Corruption("entry at position " + std::to_string(last.value) +
                              " is missing below the head (size " + size_text + ")");
  }
  LEDGER_RETURN_IF_ERROR(FromRocks(got, "reading the last entry"));
  Result<StoredEntry> entry = StoredEntry::Decode(last, stored);
  if (!entry.ok()) return entry.status();
  TreeNodeReader nodes(db.db(), db.tree());
  Result<Hash> leaf = nodes.Node(NodeId{0, last.value});
  if (!leaf.ok()) return leaf.status();
  if (*leaf != LeafHash(entry->bytes())) {
    return Status::Corruption("entry at position " + std::to_string(last.value) +
                              " does not hash to its stored leaf");
  }
  return Status::Ok();
}

EventStore::~EventStore() { Close(); }

void EventStore::Close() {
  if (closed_.exchange(true)) return;
  // The stopped sequencer stays: it answers later appends with ShuttingDown and keeps the head.
  if (sequencer_) sequencer_->Stop();
  reader_.reset();
  // Everything is durable in the write-ahead log already; flushing the memtables on a clean
  // close only spares the next open (and every read-only audit) replaying that log.
  if (database_) {
    Status flushed = read_only_ ? Status::Ok() : database_->FlushAll();
    if (!flushed.ok()) spdlog::warn("closing ledger: {}", flushed.ToString());
  }
  if (floor_) {
    Status synced = floor_->Sync();
    if (!synced.ok()) spdlog::warn("closing ledger: {}", synced.ToString());
  }
  database_.reset();
}

Status EventStore::CheckOpen() const {
  if (closed_.load()) return Status::ShuttingDown("the ledger is closed");
  return Status::Ok();
}

void EventStore::AppendAsync(const AppendRequest& request, AppendCallback done,
                             SequencedCallback sequenced) {
  if (read_only_) {
    done(Status::InvalidArgument("the ledger is opened read-only: appends go through ledgerd"));
    return;
  }
  Result<PreparedAppend> prepared = PrepareAppend(request);
  if (!prepared.ok()) {
    done(prepared.status());
    return;
  }
  if (!prepared->erase_personal.empty()) {
    // Counted once durable, for PurgeErased's "did another erasure land meanwhile".
    done = [this, inner = std::move(done)](Result<AppendReceipt> result) {
      if (result.ok() && result->outcome == AppendOutcome::kAppended) {
        erasures_durable_.fetch_add(1);
      }
      inner(std::move(result));
    };
  }
  sequencer_->Submit(std::move(prepared).value(), std::move(done), std::move(sequenced));
}

Result<AppendReceipt> EventStore::Append(const AppendRequest& request) {
  std::promise<Result<AppendReceipt>> promise;
  std::future<Result<AppendReceipt>> future = promise.get_future();
  AppendAsync(request,
              [&promise](Result<AppendReceipt> result) { promise.set_value(std::move(result)); });
  return future.get();
}

Result<Hash> EventStore::RootAt(std::uint64_t size) const {
  LEDGER_RETURN_IF_ERROR(CheckOpen());
  TreeHead current = head();
  if (size > current.size) {
    return Status::InvalidArgument("tree size " + std::to_string(size) +
                                   " is past the head (size " + std::to_string(current.size) + ")");
  }
  if (size == current.size) return current.root;
  return StoredRootAt(database_->db(), database_->tree(), size);
}

Result<bool> EventStore::CommandSeen(const std::string& command_id) const {
  LEDGER_RETURN_IF_ERROR(CheckOpen());
  reads_.fetch_add(1, std::memory_order_relaxed);
  std::string value;
  rocksdb::Status got =
      database_->db()->Get(rocksdb::ReadOptions(), database_->commands(), command_id, &value);
  if (got.IsNotFound()) return false;
  LEDGER_RETURN_IF_ERROR(FromRocks(got, "looking up command id '" + command_id + "'"));
  return true;
}

Result<std::optional<EventStore::CommandPlace>> EventStore::FindCommand(
    const std::string& command_id) const {
  LEDGER_RETURN_IF_ERROR(CheckOpen());
  reads_.fetch_add(1, std::memory_order_relaxed);
  std::string value;
  rocksdb::Status got =
      database_->db()->Get(rocksdb::ReadOptions(), database_->commands(), command_id, &value);
  if (got.IsNotFound()) return std::optional<CommandPlace>();
  LEDGER_RETURN_IF_ERROR(FromRocks(got, "looking up command id '" + command_id + "'"));
  Result<layout::CommandRecord> record = layout::DecodeCommandRecord(command_id, value);
  if (!record.ok()) return record.status();
  return std::optional<CommandPlace>(CommandPlace{record->first_position, record->count});
}

Result<StreamVersion> EventStore::VersionNow(const std::string& stream_id) const {
  LEDGER_RETURN_IF_ERROR(CheckOpen());
  reads_.fetch_add(1, std::memory_order_relaxed);
  LEDGER_RETURN_IF_ERROR(ValidateStreamId(stream_id));
  return sequencer_->VersionNow(stream_id);
}

Result<StoredEntry> EventStore::ReadEntry(Position position) const {
  LEDGER_RETURN_IF_ERROR(CheckOpen());
  reads_.fetch_add(1, std::memory_order_relaxed);
  return reader_->ReadEntry(position, head().size);
}

Result<LogPage> EventStore::ReadLog(Position from, std::size_t limit) const {
  LEDGER_RETURN_IF_ERROR(CheckOpen());
  reads_.fetch_add(1, std::memory_order_relaxed);
  return reader_->ReadLog(from, limit, head().size);
}

Result<StreamPage> EventStore::ReadStream(const std::string& stream_id, StreamVersion from,
                                          std::size_t limit) const {
  LEDGER_RETURN_IF_ERROR(CheckOpen());
  reads_.fetch_add(1, std::memory_order_relaxed);
  return reader_->ReadStream(stream_id, from, limit, head().size);
}

Result<StreamIdPage> EventStore::ListStreams(std::string_view prefix, const std::string& after,
                                             std::size_t limit) const {
  LEDGER_RETURN_IF_ERROR(CheckOpen());
  reads_.fetch_add(1, std::memory_order_relaxed);
  return ListStreamIds(database_->db(), database_->streams(), prefix, after, limit);
}

Status EventStore::PurgeErased() {
  LEDGER_RETURN_IF_ERROR(CheckOpen());
  if (read_only_) return Status::InvalidArgument("the ledger is opened read-only");
  std::uint64_t before = erasures_durable_.load();
  LEDGER_RETURN_IF_ERROR(PurgeErasedPayloads(*database_));
  // An erasure durable after the flush began may have payloads this purge did not see.
  if (erasures_durable_.load() != before) return Status::Ok();
  return ClearPurgePending(*database_);
}

Result<BackupSummary> EventStore::BackUp(BackupSet& backups) {
  LEDGER_RETURN_IF_ERROR(CheckOpen());
  if (read_only_) return Status::InvalidArgument("the ledger is opened read-only");
  return backups.Create(*database_, head().size);
}

}  // namespace ledger
