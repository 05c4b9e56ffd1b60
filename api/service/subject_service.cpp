// SubjectAccess: the export of everything the ledger holds about one person (GDPR art. 15),
// for the person themselves or an administrator on their request (MaySubjectAccess).
//
// The person's streams are found as the erasure finds them (domain::FindSubjectStreams: every
// trajectory they were opened for, every complaint they filed), read from the ledger itself,
// not from read models. With them go the erasures of the person ("erasure-<id>") and the read
// records of their personal data: of each of their complaint files and of earlier exports.
// The export itself returns personal fields, so it is recorded first (read_records.h) on
// "reads-subject-<id>", and appears in its own reply. At most kSubjectEntriesMax entries.
// With `receipts`, a checkpoint is signed once everything is read and recorded (SignNow: it
// covers the read record too), and every entry gets its receipt against it, without the
// personal payload (the export carries that beside it), so that each can be handed on.
#include "api/service/read_records.h"
#include "api/service/service.h"
#include "api/wire/to_wire.h"
#include "ledger/base/clock.h"
#include "ledger/domain/erasure.h"
#include "ledger/domain/streams.h"
#include "ledger/store/receipts.h"

namespace ledger::api {
namespace {

constexpr std::size_t kSubjectEntriesMax = 20'000;
constexpr std::size_t kStreamPage = 1'000;
constexpr std::string_view kSubjectExportRead =
    "subject-access export: every event, personal payload and read record of the person";

// Every entry of `stream_id` (none when it does not exist), counted against the bound.
Status ReadWhole(const ServiceContext& service, const std::string& stream_id,
                 std::vector<StoredEntry>& out, std::size_t& total) {
  std::optional<StreamVersion> from = StreamVersion{1};
  while (from) {
    Result<StreamPage> page = service.store->ReadStream(stream_id, *from, kStreamPage);
    if (!page.ok()) return page.status();
    total += page->entries.size();
    if (total > kSubjectEntriesMax) {
      return Status::InvalidArgument("the person's streams hold more than " +
                                     std::to_string(kSubjectEntriesMax) +
                                     " entries, more than one export carries");
    }
    for (StoredEntry& entry : page->entries) out.push_back(std::move(entry));
    from = page->next_version;
  }
  return Status::Ok();
}

// The receipt of every entry read, against the checkpoint of `tree_size`, in read order.
Result<std::vector<std::string>> Receipts(
    const ServiceContext& service,
    const std::vector<std::pair<std::string, std::vector<StoredEntry>>>& read,
    std::uint64_t tree_size) {
  std::vector<std::string> out;
  for (const auto& [stream, entries] : read) {
    for (const StoredEntry& entry : entries) {
      Result<Receipt> receipt = MakeReceipt(service.store->database(), entry.position(),
                                            /*with_personal=*/false, tree_size);
      if (!receipt.ok()) return receipt.status();
      out.push_back(receipt->Format());
    }
  }
  return out;
}

void FillEntry(const StoredEntry& entry, wire::SubjectEntry::Builder out) {
  schema::Entry::Reader reader = entry.reader();
  out.setEntry(reader);
  out.setLeafHash(ToHex(LeafHash(entry.bytes())));
  out.setRecordedAt(Rfc3339UtcMicros(reader.getRecordedAtUs()));
  out.setOccurredAt(Rfc3339UtcMicros(reader.getOccurredAtUs()));
  switch (entry.personal_state()) {
    case PersonalState::kNone: out.setPersonalState("none"); break;
    case PersonalState::kAbsent: out.setPersonalState("erased"); break;
    case PersonalState::kPresent:
      out.setPersonalState("present");
      out.setPersonal(entry.personal()->reader());
      break;
  }
}

}  // namespace

Status SubjectAccess(const ServiceContext& service, const CallContext& call,
                     wire::SubjectAccessRequest::Reader request,
                     wire::SubjectAccessReply::Builder reply) {
  std::string subject(request.getSubjectId().cStr(), request.getSubjectId().size());
  LEDGER_RETURN_IF_ERROR(domain::CheckSubjectId(subject, "subjectId"));
  LEDGER_RETURN_IF_ERROR(MaySubjectAccess(call.principal, subject));
  Result<domain::SubjectStreams> found = domain::FindSubjectStreams(*service.store, subject);
  if (!found.ok()) return found.status();
  std::vector<std::string> streams = found->stream_ids;
  if (streams.empty()) {
    return Status::NotFound("the ledger holds no trajectory or complaint of '" + subject + "'");
  }
  for (const std::string& stream : found->stream_ids) {
    if (stream.starts_with(domain::kComplaintStreamPrefix)) streams.push_back(ReadsStream(stream));
  }
  streams.push_back(domain::ErasureStream(subject));
  const std::string label = "subject-" + subject;
  const std::string own_reads = ReadsStream(label);

  // Everything is read (and bounded) before the read is recorded, so that a refused export
  // leaves no record; then the records of exports, this one's included.
  const std::uint64_t head = service.store->head().size;
  std::vector<std::pair<std::string, std::vector<StoredEntry>>> read;
  std::size_t total = 0;
  auto read_stream = [&](const std::string& stream) -> Status {
    std::vector<StoredEntry> entries;
    LEDGER_RETURN_IF_ERROR(ReadWhole(service, stream, entries, total));
    if (!entries.empty()) read.emplace_back(stream, std::move(entries));
    return Status::Ok();
  };
  for (const std::string& stream : streams) LEDGER_RETURN_IF_ERROR(read_stream(stream));
  Result<std::uint64_t> recorded = RecordRead(service, call, label, kSubjectExportRead, head);
  if (!recorded.ok()) return recorded.status();
  LEDGER_RETURN_IF_ERROR(read_stream(own_reads));
  std::vector<std::string> receipts;
  if (request.getReceipts()) {
    Result<StoredCheckpoint> signed_now = service.checkpointer->SignNow();
    if (!signed_now.ok()) return signed_now.status();
    Result<std::vector<std::string>> made = Receipts(service, read, signed_now->size);
    if (!made.ok()) return made.status();
    receipts = std::move(made).value();
    reply.setReceiptTreeSize(signed_now->size);
  }
  reply.setSubjectId(subject);
  reply.setTreeSize(std::max(service.store->head().size, *recorded + 1));
  reply.setReadRecordPosition(*recorded);
  auto out = reply.initStreams(static_cast<unsigned>(read.size()));
  std::size_t n = 0;
  for (unsigned i = 0; i < out.size(); ++i) {
    out[i].setStreamId(read[i].first);
    auto entries = out[i].initEntries(static_cast<unsigned>(read[i].second.size()));
    for (unsigned j = 0; j < entries.size(); ++j, ++n) {
      FillEntry(read[i].second[j], entries[j]);
      if (!receipts.empty()) entries[j].setReceipt(receipts[n]);
    }
  }
  return Status::Ok();
}

}  // namespace ledger::api
