#include "api/server/data_dir.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "api/auth/locked_file.h"
#include "ledger/format/hash.h"

namespace ledger::api {
namespace {

// Key files are one line; anything larger is not one of ours.
constexpr std::size_t kKeyFileBytesMax = 4096;

Result<std::string> ReadSmallFile(const std::string& path) {
  Result<FileContents> contents = ReadWholeFile(path, kKeyFileBytesMax);
  if (!contents.ok()) return contents.status();
  return std::move(contents->text);
}

// Writes `text` to a new file of mode 0600, synced; refuses to replace an existing one.
Status WriteSecretFile(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IoError("cannot create " + path + ": " + std::strerror(errno));
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Status::IoError("cannot write " + path);
  return Status::Ok();
}

}  // namespace

Result<DataDir> DataDir::Prepare(std::string root) {
  std::error_code error;
  std::filesystem::create_directories(root, error);
  if (error)
    return Status::IoError("cannot create data directory " + root + ": " + error.message());
  if (std::filesystem::exists(root + "/CURRENT")) {
    return Status::InvalidArgument(
        root +
        " is itself a ledger directory (written by ledger_demo or an older layout); "
        "ledgerd keeps its ledger in <data>/ledger: give ledgerd another --data directory");
  }
  return DataDir{std::move(root)};
}

Status DataDir::PrepareExports() const {
  std::error_code error;
  std::filesystem::remove_all(exports(), error);
  if (error) return Status::IoError("cannot empty " + exports() + ": " + error.message());
  std::filesystem::create_directories(exports(), error);
  if (error) return Status::IoError("cannot create " + exports() + ": " + error.message());
  return Status::Ok();
}

Result<NoteSigner> DataDir::LoadOrCreateSigner(const std::string& origin) const {
  if (!std::filesystem::exists(signing_key())) {
    Result<NoteSigner> signer = NoteSigner::Generate(origin);
    if (!signer.ok()) return signer.status();
    LEDGER_RETURN_IF_ERROR(WriteSecretFile(signing_key(), signer->PrivateKeyText() + "\n"));
    return signer;
  }
  Result<std::string> text = ReadSmallFile(signing_key());
  if (!text.ok()) return text.status();
  Result<NoteSigner> signer = NoteSigner::FromPrivateKeyText(text->substr(0, text->find('\n')));
  if (!signer.ok()) {
    return Status::InvalidArgument(signing_key() +
                                   " does not hold a signing key: " + signer.status().message());
  }
  return signer;
}

Status DataDir::WriteVerifierKey(const NoteSigner& signer) const {
  std::string text = signer.VerifierKeyText() + "\n";
  Result<std::string> current = ReadSmallFile(verifier_key());
  if (current.ok() && *current == text) return Status::Ok();
  LEDGER_RETURN_IF_ERROR(ReplaceFile(verifier_key(), text));
  std::error_code error;
  namespace fs = std::filesystem;
  fs::permissions(verifier_key(),
                  fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read |
                      fs::perms::others_read,
                  error);
  if (error)
    return Status::IoError("cannot make " + verifier_key() + " readable: " + error.message());
  return Status::Ok();
}

Result<::projections::reporting::PseudonymKey> DataDir::LoadOrCreateReportKey() const {
  ::projections::reporting::PseudonymKey key{};
  if (!std::filesystem::exists(report_key())) {
    if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) {
      return Status::IoError("no random bytes for the report key");
    }
    LEDGER_RETURN_IF_ERROR(WriteSecretFile(report_key(), BytesToHex(key) + "\n"));
    return key;
  }
  Result<std::string> text = ReadSmallFile(report_key());
  if (!text.ok()) return text.status();
  Result<Hash> parsed = HashFromHex(text->substr(0, text->find('\n')));
  if (!parsed.ok()) {
    return Status::InvalidArgument(report_key() + " does not hold 64 hex digits");
  }
  std::copy(parsed->begin(), parsed->end(), key.begin());
  return key;
}

}  // namespace ledger::api
