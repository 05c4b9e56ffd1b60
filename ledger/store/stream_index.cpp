#include "ledger/store/stream_index.h"

#include <memory>

#include "ledger/store/database.h"

namespace ledger {

Result<StreamVersion> ReadStreamHead(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* streams,
                                     std::string_view stream_id) {
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), streams));
  it->SeekForPrev(layout::StreamKeyLimit(stream_id));
  if (!it->Valid()) {
    LEDGER_RETURN_IF_ERROR(
        FromRocks(it->status(), "reading the head of '" + std::string(stream_id) + "'"));
    return StreamVersion{0};
  }
  std::string_view key = it->key().ToStringView();
  if (key.size() != stream_id.size() + 9 || key.substr(0, stream_id.size()) != stream_id ||
      key[stream_id.size()] != '\0') {
    return StreamVersion{0};  // The previous key belongs to another stream.
  }
  Result<layout::StreamRun> run =
      layout::DecodeStreamRun(stream_id, key, it->value().ToStringView());
  if (!run.ok()) return run.status();
  return run->last_version();
}

Result<layout::StreamRun> SeekStreamRun(rocksdb::Iterator& iterator, std::string_view stream_id,
                                        StreamVersion version) {
  iterator.SeekForPrev(layout::StreamRunKey(stream_id, version));
  if (!iterator.Valid()) {
    LEDGER_RETURN_IF_ERROR(FromRocks(
        iterator.status(),
        "seeking '" + std::string(stream_id) + "' version " + std::to_string(version.value)));
    return Status::NotFound("stream '" + std::string(stream_id) + "' has no version " +
                            std::to_string(version.value));
  }
  std::string_view key = iterator.key().ToStringView();
  bool same_stream = key.size() == stream_id.size() + 9 &&
                     key.substr(0, stream_id.size()) == stream_id && key[stream_id.size()] == '\0';
  if (!same_stream) {
    return Status::NotFound("stream '" + std::string(stream_id) + "' has no version " +
                            std::to_string(version.value));
  }
  Result<layout::StreamRun> run =
      layout::DecodeStreamRun(stream_id, key, iterator.value().ToStringView());
  if (!run.ok()) return run.status();
  if (version > run->last_version()) {
    return Status::NotFound("stream '" + std::string(stream_id) + "' has no version " +
                            std::to_string(version.value) + " (its last is " +
                            std::to_string(run->last_version().value) + ")");
  }
  return run;
}

}  // namespace ledger
