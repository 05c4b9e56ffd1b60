// Names the calling thread (at most 15 characters are kept), so that top -H, perf and gdb show
// which of ledgerd's threads is which: ledger-write, ledger-answer, checkpointer, projector,
// log-scan, read-models, worker.
// Thread safety: affects only the calling thread.
#pragma once

namespace ledger {

void NameThisThread(const char* name);

}  // namespace ledger
