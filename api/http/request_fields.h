// Turns what an HTTP request says (JSON body, path parameters, query parameters) into the
// request struct of a route's method, by field name and generically over capnp::DynamicStruct,
// as route_table.h describes. No route has a filler of its own.
//
// Text to field type: Text as given; Bool "true" or "false"; integers (8 to 64 bits, signed or
// not) in decimal, range-checked; enums by their schema name ("inProgress"). Fields of other
// types (lists, structs) come only from a JSON body.
// Every refusal is a badRequest listing each input at fault (api/wire/errors.h InputIssue):
// where (body, query or path), its name, its value and what is wrong, in plain words.
// Thread safety: pure functions; `out` is the caller's.
#pragma once

#include <capnp/dynamic.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/http/route_table.h"
#include "api/wire/json.h"
#include "ledger/base/status.h"

namespace ledger::api {

// Name and decoded value, in the order given.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Fills `out`, an empty struct of route.method->request_schema: the body (when route.body),
// then `query` (GET routes; every name must be a field the client may set, at most once), then
// `path` (a body that set one of these fields to another value is refused), then route.fixed.
// A body at fault is answered alone (its issues); query and path parameters are checked
// together, so a client hears of every one at fault at once. A fixed field the route cannot set
// is a bug in the route table (checked). Nothing (nullopt) when the request is filled.
std::optional<ApiError> FillRequest(const Route& route, const WireJson& json, std::string_view body,
                                    const QueryParams& query,
                                    const std::vector<std::pair<std::string, std::string>>& path,
                                    capnp::DynamicStruct::Builder out);

// The bound the service holds a query field to beyond its type's range, by name: every page
// size (`limit`, read_options.h's kPageRowsMax) and every wait (`waitMs`, projections'
// kWaitMax); none for other names. FillRequest refuses a value over it as a schema violation
// naming the field, and the OpenAPI document declares it as the parameter's maximum.
std::optional<std::uint64_t> ServiceMaximum(std::string_view name);

// For a route that takes no query parameter (no request struct: whoami, ping, the probes, the
// OpenAPI document): a badRequest naming every parameter given as unknown; nullopt when none.
std::optional<ApiError> RefuseAnyQuery(const Route& route, const QueryParams& query);

// The fields of route.method->request_schema a client may set in the query, in schema order:
// every field but the path parameters and the fixed field; none when the request is the body.
// Precondition: route.method is set.
std::vector<capnp::StructSchema::Field> QueryFields(const Route& route);

}  // namespace ledger::api
