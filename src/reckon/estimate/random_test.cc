#include "reckon/estimate/random.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <map>
#include <numeric>
#include <vector>

namespace reckon::estimate {
namespace {

// The chi-square statistic of `draws` against the probabilities `pmf(k)`, with the bins whose
// expected count is below 5 pooled into their neighbours; returns the statistic and the
// degrees of freedom.
std::pair<double, int> ChiSquare(const std::map<std::int64_t, int>& observed, int draws,
                                 const std::function<double(std::int64_t)>& pmf,
                                 std::int64_t lowest, std::int64_t highest) {
  double statistic = 0;
  int bins = 0;
  double pooled_expected = 0;
  double pooled_observed = 0;
  for (std::int64_t k = lowest; k <= highest; ++k) {
    pooled_expected += pmf(k) * draws;
    auto it = observed.find(k);
    pooled_observed += it == observed.end() ? 0 : it->second;
    if (pooled_expected >= 5 || k == highest) {
      if (pooled_expected > 0) {
        statistic += (pooled_observed - pooled_expected) * (pooled_observed - pooled_expected) /
                     pooled_expected;
        ++bins;
      }
      pooled_expected = 0;
      pooled_observed = 0;
    }
  }
  return {statistic, bins - 1};
}

// The 99.99% point of the chi-square distribution (Wilson and Hilferty 1931).
double ChiSquareCritical(int df) {
  const double z = 3.719;
  const double d = df;
  const double t = 1 - 2 / (9 * d) + z * std::sqrt(2 / (9 * d));
  return d * t * t * t;
}

double LogChoose(std::int64_t n, std::int64_t k) {
  return std::lgamma(static_cast<double>(n) + 1) - std::lgamma(static_cast<double>(k) + 1) -
         std::lgamma(static_cast<double>(n - k) + 1);
}

TEST(Random, BinomialMatchesTheExactDistributionOnEveryPath) {
  struct Case {
    std::int64_t n;
    double p;
  };
  // Inversion (n p < 10), BTRD (n p >= 10, close to and far from the mode), the p > 1/2
  // reflection, and large n with small p.
  const Case cases[] = {{5, 0.3},     {40, 0.2},    {50, 0.2},       {60, 0.5},
                        {1000, 0.37}, {1000, 0.93}, {100000, 0.001}, {3000000, 0.25}};
  Rng rng(42);
  for (const Case& c : cases) {
    const int draws = 200000;
    std::map<std::int64_t, int> seen;
    double sum = 0;
    for (int i = 0; i < draws; ++i) {
      std::int64_t x = Binomial(rng, c.n, c.p);
      ASSERT_GE(x, 0);
      ASSERT_LE(x, c.n);
      ++seen[x];
      sum += static_cast<double>(x);
    }
    auto pmf = [&](std::int64_t k) {
      return std::exp(LogChoose(c.n, k) + static_cast<double>(k) * std::log(c.p) +
                      static_cast<double>(c.n - k) * std::log1p(-c.p));
    };
    auto [statistic, df] = ChiSquare(seen, draws, pmf, seen.begin()->first, seen.rbegin()->first);
    EXPECT_LT(statistic, ChiSquareCritical(df)) << "n " << c.n << " p " << c.p << " df " << df;
    double mean = static_cast<double>(c.n) * c.p;
    double sd = std::sqrt(mean * (1 - c.p));
    EXPECT_NEAR(sum / draws, mean, 5 * sd / std::sqrt(draws)) << "n " << c.n << " p " << c.p;
  }
  EXPECT_EQ(Binomial(rng, 0, 0.5), 0);
  EXPECT_EQ(Binomial(rng, 10, 0), 0);
  EXPECT_EQ(Binomial(rng, 10, 1), 10);
  EXPECT_EQ(Binomial(rng, -3, 0.5), 0);
}

TEST(Random, PoissonMatchesTheExactDistribution) {
  Rng rng(7);
  for (double mean : {0.5, 3.0, 9.9, 10.0, 57.0, 20000.0}) {
    const int draws = 200000;
    std::map<std::int64_t, int> seen;
    for (int i = 0; i < draws; ++i) ++seen[Poisson(rng, mean)];
    ASSERT_GE(seen.begin()->first, 0);
    auto pmf = [&](std::int64_t k) {
      double kd = static_cast<double>(k);
      return std::exp(-mean + kd * std::log(mean) - std::lgamma(kd + 1));
    };
    auto [statistic, df] = ChiSquare(seen, draws, pmf, 0, seen.rbegin()->first);
    EXPECT_LT(statistic, ChiSquareCritical(df)) << "mean " << mean;
  }
  EXPECT_EQ(Poisson(rng, 0), 0);
}

TEST(Random, NormalHasTheStandardDistributionFunctionAndTail) {
  Rng rng(3);
  const int draws = 400000;
  std::vector<double> x(draws);
  for (double& v : x) v = Normal(rng);
  for (double z : {-3.0, -2.0, -1.0, -0.3, 0.0, 0.7, 1.5, 2.5}) {
    double below =
        static_cast<double>(std::count_if(x.begin(), x.end(), [&](double v) { return v < z; })) /
        draws;
    double expected = 0.5 * std::erfc(-z / std::sqrt(2.0));
    EXPECT_NEAR(below, expected, 4 * std::sqrt(expected * (1 - expected) / draws) + 1e-4) << z;
  }
  // Beyond the ziggurat's base strip (3.4426): P(|X| > 3.5) = 4.65e-4.
  double tail = static_cast<double>(
                    std::count_if(x.begin(), x.end(), [](double v) { return std::abs(v) > 3.5; })) /
                draws;
  EXPECT_NEAR(tail, 4.6525e-4, 1.2e-4);
}

TEST(Random, GammaBetaAndNegativeBinomialHaveTheirMoments) {
  Rng rng(5);
  const int draws = 200000;
  auto moments = [&](const std::function<double()>& draw) {
    double sum = 0;
    double squares = 0;
    for (int i = 0; i < draws; ++i) {
      double v = draw();
      sum += v;
      squares += v * v;
    }
    double mean = sum / draws;
    return std::pair{mean, squares / draws - mean * mean};
  };
  for (auto [shape, rate] : {std::pair{0.25, 0.25}, {1.0, 2.0}, {2.5, 1.0}, {300.0, 3.0}}) {
    auto [mean, variance] = moments([&] { return Gamma(rng, shape, rate); });
    EXPECT_NEAR(mean, shape / rate, 5 * std::sqrt(shape) / rate / std::sqrt(draws)) << shape;
    EXPECT_NEAR(variance, shape / (rate * rate), 0.03 * shape / (rate * rate)) << shape;
  }
  // Parameters outside the distribution's domain give 0, not a hang or a crash.
  for (auto [shape, rate] : {std::pair{0.0, 1.0},
                             {-9e18, 1.0},
                             {2.0, 0.0},
                             {2.0, -1.0},
                             {std::nan(""), 1.0},
                             {HUGE_VAL, 1.0}}) {
    EXPECT_EQ(Gamma(rng, shape, rate), 0.0) << shape << " " << rate;
  }
  for (auto [a, b] : {std::pair{1.0, 1.0}, {1.0, 6.0}, {4.0, 1.0}, {3.0, 7.0}, {900.0, 40.0}}) {
    auto [mean, variance] = moments([&] { return Beta(rng, a, b); });
    double m = a / (a + b);
    double v = a * b / ((a + b) * (a + b) * (a + b + 1));
    EXPECT_NEAR(mean, m, 5 * std::sqrt(v / draws)) << a << "," << b;
    EXPECT_NEAR(variance, v, 0.03 * v) << a << "," << b;
  }
  for (auto [size, q] : {std::pair{4000.0, 0.6}, {30.0, 0.1}}) {
    auto [mean, variance] =
        moments([&] { return static_cast<double>(NegativeBinomial(rng, size, q)); });
    double m = size * q / (1 - q);
    double v = m / (1 - q);
    EXPECT_NEAR(mean, m, 5 * std::sqrt(v / draws)) << size;
    EXPECT_NEAR(variance, v, 0.03 * v) << size;
  }
}

TEST(Random, MultinomialSplitsEveryItemInProportion) {
  Rng rng(9);
  const std::vector<double> weights = {0.05, 3.0, 0.0, 1.0, 0.95};
  const std::vector<int> order = {1, 3, 4, 0, 2};
  std::vector<std::int64_t> out(weights.size());
  std::vector<double> totals(weights.size());
  const int rounds = 20000;
  for (int i = 0; i < rounds; ++i) {
    Multinomial(rng, 500, weights, order, out);
    ASSERT_EQ(std::accumulate(out.begin(), out.end(), std::int64_t{0}), 500);
    ASSERT_EQ(out[2], 0);
    for (size_t k = 0; k < out.size(); ++k) totals[k] += static_cast<double>(out[k]);
  }
  for (size_t k = 0; k < weights.size(); ++k) {
    double p = weights[k] / 5.0;
    EXPECT_NEAR(totals[k] / (500.0 * rounds), p, 5 * std::sqrt(p * (1 - p) / (500.0 * rounds)));
  }
}

TEST(Random, OneSeedGivesOneStream) {
  Rng a(11);
  Rng b(11);
  Rng c(12);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    std::uint64_t x = a();
    EXPECT_EQ(x, b());
    differs = differs || x != c();
  }
  EXPECT_TRUE(differs);
}

}  // namespace
}  // namespace reckon::estimate
