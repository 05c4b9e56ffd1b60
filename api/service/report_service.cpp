// BuildReport: the policy-evaluation report (projections/reporting, docs/reporting.md) for
// reporting jobs and auditors: pseudonymised aggregates with small cells suppressed, as the
// report struct or as CSV (the same CSV as `ledgerctl report`). A reporting job may ask for the
// microdata too (per-trajectory rows, MayReadMicrodata); its pseudonyms are under a key of its
// own, derived from the ledger's report.key and the job's id (JobPseudonymKey), so two jobs
// cannot link each other's rows.
#include <sstream>

#include "api/service/read_options.h"
#include "api/service/service.h"
#include "projections/reporting/month.h"
#include "projections/reporting/pseudonym.h"
#include "projections/reporting/report_csv.h"
#include "projections/reporting/report_json.h"

namespace ledger::api {

namespace reporting = ::projections::reporting;

Status BuildReport(const ServiceContext& service, const CallContext& call,
                   wire::ReportRequest::Reader request, wire::ReportReply::Builder reply) {
  std::string_view format(request.getFormat().cStr(), request.getFormat().size());
  if (!format.empty() && format != "json" && format != "csv") {
    return Status::InvalidArgument("format '" + std::string(format) + "' is not json or csv");
  }
  bool csv = format == "csv";
  if (request.getIncludeMicrodata()) LEDGER_RETURN_IF_ERROR(MayReadMicrodata(call.principal));
  Result<projections::QueryOptions> options =
      ReadOptions(service, request.getAtLeastPosition(), request.getWaitMs(),
                  std::string_view(request.getEvaluationDay().cStr()));
  if (!options.ok()) return options.status();
  reporting::ReportOptions report_options;
  report_options.pseudonym_key = reporting::JobPseudonymKey(service.report_key, call.principal.id);
  report_options.include_microdata = request.getIncludeMicrodata();
  for (auto [text, month] : {std::pair{request.getFromMonth(), &report_options.from_month},
                             std::pair{request.getToMonth(), &report_options.to_month}}) {
    if (text.size() == 0) continue;
    Result<reporting::Month> parsed = reporting::ParseMonth(text.cStr());
    if (!parsed.ok()) return parsed.status();
    *month = *parsed;
  }
  Result<reporting::Report> report = service.models->Report(report_options, *options);
  if (!report.ok()) return report.status();
  if (!csv) {
    reporting::ReportToWire(*report, reply.initReport());
    return Status::Ok();
  }
  std::ostringstream text;
  if (request.getIncludeMicrodata()) {
    reporting::WriteMicrodataCsv(*report, text);
  } else {
    reporting::WriteReportCsv(*report, text);
  }
  reply.setCsv(text.str());
  return Status::Ok();
}

}  // namespace ledger::api
