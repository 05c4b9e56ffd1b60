#include "tests/support/sample_trajectory.h"

#include "ledger/domain/streams.h"

namespace ledger::testing {

EntryBuilder SampleTrajectory() {
  EntryBuilder b(domain::TrajectoryStream(kTrajectoryId));
  b.Add(Counsellor(), On(2026, 3, 2), TrajectoryOpenedArgs{});
  b.Add(Counsellor(), On(2026, 3, 2), DirectorAssignedArgs{});
  b.Add(Counsellor(), On(2026, 3, 3), ActivityRegisteredArgs{});
  b.Add(Counsellor(), On(2026, 3, 3),
        ActivityRegisteredArgs{.activity_id = "act-solo",
                               .provider_organisation = "bib-gent",
                               .contact_person_id = "cp-bib-01",
                               .social_participation = false});
  b.Add(Counsellor(), On(2026, 3, 3),
        ActivityRegisteredArgs{.activity_id = "act-english",
                               .provider_organisation = "sportclub-gent",
                               .contact_person_id = "cp-sport-04",
                               .dutch_language_context = false});
  b.Add(Counsellor(), On(2026, 3, 3),
        ActivityRegisteredArgs{.activity_id = "act-taal",
                               .kind = schema::ActivityKind::LANGUAGE_INTERNSHIP,
                               .provider_organisation = "wzc-heiveld",
                               .contact_person_id = "cp-heiveld-02"});
  b.Add(Newcomer(), On(2026, 3, 5), OfferRequestedArgs{});
  b.Add(Newcomer(), On(2026, 3, 10), HoursLoggedArgs{});
  b.Add(Newcomer(), On(2026, 3, 12),
        HoursLoggedArgs{.hours_entry_id = "h-5",
                        .activity_id = "act-taal",
                        .session_on = On(2026, 3, 12),
                        .minutes = 60});
  b.Add(Newcomer(), On(2026, 3, 17),
        HoursLoggedArgs{.hours_entry_id = "h-2", .session_on = On(2026, 3, 17), .minutes = 90});
  b.Add(Director(), On(2026, 3, 20), OfferMadeArgs{});
  b.Add(Director(), On(2026, 3, 21),
        OfferMadeArgs{.offer_id = "off-2", .made_on = On(2026, 3, 21)});
  b.Add(Newcomer(), On(2026, 3, 24),
        HoursLoggedArgs{.hours_entry_id = "h-3", .session_on = On(2026, 3, 24), .minutes = 60});
  b.Add(Counsellor(), On(2026, 3, 25),
        HoursVoidedArgs{.hours_entry_id = "h-3", .reason = schema::VoidReason::DUPLICATE});
  b.Add(Newcomer(), On(2026, 3, 25), OfferAcceptedArgs{.offer_id = "off-2"});
  b.Add(Newcomer(), On(2026, 3, 31),
        HoursLoggedArgs{.hours_entry_id = "h-4", .session_on = On(2026, 3, 31), .minutes = 60});
  b.Add(Counsellor(), On(2026, 3, 31), SuspensionStartedArgs{});
  b.Add(ProviderContact(), On(2026, 4, 2), HoursAttestedArgs{.hours_entry_ids = {"h-4"}});
  b.Add(Counsellor(), On(2026, 4, 20),
        SuspensionStartedArgs{
            .suspension_id = "sus-2", .starts_on = On(2026, 5, 1), .ends_on = On(2026, 5, 10)});
  b.Add(Counsellor(), On(2026, 5, 8),
        SuspensionEndedArgs{.suspension_id = "sus-2", .ended_on = On(2026, 5, 8)});
  return b;
}

const domain::TrajectoryState& SampleTrajectoryState(Sample which) {
  static const domain::TrajectoryState opened = FoldTrajectory(SampleTrajectory());
  static const domain::TrajectoryState exempted = [] {
    EntryBuilder entries = SampleTrajectory();
    entries.Add(Counsellor(), On(2026, 5, 20), ExemptionGrantedArgs{.granted_on = On(2026, 5, 20)});
    return FoldTrajectory(entries);
  }();
  static const domain::TrajectoryState not_opened;
  switch (which) {
    case Sample::kOpened: return opened;
    case Sample::kExempted: return exempted;
    case Sample::kNotOpened: return not_opened;
  }
  return opened;
}

}  // namespace ledger::testing
