// Searching every file under a directory for a value, byte for byte: what the erasure tests
// use to show that an erased name, number or phrase is in no file of a data directory.
//
// Two looks at each file: its raw bytes (the write-ahead log, MANIFEST, logs, temporary files
// hold values as written), and for RocksDB table files (*.sst) also every key and value as
// RocksDB decodes them (rocksdb::SstFileReader), because table blocks are LZ4-compressed and a
// compressed copy need not contain the value's bytes in a row. A value found by either look is
// in that file. Files that vanish during the walk (RocksDB deleting an obsolete one) are
// skipped.
// Thread safety: plain functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ledger::testing {

// The paths (relative to `root`) of the files under `root` holding `needle`.
std::vector<std::string> FilesHolding(const std::string& root, std::string_view needle);

}  // namespace ledger::testing
