#include "tools/ledgerctl/ledgerctl_proofs.h"

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ledger/domain/streams.h"
#include "ledger/integrity/note_keys.h"
#include "ledger/integrity/receipt.h"
#include "ledger/store/bundle_export.h"
#include "ledger/store/checkpointer.h"
#include "ledger/store/event_store.h"
#include "ledger/store/read_only.h"
#include "ledger/store/receipts.h"
#include "tools/ledgerctl/ledgerctl_common.h"
#include "tools/ledgerctl/ledgerctl_files.h"

namespace ledger::tools {
namespace {

// A proof, signature or hash that does not check out is a finding (1); anything else 2.
int Report(const Status& status) { return Fail(status, Status::Code::kVerificationFailed); }

// ---- checkpoint

int CheckpointCommand(const std::string& data, bool sign, const std::string& key_path,
                      const std::string& origin) {
  if (sign) {
    if (key_path.empty()) return Report(Status::InvalidArgument("--sign needs --key"));
    Result<NoteSigner> signer = ReadPrivateKey(key_path);
    if (!signer.ok()) return Report(signer.status());
    auto store = EventStore::Open({.path = data, .create_if_missing = false});
    if (!store.ok()) return Report(store.status());
    auto checkpointer = Checkpointer::Start(**store, std::move(signer).value(),
                                            {.origin = origin, .background = false});
    if (!checkpointer.ok()) return Report(checkpointer.status());
    Result<StoredCheckpoint> signed_now = (*checkpointer)->SignNow();
    if (!signed_now.ok()) return Report(signed_now.status());
    std::printf("%s", signed_now->note.c_str());
    return kExitOk;
  }
  auto db = OpenReadOnly(data);
  if (!db.ok()) return Report(db.status());
  Result<std::optional<StoredCheckpoint>> latest = LatestCheckpoint(**db);
  if (!latest.ok()) return Report(latest.status());
  if (!latest->has_value()) return Report(Status::NotFound("no checkpoint has been signed yet"));
  std::printf("%s", (*latest)->note.c_str());
  return kExitOk;
}

// ---- prove

// The signed size to prove against: `size` when given (it must have a checkpoint), else the
// latest checkpoint's.
Result<StoredCheckpoint> SignedSize(const Database& db, std::optional<std::uint64_t> size) {
  if (size) return SignedCheckpointOfSize(db, *size);
  Result<std::optional<StoredCheckpoint>> latest = LatestCheckpoint(db);
  if (!latest.ok()) return latest.status();
  if (!latest->has_value()) return Status::NotFound("no checkpoint has been signed yet");
  return std::move(latest)->value();
}

void PrintProof(const std::vector<Hash>& proof, const StoredCheckpoint& checkpoint) {
  for (const Hash& hash : proof) std::printf("%s\n", ToHex(hash).c_str());
  std::printf("\n%s", checkpoint.note.c_str());
}

int ProveInclusion(const std::string& data, std::uint64_t index,
                   std::optional<std::uint64_t> size) {
  auto db = OpenReadOnly(data);
  if (!db.ok()) return Report(db.status());
  Result<StoredCheckpoint> checkpoint = SignedSize(**db, size);
  if (!checkpoint.ok()) return Report(checkpoint.status());
  Result<std::vector<Hash>> proof = StoredInclusionProof(**db, index, checkpoint->size);
  if (!proof.ok()) return Report(proof.status());
  std::printf("inclusion of index %llu in tree size %llu\n", static_cast<unsigned long long>(index),
              static_cast<unsigned long long>(checkpoint->size));
  PrintProof(*proof, *checkpoint);
  return kExitOk;
}

int ProveConsistency(const std::string& data, std::uint64_t old_size,
                     std::optional<std::uint64_t> new_size) {
  auto db = OpenReadOnly(data);
  if (!db.ok()) return Report(db.status());
  Result<StoredCheckpoint> older = SignedCheckpointOfSize(**db, old_size);
  if (!older.ok()) return Report(older.status());
  Result<StoredCheckpoint> newer = SignedSize(**db, new_size);
  if (!newer.ok()) return Report(newer.status());
  Result<std::vector<Hash>> proof = StoredConsistencyProof(**db, old_size, newer->size);
  if (!proof.ok()) return Report(proof.status());
  std::printf("consistency of tree size %llu with tree size %llu\n",
              static_cast<unsigned long long>(old_size),
              static_cast<unsigned long long>(newer->size));
  PrintProof(*proof, *newer);
  return kExitOk;
}

// ---- receipt and export

int ReceiptCommand(const std::string& data, std::uint64_t position, std::uint64_t size,
                   const std::string& out, bool with_personal) {
  auto db = OpenReadOnly(data);
  if (!db.ok()) return Report(db.status());
  Result<Receipt> receipt = MakeReceipt(**db, Position{position}, with_personal, size);
  if (!receipt.ok()) return Report(receipt.status());
  Status written = WriteNewFile(out, receipt->Format(), 0644);
  if (!written.ok()) return Report(written);
  std::printf("receipt for position %llu against tree size %llu written to %s\n",
              static_cast<unsigned long long>(position),
              static_cast<unsigned long long>(receipt->tree_size), out.c_str());
  return kExitOk;
}

int ExportCommand(const std::string& data, const std::string& out, std::uint64_t from,
                  std::optional<std::uint64_t> to, bool with_personal) {
  Result<ExportSummary> summary =
      ExportBundle(data, out,
                   {.first = from,
                    .end = to,
                    .with_personal = with_personal,
                    .erasure_stream_prefix = std::string(domain::kErasureStreamPrefix),
                    .progress = EntryProgress()});
  if (!summary.ok()) return Report(summary.status());
  std::printf(
      "exported positions [%llu, %llu), %llu checkpoints, %llu personal payloads, "
      "%llu erased, to %s\n",
      static_cast<unsigned long long>(summary->first),
      static_cast<unsigned long long>(summary->end),
      static_cast<unsigned long long>(summary->checkpoints),
      static_cast<unsigned long long>(summary->personal_payloads),
      static_cast<unsigned long long>(summary->erased_payloads), out.c_str());
  return kExitOk;
}

// The options of every command here; the callbacks run after the parse, so they live on the
// heap, shared by the callbacks.
struct ProofArgs {
  std::string data = "./data";
  std::string key_path;
  std::string origin{kDefaultOrigin};
  bool sign = false;
  std::uint64_t index = 0, old_size = 0, position = 0, from = 0;
  std::optional<std::uint64_t> size, to;
  std::string out;
  bool with_personal = false;
};

}  // namespace

void AddProofCommands(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ProofArgs>();

  auto* checkpoint = app.add_subcommand("checkpoint", "Print (or --sign) the latest checkpoint");
  checkpoint->add_option("--data", args->data, "Ledger directory");
  checkpoint->add_flag("--sign", args->sign, "Sign the current head first");
  checkpoint->add_option("--key", args->key_path, "Private key file (with --sign)");
  checkpoint->add_option("--origin", args->origin, "The log's origin line (with --sign)");
  checkpoint->callback([&exit_code, args] {
    exit_code = CheckpointCommand(args->data, args->sign, args->key_path, args->origin);
  });

  auto* prove = app.add_subcommand("prove", "RFC 9162 proofs")->require_subcommand(1);
  auto* inclusion = prove->add_subcommand("inclusion", "Inclusion proof of one index");
  inclusion->add_option("--data", args->data, "Ledger directory");
  inclusion->add_option("--index", args->index, "Leaf index (position)")->required();
  inclusion->add_option("--size", args->size, "Signed tree size (default: the latest checkpoint)");
  inclusion->callback(
      [&exit_code, args] { exit_code = ProveInclusion(args->data, args->index, args->size); });
  auto* consistency = prove->add_subcommand("consistency", "Consistency proof of two sizes");
  consistency->add_option("--data", args->data, "Ledger directory");
  consistency->add_option("--old", args->old_size, "The older signed size")->required();
  consistency->add_option("--new", args->size, "The newer signed size (default: the latest)");
  consistency->callback(
      [&exit_code, args] { exit_code = ProveConsistency(args->data, args->old_size, args->size); });

  auto* receipt = app.add_subcommand("receipt", "Write a receipt for one entry");
  receipt->add_option("position", args->position, "The entry's position")->required();
  receipt->add_option("--data", args->data, "Ledger directory");
  receipt->add_option("--out", args->out, "Receipt file to create")->required();
  receipt->add_option("--size", args->size,
                      "The signed checkpoint's tree size (default: the latest checkpoint)");
  receipt->add_flag("--with-personal", args->with_personal, "Include the personal payload");
  receipt->callback([&exit_code, args] {
    exit_code = ReceiptCommand(args->data, args->position, args->size.value_or(0), args->out,
                               args->with_personal);
  });

  auto* export_cmd = app.add_subcommand("export", "Write a bundle for offline verification");
  export_cmd->add_option("--data", args->data, "Ledger directory");
  export_cmd->add_option("--out", args->out, "Bundle file to create")->required();
  export_cmd->add_option("--from", args->from, "First position (default 0)");
  export_cmd->add_option("--to", args->to, "End position, exclusive (default: the head)");
  export_cmd->add_flag("--with-personal", args->with_personal, "Include personal payloads");
  export_cmd->callback([&exit_code, args] {
    exit_code = ExportCommand(args->data, args->out, args->from, args->to, args->with_personal);
  });
}

}  // namespace ledger::tools
