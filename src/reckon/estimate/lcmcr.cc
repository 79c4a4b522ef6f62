#include "reckon/estimate/lcmcr.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <numeric>
#include <thread>

#include "reckon/estimate/quantile.h"
#include "reckon/estimate/random.h"

namespace reckon::estimate {
namespace {

// Where (class k, list l) sits in the per-class arrays of a table of j lists.
size_t Index(int k, int l, int j) {
  return static_cast<size_t>(k) * static_cast<size_t>(j) + static_cast<size_t>(l);
}

struct Chain {
  std::vector<double> draws;
};

// One chain of the Gibbs sampler, on the table's patterns (persons with one pattern are
// exchangeable, so classes are drawn per pattern by multinomial splits).
Chain RunChain(const CaptureTable& table, const LatentClassOptions& o, std::uint64_t seed) {
  Rng rng(seed);
  const int j = table.list_count();
  const int k_max = o.classes;
  std::vector<Pattern> patterns;
  std::vector<std::int64_t> counts;
  for (const auto& [pattern, count] : table.counts) {
    patterns.push_back(pattern);
    counts.push_back(static_cast<std::int64_t>(std::llround(count)));
  }
  const std::int64_t n = std::accumulate(counts.begin(), counts.end(), std::int64_t{0});
  std::vector<double> lambda(Index(k_max, 0, j), 0.5);  // [Index(class, list)]
  std::vector<double> pi(static_cast<size_t>(k_max), 1.0 / k_max);
  double alpha = 1.0;
  std::int64_t n0 = n;
  std::vector<std::int64_t> class_size(static_cast<size_t>(k_max));
  std::vector<std::int64_t> captured(Index(k_max, 0, j));  // [Index(class, list)]
  std::vector<std::int64_t> split(static_cast<size_t>(k_max));
  std::vector<double> weights(static_cast<size_t>(k_max));
  std::vector<double> unseen_weight(static_cast<size_t>(k_max));
  std::vector<double> odds(Index(k_max, 0, j));  // [list * k_max + class]
  std::vector<std::vector<int>> pattern_lists;   // The lists that recorded each pattern.
  for (Pattern pattern : patterns) {
    std::vector<int> lists;
    for (int l = 0; l < j; ++l) {
      if ((pattern >> l) & 1U) lists.push_back(l);
    }
    pattern_lists.push_back(std::move(lists));
  }
  Chain chain;
  chain.draws.reserve(static_cast<size_t>(o.samples));
  const std::int64_t iterations =
      static_cast<std::int64_t>(o.burn_in) + static_cast<std::int64_t>(o.samples) * o.thinning;
  std::vector<int> order(static_cast<size_t>(k_max));
  std::iota(order.begin(), order.end(), 0);
  for (std::int64_t iteration = 0; iteration < iterations; ++iteration) {
    std::fill(class_size.begin(), class_size.end(), 0);
    std::fill(captured.begin(), captured.end(), 0);
    // Heavy classes first in every split below: they usually take everyone, so the split ends
    // after a few binomial draws. Any order gives the same distribution.
    std::sort(order.begin(), order.end(), [&](int a, int b) {
      return pi[static_cast<size_t>(a)] > pi[static_cast<size_t>(b)];
    });
    // A pattern's class weight is pi_k * prod(1 - lambda) over all lists, times the odds
    // lambda / (1 - lambda) of each list that recorded it.
    for (int k = 0; k < k_max; ++k) {
      double w = pi[static_cast<size_t>(k)];
      for (int l = 0; l < j; ++l) {
        double q = lambda[Index(k, l, j)];
        w *= 1 - q;
        odds[static_cast<size_t>(l) * static_cast<size_t>(k_max) + static_cast<size_t>(k)] =
            q / (1 - q);
      }
      unseen_weight[static_cast<size_t>(k)] = w;
    }
    // Classes of the recorded persons, pattern by pattern.
    for (size_t p = 0; p < patterns.size(); ++p) {
      std::copy(unseen_weight.begin(), unseen_weight.end(), weights.begin());
      for (int l : pattern_lists[p]) {
        const double* list_odds = odds.data() + static_cast<size_t>(l) * weights.size();
        for (size_t k = 0; k < weights.size(); ++k) weights[k] *= list_odds[k];
      }
      Multinomial(rng, counts[p], weights, order, split);
      for (int k = 0; k < k_max; ++k) {
        std::int64_t m = split[static_cast<size_t>(k)];
        if (m == 0) continue;
        class_size[static_cast<size_t>(k)] += m;
        for (int l : pattern_lists[p]) captured[Index(k, l, j)] += m;
      }
    }
    // Classes of the persons no list recorded.
    Multinomial(rng, n0, unseen_weight, order, split);
    for (int k = 0; k < k_max; ++k) {
      class_size[static_cast<size_t>(k)] += split[static_cast<size_t>(k)];
    }
    // Capture probabilities.
    for (int k = 0; k < k_max; ++k) {
      for (int l = 0; l < j; ++l) {
        auto at = Index(k, l, j);
        double hits = static_cast<double>(captured[at]);
        double misses = static_cast<double>(class_size[static_cast<size_t>(k)] - captured[at]);
        lambda[at] =
            std::clamp(Beta(rng, o.lambda_a + hits, o.lambda_b + misses), 1e-12, 1 - 1e-12);
      }
    }
    // Stick-breaking weights and the concentration.
    std::int64_t above = std::accumulate(class_size.begin(), class_size.end(), std::int64_t{0});
    double remaining = 1.0;
    // The sum of log(1 - v_k) over all but the last stick, taken as the log of a product
    // (folded into the sum before it can underflow).
    double log_rest = 0;
    double rest = 1.0;
    for (int k = 0; k < k_max; ++k) {
      above -= class_size[static_cast<size_t>(k)];
      double vk = k + 1 == k_max
                      ? 1.0
                      : Beta(rng, 1.0 + static_cast<double>(class_size[static_cast<size_t>(k)]),
                             alpha + static_cast<double>(above));
      vk = std::clamp(vk, 1e-12, 1.0);
      pi[static_cast<size_t>(k)] = vk * remaining;
      remaining *= 1 - vk;
      if (k + 1 < k_max) {
        const double factor = std::max(1 - vk, 1e-300);
        if (factor < 1e-100 || rest < 1e-100) {  // Their product could underflow.
          log_rest += std::log(rest) + std::log(factor);
          rest = 1.0;
        } else {
          rest *= factor;
        }
      }
    }
    log_rest += std::log(rest);
    alpha = Gamma(rng, o.alpha_shape + k_max - 1, o.alpha_rate - log_rest);
    // The number never recorded: with the prior 1/N, negative binomial given the rest.
    double p_unseen = 0;
    for (int k = 0; k < k_max; ++k) {
      double w = pi[static_cast<size_t>(k)];
      for (int l = 0; l < j; ++l) w *= 1 - lambda[Index(k, l, j)];
      p_unseen += w;
    }
    p_unseen = std::clamp(p_unseen, 1e-12, 1 - 1e-9);
    n0 = NegativeBinomial(rng, static_cast<double>(n), p_unseen);
    if (iteration >= o.burn_in && (iteration - o.burn_in + 1) % o.thinning == 0) {
      chain.draws.push_back(static_cast<double>(n + n0));
    }
  }
  return chain;
}

// Gelman-Rubin potential scale reduction of the chains' draws.
double RHat(const std::vector<Chain>& chains) {
  const size_t m = chains.size();
  if (m < 2) return 1.0;
  const size_t n = chains[0].draws.size();
  if (n < 2) return 1.0;
  std::vector<double> means;
  double within = 0;
  for (const Chain& c : chains) {
    double mean = std::accumulate(c.draws.begin(), c.draws.end(), 0.0) / static_cast<double>(n);
    double variance = 0;
    for (double d : c.draws) variance += (d - mean) * (d - mean);
    within += variance / static_cast<double>(n - 1);
    means.push_back(mean);
  }
  within /= static_cast<double>(m);
  double grand = std::accumulate(means.begin(), means.end(), 0.0) / static_cast<double>(m);
  double between = 0;
  for (double mean : means) between += (mean - grand) * (mean - grand);
  between *= static_cast<double>(n) / static_cast<double>(m - 1);
  if (within <= 0) return 1.0;
  double pooled = (static_cast<double>(n - 1) / static_cast<double>(n)) * within +
                  between / static_cast<double>(n);
  return std::sqrt(pooled / within);
}

}  // namespace

Result<LatentClassFit> FitLatentClass(const CaptureTable& table,
                                      const LatentClassOptions& options) {
  RECKON_TRY(CheckEstimable(table));
  if (options.classes < 1 || options.classes > 50 || options.samples < 1 || options.thinning < 1 ||
      options.burn_in < 0 || options.chains < 1 || options.chains > 16) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "latent-class settings out of range (classes 1-50, samples and thinning "
                     ">= 1, burn-in >= 0, chains 1-16)");
  }
  auto started = std::chrono::steady_clock::now();
  std::vector<Chain> chains(static_cast<size_t>(options.chains));
  const int threads = options.threads > 0
                          ? options.threads
                          : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  // Chains run on up to `threads` threads; chain c uses seed + c, whichever thread runs it.
  std::vector<std::thread> workers;
  workers.reserve(static_cast<size_t>(std::min(threads, options.chains)));
  for (int t = 0; t < std::min(threads, options.chains); ++t) {
    workers.emplace_back([&, t] {
      for (int c = t; c < options.chains; c += threads) {
        chains[static_cast<size_t>(c)] =
            RunChain(table, options, options.seed * 1000003ULL + static_cast<std::uint64_t>(c));
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  LatentClassFit fit;
  fit.observed = table.observed();
  for (const Chain& c : chains) fit.draws.insert(fit.draws.end(), c.draws.begin(), c.draws.end());
  fit.mean = std::accumulate(fit.draws.begin(), fit.draws.end(), 0.0) /
             static_cast<double>(fit.draws.size());
  fit.median = Quantile(fit.draws, 0.5);
  fit.lower = Quantile(fit.draws, 0.025);
  fit.upper = Quantile(fit.draws, 0.975);
  fit.r_hat = RHat(chains);
  if (fit.r_hat > 1.1) {
    char line[160];
    std::snprintf(line, sizeof line,
                  "the chains disagree (R-hat %.2f > 1.1): run longer (more burn-in or samples)",
                  fit.r_hat);
    fit.warnings.emplace_back(line);
  }
  fit.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return fit;
}

}  // namespace reckon::estimate
