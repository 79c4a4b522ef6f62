#include "reckon/names/names.h"

#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <array>
#include <memory>
#include <span>
#include <utility>

#include "reckon/core/text.h"

namespace reckon::names {
namespace {

// Letters romanized before ICU's general transforms run, so that every script reaches the
// spellings English-language lists use (BGN/PCGN-like for Cyrillic; Azerbaijani and Turkish
// letters as in English texts). Then Armenian and Georgian by ICU's own transforms.
constexpr char16_t kRules[] =
    u":: NFKC ;"
    u":: Lower ;"
    // Russian, Ukrainian, Belarusian Cyrillic.
    u"щ > shch ; ш > sh ; ч > ch ; ж > zh ; х > kh ; ц > ts ; ю > yu ; я > ya ; ё > yo ;"
    u"й > y ; ы > y ; э > e ; ь > ; ъ > ; е > e ; а > a ; б > b ; в > v ; г > g ; д > d ;"
    u"з > z ; и > i ; к > k ; л > l ; м > m ; н > n ; о > o ; п > p ; р > r ; с > s ;"
    u"т > t ; у > u ; ф > f ; і > i ; ї > yi ; є > ye ; ґ > g ; ў > w ;"
    // Azerbaijani, Kazakh and other Turkic Cyrillic letters.
    u"ә > a ; ғ > gh ; ҹ > j ; ү > u ; ө > o ; һ > h ; ҝ > g ; ј > y ; ҳ > h ; қ > q ;"
    u"ң > ng ; ұ > u ; җ > j ;"
    // Azerbaijani and Turkish Latin letters.
    u"ə > a ; ş > sh ; ç > ch ; ğ > g ; ı > i ;"
    u":: Armenian-Latin ;"
    u":: Georgian-Latin ;"
    u":: Any-Latin ;"
    u":: Latin-ASCII ;"
    u":: Lower ;";

// One transliterator per thread: ICU transliterators keep state while they work.
icu::Transliterator& ThreadTransliterator() {
  thread_local std::unique_ptr<icu::Transliterator> transliterator = [] {
    UParseError parse_error;
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> made(icu::Transliterator::createFromRules(
        "reckon-names", icu::UnicodeString(kRules), UTRANS_FORWARD, parse_error, status));
    if (U_FAILURE(status) || !made) {
      // The rules are fixed at build time; failing here is a programmer error, but never crash:
      // fall back to the plain transforms.
      status = U_ZERO_ERROR;
      made.reset(icu::Transliterator::createInstance("Any-Latin; Latin-ASCII; Lower",
                                                     UTRANS_FORWARD, status));
    }
    return made;
  }();
  return *transliterator;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

enum class Reading { kGeneral, kTurkic, kWestern };

// Skeleton letters: lower-case ASCII plus S (sh), C (ch), J (zh, dzh, j).
std::string MakeSkeleton(std::string_view word, Reading reading) {
  std::string out;
  out.reserve(word.size());
  size_t i = 0;
  auto at = [&](std::string_view s) { return word.substr(i, s.size()) == s; };
  // Letter groups, longest first; S stands for sh, C for ch, J for zh and dzh.
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 18> kGroups = {{
      {"shch", "S"},
      {"sch", "S"},
      {"tch", "C"},
      {"dzh", "J"},
      {"sh", "S"},
      {"ch", "C"},
      {"dj", "J"},
      {"zh", "J"},
      {"kh", "h"},
      {"ts", "c"},
      {"tz", "c"},
      {"ph", "f"},
      {"ck", "k"},
      {"gh", "g"},
      {"th", "t"},
      {"ou", "u"},
      {"sz", "S"},
      {"cz", "C"},
  }};
  while (i < word.size()) {
    char c = word[i];
    const auto* group = std::find_if(kGroups.begin(), kGroups.end(),
                                     [&](const auto& entry) { return at(entry.first); });
    if (group != kGroups.end()) {
      out += group->second;
      i += group->first.size();
    } else if (c == 'w') {
      out += 'v';
      ++i;
    } else if (c == 'j') {
      // A y sound in most European spellings (Jelena, Jarocka), dzh in English and Turkic ones.
      out += reading == Reading::kTurkic ? 'J' : 'i';
      ++i;
    } else if (c == 'x') {
      out += reading == Reading::kTurkic ? "h" : "ks";
      ++i;
    } else if (c == 'q') {
      out += reading == Reading::kTurkic ? 'g' : 'k';
      ++i;
    } else if (c == 'c') {
      if (reading == Reading::kTurkic) {
        out += 'J';
      } else if (reading == Reading::kWestern) {
        char next = i + 1 < word.size() ? word[i + 1] : ' ';
        out += (next == 'e' || next == 'i' || next == 'y') ? 's' : 'k';
      } else {
        out += 'c';
      }
      ++i;
    } else if (c == 'y') {
      out += 'i';
      ++i;
    } else if (c >= 'a' && c <= 'z') {
      out += c;
      ++i;
    } else {
      ++i;
    }
  }
  // "ye" and "ie" at the start of a word are "e" (Yelena, Elena); doubled letters are single
  // (Mammadov, Hovhannes, Smirnoff); "ii" and "iy" are "i" (Dmitrii, Aliyev).
  if (StartsWith(out, "ie")) out.erase(0, 1);
  std::string single;
  single.reserve(out.size());
  auto vowel = [](char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; };
  for (char c : out) {
    if (single.empty() || single.back() != c) single += c;
  }
  // An i that only softens the consonant before a vowel (ia, iu, io, ie after a consonant:
  // Natalia / Natalya, Fyodor / Fedor, Tiurin / Turin) is dropped.
  std::string soft;
  soft.reserve(single.size());
  for (size_t k = 0; k < single.size(); ++k) {
    if (single[k] == 'i' && k > 0 && k + 1 < single.size() && !vowel(single[k - 1]) &&
        vowel(single[k + 1])) {
      continue;
    }
    soft += single[k];
  }
  single = std::move(soft);
  if (reading == Reading::kWestern && single.size() > 3 && single.back() == 'e') {
    single.pop_back();  // A silent final e (Cecilie, Plievier's kin): French and English.
  }
  // "-of" and "-ff" endings are the French and German spellings of "-ov".
  if ((EndsWith(single, "of") || EndsWith(single, "ef")) && single.size() > 3) {
    single.back() = 'v';
  }
  return single;
}

char PhoneticClass(char c) {
  switch (c) {
    case 'b':
    case 'p':
      return 'P';
    case 'f':
    case 'v':
      return 'F';
    case 'g':
    case 'k':
    case 'q':
    case 'h':
    case 'c':
    case 'x':
      return 'K';
    case 'd':
    case 't':
      return 'T';
    case 's':
    case 'z':
    case 'S':
    case 'J':
      return 'S';
    case 'C':
      return 'C';
    case 'l':
      return 'L';
    case 'm':
      return 'M';
    case 'n':
      return 'N';
    case 'r':
      return 'R';
    default:
      return 0;  // Vowels and anything else.
  }
}

// The skeleton with S, C, J (sh, ch, zh) as s, c, z; empty when nothing changes.
std::string Flat(const std::string& skeleton) {
  std::string flat = skeleton;
  bool changed = false;
  for (char& c : flat) {
    if (c == 'S' || c == 'C' || c == 'J') {
      c = c == 'S' ? 's' : (c == 'C' ? 'c' : 'z');
      changed = true;
    }
  }
  return changed ? flat : std::string();
}

std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> words;
  for (std::string_view part : Split(text, ' ')) {
    if (!part.empty()) words.emplace_back(part);
  }
  return words;
}

void SetPhoneticVariants(NameWord& word) {
  word.phonetic_variants.clear();
  auto add = [&](const std::string& key) {
    if (key.empty()) return;
    if (std::find(word.phonetic_variants.begin(), word.phonetic_variants.end(), key) ==
        word.phonetic_variants.end()) {
      word.phonetic_variants.push_back(key);
    }
  };
  for (const std::string* reading : {&word.skeleton, &word.turkic, &word.western, &word.flat}) {
    if (reading->empty()) continue;
    add(PhoneticKey(*reading));
    if ((*reading)[0] == 'h' && reading->size() > 2) add(PhoneticKey(reading->substr(1)));
  }
}

NameWord FamilyWord(std::string_view latin) {
  NameWord word = MakeWord(latin);
  word.skeleton = SurnameStem(word.skeleton);
  for (std::string* reading : {&word.turkic, &word.western}) {
    if (reading->empty()) continue;
    *reading = SurnameStem(*reading);
    if (*reading == word.skeleton) reading->clear();
  }
  word.flat = Flat(word.skeleton);
  word.phonetic = PhoneticKey(word.skeleton);
  SetPhoneticVariants(word);
  return word;
}

std::vector<NameWord> Words(std::string_view text, bool family) {
  std::vector<NameWord> out;
  for (const std::string& latin : SplitWords(LatinKey(text))) {
    out.push_back(family ? FamilyWord(latin) : MakeWord(latin));
  }
  return out;
}

}  // namespace

std::string_view ScriptName(Script script) {
  switch (script) {
    case Script::kNone:
      return "none";
    case Script::kLatin:
      return "latin";
    case Script::kCyrillic:
      return "cyrillic";
    case Script::kArmenian:
      return "armenian";
    case Script::kGeorgian:
      return "georgian";
    case Script::kOther:
      return "other";
    case Script::kMixed:
      return "mixed";
  }
  return "none";
}

Script DetectScript(std::string_view text) {
  Script found = Script::kNone;
  icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())));
  for (std::int32_t i = 0; i < unicode.length(); i = unicode.moveIndex32(i, 1)) {
    UChar32 c = unicode.char32At(i);
    if (c < 0 || !u_isalpha(c)) continue;
    UErrorCode status = U_ZERO_ERROR;
    UScriptCode code = uscript_getScript(c, &status);
    Script script = Script::kOther;
    if (code == USCRIPT_LATIN) script = Script::kLatin;
    if (code == USCRIPT_CYRILLIC) script = Script::kCyrillic;
    if (code == USCRIPT_ARMENIAN) script = Script::kArmenian;
    if (code == USCRIPT_GEORGIAN) script = Script::kGeorgian;
    if (found == Script::kNone) {
      found = script;
    } else if (found != script) {
      return Script::kMixed;
    }
  }
  return found;
}

// Lower-case ASCII letters, separators to single spaces, everything else dropped: what the
// transliterator makes of ASCII text, without calling it.
std::string AsciiKey(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (char c : bytes) {
    if (c >= 'a' && c <= 'z') {
      out += c;
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (c == ' ' || c == '-' || c == '\t' || c == ',' || c == '.' || c == '/') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    }
    // Apostrophes, soft signs, digits and letters ICU could not romanize vanish.
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string LatinKey(std::string_view text) {
  bool ascii = std::all_of(text.begin(), text.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  if (ascii) return AsciiKey(text);
  if (FindInvalidUtf8(text)) return "";
  icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
      icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())));
  ThreadTransliterator().transliterate(unicode);
  std::string bytes;
  unicode.toUTF8String(bytes);
  return AsciiKey(bytes);
}

std::string Skeleton(std::string_view latin_word) {
  return MakeSkeleton(latin_word, Reading::kGeneral);
}

std::string TurkicSkeleton(std::string_view latin_word) {
  return MakeSkeleton(latin_word, Reading::kTurkic);
}

std::string WesternSkeleton(std::string_view latin_word) {
  return MakeSkeleton(latin_word, Reading::kWestern);
}

std::string PhoneticKey(std::string_view skeleton) {
  std::string key;
  char last = 0;
  for (size_t i = 0; i < skeleton.size(); ++i) {
    char c = skeleton[i];
    char cls = PhoneticClass(c);
    if (i == 0 && cls == 0) {
      key += 'A';
      last = 0;
      continue;
    }
    if (c == 'h' && i > 0) continue;  // An h after the first letter is often silent or unwritten.
    if (cls == 0) {
      last = 0;  // A vowel separates two consonants of one class.
      continue;
    }
    if (cls != last) key += cls;
    last = cls;
  }
  return key;
}

std::string SurnameStem(std::string_view skeleton) {
  std::string s(skeleton);
  if (s.size() < 5) return s;
  if (EndsWith(s, "ova") || EndsWith(s, "eva") || EndsWith(s, "ina")) {
    s.pop_back();
  } else if (EndsWith(s, "aia")) {
    // -skaia -> -ski, as the masculine -skii and -sky reduce; -aia -> -i.
    s.resize(s.size() - 3);
    s += 'i';
  }
  return s;
}

bool IsPatronymicWord(std::string_view s) {
  if (s.size() < 6) return false;
  for (std::string_view ending : {"ovic", "evic", "ovna", "evna", "iCna", "ovC", "evC", "iC"}) {
    if (EndsWith(s, ending) && s.size() >= ending.size() + 3) return true;
  }
  return false;
}

bool IsPatronymicParticle(std::string_view s) {
  for (std::string_view particle :
       {"oglu", "ogli", "ugli", "ogl", "kizi", "gizi", "kiz", "uuli", "ulu"}) {
    if (s == particle) return true;
  }
  return false;
}

bool HasSurnameEnding(std::string_view s) {
  if (s.size() < 4) return false;
  for (std::string_view ending :
       {"ov",  "ev",   "ova", "eva",  "in",    "ina", "ian",   "ianc", "dze",  "Svili",
        "uri", "enko", "ski", "skii", "skaia", "cki", "ckaia", "ovic", "evic", "iC",
        "ler", "oglu", "ovs", "ich",  "uk",    "iuk", "ak",    "ko",   "aev",  "iev"}) {
    if (EndsWith(s, ending) && s.size() > ending.size() + 1) return true;
  }
  return false;
}

// "Rashid oglu" and "Rashid qizi" say the same of the father: only his name is compared (the
// particle would make every two Turkic patronymics agree).
void DropParticles(std::vector<NameWord>& patronymic) {
  std::erase_if(patronymic, [](const NameWord& w) { return IsPatronymicParticle(w.skeleton); });
}

NameWord MakeWord(std::string_view text) {
  NameWord word;
  std::string latin = LatinKey(text);
  latin.erase(std::remove(latin.begin(), latin.end(), ' '), latin.end());
  word.latin = latin;
  word.skeleton = Skeleton(latin);
  std::string turkic = TurkicSkeleton(latin);
  if (turkic != word.skeleton) word.turkic = std::move(turkic);
  std::string western = WesternSkeleton(latin);
  if (western != word.skeleton) word.western = std::move(western);
  word.flat = Flat(word.skeleton);
  word.phonetic = PhoneticKey(word.skeleton);
  SetPhoneticVariants(word);
  return word;
}

ParsedName ParseName(const model::PersonName& name) {
  ParsedName parsed;
  bool parts_given = !name.given.empty() || !name.family.empty();
  parsed.script = DetectScript(parts_given ? name.given + " " + name.family + " " + name.patronymic
                                           : name.full);
  if (parts_given) {
    parsed.given = Words(name.given, false);
    parsed.family = Words(name.family, true);
    parsed.patronymic = Words(name.patronymic, false);
    DropParticles(parsed.patronymic);
    return parsed;
  }
  std::vector<std::string> latin = SplitWords(LatinKey(name.full));
  std::vector<std::string> skeletons;
  skeletons.reserve(latin.size());
  for (const std::string& w : latin) skeletons.push_back(Skeleton(w));
  std::vector<bool> patronymic(latin.size(), false);
  for (size_t i = 0; i < latin.size(); ++i) {
    if (IsPatronymicWord(skeletons[i]) && i > 0) {
      patronymic[i] = true;
    } else if (IsPatronymicParticle(skeletons[i]) && i >= 2) {
      patronymic[i] = true;
      patronymic[i - 1] = true;  // "Rashid oglu": the father's name and the particle.
    }
  }
  std::vector<std::string> rest;
  for (size_t i = 0; i < latin.size(); ++i) {
    if (patronymic[i]) {
      parsed.patronymic.push_back(MakeWord(latin[i]));
    } else {
      rest.push_back(latin[i]);
    }
  }
  DropParticles(parsed.patronymic);
  if (rest.empty()) return parsed;
  if (rest.size() == 1) {
    // One word: a given name or a family name; comparisons try both.
    parsed.given.push_back(MakeWord(rest[0]));
    parsed.order_known = false;
    return parsed;
  }
  bool has_patronymic = !parsed.patronymic.empty();
  bool first_family = HasSurnameEnding(Skeleton(rest.front()));
  bool last_family = HasSurnameEnding(Skeleton(rest.back()));
  size_t family_at = rest.size() - 1;
  parsed.order_known = true;
  if (has_patronymic || (first_family && !last_family)) {
    // "Family Given Patronymic" is the order of Russian and Azerbaijani lists.
    family_at = 0;
  } else if (!(last_family && !first_family)) {
    parsed.order_known = false;
  }
  for (size_t i = 0; i < rest.size(); ++i) {
    if (i == family_at) {
      parsed.family.push_back(FamilyWord(rest[i]));
    } else {
      parsed.given.push_back(MakeWord(rest[i]));
    }
  }
  return parsed;
}

double JaroWinkler(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  if (a == b) return 1.0;
  const size_t la = a.size();
  const size_t lb = b.size();
  const size_t window = std::max<size_t>(std::max(la, lb) / 2, 1) - 1;
  std::array<bool, 64> small_a{};
  std::array<bool, 64> small_b{};
  std::vector<bool> large_a;
  std::vector<bool> large_b;
  bool small = la <= 64 && lb <= 64;
  if (!small) {
    large_a.assign(la, false);
    large_b.assign(lb, false);
  }
  auto matched_a = [&](size_t i) -> bool { return small ? small_a[i] : large_a[i]; };
  auto matched_b = [&](size_t j) -> bool { return small ? small_b[j] : large_b[j]; };
  auto set_a = [&](size_t i) {
    if (small) {
      small_a[i] = true;
    } else {
      large_a[i] = true;
    }
  };
  auto set_b = [&](size_t j) {
    if (small) {
      small_b[j] = true;
    } else {
      large_b[j] = true;
    }
  };
  size_t matches = 0;
  for (size_t i = 0; i < la; ++i) {
    size_t from = i > window ? i - window : 0;
    size_t to = std::min(i + window + 1, lb);
    for (size_t j = from; j < to; ++j) {
      if (matched_b(j) || a[i] != b[j]) continue;
      set_a(i);
      set_b(j);
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  size_t transpositions = 0;
  size_t k = 0;
  for (size_t i = 0; i < la; ++i) {
    if (!matched_a(i)) continue;
    while (!matched_b(k)) ++k;
    if (a[i] != b[k]) ++transpositions;
    ++k;
  }
  const double m = static_cast<double>(matches);
  const double jaro = (m / static_cast<double>(la) + m / static_cast<double>(lb) +
                       (m - static_cast<double>(transpositions) / 2.0) / m) /
                      3.0;
  size_t prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

int DamerauLevenshtein(std::string_view a, std::string_view b) {
  const size_t la = a.size();
  const size_t lb = b.size();
  // Three rows; on the stack for the short strings names are.
  constexpr size_t kSmall = 64;
  std::array<int, 3 * kSmall> stack_rows{};
  std::vector<int> heap_rows;
  int* rows = stack_rows.data();
  if (lb + 1 > kSmall) {
    heap_rows.assign(3 * (lb + 1), 0);
    rows = heap_rows.data();
  }
  const size_t width = lb + 1 > kSmall ? lb + 1 : kSmall;
  std::span<int> two_back(rows, lb + 1);
  std::span<int> previous(rows + width, lb + 1);
  std::span<int> current(rows + 2 * width, lb + 1);
  for (size_t j = 0; j <= lb; ++j) previous[j] = static_cast<int>(j);
  for (size_t i = 1; i <= la; ++i) {
    current[0] = static_cast<int>(i);
    for (size_t j = 1; j <= lb; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int best = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        best = std::min(best, two_back[j - 2] + 1);
      }
      current[j] = best;
    }
    std::swap(two_back, previous);
    std::swap(previous, current);
  }
  return previous[lb];
}

double TokenSetSimilarity(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty()) return 0.0;
  const std::vector<std::string>& shorter = a.size() <= b.size() ? a : b;
  const std::vector<std::string>& longer = a.size() <= b.size() ? b : a;
  std::vector<bool> used(longer.size(), false);
  double total = 0;
  for (const std::string& word : shorter) {
    double best = 0;
    size_t best_at = longer.size();
    for (size_t j = 0; j < longer.size(); ++j) {
      if (used[j]) continue;
      double similarity = JaroWinkler(word, longer[j]);
      if (similarity > best) {
        best = similarity;
        best_at = j;
      }
    }
    if (best_at < longer.size()) used[best_at] = true;
    total += best;
  }
  return total / static_cast<double>(longer.size());
}

double WordSimilarity(const NameWord& a, const NameWord& b) {
  if (a.skeleton.empty() || b.skeleton.empty()) return 0.0;
  if (a.skeleton == b.skeleton) return 1.0;
  std::array<const std::string*, 4> readings_a = {&a.skeleton, &a.turkic, &a.western, &a.flat};
  std::array<const std::string*, 4> readings_b = {&b.skeleton, &b.turkic, &b.western, &b.flat};
  double best = 0;
  for (const std::string* x : readings_a) {
    if (x->empty()) continue;
    for (const std::string* y : readings_b) {
      if (y->empty()) continue;
      if (*x == *y) return 1.0;
      best = std::max(best, JaroWinkler(*x, *y));
    }
  }
  return best;
}

bool Equivalent(const NameWord& a, const NameWord& b) {
  if (a.skeleton.empty() || b.skeleton.empty()) return false;
  if (a.phonetic == b.phonetic && a.phonetic.size() >= 3) return true;
  return WordSimilarity(a, b) >= kEquivalentSimilarity;
}

}  // namespace reckon::names
