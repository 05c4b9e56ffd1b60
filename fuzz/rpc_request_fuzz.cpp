// A request of the RPC adapter from untrusted bytes. The first line names a request struct of
// the service ("CommandRequest": one per method of the route table, the same structs api/rpc
// serves; an unknown name picks the first); the rest is a Cap'n Proto message as a client
// could send it, read with the limits the RPC listener sets and walked in full (every field,
// as the service reads them, by encoding it as JSON); a CommandRequest is then decided as the
// domain decides it (fuzz/decide_command.h), its role from the message's first byte.
// Malformed messages must raise kj exceptions that the RPC system turns into errors; a crash or
// a sanitizer report is a finding.
#include <capnp/dynamic.h>
#include <capnp/serialize.h>
#include <kj/exception.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "api/http/route_table.h"
#include "api/rpc/limits.h"
#include "api/wire/json.h"
#include "fuzz/decide_command.h"
#include "fuzz/fuzz_support.h"

namespace {

// The most list elements the JSON walk encodes. A list of zero-sized structs costs about a
// word an element on the wire, so a 16 MiB message can hold two million of them, and JSON
// makes each an object of its own: about 200 bytes and 8 allocations an element, over
// libFuzzer's 2 GiB. The service never encodes a request as JSON (replies are paged), so past
// this bound the walk is skipped rather than the run failed; the message is still read.
constexpr std::size_t kJsonWalkElementsMax = 100'000;

// The elements of every list reachable from `value`, counting stops once past `limit`.
std::size_t ListElements(capnp::DynamicStruct::Reader value, std::size_t limit,
                         std::size_t count = 0) {
  auto visit = [&](capnp::StructSchema::Field field) {
    if (count > limit || !value.has(field)) return;
    capnp::Type type = field.getType();
    if (type.isList()) {
      capnp::DynamicList::Reader list = value.get(field).as<capnp::DynamicList>();
      count += list.size();
      if (count > limit || !type.asList().getElementType().isStruct()) return;
      for (capnp::DynamicValue::Reader element : list) {
        count = ListElements(element.as<capnp::DynamicStruct>(), limit, count);
        if (count > limit) return;
      }
    } else if (type.isStruct()) {
      count = ListElements(value.get(field).as<capnp::DynamicStruct>(), limit, count);
    }
  };
  for (capnp::StructSchema::Field field : value.getSchema().getNonUnionFields()) visit(field);
  KJ_IF_MAYBE (member, value.which()) {
    visit(*member);
  }
  return count;
}

std::map<std::string, capnp::StructSchema, std::less<>> RequestSchemas() {
  std::map<std::string, capnp::StructSchema, std::less<>> schemas;
  for (const ledger::api::Route& route : ledger::api::Routes()) {
    if (!route.method) continue;
    capnp::StructSchema schema = route.method->request_schema;
    schemas.emplace(schema.getUnqualifiedName().cStr(), schema);
  }
  return schemas;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ledger;
  static const auto schemas = RequestSchemas();
  static const api::WireJson json;
  std::string_view text = fuzz::AsText(data, size);
  std::size_t line_end = text.find('\n');
  if (line_end == std::string_view::npos) return 0;
  auto named = schemas.find(text.substr(0, line_end));
  capnp::StructSchema schema = named != schemas.end() ? named->second : schemas.begin()->second;
  std::string_view message = text.substr(line_end + 1);
  std::size_t words = message.size() / sizeof(capnp::word);
  kj::Array<capnp::word> aligned = kj::heapArray<capnp::word>(words);
  std::memcpy(aligned.begin(), message.data(), words * sizeof(capnp::word));
  capnp::ReaderOptions options;
  options.traversalLimitInWords = api::limits::kRpcMessageBytesMax / sizeof(capnp::word);
  options.nestingLimit = api::limits::kRpcNestingLimit;
  kj::runCatchingExceptions([&] {
    capnp::FlatArrayMessageReader reader(aligned, options);
    auto root = reader.getRoot<capnp::DynamicStruct>(schema);
    if (ListElements(root, kJsonWalkElementsMax) <= kJsonWalkElementsMax) json.Encode(root);
    if (schema == capnp::Schema::from<api::wire::CommandRequest>()) {
      fuzz::DecideCommand(root.as<api::wire::CommandRequest>(), message.empty() ? 0 : message[0]);
    }
  });
  return 0;
}
