#include "api/http/log_stream.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <limits>
#include <memory>
#include <utility>
#include <variant>

#include "api/auth/principal.h"

namespace ledger::api {
namespace {

// The reconnection delay an SSE stream asks of its EventSource (its first line, "retry:").
constexpr unsigned kSseRetryMs = 2000;

constexpr std::string_view kFormatParameter = "format";

// Takes `format` out of the query; InvalidArgument for a value other than ndjson or sse.
// The stream's format, or the issue with the one asked for. Without a `format` parameter, SSE
// when Accept names text/event-stream.
std::variant<StreamFormat, InputIssue> TakeFormat(QueryParams& query, bool accepts_sse) {
  StreamFormat format = accepts_sse ? StreamFormat::kSse : StreamFormat::kNdjson;
  for (auto it = query.begin(); it != query.end(); ++it) {
    if (it->first != kFormatParameter) continue;
    if (it->second == "sse") {
      format = StreamFormat::kSse;
    } else if (it->second == "ndjson") {
      format = StreamFormat::kNdjson;
    } else {
      return InputIssue{InputIssue::Kind::kSchemaViolation, wire::InputLocation::QUERY,
                        std::string(kFormatParameter), it->second,
                        std::string(kFormatParameter) + " must be ndjson or sse; it is " +
                            QuoteValue(it->second)};
    }
    query.erase(it);
    break;
  }
  return format;
}

// The position after a reconnecting EventSource's Last-Event-ID, none when the header is
// absent, or the issue with it.
std::variant<std::optional<std::uint64_t>, InputIssue> ResumeAfter(const kj::HttpHeaders& headers,
                                                                   const HttpHeaderIds& ids) {
  KJ_IF_MAYBE (value, headers.get(ids.last_event_id)) {
    std::string_view text(value->cStr(), value->size());
    std::uint64_t position = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), position);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
        position == std::numeric_limits<std::uint64_t>::max()) {
      return InputIssue{InputIssue::Kind::kSchemaViolation, wire::InputLocation::HEADER,
                        "Last-Event-ID", std::string(text),
                        "Last-Event-ID must be the position of an entry this stream sent; it "
                        "is " +
                            QuoteValue(text)};
    }
    return std::optional<std::uint64_t>(position + 1);
  }
  return std::optional<std::uint64_t>();
}

const char* ContentType(StreamFormat format) {
  return format == StreamFormat::kSse ? "text/event-stream" : "application/x-ndjson";
}

}  // namespace

// One open stream: who asks, where it is, and the body it writes.
struct LogStreams::Follower {
  CallContext call;
  StreamFormat format = StreamFormat::kNdjson;
  std::uint32_t limit = 0;
  std::uint64_t next = 0;
  kj::Own<kj::AsyncOutputStream> out;
  kj::TimePoint last_write = kj::origin<kj::TimePoint>();
  bool gone = false;  // The client closed its connection while the stream waited.
};

LogStreams::LogStreams(const Dispatcher& dispatcher, const WireJson& json, kj::Timer& timer,
                       HeadSignal& head, const kj::HttpHeaderTable& table, const HttpHeaderIds& ids,
                       StreamLimits limits)
    : pages_(dispatcher.Uncounted()),
      json_(json),
      timer_(timer),
      head_(head),
      table_(table),
      ids_(ids),
      limits_(limits),
      drained_(nullptr) {
  auto paf = kj::newPromiseAndFulfiller<void>();
  drain_fulfiller_ = kj::mv(paf.fulfiller);
  drained_ = paf.promise.fork();
}

LogStreams::~LogStreams() = default;

void LogStreams::Drain() {
  if (draining_) return;
  draining_ = true;
  drain_fulfiller_->fulfill();
}

kj::Promise<HttpReply> LogStreams::Serve(CallContext call, const Route& route, QueryParams query,
                                         const kj::HttpHeaders& headers,
                                         kj::HttpService::Response& response) {
  if (draining_) {
    ApiError error = MakeError(wire::ErrorCode::UNAVAILABLE, "ledgerd is shutting down");
    return ErrorReply(json_, error, call.request_id);
  }
  bool accepts_sse = false;
  KJ_IF_MAYBE (accept, headers.get(ids_.accept)) {
    accepts_sse = std::string_view(accept->cStr()).find("text/event-stream") != std::string::npos;
  }
  std::variant<StreamFormat, InputIssue> format = TakeFormat(query, accepts_sse);
  if (auto* issue = std::get_if<InputIssue>(&format)) {
    return ErrorReply(json_, InputError({std::move(*issue)}), call.request_id);
  }
  std::optional<std::uint64_t> resume;
  if (std::get<StreamFormat>(format) == StreamFormat::kSse) {
    auto after = ResumeAfter(headers, ids_);
    if (auto* issue = std::get_if<InputIssue>(&after)) {
      return ErrorReply(json_, InputError({std::move(*issue)}), call.request_id);
    }
    resume = std::get<std::optional<std::uint64_t>>(after);
  }
  capnp::MallocMessageBuilder message;
  auto request = message.initRoot<wire::LogRequest>();
  if (std::optional<ApiError> refused =
          FillRequest(route, json_, "", query, {}, capnp::DynamicStruct::Builder(request))) {
    return ErrorReply(json_, *refused, call.request_id);
  }
  auto follower = std::make_unique<Follower>();
  follower->call = std::move(call);
  follower->format = std::get<StreamFormat>(format);
  follower->limit = request.getLimit();
  follower->next = resume.value_or(request.getFrom());
  Follower& f = *follower;
  return Page(f.call, f.next, f.limit)
      .then(
          [this, &f, &response](Answer<wire::LogReply> page) -> kj::Promise<HttpReply> {
            if (page.error) {
              return ErrorReply(json_, *page.error, f.call.request_id);
            }
            kj::HttpHeaders headers(table_);
            headers.set(kj::HttpHeaderId::CONTENT_TYPE, ContentType(f.format));
            headers.set(ids_.request_id,
                        kj::heapString(f.call.request_id.data(), f.call.request_id.size()));
            headers.set(ids_.cache_control, "no-store");
            f.out = response.send(200, "OK", headers);
            f.last_write = timer_.now();
            // SSE: how long an EventSource waits before it reconnects (with Last-Event-ID).
            kj::Promise<void> opened =
                f.format == StreamFormat::kSse
                    ? Write(f, "retry: " + std::to_string(kSseRetryMs) + "\n\n")
                    : kj::Promise<void>(kj::READY_NOW);
            return opened
                .then([this, &f, page = std::move(page)]() mutable {
                  return Follow(f, std::move(page));
                })
                .then([]() { return HttpReply{.streamed = true}; });
          },
          [this, &f](kj::Exception&& exception) -> kj::Promise<HttpReply> {
            return PoolRefusedReply(json_, f.call.request_id, "log stream", exception);
          })
      .attach(std::move(follower));
}

kj::Promise<Answer<wire::LogReply>> LogStreams::Page(const CallContext& call, std::uint64_t from,
                                                     std::uint32_t limit) {
  capnp::MallocMessageBuilder message;
  auto request = message.initRoot<wire::LogRequest>();
  request.setFrom(from);
  request.setLimit(limit);
  return Dispatch(pages_, "http", call, methods::kLog, request.asReader());
}

kj::Promise<void> LogStreams::Follow(Follower& f, Answer<wire::LogReply> page) {
  if (page.error) {
    spdlog::warn("http {} log stream ends at position {}: {}", f.call.request_id, f.next,
                 page.error->message);
    if (f.format == StreamFormat::kNdjson) return kj::READY_NOW;
    return Write(f, "event: error\ndata: " +
                        ErrorReply(json_, *page.error, f.call.request_id).body + "\n\n");
  }
  wire::LogReply::Reader reply = page.reply();
  bool caught_up = reply.getNext() >= reply.getTreeSize();
  kj::Promise<void> written = kj::READY_NOW;
  if (reply.getEntries().size() > 0) {
    f.next = reply.getNext();
    written = Write(f, Render(f.format, reply));
  }
  return written.then([this, &f, caught_up]() {
    if (!caught_up) return Next(f);
    return WaitForHead(f).then([this, &f]() -> kj::Promise<void> {
      if (f.gone) return KJ_EXCEPTION(DISCONNECTED, "the client closed the log stream");
      return Next(f);
    });
  });
}

kj::Promise<void> LogStreams::Next(Follower& f) {
  if (draining_) return kj::READY_NOW;
  return Page(f.call, f.next, f.limit)
      .then([this, &f](Answer<wire::LogReply> page) { return Follow(f, std::move(page)); },
            [this, &f](kj::Exception&& exception) -> kj::Promise<void> {
              // A full queue only delays the stream; a pool shut down ends it.
              if (exception.getType() != kj::Exception::Type::OVERLOADED) return kj::READY_NOW;
              return Retry().then([this, &f]() { return Next(f); });
            });
}

kj::Promise<void> LogStreams::WaitForHead(Follower& f) {
  // A connection that fails (reset, error) ends the wait at once, not at the next append's
  // write; a peer that only closed its side is noticed by the heartbeat's writes.
  kj::Promise<void> moved =
      head_.WhenBeyond(f.next)
          .exclusiveJoin(drained_.addBranch())
          .exclusiveJoin(f.out->whenWriteDisconnected().then([&f]() { f.gone = true; }));
  return moved.exclusiveJoin(Heartbeat(f));
}

kj::Promise<void> LogStreams::Heartbeat(Follower& f) {
  // A keep-alive once the stream has been quiet for `heartbeat`, then again, until the wait it
  // is joined with ends (which cancels this): an SSE comment, or an empty NDJSON line. Besides
  // keeping proxies from closing an idle stream, it is how a client that closed its side is
  // noticed (a TCP peer's close is only seen by a write: the second one after it fails).
  kj::Duration quiet = timer_.now() - f.last_write;
  kj::Duration left = quiet >= limits_.heartbeat ? 0 * kj::SECONDS : limits_.heartbeat - quiet;
  const char* keep_alive = f.format == StreamFormat::kSse ? ": keep-alive\n\n" : "\n";
  return timer_.afterDelay(left).then([this, &f, keep_alive]() {
    return Write(f, keep_alive).then([this, &f]() { return Heartbeat(f); });
  });
}

kj::Promise<void> LogStreams::Retry() {
  return timer_.afterDelay(limits_.retry).exclusiveJoin(drained_.addBranch());
}

kj::Promise<void> LogStreams::Write(Follower& f, std::string text) {
  auto owned = kj::heapString(text.data(), text.size());
  auto written = f.out->write(owned.begin(), owned.size());
  return written.attach(kj::mv(owned)).then([this, &f]() { f.last_write = timer_.now(); });
}

std::string LogStreams::Render(StreamFormat format, wire::LogReply::Reader page) const {
  std::string text;
  for (wire::LogEntry::Reader entry : page.getEntries()) {
    std::string line = json_.EncodeStruct(entry);
    if (format == StreamFormat::kSse) {
      text += "id: " + std::to_string(entry.getEntry().getPosition()) + "\ndata: " + line + "\n\n";
    } else {
      text += line + "\n";
    }
  }
  return text;
}

}  // namespace ledger::api
