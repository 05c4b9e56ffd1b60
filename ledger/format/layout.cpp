#include "ledger/format/layout.h"

#include <cstring>

namespace ledger::layout {

void AppendBigEndian64(std::string& out, std::uint64_t value) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}

void AppendBigEndian32(std::string& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}

std::uint64_t ReadBigEndian64(const char* bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value = value << 8 | static_cast<std::uint8_t>(bytes[i]);
  return value;
}

std::uint32_t ReadBigEndian32(const char* bytes) {
  std::uint32_t value = 0;
  for (int i = 0; i < 4; ++i) value = value << 8 | static_cast<std::uint8_t>(bytes[i]);
  return value;
}

std::string PositionKey(Position position) {
  std::string key;
  key.reserve(8);
  AppendBigEndian64(key, position.value);
  return key;
}

Result<Position> DecodePositionKey(std::string_view key) {
  if (key.size() != 8) {
    return Status::Corruption("position key has " + std::to_string(key.size()) + " bytes, not 8");
  }
  return Position{ReadBigEndian64(key.data())};
}

std::string StreamRunKey(std::string_view stream_id, StreamVersion first_version) {
  std::string key;
  key.reserve(stream_id.size() + 9);
  key.append(stream_id);
  key.push_back('\0');
  AppendBigEndian64(key, first_version.value);
  return key;
}

std::string StreamKeyLimit(std::string_view stream_id) {
  std::string key(stream_id);
  key.push_back('\x01');  // Every run key of the stream has 0x00 here.
  return key;
}

std::string EncodeStreamRunValue(const StreamRun& run) {
  std::string value;
  value.reserve(12);
  AppendBigEndian64(value, run.first_position.value);
  AppendBigEndian32(value, run.count);
  return value;
}

Result<StreamRun> DecodeStreamRun(std::string_view stream_id, std::string_view key,
                                  std::string_view value) {
  if (key.size() != stream_id.size() + 9 || key.substr(0, stream_id.size()) != stream_id ||
      key[stream_id.size()] != '\0' || value.size() != 12) {
    return Status::Corruption("stream index run of '" + std::string(stream_id) +
                              "' has a malformed key or value (" + std::to_string(key.size()) +
                              "-byte key, " + std::to_string(value.size()) + "-byte value)");
  }
  StreamRun run;
  run.first_version = StreamVersion{ReadBigEndian64(key.data() + stream_id.size() + 1)};
  run.first_position = Position{ReadBigEndian64(value.data())};
  run.count = ReadBigEndian32(value.data() + 8);
  if (run.first_version.value == 0 || run.count == 0) {
    return Status::Corruption("stream index run of '" + std::string(stream_id) +
                              "' starts at version " + std::to_string(run.first_version.value) +
                              " with " + std::to_string(run.count) + " events");
  }
  return run;
}

std::string EncodeCommandRecord(const CommandRecord& record) {
  std::string value;
  value.reserve(1 + 32 + 16 + 8 * record.last_versions.size());
  value.push_back(static_cast<char>(kCommandAppended));
  value.append(reinterpret_cast<const char*>(record.fingerprint.data()), record.fingerprint.size());
  AppendBigEndian64(value, record.first_position.value);
  AppendBigEndian32(value, record.count);
  AppendBigEndian32(value, static_cast<std::uint32_t>(record.last_versions.size()));
  for (StreamVersion version : record.last_versions) AppendBigEndian64(value, version.value);
  return value;
}

Result<CommandRecord> DecodeCommandRecord(std::string_view command_id, std::string_view value) {
  auto corrupt = [&](const std::string& what) {
    return Status::Corruption("command record '" + std::string(command_id) + "': " + what);
  };
  constexpr std::size_t kFixed = 1 + 32 + 8 + 4 + 4;
  if (value.size() < kFixed) return corrupt(std::to_string(value.size()) + " bytes");
  if (static_cast<std::uint8_t>(value[0]) != kCommandAppended) {
    return corrupt("unknown outcome tag " + std::to_string(static_cast<std::uint8_t>(value[0])));
  }
  CommandRecord record;
  std::memcpy(record.fingerprint.data(), value.data() + 1, 32);
  record.first_position = Position{ReadBigEndian64(value.data() + 33)};
  record.count = ReadBigEndian32(value.data() + 41);
  std::uint32_t streams = ReadBigEndian32(value.data() + 45);
  if (value.size() != kFixed + 8 * std::size_t{streams}) {
    return corrupt(std::to_string(value.size()) + " bytes for " + std::to_string(streams) +
                   " streams");
  }
  for (std::uint32_t i = 0; i < streams; ++i) {
    record.last_versions.push_back(StreamVersion{ReadBigEndian64(value.data() + kFixed + 8 * i)});
  }
  return record;
}

std::string TreeRunKey(std::uint32_t level, std::uint64_t first_index) {
  std::string key;
  key.reserve(9);
  key.push_back(static_cast<char>(level));
  AppendBigEndian64(key, first_index);
  return key;
}

Result<TreeRunKeyParts> DecodeTreeRunKey(std::string_view key) {
  if (key.size() != 9) {
    return Status::Corruption("tree run key has " + std::to_string(key.size()) + " bytes, not 9");
  }
  return TreeRunKeyParts{static_cast<std::uint8_t>(key[0]), ReadBigEndian64(key.data() + 1)};
}

std::string EncodeHead(const Head& head) {
  std::string value;
  value.reserve(48);
  AppendBigEndian64(value, head.size);
  AppendBigEndian64(value, static_cast<std::uint64_t>(head.last_recorded_at_us));
  value.append(reinterpret_cast<const char*>(head.root.data()), head.root.size());
  return value;
}

Result<Head> DecodeHead(std::string_view value) {
  if (value.size() != 48) {
    return Status::Corruption("meta/head has " + std::to_string(value.size()) + " bytes, not 48");
  }
  Head head;
  head.size = ReadBigEndian64(value.data());
  head.last_recorded_at_us = static_cast<std::int64_t>(ReadBigEndian64(value.data() + 8));
  std::memcpy(head.root.data(), value.data() + 16, 32);
  return head;
}

namespace {
constexpr std::size_t kFloorCheckedBytes = 112;
constexpr std::size_t kFloorChecksumBytes = 16;
}  // namespace

std::string EncodeFloorSlot(const FloorSlot& slot) {
  std::string value(kFloorMagic);
  value.reserve(kFloorSlotBytes);
  AppendBigEndian32(value, kFloorSlotFormat);
  AppendBigEndian32(value, 0);
  AppendBigEndian64(value, slot.sequence);
  AppendBigEndian64(value, slot.floor.acknowledged_size);
  value.append(reinterpret_cast<const char*>(slot.floor.acknowledged_root.data()), 32);
  AppendBigEndian64(value, slot.floor.signed_size);
  value.append(reinterpret_cast<const char*>(slot.floor.signed_root.data()), 32);
  AppendBigEndian64(value, static_cast<std::uint64_t>(slot.floor.written_at_us));
  Hash digest = Sha256({reinterpret_cast<const std::uint8_t*>(value.data()), value.size()});
  value.append(reinterpret_cast<const char*>(digest.data()), kFloorChecksumBytes);
  return value;
}

Result<std::optional<FloorSlot>> DecodeFloorSlot(std::string_view bytes) {
  static_assert(kFloorCheckedBytes + kFloorChecksumBytes == kFloorSlotBytes);
  if (bytes.size() != kFloorSlotBytes || !bytes.starts_with(kFloorMagic)) {
    return std::optional<FloorSlot>();
  }
  Hash digest = Sha256({reinterpret_cast<const std::uint8_t*>(bytes.data()), kFloorCheckedBytes});
  if (std::memcmp(digest.data(), bytes.data() + kFloorCheckedBytes, kFloorChecksumBytes) != 0) {
    return std::optional<FloorSlot>();
  }
  const char* at = bytes.data() + kFloorMagic.size();
  std::uint32_t format = ReadBigEndian32(at);
  if (format != kFloorSlotFormat) {
    return Status::Corruption("floor slot of format " + std::to_string(format) +
                              ", this build reads " + std::to_string(kFloorSlotFormat));
  }
  FloorSlot slot;
  slot.sequence = ReadBigEndian64(at + 8);
  slot.floor.acknowledged_size = ReadBigEndian64(at + 16);
  std::memcpy(slot.floor.acknowledged_root.data(), at + 24, 32);
  slot.floor.signed_size = ReadBigEndian64(at + 56);
  std::memcpy(slot.floor.signed_root.data(), at + 64, 32);
  slot.floor.written_at_us = static_cast<std::int64_t>(ReadBigEndian64(at + 96));
  return std::optional<FloorSlot>(slot);
}

}  // namespace ledger::layout
