// Damage to RocksDB write-ahead log files, for the tests of what a ledger does when it opens a
// damaged log. The log is a sequence of 32 KiB blocks of records, each with a 7-byte header
// (4-byte checksum, 2-byte length, 1-byte type) (RocksDB's log_format.h).
//   FlipMiddle       flips `bytes` bytes at the middle of the file: damage under records that
//                    were written, synced and acknowledged before;
//   AppendTornRecord appends the first part of a record whose length runs past the end: what a
//                    power cut leaves of a write that was never synced (nor acknowledged);
//   AppendBadRecord  appends a whole record whose checksum does not match: damage at the very
//                    end that is not a torn write.
// Thread safety: plain functions on files no process has open.
#pragma once

#include <cstdint>
#include <string>

namespace ledger::testing {

// The largest "*.log" file in `dir` (the write-ahead log that holds the most); fails the test
// when there is none or it is empty.
std::string LargestWal(const std::string& dir);
void FlipMiddle(const std::string& wal, std::size_t bytes);
void AppendTornRecord(const std::string& wal);
void AppendBadRecord(const std::string& wal);

}  // namespace ledger::testing
