// A JSON document under construction, for the OpenAPI generator (openapi.h): a plain value tree
// that grows field by field, then is copied once into a capnp::JsonValue and written by
// capnp::JsonCodec, so the escaping and number formatting are the codec's, not ours.
//
// Objects keep their fields in insertion order (the document reads in route order); setting a
// name again replaces its value in place.
// Thread safety: a plain value; no sharing.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace ledger::api {

class JsonNode {
 public:
  enum class Kind { kNull, kBool, kNumber, kString, kArray, kObject };

  JsonNode() = default;  // null
  static JsonNode Bool(bool value);
  static JsonNode Number(double value);
  static JsonNode String(std::string value);
  static JsonNode Array();
  static JsonNode Object();
  // {"$ref": ref}.
  static JsonNode Ref(std::string ref);
  // The tree of a JSON text (capnp's parser), such as what WireJson encoded; the text is ours,
  // so a parse failure is a bug (checked).
  static JsonNode Parse(std::string_view text);

  Kind kind() const { return kind_; }
  bool boolean() const { return boolean_; }
  double number() const { return number_; }
  const std::string& text() const { return text_; }  // A string's value.
  const std::vector<JsonNode>& items() const { return items_; }
  const std::vector<std::pair<std::string, JsonNode>>& fields() const { return fields_; }
  // The value of field `name` of an object, or null when there is none.
  const JsonNode* Find(const std::string& name) const;

  // Objects only: sets field `name` and returns the stored value, valid until the next Set.
  JsonNode& Set(const std::string& name, JsonNode value);
  // Arrays only: appends and returns *this.
  JsonNode& Push(JsonNode value);

  // The document as indented JSON text, ending in a newline.
  std::string Encode() const;

 private:
  Kind kind_ = Kind::kNull;
  bool boolean_ = false;
  double number_ = 0;
  std::string text_;
  std::vector<JsonNode> items_;
  std::vector<std::pair<std::string, JsonNode>> fields_;
};

}  // namespace ledger::api
