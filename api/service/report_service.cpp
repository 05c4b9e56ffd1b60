// BuildReport: the policy-evaluation report (projections/reporting, docs/reporting.md) for
// reporting jobs and auditors: pseudonymised aggregates with small cells suppressed. Microdata
// is not offered over the API; ledgerctl report --microdata serves the jobs that need it.
#include "api/service/read_options.h"
#include "api/service/service.h"
#include "projections/reporting/month.h"
#include "projections/reporting/report_json.h"

namespace ledger::api {

namespace reporting = ::projections::reporting;

Status BuildReport(const ServiceContext& service, const CallContext&,
                   wire::ReportRequest::Reader request, wire::ReportReply::Builder reply) {
  Result<projections::QueryOptions> options =
      ReadOptions(service, request.getAtLeastPosition(), request.getWaitMs(),
                  std::string_view(request.getEvaluationDay().cStr()));
  if (!options.ok()) return options.status();
  reporting::ReportOptions report_options;
  report_options.pseudonym_key = service.report_key;
  for (auto [text, month] : {std::pair{request.getFromMonth(), &report_options.from_month},
                             std::pair{request.getToMonth(), &report_options.to_month}}) {
    if (text.size() == 0) continue;
    Result<reporting::Month> parsed = reporting::ParseMonth(text.cStr());
    if (!parsed.ok()) return parsed.status();
    *month = *parsed;
  }
  Result<reporting::Report> report = service.models->Report(report_options, *options);
  if (!report.ok()) return report.status();
  reporting::ReportToWire(*report, reply.initReport());
  return Status::Ok();
}

}  // namespace ledger::api
