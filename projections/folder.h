// Folds log entries into the rows of one read-model generation.
//
// Apply decodes one scanned entry (a decoding failure is Corruption naming its position) and
// folds it into the state of its subject: "trajectory-<id>" streams into a TrajectoryState,
// "complaint-<id>" streams into a ComplaintState (ledger/domain). Entries of other streams are
// skipped by design (they belong to no read model). States come from a bounded in-memory cache,
// loaded from the generation's rows on a miss. Flush puts every state changed since the last
// Flush into a WriteBatch, with the index entries that changed with it (layout.h); the caller
// adds its checkpoint to the same batch and writes it, which is what makes each event applied
// exactly once. Trim evicts clean states when the cache is over its bound.
// Thread safety: one thread at a time; the ProjectionDb must outlive the Folder.
#pragma once

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ledger/domain/complaint_state.h"
#include "ledger/domain/complaint_view.h"
#include "ledger/domain/trajectory_state.h"
#include "ledger/store/log_scan.h"
#include "ledger/store/rocksdb_fwd.h"
#include "projections/projection_db.h"

namespace ledger::projections {

struct FolderStats {
  std::uint64_t entries_applied = 0;
  std::uint64_t entries_skipped = 0;  // Of streams that belong to no read model.
  std::uint64_t rows_written = 0;
  std::uint64_t cache_misses = 0;  // States loaded from stored rows.
};

class Folder {
 public:
  Folder(ProjectionDb& db, const Generation& generation, std::size_t cache_states_max);

  Status Apply(const ScannedEntry& entry);
  // Puts the changed rows and index entries into `batch`; afterwards nothing is dirty.
  void Flush(rocksdb::WriteBatch& batch);
  // The same, in batches of about `part_bytes` handed to `write` one by one (rebuilds, whose
  // rows need not be atomic: an unfinished generation is never served). Stops at the first
  // error; the cache is then Reset.
  Status FlushInParts(std::size_t part_bytes,
                      const std::function<Status(rocksdb::WriteBatch&)>& write);
  std::size_t cached_count() const { return trajectories_.size() + complaints_.size(); }
  std::size_t dirty_count() const { return dirty_trajectories_.size() + dirty_complaints_.size(); }
  void Trim();
  // Forgets every cached state (after a failed write, the stored rows are the truth again).
  void Reset();
  const FolderStats& stats() const { return stats_; }

 private:
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>()(text);
    }
  };
  struct TrajectorySlot {
    domain::TrajectoryState state;
    // Hours entries in stored rows (those from here on are new), and the stored ones changed
    // since the last Flush: what the next Flush writes besides the row (trajectory_rows.h).
    std::uint32_t hours_stored = 0;
    std::vector<std::uint32_t> hours_changed;
    std::string indexed_municipality;
    std::array<std::string, 3> indexed_directors;
    bool dirty = false;
    std::uint64_t epoch = 0;
  };
  struct ComplaintSlot {
    domain::ComplaintState state;
    std::string indexed_trajectory;
    std::optional<domain::ComplaintStatus> indexed_status;
    bool dirty = false;
    std::uint64_t epoch = 0;
  };
  template <typename Slot>
  using SlotMap = std::unordered_map<std::string, Slot, StringHash, std::equal_to<>>;

  // The cached state of a subject (an empty one for a new subject), loaded on a miss.
  Result<SlotMap<TrajectorySlot>::value_type*> LoadTrajectory(std::string_view id);
  Result<SlotMap<ComplaintSlot>::value_type*> LoadComplaint(std::string_view id);
  void FlushTrajectory(const std::string& id, TrajectorySlot& slot, rocksdb::WriteBatch& batch);
  void FlushComplaint(const std::string& id, ComplaintSlot& slot, rocksdb::WriteBatch& batch);
  // Puts every dirty row (in key order) into `batch`, calling `after_row` after each.
  void WriteDirty(rocksdb::WriteBatch& batch, const std::function<void()>& after_row);
  void MarkDirty(SlotMap<TrajectorySlot>::value_type& item);
  void MarkDirty(SlotMap<ComplaintSlot>::value_type& item);

  ProjectionDb& db_;
  Generation generation_;
  std::size_t cache_states_max_;
  SlotMap<TrajectorySlot> trajectories_;
  SlotMap<ComplaintSlot> complaints_;
  SlotMap<TrajectorySlot>::value_type* last_trajectory_ = nullptr;  // Of the last Apply.
  // The states changed since the last Flush, so that a Flush costs what changed, not what is
  // cached. Pointers into the maps stay valid: rehashing keeps nodes, and Trim drops only
  // clean states.
  std::vector<SlotMap<TrajectorySlot>::value_type*> dirty_trajectories_;
  std::vector<SlotMap<ComplaintSlot>::value_type*> dirty_complaints_;
  std::uint64_t epoch_ = 1;  // Advances at each Flush.
  FolderStats stats_;
};

}  // namespace ledger::projections
