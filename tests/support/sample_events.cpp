#include "tests/support/sample_events.h"

namespace ledger::testing {
namespace {
const ActorRef kCounsellor{schema::Role::COUNSELLOR, "agentschap-integratie", "tb-1"};
}  // namespace

void AddHours(AppendRequest& request, const std::string& entry_id, std::uint16_t minutes) {
  auto logged = request.AddEvent(kOccurredUs).event().initHoursLogged();
  logged.setHoursEntryId(entry_id);
  logged.setActivityId("act-buddy");
  auto day = logged.initSessionOn();
  day.setYear(2026);
  day.setMonth(3);
  day.setDay(9);
  logged.setMinutes(minutes);
}

AppendRequest HoursCommand(const std::string& command_id, const std::string& stream,
                           ExpectedVersion expected, std::uint16_t minutes) {
  AppendRequest request = AppendRequest::ForStream(command_id, kCounsellor, stream, expected);
  AddHours(request, "h-" + command_id, minutes);
  return request;
}

AppendRequest OpenCommand(const std::string& command_id, const std::string& stream,
                          const std::string& full_name) {
  AppendRequest request =
      AppendRequest::ForStream(command_id, kCounsellor, stream, ExpectedVersion::NoStream());
  EventDraft& draft = request.AddEvent(kOccurredUs);
  auto opened = draft.event().initTrajectoryOpened();
  opened.setSubjectId("subject-" + command_id);
  opened.setMunicipalityCode("44021");
  opened.setObligation(schema::Obligation::OBLIGATED);
  opened.setPerspective(schema::Perspective::WORK);
  opened.setRequiredHours(40);
  auto personal = draft.personal();
  personal.setFullName(full_name);
  personal.setNationalRegisterNumber("90021512345");
  return request;
}

}  // namespace ledger::testing
