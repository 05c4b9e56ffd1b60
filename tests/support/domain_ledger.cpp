#include "tests/support/domain_ledger.h"

#include <catch2/catch.hpp>

#include "ledger/domain/streams.h"
#include "tests/support/require_ok.h"

namespace ledger::testing {

DomainLedger::DomainLedger(Day today, domain::Parameters parameters,
                           domain::CommandHandlerOptions handling)
    : clock_(domain::NoonUs(today)) {
  store_ = std::move(EventStore::Open({.path = dir_.Sub("ledger"), .clock = &clock_})).value();
  handler_ = std::make_unique<domain::CommandHandler>(*store_, parameters, clock_, handling);
  db_ = std::move(projections::ProjectionDb::Open(dir_.Sub("projections"))).value();
  projector_ =
      std::make_unique<projections::Projector>(projections::LedgerSource::Of(*store_), *db_);
  REQUIRE_OK(projector_->Prepare());
  models_ =
      std::make_unique<projections::ReadModels>(*db_, projector_.get(), store_.get(), parameters);
}

void DomainLedger::Catch() { REQUIRE_OK(projector_->CatchUp()); }

std::string Trajectory(std::string_view id) { return domain::TrajectoryStream(id); }
std::string Complaint(std::string_view id) { return domain::ComplaintStream(id); }

}  // namespace ledger::testing
