#include "reckon/model/vocabulary.h"

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>

#include "reckon/core/text.h"

extern const unsigned char reckon_vocab_acts[];
extern const std::size_t reckon_vocab_acts_size;
extern const unsigned char reckon_vocab_terms[];
extern const std::size_t reckon_vocab_terms_size;

namespace reckon::model {
namespace {

Result<std::vector<Term>> ParseTerms(const nlohmann::json& array, const std::string& where) {
  if (!array.is_array()) {
    return MakeError(ErrorCode::kInvalidArgument, where + ": expected an array of terms");
  }
  std::vector<Term> terms;
  for (const auto& item : array) {
    if (!item.is_object() || !item.contains("code") || !item["code"].is_string()) {
      return MakeError(ErrorCode::kInvalidArgument, where + ": every term needs a string 'code'");
    }
    Term term;
    term.code = item["code"].get<std::string>();
    term.label = item.value("label", term.code);
    term.fate = item.value("fate", "");
    if (item.contains("aliases")) {
      for (const auto& alias : item["aliases"]) {
        if (!alias.is_string()) {
          return MakeError(ErrorCode::kInvalidArgument,
                           where + ": aliases of '" + term.code + "' must be strings");
        }
        term.aliases.push_back(alias.get<std::string>());
      }
    }
    terms.push_back(std::move(term));
  }
  return terms;
}

}  // namespace

const Vocabulary& Vocabulary::Builtin() {
  static const Vocabulary* const kBuiltin = [] {
    auto parsed = FromJson(
        std::string_view(reinterpret_cast<const char*>(reckon_vocab_acts), reckon_vocab_acts_size),
        std::string_view(reinterpret_cast<const char*>(reckon_vocab_terms),
                         reckon_vocab_terms_size));
    if (!parsed) {
      // The bundled files are covered by tests; reaching this is a build defect.
      std::fprintf(stderr, "reckon: bundled vocabulary is invalid: %s\n",
                   parsed.error().message.c_str());
      std::abort();
    }
    return new Vocabulary(std::move(*parsed));
  }();
  return *kBuiltin;
}

Result<Vocabulary> Vocabulary::FromJson(std::string_view acts_json, std::string_view terms_json) {
  Vocabulary vocabulary;
  nlohmann::json acts = nlohmann::json::parse(acts_json, nullptr, /*allow_exceptions=*/false);
  if (acts.is_discarded() || !acts.is_object() || !acts.contains("acts")) {
    return MakeError(ErrorCode::kInvalidArgument, "acts vocabulary: not a JSON object with 'acts'");
  }
  RECKON_ASSIGN_OR_RETURN(auto act_terms, ParseTerms(acts["acts"], "acts vocabulary"));
  RECKON_TRY(vocabulary.Add("act", std::move(act_terms)));

  nlohmann::json terms = nlohmann::json::parse(terms_json, nullptr, false);
  if (terms.is_discarded() || !terms.is_object() || !terms.contains("vocabularies") ||
      !terms["vocabularies"].is_object()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "terms vocabulary: not a JSON object with 'vocabularies'");
  }
  for (const auto& [name, list] : terms["vocabularies"].items()) {
    RECKON_ASSIGN_OR_RETURN(auto parsed, ParseTerms(list, "vocabulary '" + name + "'"));
    RECKON_TRY(vocabulary.Add(name, std::move(parsed)));
  }
  return vocabulary;
}

Result<void> Vocabulary::Add(const std::string& name, std::vector<Term> terms) {
  List list;
  for (const Term& term : terms) {
    if (list.code_by_key.count(term.code) != 0 && list.code_by_key[term.code] == term.code) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "vocabulary '" + name + "': code '" + term.code + "' is repeated");
    }
    list.code_by_key[term.code] = term.code;
  }
  for (const Term& term : terms) {
    for (const std::string& key : {term.label}) {
      list.code_by_key.emplace(FoldForMatch(key), term.code);
    }
    for (const std::string& alias : term.aliases) {
      list.code_by_key.emplace(FoldForMatch(alias), term.code);
    }
    list.code_by_key.emplace(FoldForMatch(term.code), term.code);
  }
  list.terms = std::move(terms);
  order_.push_back(name);
  lists_[name] = std::move(list);
  return {};
}

std::vector<std::string> Vocabulary::Names() const { return order_; }

const std::vector<Term>& Vocabulary::Terms(std::string_view name) const {
  static const std::vector<Term> kEmpty;
  auto it = lists_.find(std::string(name));
  return it == lists_.end() ? kEmpty : it->second.terms;
}

Result<std::string> Vocabulary::Resolve(std::string_view name, std::string_view text) const {
  auto it = lists_.find(std::string(name));
  if (it == lists_.end()) {
    return MakeError(ErrorCode::kNotFound, "no vocabulary named '" + std::string(name) + "'");
  }
  const List& list = it->second;
  auto exact = list.code_by_key.find(std::string(text));
  if (exact != list.code_by_key.end()) return exact->second;
  auto folded = list.code_by_key.find(FoldForMatch(text));
  if (folded != list.code_by_key.end()) return folded->second;
  std::vector<std::string> codes;
  for (const Term& term : list.terms) codes.push_back(term.code);
  return MakeError(ErrorCode::kInvalidArgument, "'" + std::string(text) + "' is not a known " +
                                                    std::string(name) +
                                                    "; expected one of: " + Join(codes, ", "));
}

const Term* Vocabulary::Find(std::string_view name, std::string_view code) const {
  auto it = lists_.find(std::string(name));
  if (it == lists_.end()) return nullptr;
  for (const Term& term : it->second.terms) {
    if (term.code == code) return &term;
  }
  return nullptr;
}

}  // namespace reckon::model
