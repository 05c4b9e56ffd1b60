// ledgerd's config file from untrusted bytes (tools/ledgerd/ledgerd_options.h): the TOML file an
// operator hands to --config, parsed by the very options ledgerd declares. A bad file must end
// in a CLI11 error (ledgerd prints it and exits 2) or an InvalidArgument from Finish; any other
// exception, a crash or a sanitizer report is a finding.
#include <CLI/CLI.hpp>

#include "fuzz/fuzz_support.h"
#include "tools/ledgerd/ledgerd_options.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ledger;
  const std::string& path = fuzz::InputFile(fuzz::AsText(data, size));
  CLI::App app{"ledgerd"};
  tools::LedgerdOptions declared(app);
  std::vector<std::string> args = {path, "--config"};  // CLI11 takes them in reverse order.
  try {
    app.parse(args);
  } catch (const CLI::Error&) {
    return 0;
  }
  declared.Finish().status().IgnoreError();
  return 0;
}
