// Synthetic cases with ground truth, for the demo, the tests and the benchmarks. Generate()
// makes a fictional town of households whose members carry names from five naming traditions,
// draws events and acts at configurable rates (some households entirely killed), and writes K
// overlapping source lists whose coverage depends on who the person is (so lists are
// heterogeneous), each with realistic noise: omissions, typos, several romanizations and
// scripts, swapped name parts, missing patronymics, ages off by a year or two, birth year
// instead of age, duplicates within a list. Beside the lists it writes the truth (which row is
// which person, true counts) and claims that fictional sources assert. Nothing in it describes
// a real place or person. Deterministic for a given seed.
#ifndef RECKON_SYNTH_SYNTH_H_
#define RECKON_SYNTH_SYNTH_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "reckon/core/result.h"

namespace reckon::synth {

struct SynthOptions {
  std::string out_dir;
  std::int64_t persons = 5000;
  int lists = 5;  // 1..12
  std::uint64_t seed = 1;
  // Share of persons who suffer each act (one fate per person).
  double killed = 0.12;
  double injured = 0.08;
  double hostage = 0.03;
  double missing = 0.02;
  double expelled = 0.30;
  double households_wiped = 0.02;    // Share of households of which every member is killed.
  double noise = 1.0;                // Scales every noise probability (0 gives clean lists).
  std::string start = "2031-03-01";  // A fictional period.
  int period_days = 45;
  int events = 6;
};

struct ListFile {
  std::string path;     // Relative to out_dir.
  std::string source;   // The source name to import it as.
  std::string mapping;  // Relative path of its mapping file, or empty.
  std::int64_t rows = 0;
};

struct SynthResult {
  std::int64_t persons = 0;
  std::int64_t households = 0;
  std::vector<ListFile> files;  // Lists, then losses and claims, in import order.
  std::map<std::string, std::int64_t> true_victims;  // By act type.
  std::int64_t true_households_destroyed = 0;
  std::int64_t true_fate_unknown = 0;
};

// Writes the case into options.out_dir (created if missing): lists/*.csv with mapping files,
// lists/manifest.tsv (file, source, mapping per line), truth/rows.csv, truth/persons.csv,
// truth/counts.json. Returns kInvalidArgument for options out of range and kUnavailable when a
// file cannot be written.
[[nodiscard]] Result<SynthResult> Generate(const SynthOptions& options);

}  // namespace reckon::synth

#endif  // RECKON_SYNTH_SYNTH_H_
