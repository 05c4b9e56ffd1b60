#include "projections/reporting/suppression.h"

#include <deque>

#include "ledger/base/check.h"

namespace projections::reporting {
namespace {

std::size_t SuppressedCount(const Line& line, const std::vector<bool>& suppressed) {
  std::size_t count = line.total && suppressed[*line.total] ? 1 : 0;
  for (std::size_t part : line.parts) count += suppressed[part] ? 1 : 0;
  return count;
}

// The complement of a line with exactly one suppressed cell (see the header's rule).
std::size_t Complement(const Line& line, const std::vector<std::int64_t>& values,
                       const std::vector<bool>& suppressed) {
  std::optional<std::size_t> best;
  for (std::size_t part : line.parts) {
    if (suppressed[part] || values[part] == 0) continue;
    if (!best || values[part] < values[*best]) best = part;
  }
  if (best) return *best;
  LEDGER_CHECK(line.total && !suppressed[*line.total] && values[*line.total] != 0,
               "a line with one suppressed cell has no complement");
  return *line.total;
}

}  // namespace

bool PrimarySuppressed(std::int64_t value, std::uint32_t threshold) {
  return value >= 1 && value < static_cast<std::int64_t>(threshold);
}

std::vector<bool> SuppressLinked(const std::vector<std::int64_t>& values,
                                 const std::vector<bool>& primary, const std::vector<Line>& lines) {
  LEDGER_CHECK(primary.size() == values.size(), "one primary flag per value");
  std::vector<bool> suppressed = primary;
  // The lines each cell belongs to, so a new suppression re-examines only those.
  std::vector<std::vector<std::size_t>> lines_of(values.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].total) {
      LEDGER_CHECK(*lines[i].total < values.size(), "line total out of range");
      lines_of[*lines[i].total].push_back(i);
    }
    for (std::size_t part : lines[i].parts) {
      LEDGER_CHECK(part < values.size(), "line part out of range");
      lines_of[part].push_back(i);
    }
  }
  std::deque<std::size_t> pending;
  for (std::size_t i = 0; i < lines.size(); ++i) pending.push_back(i);
  while (!pending.empty()) {
    const Line& line = lines[pending.front()];
    pending.pop_front();
    if (SuppressedCount(line, suppressed) != 1) continue;
    std::size_t cell = Complement(line, values, suppressed);
    suppressed[cell] = true;
    for (std::size_t other : lines_of[cell]) pending.push_back(other);
  }
  return suppressed;
}

}  // namespace projections::reporting
