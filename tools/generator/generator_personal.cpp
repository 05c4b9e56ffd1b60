#include "tools/generator/generator_personal.h"

#include <cctype>
#include <cstdio>
#include <vector>

namespace ledger::tools {
namespace {

const std::vector<std::string_view> kFirstNames = {
    "Amina",  "Mohammed",  "Fatima",    "Ahmad",   "Yusuf",     "Olena",      "Oleksandr", "Iryna",
    "Daria",  "Mariam",    "Abdullahi", "Hawa",    "Samuel",    "Senait",     "Tesfaye",   "Aisha",
    "Omar",   "Layla",     "Karim",     "Nour",    "Rahim",     "Zahra",      "Ali",       "Hassan",
    "Yasmin", "Ibrahim",   "Elif",      "Mehmet",  "Zeynep",    "Emre",       "Andrei",    "Ioana",
    "Piotr",  "Katarzyna", "Grace",     "Patrick", "Josephine", "Christelle", "Priya",     "Arjun",
    "Farid",  "Sahar",     "Yonas",     "Selam",   "Filmon",    "Abdirahman", "Hodan",     "Rami",
    "Lina",   "Khaled",    "Rania",     "Youssef", "Samira",    "Taras",      "Natalia",   "Lucas",
    "Ana",    "Bilal",     "Merhawi",   "Nadia",
};
const std::vector<std::string_view> kLastNames = {
    "Haddad",     "Al-Khatib", "Rahimi",      "Ahmadi",   "Hosseini", "Shevchenko", "Kovalenko",
    "Bondarenko", "Tesfay",    "Gebremedhin", "Tekle",    "Abdi",     "Mohamed",    "Warsame",
    "El Amrani",  "Bennani",   "Ouali",       "Yilmaz",   "Demir",    "Kaya",       "Popescu",
    "Ionescu",    "Nowak",     "Kowalski",    "Mbuyi",    "Kabongo",  "Tshibangu",  "Sharma",
    "Singh",      "Nasser",    "Saleh",       "Barakzai", "Nazari",   "Silva",      "Santos",
    "Hakimi",     "Osman",     "Habte",       "Melnyk",   "Boateng",
};

const std::vector<const char*> kActivityTexts = {
    "Elke week wandelen met mijn buddy en praten over de stad.",
    "Ik help in de keuken van het dienstencentrum op dinsdag.",
    "Voetbaltraining bij de club in de buurt, met Nederlandstalige ploegmaats.",
    "Koffie en babbel met een vrijwilliger in de bibliotheek.",
    "Stage in het woonzorgcentrum: gezelschapsspelletjes met de bewoners.",
    "Ik leer het werk in een fietsatelier kennen.",
    "Samen koken in het buurthuis, elke donderdag.",
};
const std::vector<const char*> kCorrectionTexts = {
    "Sessie liep korter dan gepland; aangepast na controle van het bewijs van deelname.",
    "Verkeerde datum ingevuld, volgens de aanwezigheidslijst was het de dag ervoor.",
    "Begeleider bevestigt een langere sessie dan geregistreerd.",
};
const std::vector<const char*> kVoidTexts = {
    "Sessie ging niet door wegens ziekte van de begeleider.",
    "Activiteit vond online plaats zonder contact met anderen.",
};
const std::vector<const char*> kSuspensionTexts = {
    "Opname in het ziekenhuis, daarna herstelperiode.",
    "Zorg voor een familielid in het buitenland.",
    "Bevalling en zorg voor de baby.",
};
const std::vector<const char*> kExemptionTexts = {
    "Medisch attest: deelname is voorlopig niet mogelijk.",
    "Heeft een voltijdse job gevonden.",
    "Volgt een opleiding die al voldoende netwerkcontacten geeft.",
};
const std::vector<const char*>& TextsFor(TextTopic topic) {
  switch (topic) {
    case TextTopic::kActivity: return kActivityTexts;
    case TextTopic::kCorrection: return kCorrectionTexts;
    case TextTopic::kVoid: return kVoidTexts;
    case TextTopic::kSuspension: return kSuspensionTexts;
    case TextTopic::kExemption: return kExemptionTexts;
  }
  return kActivityTexts;
}

// YYMMDD, a serial of 3 digits and 2 check digits: 97 minus the first nine digits modulo 97
// (with a leading 2 for births from 2000 on).
std::string NationalRegisterNumber(Rng& rng) {
  const int year = rng.Between(1960, 2006);
  const int month = rng.Between(1, 12);
  const int day = rng.Between(1, 28);
  const int serial = rng.Between(1, 997);
  const long long base = (year % 100) * 10000000LL + month * 100000LL + day * 1000LL + serial;
  const long long checked = year >= 2000 ? 2000000000LL + base : base;
  const int check = 97 - static_cast<int>(checked % 97);
  char text[16];
  std::snprintf(text, sizeof(text), "%09lld%02d", base, check);
  return text;
}

std::string MailName(std::string_view first, std::string_view last) {
  std::string name;
  for (char c : std::string(first) + "." + std::string(last)) {
    if (c == ' ') c = '-';
    name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return name;
}

}  // namespace

FakePerson PersonFromSeed(std::uint64_t seed) {
  Rng rng(seed);
  std::string_view first = rng.Pick(kFirstNames);
  std::string_view last = rng.Pick(kLastNames);
  FakePerson person;
  person.full_name = std::string(first) + " " + std::string(last);
  person.national_register_number = NationalRegisterNumber(rng);
  char phone[32];
  std::snprintf(phone, sizeof(phone), "+32 4%02d %02d %02d %02d", rng.Between(60, 99),
                rng.Between(0, 99), rng.Between(0, 99), rng.Between(0, 99));
  person.contact = std::string(phone) + ", " + MailName(first, last) + "@example.be";
  return person;
}

const char* FreeText(TextTopic topic, Rng& rng) { return rng.Pick(TextsFor(topic)); }

const char* DeclineText(schema::DeclineReason reason) {
  switch (reason) {
    case schema::DeclineReason::UNSUITABLE_PERSPECTIVE:
      return "Het aanbod past niet bij wat ik later wil doen: ik zoek werk in de zorg.";
    case schema::DeclineReason::SCHEDULE_CONFLICT:
      return "Het aanbod valt samen met mijn lessen Nederlands.";
    case schema::DeclineReason::UNREACHABLE:
      return "Ik kan de locatie niet bereiken met het openbaar vervoer.";
    case schema::DeclineReason::HEALTH_REASONS:
      return "Door mijn rugklachten kan ik dit werk niet doen.";
    case schema::DeclineReason::NO_REASON:
    case schema::DeclineReason::OTHER: break;
  }
  return "Ik moet voor mijn kinderen zorgen op die momenten.";
}

const char* ComplaintFactsText(schema::ComplaintCategory category) {
  switch (category) {
    case schema::ComplaintCategory::INSUFFICIENT_OFFER:
      return "Na drie maanden heb ik nog altijd geen aanbod gekregen voor een stage.";
    case schema::ComplaintCategory::UNSUITABLE_OFFER:
      return "Het aanbod was ver weg en paste niet bij mijn perspectief werk.";
    case schema::ComplaintCategory::CONTROLLING_VOLUNTEER:
      return "De buddy wil dat ik verantwoording afleg over alles wat ik doe.";
    case schema::ComplaintCategory::ORGANISATION_CONDUCT:
      return "Ik werd meermaals niet verwittigd toen een afspraak werd afgezegd.";
    case schema::ComplaintCategory::DISCRIMINATION:
      return "Bij de organisatie werd ik anders behandeld door mijn hoofddoek.";
    case schema::ComplaintCategory::ACCESSIBILITY:
      return "De locatie is niet toegankelijk met een rolstoel.";
    case schema::ComplaintCategory::OTHER: break;
  }
  return "Mijn uren werden niet geregistreerd hoewel ik een bewijs had.";
}

const char* InadmissibleText(schema::InadmissibilityGround ground) {
  switch (ground) {
    case schema::InadmissibilityGround::FACTS_OLDER_THAN_ONE_YEAR:
      return "De feiten dateren van meer dan een jaar voor de klacht.";
    case schema::InadmissibilityGround::ALREADY_HANDLED:
      return "Deze klacht werd eerder al behandeld.";
    case schema::InadmissibilityGround::OTHER_APPEAL_PENDING:
      return "Er loopt een ander beroep over dezelfde feiten.";
    case schema::InadmissibilityGround::NO_INTEREST:
      return "De klager toont geen belang bij de behandeling van de klacht.";
    case schema::InadmissibilityGround::MANIFESTLY_UNFOUNDED: break;
  }
  return "De klacht is kennelijk ongegrond.";
}

const char* DecisionText(schema::ComplaintOutcome outcome) {
  switch (outcome) {
    case schema::ComplaintOutcome::FOUNDED:
      return "De klacht is gegrond; de regisseur zal binnen de maand een aanbod doen.";
    case schema::ComplaintOutcome::PARTLY_FOUNDED:
      return "De klacht is deels gegrond; de organisatie heeft haar werkwijze aangepast.";
    case schema::ComplaintOutcome::UNFOUNDED: break;
  }
  return "De klacht is ongegrond; het aanbod was geschikt voor het gekozen perspectief.";
}

}  // namespace ledger::tools
