#include "tools/bench/rpc_load.h"

#include <capnp/schema.h>

#include "tools/bench/closed_loop.h"
#include "tools/bench/load_requests.h"

namespace ledger::tools {
namespace {

using api::wire::CommandReply;
using api::wire::Commands;
using api::wire::Ledger;

template <typename Response>
std::optional<std::string> ErrorOf(const Response& response) {
  if (!response.hasError()) return std::nullopt;
  return ApiErrorText(response.getError());
}

// Sends setup commands `next`, `next + 1`, ... until `count`, one at a time.
kj::Promise<void> SetupSlot(Commands::Client commands, std::uint64_t& next, std::uint64_t count,
                            Tally& tally) {
  if (next >= count) return kj::READY_NOW;
  std::uint64_t index = next++;
  auto request = commands.executeRequest();
  FillSetupCommand(index, request.initRequest());
  ++tally.sent;
  return request.send()
      .then(
          [&tally](capnp::Response<Commands::ExecuteResults> response) {
            std::optional<std::string> error = ErrorOf(response);
            if (error)
              tally.Error(std::move(*error));
            else
              ++tally.ok;
          },
          [&tally](kj::Exception&& exception) { tally.Error(exception.getDescription().cStr()); })
      .then([commands, &next, count, &tally]() mutable {
        return SetupSlot(commands, next, count, tally);
      });
}

}  // namespace

std::string ApiErrorText(api::wire::ApiError::Reader error) {
  auto enumerants = capnp::Schema::from<api::wire::ErrorCode>().getEnumerants();
  auto code = static_cast<unsigned>(error.getCode());
  std::string name = code < enumerants.size()
                         ? std::string(enumerants[code].getProto().getName().cStr())
                         : "code " + std::to_string(code);
  return name + ": " + error.getMessage().cStr();
}

Result<std::unique_ptr<RpcLoad>> RpcLoad::Connect(kj::AsyncIoContext& io,
                                                  const std::string& address,
                                                  const std::string& token, unsigned connections) {
  auto load = std::make_unique<RpcLoad>();
  for (unsigned i = 0; i < connections; ++i) {
    Connection connection;
    KJ_IF_MAYBE (failure, kj::runCatchingExceptions([&]() {
                   auto parsed = io.provider->getNetwork().parseAddress(address).wait(io.waitScope);
                   connection.stream = parsed->connect().wait(io.waitScope);
                 })) {
      return Status::IoError("cannot connect to rpc://" + address + ": " +
                             failure->getDescription().cStr());
    }
    connection.client = kj::heap<capnp::TwoPartyClient>(*connection.stream);
    connection.ledger = connection.client->bootstrap().castAs<Ledger>();
    auto login = connection.ledger.loginRequest();
    login.setToken(token);
    auto reply = login.send().wait(io.waitScope);
    if (reply.hasError()) {
      return Status::Unauthenticated("login refused: " + ApiErrorText(reply.getError()));
    }
    connection.commands = reply.getSession().getCommands();
    load->connections_.push_back(std::move(connection));
  }
  return load;
}

void RpcLoad::Setup(std::uint64_t count, unsigned in_flight, Tally& tally,
                    kj::WaitScope& wait_scope) {
  std::uint64_t next = 0;
  kj::Vector<kj::Promise<void>> slots;
  for (unsigned slot = 0; slot < in_flight; ++slot) {
    Commands::Client commands = connections_[slot % connections_.size()].commands;
    slots.add(SetupSlot(commands, next, count, tally));
  }
  kj::joinPromises(slots.releaseAsArray()).wait(wait_scope);
}

void RpcLoad::Appends(const PhaseWindow& window, unsigned in_flight, std::uint64_t trajectories,
                      std::uint64_t& next_k, Tally& tally, kj::Promise<void> beside,
                      kj::WaitScope& wait_scope) {
  auto send = [this, trajectories, &next_k](unsigned slot) {
    auto request = connections_[slot % connections_.size()].commands.executeRequest();
    FillHoursCommand(next_k++, trajectories, "rpc", request.initRequest());
    return request.send().then(
        [](capnp::Response<Commands::ExecuteResults> response) { return ErrorOf(response); });
  };
  RunClosedLoop(window, in_flight, tally, send, kj::mv(beside), wait_scope);
}

void RpcLoad::Pings(const PhaseWindow& window, unsigned in_flight, Tally& tally,
                    kj::Promise<void> beside, kj::WaitScope& wait_scope) {
  auto send = [this](unsigned slot) {
    return connections_[slot % connections_.size()].ledger.pingRequest().send().then(
        [](capnp::Response<Ledger::PingResults>) -> std::optional<std::string> {
          return std::nullopt;
        });
  };
  RunClosedLoop(window, in_flight, tally, send, kj::mv(beside), wait_scope);
}

}  // namespace ledger::tools
