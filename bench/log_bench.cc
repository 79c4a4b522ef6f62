// Transparency-log benchmark: `reckon_log_bench DIR [LEAVES] [CASE_TO_VERIFY]`.
// 1. Appends LEAVES (default 10,000,000) leaves with their subtree hashes to a new case in DIR,
//    in batches of 100,000, and prints leaves per second.
// 2. Reopens the case and times the first proof of each kind, then 1,000 inclusion and 1,000
//    consistency proofs on that log (median, 99th percentile, maximum).
// 3. With CASE_TO_VERIFY: syncs its log, then times `VerifyCase` over it.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "reckon/evidence/log.h"
#include "reckon/evidence/verify.h"
#include "reckon/store/sqlite/sqlite_store.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point from) {
  return std::chrono::duration<double>(Clock::now() - from).count();
}

void PrintLatency(const char* what, std::vector<double>& micros) {
  std::sort(micros.begin(), micros.end());
  std::printf("%s: median %.0f us, p99 %.0f us, max %.0f us (%zu proofs)\n", what,
              micros[micros.size() / 2], micros[micros.size() * 99 / 100], micros.back(),
              micros.size());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s DIR [LEAVES] [CASE_TO_VERIFY]\n", argv[0]);
    return 2;
  }
  const std::string path = std::string(argv[1]) + "/log-bench.reckon";
  const std::int64_t leaves = argc > 2 ? std::stoll(argv[2]) : 10'000'000;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
  reckon::SystemClock clock;
  auto store = reckon::store::OpenSqliteStore(path, reckon::store::OpenMode::kCreate, clock);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    return 1;
  }
  // The log's leaves stand for changes: make that many change rows first, directly.
  {
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    const std::string sql =
        "WITH RECURSIVE seq(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM seq WHERE x < " +
        std::to_string(leaves) +
        ") INSERT INTO changes(sequence, at, actor, operation, kind, record_id, new_hash) "
        "SELECT x, '2031-01-01T00:00:00Z', 'bench', 'create', 'source', x, '' FROM seq";
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
      std::fprintf(stderr, "%s\n", sqlite3_errmsg(db));
      return 1;
    }
    sqlite3_close(db);
  }
  std::mt19937_64 random(42);
  reckon::evidence::MemoryTree tree;
  auto start = Clock::now();
  for (std::int64_t first = 0; first < leaves; first += 100'000) {
    std::vector<reckon::store::LogLeaf> batch;
    std::vector<reckon::store::LogNode> nodes;
    for (std::int64_t i = first; i < std::min(leaves, first + 100'000); ++i) {
      reckon::store::LogLeaf leaf;
      leaf.index = i;
      leaf.change_sequence = i + 1;
      leaf.salt.assign(32, static_cast<char>(i));
      leaf.hash = reckon::evidence::HashLeaf("leaf " + std::to_string(random()));
      tree.Append(leaf.hash);
      const auto count = static_cast<std::uint64_t>(i) + 1;
      for (int level = 1; count % (std::uint64_t{1} << level) == 0; ++level) {
        const std::uint64_t index = (count >> level) - 1;
        nodes.push_back({level, static_cast<std::int64_t>(index), *tree.Subtree(level, index)});
      }
      batch.push_back(std::move(leaf));
    }
    if (auto appended = (*store)->AppendLog(batch, nodes); !appended) {
      std::fprintf(stderr, "%s\n", appended.error().message.c_str());
      return 1;
    }
  }
  const double append_seconds = Seconds(start);
  std::printf("append: %lld leaves with subtree hashes in %.1f s: %.0f leaves/s\n",
              static_cast<long long>(leaves), append_seconds,
              static_cast<double>(leaves) / append_seconds);

  // Proofs from a freshly opened case, as `reckon log prove` makes them: the first of each kind
  // pays for loading the schema and the first pages, and is reported apart.
  store->reset();
  store = reckon::store::OpenSqliteStore(path, reckon::store::OpenMode::kOpenExisting, clock);
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    return 1;
  }
  reckon::evidence::CaseLog log(**store);
  {
    auto t = Clock::now();
    auto first = log.InclusionProof(leaves / 3, leaves);
    const double inclusion_cold = Seconds(t) * 1e6;
    t = Clock::now();
    auto second = log.ConsistencyProof(leaves / 2 + 1, leaves);
    const double consistency_cold = Seconds(t) * 1e6;
    if (!first || !second) return 1;
    std::printf("first proofs after opening the case: inclusion %.0f us, consistency %.0f us\n",
                inclusion_cold, consistency_cold);
  }
  std::vector<double> inclusion;
  std::vector<double> consistency;
  for (int i = 0; i < 1000; ++i) {
    auto index = static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(leaves));
    auto t = Clock::now();
    auto proof = log.InclusionProof(index, leaves);
    inclusion.push_back(Seconds(t) * 1e6);
    if (!proof) return 1;
    auto size1 = 1 + static_cast<std::int64_t>(random() % static_cast<std::uint64_t>(leaves));
    t = Clock::now();
    auto consistent = log.ConsistencyProof(size1, leaves);
    consistency.push_back(Seconds(t) * 1e6);
    if (!consistent) return 1;
  }
  PrintLatency("inclusion proof", inclusion);
  PrintLatency("consistency proof", consistency);

  if (argc > 3) {
    auto verified_store =
        reckon::store::OpenSqliteStore(argv[3], reckon::store::OpenMode::kOpenExisting, clock);
    if (!verified_store) return 1;
    reckon::evidence::CaseLog case_log(**verified_store);
    auto t = Clock::now();
    auto size = case_log.Sync();
    std::printf("sync of %s: %lld leaves, %.1f s\n", argv[3], static_cast<long long>(*size),
                Seconds(t));
    t = Clock::now();
    auto report = reckon::evidence::VerifyCase(**verified_store, {});
    std::printf("verify: %.2f s, %s\n", Seconds(t),
                report && report->ok() ? "the case verifies" : "the case does NOT verify");
  }
  return 0;
}
