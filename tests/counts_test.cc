// Counts over a synthetic case, checked against the ground truth the generator writes.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "reckon/ingest/csv.h"
#include "reckon/service/service.h"

namespace reckon {
namespace {

namespace fs = std::filesystem;

class SyntheticCase : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::path(::testing::TempDir()) / ("synthetic_case_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    synth::SynthOptions options;
    options.out_dir = dir_.string();
    options.persons = 4000;
    options.lists = 5;
    options.seed = 11;
    auto made = service::Synth(options);
    ASSERT_TRUE(made) << made.error().message;
    files_ = made->files;
    auto c = service::Case::Create((dir_ / "case.reckon").string(), clock_);
    ASSERT_TRUE(c);
    case_ = std::move(*c);
    for (const auto& file : files_) {
      service::ImportRequest request;
      request.file = (dir_ / file.path).string();
      request.source = file.source;
      if (!file.mapping.empty()) request.mapping_file = (dir_ / file.mapping).string();
      auto report = service::Import(*case_, request);
      ASSERT_TRUE(report) << report.error().message;
      ASSERT_EQ(report->rows_imported, file.rows) << file.path;
    }
  }
  static void TearDownTestSuite() {
    case_.reset();
    fs::remove_all(dir_);
  }

  static std::vector<std::vector<std::string>> ReadCsv(const fs::path& path) {
    std::ifstream in(path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string data = buffer.str();
    ingest::CsvReader reader(data, ',');
    ingest::CsvRecord record;
    std::vector<std::vector<std::string>> rows;
    bool header = true;
    while (*reader.Next(record)) {
      if (!header) rows.push_back(record.fields);
      header = false;
    }
    return rows;
  }

  static inline FixedClock clock_{1700000000};
  static inline fs::path dir_;
  static inline std::vector<synth::ListFile> files_;
  static inline std::unique_ptr<service::Case> case_;
};

TEST_F(SyntheticCase, VictimsByActMatchTheTruthRowsWhileEveryMentionIsItsOwnPerson) {
  // Truth: each list row is a mention of person_id, whose fate is in truth/persons.csv.
  std::map<std::string, std::string> fate;
  for (const auto& row : ReadCsv(dir_ / "truth/persons.csv")) fate[row[0]] = row[5];
  std::map<std::string, std::int64_t> expected;
  for (const auto& row : ReadCsv(dir_ / "truth/rows.csv")) ++expected[fate[row[2]]];

  service::CountRequest request;
  request.by = {"act"};
  auto counted = service::Count(*case_, request);
  ASSERT_TRUE(counted) << counted.error().message;
  std::map<std::string, std::int64_t> actual;
  for (const auto& row : counted->rows) actual[row.keys[0]] = row.count;
  EXPECT_EQ(actual, expected);
}

TEST_F(SyntheticCase, SourceBreakdownMatchesRowsPerList) {
  service::CountRequest request;
  request.unit = "acts";
  request.by = {"source"};
  auto counted = service::Count(*case_, request);
  ASSERT_TRUE(counted);
  std::map<std::string, std::int64_t> actual;
  for (const auto& row : counted->rows) actual[row.keys[0]] = row.count;
  for (const auto& file : files_) {
    if (file.path == "lists/losses.csv" || file.path == "lists/claims.csv") continue;
    EXPECT_EQ(actual[file.source], file.rows) << file.source;
  }
}

TEST_F(SyntheticCase, FiltersAndThreeDimensionsAddUp) {
  service::CountRequest all;
  all.by = {"act", "sex", "age_band"};
  auto breakdown = service::Count(*case_, all);
  ASSERT_TRUE(breakdown);
  std::int64_t killed = 0;
  for (const auto& row : breakdown->rows) {
    if (row.keys[0] == "killing") killed += row.count;
  }
  service::CountRequest filtered;
  filtered.where = {"act=killed"};  // An alias resolves to the code.
  auto only = service::Count(*case_, filtered);
  ASSERT_TRUE(only) << only.error().message;
  EXPECT_EQ(only->total.count, killed);
}

TEST_F(SyntheticCase, ClaimsStandBesideTheFigureOfTheSameScope) {
  service::CountRequest request;
  request.by = {"act"};
  auto counted = service::Count(*case_, request);
  ASSERT_TRUE(counted);
  bool found = false;
  for (const auto& row : counted->rows) {
    if (row.keys[0] != "killing") continue;
    ASSERT_EQ(row.claims.size(), 1u);
    EXPECT_EQ(row.claims[0].source, "Velmora Ombudsperson statements");
    EXPECT_EQ(row.claims[0].citation, "Statement no. 1");
    found = true;
  }
  EXPECT_TRUE(found);
  // A claim about children killed appears only where the scope is exactly that.
  request.by = {"act", "age_band"};
  auto by_age = service::Count(*case_, request);
  ASSERT_TRUE(by_age);
  int with_claims = 0;
  for (const auto& row : by_age->rows) {
    if (!row.claims.empty()) {
      ++with_claims;
      EXPECT_EQ(row.keys, (std::vector<std::string>{"killing", "child"}));
    }
  }
  EXPECT_EQ(with_claims, 1);
}

TEST_F(SyntheticCase, ExplainListsTheMentionsAndSourcesBehindAFigure) {
  service::CountRequest request;
  request.by = {"act"};
  request.where = {"act=hostage_taking"};
  request.explain = true;
  auto counted = service::Count(*case_, request);
  ASSERT_TRUE(counted);
  ASSERT_EQ(counted->rows.size(), 1u);
  const auto& row = counted->rows[0];
  EXPECT_EQ(static_cast<std::int64_t>(row.ids.size()), row.count);
  auto table = service::Explain(*case_, stats::Unit::kPersons, row.ids);
  ASSERT_TRUE(table);
  EXPECT_EQ(static_cast<std::int64_t>(table->rows.size()), row.count);
  std::set<std::string> sources;
  for (const auto& line : table->rows) sources.insert(*line[3]);
  EXPECT_TRUE(sources.count("Exchange commission list"));
}

TEST_F(SyntheticCase, SummaryCountsLossesAndFateUnknown) {
  auto summary = service::Summarize(*case_);
  ASSERT_TRUE(summary);
  EXPECT_GT(summary->losses_by_currency.at("USD"), 0);
  EXPECT_GT(summary->fate_unknown, 0);
  EXPECT_EQ(summary->fate_unknown_claims.size(), 1u);
}

TEST(CountErrors, BadDimensionsAndBandsAreInvalidArgument) {
  FixedClock clock(0);
  std::string path = ::testing::TempDir() + "/count_errors.reckon";
  fs::remove(path);
  auto c = service::Case::Create(path, clock);
  ASSERT_TRUE(c);
  service::CountRequest request;
  request.by = {"colour"};
  EXPECT_EQ(service::Count(**c, request).error().code, ErrorCode::kInvalidArgument);
  request.by = {};
  request.age_bands = "0-10,20-30,40+";
  EXPECT_EQ(service::Count(**c, request).error().code, ErrorCode::kInvalidArgument);
  request.age_bands = "";
  request.where = {"act"};
  EXPECT_EQ(service::Count(**c, request).error().code, ErrorCode::kInvalidArgument);
  request.where = {};
  request.unit = "cats";
  EXPECT_EQ(service::Count(**c, request).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace reckon
