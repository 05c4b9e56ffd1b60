#include "ledger/store/receipts.h"

#include "ledger/format/layout.h"
#include "ledger/integrity/proof.h"
#include "ledger/store/database.h"
#include "ledger/store/tree_nodes.h"

namespace ledger {
namespace {

Status CheckWithinHead(const Database& database, std::uint64_t size) {
  Result<layout::Head> head = database.ReadHead();
  if (!head.ok()) return head.status();
  if (size > head->size) {
    return Status::InvalidArgument("tree size " + std::to_string(size) +
                                   " is past the head (size " + std::to_string(head->size) + ")");
  }
  return Status::Ok();
}

}  // namespace

Result<StoredCheckpoint> SignedCheckpointOfSize(const Database& database, std::uint64_t size) {
  Result<std::optional<StoredCheckpoint>> found = CheckpointCovering(database, size);
  if (!found.ok()) return found.status();
  if (!found->has_value() || (*found)->size != size) {
    return Status::NotFound("no signed checkpoint has tree size " + std::to_string(size));
  }
  return std::move(found)->value();
}

Result<std::vector<Hash>> StoredInclusionProof(const Database& database, std::uint64_t index,
                                               std::uint64_t size) {
  LEDGER_RETURN_IF_ERROR(CheckWithinHead(database, size));
  TreeNodeReader nodes(database.db(), database.tree());
  return InclusionProof(index, size, [&](NodeId id) { return nodes.Node(id); });
}

Result<std::vector<Hash>> StoredConsistencyProof(const Database& database, std::uint64_t old_size,
                                                 std::uint64_t new_size) {
  LEDGER_RETURN_IF_ERROR(CheckWithinHead(database, new_size));
  TreeNodeReader nodes(database.db(), database.tree());
  return ConsistencyProof(old_size, new_size, [&](NodeId id) { return nodes.Node(id); });
}

Result<Receipt> MakeReceipt(const Database& database, Position position, bool with_personal,
                            std::uint64_t tree_size) {
  Result<StoredCheckpoint> checkpoint = Status::NotFound("");
  if (tree_size != 0) {
    checkpoint = SignedCheckpointOfSize(database, tree_size);
  } else {
    Result<std::optional<StoredCheckpoint>> latest = LatestCheckpoint(database);
    if (!latest.ok()) return latest.status();
    if (!latest->has_value()) return Status::NotFound("no checkpoint has been signed yet");
    checkpoint = std::move(latest)->value();
  }
  if (!checkpoint.ok()) return checkpoint.status();
  if (position.value >= checkpoint->size) {
    return Status::InvalidArgument(
        "position " + std::to_string(position.value) + " is not in the signed tree of size " +
        std::to_string(checkpoint->size) + (tree_size == 0 ? " (the latest checkpoint) yet" : ""));
  }
  Receipt receipt;
  receipt.position = position;
  receipt.tree_size = checkpoint->size;
  receipt.checkpoint_note = std::move(checkpoint->note);
  std::string key = layout::PositionKey(position);
  LEDGER_RETURN_IF_ERROR(
      FromRocks(database.db()->Get(rocksdb::ReadOptions(), database.entries(), key, &receipt.entry),
                "reading the entry at position " + std::to_string(position.value)));
  if (with_personal) {
    std::string stored;
    rocksdb::Status got =
        database.db()->Get(rocksdb::ReadOptions(), database.personal(), key, &stored);
    if (got.ok())
      receipt.personal = std::move(stored);
    else if (!got.IsNotFound())
      return FromRocks(got, "reading the personal payload");
  }
  Result<std::vector<Hash>> proof =
      StoredInclusionProof(database, position.value, receipt.tree_size);
  if (!proof.ok()) return proof.status();
  receipt.inclusion = std::move(proof).value();
  return receipt;
}

}  // namespace ledger
