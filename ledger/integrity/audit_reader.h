// The audit's second core (internal to integrity/audit.cpp): a thread that reads an
// AuditSource, copies each entry's bytes into a batch, hashes its leaf and, for a source that
// stores the tree, fetches the stored nodes the entry completes, and hands the batches to the
// audit's thread, which decodes and checks each entry (CheckEntry), folds the tree, compares
// and judges. Measured with tools/bench_verify, reading and leaf hashing on one core and the
// decoding and the tree on the other is the split that keeps both about equally busy.
//
// Thread safety: from construction to destruction the source is used only by the reader's
// thread; Next() is for one consumer thread. The destructor stops the reader (it may have read
// ahead of the consumer, at most kAuditBatchesAhead batches) and joins it.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ledger/integrity/audit.h"
#include "ledger/integrity/log_verifier.h"

namespace ledger {

inline constexpr std::size_t kAuditBatchEntries = 4096;
inline constexpr std::size_t kAuditBatchesAhead = 4;

// One entry as read and hashed; its bytes are in its batch.
struct ReadEntry {
  Position position;
  Hash leaf{};
  std::optional<Hash> recorded_leaf;  // The tree's level-0 node, when the source has it.
  std::uint32_t bytes_first = 0;      // The entry's bytes in ReadBatch::bytes.
  std::uint32_t bytes_count = 0;
  bool has_personal = false;  // Its stored personal payload follows its bytes.
  std::uint32_t personal_count = 0;
  std::optional<std::uint64_t> erased_by;  // SourceEntry::erased_by.
  // The stored nodes this entry completes, levels 1 up, in ReadBatch::nodes.
  std::uint32_t nodes_first = 0;
  std::uint32_t nodes_count = 0;
};

struct ReadBatch {
  std::vector<ReadEntry> entries;
  std::string bytes;                // Every entry's bytes (and personal payload), in order.
  std::vector<Result<Hash>> nodes;  // RecordedNode's answers, in the entries' order.
  Status status;                    // Reading failed after `entries`: nothing follows.
  bool end = false;                 // The source holds no more entries: nothing follows.
};

// The bytes and the personal payload of `entry` in `batch`, valid while the batch lives.
std::span<const std::uint8_t> EntryBytes(const ReadBatch& batch, const ReadEntry& entry);
std::optional<std::string_view> PersonalBytes(const ReadBatch& batch, const ReadEntry& entry);

class AuditReader {
 public:
  // Reads `source` from its next entry on. Stored nodes are fetched for entries below
  // `tree_end` (the claimed end) when the source stores the tree.
  AuditReader(AuditSource& source, std::uint64_t tree_end);
  ~AuditReader();
  AuditReader(const AuditReader&) = delete;
  AuditReader& operator=(const AuditReader&) = delete;

  // The next batch, waiting for it. After one with `end` set or a failed status, do not call.
  ReadBatch Next();

 private:
  void Run();
  // Reads up to kAuditBatchEntries entries.
  ReadBatch ReadOne();

  AuditSource& source_;
  const std::uint64_t tree_end_;
  const bool stores_tree_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<ReadBatch> ready_;  // Guarded by mutex_.
  bool stop_ = false;            // Guarded by mutex_.
  std::thread thread_;           // Last: starts once everything above is set.
};

}  // namespace ledger
