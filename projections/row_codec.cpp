#include "projections/row_codec.h"

#include <capnp/message.h>
#include <capnp/serialize.h>
#include <kj/exception.h>

#include <cstring>

#include "projections/schema/rows.capnp.h"

namespace ledger::projections {
namespace {

using domain::Day;

capnp::Text::Reader Text(const std::string& text) {
  return capnp::Text::Reader(text.data(), text.size());
}
std::string Str(capnp::Text::Reader text) { return std::string(text.cStr(), text.size()); }

std::string ToBytes(capnp::MessageBuilder& message) {
  kj::Array<capnp::word> words = capnp::messageToFlatArray(message);
  return std::string(reinterpret_cast<const char*>(words.begin()),
                     words.size() * sizeof(capnp::word));
}

// Decodes `row` as `Root` and runs `read` on it; Corruption naming the key on any failure.
template <typename Root, typename State, typename Read>
Result<State> DecodeRow(std::string_view model, std::string_view key, std::string_view row,
                        Read read) {
  auto corrupt = [&](const std::string& what) {
    return Status::Corruption(std::string(model) + " row '" + std::string(key) + "': " + what +
                              " (rebuild the read models)");
  };
  if (row.empty() || row.size() % sizeof(capnp::word) != 0) {
    return corrupt("has " + std::to_string(row.size()) + " bytes, not whole words");
  }
  kj::Array<capnp::word> words = kj::heapArray<capnp::word>(row.size() / sizeof(capnp::word));
  std::memcpy(words.begin(), row.data(), row.size());
  State state;
  KJ_IF_MAYBE (exception, kj::runCatchingExceptions([&] {
                 capnp::FlatArrayMessageReader message(words);
                 read(message.getRoot<Root>(), state);
               })) {
    return corrupt(std::string("undecodable: ") + exception->getDescription().cStr());
  }
  return state;
}

void WriteHours(rows::HoursEntry::Builder out, const domain::HoursEntryState& in) {
  out.setId(Text(in.id));
  out.setActivityId(Text(in.activity_id));
  out.setSessionOn(in.session_on.value);
  out.setMinutes(in.minutes);
  out.setLoggedPosition(in.logged_position);
  out.setCorrections(in.corrections);
  out.setAttested(in.attested);
  out.setAttestedPosition(in.attested_position);
  out.setAttestedOn(in.attested_on.value);
  out.setVoided(in.voided);
  out.setVoidReason(in.void_reason);
  out.setVoidedPosition(in.voided_position);
}

void ReadHours(rows::HoursEntry::Reader in, domain::HoursEntryState& out) {
  out.id = Str(in.getId());
  out.activity_id = Str(in.getActivityId());
  out.session_on = Day{in.getSessionOn()};
  out.minutes = in.getMinutes();
  out.logged_position = in.getLoggedPosition();
  out.corrections = in.getCorrections();
  out.attested = in.getAttested();
  out.attested_position = in.getAttestedPosition();
  out.attested_on = Day{in.getAttestedOn()};
  out.voided = in.getVoided();
  out.void_reason = in.getVoidReason();
  out.voided_position = in.getVoidedPosition();
}

void WriteTotals(rows::KindTotals::Builder out, const domain::KindTotals& in) {
  out.setLoggedMinutes(in.logged_minutes);
  out.setAttestedMinutes(in.attested_minutes);
  out.setVoidedMinutes(in.voided_minutes);
  out.setSessions(in.sessions);
}

domain::KindTotals ReadTotals(rows::KindTotals::Reader in) {
  return {in.getLoggedMinutes(), in.getAttestedMinutes(), in.getVoidedMinutes(), in.getSessions()};
}

void WriteOffer(rows::Offer::Builder out, const domain::OfferState& in) {
  out.setId(Text(in.id));
  out.setRequestId(Text(in.request_id));
  out.setPerspective(in.perspective);
  out.setActivityKind(in.activity_kind);
  out.setProviderOrganisation(Text(in.provider_organisation));
  out.setDirectorOrganisation(Text(in.director_organisation));
  out.setOfferedHours(in.offered_hours);
  out.setMadeOn(in.made_on.value);
  out.setPosition(in.position);
  out.setOutcome(static_cast<std::uint8_t>(in.outcome));
  out.setClosedOn(in.closed_on.value);
  out.setClosedPosition(in.closed_position);
  out.setDeclineReason(in.decline_reason);
  out.setDeclineJustified(in.decline_justified);
  out.setWithdrawnBy(in.withdrawn_by);
}

void ReadOffer(rows::Offer::Reader in, domain::OfferState& out) {
  out.id = Str(in.getId());
  out.request_id = Str(in.getRequestId());
  out.perspective = in.getPerspective();
  out.activity_kind = in.getActivityKind();
  out.provider_organisation = Str(in.getProviderOrganisation());
  out.director_organisation = Str(in.getDirectorOrganisation());
  out.offered_hours = in.getOfferedHours();
  out.made_on = Day{in.getMadeOn()};
  out.position = in.getPosition();
  out.outcome = static_cast<domain::OfferOutcome>(in.getOutcome() & 3);
  out.closed_on = Day{in.getClosedOn()};
  out.closed_position = in.getClosedPosition();
  out.decline_reason = in.getDeclineReason();
  out.decline_justified = in.getDeclineJustified();
  out.withdrawn_by = in.getWithdrawnBy();
}

void WriteTrajectoryLists(rows::Trajectory::Builder out, const domain::TrajectoryState& in) {
  auto directors = out.initDirectors(static_cast<unsigned>(in.directors.size()));
  for (unsigned i = 0; i < in.directors.size(); ++i) directors.set(i, Text(in.directors[i]));
  auto changes = out.initPerspectiveChanges(static_cast<unsigned>(in.perspective_changes.size()));
  for (unsigned i = 0; i < changes.size(); ++i) {
    changes[i].setPerspective(in.perspective_changes[i].perspective);
    changes[i].setEffectiveOn(in.perspective_changes[i].effective_on.value);
    changes[i].setPosition(in.perspective_changes[i].position);
  }
  auto activities = out.initActivities(static_cast<unsigned>(in.activities.size()));
  for (unsigned i = 0; i < activities.size(); ++i) {
    const domain::ActivityState& a = in.activities[i];
    activities[i].setId(Text(a.id));
    activities[i].setKind(a.kind);
    activities[i].setProviderOrganisation(Text(a.provider_organisation));
    activities[i].setContactPersonId(Text(a.contact_person_id));
    activities[i].setDutchLanguageContext(a.dutch_language_context);
    activities[i].setSocialParticipation(a.social_participation);
    activities[i].setRegisteredPosition(a.registered_position);
  }
  auto requests = out.initRequests(static_cast<unsigned>(in.requests.size()));
  for (unsigned i = 0; i < requests.size(); ++i) {
    const domain::OfferRequestState& r = in.requests[i];
    requests[i].setId(Text(r.id));
    requests[i].setPerspective(r.perspective);
    requests[i].setAvailableFrom(r.available_from.value);
    requests[i].setMinimumHours(r.minimum_hours);
    requests[i].setPosition(r.position);
  }
  auto offers = out.initOffers(static_cast<unsigned>(in.offers.size()));
  for (unsigned i = 0; i < offers.size(); ++i) WriteOffer(offers[i], in.offers[i]);
  auto suspensions = out.initSuspensions(static_cast<unsigned>(in.suspensions.size()));
  for (unsigned i = 0; i < suspensions.size(); ++i) {
    const domain::SuspensionState& s = in.suspensions[i];
    suspensions[i].setId(Text(s.id));
    suspensions[i].setGround(s.ground);
    suspensions[i].setStartsOn(s.starts_on.value);
    suspensions[i].setEndsOn(s.ends_on.value);
    suspensions[i].setEnded(s.ended);
    suspensions[i].setPosition(s.position);
    suspensions[i].setEndedPosition(s.ended_position);
  }
}

void ReadTrajectoryLists(rows::Trajectory::Reader in, domain::TrajectoryState& out) {
  auto directors = in.getDirectors();
  for (unsigned i = 0; i < directors.size() && i < out.directors.size(); ++i) {
    out.directors[i] = Str(directors[i]);
  }
  for (auto change : in.getPerspectiveChanges()) {
    out.perspective_changes.push_back(
        {change.getPerspective(), Day{change.getEffectiveOn()}, change.getPosition()});
  }
  for (auto a : in.getActivities()) {
    out.activities.push_back({Str(a.getId()), a.getKind(), Str(a.getProviderOrganisation()),
                              Str(a.getContactPersonId()), a.getDutchLanguageContext(),
                              a.getSocialParticipation(), a.getRegisteredPosition()});
  }
  for (auto r : in.getRequests()) {
    out.requests.push_back({Str(r.getId()), r.getPerspective(), Day{r.getAvailableFrom()},
                            r.getMinimumHours(), r.getPosition()});
  }
  for (auto o : in.getOffers()) ReadOffer(o, out.offers.emplace_back());
  for (auto s : in.getSuspensions()) {
    out.suspensions.push_back({Str(s.getId()), s.getGround(), Day{s.getStartsOn()},
                               Day{s.getEndsOn()}, s.getEnded(), s.getPosition(),
                               s.getEndedPosition()});
  }
}

}  // namespace

std::string EncodeTrajectoryRow(const domain::TrajectoryState& in) {
  capnp::MallocMessageBuilder message(1024);
  auto out = message.initRoot<rows::Trajectory>();
  out.setTrajectoryId(Text(in.trajectory_id));
  out.setOpened(in.opened);
  out.setSubjectId(Text(in.subject_id));
  out.setMunicipalityCode(Text(in.municipality_code));
  out.setCounsellorOrganisation(Text(in.counsellor_organisation));
  out.setContractSignedOn(in.contract_signed_on.value);
  out.setObligation(in.obligation);
  out.setPerspective(in.perspective);
  out.setRequiredHours(in.required_hours);
  out.setOpenedPosition(in.opened_position);
  out.setOpenedOn(in.opened_on.value);
  WriteTrajectoryLists(out, in);
  if (in.exemption) {
    out.setExempted(true);
    out.setExemptionGround(in.exemption->ground);
    out.setExemptionGrantedOn(in.exemption->granted_on.value);
    out.setExemptionPosition(in.exemption->position);
  }
  out.setAttestedMinutes(in.attested_minutes);
  if (in.completed_on) {
    out.setCompleted(true);
    out.setCompletedOn(in.completed_on->value);
    out.setCompletedPosition(in.completed_position);
  }
  out.setVersion(in.version);
  out.setLastPosition(in.last_position);
  out.setLastRecordedAtUs(in.last_recorded_at_us);
  out.setHoursCount(static_cast<std::uint32_t>(in.hours.size()));
  auto by_kind = out.initTotalsByKind(static_cast<unsigned>(in.totals.by_kind.size()));
  for (unsigned k = 0; k < by_kind.size(); ++k) WriteTotals(by_kind[k], in.totals.by_kind[k]);
  WriteTotals(out.initTotalsAll(), in.totals.all);
  return ToBytes(message);
}

Result<domain::TrajectoryState> DecodeTrajectoryRow(std::string_view key, std::string_view row) {
  return DecodeRow<rows::Trajectory, domain::TrajectoryState>(
      "trajectory", key, row, [](rows::Trajectory::Reader in, domain::TrajectoryState& out) {
        auto by_kind = in.getTotalsByKind();
        for (unsigned k = 0; k < by_kind.size() && k < out.totals.by_kind.size(); ++k) {
          out.totals.by_kind[k] = ReadTotals(by_kind[k]);
        }
        out.totals.all = ReadTotals(in.getTotalsAll());
        out.totals.entries = in.getHoursCount();
        out.trajectory_id = Str(in.getTrajectoryId());
        out.opened = in.getOpened();
        out.subject_id = Str(in.getSubjectId());
        out.municipality_code = Str(in.getMunicipalityCode());
        out.counsellor_organisation = Str(in.getCounsellorOrganisation());
        out.contract_signed_on = Day{in.getContractSignedOn()};
        out.obligation = in.getObligation();
        out.perspective = in.getPerspective();
        out.required_hours = in.getRequiredHours();
        out.opened_position = in.getOpenedPosition();
        out.opened_on = Day{in.getOpenedOn()};
        ReadTrajectoryLists(in, out);
        if (in.getExempted()) {
          out.exemption = domain::ExemptionState{
              in.getExemptionGround(), Day{in.getExemptionGrantedOn()}, in.getExemptionPosition()};
        }
        out.attested_minutes = in.getAttestedMinutes();
        if (in.getCompleted()) {
          out.completed_on = Day{in.getCompletedOn()};
          out.completed_position = in.getCompletedPosition();
        }
        out.version = in.getVersion();
        out.last_position = in.getLastPosition();
        out.last_recorded_at_us = in.getLastRecordedAtUs();
      });
}

std::string EncodeHoursPage(const std::vector<domain::HoursEntryState>& entries, std::size_t first,
                            std::size_t end) {
  capnp::MallocMessageBuilder message(512);
  auto out = message.initRoot<rows::HoursPage>().initEntries(static_cast<unsigned>(end - first));
  for (std::size_t i = first; i < end; ++i) {
    WriteHours(out[static_cast<unsigned>(i - first)], entries[i]);
  }
  return ToBytes(message);
}

Result<std::size_t> DecodeHoursPage(std::string_view key, std::string_view row,
                                    std::vector<domain::HoursEntryState>& out) {
  // Decoded into a page of its own first: `out` changes only when the whole page decodes.
  Result<std::vector<domain::HoursEntryState>> page =
      DecodeRow<rows::HoursPage, std::vector<domain::HoursEntryState>>(
          "hours page", key, row,
          [](rows::HoursPage::Reader in, std::vector<domain::HoursEntryState>& entries) {
            entries.reserve(in.getEntries().size());
            for (auto entry : in.getEntries()) ReadHours(entry, entries.emplace_back());
          });
  if (!page.ok()) return page.status();
  std::size_t count = page->size();
  for (domain::HoursEntryState& entry : *page) out.push_back(std::move(entry));
  return count;
}

namespace {

void WriteFact(rows::DatedFact::Builder out, const std::optional<domain::DatedFact>& in) {
  if (!in) return;
  out.setPresent(true);
  out.setOn(in->on.value);
  out.setPosition(in->position);
}

std::optional<domain::DatedFact> ReadFact(rows::DatedFact::Reader in) {
  if (!in.getPresent()) return std::nullopt;
  return domain::DatedFact{Day{in.getOn()}, in.getPosition()};
}

void WriteComplaintLists(rows::Complaint::Builder out, const domain::ComplaintState& in) {
  auto evidence = out.initEvidence(static_cast<unsigned>(in.evidence.size()));
  for (unsigned i = 0; i < evidence.size(); ++i) {
    const domain::EvidenceLinkState& link = in.evidence[i];
    evidence[i].setKind(link.kind);
    evidence[i].setPosition(link.position);
    evidence[i].setTrajectoryId(Text(link.trajectory_id));
    evidence[i].setDocumentReference(Text(link.document_reference));
    evidence[i].setLinkedPosition(link.linked_position);
  }
  auto escalations = out.initEscalations(static_cast<unsigned>(in.escalations.size()));
  for (unsigned i = 0; i < escalations.size(); ++i) {
    escalations[i].setBody(in.escalations[i].body);
    escalations[i].setEscalatedOn(in.escalations[i].escalated_on.value);
    escalations[i].setPosition(in.escalations[i].position);
  }
}

}  // namespace

std::string EncodeComplaintRow(const domain::ComplaintState& in) {
  capnp::MallocMessageBuilder message(512);
  auto out = message.initRoot<rows::Complaint>();
  out.setComplaintId(Text(in.complaint_id));
  out.setFiled(in.filed);
  out.setComplainantId(Text(in.complainant_id));
  out.setTrajectoryId(Text(in.trajectory_id));
  out.setCategory(in.category);
  out.setAgainst(in.against);
  out.setAgainstOrganisation(Text(in.against_organisation));
  out.setFactsOccurredOn(in.facts_occurred_on.value);
  out.setReceivedOn(in.received_on.value);
  out.setChannel(in.channel);
  out.setFiledPosition(in.filed_position);
  WriteFact(out.initAcknowledged(), in.acknowledged);
  WriteFact(out.initDeclaredInadmissible(), in.declared_inadmissible);
  out.setInadmissibilityGround(in.inadmissibility_ground);
  out.setHandlerId(Text(in.handler_id));
  out.setHandlerOrganisation(Text(in.handler_organisation));
  out.setAssignedPosition(in.assigned_position);
  WriteFact(out.initExtended(), in.extended);
  WriteFact(out.initDecided(), in.decided);
  out.setOutcome(in.outcome);
  WriteFact(out.initWithdrawn(), in.withdrawn);
  WriteComplaintLists(out, in);
  out.setVersion(in.version);
  out.setLastPosition(in.last_position);
  out.setLastRecordedAtUs(in.last_recorded_at_us);
  return ToBytes(message);
}

Result<domain::ComplaintState> DecodeComplaintRow(std::string_view key, std::string_view row) {
  return DecodeRow<rows::Complaint, domain::ComplaintState>(
      "complaint", key, row, [](rows::Complaint::Reader in, domain::ComplaintState& out) {
        out.complaint_id = Str(in.getComplaintId());
        out.filed = in.getFiled();
        out.complainant_id = Str(in.getComplainantId());
        out.trajectory_id = Str(in.getTrajectoryId());
        out.category = in.getCategory();
        out.against = in.getAgainst();
        out.against_organisation = Str(in.getAgainstOrganisation());
        out.facts_occurred_on = Day{in.getFactsOccurredOn()};
        out.received_on = Day{in.getReceivedOn()};
        out.channel = in.getChannel();
        out.filed_position = in.getFiledPosition();
        out.acknowledged = ReadFact(in.getAcknowledged());
        out.declared_inadmissible = ReadFact(in.getDeclaredInadmissible());
        out.inadmissibility_ground = in.getInadmissibilityGround();
        out.handler_id = Str(in.getHandlerId());
        out.handler_organisation = Str(in.getHandlerOrganisation());
        out.assigned_position = in.getAssignedPosition();
        for (auto link : in.getEvidence()) {
          out.evidence.push_back({link.getKind(), link.getPosition(), Str(link.getTrajectoryId()),
                                  Str(link.getDocumentReference()), link.getLinkedPosition()});
        }
        out.extended = ReadFact(in.getExtended());
        out.decided = ReadFact(in.getDecided());
        out.outcome = in.getOutcome();
        for (auto e : in.getEscalations()) {
          out.escalations.push_back({e.getBody(), Day{e.getEscalatedOn()}, e.getPosition()});
        }
        out.withdrawn = ReadFact(in.getWithdrawn());
        out.version = in.getVersion();
        out.last_position = in.getLastPosition();
        out.last_recorded_at_us = in.getLastRecordedAtUs();
      });
}

}  // namespace ledger::projections
