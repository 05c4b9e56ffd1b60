#include "ledger/store/erased_positions.h"

#include <memory>
#include <string>

#include "ledger/format/layout.h"
#include "ledger/store/database.h"
#include "ledger/store/entry_reader.h"

namespace ledger {
namespace {

// Adds what the personErased event at `position` (if it is one) lists within [first, end).
Status AddListed(const EntryReader& reader, Position position, std::uint64_t head,
                 std::uint64_t first, std::uint64_t end,
                 std::map<std::uint64_t, std::uint64_t>& out) {
  Result<StoredEntry> entry = reader.ReadEntry(position, head);
  if (!entry.ok()) return entry.status();
  schema::Event::Reader event = entry->reader().getEvent();
  if (!event.isPersonErased()) return Status::Ok();
  for (std::uint64_t erased : event.getPersonErased().getErasedPositions()) {
    if (erased >= first && erased < end) out.emplace(erased, position.value);
  }
  return Status::Ok();
}

}  // namespace

Result<std::map<std::uint64_t, std::uint64_t>> ErasedPositions(const Database& db,
                                                               std::string_view stream_prefix,
                                                               std::uint64_t head,
                                                               std::uint64_t first,
                                                               std::uint64_t end) {
  std::map<std::uint64_t, std::uint64_t> out;
  if (stream_prefix.empty()) return out;
  EntryReader reader(db);
  std::unique_ptr<rocksdb::Iterator> it(db.db()->NewIterator(rocksdb::ReadOptions(), db.streams()));
  for (it->Seek(std::string(stream_prefix)); it->Valid(); it->Next()) {
    std::string_view key = it->key().ToStringView();
    if (!key.starts_with(stream_prefix)) break;
    std::string_view stream_id = key.substr(0, key.find('\0'));
    Result<layout::StreamRun> run =
        layout::DecodeStreamRun(stream_id, key, it->value().ToStringView());
    if (!run.ok()) return run.status();
    for (std::uint32_t i = 0; i < run->count; ++i) {
      Position position{run->first_position.value + i};
      if (position.value >= head) break;  // Not durable yet when the export began.
      LEDGER_RETURN_IF_ERROR(AddListed(reader, position, head, first, end, out));
    }
  }
  LEDGER_RETURN_IF_ERROR(FromRocks(it->status(), "listing the erasure streams"));
  return out;
}

}  // namespace ledger
