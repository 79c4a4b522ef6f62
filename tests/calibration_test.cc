// A small version of bench/calibration_bench.cc: on synthetic cases with heterogeneous capture,
// the 95% intervals of both estimators cover the true number killed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "reckon/estimate/lcmcr.h"
#include "reckon/estimate/loglinear.h"
#include "reckon/service/estimation.h"
#include "reckon/synth/synth.h"

namespace reckon {
namespace {

namespace fs = std::filesystem;

TEST(Calibration, IntervalsCoverTheTrueNumberKilled) {
  fs::path dir = fs::path(::testing::TempDir()) / ("calibration_" + std::to_string(::getpid()));
  int loglinear_covered = 0;
  int latent_covered = 0;
  const int cases = 6;
  for (int c = 0; c < cases; ++c) {
    fs::remove_all(dir);
    synth::SynthOptions options;
    options.out_dir = dir.string();
    options.persons = 2000;
    options.lists = 4;
    options.seed = 500 + static_cast<std::uint64_t>(c);
    ASSERT_TRUE(synth::Generate(options));
    double truth = 0;
    auto read = service::TruthCaptureTable(dir.string(), "killing", &truth);
    ASSERT_TRUE(read) << read.error().message;
    const estimate::CaptureTable& table = *read;
    // Some of the killed are on no list: the estimate has something to find.
    EXPECT_LT(table.observed(), truth);
    auto search = estimate::SelectModel(table, estimate::Criterion::kBic);
    ASSERT_TRUE(search) << search.error().message;
    if (search->best.lower <= truth && truth <= search->best.upper) ++loglinear_covered;
    estimate::LatentClassOptions latent;
    latent.burn_in = 2000;
    latent.samples = 300;
    latent.thinning = 10;
    latent.chains = 2;
    latent.seed = options.seed;
    auto fit = estimate::FitLatentClass(table, latent);
    ASSERT_TRUE(fit);
    if (fit->lower <= truth && truth <= fit->upper) ++latent_covered;
  }
  fs::remove_all(dir);
  EXPECT_GE(loglinear_covered, cases - 1);
  EXPECT_GE(latent_covered, cases - 1);
}

TEST(Strata, AddUpWithTheirUncertainty) {
  // Two strata of one table (Lincoln-Petersen-like, with three lists).
  auto tables = estimate::ParseTable(
      "A,B,C,period,count\n"
      "1,0,0,early,120\n0,1,0,early,100\n0,0,1,early,90\n1,1,0,early,40\n1,0,1,early,35\n"
      "0,1,1,early,30\n1,1,1,early,12\n"
      "1,0,0,late,60\n0,1,0,late,55\n0,0,1,late,50\n1,1,0,late,20\n1,0,1,late,18\n"
      "0,1,1,late,15\n1,1,1,late,6\n",
      "strata.csv");
  ASSERT_TRUE(tables) << tables.error().message;
  ASSERT_EQ(tables->strata.size(), 2u);
  service::EstimateRequest request;
  request.model = "independence";
  request.latent_class = true;
  request.latent.burn_in = 1000;
  request.latent.samples = 300;
  request.latent.thinning = 5;
  request.latent.chains = 2;
  auto results = service::EstimateTables(*tables, request);
  ASSERT_TRUE(results) << results.error().message;
  ASSERT_EQ(results->combined.size(), 2u);
  double sum = results->strata[0].fit.total + results->strata[1].fit.total;
  const auto& loglinear = results->combined[0];
  EXPECT_EQ(loglinear.method, "loglinear");
  EXPECT_NEAR(loglinear.total, sum, 1e-9);
  EXPECT_DOUBLE_EQ(loglinear.documented, 427 + 224);
  EXPECT_LT(loglinear.lower, sum);
  EXPECT_GT(loglinear.upper, sum);
  // The sum's interval is narrower than adding the strata's interval ends.
  EXPECT_GT(loglinear.lower,
            results->strata[0].fit.bootstrap_lower + results->strata[1].fit.bootstrap_lower);
  const auto& latent = results->combined[1];
  EXPECT_EQ(latent.method, "lcmcr");
  EXPECT_LT(latent.lower, latent.total);
  EXPECT_GT(latent.upper, latent.total);
  EXPECT_TRUE(results->warnings.empty());
}

}  // namespace
}  // namespace reckon
