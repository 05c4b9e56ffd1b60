// Writing an export bundle (integrity/bundle.h) of a range of a ledger directory.
//
// The bundle holds the entries of [first, end), their personal payloads only when asked
// (they are personal data: an auditor usually needs none), the perfect subtrees before
// `first`, every checkpoint of size <= end, plus the first one past `end` when `end` itself
// was not signed, with consistency proofs between successive ones, from each to the last and
// from `end` to the last, and the root at `end`. The directory is opened read-only.
// Thread safety: one call at a time per output file.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "ledger/status.h"

namespace ledger {

struct ExportOptions {
  std::uint64_t first = 0;
  std::optional<std::uint64_t> end;  // Exclusive; the head when empty.
  bool with_personal = false;
  // Called about once a second with entries written and the total.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

struct ExportSummary {
  std::uint64_t first = 0;
  std::uint64_t end = 0;
  std::uint64_t checkpoints = 0;
  std::uint64_t personal_payloads = 0;
};

// InvalidArgument when the range is outside [0, head].
Result<ExportSummary> ExportBundle(const std::string& data_dir, const std::string& out_path,
                                   const ExportOptions& options);

}  // namespace ledger
