// GET /v1/export?from=P[&to=Q]: an export bundle of the log's range [P, Q) (Q = 0 or absent:
// the durable head), the bytes `ledgerctl export` writes (ledger/integrity/bundle.h), for
// auditors and administrators, without personal payloads.
//
// The export is one call through Dispatch (the role check, metrics and the worker pool of
// every call): on a worker it writes the bundle, checked as it goes, to a temporary file in the
// server's export directory (api/service/export_service.cpp). An error answers as any call
// does, before anything is sent; otherwise 200, application/octet-stream, with Content-Length
// and `Content-Disposition: attachment; filename="ledger-<first>-<end>.bundle"`, and the file
// follows in chunks of kExportChunkBytes.
// Flow control and memory: one chunk is read and its write awaited before the next is read, so
// a download holds one chunk in memory whatever the bundle's size, and a slow client slows only
// its own download. The file is removed when the download ends, however it ends. The bundle on
// disk is as large as the range's entries; the export directory is on the ledger's disk.
// Drain() ends downloads after their current chunk (the client sees a short body against its
// Content-Length) and refuses new ones (unavailable).
// Thread safety: everything runs on the event loop thread that owns the downloads.
#pragma once

#include <kj/async.h>
#include <kj/compat/http.h>

#include <cstddef>
#include <string>

#include "api/adapters/dispatch.h"
#include "api/http/http_headers.h"
#include "api/http/http_reply.h"
#include "api/http/request_fields.h"
#include "api/wire/json.h"

namespace ledger::api {

inline constexpr std::size_t kExportChunkBytes = 64 << 10;

class ExportStreams {
 public:
  ExportStreams(const Dispatcher& dispatcher, const WireJson& json,
                const kj::HttpHeaderTable& table, const HttpHeaderIds& ids);
  ~ExportStreams();
  ExportStreams(const ExportStreams&) = delete;
  ExportStreams& operator=(const ExportStreams&) = delete;

  // Serves one export on `response`; `route` is the table's row (its method is export).
  // Resolves to the reply to send when the download never started (bad query, refused or
  // failed export, draining), or to one marked `streamed` once it has ended. Rejects when the
  // client went away mid-download.
  kj::Promise<HttpReply> Serve(CallContext call, const Route& route, const QueryParams& query,
                               kj::HttpService::Response& response);

  // Ends every download after its current chunk and refuses new ones. Idempotent.
  void Drain() { draining_ = true; }

 private:
  struct Download;

  kj::Promise<void> Send(Download& download);

  const Dispatcher& dispatcher_;
  const WireJson& json_;
  const kj::HttpHeaderTable& table_;
  const HttpHeaderIds& ids_;
  bool draining_ = false;
};

}  // namespace ledger::api
