#include "api/wire/json.h"

#include <kj/exception.h>

#include "api/wire/json_issues.h"
#include "ledger/domain/civil_date.h"
#include "ledger/format/hash.h"

namespace ledger::api {

void DateJsonHandler::encode(const capnp::JsonCodec&, schema::Date::Reader input,
                             capnp::JsonValue::Builder output) const {
  char text[16];
  std::snprintf(text, sizeof(text), "%04d-%02u-%02u", static_cast<int>(input.getYear()),
                static_cast<unsigned>(input.getMonth()), static_cast<unsigned>(input.getDay()));
  output.setString(text);
}

void DateJsonHandler::decode(const capnp::JsonCodec&, capnp::JsonValue::Reader input,
                             schema::Date::Builder output) const {
  KJ_REQUIRE(input.isString(), "a date is a \"YYYY-MM-DD\" string");
  capnp::Text::Reader text = input.getString();
  Result<domain::Day> day = domain::ParseDay(std::string_view(text.cStr(), text.size()));
  KJ_REQUIRE(day.ok(), day.status().message());
  domain::SetSchemaDate(output, *day);
}

void HexDataHandler::encode(const capnp::JsonCodec&, capnp::Data::Reader input,
                            capnp::JsonValue::Builder output) const {
  output.setString(BytesToHex(std::span<const std::uint8_t>(input.begin(), input.size())));
}

capnp::Orphan<capnp::Data> HexDataHandler::decode(const capnp::JsonCodec&,
                                                  capnp::JsonValue::Reader input,
                                                  capnp::Orphanage orphanage) const {
  KJ_REQUIRE(input.isString(), "bytes are a string of hex digits");
  capnp::Text::Reader text = input.getString();
  KJ_REQUIRE(text.size() % 2 == 0, "bytes are an even number of hex digits");
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  capnp::Orphan<capnp::Data> out = orphanage.newOrphan<capnp::Data>(text.size() / 2);
  capnp::Data::Builder bytes = out.get();
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    int high = nibble(text[2 * i]);
    int low = nibble(text[2 * i + 1]);
    KJ_REQUIRE(high >= 0 && low >= 0, "bytes are hex digits 0-9 and a-f");
    bytes[i] = static_cast<capnp::byte>(high * 16 + low);
  }
  return out;
}

WireJson::WireJson() {
  codec_.setRejectUnknownFields(true);
  codec_.setMaxNestingDepth(32);
  codec_.addTypeHandler(date_handler_);
  codec_.addTypeHandler(hex_handler_);
}

std::string WireJson::Encode(capnp::DynamicStruct::Reader value) const {
  kj::String text = codec_.encode(value);
  return std::string(text.cStr(), text.size());
}

std::optional<ApiError> WireJson::Decode(std::string_view text,
                                         capnp::DynamicStruct::Builder out) const {
  bool decoded = kj::runCatchingExceptions([&] {
                   codec_.decode(kj::ArrayPtr<const char>(text.data(), text.size()), out);
                 }) == nullptr;
  if (decoded) return std::nullopt;
  std::vector<InputIssue> issues = ExplainJson(text, out.getSchema());
  if (!issues.empty()) return InputError(std::move(issues));
  return MakeError(wire::ErrorCode::BAD_REQUEST,
                   "the JSON body does not fit " +
                       std::string(out.getSchema().getShortDisplayName().cStr()) +
                       " (a member nests too deep, or a value is out of its range)");
}

}  // namespace ledger::api
