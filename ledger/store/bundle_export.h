// Writing an export bundle (integrity/bundle.h) of a range of a ledger directory.
//
// The bundle holds the entries of [first, end), their personal payloads only when asked
// (they are personal data: an auditor usually needs none), for each entry whose payload an
// erasure deleted the erasure's position instead (whether or not payloads are asked for), the
// perfect subtrees before
// `first`, every checkpoint of size <= end, plus the first one past `end` when `end` itself
// was not signed, with consistency proofs between successive ones, from each to the last and
// from `end` to the last, and the root at `end`. The directory is opened read-only.
//
// The export checks what it writes, as far as it can without a public key: each entry as the
// auditor will (canonical, its own position, its personal payload when included) and against
// the leaf the tree stored; the recomputed root against the root written to the trailer and
// against every checkpoint body inside the range; every checkpoint against the size it is
// stored under; every consistency proof between the roots it ties. A damaged directory is
// Corruption naming the first bad position (as "<finding> at position <p>: ..."), and the
// bundle is written to `<out>.partial` and renamed to `out` only when whole, so a refused or
// failed export leaves no file behind.
// Thread safety: one call at a time per output file.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "ledger/base/status.h"

namespace ledger {

class Database;  // store/database.h

struct ExportOptions {
  std::uint64_t first = 0;
  std::optional<std::uint64_t> end;  // Exclusive; the head when empty.
  bool with_personal = false;
  // The prefix of the streams that hold personErased events (domain::kErasureStreamPrefix):
  // every entry of the range whose payload they list gets an erased record naming the event
  // (store/erased_positions.h). Empty: no erased records.
  std::string erasure_stream_prefix;
  // Called about once a second with entries written and the total.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

struct ExportSummary {
  std::uint64_t first = 0;
  std::uint64_t end = 0;
  std::uint64_t checkpoints = 0;
  std::uint64_t personal_payloads = 0;
  std::uint64_t erased_payloads = 0;  // Erased records written.
};

// InvalidArgument when the range is outside [0, head]; Corruption for a damaged directory.
Result<ExportSummary> ExportBundle(const std::string& data_dir, const std::string& out_path,
                                   const ExportOptions& options);
// The same from a ledger database already open, for example a live EventStore's (reads only;
// the range is checked against the head stored when the export starts, and the entries,
// nodes and checkpoints up to it never change). `name` names the ledger in messages.
Result<ExportSummary> ExportBundle(const Database& db, const std::string& name,
                                   const std::string& out_path, const ExportOptions& options);

}  // namespace ledger
