#include "api/http/request_fields.h"

#include <capnp/schema.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <set>

#include "api/auth/principal.h"

namespace ledger::api {
namespace {

using capnp::schema::Type;

Status Bad(std::string_view name, std::string_view text, const std::string& why) {
  return Status::InvalidArgument("parameter '" + std::string(name) + "' = " + QuoteValue(text) +
                                 ": " + why);
}

template <typename Int>
std::optional<Int> ParseDecimal(std::string_view text) {
  Int value{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, 10);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

template <typename Int>
Status SetInteger(capnp::DynamicStruct::Builder out, capnp::StructSchema::Field field,
                  std::string_view name, std::string_view text) {
  std::optional<Int> value = ParseDecimal<Int>(text);
  if (!value) {
    return Bad(name, text,
               "not a decimal integer in [" + std::to_string(std::numeric_limits<Int>::min()) +
                   ", " + std::to_string(std::numeric_limits<Int>::max()) + "]");
  }
  out.set(field, *value);
  return Status::Ok();
}

Status SetEnum(capnp::DynamicStruct::Builder out, capnp::StructSchema::Field field,
               std::string_view name, std::string_view text) {
  capnp::EnumSchema schema = field.getType().asEnum();
  std::string key(text);
  KJ_IF_MAYBE(enumerant, schema.findEnumerantByName(key.c_str())) {
    out.set(field, capnp::DynamicEnum(*enumerant));
    return Status::Ok();
  }
  std::string names;
  for (capnp::EnumSchema::Enumerant enumerant : schema.getEnumerants()) {
    names += (names.empty() ? "" : ", ") + std::string(enumerant.getProto().getName().cStr());
  }
  return Bad(name, text, "not one of " + names);
}

Status SetField(capnp::DynamicStruct::Builder out, capnp::StructSchema::Field field,
                std::string_view name, std::string_view text) {
  switch (field.getType().which()) {
    case Type::TEXT: {
      std::string value(text);
      out.set(field, capnp::Text::Reader(value.c_str(), value.size()));
      return Status::Ok();
    }
    case Type::BOOL:
      if (text == "true" || text == "false") {
        out.set(field, text == "true");
        return Status::Ok();
      }
      return Bad(name, text, "not true or false");
    case Type::INT8: return SetInteger<std::int8_t>(out, field, name, text);
    case Type::INT16: return SetInteger<std::int16_t>(out, field, name, text);
    case Type::INT32: return SetInteger<std::int32_t>(out, field, name, text);
    case Type::INT64: return SetInteger<std::int64_t>(out, field, name, text);
    case Type::UINT8: return SetInteger<std::uint8_t>(out, field, name, text);
    case Type::UINT16: return SetInteger<std::uint16_t>(out, field, name, text);
    case Type::UINT32: return SetInteger<std::uint32_t>(out, field, name, text);
    case Type::UINT64: return SetInteger<std::uint64_t>(out, field, name, text);
    case Type::ENUM: return SetEnum(out, field, name, text);
    default:
      return Bad(name, text, "this field is set only in a JSON body");
  }
}

std::set<std::string, std::less<>> QueryNames(const Route& route) {
  std::set<std::string, std::less<>> names;
  for (capnp::StructSchema::Field field : QueryFields(route)) {
    names.insert(field.getProto().getName().cStr());
  }
  return names;
}

std::string Join(const std::set<std::string, std::less<>>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out.empty() ? "none" : out;
}

Status FillQuery(const Route& route, const QueryParams& query,
                 capnp::DynamicStruct::Builder out) {
  std::set<std::string, std::less<>> accepted = QueryNames(route);
  std::set<std::string, std::less<>> seen;
  for (const auto& [name, value] : query) {
    if (!accepted.contains(name)) {
      return Status::InvalidArgument("unknown query parameter " + QuoteValue(name) + " on " +
                                     std::string(route.path) + " (accepted: " +
                                     Join(accepted) + ")");
    }
    if (!seen.insert(name).second) {
      return Status::InvalidArgument("query parameter " + QuoteValue(name) + " given twice");
    }
    LEDGER_RETURN_IF_ERROR(SetFieldFromText(out, name, value));
  }
  return Status::Ok();
}

// Sets a path parameter, refusing a body that named another value for it.
Status FillPathParameter(capnp::DynamicStruct::Builder out, const std::string& name,
                         const std::string& value) {
  KJ_IF_MAYBE(field, out.getSchema().findFieldByName(name.c_str())) {
    if (field->getType().which() == Type::TEXT && out.has(*field)) {
      capnp::Text::Reader given = out.get(*field).as<capnp::Text>();
      if (given.size() > 0 && std::string_view(given.cStr(), given.size()) != value) {
        return Status::InvalidArgument("the body sets '" + name + "' to " +
                                       QuoteValue(given.cStr()) + " but the path names " +
                                       QuoteValue(value));
      }
    }
  }
  return SetFieldFromText(out, name, value);
}

}  // namespace

std::vector<capnp::StructSchema::Field> QueryFields(const Route& route) {
  std::vector<capnp::StructSchema::Field> fields;
  if (route.body) return fields;
  std::vector<std::string> path = PathParameterNames(route.path);
  std::string_view fixed = route.fixed.substr(0, route.fixed.find('='));
  for (capnp::StructSchema::Field field : route.method->request_schema.getFields()) {
    std::string_view name(field.getProto().getName().cStr());
    if (name == fixed || std::find(path.begin(), path.end(), name) != path.end()) continue;
    fields.push_back(field);
  }
  return fields;
}

Status SetFieldFromText(capnp::DynamicStruct::Builder out, std::string_view name,
                        std::string_view text) {
  std::string key(name);
  KJ_IF_MAYBE(field, out.getSchema().findFieldByName(key.c_str())) {
    return SetField(out, *field, name, text);
  }
  return Status::InvalidArgument(
      "unknown field " + QuoteValue(name) + " of " +
      std::string(out.getSchema().getShortDisplayName().cStr()));
}

Status FillRequest(const Route& route, const WireJson& json, std::string_view body,
                   const QueryParams& query,
                   const std::vector<std::pair<std::string, std::string>>& path,
                   capnp::DynamicStruct::Builder out) {
  if (route.body) LEDGER_RETURN_IF_ERROR(json.Decode(body, out));
  LEDGER_RETURN_IF_ERROR(FillQuery(route, query, out));
  for (const auto& [name, value] : path) {
    LEDGER_RETURN_IF_ERROR(FillPathParameter(out, name, value));
  }
  if (!route.fixed.empty()) {
    std::size_t equals = route.fixed.find('=');
    LEDGER_RETURN_IF_ERROR(SetFieldFromText(out, route.fixed.substr(0, equals),
                                            route.fixed.substr(equals + 1)));
  }
  return Status::Ok();
}

}  // namespace ledger::api
