#include "projections/trajectory_rows.h"

#include <algorithm>
#include <memory>
#include <set>
#include <string>

#include "ledger/store/database.h"
#include "projections/layout.h"
#include "projections/row_codec.h"

namespace ledger::projections {

void PutTrajectory(rocksdb::WriteBatch& batch, rocksdb::ColumnFamilyHandle* table,
                   std::string_view id, const domain::TrajectoryState& state, std::uint32_t from,
                   const std::vector<std::uint32_t>& changed) {
  using layout::kHoursPerPage;
  batch.Put(table, id, EncodeTrajectoryRow(state)).PermitUncheckedError();
  const std::size_t count = state.hours.size();
  std::set<std::uint32_t> pages;
  for (std::uint32_t index : changed) {
    if (index < from) pages.insert(index / kHoursPerPage);
  }
  if (from < count) {
    for (std::uint32_t page = from / kHoursPerPage; page <= (count - 1) / kHoursPerPage; ++page) {
      pages.insert(page);
    }
  }
  for (std::uint32_t page : pages) {
    std::size_t first = std::size_t{page} * kHoursPerPage;
    std::size_t end = std::min(count, first + kHoursPerPage);
    batch.Put(table, layout::HoursKey(id, page), EncodeHoursPage(state.hours, first, end))
        .PermitUncheckedError();
  }
}

Result<domain::TrajectoryState> ReadTrajectoryAt(rocksdb::Iterator& it, HoursEntries entries) {
  using layout::kHoursPerPage;
  std::string id = it.key().ToString();
  Result<domain::TrajectoryState> state = DecodeTrajectoryRow(id, it.value().ToStringView());
  if (!state.ok()) return state;
  const std::uint32_t count = state->totals.entries;
  const std::string prefix = layout::HoursPrefix(id);
  if (entries == HoursEntries::kSkip) {
    for (it.Next(); it.Valid() && it.key().starts_with(prefix);) it.Next();
    LEDGER_RETURN_IF_ERROR(FromRocks(it.status(), "reading past the hours entries of " + id));
    return state;
  }
  auto corrupt = [&](std::uint32_t page, const std::string& what) {
    return Status::Corruption("trajectory row '" + id + "' has " + std::to_string(count) +
                              " hours entries, but hours page " + std::to_string(page) + " " +
                              what + " (rebuild the read models)");
  };
  const std::uint32_t pages = (count + kHoursPerPage - 1) / kHoursPerPage;
  state->hours.reserve(count);
  it.Next();
  for (std::uint32_t page = 0; page < pages; ++page, it.Next()) {
    if (!it.Valid() || !it.key().starts_with(prefix)) {
      LEDGER_RETURN_IF_ERROR(FromRocks(it.status(), "reading the hours entries of " + id));
      return corrupt(page, "is missing");
    }
    if (layout::HoursPage(it.key().ToStringView(), prefix.size()) != page) {
      return corrupt(page, "is missing or its key is malformed");
    }
    Result<std::size_t> read = DecodeHoursPage(id + " hours page " + std::to_string(page),
                                               it.value().ToStringView(), state->hours);
    if (!read.ok()) return read.status();
    std::size_t expected = std::min<std::size_t>(kHoursPerPage, count - page * kHoursPerPage);
    if (*read != expected) {
      return corrupt(
          page, "holds " + std::to_string(*read) + " entries, not " + std::to_string(expected));
    }
  }
  if (it.Valid() && it.key().starts_with(prefix)) {
    return corrupt(pages, "is stored beyond them");
  }
  LEDGER_RETURN_IF_ERROR(FromRocks(it.status(), "reading the hours entries of " + id));
  state->RebuildIndexes();
  return state;
}

Result<std::optional<domain::TrajectoryState>> ReadTrajectory(rocksdb::DB* db,
                                                              rocksdb::ColumnFamilyHandle* table,
                                                              const rocksdb::ReadOptions& options,
                                                              std::string_view id,
                                                              HoursEntries entries) {
  if (entries == HoursEntries::kSkip) {
    std::string row;
    rocksdb::Status got = db->Get(options, table, rocksdb::Slice(id.data(), id.size()), &row);
    if (got.IsNotFound()) return std::optional<domain::TrajectoryState>();
    LEDGER_RETURN_IF_ERROR(FromRocks(got, "reading trajectory row " + std::string(id)));
    Result<domain::TrajectoryState> state = DecodeTrajectoryRow(id, row);
    if (!state.ok()) return state.status();
    return std::optional<domain::TrajectoryState>(std::move(state).value());
  }
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
  Result<domain::TrajectoryState> state = ReadTrajectoryAt(*it, entries);
  if (!state.ok()) return state.status();
  return std::optional<domain::TrajectoryState>(std::move(state).value());
}

}  // namespace ledger::projections
