#include "api/http/http_reply.h"

#include <capnp/message.h>
#include <spdlog/spdlog.h>

namespace ledger::api {

HttpReply JsonReply(const WireJson& json, capnp::DynamicStruct::Reader value) {
  HttpReply reply;
  reply.body = json.Encode(value);
  return reply;
}

HttpReply PoolRefusedReply(const WireJson& json, const std::string& request_id,
                           std::string_view what, const kj::Exception& exception) {
  spdlog::warn("http {} {} refused: {}", request_id, what, exception.getDescription().cStr());
  ApiError error = MakeError(wire::ErrorCode::UNAVAILABLE,
                             "ledgerd is overloaded or shutting down; retry later");
  return ErrorReply(json, error, request_id);
}

std::string RequestUrn(const std::string& request_id) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "urn:trajectory-ledger:request:";
  for (char c : request_id) {
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 std::string_view("-._~:@!$&'()*+,;=").find(c) != std::string_view::npos;
    if (plain) {
      out.push_back(c);
    } else {
      auto byte = static_cast<unsigned char>(c);
      out += {'%', kHex[byte >> 4], kHex[byte & 0xf]};
    }
  }
  return out;
}

std::string ProblemJson(const WireJson& json, const ApiError& error, const std::string& request_id,
                        std::optional<ProblemName> name) {
  capnp::MallocMessageBuilder message;
  auto problem = message.initRoot<wire::Problem>();
  problem.setType(name ? std::string(name->type) : ProblemTypeOf(error.code));
  problem.setTitle(name ? std::string(name->title) : ProblemTitleOf(error.code));
  problem.setStatus(static_cast<std::uint16_t>(HttpStatusOf(error.code)));
  problem.setDetail(error.message);
  if (!request_id.empty()) problem.setInstance(RequestUrn(request_id));
  problem.setCode(error.code);
  for (const auto& [key, value] : error.details) {
    if (key == "rejection") problem.setRejection(value);
    if (key == "position") problem.setPosition(value);
  }
  if (!request_id.empty()) problem.setRequestId(request_id);
  if (!error.issues.empty()) {
    FillIssues(error.issues, problem.initIssues(static_cast<unsigned>(error.issues.size())));
  }
  return json.EncodeStruct(problem.asReader());
}

HttpReply ErrorReply(const WireJson& json, const ApiError& error, const std::string& request_id,
                     std::optional<ProblemName> name) {
  HttpReply reply;
  reply.status = static_cast<unsigned>(HttpStatusOf(error.code));
  reply.content_type = kProblemType;
  reply.body = ProblemJson(json, error, request_id, name);
  reply.code = ErrorCodeName(error.code);
  reply.retry_after_s = RetryAfterSeconds(error.code);
  return reply;
}

kj::StringPtr StatusText(unsigned status) {
  switch (status) {
    case 200: return "OK";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 422: return "Unprocessable Entity";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    case 507: return "Insufficient Storage";
    default: return "Error";
  }
}

kj::Promise<void> SendReply(kj::HttpService::Response& response, const kj::HttpHeaderTable& table,
                            const HttpHeaderIds& ids, const std::string& request_id,
                            HttpReply reply) {
  kj::HttpHeaders headers(table);
  headers.set(kj::HttpHeaderId::CONTENT_TYPE,
              kj::heapString(reply.content_type.data(), reply.content_type.size()));
  headers.set(ids.request_id, kj::heapString(request_id.data(), request_id.size()));
  headers.set(ids.cache_control, "no-store");
  for (const auto& [id, value] : reply.headers) {
    headers.set(id, kj::heapString(value.data(), value.size()));
  }
  if (reply.retry_after_s) headers.set(ids.retry_after, kj::str(*reply.retry_after_s));
  kj::Own<kj::AsyncOutputStream> body =
      response.send(reply.status, StatusText(reply.status), headers, reply.body.size());
  if (reply.body.empty()) return kj::Promise<void>(kj::READY_NOW).attach(kj::mv(body));
  auto text = kj::heapString(reply.body.data(), reply.body.size());
  auto written = body->write(text.begin(), text.size());
  return written.attach(kj::mv(body), kj::mv(text));
}

}  // namespace ledger::api
