// Person names for linkage: one comparable Latin form for a name written in any of the scripts
// reckon's users meet (Latin, Cyrillic, Armenian, Georgian, Azerbaijani and Turkish Latin
// letters), phonetic keys, name parsing into given name, patronymic and family name, and the
// string comparators record linkage scores with (Jaro-Winkler, Damerau-Levenshtein, token
// sets). Transliteration uses ICU transforms (docs/linkage.md lists the rules). All functions
// are thread-safe.
#ifndef RECKON_NAMES_NAMES_H_
#define RECKON_NAMES_NAMES_H_

#include <string>
#include <string_view>
#include <vector>

#include "reckon/model/entities.h"

namespace reckon::names {

enum class Script { kNone, kLatin, kCyrillic, kArmenian, kGeorgian, kOther, kMixed };

// "latin", "cyrillic", "armenian", "georgian", "other", "mixed", "none".
[[nodiscard]] std::string_view ScriptName(Script script);

// The script of the letters in `text` (digits, spaces and punctuation are ignored): kNone when
// there are no letters, kMixed when letters of several scripts occur.
[[nodiscard]] Script DetectScript(std::string_view text);

// The name transliterated to lower-case ASCII letters, one space between words: NFKC and case
// folding, Cyrillic by a BGN/PCGN-like table (щ shch, х kh, ц ts, й y, ю yu), Azerbaijani and
// Turkish letters to the spellings English texts use (ə a, ş sh, ç ch, ğ g, ı i), Armenian and
// Georgian by ICU's transforms, then ICU's Latin-ASCII. Apostrophes and soft signs vanish;
// hyphens separate words. "Алиев" and "Əliyev" give "aliev" and "aliyev". Letters of scripts
// ICU cannot romanize are dropped, so the result may be empty.
[[nodiscard]] std::string LatinKey(std::string_view text);

// The spellings of one name word that romanization conventions make equivalent, collapsed to
// one: "aliyev", "aliev", "aliyeff" all give "aliev"; "dzhavid", "djavid" give "javid". The
// result of a second, Turkic reading (c as j, x as kh, q as g) is returned by TurkicSkeleton.
// Input is one word of LatinKey output.
[[nodiscard]] std::string Skeleton(std::string_view latin_word);
// The word read with Azerbaijani and Turkish letter values: "cavid" gives "javid", "orxan"
// gives "orhan" (as Skeleton("orkhan") does).
[[nodiscard]] std::string TurkicSkeleton(std::string_view latin_word);
// The word read as English and French spell: c is s before e, i, y and k elsewhere; a final e
// is silent. "cecilie" and "sesil" meet.
[[nodiscard]] std::string WesternSkeleton(std::string_view latin_word);

// A consonant-class key of a skeleton: voiced and unvoiced pairs merge (b/p, d/t, g/k/h/q,
// s/z, v/f/w), vowels after the first letter vanish, repeated classes collapse. "gevorg" and
// "kevork" share "KFRK"; "petrosian" and "bedrosian" share "PTRSN".
[[nodiscard]] std::string PhoneticKey(std::string_view skeleton);

// The masculine (or unmarked) form of a family name skeleton: "alieva" -> "aliev",
// "ivanova" -> "ivanov", "kovalskaia" -> "kovalski"; other names are returned unchanged.
[[nodiscard]] std::string SurnameStem(std::string_view skeleton);

// True when the skeleton word is a patronymic on its own ("ivanovich", "petrovna") or the
// particle of a Turkic one ("oglu", "kizi", "gizi", "kyzy").
[[nodiscard]] bool IsPatronymicWord(std::string_view skeleton);
[[nodiscard]] bool IsPatronymicParticle(std::string_view skeleton);
// True when the word has a family-name ending (-ov, -eva, -ian, -dze, -shvili, -enko, ...).
[[nodiscard]] bool HasSurnameEnding(std::string_view skeleton);

// One word of a name in its comparable forms.
struct NameWord {
  std::string latin;     // LatinKey
  std::string skeleton;  // Skeleton (or SurnameStem of it, for family names)
  std::string turkic;    // TurkicSkeleton, when it differs from skeleton; else empty
  std::string western;   // WesternSkeleton, when it differs from skeleton; else empty
  // The skeleton with sh, ch, zh written s, c, z: how "Şahin", "Çelik" and "Koç" read once
  // their marks are lost ("Sahin", "Celik", "Koc"). Empty when it equals the skeleton.
  std::string flat;
  std::string phonetic;  // PhoneticKey(skeleton)
  // The phonetic keys of every reading, and of each reading without an initial h (Hovhannes /
  // Ovanes, Haykyan / Aykyan), distinct: what blocking may group the word by.
  std::vector<std::string> phonetic_variants;
};

// A name split into its parts. When the source gave the parts in separate columns they are
// kept as given; from a single full-name column, patronymics are found by their endings and the
// family name by its ending where one word has one. `order_known` is false when the two
// remaining words could be "given family" or "family given": comparisons then try both.
struct ParsedName {
  std::vector<NameWord> given;
  std::vector<NameWord> patronymic;  // The father's name; particles (oglu, qizi) dropped.
  std::vector<NameWord> family;
  bool order_known = true;
  Script script = Script::kNone;
  [[nodiscard]] bool empty() const { return given.empty() && family.empty(); }
};

[[nodiscard]] ParsedName ParseName(const model::PersonName& name);

// Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, up to 4 characters), on bytes.
[[nodiscard]] double JaroWinkler(std::string_view a, std::string_view b);
// Optimal-string-alignment Damerau-Levenshtein distance (insert, delete, substitute, swap of
// two adjacent characters), on bytes.
[[nodiscard]] int DamerauLevenshtein(std::string_view a, std::string_view b);
// Similarity of two multi-word names regardless of order: each word of the shorter list is
// paired with its best unused match in the other by Jaro-Winkler; the mean over the longer
// list's length.
[[nodiscard]] double TokenSetSimilarity(const std::vector<std::string>& a,
                                        const std::vector<std::string>& b);

// Similarity of two name words in [0, 1]: the best Jaro-Winkler over their readings
// (skeleton, Turkic, Western and flat skeletons), 1 when any two readings are equal.
[[nodiscard]] double WordSimilarity(const NameWord& a, const NameWord& b);
// The similarity from which two name words are judged the same name. Chosen on the Wikidata
// Latin/Cyrillic name pairs (docs/linkage.md has the measured rates at each threshold).
inline constexpr double kEquivalentSimilarity = 0.77;

// True when two name words are judged the same name: equal phonetic keys of three or more
// classes, or a WordSimilarity of at least kEquivalentSimilarity.
[[nodiscard]] bool Equivalent(const NameWord& a, const NameWord& b);

// The comparable forms of one word (LatinKey applied first).
[[nodiscard]] NameWord MakeWord(std::string_view text);

}  // namespace reckon::names

#endif  // RECKON_NAMES_NAMES_H_
