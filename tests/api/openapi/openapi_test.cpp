// docs/openapi.json against the code: the generated document is parsed back with
// capnp::JsonCodec and checked against Routes() (every route, its verb, its parameters, its
// security), its $refs resolved, and the committed file compared byte for byte so it cannot go
// stale.
#include <capnp/compat/json.h>
#include <capnp/message.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "api/http/request_fields.h"
#include "api/http/route_table.h"
#include "api/openapi/openapi.h"

#ifndef LEDGER_SOURCE_DIR
#error "LEDGER_SOURCE_DIR (the repository's root) must be defined by the build"
#endif

namespace ledger::api {
namespace {

using capnp::JsonValue;

// The generated document, parsed; kept alive for the whole test binary.
JsonValue::Reader Document() {
  static capnp::MallocMessageBuilder message;
  static bool parsed = false;
  if (!parsed) {
    std::string text = OpenApiJson();
    capnp::JsonCodec codec;
    codec.decodeRaw(kj::ArrayPtr<const char>(text.data(), text.size()),
                    message.initRoot<JsonValue>());
    parsed = true;
  }
  return message.getRoot<JsonValue>().asReader();
}

// The member `name` of an object; a null value when absent or not an object.
JsonValue::Reader Member(JsonValue::Reader object, const char* name) {
  if (object.isObject()) {
    for (JsonValue::Field::Reader field : object.getObject()) {
      if (field.getName() == name) return field.getValue();
    }
  }
  static capnp::MallocMessageBuilder null_message;
  return null_message.initRoot<JsonValue>().asReader();
}

std::string Lower(kj::HttpMethod verb) {
  std::string text = kj::str(verb).cStr();
  std::transform(text.begin(), text.end(), text.begin(), [](char c) { return std::tolower(c); });
  return text;
}

// Every "$ref" value in `value`, recursively.
void CollectRefs(JsonValue::Reader value, std::vector<std::string>& refs) {
  if (value.isArray()) {
    for (JsonValue::Reader item : value.getArray()) CollectRefs(item, refs);
  } else if (value.isObject()) {
    for (JsonValue::Field::Reader field : value.getObject()) {
      if (field.getName() == "$ref" && field.getValue().isString()) {
        refs.emplace_back(field.getValue().getString().cStr());
      }
      CollectRefs(field.getValue(), refs);
    }
  }
}

std::vector<std::string> ParameterNames(JsonValue::Reader operation, const char* in) {
  std::vector<std::string> names;
  JsonValue::Reader parameters = Member(operation, "parameters");
  if (!parameters.isArray()) return names;
  for (JsonValue::Reader parameter : parameters.getArray()) {
    if (Member(parameter, "in").getString() == in) {
      names.emplace_back(Member(parameter, "name").getString().cStr());
    }
  }
  return names;
}

TEST_CASE("the generated OpenAPI document parses as JSON and states its version", "[api]") {
  JsonValue::Reader document = Document();
  REQUIRE(document.isObject());
  CHECK(Member(document, "openapi").getString() == "3.0.3");
  CHECK(Member(Member(document, "info"), "title").getString() == "trajectory ledger");
  REQUIRE(Member(document, "servers").isArray());
  CHECK(Member(Member(document, "servers").getArray()[0], "url").getString() ==
        "http://127.0.0.1:8080");
}

TEST_CASE("every route of the table appears in the document with its verb", "[api]") {
  JsonValue::Reader paths = Member(Document(), "paths");
  REQUIRE(paths.isObject());
  std::set<std::string> operation_ids;
  for (const Route& route : Routes()) {
    std::string path(route.path);
    INFO(kj::str(route.verb).cStr() << " " << path);
    JsonValue::Reader operation = Member(Member(paths, path.c_str()), Lower(route.verb).c_str());
    REQUIRE(operation.isObject());
    CHECK(operation_ids.insert(Member(operation, "operationId").getString().cStr()).second);
    CHECK(Member(operation, "summary").getString().size() > 0);
    CHECK(Member(operation, "responses").isObject());
  }
  std::size_t operations = 0;
  for (JsonValue::Field::Reader item : paths.getObject()) {
    operations += item.getValue().getObject().size();
  }
  CHECK(operations == Routes().size());
}

TEST_CASE("each operation takes the path and query parameters the adapter fills", "[api]") {
  JsonValue::Reader paths = Member(Document(), "paths");
  for (const Route& route : Routes()) {
    std::string path(route.path);
    INFO(kj::str(route.verb).cStr() << " " << path);
    JsonValue::Reader operation = Member(Member(paths, path.c_str()), Lower(route.verb).c_str());
    CHECK(ParameterNames(operation, "path") == PathParameterNames(route.path));
    std::vector<std::string> query;
    if (route.method) {
      for (capnp::StructSchema::Field field : QueryFields(route)) {
        query.emplace_back(field.getProto().getName().cStr());
      }
    }
    if (route.kind == RouteKind::kLogStream) query.emplace_back("format");
    CHECK(ParameterNames(operation, "query") == query);
    CHECK(Member(operation, "requestBody").isObject() == route.body);
  }
}

TEST_CASE("only the probes and the OpenAPI document are open: every other route takes a token",
          "[api]") {
  JsonValue::Reader paths = Member(Document(), "paths");
  for (const Route& route : Routes()) {
    std::string path(route.path);
    INFO(path);
    JsonValue::Reader operation = Member(Member(paths, path.c_str()), Lower(route.verb).c_str());
    JsonValue::Reader security = Member(operation, "security");
    REQUIRE(security.isArray());
    if (route.authenticated()) {
      REQUIRE(security.getArray().size() == 1);
      CHECK(Member(security.getArray()[0], "bearerToken").isArray());
      CHECK(Member(Member(operation, "responses"), "401").isObject());
    } else {
      CHECK(security.getArray().size() == 0);
      CHECK(path.find("/v1/") == std::string::npos);
    }
  }
}

TEST_CASE("every $ref of the document resolves to a components.schemas entry", "[api]") {
  JsonValue::Reader schemas = Member(Member(Document(), "components"), "schemas");
  REQUIRE(schemas.isObject());
  std::vector<std::string> refs;
  CollectRefs(Document(), refs);
  REQUIRE(refs.size() > Routes().size());
  const std::string prefix = "#/components/schemas/";
  for (const std::string& ref : refs) {
    INFO(ref);
    REQUIRE(ref.starts_with(prefix));
    CHECK(Member(schemas, ref.substr(prefix.size()).c_str()).isObject());
  }
  // Spot checks of the JSON conventions: Date, 64-bit integers, enums, closed objects.
  CHECK(Member(Member(schemas, "Date"), "format").getString() == "date");
  JsonValue::Reader reply = Member(schemas, "CommandReply");
  CHECK(Member(reply, "additionalProperties").getBoolean() == false);
  JsonValue::Reader position = Member(Member(reply, "properties"), "firstPosition");
  CHECK(Member(position, "type").getString() == "string");
  CHECK(Member(Member(schemas, "ErrorCode"), "enum").getArray()[0].getString() == "badRequest");
}

TEST_CASE("the committed docs/openapi.json is the generated document", "[api]") {
  const std::string path = std::string(LEDGER_SOURCE_DIR) + "/docs/openapi.json";
  std::ifstream file(path, std::ios::binary);
  REQUIRE(file.good());
  std::stringstream committed;
  committed << file.rdbuf();
  bool same = committed.str() == OpenApiJson();
  INFO(path << " is stale: run `./build/tools/print_openapi > docs/openapi.json` and commit it");
  CHECK(same);
}

}  // namespace
TEST_CASE(
    "what the codec always writes is required, a union is oneOf its members, and query "
    "bounds are the service's",
    "[api]") {
  JsonValue::Reader schemas = Member(Member(Document(), "components"), "schemas");
  auto names = [](JsonValue::Reader array) {
    std::vector<std::string> out;
    if (array.isArray()) {
      for (JsonValue::Reader item : array.getArray()) out.emplace_back(item.getString().cStr());
    }
    return out;
  };
  // Replies: every primitive and enum field is written, so it is required.
  CHECK(names(Member(Member(schemas, "Entry"), "required")) ==
        std::vector<std::string>{"position", "streamVersion", "recordedAtUs", "occurredAtUs"});
  CHECK(names(Member(Member(schemas, "Problem"), "required")) ==
        std::vector<std::string>{"status", "code"});
  // What only clients send stays optional: a missing field reads as its default.
  CHECK(Member(Member(schemas, "EventInput"), "required").isNull());
  CHECK(Member(Member(schemas, "CommandRequest"), "required").isNull());
  // Event is a union: exactly one member, one alternative per member of the schema.
  JsonValue::Reader one_of = Member(Member(schemas, "Event"), "oneOf");
  REQUIRE(one_of.isArray());
  auto members = capnp::Schema::from<schema::Event>().getUnionFields();
  REQUIRE(one_of.getArray().size() == members.size());
  for (unsigned i = 0; i < members.size(); ++i) {
    CHECK(names(Member(one_of.getArray()[i], "required")) ==
          std::vector<std::string>{members[i].getProto().getName().cStr()});
  }
  // limit and waitMs carry the bounds read_options.h enforces, not their type's.
  JsonValue::Reader parameters =
      Member(Member(Member(Member(Document(), "paths"), "/v1/trajectories"), "get"), "parameters");
  REQUIRE(parameters.isArray());
  std::map<std::string, double> maxima;
  for (JsonValue::Reader parameter : parameters.getArray()) {
    JsonValue::Reader maximum = Member(Member(parameter, "schema"), "maximum");
    if (maximum.isNumber())
      maxima[Member(parameter, "name").getString().cStr()] = maximum.getNumber();
  }
  CHECK(maxima["limit"] == 1000);
  CHECK(maxima["waitMs"] == 30000);
}

}  // namespace ledger::api
