// The projection database's format: its column families, keys and values. FROZEN within a
// format version; the only file that defines them (docs/storage-format.md, "Projection
// database").
//
// The read models live in their own RocksDB directory, apart from the ledger: they are derived
// data, deleted and rebuilt at will, and never part of what an auditor verifies.
//   - "default": kFormatKey -> kFormat; kActiveKey -> the active generation (4 bytes BE);
//     CheckpointKey(g) -> EncodeCheckpoint (what generation g has applied).
//   - one set of three column families per generation g ("g<g>.trajectories",
//     "g<g>.complaints", "g<g>.index"). A rebuild fills a new generation and switches
//     kActiveKey to it only when complete; any other generation found at open is an unfinished
//     rebuild and is dropped.
//   - trajectories: trajectory id -> rows::Trajectory (everything but the hours entries, and
//     how many there are), and HoursKey(id, p) -> rows::HoursPage for its p-th page of hours
//     entries, right after the row in key order (projections/trajectory_rows.h); complaints:
//     complaint id -> rows::Complaint (projections/row_codec.h).
//   - index: IndexKey(kind, value, id) -> empty. Kinds: municipality -> trajectory,
//     director -> trajectory, trajectory -> complaint, complaint status -> complaint.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ledger/base/status.h"
#include "ledger/format/hash.h"

namespace ledger::projections::layout {

inline constexpr std::string_view kFormat = "trajectory-ledger-projections/1";
// The version of the folds and row encodings. Raise it whenever a fold (ledger/domain), the
// rows schema or the index changes meaning: at start-up a stored generation of another version
// is rebuilt from the log.
// Version 2: hours entries in pages of their own.
inline constexpr std::uint32_t kProjectionVersion = 2;

inline constexpr std::string_view kFormatKey = "format";
inline constexpr std::string_view kActiveKey = "active";
std::string CheckpointKey(std::uint32_t generation);

// What a generation has applied, written in the same WriteBatch as the rows it covers.
struct Checkpoint {
  std::uint64_t next_position = 0;  // Every entry below this position is folded in.
  std::uint32_t projection_version = 0;
  Hash ledger_root{};  // The ledger's tree root at next_position: detects a
                       // ledger replaced or truncated under its read models.
};
std::string EncodeCheckpoint(const Checkpoint& checkpoint);
Result<Checkpoint> DecodeCheckpoint(std::string_view value);

std::string EncodeGeneration(std::uint32_t generation);
Result<std::uint32_t> DecodeGeneration(std::string_view value);

enum class Table : std::uint8_t { kTrajectories = 0, kComplaints = 1, kIndex = 2 };
inline constexpr std::size_t kTableCount = 3;
std::string TableName(std::uint32_t generation, Table table);
// The generation and table of a column family name; empty for any other name.
struct TableRef {
  std::uint32_t generation = 0;
  Table table = Table::kTrajectories;
};
std::optional<TableRef> ParseTableName(std::string_view name);

// A trajectory's hours entries are stored in pages of kHoursPerPage, entries
// kHoursPerPage * p .. kHoursPerPage * (p + 1) - 1 in page p: a batch rewrites at most the
// pages it changed, whatever the trajectory's length, and most trajectories need one page.
inline constexpr std::uint32_t kHoursPerPage = 64;
// id || 0x00 || page (4 bytes BE): the key of a trajectory's hours page. Ids never hold 0x00
// (domain/streams.h), so a key holds 0x00 exactly when it is a page's, and a trajectory's
// pages sort right after its row, in page order.
std::string HoursKey(std::string_view trajectory_id, std::uint32_t page);
// The prefix of every HoursKey(trajectory_id, ...).
std::string HoursPrefix(std::string_view trajectory_id);
bool IsHoursKey(std::string_view key);
// The page of a key with that prefix; empty when the rest is not 4 bytes.
std::optional<std::uint32_t> HoursPage(std::string_view key, std::size_t prefix_size);

enum class IndexKind : char {  // FROZEN
  kMunicipality = 'm',         // municipality code -> trajectory id
  kDirector = 'd',             // director organisation -> trajectory id
  kTrajectoryComplaint = 't',  // trajectory id -> complaint id
  kComplaintStatus = 's',      // complaint status name -> complaint id
};
// kind || 0x00 || value || 0x00 || id. Values and ids never hold 0x00 (domain/streams.h).
std::string IndexKey(IndexKind kind, std::string_view value, std::string_view id);
// The prefix of every IndexKey(kind, value, ...).
std::string IndexPrefix(IndexKind kind, std::string_view value);
// The id part of an index key with that prefix.
std::string_view IndexId(std::string_view key, std::size_t prefix_size);

}  // namespace ledger::projections::layout
