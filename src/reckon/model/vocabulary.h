// Controlled vocabularies: act types (data/vocab/acts.json) and the other term lists
// (data/vocab/terms.json: sex, person status, role, act status, involvement, investigative
// action kind, loss kind, owner kind, source kind, protection level, claim metric). Both files
// are compiled into the binary; Vocabulary::Builtin() parses them once. Resolve() maps what a
// source wrote ("убит", "Killed", "KILLING") to the stored code ("killing"). A Vocabulary is
// immutable after construction and safe to share between threads.
#ifndef RECKON_MODEL_VOCABULARY_H_
#define RECKON_MODEL_VOCABULARY_H_

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "reckon/core/result.h"

namespace reckon::model {

struct Term {
  std::string code;
  std::string label;
  std::string fate;  // For act types: the victim's fate the act implies ("dead", "alive", ...).
  std::vector<std::string> aliases;
};

class Vocabulary {
 public:
  // The vocabularies bundled with reckon. Never fails: the bundled files are tested.
  [[nodiscard]] static const Vocabulary& Builtin();

  // Parses the two documents (formats in docs/data-model.md). Returns kInvalidArgument naming
  // the problem when either is malformed or a term's code is repeated.
  [[nodiscard]] static Result<Vocabulary> FromJson(std::string_view acts_json,
                                                   std::string_view terms_json);

  // The names of the vocabularies: "act", "sex", "person_status", ...
  [[nodiscard]] std::vector<std::string> Names() const;

  // The terms of vocabulary `name` in file order; empty when there is no such vocabulary.
  [[nodiscard]] const std::vector<Term>& Terms(std::string_view name) const;

  // The code for `text` in vocabulary `name`, matching codes, labels and aliases after Unicode
  // case folding. Returns kInvalidArgument listing the accepted codes when nothing matches, and
  // kNotFound when there is no vocabulary `name`.
  [[nodiscard]] Result<std::string> Resolve(std::string_view name, std::string_view text) const;

  // The term with code `code`, or nullptr.
  [[nodiscard]] const Term* Find(std::string_view name, std::string_view code) const;

 private:
  struct List {
    std::vector<Term> terms;
    std::unordered_map<std::string, std::string> code_by_key;  // Folded text -> code.
  };
  Result<void> Add(const std::string& name, std::vector<Term> terms);

  std::unordered_map<std::string, List> lists_;
  std::vector<std::string> order_;
};

}  // namespace reckon::model

#endif  // RECKON_MODEL_VOCABULARY_H_
