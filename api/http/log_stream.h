// GET /v1/log/stream?from=P[&limit=N][&format=ndjson|sse]: the log from a position, followed
// live, for reporting jobs and replicas over HTTP (the RPC adapter's Log.subscribe).
//
// The format is the query's `format`; without one, SSE when the Accept header names
// text/event-stream (what an EventSource sends), else NDJSON. An SSE request carrying
// Last-Event-ID (a reconnecting EventSource: the id is the position of the last entry it got)
// resumes right after that position, whatever `from` says, so a client that reconnects sees
// no entry twice and misses none; a Last-Event-ID that is not a position is a 400 naming it.
//
// Every page is a log call through Dispatch (so the role check and the worker pool are those
// of GET /v1/log; its metrics are the stream's own, below). The first page decides the status: an
// error answers as any call does; otherwise 200 and the stream follows, chunked:
//   ndjson (default)  application/x-ndjson: one wire LogEntry JSON per line, and an empty line
//                     as a keep-alive after `heartbeat` without one (skip empty lines).
//   sse               text/event-stream: first "retry: 2000\n\n" (the reconnection delay),
//                     then "id: <position>\ndata: <LogEntry JSON>\n\n" per entry,
//                     ": keep-alive\n\n" after `heartbeat` without one, and a last
//                     "event: error\ndata: <ApiError JSON>\n\n" if a later page fails.
// Flow control: a page is written, and the write awaited, before the next page is asked for.
// When caught up (the page reached the durable head) the stream waits until the head moves
// past it (adapters/head_signal.h: woken by the store, no polling) and asks again, forever: it
// ends when the client goes (a write fails: a keep-alive's write at the latest, so within two
// `heartbeat`s of the client closing, even when nothing is appended), when a later page fails
// (an NDJSON stream then just ends; resume from the last position received), or on Drain().
// A full worker queue (OVERLOADED) only delays the next page by `retry`. Metrics: the pages
// are not counted; the stream is, once, when it ends (HttpApi: method logStream).
// Thread safety: everything runs on the event loop thread that owns the streams.
#pragma once

#include <kj/async.h>
#include <kj/compat/http.h>
#include <kj/timer.h>

#include <cstdint>
#include <string>

#include "api/adapters/dispatch.h"
#include "api/adapters/head_signal.h"
#include "api/http/http_reply.h"
#include "api/http/request_fields.h"
#include "api/wire/json.h"

namespace ledger::api {

enum class StreamFormat { kNdjson, kSse };

struct StreamLimits {
  kj::Duration retry = 100 * kj::MILLISECONDS;  // Wait after the pool refused a page.
  kj::Duration heartbeat = 15 * kj::SECONDS;    // A keep-alive after this long idle.
};

class LogStreams {
 public:
  LogStreams(const Dispatcher& dispatcher, const WireJson& json, kj::Timer& timer, HeadSignal& head,
             const kj::HttpHeaderTable& table, const HttpHeaderIds& ids, StreamLimits limits);
  ~LogStreams();
  LogStreams(const LogStreams&) = delete;
  LogStreams& operator=(const LogStreams&) = delete;

  // Serves one stream on `response` for `call`; `route` is the table's row (its method is log).
  // Resolves to the reply to send when the stream never started (bad query, refused first
  // page, draining), or to one marked `streamed` once a started stream has ended. Rejects when
  // the client went away mid-stream.
  kj::Promise<HttpReply> Serve(CallContext call, const Route& route, QueryParams query,
                               const kj::HttpHeaders& headers, kj::HttpService::Response& response);

  // Ends every open stream after its current write, and refuses new ones (unavailable).
  // Idempotent.
  void Drain();

 private:
  struct Follower;

  kj::Promise<Answer<wire::LogReply>> Page(const CallContext& call, std::uint64_t from,
                                           std::uint32_t limit);
  kj::Promise<void> Follow(Follower& follower, Answer<wire::LogReply> page);
  kj::Promise<void> Next(Follower& follower);
  kj::Promise<void> WaitForHead(Follower& follower);
  kj::Promise<void> Retry();
  kj::Promise<void> Heartbeat(Follower& follower);
  kj::Promise<void> Write(Follower& follower, std::string text);
  std::string Render(StreamFormat format, wire::LogReply::Reader page) const;

  const Dispatcher pages_;  // The server's dispatcher, uncounted: a stream counts once.
  const WireJson& json_;
  kj::Timer& timer_;
  HeadSignal& head_;
  const kj::HttpHeaderTable& table_;
  const HttpHeaderIds& ids_;
  const StreamLimits limits_;
  bool draining_ = false;
  kj::Own<kj::PromiseFulfiller<void>> drain_fulfiller_;
  kj::ForkedPromise<void> drained_;
};

}  // namespace ledger::api
