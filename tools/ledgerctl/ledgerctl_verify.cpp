#include "tools/ledgerctl/ledgerctl_verify.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "ledger/integrity/audit.h"
#include "ledger/integrity/bundle.h"
#include "ledger/integrity/cosignature.h"
#include "ledger/integrity/key_history.h"
#include "ledger/integrity/note.h"
#include "ledger/integrity/receipt.h"
#include "ledger/store/directory_source.h"
#include "tools/ledgerctl/ledgerctl_common.h"
#include "tools/ledgerctl/ledgerctl_files.h"

namespace ledger::tools {
namespace {

// A proof, signature or hash that does not check out is a finding (1); anything else 2.
int Report(const Status& status) { return Fail(status, Status::Code::kVerificationFailed); }

// The verifier keys in `paths`, at least one.
Result<std::vector<NoteVerifier>> LoadKeys(const std::vector<std::string>& paths) {
  std::vector<NoteVerifier> keys;
  for (const std::string& path : paths) {
    Result<NoteVerifier> key = ReadVerifierKey(path);
    if (!key.ok()) return key.status();
    keys.push_back(std::move(key).value());
  }
  if (keys.empty()) return Status::InvalidArgument("at least one --key is needed");
  return keys;
}

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
  if (!text.ok()) return Report(text.status());
  Result<Receipt> receipt = Receipt::Parse(*text);
  if (!receipt.ok()) return Report(receipt.status());
  // After a rotation, the key that signs the receipt's size, followed from a trusted key.
  Result<std::vector<NoteVerifier>> keys = KeysForSize(history, trusted, receipt->tree_size);
  if (!keys.ok()) return Report(keys.status());
  Result<Checkpoint> checkpoint = VerifyReceipt(*receipt, *keys);
  if (!checkpoint.ok()) return Report(checkpoint.status());
  Result<std::vector<VerifiedCosignature>> cosigned =
      VerifyCosignatures(receipt->checkpoint_note, witnesses);
  if (!cosigned.ok()) return Report(cosigned.status());
  if (cosigned->size() < required) {
    std::printf(
        "FAIL: the receipt's checkpoint carries cosignatures of %zu of the %zu "
        "witnesses required\n",
        cosigned->size(), required);
    return kExitFound;
  }
  std::printf("OK: the entry at position %llu is in the log '%s' of size %llu (root %s)\n",
              static_cast<unsigned long long>(receipt->position.value), checkpoint->origin.c_str(),
              static_cast<unsigned long long>(checkpoint->size), ToHex(checkpoint->root).c_str());
  for (const VerifiedCosignature& cosignature : *cosigned) {
    std::printf("  cosigned by witness %s at %llu (POSIX seconds)\n", cosignature.witness.c_str(),
                static_cast<unsigned long long>(cosignature.timestamp));
  }
  return kExitOk;
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
  if (!keys.ok()) return Report(keys.status());
  Result<std::vector<NoteVerifier>> witnesses = LoadWitnesses(args);
  if (!witnesses.ok()) return Report(witnesses.status());
  Result<KeyHistory> history = LoadKeyHistoryFile(args.key_history);
  if (!history.ok()) return Report(history.status());
  if (!args.receipt.empty()) {
    if (!args.against.empty() || args.allow_unsigned_tail) {
      return Report(Status::InvalidArgument(
          "--against and --allow-unsigned-tail apply to --data and --bundle, not --receipt"));
    }
    return VerifyReceiptFile(args.receipt, *keys, *history, *witnesses, args.witnesses_required);
  }
  AuditOptions options{.keys = std::move(keys).value(),
                       .allow_unsigned_tail = args.allow_unsigned_tail,
                       .witnesses = std::move(witnesses).value(),
                       .witnesses_required = args.witnesses_required,
                       .key_history = history->Text(),
                       .progress = EntryProgress()};
  if (!args.origin.empty()) options.origin = args.origin;
  if (!args.against.empty()) {
    Result<std::string> saved = ReadFile(args.against);
    if (!saved.ok()) return Report(saved.status());
    options.saved_checkpoint = std::move(saved).value();
  }
  std::unique_ptr<AuditSource> source;
  if (!args.bundle.empty()) {
    auto bundle = BundleSource::Open(args.bundle);
    if (!bundle.ok()) return Report(bundle.status());
    source = std::move(bundle).value();
  } else {
    auto directory = DirectorySource::Open(args.data);
    if (!directory.ok()) return Report(directory.status());
    source = std::move(directory).value();
  }
  auto started = std::chrono::steady_clock::now();
  Result<AuditReport> report = Audit(*source, options);
  if (::isatty(STDERR_FILENO)) std::fprintf(stderr, "\n");
  if (!report.ok()) return Report(report.status());
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (report->finding) {
    std::printf("FAIL: %s\n", report->finding->ToString().c_str());
    return kExitFound;
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
  return kExitOk;
}

}  // namespace

void AddVerifyCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<VerifyArgs>();
  auto* verify = app.add_subcommand("verify", "Verify a directory, a bundle or a receipt");
  auto* source = verify->add_option_group("source", "What to verify");
  source->add_option("--data", args->data, "Ledger directory");
  source->add_option("--bundle", args->bundle, "Exported bundle");
  source->add_option("--receipt", args->receipt, "Receipt file");
  source->require_option(1);
  verify->add_option("--key", args->keys, "Public verifier key file (repeatable)")->required();
  verify->add_option("--against", args->against, "A checkpoint note saved earlier");
  verify->add_option("--origin", args->origin,
                     "The log's origin, when its key is not named after it (default: the "
                     "key's name)");
  verify->add_flag("--allow-unsigned-tail", args->allow_unsigned_tail,
                   "Accept entries past the last signed checkpoint (reported, not failed)");
  verify->add_option("--witness-key", args->witness_keys,
                     "A witness's verifier key file (repeatable): its cosignatures must verify");
  verify->add_option("--key-history", args->key_history,
                     "The log's key history (ledgerctl keys history, GET /v1/checkpoint's "
                     "keyHistory): for a receipt signed by a key you do not hold, or a source "
                     "that carries none");
  verify->add_option("--witnesses", args->witnesses_required,
                     "Require a checkpoint cosigned by this many of the --witness-key witnesses");
  verify->callback([&exit_code, args] { exit_code = VerifyCommand(*args); });
}

}  // namespace ledger::tools
