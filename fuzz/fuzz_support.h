// What the fuzz targets share: the fixed keys their seed corpora are signed with, and a file
// holding the input for decoders that read files (bundles, the config file).
//
// The keys in fuzz/keys/ sign nothing but the seed corpora (fuzz/make_seeds.sh): with them a
// fuzzer starts from inputs that pass every signature check and mutates past them into the
// checks behind (proofs, entries, commitments), rather than stopping at the first signature.
// Thread safety: none needed; libFuzzer calls a target from one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/integrity/note_keys.h"

namespace ledger::fuzz {

// The log's verifier key and the witness's, read once from fuzz/keys (aborts if unreadable:
// a fuzz target without its keys would test nothing behind the signatures).
const std::vector<NoteVerifier>& LogKeys();
const std::vector<NoteVerifier>& WitnessKeys();

// The input as text.
inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A file of this process holding `bytes` (in memory, memfd_create), rewritten on each call;
// returns its path ("/proc/self/fd/N").
const std::string& InputFile(std::string_view bytes);

}  // namespace ledger::fuzz
