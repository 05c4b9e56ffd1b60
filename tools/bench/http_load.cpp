// HttpLoad's connections, fetches and closed loops; the paced reads are in paced_reads.cpp.
#include "tools/bench/http_load.h"

#include "tools/bench/closed_loop.h"
#include "tools/bench/load_requests.h"

namespace ledger::tools {
namespace {

// Replies carry small JSON bodies; anything larger is read up to this bound.
constexpr std::uint64_t kReplyBytesMax = 64 << 20;

Result<kj::Own<kj::AsyncIoStream>> OpenStream(kj::AsyncIoContext& io, const std::string& address) {
  kj::Own<kj::AsyncIoStream> stream;
  KJ_IF_MAYBE (failure, kj::runCatchingExceptions([&]() {
                 auto parsed = io.provider->getNetwork().parseAddress(address).wait(io.waitScope);
                 stream = parsed->connect().wait(io.waitScope);
               })) {
    return Status::IoError("cannot connect to http://" + address + ": " +
                           failure->getDescription().cStr());
  }
  return stream;
}

}  // namespace

HttpLoad::HttpLoad(kj::AsyncIoContext& io, const std::string& address, const std::string& token)
    : io_(io), address_(address), authorization_("Bearer " + token), headers_(table_) {
  headers_.set(kj::HttpHeaderId::HOST, address_.c_str());
  headers_.set(kj::HttpHeaderId::CONTENT_TYPE, "application/json");
  headers_.add("Authorization", authorization_.c_str());
}

Status HttpLoad::Open(unsigned connections) {
  connections_.clear();
  for (unsigned i = 0; i < connections; ++i) {
    Result<kj::Own<kj::AsyncIoStream>> stream = OpenStream(io_, address_);
    if (!stream.ok()) return stream.status();
    Connection connection;
    connection.stream = kj::mv(*stream);
    connection.client = kj::newHttpClient(table_, *connection.stream);
    connections_.push_back(kj::mv(connection));
  }
  return Status::Ok();
}

kj::Promise<HttpReplyText> HttpLoad::Exchange(Connection& connection, kj::HttpMethod method,
                                              std::string path, std::string body) {
  auto request = connection.client->request(method, path.c_str(), headers_,
                                            static_cast<std::uint64_t>(body.size()));
  kj::Promise<void> written = kj::READY_NOW;
  if (body.empty()) {
    request.body = nullptr;
  } else {
    auto text = kj::heapString(body.data(), body.size());
    written =
        request.body->write(text.begin(), text.size()).attach(kj::mv(request.body), kj::mv(text));
  }
  return written.then([response = kj::mv(request.response)]() mutable { return kj::mv(response); })
      .then([](kj::HttpClient::Response response) {
        unsigned status = response.statusCode;
        auto read = response.body->readAllText(kReplyBytesMax);
        return read.attach(kj::mv(response.body)).then([status](kj::String text) {
          return HttpReplyText{status, std::string(text.cStr())};
        });
      });
}

kj::Promise<std::optional<std::string>> HttpLoad::Send(Connection& connection,
                                                       kj::HttpMethod method, std::string path,
                                                       std::string body) {
  return Exchange(connection, method, path, std::move(body))
      .then([method, path](HttpReplyText reply) -> std::optional<std::string> {
        if (reply.status >= 200 && reply.status < 300) return std::nullopt;
        return kj::str(method).cStr() + std::string(" ") + path + ": HTTP " +
               std::to_string(reply.status) + " " + reply.body;
      });
}

kj::Promise<HttpReplyText> HttpLoad::FetchAsync(kj::HttpMethod method, const std::string& path) {
  return io_.provider->getNetwork()
      .parseAddress(address_)
      .then([](kj::Own<kj::NetworkAddress> address) { return address->connect(); })
      .then([this, method, path](kj::Own<kj::AsyncIoStream> stream) {
        auto connection = kj::heap<Connection>();
        connection->client = kj::newHttpClient(table_, *stream);
        connection->stream = kj::mv(stream);
        auto exchange = Exchange(*connection, method, path, "");
        return exchange.attach(kj::mv(connection));
      });
}

Result<HttpReplyText> HttpLoad::Fetch(kj::HttpMethod method, const std::string& path) {
  HttpReplyText reply;
  KJ_IF_MAYBE (failure, kj::runCatchingExceptions(
                            [&]() { reply = FetchAsync(method, path).wait(io_.waitScope); })) {
    return Status::IoError(path + ": " + failure->getDescription().cStr());
  }
  return reply;
}

kj::Promise<void> HttpLoad::FetchLater(double delay_s, const std::string& path, std::string& text) {
  auto delay = static_cast<std::int64_t>(delay_s * 1e6) * kj::MICROSECONDS;
  return io_.provider->getTimer()
      .afterDelay(delay)
      .then([this, path]() { return FetchAsync(kj::HttpMethod::GET, path); })
      .then([&text](HttpReplyText reply) { text = std::move(reply.body); }, [](kj::Exception&&) {});
}

void HttpLoad::Appends(const PhaseWindow& window, std::uint64_t trajectories, std::uint64_t& next_k,
                       Tally& tally, kj::Promise<void> beside) {
  auto send = [this, trajectories, &next_k](unsigned slot) {
    std::uint64_t k = next_k++;
    return Send(connections_[slot], kj::HttpMethod::POST, HoursCommandPath(k, trajectories),
                HoursCommandJson(k, trajectories, "http"));
  };
  RunClosedLoop(window, connections(), tally, send, kj::mv(beside), io_.waitScope);
}

void HttpLoad::WritesThenReads(const PhaseWindow& window, std::uint64_t trajectories,
                               std::uint64_t& next_k, Tally& tally, kj::Promise<void> beside) {
  auto send = [this, trajectories, &next_k, &window, &tally](unsigned slot) {
    std::uint64_t k = next_k++;
    Connection& connection = connections_[slot];
    std::string read_path = "/v1/trajectories/" + LoadTrajectoryId(k % trajectories);
    return Exchange(connection, kj::HttpMethod::POST, HoursCommandPath(k, trajectories),
                    HoursCommandJson(k, trajectories, "ryw"))
        .then([this, &connection, &window, &tally,
               read_path](HttpReplyText written) -> kj::Promise<std::optional<std::string>> {
          constexpr std::string_view kField = "\"nextPosition\":";
          std::size_t at = written.body.find(kField);
          if (written.status != 200 || at == std::string::npos) {
            return std::optional<std::string>("POST: HTTP " + std::to_string(written.status) + " " +
                                              written.body);
          }
          std::string position = written.body.substr(at + kField.size());
          position = position.substr(position.find_first_not_of(" \""));
          position = position.substr(0, position.find_first_not_of("0123456789"));
          std::string path = read_path + "?atLeastPosition=" + position + "&waitMs=5000";
          auto acknowledged = SteadyClock::now();
          return Send(connection, kj::HttpMethod::GET, path, "")
              .then([&window, &tally, acknowledged](std::optional<std::string> error) {
                auto now = SteadyClock::now();
                if (!error && window.Counts(now)) {
                  tally.latency_ms.push_back(
                      std::chrono::duration<double, std::milli>(now - acknowledged).count());
                }
                return error;
              });
        });
  };
  RunClosedLoop(window, connections(), tally, send, kj::mv(beside), io_.waitScope);
}

void HttpLoad::Pings(const PhaseWindow& window, Tally& tally, kj::Promise<void> beside) {
  auto send = [this](unsigned slot) {
    return Send(connections_[slot], kj::HttpMethod::POST, "/v1/ping", "");
  };
  RunClosedLoop(window, connections(), tally, send, kj::mv(beside), io_.waitScope);
}

}  // namespace ledger::tools
