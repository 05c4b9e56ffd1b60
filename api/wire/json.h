// JSON for the HTTP adapter, generated from the schema by capnp::JsonCodec.
//
// One codec, set up once: unknown fields are refused (a misspelt field is a 400, not silently
// dropped), events.capnp's Date reads and writes as "YYYY-MM-DD" (a type handler) rather
// than {"year":..,"month":..,"day":..}, and every Data field (a hash, a commitment) as
// lowercase hex like the hashes the schema carries as Text, rather than JsonCodec's array of
// byte values. Everything else is JsonCodec's own mapping: camelCase names, enums by schema
// name, 64-bit integers as decimal strings (numbers are accepted too).
// Thread safety: Encode and Decode are const and may run on any thread at once.
#pragma once

#include <capnp/compat/json.h>
#include <capnp/dynamic.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "api/wire/errors.h"
#include "ledger/base/status.h"
#include "ledger/schema/events.capnp.h"

namespace ledger::api {

class DateJsonHandler final : public capnp::JsonCodec::Handler<schema::Date> {
 public:
  void encode(const capnp::JsonCodec& codec, schema::Date::Reader input,
              capnp::JsonValue::Builder output) const override;
  void decode(const capnp::JsonCodec& codec, capnp::JsonValue::Reader input,
              schema::Date::Builder output) const override;
};

// Data as a string of lowercase hex digits; decoding takes either case, an even count.
class HexDataHandler final : public capnp::JsonCodec::Handler<capnp::Data> {
 public:
  void encode(const capnp::JsonCodec& codec, capnp::Data::Reader input,
              capnp::JsonValue::Builder output) const override;
  capnp::Orphan<capnp::Data> decode(const capnp::JsonCodec& codec, capnp::JsonValue::Reader input,
                                    capnp::Orphanage orphanage) const override;
};

class WireJson {
 public:
  WireJson();
  WireJson(const WireJson&) = delete;
  WireJson& operator=(const WireJson&) = delete;

  // Compact JSON text of any struct of the schema.
  std::string Encode(capnp::DynamicStruct::Reader value) const;
  template <typename Reader>
  std::string EncodeStruct(Reader value) const {
    return Encode(capnp::DynamicStruct::Reader(value));
  }
  // Decodes `text` into `out`; otherwise a badRequest naming each input at fault (an unknown
  // member, a wrong type, a bad date or enum name) by its path, its value and the reason, in
  // plain words (json_issues.h), never the codec's own text. `out` may be partly filled on
  // error: discard it.
  std::optional<ApiError> Decode(std::string_view text, capnp::DynamicStruct::Builder out) const;

 private:
  DateJsonHandler date_handler_;
  HexDataHandler hex_handler_;
  capnp::JsonCodec codec_;
};

}  // namespace ledger::api
