#include "tools/generator/generator_population.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace ledger::tools {
namespace {

// The 18 regional networks and the arrondissements (first two NIS digits) they cover.
struct RegionSpec {
  const char* slug;
  std::vector<int> arrondissements;
};
const RegionSpec kRegions[] = {
    {"antwerpen", {11}},
    {"mechelen", {12}},
    {"kempen", {13}},
    {"halle-vilvoorde", {23}},
    {"leuven", {24}},
    {"brugge", {31}},
    {"westhoek", {32, 33, 38}},
    {"oostende", {35}},
    {"kortrijk", {34}},
    {"midden-west-vlaanderen", {36, 37}},
    {"aalst", {41}},
    {"dendermonde", {42}},
    {"gent", {43, 44}},
    {"vlaamse-ardennen", {45}},
    {"waasland", {46}},
    {"limburg-centraal", {71}},
    {"maasland", {72, 73}},
    {"brussel", {21}},
};

// Municipalities per arrondissement (285 Flemish ones from 2025, plus the 19 of Brussels).
struct ArrondissementSpec {
  int prefix;
  int municipalities;
};
const ArrondissementSpec kArrondissements[] = {
    {11, 13}, {12, 11}, {13, 30}, {23, 36}, {24, 31}, {31, 10}, {32, 5},  {33, 7},
    {34, 13}, {35, 6},  {36, 8},  {37, 7},  {38, 5},  {41, 9},  {42, 12}, {43, 7},
    {44, 18}, {45, 11}, {46, 6},  {71, 16}, {72, 10}, {73, 14}, {21, 19},
};

// Real codes with a newcomer share: the large cities and the Brussels municipalities.
struct KnownMunicipality {
  int nis;
  double weight;
};
const KnownMunicipality kKnown[] = {
    {11002, 17.0},
    {44021, 7.0},
    {24062, 1.6},
    {12025, 1.6},
    {31005, 1.2},
    {41002, 1.2},
    {46021, 1.0},
    {34022, 1.0},
    {71022, 1.0},
    {71016, 1.2},
    {35013, 1.0},
    {23088, 1.0},
    {13040, 0.7},
    {36015, 0.6},
    {12021, 0.4},
    {42006, 0.4},
    {23027, 0.4},
    {23094, 0.5},
    {23016, 0.4},
    {23047, 0.4},
    {71004, 0.5},
    {73107, 0.5},
    {71053, 0.4},
    {72020, 0.4},
    {13008, 0.4},
    {13017, 0.3},
    {13011, 0.3},
    {24107, 0.3},
    {33011, 0.3},
    {34027, 0.3},
    {41048, 0.3},
    {23002, 0.3},
    {23025, 0.3},
    {11008, 0.3},
    {11040, 0.3},
    {42025, 0.3},
    {42028, 0.2},
    {12014, 0.3},
    {44083, 0.3},
    {46014, 0.3},
    // Brussels: Brussels city, Anderlecht, Schaerbeek, Molenbeek first.
    {21004, 2.4},
    {21001, 1.8},
    {21015, 1.7},
    {21012, 1.5},
    {21009, 0.8},
    {21013, 0.6},
    {21014, 0.5},
    {21007, 0.6},
    {21016, 0.5},
    {21006, 0.5},
    {21010, 0.5},
    {21005, 0.5},
    {21018, 0.3},
    {21003, 0.25},
    {21008, 0.2},
    {21011, 0.25},
    {21002, 0.2},
    {21019, 0.2},
    {21017, 0.15},
};

// Providers per activity kind across Flanders and Brussels, and their organisation prefixes.
struct KindSpec {
  schema::ActivityKind kind;
  const char* prefix;
  int total;
};
const KindSpec kKinds[kActivityKinds] = {
    {schema::ActivityKind::BUDDY_PROJECT, "buddy", 90},
    {schema::ActivityKind::INTRODUCTORY_INTERNSHIP, "company", 160},
    {schema::ActivityKind::VOLUNTEERING, "volunteer-centre", 100},
    {schema::ActivityKind::LANGUAGE_INTERNSHIP, "care-home", 70},
    {schema::ActivityKind::ASSOCIATION_INTRODUCTION, "club", 150},
    {schema::ActivityKind::OTHER, "community-centre", 70},
};

constexpr double kSmallMunicipalityWeight = 0.1;   // Candidates for a partnership.
constexpr std::uint64_t kWorldSeed = 0x4f5a2023u;  // The world does not depend on --seed.

std::uint32_t RegionOf(int arrondissement) {
  for (std::uint32_t r = 0; r < std::size(kRegions); ++r) {
    const auto& covered = kRegions[r].arrondissements;
    if (std::find(covered.begin(), covered.end(), arrondissement) != covered.end()) return r;
  }
  LEDGER_CHECK_FAIL("arrondissement " + std::to_string(arrondissement) + " has no region");
}

std::string Formatted(const char* format, unsigned number) {
  char text[64];
  std::snprintf(text, sizeof(text), format, number);
  return text;
}

void AddMunicipalities(Population& world, Rng& rng) {
  std::set<int> known;
  for (const KnownMunicipality& m : kKnown) {
    known.insert(m.nis);
    world.municipalities.push_back({std::to_string(m.nis), RegionOf(m.nis / 1000), m.weight,
                                    "municipality-" + std::to_string(m.nis)});
  }
  for (const ArrondissementSpec& spec : kArrondissements) {
    int have = 0;
    for (int nis : known) have += nis / 1000 == spec.prefix ? 1 : 0;
    for (int suffix = 1; have < spec.municipalities; ++suffix) {
      int nis = spec.prefix * 1000 + suffix;
      if (known.count(nis) != 0) continue;
      double weight = 0.03 + 0.27 * std::pow(rng.Real(), 2.5);
      world.municipalities.push_back({std::to_string(nis), RegionOf(spec.prefix), weight,
                                      "municipality-" + std::to_string(nis)});
      ++have;
    }
  }
  std::sort(world.municipalities.begin(), world.municipalities.end(),
            [](const Municipality& a, const Municipality& b) { return a.nis_code < b.nis_code; });
}

// Most small municipalities of each region share a director: runs of 3 to 5 neighbours
// (consecutive codes) form an inter-municipal partnership.
void FormPartnerships(Population& world, Rng& rng) {
  unsigned partnerships = 0;
  for (std::uint32_t r = 0; r < world.regions.size(); ++r) {
    std::vector<Municipality*> small;
    for (Municipality& m : world.municipalities) {
      if (m.region == r && m.weight < kSmallMunicipalityWeight &&
          m.nis_code.compare(0, 2, "21") != 0) {
        small.push_back(&m);
      }
    }
    for (std::size_t i = 0; i + 3 <= small.size();) {
      if (!rng.Chance(0.5)) {
        ++i;
        continue;
      }
      std::size_t size = std::min<std::size_t>(small.size() - i, rng.Between(3, 5));
      std::string name = "IGS-" + std::to_string(++partnerships);
      for (std::size_t k = 0; k < size; ++k) small[i + k]->social_director = name;
      i += size;
    }
  }
}

void AddStaffAndProviders(Population& world, Rng& rng, double total_weight) {
  unsigned counsellors = 0;
  unsigned contacts = 0;
  for (std::uint32_t r = 0; r < world.regions.size(); ++r) {
    Region& region = world.regions[r];
    const double share = region.weight / total_weight;
    const int staff = 3 + static_cast<int>(std::lround(share * 400));
    for (int i = 0; i < staff; ++i) {
      region.counsellors.push_back(Formatted("tb-%04u", ++counsellors));
    }
    for (std::size_t k = 0; k < kActivityKinds; ++k) {
      const int count = 2 + static_cast<int>(std::lround(share * kKinds[k].total));
      for (int i = 1; i <= count; ++i) {
        Provider provider;
        provider.organisation =
            std::string(kKinds[k].prefix) + "-" + region.slug + "-" + std::to_string(i);
        provider.kind = kKinds[k].kind;
        const int people = rng.Between(1, 3);
        for (int p = 0; p < people; ++p) {
          provider.contacts.push_back(Formatted("cp-%05u", ++contacts));
        }
        region.providers[static_cast<std::size_t>(kKinds[k].kind)].push_back(
            static_cast<std::uint32_t>(world.providers.size()));
        world.providers.push_back(std::move(provider));
      }
    }
  }
}

}  // namespace

Population Population::Build() {
  Population world;
  Rng rng(kWorldSeed);
  for (const RegionSpec& spec : kRegions) {
    Region region;
    region.slug = spec.slug;
    region.counsellor_organisation = std::string("agency-office-") + spec.slug;
    region.education_director = std::string("CVO-") + spec.slug;
    world.regions.push_back(std::move(region));
  }
  AddMunicipalities(world, rng);
  FormPartnerships(world, rng);
  double total = 0;
  for (const Municipality& m : world.municipalities) {
    world.regions[m.region].weight += m.weight;
    total += m.weight;
    world.cumulative_weight_.push_back(total);
  }
  AddStaffAndProviders(world, rng, total);
  LEDGER_CHECK(world.municipalities.size() == 304, "the world has 304 municipalities");
  LEDGER_CHECK(world.regions.size() == 18, "the world has 18 regional networks");
  return world;
}

const Municipality& Population::PickMunicipality(Rng& rng) const {
  const double x = rng.Real() * cumulative_weight_.back();
  auto at = std::upper_bound(cumulative_weight_.begin(), cumulative_weight_.end(), x);
  std::size_t index =
      std::min<std::size_t>(at - cumulative_weight_.begin(), municipalities.size() - 1);
  return municipalities[index];
}

const std::string& Population::DirectorFor(const Municipality& municipality,
                                           schema::Perspective perspective) const {
  switch (perspective) {
    case schema::Perspective::WORK: return work_director;
    case schema::Perspective::EDUCATION: return regions[municipality.region].education_director;
    case schema::Perspective::SOCIAL: break;
  }
  return municipality.social_director;
}

std::string Population::DirectorStaff(std::string_view director, Rng& rng) {
  if (director == "VDAB") return Formatted("vdab-regie-%03u", rng.Between(1, 150));
  if (director.substr(0, 4) == "CVO-") return Formatted("cvo-coord-%u", rng.Between(1, 3));
  return Formatted("regie-%u", rng.Between(1, 4));
}

std::uint32_t Population::PickProvider(std::uint32_t region, schema::ActivityKind kind,
                                       Rng& rng) const {
  return rng.Pick(regions[region].providers[static_cast<std::size_t>(kind)]);
}

}  // namespace ledger::tools
