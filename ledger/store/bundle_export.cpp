#include "ledger/store/bundle_export.h"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <set>

#include "ledger/base/check.h"
#include "ledger/format/layout.h"
#include "ledger/integrity/bundle.h"
#include "ledger/integrity/key_history.h"
#include "ledger/integrity/log_verifier.h"
#include "ledger/integrity/note.h"
#include "ledger/integrity/proof.h"
#include "ledger/integrity/proof_verify.h"
#include "ledger/store/checkpoint_store.h"
#include "ledger/store/database.h"
#include "ledger/store/erased_positions.h"
#include "ledger/store/read_only.h"
#include "ledger/store/tree_nodes.h"

namespace ledger {
namespace {

// What an export holds the directory to while it writes: it has no public key, so it cannot
// check signatures (the auditor does), but everything else the bundle will claim must hold,
// or nothing is exported. The entries are checked and folded into the tree from the prefix
// nodes on, each leaf against the stored one; the recomputed root must meet the root of every
// checkpoint body inside the range and the root written to the trailer; every checkpoint
// must state the size it is stored under; every consistency proof must verify between the
// roots it ties.
class ExportCheck {
 public:
  ExportCheck(std::string data_dir, MerkleFrontier prefix)
      : data_dir_(std::move(data_dir)), verifier_(std::move(prefix)) {}

  // The root the entries must reach at `size`.
  void Expect(std::uint64_t size, const Hash& root) { roots_[size] = root; }
  const Hash* RootAt(std::uint64_t size) const {
    auto it = roots_.find(size);
    return it == roots_.end() ? nullptr : &it->second;
  }
  Status Checkpoint(const StoredCheckpoint& stored);
  Status Proof(std::uint64_t old_size, std::uint64_t new_size, const std::vector<Hash>& proof);
  Status Entry(Position position, std::span<const std::uint8_t> bytes,
               std::optional<std::string_view> personal, const Result<Hash>& leaf);
  Status End(std::uint64_t end);

 private:
  Status Damaged(const Finding& finding) const {
    return Status::Corruption("the ledger at '" + data_dir_ +
                              "' is damaged, so nothing was "
                              "exported: " +
                              finding.ToString());
  }
  std::string data_dir_;
  LogVerifier verifier_;
  std::map<std::uint64_t, Hash> roots_;
};

Status ExportCheck::Checkpoint(const StoredCheckpoint& stored) {
  std::size_t blank = stored.note.find("\n\n");
  Result<ledger::Checkpoint> body =
      blank == std::string::npos
          ? Result<ledger::Checkpoint>(Status::InvalidArgument("no blank line"))
          : ledger::Checkpoint::ParseBody(std::string_view(stored.note).substr(0, blank + 1));
  if (!body.ok()) {
    return Damaged(
        {FindingKind::kBadCheckpoint, stored.size,
         "the checkpoint stored under this size is not a checkpoint: " + body.status().message()});
  }
  if (body->size != stored.size) {
    return Damaged({FindingKind::kBadCheckpoint, stored.size,
                    "the checkpoint stored under size " + std::to_string(stored.size) +
                        " states size " + std::to_string(body->size)});
  }
  Expect(body->size, body->root);
  return Status::Ok();
}

Status ExportCheck::Proof(std::uint64_t old_size, std::uint64_t new_size,
                          const std::vector<Hash>& proof) {
  const Hash* old_root = RootAt(old_size);
  const Hash* new_root = RootAt(new_size);
  LEDGER_CHECK(old_root != nullptr && new_root != nullptr, "a proof between unknown roots");
  Status consistent = VerifyConsistency(old_size, new_size, *old_root, *new_root, proof);
  if (consistent.ok()) return Status::Ok();
  return Damaged({FindingKind::kInconsistentHistory, old_size,
                  "the stored tree's proof from size " + std::to_string(old_size) + " to size " +
                      std::to_string(new_size) + ": " + consistent.message()});
}

Status ExportCheck::Entry(Position position, std::span<const std::uint8_t> bytes,
                          std::optional<std::string_view> personal, const Result<Hash>& leaf) {
  if (!leaf.ok() && leaf.status().code() != Status::Code::kNotFound &&
      leaf.status().code() != Status::Code::kCorruption) {
    return leaf.status();
  }
  std::optional<Finding> finding =
      leaf.ok() ? verifier_.AddEntryWithLeaf(position, bytes, personal, *leaf)
                : verifier_.AddEntry(position, bytes, personal);
  if (!finding && !leaf.ok()) {
    finding = Finding{FindingKind::kLeafMismatch, position.value,
                      "the tree's leaf: " + leaf.status().message()};
  }
  if (!finding) {
    if (const Hash* root = RootAt(verifier_.size())) {
      finding = verifier_.CheckRoot(*root, "the stored tree");
    }
  }
  return finding ? Damaged(*finding) : Status::Ok();
}

Status ExportCheck::End(std::uint64_t end) {
  if (verifier_.size() < end) {
    return Damaged({FindingKind::kMissingEntry, verifier_.size(),
                    "the entries end here, the range ends at " + std::to_string(end)});
  }
  return Status::Ok();
}

// Prefix nodes, checkpoints and consistency proofs: everything before the entries.
Status WriteHeader(const Database& db, BundleWriter& writer, std::uint64_t first, std::uint64_t end,
                   ExportCheck& check, ExportSummary& summary) {
  TreeNodeReader nodes(db.db(), db.tree());
  NodeLoader load = [&](NodeId id) { return nodes.Node(id); };
  Status failure;
  ForEachPerfectSubtree(first, [&](NodeId id) {
    if (!failure.ok()) return;
    Result<Hash> hash = load(id);
    failure = hash.ok() ? writer.AddPrefixNode(id, *hash) : hash.status();
  });
  LEDGER_RETURN_IF_ERROR(failure);
  // The whole key history, whatever the range: an auditor holding any of the log's keys can
  // then follow it to the key of every checkpoint in the bundle.
  Result<std::string> history_text = LoadKeyHistory(db);
  if (!history_text.ok()) return history_text.status();
  Result<KeyHistory> history = KeyHistory::Parse(*history_text);
  if (!history.ok()) {
    return Status::Corruption("the key history (meta/key-history) does not check out: " +
                              history.status().message());
  }
  for (const KeyTransition& transition : history->transitions()) {
    LEDGER_RETURN_IF_ERROR(writer.AddKeyTransition(transition.note));
  }
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
    LEDGER_RETURN_IF_ERROR(check.Checkpoint(checkpoint));
    LEDGER_RETURN_IF_ERROR(writer.AddCheckpoint(checkpoint.note));
  }
  summary.checkpoints = checkpoints->size();
  // Every successive pair (the auditor requires each), each to the last, and the range's end
  // to the last: enough to tie any of them, the end, or a checkpoint an auditor saved, to the
  // newest. From size 0 no proof is needed: the empty tree is a prefix of every tree.
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
    LEDGER_RETURN_IF_ERROR(check.Proof(old_size, new_size, *proof));
    LEDGER_RETURN_IF_ERROR(writer.AddConsistency(old_size, new_size, *proof));
  }
  return Status::Ok();
}

std::span<const std::uint8_t> AsBytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

Status WriteEntries(const Database& db, BundleWriter& writer, const ExportOptions& options,
                    const std::map<std::uint64_t, std::uint64_t>& erased, std::uint64_t first,
                    std::uint64_t end, ExportCheck& check, ExportSummary& summary) {
  std::string upper = layout::PositionKey(Position{end});
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions read;
  read.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db.db()->NewIterator(read, db.entries()));
  TreeLevelCursor leaves(db.db(), db.tree(), 0, 4 << 20);
  auto last_progress = std::chrono::steady_clock::now();
  std::uint64_t written = 0;
  for (it->Seek(layout::PositionKey(Position{first})); it->Valid(); it->Next(), ++written) {
    Result<Position> position = layout::DecodePositionKey(it->key().ToStringView());
    if (!position.ok()) return position.status();
    std::string_view bytes = it->value().ToStringView();
    std::optional<std::string> stored;
    if (options.with_personal) {
      stored.emplace();
      rocksdb::Status got =
          db.db()->Get(rocksdb::ReadOptions(), db.personal(), it->key(), &*stored);
      if (got.IsNotFound()) {
        stored.reset();
      } else if (!got.ok()) {
        return FromRocks(got, "reading personal payload at " + std::to_string(position->value));
      }
    }
    LEDGER_RETURN_IF_ERROR(check.Entry(
        *position, AsBytes(bytes), stored ? std::optional<std::string_view>(*stored) : std::nullopt,
        leaves.Node(position->value)));
    LEDGER_RETURN_IF_ERROR(writer.AddEntry(*position, bytes));
    if (stored) {
      LEDGER_RETURN_IF_ERROR(writer.AddPersonal(*position, *stored));
      ++summary.personal_payloads;
    } else if (auto by = erased.find(position->value); by != erased.end()) {
      LEDGER_RETURN_IF_ERROR(writer.AddErased(*position, by->second));
      ++summary.erased_payloads;
    }
    if (options.progress && (written & 0xfff) == 0 &&
        std::chrono::steady_clock::now() - last_progress > std::chrono::seconds(1)) {
      options.progress(written, end - first);
      last_progress = std::chrono::steady_clock::now();
    }
  }
  LEDGER_RETURN_IF_ERROR(FromRocks(it->status(), "reading entries"));
  return check.End(end);
}

// Writes the bundle of [summary.first, summary.end) to `path`; `head` is the head when the
// export began.
Status WriteBundle(const std::string& data_dir, const Database& db, const std::string& path,
                   const ExportOptions& options, std::uint64_t head, ExportSummary& summary) {
  Result<std::map<std::uint64_t, std::uint64_t>> erased =
      ErasedPositions(db, options.erasure_stream_prefix, head, summary.first, summary.end);
  if (!erased.ok()) return erased.status();
  TreeNodeReader nodes(db.db(), db.tree());
  NodeLoader load = [&](NodeId id) { return nodes.Node(id); };
  Result<MerkleFrontier> prefix = MerkleFrontier::Load(summary.first, load);
  if (!prefix.ok()) return prefix.status();
  Result<Hash> end_root = RootFromNodes(summary.end, load);
  if (!end_root.ok()) return end_root.status();
  ExportCheck check(data_dir, std::move(prefix).value());
  check.Expect(summary.end, *end_root);
  Result<std::unique_ptr<BundleWriter>> writer =
      BundleWriter::Create(path, summary.first, summary.end);
  if (!writer.ok()) return writer.status();
  LEDGER_RETURN_IF_ERROR(WriteHeader(db, **writer, summary.first, summary.end, check, summary));
  LEDGER_RETURN_IF_ERROR(
      WriteEntries(db, **writer, options, *erased, summary.first, summary.end, check, summary));
  return (*writer)->Finish(*end_root);
}

}  // namespace

Result<ExportSummary> ExportBundle(const std::string& data_dir, const std::string& out_path,
                                   const ExportOptions& options) {
  Result<ReadOnlyDatabase> db = OpenReadOnly(data_dir);
  if (!db.ok()) return db.status();
  return ExportBundle(**db, data_dir, out_path, options);
}

Result<ExportSummary> ExportBundle(const Database& db, const std::string& data_dir,
                                   const std::string& out_path, const ExportOptions& options) {
  Result<layout::Head> head = db.ReadHead();
  if (!head.ok()) return head.status();
  ExportSummary summary;
  summary.first = options.first;
  summary.end = options.end.value_or(head->size);
  if (summary.first > summary.end || summary.end > head->size) {
    return Status::InvalidArgument("range [" + std::to_string(summary.first) + ", " +
                                   std::to_string(summary.end) + ") is not within the log [0, " +
                                   std::to_string(head->size) + ")");
  }
  // Written beside the target and renamed over it only when whole and checked: a refused or
  // failed export leaves no bundle behind, not even a partial one.
  const std::string partial = out_path + ".partial";
  Status written = WriteBundle(data_dir, db, partial, options, head->size, summary);
  if (written.ok() && std::rename(partial.c_str(), out_path.c_str()) != 0) {
    written = Status::IoError("renaming '" + partial + "' to '" + out_path +
                              "': " + std::strerror(errno));
  }
  if (!written.ok()) {
    std::remove(partial.c_str());
    return written;
  }
  return summary;
}

}  // namespace ledger
