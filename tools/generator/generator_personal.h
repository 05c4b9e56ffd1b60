// Fake but plausible personal fields for generated events: names of the newcomers' most common
// countries of origin, Belgian national register numbers with valid check digits, Belgian
// mobile numbers and e-mail addresses on example.be, and short free texts in Dutch as
// newcomers, counsellors and complaint handlers write them. None of it describes a real person.
// Thread safety: pure functions of their seed or of the caller's Rng.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ledger/schema/events.capnp.h"
#include "tools/generator/generator_random.h"

namespace ledger::tools {

// A newcomer's personal fields, rebuilt from a seed whenever an event needs them (so the
// simulator keeps 8 bytes per person, not the strings).
struct FakePerson {
  std::string full_name;
  std::string national_register_number;  // 11 digits: birth date, serial, check digits.
  std::string contact;                   // "+32 470 12 34 56, amina.haddad@example.be".
};
FakePerson PersonFromSeed(std::uint64_t seed);

// What a free text is about.
enum class TextTopic : std::uint8_t {
  kActivity,    // An activity in the newcomer's words.
  kCorrection,  // Why an hour entry was corrected.
  kVoid,        // Why an hour entry was voided (reason "other").
  kSuspension,  // The grounds of a suspension.
  kExemption,   // The grounds of an exemption.
};
// These return static strings: they live as long as the program.
const char* FreeText(TextTopic topic, Rng& rng);
// Texts that must match a recorded value: why an offer was declined, the facts of a
// complaint, the motivation of a refusal to handle one, the answer to one.
const char* DeclineText(schema::DeclineReason reason);
const char* ComplaintFactsText(schema::ComplaintCategory category);
const char* InadmissibleText(schema::InadmissibilityGround ground);
const char* DecisionText(schema::ComplaintOutcome outcome);

}  // namespace ledger::tools
