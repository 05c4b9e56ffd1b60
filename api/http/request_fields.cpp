#include "api/http/request_fields.h"

#include <capnp/schema.h>

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <limits>
#include <set>
#include <utility>

#include "api/auth/principal.h"
#include "api/service/read_options.h"
#include "ledger/base/check.h"

namespace ledger::api {
namespace {

using capnp::schema::Type;

// What is wrong with one parameter's value: a schema violation naming it and the value.
using Fault = std::optional<InputIssue>;

Fault Bad(std::string_view name, std::string_view text, const std::string& wants) {
  return InputIssue{InputIssue::Kind::kSchemaViolation, wire::InputLocation::QUERY,
                    std::string(name), std::string(text),
                    std::string(name) + " must be " + wants + "; it is " + QuoteValue(text)};
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
Fault SetInteger(capnp::DynamicStruct::Builder out, capnp::StructSchema::Field field,
                 std::string_view name, std::string_view text) {
  std::optional<Int> value = ParseDecimal<Int>(text);
  std::optional<std::uint64_t> bound = ServiceMaximum(name);
  std::string range =
      "a whole number from " + std::to_string(std::numeric_limits<Int>::min()) + " to " +
      (bound ? std::to_string(*bound) : std::to_string(std::numeric_limits<Int>::max()));
  if (!value) return Bad(name, text, range);
  if (bound && std::cmp_greater(*value, *bound)) return Bad(name, text, range);
  out.set(field, *value);
  return std::nullopt;
}

Fault SetEnum(capnp::DynamicStruct::Builder out, capnp::StructSchema::Field field,
              std::string_view name, std::string_view text) {
  capnp::EnumSchema schema = field.getType().asEnum();
  std::string key(text);
  KJ_IF_MAYBE (enumerant, schema.findEnumerantByName(key.c_str())) {
    out.set(field, capnp::DynamicEnum(*enumerant));
    return std::nullopt;
  }
  std::string names;
  for (capnp::EnumSchema::Enumerant enumerant : schema.getEnumerants()) {
    names += (names.empty() ? "" : ", ") + std::string(enumerant.getProto().getName().cStr());
  }
  return Bad(name, text, "one of " + names);
}

Fault SetField(capnp::DynamicStruct::Builder out, capnp::StructSchema::Field field,
               std::string_view name, std::string_view text) {
  switch (field.getType().which()) {
    case Type::TEXT: {
      std::string value(text);
      out.set(field, capnp::Text::Reader(value.c_str(), value.size()));
      return std::nullopt;
    }
    case Type::BOOL:
      if (text == "true" || text == "false") {
        out.set(field, text == "true");
        return std::nullopt;
      }
      return Bad(name, text, "true or false");
    case Type::INT8: return SetInteger<std::int8_t>(out, field, name, text);
    case Type::INT16: return SetInteger<std::int16_t>(out, field, name, text);
    case Type::INT32: return SetInteger<std::int32_t>(out, field, name, text);
    case Type::INT64: return SetInteger<std::int64_t>(out, field, name, text);
    case Type::UINT8: return SetInteger<std::uint8_t>(out, field, name, text);
    case Type::UINT16: return SetInteger<std::uint16_t>(out, field, name, text);
    case Type::UINT32: return SetInteger<std::uint32_t>(out, field, name, text);
    case Type::UINT64: return SetInteger<std::uint64_t>(out, field, name, text);
    case Type::ENUM: return SetEnum(out, field, name, text);
    default: return Bad(name, text, "given in a JSON body, not as text");
  }
}

// Sets the field `name` of `out` from `text`; a fault for an unknown field, a type that text
// cannot set, or a value that does not parse, located at `in`.
Fault SetFieldFromText(capnp::DynamicStruct::Builder out, std::string_view name,
                       std::string_view text, wire::InputLocation in) {
  std::string key(name);
  Fault fault;
  KJ_IF_MAYBE (field, out.getSchema().findFieldByName(key.c_str())) {
    fault = SetField(out, *field, name, text);
  } else {
    fault = InputIssue{InputIssue::Kind::kUnknownInput, in, key, std::string(text),
                       key + " (given as " + QuoteValue(text) + ") is not a field of " +
                           std::string(out.getSchema().getShortDisplayName().cStr())};
  }
  if (fault) fault->in = in;
  return fault;
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

// Every query parameter at fault, or none.
std::vector<InputIssue> FillQuery(const Route& route, const QueryParams& query,
                                  capnp::DynamicStruct::Builder out) {
  std::set<std::string, std::less<>> accepted = QueryNames(route);
  std::set<std::string, std::less<>> seen;
  std::vector<InputIssue> issues;
  for (const auto& [name, value] : query) {
    if (!accepted.contains(name)) {
      issues.push_back(InputIssue{
          InputIssue::Kind::kUnknownInput, wire::InputLocation::QUERY, name, value,
          "query parameter " + QuoteValue(name) + " (given as " + QuoteValue(value) +
              ") is unknown on " + std::string(route.path) + "; it takes: " + Join(accepted)});
    } else if (!seen.insert(name).second) {
      issues.push_back(InputIssue{InputIssue::Kind::kInvalidInput, wire::InputLocation::QUERY, name,
                                  value,
                                  "query parameter " + QuoteValue(name) +
                                      " is given twice (again as " + QuoteValue(value) + ")"});
    } else if (Fault fault = SetFieldFromText(out, name, value, wire::InputLocation::QUERY)) {
      issues.push_back(std::move(*fault));
    }
  }
  return issues;
}

// Sets a path parameter, refusing a body that named another value for it.
Fault FillPathParameter(capnp::DynamicStruct::Builder out, const std::string& name,
                        const std::string& value) {
  KJ_IF_MAYBE (field, out.getSchema().findFieldByName(name.c_str())) {
    if (field->getType().which() == Type::TEXT && out.has(*field)) {
      capnp::Text::Reader given = out.get(*field).as<capnp::Text>();
      if (given.size() > 0 && std::string_view(given.cStr(), given.size()) != value) {
        return InputIssue{InputIssue::Kind::kInvalidInput, wire::InputLocation::BODY, name,
                          given.cStr(),
                          "the body sets " + name + " to " + QuoteValue(given.cStr()) +
                              " but the path names " + QuoteValue(value)};
      }
    }
  }
  return SetFieldFromText(out, name, value, wire::InputLocation::PATH);
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

std::optional<ApiError> FillRequest(const Route& route, const WireJson& json, std::string_view body,
                                    const QueryParams& query,
                                    const std::vector<std::pair<std::string, std::string>>& path,
                                    capnp::DynamicStruct::Builder out) {
  if (route.body) {
    if (std::optional<ApiError> refused = json.Decode(body, out)) return refused;
  }
  std::vector<InputIssue> issues = FillQuery(route, query, out);
  for (const auto& [name, value] : path) {
    if (Fault fault = FillPathParameter(out, name, value)) issues.push_back(std::move(*fault));
  }
  if (!issues.empty()) return InputError(std::move(issues));
  if (!route.fixed.empty()) {
    std::size_t equals = route.fixed.find('=');
    Fault fault = SetFieldFromText(out, route.fixed.substr(0, equals),
                                   route.fixed.substr(equals + 1), wire::InputLocation::QUERY);
    LEDGER_CHECK(!fault, "route " + std::string(route.path) + " fixes a field it cannot set");
  }
  return std::nullopt;
}

std::optional<std::uint64_t> ServiceMaximum(std::string_view name) {
  if (name == "limit") return kPageRowsMax;
  if (name == "waitMs") return static_cast<std::uint64_t>(projections::kWaitMax.count());
  return std::nullopt;
}

std::optional<ApiError> RefuseAnyQuery(const Route& route, const QueryParams& query) {
  if (query.empty()) return std::nullopt;
  std::vector<InputIssue> issues;
  for (const auto& [name, value] : query) {
    issues.push_back(
        InputIssue{InputIssue::Kind::kUnknownInput, wire::InputLocation::QUERY, name, value,
                   "query parameter " + QuoteValue(name) + " (given as " + QuoteValue(value) +
                       ") is unknown on " + std::string(route.path) + "; it takes none"});
  }
  return InputError(std::move(issues));
}

}  // namespace ledger::api
