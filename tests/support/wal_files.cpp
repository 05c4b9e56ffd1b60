#include "tests/support/wal_files.h"

#include <catch2/catch.hpp>

#include <filesystem>

#include "tests/support/files.h"

namespace ledger::testing {
namespace {

constexpr std::size_t kBlockBytes = 32 * 1024;
constexpr std::size_t kHeaderBytes = 7;
constexpr char kFullType = 1;

// Pads `log` with zeros to the next block when fewer than `record_bytes` are left in this one,
// as RocksDB's writer does.
void PadForRecord(std::string& log, std::size_t record_bytes) {
  std::size_t left = kBlockBytes - log.size() % kBlockBytes;
  if (left < record_bytes) log.append(left, '\0');
}

std::string Header(std::uint16_t length) {
  std::string header = "\x12\x34\x56\x78";  // A checksum that matches nothing.
  header.push_back(static_cast<char>(length & 0xff));
  header.push_back(static_cast<char>(length >> 8));
  header.push_back(kFullType);
  return header;
}

}  // namespace

std::string LargestWal(const std::string& dir) {
  std::string largest;
  std::uintmax_t largest_bytes = 0;
  for (const auto& file : std::filesystem::directory_iterator(dir)) {
    if (file.path().extension() != ".log") continue;
    if (file.file_size() > largest_bytes) {
      largest_bytes = file.file_size();
      largest = file.path().string();
    }
  }
  INFO("write-ahead logs in " << dir);
  REQUIRE(largest_bytes > 0);
  return largest;
}

void FlipMiddle(const std::string& wal, std::size_t bytes) {
  std::string log = ReadAll(wal);
  REQUIRE(log.size() > 2 * bytes);
  std::size_t middle = log.size() / 2;
  for (std::size_t i = 0; i < bytes; ++i) log[middle + i] = static_cast<char>(~log[middle + i]);
  WriteAll(wal, log);
}

// Appends a record header claiming `length` bytes of payload, then `written` bytes of it.
void AppendRecord(const std::string& wal, std::uint16_t length, std::size_t written) {
  std::string log = ReadAll(wal);
  PadForRecord(log, kHeaderBytes + length);
  log += Header(length);
  log.append(written, 'x');
  WriteAll(wal, log);
}

void AppendTornRecord(const std::string& wal) {
  AppendRecord(wal, 1000, 300);  // Only part of the payload reached the disk.
}

void AppendBadRecord(const std::string& wal) { AppendRecord(wal, 40, 40); }

}  // namespace ledger::testing
