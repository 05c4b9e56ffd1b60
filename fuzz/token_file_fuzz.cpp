// The token file and presented tokens from untrusted bytes: <data>/tokens as an operator (or a
// damaged disk) left it, and the bearer token of every request. A file that parses must format
// back to text that parses to the same tokens; a presented token is parsed as the
// authenticator parses it.
#include <cstdlib>

#include "api/auth/token_file.h"
#include "api/auth/token_text.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ledger;
  std::string_view text = fuzz::AsText(data, size);
  api::ParseTokenText(text).status().IgnoreError();
  Result<std::vector<api::StoredToken>> tokens = api::ParseTokenFile(text, "fuzz-tokens");
  if (!tokens.ok()) return 0;
  std::string formatted = api::FormatTokenFile(*tokens);
  Result<std::vector<api::StoredToken>> again = api::ParseTokenFile(formatted, "formatted");
  if (!again.ok() || again->size() != tokens->size() || api::FormatTokenFile(*again) != formatted) {
    std::abort();  // What parses must survive its own formatting.
  }
  return 0;
}
