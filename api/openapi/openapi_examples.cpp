#include "api/openapi/openapi_examples.h"

#include <capnp/message.h>

#include "api/http/http_reply.h"
#include "api/schema/ledger.capnp.h"
#include "api/wire/json.h"

namespace ledger::api {
namespace {

const WireJson& Json() {
  static const WireJson json;
  return json;
}

bool IsTrajectoryCommand(const Route& route) {
  return route.path == "/v1/trajectories/{trajectoryId}/commands";
}

}  // namespace

std::optional<JsonNode> RequestExample(const Route& route) {
  if (!IsTrajectoryCommand(route)) return std::nullopt;
  // The newcomer logs 90 minutes of a buddy session (docs/api.md's example).
  capnp::MallocMessageBuilder message;
  auto request = message.initRoot<wire::CommandRequest>();
  request.setCommandId("9b1c7f0e-5a2d-4c61-9f3e-2d7a8b6c1e40");
  request.setExpectedVersion("any");
  auto input = request.initEvents(1)[0];
  input.setOccurredAt("2026-11-20T14:00:00+01:00");
  auto hours = input.initEvent().initHoursLogged();
  hours.setHoursEntryId("h-7");
  hours.setActivityId("act-buddy");
  auto day = hours.initSessionOn();
  day.setYear(2026);
  day.setMonth(11);
  day.setDay(20);
  hours.setMinutes(90);
  return JsonNode::Parse(Json().EncodeStruct(request.asReader()));
}

std::optional<JsonNode> ReplyExample(const Route& route) {
  if (!IsTrajectoryCommand(route)) return std::nullopt;
  capnp::MallocMessageBuilder message;
  auto reply = message.initRoot<wire::CommandReply>();
  reply.setOutcome(wire::Outcome::APPENDED);
  reply.setStreamId("trajectory-T-2026-0001");
  reply.setFirstPosition(198421);
  reply.setCount(1);
  reply.setStreamVersion(26);
  reply.setNextPosition(198422);
  return JsonNode::Parse(Json().EncodeStruct(reply.asReader()));
}

std::optional<JsonNode> ProblemExample(unsigned status) {
  if (status != 400) return std::nullopt;
  std::string detail =
      "events[0].event.hoursLogged.minutes must be a whole number from 0 to 65535; it is "
      "\"ninety\"";
  ApiError error =
      InputError({InputIssue{InputIssue::Kind::kSchemaViolation, wire::InputLocation::BODY,
                             "events[0].event.hoursLogged.minutes", "ninety", detail}});
  return JsonNode::Parse(ProblemJson(Json(), error, "r-0d635a890f56a40c"));
}

}  // namespace ledger::api
