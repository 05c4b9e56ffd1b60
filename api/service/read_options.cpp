#include "api/service/read_options.h"

#include "ledger/domain/civil_date.h"

namespace ledger::api {

Result<projections::QueryOptions> ReadOptions(const ServiceContext& service,
                                              std::uint64_t at_least_position,
                                              std::uint32_t wait_ms,
                                              std::string_view evaluation_day) {
  projections::QueryOptions options;
  if (evaluation_day.empty()) {
    options.evaluation_day = domain::DayOfUs(service.clock->NowUs());
  } else {
    Result<domain::Day> day = domain::ParseDay(evaluation_day);
    if (!day.ok()) return day.status();
    options.evaluation_day = *day;
  }
  // The wire's bound is exclusive, like every answer's position (a command's nextPosition);
  // the read models' is the position that must be held.
  if (at_least_position > 0) options.at_least_position = at_least_position - 1;
  if (wait_ms > projections::kWaitMax.count()) {
    return Status::InvalidArgument("waitMs " + std::to_string(wait_ms) +
                                   " is over the maximum of " +
                                   std::to_string(projections::kWaitMax.count()));
  }
  if (wait_ms > 0) options.wait = std::chrono::milliseconds(wait_ms);
  return options;
}

Result<std::size_t> PageRows(std::uint32_t limit) {
  if (limit == 0) return std::size_t{kPageRowsDefault};
  if (limit > kPageRowsMax) {
    return Status::InvalidArgument("limit " + std::to_string(limit) + " is over the maximum of " +
                                   std::to_string(kPageRowsMax));
  }
  return std::size_t{limit};
}

}  // namespace ledger::api
