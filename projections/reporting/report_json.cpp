#include "projections/reporting/report_json.h"

#include <capnp/compat/json.h>

#include "ledger/base/check.h"

namespace projections::reporting {
namespace {

template <typename List>
void SetTexts(List list, const std::vector<std::string>& texts) {
  for (unsigned i = 0; i < texts.size(); ++i) list.set(i, texts[i]);
}

// report.h's cells are row by row, each row a run of `columns` cells of one group.
void TableToWire(const ReportTable& table, std::size_t columns, wire::Table::Builder out) {
  out.setTable(table.table);
  out.setMetric(table.metric);
  out.setGroupKind(static_cast<wire::GroupKind>(table.group_kind));
  out.setUnit(static_cast<wire::Unit>(table.unit));
  LEDGER_CHECK(table.cells.size() % columns == 0, "a table's cells are not whole rows");
  auto rows = out.initRows(static_cast<unsigned>(table.cells.size() / columns));
  for (unsigned r = 0; r < rows.size(); ++r) {
    rows[r].setGroup(table.cells[r * columns].group);
    auto cells = rows[r].initCells(static_cast<unsigned>(columns));
    for (unsigned c = 0; c < columns; ++c) {
      const ReportCell& cell = table.cells[r * columns + c];
      cells[c].setValue(cell.suppressed ? 0 : cell.value);
      cells[c].setSuppressed(cell.suppressed);
    }
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
  for (unsigned i = 0; i < report.tables.size(); ++i) {
    TableToWire(report.tables[i], report.months.size() + 1, tables[i]);
  }
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
