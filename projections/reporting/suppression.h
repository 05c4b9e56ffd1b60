// Small-cell suppression with complementary (secondary) suppression, over cells linked by
// published sums.
//
// A report publishes tables of counts together with their sums (row totals, column totals, the
// grand total, and breakdowns such as complaints per category that add up to complaints
// received), and tables of the same facts grouped two ways (by municipality and by director),
// whose cells are tied too: when a director serves exactly municipalities 1 and 2, its cell is
// their sum. Each such equation is a Line: part cells that add up to a total cell, or, for two
// groupings of the same facts, part cells on both sides of an equals sign and no total. If a
// line had exactly one suppressed cell, that cell would follow from the others by arithmetic,
// so the rule is (docs/reporting.md has a worked example):
//
//   1. Primary: the caller marks the cells that are too small to publish (for counts:
//      1 <= value < threshold; a zero is never suppressed, since no one can be singled out by
//      it). Totals are cells too, so a small total is suppressed like any other count.
//   2. Secondary: while some line holds exactly one suppressed cell, suppress one more cell of
//      that line: the part cell with the smallest non-zero value that is not yet suppressed
//      (ties: the earliest part in the line's order); if no part qualifies (the line's only
//      non-zero part is the suppressed one), its total.
//
// Every cell is suppressed at most once, so this ends after at most as many steps as there are
// cells; at the end no line holds exactly one suppressed cell. A chosen cell is never zero: when
// the lone suppressed cell is a part of a line with a total, the total is at least that part's
// non-zero value; when it is the total, some part is non-zero; in a line without a total, the
// other side of the equation adds up to at least the suppressed value. The rule is the classic
// "two per line" rule: it stops recomputation from any single published equation, not every
// inference that combines several equations with the known bounds of suppressed cells
// (1 .. threshold-1); see docs/reporting.md.
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace projections::reporting {

// Cells are indices into the value vector given to SuppressLinked.
struct Line {
  // Cells that add up to `total`, or, without a total, cells of which some add up to the
  // others; in a stable order.
  std::vector<std::size_t> parts;
  std::optional<std::size_t> total;
};

// True for a count the threshold hides: 1 <= value < threshold.
bool PrimarySuppressed(std::int64_t value, std::uint32_t threshold);

// Applies the secondary rule above. `values` are the true, non-negative cell values (used to
// choose complements); `primary` has one flag per value. Returns the final flags: every
// primary cell, plus the complements. Every index in `lines` must be below values.size().
std::vector<bool> SuppressLinked(const std::vector<std::int64_t>& values,
                                 const std::vector<bool>& primary, const std::vector<Line>& lines);

}  // namespace projections::reporting
