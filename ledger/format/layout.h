// The on-disk layout: every column family, key and value the ledger stores, in one file
// (leveldb's dbformat.h). docs/storage-format.md is the prose version of this file.
//
// FROZEN: column family names, key encodings, value encodings and the numeric values below are
// part of the stored format. Changing any of them needs a new kFormatVersion and a migration.
// All integers are big-endian so that RocksDB's bytewise order is numeric order.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/base/status.h"
#include "ledger/base/types.h"
#include "ledger/format/hash.h"

namespace ledger::layout {

// Written once at creation under meta/"format"; Open refuses any other value.
inline constexpr std::string_view kFormatVersion = "trajectory-ledger/1";

// Column families (FROZEN names).
inline constexpr std::string_view kEntriesCf = "entries";    // position -> canonical Entry
inline constexpr std::string_view kPersonalCf = "personal";  // position -> salt || PersonalData
inline constexpr std::string_view kStreamsCf = "streams";    // stream, first version -> run
inline constexpr std::string_view kCommandsCf = "commands";  // command id -> CommandRecord
inline constexpr std::string_view kTreeCf = "tree";          // level, first index -> hash run
inline constexpr std::string_view kMetaCf = "meta";          // name -> value
inline constexpr std::string_view kCheckpointsCf = "checkpoints";  // tree size -> signed note

// meta keys (FROZEN).
inline constexpr std::string_view kMetaFormatKey = "format";  // value: kFormatVersion
inline constexpr std::string_view kMetaHeadKey = "head";      // value: EncodeHead()
// Present while an erasure's deleted payloads may still have bytes in table files or the
// write-ahead log: written in the erasure's own WriteBatch, removed once the store purged
// them (EventStore::PurgeErased); a writable open finds it and purges first. Value: empty.
inline constexpr std::string_view kMetaPurgePendingKey = "purge-pending";
// Present once the checkpoint signing key has been rotated: the key history's text form
// (integrity/key_history.h), every transition so far, oldest first. Absent: one key signed
// everything. Older binaries ignore it (and then fail to verify the new key's checkpoints
// with the old key, as they should), so it needs no new format version.
inline constexpr std::string_view kMetaKeyHistoryKey = "key-history";

// ---- entries and personal: key = 8-byte big-endian position.
std::string PositionKey(Position position);
Result<Position> DecodePositionKey(std::string_view key);

// ---- streams: key = stream id || 0x00 || 8-byte version of the run's first event.
// value = 8-byte position of the run's first event || 4-byte event count.
// A run is the events one append wrote to one stream: consecutive versions at consecutive
// positions. Stream ids never contain 0x00 (validated on append), so one stream's keys are
// contiguous and ordered by version.
struct StreamRun {
  StreamVersion first_version;
  Position first_position;
  std::uint32_t count = 0;
  StreamVersion last_version() const { return StreamVersion{first_version.value + count - 1}; }
};
std::string StreamRunKey(std::string_view stream_id, StreamVersion first_version);
// The smallest key greater than every run key of `stream_id`.
std::string StreamKeyLimit(std::string_view stream_id);
std::string EncodeStreamRunValue(const StreamRun& run);
// Corruption (naming the key) when the key or value has the wrong shape.
Result<StreamRun> DecodeStreamRun(std::string_view stream_id, std::string_view key,
                                  std::string_view value);

// ---- commands: key = command id bytes.
// value = 1-byte outcome tag (kCommandAppended) || 32-byte request fingerprint ||
//         8-byte first position || 4-byte event count || 4-byte stream count ||
//         per stream: 8-byte last version.
inline constexpr std::uint8_t kCommandAppended = 1;  // FROZEN
struct CommandRecord {
  Hash fingerprint{};
  Position first_position;
  std::uint32_t count = 0;
  std::vector<StreamVersion> last_versions;  // In the order of the request's streams.
};
std::string EncodeCommandRecord(const CommandRecord& record);
Result<CommandRecord> DecodeCommandRecord(std::string_view command_id, std::string_view value);

// ---- tree: key = 1-byte level || 8-byte index of the run's first node.
// value = consecutive 32-byte node hashes at that level, starting at that index. Each group
// commit writes one run per level it completes nodes on (a run never spans two commits).
std::string TreeRunKey(std::uint32_t level, std::uint64_t first_index);
struct TreeRunKeyParts {
  std::uint32_t level = 0;
  std::uint64_t first_index = 0;
};
Result<TreeRunKeyParts> DecodeTreeRunKey(std::string_view key);

// ---- checkpoints: key = 8-byte tree size (PositionKey of the size); value = the signed note
// text exactly as signed (C2SP tlog-checkpoint, integrity/note.h).

// ---- meta/head: 8-byte tree size || 8-byte last recorded time (us, signed) || 32-byte root.
// Written in every group commit's WriteBatch, so it always matches the entries beside it.
struct Head {
  std::uint64_t size = 0;
  std::int64_t last_recorded_at_us = 0;
  Hash root{};
};
std::string EncodeHead(const Head& head);
Result<Head> DecodeHead(std::string_view value);

// ---- The floor file (<ledger>/FLOOR), kept beside RocksDB's files but never by RocksDB
// (store/head_floor.h): the last head the ledger acknowledged and the last it signed a
// checkpoint over, which no recovery of the database may go below.
// kFloorFileBytes bytes: two slots, at offsets 0 and kFloorSlotStride, written in turn (a torn
// write leaves the other). A slot is kFloorSlotBytes:
//   8-byte magic "LDGFLOOR" || 4-byte slot format (kFloorSlotFormat) || 4 zero bytes ||
//   8-byte sequence (the higher valid slot is current) || 8-byte acknowledged size ||
//   32-byte acknowledged root || 8-byte signed size || 32-byte signed root ||
//   8-byte wall time of the write (us, signed) || the first 16 bytes of SHA-256 over the 112
//   bytes before.
inline constexpr std::string_view kFloorFileName = "FLOOR";
inline constexpr std::string_view kFloorMagic = "LDGFLOOR";
inline constexpr std::uint32_t kFloorSlotFormat = 1;  // FROZEN
inline constexpr std::size_t kFloorSlotBytes = 128;
inline constexpr std::size_t kFloorSlotStride = 4096;  // One slot per page.
inline constexpr std::size_t kFloorFileBytes = 2 * kFloorSlotStride;
struct Floor {
  std::uint64_t acknowledged_size = 0;
  Hash acknowledged_root{};
  std::uint64_t signed_size = 0;  // 0: no checkpoint signed yet.
  Hash signed_root{};
  std::int64_t written_at_us = 0;
};
struct FloorSlot {
  std::uint64_t sequence = 0;
  Floor floor;
};
std::string EncodeFloorSlot(const FloorSlot& slot);
// Empty when `bytes` is not a whole, valid slot (never written, torn, checksum mismatch);
// Corruption for a valid slot of an unknown slot format.
Result<std::optional<FloorSlot>> DecodeFloorSlot(std::string_view bytes);

// Big-endian helpers shared by the encoders above and their tests.
void AppendBigEndian64(std::string& out, std::uint64_t value);
void AppendBigEndian32(std::string& out, std::uint32_t value);
std::uint64_t ReadBigEndian64(const char* bytes);
std::uint32_t ReadBigEndian32(const char* bytes);

}  // namespace ledger::layout
