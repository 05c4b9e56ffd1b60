#include "projections/folder.h"

#include <capnp/message.h>
#include <kj/exception.h>
#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include <algorithm>
#include <set>
#include <vector>

#include "ledger/domain/streams.h"
#include "ledger/store/database.h"
#include "projections/row_codec.h"
#include "projections/trajectory_rows.h"

namespace ledger::projections {
namespace {

using layout::IndexKind;

// The distinct director organisations of a trajectory, for the director index.
std::set<std::string_view> DirectorSet(const std::array<std::string, 3>& directors) {
  std::set<std::string_view> set;
  for (const std::string& director : directors) {
    if (!director.empty()) set.insert(director);
  }
  return set;
}

}  // namespace

Folder::Folder(ProjectionDb& db, const Generation& generation, std::size_t cache_states_max)
    : db_(db), generation_(generation), cache_states_max_(cache_states_max) {}

Status Folder::Apply(const ScannedEntry& scanned) {
  auto at = [&] { return "entry at position " + std::to_string(scanned.position.value); };
  Status status;
  kj::ArrayPtr<const capnp::word> segments[1] = {scanned.words};
  KJ_IF_MAYBE (exception, kj::runCatchingExceptions([&] {
                 capnp::SegmentArrayMessageReader message(segments);
                 schema::Entry::Reader entry = message.getRoot<schema::Entry>();
                 if (entry.getPosition() != scanned.position.value) {
                   status = Status::Corruption(at() + " holds position " +
                                               std::to_string(entry.getPosition()));
                   return;
                 }
                 capnp::Text::Reader stream = entry.getStreamId();
                 std::optional<domain::StreamSubject> subject =
                     domain::ParseStream(std::string_view(stream.cStr(), stream.size()));
                 if (!subject) {
                   stats_.entries_skipped += 1;
                   return;
                 }
                 if (subject->kind == domain::StreamKind::kTrajectory) {
                   auto item = LoadTrajectory(subject->id);
                   if (!item.ok()) {
                     status = item.status();
                     return;
                   }
                   TrajectorySlot& slot = (*item)->second;
                   domain::Apply(slot.state, entry, &slot.hours_changed);
                   MarkDirty(**item);
                 } else {
                   auto item = LoadComplaint(subject->id);
                   if (!item.ok()) {
                     status = item.status();
                     return;
                   }
                   domain::Apply((*item)->second.state, entry);
                   MarkDirty(**item);
                 }
                 stats_.entries_applied += 1;
               })) {
    return Status::Corruption(at() + " cannot be decoded: " + exception->getDescription().cStr());
  }
  return status;
}

void Folder::MarkDirty(SlotMap<TrajectorySlot>::value_type& item) {
  if (!item.second.dirty) dirty_trajectories_.push_back(&item);
  item.second.dirty = true;
  item.second.epoch = epoch_;
}

void Folder::MarkDirty(SlotMap<ComplaintSlot>::value_type& item) {
  if (!item.second.dirty) dirty_complaints_.push_back(&item);
  item.second.dirty = true;
  item.second.epoch = epoch_;
}

Result<Folder::SlotMap<Folder::TrajectorySlot>::value_type*> Folder::LoadTrajectory(
    std::string_view id) {
  // A command's events are consecutive entries of one stream: skip the lookup for them.
  if (last_trajectory_ != nullptr && last_trajectory_->first == id) return last_trajectory_;
  auto found = trajectories_.find(id);
  if (found != trajectories_.end()) {
    last_trajectory_ = &*found;
    return last_trajectory_;
  }
  TrajectorySlot slot;
  Result<std::optional<domain::TrajectoryState>> stored =
      ReadTrajectory(db_.db(), generation_.trajectories, {}, id, HoursEntries::kRead);
  if (!stored.ok()) return stored.status();
  if (stored->has_value()) {
    slot.state = std::move(**stored);
    slot.hours_stored = static_cast<std::uint32_t>(slot.state.hours.size());
    slot.indexed_municipality = slot.state.municipality_code;
    slot.indexed_directors = slot.state.directors;
    stats_.cache_misses += 1;
  }
  last_trajectory_ = &*trajectories_.emplace(std::string(id), std::move(slot)).first;
  return last_trajectory_;
}

Result<Folder::SlotMap<Folder::ComplaintSlot>::value_type*> Folder::LoadComplaint(
    std::string_view id) {
  auto found = complaints_.find(id);
  if (found != complaints_.end()) return &*found;
  ComplaintSlot slot;
  std::string row;
  rocksdb::Status got = db_.db()->Get({}, generation_.complaints, id, &row);
  if (got.ok()) {
    Result<domain::ComplaintState> state = DecodeComplaintRow(id, row);
    if (!state.ok()) return state.status();
    slot.state = std::move(state).value();
    slot.indexed_trajectory = slot.state.trajectory_id;
    if (slot.state.filed) slot.indexed_status = domain::StatusOf(slot.state);
    stats_.cache_misses += 1;
  } else if (!got.IsNotFound()) {
    return FromRocks(got, "reading complaint row " + std::string(id));
  }
  return &*complaints_.emplace(std::string(id), std::move(slot)).first;
}

void Folder::FlushTrajectory(const std::string& id, TrajectorySlot& slot,
                             rocksdb::WriteBatch& batch) {
  const domain::TrajectoryState& state = slot.state;
  PutTrajectory(batch, generation_.trajectories, id, state, slot.hours_stored, slot.hours_changed);
  slot.hours_stored = static_cast<std::uint32_t>(state.hours.size());
  slot.hours_changed.clear();
  if (slot.indexed_municipality != state.municipality_code) {
    if (!slot.indexed_municipality.empty()) {
      batch
          .Delete(generation_.index,
                  layout::IndexKey(IndexKind::kMunicipality, slot.indexed_municipality, id))
          .PermitUncheckedError();
    }
    batch
        .Put(generation_.index,
             layout::IndexKey(IndexKind::kMunicipality, state.municipality_code, id), "")
        .PermitUncheckedError();
    slot.indexed_municipality = state.municipality_code;
  }
  if (slot.indexed_directors != state.directors) {
    std::set<std::string_view> before = DirectorSet(slot.indexed_directors);
    std::set<std::string_view> after = DirectorSet(state.directors);
    for (std::string_view director : before) {
      if (after.count(director) == 0) {
        batch.Delete(generation_.index, layout::IndexKey(IndexKind::kDirector, director, id))
            .PermitUncheckedError();
      }
    }
    for (std::string_view director : after) {
      if (before.count(director) == 0) {
        batch.Put(generation_.index, layout::IndexKey(IndexKind::kDirector, director, id), "")
            .PermitUncheckedError();
      }
    }
    slot.indexed_directors = state.directors;
  }
}

void Folder::FlushComplaint(const std::string& id, ComplaintSlot& slot,
                            rocksdb::WriteBatch& batch) {
  const domain::ComplaintState& state = slot.state;
  batch.Put(generation_.complaints, id, EncodeComplaintRow(state)).PermitUncheckedError();
  if (!state.filed) return;
  if (slot.indexed_trajectory != state.trajectory_id) {
    if (!slot.indexed_trajectory.empty()) {
      batch
          .Delete(generation_.index,
                  layout::IndexKey(IndexKind::kTrajectoryComplaint, slot.indexed_trajectory, id))
          .PermitUncheckedError();
    }
    if (!state.trajectory_id.empty()) {
      batch
          .Put(generation_.index,
               layout::IndexKey(IndexKind::kTrajectoryComplaint, state.trajectory_id, id), "")
          .PermitUncheckedError();
    }
    slot.indexed_trajectory = state.trajectory_id;
  }
  domain::ComplaintStatus status = domain::StatusOf(state);
  if (slot.indexed_status != status) {
    if (slot.indexed_status) {
      batch
          .Delete(generation_.index,
                  layout::IndexKey(IndexKind::kComplaintStatus,
                                   domain::ComplaintStatusName(*slot.indexed_status), id))
          .PermitUncheckedError();
    }
    batch
        .Put(generation_.index,
             layout::IndexKey(IndexKind::kComplaintStatus, domain::ComplaintStatusName(status), id),
             "")
        .PermitUncheckedError();
    slot.indexed_status = status;
  }
}

void Folder::Flush(rocksdb::WriteBatch& batch) {
  if (dirty_count() > 0) WriteDirty(batch, [] {});
}

Status Folder::FlushInParts(std::size_t part_bytes,
                            const std::function<Status(rocksdb::WriteBatch&)>& write) {
  rocksdb::WriteBatch batch;
  Status status;
  WriteDirty(batch, [&] {
    if (status.ok() && batch.GetDataSize() >= part_bytes) {
      status = write(batch);
      batch.Clear();
    }
  });
  if (status.ok() && batch.Count() > 0) status = write(batch);
  if (!status.ok()) Reset();
  return status;
}

void Folder::WriteDirty(rocksdb::WriteBatch& batch, const std::function<void()>& after_row) {
  // In key order: RocksDB's memtable inserts consecutive keys much faster than scattered ones.
  auto by_key = [](const auto* a, const auto* b) { return a->first < b->first; };
  std::sort(dirty_trajectories_.begin(), dirty_trajectories_.end(), by_key);
  std::sort(dirty_complaints_.begin(), dirty_complaints_.end(), by_key);
  for (auto* item : dirty_trajectories_) {
    FlushTrajectory(item->first, item->second, batch);
    item->second.dirty = false;
    stats_.rows_written += 1;
    after_row();
  }
  for (auto* item : dirty_complaints_) {
    FlushComplaint(item->first, item->second, batch);
    item->second.dirty = false;
    stats_.rows_written += 1;
    after_row();
  }
  dirty_trajectories_.clear();
  dirty_complaints_.clear();
  ++epoch_;
}

void Folder::Trim() {
  if (trajectories_.size() + complaints_.size() <= cache_states_max_) return;
  last_trajectory_ = nullptr;
  // First the states no batch touched since the last Flush, then everything clean.
  for (std::uint64_t keep_from : {epoch_ - 1, epoch_ + 1}) {
    std::erase_if(trajectories_, [&](const auto& item) {
      return !item.second.dirty && item.second.epoch < keep_from;
    });
    std::erase_if(complaints_, [&](const auto& item) {
      return !item.second.dirty && item.second.epoch < keep_from;
    });
    if (trajectories_.size() + complaints_.size() <= cache_states_max_ * 3 / 4) return;
  }
}

void Folder::Reset() {
  last_trajectory_ = nullptr;
  trajectories_.clear();
  complaints_.clear();
  dirty_trajectories_.clear();
  dirty_complaints_.clear();
}

}  // namespace ledger::projections
