// Goal: each Status maps to its wire error by its code alone, never by searching its message.
// Method: the mapping of api/wire/errors.h, for statuses whose messages would mislead a
// text search ("position" in a Busy, "busy" in a NotReached).
#include <catch2/catch.hpp>

#include "api/wire/errors.h"

namespace ledger::api {
namespace {

using wire::ErrorCode;

std::string Detail(const ApiError& error, const std::string& key) {
  for (const auto& [name, value] : error.details) {
    if (name == key) return value;
  }
  return "";
}

TEST_CASE(
    "a read that did not reach its position is positionNotReached and a busy resource is "
    "unavailable whatever their messages say",
    "[api]") {
  ApiError not_reached = ToApiError(Status::NotReached("the read models are busy below 7"));
  CHECK(not_reached.code == ErrorCode::POSITION_NOT_REACHED);
  CHECK(HttpStatusOf(not_reached.code) == 503);
  CHECK(RetryAfterSeconds(not_reached.code) == 1);
  CHECK(Detail(not_reached, "status") == "notReached");

  ApiError busy =
      ToApiError(Status::Busy("the read of 'complaint-C1' could not be recorded at position 12"));
  CHECK(busy.code == ErrorCode::UNAVAILABLE);
  CHECK(Detail(busy, "status") == "busy");
  CHECK(ToApiError(Status::ShuttingDown("closing")).code == ErrorCode::UNAVAILABLE);
}

}  // namespace
}  // namespace ledger::api
