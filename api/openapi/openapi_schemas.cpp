#include "api/openapi/openapi_schemas.h"

#include <string_view>
#include <utility>

#include "ledger/schema/events.capnp.h"

namespace ledger::api {
namespace {

using capnp::schema::Type;

constexpr std::string_view kSchemaRefPrefix = "#/components/schemas/";

JsonNode Typed(const char* type, const char* format = nullptr) {
  JsonNode node = JsonNode::Object();
  node.Set("type", JsonNode::String(type));
  if (format != nullptr) node.Set("format", JsonNode::String(format));
  return node;
}

JsonNode Integer(const char* format, double minimum, double maximum) {
  JsonNode node = Typed("integer", format);
  node.Set("minimum", JsonNode::Number(minimum));
  node.Set("maximum", JsonNode::Number(maximum));
  return node;
}

// Int64 and UInt64 in a body: JsonCodec writes them as decimal strings (a JSON number does not
// keep 64 bits in every client).
JsonNode DecimalString(const char* format, const char* pattern) {
  JsonNode node = Typed("string", format);
  node.Set("pattern", JsonNode::String(pattern));
  return node;
}

JsonNode Described(JsonNode node, std::string description) {
  node.Set("description", JsonNode::String(std::move(description)));
  return node;
}

bool IsDate(capnp::Schema schema) {
  return schema.getProto().getId() == capnp::typeId<schema::Date>();
}

std::string JoinNames(capnp::StructSchema::FieldSubset fields) {
  std::string out;
  for (capnp::StructSchema::Field field : fields) {
    out += (out.empty() ? "" : ", ") + std::string(field.getProto().getName().cStr());
  }
  return out;
}

JsonNode EnumSchema(capnp::EnumSchema schema) {
  JsonNode names = JsonNode::Array();
  for (capnp::EnumSchema::Enumerant enumerant : schema.getEnumerants()) {
    names.Push(JsonNode::String(enumerant.getProto().getName().cStr()));
  }
  JsonNode node = Typed("string");
  node.Set("enum", std::move(names));
  std::string name = schema.getShortDisplayName().cStr();
  return Described(std::move(node), "The Cap'n Proto enum " + name + ".");
}

// A component name: letters, digits, '.', '-' and '_' only (OpenAPI 3.0.3).
std::string ComponentName(std::string_view display_name) {
  std::string out(display_name);
  for (char& c : out) {
    bool allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                   c == '.' || c == '-' || c == '_';
    if (!allowed) c = '.';
  }
  return out;
}

}  // namespace

JsonNode SchemaComponents::BodySchema(capnp::Type type) {
  switch (type.which()) {
    case Type::VOID: {
      JsonNode node = JsonNode::Object();
      node.Set("nullable", JsonNode::Bool(true));
      node.Set("enum", JsonNode::Array().Push(JsonNode()));
      return node;
    }
    case Type::BOOL: return Typed("boolean");
    case Type::INT8: return Integer("int32", -128, 127);
    case Type::INT16: return Integer("int32", -32768, 32767);
    case Type::INT32: return Integer("int32", -2147483648.0, 2147483647.0);
    case Type::INT64: return DecimalString("int64", "^-?[0-9]+$");
    case Type::UINT8: return Integer("int32", 0, 255);
    case Type::UINT16: return Integer("int32", 0, 65535);
    case Type::UINT32: return Integer("int64", 0, 4294967295.0);
    case Type::UINT64: return DecimalString("uint64", "^[0-9]+$");
    case Type::FLOAT32: return Typed("number", "float");
    case Type::FLOAT64: return Typed("number", "double");
    case Type::TEXT: return Typed("string");
    case Type::DATA: {
      JsonNode node = Typed("string");
      node.Set("pattern", JsonNode::String("^([0-9a-f]{2})*$"));
      return Described(std::move(node), "Bytes as lowercase hex digits (api/wire/json.h).");
    }
    case Type::LIST: {
      JsonNode node = Typed("array");
      node.Set("items", BodySchema(type.asList().getElementType()));
      return node;
    }
    case Type::ENUM: return Ref(capnp::Schema(type.asEnum()));
    case Type::STRUCT: return Ref(capnp::Schema(type.asStruct()));
    case Type::INTERFACE:
    case Type::ANY_POINTER: break;
  }
  return Described(JsonNode::Object(), "a capability or pointer: not carried in JSON");
}

JsonNode SchemaComponents::ParameterSchema(capnp::Type type) {
  switch (type.which()) {
    case Type::INT64: return Typed("integer", "int64");
    case Type::UINT64: {
      JsonNode node = Typed("integer", "uint64");
      node.Set("minimum", JsonNode::Number(0));
      return node;
    }
    default: return BodySchema(type);
  }
}

JsonNode SchemaComponents::Ref(capnp::StructSchema schema) { return Ref(capnp::Schema(schema)); }

JsonNode SchemaComponents::Ref(capnp::Schema schema) {
  std::uint64_t id = schema.getProto().getId();
  auto known = names_.find(id);
  if (known != names_.end()) return JsonNode::Ref(std::string(kSchemaRefPrefix) + known->second);
  std::string name = NameOf(schema);
  names_.emplace(id, name);
  schemas_[name] = JsonNode::Object();  // Taken before recursing: a struct may reach itself.
  JsonNode body;
  if (IsDate(schema)) {
    body = Described(Typed("string", "date"),
                     "A calendar day, \"YYYY-MM-DD\" (the Cap'n Proto struct Date).");
  } else if (schema.getProto().isEnum()) {
    body = EnumSchema(schema.asEnum());
  } else {
    body = StructSchema(schema.asStruct());
  }
  schemas_[name] = std::move(body);
  return JsonNode::Ref(std::string(kSchemaRefPrefix) + name);
}

std::string SchemaComponents::NameOf(capnp::Schema schema) {
  std::string name = ComponentName(schema.getShortDisplayName().cStr());
  if (schemas_.contains(name)) name = ComponentName(schema.getProto().getDisplayName().cStr());
  return name;
}

JsonNode SchemaComponents::StructSchema(capnp::StructSchema schema) {
  JsonNode properties = JsonNode::Object();
  for (capnp::StructSchema::Field field : schema.getFields()) {
    std::string name = field.getProto().getName().cStr();
    if (field.getProto().isGroup()) {
      properties.Set(name, StructSchema(field.getType().asStruct()));  // Inline: no own name.
    } else {
      properties.Set(name, BodySchema(field.getType()));
    }
  }
  JsonNode node = Typed("object");
  node.Set("properties", std::move(properties));
  node.Set("additionalProperties", JsonNode::Bool(false));
  JsonNode required = JsonNode::Array();
  if (!input_only_.contains(schema.getProto().getId())) {
    for (capnp::StructSchema::Field field : schema.getNonUnionFields()) {
      if (field.getProto().isGroup()) continue;
      switch (field.getType().which()) {
        case Type::TEXT:
        case Type::DATA:
        case Type::LIST:
        case Type::STRUCT:
        case Type::INTERFACE:
        case Type::ANY_POINTER:
        case Type::VOID: continue;
        default: required.Push(JsonNode::String(field.getProto().getName().cStr()));
      }
    }
  }
  if (!required.items().empty()) node.Set("required", std::move(required));
  if (schema.getUnionFields().size() > 0) {
    JsonNode one_of = JsonNode::Array();
    for (capnp::StructSchema::Field member : schema.getUnionFields()) {
      JsonNode alternative = JsonNode::Object();
      alternative.Set("required",
                      JsonNode::Array().Push(JsonNode::String(member.getProto().getName().cStr())));
      one_of.Push(std::move(alternative));
    }
    node.Set("oneOf", std::move(one_of));
  }
  std::string description =
      "The Cap'n Proto struct " + std::string(schema.getShortDisplayName().cStr()) + ".";
  if (schema.getUnionFields().size() > 0) {
    description +=
        " A union: at most one of " + JoinNames(schema.getUnionFields()) + " is present.";
  }
  return Described(std::move(node), std::move(description));
}

JsonNode SchemaComponents::Schemas() const {
  JsonNode out = JsonNode::Object();
  for (const auto& [name, schema] : schemas_) out.Set(name, schema);
  return out;
}

std::string ComponentOfRef(const std::string& ref) {
  if (!ref.starts_with(kSchemaRefPrefix)) return "";
  return ref.substr(kSchemaRefPrefix.size());
}

}  // namespace ledger::api
