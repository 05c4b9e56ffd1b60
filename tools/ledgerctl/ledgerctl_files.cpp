#include "tools/ledgerctl/ledgerctl_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

namespace ledger::tools {
namespace {

Result<std::string> FirstLineOf(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  if (!text.ok()) return text.status();
  return text->substr(0, text->find('\n'));
}

}  // namespace

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read '" + path + "'");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

Result<NoteVerifier> ReadVerifierKey(const std::string& path) {
  Result<std::string> line = FirstLineOf(path);
  if (!line.ok()) return line.status();
  Result<NoteVerifier> key = NoteVerifier::FromVerifierKeyText(*line);
  if (!key.ok()) return Status::InvalidArgument("'" + path + "': " + key.status().message());
  return key;
}

Result<NoteSigner> ReadPrivateKey(const std::string& path) {
  Result<std::string> line = FirstLineOf(path);
  if (!line.ok()) return line.status();
  Result<NoteSigner> key = NoteSigner::FromPrivateKeyText(*line);
  if (!key.ok()) return Status::InvalidArgument("'" + path + "': " + key.status().message());
  return key;
}

Status WriteNewFile(const std::string& path, const std::string& text, mode_t mode) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) return Status::IoError("cannot create '" + path + "' (it must not exist yet)");
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
            ::fsync(fd) == 0;
  ::close(fd);
  return ok ? Status::Ok() : Status::IoError("writing '" + path + "' failed");
}

}  // namespace ledger::tools
