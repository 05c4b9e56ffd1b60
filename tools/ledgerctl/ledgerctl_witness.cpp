#include "tools/ledgerctl/ledgerctl_witness.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "ledger/format/hash.h"
#include "ledger/integrity/note_keys.h"
#include "ledger/integrity/witness.h"
#include "tools/ledgerctl/ledgerctl_common.h"
#include "tools/ledgerctl/ledgerctl_files.h"

namespace ledger::tools {
namespace {

// A checkpoint refused (it does not verify or extend the last one cosigned) answers 1.
int Report(const Status& status) {
  return Fail(status, Status::Code::kVerificationFailed, "ledgerctl witness");
}

// The hashes of a proof file (ledgerctl_witness.h says which forms).
Result<std::vector<Hash>> ParseProofFile(const std::string& path, const std::string& text) {
  std::vector<Hash> proof;
  std::istringstream lines(text);
  std::string line;
  for (std::size_t number = 1; std::getline(lines, line); ++number) {
    if (number == 1 && line.starts_with("consistency of")) continue;
    if (line.empty()) break;
    Result<Hash> hash = HashFromHex(line);
    if (!hash.ok()) {
      return Status::InvalidArgument("'" + path + "' line " + std::to_string(number) +
                                     ": not a 64-digit hex hash");
    }
    proof.push_back(*hash);
  }
  return proof;
}

// Holds "<state>.lock" for the command's life.
class StateLock {
 public:
  static Result<StateLock> Take(const std::string& state) {
    std::string path = state + ".lock";
    int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) return Status::IoError("cannot open '" + path + "'");
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      return Status::Busy("another witness run holds '" + path + "'");
    }
    return StateLock(fd);
  }
  StateLock(StateLock&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  StateLock(const StateLock&) = delete;
  ~StateLock() {
    if (fd_ >= 0) ::close(fd_);
  }

 private:
  explicit StateLock(int fd) : fd_(fd) {}
  int fd_;
};

// Replaces `path` with `text` so that a crash leaves the old or the new file, never a mix.
Status ReplaceFile(const std::string& path, const std::string& text) {
  std::string temporary = path + ".tmp";
  int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IoError("cannot create '" + temporary + "'");
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ok = ::close(fd) == 0 && ok;
  if (!ok || ::rename(temporary.c_str(), path.c_str()) != 0) {
    return Status::IoError("cannot write '" + path + "'");
  }
  std::string directory = std::filesystem::path(path).parent_path().string();
  int dir = ::open(directory.empty() ? "." : directory.c_str(), O_RDONLY | O_DIRECTORY);
  if (dir < 0) return Status::IoError("cannot open the directory of '" + path + "'");
  ok = ::fsync(dir) == 0;
  ::close(dir);
  return ok ? Status::Ok() : Status::IoError("cannot sync the directory of '" + path + "'");
}

// The body of POST /v1/checkpoint/cosignatures (CosignRequest), JSON-escaped.
std::string RequestJson(std::uint64_t size, const std::string& lines) {
  std::string escaped;
  for (char c : lines) {
    if (c == '\n') {
      escaped += "\\n";
    } else if (c == '"' || c == '\\') {
      escaped += '\\';
      escaped += c;
    } else {
      escaped += c;
    }
  }
  return "{\"treeSize\":\"" + std::to_string(size) + "\",\"cosignatures\":\"" + escaped + "\"}";
}

struct CosignArgs {
  std::string key;
  std::string log_key;
  std::string state;
  std::string checkpoint;
  std::string proof;
  bool json = false;
};

int Cosign(const CosignArgs& args) {
  Result<NoteSigner> witness = ReadPrivateKey(args.key);
  if (!witness.ok()) return Report(witness.status());
  Result<NoteVerifier> log_key = ReadVerifierKey(args.log_key);
  if (!log_key.ok()) return Report(log_key.status());
  Result<std::string> offered = ReadFile(args.checkpoint);
  if (!offered.ok()) return Report(offered.status());
  std::vector<Hash> proof;
  if (!args.proof.empty()) {
    Result<std::string> proof_text = ReadFile(args.proof);
    if (!proof_text.ok()) return Report(proof_text.status());
    Result<std::vector<Hash>> parsed = ParseProofFile(args.proof, *proof_text);
    if (!parsed.ok()) return Report(parsed.status());
    proof = std::move(parsed).value();
  }
  Result<StateLock> lock = StateLock::Take(args.state);
  if (!lock.ok()) return Report(lock.status());
  std::optional<std::string> last;
  if (std::filesystem::exists(args.state)) {
    Result<std::string> state = ReadFile(args.state);
    if (!state.ok()) return Report(state.status());
    last = std::move(state).value();
  }
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::system_clock::now().time_since_epoch());
  Result<WitnessVerdict> verdict = WitnessCheckpoint(*witness, *log_key, last, *offered, proof,
                                                     static_cast<std::uint64_t>(now.count()));
  if (!verdict.ok()) return Report(verdict.status());
  // The new view is recorded before any cosignature of it leaves this process.
  Status saved = ReplaceFile(args.state, *offered);
  if (!saved.ok()) return Report(saved);
  if (args.json) {
    std::printf("%s\n", RequestJson(verdict->checkpoint.size, verdict->cosignature).c_str());
  } else {
    std::printf("%s", verdict->cosignature.c_str());
  }
  std::fprintf(stderr, "cosigned %s size %llu, root %s%s\n", verdict->checkpoint.origin.c_str(),
               static_cast<unsigned long long>(verdict->checkpoint.size),
               ToHex(verdict->checkpoint.root).c_str(),
               last ? "" : " (first checkpoint this witness saw of the log: trusted as it is)");
  return kExitOk;
}

}  // namespace

void AddWitnessCommands(CLI::App& app, int& exit_code) {
  auto* witness = app.add_subcommand("witness", "Cosign the ledger's checkpoints as a witness")
                      ->require_subcommand(1);
  auto args = std::make_shared<CosignArgs>();
  auto* cosign = witness->add_subcommand(
      "cosign", "Check a checkpoint against the last one cosigned, then cosign it");
  cosign->add_option("--key", args->key, "The witness's private key (keys generate --cosigner)")
      ->required();
  cosign->add_option("--log-key", args->log_key, "The log's verifier key file")->required();
  cosign->add_option("--state", args->state, "The witness's state file (created on first use)")
      ->required();
  cosign->add_option("--checkpoint", args->checkpoint, "The signed checkpoint note to cosign")
      ->required();
  cosign->add_option("--proof", args->proof,
                     "Consistency proof from the last cosigned size to the checkpoint's");
  cosign->add_flag("--json", args->json,
                   "Print the body of POST /v1/checkpoint/cosignatures instead of the line");
  cosign->callback([&exit_code, args] { exit_code = Cosign(*args); });
}

}  // namespace ledger::tools
