// ledgerctl: the auditor's and operator's command line (docs/audit-guide.md).
//
//   keys generate        a signing key (private file, mode 0600) and its public verifier key
//   keys public          the verifier key of a private signing key file (ledgerd's signing.key)
//   keys rotate|history  hand the log over to a new signing key; print the key history
//                        (ledgerctl_keys.h)
//   checkpoint           print the latest signed checkpoint; --sign signs the head first
//   prove inclusion      an RFC 9162 inclusion proof against a signed tree size
//   prove consistency    an RFC 9162 consistency proof between two sizes
//   receipt              a self-contained receipt file for one entry
//   export               a bundle of a range for offline verification
//   verify               a data directory, a bundle or a receipt, with public keys only
//   project              bring the read models up to date (--rebuild: from position 0)
//   trajectory, shortfall, complaint, complaints    read the read models (ledgerctl_models.h)
//   tokens create|list|revoke    ledgerd's access tokens (ledgerctl_tokens.h)
//   recover [--check]    a ledger whose write-ahead log is damaged (ledgerctl_recover.h)
//   witness cosign       cosign a checkpoint that extends the last one cosigned
//                        (ledgerctl_witness.h)
//   erase                a person's personal payloads, on a stopped ledger (ledgerctl_erase.h)
//   backup create|list|verify|restore    backups with BackupEngine (ledgerctl_backup.h)
// Exit codes: 0 ok; 1 the verification found a problem; 2 bad usage or an operating error.
#include <fcntl.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <cstdio>

#include "ledger/domain/streams.h"
#include "ledger/integrity/audit.h"
#include "ledger/integrity/bundle.h"
#include "ledger/integrity/cosignature.h"
#include "ledger/integrity/note.h"
#include "ledger/integrity/receipt.h"
#include "ledger/store/bundle_export.h"
#include "ledger/store/checkpointer.h"
#include "ledger/store/directory_source.h"
#include "ledger/store/event_store.h"
#include "ledger/store/read_only.h"
#include "ledger/store/receipts.h"
#include "tools/ledgerctl/ledgerctl_backup.h"
#include "tools/ledgerctl/ledgerctl_erase.h"
#include "tools/ledgerctl/ledgerctl_files.h"
#include "tools/ledgerctl/ledgerctl_keys.h"
#include "tools/ledgerctl/ledgerctl_models.h"
#include "tools/ledgerctl/ledgerctl_recover.h"
#include "tools/ledgerctl/ledgerctl_tokens.h"
#include "tools/ledgerctl/ledgerctl_witness.h"

namespace {

using namespace ledger;

constexpr int kOk = 0;
constexpr int kFound = 1;
constexpr int kError = 2;

int Fail(const Status& status) {
  std::fprintf(stderr, "ledgerctl: %s\n", status.ToString().c_str());
  return status.code() == Status::Code::kVerificationFailed ? kFound : kError;
}

using ledger::tools::ReadFile;
using ledger::tools::WriteNewFile;

Result<std::vector<NoteVerifier>> LoadKeys(const std::vector<std::string>& paths) {
  std::vector<NoteVerifier> keys;
  for (const std::string& path : paths) {
    Result<NoteVerifier> key = ledger::tools::ReadVerifierKey(path);
    if (!key.ok()) return key.status();
    keys.push_back(std::move(key).value());
  }
  if (keys.empty()) return Status::InvalidArgument("at least one --key is needed");
  return keys;
}

void ShowProgress(std::uint64_t done, std::uint64_t total, double elapsed_s) {
  if (!::isatty(STDERR_FILENO)) return;
  double rate = elapsed_s > 0 ? done / elapsed_s : 0;
  double left_s = rate > 0 && total > done ? (total - done) / rate : 0;
  std::fprintf(stderr, "\r  %llu / %llu entries, %.0f entries/s, about %.0f s left   ",
               static_cast<unsigned long long>(done), static_cast<unsigned long long>(total), rate,
               left_s);
}

std::function<void(std::uint64_t, std::uint64_t)> Progress() {
  auto started = std::chrono::steady_clock::now();
  return [started](std::uint64_t done, std::uint64_t total) {
    ShowProgress(done, total,
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  };
}

// ---- keys generate

int KeysGenerate(const std::string& name, const std::string& out, const std::string& public_out,
                 bool cosigner) {
  Result<NoteSigner> signer =
      NoteSigner::Generate(name, cosigner ? NoteKeyType::kCosignatureV1 : NoteKeyType::kEd25519);
  if (!signer.ok()) return Fail(signer.status());
  Status written = WriteNewFile(out, signer->PrivateKeyText() + "\n", 0600);
  if (!written.ok()) return Fail(written);
  if (!public_out.empty()) {
    written = WriteNewFile(public_out, signer->VerifierKeyText() + "\n", 0644);
    if (!written.ok()) return Fail(written);
  }
  std::printf("%s\n", signer->VerifierKeyText().c_str());
  return kOk;
}

// ---- keys public

int KeysPublic(const std::string& key_path) {
  Result<NoteSigner> signer = ledger::tools::ReadPrivateKey(key_path);
  if (!signer.ok()) return Fail(signer.status());
  std::printf("%s\n", signer->VerifierKeyText().c_str());
  return kOk;
}

// ---- checkpoint

int CheckpointCommand(const std::string& data, bool sign, const std::string& key_path,
                      const std::string& origin) {
  if (sign) {
    Result<NoteSigner> signer = ledger::tools::ReadPrivateKey(key_path);
    if (!signer.ok()) return Fail(signer.status());
    auto store = EventStore::Open({.path = data, .create_if_missing = false});
    if (!store.ok()) return Fail(store.status());
    auto checkpointer = Checkpointer::Start(**store, std::move(signer).value(),
                                            {.origin = origin, .background = false});
    if (!checkpointer.ok()) return Fail(checkpointer.status());
    Result<StoredCheckpoint> signed_now = (*checkpointer)->SignNow();
    if (!signed_now.ok()) return Fail(signed_now.status());
    std::printf("%s", signed_now->note.c_str());
    return kOk;
  }
  auto db = OpenReadOnly(data);
  if (!db.ok()) return Fail(db.status());
  Result<std::optional<StoredCheckpoint>> latest = LatestCheckpoint(**db);
  if (!latest.ok()) return Fail(latest.status());
  if (!latest->has_value()) return Fail(Status::NotFound("no checkpoint has been signed yet"));
  std::printf("%s", (*latest)->note.c_str());
  return kOk;
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
  if (!db.ok()) return Fail(db.status());
  Result<StoredCheckpoint> checkpoint = SignedSize(**db, size);
  if (!checkpoint.ok()) return Fail(checkpoint.status());
  Result<std::vector<Hash>> proof = StoredInclusionProof(**db, index, checkpoint->size);
  if (!proof.ok()) return Fail(proof.status());
  std::printf("inclusion of index %llu in tree size %llu\n", static_cast<unsigned long long>(index),
              static_cast<unsigned long long>(checkpoint->size));
  PrintProof(*proof, *checkpoint);
  return kOk;
}

int ProveConsistency(const std::string& data, std::uint64_t old_size,
                     std::optional<std::uint64_t> new_size) {
  auto db = OpenReadOnly(data);
  if (!db.ok()) return Fail(db.status());
  Result<StoredCheckpoint> older = SignedCheckpointOfSize(**db, old_size);
  if (!older.ok()) return Fail(older.status());
  Result<StoredCheckpoint> newer = SignedSize(**db, new_size);
  if (!newer.ok()) return Fail(newer.status());
  Result<std::vector<Hash>> proof = StoredConsistencyProof(**db, old_size, newer->size);
  if (!proof.ok()) return Fail(proof.status());
  std::printf("consistency of tree size %llu with tree size %llu\n",
              static_cast<unsigned long long>(old_size),
              static_cast<unsigned long long>(newer->size));
  PrintProof(*proof, *newer);
  return kOk;
}

// ---- receipt and export

int ReceiptCommand(const std::string& data, std::uint64_t position, std::uint64_t size,
                   const std::string& out, bool with_personal) {
  auto db = OpenReadOnly(data);
  if (!db.ok()) return Fail(db.status());
  Result<Receipt> receipt = MakeReceipt(**db, Position{position}, with_personal, size);
  if (!receipt.ok()) return Fail(receipt.status());
  Status written = WriteNewFile(out, receipt->Format(), 0644);
  if (!written.ok()) return Fail(written);
  std::printf("receipt for position %llu against tree size %llu written to %s\n",
              static_cast<unsigned long long>(position),
              static_cast<unsigned long long>(receipt->tree_size), out.c_str());
  return kOk;
}

int ExportCommand(const std::string& data, const std::string& out, std::uint64_t from,
                  std::optional<std::uint64_t> to, bool with_personal) {
  Result<ExportSummary> summary =
      ExportBundle(data, out,
                   {.first = from,
                    .end = to,
                    .with_personal = with_personal,
                    .erasure_stream_prefix = std::string(domain::kErasureStreamPrefix),
                    .progress = Progress()});
  if (!summary.ok()) return Fail(summary.status());
  std::printf(
      "exported positions [%llu, %llu), %llu checkpoints, %llu personal payloads, "
      "%llu erased, to %s\n",
      static_cast<unsigned long long>(summary->first),
      static_cast<unsigned long long>(summary->end),
      static_cast<unsigned long long>(summary->checkpoints),
      static_cast<unsigned long long>(summary->personal_payloads),
      static_cast<unsigned long long>(summary->erased_payloads), out.c_str());
  return kOk;
}

// ---- verify

struct VerifyArgs {
  std::string data;
  std::string bundle;
  std::string receipt;
  std::vector<std::string> keys;
  std::string against;
  std::string origin;
  bool allow_unsigned_tail = false;
  std::vector<std::string> witness_keys;
  std::size_t witnesses_required = 0;
  std::string key_history;
};

// The key history given with --key-history: for a receipt, and for a directory or bundle
// that carries none (one from before the rotation, checked with a later key).
Result<KeyHistory> LoadKeyHistoryFile(const std::string& path) {
  if (path.empty()) return KeyHistory();
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  Result<KeyHistory> history = KeyHistory::Parse(*text);
  if (!history.ok()) return Status::InvalidArgument(path + ": " + history.status().message());
  return history;
}

// The witnesses' keys (type 0x04), and a required count that they can meet.
Result<std::vector<NoteVerifier>> LoadWitnesses(const VerifyArgs& args) {
  std::vector<NoteVerifier> witnesses;
  if (!args.witness_keys.empty()) {
    Result<std::vector<NoteVerifier>> keys = LoadKeys(args.witness_keys);
    if (!keys.ok()) return keys.status();
    witnesses = std::move(keys).value();
  }
  for (const NoteVerifier& witness : witnesses) {
    if (witness.type() != NoteKeyType::kCosignatureV1) {
      return Status::InvalidArgument("--witness-key '" + witness.name() +
                                     "' is a note key (type 0x01), not a witness's (0x04)");
    }
  }
  if (args.witnesses_required > witnesses.size()) {
    return Status::InvalidArgument("--witnesses " + std::to_string(args.witnesses_required) +
                                   " needs at least that many --witness-key");
  }
  return witnesses;
}

int VerifyReceiptFile(const std::string& path, const std::vector<NoteVerifier>& trusted,
                      const KeyHistory& history, const std::vector<NoteVerifier>& witnesses,
                      std::size_t required) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return Fail(text.status());
  Result<Receipt> receipt = Receipt::Parse(*text);
  if (!receipt.ok()) return Fail(receipt.status());
  // After a rotation, the key that signs the receipt's size, followed from a trusted key.
  Result<std::vector<NoteVerifier>> keys = KeysForSize(history, trusted, receipt->tree_size);
  if (!keys.ok()) return Fail(keys.status());
  Result<Checkpoint> checkpoint = VerifyReceipt(*receipt, *keys);
  if (!checkpoint.ok()) return Fail(checkpoint.status());
  Result<std::vector<VerifiedCosignature>> cosigned =
      VerifyCosignatures(receipt->checkpoint_note, witnesses);
  if (!cosigned.ok()) return Fail(cosigned.status());
  if (cosigned->size() < required) {
    std::printf(
        "FAIL: the receipt's checkpoint carries cosignatures of %zu of the %zu "
        "witnesses required\n",
        cosigned->size(), required);
    return kFound;
  }
  std::printf("OK: the entry at position %llu is in the log '%s' of size %llu (root %s)\n",
              static_cast<unsigned long long>(receipt->position.value), checkpoint->origin.c_str(),
              static_cast<unsigned long long>(checkpoint->size), ToHex(checkpoint->root).c_str());
  for (const VerifiedCosignature& cosignature : *cosigned) {
    std::printf("  cosigned by witness %s at %llu (POSIX seconds)\n", cosignature.witness.c_str(),
                static_cast<unsigned long long>(cosignature.timestamp));
  }
  return kOk;
}

// The erased payloads an audit accounted for, per erasure event (the first ten events named,
// the rest counted): for a data directory, every missing payload; for a bundle, its erased
// records (those naming an erasure inside the bundle checked against it).
void PrintErasures(const AuditReport& report, bool bundle) {
  if (report.erasures.empty()) return;
  std::string events;
  for (std::size_t i = 0; i < report.erasures.size() && i < 10; ++i) {
    events += (i == 0 ? "" : ", ") + std::to_string(report.erasures[i].payloads_erased) +
              " by the erasure at position " + std::to_string(report.erasures[i].position);
  }
  if (report.erasures.size() > 10) events += ", ...";
  std::printf(
      "erased: %llu personal payloads by %zu erasure events (%s); %s\n",
      static_cast<unsigned long long>(report.payloads_erased), report.erasures.size(),
      events.c_str(),
      bundle ? "as the bundle's erased records say" : "no payload is missing without an erasure");
}

int VerifyCommand(const VerifyArgs& args) {
  Result<std::vector<NoteVerifier>> keys = LoadKeys(args.keys);
  if (!keys.ok()) return Fail(keys.status());
  Result<std::vector<NoteVerifier>> witnesses = LoadWitnesses(args);
  if (!witnesses.ok()) return Fail(witnesses.status());
  Result<KeyHistory> history = LoadKeyHistoryFile(args.key_history);
  if (!history.ok()) return Fail(history.status());
  if (!args.receipt.empty()) {
    if (!args.against.empty() || args.allow_unsigned_tail) {
      return Fail(Status::InvalidArgument(
          "--against and --allow-unsigned-tail apply to --data and --bundle, not --receipt"));
    }
    return VerifyReceiptFile(args.receipt, *keys, *history, *witnesses, args.witnesses_required);
  }
  AuditOptions options{.keys = std::move(keys).value(),
                       .allow_unsigned_tail = args.allow_unsigned_tail,
                       .witnesses = std::move(witnesses).value(),
                       .witnesses_required = args.witnesses_required,
                       .key_history = history->Text(),
                       .progress = Progress()};
  if (!args.origin.empty()) options.origin = args.origin;
  if (!args.against.empty()) {
    Result<std::string> saved = ReadFile(args.against);
    if (!saved.ok()) return Fail(saved.status());
    options.saved_checkpoint = std::move(saved).value();
  }
  std::unique_ptr<AuditSource> source;
  if (!args.bundle.empty()) {
    auto bundle = BundleSource::Open(args.bundle);
    if (!bundle.ok()) return Fail(bundle.status());
    source = std::move(bundle).value();
  } else {
    auto directory = DirectorySource::Open(args.data);
    if (!directory.ok()) return Fail(directory.status());
    source = std::move(directory).value();
  }
  auto started = std::chrono::steady_clock::now();
  Result<AuditReport> report = Audit(*source, options);
  if (::isatty(STDERR_FILENO)) std::fprintf(stderr, "\n");
  if (!report.ok()) return Fail(report.status());
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (report->finding) {
    std::printf("FAIL: %s\n", report->finding->ToString().c_str());
    return kFound;
  }
  std::printf(
      "OK: %llu entries and %llu checkpoints verified in %.2f s (%.0f entries/s); "
      "tree size %llu, root %s; signed through size %llu\n",
      static_cast<unsigned long long>(report->entries_checked),
      static_cast<unsigned long long>(report->checkpoints_checked), seconds,
      seconds > 0 ? report->entries_checked / seconds : 0.0,
      static_cast<unsigned long long>(report->size), ToHex(report->root).c_str(),
      static_cast<unsigned long long>(report->signed_size));
  PrintErasures(*report, !args.bundle.empty());
  if (report->key_epochs > 0) {
    std::printf(
        "keys: followed the log's key history of %zu signing keys from the key you "
        "gave; each checkpoint is signed by the key of its size\n",
        report->key_epochs);
  }
  if (args.witnesses_required > 0) {
    std::printf(
        "witnessed: the checkpoint of size %llu carries cosignatures of %zu of the %zu "
        "witnesses given%s\n",
        static_cast<unsigned long long>(report->witnessed_size), args.witnesses_required,
        args.witness_keys.size(),
        report->witnessed_size < report->signed_size
            ? "; later checkpoints are not cosigned by that many yet"
            : "");
  }
  if (report->signed_size < report->size) {
    std::printf("WARNING: entries %llu to %llu are covered by no signed checkpoint\n",
                static_cast<unsigned long long>(report->signed_size),
                static_cast<unsigned long long>(report->size - 1));
  }
  return kOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "ledgerctl: keys, checkpoints, proofs, receipts, export, verification, read models, tokens, "
      "erasure, backups"};
  app.require_subcommand(1);
  // Stdout carries what a command prints (notes, reports); the log, RocksDB's too, stderr.
  spdlog::set_default_logger(spdlog::stderr_color_mt("ledgerctl"));
  spdlog::set_level(spdlog::level::warn);
  int exit_code = kOk;

  auto* keys = app.add_subcommand("keys", "Signing keys")->require_subcommand(1);
  // C2SP tlog-checkpoint: the log's key is named after its origin, so by default they agree.
  const std::string default_origin = "trajectory-ledger.local/pnt";
  auto* generate = keys->add_subcommand("generate", "Write a new Ed25519 signing key");
  std::string name = default_origin, key_out, public_out;
  bool cosigner = false;
  generate->add_option("--name", name,
                       "Key name: the log's origin, or the witness's name with --cosigner (no "
                       "spaces or '+'; default " +
                           default_origin + ")");
  generate->add_flag("--cosigner", cosigner,
                     "A witness's key, which cosigns checkpoints (C2SP tlog-cosignature, "
                     "type 0x04)");
  generate->add_option("--out", key_out, "Private key file to create (mode 0600)")->required();
  generate->add_option("--public-out", public_out, "Also write the verifier key here");
  generate->callback([&] { exit_code = KeysGenerate(name, key_out, public_out, cosigner); });
  auto* public_key = keys->add_subcommand("public", "Print the verifier key of a signing key");
  std::string private_key;
  public_key->add_option("--key", private_key, "Private signing key file")->required();
  public_key->callback([&] { exit_code = KeysPublic(private_key); });
  ledger::tools::AddKeyHistoryCommands(*keys, exit_code);

  std::string data = "./data", key_path, origin = default_origin;
  bool sign = false;
  auto* checkpoint = app.add_subcommand("checkpoint", "Print (or --sign) the latest checkpoint");
  checkpoint->add_option("--data", data, "Ledger directory");
  checkpoint->add_flag("--sign", sign, "Sign the current head first");
  checkpoint->add_option("--key", key_path, "Private key file (with --sign)");
  checkpoint->add_option("--origin", origin, "The log's origin line (with --sign)");
  checkpoint->callback([&] {
    exit_code = sign && key_path.empty() ? Fail(Status::InvalidArgument("--sign needs --key"))
                                         : CheckpointCommand(data, sign, key_path, origin);
  });

  auto* prove = app.add_subcommand("prove", "RFC 9162 proofs")->require_subcommand(1);
  std::uint64_t index = 0, old_size = 0;
  std::optional<std::uint64_t> size;
  auto* inclusion = prove->add_subcommand("inclusion", "Inclusion proof of one index");
  inclusion->add_option("--data", data, "Ledger directory");
  inclusion->add_option("--index", index, "Leaf index (position)")->required();
  inclusion->add_option("--size", size, "Signed tree size (default: the latest checkpoint)");
  inclusion->callback([&] { exit_code = ProveInclusion(data, index, size); });
  auto* consistency = prove->add_subcommand("consistency", "Consistency proof of two sizes");
  consistency->add_option("--data", data, "Ledger directory");
  consistency->add_option("--old", old_size, "The older signed size")->required();
  consistency->add_option("--new", size, "The newer signed size (default: the latest)");
  consistency->callback([&] { exit_code = ProveConsistency(data, old_size, size); });

  std::uint64_t position = 0, from = 0;
  std::optional<std::uint64_t> to;
  std::string out;
  bool with_personal = false;
  auto* receipt = app.add_subcommand("receipt", "Write a receipt for one entry");
  receipt->add_option("position", position, "The entry's position")->required();
  receipt->add_option("--data", data, "Ledger directory");
  receipt->add_option("--out", out, "Receipt file to create")->required();
  receipt->add_option("--size", size,
                      "The signed checkpoint's tree size (default: the latest checkpoint)");
  receipt->add_flag("--with-personal", with_personal, "Include the personal payload");
  receipt->callback(
      [&] { exit_code = ReceiptCommand(data, position, size.value_or(0), out, with_personal); });

  auto* export_cmd = app.add_subcommand("export", "Write a bundle for offline verification");
  export_cmd->add_option("--data", data, "Ledger directory");
  export_cmd->add_option("--out", out, "Bundle file to create")->required();
  export_cmd->add_option("--from", from, "First position (default 0)");
  export_cmd->add_option("--to", to, "End position, exclusive (default: the head)");
  export_cmd->add_flag("--with-personal", with_personal, "Include personal payloads");
  export_cmd->callback([&] { exit_code = ExportCommand(data, out, from, to, with_personal); });

  VerifyArgs verify_args;
  auto* verify = app.add_subcommand("verify", "Verify a directory, a bundle or a receipt");
  auto* source = verify->add_option_group("source", "What to verify");
  source->add_option("--data", verify_args.data, "Ledger directory");
  source->add_option("--bundle", verify_args.bundle, "Exported bundle");
  source->add_option("--receipt", verify_args.receipt, "Receipt file");
  source->require_option(1);
  verify->add_option("--key", verify_args.keys, "Public verifier key file (repeatable)")
      ->required();
  verify->add_option("--against", verify_args.against, "A checkpoint note saved earlier");
  verify->add_option("--origin", verify_args.origin,
                     "The log's origin, when its key is not named after it (default: the "
                     "key's name)");
  verify->add_flag("--allow-unsigned-tail", verify_args.allow_unsigned_tail,
                   "Accept entries past the last signed checkpoint (reported, not failed)");
  verify->add_option("--witness-key", verify_args.witness_keys,
                     "A witness's verifier key file (repeatable): its cosignatures must verify");
  verify->add_option("--key-history", verify_args.key_history,
                     "The log's key history (ledgerctl keys history, GET /v1/checkpoint's "
                     "keyHistory): for a receipt signed by a key you do not hold, or a source "
                     "that carries none");
  verify->add_option("--witnesses", verify_args.witnesses_required,
                     "Require a checkpoint cosigned by this many of the --witness-key witnesses");
  verify->callback([&] { exit_code = VerifyCommand(verify_args); });

  ledger::tools::AddModelCommands(app, exit_code);
  ledger::tools::AddTokenCommands(app, exit_code);
  ledger::tools::AddRecoverCommand(app, exit_code);
  ledger::tools::AddEraseCommand(app, exit_code);
  ledger::tools::AddBackupCommand(app, exit_code);
  ledger::tools::AddWitnessCommands(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    int code = app.exit(error);
    return code == 0 ? kOk : kError;
  }
  return exit_code;
}
