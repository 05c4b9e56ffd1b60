#include "ledger/store/stream_list.h"

#include <rocksdb/db.h>

#include <memory>

#include "ledger/base/limits.h"
#include "ledger/format/layout.h"
#include "ledger/store/database.h"

namespace ledger {

Result<StreamIdPage> ListStreamIds(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* streams,
                                   std::string_view prefix, const std::string& after,
                                   std::size_t limit) {
  if (limit == 0 || limit > limits::kPageSizeMax) {
    return Status::InvalidArgument("a page of stream ids holds 1 to " +
                                   std::to_string(limits::kPageSizeMax) + ", not " +
                                   std::to_string(limit));
  }
  StreamIdPage page;
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), streams));
  it->Seek(after.empty() ? std::string(prefix) : layout::StreamKeyLimit(after));
  while (it->Valid()) {
    std::string_view key(it->key().data(), it->key().size());
    std::size_t end = key.find('\0');
    if (end == std::string_view::npos) {
      return Status::Corruption("stream index key without a 0x00 separator (" +
                                std::to_string(key.size()) + " bytes)");
    }
    std::string_view id = key.substr(0, end);
    if (id.substr(0, prefix.size()) != prefix) break;
    if (page.stream_ids.size() == limit) {
      page.next_after = page.stream_ids.back();
      break;
    }
    page.stream_ids.emplace_back(id);
    it->Seek(layout::StreamKeyLimit(id));
  }
  LEDGER_RETURN_IF_ERROR(FromRocks(it->status(), "listing streams '" + std::string(prefix) + "*'"));
  return page;
}

}  // namespace ledger
