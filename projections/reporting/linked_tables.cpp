#include "projections/reporting/linked_tables.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include "ledger/check.h"
#include "projections/reporting/suppression.h"

namespace projections::reporting {
namespace {

// Cell indices of one family: per metric, each kind's rows (row total in the last column),
// then the shared row of column totals (grand total in the last column).
class FamilyLayout {
 public:
  FamilyLayout(std::vector<std::vector<std::string>> groups, std::size_t metrics,
               std::size_t months)
      : groups_(std::move(groups)), columns_(months + 1) {
    for (const auto& rows : groups_) {
      kind_offsets_.push_back(shared_offset_);
      shared_offset_ += rows.size() * columns_;
    }
    block_ = shared_offset_ + columns_;
    size_ = block_ * metrics;
  }

  // `row` == rows(kind) is the shared column-total row; `column` == months is the total column.
  std::size_t Index(std::size_t metric, std::size_t kind, std::size_t row,
                    std::size_t column) const {
    std::size_t base = metric * block_;
    if (row == rows(kind)) return base + shared_offset_ + column;
    return base + kind_offsets_[kind] + row * columns_ + column;
  }
  std::size_t rows(std::size_t kind) const { return groups_[kind].size(); }
  std::size_t months() const { return columns_ - 1; }
  std::size_t size() const { return size_; }
  const std::vector<std::string>& groups(std::size_t kind) const { return groups_[kind]; }

 private:
  std::vector<std::vector<std::string>> groups_;
  std::size_t columns_;
  std::vector<std::size_t> kind_offsets_;
  std::size_t shared_offset_ = 0;
  std::size_t block_ = 0;
  std::size_t size_ = 0;
};

// The groups with cells of any metric of the family, per kind, sorted.
std::vector<std::vector<std::string>> FamilyGroups(const CellMap& cells,
                                                   const LinkedFamily& family) {
  std::vector<std::vector<std::string>> groups;
  for (GroupKind kind : family.kinds) {
    std::set<std::string> names;
    for (Metric metric : family.metrics) {
      auto k = static_cast<std::uint8_t>(kind);
      for (auto it = cells.lower_bound(FirstKey(metric, k));
           it != cells.end() && it->first.metric == metric && it->first.kind == k; ++it) {
        names.insert(it->first.group);
      }
    }
    groups.emplace_back(names.begin(), names.end());
  }
  return groups;
}

struct FamilyValues {
  std::vector<std::int64_t> values;
  std::vector<std::int64_t> contributors;  // Hours only: trajectories behind each cell.
};

std::size_t ColumnOf(std::int32_t month, const std::vector<Month>& months) {
  if (month == kAllMonths) return months.size();
  LEDGER_CHECK(!months.empty() && month >= months.front().index && month <= months.back().index,
               "an accumulated month lies outside the report's months");
  return static_cast<std::size_t>(month - months.front().index);
}

// Reads the accumulated cells into the layout and sums the totals.
FamilyValues ReadValues(const CellMap& cells, const LinkedFamily& family,
                        const FamilyLayout& layout, const std::vector<Month>& months) {
  FamilyValues out{std::vector<std::int64_t>(layout.size(), 0),
                   std::vector<std::int64_t>(layout.size(), 0)};
  std::size_t columns = layout.months();
  for (std::size_t m = 0; m < family.metrics.size(); ++m) {
    Metric metric = family.metrics[m];
    for (std::size_t k = 0; k < family.kinds.size(); ++k) {
      auto kind = static_cast<std::uint8_t>(family.kinds[k]);
      const auto& groups = layout.groups(k);
      for (auto it = cells.lower_bound(FirstKey(metric, kind));
           it != cells.end() && it->first.metric == metric && it->first.kind == kind; ++it) {
        std::size_t row = std::lower_bound(groups.begin(), groups.end(), it->first.group) -
                          groups.begin();
        std::size_t i = layout.Index(m, k, row, ColumnOf(it->first.month, months));
        out.values[i] += it->second.value;
        out.contributors[i] = it->second.basis;
      }
      for (std::size_t g = 0; g < layout.rows(k); ++g) {
        std::int64_t sum = 0;
        for (std::size_t c = 0; c < columns; ++c) sum += out.values[layout.Index(m, k, g, c)];
        out.values[layout.Index(m, k, g, columns)] = sum;
      }
      // Every contribution is counted under every kind, so each kind gives the same column sums.
      for (std::size_t c = 0; c <= columns; ++c) {
        std::int64_t sum = 0;
        for (std::size_t g = 0; g < layout.rows(k); ++g) {
          sum += out.values[layout.Index(m, k, g, c)];
        }
        std::size_t shared = layout.Index(m, k, layout.rows(k), c);
        LEDGER_CHECK(k == 0 || out.values[shared] == sum, "group kinds disagree on a total");
        out.values[shared] = sum;
      }
    }
    auto all = kAllKinds;
    for (auto it = cells.lower_bound(FirstKey(metric, all));
         it != cells.end() && it->first.metric == metric && it->first.kind == all; ++it) {
      std::size_t row = layout.rows(0);
      out.contributors[layout.Index(m, 0, row, ColumnOf(it->first.month, months))] =
          it->second.basis;
    }
  }
  return out;
}

void AddLine(std::vector<Line>& lines, std::vector<std::size_t> parts, std::size_t total) {
  if (!parts.empty()) lines.push_back(Line{std::move(parts), total});
}

std::vector<Line> FamilyLines(const LinkedFamily& family, const FamilyLayout& layout) {
  std::vector<Line> lines;
  std::size_t columns = layout.months();
  for (std::size_t m = 0; m < family.metrics.size(); ++m) {
    for (std::size_t k = 0; k < family.kinds.size(); ++k) {
      std::size_t rows = layout.rows(k);
      for (std::size_t g = 0; g <= rows; ++g) {  // Each row, and the column totals' row.
        if (g == rows && k != 0) continue;       // That row is shared: once is enough.
        std::vector<std::size_t> parts;
        for (std::size_t c = 0; c < columns; ++c) parts.push_back(layout.Index(m, k, g, c));
        AddLine(lines, std::move(parts), layout.Index(m, k, g, columns));
      }
      for (std::size_t c = 0; c <= columns; ++c) {  // Each column, and the row totals.
        std::vector<std::size_t> parts;
        for (std::size_t g = 0; g < rows; ++g) parts.push_back(layout.Index(m, k, g, c));
        AddLine(lines, std::move(parts), layout.Index(m, k, rows, c));
      }
    }
  }
  auto position = [&](Metric metric) {
    return static_cast<std::size_t>(
        std::find(family.metrics.begin(), family.metrics.end(), metric) -
        family.metrics.begin());
  };
  for (const Breakdown& breakdown : family.breakdowns) {
    for (std::size_t k = 0; k < family.kinds.size(); ++k) {
      for (std::size_t g = 0; g <= layout.rows(k); ++g) {
        if (g == layout.rows(k) && k != 0) continue;
        for (std::size_t c = 0; c <= columns; ++c) {
          std::vector<std::size_t> parts;
          for (Metric part : breakdown.parts) {
            parts.push_back(layout.Index(position(part), k, g, c));
          }
          AddLine(lines, std::move(parts), layout.Index(position(breakdown.total), k, g, c));
        }
      }
    }
  }
  return lines;
}

double Display(std::int64_t value, Unit unit) {
  if (unit == Unit::kHours) return std::round(static_cast<double>(value) / 6.0) / 10.0;
  return static_cast<double>(value);
}

}  // namespace

std::vector<ReportTable> AssembleLinkedFamily(const CellMap& cells, const LinkedFamily& family,
                                              const std::vector<Month>& months,
                                              std::uint32_t threshold) {
  FamilyLayout layout(FamilyGroups(cells, family), family.metrics.size(), months.size());
  FamilyValues values = ReadValues(cells, family, layout, months);
  std::vector<bool> primary(layout.size(), false);
  for (std::size_t i = 0; i < layout.size(); ++i) {
    bool by_trajectories = InfoOf(family.metrics[0]).aggregate == Aggregate::kHours;
    primary[i] = PrimarySuppressed(by_trajectories ? values.contributors[i] : values.values[i],
                                   threshold);
  }
  std::vector<bool> suppressed =
      SuppressLinked(values.values, primary, FamilyLines(family, layout));
  std::vector<ReportTable> tables;
  for (std::size_t m = 0; m < family.metrics.size(); ++m) {
    const MetricInfo& info = InfoOf(family.metrics[m]);
    for (std::size_t k = 0; k < family.kinds.size(); ++k) {
      ReportTable& table = tables.emplace_back();
      table.table = info.table;
      table.metric = info.name;
      table.group_kind = family.kinds[k];
      table.unit = info.unit;
      for (std::size_t g = 0; g <= layout.rows(k); ++g) {
        for (std::size_t c = 0; c <= months.size(); ++c) {
          std::size_t i = layout.Index(m, k, g, c);
          ReportCell& cell = table.cells.emplace_back();
          cell.group = g < layout.rows(k) ? layout.groups(k)[g] : std::string(kTotalName);
          cell.month = c < months.size() ? FormatMonth(months[c]) : std::string(kTotalName);
          cell.suppressed = suppressed[i];
          cell.value = suppressed[i] ? 0 : Display(values.values[i], info.unit);
        }
      }
    }
  }
  return tables;
}

}  // namespace projections::reporting
