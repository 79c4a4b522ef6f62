#include "reckon/stats/count.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <functional>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "reckon/core/text.h"

namespace reckon::stats {
namespace {

using model::Id;

constexpr std::pair<Dimension, std::string_view> kDimensionNames[] = {
    {Dimension::kAct, "act"},     {Dimension::kSex, "sex"},       {Dimension::kAgeBand, "age_band"},
    {Dimension::kEvent, "event"}, {Dimension::kPlace, "place"},   {Dimension::kMonth, "month"},
    {Dimension::kYear, "year"},   {Dimension::kStatus, "status"}, {Dimension::kSource, "source"},
};

// The scope dimension a claim uses for a count dimension ("" when claims cannot name it).
std::string_view ScopeName(Dimension dimension) {
  switch (dimension) {
    case Dimension::kAct:
      return "act";
    case Dimension::kSex:
      return "sex";
    case Dimension::kAgeBand:
      return "age_band";
    case Dimension::kPlace:
      return "place";
    case Dimension::kEvent:
      return "event";
    case Dimension::kMonth:
    case Dimension::kYear:
      return "period";
    case Dimension::kStatus:
      return "status";
    case Dimension::kSource:
      return "";
  }
  return "";
}

// Canonical claim scope for dimension labels (order: act, sex, age_band, place, event, period,
// status), as the importer writes it.
std::string ScopeOf(const std::vector<std::pair<Dimension, std::string>>& labels,
                    bool* expressible) {
  static constexpr std::string_view kOrder[] = {"act",   "sex",    "age_band", "place",
                                                "event", "period", "status"};
  std::vector<std::string> parts;
  *expressible = true;
  for (std::string_view name : kOrder) {
    for (const auto& [dimension, label] : labels) {
      if (ScopeName(dimension) == name) parts.push_back(std::string(name) + "=" + label);
    }
  }
  for (const auto& [dimension, label] : labels) {
    if (ScopeName(dimension).empty()) *expressible = false;
  }
  return Join(parts, ";");
}

struct VectorHash {
  size_t operator()(const std::vector<int>& v) const {
    size_t h = 1469598103934665603ULL;
    for (int x : v) h = (h ^ static_cast<size_t>(x)) * 1099511628211ULL;
    return h;
  }
};

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};

// Interns labels of one dimension to small integers.
class Labels {
 public:
  int Intern(std::string_view label) {
    // Few labels (act types, sexes) are the usual case: comparing is cheaper than hashing.
    if (labels_.size() <= 8) {
      for (size_t i = 0; i < labels_.size(); ++i) {
        if (labels_[i] == label) return static_cast<int>(i);
      }
    }
    auto it = index_.find(label);
    if (it != index_.end()) return it->second;
    int id = static_cast<int>(labels_.size());
    labels_.emplace_back(label);
    index_.emplace(std::string(label), id);
    return id;
  }
  const std::string& Label(int id) const { return labels_[static_cast<size_t>(id)]; }

 private:
  std::vector<std::string> labels_;
  std::unordered_map<std::string, int, StringHash, std::equal_to<>> index_;
};

// Names of sources, events and places by id, looked up once each.
class Names {
 public:
  explicit Names(store::Store& store) : store_(store) {}
  std::string Source(Id id) {
    return Lookup(sources_, id, [&] { return store_.GetSource(id); });
  }
  std::string Event(Id id) {
    return Lookup(events_, id, [&] { return store_.GetEvent(id); });
  }
  std::string Place(Id id) {
    return Lookup(places_, id, [&] { return store_.GetPlace(id); });
  }

 private:
  template <typename Get>
  std::string Lookup(std::unordered_map<Id, std::string>& cache, Id id, Get get) {
    if (id == model::kNoId) return "(none)";
    auto it = cache.find(id);
    if (it != cache.end()) return it->second;
    auto record = get();
    std::string name = record ? record->name : "#" + std::to_string(id);
    cache[id] = name;
    return name;
  }
  store::Store& store_;
  std::unordered_map<Id, std::string> sources_, events_, places_;
};

struct Group {
  std::vector<Id> persons;  // Victims as met; made distinct once the scan is done.
  std::int64_t acts = 0;
  std::int64_t group_victims = 0;
  std::int64_t group_acts = 0;
  std::vector<Id> act_ids;
};

std::map<std::pair<std::string, std::string>, std::vector<ClaimBeside>> IndexClaims(
    store::Store& store, Names& names) {
  std::map<std::pair<std::string, std::string>, std::vector<ClaimBeside>> index;
  auto claims = store.ListClaims();
  if (!claims) return index;
  for (const model::Claim& claim : *claims) {
    std::string key = claim.metric == "loss" ? claim.unit : claim.scope;
    index[{claim.metric, key}].push_back(
        {claim.id, names.Source(claim.source_id), claim.value, claim.citation});
  }
  return index;
}

}  // namespace

std::string FormatMonth(DayNumber earliest, DayNumber latest) {
  if (earliest <= kNoEarliest || latest >= kNoLatest) return "unknown";
  CivilDate a = CivilFromDays(earliest);
  CivilDate b = CivilFromDays(latest);
  if (a.year != b.year || a.month != b.month) return "unknown";
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d", a.year, a.month);
  return buffer;
}

std::string FormatYear(DayNumber earliest, DayNumber latest) {
  if (earliest <= kNoEarliest || latest >= kNoLatest) return "unknown";
  CivilDate a = CivilFromDays(earliest);
  CivilDate b = CivilFromDays(latest);
  if (a.year != b.year) return "unknown";
  return std::to_string(a.year);
}

std::string_view DimensionName(Dimension dimension) {
  for (const auto& [d, name] : kDimensionNames) {
    if (d == dimension) return name;
  }
  return "act";
}

Result<Dimension> DimensionFromName(std::string_view name) {
  std::string lower = AsciiLower(Trim(name));
  if (lower == "age") return Dimension::kAgeBand;
  if (lower == "period") return Dimension::kMonth;
  if (lower == "act_type" || lower == "type") return Dimension::kAct;
  for (const auto& [dimension, dimension_name] : kDimensionNames) {
    if (lower == dimension_name) return dimension;
  }
  return MakeError(ErrorCode::kInvalidArgument,
                   "'" + std::string(name) +
                       "' is not a dimension; use act, sex, age_band, event, place, month, year, "
                       "status or source");
}

std::vector<AgeBand> DefaultAgeBands() {
  return {{0, 17, "child"}, {18, 59, "adult"}, {60, AgeRange::kMaxAge, "elderly"}};
}

Result<std::vector<AgeBand>> ParseAgeBands(std::string_view text) {
  std::vector<AgeBand> bands;
  int expected_start = 0;
  for (std::string_view part : Split(text, ',')) {
    part = Trim(part);
    std::string label;
    size_t equals = part.find('=');
    if (equals != std::string_view::npos) {
      label = std::string(Trim(part.substr(0, equals)));
      part = Trim(part.substr(equals + 1));
    }
    if (label.empty()) label = std::string(part);
    AgeBand band{0, AgeRange::kMaxAge, label};
    auto number = [](std::string_view s, int* out) {
      auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
      return ec == std::errc() && ptr == s.data() + s.size();
    };
    bool ok;
    if (!part.empty() && part.back() == '+') {
      ok = number(part.substr(0, part.size() - 1), &band.youngest);
    } else {
      size_t dash = part.find('-');
      ok = dash != std::string_view::npos && number(part.substr(0, dash), &band.youngest) &&
           number(part.substr(dash + 1), &band.oldest);
    }
    if (!ok || band.youngest != expected_start || band.oldest < band.youngest) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "age bands '" + std::string(text) +
                           "': expected contiguous ranges from 0 such as 0-17,18-59,60+ (band '" +
                           std::string(part) + "' does not fit)");
    }
    expected_start = band.oldest + 1;
    bands.push_back(band);
  }
  if (bands.empty() || bands.back().oldest != AgeRange::kMaxAge) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "age bands must end with an open band such as 60+");
  }
  return bands;
}

std::string AgeBandOf(const AgeRange& age, const std::vector<AgeBand>& bands) {
  if (!age.known()) return "unknown";
  for (const AgeBand& band : bands) {
    if (age.youngest >= band.youngest && age.oldest <= band.oldest) return band.label;
  }
  return "unknown";
}

AgeRange VictimAgeAt(const store::ActFact& fact) {
  if (fact.victim_age.known()) return fact.victim_age;
  return AgeBetween(fact.victim_birth_earliest, fact.victim_birth_latest, fact.date_earliest,
                    fact.date_latest);
}

namespace {

// What one slice of the acts adds up to, keyed by the labels of the `by` dimensions.
struct Partial {
  std::map<std::vector<std::string>, Group> groups;
  Group total;
};

void MergeInto(Group& into, Group&& from) {
  into.acts += from.acts;
  into.group_victims += from.group_victims;
  into.group_acts += from.group_acts;
  into.persons.insert(into.persons.end(), from.persons.begin(), from.persons.end());
  into.act_ids.insert(into.act_ids.end(), from.act_ids.begin(), from.act_ids.end());
}

// Every person's sex as a small code, indexed by person id, read once in id order: a count by
// sex then needs no lookup of each victim's person, which after linkage is a random seek.
struct PersonSexes {
  static constexpr std::uint8_t kNone = 255;
  std::vector<std::string> values;  // By code.
  std::vector<std::uint8_t> code;   // By person id; kNone for an id without a person.
};

// The sexes of the persons in `range` into `code` (sized to cover them), coded by their place
// in `values`. False when there are more distinct values than codes.
Result<bool> ReadPersonSexes(store::Store& store, const store::IdRange& range,
                             std::vector<std::string>& values, std::vector<std::uint8_t>& code) {
  bool fits = true;
  RECKON_TRY(store.ScanPersonSexes(range, [&](Id id, std::string_view sex) -> Status {
    if (id < 1 || static_cast<size_t>(id) >= code.size()) {
      return {};  // A person added since the count began has no act in it.
    }
    auto found = std::find(values.begin(), values.end(), sex);
    if (found == values.end()) {
      if (values.size() >= PersonSexes::kNone) {
        fits = false;
        return {};
      }
      found = values.insert(values.end(), std::string(sex));
    }
    code[static_cast<size_t>(id)] = static_cast<std::uint8_t>(found - values.begin());
    return {};
  }));
  return fits;
}

// Runs work(i, *stores[i]) for every slice i at once: slice 0 on the calling thread, the others
// on threads of their own (one connection each).
void OnSlices(const std::vector<store::Store*>& stores,
              const std::function<void(size_t, store::Store&)>& work) {
  std::vector<std::thread> threads;
  for (size_t i = 1; i < stores.size(); ++i) {
    threads.emplace_back([&, i] { work(i, *stores[i]); });
  }
  work(0, *stores[0]);
  for (std::thread& thread : threads) thread.join();
}

// Every person's sex, read in `stores.size()` slices of person ids at once; nothing when the
// values do not fit in the codes.
Result<std::optional<PersonSexes>> ReadAllPersonSexes(const std::vector<store::Store*>& stores,
                                                      Id max_person) {
  const auto slices = static_cast<std::int64_t>(stores.size());
  PersonSexes sexes;
  sexes.code.assign(static_cast<size_t>(max_person) + 1, PersonSexes::kNone);
  auto slice = [&](std::int64_t i) {
    return store::IdRange{1 + max_person * i / slices, max_person * (i + 1) / slices};
  };
  // Each slice codes by its own values (the threads write disjoint parts of `code`).
  std::vector<std::vector<std::string>> values(stores.size());
  std::vector<Result<bool>> read(stores.size(), false);
  OnSlices(stores, [&](size_t i, store::Store& reader) {
    read[i] = ReadPersonSexes(reader, slice(static_cast<std::int64_t>(i)), values[i], sexes.code);
  });
  for (auto& r : read) {
    if (!r) return tl::unexpected(r.error());
    if (!*r) return std::optional<PersonSexes>();
  }
  // Then common codes: each slice's values mapped into one list.
  for (std::int64_t i = 0; i < slices; ++i) {
    std::vector<std::uint8_t> remap;
    for (const std::string& value : values[static_cast<size_t>(i)]) {
      auto found = std::find(sexes.values.begin(), sexes.values.end(), value);
      if (found == sexes.values.end()) found = sexes.values.insert(sexes.values.end(), value);
      remap.push_back(static_cast<std::uint8_t>(found - sexes.values.begin()));
    }
    if (sexes.values.size() >= PersonSexes::kNone) return std::optional<PersonSexes>();
    for (Id id = slice(i).first; id <= slice(i).last; ++id) {
      std::uint8_t& c = sexes.code[static_cast<size_t>(id)];
      if (c != PersonSexes::kNone) c = remap[c];
    }
  }
  return std::optional<PersonSexes>(std::move(sexes));
}

// Scans the acts in `range` and groups them. Labels are interned to small integers while
// scanning, so a fact costs a few integer hashes rather than string work. With `sexes`, the
// victim's sex comes from it instead of the scan.
Result<Partial> Aggregate(store::Store& store, const CountQuery& query, const store::IdRange& range,
                          const PersonSexes* sexes) {
  Names names(store);
  std::vector<Dimension> needed = query.by;
  for (const auto& [dimension, value] : query.where) {
    if (std::find(needed.begin(), needed.end(), dimension) == needed.end()) {
      needed.push_back(dimension);
    }
  }
  std::vector<Labels> labels(needed.size());
  std::vector<std::unordered_map<Id, int>> id_labels(needed.size());
  // Age bands by interned label, memoized on the four day numbers that decide the age (many
  // victims share a birth year and an act date): no string is built per fact.
  struct AgeKey {
    DayNumber a, b, c, d;
    bool operator==(const AgeKey&) const = default;
  };
  struct AgeKeyHash {
    size_t operator()(const AgeKey& k) const {
      return std::hash<std::uint64_t>()(
                 (static_cast<std::uint64_t>(static_cast<std::uint32_t>(k.a)) << 32) ^
                 static_cast<std::uint32_t>(k.b)) ^
             std::hash<std::uint64_t>()(
                 (static_cast<std::uint64_t>(static_cast<std::uint32_t>(k.c)) << 32) ^
                 static_cast<std::uint32_t>(k.d)) *
                 31;
    }
  };
  std::unordered_map<AgeKey, int, AgeKeyHash> age_band_by_dates;
  std::vector<int> age_band_by_given_age;  // Indexed by youngest * 131 + oldest.
  auto age_band_label = [&](const store::ActFact& fact) -> int {
    const size_t d = static_cast<size_t>(
        std::find(needed.begin(), needed.end(), Dimension::kAgeBand) - needed.begin());
    if (fact.victim_age.known()) {
      if (age_band_by_given_age.empty()) {
        age_band_by_given_age.assign(size_t{AgeRange::kMaxAge + 1} * (AgeRange::kMaxAge + 1), -1);
      }
      int& cached = age_band_by_given_age[static_cast<size_t>(fact.victim_age.youngest) *
                                              (AgeRange::kMaxAge + 1) +
                                          static_cast<size_t>(fact.victim_age.oldest)];
      if (cached < 0) cached = labels[d].Intern(AgeBandOf(fact.victim_age, query.age_bands));
      return cached;
    }
    AgeKey key{fact.victim_birth_earliest, fact.victim_birth_latest, fact.date_earliest,
               fact.date_latest};
    auto it = age_band_by_dates.find(key);
    if (it != age_band_by_dates.end()) return it->second;
    int label = labels[d].Intern(AgeBandOf(VictimAgeAt(fact), query.age_bands));
    age_band_by_dates.emplace(key, label);
    return label;
  };
  std::vector<int> sex_labels(sexes != nullptr ? sexes->values.size() : 0, -1);  // By code.
  auto label_of = [&](size_t d, const store::ActFact& fact) -> int {
    Labels& table = labels[d];
    auto by_id = [&](Id id, auto name_of) {
      auto it = id_labels[d].find(id);
      if (it != id_labels[d].end()) return it->second;
      int label = table.Intern(name_of(id));
      id_labels[d][id] = label;
      return label;
    };
    switch (needed[d]) {
      case Dimension::kAct:
        return table.Intern(fact.type);
      case Dimension::kSex: {
        if (fact.victim_person_id == model::kNoId) return table.Intern("unknown");
        if (sexes == nullptr) return table.Intern(fact.victim_sex);
        const auto person = static_cast<size_t>(fact.victim_person_id);
        std::uint8_t code = person < sexes->code.size() ? sexes->code[person] : PersonSexes::kNone;
        if (code == PersonSexes::kNone) return table.Intern("unknown");
        int& label = sex_labels[code];
        if (label < 0) label = table.Intern(sexes->values[code]);
        return label;
      }
      case Dimension::kAgeBand:
        return age_band_label(fact);
      case Dimension::kEvent:
        return by_id(fact.event_id, [&](Id id) { return names.Event(id); });
      case Dimension::kPlace:
        return by_id(fact.place_id, [&](Id id) { return names.Place(id); });
      case Dimension::kSource:
        return by_id(fact.source_id, [&](Id id) { return names.Source(id); });
      case Dimension::kMonth:
        return table.Intern(FormatMonth(fact.date_earliest, fact.date_latest));
      case Dimension::kYear:
        return table.Intern(FormatYear(fact.date_earliest, fact.date_latest));
      case Dimension::kStatus:
        return table.Intern(fact.status);
    }
    return 0;
  };
  // Filters compare interned labels: intern the wanted values first.
  std::vector<int> filter_ids;
  for (size_t d = 0; d < needed.size(); ++d) {
    auto it = query.where.find(needed[d]);
    filter_ids.push_back(it == query.where.end() ? -1 : labels[d].Intern(it->second));
  }

  std::vector<int> key(query.by.size());
  std::unordered_map<std::vector<int>, Group, VectorHash> groups;
  std::unordered_map<std::uint64_t, Group*> by_packed_key;  // Into `groups` (nodes are stable).
  Partial partial;
  // Persons are collected only when counted; a sort makes them distinct at the end, which is
  // several times faster than a hash set per group.
  const bool count_persons = query.unit == Unit::kPersons;
  const bool keep_acts = query.explain && query.unit == Unit::kActs;
  // Only the parts of each act that the dimensions read.
  store::ActScan scan{range, 0};
  for (Dimension dimension : needed) {
    switch (dimension) {
      case Dimension::kAct:
        break;
      case Dimension::kSex:
        if (sexes == nullptr) scan.parts |= store::kVictimSex;
        break;
      case Dimension::kAgeBand:
        scan.parts |= store::kVictimAge | store::kActDates;
        break;
      case Dimension::kEvent:
        scan.parts |= store::kActEvent;
        break;
      case Dimension::kPlace:
        scan.parts |= store::kActPlace;
        break;
      case Dimension::kSource:
        scan.parts |= store::kActSource;
        break;
      case Dimension::kMonth:
      case Dimension::kYear:
        scan.parts |= store::kActDates;
        break;
      case Dimension::kStatus:
        scan.parts |= store::kActStatus;
        break;
    }
  }
  RECKON_TRY(store.ScanActs(scan, [&](const store::ActFact& fact) -> Status {
    for (size_t d = 0; d < needed.size(); ++d) {
      int label = label_of(d, fact);
      if (filter_ids[d] >= 0 && label != filter_ids[d]) return {};
      if (d < key.size()) key[d] = label;
    }
    // Up to four labels below 2^16 pack into one integer, which hashes faster than the vector.
    Group* found = nullptr;
    std::uint64_t packed = 0;
    bool packable = key.size() <= 4;
    for (size_t d = 0; packable && d < key.size(); ++d) {
      packable = key[d] < 0xffff;
      packed |= static_cast<std::uint64_t>(key[d]) << (16 * d);
    }
    if (packable) {
      auto cached = by_packed_key.find(packed);
      if (cached != by_packed_key.end()) found = cached->second;
    }
    if (found == nullptr) {
      auto it = groups.find(key);
      if (it == groups.end()) it = groups.emplace(key, Group()).first;
      found = &it->second;
      if (packable) by_packed_key.emplace(packed, found);
    }
    for (Group* group : {found, &partial.total}) {
      ++group->acts;
      if (fact.victim_person_id != model::kNoId) {
        if (count_persons) group->persons.push_back(fact.victim_person_id);
      } else if (fact.group_size > 0) {
        group->group_victims += fact.group_size;
        ++group->group_acts;
      }
      if (keep_acts) group->act_ids.push_back(fact.act_id);
    }
    return {};
  }));
  for (auto& [group_key, group] : groups) {
    std::vector<std::string> keys;
    for (size_t d = 0; d < group_key.size(); ++d) keys.push_back(labels[d].Label(group_key[d]));
    partial.groups.emplace(std::move(keys), std::move(group));
  }
  return partial;
}

// Acts per slice below which one thread does the whole scan.
constexpr std::int64_t kActsPerSlice = 250'000;

}  // namespace

Result<CountResult> Count(store::Store& store, const CountQuery& query) {
  CountResult result;
  result.by = query.by;
  result.unit = query.unit;

  // Large cases are scanned in slices of act ids, one thread and connection per slice.
  RECKON_ASSIGN_OR_RETURN(auto act_ids, store.ActIds());
  const auto [range, acts] = act_ids;
  const std::int64_t cores = std::max(1u, std::thread::hardware_concurrency());
  const std::int64_t slices =
      std::clamp<std::int64_t>(acts / kActsPerSlice, 1, std::min<std::int64_t>(cores, 8));
  std::vector<store::IdRange> ranges;
  const std::int64_t span = range.last - range.first + 1;
  for (std::int64_t i = 0; i < slices; ++i) {
    ranges.push_back({range.first + span * i / slices, range.first + span * (i + 1) / slices - 1});
  }
  if (slices == 1) ranges = {store::IdRange{}};
  // One connection per slice: the caller's for the first.
  std::vector<std::unique_ptr<store::Store>> readers;
  std::vector<store::Store*> stores = {&store};
  for (std::int64_t i = 1; i < slices; ++i) {
    RECKON_ASSIGN_OR_RETURN(auto reader, store.OpenReader());
    readers.push_back(std::move(reader));
    stores.push_back(readers.back().get());
  }
  // A count by sex of a linked case reads every person's sex first, in the same slices:
  // linkage leaves persons out of act order, and looking each victim's person up then costs
  // more than the read (1,032,197 acts: 405 ms with lookups, 280 ms with the read). Before
  // linkage, persons follow their acts and the lookups are cheaper than the read.
  std::optional<PersonSexes> sexes;
  bool by_sex = std::find(query.by.begin(), query.by.end(), Dimension::kSex) != query.by.end() ||
                query.where.count(Dimension::kSex) != 0;
  if (by_sex) {
    RECKON_ASSIGN_OR_RETURN(auto run, store.LatestLinkRun());
    RECKON_ASSIGN_OR_RETURN(Id max_person, store.MaxPersonId());
    if (run && max_person <= 8 * acts + 1'000'000) {
      RECKON_ASSIGN_OR_RETURN(sexes, ReadAllPersonSexes(stores, max_person));
    }
  }
  const PersonSexes* sexes_read = sexes ? &*sexes : nullptr;
  std::vector<Result<Partial>> partials(static_cast<size_t>(slices),
                                        MakeError(ErrorCode::kInternal, "slice not scanned"));
  OnSlices(stores, [&](size_t i, store::Store& reader) {
    partials[i] = Aggregate(reader, query, ranges[i], sexes_read);
  });
  Partial merged;
  for (auto& partial : partials) {
    if (!partial) return tl::unexpected(partial.error());
    for (auto& [keys, group] : partial->groups) MergeInto(merged.groups[keys], std::move(group));
    MergeInto(merged.total, std::move(partial->total));
  }

  Names names(store);
  auto claims = IndexClaims(store, names);
  const std::string metric = query.unit == Unit::kPersons ? "victims" : "acts";
  std::vector<std::pair<Dimension, std::string>> filter_labels;
  for (const auto& [dimension, value] : query.where) filter_labels.emplace_back(dimension, value);

  auto finish = [&](Group& group, CountRow& row,
                    const std::vector<std::pair<Dimension, std::string>>& scope_labels) {
    std::sort(group.persons.begin(), group.persons.end());
    group.persons.erase(std::unique(group.persons.begin(), group.persons.end()),
                        group.persons.end());
    row.count =
        query.unit == Unit::kPersons ? static_cast<std::int64_t>(group.persons.size()) : group.acts;
    row.group_victims = group.group_victims;
    row.group_acts = group.group_acts;
    if (query.explain) {
      row.ids = query.unit == Unit::kPersons ? group.persons : group.act_ids;
      std::sort(row.ids.begin(), row.ids.end());
    }
    bool expressible = false;
    std::string scope = ScopeOf(scope_labels, &expressible);
    if (expressible) {
      auto it = claims.find({metric, scope});
      if (it != claims.end()) row.claims = it->second;
    }
  };

  // std::map keeps the rows sorted by their labels.
  for (auto& [keys, group] : merged.groups) {
    CountRow row;
    row.keys = keys;
    std::vector<std::pair<Dimension, std::string>> scope_labels = filter_labels;
    for (size_t d = 0; d < query.by.size(); ++d) scope_labels.emplace_back(query.by[d], keys[d]);
    finish(group, row, scope_labels);
    result.rows.push_back(std::move(row));
  }
  finish(merged.total, result.total, filter_labels);
  return result;
}

Result<Summary> Summarize(store::Store& store) {
  Summary summary;
  RECKON_ASSIGN_OR_RETURN(summary.sources, store.CountRecords(store::RecordKind::kSource));
  RECKON_ASSIGN_OR_RETURN(summary.raw_records, store.CountRecords(store::RecordKind::kRawRecord));
  RECKON_ASSIGN_OR_RETURN(summary.mentions, store.CountRecords(store::RecordKind::kPersonMention));
  RECKON_ASSIGN_OR_RETURN(summary.persons, store.CountRecords(store::RecordKind::kPerson));
  RECKON_ASSIGN_OR_RETURN(auto run, store.LatestLinkRun());
  summary.linked = run.has_value();
  RECKON_ASSIGN_OR_RETURN(summary.acts, store.CountRecords(store::RecordKind::kAct));
  CountQuery query;
  query.by = {Dimension::kAct};
  RECKON_ASSIGN_OR_RETURN(summary.victims_by_act, Count(store, query));
  query.by = {Dimension::kAct, Dimension::kAgeBand};
  RECKON_ASSIGN_OR_RETURN(summary.victims_by_act_and_age, Count(store, query));
  query.by = {Dimension::kAct, Dimension::kSex};
  RECKON_ASSIGN_OR_RETURN(summary.victims_by_act_and_sex, Count(store, query));

  // Fate and households.
  std::unordered_set<Id> killed, detained_or_missing, accounted;
  RECKON_TRY(store.ScanActs({{}, 0}, [&](const store::ActFact& fact) -> Status {
    if (fact.victim_person_id == model::kNoId) return {};
    if (fact.type == "killing") killed.insert(fact.victim_person_id);
    if (fact.type == "hostage_taking" || fact.type == "enforced_disappearance" ||
        fact.type == "arbitrary_detention") {
      detained_or_missing.insert(fact.victim_person_id);
    }
    return {};
  }));
  std::map<std::string, std::vector<Id>> households;
  std::set<Id> missing;
  std::map<std::string, std::set<Id>> roles;
  Id last_person = model::kNoId;
  RECKON_TRY(store.ScanPersons([&](const store::PersonFact& fact) -> Status {
    roles[std::string(fact.role)].insert(fact.person_id);
    if (fact.person_id == last_person) return {};
    last_person = fact.person_id;
    if (fact.status == "dead") killed.insert(fact.person_id);
    if (fact.status == "dead" || fact.status == "alive") accounted.insert(fact.person_id);
    if (fact.status == "missing") missing.insert(fact.person_id);
    if (!fact.household.empty()) households[std::string(fact.household)].push_back(fact.person_id);
    return {};
  }));
  for (Id person : detained_or_missing) missing.insert(person);
  for (Id person : missing) {
    if (killed.count(person) == 0 && accounted.count(person) == 0) {
      summary.fate_unknown_ids.push_back(person);
    }
  }
  summary.fate_unknown = static_cast<std::int64_t>(summary.fate_unknown_ids.size());
  for (const auto& [key, members] : households) {
    if (members.size() < 2) continue;
    bool all_killed =
        std::all_of(members.begin(), members.end(), [&](Id id) { return killed.count(id) != 0; });
    if (all_killed) summary.households_destroyed_keys.push_back(key);
  }
  summary.households_destroyed =
      static_cast<std::int64_t>(summary.households_destroyed_keys.size());
  for (const auto& [role, persons] : roles) {
    summary.persons_by_role[role] = static_cast<std::int64_t>(persons.size());
  }

  RECKON_ASSIGN_OR_RETURN(auto losses, store.ListLosses());
  for (const model::Loss& loss : losses) {
    if (!loss.amount) continue;
    summary.losses_by_currency[loss.currency] += *loss.amount;
    ++summary.losses_count_by_currency[loss.currency];
  }
  RECKON_ASSIGN_OR_RETURN(auto actions, store.ListActions());
  for (const auto& action : actions) ++summary.actions_by_kind[action.kind];

  Names names(store);
  auto claims = IndexClaims(store, names);
  summary.fate_unknown_claims = claims[{"fate_unknown", ""}];
  summary.households_claims = claims[{"households_destroyed", ""}];
  for (const auto& [currency, total] : summary.losses_by_currency) {
    summary.loss_claims[currency] = claims[{"loss", currency}];
  }
  return summary;
}

}  // namespace reckon::stats
