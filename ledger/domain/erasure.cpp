// EraseSubject (erasure.h): idempotency, the decision, one atomic append, the purge.
#include "ledger/domain/erasure.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

#include "ledger/base/limits.h"
#include "ledger/domain/enum_names.h"
#include "ledger/domain/streams.h"

namespace ledger::domain {
namespace {

// Decisions taken again after a concurrent erasure of the same person moved its stream.
constexpr int kAttemptsMax = 3;

std::string_view View(capnp::Text::Reader text) { return {text.cStr(), text.size()}; }

std::string Quote(std::string_view text) { return "'" + std::string(text) + "'"; }

Status CheckText(std::string_view text, std::string_view what) {
  bool printable = std::all_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) >= 0x20 && c != 0x7f;
  });
  if (!text.empty() && text.size() <= kErasureTextBytesMax && printable) return Status::Ok();
  return Status::InvalidArgument(
      std::string(what) + " must be 1 to " + std::to_string(kErasureTextBytesMax) +
      " bytes without control characters (it has " + std::to_string(text.size()) + " bytes)");
}

Status CheckRequest(const ErasureRequest& request) {
  LEDGER_RETURN_IF_ERROR(CheckSubjectId(request.subject_id, "subjectId"));
  LEDGER_RETURN_IF_ERROR(CheckText(request.legal_basis, "legalBasis"));
  LEDGER_RETURN_IF_ERROR(CheckText(request.request_reference, "requestReference"));
  schema::Role role = request.actor.role;
  if (role != schema::Role::ADMINISTRATOR && role != schema::Role::SYSTEM) {
    return Status::Rejected(RejectionCode::kRoleNotPermitted,
                            "role " + EnumName(role) +
                                " may not erase a person (only an "
                                "administrator, or the system offline)");
  }
  return Status::Ok();
}

std::vector<Position> ListedPositions(schema::PersonErased::Reader erased) {
  std::vector<Position> out;
  for (std::uint64_t position : erased.getErasedPositions()) out.push_back(Position{position});
  return out;
}

// The personErased events a command id appended (`count` from `first`), when they are all
// personErased events for this request; nullopt when the id was used for anything else.
Result<std::optional<std::vector<Position>>> RepeatedPositions(EventStore& store,
                                                               const ErasureRequest& request,
                                                               Position first,
                                                               std::uint32_t count) {
  std::vector<Position> positions;
  for (std::uint32_t i = 0; i < count; ++i) {
    Result<StoredEntry> entry = store.ReadEntry(Position{first.value + i});
    if (!entry.ok()) return entry.status();
    schema::Event::Reader event = entry->reader().getEvent();
    if (!event.isPersonErased()) return std::optional<std::vector<Position>>();
    schema::PersonErased::Reader erased = event.getPersonErased();
    bool same = View(erased.getSubjectId()) == request.subject_id &&
                View(erased.getLegalBasis()) == request.legal_basis &&
                View(erased.getRequestReference()) == request.request_reference;
    if (!same) return std::optional<std::vector<Position>>();
    for (Position position : ListedPositions(erased)) positions.push_back(position);
  }
  return std::optional<std::vector<Position>>(std::move(positions));
}

// The answer to a command id seen before: the original erasure, or kCommandIdReused.
Result<std::optional<ErasureResult>> Repeated(EventStore& store, const ErasureRequest& request) {
  Result<std::optional<EventStore::CommandPlace>> place = store.FindCommand(request.command_id);
  if (!place.ok()) return place.status();
  if (!place->has_value()) return std::optional<ErasureResult>();
  const EventStore::CommandPlace& found = **place;
  Result<std::optional<std::vector<Position>>> positions =
      RepeatedPositions(store, request, found.first_position, found.count);
  if (!positions.ok()) return positions.status();
  if (!positions->has_value()) {
    return Status::Rejected(RejectionCode::kCommandIdReused,
                            "command id " + Quote(request.command_id) +
                                " was already used for a different command, at position " +
                                std::to_string(found.first_position.value));
  }
  Result<StoredEntry> last =
      store.ReadEntry(Position{found.first_position.value + found.count - 1});
  if (!last.ok()) return last.status();
  ErasureResult result;
  result.receipt = AppendReceipt{AppendOutcome::kAlreadyAppended,
                                 found.first_position,
                                 found.count,
                                 {StreamVersion{last->reader().getStreamVersion()}}};
  result.stream_id = last->reader().getStreamId();
  result.erased_positions = std::move(positions)->value();
  return std::optional<ErasureResult>(std::move(result));
}

// The rejection when nothing of the subject is left to erase (`payloads` holds none stored).
Status NothingToErase(const EventStore& store, const ErasureRequest& request,
                      const SubjectPayloads& payloads) {
  std::string who = "subject " + Quote(request.subject_id);
  if (payloads.stream_ids.empty()) {
    return Status::Rejected(RejectionCode::kSubjectNotFound,
                            "no trajectory is opened for, and no complaint filed by, " + who +
                                " (searched " + std::to_string(payloads.streams_searched) +
                                " streams)");
  }
  std::string streams = std::to_string(payloads.stream_ids.size()) + " streams";
  if (payloads.absent.empty()) {
    return Status::Rejected(RejectionCode::kSubjectAlreadyErased,
                            "the " + streams + " of " + who + " hold no personal payload");
  }
  Result<std::optional<Position>> erasure =
      FindErasureOf(store, request.subject_id, payloads.absent.front());
  if (!erasure.ok()) return erasure.status();
  std::string earlier = erasure->has_value()
                            ? "erased at position " + std::to_string((*erasure)->value)
                            : "absent without an erasure event (ledgerctl verify --data "
                              "reports it)";
  return Status::Rejected(RejectionCode::kSubjectAlreadyErased,
                          "the " + std::to_string(payloads.absent.size()) +
                              " personal payloads on the " + streams + " of " + who +
                              " are gone already: " + earlier);
}

// One personErased event per kErasedPositionsPerEventMax positions, in increasing order, and
// the deletions of all of them, in one append.
AppendRequest ErasureAppend(const ErasureRequest& request, const std::vector<Position>& erased,
                            StreamVersion version, std::int64_t now_us) {
  AppendRequest append = AppendRequest::ForStream(
      request.command_id, request.actor, ErasureStream(request.subject_id),
      version.value == 0 ? ExpectedVersion::NoStream() : ExpectedVersion::Exact(version.value));
  append.correlation_id = request.correlation_id;
  for (std::size_t from = 0; from < erased.size(); from += limits::kErasedPositionsPerEventMax) {
    std::size_t count = std::min(limits::kErasedPositionsPerEventMax, erased.size() - from);
    EventDraft& draft = append.AddEvent(now_us);
    // A retry (another "now") is the same command: the fingerprint leaves the time out.
    draft.occurred_at_by_server = true;
    schema::PersonErased::Builder event = draft.event().initPersonErased();
    event.setSubjectId(request.subject_id);
    event.setLegalBasis(request.legal_basis);
    event.setRequestReference(request.request_reference);
    auto positions = event.initErasedPositions(static_cast<unsigned>(count));
    for (unsigned i = 0; i < positions.size(); ++i) positions.set(i, erased[from + i].value);
  }
  append.erase_personal = erased;
  return append;
}

// Decides on the ledger as it is now and appends; kWrongExpectedVersion when another erasure
// of the subject got in between.
Result<ErasureResult> DecideAndAppend(EventStore& store, const ErasureRequest& request,
                                      std::int64_t now_us) {
  std::string stream_id = ErasureStream(request.subject_id);
  Result<StreamVersion> version = store.VersionNow(stream_id);
  if (!version.ok()) return version.status();
  Result<SubjectPayloads> payloads = FindSubjectPayloads(store, request.subject_id);
  if (!payloads.ok()) return payloads.status();
  if (payloads->stored.empty()) return NothingToErase(store, request, *payloads);
  if (payloads->stored.size() > limits::kErasedPositionsMax) {
    return Status::InvalidArgument(
        "subject " + Quote(request.subject_id) + " has " + std::to_string(payloads->stored.size()) +
        " personal payloads, more than the " + std::to_string(limits::kErasedPositionsMax) +
        " one erasure may delete");
  }
  Result<AppendReceipt> receipt =
      store.Append(ErasureAppend(request, payloads->stored, *version, now_us));
  if (!receipt.ok()) return receipt.status();
  ErasureResult result;
  result.receipt = *receipt;
  result.stream_id = stream_id;
  result.erased_positions = std::move(payloads->stored);
  result.streams_searched = payloads->streams_searched;
  return result;
}

}  // namespace

Result<ErasureResult> EraseSubject(EventStore& store, const ErasureRequest& request,
                                   std::int64_t now_us) {
  LEDGER_RETURN_IF_ERROR(CheckRequest(request));
  Result<std::optional<ErasureResult>> repeated = Repeated(store, request);
  if (!repeated.ok()) return repeated.status();
  std::optional<ErasureResult> result = std::move(repeated).value();
  for (int attempt = 1; !result; ++attempt) {
    Result<ErasureResult> decided = DecideAndAppend(store, request, now_us);
    bool raced =
        !decided.ok() && decided.status().rejection() == RejectionCode::kWrongExpectedVersion;
    if (raced && attempt < kAttemptsMax) continue;
    if (!decided.ok()) return decided.status();
    result = std::move(decided).value();
  }
  auto started = std::chrono::steady_clock::now();
  Status purged = store.PurgeErased();
  result->purge_us = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::steady_clock::now() - started)
                         .count();
  std::uint64_t position = result->receipt.first_position.value;
  if (!purged.ok()) {
    return Status::IoError("the erasure of subject " + Quote(request.subject_id) +
                           " is recorded at position " + std::to_string(position) +
                           " and its payloads are deleted, but purging their bytes from the "
                           "ledger's files failed (" +
                           purged.ToString() + "); retry the same command to finish it");
  }
  spdlog::info("erasure of subject '{}' at position {}: {} personal payloads{}, purged in {} ms",
               request.subject_id, position, result->erased_positions.size(),
               result->receipt.outcome == AppendOutcome::kAlreadyAppended ? " (a retry)" : "",
               result->purge_us / 1000);
  return std::move(result).value();
}

}  // namespace ledger::domain
