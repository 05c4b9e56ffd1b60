// Trajectory reads: status, shortfall evidence, lists, and the activities a provider runs or a
// volunteer joins. Scope is judged on the state read (access_rules.h); an as-of read folds the
// stream from the ledger instead of the read model (projections/as_of.h).
#include <algorithm>

#include <capnp/schema.h>

#include "api/service/read_options.h"
#include "api/service/service.h"
#include "api/service/time_fields.h"
#include "api/wire/to_wire.h"
#include "ledger/domain/erasure.h"
#include "ledger/domain/shortfall.h"
#include "ledger/domain/streams.h"
#include "projections/as_of.h"

namespace ledger::api {
namespace {

// An as-of time is one bound or the other, and a past one: the future has no entries yet, and a
// state "as of" it would change under the caller as entries arrive.
Status CheckAsOfTime(const ServiceContext& service, std::uint64_t as_of_position,
                     std::int64_t as_of_time_us) {
  if (as_of_time_us == 0) return Status::Ok();
  if (as_of_position != 0) {
    return Status::InvalidArgument("asOfPosition " + std::to_string(as_of_position) +
                                   " and asOfRecordedAtUs " + std::to_string(as_of_time_us) +
                                   " are both given; pass one of them");
  }
  if (as_of_time_us < 0) {
    return Status::InvalidArgument("asOfRecordedAtUs " + std::to_string(as_of_time_us) +
                                   " is before the epoch (microseconds since 1970-01-01 UTC)");
  }
  std::int64_t now_us = service.clock->NowUs();
  if (as_of_time_us > now_us) {
    return Status::InvalidArgument("asOfRecordedAtUs " + std::to_string(as_of_time_us) +
                                   " is in the future (the server's time is " +
                                   std::to_string(now_us) + " us)");
  }
  return Status::Ok();
}

// The trajectory as the request asks: from the read model, or as of a position or a time.
Result<projections::TrajectoryAnswer> LoadTrajectory(const ServiceContext& service,
                                                     const CallContext& call,
                                                     wire::TrajectoryRequest::Reader request,
                                                     projections::QueryOptions& options) {
  std::string id = request.getTrajectoryId();
  LEDGER_RETURN_IF_ERROR(domain::CheckSubjectId(id, "trajectoryId"));
  LEDGER_RETURN_IF_ERROR(MayAskForTrajectory(call.principal, id));
  Result<projections::QueryOptions> parsed =
      ReadOptions(service, request.getAtLeastPosition(), request.getWaitMs(),
                  std::string_view(request.getEvaluationDay().cStr()));
  if (!parsed.ok()) return parsed.status();
  options = *parsed;
  options.hours_entries = false;  // The status and the shortfall show totals, never entries.
  std::uint64_t as_of = request.getAsOfPosition();
  Result<std::int64_t> as_of_time =
      TimeField("asOfRecordedAt", request.getAsOfRecordedAt(), request.getAsOfRecordedAtUs());
  if (!as_of_time.ok()) return as_of_time.status();
  std::int64_t as_of_time_us = *as_of_time;
  LEDGER_RETURN_IF_ERROR(CheckAsOfTime(service, as_of, as_of_time_us));
  Result<projections::TrajectoryAnswer> answer = Status::NotFound("");
  if (as_of != 0) {
    answer = service.models->TrajectoryBelow(id, as_of, options.evaluation_day);
  } else if (as_of_time_us != 0) {
    answer = service.models->TrajectoryRecordedBy(id, as_of_time_us, options.evaluation_day);
  } else {
    answer = service.models->Trajectory(id, options);
  }
  if (!answer.ok()) return answer.status();
  LEDGER_RETURN_IF_ERROR(MayReadTrajectory(call.principal, answer->state));
  return answer;
}

// Whether the newcomer's payload on the opening is still held, and if not, which erasure took
// it (the reply holds no personal field itself: only this state).
Status FillNewcomerData(const ServiceContext& service, const domain::TrajectoryState& state,
                        wire::TrajectoryReply::Builder reply) {
  Result<StreamPage> opening =
      service.store->ReadStream(domain::TrajectoryStream(state.trajectory_id), StreamVersion{1}, 1);
  if (!opening.ok()) return opening.status();
  if (opening->entries.empty()) return Status::Ok();
  const StoredEntry& entry = opening->entries.front();
  if (entry.personal_state() == PersonalState::kNone) reply.setNewcomerData("none");
  if (entry.personal_state() == PersonalState::kPresent) reply.setNewcomerData("present");
  if (entry.personal_state() != PersonalState::kAbsent) return Status::Ok();
  Result<std::optional<Position>> erasure =
      domain::FindErasureOf(*service.store, state.subject_id, entry.position());
  if (!erasure.ok()) return erasure.status();
  reply.setNewcomerData(erasure->has_value() ? "erased" : "missing");
  if (erasure->has_value()) reply.setErasedAtPosition((*erasure)->value);
  return Status::Ok();
}

}  // namespace

Status ReadTrajectory(const ServiceContext& service, const CallContext& call,
                      wire::TrajectoryRequest::Reader request,
                      wire::TrajectoryReply::Builder reply) {
  projections::QueryOptions options;
  Result<projections::TrajectoryAnswer> answer = LoadTrajectory(service, call, request, options);
  if (!answer.ok()) return answer.status();
  FillTrajectory(*answer, options.evaluation_day, reply);
  return FillNewcomerData(service, answer->state, reply);
}

Status ReadShortfall(const ServiceContext& service, const CallContext& call,
                     wire::TrajectoryRequest::Reader request, wire::ShortfallReply::Builder reply) {
  projections::QueryOptions options;
  Result<projections::TrajectoryAnswer> answer = LoadTrajectory(service, call, request, options);
  if (!answer.ok()) return answer.status();
  domain::ShortfallEvidence evidence =
      domain::ComputeShortfall(answer->state, service.models->parameters(), options.evaluation_day);
  FillShortfall(answer->position, answer->state.trajectory_id, evidence, reply);
  return Status::Ok();
}

Status ListTrajectories(const ServiceContext& service, const CallContext& call,
                        wire::TrajectoryListRequest::Reader request,
                        wire::TrajectoryListReply::Builder reply) {
  const Principal& principal = call.principal;
  Result<projections::QueryOptions> options =
      ReadOptions(service, request.getAtLeastPosition(), request.getWaitMs(),
                  std::string_view(request.getEvaluationDay().cStr()));
  if (!options.ok()) return options.status();
  Result<std::size_t> rows = PageRows(request.getLimit());
  if (!rows.ok()) return rows.status();
  projections::TrajectoryFilter filter;
  filter.municipality = request.getMunicipality();
  filter.director = request.getDirector();
  std::string status_name = request.getStatus();
  if (!status_name.empty()) {
    KJ_IF_MAYBE (enumerant,
                 capnp::Schema::from<wire::TrajectoryStatus>().findEnumerantByName(status_name)) {
      filter.status = static_cast<domain::TrajectoryStatus>(enumerant->getOrdinal());
    } else {
      return Status::InvalidArgument("status '" + status_name +
                                     "' is not a trajectory status (e.g. inProgress)");
    }
  }
  // A director lists its own trajectories; a counsellor those of one of its municipalities.
  if (principal.role == schema::Role::DIRECTOR) {
    if (!filter.director.empty() && filter.director != principal.organisation) {
      return Status::PermissionDenied("director '" + principal.organisation +
                                      "' may not list the trajectories of director '" +
                                      filter.director + "'");
    }
    filter.director = principal.organisation;
  }
  if (principal.role == schema::Role::COUNSELLOR) {
    bool everywhere =
        std::find(principal.scope.begin(), principal.scope.end(), "*") != principal.scope.end();
    bool listed = std::find(principal.scope.begin(), principal.scope.end(), filter.municipality) !=
                  principal.scope.end();
    if (!everywhere && (filter.municipality.empty() || !listed)) {
      return Status::PermissionDenied("counsellor '" + principal.id +
                                      "' lists trajectories one municipality of its scope "
                                      "at a time; '" +
                                      filter.municipality + "' is not one of them");
    }
  }
  Result<projections::Page<projections::TrajectorySummary>> page =
      service.models->ListTrajectories(filter, request.getAfter(), *rows, *options);
  if (!page.ok()) return page.status();
  FillPage(*page, reply, FillTrajectorySummary);
  return Status::Ok();
}

Status ReadActivities(const ServiceContext& service, const CallContext& call,
                      wire::ActivitiesRequest::Reader request,
                      wire::ActivitiesReply::Builder reply) {
  const Principal& principal = call.principal;
  std::string id = request.getTrajectoryId();
  LEDGER_RETURN_IF_ERROR(domain::CheckSubjectId(id, "trajectoryId"));
  Result<projections::QueryOptions> options =
      ReadOptions(service, request.getAtLeastPosition(), request.getWaitMs(), "");
  if (!options.ok()) return options.status();
  Result<projections::TrajectoryAnswer> answer = service.models->Trajectory(id, *options);
  if (!answer.ok()) return answer.status();
  const domain::TrajectoryState& state = answer->state;
  bool auditor = principal.role == schema::Role::AUDITOR;
  std::vector<const domain::ActivityState*> visible;
  for (const domain::ActivityState& activity : state.activities) {
    if (auditor || RunsActivity(principal, activity) || TakesPartIn(principal, id, activity.id)) {
      visible.push_back(&activity);
    }
  }
  // An auditor sees every activity, so a trajectory without any is an empty answer, not a
  // refusal; for the others an empty view means none of the activities is theirs.
  if (visible.empty() && !auditor) {
    return Status::PermissionDenied("no activity of trajectory '" + id + "' is run or joined by " +
                                    principal.id + " of '" + principal.organisation + "'");
  }
  reply.setPosition(answer->position);
  reply.setTrajectoryId(id);
  auto activities = reply.initActivities(static_cast<unsigned>(visible.size()));
  for (unsigned i = 0; i < activities.size(); ++i) FillActivity(*visible[i], activities[i]);
  if (principal.role == schema::Role::VOLUNTEER) return Status::Ok();  // Never hours.
  std::vector<const domain::HoursEntryState*> hours;
  for (const domain::HoursEntryState& entry : state.hours) {
    bool shown = std::any_of(visible.begin(), visible.end(), [&](const auto* activity) {
      return activity->id == entry.activity_id;
    });
    if (shown) hours.push_back(&entry);
  }
  auto out = reply.initHours(static_cast<unsigned>(hours.size()));
  for (unsigned i = 0; i < out.size(); ++i) FillHoursEntry(*hours[i], out[i]);
  return Status::Ok();
}

}  // namespace ledger::api
