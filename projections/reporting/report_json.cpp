#include "projections/reporting/report_json.h"

#include <capnp/compat/json.h>

namespace projections::reporting {
namespace {

template <typename List>
void SetTexts(List list, const std::vector<std::string>& texts) {
  for (unsigned i = 0; i < texts.size(); ++i) list.set(i, texts[i]);
}

void TableToWire(const ReportTable& table, wire::Table::Builder out) {
  out.setTable(table.table);
  out.setMetric(table.metric);
  out.setGroupKind(static_cast<wire::GroupKind>(table.group_kind));
  out.setUnit(static_cast<wire::Unit>(table.unit));
  auto cells = out.initCells(static_cast<unsigned>(table.cells.size()));
  for (unsigned i = 0; i < table.cells.size(); ++i) {
    const ReportCell& cell = table.cells[i];
    cells[i].setGroup(cell.group);
    cells[i].setMonth(cell.month);
    cells[i].setValue(cell.suppressed ? 0 : cell.value);
    cells[i].setSuppressed(cell.suppressed);
  }
}

void MicrodataToWire(const MicrodataRow& row, wire::MicrodataRow::Builder out) {
  out.setPseudonym(row.pseudonym);
  out.setMunicipality(row.municipality);
  out.setDirector(row.director);
  out.setOpenedMonth(row.opened_month);
  out.setStatus(row.status);
  out.setAttestedHours(row.attested_hours);
  out.setCompletedMonth(row.completed_month);
  out.setShortfallEstablished(row.shortfall_established);
}

}  // namespace

void ReportToWire(const Report& report, wire::Report::Builder out) {
  out.setEvaluationDay(report.evaluation_day);
  out.setPosition(report.position);
  out.setSuppressionThreshold(report.suppression_threshold);
  out.setShortfallThresholdDays(report.shortfall_threshold_days);
  SetTexts(out.initMonths(static_cast<unsigned>(report.months.size())), report.months);
  auto tables = out.initTables(static_cast<unsigned>(report.tables.size()));
  for (unsigned i = 0; i < report.tables.size(); ++i) TableToWire(report.tables[i], tables[i]);
  auto rows = out.initMicrodata(static_cast<unsigned>(report.microdata.size()));
  for (unsigned i = 0; i < report.microdata.size(); ++i) {
    MicrodataToWire(report.microdata[i], rows[i]);
  }
}

std::string ReportToJson(const Report& report) {
  capnp::MallocMessageBuilder message;
  ReportToWire(report, message.initRoot<wire::Report>());
  capnp::JsonCodec codec;
  kj::String json = codec.encode(message.getRoot<wire::Report>().asReader());
  return std::string(json.cStr(), json.size());
}

}  // namespace projections::reporting
