// Export bundles over the API: the bundle `ledgerctl export` writes (ledger/store/
// bundle_export.h), of ledgerd's own open ledger, without personal payloads. An auditor may
// read raw entries but not personal fields (those are served only in complaint files, each
// read recorded first), so the API never offers them.
// The bundle is written to a temporary file in export_dir; the adapter streams that file and
// removes it (api/http/export_stream.h). A refused or failed export leaves no file behind.
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <optional>
#include <system_error>

#include "api/service/service.h"
#include "ledger/domain/streams.h"
#include "ledger/store/bundle_export.h"

namespace ledger::api {

Status WriteExport(const ServiceContext& service, const CallContext& /*call*/,
                   wire::ExportRequest::Reader request, wire::ExportReply::Builder reply) {
  if (service.export_dir.empty() || service.store == nullptr) {
    return Status::InvalidArgument("this server has no directory for export bundles");
  }
  ExportOptions options;
  options.first = request.getFrom();
  if (request.getTo() != 0) options.end = request.getTo();
  options.with_personal = false;
  options.erasure_stream_prefix = domain::kErasureStreamPrefix;
  // A unique name, created empty now so no other export can take it; the export writes
  // "<name>.partial" and renames it over this one once the bundle is whole and checked.
  std::string path = service.export_dir + "/bundle-XXXXXX";
  int fd = ::mkstemp(path.data());
  if (fd < 0) {
    return Status::IoError("creating an export file in '" + service.export_dir +
                           "': " + std::error_code(errno, std::generic_category()).message());
  }
  ::close(fd);
  Result<ExportSummary> summary =
      ExportBundle(service.store->database(), service.store->path(), path, options);
  std::error_code error;
  if (!summary.ok()) {
    std::filesystem::remove(path, error);
    return summary.status();
  }
  std::uintmax_t bytes = std::filesystem::file_size(path, error);
  if (error) {
    std::filesystem::remove(path, error);
    return Status::IoError("reading the size of export file '" + path + "'");
  }
  reply.setFirst(summary->first);
  reply.setEnd(summary->end);
  reply.setCheckpoints(summary->checkpoints);
  reply.setBytes(bytes);
  reply.setFile(path);
  return Status::Ok();
}

}  // namespace ledger::api
