#include "projections/layout.h"

#include <cstdio>
#include <cstring>

namespace ledger::projections::layout {
namespace {

constexpr std::string_view kTableSuffixes[kTableCount] = {"trajectories", "complaints", "index"};

void PutBigEndian(std::string& out, std::uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

std::uint64_t GetBigEndian(std::string_view in, std::size_t offset, int bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < bytes; ++i) {
    value = (value << 8) | static_cast<unsigned char>(in[offset + static_cast<std::size_t>(i)]);
  }
  return value;
}

}  // namespace

std::string CheckpointKey(std::uint32_t generation) {
  return "checkpoint/" + std::to_string(generation);
}

std::string EncodeCheckpoint(const Checkpoint& checkpoint) {
  std::string out;
  PutBigEndian(out, checkpoint.next_position, 8);
  PutBigEndian(out, checkpoint.projection_version, 4);
  out.append(reinterpret_cast<const char*>(checkpoint.ledger_root.data()),
             checkpoint.ledger_root.size());
  return out;
}

Result<Checkpoint> DecodeCheckpoint(std::string_view value) {
  if (value.size() != 8 + 4 + 32) {
    return Status::Corruption("projection checkpoint has " + std::to_string(value.size()) +
                              " bytes, expected 44");
  }
  Checkpoint checkpoint;
  checkpoint.next_position = GetBigEndian(value, 0, 8);
  checkpoint.projection_version = static_cast<std::uint32_t>(GetBigEndian(value, 8, 4));
  std::memcpy(checkpoint.ledger_root.data(), value.data() + 12, 32);
  return checkpoint;
}

std::string EncodeGeneration(std::uint32_t generation) {
  std::string out;
  PutBigEndian(out, generation, 4);
  return out;
}

Result<std::uint32_t> DecodeGeneration(std::string_view value) {
  if (value.size() != 4) {
    return Status::Corruption("projection generation has " + std::to_string(value.size()) +
                              " bytes, expected 4");
  }
  return static_cast<std::uint32_t>(GetBigEndian(value, 0, 4));
}

std::string TableName(std::uint32_t generation, Table table) {
  return "g" + std::to_string(generation) + "." +
         std::string(kTableSuffixes[static_cast<std::size_t>(table)]);
}

std::optional<TableRef> ParseTableName(std::string_view name) {
  if (name.size() < 3 || name[0] != 'g') return std::nullopt;
  std::size_t dot = name.find('.');
  if (dot == std::string_view::npos || dot == 1 || dot > 10) return std::nullopt;
  std::uint64_t generation = 0;
  for (std::size_t i = 1; i < dot; ++i) {
    if (name[i] < '0' || name[i] > '9') return std::nullopt;
    generation = generation * 10 + static_cast<std::uint64_t>(name[i] - '0');
  }
  if (generation > UINT32_MAX) return std::nullopt;
  for (std::size_t t = 0; t < kTableCount; ++t) {
    if (name.substr(dot + 1) == kTableSuffixes[t]) {
      return TableRef{static_cast<std::uint32_t>(generation), static_cast<Table>(t)};
    }
  }
  return std::nullopt;
}

std::string IndexPrefix(IndexKind kind, std::string_view value) {
  std::string key;
  key.reserve(value.size() + 3);
  key.push_back(static_cast<char>(kind));
  key.push_back('\0');
  key.append(value);
  key.push_back('\0');
  return key;
}

std::string HoursPrefix(std::string_view trajectory_id) {
  std::string out(trajectory_id);
  out.push_back('\0');
  return out;
}

std::string HoursKey(std::string_view trajectory_id, std::uint32_t page) {
  std::string out = HoursPrefix(trajectory_id);
  PutBigEndian(out, page, 4);
  return out;
}

bool IsHoursKey(std::string_view key) { return key.find('\0') != std::string_view::npos; }

std::optional<std::uint32_t> HoursPage(std::string_view key, std::size_t prefix_size) {
  if (key.size() != prefix_size + 4) return std::nullopt;
  return static_cast<std::uint32_t>(GetBigEndian(key, prefix_size, 4));
}

std::string IndexKey(IndexKind kind, std::string_view value, std::string_view id) {
  std::string key = IndexPrefix(kind, value);
  key.append(id);
  return key;
}

std::string_view IndexId(std::string_view key, std::size_t prefix_size) {
  return key.size() > prefix_size ? key.substr(prefix_size) : std::string_view();
}

}  // namespace ledger::projections::layout
