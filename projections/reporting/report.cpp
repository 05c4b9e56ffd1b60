#include "projections/reporting/report.h"

namespace projections::reporting {

std::string_view GroupKindName(GroupKind kind) {
  switch (kind) {
    case GroupKind::kMunicipality: return "municipality";
    case GroupKind::kDirector: return "director";
    case GroupKind::kProvider: return "provider";
  }
  return "unknown";
}

std::string_view UnitName(Unit unit) {
  switch (unit) {
    case Unit::kCount: return "count";
    case Unit::kHours: return "hours";
    case Unit::kDays: return "days";
    case Unit::kRatio: return "ratio";
    case Unit::kPercent: return "percent";
  }
  return "unknown";
}

const ReportTable* Report::Find(std::string_view table, std::string_view metric,
                                GroupKind group_kind) const {
  for (const ReportTable& candidate : tables) {
    if (candidate.table == table && candidate.metric == metric &&
        candidate.group_kind == group_kind) {
      return &candidate;
    }
  }
  return nullptr;
}

const ReportCell* FindCell(const ReportTable& table, std::string_view group,
                           std::string_view month) {
  for (const ReportCell& cell : table.cells) {
    if (cell.group == group && cell.month == month) return &cell;
  }
  return nullptr;
}

}  // namespace projections::reporting
