// Name pools for synthetic cases: given names (by sex), family names and patronymic patterns of
// five naming traditions (Azerbaijani, Armenian, Russian, Georgian, Turkish), each name with its
// spellings in Latin (several romanizations), Cyrillic and, for Armenian names, Armenian script.
// The pools are common names chosen for realism of spelling variation; the people generated from
// them are fictional. Immutable; safe to share between threads.
#ifndef RECKON_SYNTH_NAMES_H_
#define RECKON_SYNTH_NAMES_H_

#include <string>
#include <vector>

namespace reckon::synth {

enum class Tradition { kAzerbaijani, kArmenian, kRussian, kGeorgian, kTurkish };
enum class Script { kLatin, kCyrillic, kArmenian };

// One name in several writings. latin[0] is the reference romanization; the others are variants
// a clerk might write (Aliyev / Aliev / Əliyev). cyrillic and armenian may be empty.
struct NameForms {
  std::vector<std::string> latin;
  std::string cyrillic;
  std::string armenian;
};

struct TraditionPool {
  Tradition tradition;
  std::vector<NameForms> male;
  std::vector<NameForms> female;
  std::vector<NameForms> family;  // Masculine form; the feminine is derived (see FeminineFamily).
  bool has_patronymic;
};

[[nodiscard]] const std::vector<TraditionPool>& Pools();

// The family name as a woman of the tradition bears it (Aliyev -> Aliyeva, Petrosyan unchanged).
[[nodiscard]] std::string FeminineFamily(Tradition tradition, const std::string& name,
                                         Script script);
// The patronymic from the father's given name in the tradition's pattern (Russian "Ivanovich",
// Azerbaijani "Rashid oglu"), or empty for traditions that do not use one in lists.
[[nodiscard]] std::string Patronymic(Tradition tradition, const std::string& father, bool male,
                                     Script script);

}  // namespace reckon::synth

#endif  // RECKON_SYNTH_NAMES_H_
