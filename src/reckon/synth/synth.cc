#include "reckon/synth/synth.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "reckon/core/date.h"
#include "reckon/core/text.h"
#include "reckon/synth/names.h"

namespace reckon::synth {
namespace {

namespace fs = std::filesystem;

// SplitMix64: small, fast and good enough for simulation (Steele, Lea, Flood 2014).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Uniform() < p; }
  int Below(int n) { return static_cast<int>(Next() % static_cast<std::uint64_t>(n)); }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(Below(static_cast<int>(items.size())))];
  }

 private:
  std::uint64_t state_;
};

enum class Fate { kNone, kKilled, kInjured, kHostage, kMissing, kExpelled };

const char* ActOf(Fate fate) {
  switch (fate) {
    case Fate::kKilled:
      return "killing";
    case Fate::kInjured:
      return "injury";
    case Fate::kHostage:
      return "hostage_taking";
    case Fate::kMissing:
      return "enforced_disappearance";
    case Fate::kExpelled:
      return "forced_displacement";
    case Fate::kNone:
      return "";
  }
  return "";
}

struct Person {
  std::int64_t id;
  std::int64_t household;
  const TraditionPool* pool;
  int given;
  int family;
  int father_given;  // -1 when unknown.
  bool male;
  DayNumber birth;
  Fate fate = Fate::kNone;
  bool released = false;  // Hostages: released alive (else fate unknown).
  int event = 0;
};

struct EventInfo {
  std::string name;
  std::string place;
  DayNumber day;
};

const std::vector<std::string> kPlaces = {"Northfield",    "Old Mill",        "Riverside",
                                          "Upper Terrace", "Station Quarter", "Orchard Hill",
                                          "Market Row"};

// The place of the e-th event: the town's quarters first, then fictional villages of a wider
// region (Ashford, Ashbrook, ... Westvale), then numbered hamlets.
std::string PlaceName(int e) {
  if (static_cast<size_t>(e) < kPlaces.size()) return kPlaces[static_cast<size_t>(e)];
  static const std::vector<std::string> kFirst = {"Ash",  "Birch", "Cold", "Elm",   "Fern", "Hazel",
                                                  "Lark", "Mill",  "Oak",  "Stone", "West", "Wolf"};
  static const std::vector<std::string> kSecond = {"ford", "brook", "field", "ridge", "vale",
                                                   "wood", "stead", "combe", "ley",   "holm"};
  auto index = static_cast<size_t>(e) - kPlaces.size();
  std::string name =
      kFirst[index % kFirst.size()] + kSecond[(index / kFirst.size()) % kSecond.size()];
  size_t round = index / (kFirst.size() * kSecond.size());
  return round == 0 ? name : name + " " + std::to_string(round + 1);
}

// How one list is written.
struct ListStyle {
  std::string source;
  std::string file;
  std::set<Fate> fates;  // Which fates the list records.
  double coverage;       // Base probability of recording a person.
  double child_factor;   // Coverage multipliers by trait.
  double female_factor;
  double elderly_factor;
  Script script;          // Preferred script.
  bool cyrillic_headers;  // Needs a mapping file.
  bool split_names;       // family_name, given_name, patronymic columns.
  bool birth_year;        // Birth year instead of age.
  bool household;         // Writes a household column.
  double variant_rate;    // Chance of a non-reference romanization.
};

std::vector<ListStyle> Styles(int count) {
  std::vector<ListStyle> base = {
      {"Velmora Civil Registry",
       "civil_registry.csv",
       {Fate::kKilled, Fate::kMissing, Fate::kExpelled},
       0.70,
       0.8,
       1.0,
       1.1,
       Script::kLatin,
       false,
       true,
       true,
       true,
       0.05},
      {"Relief Network list",
       "relief_network.csv",
       {Fate::kKilled, Fate::kInjured, Fate::kHostage, Fate::kMissing},
       0.55,
       1.4,
       1.3,
       0.8,
       Script::kCyrillic,
       true,
       false,
       false,
       false,
       0.0},
      {"Hospital register",
       "hospital.csv",
       {Fate::kKilled, Fate::kInjured},
       0.60,
       1.2,
       1.0,
       1.0,
       Script::kLatin,
       false,
       false,
       false,
       false,
       0.35},
      {"Exchange commission list",
       "exchange.csv",
       {Fate::kHostage, Fate::kMissing},
       0.75,
       0.9,
       1.0,
       1.0,
       Script::kLatin,
       false,
       true,
       true,
       false,
       0.25},
      {"Community memorial list",
       "memorial.csv",
       {Fate::kKilled},
       0.50,
       1.0,
       0.9,
       1.3,
       Script::kArmenian,
       false,
       false,
       false,
       true,
       0.30},
  };
  std::vector<ListStyle> styles;
  for (int i = 0; i < count; ++i) {
    ListStyle style = base[static_cast<size_t>(i) % base.size()];
    if (i >= static_cast<int>(base.size())) {
      style.source += " " + std::to_string(i / static_cast<int>(base.size()) + 1);
      style.file = style.file.substr(0, style.file.size() - 4) + "_" +
                   std::to_string(i / static_cast<int>(base.size()) + 1) + ".csv";
      style.coverage *= 0.8;
    }
    styles.push_back(style);
  }
  return styles;
}

bool IsAscii(const std::string& s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// One random keyboard slip: a deleted, doubled or swapped letter (ASCII names only).
std::string Typo(std::string s, Rng& rng) {
  if (s.size() < 4 || !IsAscii(s)) return s;
  size_t at = 1 + static_cast<size_t>(rng.Below(static_cast<int>(s.size()) - 2));
  switch (rng.Below(3)) {
    case 0:
      s.erase(at, 1);
      break;
    case 1:
      s.insert(at, 1, s[at]);
      break;
    default:
      std::swap(s[at], s[at + 1 < s.size() ? at + 1 : at - 1]);
      break;
  }
  return s;
}

std::string CsvField(const std::string& value) {
  if (value.find_first_of(",\"\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string Format(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.0f", value);
  return buffer;
}

// A number as a user would write it: 2, 0.8, 1.33, nan.
std::string Shown(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", value);
  return text;
}

}  // namespace

Result<SynthResult> Generate(const SynthOptions& options) {
  if (options.persons < 1 || options.persons > 20'000'000) {
    return MakeError(ErrorCode::kInvalidArgument, "--persons must be between 1 and 20000000");
  }
  if (options.lists < 1 || options.lists > 12) {
    return MakeError(ErrorCode::kInvalidArgument, "--lists must be between 1 and 12");
  }
  if (options.out_dir.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "name an output folder with --out");
  }
  const std::pair<const char*, double> shares[] = {
      {"--killed", options.killed},
      {"the injured share", options.injured},
      {"the hostage share", options.hostage},
      {"the missing share", options.missing},
      {"the expelled share", options.expelled},
      {"the share of households wiped out", options.households_wiped}};
  for (const auto& [name, share] : shares) {
    if (!std::isfinite(share) || share < 0 || share > 1) {
      return MakeError(ErrorCode::kInvalidArgument,
                       std::string(name) + " must be a share between 0 and 1, not " + Shown(share));
    }
  }
  const double fates =
      options.killed + options.injured + options.hostage + options.missing + options.expelled;
  if (fates > 1) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "each person suffers at most one act, so the shares killed, injured, "
                     "hostage, missing and expelled must add up to at most 1 (they add up to " +
                         Shown(fates) + ")");
  }
  if (!std::isfinite(options.noise) || options.noise < 0 || options.noise > 10) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "--noise must be between 0 (clean lists) and 10, not " + Shown(options.noise));
  }
  if (options.events < 1 || options.events > 1'000'000) {
    return MakeError(ErrorCode::kInvalidArgument, "--events must be between 1 and 1000000");
  }
  auto start = UncertainDate::Parse(options.start);
  if (!start || start->precision() != DatePrecision::kDay) {
    return MakeError(ErrorCode::kInvalidArgument, "--start must be a day such as 2031-03-01");
  }
  std::error_code ec;
  fs::create_directories(fs::path(options.out_dir) / "lists", ec);
  fs::create_directories(fs::path(options.out_dir) / "truth", ec);
  if (ec) {
    return MakeError(ErrorCode::kUnavailable,
                     options.out_dir + ": cannot create the folder: " + ec.message());
  }
  Rng rng(options.seed * 0x2545F4914F6CDD1DULL + 17);
  const auto& pools = Pools();

  // Events.
  std::vector<EventInfo> events;
  for (int e = 0; e < std::max(1, options.events); ++e) {
    DayNumber day = start->earliest() + (options.period_days * e) / std::max(1, options.events);
    std::string place = PlaceName(e);
    events.push_back({"Incident " + std::to_string(e + 1) + " at " + place, place, day});
  }

  // Population: households of 1 to 7 persons sharing a tradition and family name.
  std::vector<Person> persons;
  persons.reserve(static_cast<size_t>(options.persons));
  std::int64_t household = 0;
  const int start_year = CivilFromDays(start->earliest()).year;
  while (static_cast<std::int64_t>(persons.size()) < options.persons) {
    ++household;
    const TraditionPool& pool =
        pools[static_cast<size_t>(rng.Below(static_cast<int>(pools.size())))];
    int family = rng.Below(static_cast<int>(pool.family.size()));
    int size = 1 + rng.Below(4) + rng.Below(4);
    int father_given = rng.Below(static_cast<int>(pool.male.size()));
    int grandfather = rng.Below(static_cast<int>(pool.male.size()));
    int parent_year = start_year - 25 - rng.Below(30);
    bool wiped = rng.Chance(options.households_wiped);
    int event = rng.Below(static_cast<int>(events.size()));
    // Parents do not give two of their children one name: given names are drawn anew until
    // they differ from those already in the household.
    std::vector<std::pair<bool, int>> used_names;
    auto draw_given = [&](bool male) {
      int pool_size = static_cast<int>((male ? pool.male : pool.female).size());
      int given = rng.Below(pool_size);
      for (int attempt = 0; attempt < 8; ++attempt) {
        if (std::find(used_names.begin(), used_names.end(), std::make_pair(male, given)) ==
            used_names.end()) {
          break;
        }
        given = rng.Below(pool_size);
      }
      return given;
    };
    for (int k = 0; k < size && static_cast<std::int64_t>(persons.size()) < options.persons; ++k) {
      Person p;
      p.id = static_cast<std::int64_t>(persons.size()) + 1;
      p.household = household;
      p.pool = &pool;
      p.family = family;
      p.event = event;
      int year;
      if (k == 0) {
        p.male = true;
        p.given = father_given;
        p.father_given = grandfather;
        year = parent_year;
      } else if (k == 1) {
        p.male = false;
        p.given = draw_given(false);
        p.father_given = rng.Below(static_cast<int>(pool.male.size()));
        year = parent_year + rng.Below(5);
      } else if (k == size - 1 && size >= 5) {
        p.male = rng.Chance(0.5);
        p.given = draw_given(p.male);
        p.father_given = rng.Below(static_cast<int>(pool.male.size()));
        year = parent_year - 25 - rng.Below(10);
      } else {
        p.male = rng.Chance(0.5);
        p.given = draw_given(p.male);
        p.father_given = father_given;
        year = std::min(start_year - 1, parent_year + 20 + rng.Below(22));
      }
      used_names.emplace_back(p.male, p.given);
      p.birth = DaysFromCivil({year, 1 + rng.Below(12), 1 + rng.Below(28)});
      if (wiped) {
        p.fate = Fate::kKilled;
      } else {
        double u = rng.Uniform();
        double c = options.killed;
        if (u < c) {
          p.fate = Fate::kKilled;
        } else if (u < (c += options.injured)) {
          p.fate = Fate::kInjured;
        } else if (u < (c += options.hostage)) {
          p.fate = Fate::kHostage;
          p.released = rng.Chance(0.6);
        } else if (u < (c += options.missing)) {
          p.fate = Fate::kMissing;
        } else if (u < (c += options.expelled)) {
          p.fate = Fate::kExpelled;
        }
      }
      persons.push_back(p);
    }
  }

  SynthResult result;
  result.persons = static_cast<std::int64_t>(persons.size());
  result.households = household;
  std::ofstream truth_rows(fs::path(options.out_dir) / "truth/rows.csv");
  truth_rows << "source,row,person_id\n";

  // The lists.
  const double noise = options.noise;
  for (const ListStyle& style : Styles(options.lists)) {
    ListFile file{"lists/" + style.file, style.source, "", 0};
    std::ofstream out(fs::path(options.out_dir) / file.path, std::ios::binary);
    if (style.cyrillic_headers) {
      out << "№,ФИО,Пол,Возраст,Дата,Место,Событие,Судьба\n";
      file.mapping = "lists/" + style.file.substr(0, style.file.size() - 4) + ".mapping.json";
      std::ofstream mapping(fs::path(options.out_dir) / file.mapping);
      mapping << "{\n  \"description\": \"Columns of the " << style.source
              << " (headers in Russian).\",\n"
                 "  \"columns\": {\"№\": \"record_id\", \"ФИО\": \"name\", \"Пол\": \"sex\", "
                 "\"Возраст\": \"age\", \"Дата\": \"date\", \"Место\": \"place\", \"Событие\": "
                 "\"act\", \"Судьба\": \"status\"},\n"
                 "  \"values\": {\"sex\": {\"М\": \"male\", \"Ж\": \"female\"}}\n}\n";
    } else if (style.split_names) {
      out << "record_id,family_name,given_name,patronymic,sex,"
          << (style.birth_year ? "birth_year" : "age") << ",date,place,event,act,status"
          << (style.household ? ",household" : "") << "\n";
    } else {
      out << "name,sex," << (style.birth_year ? "birth_year" : "age") << ",date,place,act,status"
          << (style.household ? ",household" : "") << "\n";
    }
    Rng list_rng(rng.Next());
    std::int64_t row = 0;
    for (const Person& p : persons) {
      if (style.fates.count(p.fate) == 0) continue;
      const EventInfo& event = events[static_cast<size_t>(p.event)];
      int age = CompletedYears(p.birth, event.day);
      double coverage = style.coverage;
      if (age < 18) coverage *= style.child_factor;
      if (age >= 60) coverage *= style.elderly_factor;
      if (!p.male) coverage *= style.female_factor;
      if (!list_rng.Chance(std::min(0.98, coverage))) continue;
      int copies = list_rng.Chance(0.02 * noise) ? 2 : 1;
      for (int copy = 0; copy < copies; ++copy) {
        Script script = style.script;
        if (script == Script::kArmenian && p.pool->tradition != Tradition::kArmenian) {
          script = Script::kLatin;
        }
        if (script == Script::kLatin && list_rng.Chance(0.05 * noise)) script = Script::kCyrillic;
        const NameForms& given_forms =
            (p.male ? p.pool->male : p.pool->female)[static_cast<size_t>(p.given)];
        const NameForms& family_forms = p.pool->family[static_cast<size_t>(p.family)];
        auto render = [&](const NameForms& forms) -> std::string {
          if (script == Script::kCyrillic && !forms.cyrillic.empty()) return forms.cyrillic;
          if (script == Script::kArmenian && !forms.armenian.empty()) return forms.armenian;
          if (forms.latin.size() > 1 && list_rng.Chance(style.variant_rate * noise)) {
            return forms.latin[1 + static_cast<size_t>(
                                       list_rng.Below(static_cast<int>(forms.latin.size()) - 1))];
          }
          return forms.latin[0];
        };
        std::string given = render(given_forms);
        std::string family = render(family_forms);
        if (!p.male) family = FeminineFamily(p.pool->tradition, family, script);
        if (p.male == false && script == Script::kLatin && family.size() > 2 &&
            family.substr(family.size() - 2) == "ff") {
          family = family.substr(0, family.size() - 2) + "va";
        }
        std::string patronymic;
        if (p.pool->has_patronymic && p.father_given >= 0 && !list_rng.Chance(0.3 * noise)) {
          const NameForms& father = p.pool->male[static_cast<size_t>(p.father_given)];
          std::string father_name = script == Script::kCyrillic ? father.cyrillic : father.latin[0];
          patronymic = Patronymic(p.pool->tradition, father_name, p.male, script);
        }
        if (list_rng.Chance(0.04 * noise)) given = Typo(given, list_rng);
        if (list_rng.Chance(0.04 * noise)) family = Typo(family, list_rng);
        int written_age = age;
        if (list_rng.Chance(0.10 * noise)) written_age += list_rng.Chance(0.5) ? 1 : -1;
        if (list_rng.Chance(0.03 * noise)) written_age += list_rng.Chance(0.5) ? 2 : -2;
        written_age = std::max(0, written_age);
        int birth_year = CivilFromDays(p.birth).year;
        if (list_rng.Chance(0.05 * noise)) birth_year += list_rng.Chance(0.5) ? 1 : -1;
        bool age_missing = list_rng.Chance(0.05 * noise);
        std::string status;
        switch (p.fate) {
          case Fate::kKilled:
            status = "dead";
            break;
          case Fate::kInjured:
          case Fate::kExpelled:
            status = "alive";
            break;
          case Fate::kHostage:
            status = p.released ? "alive" : "missing";
            break;
          case Fate::kMissing:
            status = "missing";
            break;
          case Fate::kNone:
            break;
        }
        std::string date = FormatDay(event.day);
        ++row;
        ++file.rows;
        truth_rows << CsvField(style.source) << "," << row << "," << p.id << "\n";
        if (style.cyrillic_headers) {
          std::string full =
              list_rng.Chance(0.5) ? Join({family, given}, " ") : Join({given, family}, " ");
          if (!patronymic.empty()) full = Join({family, given, patronymic}, " ");
          CivilDate civil = CivilFromDays(event.day);
          char dotted[16];
          std::snprintf(dotted, sizeof dotted, "%02d.%02d.%04d", civil.day, civil.month,
                        civil.year);
          out << row << "," << CsvField(full) << "," << (p.male ? "М" : "Ж") << ","
              << (age_missing ? "" : std::to_string(written_age)) << "," << dotted << ","
              << event.place << "," << ActOf(p.fate) << "," << status << "\n";
        } else if (style.split_names) {
          out << "R" << row << "," << CsvField(family) << "," << CsvField(given) << ","
              << CsvField(patronymic) << "," << (p.male ? "male" : "female") << ","
              << (age_missing ? "" : std::to_string(style.birth_year ? birth_year : written_age))
              << "," << date << "," << event.place << "," << CsvField(event.name) << ","
              << ActOf(p.fate) << "," << status;
          if (style.household) out << ",H" << p.household;
          out << "\n";
        } else {
          std::string full = list_rng.Chance(0.7 * noise + (1 - noise))
                                 ? Join({given, family}, " ")
                                 : Join({family, given}, " ");
          if (!patronymic.empty() && list_rng.Chance(0.5)) {
            full = Join({family, given, patronymic}, " ");
          }
          out << CsvField(full) << "," << (p.male ? "m" : "f") << ","
              << (age_missing ? "" : std::to_string(style.birth_year ? birth_year : written_age))
              << "," << date << "," << event.place << "," << ActOf(p.fate) << "," << status;
          if (style.household) out << ",H" << p.household;
          out << "\n";
        }
      }
    }
    if (!out) return MakeError(ErrorCode::kUnavailable, file.path + ": write failed");
    result.files.push_back(file);
  }

  // Losses: dwellings of households that were hit, owned by the household.
  {
    ListFile file{"lists/losses.csv", "Velmora Housing Office", "", 0};
    std::ofstream out(fs::path(options.out_dir) / file.path);
    out << "owner_household,owner_kind,loss_kind,amount,currency,place,date,description\n";
    std::int64_t last = 0;
    for (const Person& p : persons) {
      if (p.household == last || p.fate == Fate::kNone) continue;
      last = p.household;
      if (!rng.Chance(0.4)) continue;
      const EventInfo& event = events[static_cast<size_t>(p.event)];
      out << "H" << p.household << ",household,dwelling," << 5000 + rng.Below(90) * 1000 << ",USD,"
          << event.place << "," << FormatDay(event.day) << ",House destroyed\n";
      ++file.rows;
    }
    result.files.push_back(file);
  }

  // Truth counts.
  std::map<std::string, std::int64_t> victims;
  std::map<std::int64_t, std::pair<int, int>> household_killed;  // members, killed
  std::int64_t fate_unknown = 0;
  std::int64_t children_killed = 0;
  std::ofstream truth_persons(fs::path(options.out_dir) / "truth/persons.csv");
  truth_persons << "person_id,household,tradition,sex,birth_date,fate,event\n";
  for (const Person& p : persons) {
    if (p.fate != Fate::kNone) ++victims[ActOf(p.fate)];
    auto& h = household_killed[p.household];
    ++h.first;
    if (p.fate == Fate::kKilled) ++h.second;
    if ((p.fate == Fate::kHostage && !p.released) || p.fate == Fate::kMissing) ++fate_unknown;
    if (p.fate == Fate::kKilled &&
        CompletedYears(p.birth, events[static_cast<size_t>(p.event)].day) < 18) {
      ++children_killed;
    }
    truth_persons << p.id << ",H" << p.household << "," << static_cast<int>(p.pool->tradition)
                  << "," << (p.male ? "male" : "female") << "," << FormatDay(p.birth) << ","
                  << ActOf(p.fate) << "," << p.event + 1 << "\n";
  }
  std::int64_t destroyed = 0;
  for (const auto& [id, h] : household_killed) {
    if (h.first >= 2 && h.first == h.second) ++destroyed;
  }
  result.true_victims = victims;
  result.true_households_destroyed = destroyed;
  result.true_fate_unknown = fate_unknown;
  {
    std::ofstream counts(fs::path(options.out_dir) / "truth/counts.json");
    counts << "{\n  \"persons\": " << result.persons << ",\n  \"households\": " << household
           << ",\n  \"victims_by_act\": {";
    bool first = true;
    for (const auto& [act, n] : victims) {
      counts << (first ? "" : ", ") << "\"" << act << "\": " << n;
      first = false;
    }
    counts << "},\n  \"children_killed\": " << children_killed
           << ",\n  \"households_destroyed\": " << destroyed
           << ",\n  \"fate_unknown\": " << fate_unknown << "\n}\n";
  }

  // Claims by fictional sources: figures that differ from the truth, as real claims do.
  {
    ListFile file{"lists/claims.csv", "Velmora Ombudsperson statements", "", 0};
    std::ofstream out(fs::path(options.out_dir) / file.path);
    out << "metric,value,scope_act,scope_age_band,citation,stated\n";
    std::string stated = FormatDay(start->earliest() + options.period_days + 10);
    auto killed = static_cast<double>(victims["killing"]);
    out << "victims," << Format(std::round(killed * 1.08)) << ",killing,,Statement no. 1," << stated
        << "\n";
    out << "victims," << Format(std::round(static_cast<double>(children_killed) * 1.2))
        << ",killing,child,Statement no. 1," << stated << "\n";
    out << "victims," << Format(static_cast<double>(victims["hostage_taking"]))
        << ",hostage_taking,,Statement no. 2," << stated << "\n";
    out << "fate_unknown," << Format(std::round(static_cast<double>(fate_unknown) * 0.9))
        << ",,,Statement no. 2," << stated << "\n";
    out << "households_destroyed," << Format(static_cast<double>(destroyed + 1))
        << ",,,Statement no. 3," << stated << "\n";
    file.rows = 5;
    result.files.push_back(file);
  }

  std::ofstream manifest(fs::path(options.out_dir) / "lists/manifest.tsv");
  for (const ListFile& file : result.files) {
    manifest << file.path << "\t" << file.source << "\t"
             << (file.mapping.empty() ? "-" : file.mapping) << "\n";
  }
  if (!manifest || !truth_rows) {
    return MakeError(ErrorCode::kUnavailable, options.out_dir + ": write failed");
  }
  return result;
}

}  // namespace reckon::synth
