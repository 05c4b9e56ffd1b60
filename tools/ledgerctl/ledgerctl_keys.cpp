#include "tools/ledgerctl/ledgerctl_keys.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "api/auth/locked_file.h"
#include "ledger/integrity/key_history.h"
#include "ledger/integrity/note_keys.h"
#include "ledger/store/checkpoint_store.h"
#include "ledger/store/checkpointer.h"
#include "ledger/store/event_store.h"
#include "tools/ledgerctl/ledgerctl_common.h"
#include "tools/ledgerctl/ledgerctl_files.h"

namespace ledger::tools {
namespace {

// ---- keys generate, keys public

int Generate(const std::string& name, const std::string& out, const std::string& public_out,
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
  return kExitOk;
}

int Public(const std::string& key_path) {
  Result<NoteSigner> signer = ReadPrivateKey(key_path);
  if (!signer.ok()) return Fail(signer.status());
  std::printf("%s\n", signer->VerifierKeyText().c_str());
  return kExitOk;
}

// ---- keys rotate, keys history

// The files of ledgerd's data directory a rotation touches (api/server/data_dir.h).
struct RotationFiles {
  std::string ledger, signing_key, next_key, verifier_key;
  explicit RotationFiles(const std::string& data)
      : ledger(data + "/ledger"),
        signing_key(data + "/signing.key"),
        next_key(data + "/signing.key.next"),
        verifier_key(data + "/verifier.key") {}
};

// Step 3: the new key becomes signing.key (atomically, synced), verifier.key follows.
Status Install(const RotationFiles& files, const NoteSigner& next) {
  LEDGER_RETURN_IF_ERROR(api::ReplaceFile(files.signing_key, next.PrivateKeyText() + "\n"));
  if (::unlink(files.next_key.c_str()) != 0) {
    return Status::IoError("cannot remove " + files.next_key + " after installing it");
  }
  LEDGER_RETURN_IF_ERROR(api::ReplaceFile(files.verifier_key, next.VerifierKeyText() + "\n"));
  if (::chmod(files.verifier_key.c_str(), 0644) != 0) {
    return Status::IoError("cannot make " + files.verifier_key + " readable");
  }
  return Status::Ok();
}

void PrintEpochs(const std::string& history_text) {
  Result<KeyHistory> history = KeyHistory::Parse(history_text);
  if (!history.ok()) return;
  for (const KeyEpoch& epoch : history->epochs()) {
    std::printf("  %s signs sizes from %llu\n", epoch.key.VerifierKeyText().c_str(),
                static_cast<unsigned long long>(epoch.from_size));
  }
}

int Rotate(const std::string& data, const std::string& keep_old_key) {
  RotationFiles files(data);
  Result<NoteSigner> current = ReadPrivateKey(files.signing_key);
  if (!current.ok()) return Fail(current.status());
  auto store = EventStore::Open({.path = files.ledger, .create_if_missing = false});
  if (!store.ok()) {
    Fail(store.status());
    std::fprintf(stderr,
                 "ledgerctl: a key rotation needs ledgerd stopped (it holds the "
                 "ledger) and <data>/ledger to exist\n");
    return kExitError;
  }
  Result<std::string> history_text = LoadKeyHistory((*store)->database());
  if (!history_text.ok()) return Fail(history_text.status());
  Result<KeyHistory> history = KeyHistory::Parse(*history_text);
  if (!history.ok()) return Fail(history.status());

  if (std::filesystem::exists(files.next_key)) {
    Result<NoteSigner> pending = ReadPrivateKey(files.next_key);
    if (!pending.ok()) return Fail(pending.status());
    if (history->rotated() && history->current().VerifierKeyText() == pending->VerifierKeyText()) {
      Status installed = Install(files, *pending);
      if (!installed.ok()) return Fail(installed);
      std::printf("finished the rotation that was interrupted: %s signs from size %llu\n",
                  pending->VerifierKeyText().c_str(),
                  static_cast<unsigned long long>(history->epochs().back().from_size));
      return kExitOk;
    }
    // Written by a run that stopped before the history named it: never used, replaced.
    std::fprintf(stderr,
                 "ledgerctl: %s is left from a rotation that did not get to record "
                 "it; replacing it\n",
                 files.next_key.c_str());
  }

  if (!keep_old_key.empty()) {
    // The retiring key, for offline keeping: a new file of mode 0600, synced.
    Status kept = WriteNewFile(keep_old_key, current->PrivateKeyText() + "\n", 0600);
    if (!kept.ok()) return Fail(kept);
  }
  CheckpointPolicy policy{.origin = current->name(), .background = false};
  auto checkpointer = Checkpointer::Start(**store, *current, policy);
  if (!checkpointer.ok()) return Fail(checkpointer.status());
  Result<NoteSigner> next = NoteSigner::Generate(current->name());
  if (!next.ok()) return Fail(next.status());
  // Step 1: the new private key is durable before any history names it.
  Status staged = api::ReplaceFile(files.next_key, next->PrivateKeyText() + "\n");
  if (!staged.ok()) return Fail(staged);
  Result<KeyTransition> transition = (*checkpointer)->Rotate(*next);  // Step 2.
  if (!transition.ok()) return Fail(transition.status());
  Status installed = Install(files, *next);  // Step 3.
  if (!installed.ok()) return Fail(installed);
  std::printf("rotated the signing key of '%s':\n", current->name().c_str());
  PrintEpochs((*checkpointer)->key_history());
  std::printf(
      "the new verifier key is in %s; hand it to auditors and witnesses beside the "
      "old one. The old private key was removed from %s: the key history keeps its "
      "public key, which is all that verifying its checkpoints needs%s.\n",
      files.verifier_key.c_str(), data.c_str(),
      keep_old_key.empty() ? "" : (" (a copy is in " + keep_old_key + ")").c_str());
  return kExitOk;
}

int History(const std::string& ledger) {
  Result<std::string> text = LoadKeyHistoryAt(ledger);
  if (!text.ok()) return Fail(text.status());
  Result<KeyHistory> history = KeyHistory::Parse(*text);
  if (!history.ok()) return Fail(history.status());
  if (!history->rotated()) {
    std::fprintf(stderr,
                 "ledgerctl: the log never rotated its signing key: its history is "
                 "empty, and its one key signed every checkpoint\n");
  }
  std::fwrite(text->data(), 1, text->size(), stdout);
  return kExitOk;
}

}  // namespace

void AddKeyCommands(CLI::App& app, int& exit_code) {
  CLI::App& keys = *app.add_subcommand("keys", "Signing keys")->require_subcommand(1);

  struct GenerateArgs {
    std::string name{kDefaultOrigin}, out, public_out;
    bool cosigner = false;
  };
  auto generate_args = std::make_shared<GenerateArgs>();
  auto* generate = keys.add_subcommand("generate", "Write a new Ed25519 signing key");
  generate->add_option("--name", generate_args->name,
                       "Key name: the log's origin, or the witness's name with --cosigner (no "
                       "spaces or '+'; default " +
                           std::string(kDefaultOrigin) + ")");
  generate->add_flag("--cosigner", generate_args->cosigner,
                     "A witness's key, which cosigns checkpoints (C2SP tlog-cosignature, "
                     "type 0x04)");
  generate->add_option("--out", generate_args->out, "Private key file to create (mode 0600)")
      ->required();
  generate->add_option("--public-out", generate_args->public_out,
                       "Also write the verifier key here");
  generate->callback([&exit_code, generate_args] {
    exit_code = Generate(generate_args->name, generate_args->out, generate_args->public_out,
                         generate_args->cosigner);
  });

  auto* public_key = keys.add_subcommand("public", "Print the verifier key of a signing key");
  auto private_key = std::make_shared<std::string>();
  public_key->add_option("--key", *private_key, "Private signing key file")->required();
  public_key->callback([&exit_code, private_key] { exit_code = Public(*private_key); });

  auto* rotate = keys.add_subcommand(
      "rotate",
      "Hand the log over to a new signing key from the next checkpoint on (ledgerd "
      "stopped)");
  auto data = std::make_shared<std::string>("./data");
  auto keep = std::make_shared<std::string>();
  rotate->add_option("--data", *data, "ledgerd's data directory (holds ledger/, signing.key)");
  rotate->add_option("--keep-old-key", *keep,
                     "Also write the retiring private key to this new file (mode 0600), to keep "
                     "offline while backups from before the rotation may be restored");
  rotate->callback([&exit_code, data, keep] { exit_code = Rotate(*data, *keep); });

  auto* history = keys.add_subcommand("history", "Print the log's key history");
  auto ledger = std::make_shared<std::string>("./data/ledger");
  history->add_option("--data", *ledger, "Ledger directory (<data>/ledger of ledgerd)");
  history->callback([&exit_code, ledger] { exit_code = History(*ledger); });
}

}  // namespace ledger::tools
