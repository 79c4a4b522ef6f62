#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "reckon/core/text.h"
#include "reckon/estimate/lcmcr.h"
#include "reckon/estimate/loglinear.h"
#include "reckon/estimate/quantile.h"
#include "reckon/estimate/table.h"

namespace reckon::estimate {
namespace {

std::string TestData(const std::string& relative) {
  const char* root = std::getenv("RECKON_SOURCE_DIR");
  return std::string(root != nullptr ? root : RECKON_SOURCE_DIR) + "/tests/testdata/mse/" +
         relative;
}

CaptureTable Load(const std::string& name) {
  auto tables = ReadTable(TestData(name));
  EXPECT_TRUE(tables) << (tables ? "" : tables.error().message);
  return tables ? tables->tables.at(0) : CaptureTable{};
}

TEST(ReadTable, ListsStrataAndCounts) {
  CaptureTable kosovo = Load("kosovo_4lists_LCMCR.csv");
  EXPECT_EQ(kosovo.lists, (std::vector<std::string>{"EXH", "ABA", "OSCE", "HRW"}));
  EXPECT_DOUBLE_EQ(kosovo.observed(), 4400);
  EXPECT_DOUBLE_EQ(kosovo.CountOf(0b1111), 27);

  auto spina = ReadTable(TestData("conting_spina_by_eth.csv"));
  ASSERT_TRUE(spina);
  EXPECT_GE(spina->strata.size(), 2u);
  EXPECT_EQ(spina->strata[0], "eth=caucasian");
  EXPECT_EQ(spina->tables[0].lists.size(), 3u);
  // The CSV reckon writes reads back to the same table.
  auto again = ParseTable(TableCsv(kosovo), "again");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->tables[0].counts, kosovo.counts);
}

TEST(ReadTable, BadTablesAreRefusedWithLineAndColumn) {
  struct Case {
    const char* csv;
    const char* expect;
  };
  const Case cases[] = {
      {"A,B\n1,0\n", "no 'count' column"},
      {"A,B,count\n1,0,-3\n", ":2:3: count -3 is negative"},
      {"A,B,count\n1,0,x\n", ":2:3: count 'x' is not a number"},
      {"A,B,count\n1,1,0.5\n", ":2:3: count 0.5 is not a whole number"},
      {"A,B,count\n1,1,1e300\n", ":2:3: count 1e300 is larger than any population"},
      {"A,B,count\n0,0,5\n1,1,2\n", ":2:1: the all-zero pattern has a count"},
      {"A,count\n1,5\n", "at least two lists"},
      {"A,B,count\n1,0\n", ":2:1: 2 fields"},
      {"", "empty"},
  };
  for (const Case& c : cases) {
    auto parsed = ParseTable(c.csv, "t.csv");
    ASSERT_FALSE(parsed) << c.csv;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(parsed.error().message.find(c.expect), std::string::npos) << parsed.error().message;
  }
  // Cells each within bounds whose sum is not: refused by both estimators, never a number.
  auto crowded = ParseTable("A,B,count\n1,0,9000000000\n0,1,9000000000\n1,1,5\n", "c.csv");
  ASSERT_TRUE(crowded);
  EXPECT_EQ(CheckEstimable(crowded->tables[0]).error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(FitLatentClass(crowded->tables[0]).error().code, ErrorCode::kFailedPrecondition);
  auto duplicate = ParseTable("A,B,count\n1,0,5\n1,0,2\n0,1,1\n1,1,1\n", "d.csv");
  ASSERT_TRUE(duplicate);
  EXPECT_DOUBLE_EQ(duplicate->tables[0].CountOf(0b01), 7);
  EXPECT_EQ(duplicate->tables[0].warnings.size(), 1u);
}

TEST(CheckEstimable, NoOverlapOrEmptyListGivesAStatementNotANumber) {
  auto apart = ParseTable("A,B,count\n1,0,50\n0,1,40\n", "apart.csv");
  ASSERT_TRUE(apart);
  auto fit = FitLogLinear(apart->tables[0], {});
  ASSERT_FALSE(fit);
  EXPECT_EQ(fit.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(fit.error().message.find("no person is on more than one list"), std::string::npos);
  auto empty_list = ParseTable("A,B,C,count\n1,0,0,50\n0,1,0,40\n1,1,0,5\n0,0,1,0\n", "e.csv");
  ASSERT_TRUE(empty_list);
  EXPECT_EQ(FitLogLinear(empty_list->tables[0], {}).error().code, ErrorCode::kFailedPrecondition);
}

// The published tables against the R packages' results (tests/testdata/mse/README.md).
TEST(LogLinear, ReproducesReferenceResults) {
  std::ifstream in(TestData("loglinear_expected.csv"));
  ASSERT_TRUE(in);
  std::string line;
  int checked = 0;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string_view> cells = Split(line, ',');
    ASSERT_EQ(cells.size(), 7u) << line;
    CaptureTable table = Load(std::string(cells[0]));
    std::string model(cells[1]);
    for (char& c : model) c = c == ';' ? ',' : c;
    auto terms = ParseModel(model, table.lists);
    ASSERT_TRUE(terms) << line;
    auto fit = FitLogLinear(table, *terms);
    ASSERT_TRUE(fit) << line;
    ASSERT_TRUE(fit->estimable) << line << ": " << fit->problem;
    double tolerance = std::stod(std::string(cells[5]));
    double total = std::stod(std::string(cells[2]));
    EXPECT_NEAR(fit->total, total, tolerance * total) << line;
    if (!cells[3].empty()) {
      EXPECT_NEAR(fit->lower, std::stod(std::string(cells[3])), tolerance * total) << line;
      EXPECT_NEAR(fit->upper, std::stod(std::string(cells[4])), tolerance * total) << line;
    }
    if (cells[6] == "yes") {
      auto search = SelectModel(table, Criterion::kBic);
      ASSERT_TRUE(search) << line;
      EXPECT_EQ(ModelName(search->best.terms), ModelName(*terms)) << line;
    }
    ++checked;
  }
  EXPECT_EQ(checked, 6);
}

TEST(LogLinear, ModelsWithoutAnEstimateAreReportedNotEstimated) {
  CaptureTable artificial = Load("sparsemse_Artificial_3.csv");
  for (const char* model : {"12", "12,13,23", "13"}) {
    auto fit = FitLogLinear(artificial, *ParseModel(model, artificial.lists));
    ASSERT_TRUE(fit) << model;
    EXPECT_FALSE(fit->estimable) << model << " gave " << fit->total;
    EXPECT_NE(fit->problem.find("no maximum-likelihood estimate"), std::string::npos)
        << fit->problem;
  }
  // Two lists with their interaction: more parameters than cells.
  auto two = ParseTable("A,B,count\n1,0,50\n0,1,40\n1,1,10\n", "two.csv");
  ASSERT_TRUE(two);
  auto saturated = FitLogLinear(two->tables[0], {{0, 1}});
  ASSERT_TRUE(saturated);
  EXPECT_FALSE(saturated->estimable);
  EXPECT_NE(saturated->problem.find("not identifiable"), std::string::npos);
  // Lincoln-Petersen: 50+10 on A, 40+10 on B, 10 on both: N = 60 * 50 / 10 = 300.
  auto petersen = FitLogLinear(two->tables[0], {});
  ASSERT_TRUE(petersen);
  EXPECT_NEAR(petersen->total, 300, 1e-6);
  // Sparse tables say so.
  CaptureTable new_orleans = Load("sparsemse_NewOrl.csv");
  std::vector<std::string> warnings = Diagnose(new_orleans);
  ASSERT_FALSE(warnings.empty());
  EXPECT_NE(warnings[0].find("sparse"), std::string::npos);
  auto search = SelectModel(new_orleans, Criterion::kBic);
  ASSERT_TRUE(search);
  EXPECT_FALSE(search->warnings.empty());
}

TEST(LogLinear, ParametricBootstrapIsReproducibleAndCoversTheEstimate) {
  CaptureTable hiv = Load("rcapture_HIV.csv");
  LogLinearOptions options;
  options.bootstrap_replicates = 200;
  options.seed = 9;
  auto a = FitLogLinear(hiv, {}, options);
  auto b = FitLogLinear(hiv, {}, options);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->bootstrap_lower, b->bootstrap_lower);
  EXPECT_EQ(a->bootstrap_upper, b->bootstrap_upper);
  EXPECT_LT(a->bootstrap_lower, a->total);
  EXPECT_GT(a->bootstrap_upper, a->total);
  EXPECT_EQ(a->bootstrap_replicates, 200);
}

// A short run of the latent-class model on Kosovo (the reference runs use 110,000 iterations; a
// tenth of that keeps the test quick and still lands within a few percent).
TEST(LatentClass, KosovoNearTheReferencePosteriorAndReproducible) {
  CaptureTable kosovo = Load("kosovo_4lists_LCMCR.csv");
  LatentClassOptions options;
  options.burn_in = 10000;
  options.samples = 400;
  options.thinning = 20;
  options.chains = 2;
  options.seed = 4;
  auto fit = FitLatentClass(kosovo, options);
  ASSERT_TRUE(fit) << fit.error().message;
  EXPECT_EQ(fit->draws.size(), 800u);
  // LCMCR 0.4.14: medians 10,406-10,598 across seeds, 95% intervals about 9,050-14,800.
  EXPECT_NEAR(fit->median, 10450, 0.06 * 10450);
  EXPECT_GT(fit->lower, 8500);
  EXPECT_LT(fit->lower, 9800);
  EXPECT_GT(fit->upper, 12000);
  EXPECT_LT(fit->upper, 17000);
  EXPECT_GT(fit->r_hat, 0.9);
  EXPECT_LT(fit->r_hat, 1.2);
  auto again = FitLatentClass(kosovo, options);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->draws, fit->draws) << "the same seed must give the same draws";
  // Chains draw from their own seeds: one thread or several gives the same draws.
  LatentClassOptions threads = options;
  threads.chains = 3;
  threads.burn_in = 200;
  threads.samples = 50;
  threads.threads = 1;
  auto one = FitLatentClass(kosovo, threads);
  threads.threads = 2;
  auto two = FitLatentClass(kosovo, threads);
  ASSERT_TRUE(one && two);
  EXPECT_EQ(one->draws, two->draws);
  options.seed = 5;
  auto other = FitLatentClass(kosovo, options);
  ASSERT_TRUE(other);
  EXPECT_NE(other->draws, fit->draws);
}

TEST(LatentClass, RefusesBadSettingsAndTablesWithoutOverlap) {
  CaptureTable kosovo = Load("kosovo_4lists_LCMCR.csv");
  LatentClassOptions bad;
  bad.classes = 0;
  EXPECT_EQ(FitLatentClass(kosovo, bad).error().code, ErrorCode::kInvalidArgument);
  bad = {};
  bad.thinning = 0;
  EXPECT_EQ(FitLatentClass(kosovo, bad).error().code, ErrorCode::kInvalidArgument);
  auto apart = ParseTable("A,B,count\n1,0,50\n0,1,40\n", "apart.csv");
  ASSERT_TRUE(apart);
  EXPECT_EQ(FitLatentClass(apart->tables[0]).error().code, ErrorCode::kFailedPrecondition);
}

TEST(Quantile, InterpolatesBetweenOrderStatisticsLikeR) {
  // R: quantile(c(4, 1, 3, 2), c(0, 0.5, 0.025, 1)) gives 1, 2.5, 1.075, 4.
  EXPECT_DOUBLE_EQ(Quantile({4, 1, 3, 2}, 0), 1);
  EXPECT_DOUBLE_EQ(Quantile({4, 1, 3, 2}, 0.5), 2.5);
  EXPECT_DOUBLE_EQ(Quantile({4, 1, 3, 2}, 0.025), 1.075);
  EXPECT_DOUBLE_EQ(Quantile({4, 1, 3, 2}, 1), 4);
  EXPECT_DOUBLE_EQ(Quantile({7}, 0.9), 7);
  EXPECT_DOUBLE_EQ(Quantile({}, 0.5), 0);
}

TEST(ParseModel, NumbersOrNames) {
  std::vector<std::string> lists = {"EXH", "ABA", "OSCE", "HRW"};
  EXPECT_EQ(ModelName(*ParseModel("12,34", lists)), "[12,34]");
  EXPECT_EQ(ModelName(*ParseModel("EXH:HRW", lists)), "[14]");
  EXPECT_EQ(ModelName(*ParseModel("independence", lists)), "[independence]");
  EXPECT_EQ(ParseModel("11", lists).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ParseModel("EXH:XYZ", lists).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(ParseModel("19", lists).error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace reckon::estimate
