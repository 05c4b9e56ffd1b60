// A sample trajectory with something of everything, for rule, fold and projection tests.
//
// SampleTrajectory() is trajectory kTrajectoryId built from the defaults of domain_events.h
// (every event accepted by the rules), day by day in 2026:
//   03-02 opened (contract 03-02, social), director "stad-gent" for social
//   03-03 activities act-buddy (eligible, vzw-samen-gent/cp-samen-01), act-solo (no social
//         participation), act-english (no Dutch-language context), act-taal (eligible,
//         wzc-heiveld/cp-heiveld-02)
//   hours h-1 03-10 120', h-2 03-17 90', h-3 03-24 60' (voided), h-4 03-31 60' (attested), all
//         act-buddy; h-5 03-12 60' on act-taal
//   request req-1 (social, from 03-05); offers off-1 (03-20, open), off-2 (03-21, accepted 03-25)
//   suspensions sus-1 04-01..04-14, sus-2 05-01..05-10 ended on 05-08
// SampleTrajectoryState folds it once per process: as built, with an exemption granted on
// 2026-05-20, or an empty state (the trajectory not opened yet).
// Thread safety: SampleTrajectoryState initialises on first use (C++ static locals).
#pragma once

#include "ledger/domain/trajectory_state.h"
#include "tests/support/domain_events.h"

namespace ledger::testing {

EntryBuilder SampleTrajectory();

enum class Sample { kOpened, kExempted, kNotOpened };
const domain::TrajectoryState& SampleTrajectoryState(Sample which);

}  // namespace ledger::testing
