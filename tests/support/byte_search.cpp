#include "tests/support/byte_search.h"

#include <rocksdb/options.h>
#include <rocksdb/sst_file_reader.h>

#include <filesystem>
#include <memory>

#include "tests/support/files.h"

namespace ledger::testing {
namespace {

bool DecodedTableHolds(const std::string& path, std::string_view needle) {
  rocksdb::Options options;
  rocksdb::SstFileReader reader(options);
  if (!reader.Open(path).ok()) return false;
  std::unique_ptr<rocksdb::Iterator> it(reader.NewIterator(rocksdb::ReadOptions()));
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    if (it->key().ToStringView().find(needle) != std::string_view::npos) return true;
    if (it->value().ToStringView().find(needle) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> FilesHolding(const std::string& root, std::string_view needle) {
  std::vector<std::string> holding;
  std::error_code error;
  for (auto it = std::filesystem::recursive_directory_iterator(root, error);
       it != std::filesystem::recursive_directory_iterator(); it.increment(error)) {
    if (error) break;
    if (!it->is_regular_file(error)) continue;
    std::string path = it->path().string();
    std::string bytes = ReadAll(path);
    bool found = bytes.find(needle) != std::string::npos;
    if (!found && it->path().extension() == ".sst") found = DecodedTableHolds(path, needle);
    if (found) holding.push_back(std::filesystem::relative(it->path(), root).string());
  }
  return holding;
}

}  // namespace ledger::testing
