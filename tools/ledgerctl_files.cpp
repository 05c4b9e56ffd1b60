#include "tools/ledgerctl_files.h"

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

}  // namespace ledger::tools
