// Why a JSON document did not decode into a struct of the schema, in plain words: the inputs at
// fault, each named by its path in the document ("events[0].event.hoursLogged.minutes") with
// the value it has and what the schema wants there. This is what a client is told instead of
// the codec's own exception text, which names neither the member nor, often, the value.
//
// It is an explanation, not a second validator: WireJson::Decode calls it only after
// capnp::JsonCodec refused a document, so it can never refuse what the codec accepts. It
// follows JsonCodec's mapping (json.h): a struct is an object of its camelCase field names, a
// union member is one such name, 64-bit integers are numbers or decimal strings, enums are
// their schema names, Data is hex text, and events.capnp's Date is "YYYY-MM-DD".
// `null` is accepted anywhere. It reports at most kJsonIssuesMax issues, in document order.
// When it finds none (a nesting too deep, say), the caller answers a general sentence.
// Thread safety: a pure function.
#pragma once

#include <capnp/schema.h>

#include <cstddef>
#include <string_view>
#include <vector>

#include "api/wire/errors.h"

namespace ledger::api {

inline constexpr std::size_t kJsonIssuesMax = 20;

std::vector<InputIssue> ExplainJson(std::string_view text, capnp::StructSchema schema);

}  // namespace ledger::api
