#include "projections/as_of.h"

#include "ledger/domain/streams.h"
#include "ledger/limits.h"

namespace ledger::projections {
namespace {

template <typename State>
Status FoldStream(const EventStore& store, const std::string& stream_id, AsOf as_of,
                  State& state) {
  StreamVersion from{1};
  for (;;) {
    Result<StreamPage> page = store.ReadStream(stream_id, from, limits::kPageSizeMax);
    if (!page.ok()) return page.status();
    for (const StoredEntry& stored : page->entries) {
      schema::Entry::Reader entry = stored.reader();
      if (entry.getPosition() > as_of.position || entry.getRecordedAtUs() > as_of.recorded_at_us) {
        return Status::Ok();
      }
      domain::Apply(state, entry);
    }
    if (!page->next_version) return Status::Ok();
    from = *page->next_version;
  }
}

std::string Bound(AsOf as_of) {
  if (as_of.position != std::numeric_limits<std::uint64_t>::max()) {
    return "position " + std::to_string(as_of.position);
  }
  if (as_of.recorded_at_us != std::numeric_limits<std::int64_t>::max()) {
    return "recorded time " + std::to_string(as_of.recorded_at_us) + " us";
  }
  return "the head";
}

}  // namespace

Result<domain::TrajectoryState> TrajectoryAsOf(const EventStore& store,
                                               const std::string& trajectory_id, AsOf as_of) {
  LEDGER_RETURN_IF_ERROR(domain::CheckSubjectId(trajectory_id, "trajectory id"));
  domain::TrajectoryState state;
  LEDGER_RETURN_IF_ERROR(FoldStream(store, domain::TrajectoryStream(trajectory_id), as_of, state));
  if (!state.opened) {
    return Status::NotFound("trajectory '" + trajectory_id + "' was not opened as of " +
                            Bound(as_of));
  }
  return state;
}

Result<domain::ComplaintState> ComplaintAsOf(const EventStore& store,
                                             const std::string& complaint_id, AsOf as_of) {
  LEDGER_RETURN_IF_ERROR(domain::CheckSubjectId(complaint_id, "complaint id"));
  domain::ComplaintState state;
  LEDGER_RETURN_IF_ERROR(FoldStream(store, domain::ComplaintStream(complaint_id), as_of, state));
  if (!state.filed) {
    return Status::NotFound("complaint '" + complaint_id + "' was not filed as of " +
                            Bound(as_of));
  }
  return state;
}

}  // namespace ledger::projections
