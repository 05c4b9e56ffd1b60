#include "projections/reporting/linked_tables.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <string>

#include "ledger/base/check.h"
#include "projections/reporting/suppression.h"

namespace projections::reporting {
namespace {

// Cell indices of one family: per metric, each kind's rows (row total in the last column),
// then the shared row of column totals (grand total in the last column). Rows are groups in
// order of their names.
class FamilyLayout {
 public:
  FamilyLayout(std::vector<std::vector<GroupId>> groups, const GroupNames& names,
               std::size_t metrics, std::size_t months)
      : groups_(std::move(groups)), names_(names), columns_(months + 1) {
    for (const auto& rows : groups_) {
      kind_offsets_.push_back(shared_offset_);
      shared_offset_ += rows.size() * columns_;
      std::vector<std::size_t>& row_of = row_of_.emplace_back(names.size(), kNoRow);
      for (std::size_t row = 0; row < rows.size(); ++row) row_of[rows[row]] = row;
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
  std::size_t RowOf(std::size_t kind, GroupId group) const {
    std::size_t row = group < row_of_[kind].size() ? row_of_[kind][group] : kNoRow;
    LEDGER_CHECK(row != kNoRow, "a group of the family has no row");
    return row;
  }
  std::size_t rows(std::size_t kind) const { return groups_[kind].size(); }
  std::size_t months() const { return columns_ - 1; }
  std::size_t size() const { return size_; }
  const std::string& GroupName(std::size_t kind, std::size_t row) const {
    return names_.Name(groups_[kind][row]);
  }

 private:
  static constexpr std::size_t kNoRow = std::numeric_limits<std::size_t>::max();
  std::vector<std::vector<GroupId>> groups_;
  const GroupNames& names_;
  std::size_t columns_;
  std::vector<std::vector<std::size_t>> row_of_;
  std::vector<std::size_t> kind_offsets_;
  std::size_t shared_offset_ = 0;
  std::size_t block_ = 0;
  std::size_t size_ = 0;
};

// The groups with cells of any metric of the family, per kind, in order of their names.
std::vector<std::vector<GroupId>> FamilyGroups(const Accumulated& in, const LinkedFamily& family) {
  std::vector<std::vector<GroupId>> groups;
  for (GroupKind kind : family.kinds) {
    std::set<GroupId> ids;
    for (Metric metric : family.metrics) {
      auto k = static_cast<std::uint8_t>(kind);
      for (auto it = in.cells.lower_bound(FirstKey(metric, k));
           it != in.cells.end() && it->first.metric == metric && it->first.kind == k; ++it) {
        ids.insert(it->first.group);
      }
    }
    std::vector<GroupId>& sorted = groups.emplace_back(ids.begin(), ids.end());
    std::sort(sorted.begin(), sorted.end(),
              [&](GroupId a, GroupId b) { return in.names.Name(a) < in.names.Name(b); });
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
      for (auto it = cells.lower_bound(FirstKey(metric, kind));
           it != cells.end() && it->first.metric == metric && it->first.kind == kind; ++it) {
        std::size_t row = layout.RowOf(k, it->first.group);
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

// Union-find over the groups of two kinds, to find which groups' cells one equation ties.
class Components {
 public:
  explicit Components(std::size_t size) : parent_(size) {
    for (std::size_t i = 0; i < size; ++i) parent_[i] = i;
  }
  std::size_t Find(std::size_t vertex) {
    while (parent_[vertex] != vertex) vertex = parent_[vertex] = parent_[parent_[vertex]];
    return vertex;
  }
  void Union(std::size_t a, std::size_t b) { parent_[Find(a)] = Find(b); }

 private:
  std::vector<std::size_t> parent_;
};

// The equations between the tables of two kinds of one metric. Per column, the groups linked
// by a shared contribution form connected components; the cells of a component's groups of
// one kind add up to those of the other (the contributions of the component are the same
// facts), and no other equation ties the two tables. A component of all linked groups repeats
// what the column totals say, and is left out.
void AddKindLines(std::vector<Line>& lines, const EdgeSet& edges, const LinkedFamily& family,
                  const FamilyLayout& layout, const std::vector<Month>& months, std::size_t metric,
                  std::size_t kind_a, std::size_t kind_b) {
  auto a = static_cast<std::uint8_t>(family.kinds[kind_a]);
  auto b = static_cast<std::uint8_t>(family.kinds[kind_b]);
  if (a > b) {
    std::swap(a, b);
    std::swap(kind_a, kind_b);
  }
  std::size_t rows_a = layout.rows(kind_a);
  std::size_t columns = layout.months();
  std::vector<Components> components(columns + 1, Components(rows_a + layout.rows(kind_b)));
  std::vector<std::vector<bool>> linked(columns + 1,
                                        std::vector<bool>(rows_a + layout.rows(kind_b)));
  Metric key = family.metrics[metric];
  for (auto it = edges.lower_bound(EdgeKey{key, a, b, std::numeric_limits<int>::min(), 0, 0});
       it != edges.end() && it->metric == key && it->kind_a == a && it->kind_b == b; ++it) {
    std::size_t va = layout.RowOf(kind_a, it->group_a);
    std::size_t vb = rows_a + layout.RowOf(kind_b, it->group_b);
    for (std::size_t c : {ColumnOf(it->month, months), columns}) {
      components[c].Union(va, vb);
      linked[c][va] = linked[c][vb] = true;
    }
  }
  for (std::size_t c = 0; c <= columns; ++c) {
    std::map<std::size_t, std::vector<std::size_t>> members;  // By root, in vertex order.
    std::size_t linked_count = 0;
    for (std::size_t v = 0; v < linked[c].size(); ++v) {
      if (!linked[c][v]) continue;
      ++linked_count;
      bool of_a = v < rows_a;
      members[components[c].Find(v)].push_back(
          layout.Index(metric, of_a ? kind_a : kind_b, of_a ? v : v - rows_a, c));
    }
    for (auto& [root, cells] : members) {
      if (cells.size() < 2 || cells.size() == linked_count) continue;
      lines.push_back(Line{std::move(cells), std::nullopt});
    }
  }
}

void AddLine(std::vector<Line>& lines, std::vector<std::size_t> parts, std::size_t total) {
  if (!parts.empty()) lines.push_back(Line{std::move(parts), total});
}

std::vector<Line> FamilyLines(const EdgeSet& edges, const LinkedFamily& family,
                              const FamilyLayout& layout, const std::vector<Month>& months) {
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
        std::find(family.metrics.begin(), family.metrics.end(), metric) - family.metrics.begin());
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
  for (std::size_t m = 0; m < family.metrics.size(); ++m) {
    for (std::size_t a = 0; a < family.kinds.size(); ++a) {
      for (std::size_t b = a + 1; b < family.kinds.size(); ++b) {
        AddKindLines(lines, edges, family, layout, months, m, a, b);
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

std::vector<ReportTable> AssembleLinkedFamily(const Accumulated& in, const LinkedFamily& family,
                                              const std::vector<Month>& months,
                                              std::uint32_t threshold) {
  FamilyLayout layout(FamilyGroups(in, family), in.names, family.metrics.size(), months.size());
  FamilyValues values = ReadValues(in.cells, family, layout, months);
  std::vector<bool> primary(layout.size(), false);
  for (std::size_t i = 0; i < layout.size(); ++i) {
    bool by_trajectories = InfoOf(family.metrics[0]).aggregate == Aggregate::kHours;
    primary[i] =
        PrimarySuppressed(by_trajectories ? values.contributors[i] : values.values[i], threshold);
  }
  std::vector<bool> suppressed =
      SuppressLinked(values.values, primary, FamilyLines(in.edges, family, layout, months));
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
          cell.group = g < layout.rows(k) ? layout.GroupName(k, g) : std::string(kTotalName);
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
