#include "projections/query_view.h"

#include "ledger/base/limits.h"
#include "ledger/store/database.h"
#include "projections/row_codec.h"
#include "projections/trajectory_rows.h"

namespace ledger::projections {

Status CheckPageLimit(std::size_t limit) {
  if (limit == 0 || limit > limits::kPageSizeMax) {
    return Status::InvalidArgument("page limit " + std::to_string(limit) + " is not within 1.." +
                                   std::to_string(limits::kPageSizeMax));
  }
  return Status::Ok();
}

Result<std::unique_ptr<QueryView>> QueryView::Open(const ProjectionDb& db) {
  std::unique_ptr<QueryView> view(new QueryView(db, db.ReadLock()));
  std::optional<Generation> active = db.active();
  if (!active) {
    return Status::Busy("the read models are starting: no generation is active yet");
  }
  view->generation_ = *active;
  view->snapshot_ = db.db()->GetSnapshot();
  Result<std::optional<layout::Checkpoint>> checkpoint =
      db.ReadCheckpoint(view->generation_, view->snapshot_);
  if (!checkpoint.ok()) return checkpoint.status();
  if (!checkpoint->has_value()) {
    return Status::Busy("the read models are starting: the active generation has no checkpoint");
  }
  view->position_ = (*checkpoint)->next_position;
  return view;
}

QueryView::~QueryView() {
  if (snapshot_ != nullptr) db_.db()->ReleaseSnapshot(snapshot_);
}

rocksdb::ReadOptions QueryView::Options() const {
  rocksdb::ReadOptions options;
  options.snapshot = snapshot_;
  return options;
}

Result<std::optional<domain::TrajectoryState>> QueryView::Trajectory(std::string_view id,
                                                                     HoursEntries entries) const {
  return ReadTrajectory(db_.db(), generation_.trajectories, Options(), id, entries);
}

Result<std::optional<domain::ComplaintState>> QueryView::Complaint(std::string_view id) const {
  std::string row;
  rocksdb::Status got = db_.db()->Get(Options(), generation_.complaints, id, &row);
  if (got.IsNotFound()) return std::optional<domain::ComplaintState>();
  LEDGER_RETURN_IF_ERROR(FromRocks(got, "reading complaint row " + std::string(id)));
  Result<domain::ComplaintState> state = DecodeComplaintRow(id, row);
  if (!state.ok()) return state.status();
  return std::optional<domain::ComplaintState>(std::move(state).value());
}

Status QueryView::ScanIndex(const std::string& prefix, const std::string& after,
                            const std::function<bool(std::string_view id)>& visit) const {
  std::unique_ptr<rocksdb::Iterator> it(db_.db()->NewIterator(Options(), generation_.index));
  std::string start = prefix + after;
  for (it->Seek(start); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    std::string_view id = layout::IndexId(it->key().ToStringView(), prefix.size());
    if (!after.empty() && id == after) continue;
    if (!visit(id)) break;
  }
  return FromRocks(it->status(), "scanning a read-model index");
}

Status QueryView::ScanTrajectories(
    const std::string& after, HoursEntries entries,
    const std::function<bool(domain::TrajectoryState&& state)>& visit) const {
  rocksdb::ReadOptions options = Options();
  options.fill_cache = false;
  options.readahead_size = 2 << 20;
  std::unique_ptr<rocksdb::Iterator> it(db_.db()->NewIterator(options, generation_.trajectories));
  // Past `after`'s row and entries: every key from `after` + 0x01 on belongs to a later id.
  it->Seek(after.empty() ? std::string() : after + '\x01');
  while (it->Valid()) {
    if (layout::IsHoursKey(it->key().ToStringView())) {
      std::string_view key = it->key().ToStringView();
      return Status::Corruption("an hours entry row of '" +
                                std::string(key.substr(0, key.find('\0'))) +
                                "' without its trajectory row (rebuild the read models)");
    }
    Result<domain::TrajectoryState> state = ReadTrajectoryAt(*it, entries);
    if (!state.ok()) return state.status();
    if (!visit(std::move(state).value())) break;
  }
  return FromRocks(it->status(), "scanning the trajectory rows");
}

Status QueryView::ScanTable(
    layout::Table table, const std::string& after,
    const std::function<bool(std::string_view id, std::string_view row)>& visit) const {
  rocksdb::ColumnFamilyHandle* handle =
      table == layout::Table::kTrajectories ? generation_.trajectories
      : table == layout::Table::kComplaints ? generation_.complaints
                                            : generation_.index;
  rocksdb::ReadOptions options = Options();
  options.fill_cache = false;
  options.readahead_size = 2 << 20;
  std::unique_ptr<rocksdb::Iterator> it(db_.db()->NewIterator(options, handle));
  for (it->Seek(after); it->Valid(); it->Next()) {
    if (!after.empty() && it->key().ToStringView() == after) continue;
    if (!visit(it->key().ToStringView(), it->value().ToStringView())) break;
  }
  return FromRocks(it->status(), "scanning a read-model table");
}

}  // namespace ledger::projections
