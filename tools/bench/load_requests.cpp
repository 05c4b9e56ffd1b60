#include "tools/bench/load_requests.h"

#include <cstdio>

namespace ledger::tools {
namespace {

constexpr int kContractYear = 2026;
constexpr int kContractMonth = 1;
constexpr int kContractDay = 5;
constexpr std::uint16_t kMinutesBase = 30;

// A session day of 2026 from January 5 to October 28: after the contract, before today.
struct SessionDay {
  int month;
  int day;
};
SessionDay SessionOf(std::uint64_t k) {
  return {static_cast<int>(1 + k % 10), static_cast<int>(kContractDay + (k / 10) % 24)};
}

std::uint16_t MinutesOf(std::uint64_t k) {
  return static_cast<std::uint16_t>(kMinutesBase + k % 90);
}

std::string ActivityId(std::uint64_t index) { return "act-" + std::to_string(index); }

}  // namespace

std::string LoadTrajectoryId(std::uint64_t index) { return "lt-" + std::to_string(index); }

void FillSetupCommand(std::uint64_t index, api::wire::CommandRequest::Builder request) {
  request.setTrajectoryId(LoadTrajectoryId(index));
  request.setCommandId("setup-" + std::to_string(index));
  request.setExpectedVersion("no-stream");
  auto events = request.initEvents(2);
  auto opened = events[0].initEvent().initTrajectoryOpened();
  opened.setSubjectId("subject-" + std::to_string(index));
  opened.setMunicipalityCode("44021");
  auto signed_on = opened.initContractSignedOn();
  signed_on.setYear(kContractYear);
  signed_on.setMonth(kContractMonth);
  signed_on.setDay(kContractDay);
  opened.setObligation(schema::Obligation::OBLIGATED);
  opened.setPerspective(schema::Perspective::SOCIAL);
  opened.setRequiredHours(40);
  auto activity = events[1].initEvent().initActivityRegistered();
  activity.setActivityId(ActivityId(index));
  activity.setKind(schema::ActivityKind::BUDDY_PROJECT);
  activity.setProviderOrganisation("vzw-samen-gent");
  activity.setContactPersonId("cp-samen-01");
  activity.setDutchLanguageContext(true);
  activity.setSocialParticipation(true);
}

void FillHoursCommand(std::uint64_t k, std::uint64_t trajectories, const std::string& prefix,
                      api::wire::CommandRequest::Builder request) {
  std::uint64_t index = k % trajectories;
  request.setTrajectoryId(LoadTrajectoryId(index));
  request.setCommandId(prefix + "-" + std::to_string(k));
  auto hours = request.initEvents(1)[0].initEvent().initHoursLogged();
  hours.setHoursEntryId("h" + std::to_string(k));
  hours.setActivityId(ActivityId(index));
  SessionDay day = SessionOf(k);
  auto session_on = hours.initSessionOn();
  session_on.setYear(kContractYear);
  session_on.setMonth(static_cast<std::uint8_t>(day.month));
  session_on.setDay(static_cast<std::uint8_t>(day.day));
  hours.setMinutes(MinutesOf(k));
}

std::string HoursCommandJson(std::uint64_t k, std::uint64_t trajectories,
                             const std::string& prefix) {
  SessionDay day = SessionOf(k);
  char session_on[16];
  std::snprintf(session_on, sizeof session_on, "%04d-%02d-%02d", kContractYear, day.month, day.day);
  return "{\"commandId\":\"" + prefix + "-" + std::to_string(k) +
         "\",\"events\":[{\"event\":{\"hoursLogged\":{\"hoursEntryId\":\"h" + std::to_string(k) +
         "\",\"activityId\":\"" + ActivityId(k % trajectories) + "\",\"sessionOn\":\"" +
         session_on + "\",\"minutes\":" + std::to_string(MinutesOf(k)) + "}}}]}";
}

std::string HoursCommandPath(std::uint64_t k, std::uint64_t trajectories) {
  return "/v1/trajectories/" + LoadTrajectoryId(k % trajectories) + "/commands";
}

}  // namespace ledger::tools
