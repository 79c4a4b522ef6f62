// Linkage inside a case: a synthetic case linked, evaluated against its truth, verified; people's
// decisions surviving re-runs; splits; incremental linking of a new list; tampering detected.
#include "reckon/service/linkage.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "reckon/service/estimation.h"
#include "reckon/service/service.h"
#include "reckon/stats/count.h"

namespace reckon {
namespace {

namespace fs = std::filesystem;
using model::Id;

class LinkedCase : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(::testing::TempDir()) /
           ("linked_case_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    synth::SynthOptions options;
    options.out_dir = dir_.string();
    options.persons = 1500;
    options.seed = 5;
    auto made = service::Synth(options);
    ASSERT_TRUE(made) << made.error().message;
    files_ = made->files;
    auto c = service::Case::Create((dir_ / "case.reckon").string(), clock_);
    ASSERT_TRUE(c);
    case_ = std::move(*c);
  }
  void TearDown() override {
    case_.reset();
    fs::remove_all(dir_);
  }

  // Imports the lists whose path is not `skip`.
  void ImportLists(const std::string& only = "", const std::string& skip = "") {
    for (const auto& file : files_) {
      if (file.path == "lists/losses.csv" || file.path == "lists/claims.csv") continue;
      if (!only.empty() && file.path != only) continue;
      if (!skip.empty() && file.path == skip) continue;
      service::ImportRequest request;
      request.file = (dir_ / file.path).string();
      request.source = file.source;
      if (!file.mapping.empty()) request.mapping_file = (dir_ / file.mapping).string();
      auto report = service::Import(*case_, request);
      ASSERT_TRUE(report) << report.error().message;
    }
  }

  Id PersonOf(Id mention) { return case_->store().GetPersonMention(mention)->person_id; }

  // Two mentions the last run put in one person, and a mention of another person.
  void FindLinkedPair(Id& a, Id& b) {
    auto pairs = case_->store().ListLinkPairs("link", 0, 0);
    ASSERT_TRUE(pairs);
    ASSERT_FALSE(pairs->empty());
    a = pairs->front().mention_a;
    b = pairs->front().mention_b;
    ASSERT_EQ(PersonOf(a), PersonOf(b));
  }

  FixedClock clock_{1900000000};
  fs::path dir_;
  std::vector<synth::ListFile> files_;
  std::unique_ptr<service::Case> case_;
};

TEST_F(LinkedCase, FullRunResolvesPersonsAndVerifies) {
  ImportLists();
  service::LinkRequest request;
  auto report = service::LinkPersons(*case_, request);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(report->mode, "full");
  EXPECT_LT(report->persons, report->mentions);
  EXPECT_GT(report->moved_mentions, 0);

  auto evaluation = service::EvaluateLinkage(*case_, (dir_ / "truth" / "rows.csv").string());
  ASSERT_TRUE(evaluation) << evaluation.error().message;
  const auto& a = evaluation->accuracy;
  EXPECT_EQ(evaluation->mentions_not_in_truth, 0);
  EXPECT_GE(a.f1, 0.93) << "precision " << a.precision << " recall " << a.recall;
  EXPECT_NEAR(static_cast<double>(a.found_persons), static_cast<double>(a.true_persons),
              0.03 * static_cast<double>(a.true_persons));
  EXPECT_GT(evaluation->blocking_recall, 0.95);

  // Counts are over resolved persons now.
  service::CountRequest count;
  count.unit = "persons";
  auto counted = service::Count(*case_, count);
  ASSERT_TRUE(counted) << counted.error().message;
  EXPECT_LE(counted->total.count, report->persons);

  auto verified = service::Verify(*case_, {});
  ASSERT_TRUE(verified) << verified.error().message;
  EXPECT_TRUE(verified->ok());

  // A second full run over the same case with the same seed changes nothing.
  request.mode = service::LinkMode::kFull;
  auto again = service::LinkPersons(*case_, request);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->moved_mentions, 0);
  EXPECT_EQ(again->persons, report->persons);
}

TEST_F(LinkedCase, DecisionsSurviveFullRerunsAndSplitsAreUndone) {
  ImportLists();
  ASSERT_TRUE(service::LinkPersons(*case_, {}));
  Id a = 0;
  Id b = 0;
  FindLinkedPair(a, b);

  // "Different": the model's link is undone, and stays undone after a full run.
  service::DecisionRequest different{a, b, "different", "two brothers, per the family", "analyst"};
  auto decided = service::Decide(*case_, different);
  ASSERT_TRUE(decided) << decided.error().message;
  EXPECT_NE(PersonOf(a), PersonOf(b));
  service::LinkRequest full;
  full.mode = service::LinkMode::kFull;
  ASSERT_TRUE(service::LinkPersons(*case_, full));
  EXPECT_NE(PersonOf(a), PersonOf(b));

  // "Same" joins two persons the model kept apart, and also survives a full run.
  Id other = 0;
  for (Id id = 1; id < 200; ++id) {
    auto mention = case_->store().GetPersonMention(id);
    if (mention && mention->person_id != PersonOf(a) && mention->person_id != PersonOf(b)) {
      other = id;
      break;
    }
  }
  ASSERT_NE(other, 0);
  ASSERT_TRUE(service::Decide(*case_, {a, other, "same", "identified by photograph", "analyst"}));
  EXPECT_EQ(PersonOf(a), PersonOf(other));
  ASSERT_TRUE(service::LinkPersons(*case_, full));
  EXPECT_EQ(PersonOf(a), PersonOf(other));

  // A later decision on the same pair replaces the earlier one.
  ASSERT_TRUE(service::Decide(*case_, {a, b, "same", "the family corrected itself", "analyst"}));
  EXPECT_EQ(PersonOf(a), PersonOf(b));

  auto decisions = case_->store().ListLinkDecisions();
  ASSERT_TRUE(decisions);
  EXPECT_EQ(decisions->size(), 3u);
  EXPECT_EQ(decisions->front().reason, "two brothers, per the family");
  EXPECT_EQ(decisions->front().actor, "analyst");

  // Split: the mention gets its own person back.
  auto mentions = case_->store().ListMentionsOfPerson(PersonOf(a));
  ASSERT_TRUE(mentions);
  ASSERT_GE(mentions->size(), 2u);
  Id split = mentions->back().id;
  auto split_report = service::SplitMention(*case_, split, "not the same age", "analyst");
  ASSERT_TRUE(split_report) << split_report.error().message;
  auto after = case_->store().ListMentionsOfPerson(PersonOf(split));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->size(), 1u);
  EXPECT_EQ(service::SplitMention(*case_, split, "again", "analyst").error().code,
            ErrorCode::kFailedPrecondition);

  auto verified = service::Verify(*case_, {});
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok());
}

TEST_F(LinkedCase, ANewListIsLinkedIncrementally) {
  ImportLists("", "lists/memorial.csv");
  auto first = service::LinkPersons(*case_, {});
  ASSERT_TRUE(first);
  std::set<Id> persons_before;
  for (Id id = 1; id <= first->mentions; ++id) persons_before.insert(PersonOf(id));

  ImportLists("lists/memorial.csv");
  auto second = service::LinkPersons(*case_, {});
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->mode, "incremental");
  EXPECT_LT(second->stats.candidate_pairs, first->stats.candidate_pairs);
  // Old mentions keep their persons; most new ones join an existing person.
  for (Id id = 1; id <= first->mentions; ++id) {
    EXPECT_TRUE(persons_before.count(PersonOf(id)) != 0) << "mention " << id;
  }
  std::int64_t joined = 0;
  for (Id id = first->mentions + 1; id <= second->mentions; ++id) {
    if (persons_before.count(PersonOf(id)) != 0) ++joined;
  }
  EXPECT_GT(joined, (second->mentions - first->mentions) / 2);
  auto evaluation = service::EvaluateLinkage(*case_, (dir_ / "truth" / "rows.csv").string());
  ASSERT_TRUE(evaluation);
  EXPECT_GE(evaluation->accuracy.f1, 0.9);
}

TEST_F(LinkedCase, AnIncrementalRunKeepsTheLastRunsThresholds) {
  ImportLists("", "lists/memorial.csv");
  service::LinkRequest strict;
  strict.options.link_probability = 0.95;
  strict.options.review_probability = 0.4;
  strict.thresholds_given = true;
  ASSERT_TRUE(service::LinkPersons(*case_, strict));
  ImportLists("lists/memorial.csv");
  auto second = service::LinkPersons(*case_, {});
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->mode, "incremental");
  auto run = case_->store().LatestLinkRun();
  ASSERT_TRUE(run && *run);
  EXPECT_NE((*run)->settings.find("\"link_probability\":0.95"), std::string::npos)
      << (*run)->settings;
  EXPECT_NE((*run)->settings.find("\"review_probability\":0.4"), std::string::npos);
  // Thresholds given again win, incremental or not.
  service::LinkRequest loose;
  loose.options.link_probability = 0.7;
  loose.thresholds_given = true;
  ASSERT_TRUE(service::LinkPersons(*case_, loose));
  run = case_->store().LatestLinkRun();
  EXPECT_NE((*run)->settings.find("\"link_probability\":0.7"), std::string::npos);
}

TEST_F(LinkedCase, CountsBySexReadThePersonsSexesAsTheScanWould) {
  ImportLists();
  ASSERT_TRUE(service::LinkPersons(*case_, {}));
  // A linked case counts by sex from every person's sex read up front; the act scan's own join
  // must give the same figures.
  std::map<std::pair<std::string, std::string>, std::int64_t> expected;
  store::ActScan scan{{}, store::kVictimSex};
  ASSERT_TRUE(case_->store().ScanActs(scan, [&](const store::ActFact& fact) -> Status {
    std::string sex =
        fact.victim_person_id == model::kNoId ? "unknown" : std::string(fact.victim_sex);
    ++expected[{std::string(fact.type), sex}];
    return {};
  }));
  stats::CountQuery query;
  query.by = {stats::Dimension::kAct, stats::Dimension::kSex};
  query.unit = stats::Unit::kActs;
  auto counted = stats::Count(case_->store(), query);
  ASSERT_TRUE(counted) << counted.error().message;
  std::map<std::pair<std::string, std::string>, std::int64_t> found;
  for (const auto& row : counted->rows) found[{row.keys[0], row.keys[1]}] = row.count;
  EXPECT_EQ(found, expected);
  EXPECT_GT(found.size(), 4u);
}

TEST_F(LinkedCase, AModelOfAnotherLayoutIsRetrainedNotMisread) {
  ImportLists("", "lists/memorial.csv");
  ASSERT_TRUE(service::LinkPersons(*case_, {}));
  case_.reset();
  // A model stored by a version that compared birth in five levels, not seven (runs are
  // append-only: the trigger that keeps them so is set aside for the edit).
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "case.reckon").string().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "DROP TRIGGER link_runs_are_append_only_update; "
                         "UPDATE link_runs SET model = json_remove(model, '$.m[3][6]', "
                         "'$.m[3][5]', '$.u[3][6]', '$.u[3][5]')",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto reopened = service::Case::Open((dir_ / "case.reckon").string(), clock_);
  ASSERT_TRUE(reopened);
  case_ = std::move(*reopened);
  ImportLists("lists/memorial.csv");
  auto second = service::LinkPersons(*case_, {});
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_EQ(second->mode, "full");
  ASSERT_FALSE(second->stats.warnings.empty());
  EXPECT_NE(second->stats.warnings.front().find("birth in other levels"), std::string::npos)
      << second->stats.warnings.front();
  auto evaluation = service::EvaluateLinkage(*case_, (dir_ / "truth" / "rows.csv").string());
  ASSERT_TRUE(evaluation);
  EXPECT_GE(evaluation->accuracy.f1, 0.9);
}

TEST_F(LinkedCase, AMentionMovedOutsideReckonFailsVerification) {
  ImportLists("lists/civil_registry.csv");
  ImportLists("lists/hospital.csv");
  ASSERT_TRUE(service::LinkPersons(*case_, {}));
  case_.reset();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir_ / "case.reckon").string().c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, "UPDATE person_mentions SET person_id = 1 WHERE id = 2", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  auto reopened = service::Case::Open((dir_ / "case.reckon").string(), clock_);
  ASSERT_TRUE(reopened);
  case_ = std::move(*reopened);
  auto verified = service::Verify(*case_, {});
  ASSERT_TRUE(verified);
  EXPECT_FALSE(verified->ok());
  bool named = false;
  for (const auto& check : verified->checks) {
    for (const auto& problem : check.failures) {
      named = named || problem.find("changed outside reckon") != std::string::npos;
    }
  }
  EXPECT_TRUE(named);
}

TEST_F(LinkedCase, AStoredEstimateRunReproducesItsFigures) {
  ImportLists();
  ASSERT_TRUE(service::LinkPersons(*case_, {}));
  service::CaseTableRequest table_request;
  table_request.act = "killing";
  table_request.by = {"sex"};
  auto tables = service::CaseCaptureTables(*case_, table_request);
  ASSERT_TRUE(tables) << tables.error().message;
  ASSERT_EQ(tables->strata.size(), 2u);
  service::EstimateRequest request;
  request.bootstrap_replicates = 200;
  request.seed = 3;
  auto results = service::EstimateTables(*tables, request);
  ASSERT_TRUE(results);
  auto stored = service::StoreEstimate(*case_, table_request, "loglinear", request, *tables,
                                       *results, "analyst");
  ASSERT_TRUE(stored) << stored.error().message;
  auto run = case_->store().GetEstimateRun(*stored);
  ASSERT_TRUE(run);
  EXPECT_EQ(run->act, "killing");
  EXPECT_EQ(run->by, "sex");
  EXPECT_EQ(run->actor, "analyst");
  EXPECT_EQ(run->results, service::EstimateJson(*results, request));
  // The stored tables, estimated again with the stored settings, give the same figures.
  auto again_tables = estimate::ParseTable(run->tables, "stored");
  ASSERT_TRUE(again_tables) << again_tables.error().message;
  ASSERT_EQ(again_tables->tables.size(), 2u);
  auto again = service::EstimateTables(*again_tables, request);
  ASSERT_TRUE(again);
  for (size_t s = 0; s < 2; ++s) {
    EXPECT_EQ(again->strata[s].fit.total, results->strata[s].fit.total);
    EXPECT_EQ(again->strata[s].fit.lower, results->strata[s].fit.lower);
    EXPECT_EQ(again->strata[s].fit.bootstrap_upper, results->strata[s].fit.bootstrap_upper);
  }
  ASSERT_EQ(again->combined.size(), results->combined.size());
  auto verified = service::Verify(*case_, {});
  ASSERT_TRUE(verified);
  EXPECT_TRUE(verified->ok());
}

TEST_F(LinkedCase, CountsCarryTheirEstimates) {
  ImportLists();
  ASSERT_TRUE(service::LinkPersons(*case_, {}));
  auto victims = service::EstimateVictims(*case_);
  ASSERT_TRUE(victims);
  auto killed = std::find_if(victims->begin(), victims->end(),
                             [](const auto& e) { return e.act == "killing"; });
  ASSERT_NE(killed, victims->end());
  ASSERT_TRUE(killed->estimated) << killed->problem;

  // By act: each row has its act's estimate, the same as the summary's; the total spans acts.
  service::CountRequest by_act;
  by_act.by = {"act"};
  auto counted = service::Count(*case_, by_act);
  ASSERT_TRUE(counted);
  auto estimates = service::EstimateCount(*case_, by_act, *counted);
  ASSERT_TRUE(estimates) << estimates.error().message;
  ASSERT_EQ(estimates->size(), counted->rows.size() + 1);
  bool found = false;
  for (size_t i = 0; i < counted->rows.size(); ++i) {
    EXPECT_EQ((*estimates)[i].act, counted->rows[i].keys[0]);
    EXPECT_EQ((*estimates)[i].documented, static_cast<double>(counted->rows[i].count));
    if (counted->rows[i].keys[0] != "killing") continue;
    found = true;
    EXPECT_EQ((*estimates)[i].total, killed->total);
    EXPECT_EQ((*estimates)[i].lower, killed->lower);
    EXPECT_EQ((*estimates)[i].upper, killed->upper);
    EXPECT_GE((*estimates)[i].total, (*estimates)[i].documented);
  }
  EXPECT_TRUE(found);
  EXPECT_TRUE(estimates->back().act.empty());
  EXPECT_FALSE(estimates->back().estimated);

  // One act by sex: each person in one stratum, so the strata's documented figures add up to
  // the total's, and the total is the unstratified estimate.
  service::CountRequest by_sex;
  by_sex.by = {"sex"};
  by_sex.where = {"act=killing"};
  counted = service::Count(*case_, by_sex);
  ASSERT_TRUE(counted);
  estimates = service::EstimateCount(*case_, by_sex, *counted);
  ASSERT_TRUE(estimates) << estimates.error().message;
  ASSERT_EQ(estimates->size(), counted->rows.size() + 1);
  double strata_documented = 0;
  double strata_total = 0;
  for (size_t i = 0; i < counted->rows.size(); ++i) {
    ASSERT_TRUE((*estimates)[i].estimated) << (*estimates)[i].problem;
    strata_documented += (*estimates)[i].documented;
    strata_total += (*estimates)[i].total;
  }
  EXPECT_EQ(strata_documented, killed->documented);
  EXPECT_EQ(estimates->back().total, killed->total);
  EXPECT_NEAR(strata_total, killed->total, 0.05 * killed->total);

  // Counts an estimate cannot stand beside are refused with what to change.
  service::CountRequest acts = by_act;
  acts.unit = "acts";
  EXPECT_EQ(service::EstimateCount(*case_, acts, *counted).error().code,
            ErrorCode::kInvalidArgument);
  service::CountRequest by_source;
  by_source.by = {"act", "source"};
  auto error = service::EstimateCount(*case_, by_source, *counted).error();
  EXPECT_NE(error.message.find("'source'"), std::string::npos) << error.message;
  service::CountRequest no_act;
  no_act.by = {"sex"};
  error = service::EstimateCount(*case_, no_act, *counted).error();
  EXPECT_NE(error.message.find("--where act=TYPE"), std::string::npos) << error.message;
  service::CountRequest filtered = by_act;
  filtered.where = {"sex=female"};
  error = service::EstimateCount(*case_, filtered, *counted).error();
  EXPECT_NE(error.message.find("sex=female"), std::string::npos) << error.message;
}

TEST_F(LinkedCase, TheEstimateSaysHowMuchItHangsOnUndecidedPairs) {
  ImportLists();
  service::LinkRequest strict;
  strict.options.link_probability = 0.99;  // More pairs left for review.
  ASSERT_TRUE(service::LinkPersons(*case_, strict));
  service::CaseTableRequest request;
  request.act = "killing";
  auto sensitivity = service::EstimateLinkageSensitivity(*case_, request);
  ASSERT_TRUE(sensitivity) << sensitivity.error().message;
  auto victims = service::EstimateVictims(*case_);
  ASSERT_TRUE(victims);
  auto killed = std::find_if(victims->begin(), victims->end(),
                             [](const auto& e) { return e.act == "killing"; });
  ASSERT_NE(killed, victims->end());
  EXPECT_EQ(sensitivity->as_linked.documented, killed->documented);
  EXPECT_EQ(sensitivity->as_linked.total, killed->total);
  ASSERT_GT(sensitivity->persons_joined, 0);
  EXPECT_EQ(sensitivity->merged.documented,
            sensitivity->as_linked.documented - static_cast<double>(sensitivity->persons_joined));
  ASSERT_TRUE(sensitivity->merged.estimated) << sensitivity->merged.problem;
  // Fewer split persons: fewer seen by one list only, so a lower estimate.
  EXPECT_LT(sensitivity->merged.total, sensitivity->as_linked.total);
  // The merged table stratifies too, and holds the same persons in all.
  request.merge_review_pairs = true;
  request.by = {"sex"};
  auto strata = service::CaseCaptureTables(*case_, request);
  ASSERT_TRUE(strata) << strata.error().message;
  double persons = 0;
  for (const auto& table : strata->tables) persons += table.observed();
  EXPECT_EQ(persons, sensitivity->merged.documented);
}

TEST_F(LinkedCase, BadTruthFilesAndDecisionsAreRefused) {
  ImportLists("lists/civil_registry.csv");
  EXPECT_EQ(service::EvaluateLinkage(*case_, (dir_ / "missing.csv").string()).error().code,
            ErrorCode::kNotFound);
  fs::path bad = dir_ / "bad_truth.csv";
  {
    std::ofstream out(bad);
    out << "source,row,person_id\nVelmora Civil Registry,zero,1\n";
  }
  auto evaluated = service::EvaluateLinkage(*case_, bad.string());
  ASSERT_FALSE(evaluated);
  EXPECT_EQ(evaluated.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(evaluated.error().message.find(":2:"), std::string::npos) << evaluated.error().message;
  EXPECT_EQ(service::Decide(*case_, {1, 1, "same", "", "x"}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(service::Decide(*case_, {1, 2, "maybe", "", "x"}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(service::Decide(*case_, {1, 999999, "same", "", "x"}).error().code,
            ErrorCode::kNotFound);
  service::LinkRequest incremental;
  incremental.mode = service::LinkMode::kIncremental;
  EXPECT_EQ(service::LinkPersons(*case_, incremental).error().code, ErrorCode::kFailedPrecondition);
}

}  // namespace
}  // namespace reckon
