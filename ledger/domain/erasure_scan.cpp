// FindSubjectStreams, FindSubjectPayloads and FindErasureOf (erasure.h): what the ledger holds
// of a subject, read from the stream index and the entries, one bounded page at a time.
#include <algorithm>

#include "ledger/domain/erasure.h"
#include "ledger/domain/streams.h"

namespace ledger::domain {
namespace {

constexpr std::size_t kStreamPage = 1000;  // Stream ids, or one stream's entries, per read.

std::string_view View(capnp::Text::Reader text) { return {text.cStr(), text.size()}; }

// True when the stream's first event makes it the subject's.
bool BelongsTo(const StoredEntry& first, std::string_view subject_id) {
  schema::Event::Reader event = first.reader().getEvent();
  if (event.isTrajectoryOpened()) {
    return View(event.getTrajectoryOpened().getSubjectId()) == subject_id;
  }
  if (event.isComplaintFiled()) {
    return View(event.getComplaintFiled().getComplainantId()) == subject_id;
  }
  return false;
}

// Adds the positions of `stream_id` with a personal commitment to `out`.
Status CollectPayloads(const EventStore& store, const std::string& stream_id,
                       SubjectPayloads& out) {
  std::optional<StreamVersion> from = StreamVersion{1};
  while (from) {
    Result<StreamPage> page = store.ReadStream(stream_id, *from, kStreamPage);
    if (!page.ok()) return page.status();
    for (const StoredEntry& entry : page->entries) {
      if (entry.personal_state() == PersonalState::kPresent) out.stored.push_back(entry.position());
      if (entry.personal_state() == PersonalState::kAbsent) out.absent.push_back(entry.position());
    }
    from = page->next_version;
  }
  return Status::Ok();
}

// Every stream of `prefix` whose first event names the subject, into `out`.
Status SearchStreams(const EventStore& store, std::string_view prefix, std::string_view subject_id,
                     SubjectStreams& out) {
  std::string after;
  while (true) {
    Result<StreamIdPage> page = store.ListStreams(prefix, after, kStreamPage);
    if (!page.ok()) return page.status();
    for (const std::string& stream_id : page->stream_ids) {
      ++out.streams_searched;
      Result<StreamPage> first = store.ReadStream(stream_id, StreamVersion{1}, 1);
      if (!first.ok()) return first.status();
      if (first->entries.empty() || !BelongsTo(first->entries.front(), subject_id)) continue;
      out.stream_ids.push_back(stream_id);
    }
    if (!page->next_after) return Status::Ok();
    after = *page->next_after;
  }
}

}  // namespace

Result<SubjectStreams> FindSubjectStreams(const EventStore& store, std::string_view subject_id) {
  SubjectStreams out;
  LEDGER_RETURN_IF_ERROR(SearchStreams(store, kTrajectoryStreamPrefix, subject_id, out));
  LEDGER_RETURN_IF_ERROR(SearchStreams(store, kComplaintStreamPrefix, subject_id, out));
  return out;
}

Result<SubjectPayloads> FindSubjectPayloads(const EventStore& store, std::string_view subject_id) {
  Result<SubjectStreams> streams = FindSubjectStreams(store, subject_id);
  if (!streams.ok()) return streams.status();
  SubjectPayloads out;
  out.streams_searched = streams->streams_searched;
  for (const std::string& stream_id : streams->stream_ids) {
    LEDGER_RETURN_IF_ERROR(CollectPayloads(store, stream_id, out));
  }
  out.stream_ids = std::move(streams->stream_ids);
  std::sort(out.stored.begin(), out.stored.end());
  std::sort(out.absent.begin(), out.absent.end());
  return out;
}

Result<std::optional<Position>> FindErasureOf(const EventStore& store, std::string_view subject_id,
                                              Position erased) {
  std::string stream_id = ErasureStream(subject_id);
  std::optional<StreamVersion> from = StreamVersion{1};
  while (from) {
    Result<StreamPage> page = store.ReadStream(stream_id, *from, kStreamPage);
    if (!page.ok()) return page.status();
    for (const StoredEntry& entry : page->entries) {
      schema::Event::Reader event = entry.reader().getEvent();
      if (!event.isPersonErased()) continue;
      for (std::uint64_t position : event.getPersonErased().getErasedPositions()) {
        if (position == erased.value) return std::optional<Position>(entry.position());
      }
    }
    from = page->next_version;
  }
  return std::optional<Position>();
}

}  // namespace ledger::domain
