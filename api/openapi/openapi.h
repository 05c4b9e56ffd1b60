// The OpenAPI 3.0.3 description of the HTTP/JSON adapter, generated from the code and never
// written by hand: one path item per path of Routes() (route_table.h), its parameters from the
// route's path template and QueryFields (request_fields.h), its body and replies from the
// method's request and reply structs, and components.schemas from those structs by capnp schema
// reflection (openapi_schemas.h). docs/openapi.json is this output, committed; a test fails
// when the two differ (regenerate with `./build/tools/print_openapi > docs/openapi.json`).
//
// What the code cannot say comes from small tables here: a one-line summary per operation
// (capnp keeps no doc comments at runtime) and the bodies of the probes. Roles come from the
// role table (access_rules.h RoleMay), errors from the ErrorCode enum and HttpStatusOf
// (api/wire/errors.h): every authenticated operation lists every error status but 405, each
// with the Problem body (application/problem+json). The bounds of limit and waitMs are those
// of api/service/read_options.h. ledgerd serves the same text at GET /doc/openapi.json.
// docs/api.md remains the prose.
// Thread safety: a pure function.
#pragma once

#include <string>

namespace ledger::api {

// The document as indented JSON text, ending in a newline; the same text on every call.
std::string OpenApiJson();

}  // namespace ledger::api
