// The JSON Schemas of docs/openapi.json's components.schemas, derived by capnp schema reflection
// from the wire structs, so that they describe exactly what WireJson (api/wire/json.h) reads and
// writes:
//   struct            object, additionalProperties false (unknown fields are refused). The
//                     codec always writes a primitive or enum field (even at its default) and
//                     omits an unset Text, Data, list or struct: so primitive and enum fields
//                     are `required`, except in structs that only clients send (input_only),
//                     where a missing one reads as its default. A union is `oneOf` one
//                     alternative per member, each requiring that member (the codec writes the
//                     member that is set; JSON has no discriminator property to name). A group
//                     or named union is a nested object, inline
//   enum              string, one of the enumerant names
//   events.capnp Date string, format date ("YYYY-MM-DD", DateJsonHandler)
//   Int64, UInt64     string of decimal digits (the codec also reads numbers)
//   other integers    integer with the type's range; Float32/64 number; Bool boolean
//   Text              string; Data array of byte values; List(T) array of T; Void null
// Structs and enums are components, named by their short display name ("Date",
// "Report.Table" for a nested one; a clash takes the full display name), and reached through
// {"$ref": "#/components/schemas/<name>"}. The schemas use no $Json annotations, and this file
// does not read them.
// Thread safety: a plain value; no sharing.
#pragma once

#include <capnp/schema.h>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "api/openapi/openapi_json.h"

namespace ledger::api {

class SchemaComponents {
 public:
  // `input_only`: the ids of the structs that only requests carry (see above).
  explicit SchemaComponents(std::set<std::uint64_t> input_only = {})
      : input_only_(std::move(input_only)) {}

  // The schema of a value of `type` in a JSON body: a $ref for structs and enums (adding them,
  // and everything they reach, on first use), inline otherwise.
  JsonNode BodySchema(capnp::Type type);
  // The schema of a path or query parameter of `type`: as BodySchema, but a 64-bit integer is
  // an integer (a parameter is decimal text either way).
  JsonNode ParameterSchema(capnp::Type type);
  // {"$ref": ...} to `schema`'s component, added on first use.
  JsonNode Ref(capnp::StructSchema schema);

  // components.schemas: every component added, by name.
  JsonNode Schemas() const;

 private:
  JsonNode Ref(capnp::Schema schema);
  std::string NameOf(capnp::Schema schema);
  JsonNode StructSchema(capnp::StructSchema schema);

  std::set<std::uint64_t> input_only_;
  std::map<std::uint64_t, std::string> names_;  // Schema id -> component name.
  std::map<std::string, JsonNode> schemas_;     // Component name -> schema.
};

// "#/components/schemas/<name>" -> "<name>"; empty when `ref` points elsewhere.
std::string ComponentOfRef(const std::string& ref);

}  // namespace ledger::api
