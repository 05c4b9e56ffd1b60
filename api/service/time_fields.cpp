#include "api/service/time_fields.h"

#include <string>

#include "ledger/base/clock.h"

namespace ledger::api {

Result<std::int64_t> TimeField(std::string_view name, capnp::Text::Reader text, std::int64_t us) {
  if (text.size() == 0) return us;
  std::string field(name);
  if (us != 0) {
    return Status::InvalidArgument(field + " and " + field + "Us are both given; pass one of them");
  }
  std::string_view given(text.cStr(), text.size());
  Result<std::int64_t> parsed = ParseRfc3339(given);
  if (!parsed.ok()) return Status::InvalidArgument(field + ": " + parsed.status().message());
  if (*parsed <= 0) {
    return Status::InvalidArgument(field + " " + std::string(given) +
                                   " is not after the epoch (1970-01-01T00:00:00Z)");
  }
  return parsed;
}

}  // namespace ledger::api
