#include "api/rpc/rpc_listener.h"

#include <capnp/rpc-twoparty.h>
#include <spdlog/spdlog.h>

#include <utility>

#include "api/rpc/limits.h"

namespace ledger::api {

capnp::ReaderOptions RpcReaderOptions() {
  capnp::ReaderOptions options;
  options.traversalLimitInWords = limits::kRpcMessageBytesMax / sizeof(capnp::word);
  options.nestingLimit = limits::kRpcNestingLimit;
  return options;
}

// One served connection: the stream, its vat network and its RPC system, destroyed in the
// reverse order (the RPC system first, the stream last).
struct RpcListener::Connection {
  Connection(kj::Own<kj::AsyncIoStream> stream_in, capnp::Capability::Client bootstrap,
             std::size_t& open_in)
      : stream(std::move(stream_in)),
        network(*stream, capnp::rpc::twoparty::Side::SERVER, RpcReaderOptions()),
        rpc(capnp::makeRpcServer(network, std::move(bootstrap))),
        open(open_in) {
    ++open;
  }
  ~Connection() { --open; }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  kj::Own<kj::AsyncIoStream> stream;
  capnp::TwoPartyVatNetwork network;
  capnp::RpcSystem<capnp::rpc::twoparty::VatId> rpc;
  std::size_t& open;
};

RpcListener::RpcListener(kj::ConnectionReceiver& receiver, capnp::Capability::Client bootstrap,
                         kj::Timer& timer, std::size_t connections_max)
    : receiver_(receiver),
      bootstrap_(std::move(bootstrap)),
      timer_(timer),
      connections_max_(connections_max),
      connections_(*this),
      accepting_(nullptr) {
  accepting_ = AcceptLoop().eagerlyEvaluate(nullptr);
}

RpcListener::~RpcListener() = default;

void RpcListener::StopAccepting() { accepting_ = kj::READY_NOW; }

kj::Promise<void> RpcListener::AcceptLoop() {
  return receiver_.accept().then(
      [this](kj::Own<kj::AsyncIoStream> stream) {
        Serve(std::move(stream));
        return AcceptLoop();
      },
      [this](kj::Exception&& exception) {
        spdlog::warn("rpc: accepting a connection failed: {}", exception.getDescription().cStr());
        return timer_.afterDelay(limits::kRpcAcceptRetryDelay).then([this] {
          return AcceptLoop();
        });
      });
}

void RpcListener::Serve(kj::Own<kj::AsyncIoStream> stream) {
  if (open_ >= connections_max_) {
    if (++refused_ == 1 || refused_ % 1000 == 0) {  // Not a line per refusal in a flood.
      spdlog::warn(
          "rpc: {} connections are open, the most served at once; closing new ones "
          "({} closed so far)",
          open_, refused_);
    }
    return;  // Dropping the stream closes it.
  }
  auto connection = kj::heap<Connection>(std::move(stream), bootstrap_, open_);
  kj::Promise<void> disconnected = connection->network.onDisconnect();
  connections_.add(disconnected.attach(std::move(connection)));
}

void RpcListener::taskFailed(kj::Exception&& exception) {
  spdlog::info("rpc: a connection ended with an error: {}", exception.getDescription().cStr());
}

}  // namespace ledger::api
