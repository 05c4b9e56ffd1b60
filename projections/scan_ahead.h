// Reads the log on a thread of its own, a bounded number of chunks ahead of the fold that
// consumes them, so that reading (RocksDB iteration, decompression, copies) and folding run on
// two cores at once during a rebuild.
//
// Next hands out the next chunk of consecutive entries (empty when the range is done); the
// entries stay valid until the following call to Next. A read error (Corruption naming the
// position, I/O) is returned by the Next that reaches it, after every entry before it.
// Thread safety: one consumer thread; the Database must outlive the ScanAhead.
#pragma once

#include <capnp/common.h>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/base/word_buffer.h"
#include "ledger/store/database.h"
#include "ledger/store/log_scan.h"

namespace ledger::projections {

class ScanAhead {
 public:
  // Reads [from, end) in chunks of up to `chunk_entries`, at most `chunks_ahead` ahead.
  ScanAhead(const Database& database, std::uint64_t from, std::uint64_t end,
            std::size_t chunk_entries = 4096, std::size_t chunks_ahead = 4);
  ~ScanAhead();
  ScanAhead(const ScanAhead&) = delete;
  ScanAhead& operator=(const ScanAhead&) = delete;

  Result<const std::vector<ScannedEntry>*> Next();

 private:
  struct Chunk {
    WordBuffer words;
    std::vector<std::pair<std::uint64_t, std::pair<std::size_t, std::size_t>>> spans;
    std::vector<ScannedEntry> entries;  // Views into `words`, made by the consumer.
    Status status;                      // Set on the last chunk when reading failed.
  };
  void ReadLoop(const Database& database, std::uint64_t from, std::uint64_t end);

  std::size_t chunk_entries_;
  std::size_t chunks_ahead_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Chunk> ready_;  // Guarded by mutex_.
  bool done_ = false;        // Guarded by mutex_: the reader has queued its last chunk.
  bool stopping_ = false;    // Guarded by mutex_.
  Chunk current_;            // The consumer's chunk.
  Status pending_failure_;   // The consumer's: a failure after the entries just handed out.
  std::thread reader_;
};

}  // namespace ledger::projections
