// Export bundles from untrusted bytes: the file an auditor verifies offline with `ledgerctl
// verify --bundle`. Opens it (framing, trailer digest, header records) and, when it opens,
// audits it in full against the log's and the witness's keys, as ledgerctl does.
#include "fuzz/fuzz_support.h"
#include "ledger/integrity/audit.h"
#include "ledger/integrity/bundle.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ledger;
  const std::string& path = fuzz::InputFile(fuzz::AsText(data, size));
  Result<std::unique_ptr<BundleSource>> source = BundleSource::Open(path);
  if (!source.ok()) return 0;
  AuditOptions options;
  options.keys = fuzz::LogKeys();
  options.witnesses = fuzz::WitnessKeys();
  Audit(**source, options).status().IgnoreError();
  return 0;
}
