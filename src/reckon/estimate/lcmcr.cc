#include "reckon/estimate/lcmcr.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>
#include <thread>

#include "reckon/estimate/quantile.h"

namespace reckon::estimate {
namespace {

// xoshiro256++ (Blackman and Vigna 2019): fast, and good enough for Monte Carlo. Seeded by
// splitmix64 from one 64-bit seed.
class Rng {
 public:
  using result_type = std::uint64_t;
  explicit Rng(std::uint64_t seed) {
    for (std::uint64_t& word : state_) {
      seed += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      word = z ^ (z >> 31);
    }
  }
  // A standard normal draw (Marsaglia's polar method; the second value is kept for the next
  // call, per generator, so a chain's draws depend on its seed alone).
  double Gaussian() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u = 0;
    double v = 0;
    double s = 0;
    do {
      u = 2 * Unit() - 1;
      v = 2 * Unit() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double factor = std::sqrt(-2 * std::log(s) / s);
    spare_ = v * factor;
    has_spare_ = true;
    return u * factor;
  }
  // A uniform draw in [0, 1) from the top 53 bits.
  double Unit() { return static_cast<double>((*this)() >> 11) * (1.0 / 9007199254740992.0); }
  static constexpr result_type min() { return 0; }
  static constexpr result_type max() { return ~result_type{0}; }
  result_type operator()() {
    const std::uint64_t result = Rotate(state_[0] + state_[3], 23) + state_[0];
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotate(state_[3], 45);
    return result;
  }

 private:
  static std::uint64_t Rotate(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> state_{};
  double spare_ = 0;
  bool has_spare_ = false;
};

double Uniform(Rng& rng) { return rng.Unit(); }

// Gamma(shape, rate) by Marsaglia and Tsang (2000), with their squeeze test.
double Gamma(Rng& rng, double shape, double rate) {
  if (shape < 1) {
    double u = Uniform(rng);
    return Gamma(rng, shape + 1, rate) * std::pow(std::max(u, 1e-300), 1 / shape);
  }
  const double d = shape - 1.0 / 3;
  const double c = 1 / std::sqrt(9 * d);
  while (true) {
    double x = 0;
    double v = 0;
    do {
      x = rng.Gaussian();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    double u = Uniform(rng);
    if (u < 1 - 0.0331 * x * x * x * x) return d * v / rate;
    if (std::log(std::max(u, 1e-300)) < 0.5 * x * x + d * (1 - v + std::log(v))) {
      return d * v / rate;
    }
  }
}

double Beta(Rng& rng, double a, double b) {
  if (a == 1 && b == 1) return Uniform(rng);
  if (a == 1) return 1 - std::pow(1 - Uniform(rng), 1 / b);  // Beta(1, b) by inversion.
  double x = Gamma(rng, a, 1.0);
  double y = Gamma(rng, b, 1.0);
  double sum = x + y;
  return sum > 0 ? x / sum : 0.5;
}

// A binomial draw. Small means (most class splits) by inversion of the distribution function,
// which costs about n*p steps; large ones by the library's rejection sampler.
std::int64_t Binomial(Rng& rng, std::int64_t n, double p) {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - Binomial(rng, n, 1 - p);
  if (n <= 12) {
    std::int64_t x = 0;
    for (std::int64_t i = 0; i < n; ++i) x += Uniform(rng) < p ? 1 : 0;
    return x;
  }
  if (static_cast<double>(n) * p < 12) {
    const double q = 1 - p;
    const double s = p / q;
    const double a = static_cast<double>(n + 1) * s;
    double r = std::exp(static_cast<double>(n) * std::log1p(-p));
    double u = Uniform(rng);
    std::int64_t x = 0;
    while (u > r && x < n) {
      u -= r;
      ++x;
      r *= a / static_cast<double>(x) - s;
      if (r <= 0) break;
    }
    return x;
  }
  std::binomial_distribution<std::int64_t> binomial(n, p);
  return binomial(rng);
}

// Splits `n` items among categories with probabilities proportional to `weights` (sequential
// binomials, heaviest category first so that the rest is usually done early). `order` is
// scratch space.
void Multinomial(Rng& rng, std::int64_t n, const std::vector<double>& weights,
                 std::vector<std::int64_t>& out, std::vector<int>& order) {
  order.resize(weights.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    return weights[static_cast<size_t>(a)] > weights[static_cast<size_t>(b)];
  });
  double remaining_weight = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::int64_t remaining = n;
  std::fill(out.begin(), out.end(), 0);
  for (size_t i = 0; i < order.size() && remaining > 0; ++i) {
    auto k = static_cast<size_t>(order[i]);
    if (i + 1 == order.size() || remaining_weight <= 0) {
      out[k] = remaining;
      break;
    }
    double p = std::clamp(weights[k] / remaining_weight, 0.0, 1.0);
    out[k] = Binomial(rng, remaining, p);
    remaining -= out[k];
    remaining_weight -= weights[k];
  }
}

// The number of failures before `successes` successes of probability `p` (negative binomial).
std::int64_t NegativeBinomial(Rng& rng, double successes, double p) {
  // Gamma-Poisson mixture: exact for real-valued size.
  double rate = Gamma(rng, successes, (1 - p) / p);
  std::poisson_distribution<std::int64_t> poisson(rate);
  return poisson(rng);
}

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
  std::vector<double> v(static_cast<size_t>(k_max), 0.5);
  double alpha = 1.0;
  std::int64_t n0 = n;
  std::vector<std::int64_t> class_size(static_cast<size_t>(k_max));
  std::vector<std::int64_t> captured(Index(k_max, 0, j));  // [Index(class, list)]
  std::vector<std::int64_t> split(static_cast<size_t>(k_max));
  std::vector<double> weights(static_cast<size_t>(k_max));
  std::vector<int> order;
  Chain chain;
  chain.draws.reserve(static_cast<size_t>(o.samples));
  const std::int64_t iterations =
      static_cast<std::int64_t>(o.burn_in) + static_cast<std::int64_t>(o.samples) * o.thinning;
  for (std::int64_t iteration = 0; iteration < iterations; ++iteration) {
    std::fill(class_size.begin(), class_size.end(), 0);
    std::fill(captured.begin(), captured.end(), 0);
    // Classes of the recorded persons, pattern by pattern.
    for (size_t p = 0; p < patterns.size(); ++p) {
      for (int k = 0; k < k_max; ++k) {
        double w = pi[static_cast<size_t>(k)];
        for (int l = 0; l < j; ++l) {
          double q = lambda[Index(k, l, j)];
          w *= ((patterns[p] >> l) & 1U) ? q : 1 - q;
        }
        weights[static_cast<size_t>(k)] = w;
      }
      Multinomial(rng, counts[p], weights, split, order);
      for (int k = 0; k < k_max; ++k) {
        std::int64_t m = split[static_cast<size_t>(k)];
        if (m == 0) continue;
        class_size[static_cast<size_t>(k)] += m;
        for (int l = 0; l < j; ++l) {
          if ((patterns[p] >> l) & 1U) captured[Index(k, l, j)] += m;
        }
      }
    }
    // Classes of the persons no list recorded.
    for (int k = 0; k < k_max; ++k) {
      double w = pi[static_cast<size_t>(k)];
      for (int l = 0; l < j; ++l) w *= 1 - lambda[Index(k, l, j)];
      weights[static_cast<size_t>(k)] = w;
    }
    Multinomial(rng, n0, weights, split, order);
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
    double log_rest = 0;
    for (int k = 0; k < k_max; ++k) {
      above -= class_size[static_cast<size_t>(k)];
      double vk = k + 1 == k_max
                      ? 1.0
                      : Beta(rng, 1.0 + static_cast<double>(class_size[static_cast<size_t>(k)]),
                             alpha + static_cast<double>(above));
      vk = std::clamp(vk, 1e-12, 1.0);
      v[static_cast<size_t>(k)] = vk;
      pi[static_cast<size_t>(k)] = vk * remaining;
      remaining *= 1 - vk;
      if (k + 1 < k_max) log_rest += std::log(std::max(1 - vk, 1e-300));
    }
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
