// Receipts from untrusted bytes: the file a newcomer hands to the Ombudsman, checked offline by
// `ledgerctl verify --receipt`. Parses it, formats it back (the same receipt must come out),
// and verifies it against the log's key: signature, entry, personal commitment and inclusion
// proof (the proof text is the receipt's inclusion lines).
#include <cstdlib>

#include "fuzz/fuzz_support.h"
#include "ledger/integrity/receipt.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ledger;
  Result<Receipt> receipt = Receipt::Parse(fuzz::AsText(data, size));
  if (!receipt.ok()) return 0;
  Result<Receipt> again = Receipt::Parse(receipt->Format());
  if (!again.ok() || again->position != receipt->position ||
      again->tree_size != receipt->tree_size || again->entry != receipt->entry ||
      again->personal != receipt->personal || again->inclusion != receipt->inclusion ||
      again->checkpoint_note != receipt->checkpoint_note) {
    std::abort();  // Parse(Format(r)) must be r.
  }
  VerifyReceipt(*receipt, fuzz::LogKeys()).status().IgnoreError();
  return 0;
}
