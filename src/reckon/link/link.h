// Record linkage: which person mentions, across lists and within one, are the same person.
// Link() runs the stages in order: prepare (names through reckon::names, birth years from
// birth dates or from ages at the act), blocking by several rules whose candidate pairs are
// united, comparison of each pair field by field into agreement levels, a Fellegi-Sunter model
// whose u probabilities come from random pairs and whose m probabilities and match rate come
// from EM without labels, term-frequency adjustment of exact name agreement, and clustering
// that links pairs above a threshold unless another pair across the two groups speaks
// strongly against it. Human decisions (must-link, cannot-link) win over the model. The module
// knows nothing of the case file: the service layer turns mentions into LinkRecords and stores
// what Link() returns. docs/linkage.md explains each stage and its defaults.
#ifndef RECKON_LINK_LINK_H_
#define RECKON_LINK_LINK_H_

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "reckon/core/date.h"
#include "reckon/core/result.h"
#include "reckon/model/entities.h"

namespace reckon::link {

// What one mention says about its person, as linkage reads it.
struct LinkRecord {
  std::int64_t id = 0;         // The caller's id (a mention id); returned in results.
  std::int64_t source_id = 0;  // Which list the mention is from.
  model::PersonName name;
  std::string sex;  // "male", "female", anything else is unknown.
  DayNumber birth_earliest = kNoEarliest;
  DayNumber birth_latest = kNoLatest;
  AgeRange age;                          // Age at the act, when given.
  DayNumber act_earliest = kNoEarliest;  // Date of the act the mention reports, when known.
  DayNumber act_latest = kNoLatest;
  std::string place;  // Where the act happened (or residence), as a key; empty if unknown.
  // Further fields compared by string similarity (an address, a postcode). Every record of one
  // run has the same number, in the same order; empty strings are missing values.
  std::vector<std::string> extra;
};

// The comparison fields, in the order of a comparison vector.
enum class Field : std::uint8_t {
  kFamilyName,
  kGivenName,
  kPatronymic,
  kBirth,
  kSex,
  kAct,     // Where and when the act happened, as one field.
  kExtra0,  // kExtra0 + i is LinkRecord::extra[i].
};
inline constexpr int kBaseFields = 6;  // The fields before kExtra0.
inline constexpr int kMaxExtraFields = 8;
inline constexpr int kMaxFields = kBaseFields + kMaxExtraFields;
inline constexpr std::uint8_t kMissing = 7;  // The level of a field missing on either side.

[[nodiscard]] std::string FieldName(int field, const std::vector<std::string>& extra_names);
// "exact", "close", ... for a level of a field.
[[nodiscard]] std::string LevelName(int field, std::uint8_t level);
// Number of agreement levels of a field (kMissing aside).
[[nodiscard]] int LevelCount(int field);

// The Fellegi-Sunter model: per field and level, the probability of that level among matches
// (m) and among non-matches (u), and the share of candidate pairs that match.
struct Model {
  int fields = kBaseFields;
  std::array<std::array<double, 7>, kMaxFields> m{};
  std::array<std::array<double, 7>, kMaxFields> u{};
  double match_rate = 1e-4;  // Chance that two records drawn at random match (the prior).
  int em_iterations = 0;
  bool trained = false;
};

struct LinkOptions {
  double link_probability = 0.8;     // Pairs at or above this are linked automatically...
  double review_probability = 0.25;  // ...and from here up to it they go to review.
  // A link between two groups is refused when more than `veto_share` of the pairs across them
  // speak against it: evidence (log2 of the Bayes factor, the prior left out) below
  // `veto_weight`, or names that contradict. A mention must fit the person's other mentions,
  // not only its neighbour in a chain; one badly garbled mention among several does not keep
  // the others apart.
  double veto_weight = 0.0;
  double veto_share = 0.5;
  // A pair whose given or family names share nothing (relatives, namesakes) is linked only on
  // personal evidence of this or more (log2 Bayes factor of the birth field, the extra fields
  // and an agreeing given name; 12 is about 4,000 to 1: an exact birth date and a little more),
  // twice this when both the given and the family name differ; otherwise it goes to review.
  double contradiction_weight = 12.0;
  std::int64_t max_block_size = 400;  // Larger blocks are skipped (and reported).
  // Up to this many pairs of records, every pair is compared and blocking is not needed.
  std::int64_t all_pairs_limit = 1000000;
  std::int64_t u_sample_pairs = 400000;
  int em_max_iterations = 60;
  std::uint64_t seed = 1;
  int threads = 0;  // 0: one per core.
  bool term_frequency = true;
  std::vector<std::string> extra_names;  // Names of LinkRecord::extra fields, for reports.
  // Keep this model rather than train one (incremental linking).
  std::optional<Model> model;
};

// Decisions made by people, by record index into the records given to Link().
struct Constraints {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> must_link;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> cannot_link;
  // Groups that already exist (incremental linking): records with the same non-negative value
  // start in one cluster; -1 for records not yet linked. Empty: every record starts alone.
  std::vector<std::int64_t> initial_group;
  // When not empty (one flag per record), only pairs with at least one fresh record are
  // compared: the others were linked by an earlier run and stay in their initial groups.
  std::vector<bool> fresh;
};

struct ScoredPair {
  std::uint32_t a = 0;  // Record indexes, a < b.
  std::uint32_t b = 0;
  double weight = 0;  // log2 odds that the pair is one person, prior included.
  double probability = 0;
};

// One field's part of a pair's weight.
struct FieldEvidence {
  int field = 0;
  std::uint8_t level = kMissing;
  double weight = 0;  // log2(m/u), term-frequency adjusted; 0 when missing.
};

struct Explanation {
  double prior_weight = 0;
  double weight = 0;
  double probability = 0;
  std::vector<FieldEvidence> fields;
};

struct BlockingRuleStats {
  std::string name;
  std::int64_t max_block = 0;  // Blocks larger than this are skipped.
  std::int64_t blocks = 0;
  std::int64_t pairs = 0;  // Before removing pairs found by earlier rules.
  std::int64_t skipped_blocks = 0;
  std::int64_t skipped_records = 0;
};

struct LinkStats {
  std::int64_t records = 0;
  std::int64_t records_without_name = 0;
  std::int64_t candidate_pairs = 0;
  std::vector<BlockingRuleStats> rules;
  double prepare_seconds = 0;
  double blocking_seconds = 0;
  double compare_seconds = 0;
  double train_seconds = 0;
  double cluster_seconds = 0;
  std::int64_t linked_pairs = 0;
  std::int64_t vetoed_links = 0;
  std::int64_t clusters = 0;
  double expected_matching_pairs = 0;  // match_rate x all pairs of records.
  std::vector<std::string> warnings;
};

// Why a record is in its cluster: the pair that joined it (or a person's decision).
struct Join {
  std::uint32_t record = 0;
  std::uint32_t via = 0;
  double probability = 0;
  bool decided = false;  // Joined by a must-link decision.
};

struct LinkResult {
  std::vector<std::uint32_t> cluster;  // Per record: the smallest record index of its cluster.
  std::vector<Join> joins;             // One per record that is not first of its cluster.
  std::vector<ScoredPair> review;      // Uncertain pairs left in different clusters.
  Model model;
  LinkStats stats;
};

// Stage callback for progress: the stage's name, as each stage starts.
using Progress = std::function<void(std::string_view stage)>;

// Links `records` (at most 2^32 - 2). Returns kInvalidArgument when records disagree on the
// number of extra fields or have more than kMaxExtraFields, when constraints name records out
// of range, or options are out of range. Records with no usable name stay alone (counted in
// stats.records_without_name).
[[nodiscard]] Result<LinkResult> Link(const std::vector<LinkRecord>& records,
                                      const LinkOptions& options, const Constraints& constraints,
                                      const Progress& progress = nullptr);

// Scores one pair with a model: every field's level and weight. Used by `reckon person show`
// and review to say why. `records` and the indexes are as given to Link(); term frequencies are
// recomputed from `records`.
class Explainer {
 public:
  Explainer(const std::vector<LinkRecord>& records, Model model, bool term_frequency);
  ~Explainer();
  Explainer(const Explainer&) = delete;
  Explainer& operator=(const Explainer&) = delete;
  [[nodiscard]] Explanation Explain(std::uint32_t a, std::uint32_t b) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Accuracy of a clustering against the truth. Both vectors give a label per record; records
// whose truth label is empty are left out.
struct Evaluation {
  std::int64_t records = 0;
  std::int64_t true_persons = 0;
  std::int64_t found_persons = 0;
  std::int64_t true_pairs = 0;
  std::int64_t found_pairs = 0;
  std::int64_t correct_pairs = 0;
  double precision = 0;
  double recall = 0;
  double f1 = 0;
  double bcubed_precision = 0;
  double bcubed_recall = 0;
  double bcubed_f1 = 0;
};

[[nodiscard]] Evaluation Evaluate(const std::vector<std::int64_t>& found,
                                  const std::vector<std::string>& truth);

// Share of true pairs that blocking put forward: runs the blocking stage alone. `truth` as for
// Evaluate. Returns the recall and the number of true pairs.
[[nodiscard]] std::pair<double, std::int64_t> BlockingRecall(const std::vector<LinkRecord>& records,
                                                             const LinkOptions& options,
                                                             const std::vector<std::string>& truth);

}  // namespace reckon::link

#endif  // RECKON_LINK_LINK_H_
