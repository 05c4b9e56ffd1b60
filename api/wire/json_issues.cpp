#include "api/wire/json_issues.h"

#include <capnp/compat/json.capnp.h>
#include <capnp/compat/json.h>
#include <capnp/message.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>

#include "ledger/schema/events.capnp.h"

namespace ledger::api {
namespace {

using capnp::JsonValue;
using capnp::schema::Type;

// The range of an integer type, as doubles (exact for the bounds that matter here) and as
// the decimal text a detail names.
struct IntRange {
  double min;
  double max;
  std::string min_text;
  std::string max_text;
};

template <typename Int>
IntRange RangeOf() {
  return {static_cast<double>(std::numeric_limits<Int>::min()),
          static_cast<double>(std::numeric_limits<Int>::max()),
          std::to_string(std::numeric_limits<Int>::min()),
          std::to_string(std::numeric_limits<Int>::max())};
}

IntRange RangeOf(Type::Which which) {
  switch (which) {
    case Type::INT8: return RangeOf<std::int8_t>();
    case Type::INT16: return RangeOf<std::int16_t>();
    case Type::INT32: return RangeOf<std::int32_t>();
    case Type::INT64: return RangeOf<std::int64_t>();
    case Type::UINT8: return RangeOf<std::uint8_t>();
    case Type::UINT16: return RangeOf<std::uint16_t>();
    case Type::UINT32: return RangeOf<std::uint32_t>();
    default: return RangeOf<std::uint64_t>();
  }
}

bool IsInteger(Type::Which which) {
  switch (which) {
    case Type::INT8:
    case Type::INT16:
    case Type::INT32:
    case Type::INT64:
    case Type::UINT8:
    case Type::UINT16:
    case Type::UINT32:
    case Type::UINT64: return true;
    default: return false;
  }
}

// A decimal integer string within the range of `which`.
bool DecimalFits(std::string_view text, Type::Which which) {
  bool is_signed =
      which == Type::INT8 || which == Type::INT16 || which == Type::INT32 || which == Type::INT64;
  if (is_signed) {
    std::int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) return false;
    IntRange range = RangeOf(which);
    return static_cast<double>(value) >= range.min && static_cast<double>(value) <= range.max;
  }
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return false;
  return static_cast<double>(value) <= RangeOf(which).max;
}

bool IsDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

class Explainer {
 public:
  explicit Explainer(const capnp::JsonCodec& codec) : codec_(codec) {}

  void Struct(JsonValue::Reader value, capnp::StructSchema schema, const std::string& path) {
    if (value.isNull()) return;
    if (!value.isObject()) {
      return Violation(path, value, "must be an object (" + NameOf(schema) + ")");
    }
    std::string member_set;  // The union member already given, if any.
    for (JsonValue::Field::Reader member : value.getObject()) {
      std::string name = member.getName().cStr();
      std::string at = path.empty() ? name : path + "." + name;
      KJ_IF_MAYBE (field, schema.findFieldByName(member.getName())) {
        if (field->getProto().getDiscriminantValue() != capnp::schema::Field::NO_DISCRIMINANT) {
          if (!member_set.empty() && member_set != name && !member.getValue().isNull()) {
            Add(InputIssue::Kind::kSchemaViolation, at, member.getValue(),
                at + " is given beside " + member_set + ", but " + NameOf(schema) +
                    " holds only one of them");
          }
          if (!member.getValue().isNull()) member_set = name;
        }
        Value(member.getValue(), field->getType(), at);
      } else {
        Add(InputIssue::Kind::kUnknownInput, at, member.getValue(),
            at + " (given as " + Quoted(member.getValue()) + ") is not a field of " +
                NameOf(schema));
      }
    }
  }

  std::vector<InputIssue> Take() { return std::move(issues_); }

 private:
  void Value(JsonValue::Reader value, capnp::Type type, const std::string& path) {
    if (value.isNull() || issues_.size() >= kJsonIssuesMax) return;
    Type::Which which = type.which();
    if (IsInteger(which)) return Integer(value, which, path);
    switch (which) {
      case Type::BOOL:
        if (!value.isBoolean()) Violation(path, value, "must be true or false");
        return;
      case Type::FLOAT32:
      case Type::FLOAT64:
        if (!value.isNumber()) Violation(path, value, "must be a number");
        return;
      case Type::TEXT:
        if (!value.isString()) Violation(path, value, "must be a string");
        return;
      case Type::DATA: return Data(value, path);
      case Type::ENUM: return Enum(value, type.asEnum(), path);
      case Type::LIST: {
        if (!value.isArray()) return Violation(path, value, "must be a list");
        capnp::Type element = type.asList().getElementType();
        unsigned i = 0;
        for (JsonValue::Reader item : value.getArray()) {
          Value(item, element, path + "[" + std::to_string(i++) + "]");
        }
        return;
      }
      case Type::STRUCT: {
        capnp::StructSchema schema = type.asStruct();
        if (schema == capnp::Schema::from<schema::Date>()) {
          if (!value.isString() || !IsDate(value.getString().cStr())) {
            Violation(path, value, "must be a date written YYYY-MM-DD");
          }
          return;
        }
        return Struct(value, schema, path);
      }
      default: return;  // Void, interfaces, AnyPointer: nothing the wire schema sends.
    }
  }

  void Integer(JsonValue::Reader value, Type::Which which, const std::string& path) {
    IntRange range = RangeOf(which);
    bool fits = false;
    if (value.isNumber()) {
      double number = value.getNumber();
      fits = std::floor(number) == number && number >= range.min && number <= range.max;
    } else if (value.isString()) {
      fits = DecimalFits(value.getString().cStr(), which);
    }
    if (!fits) {
      Violation(path, value,
                "must be a whole number from " + range.min_text + " to " + range.max_text);
    }
  }

  // Bytes are hex text (json.h's HexDataHandler).
  void Data(JsonValue::Reader value, const std::string& path) {
    bool hex = value.isString() && value.getString().size() % 2 == 0;
    if (hex) {
      for (char c : value.getString()) hex = hex && std::isxdigit(static_cast<unsigned char>(c));
    }
    if (!hex) Violation(path, value, "must be bytes as an even number of hex digits");
  }

  void Enum(JsonValue::Reader value, capnp::EnumSchema schema, const std::string& path) {
    if (value.isString()) {
      KJ_IF_MAYBE (enumerant, schema.findEnumerantByName(value.getString())) {
        return;
      }
    } else if (value.isNumber()) {
      double n = value.getNumber();
      if (std::floor(n) == n && n >= 0 && n < schema.getEnumerants().size()) return;
    }
    std::string names;
    for (capnp::EnumSchema::Enumerant enumerant : schema.getEnumerants()) {
      names += (names.empty() ? "" : ", ") + std::string(enumerant.getProto().getName().cStr());
    }
    Violation(path, value, "must be one of " + names);
  }

  void Violation(const std::string& path, JsonValue::Reader value, const std::string& wants) {
    Add(InputIssue::Kind::kSchemaViolation, path, value,
        (path.empty() ? std::string("the body") : path) + " " + wants + "; it is " + Quoted(value));
  }

  // A string in quotes, anything else as its JSON text.
  std::string Quoted(JsonValue::Reader value) const {
    return value.isString() ? "\"" + Shown(value) + "\"" : Shown(value);
  }

  void Add(InputIssue::Kind kind, const std::string& path, JsonValue::Reader value,
           std::string detail) {
    if (issues_.size() >= kJsonIssuesMax) return;
    issues_.push_back(
        InputIssue{kind, wire::InputLocation::BODY, path, Shown(value), std::move(detail)});
  }

  // A string as it is, anything else as compact JSON; cut to kIssueValueBytesMax.
  std::string Shown(JsonValue::Reader value) const {
    std::string text;
    if (value.isString()) {
      text = value.getString().cStr();
    } else {
      kj::String json = codec_.encodeRaw(value);
      text.assign(json.cStr(), json.size());
    }
    if (text.size() > kIssueValueBytesMax) text = text.substr(0, kIssueValueBytesMax - 3) + "...";
    return text;
  }

  static std::string NameOf(capnp::StructSchema schema) {
    return schema.getShortDisplayName().cStr();
  }

  const capnp::JsonCodec& codec_;
  std::vector<InputIssue> issues_;
};

}  // namespace

std::vector<InputIssue> ExplainJson(std::string_view text, capnp::StructSchema schema) {
  capnp::JsonCodec codec;
  codec.setMaxNestingDepth(32);
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<JsonValue>();
  bool parsed = kj::runCatchingExceptions([&] {
                  codec.decodeRaw(kj::ArrayPtr<const char>(text.data(), text.size()), root);
                }) == nullptr;
  if (!parsed) {
    return {InputIssue{InputIssue::Kind::kSchemaViolation, wire::InputLocation::BODY, "", "",
                       "the body is not well-formed JSON (or nests deeper than 32 levels)"}};
  }
  Explainer explainer(codec);
  explainer.Struct(root.asReader(), schema, "");
  return explainer.Take();
}

}  // namespace ledger::api
