#include "projections/reporting/statistic_tables.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>

#include "ledger/base/check.h"

namespace projections::reporting {
namespace {

// What stands behind one published figure: the values of a median, or a ratio's parts.
struct Basis {
  std::vector<std::int32_t> days;
  std::int64_t numerator = 0;
  std::int64_t denominator = 0;

  void Add(const Basis& other) {
    days.insert(days.end(), other.days.begin(), other.days.end());
    numerator += other.numerator;
    denominator += other.denominator;
  }
};

ReportCell MakeCell(std::string group, std::string month, const Basis& basis, Aggregate aggregate,
                    std::uint32_t threshold) {
  ReportCell cell{std::move(group), std::move(month), 0, false};
  std::int64_t count = aggregate == Aggregate::kMedian
                           ? static_cast<std::int64_t>(basis.days.size())
                           : basis.denominator;
  if (count < static_cast<std::int64_t>(threshold) || count == 0) {
    cell.suppressed = true;
    return cell;
  }
  double quotient = static_cast<double>(basis.numerator) / static_cast<double>(count);
  switch (aggregate) {
    case Aggregate::kMedian: cell.value = Median(basis.days); break;
    case Aggregate::kRatio: cell.value = std::round(quotient * 10.0) / 10.0; break;
    case Aggregate::kPercent: cell.value = std::round(quotient * 1000.0) / 10.0; break;
    default: LEDGER_CHECK_FAIL("not a statistic metric");
  }
  return cell;
}

}  // namespace

double Median(std::vector<std::int32_t> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  std::size_t middle = values.size() / 2;
  if (values.size() % 2 == 1) return values[middle];
  return (static_cast<double>(values[middle - 1]) + static_cast<double>(values[middle])) / 2.0;
}

ReportTable AssembleStatisticTable(const Accumulated& in, const MetricInfo& info, GroupKind kind,
                                   const std::vector<Month>& months, std::uint32_t threshold) {
  // Rows of bases as accumulated, by group name, one column per month; then the totals.
  std::map<std::string, std::vector<Basis>> rows_by_name;
  auto k = static_cast<std::uint8_t>(kind);
  for (auto it = in.cells.lower_bound(FirstKey(info.metric, k));
       it != in.cells.end() && it->first.metric == info.metric && it->first.kind == k; ++it) {
    std::vector<Basis>& row = rows_by_name[in.names.Name(it->first.group)];
    row.resize(months.size());
    LEDGER_CHECK(!months.empty() && it->first.month >= months.front().index &&
                     it->first.month <= months.back().index,
                 "an accumulated month lies outside the report's months");
    Basis& basis = row[static_cast<std::size_t>(it->first.month - months.front().index)];
    basis.days = it->second.days;
    basis.numerator = it->second.value;
    basis.denominator = it->second.basis;
  }
  std::vector<std::string> groups;
  std::vector<std::vector<Basis>> rows;
  for (auto& [name, row] : rows_by_name) {
    groups.push_back(name);
    rows.push_back(std::move(row));
  }
  ReportTable table;
  table.table = info.table;
  table.metric = info.name;
  table.group_kind = kind;
  table.unit = info.unit;
  std::vector<Basis> column_totals(months.size());
  Basis grand;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    Basis row_total;
    for (std::size_t c = 0; c < months.size(); ++c) {
      table.cells.push_back(
          MakeCell(groups[g], FormatMonth(months[c]), rows[g][c], info.aggregate, threshold));
      row_total.Add(rows[g][c]);
      column_totals[c].Add(rows[g][c]);
    }
    table.cells.push_back(
        MakeCell(groups[g], std::string(kTotalName), row_total, info.aggregate, threshold));
    grand.Add(row_total);
  }
  for (std::size_t c = 0; c < months.size(); ++c) {
    table.cells.push_back(MakeCell(std::string(kTotalName), FormatMonth(months[c]),
                                   column_totals[c], info.aggregate, threshold));
  }
  table.cells.push_back(
      MakeCell(std::string(kTotalName), std::string(kTotalName), grand, info.aggregate, threshold));
  return table;
}

}  // namespace projections::reporting
