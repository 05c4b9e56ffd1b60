#include "ledger/store/bundle_export.h"

#include <chrono>
#include <memory>
#include <set>

#include "ledger/integrity/bundle.h"
#include "ledger/integrity/proof.h"
#include "ledger/store/checkpoint_store.h"
#include "ledger/store/database.h"
#include "ledger/store/layout.h"
#include "ledger/store/tree_nodes.h"

namespace ledger {
namespace {

// Prefix nodes, checkpoints and consistency proofs: everything before the entries.
Status WriteHeader(const Database& db, BundleWriter& writer, std::uint64_t first,
                   std::uint64_t end, ExportSummary& summary) {
  TreeNodeReader nodes(db.db(), db.tree());
  NodeLoader load = [&](NodeId id) { return nodes.Node(id); };
  Status failure;
  ForEachPerfectSubtree(first, [&](NodeId id) {
    if (!failure.ok()) return;
    Result<Hash> hash = load(id);
    failure = hash.ok() ? writer.AddPrefixNode(id, *hash) : hash.status();
  });
  LEDGER_RETURN_IF_ERROR(failure);
  Result<std::vector<StoredCheckpoint>> checkpoints = CheckpointsUpTo(db, end);
  if (!checkpoints.ok()) return checkpoints.status();
  // A range that ends between checkpoints also gets the first checkpoint past its end: with
  // a proof from the end to it, it vouches for the end root and so for every entry.
  if (end > 0 && (checkpoints->empty() || checkpoints->back().size != end)) {
    Result<std::optional<StoredCheckpoint>> later = CheckpointCovering(db, end + 1);
    if (!later.ok()) return later.status();
    if (later->has_value()) checkpoints->push_back(std::move(later)->value());
  }
  for (const StoredCheckpoint& checkpoint : *checkpoints) {
    LEDGER_RETURN_IF_ERROR(writer.AddCheckpoint(checkpoint.note));
  }
  summary.checkpoints = checkpoints->size();
  // Successive pairs, each to the last, and the range's end to the last: enough to tie any
  // of them, the end, or a checkpoint an auditor saved, to the newest.
  std::set<std::pair<std::uint64_t, std::uint64_t>> pairs;
  const std::uint64_t last = checkpoints->empty() ? 0 : checkpoints->back().size;
  for (std::size_t i = 0; i + 1 < checkpoints->size(); ++i) {
    if ((*checkpoints)[i].size == 0) continue;
    pairs.insert({(*checkpoints)[i].size, (*checkpoints)[i + 1].size});
    pairs.insert({(*checkpoints)[i].size, last});
  }
  if (end > 0 && last > end) pairs.insert({end, last});
  for (const auto& [old_size, new_size] : pairs) {
    Result<std::vector<Hash>> proof = ConsistencyProof(old_size, new_size, load);
    if (!proof.ok()) return proof.status();
    LEDGER_RETURN_IF_ERROR(writer.AddConsistency(old_size, new_size, *proof));
  }
  return Status::Ok();
}

Status WriteEntries(const Database& db, BundleWriter& writer, const ExportOptions& options,
                    std::uint64_t first, std::uint64_t end, ExportSummary& summary) {
  std::string upper = layout::PositionKey(Position{end});
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions read;
  read.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db.db()->NewIterator(read, db.entries()));
  auto last_progress = std::chrono::steady_clock::now();
  std::uint64_t written = 0;
  for (it->Seek(layout::PositionKey(Position{first})); it->Valid(); it->Next(), ++written) {
    Result<Position> position = layout::DecodePositionKey(it->key().ToStringView());
    if (!position.ok()) return position.status();
    // Entries go out as stored, damaged or not: judging them is the verifier's job.
    LEDGER_RETURN_IF_ERROR(writer.AddEntry(*position, it->value().ToStringView()));
    if (options.with_personal) {
      std::string stored;
      rocksdb::Status got =
          db.db()->Get(rocksdb::ReadOptions(), db.personal(), it->key(), &stored);
      if (got.ok()) {
        LEDGER_RETURN_IF_ERROR(writer.AddPersonal(*position, stored));
        ++summary.personal_payloads;
      } else if (!got.IsNotFound()) {
        return FromRocks(got, "reading personal payload at " + std::to_string(position->value));
      }
    }
    if (options.progress && (written & 0xfff) == 0 &&
        std::chrono::steady_clock::now() - last_progress > std::chrono::seconds(1)) {
      options.progress(written, end - first);
      last_progress = std::chrono::steady_clock::now();
    }
  }
  return FromRocks(it->status(), "reading entries");
}

}  // namespace

Result<ExportSummary> ExportBundle(const std::string& data_dir, const std::string& out_path,
                                   const ExportOptions& options) {
  Result<std::unique_ptr<Database>> db =
      Database::Open({.path = data_dir, .create_if_missing = false, .read_only = true});
  if (!db.ok()) return db.status();
  Result<layout::Head> head = (*db)->ReadHead();
  if (!head.ok()) return head.status();
  ExportSummary summary;
  summary.first = options.first;
  summary.end = options.end.value_or(head->size);
  if (summary.first > summary.end || summary.end > head->size) {
    return Status::InvalidArgument("range [" + std::to_string(summary.first) + ", " +
                                   std::to_string(summary.end) + ") is not within the log [0, " +
                                   std::to_string(head->size) + ")");
  }
  Result<std::unique_ptr<BundleWriter>> writer =
      BundleWriter::Create(out_path, summary.first, summary.end);
  if (!writer.ok()) return writer.status();
  LEDGER_RETURN_IF_ERROR(WriteHeader(**db, **writer, summary.first, summary.end, summary));
  LEDGER_RETURN_IF_ERROR(
      WriteEntries(**db, **writer, options, summary.first, summary.end, summary));
  TreeNodeReader nodes((*db)->db(), (*db)->tree());
  Result<Hash> root = RootFromNodes(summary.end, [&](NodeId id) { return nodes.Node(id); });
  if (!root.ok()) return root.status();
  LEDGER_RETURN_IF_ERROR((*writer)->Finish(*root));
  return summary;
}

}  // namespace ledger
