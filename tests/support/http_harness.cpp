#include "tests/support/http_harness.h"

#include <algorithm>
#include <cctype>

#include "api/openapi/openapi.h"

namespace ledger::testing {
namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

}  // namespace

std::string HttpResult::header(const std::string& name) const {
  auto found = headers.find(Lower(name));
  return found == headers.end() ? "" : found->second;
}

HttpHarness::HttpHarness(api::HttpLimits limits)
    : io_(kj::setupAsyncIo()), ids_(api::HttpHeaderIds::Add(builder_)), table_(builder_.build()) {
  api_ = kj::heap<api::HttpApi>(fixture_.dispatcher(), json_, fixture_.metrics(),
                                io_.provider->getTimer(), head_, *table_, ids_, api::OpenApiJson(),
                                limits);
  kj::Own<kj::ConnectionReceiver> receiver =
      api::BindHttp(io_.provider->getNetwork(), "127.0.0.1:0").wait(io_.waitScope);
  listener_ =
      kj::heap<api::HttpListener>(io_.provider->getTimer(), *table_, *api_, kj::mv(receiver));
  REQUIRE(listener_->port() != 0);
  address_ = io_.provider->getNetwork()
                 .parseAddress(kj::str("127.0.0.1:", listener_->port()))
                 .wait(io_.waitScope);
  client_ = kj::newHttpClient(io_.provider->getTimer(), *table_, *address_);
}

HttpHarness::~HttpHarness() {
  client_ = nullptr;
  api_->Drain();
  listener_ = nullptr;
}

kj::HttpClient::Response HttpHarness::Open(kj::HttpMethod verb, const std::string& path,
                                           const HttpSend& send) {
  kj::HttpHeaders headers(*table_);
  headers.set(kj::HttpHeaderId::HOST, "localhost");
  if (send.token) headers.set(ids_.authorization, kj::str("Bearer ", send.token->c_str()));
  if (!send.request_id.empty()) headers.set(ids_.request_id, send.request_id.c_str());
  for (const auto& [name, value] : send.headers) headers.add(name.c_str(), value.c_str());
  kj::Maybe<std::uint64_t> size = nullptr;
  if (!send.chunked) size = send.body.size();
  kj::HttpClient::Request request = client_->request(verb, path.c_str(), headers, size);
  // The body is written while the response is awaited: a server that answers without reading
  // it (413) must not block the test, and a write it cuts short is no failure of the test.
  kj::Promise<void> written = kj::READY_NOW;
  if (!send.body.empty()) {
    written = request.body->write(send.body.data(), send.body.size());
  }
  auto writing = written.then([body = kj::mv(request.body)]() mutable { body = nullptr; })
                     .eagerlyEvaluate([](kj::Exception&&) {});
  kj::HttpClient::Response response = request.response.wait(io_.waitScope);
  response.body = response.body.attach(kj::mv(writing));
  return response;
}

HttpResult HttpHarness::Send(kj::HttpMethod verb, const std::string& path, const HttpSend& send) {
  kj::HttpClient::Response response = Open(verb, path, send);
  HttpResult result;
  result.status = response.statusCode;
  response.headers->forEach([&](kj::StringPtr name, kj::StringPtr value) {
    result.headers[Lower(name.cStr())] = value.cStr();
  });
  kj::String body = response.body->readAllText().wait(io_.waitScope);
  result.body = body.cStr();
  return result;
}

std::string HttpHarness::CommandBody(const std::string& command_id,
                                     const std::function<void(schema::Event::Builder)>& fill,
                                     const std::string& expected_version) const {
  capnp::MallocMessageBuilder message;
  auto request = message.initRoot<api::wire::CommandRequest>();
  request.setCommandId(command_id);
  if (!expected_version.empty()) request.setExpectedVersion(expected_version);
  fill(request.initEvents(1)[0].initEvent());
  return json_.EncodeStruct(request.asReader());
}

}  // namespace ledger::testing
