#include "fuzz/fuzz_support.h"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace ledger::fuzz {
namespace {

std::vector<NoteVerifier> ReadVerifier(const char* name) {
  std::string path = std::string(LEDGER_FUZZ_KEYS_DIR) + "/" + name;
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  std::string key = text.str();
  while (!key.empty() && (key.back() == '\n' || key.back() == ' ')) key.pop_back();
  Result<NoteVerifier> verifier = NoteVerifier::FromVerifierKeyText(key);
  if (!verifier.ok()) {
    std::fprintf(stderr, "fuzz: cannot read the key %s: %s\n", path.c_str(),
                 verifier.status().ToString().c_str());
    std::abort();
  }
  std::vector<NoteVerifier> keys;
  keys.push_back(std::move(verifier).value());
  return keys;
}

}  // namespace

const std::vector<NoteVerifier>& LogKeys() {
  static const std::vector<NoteVerifier> keys = ReadVerifier("log.vkey");
  return keys;
}

const std::vector<NoteVerifier>& WitnessKeys() {
  static const std::vector<NoteVerifier> keys = ReadVerifier("witness.vkey");
  return keys;
}

const std::string& InputFile(std::string_view bytes) {
  static const int fd = ::memfd_create("fuzz-input", MFD_CLOEXEC);
  static const std::string path = "/proc/self/fd/" + std::to_string(fd);
  if (fd < 0 || ::ftruncate(fd, 0) != 0 || ::lseek(fd, 0, SEEK_SET) != 0) std::abort();
  std::size_t written = 0;
  while (written < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n <= 0) std::abort();
    written += static_cast<std::size_t>(n);
  }
  return path;
}

}  // namespace ledger::fuzz
