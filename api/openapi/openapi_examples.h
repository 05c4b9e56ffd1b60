// Examples of the OpenAPI document (openapi.h): a command body, its reply and a problem with
// an issue list. Each is a wire struct built here and encoded by WireJson, the codec every
// reply goes through, so an example cannot drift from the schema it illustrates (the lint's
// no-invalid-media-type-examples rule checks them against it too).
// Thread safety: pure functions.
#pragma once

#include <optional>

#include "api/http/route_table.h"
#include "api/openapi/openapi_json.h"

namespace ledger::api {

// The request body of `route`'s example; none for most routes.
std::optional<JsonNode> RequestExample(const Route& route);
// `route`'s 200 reply example; none for most routes.
std::optional<JsonNode> ReplyExample(const Route& route);
// A problem of `status`: for 400, one naming an input at fault; none for other statuses.
std::optional<JsonNode> ProblemExample(unsigned status);

}  // namespace ledger::api
