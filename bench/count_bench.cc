// Times a breakdown count on an existing case: `reckon_count_bench CASE DIMS [REPEATS]`.
// Prints the best and median wall time of the count (scan + aggregation), and the rows found.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "reckon/core/text.h"
#include "reckon/service/service.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s CASE act,sex,age_band [REPEATS]\n", argv[0]);
    return 2;
  }
  reckon::SystemClock clock;
  auto c = reckon::service::Case::Open(argv[1], clock);
  if (!c) {
    std::fprintf(stderr, "%s\n", c.error().message.c_str());
    return 1;
  }
  reckon::service::CountRequest request;
  request.unit = "acts";
  for (auto part : reckon::Split(argv[2], ',')) request.by.emplace_back(part);
  int repeats = argc > 3 ? std::stoi(argv[3]) : 5;
  std::vector<double> times;
  std::int64_t total = 0;
  size_t rows = 0;
  for (int i = 0; i < repeats; ++i) {
    auto start = std::chrono::steady_clock::now();
    auto result = reckon::service::Count(**c, request);
    auto end = std::chrono::steady_clock::now();
    if (!result) {
      std::fprintf(stderr, "%s\n", result.error().message.c_str());
      return 1;
    }
    total = result->total.count;
    rows = result->rows.size();
    times.push_back(std::chrono::duration<double, std::milli>(end - start).count());
  }
  std::sort(times.begin(), times.end());
  std::printf("count by %s over %lld acts: %zu groups; best %.1f ms, median %.1f ms (%d runs)\n",
              argv[2], static_cast<long long>(total), rows, times.front(), times[times.size() / 2],
              repeats);
  return 0;
}
