// Key histories from untrusted bytes: the text of `ledgerctl verify --key-history`, a bundle's
// key transition records, a checkpoint reply's keyHistory. Parses the text (KeyHistory::Parse,
// which opens every transition with the two keys it names), formats it back (the text must
// parse to the same history), asks it for the key of a few sizes as an auditor holding the
// fuzz log key would, and opens the whole input as one transition.
#include <cstdlib>

#include "fuzz/fuzz_support.h"
#include "ledger/integrity/key_history.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ledger;
  std::string_view text = fuzz::AsText(data, size);
  Result<KeyHistory> history = KeyHistory::Parse(text);
  if (history.ok()) {
    Result<KeyHistory> again = KeyHistory::Parse(history->Text());
    if (!again.ok() || again->Text() != history->Text() ||
        again->epochs().size() != history->epochs().size()) {
      std::abort();  // A history that parses must format to text that parses the same.
    }
    for (std::uint64_t at : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{1} << 40}) {
      Result<std::vector<NoteVerifier>> keys = KeysForSize(*history, fuzz::LogKeys(), at);
      if (keys.ok() && keys->empty()) std::abort();  // Some key always signs a size.
    }
  }
  OpenKeyTransition(text).status().IgnoreError();
  return 0;
}
