// The read options every query request carries (atLeastPosition, waitMs, evaluationDay), as
// the projections' QueryOptions, and the page-size bound of lists.
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string_view>

#include "api/service/service_context.h"
#include "projections/queries.h"

namespace ledger::api {

inline constexpr std::uint32_t kPageRowsDefault = 100;
inline constexpr std::uint32_t kPageRowsMax = 1000;

// InvalidArgument for an evaluation day that is not "YYYY-MM-DD", or a wait over 30 s.
// Empty day: today by the ledger's clock (UTC). Wait 0: one second. `at_least_position` is
// exclusive, as answers' positions are: the models must hold every entry below it.
Result<projections::QueryOptions> ReadOptions(const ServiceContext& service,
                                              std::uint64_t at_least_position,
                                              std::uint32_t wait_ms,
                                              std::string_view evaluation_day);
// A page size: 0 -> kPageRowsDefault; over kPageRowsMax -> InvalidArgument.
Result<std::size_t> PageRows(std::uint32_t limit);

}  // namespace ledger::api
