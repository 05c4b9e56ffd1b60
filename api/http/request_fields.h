// Turns what an HTTP request says (JSON body, path parameters, query parameters) into the
// request struct of a route's method, by field name and generically over capnp::DynamicStruct,
// as route_table.h describes. No route has a filler of its own.
//
// Text to field type: Text as given; Bool "true" or "false"; integers (8 to 64 bits, signed or
// not) in decimal, range-checked; enums by their schema name ("inProgress"). Fields of other
// types (lists, structs) come only from a JSON body.
// Every refusal is InvalidArgument naming the parameter and the value at fault, which the
// adapter answers as 400 badRequest.
// Thread safety: pure functions; `out` is the caller's.
#pragma once

#include <capnp/dynamic.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/http/route_table.h"
#include "api/wire/json.h"
#include "ledger/status.h"

namespace ledger::api {

// Name and decoded value, in the order given.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

// Fills `out`, an empty struct of route.method->request_schema: the body (when route.body),
// then `query` (GET routes; every name must be a field the client may set, at most once), then
// `path` (a body that set one of these fields to another value is refused), then route.fixed.
Status FillRequest(const Route& route, const WireJson& json, std::string_view body,
                   const QueryParams& query,
                   const std::vector<std::pair<std::string, std::string>>& path,
                   capnp::DynamicStruct::Builder out);

// The fields of route.method->request_schema a client may set in the query, in schema order:
// every field but the path parameters and the fixed field; none when the request is the body.
// Precondition: route.method is set.
std::vector<capnp::StructSchema::Field> QueryFields(const Route& route);

// Sets the field `name` of `out` from `text` (see above); InvalidArgument for an unknown field,
// a type that text cannot set, or a value that does not parse.
Status SetFieldFromText(capnp::DynamicStruct::Builder out, std::string_view name,
                        std::string_view text);

}  // namespace ledger::api
