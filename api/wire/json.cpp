#include "api/wire/json.h"

#include <kj/exception.h>

#include "api/wire/json_issues.h"
#include "ledger/domain/civil_date.h"

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

WireJson::WireJson() {
  codec_.setRejectUnknownFields(true);
  codec_.setMaxNestingDepth(32);
  codec_.addTypeHandler(date_handler_);
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
