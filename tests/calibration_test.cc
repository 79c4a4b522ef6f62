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

}  // namespace
}  // namespace reckon
