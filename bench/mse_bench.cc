// Multiple systems estimation benchmark: log-linear fits and searches on the published tables,
// and the latent-class sampler on Kosovo at the settings of the LCMCR package's reference runs
// (tests/testdata/mse/reference_results.csv), one chain each so the times compare.
//
//   reckon_mse_bench TESTDATA_MSE_DIR [quick]
#include <chrono>
#include <cstdio>
#include <string>

#include "reckon/estimate/lcmcr.h"
#include "reckon/estimate/loglinear.h"

namespace {

using namespace reckon::estimate;  // NOLINT(google-build-using-namespace): a benchmark's main.
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: reckon_mse_bench TESTDATA_MSE_DIR [quick]\n");
    return 2;
  }
  const std::string dir = argv[1];
  const bool quick = argc >= 3 && std::string(argv[2]) == "quick";
  for (const char* name :
       {"kosovo_4lists_LCMCR", "rcapture_HIV", "rcapture_lesbian", "dga_madigan_york_5lists",
        "sparsemse_Western", "sparsemse_NewOrl_5", "sparsemse_NewOrl"}) {
    auto tables = ReadTable(dir + "/" + name + ".csv");
    if (!tables) {
      std::fprintf(stderr, "%s\n", tables.error().message.c_str());
      return 1;
    }
    const CaptureTable& table = tables->tables[0];
    auto started = Clock::now();
    auto search = SelectModel(table, Criterion::kBic);
    double seconds = Seconds(started);
    if (!search) {
      std::printf("%s: %s\n", name, search.error().message.c_str());
      continue;
    }
    std::printf("%s (%d lists): BIC picks %s: %.0f (%.0f-%.0f), %zu models fitted in %.3f s\n",
                name, table.list_count(), ModelName(search->best.terms).c_str(), search->best.total,
                search->best.lower, search->best.upper, search->visited.size(), seconds);
    // The same table cut to its first six lists, for the 6-list search time.
    if (table.list_count() > 6) {
      CaptureTable six;
      six.lists.assign(table.lists.begin(), table.lists.begin() + 6);
      for (const auto& [pattern, count] : table.counts) {
        Pattern kept = pattern & 0x3FU;
        if (kept != 0) six.counts[kept] += count;
      }
      started = Clock::now();
      auto six_search = SelectModel(six, Criterion::kBic);
      seconds = Seconds(started);
      if (six_search) {
        std::printf("  its first 6 lists: BIC picks %s, %zu models fitted in %.3f s\n",
                    ModelName(six_search->best.terms).c_str(), six_search->visited.size(), seconds);
      }
    }
  }
  auto kosovo = ReadTable(dir + "/kosovo_4lists_LCMCR.csv");
  if (!kosovo) return 1;
  struct Setting {
    const char* label;
    int classes;
    int burn_in;
    int samples;
    int thinning;
    double lcmcr_seconds;
  };
  const Setting settings[] = {
      {"K=10 burn=10000 samples=1000 thin=100", 10, 10000, 1000, 100, 1.3},
      {"K=10 burn=100000 samples=10000 thin=100", 10, 100000, 10000, 100, 15.2},
      {"K=15 burn=10000 samples=10000 thin=500 (HRDAG)", 15, 10000, 10000, 500, 68.8},
  };
  for (const Setting& s : settings) {
    if (quick && s.samples > 1000) break;
    // As LCMCR runs it: one chain on one core. Then the same number of kept draws from two
    // chains on the two cores, each after the full burn-in.
    for (int chains : {1, 2}) {
      LatentClassOptions options;
      options.classes = s.classes;
      options.burn_in = s.burn_in;
      options.samples = s.samples / chains;
      options.thinning = s.thinning;
      options.chains = chains;
      options.threads = chains;
      options.seed = 11;
      auto fit = FitLatentClass(kosovo->tables[0], options);
      if (!fit) return 1;
      std::printf(
          "Kosovo, latent classes, %s, %d chain%s of %d draws: median %.0f (%.0f-%.0f), R-hat "
          "%.3f, in %.2f s; LCMCR 0.4.14: %.1f s (%.1fx)\n",
          s.label, chains, chains > 1 ? "s" : "", options.samples, fit->median, fit->lower,
          fit->upper, fit->r_hat, fit->seconds, s.lcmcr_seconds, s.lcmcr_seconds / fit->seconds);
    }
  }
  return 0;
}
