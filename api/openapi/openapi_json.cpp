#include "api/openapi/openapi_json.h"

#include <capnp/compat/json.h>
#include <capnp/message.h>

#include "ledger/base/check.h"

namespace ledger::api {
namespace {

void Fill(const JsonNode& node, capnp::JsonValue::Builder out) {
  switch (node.kind()) {
    case JsonNode::Kind::kNull: out.setNull(); return;
    case JsonNode::Kind::kBool: out.setBoolean(node.boolean()); return;
    case JsonNode::Kind::kNumber: out.setNumber(node.number()); return;
    case JsonNode::Kind::kString: out.setString(node.text()); return;
    case JsonNode::Kind::kArray: {
      auto items = out.initArray(static_cast<unsigned>(node.items().size()));
      for (unsigned i = 0; i < items.size(); ++i) Fill(node.items()[i], items[i]);
      return;
    }
    case JsonNode::Kind::kObject: {
      auto fields = out.initObject(static_cast<unsigned>(node.fields().size()));
      for (unsigned i = 0; i < fields.size(); ++i) {
        fields[i].setName(node.fields()[i].first);
        Fill(node.fields()[i].second, fields[i].initValue());
      }
      return;
    }
  }
}

JsonNode FromValue(capnp::JsonValue::Reader value) {
  switch (value.which()) {
    case capnp::JsonValue::NULL_: return JsonNode();
    case capnp::JsonValue::BOOLEAN: return JsonNode::Bool(value.getBoolean());
    case capnp::JsonValue::NUMBER: return JsonNode::Number(value.getNumber());
    case capnp::JsonValue::STRING: return JsonNode::String(value.getString().cStr());
    case capnp::JsonValue::ARRAY: {
      JsonNode array = JsonNode::Array();
      for (capnp::JsonValue::Reader item : value.getArray()) array.Push(FromValue(item));
      return array;
    }
    case capnp::JsonValue::OBJECT: {
      JsonNode object = JsonNode::Object();
      for (capnp::JsonValue::Field::Reader field : value.getObject()) {
        object.Set(field.getName().cStr(), FromValue(field.getValue()));
      }
      return object;
    }
    default: break;  // CALL and RAW: not in JSON text.
  }
  LEDGER_CHECK(false, "a JSON value of a kind JSON text does not have");
  return JsonNode();
}

}  // namespace

JsonNode JsonNode::Parse(std::string_view text) {
  capnp::MallocMessageBuilder message;
  auto value = message.initRoot<capnp::JsonValue>();
  capnp::JsonCodec codec;
  bool parsed = kj::runCatchingExceptions([&] {
                  codec.decodeRaw(kj::ArrayPtr<const char>(text.data(), text.size()), value);
                }) == nullptr;
  LEDGER_CHECK(parsed, "the OpenAPI generator parsed JSON that is not JSON");
  return FromValue(value.asReader());
}

JsonNode JsonNode::Bool(bool value) {
  JsonNode node;
  node.kind_ = Kind::kBool;
  node.boolean_ = value;
  return node;
}

JsonNode JsonNode::Number(double value) {
  JsonNode node;
  node.kind_ = Kind::kNumber;
  node.number_ = value;
  return node;
}

JsonNode JsonNode::String(std::string value) {
  JsonNode node;
  node.kind_ = Kind::kString;
  node.text_ = std::move(value);
  return node;
}

JsonNode JsonNode::Array() {
  JsonNode node;
  node.kind_ = Kind::kArray;
  return node;
}

JsonNode JsonNode::Object() {
  JsonNode node;
  node.kind_ = Kind::kObject;
  return node;
}

JsonNode JsonNode::Ref(std::string ref) {
  JsonNode node = Object();
  node.Set("$ref", String(std::move(ref)));
  return node;
}

const JsonNode* JsonNode::Find(const std::string& name) const {
  for (const auto& [key, value] : fields_) {
    if (key == name) return &value;
  }
  return nullptr;
}

JsonNode& JsonNode::Set(const std::string& name, JsonNode value) {
  LEDGER_CHECK(kind_ == Kind::kObject, "JsonNode::Set on a value that is not an object");
  for (auto& [key, stored] : fields_) {
    if (key == name) return stored = std::move(value);
  }
  return fields_.emplace_back(name, std::move(value)).second;
}

JsonNode& JsonNode::Push(JsonNode value) {
  LEDGER_CHECK(kind_ == Kind::kArray, "JsonNode::Push on a value that is not an array");
  items_.push_back(std::move(value));
  return *this;
}

std::string JsonNode::Encode() const {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<capnp::JsonValue>();
  Fill(*this, root);
  capnp::JsonCodec codec;
  codec.setPrettyPrint(true);
  kj::String text = codec.encodeRaw(root.asReader());
  return std::string(text.cStr(), text.size()) + "\n";
}

}  // namespace ledger::api
