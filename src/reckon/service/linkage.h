// The linkage actions of the application API: link the case's mentions into persons (fully or
// incrementally), list the review queue, record people's decisions and apply them, show a person
// with the evidence for each of its mentions, and evaluate linkage against a truth file. Each
// write is one transaction, logged like every other write. Functions never print.
#ifndef RECKON_SERVICE_LINKAGE_H_
#define RECKON_SERVICE_LINKAGE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "reckon/core/result.h"
#include "reckon/link/link.h"
#include "reckon/service/service.h"

namespace reckon::service {

enum class LinkMode {
  kAuto,         // Incremental when an earlier run exists, else full.
  kFull,         // Every mention compared again and the model trained again.
  kIncremental,  // Only mentions new since the last run (and those decisions touch).
};

struct LinkRequest {
  LinkMode mode = LinkMode::kAuto;
  link::LinkOptions options;
  // False: an incremental run keeps the link and review probabilities of the run before it
  // (a case linked at 0.9 stays at 0.9 when a list or a decision is added); a full run takes
  // `options`' own.
  bool thresholds_given = false;
  std::string actor = "reckon";
  link::Progress progress;
};

struct LinkReport {
  model::Id run_id = model::kNoId;
  std::string mode;  // "full" or "incremental".
  std::int64_t mentions = 0;
  std::int64_t persons = 0;  // Persons with at least one mention after the run.
  std::int64_t persons_before = 0;
  std::int64_t moved_mentions = 0;  // Mentions whose person changed.
  std::int64_t review_pairs = 0;
  std::int64_t decisions = 0;
  link::LinkStats stats;
  link::Model model;
};

// The case's person mentions as linkage reads them, in id order, and one as a LinkRecord.
[[nodiscard]] Result<std::vector<store::LinkMention>> ReadLinkMentions(store::Store& store);
[[nodiscard]] link::LinkRecord LinkRecordOf(const store::LinkMention& mention);

// Links the case's person mentions and stores the result as a link run (docs/linkage.md).
// kInvalidArgument for options out of range; kFailedPrecondition for kIncremental without an
// earlier run.
[[nodiscard]] Result<LinkReport> LinkPersons(Case& c, const LinkRequest& request);

// One side of a pair as review shows it.
struct MentionSide {
  model::PersonMention mention;
  std::string source;
  std::int64_t row = 0;
  std::string act;  // "killing 2031-03-01 Northfield" for the mention's first act.
};

struct ReviewItem {
  store::LinkPair pair;
  MentionSide a;
  MentionSide b;
  link::Explanation why;
  std::vector<std::string> field_names;
  std::string held_back;  // Why the pair was not linked, in words.
};

// The uncertain pairs of the latest run, most probable first, each with both mentions and the
// per-field evidence. Empty when the case was never linked.
[[nodiscard]] Result<std::vector<ReviewItem>> ListReview(Case& c, std::int64_t limit);

struct DecisionRequest {
  model::Id mention_a = model::kNoId;
  model::Id mention_b = model::kNoId;
  std::string verdict;  // "same" or "different".
  std::string reason;
  std::string actor = "reckon";
};

// Records a decision and applies it with an incremental run. kNotFound for an unknown mention,
// kInvalidArgument for a verdict other than same/different or a mention paired with itself.
[[nodiscard]] Result<LinkReport> Decide(Case& c, const DecisionRequest& request);

// Takes a mention out of its person: records "different" between it and every other mention of
// that person, then applies the decisions. kNotFound for an unknown mention; kFailedPrecondition
// when the mention is its person's only one.
[[nodiscard]] Result<LinkReport> SplitMention(Case& c, model::Id mention, const std::string& reason,
                                              const std::string& actor);

struct PersonMentionView {
  MentionSide side;
  // Pairs of the latest run that tie this mention to others of the person: other mention and
  // probability (1 for a decision).
  std::vector<std::pair<model::Id, double>> links;
  bool decided = false;
};

struct PersonView {
  model::Person person;
  model::Id merged_into = model::kNoId;
  std::vector<PersonMentionView> mentions;
  std::vector<std::string> sources;
  // Fields on which the mentions disagree: "sex: male (2), female (1)".
  std::vector<std::string> disagreements;
};

// A person with all its mentions, their sources, where they disagree and why each belongs.
// kNotFound for an unknown person.
[[nodiscard]] Result<PersonView> ShowPerson(Case& c, model::Id person);

struct LinkEvaluation {
  link::Evaluation accuracy;
  double blocking_recall = 0;
  std::int64_t truth_rows = 0;
  std::int64_t mentions_in_truth = 0;  // Mentions the truth file names.
  std::int64_t mentions_not_in_truth = 0;
};

// One row of a truth file: the true person of a source's data row (1-based, header excluded).
struct TruthRow {
  std::string source;
  std::int64_t row = 0;
  std::string person_id;
};
// Reads a truth file (header source,row,person_id: the format `reckon synth` writes), rows in
// file order. kNotFound when the file cannot be read; kInvalidArgument with line and column for
// a wrong header, a row with another number of fields or a row number that is not positive.
[[nodiscard]] Result<std::vector<TruthRow>> ReadTruthRows(const std::string& path);

// Compares the case's persons with a truth file (ReadTruthRows). Errors as ReadTruthRows.
[[nodiscard]] Result<LinkEvaluation> EvaluateLinkage(Case& c, const std::string& truth_file);

}  // namespace reckon::service

#endif  // RECKON_SERVICE_LINKAGE_H_
