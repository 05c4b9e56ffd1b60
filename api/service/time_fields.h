// A request's time, given in either of its two forms: `<name>Us` (microseconds since the
// epoch) or `<name>` (RFC 3339 text, ledger/base/clock.h's ParseRfc3339), never both.
// Thread safety: pure function.
#pragma once

#include <capnp/blob.h>

#include <cstdint>
#include <string_view>

#include "ledger/base/status.h"

namespace ledger::api {

// The microseconds: `us` when `text` is empty (0 there means "not given"), else `text`
// parsed. InvalidArgument naming `name` when both are given, when the text is no RFC 3339
// time, or when it is at or before the epoch (0 would read as "not given").
Result<std::int64_t> TimeField(std::string_view name, capnp::Text::Reader text, std::int64_t us);

}  // namespace ledger::api
