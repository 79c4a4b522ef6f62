// Record-linkage benchmark: accuracy and speed of reckon's linkage with default settings.
//
//   reckon_link_bench case CASE.reckon TRUTH.csv [--write]
//       Links the case's mentions (read from the case file) and prints each stage's time,
//       candidate pairs per second per core, peak memory and accuracy against the truth file
//       (source,row,person_id). With --write, also stores the result as `reckon link` does and
//       times that.
//   reckon_link_bench febrl FILE | fake1000 FILE | rldata FILE
//       Accuracy on a public benchmark set (tests/testdata/linkage).
//   reckon_link_bench names FILE
//       The name comparator on every Latin/Cyrillic pair of the Wikidata set, against as many
//       random non-pairs.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "reckon/core/clock.h"
#include "reckon/core/text.h"
#include "reckon/link/datasets.h"
#include "reckon/link/link.h"
#include "reckon/names/names.h"
#include "reckon/service/linkage.h"

namespace {

using namespace reckon;  // NOLINT(google-build-using-namespace): a benchmark's main.
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

double PeakMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void PrintAccuracy(const link::Evaluation& e, double blocking_recall) {
  std::printf("accuracy: pairwise precision %.4f recall %.4f F1 %.4f; B-cubed F1 %.4f\n",
              e.precision, e.recall, e.f1, e.bcubed_f1);
  std::printf("persons: %lld found, %lld true (%+.2f%%); blocking recall %.4f\n",
              static_cast<long long>(e.found_persons), static_cast<long long>(e.true_persons),
              100.0 * static_cast<double>(e.found_persons - e.true_persons) /
                  static_cast<double>(std::max<std::int64_t>(e.true_persons, 1)),
              blocking_recall);
}

void PrintStages(const link::LinkStats& s, int cores) {
  double total = s.prepare_seconds + s.blocking_seconds + s.compare_seconds + s.train_seconds +
                 s.cluster_seconds;
  std::printf(
      "stages (s): prepare %.2f, block %.2f, compare %.2f, train %.2f, cluster %.2f; total "
      "%.2f\n",
      s.prepare_seconds, s.blocking_seconds, s.compare_seconds, s.train_seconds, s.cluster_seconds,
      total);
  std::printf(
      "candidate pairs: %lld (%.1f M pairs/s/core in the compare stage)\n",
      static_cast<long long>(s.candidate_pairs),
      static_cast<double>(s.candidate_pairs) / std::max(s.compare_seconds, 1e-9) / cores / 1e6);
  for (const auto& rule : s.rules) {
    std::printf("  rule '%s': %lld pairs, %lld blocks skipped\n", rule.name.c_str(),
                static_cast<long long>(rule.pairs), static_cast<long long>(rule.skipped_blocks));
  }
  for (const auto& w : s.warnings) std::printf("  warning: %s\n", w.c_str());
}

int RunCase(const std::string& case_path, const std::string& truth_path, bool write) {
  SystemClock clock;
  auto opened = service::Case::Open(case_path, clock);
  if (!opened) {
    std::fprintf(stderr, "%s\n", opened.error().message.c_str());
    return 1;
  }
  service::Case& c = **opened;
  auto started = Clock::now();
  auto read = service::ReadLinkMentions(c.store());
  if (!read) {
    std::fprintf(stderr, "%s\n", read.error().message.c_str());
    return 1;
  }
  const std::vector<store::LinkMention>& mentions = *read;
  double read_seconds = Seconds(started);
  std::vector<link::LinkRecord> records;
  records.reserve(mentions.size());
  for (const auto& m : mentions) records.push_back(service::LinkRecordOf(m));
  int cores = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  started = Clock::now();
  auto linked = link::Link(records, link::LinkOptions{}, {});
  double link_seconds = Seconds(started);
  if (!linked) {
    std::fprintf(stderr, "%s\n", linked.error().message.c_str());
    return 1;
  }
  std::printf(
      "mentions: %zu read from the case in %.2f s; linked in %.2f s wall on %d cores; "
      "peak memory %.0f MiB\n",
      records.size(), read_seconds, link_seconds, cores, PeakMiB());
  PrintStages(linked->stats, cores);

  auto truth_rows = service::ReadTruthRows(truth_path);
  if (!truth_rows) {
    std::fprintf(stderr, "%s\n", truth_rows.error().message.c_str());
    return 1;
  }
  std::map<std::pair<std::string, std::int64_t>, std::string> truth;
  for (const service::TruthRow& row : *truth_rows) truth[{row.source, row.row}] = row.person_id;
  std::vector<std::string> labels;
  for (const auto& m : mentions) labels.push_back(truth[{m.source_name, m.row}]);
  std::vector<std::int64_t> found(linked->cluster.begin(), linked->cluster.end());
  auto recall = link::BlockingRecall(records, link::LinkOptions{}, labels);
  PrintAccuracy(link::Evaluate(found, labels), recall.first);
  if (write) {
    started = Clock::now();
    service::LinkRequest request;
    request.mode = service::LinkMode::kFull;
    auto report = service::LinkPersons(c, request);
    if (!report) {
      std::fprintf(stderr, "%s\n", report.error().message.c_str());
      return 1;
    }
    std::printf("reckon link (read, link, store %lld moved mentions, log): %.2f s\n",
                static_cast<long long>(report->moved_mentions), Seconds(started));
  }
  return 0;
}

int RunSet(const std::string& kind, const std::string& path) {
  auto dataset = kind == "febrl"    ? link::ReadFebrl(path)
                 : kind == "rldata" ? link::ReadRlData(path)
                                    : link::ReadFake1000(path);
  if (!dataset) {
    std::fprintf(stderr, "%s\n", dataset.error().message.c_str());
    return 1;
  }
  link::LinkOptions options;
  options.extra_names = dataset->extra_names;
  auto started = Clock::now();
  auto linked = link::Link(dataset->records, options, {});
  if (!linked) return 1;
  double seconds = Seconds(started);
  std::vector<std::int64_t> found(linked->cluster.begin(), linked->cluster.end());
  std::printf("%s: %zu records linked in %.2f s\n", path.c_str(), dataset->records.size(), seconds);
  PrintAccuracy(link::Evaluate(found, dataset->truth),
                link::BlockingRecall(dataset->records, options, dataset->truth).first);
  return 0;
}

int RunNames(const std::string& path) {
  auto read = link::ReadNamePairs(path);
  if (!read || read->empty()) {
    std::fprintf(stderr, "%s: no name pairs\n", path.c_str());
    return 1;
  }
  const auto& pairs = *read;
  std::mt19937_64 rng(7);
  std::int64_t equivalent = 0;
  std::int64_t random_pairs = 0;
  std::int64_t random_equivalent = 0;
  auto started = Clock::now();
  for (const auto& [latin, cyrillic] : pairs) {
    names::NameWord a = names::MakeWord(latin);
    if (names::Equivalent(a, names::MakeWord(cyrillic))) ++equivalent;
    const auto& other = pairs[rng() % pairs.size()];
    if (other.first == latin) continue;
    ++random_pairs;
    if (names::Equivalent(a, names::MakeWord(other.second))) ++random_equivalent;
  }
  std::printf(
      "names-ru: %zu true pairs, %.2f%% judged equivalent; %lld random non-pairs, %.2f%% "
      "judged equivalent (%.1f s)\n",
      pairs.size(), 100.0 * static_cast<double>(equivalent) / static_cast<double>(pairs.size()),
      static_cast<long long>(random_pairs),
      100.0 * static_cast<double>(random_equivalent) / static_cast<double>(random_pairs),
      Seconds(started));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 4 && std::string(argv[1]) == "case") {
    return RunCase(argv[2], argv[3], argc >= 5 && std::string(argv[4]) == "--write");
  }
  if (argc >= 3 && (std::string(argv[1]) == "febrl" || std::string(argv[1]) == "fake1000" ||
                    std::string(argv[1]) == "rldata")) {
    return RunSet(argv[1], argv[2]);
  }
  if (argc >= 3 && std::string(argv[1]) == "names") return RunNames(argv[2]);
  std::fprintf(stderr,
               "usage: reckon_link_bench case CASE TRUTH [--write] | febrl FILE | fake1000 FILE | "
               "rldata FILE | names FILE\n");
  return 2;
}
