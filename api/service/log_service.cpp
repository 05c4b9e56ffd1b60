// The log as stored (entries carry no personal fields), signed checkpoints and RFC 9162 proofs:
// what an auditor needs to check the ledger without trusting the server (docs/audit-guide.md).
#include "api/service/read_options.h"
#include "api/service/service.h"
#include "api/wire/to_wire.h"
#include "ledger/integrity/cosignature.h"
#include "ledger/integrity/note.h"
#include "ledger/store/receipts.h"

namespace ledger::api {
namespace {

Result<StoredCheckpoint> LatestSigned(const ServiceContext& service) {
  std::optional<StoredCheckpoint> latest = service.checkpointer->Latest();
  if (!latest) return Status::NotFound("no checkpoint has been signed yet");
  return *latest;
}

// The tree size a proof is asked against: the request's, or the latest checkpoint's.
Result<std::uint64_t> ProofTreeSize(const ServiceContext& service, std::uint64_t asked) {
  if (asked != 0) return asked;
  Result<StoredCheckpoint> latest = LatestSigned(service);
  if (!latest.ok()) return latest.status();
  return latest->size;
}

void FillHashes(const std::vector<Hash>& hashes, wire::ProofReply::Builder reply) {
  auto out = reply.initHashes(static_cast<unsigned>(hashes.size()));
  for (unsigned i = 0; i < out.size(); ++i) out.set(i, ToHex(hashes[i]));
}

// The configured witnesses whose lines on `note` verify. Lines were verified when filed; one
// that no longer verifies is left out, not served as a witness's word (a client checking the
// note itself sees the same).
template <typename Reply>
void SetCosignedBy(const ServiceContext& service, const std::string& note, Reply reply) {
  Result<std::vector<VerifiedCosignature>> cosigned =
      VerifyCosignatures(note, service.checkpointer->witnesses());
  if (!cosigned.ok()) return;
  auto names = reply.initCosignedBy(static_cast<unsigned>(cosigned->size()));
  for (unsigned i = 0; i < names.size(); ++i) names.set(i, (*cosigned)[i].witness);
}

// The reply for a stored checkpoint: its note, parsed head, the log's key, its witnesses.
Status FillCheckpointReply(const ServiceContext& service, const StoredCheckpoint& checkpoint,
                           wire::CheckpointReply::Builder reply) {
  Result<SignedNote> note = ParseSignedNote(checkpoint.note);
  Result<Checkpoint> body =
      note.ok() ? Checkpoint::ParseBody(note->text) : Result<Checkpoint>(note.status());
  if (!body.ok()) {
    return Status::Corruption("the stored checkpoint of size " + std::to_string(checkpoint.size) +
                              ": " + body.status().message());
  }
  reply.setNote(checkpoint.note);
  reply.setTreeSize(body->size);
  reply.setRootHash(ToHex(body->root));
  reply.setVerifierKey(service.checkpointer->verifier_key());
  reply.setKeyHistory(service.checkpointer->key_history());
  SetCosignedBy(service, checkpoint.note, reply);
  return Status::Ok();
}

}  // namespace

Status ReadLog(const ServiceContext& service, const CallContext&, wire::LogRequest::Reader request,
               wire::LogReply::Builder reply) {
  Result<std::size_t> rows = PageRows(request.getLimit());
  if (!rows.ok()) return rows.status();
  std::uint64_t head = service.store->head().size;
  Result<LogPage> page = service.store->ReadLog(Position{request.getFrom()}, *rows);
  if (!page.ok()) return page.status();
  auto out = reply.initEntries(static_cast<unsigned>(page->entries.size()));
  for (unsigned i = 0; i < out.size(); ++i) FillLogEntry(page->entries[i], out[i]);
  std::uint64_t end = request.getFrom() + page->entries.size();
  reply.setNext(end);
  // The head read before the page may trail its entries (an append in between); a page past
  // the head has none, and its tree size is the head, never the position asked for.
  reply.setTreeSize(page->entries.empty() ? head : std::max(head, end));
  return Status::Ok();
}

Status ReadCheckpoint(const ServiceContext& service, const CallContext& call,
                      wire::CheckpointRequest::Reader request,
                      wire::CheckpointReply::Builder reply) {
  Result<StoredCheckpoint> checkpoint = Status::NotFound("");
  if (request.getSignNow()) {
    LEDGER_RETURN_IF_ERROR(CheckRole(call.principal, Operation::kAdminStatus));
    checkpoint = service.checkpointer->SignNow();
  } else {
    checkpoint = LatestSigned(service);
  }
  if (!checkpoint.ok()) return checkpoint.status();
  return FillCheckpointReply(service, *checkpoint, reply);
}

Status AddCosignatures(const ServiceContext& service, const CallContext&,
                       wire::CosignRequest::Reader request, wire::CheckpointReply::Builder reply) {
  if (service.checkpointer->witnesses().empty()) {
    return Status::InvalidArgument(
        "this ledger is configured with no witness keys (ledgerd --witness-key), so it "
        "accepts no cosignature");
  }
  std::string_view lines(request.getCosignatures().cStr(), request.getCosignatures().size());
  if (lines.size() > limits::kNoteBytesMax) {
    return Status::InvalidArgument("cosignatures: more than " +
                                   std::to_string(limits::kNoteBytesMax) + " bytes");
  }
  Result<StoredCheckpoint> stored =
      service.checkpointer->AddCosignatures(request.getTreeSize(), lines);
  if (!stored.ok()) return stored.status();
  return FillCheckpointReply(service, *stored, reply);
}

Status InclusionProof(const ServiceContext& service, const CallContext&,
                      wire::ProofRequest::Reader request, wire::ProofReply::Builder reply) {
  Result<std::uint64_t> size = ProofTreeSize(service, request.getTreeSize());
  if (!size.ok()) return size.status();
  std::uint64_t position = request.getPosition();
  if (position >= *size) {
    return Status::InvalidArgument("position " + std::to_string(position) +
                                   " is not in the tree of size " + std::to_string(*size));
  }
  Result<std::vector<Hash>> proof =
      StoredInclusionProof(service.store->database(), position, *size);
  if (!proof.ok()) return proof.status();
  Result<StoredEntry> entry = service.store->ReadEntry(Position{position});
  if (!entry.ok()) return entry.status();
  Result<Hash> root = service.store->RootAt(*size);
  if (!root.ok()) return root.status();
  reply.setTreeSize(*size);
  reply.setRootHash(ToHex(*root));
  reply.setLeafHash(ToHex(LeafHash(entry->bytes())));
  FillHashes(*proof, reply);
  return Status::Ok();
}

Status MakeEntryReceipt(const ServiceContext& service, const CallContext&,
                        wire::ProofRequest::Reader request, wire::ReceiptReply::Builder reply) {
  Result<Receipt> receipt = MakeReceipt(service.store->database(), Position{request.getPosition()},
                                        /*with_personal=*/false, request.getTreeSize());
  if (!receipt.ok()) return receipt.status();
  reply.setReceipt(receipt->Format());
  reply.setTreeSize(receipt->tree_size);
  SetCosignedBy(service, receipt->checkpoint_note, reply);
  return Status::Ok();
}

Status ConsistencyProof(const ServiceContext& service, const CallContext&,
                        wire::ProofRequest::Reader request, wire::ProofReply::Builder reply) {
  Result<std::uint64_t> size = ProofTreeSize(service, request.getTreeSize());
  if (!size.ok()) return size.status();
  std::uint64_t from = request.getFromSize();
  if (from == 0 || from > *size) {
    return Status::InvalidArgument("fromSize " + std::to_string(from) +
                                   " must be between 1 and treeSize " + std::to_string(*size));
  }
  Result<std::vector<Hash>> proof = StoredConsistencyProof(service.store->database(), from, *size);
  if (!proof.ok()) return proof.status();
  Result<Hash> root = service.store->RootAt(*size);
  if (!root.ok()) return root.status();
  reply.setTreeSize(*size);
  reply.setRootHash(ToHex(*root));
  FillHashes(*proof, reply);
  return Status::Ok();
}

}  // namespace ledger::api
