// RocksDB's info log, routed into the ledger's own log (spdlog) instead of a LOG file.
//
// A LOG file in the data directory is one more writer that can meet a full disk, and Debian's
// RocksDB asserts when its info log fails there (issue: a full disk aborted ledgerd). Routed
// through spdlog, RocksDB's messages go wherever the process logs (stderr, JSON lines), each
// prefixed with "rocksdb <name>: ". Levels: RocksDB's warnings, errors and fatal errors keep
// their level; its info and header lines become debug, its debug lines trace, so
// `--log-level debug` shows what RocksDB's LOG used to hold. One error RocksDB logs on every
// new database (it looks into the directory before creating it), and the two warnings about
// nested file-deletion switches that every backup makes, are demoted to debug.
// Thread safety: RocksDB logs from any of its threads; spdlog is thread-safe.
#pragma once

#include <rocksdb/env.h>

#include <memory>
#include <string>

namespace ledger {

// A logger for RocksDB's DBOptions::info_log; `name` tells the databases apart ("ledger").
std::shared_ptr<rocksdb::Logger> NewRocksLogger(std::string name);

}  // namespace ledger
