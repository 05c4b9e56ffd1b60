#include "ledger/store/checkpointer.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "ledger/base/thread_name.h"
#include "ledger/integrity/cosignature.h"
#include "ledger/integrity/key_history.h"
#include "ledger/integrity/note.h"
#include "ledger/integrity/proof.h"
#include "ledger/integrity/proof_verify.h"
#include "ledger/store/database.h"
#include "ledger/store/tree_nodes.h"

namespace ledger {

Checkpointer::Checkpointer(EventStore& store, NoteSigner signer, CheckpointPolicy policy)
    : store_(store), signer_(std::move(signer)), policy_(std::move(policy)) {}

Result<std::unique_ptr<Checkpointer>> Checkpointer::Start(EventStore& store, NoteSigner signer,
                                                          CheckpointPolicy policy) {
  if (policy.origin.empty() || policy.origin.find('\n') != std::string::npos) {
    return Status::InvalidArgument("a checkpoint origin is one non-empty line");
  }
  if (policy.every_entries == 0) {
    return Status::InvalidArgument("checkpoints every 0 entries make no sense");
  }
  std::unique_ptr<Checkpointer> checkpointer(
      new Checkpointer(store, std::move(signer), std::move(policy)));
  Result<NoteVerifier> own_key =
      NoteVerifier::FromVerifierKeyText(checkpointer->signer_.VerifierKeyText());
  if (!own_key.ok()) return own_key.status();
  Result<std::string> history_text = LoadKeyHistory(store.database());
  if (!history_text.ok()) return history_text.status();
  Result<KeyHistory> history = KeyHistory::Parse(*history_text);
  if (!history.ok()) {
    return Status::Corruption("the stored key history (meta/key-history) does not check out: " +
                              history.status().message());
  }
  if (history->rotated() && !history->Holds(*own_key)) {
    return Status::InvalidArgument("the signing key " + own_key->VerifierKeyText() +
                                   " is not in the log's key history");
  }
  if (history->rotated() && history->current().VerifierKeyText() != own_key->VerifierKeyText()) {
    return Status::InvalidArgument(
        "the signing key " + own_key->VerifierKeyText() +
        " was retired: the log's key "
        "history hands over to " +
        history->current().VerifierKeyText() + " from size " +
        std::to_string(history->epochs().back().from_size) +
        " (a key rotation that did not finish, which `ledgerctl keys rotate` completes, or a "
        "key file restored from before it)");
  }
  checkpointer->history_ = std::move(history).value();
  checkpointer->verifier_key_text_ = own_key->VerifierKeyText();
  checkpointer->history_text_ = checkpointer->history_.Text();
  Result<std::optional<StoredCheckpoint>> latest = LatestCheckpoint(store.database());
  if (!latest.ok()) return latest.status();
  if (latest->has_value()) {
    // The key that signed our last checkpoint must open it; anything else means the key or the
    // note changed.
    std::vector<NoteVerifier> own;
    own.push_back(checkpointer->history_.rotated()
                      ? checkpointer->history_.KeyForSize((*latest)->size)
                      : *own_key);
    Result<Checkpoint> opened = OpenCheckpoint((*latest)->note, own);
    if (!opened.ok()) {
      spdlog::critical(
          "the last stored checkpoint (size {}) does not open with the key that "
          "signs its size: {}",
          (*latest)->size, opened.status().ToString());
      return opened.status();
    }
    if (opened->origin != checkpointer->policy_.origin) {
      // One log, one origin: an auditor refuses a history whose checkpoints change name.
      return Status::InvalidArgument("the ledger's checkpoints are of origin '" + opened->origin +
                                     "', not '" + checkpointer->policy_.origin +
                                     "': a log keeps one origin (start with --origin '" +
                                     opened->origin + "')");
    }
    checkpointer->latest_ = std::move(latest)->value();
    checkpointer->latest_root_ = opened->root;
  }
  layout::Floor floor = store.floor();
  std::uint64_t stored_size = checkpointer->latest_ ? checkpointer->latest_->size : 0;
  if (floor.signed_size > stored_size) {
    spdlog::warn(
        "the floor records a checkpoint of size {} but the newest stored one is of "
        "size {}: the next checkpoint is checked against the floor's",
        floor.signed_size, stored_size);
    checkpointer->signed_floor_ = TreeHead{floor.signed_size, floor.signed_root};
  }
  {
    std::lock_guard<std::mutex> lock(checkpointer->mutex_);
    LEDGER_RETURN_IF_ERROR(checkpointer->CheckConsistent(store.head()));
  }
  if (checkpointer->policy_.background) {
    checkpointer->thread_ = std::thread([raw = checkpointer.get()] {
      NameThisThread("checkpointer");
      raw->Run();
    });
  }
  return checkpointer;
}

Checkpointer::~Checkpointer() {
  stop_.request_stop();
  if (thread_.joinable()) thread_.join();
}

Status Checkpointer::CheckConsistent(const TreeHead& head) const {
  if (latest_) LEDGER_RETURN_IF_ERROR(CheckConsistentWith(latest_->size, *latest_root_, head));
  if (signed_floor_) {
    LEDGER_RETURN_IF_ERROR(CheckConsistentWith(signed_floor_->size, signed_floor_->root, head));
  }
  return Status::Ok();
}

Status Checkpointer::CheckConsistentWith(std::uint64_t signed_size, const Hash& signed_root,
                                         const TreeHead& head) const {
  auto refuse = [&](const std::string& what) {
    std::string message = "refusing to sign: the history under the checkpoint of size " +
                          std::to_string(signed_size) + " has changed: " + what;
    spdlog::critical("{}", message);
    return Status::VerificationFailed(message);
  };
  if (head.size < signed_size) {
    return refuse("the log now holds only " + std::to_string(head.size) + " entries");
  }
  const Database& db = store_.database();
  TreeNodeReader nodes(db.db(), db.tree());
  NodeLoader load = [&](NodeId id) { return nodes.Node(id); };
  Result<Hash> root_then = RootFromNodes(signed_size, load);
  if (!root_then.ok()) return refuse(root_then.status().message());
  if (*root_then != signed_root) {
    return refuse("the stored tree gives root " + ToHex(*root_then) + ", it was signed as " +
                  ToHex(signed_root));
  }
  if (signed_size == 0 || head.size == signed_size) return Status::Ok();
  Result<std::vector<Hash>> proof = ConsistencyProof(signed_size, head.size, load);
  if (!proof.ok()) return refuse(proof.status().message());
  Status consistent = VerifyConsistency(signed_size, head.size, signed_root, head.root, *proof);
  if (!consistent.ok()) return refuse(consistent.message());
  return Status::Ok();
}

Result<StoredCheckpoint> Checkpointer::SignLocked() {
  TreeHead head = store_.head();
  if (latest_ && head.size == latest_->size) return *latest_;
  if (head.size == 0) return Status::NotFound("the log is empty: nothing to sign yet");
  LEDGER_RETURN_IF_ERROR(CheckConsistent(head));
  // Recorded before it is signed: once any signature of this head may exist, no open of the
  // ledger goes below it.
  LEDGER_RETURN_IF_ERROR(store_.RecordSignedHead(head.size, head.root));
  Checkpoint checkpoint{policy_.origin, head.size, head.root, {}};
  Result<std::string> note = SignNote(checkpoint.Body(), std::span<const NoteSigner>(&signer_, 1));
  if (!note.ok()) return note.status();
  LEDGER_RETURN_IF_ERROR(SaveCheckpoint(store_.database(), head.size, *note));
  latest_ = StoredCheckpoint{head.size, std::move(note).value()};
  latest_root_ = head.root;
  signed_floor_.reset();
  spdlog::info("signed checkpoint of size {}, root {}", head.size, ToHex(head.root));
  return *latest_;
}

Result<StoredCheckpoint> Checkpointer::SignNow() {
  std::lock_guard<std::mutex> lock(mutex_);
  return SignLocked();
}

std::optional<StoredCheckpoint> Checkpointer::Latest() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return latest_;
}

Result<StoredCheckpoint> Checkpointer::AddCosignatures(std::uint64_t size, std::string_view lines) {
  std::lock_guard<std::mutex> lock(mutex_);
  Result<std::optional<StoredCheckpoint>> stored = CheckpointCovering(store_.database(), size);
  if (!stored.ok()) return stored.status();
  if (!stored->has_value() || (*stored)->size != size) {
    return Status::NotFound("no checkpoint of size " + std::to_string(size) + " was signed");
  }
  Result<SignedNote> own = ParseSignedNote((*stored)->note);
  if (!own.ok()) {
    return Status::Corruption("the stored checkpoint of size " + std::to_string(size) + ": " +
                              own.status().message());
  }
  // The offered lines, read as the signature block of that checkpoint's text.
  Result<SignedNote> offered = ParseSignedNote(own->text + "\n" + std::string(lines));
  if (!offered.ok()) return Status::InvalidArgument("cosignatures: " + offered.status().message());
  for (const NoteSignatureLine& line : offered->signatures) {
    bool configured = std::any_of(
        policy_.witnesses.begin(), policy_.witnesses.end(), [&](const NoteVerifier& witness) {
          return witness.name() == line.name && witness.key_id() == line.key_id;
        });
    if (!configured) {
      return Status::InvalidArgument("the cosignature by '" + line.name +
                                     "' is by no witness this ledger is configured with");
    }
  }
  Result<std::vector<VerifiedCosignature>> verified =
      VerifyCosignatures(offered->Format(), policy_.witnesses);
  if (!verified.ok()) {
    // The caller's input, not the ledger's integrity, is what failed here.
    return Status::InvalidArgument("checkpoint of size " + std::to_string(size) + ": " +
                                   verified.status().message());
  }
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch());
  const auto latest_allowed = static_cast<std::uint64_t>((now + kCosignatureAheadMax).count());
  for (const VerifiedCosignature& cosignature : *verified) {
    if (cosignature.timestamp > latest_allowed) {
      return Status::InvalidArgument("the cosignature by '" + cosignature.witness + "' is dated " +
                                     std::to_string(cosignature.timestamp) + ", more than " +
                                     std::to_string(kCosignatureAheadMax.count()) +
                                     " s after this ledger's clock (" +
                                     std::to_string(now.count()) + "): check the witness's clock");
    }
  }
  Result<std::string> merged = AddSignatureLines((*stored)->note, lines);
  if (!merged.ok()) return merged.status();
  LEDGER_RETURN_IF_ERROR(SaveCheckpoint(store_.database(), size, *merged));
  if (latest_ && latest_->size == size) latest_->note = *merged;
  for (const VerifiedCosignature& cosignature : *verified) {
    spdlog::info("checkpoint of size {} cosigned by witness {} (time {})", size,
                 cosignature.witness, cosignature.timestamp);
  }
  return StoredCheckpoint{size, std::move(merged).value()};
}

void Checkpointer::Run() {
  HeadWatch& watch = store_.head_watch();
  std::stop_token stop = stop_.get_token();
  // Bounds one wait only: nothing is looked at when it passes with the head unmoved.
  constexpr auto kLongWait = std::chrono::hours(1);
  while (!stop.stop_requested()) {
    std::optional<StoredCheckpoint> latest = Latest();
    std::uint64_t signed_size = latest ? latest->size : 0;
    if (watch.WaitBeyond(signed_size, HeadWatch::Clock::now() + kLongWait, stop) <= signed_size) {
      continue;
    }
    // The head grew: sign once it grew by every_entries, or `every` from now. The first
    // entries of a log are signed at once, so that proofs are served from the start.
    if (latest) {
      std::uint64_t enough = signed_size + std::max<std::uint64_t>(policy_.every_entries, 1) - 1;
      watch.WaitBeyond(enough, HeadWatch::Clock::now() + policy_.every, stop);
    }
    if (stop.stop_requested()) break;
    std::lock_guard<std::mutex> lock(mutex_);
    Result<StoredCheckpoint> signed_now = SignLocked();
    if (!signed_now.ok()) {
      spdlog::error("checkpoint not signed: {}", signed_now.status().ToString());
    }
  }
}

}  // namespace ledger

namespace ledger {

Result<KeyTransition> Checkpointer::Rotate(NoteSigner next) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::uint64_t signed_size = latest_ ? latest_->size : 0;
  if (signed_floor_) signed_size = std::max(signed_size, signed_floor_->size);
  Result<std::string> note = SignKeyTransition(signer_, next, policy_.origin, signed_size + 1);
  if (!note.ok()) return note.status();
  KeyHistory history = history_;
  LEDGER_RETURN_IF_ERROR(history.Append(*note));
  LEDGER_RETURN_IF_ERROR(SaveKeyHistory(store_.database(), history.Text()));
  history_ = std::move(history);
  signer_ = std::move(next);
  {
    std::lock_guard<std::mutex> keys_lock(keys_mutex_);
    verifier_key_text_ = signer_.VerifierKeyText();
    history_text_ = history_.Text();
  }
  spdlog::info("signing key rotated: {} signs checkpoints of sizes from {} on",
               signer_.VerifierKeyText(), signed_size + 1);
  return history_.transitions().back();
}

std::string Checkpointer::verifier_key() const {
  std::lock_guard<std::mutex> lock(keys_mutex_);
  return verifier_key_text_;
}

std::string Checkpointer::key_history() const {
  std::lock_guard<std::mutex> lock(keys_mutex_);
  return history_text_;
}

}  // namespace ledger
