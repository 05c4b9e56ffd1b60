// The ledger generator's world: municipalities, regional networks, directors, counsellors and
// activity providers, and the fake personal data of newcomers.
//
// 304 municipalities (285 Flemish ones and the 19 of Brussels) with 5-digit NIS codes. The
// largest cities carry their real code and a newcomer share skewed like the real inflow
// (Antwerp 11002 and Ghent 44021 far ahead, the Brussels municipalities 21001-21019 together
// next); the others get codes of the right form within their real arrondissement's range and
// small shares. Each belongs to one of 18 regional networks, which has an agency office
// ("agency-office-<region>", the counsellors' organisation), an education director
// ("CVO-<region>") and pools of providers per activity kind. The social director is the
// municipality itself ("municipality-<nis>") or, for two thirds of the small ones, an
// inter-municipal partnership serving several ("IGS-<n>"); the work director is "VDAB".
// The world is the same for every seed; only who is drawn from it depends on the seed.
// Thread safety: Population is immutable after Build; the draws use the caller's Rng.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ledger/schema/events.capnp.h"
#include "tools/generator/generator_random.h"

namespace ledger::tools {

inline constexpr std::size_t kActivityKinds = 6;

struct Provider {
  std::string organisation;  // "buddy-gent-3", "care-home-kempen-2", ...
  schema::ActivityKind kind = schema::ActivityKind::OTHER;
  std::vector<std::string> contacts;  // Contact person ids ("cp-00042").
};

struct Region {
  std::string slug;                      // "gent", "kempen", "brussel", ...
  std::string counsellor_organisation;   // "agency-office-<slug>".
  std::string education_director;        // "CVO-<slug>".
  std::vector<std::string> counsellors;  // Counsellor ids ("tb-0123").
  // Indices into Population::providers, per schema::ActivityKind.
  std::array<std::vector<std::uint32_t>, kActivityKinds> providers;
  double weight = 0;  // Sum of its municipalities' weights.
};

struct Municipality {
  std::string nis_code;
  std::uint32_t region = 0;  // Index into Population::regions.
  double weight = 0;         // Relative number of newcomers.
  std::string social_director;
};

class Population {
 public:
  static Population Build();

  const Municipality& PickMunicipality(Rng& rng) const;
  // The director organisation for `perspective` in `municipality`.
  const std::string& DirectorFor(const Municipality& municipality,
                                 schema::Perspective perspective) const;
  // A staff id of a director organisation ("regie-2", "vdab-regie-071").
  static std::string DirectorStaff(std::string_view director, Rng& rng);
  // A provider of `kind` in `region` (by index into providers).
  std::uint32_t PickProvider(std::uint32_t region, schema::ActivityKind kind, Rng& rng) const;

  std::vector<Municipality> municipalities;
  std::vector<Region> regions;
  std::vector<Provider> providers;
  std::string work_director = "VDAB";

 private:
  std::vector<double> cumulative_weight_;  // For PickMunicipality.
};

}  // namespace ledger::tools
