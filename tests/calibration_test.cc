// A small version of bench/calibration_bench.cc: on synthetic cases with heterogeneous capture,
// the 95% intervals of both estimators cover the true number killed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "reckon/estimate/lcmcr.h"
#include "reckon/estimate/loglinear.h"
#include "reckon/ingest/csv.h"
#include "reckon/synth/synth.h"

namespace reckon {
namespace {

namespace fs = std::filesystem;

std::vector<std::vector<std::string>> ReadCsv(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  ingest::CsvReader reader(text, ',');
  ingest::CsvRecord record;
  std::vector<std::vector<std::string>> rows;
  bool header = true;
  while (*reader.Next(record)) {
    if (!header) rows.push_back(record.fields);
    header = false;
  }
  return rows;
}

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
    std::set<std::string> killed;
    for (const auto& row : ReadCsv(dir / "truth" / "persons.csv")) {
      if (row[5] == "killing") killed.insert(row[0]);
    }
    std::map<std::string, int> lists;
    std::map<std::string, estimate::Pattern> patterns;
    for (const auto& row : ReadCsv(dir / "truth" / "rows.csv")) {
      if (killed.count(row[2]) == 0) continue;
      auto [it, inserted] = lists.emplace(row[0], static_cast<int>(lists.size()));
      patterns[row[2]] |= estimate::Pattern{1} << it->second;
    }
    estimate::CaptureTable table;
    table.lists.resize(lists.size());
    for (const auto& [name, index] : lists) table.lists[static_cast<size_t>(index)] = name;
    for (const auto& [person, pattern] : patterns) table.counts[pattern] += 1;
    const auto truth = static_cast<double>(killed.size());
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
