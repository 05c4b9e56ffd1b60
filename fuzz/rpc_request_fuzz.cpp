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
    json.Encode(root);
    if (schema == capnp::Schema::from<api::wire::CommandRequest>()) {
      fuzz::DecideCommand(root.as<api::wire::CommandRequest>(), message.empty() ? 0 : message[0]);
    }
  });
  return 0;
}
