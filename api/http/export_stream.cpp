#include "api/http/export_stream.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <system_error>
#include <utility>

#include "api/service/service.h"

namespace ledger::api {

// One download: its bundle file, open for reading, removed when the download goes.
struct ExportStreams::Download {
  CallContext call;
  std::string path;
  std::FILE* file = nullptr;
  std::uint64_t left_bytes = 0;
  kj::Array<kj::byte> chunk = kj::heapArray<kj::byte>(kExportChunkBytes);
  kj::Own<kj::AsyncOutputStream> out;

  ~Download() {
    if (file != nullptr) std::fclose(file);
    std::error_code error;
    if (!path.empty()) std::filesystem::remove(path, error);
  }
};

ExportStreams::ExportStreams(const Dispatcher& dispatcher, const WireJson& json,
                             const kj::HttpHeaderTable& table, const HttpHeaderIds& ids)
    : dispatcher_(dispatcher), json_(json), table_(table), ids_(ids) {}

ExportStreams::~ExportStreams() = default;

kj::Promise<HttpReply> ExportStreams::Serve(CallContext call, const Route& route,
                                            const QueryParams& query,
                                            kj::HttpService::Response& response) {
  if (draining_) {
    ApiError error = MakeError(wire::ErrorCode::UNAVAILABLE, "ledgerd is shutting down");
    return ErrorReply(json_, error, call.request_id);
  }
  capnp::MallocMessageBuilder message;
  auto request = message.initRoot<wire::ExportRequest>();
  if (std::optional<ApiError> refused =
          FillRequest(route, json_, "", query, {}, capnp::DynamicStruct::Builder(request))) {
    return ErrorReply(json_, *refused, call.request_id);
  }
  auto download = std::make_unique<Download>();
  download->call = std::move(call);
  Download& d = *download;
  return Dispatch(dispatcher_, "http", d.call, methods::kExport, request.asReader())
      .then(
          [this, &d, &response](Answer<wire::ExportReply> answer) -> kj::Promise<HttpReply> {
            if (answer.error) return ErrorReply(json_, *answer.error, d.call.request_id);
            wire::ExportReply::Reader reply = answer.reply();
            d.path = reply.getFile().cStr();
            d.left_bytes = reply.getBytes();
            d.file = std::fopen(d.path.c_str(), "rb");
            if (d.file == nullptr) {
              ApiError error = MakeError(wire::ErrorCode::INTERNAL,
                                         "the export file could not be opened; the server log "
                                         "has request id " +
                                             d.call.request_id);
              spdlog::error("http {} export: opening '{}' failed", d.call.request_id, d.path);
              return ErrorReply(json_, error, d.call.request_id);
            }
            std::string name = "ledger-" + std::to_string(reply.getFirst()) + "-" +
                               std::to_string(reply.getEnd()) + ".bundle";
            kj::HttpHeaders headers(table_);
            headers.set(kj::HttpHeaderId::CONTENT_TYPE, "application/octet-stream");
            headers.set(ids_.content_disposition,
                        kj::str("attachment; filename=\"", name.c_str(), "\""));
            headers.set(ids_.request_id,
                        kj::heapString(d.call.request_id.data(), d.call.request_id.size()));
            headers.set(ids_.cache_control, "no-store");
            d.out = response.send(200, "OK", headers, d.left_bytes);
            return Send(d).then([]() { return HttpReply{.streamed = true}; });
          },
          [this, &d](kj::Exception&& exception) -> kj::Promise<HttpReply> {
            return PoolRefusedReply(json_, d.call.request_id, "export", exception);
          })
      .attach(std::move(download));
}

kj::Promise<void> ExportStreams::Send(Download& d) {
  if (d.left_bytes == 0) return kj::READY_NOW;
  if (draining_) {
    spdlog::warn("http {} export ends early: shutting down", d.call.request_id);
    return kj::READY_NOW;
  }
  std::size_t want = d.left_bytes < d.chunk.size() ? d.left_bytes : d.chunk.size();
  std::size_t got = std::fread(d.chunk.begin(), 1, want, d.file);
  if (got != want) {
    // The file was written whole and checked; a short read is the disk failing under us.
    spdlog::error("http {} export: reading '{}' failed with {} bytes left", d.call.request_id,
                  d.path, d.left_bytes);
    return KJ_EXCEPTION(FAILED, "reading the export file failed");
  }
  d.left_bytes -= got;
  return d.out->write(d.chunk.begin(), got).then([this, &d]() { return Send(d); });
}

}  // namespace ledger::api
