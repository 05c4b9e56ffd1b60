#include "projections/trajectory_rows.h"

#include <memory>
#include <string>

#include "ledger/store/database.h"
#include "projections/layout.h"
#include "projections/row_codec.h"

namespace ledger::projections {

void PutTrajectory(rocksdb::WriteBatch& batch, rocksdb::ColumnFamilyHandle* table,
                   std::string_view id, const domain::TrajectoryState& state, std::uint32_t from,
                   const std::vector<std::uint32_t>& changed) {
  batch.Put(table, id, EncodeTrajectoryRow(state)).PermitUncheckedError();
  auto put = [&](std::uint32_t index) {
    batch.Put(table, layout::HoursKey(id, index), EncodeHoursRow(state.hours[index]))
        .PermitUncheckedError();
  };
  for (std::uint32_t index : changed) {
    if (index < from) put(index);
  }
  for (std::uint32_t index = from; index < state.hours.size(); ++index) put(index);
}

Result<domain::TrajectoryState> ReadTrajectoryAt(rocksdb::Iterator& it) {
  std::string id = it.key().ToString();
  std::uint32_t count = 0;
  Result<domain::TrajectoryState> state =
      DecodeTrajectoryRow(id, it.value().ToStringView(), count);
  if (!state.ok()) return state;
  auto corrupt = [&](std::uint32_t index, const std::string& what) {
    return Status::Corruption("trajectory row '" + id + "' has " + std::to_string(count) +
                              " hours entries, but entry " + std::to_string(index) + " " + what +
                              " (rebuild the read models)");
  };
  const std::string prefix = layout::HoursPrefix(id);
  state->hours.reserve(count);
  it.Next();
  for (std::uint32_t index = 0; index < count; ++index, it.Next()) {
    if (!it.Valid() || !it.key().starts_with(prefix)) {
      LEDGER_RETURN_IF_ERROR(FromRocks(it.status(), "reading the hours entries of " + id));
      return corrupt(index, "is missing");
    }
    std::optional<std::uint32_t> at = layout::HoursIndex(it.key().ToStringView(), prefix.size());
    if (at != index) return corrupt(index, "is missing or its key is malformed");
    Result<domain::HoursEntryState> entry = DecodeHoursRow(
        id + " hours entry " + std::to_string(index), it.value().ToStringView());
    if (!entry.ok()) return entry.status();
    state->hours.push_back(std::move(entry).value());
  }
  if (it.Valid() && it.key().starts_with(prefix)) {
    return corrupt(count, "is stored beyond them");
  }
  LEDGER_RETURN_IF_ERROR(FromRocks(it.status(), "reading the hours entries of " + id));
  state->RebuildIndexes();
  return state;
}

Result<std::optional<domain::TrajectoryState>> ReadTrajectory(rocksdb::DB* db,
                                                              rocksdb::ColumnFamilyHandle* table,
                                                              const rocksdb::ReadOptions& options,
                                                              std::string_view id) {
  rocksdb::ReadOptions bounded = options;
  // The row and its entries, nothing of the next trajectory: the prefix's successor bounds it.
  std::string end = layout::HoursPrefix(id);
  end.back() = '\1';
  rocksdb::Slice upper(end);
  bounded.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(bounded, table));
  it->Seek(rocksdb::Slice(id.data(), id.size()));
  if (!it->Valid() || it->key().ToStringView() != id) {
    LEDGER_RETURN_IF_ERROR(FromRocks(it->status(), "reading trajectory row " + std::string(id)));
    return std::optional<domain::TrajectoryState>();
  }
  Result<domain::TrajectoryState> state = ReadTrajectoryAt(*it);
  if (!state.ok()) return state.status();
  return std::optional<domain::TrajectoryState>(std::move(state).value());
}

}  // namespace ledger::projections
