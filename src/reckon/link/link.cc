#include "reckon/link/link.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <random>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "reckon/names/names.h"

namespace reckon::link {
namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

constexpr std::uint32_t kNoValue = UINT32_MAX;

// FNV-1a, for blocking keys and place keys.
std::uint64_t Hash(std::string_view text, std::uint64_t seed = 1469598103934665603ULL) {
  std::uint64_t h = seed;
  for (char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

std::uint64_t Mix(std::uint64_t a, std::uint64_t b) {
  a ^= b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2);
  return a * 0xff51afd7ed558ccdULL;
}

std::uint64_t PairKey(std::uint32_t a, std::uint32_t b) {
  if (a > b) std::swap(a, b);
  return (std::uint64_t{a} << 32) | b;
}

// A record as the comparison reads it.
struct Prepared {
  const names::ParsedName* name = nullptr;  // Owned by the NameCache of the run.
  bool has_name = false;
  bool has_year = false;
  int year_low = 0;
  int year_high = 0;
  DayNumber birth_day = kNoEarliest;      // When the birth date is known to the day.
  int sex = 0;                            // 0 unknown, 1 male, 2 female.
  std::uint64_t place = 0;                // 0: unknown.
  std::string place_name;                 // LatinKey of the place.
  DayNumber act_day = kNoEarliest;        // When the act's date is known to the day.
  std::vector<std::string> extra;         // LatinKey of each extra field.
  std::uint32_t family_value = kNoValue;  // Interned first family skeleton, for term frequencies.
  std::uint32_t given_value = kNoValue;
};

int YearOf(DayNumber day) { return CivilFromDays(day).year; }

// Names repeat across a list and across lists; each thread parses each distinct name once.
class NameCache {
 public:
  const names::ParsedName& Parse(const model::PersonName& name) {
    key_.clear();
    for (const std::string* part : {&name.full, &name.given, &name.patronymic, &name.family}) {
      key_ += *part;
      key_ += '\x1f';
    }
    auto it = cache_.find(key_);
    if (it != cache_.end()) return it->second;
    return cache_.emplace(key_, names::ParseName(name)).first->second;
  }

 private:
  std::string key_;
  std::unordered_map<std::string, names::ParsedName> cache_;
};

// An extra field's value: ASCII letters and digits lower-cased, single spaces; other scripts
// romanized as names are (digits kept).
std::string NormalizeValue(std::string_view value) {
  bool ascii = std::all_of(value.begin(), value.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  std::string out;
  if (!ascii) {
    std::string digits;
    for (char c : value) {
      if (c >= '0' && c <= '9') digits += c;
    }
    out = names::LatinKey(value);
    if (!digits.empty()) out += (out.empty() ? "" : " ") + digits;
    return out;
  }
  for (char c : value) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += c;
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

void PrepareOne(const LinkRecord& record, NameCache& cache, Prepared& out) {
  out.name = &cache.Parse(record.name);
  out.has_name = !out.name->empty();
  bool birth_known = record.birth_earliest > kNoEarliest && record.birth_latest < kNoLatest;
  bool act_known = record.act_earliest > kNoEarliest && record.act_latest < kNoLatest;
  if (birth_known) {
    out.has_year = true;
    out.year_low = YearOf(record.birth_earliest);
    out.year_high = YearOf(record.birth_latest);
    if (record.birth_earliest == record.birth_latest) out.birth_day = record.birth_earliest;
  } else if (record.age.known() && act_known) {
    // Born between (act - oldest - 1 year) and (act - youngest years).
    out.has_year = true;
    out.year_low = YearOf(record.act_earliest) - record.age.oldest - 1;
    out.year_high = YearOf(record.act_latest) - record.age.youngest;
  }
  if (record.sex == "male") out.sex = 1;
  if (record.sex == "female") out.sex = 2;
  if (!record.place.empty()) {
    out.place_name = NormalizeValue(record.place);
    out.place = Hash(out.place_name) | 1;
  }
  if (act_known && record.act_earliest == record.act_latest) out.act_day = record.act_earliest;
  out.extra.clear();
  for (const std::string& value : record.extra) out.extra.push_back(NormalizeValue(value));
}

// Runs fn(part, begin, end) over [0, count) on `threads` threads; part is 0..threads-1.
void Parallel(std::size_t count, int threads,
              const std::function<void(size_t, size_t, size_t)>& fn) {
  if (threads <= 1 || count < 1000) {
    fn(0, 0, count);
    return;
  }
  std::vector<std::thread> workers;
  size_t chunk = (count + static_cast<size_t>(threads) - 1) / static_cast<size_t>(threads);
  for (int t = 0; t < threads; ++t) {
    size_t begin = static_cast<size_t>(t) * chunk;
    size_t end = std::min(count, begin + chunk);
    if (begin >= end) break;
    workers.emplace_back(fn, static_cast<size_t>(t), begin, end);
  }
  for (std::thread& worker : workers) worker.join();
}

// The levels of one pair, packed 3 bits per field, and the interned names that agreed exactly.
struct Comparison {
  std::uint64_t pattern = 0;
  std::uint32_t family_value = kNoValue;
  std::uint32_t given_value = kNoValue;
};

std::uint8_t LevelOf(std::uint64_t pattern, int field) {
  return static_cast<std::uint8_t>((pattern >> (3 * field)) & 7U);
}

std::uint64_t AllMissing(int fields) {
  std::uint64_t pattern = 0;
  for (int f = 0; f < fields; ++f) pattern |= std::uint64_t{kMissing} << (3 * f);
  return pattern;
}

void SetLevel(std::uint64_t& pattern, int field, std::uint8_t level) {
  pattern &= ~(std::uint64_t{7} << (3 * field));
  pattern |= std::uint64_t{level} << (3 * field);
}

struct WordMatch {
  double similarity = -1;  // -1: a side has no words.
  const names::NameWord* a = nullptr;
  const names::NameWord* b = nullptr;
};

WordMatch BestWords(const std::vector<names::NameWord>& x, const std::vector<names::NameWord>& y) {
  WordMatch best;
  for (const names::NameWord& u : x) {
    for (const names::NameWord& v : y) {
      double similarity = names::WordSimilarity(u, v);
      if (similarity > best.similarity) best = {similarity, &u, &v};
    }
  }
  return best;
}

// Levels of a name: same (a reading equal), close (one typing error: one letter added, dropped,
// changed or two swapped, in the skeletons or in the romanized words; or Jaro-Winkler >= 0.92
// within two letters of length), similar (same
// phonetic key; two errors in a long name; Jaro-Winkler >= 0.88 within three letters; or, for
// given names, one a short form beginning the other: Eka / Ekaterine), different. The length
// limits keep a name and a longer one built on it (Aram / Aramyan) apart.
std::uint8_t NameLevel(const WordMatch& match, bool given) {
  if (match.similarity < 0) return kMissing;
  if (match.similarity >= 1.0) return 0;
  const std::string& x = match.a->skeleton;
  const std::string& y = match.b->skeleton;
  auto lx = static_cast<int>(x.size());
  auto ly = static_cast<int>(y.size());
  int difference = std::abs(lx - ly);
  int shorter = std::min(lx, ly);
  int edits = difference <= 2 ? names::DamerauLevenshtein(x, y) : 99;
  if ((edits <= 1 && shorter >= 4) || (match.similarity >= 0.92 && difference <= 2)) return 1;
  if (match.a->phonetic == match.b->phonetic && match.a->phonetic.size() >= 3) return 2;
  if ((edits <= 2 && shorter >= 7) || (match.similarity >= 0.88 && difference <= 3)) return 2;
  if (given && shorter >= 3 &&
      (x.compare(0, static_cast<size_t>(shorter), y, 0, static_cast<size_t>(shorter)) == 0)) {
    return 2;
  }
  // A letter dropped from a short name (Iy / Ivy, Mi / Mia); a changed letter is another name
  // (Leo / Lev).
  {
    const std::string& u = match.a->latin;
    const std::string& v = match.b->latin;
    if (std::min(u.size(), v.size()) >= 2 &&
        std::max(u.size(), v.size()) == std::min(u.size(), v.size()) + 1 &&
        names::DamerauLevenshtein(u, v) == 1) {
      return 2;
    }
  }
  // The same letters in another order (Jones / Josen): letters typed out of order.
  if (match.a->latin.size() >= 5 && match.a->latin.size() == match.b->latin.size()) {
    std::array<int, 256> letters{};
    for (char c : match.a->latin) ++letters[static_cast<unsigned char>(c)];
    for (char c : match.b->latin) --letters[static_cast<unsigned char>(c)];
    if (std::all_of(letters.begin(), letters.end(), [](int k) { return k == 0; })) return 2;
  }
  // A typing error in the written form can straddle a letter pair the skeleton reads as one
  // sound (Lasha / Lsaha): one error in the romanized words themselves is close too.
  const std::string& u = match.a->latin;
  const std::string& v = match.b->latin;
  if (std::min(u.size(), v.size()) >= 4 &&
      std::max(u.size(), v.size()) - std::min(u.size(), v.size()) <= 1 &&
      names::DamerauLevenshtein(u, v) <= 1) {
    return 1;
  }
  return 3;
}

double Score(double x) { return x < 0 ? 0 : x; }

// Two dates whose written forms (YYYYMMDD) differ by one typing error: one digit changed or
// two neighbouring digits swapped (1974-08-21 / 1984-08-21), or day and month swapped
// (1985-02-07 / 1985-07-02). (Day and month alike with any other year was tried as well: it
// joined RLdata500's mistyped years, 0.969 to 0.990, but also garbled strangers in fake_1000,
// 0.991 to 0.989.)
bool OneDateTypo(DayNumber x, DayNumber y) {
  CivilDate a = CivilFromDays(x);
  CivilDate b = CivilFromDays(y);
  if (a.year < 0 || a.year > 9999 || b.year < 0 || b.year > 9999) return false;  // 8 digits.
  if (a.year == b.year && a.month == b.day && a.day == b.month) return true;
  auto digits = [](const CivilDate& d) {
    std::array<char, 8> out{};
    int value = d.year * 10000 + d.month * 100 + d.day;
    for (int i = 7; i >= 0; --i) {
      out[static_cast<size_t>(i)] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
    return out;
  };
  std::array<char, 8> u = digits(a);
  std::array<char, 8> v = digits(b);
  std::array<size_t, 2> differ{};
  size_t differences = 0;
  for (size_t i = 0; i < 8; ++i) {
    if (u[i] == v[i]) continue;
    if (differences == 2) return false;
    differ[differences++] = i;
  }
  if (differences == 1) return true;
  return differences == 2 && differ[1] == differ[0] + 1 && u[differ[0]] == v[differ[1]] &&
         u[differ[1]] == v[differ[0]];
}

Comparison Compare(const Prepared& a, const Prepared& b, int fields) {
  Comparison out;
  out.pattern = AllMissing(fields);
  // Names: given against given and family against family, or crossed when either record's
  // order is unknown and crossing fits better.
  WordMatch family = BestWords(a.name->family, b.name->family);
  WordMatch given = BestWords(a.name->given, b.name->given);
  bool straight = true;
  bool unsure = !a.name->order_known || !b.name->order_known;
  if ((family.similarity < 1.0 || given.similarity < 1.0) &&
      (unsure || Score(family.similarity) + Score(given.similarity) < 1.8)) {
    // Lists swap name parts even in separate columns; an order the parser was unsure of is
    // crossed as readily as a sure one.
    WordMatch crossed_family = BestWords(a.name->family, b.name->given);
    WordMatch crossed_given = BestWords(a.name->given, b.name->family);
    double margin = unsure ? 0.0 : 0.15;
    // Crossing must find a name that agrees: a given name alone against a family name alone
    // says nothing (Finley / Jones), not that the names differ.
    bool crossed_agrees = std::max(crossed_family.similarity, crossed_given.similarity) >= 0.88;
    if (crossed_agrees && Score(crossed_family.similarity) + Score(crossed_given.similarity) >
                              Score(family.similarity) + Score(given.similarity) + margin) {
      family = crossed_family;
      given = crossed_given;
      straight = false;
    }
  }
  std::uint8_t family_level = NameLevel(family, !straight);
  std::uint8_t given_level = NameLevel(given, straight);
  SetLevel(out.pattern, static_cast<int>(Field::kFamilyName), family_level);
  SetLevel(out.pattern, static_cast<int>(Field::kGivenName), given_level);
  if (straight && family_level == 0 && a.family_value == b.family_value) {
    out.family_value = a.family_value;
  }
  if (straight && given_level == 0 && a.given_value == b.given_value) {
    out.given_value = a.given_value;
  }
  if (!a.name->patronymic.empty() && !b.name->patronymic.empty()) {
    WordMatch patronymic = BestWords(a.name->patronymic, b.name->patronymic);
    SetLevel(out.pattern, static_cast<int>(Field::kPatronymic),
             patronymic.similarity >= 0.9 ? 0 : 1);
  }
  if (a.has_year && b.has_year) {
    std::uint8_t level = 6;
    int gap = std::max({0, b.year_low - a.year_high, a.year_low - b.year_high});
    if (a.birth_day != kNoEarliest && a.birth_day == b.birth_day) {
      level = 0;
    } else if (a.birth_day != kNoEarliest && b.birth_day != kNoEarliest &&
               OneDateTypo(a.birth_day, b.birth_day)) {
      // Before "same year": between full dates, one typing error is rarer by chance than a
      // shared year, so it says more (1949-07-22 / 1949-07-23).
      level = 2;
    } else if (gap == 0) {
      level = 1;
    } else if (gap <= 1) {
      level = 3;
    } else if (gap <= 3) {
      level = 4;
    } else if (gap <= 10) {
      level = 5;
    }
    SetLevel(out.pattern, static_cast<int>(Field::kBirth), level);
  }
  if (a.sex != 0 && b.sex != 0) {
    SetLevel(out.pattern, static_cast<int>(Field::kSex), a.sex == b.sex ? 0 : 1);
  }
  // The act: where and when. One field, because the two go together (people of one incident
  // share both) and the model assumes its fields independent given the match status.
  {
    int place = -1;  // 0 same, 1 close, 2 different; -1 unknown.
    if (a.place != 0 && b.place != 0) {
      place = 2;
      if (a.place == b.place) {
        place = 0;
      } else if (names::JaroWinkler(a.place_name, b.place_name) >= 0.88) {
        place = 1;
      }
    }
    DayNumber gap = -1;  // Days between the acts; -1 unknown.
    if (a.act_day != kNoEarliest && b.act_day != kNoEarliest) {
      gap = a.act_day > b.act_day ? a.act_day - b.act_day : b.act_day - a.act_day;
    }
    std::uint8_t level = kMissing;
    if (place >= 0 && gap >= 0) {
      bool near = place <= 1;
      if (near && gap <= 7) {
        level = gap == 0 && place == 0 ? 0 : 1;
      } else if (near || gap == 0) {
        level = 2;
      } else {
        level = 3;
      }
    } else if (place >= 0) {
      level = place == 0 ? 0 : (place == 1 ? 1 : 3);
    } else if (gap >= 0) {
      level = gap == 0 ? 1 : (gap <= 7 ? 2 : 3);
    }
    if (level != kMissing) SetLevel(out.pattern, static_cast<int>(Field::kAct), level);
  }
  for (int i = 0; i + kBaseFields < fields; ++i) {
    const std::string& x = a.extra[static_cast<size_t>(i)];
    const std::string& y = b.extra[static_cast<size_t>(i)];
    if (x.empty() || y.empty()) continue;
    std::uint8_t level = 3;
    if (x == y) {
      level = 0;
    } else {
      double similarity = names::JaroWinkler(x, y);
      if (similarity >= 0.88) {
        level = 1;
      } else if (similarity >= 0.7) {
        level = 2;
      }
    }
    SetLevel(out.pattern, kBaseFields + i, level);
  }
  return out;
}

// Probabilities to start EM from: agreement is likely among matches.
Model DefaultModel(int fields) {
  Model model;
  model.fields = fields;
  for (int f = 0; f < fields; ++f) {
    int levels = LevelCount(f);
    auto& m = model.m[static_cast<size_t>(f)];
    auto& u = model.u[static_cast<size_t>(f)];
    double total = 0;
    for (int l = 0; l < levels; ++l) {
      m[static_cast<size_t>(l)] = std::pow(0.12, l);
      total += m[static_cast<size_t>(l)];
    }
    for (int l = 0; l < levels; ++l) {
      m[static_cast<size_t>(l)] /= total;
      u[static_cast<size_t>(l)] = 1.0 / levels;
    }
  }
  model.match_rate = 0.05;
  return model;
}

struct Scorer {
  const Model& model;
  const std::vector<double>& family_tf;
  const std::vector<double>& given_tf;
  bool term_frequency;
  std::array<std::array<double, 7>, kMaxFields> weights{};
  double prior = 0;

  Scorer(const Model& m, const std::vector<double>& family, const std::vector<double>& given,
         bool tf)
      : model(m), family_tf(family), given_tf(given), term_frequency(tf) {
    for (int f = 0; f < model.fields; ++f) {
      for (int l = 0; l < LevelCount(f); ++l) {
        auto fi = static_cast<size_t>(f);
        auto li = static_cast<size_t>(l);
        weights[fi][li] =
            std::log2(std::max(model.m[fi][li], 1e-9) / std::max(model.u[fi][li], 1e-9));
      }
    }
    double rate = std::clamp(model.match_rate, 1e-9, 1 - 1e-9);
    prior = std::log2(rate / (1 - rate));
  }

  double FieldWeight(const Comparison& c, int field) const {
    std::uint8_t level = LevelOf(c.pattern, field);
    if (level == kMissing) return 0;
    auto fi = static_cast<size_t>(field);
    if (term_frequency && level == 0) {
      std::uint32_t value = kNoValue;
      const std::vector<double>* tf = nullptr;
      if (field == static_cast<int>(Field::kFamilyName)) {
        value = c.family_value;
        tf = &family_tf;
      } else if (field == static_cast<int>(Field::kGivenName)) {
        value = c.given_value;
        tf = &given_tf;
      }
      if (tf != nullptr && value != kNoValue) {
        // The chance that two random records share this very name (Splink's adjustment).
        return std::log2(std::max(model.m[fi][0], 1e-9) / std::max((*tf)[value], 1e-9));
      }
    }
    return weights[fi][level];
  }

  // Evidence: the sum of field weights, prior excluded.
  double Evidence(const Comparison& c) const {
    double total = 0;
    for (int f = 0; f < model.fields; ++f) total += FieldWeight(c, f);
    return total;
  }
};

double Probability(double weight) { return 1.0 / (1.0 + std::exp2(-weight)); }

// A given or family name that shares nothing with the other's (not close, not the same sound
// in any reading): relatives and namesakes look like this, one person rarely does. Relatives
// also share what a family shares (family name, patronymic, household, place and day of the
// act), so only personal evidence can outweigh the contradiction: the birth field, the extra
// fields, and the given name when it is the family name that contradicts (a woman's maiden
// name). Below `contradiction_weight` of it (log2 Bayes factor) such a pair is not linked by
// the model; it goes to review when probable.
bool NamesContradict(const Comparison& c, const Scorer& scorer, double contradiction_weight) {
  const bool family = LevelOf(c.pattern, static_cast<int>(Field::kFamilyName)) == 3;
  const bool given = LevelOf(c.pattern, static_cast<int>(Field::kGivenName)) == 3;
  if (!family && !given) return false;
  double personal = scorer.FieldWeight(c, static_cast<int>(Field::kBirth));
  for (int f = kBaseFields; f < scorer.model.fields; ++f) personal += scorer.FieldWeight(c, f);
  if (!given) personal += scorer.FieldWeight(c, static_cast<int>(Field::kGivenName));
  // Both names different: another person (one birth date shared by chance), or a record too
  // garbled to decide on without twice the evidence.
  return personal < (family && given ? 2 : 1) * contradiction_weight;
}

// Interns first family and given skeletons and computes their frequencies.
void InternNames(std::vector<Prepared>& prepared, std::vector<double>& family_tf,
                 std::vector<double>& given_tf) {
  std::unordered_map<std::string, std::uint32_t> families;
  std::unordered_map<std::string, std::uint32_t> givens;
  std::vector<std::int64_t> family_counts;
  std::vector<std::int64_t> given_counts;
  std::int64_t family_total = 0;
  std::int64_t given_total = 0;
  auto intern = [](std::unordered_map<std::string, std::uint32_t>& table,
                   std::vector<std::int64_t>& counts, const std::string& key) {
    auto [it, inserted] = table.emplace(key, static_cast<std::uint32_t>(counts.size()));
    if (inserted) counts.push_back(0);
    ++counts[it->second];
    return it->second;
  };
  for (Prepared& p : prepared) {
    if (!p.name->family.empty()) {
      p.family_value = intern(families, family_counts, p.name->family[0].skeleton);
      ++family_total;
    }
    if (!p.name->given.empty()) {
      p.given_value = intern(givens, given_counts, p.name->given[0].skeleton);
      ++given_total;
    }
  }
  family_tf.assign(family_counts.size(), 0);
  for (size_t i = 0; i < family_counts.size(); ++i) {
    family_tf[i] = static_cast<double>(family_counts[i]) / static_cast<double>(family_total);
  }
  given_tf.assign(given_counts.size(), 0);
  for (size_t i = 0; i < given_counts.size(); ++i) {
    given_tf[i] = static_cast<double>(given_counts[i]) / static_cast<double>(given_total);
  }
}

// ---- Blocking ----

struct KeyedRecord {
  std::uint64_t key;
  std::uint32_t record;
  friend bool operator<(const KeyedRecord& x, const KeyedRecord& y) {
    return x.key != y.key ? x.key < y.key : x.record < y.record;
  }
};

enum class RuleFilter { kAll, kOneWithoutYear, kOneWithoutName };

struct Rule {
  std::string name;
  RuleFilter filter = RuleFilter::kAll;
  std::function<void(const Prepared&, std::vector<std::uint64_t>&)> keys;
  std::int64_t max_block_size = INT64_MAX;  // Below the option's, for loose rules.
};

// The phonetic keys of a word's readings (general and Turkic).
void WordKeys(const names::NameWord& word, std::vector<std::uint64_t>& out) {
  for (const std::string& key : word.phonetic_variants) out.push_back(Hash(key));
}

// The word's first sound class as its flat reading has it (Celik and Челик both begin with K).
std::uint64_t Initial(const names::NameWord* word) {
  if (word == nullptr) return 0;
  const std::string& reading = word->flat.empty() ? word->skeleton : word->flat;
  std::string key = names::PhoneticKey(reading.substr(0, 2));
  return key.empty() ? 0 : static_cast<std::uint64_t>(static_cast<unsigned char>(key[0]));
}

// The two main name words, whatever their order: first given and first family (or the first
// two given words when the family is unknown).
std::pair<const names::NameWord*, const names::NameWord*> MainWords(const Prepared& p) {
  const names::NameWord* first = p.name->given.empty() ? nullptr : &p.name->given[0];
  const names::NameWord* second = p.name->family.empty() ? nullptr : &p.name->family[0];
  if (second == nullptr && p.name->given.size() > 1) second = &p.name->given[1];
  if (first == nullptr && p.name->family.size() > 1) first = &p.name->family[1];
  return {first, second};
}

void YearKeys(const Prepared& p, std::vector<std::uint64_t>& out) {
  if (!p.has_year || p.year_high - p.year_low > 3) return;
  for (int year = p.year_low; year <= p.year_high + 1; ++year) {
    out.push_back(static_cast<std::uint64_t>(year) + 10000);
  }
}

std::vector<Rule> Rules() {
  std::vector<Rule> rules;
  // 1. Both main name words (in either order, by phonetic key) and the birth year.
  rules.push_back({"name words + birth year", RuleFilter::kAll,
                   [](const Prepared& p, std::vector<std::uint64_t>& out) {
                     auto [first, second] = MainWords(p);
                     if (first == nullptr || second == nullptr) return;
                     std::vector<std::uint64_t> a;
                     std::vector<std::uint64_t> b;
                     std::vector<std::uint64_t> years;
                     WordKeys(*first, a);
                     WordKeys(*second, b);
                     YearKeys(p, years);
                     for (std::uint64_t x : a) {
                       for (std::uint64_t y : b) {
                         std::uint64_t names = Mix(std::min(x, y), std::max(x, y));
                         for (std::uint64_t year : years) out.push_back(Mix(names, year));
                       }
                     }
                   }});
  // 2. One name word, the initial of the other, the birth year and the place (or the year
  // alone where no place is known): catches a misspelt other word.
  rules.push_back({"one name word + other's initial + birth year + place", RuleFilter::kAll,
                   [](const Prepared& p, std::vector<std::uint64_t>& out) {
                     std::vector<std::uint64_t> years;
                     auto [first, second] = MainWords(p);
                     YearKeys(p, years);
                     auto add = [&](const names::NameWord* word, const names::NameWord* other) {
                       if (word == nullptr) return;
                       std::vector<std::uint64_t> words;
                       WordKeys(*word, words);
                       std::uint64_t initial = Initial(other);
                       for (std::uint64_t w : words) {
                         for (std::uint64_t year : years) {
                           out.push_back(Mix(Mix(Mix(w, year), p.place), initial));
                         }
                       }
                     };
                     add(first, second);
                     add(second, first);
                   }});
  // 3. Both main name words (every reading's key, as in rule 1) and the place, for pairs of
  // which one has no birth year.
  auto name_words = [](const Prepared& p, std::vector<std::uint64_t>& out) {
    auto [first, second] = MainWords(p);
    if (first == nullptr) return;
    std::vector<std::uint64_t> a;
    std::vector<std::uint64_t> b;
    WordKeys(*first, a);
    if (second != nullptr) {
      WordKeys(*second, b);
    } else {
      b.push_back(0);
    }
    for (std::uint64_t x : a) {
      for (std::uint64_t y : b) out.push_back(Mix(std::min(x, y), std::max(x, y)) + 7);
    }
  };
  rules.push_back({"name words + place, a birth year missing", RuleFilter::kOneWithoutYear,
                   [name_words](const Prepared& p, std::vector<std::uint64_t>& out) {
                     size_t before = out.size();
                     name_words(p, out);
                     for (size_t i = before; i < out.size(); ++i) out[i] = Mix(out[i], p.place);
                   }});
  // 3b. Both main name words alone, in blocks of at most 50: catches a birth year far off in
  // small cases; in large ones, common names exceed the limit.
  rules.push_back({"name words (small blocks)", RuleFilter::kAll, name_words, 50});
  // 4. Both main name words with the day and month of birth: catches a mistyped birth year.
  rules.push_back({"name words + birth day and month", RuleFilter::kAll,
                   [](const Prepared& p, std::vector<std::uint64_t>& out) {
                     auto [first, second] = MainWords(p);
                     if (first == nullptr || second == nullptr || p.birth_day == kNoEarliest) {
                       return;
                     }
                     CivilDate date = CivilFromDays(p.birth_day);
                     std::uint64_t x = Hash(first->phonetic);
                     std::uint64_t y = Hash(second->phonetic);
                     out.push_back(Mix(Mix(std::min(x, y), std::max(x, y)),
                                       static_cast<std::uint64_t>(date.month) * 100 +
                                           static_cast<std::uint64_t>(date.day)));
                   }});
  // 5. The full birth date: catches names spelt beyond recognition.
  rules.push_back(
      {"birth date", RuleFilter::kAll, [](const Prepared& p, std::vector<std::uint64_t>& out) {
         if (p.birth_day == kNoEarliest) return;
         out.push_back(static_cast<std::uint64_t>(p.birth_day) + 5000000);
       }});
  // 6. Birth year and place, for pairs of which one has no usable name.
  rules.push_back({"birth year + place, a name missing", RuleFilter::kOneWithoutName,
                   [](const Prepared& p, std::vector<std::uint64_t>& out) {
                     if (p.place == 0) return;
                     std::vector<std::uint64_t> years;
                     YearKeys(p, years);
                     for (std::uint64_t year : years) out.push_back(Mix(year + 3, p.place));
                   }});
  // 7. The first extra field (an address, a postcode, an e-mail address).
  rules.push_back({"first extra field", RuleFilter::kAll,
                   [](const Prepared& p, std::vector<std::uint64_t>& out) {
                     if (p.extra.empty() || p.extra[0].empty()) return;
                     out.push_back(Hash(p.extra[0]) + 11);
                   }});
  return rules;
}

// Every pair of `n` records (a < b), leaving out pairs of which neither is fresh when `fresh` is
// given.
std::vector<std::uint64_t> EveryPair(std::uint32_t n, const std::vector<bool>& fresh) {
  std::vector<std::uint64_t> pairs;
  pairs.reserve(std::uint64_t{n} * (n > 0 ? n - 1 : 0) / 2);
  for (std::uint32_t a = 0; a < n; ++a) {
    for (std::uint32_t b = a + 1; b < n; ++b) {
      if (fresh.empty() || fresh[a] || fresh[b]) pairs.push_back(PairKey(a, b));
    }
  }
  return pairs;
}

std::vector<std::uint64_t> Block(const std::vector<Prepared>& prepared, const LinkOptions& options,
                                 const std::vector<bool>& fresh, LinkStats& stats) {
  std::vector<std::uint64_t> pairs;
  const std::uint64_t n = prepared.size();
  if (n * (n - 1) / 2 <= static_cast<std::uint64_t>(options.all_pairs_limit)) {
    BlockingRuleStats rule_stats;
    rule_stats.name = "every pair (a small case)";
    rule_stats.max_block = static_cast<std::int64_t>(n);
    rule_stats.blocks = 1;
    pairs = EveryPair(static_cast<std::uint32_t>(n), fresh);
    rule_stats.pairs = static_cast<std::int64_t>(pairs.size());
    stats.rules.push_back(rule_stats);
    return pairs;
  }
  std::vector<std::uint64_t> keys;
  for (const Rule& rule : Rules()) {
    BlockingRuleStats rule_stats;
    rule_stats.name = rule.name;
    rule_stats.max_block = std::min(options.max_block_size, rule.max_block_size);
    std::vector<KeyedRecord> keyed;
    for (std::uint32_t i = 0; i < prepared.size(); ++i) {
      keys.clear();
      rule.keys(prepared[i], keys);
      std::sort(keys.begin(), keys.end());
      keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
      for (std::uint64_t key : keys) keyed.push_back({key, i});
    }
    std::sort(keyed.begin(), keyed.end());
    size_t start = 0;
    while (start < keyed.size()) {
      size_t end = start;
      while (end < keyed.size() && keyed[end].key == keyed[start].key) ++end;
      auto size = static_cast<std::int64_t>(end - start);
      if (size > 1) {
        ++rule_stats.blocks;
        std::int64_t limit = std::min(options.max_block_size, rule.max_block_size);
        auto emit = [&](std::uint32_t a, std::uint32_t b) {
          if (a > b) std::swap(a, b);
          if (a == b || (!fresh.empty() && !fresh[a] && !fresh[b])) return;
          pairs.push_back((std::uint64_t{a} << 32) | b);
          ++rule_stats.pairs;
        };
        if (size > limit) {
          ++rule_stats.skipped_blocks;
          rule_stats.skipped_records += size;
        } else if (rule.filter != RuleFilter::kAll) {
          // Only pairs with a member that lacks the field: those members against all.
          auto lacks = [&](size_t at) {
            const Prepared& p = prepared[keyed[at].record];
            return rule.filter == RuleFilter::kOneWithoutYear ? !p.has_year : !p.has_name;
          };
          for (size_t x = start; x < end; ++x) {
            if (!lacks(x)) continue;
            for (size_t y = start; y < end; ++y) {
              if (y != x && (!lacks(y) || y > x)) emit(keyed[x].record, keyed[y].record);
            }
          }
        } else {
          for (size_t x = start; x < end; ++x) {
            for (size_t y = x + 1; y < end; ++y) emit(keyed[x].record, keyed[y].record);
          }
        }
      }
      start = end;
    }
    stats.rules.push_back(rule_stats);
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

// ---- Training ----

// The comparison patterns of `pairs` with their counts, `mask` set on each, compared on
// `threads` threads.
std::unordered_map<std::uint64_t, std::int64_t> Patterns(const std::vector<Prepared>& prepared,
                                                         const std::vector<std::uint64_t>& pairs,
                                                         int fields, std::uint64_t mask,
                                                         int threads) {
  std::vector<std::unordered_map<std::uint64_t, std::int64_t>> parts(
      static_cast<size_t>(std::max(threads, 1)));
  Parallel(pairs.size(), threads, [&](size_t part, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      Comparison c = Compare(prepared[pairs[i] >> 32], prepared[pairs[i] & 0xffffffffU], fields);
      ++parts[part][c.pattern | mask];
    }
  });
  std::unordered_map<std::uint64_t, std::int64_t> patterns = std::move(parts[0]);
  for (size_t p = 1; p < parts.size(); ++p) {
    for (const auto& [pattern, count] : parts[p]) patterns[pattern] += count;
  }
  return patterns;
}

// Level counts among pairs drawn at random, per field (index kMissing: missing on a side).
using LevelCounts = std::array<std::array<double, 8>, kMaxFields>;

// u from pairs drawn at random, less the matches among them: the random pairs' share of level l
// is rate x m_l + (1 - rate) x u_l. With rate = 0 this is the plain estimate (as Splink makes
// it, fair when matches are rare among all pairs); a case whose persons are named many times
// over needs the matches taken out, or agreement on a near-identifier looks common.
void SetU(const LevelCounts& counts, double rate, Model& model) {
  for (int f = 0; f < model.fields; ++f) {
    auto fi = static_cast<size_t>(f);
    int levels = LevelCount(f);
    double total = 0;
    for (int l = 0; l < levels; ++l) total += counts[fi][static_cast<size_t>(l)];
    // Add-one smoothing keeps rare levels (exact agreement on a rare field) above zero.
    double floor = 1 / (total + levels);
    double sum = 0;
    for (int l = 0; l < levels; ++l) {
      auto li = static_cast<size_t>(l);
      double share = (counts[fi][li] + 1) / (total + levels);
      double u = (share - rate * model.m[fi][li]) / (1 - rate);
      model.u[fi][li] = std::max(u, floor);
      sum += model.u[fi][li];
    }
    for (int l = 0; l < levels; ++l) model.u[fi][static_cast<size_t>(l)] /= sum;
  }
}

Model EstimateU(const std::vector<Prepared>& prepared, int fields, const LinkOptions& options,
                int threads, Model model, LevelCounts& counts) {
  const std::uint64_t n = prepared.size();
  // The pairs first (drawn in one sequence, so a seed gives one sample), then compared on every
  // thread, each into its own counts.
  std::vector<std::uint64_t> pairs;
  const std::uint64_t all_pairs = n * (n - 1) / 2;
  if (all_pairs <=
      static_cast<std::uint64_t>(std::max(options.u_sample_pairs, options.all_pairs_limit))) {
    pairs = EveryPair(static_cast<std::uint32_t>(n), {});
  } else {
    std::mt19937_64 rng(options.seed);
    std::uniform_int_distribution<std::uint64_t> pick(0, n - 1);
    pairs.reserve(static_cast<size_t>(options.u_sample_pairs));
    for (std::int64_t i = 0; i < options.u_sample_pairs; ++i) {
      auto a = static_cast<std::uint32_t>(pick(rng));
      auto b = static_cast<std::uint32_t>(pick(rng));
      if (a != b) pairs.push_back((std::uint64_t{a} << 32) | b);
    }
  }
  counts = {};
  for (const auto& [pattern, count] : Patterns(prepared, pairs, fields, 0, threads)) {
    for (int f = 0; f < fields; ++f) {
      counts[static_cast<size_t>(f)][LevelOf(pattern, f)] += static_cast<double>(count);
    }
  }
  SetU(counts, 0, model);
  return model;
}

// A training session: pairs drawn from blocks of one key, so they agree on the key's fields by
// construction. EM in a session estimates m only for the other fields (as Splink does): the
// blocked fields say nothing there.
struct Session {
  std::string name;
  std::vector<int> blocked;
  // Fields whose m this session estimates (empty: every field not blocked). A field free in a
  // session but not estimated there still helps EM tell the classes apart.
  std::vector<int> estimates;
  std::function<void(const Prepared&, std::vector<std::uint64_t>&)> keys;
};

std::vector<Session> TrainingSessions() {
  std::vector<Session> sessions;
  sessions.push_back({"name words",
                      {static_cast<int>(Field::kFamilyName), static_cast<int>(Field::kGivenName)},
                      {},
                      [](const Prepared& p, std::vector<std::uint64_t>& out) {
                        auto [first, second] = MainWords(p);
                        if (first == nullptr || second == nullptr) return;
                        std::uint64_t x = Hash(first->phonetic);
                        std::uint64_t y = Hash(second->phonetic);
                        out.push_back(Mix(std::min(x, y), std::max(x, y)));
                      }});
  // Birth year and sex: leaves the names and the act free, three fields that a match makes agree
  // (two alone would not let EM tell its classes apart). The act's m is taken from the session
  // above only: here, namesakes born the same year in different incidents blur it.
  sessions.push_back({"birth year and sex",
                      {static_cast<int>(Field::kBirth), static_cast<int>(Field::kSex)},
                      {static_cast<int>(Field::kFamilyName), static_cast<int>(Field::kGivenName),
                       static_cast<int>(Field::kPatronymic)},
                      [](const Prepared& p, std::vector<std::uint64_t>& out) {
                        if (!p.has_year) return;
                        out.push_back(Mix(static_cast<std::uint64_t>(p.year_low) + 10000,
                                          static_cast<std::uint64_t>(p.sex)));
                      }});
  return sessions;
}

// Up to `budget` pairs from the blocks of `keys`: every pair of small blocks, a random sample
// of large ones, blocks visited in random order.
std::vector<std::uint64_t> SamplePairs(
    const std::vector<Prepared>& prepared,
    const std::function<void(const Prepared&, std::vector<std::uint64_t>&)>& keys,
    std::int64_t budget, std::mt19937_64& rng) {
  std::vector<KeyedRecord> keyed;
  std::vector<std::uint64_t> record_keys;
  for (std::uint32_t i = 0; i < prepared.size(); ++i) {
    if (!prepared[i].has_name) continue;
    record_keys.clear();
    keys(prepared[i], record_keys);
    for (std::uint64_t key : record_keys) keyed.push_back({key, i});
  }
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::pair<size_t, size_t>> blocks;
  for (size_t start = 0; start < keyed.size();) {
    size_t end = start;
    while (end < keyed.size() && keyed[end].key == keyed[start].key) ++end;
    if (end - start > 1) blocks.emplace_back(start, end);
    start = end;
  }
  std::shuffle(blocks.begin(), blocks.end(), rng);
  std::vector<std::uint64_t> pairs;
  constexpr size_t kEnumerate = 40;
  for (const auto& [start, end] : blocks) {
    if (static_cast<std::int64_t>(pairs.size()) >= budget) break;
    size_t size = end - start;
    if (size <= kEnumerate) {
      for (size_t x = start; x < end; ++x) {
        for (size_t y = x + 1; y < end; ++y) {
          pairs.push_back(PairKey(keyed[x].record, keyed[y].record));
        }
      }
    } else {
      std::uniform_int_distribution<size_t> pick(start, end - 1);
      for (size_t k = 0; k < kEnumerate * (kEnumerate - 1) / 2; ++k) {
        size_t x = pick(rng);
        size_t y = pick(rng);
        if (x != y) pairs.push_back(PairKey(keyed[x].record, keyed[y].record));
      }
    }
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

enum class EmFree { kRateOnly, kAll };

// EM over distinct comparison patterns. Estimates the match rate alone (kRateOnly) or with the
// m and u probabilities of every field, missing levels aside (kAll).
// The match rate is over `population` pairs (0: the patterns' pairs); pairs beyond the
// patterns count as non-matches.
void RunEm(const std::unordered_map<std::uint64_t, std::int64_t>& patterns, Model& model,
           int max_iterations, EmFree free, double population = 0) {
  const int fields = model.fields;
  std::vector<std::pair<std::uint64_t, double>> cells;
  cells.reserve(patterns.size());
  double total = 0;
  for (const auto& [pattern, count] : patterns) {
    cells.emplace_back(pattern, static_cast<double>(count));
    total += static_cast<double>(count);
  }
  // In pattern order, so that the sums do not depend on how the patterns were gathered (the
  // number of threads): one case, one model.
  std::sort(cells.begin(), cells.end());
  if (total == 0) return;
  for (int iteration = 0; iteration < max_iterations; ++iteration) {
    std::array<std::array<double, 8>, kMaxFields> expected{};
    std::array<std::array<double, 8>, kMaxFields> expected_u{};
    double matches = 0;
    for (const auto& [pattern, count] : cells) {
      double log_m = std::log(model.match_rate);
      double log_u = std::log(1 - model.match_rate);
      for (int f = 0; f < fields; ++f) {
        std::uint8_t level = LevelOf(pattern, f);
        if (level == kMissing) continue;
        log_m += std::log(std::max(model.m[static_cast<size_t>(f)][level], 1e-12));
        log_u += std::log(std::max(model.u[static_cast<size_t>(f)][level], 1e-12));
      }
      double posterior = 1.0 / (1.0 + std::exp(log_u - log_m));
      double weight = posterior * count;
      matches += weight;
      for (int f = 0; f < fields; ++f) {
        expected[static_cast<size_t>(f)][LevelOf(pattern, f)] += weight;
        expected_u[static_cast<size_t>(f)][LevelOf(pattern, f)] += count - weight;
      }
    }
    double rate = std::clamp(matches / std::max(population, total), 1e-12, 1 - 1e-6);
    double change = std::abs(rate - model.match_rate);
    model.match_rate = rate;
    auto update = [&](const std::array<std::array<double, 8>, kMaxFields>& counts,
                      std::array<std::array<double, 7>, kMaxFields>& probabilities) {
      for (int f = 0; f < fields; ++f) {
        auto fi = static_cast<size_t>(f);
        int levels = LevelCount(f);
        double known = 0;
        for (int l = 0; l < levels; ++l) known += counts[fi][static_cast<size_t>(l)];
        if (known <= 0) continue;
        for (int l = 0; l < levels; ++l) {
          double p = std::max(counts[fi][static_cast<size_t>(l)] / known, 1e-6);
          change = std::max(change, std::abs(p - probabilities[fi][static_cast<size_t>(l)]));
          probabilities[fi][static_cast<size_t>(l)] = p;
        }
      }
    };
    if (free == EmFree::kAll) {
      update(expected, model.m);
      update(expected_u, model.u);
    }
    model.em_iterations += 1;
    if (change < 1e-6) break;
  }
}

// Trains m by sessions (each field's m is the mean over the sessions that did not block on
// it), then the match rate among the candidate pairs with m and u fixed.
Model Train(const std::vector<Prepared>& prepared,
            const std::unordered_map<std::uint64_t, std::int64_t>& candidate_patterns,
            const Model& start, const LevelCounts& random_counts, const LinkOptions& options,
            int threads, LinkStats& stats) {
  Model model = start;
  const int fields = model.fields;
  std::array<std::array<double, 7>, kMaxFields> sum{};
  std::array<int, kMaxFields> sessions_of{};
  std::mt19937_64 rng(options.seed + 1);
  for (const Session& session : TrainingSessions()) {
    std::vector<std::uint64_t> pairs =
        SamplePairs(prepared, session.keys, options.u_sample_pairs / 2, rng);
    if (pairs.size() < 50) continue;
    std::uint64_t mask = 0;
    for (int f : session.blocked) mask |= std::uint64_t{kMissing} << (3 * f);
    Model trained = start;
    // Within a session, the non-matching pairs agree on the blocked fields and on whatever goes
    // with them (sex with given names), so u is estimated there too and then set aside.
    RunEm(Patterns(prepared, pairs, fields, mask, threads), trained, options.em_max_iterations,
          EmFree::kAll);
    model.em_iterations += trained.em_iterations;
    for (int f = 0; f < fields; ++f) {
      if (std::find(session.blocked.begin(), session.blocked.end(), f) != session.blocked.end()) {
        continue;
      }
      if (!session.estimates.empty() && f < kBaseFields &&
          std::find(session.estimates.begin(), session.estimates.end(), f) ==
              session.estimates.end()) {
        continue;
      }
      auto fi = static_cast<size_t>(f);
      for (int l = 0; l < LevelCount(f); ++l) {
        sum[fi][static_cast<size_t>(l)] += trained.m[fi][static_cast<size_t>(l)];
      }
      ++sessions_of[fi];
    }
  }
  std::string untrained;
  for (int f = 0; f < fields; ++f) {
    auto fi = static_cast<size_t>(f);
    if (sessions_of[fi] == 0) {
      untrained += (untrained.empty() ? "" : ", ") + FieldName(f, options.extra_names);
      continue;
    }
    for (int l = 0; l < LevelCount(f); ++l) {
      model.m[fi][static_cast<size_t>(l)] = sum[fi][static_cast<size_t>(l)] / sessions_of[fi];
    }
  }
  if (!untrained.empty()) {
    stats.warnings.push_back(
        "too few pairs to train on (a session needs 50); the starting m "
        "probabilities are used for: " +
        untrained);
  }
  // The prior is the chance that two records drawn at random are one person: EM over the
  // candidate pairs with m and u fixed, every pair blocking did not put forward counted as a
  // non-match. (A rate among candidates would not do: blocking chose them for agreeing.)
  double records = static_cast<double>(prepared.size());
  RunEm(candidate_patterns, model, options.em_max_iterations * 4, EmFree::kRateOnly,
        records * (records - 1) / 2);
  // Then u without the matches that the random pairs held, and the rate again with that u.
  SetU(random_counts, model.match_rate, model);
  RunEm(candidate_patterns, model, options.em_max_iterations * 4, EmFree::kRateOnly,
        records * (records - 1) / 2);
  model.trained = true;
  return model;
}

// Guards against a collapsed or inverted EM solution: a field whose exact agreement is not more
// likely among matches than among non-matches keeps its starting m; a match rate out of bounds
// falls back to the starting model.
void GuardModel(Model& model, const Model& start, std::int64_t records,
                const std::vector<std::string>& extra_names, LinkStats& stats) {
  for (int f = 0; f < model.fields; ++f) {
    auto fi = static_cast<size_t>(f);
    // Exact agreement (or, where it is the finer level, close agreement) must be more likely
    // among matches.
    bool inverted = model.m[fi][0] <= model.u[fi][0];
    if (LevelCount(f) >= 4 && model.m[fi][1] > model.u[fi][1]) inverted = false;
    if (inverted) {
      stats.warnings.push_back("EM made agreement on " + FieldName(f, extra_names) +
                               " no evidence of a match; its starting m probabilities are kept");
      model.m[fi] = start.m[fi];
    }
  }
  double all_pairs = static_cast<double>(records) * static_cast<double>(records - 1) / 2;
  double expected = model.match_rate * all_pairs;
  // No person is named more than a few dozen times: more matching pairs than that means EM
  // found some other structure than "same person".
  if (expected > 20.0 * static_cast<double>(records)) {
    stats.warnings.push_back("EM estimated an implausible match rate (" +
                             std::to_string(model.match_rate) +
                             " of all pairs); the starting model is used instead");
    Model fallback = start;
    fallback.u = model.u;
    fallback.trained = false;
    // As if each record had one other mention of its person.
    fallback.match_rate = std::min(0.05, static_cast<double>(records) / std::max(all_pairs, 1.0));
    model = fallback;
  }
}

// ---- Clustering ----

class Clusters {
 public:
  explicit Clusters(std::uint32_t n) : parent_(n), members_(n) {
    for (std::uint32_t i = 0; i < n; ++i) {
      parent_[i] = i;
      members_[i] = {i};
    }
  }
  std::uint32_t Find(std::uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  const std::vector<std::uint32_t>& Members(std::uint32_t root) const { return members_[root]; }
  void Union(std::uint32_t a, std::uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (a == b) return;
    if (members_[a].size() < members_[b].size()) std::swap(a, b);
    parent_[b] = a;
    members_[a].insert(members_[a].end(), members_[b].begin(), members_[b].end());
    members_[b].clear();
    members_[b].shrink_to_fit();
  }

 private:
  std::vector<std::uint32_t> parent_;
  std::vector<std::vector<std::uint32_t>> members_;
};

}  // namespace

std::string FieldName(int field, const std::vector<std::string>& extra_names) {
  switch (field) {
    case 0:
      return "family name";
    case 1:
      return "given name";
    case 2:
      return "patronymic";
    case 3:
      return "birth";
    case 4:
      return "sex";
    case 5:
      return "act (place and date)";
    default: {
      auto index = static_cast<size_t>(field - kBaseFields);
      return index < extra_names.size() ? extra_names[index]
                                        : "extra field " + std::to_string(index + 1);
    }
  }
}

int LevelCount(int field) {
  switch (field) {
    case 0:
    case 1:
      return 4;
    case 3:
      return 7;
    case 5:
      return 4;
    case 2:
    case 4:
      return 2;
    default:
      return 4;
  }
}

std::string LevelName(int field, std::uint8_t level) {
  if (level == kMissing) return "missing";
  switch (field) {
    case 0:
    case 1: {
      constexpr std::array<const char*, 4> kNames = {"same", "close (Jaro-Winkler >= 0.92)",
                                                     "similar (same sound)", "different"};
      return kNames[std::min<size_t>(level, 3)];
    }
    case 3: {
      constexpr std::array<const char*, 7> kNames = {
          "same date",       "same year",        "one typing error in the date", "1 year apart",
          "2-3 years apart", "4-10 years apart", "more than 10 years apart"};
      return kNames[std::min<size_t>(level, 6)];
    }
    case 5: {
      constexpr std::array<const char*, 4> kNames = {"same place and day",
                                                     "nearly the same place and time",
                                                     "same place or day, not both", "different"};
      return kNames[std::min<size_t>(level, 3)];
    }
    case 2:
    case 4:
      return level == 0 ? "same" : "different";
    default: {
      constexpr std::array<const char*, 4> kNames = {"same", "close (Jaro-Winkler >= 0.88)",
                                                     "similar (Jaro-Winkler >= 0.7)", "different"};
      return kNames[std::min<size_t>(level, 3)];
    }
  }
}

Result<LinkResult> Link(const std::vector<LinkRecord>& records, const LinkOptions& options,
                        const Constraints& constraints, const Progress& progress) {
  const auto n = static_cast<std::uint32_t>(records.size());
  if (records.size() >= UINT32_MAX - 1) {
    return MakeError(ErrorCode::kInvalidArgument, "too many records to link at once");
  }
  if (!(options.link_probability > 0 && options.link_probability < 1) ||
      !(options.review_probability > 0 && options.review_probability <= options.link_probability)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "link and review probabilities must satisfy 0 < review <= link < 1");
  }
  if (!(options.veto_share >= 0 && options.veto_share < 1)) {
    return MakeError(ErrorCode::kInvalidArgument, "the veto share must be at least 0, below 1");
  }
  const size_t extra = records.empty() ? 0 : records[0].extra.size();
  if (extra > static_cast<size_t>(kMaxExtraFields)) {
    return MakeError(ErrorCode::kInvalidArgument, "at most " + std::to_string(kMaxExtraFields) +
                                                      " extra fields can be compared");
  }
  for (const LinkRecord& record : records) {
    if (record.extra.size() != extra) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "record " + std::to_string(record.id) + " has " +
                           std::to_string(record.extra.size()) + " extra fields, the first has " +
                           std::to_string(extra));
    }
  }
  for (const auto& pairs : {constraints.must_link, constraints.cannot_link}) {
    for (const auto& [a, b] : pairs) {
      if (a >= n || b >= n) {
        return MakeError(ErrorCode::kInvalidArgument, "a decision names a record out of range");
      }
    }
  }
  if (!constraints.initial_group.empty() && constraints.initial_group.size() != records.size()) {
    return MakeError(ErrorCode::kInvalidArgument, "initial groups must cover every record");
  }
  if (!constraints.fresh.empty() && constraints.fresh.size() != records.size()) {
    return MakeError(ErrorCode::kInvalidArgument, "fresh flags must cover every record");
  }
  const int fields = kBaseFields + static_cast<int>(extra);
  const int threads = options.threads > 0
                          ? options.threads
                          : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  LinkResult result;
  LinkStats& stats = result.stats;
  stats.records = n;

  auto stage = [&](std::string_view name) {
    if (progress) progress(name);
  };

  // Prepare.
  stage("prepare");
  auto started = Clock::now();
  std::vector<Prepared> prepared(n);
  // Parsed names live in these caches (one per thread) for the whole run.
  std::vector<NameCache> name_caches(static_cast<size_t>(threads));
  Parallel(n, threads, [&](size_t part, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) PrepareOne(records[i], name_caches[part], prepared[i]);
  });
  std::vector<double> family_tf;
  std::vector<double> given_tf;
  InternNames(prepared, family_tf, given_tf);
  for (const Prepared& p : prepared) {
    if (!p.has_name) ++stats.records_without_name;
  }
  stats.prepare_seconds = Seconds(started);

  // Block.
  stage("block");
  started = Clock::now();
  std::vector<std::uint64_t> candidates = Block(prepared, options, constraints.fresh, stats);
  stats.candidate_pairs = static_cast<std::int64_t>(candidates.size());
  stats.blocking_seconds = Seconds(started);
  for (const BlockingRuleStats& rule : stats.rules) {
    if (rule.skipped_blocks > 0) {
      stats.warnings.push_back("blocking rule '" + rule.name + "' skipped " +
                               std::to_string(rule.skipped_blocks) + " blocks larger than " +
                               std::to_string(rule.max_block) + " records (" +
                               std::to_string(rule.skipped_records) +
                               " records); pairs only they held were not compared");
    }
  }

  // Compare.
  stage("compare");
  started = Clock::now();
  std::vector<Comparison> comparisons(candidates.size());
  Parallel(candidates.size(), threads, [&](size_t /*part*/, size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      auto a = static_cast<std::uint32_t>(candidates[i] >> 32);
      auto b = static_cast<std::uint32_t>(candidates[i] & 0xffffffffU);
      comparisons[i] = Compare(prepared[a], prepared[b], fields);
    }
  });
  stats.compare_seconds = Seconds(started);

  // Train.
  stage("train");
  started = Clock::now();
  Model start = DefaultModel(fields);
  if (options.model && options.model->fields == fields) {
    result.model = *options.model;
  } else {
    LevelCounts random_counts;
    start = EstimateU(prepared, fields, options, threads, start, random_counts);
    std::unordered_map<std::uint64_t, std::int64_t> patterns;
    for (const Comparison& c : comparisons) ++patterns[c.pattern];
    result.model = Train(prepared, patterns, start, random_counts, options, threads, stats);
    GuardModel(result.model, start, n, options.extra_names, stats);
  }
  stats.expected_matching_pairs =
      result.model.match_rate * static_cast<double>(n) * static_cast<double>(n - 1) / 2;
  stats.train_seconds = Seconds(started);

  // Score and cluster.
  stage("cluster");
  started = Clock::now();
  Scorer scorer(result.model, family_tf, given_tf, options.term_frequency);
  std::vector<ScoredPair> scored;
  std::vector<ScoredPair> uncertain;
  for (size_t i = 0; i < candidates.size(); ++i) {
    double weight = scorer.prior + scorer.Evidence(comparisons[i]);
    double probability = Probability(weight);
    if (probability < options.review_probability) continue;
    ScoredPair pair{static_cast<std::uint32_t>(candidates[i] >> 32),
                    static_cast<std::uint32_t>(candidates[i] & 0xffffffffU), weight, probability};
    bool link = probability >= options.link_probability &&
                !NamesContradict(comparisons[i], scorer, options.contradiction_weight);
    (link ? scored : uncertain).push_back(pair);
  }
  std::sort(scored.begin(), scored.end(),
            [](const ScoredPair& x, const ScoredPair& y) { return x.weight > y.weight; });

  Clusters clusters(n);
  std::unordered_set<std::uint64_t> cannot;
  for (const auto& [a, b] : constraints.cannot_link) cannot.insert(PairKey(a, b));
  auto forbidden = [&](std::uint32_t root_a, std::uint32_t root_b) {
    if (cannot.empty()) return false;
    for (std::uint32_t x : clusters.Members(root_a)) {
      for (std::uint32_t y : clusters.Members(root_b)) {
        if (cannot.count(PairKey(x, y)) != 0) return true;
      }
    }
    return false;
  };
  if (!constraints.initial_group.empty()) {
    std::unordered_map<std::int64_t, std::uint32_t> first_of_group;
    for (std::uint32_t i = 0; i < n; ++i) {
      std::int64_t group = constraints.initial_group[i];
      if (group < 0) continue;
      auto [it, inserted] = first_of_group.emplace(group, i);
      if (!inserted) clusters.Union(it->second, i);
    }
  }
  for (const auto& [a, b] : constraints.must_link) {
    std::uint32_t root_a = clusters.Find(a);
    std::uint32_t root_b = clusters.Find(b);
    if (root_a == root_b) continue;
    if (forbidden(root_a, root_b)) {
      stats.warnings.push_back(
          "a decision to link two mentions conflicts with a decision to keep "
          "others apart; the link was not made");
      continue;
    }
    clusters.Union(a, b);
    result.joins.push_back({b, a, 1.0, true});
  }
  constexpr size_t kMaxClusterProduct = 2500;  // Beyond this, only decisions veto a link.
  for (const ScoredPair& pair : scored) {
    std::uint32_t root_a = clusters.Find(pair.a);
    std::uint32_t root_b = clusters.Find(pair.b);
    if (root_a == root_b) continue;
    if (forbidden(root_a, root_b)) continue;
    bool vetoed = false;
    const auto& members_a = clusters.Members(root_a);
    const auto& members_b = clusters.Members(root_b);
    if (members_a.size() * members_b.size() <= kMaxClusterProduct &&
        members_a.size() * members_b.size() > 1) {
      size_t against = 0;
      const size_t allowed = static_cast<size_t>(
          options.veto_share * static_cast<double>(members_a.size() * members_b.size()));
      for (std::uint32_t x : members_a) {
        for (std::uint32_t y : members_b) {
          Comparison c = Compare(prepared[x], prepared[y], fields);
          double evidence = scorer.Evidence(c);
          if (evidence < options.veto_weight ||
              NamesContradict(c, scorer, options.contradiction_weight)) {
            if (++against > allowed) {
              vetoed = true;
              break;
            }
          }
        }
        if (vetoed) break;
      }
    }
    if (vetoed) {
      ++stats.vetoed_links;
      uncertain.push_back(pair);
      continue;
    }
    clusters.Union(pair.a, pair.b);
    result.joins.push_back({pair.b, pair.a, pair.probability, false});
    ++stats.linked_pairs;
  }
  result.cluster.assign(n, 0);
  for (std::uint32_t i = 0; i < n; ++i) {
    const auto& members = clusters.Members(clusters.Find(i));
    result.cluster[i] = *std::min_element(members.begin(), members.end());
    if (result.cluster[i] == i) ++stats.clusters;
  }
  for (const ScoredPair& pair : uncertain) {
    if (result.cluster[pair.a] != result.cluster[pair.b]) result.review.push_back(pair);
  }
  std::sort(result.review.begin(), result.review.end(),
            [](const ScoredPair& x, const ScoredPair& y) { return x.probability > y.probability; });
  stats.cluster_seconds = Seconds(started);
  return result;
}

struct Explainer::State {
  NameCache names;
  std::vector<Prepared> prepared;
  std::vector<double> family_tf;
  std::vector<double> given_tf;
  Model model;
  bool term_frequency = true;
};

Explainer::Explainer(const std::vector<LinkRecord>& records, Model model, bool term_frequency)
    : state_(std::make_unique<State>()) {
  state_->prepared.resize(records.size());
  for (size_t i = 0; i < records.size(); ++i) {
    PrepareOne(records[i], state_->names, state_->prepared[i]);
  }
  InternNames(state_->prepared, state_->family_tf, state_->given_tf);
  state_->model = model;
  state_->term_frequency = term_frequency;
}

Explainer::~Explainer() = default;

Explanation Explainer::Explain(std::uint32_t a, std::uint32_t b) const {
  Explanation out;
  if (a >= state_->prepared.size() || b >= state_->prepared.size()) return out;
  const Model& model = state_->model;
  Scorer scorer(model, state_->family_tf, state_->given_tf, state_->term_frequency);
  Comparison c = Compare(state_->prepared[a], state_->prepared[b], model.fields);
  out.prior_weight = scorer.prior;
  out.weight = scorer.prior;
  for (int f = 0; f < model.fields; ++f) {
    FieldEvidence evidence{f, LevelOf(c.pattern, f), scorer.FieldWeight(c, f)};
    out.weight += evidence.weight;
    out.fields.push_back(evidence);
  }
  out.probability = Probability(out.weight);
  return out;
}

Evaluation Evaluate(const std::vector<std::int64_t>& found, const std::vector<std::string>& truth) {
  Evaluation e;
  std::map<std::pair<std::int64_t, std::string>, std::int64_t> cells;
  std::unordered_map<std::int64_t, std::int64_t> found_sizes;
  std::unordered_map<std::string, std::int64_t> true_sizes;
  for (size_t i = 0; i < found.size() && i < truth.size(); ++i) {
    if (truth[i].empty()) continue;
    ++e.records;
    ++cells[{found[i], truth[i]}];
    ++found_sizes[found[i]];
    ++true_sizes[truth[i]];
  }
  auto pairs = [](std::int64_t k) { return k * (k - 1) / 2; };
  for (const auto& [key, size] : found_sizes) e.found_pairs += pairs(size);
  for (const auto& [key, size] : true_sizes) e.true_pairs += pairs(size);
  double bcubed_precision = 0;
  double bcubed_recall = 0;
  for (const auto& [key, count] : cells) {
    e.correct_pairs += pairs(count);
    auto c = static_cast<double>(count);
    bcubed_precision += c * c / static_cast<double>(found_sizes[key.first]);
    bcubed_recall += c * c / static_cast<double>(true_sizes[key.second]);
  }
  e.found_persons = static_cast<std::int64_t>(found_sizes.size());
  e.true_persons = static_cast<std::int64_t>(true_sizes.size());
  e.precision = e.found_pairs > 0
                    ? static_cast<double>(e.correct_pairs) / static_cast<double>(e.found_pairs)
                    : 1.0;
  e.recall = e.true_pairs > 0
                 ? static_cast<double>(e.correct_pairs) / static_cast<double>(e.true_pairs)
                 : 1.0;
  e.f1 = e.precision + e.recall > 0 ? 2 * e.precision * e.recall / (e.precision + e.recall) : 0;
  if (e.records > 0) {
    e.bcubed_precision = bcubed_precision / static_cast<double>(e.records);
    e.bcubed_recall = bcubed_recall / static_cast<double>(e.records);
    e.bcubed_f1 = 2 * e.bcubed_precision * e.bcubed_recall /
                  std::max(e.bcubed_precision + e.bcubed_recall, 1e-12);
  }
  return e;
}

std::pair<double, std::int64_t> BlockingRecall(const std::vector<LinkRecord>& records,
                                               const LinkOptions& options,
                                               const std::vector<std::string>& truth) {
  std::vector<Prepared> prepared(records.size());
  NameCache cache;
  for (size_t i = 0; i < records.size(); ++i) PrepareOne(records[i], cache, prepared[i]);
  LinkStats stats;
  std::vector<std::uint64_t> candidates = Block(prepared, options, {}, stats);
  std::unordered_map<std::string, std::vector<std::uint32_t>> groups;
  for (std::uint32_t i = 0; i < records.size() && i < truth.size(); ++i) {
    if (!truth[i].empty()) groups[truth[i]].push_back(i);
  }
  std::int64_t true_pairs = 0;
  std::int64_t found = 0;
  for (const auto& [label, members] : groups) {
    for (size_t x = 0; x < members.size(); ++x) {
      for (size_t y = x + 1; y < members.size(); ++y) {
        ++true_pairs;
        std::uint64_t key = PairKey(members[x], members[y]);
        if (std::binary_search(candidates.begin(), candidates.end(), key)) ++found;
      }
    }
  }
  double recall =
      true_pairs > 0 ? static_cast<double>(found) / static_cast<double>(true_pairs) : 1.0;
  return {recall, true_pairs};
}

}  // namespace reckon::link
