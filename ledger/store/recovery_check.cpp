#include "ledger/store/recovery_check.h"

#include <algorithm>

#include "ledger/base/clock.h"
#include "ledger/integrity/merkle.h"
#include "ledger/store/database.h"
#include "ledger/store/head_floor.h"
#include "ledger/store/tree_nodes.h"

namespace ledger {
namespace {

constexpr const char* kWhatToRead = " (docs/operations.md, \"When the ledger refuses to start\")";

std::string N(std::uint64_t value) { return std::to_string(value); }

std::uint64_t Promised(const layout::Floor& floor) {
  return std::max(floor.acknowledged_size, floor.signed_size);
}

// "acknowledged 202885 entries to its callers and signed a checkpoint of size 202232"
std::string PromisedText(const layout::Floor& floor) {
  std::string text = "acknowledged " + N(floor.acknowledged_size) + " entries to its callers";
  if (floor.signed_size > 0) text += " and signed a checkpoint of size " + N(floor.signed_size);
  return text;
}

Status CheckRootAt(const std::string& dir, std::uint64_t size, const Hash& recorded,
                   const char* what, const std::string& floor_file, const NodeLoader& load) {
  if (size == 0) return Status::Ok();
  Result<Hash> root = RootFromNodes(size, load);
  if (!root.ok()) {
    return Status::Corruption("the ledger at '" + dir + "' cannot give its root at size " +
                              N(size) + ", which it " + what + " (" + floor_file +
                              "): " + root.status().message());
  }
  if (*root == recorded) return Status::Ok();
  return Status::Corruption(
      "the ledger at '" + dir + "' gives root " + ToHex(*root) + " at size " + N(size) +
      ", but it " + what + " with root " + ToHex(recorded) + " at that size (" + floor_file +
      "): its history was rewritten or replaced. It stays closed; restore the ledger directory "
      "from a backup of this ledger" +
      kWhatToRead);
}

}  // namespace

Status CheckAgainstFloor(const std::string& dir, const layout::Head& head,
                         const layout::Floor& floor, const NodeLoader& load) {
  std::string floor_file = HeadFloor::PathIn(dir);
  std::uint64_t promised = Promised(floor);
  if (head.size < promised) {
    return Status::Corruption(
        "the ledger at '" + dir + "' holds " + N(head.size) + " entries, but it " +
        PromisedText(floor) + " (" + floor_file + ", written " + Rfc3339Utc(floor.written_at_us) +
        "): the database came back at an earlier state, and " + N(promised - head.size) +
        " entries it promised are missing. Opening it would give their positions to new "
        "entries and fork the signed history, so it stays closed. Restore the ledger directory "
        "from a backup that holds at least " +
        N(promised) + " entries (or bring back the write-ahead log files it lost); do not delete " +
        floor_file + kWhatToRead);
  }
  LEDGER_RETURN_IF_ERROR(CheckRootAt(dir, floor.acknowledged_size, floor.acknowledged_root,
                                     "acknowledged", floor_file, load));
  return CheckRootAt(dir, floor.signed_size, floor.signed_root, "signed a checkpoint over",
                     floor_file, load);
}

Status DescribeRefusedOpen(const DatabaseOptions& options, const Status& refused) {
  std::string message =
      "RocksDB refuses to open the ledger at '" + options.path + "': " + refused.message() + ". ";
  DatabaseOptions probe = options;
  probe.create_if_missing = false;
  probe.read_only = true;
  probe.point_in_time_recovery = true;
  Result<std::unique_ptr<Database>> database = Database::Open(probe);
  Result<layout::Head> head =
      database.ok() ? (*database)->ReadHead() : Result<layout::Head>(database.status());
  if (!head.ok()) {
    return Status::Corruption(message + "A recovery to the last intact point fails too (" +
                              head.status().message() +
                              "); keep the directory as it is and restore the ledger from a "
                              "backup" +
                              kWhatToRead);
  }
  message += "Recovering the write-ahead log up to its first damaged record would keep " +
             N(head->size) + " entries (positions 0 to " +
             (head->size == 0 ? std::string("none") : N(head->size - 1)) +
             ") and drop everything written after the damage";
  Result<std::optional<layout::Floor>> floor = HeadFloor::Read(options.path);
  if (!floor.ok()) {
    message += "; what the ledger acknowledged cannot be told (" + floor.status().message() +
               "), so restore the ledger from a backup rather than recover it";
  } else if (!floor->has_value()) {
    message += "; there is no floor file (" + HeadFloor::PathIn(options.path) +
               ") to tell what the ledger acknowledged, so restore it from a backup rather "
               "than recover it";
  } else if (head->size >= Promised(**floor)) {
    message += ". The ledger " + PromisedText(**floor) +
               ", so every acknowledged entry lies before the damage: `ledgerctl recover "
               "--data " +
               options.path +
               "` keeps them and removes the damaged log (it checks the result against the "
               "floor first), then start again";
  } else {
    message += ", but the ledger " + PromisedText(**floor) + ": " +
               N(Promised(**floor) - head->size) +
               " entries it promised lie in or behind the damage. Keep this directory as it is "
               "(copy it aside) and restore the ledger from a backup that holds at least " +
               N(Promised(**floor)) + " entries";
  }
  return Status::Corruption(message + kWhatToRead);
}

namespace {

// Opens `options.path` with point-in-time recovery and checks its head against `floor`.
Result<std::unique_ptr<Database>> OpenAtIntactPoint(DatabaseOptions options, bool read_only,
                                                    const layout::Floor& floor) {
  options.create_if_missing = false;
  options.read_only = read_only;
  options.point_in_time_recovery = true;
  Result<std::unique_ptr<Database>> database = Database::Open(options);
  if (!database.ok()) return database.status();
  Result<layout::Head> head = (*database)->ReadHead();
  if (!head.ok()) return head.status();
  TreeNodeReader nodes((*database)->db(), (*database)->tree());
  LEDGER_RETURN_IF_ERROR(
      CheckAgainstFloor(options.path, *head, floor, [&](NodeId id) { return nodes.Node(id); }));
  return database;
}

}  // namespace

Result<std::uint64_t> RecoverToIntactPoint(const DatabaseOptions& options) {
  Result<std::optional<layout::Floor>> floor = HeadFloor::Read(options.path);
  if (!floor.ok()) return floor.status();
  if (!floor->has_value()) {
    return Status::InvalidArgument("'" + options.path + "' has no floor file (" +
                                   HeadFloor::PathIn(options.path) +
                                   "): what the ledger acknowledged cannot be told, so it is "
                                   "not recovered; restore it from a backup");
  }
  // Read-only first: a recovery that would lose a promised entry must not touch a byte.
  {
    Result<std::unique_ptr<Database>> probe = OpenAtIntactPoint(options, true, **floor);
    if (!probe.ok()) return probe.status();
  }
  Result<std::unique_ptr<Database>> database = OpenAtIntactPoint(options, false, **floor);
  if (!database.ok()) return database.status();
  Result<layout::Head> head = (*database)->ReadHead();
  if (!head.ok()) return head.status();
  LEDGER_RETURN_IF_ERROR((*database)->FlushAll());
  database->reset();
  // What a normal open will see.
  DatabaseOptions check = options;
  check.create_if_missing = false;
  check.read_only = true;
  Result<std::unique_ptr<Database>> reopened = Database::Open(check);
  if (!reopened.ok()) return reopened.status();
  return head->size;
}

Status CheckOpensAsIs(const std::string& path) {
  DatabaseOptions options{.path = path, .create_if_missing = false, .read_only = true};
  Result<std::unique_ptr<Database>> database = Database::Open(options);
  if (!database.ok()) {
    if (database.status().code() != Status::Code::kCorruption) return database.status();
    return DescribeRefusedOpen(options, database.status());
  }
  Result<layout::Head> head = (*database)->ReadHead();
  if (!head.ok()) return head.status();
  Result<std::optional<layout::Floor>> floor = HeadFloor::Read(path);
  if (!floor.ok()) return floor.status();
  if (!floor->has_value()) return Status::Ok();
  TreeNodeReader nodes((*database)->db(), (*database)->tree());
  return CheckAgainstFloor(path, *head, **floor, [&](NodeId id) { return nodes.Node(id); });
}

Result<std::uint64_t> RecoverToIntactPoint(const std::string& path) {
  return RecoverToIntactPoint(DatabaseOptions{.path = path});
}

}  // namespace ledger
