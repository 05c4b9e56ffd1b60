#include "ledger/integrity/audit.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <map>

#include "ledger/base/check.h"
#include "ledger/integrity/audit_reader.h"
#include "ledger/integrity/cosignature.h"
#include "ledger/integrity/proof_verify.h"

namespace ledger {
namespace {

// A root the recomputed tree must reach at a size, and what to call a mismatch.
struct RootTarget {
  enum class From : std::uint8_t { kCheckpoint, kSaved, kClaim, kPromise };
  Hash root;
  FindingKind on_mismatch;
  std::string what;
  From from = From::kCheckpoint;
  // A match proves what is below.
  bool is_signed() const { return from == From::kCheckpoint || from == From::kSaved; }
};

// The size a note's body claims, for naming a checkpoint whose signature fails (0 if none).
std::uint64_t ClaimedSize(std::string_view note) {
  std::size_t end = note.find("\n\n");
  if (end == std::string_view::npos) return 0;
  Result<Checkpoint> body = Checkpoint::ParseBody(note.substr(0, end + 1));
  return body.ok() ? body->size : 0;
}

// The keys that may sign `note`: the one the key history names for its size, or the
// auditor's own when the log never rotated (integrity/key_history.h). The history was checked
// against the auditor's keys before any note is opened.
std::vector<NoteVerifier> KeysFor(std::string_view note, const AuditOptions& options,
                                  const KeyHistory& history) {
  Result<std::vector<NoteVerifier>> keys = KeysForSize(history, options.keys, ClaimedSize(note));
  LEDGER_CHECK(keys.ok(), "the key history was checked against the auditor's keys");
  return std::move(keys).value();
}

Result<Checkpoint> OpenOrFind(std::string_view note, const AuditOptions& options,
                              const KeyHistory& history, std::optional<Finding>& finding,
                              std::string_view what) {
  Result<Checkpoint> opened = OpenCheckpoint(note, KeysFor(note, options, history));
  if (!opened.ok() && history.rotated() && !finding) {
    const KeyEpoch& epoch = history.EpochForSize(ClaimedSize(note));
    finding = Finding{FindingKind::kBadCheckpoint, ClaimedSize(note),
                      std::string(what) + ": " + opened.status().message() +
                          " (by the key history, key " + epoch.key.VerifierKeyText() +
                          " signs the sizes from " + std::to_string(epoch.from_size) + " on)"};
  }
  if (!opened.ok() && !finding) {
    finding = Finding{FindingKind::kBadCheckpoint, ClaimedSize(note),
                      std::string(what) + ": " + opened.status().message()};
  }
  return opened;
}

// True when a key of `keys` named `name` signed `note` (and that signature verifies).
bool SignedByKeyNamed(std::string_view note, const std::vector<NoteVerifier>& keys,
                      std::string_view name) {
  std::vector<NoteVerifier> named;
  for (const NoteVerifier& key : keys) {
    if (key.name() == name) named.push_back(key);
  }
  return !named.empty() && OpenCheckpoint(note, named).ok();
}

// Nothing when `checkpoint` is of the log's origin, else what is wrong. The log's origin is
// options.origin, or else the first checkpoint's; `origin` holds it once known.
std::optional<std::string> OriginProblem(const Checkpoint& checkpoint, std::string_view note,
                                         const AuditOptions& options, const KeyHistory& history,
                                         std::string& origin) {
  if (origin.empty()) origin = options.origin.value_or(checkpoint.origin);
  if (checkpoint.origin != origin) {
    return "its origin is '" + checkpoint.origin + "', the log's is '" + origin +
           "': one log has one origin";
  }
  if (!options.origin && !SignedByKeyNamed(note, KeysFor(note, options, history), origin)) {
    return "no verifier key named after its origin '" + origin +
           "' signed it (C2SP tlog-checkpoint: the log's key name is its origin); for a log "
           "whose key has another name, give the origin explicitly (ledgerctl verify "
           "--origin)";
  }
  return std::nullopt;
}

// What is wrong with a checkpoint on its own or after `previous`: where it is filed, its
// order, its origin. Nothing when it is sound.
std::optional<std::string> CheckpointProblem(const SourceCheckpoint& stored,
                                             const Checkpoint& checkpoint,
                                             const std::optional<Checkpoint>& previous,
                                             const AuditOptions& options, const KeyHistory& history,
                                             std::string& origin) {
  if (stored.stored_size && *stored.stored_size != checkpoint.size) {
    return "the checkpoint stored under size " + std::to_string(*stored.stored_size) +
           " states size " + std::to_string(checkpoint.size);
  }
  if (previous && checkpoint.size == previous->size) {
    return "a second checkpoint of size " + std::to_string(checkpoint.size) +
           ": each size is signed once";
  }
  if (previous && checkpoint.size < previous->size) {
    return "the checkpoint of size " + std::to_string(checkpoint.size) +
           " follows the one of size " + std::to_string(previous->size) +
           ": checkpoints come in increasing size";
  }
  if (auto problem = OriginProblem(checkpoint, stored.note, options, history, origin)) {
    return "the checkpoint of size " + std::to_string(checkpoint.size) + ": " + *problem;
  }
  return std::nullopt;
}

// Successive checkpoints must be tied by a consistency proof the source holds: without one,
// nothing shows the second extends the first. From size 0 the proof is empty.
Status CheckLink(AuditSource& source, const Checkpoint& previous, const Checkpoint& checkpoint,
                 AuditReport& report) {
  std::vector<Hash> proof;
  if (previous.size > 0) {
    Result<std::optional<std::vector<Hash>>> held =
        source.Consistency(previous.size, checkpoint.size);
    if (!held.ok()) return held.status();
    if (!held->has_value()) {
      report.finding = Finding{FindingKind::kMissingProof, checkpoint.size,
                               "no consistency proof from size " + std::to_string(previous.size) +
                                   " to size " + std::to_string(checkpoint.size) +
                                   ": nothing shows that the checkpoints of these sizes are of "
                                   "one history"};
      return Status::Ok();
    }
    proof = std::move(held)->value();
  }
  Status consistent =
      VerifyConsistency(previous.size, checkpoint.size, previous.root, checkpoint.root, proof);
  if (!consistent.ok()) {
    report.finding = Finding{FindingKind::kInconsistentHistory, checkpoint.size,
                             "checkpoints of sizes " + std::to_string(previous.size) + " and " +
                                 std::to_string(checkpoint.size) + ": " + consistent.message()};
  }
  return Status::Ok();
}

// The witnesses' cosignatures on one checkpoint: false (with the finding) when one of theirs
// does not verify; a checkpoint with enough of them moves report.witnessed_size.
bool CheckWitnesses(std::string_view note, const Checkpoint& checkpoint,
                    const AuditOptions& options, AuditReport& report) {
  if (options.witnesses.empty()) return true;
  Result<std::vector<VerifiedCosignature>> cosigned = VerifyCosignatures(note, options.witnesses);
  if (!cosigned.ok()) {
    report.finding = Finding{FindingKind::kBadCheckpoint, checkpoint.size,
                             "the checkpoint of size " + std::to_string(checkpoint.size) + ": " +
                                 cosigned.status().message()};
    return false;
  }
  if (options.witnesses_required > 0 && cosigned->size() >= options.witnesses_required) {
    report.witnessed_size = std::max(report.witnessed_size, checkpoint.size);
  }
  return true;
}

// Opens every checkpoint, checks each on its own and against the one before (order, origin,
// consistency). Fills `targets`; the first problem is the report's finding.
Status CheckCheckpoints(AuditSource& source, const AuditOptions& options, const KeyHistory& history,
                        std::multimap<std::uint64_t, RootTarget>& targets, AuditReport& report) {
  std::optional<Checkpoint> previous;
  for (const SourceCheckpoint& stored : source.Checkpoints()) {
    Result<Checkpoint> checkpoint =
        OpenOrFind(stored.note, options, history, report.finding, "checkpoint");
    if (!checkpoint.ok()) return Status::Ok();
    if (auto problem =
            CheckpointProblem(stored, *checkpoint, previous, options, history, report.origin)) {
      report.finding = Finding{FindingKind::kBadCheckpoint,
                               stored.stored_size.value_or(checkpoint->size), *problem};
      return Status::Ok();
    }
    if (previous) {
      LEDGER_RETURN_IF_ERROR(CheckLink(source, *previous, *checkpoint, report));
      if (report.finding) return Status::Ok();
    }
    if (!CheckWitnesses(stored.note, *checkpoint, options, report)) return Status::Ok();
    ++report.checkpoints_checked;
    targets.emplace(checkpoint->size, RootTarget{checkpoint->root, FindingKind::kRootMismatch,
                                                 "the checkpoint of that size"});
    previous = std::move(checkpoint).value();
  }
  return Status::Ok();
}

// The saved checkpoint: held against the log at its size, or, if it precedes the source's
// first entry, through a consistency proof to the latest checkpoint.
Status CheckSaved(AuditSource& source, const AuditOptions& options, const KeyHistory& history,
                  std::uint64_t prefix_size, std::multimap<std::uint64_t, RootTarget>& targets,
                  AuditReport& report) {
  if (!options.saved_checkpoint) return Status::Ok();
  Result<Checkpoint> saved = OpenOrFind(*options.saved_checkpoint, options, history, report.finding,
                                        "the saved checkpoint");
  if (!saved.ok()) return Status::Ok();
  // A note of another log proves nothing about this one: refused, not judged.
  if (auto problem =
          OriginProblem(*saved, *options.saved_checkpoint, options, history, report.origin)) {
    return Status::InvalidArgument("the saved checkpoint is not of this log: " + *problem);
  }
  if (saved->size >= prefix_size) {
    targets.emplace(saved->size, RootTarget{saved->root, FindingKind::kInconsistentHistory,
                                            "the saved checkpoint", RootTarget::From::kSaved});
    return Status::Ok();
  }
  auto latest = targets.rbegin();
  if (latest == targets.rend() || saved->size == 0) {
    return Status::InvalidArgument("the saved checkpoint (size " + std::to_string(saved->size) +
                                   ") precedes this source and no later checkpoint is in it");
  }
  Result<std::optional<std::vector<Hash>>> proof = source.Consistency(saved->size, latest->first);
  if (!proof.ok()) return proof.status();
  if (!proof->has_value()) {
    return Status::InvalidArgument(
        "the saved checkpoint precedes this source, which holds no "
        "consistency proof from its size");
  }
  Status consistent =
      VerifyConsistency(saved->size, latest->first, saved->root, latest->second.root, **proof);
  if (!consistent.ok()) {
    report.finding = Finding{FindingKind::kInconsistentHistory, saved->size,
                             "the saved checkpoint: " + consistent.message()};
  }
  return Status::Ok();
}

std::optional<Finding> CheckTargetsAt(const LogVerifier& verifier,
                                      std::multimap<std::uint64_t, RootTarget>& targets,
                                      std::uint64_t& signed_size) {
  while (!targets.empty() && targets.begin()->first <= verifier.size()) {
    auto target = targets.begin();
    if (target->first == verifier.size()) {
      if (auto finding = verifier.CheckRoot(target->second.root, target->second.what)) {
        finding->kind = target->second.on_mismatch;
        return finding;
      }
      if (target->second.is_signed()) signed_size = std::max(signed_size, target->first);
    }
    targets.erase(target);  // Sizes below the source's start were checked by proof, if at all.
  }
  return std::nullopt;
}

// An extract's end root, which the entries matched, is vouched for by the first signed
// checkpoint past it through a consistency proof: then every entry of the extract is signed.
// A checkpoint the auditor saved that lies past the end is held against a checkpoint of the
// same size in the extract, or refused as uncheckable: never silently skipped.
Status CheckPastEnd(AuditSource& source, const TreeHeadClaim& claimed,
                    const std::multimap<std::uint64_t, RootTarget>& targets, AuditReport& report) {
  auto later = std::find_if(targets.begin(), targets.end(), [](const auto& target) {
    return target.second.from == RootTarget::From::kCheckpoint;
  });
  for (const auto& [size, target] : targets) {
    if (target.from != RootTarget::From::kSaved) continue;
    auto [first, last] = targets.equal_range(size);
    auto same = std::find_if(first, last, [](const auto& other) {
      return other.second.from == RootTarget::From::kCheckpoint;
    });
    if (same == last) {
      return Status::InvalidArgument(
          "the saved checkpoint (size " + std::to_string(size) +
          ") lies past this extract's "
          "end (" +
          std::to_string(claimed.size) +
          ") and the extract holds no checkpoint of "
          "that size to hold it against: export up to at least that size");
    }
    if (same->second.root != target.root) {
      report.finding = Finding{FindingKind::kInconsistentHistory, size,
                               "the saved checkpoint and the extract's checkpoint of that size "
                               "have different roots"};
      return Status::Ok();
    }
  }
  if (!claimed.root || report.signed_size >= claimed.size || claimed.size == 0 ||
      later == targets.end()) {
    return Status::Ok();
  }
  Result<std::optional<std::vector<Hash>>> proof = source.Consistency(claimed.size, later->first);
  if (!proof.ok()) return proof.status();
  if (!proof->has_value()) return Status::Ok();  // Nothing vouches: the tail stays unsigned.
  Status consistent =
      VerifyConsistency(claimed.size, later->first, *claimed.root, later->second.root, **proof);
  if (!consistent.ok()) {
    report.finding = Finding{FindingKind::kInconsistentHistory, claimed.size,
                             claimed.what + " and the checkpoint of size " +
                                 std::to_string(later->first) + ": " + consistent.message()};
    return Status::Ok();
  }
  report.signed_size = claimed.size;
  return Status::Ok();
}

// The interior nodes one entry completed (at most one per level), to hold against the
// nodes the source stored.
struct CompletedNodes {
  std::array<std::pair<NodeId, Hash>, 64> nodes;
  std::size_t count = 0;
};

// Nothing when every node in `completed` is stored as recomputed (`stored`, the source's
// answers for the same nodes, from `first`); else the finding, which names the node's level
// and index. Operating errors are the status.
Result<std::optional<Finding>> CheckStoredNodes(const CompletedNodes& completed,
                                                const std::vector<Result<Hash>>& stored_nodes,
                                                std::size_t first) {
  for (std::size_t i = 0; i < completed.count; ++i) {
    const auto& [id, hash] = completed.nodes[i];
    const Result<Hash>& stored = stored_nodes[first + i];
    if (stored.ok() && *stored == hash) continue;
    if (!stored.ok() && stored.status().code() != Status::Code::kNotFound &&
        stored.status().code() != Status::Code::kCorruption) {
      return stored.status();
    }
    std::string node = "tree node (level " + std::to_string(id.level) + ", index " +
                       std::to_string(id.index) + ")";
    std::uint64_t first_leaf = id.index << id.level;
    if (!stored.ok()) {
      return std::optional<Finding>(
          Finding{FindingKind::kNodeMismatch, first_leaf, node + ": " + stored.status().message()});
    }
    return std::optional<Finding>(
        Finding{FindingKind::kNodeMismatch, first_leaf,
                node + ", over positions " + std::to_string(first_leaf) + " to " +
                    std::to_string(first_leaf + (std::uint64_t{1} << id.level) - 1) +
                    ", is stored as " + ToHex(*stored) + ", the entries give " + ToHex(hash)});
  }
  return std::optional<Finding>();
}

// Judges one entry the reader checked on its own: its position, its content, its leaf and
// (for a source that stores the tree) every node it completes against the stored ones.
// Entries past the claimed end have no stored tree to meet; they are the finding
// `extra entry` at the end.
class EntryJudge {
 public:
  EntryJudge(bool stores_tree, std::uint64_t tree_end)
      : stores_tree_(stores_tree), tree_end_(tree_end) {}

  Result<std::optional<Finding>> Judge(LogVerifier& verifier, const ReadEntry& entry,
                                       const ReadBatch& batch) {
    static const MerkleFrontier::NodeSink kNoSink;
    bool in_tree = stores_tree_ && entry.position.value < tree_end_;
    completed_.count = 0;
    std::optional<Finding> finding = verifier.AddChecked(
        entry.position, entry.leaf,
        CheckEntry(entry.position, EntryBytes(batch, entry), PersonalBytes(batch, entry)),
        entry.recorded_leaf, in_tree ? sink_ : kNoSink);
    if (finding || !in_tree) return finding;
    if (!entry.recorded_leaf) {
      return std::optional<Finding>(Finding{FindingKind::kLeafMismatch, entry.position.value,
                                            "the tree records no leaf for this position"});
    }
    LEDGER_CHECK(completed_.count == entry.nodes_count,
                 "the reader fetched other nodes than the entry completed");
    return CheckStoredNodes(completed_, batch.nodes, entry.nodes_first);
  }

 private:
  const bool stores_tree_;
  const std::uint64_t tree_end_;
  CompletedNodes completed_;
  const MerkleFrontier::NodeSink sink_ = [this](NodeId id, const Hash& hash) {
    if (id.level > 0) completed_.nodes[completed_.count++] = {id, hash};
  };
};

}  // namespace

Result<AuditReport> Audit(AuditSource& source, const AuditOptions& options) {
  AuditReport report;
  std::multimap<std::uint64_t, RootTarget> targets;
  LogVerifier verifier(source.Prefix());
  const std::uint64_t first_position = verifier.size();
  Result<std::string> history_text = source.KeyHistoryText();
  if (!history_text.ok()) return history_text.status();
  Result<KeyHistory> history =
      KeyHistory::Parse(history_text->empty() ? options.key_history : *history_text);
  Status trusted = history.ok() ? CheckTrusted(*history, options.keys) : history.status();
  if (!trusted.ok()) {
    report.finding = Finding{FindingKind::kBadKeyHistory, 0, trusted.message()};
    return report;
  }
  report.key_epochs = history->epochs().size();
  LEDGER_RETURN_IF_ERROR(CheckCheckpoints(source, options, *history, targets, report));
  if (!report.finding) {
    LEDGER_RETURN_IF_ERROR(CheckSaved(source, options, *history, verifier.size(), targets, report));
  }
  if (report.finding) return report;
  TreeHeadClaim claimed = source.ClaimedEnd();
  if (claimed.root) {
    targets.emplace(claimed.size, RootTarget{*claimed.root, FindingKind::kRootMismatch,
                                             claimed.what, RootTarget::From::kClaim});
  }
  for (const PromisedHead& promise : source.Promises()) {
    if (promise.size == 0) continue;
    targets.emplace(promise.size, RootTarget{promise.root, FindingKind::kInconsistentHistory,
                                             promise.what, RootTarget::From::kPromise});
  }
  EntryJudge judge(source.StoresTree(), claimed.size);
  ErasureTally erasures(source.HoldsEveryPayload());
  auto last_report = std::chrono::steady_clock::now();
  report.finding = CheckTargetsAt(verifier, targets, report.signed_size);
  {
    // The reader owns the source until it is destroyed at the end of this block.
    AuditReader reader(source, claimed.size);
    bool end = report.finding.has_value();
    while (!end) {
      ReadBatch batch = reader.Next();
      for (const ReadEntry& entry : batch.entries) {
        Result<std::optional<Finding>> judged = judge.Judge(verifier, entry, batch);
        if (!judged.ok()) return judged.status();
        report.finding = std::move(judged).value();
        if (report.finding) break;
        erasures.Add(entry.position, EntryBytes(batch, entry), entry.has_personal, entry.erased_by);
        ++report.entries_checked;
        report.finding = CheckTargetsAt(verifier, targets, report.signed_size);
        if (report.finding) break;
        if (options.progress && (report.entries_checked & 0xffff) == 0 &&
            std::chrono::steady_clock::now() - last_report > std::chrono::seconds(1)) {
          options.progress(verifier.size(), claimed.size);
          last_report = std::chrono::steady_clock::now();
        }
      }
      if (report.finding) break;
      if (!batch.status.ok()) return batch.status;
      end = batch.end;
    }
  }
  report.size = verifier.size();
  report.root = verifier.root();
  if (report.finding) return report;
  report.payloads_erased = erasures.payloads_erased();
  report.erasures = erasures.erasures();
  report.finding = erasures.Finish();
  if (report.finding) return report;
  if (verifier.size() < claimed.size) {
    report.finding = Finding{FindingKind::kLogTruncated, verifier.size(),
                             "the entries end here, " + claimed.what + " says the log holds " +
                                 std::to_string(claimed.size)};
  } else if (verifier.size() > claimed.size) {
    report.finding = Finding{FindingKind::kExtraEntry, claimed.size,
                             "entries go on past the end " + claimed.what + " records"};
  } else if (!targets.empty() && !claimed.extract) {
    report.finding = Finding{FindingKind::kLogTruncated, verifier.size(),
                             "the log ends before " + targets.begin()->second.what + " (size " +
                                 std::to_string(targets.begin()->first) + ")"};
  } else if (!targets.empty()) {
    LEDGER_RETURN_IF_ERROR(CheckPastEnd(source, claimed, targets, report));
  }
  if (!report.finding && options.witnesses_required > 0 && report.witnessed_size == 0) {
    report.finding = Finding{FindingKind::kNotWitnessed, report.size,
                             "no checkpoint carries cosignatures of " +
                                 std::to_string(options.witnesses_required) + " of the " +
                                 std::to_string(options.witnesses.size()) +
                                 " witnesses given: nothing shows that others saw this history"};
  }
  // Signatures below the source's first entry say nothing about the entries it holds.
  report.signed_size = std::max(report.signed_size, first_position);
  if (!report.finding && report.signed_size < report.size && !options.allow_unsigned_tail) {
    report.finding =
        Finding{FindingKind::kUnsignedEntries, report.signed_size,
                "entries from here to " + std::to_string(report.size) +
                    " are covered by no signed checkpoint (sign one, or verify the data up to a "
                    "signed size)"};
  }
  return report;
}

}  // namespace ledger
