// The domain rules over commands from untrusted bytes: the first byte picks the issuing role,
// the rest is a command's JSON body (wire::CommandRequest) as a client sends it, decoded by the
// adapter's codec and decided event by event (fuzz/decide_command.h).
#include <capnp/message.h>

#include "api/wire/json.h"
#include "fuzz/decide_command.h"
#include "fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ledger;
  static const api::WireJson json;
  if (size < 1) return 0;
  capnp::MallocMessageBuilder message;
  auto request = message.initRoot<api::wire::CommandRequest>();
  if (json.Decode(fuzz::AsText(data + 1, size - 1), capnp::toDynamic(request))) return 0;
  fuzz::DecideCommand(request.asReader(), data[0]);
  return 0;
}
