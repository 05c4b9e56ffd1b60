#include "ledger/domain/parameters.h"

#include <string>

namespace ledger::domain {
namespace {

Status NeedPositive(const char* name, std::uint32_t value) {
  if (value > 0) return Status::Ok();
  return Status::InvalidArgument(std::string("parameter ") + name + " must be more than 0");
}

}  // namespace

Status Parameters::Validate() const {
  LEDGER_RETURN_IF_ERROR(NeedPositive("required_hours", required_hours));
  LEDGER_RETURN_IF_ERROR(NeedPositive("shortfall_threshold_days", shortfall_threshold_days));
  LEDGER_RETURN_IF_ERROR(NeedPositive("session_minutes_max", session_minutes_max));
  LEDGER_RETURN_IF_ERROR(NeedPositive("complaint_acknowledge_days", complaint_acknowledge_days));
  LEDGER_RETURN_IF_ERROR(NeedPositive("complaint_answer_days", complaint_answer_days));
  LEDGER_RETURN_IF_ERROR(NeedPositive("complaint_refusal_days", complaint_refusal_days));
  LEDGER_RETURN_IF_ERROR(
      NeedPositive("complaint_facts_age_days_max", complaint_facts_age_days_max));
  LEDGER_RETURN_IF_ERROR(NeedPositive("suppression_threshold", suppression_threshold));
  if (session_minutes_max > 24 * 60) {
    return Status::InvalidArgument("parameter session_minutes_max is " +
                                   std::to_string(session_minutes_max) +
                                   ", more than a day (1440)");
  }
  if (complaint_answer_days_max < complaint_answer_days) {
    return Status::InvalidArgument(
        "parameter complaint_answer_days_max (" + std::to_string(complaint_answer_days_max) +
        ") is less than complaint_answer_days (" + std::to_string(complaint_answer_days) + ")");
  }
  return Status::Ok();
}

}  // namespace ledger::domain
