// Calibration of the estimators on synthetic truth: over many synthetic cases (`reckon synth`,
// whose lists capture children, the elderly and women at different rates), does the 95%
// interval cover the true number killed? The capture table is built from the truth files (which
// row is which person), so the figures measure the estimators, not linkage.
//
//   reckon_calibration_bench CASES [PERSONS] [loglinear|lcmcr|all] [LISTS]
//
// Prints, per method, the coverage, the median interval width relative to the truth, the median
// relative error of the point estimate, and the time.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "reckon/estimate/lcmcr.h"
#include "reckon/estimate/loglinear.h"
#include "reckon/service/estimation.h"
#include "reckon/synth/synth.h"

namespace {

using namespace reckon;  // NOLINT(google-build-using-namespace): a benchmark's main.
namespace fs = std::filesystem;

struct Tally {
  int cases = 0;
  int covered = 0;
  int no_estimate = 0;
  std::vector<double> widths;
  std::vector<double> errors;
  double seconds = 0;
  void Add(double truth, double point, double lower, double upper, double secs) {
    ++cases;
    if (lower <= truth && truth <= upper) ++covered;
    widths.push_back((upper - lower) / truth);
    errors.push_back(std::abs(point - truth) / truth);
    seconds += secs;
  }
  static double Median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
  }
  void Print(const char* name) const {
    std::printf(
        "%s: %d cases, 95%% interval covers the truth in %d (%.1f%%); median width %.1f%% of the "
        "truth; median |error| %.1f%%; %d without an estimate; %.1f s in all\n",
        name, cases, covered, cases > 0 ? 100.0 * covered / cases : 0.0, 100 * Median(widths),
        100 * Median(errors), no_estimate, seconds);
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: reckon_calibration_bench CASES [PERSONS] [loglinear|lcmcr|all] [LISTS]\n");
    return 2;
  }
  const int cases = std::stoi(argv[1]);
  const std::int64_t persons = argc >= 3 ? std::stoll(argv[2]) : 3000;
  const std::string method = argc >= 4 ? argv[3] : "all";
  const int lists = argc >= 5 ? std::stoi(argv[4]) : 5;
  fs::path dir = fs::temp_directory_path() / "reckon_calibration";
  Tally loglinear;
  Tally latent;
  for (int c = 0; c < cases; ++c) {
    fs::remove_all(dir);
    synth::SynthOptions options;
    options.out_dir = dir.string();
    options.persons = persons;
    options.lists = lists;
    options.seed = 1000 + static_cast<std::uint64_t>(c);
    auto made = synth::Generate(options);
    if (!made) {
      std::fprintf(stderr, "%s\n", made.error().message.c_str());
      return 1;
    }
    double truth = 0;
    auto table = service::TruthCaptureTable(dir.string(), "killing", &truth);
    if (!table) {
      std::fprintf(stderr, "%s\n", table.error().message.c_str());
      return 1;
    }
    if (method == "loglinear" || method == "all") {
      auto started = std::chrono::steady_clock::now();
      auto search = estimate::SelectModel(*table, estimate::Criterion::kBic);
      double secs =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      if (!search) {
        ++loglinear.no_estimate;
      } else {
        loglinear.Add(truth, search->best.total, search->best.lower, search->best.upper, secs);
      }
    }
    if (method == "lcmcr" || method == "all") {
      estimate::LatentClassOptions latent_options;
      latent_options.seed = options.seed;
      auto fit = estimate::FitLatentClass(*table, latent_options);
      if (!fit) {
        ++latent.no_estimate;
      } else {
        latent.Add(truth, fit->median, fit->lower, fit->upper, fit->seconds);
      }
    }
  }
  fs::remove_all(dir);
  if (method == "loglinear" || method == "all") loglinear.Print("log-linear, BIC search");
  if (method == "lcmcr" || method == "all") latent.Print("latent classes (LCMCR defaults)");
  return 0;
}
