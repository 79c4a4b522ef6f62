#include "reckon/estimate/random.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace reckon::estimate {
namespace {

// The ziggurat of 128 layers of equal area under exp(-x^2/2): layer 0 is the base strip with
// the tail beyond kTail, layer i covers [0, x[i]] between heights f(x[i]) and f(x[i+1]).
// kTail and kArea are Marsaglia and Tsang's constants for 128 layers.
constexpr int kLayers = 128;
constexpr double kTail = 3.442619855899;
constexpr double kArea = 9.91256303526217e-3;

struct Ziggurat {
  std::array<double, kLayers + 1> x{};
  std::array<double, kLayers + 1> f{};
  Ziggurat() {
    auto density = [](double v) { return std::exp(-0.5 * v * v); };
    x[0] = kArea / density(kTail);
    x[1] = kTail;
    for (int i = 1; i < kLayers; ++i) {
      double height = kArea / x[static_cast<size_t>(i)] + density(x[static_cast<size_t>(i)]);
      x[static_cast<size_t>(i) + 1] = height >= 1 ? 0.0 : std::sqrt(-2 * std::log(height));
    }
    x[kLayers] = 0;
    for (size_t i = 0; i <= kLayers; ++i) f[i] = density(x[i]);
  }
};

const Ziggurat& Layers() {
  static const Ziggurat layers;
  return layers;
}

// log(k!) minus its Stirling approximation (k + 1/2) log(k + 1) - (k + 1) + log(2 pi) / 2:
// exact from lgamma for small k, the next terms of the series beyond.
double StirlingTail(double k) {
  static const std::array<double, 10> small = [] {
    std::array<double, 10> t{};
    for (size_t i = 0; i < t.size(); ++i) {
      double v = static_cast<double>(i);
      t[i] = std::lgamma(v + 1) -
             ((v + 0.5) * std::log(v + 1) - (v + 1) + 0.5 * std::log(2 * std::numbers::pi));
    }
    return t;
  }();
  if (k < 10) return small[static_cast<size_t>(k)];
  double z = k + 1;
  double z2 = z * z;
  return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / z2) / z2) / z;
}

// Inversion of the distribution function from 0 upwards: about n * p steps.
std::int64_t BinomialInversion(Rng& rng, std::int64_t n, double p) {
  double u = rng.Unit();
  // P(0) = (1 - p)^n >= 1 - n p: a draw below that bound is 0 without a logarithm, which is
  // the usual case for the small shares of a multinomial split.
  if (u < 1 - static_cast<double>(n) * p) return 0;
  const double s = p / (1 - p);
  const double a = static_cast<double>(n + 1) * s;
  double r = std::exp(static_cast<double>(n) * std::log1p(-p));
  std::int64_t x = 0;
  while (u > r && x < n) {
    u -= r;
    ++x;
    r *= a / static_cast<double>(x) - s;
    if (r <= 0) break;
  }
  return x;
}

// BTRD (Hormann 1993) for n * p >= 10 and p <= 1/2. The set-up of the rejection steps waits
// until a draw falls outside the box that is accepted at once (about 1 draw in 7).
std::int64_t BinomialBtrd(Rng& rng, std::int64_t n_items, double p) {
  const double n = static_cast<double>(n_items);
  const double q = 1 - p;
  const double npq = n * p * q;
  const double spq = std::sqrt(npq);
  const double b = 1.15 + 2.53 * spq;
  const double inverse_b = 1 / b;
  const double a = -0.0873 + 0.0248 * b + 0.01 * p;
  const double c = n * p + 0.5;
  const double vr = 0.92 - 4.2 * inverse_b;
  const double inverse_vr = 1 / vr;
  const double urvr = 0.86 * vr;
  double m = 0;  // The mode, and the rest of the set-up, when first needed.
  double r = 0;
  double nr = 0;
  double alpha = 0;
  bool ready = false;
  while (true) {
    double v = rng.Unit();
    double u = 0;
    if (v <= urvr) {
      u = v * inverse_vr - 0.43;
      double k = std::floor((2 * a / (0.5 - std::abs(u)) + b) * u + c);
      if (k >= 0 && k <= n) return static_cast<std::int64_t>(k);
      continue;
    }
    if (!ready) {
      m = std::floor((n + 1) * p);
      r = p / q;
      nr = (n + 1) * r;
      alpha = (2.83 + 5.1 * inverse_b) * spq;
      ready = true;
    }
    if (v >= vr) {
      u = rng.Unit() - 0.5;
    } else {
      u = v * inverse_vr - 0.93;
      u = (u < 0 ? -0.5 : 0.5) - u;
      v = rng.Unit() * vr;
    }
    const double us = 0.5 - std::abs(u);
    const double k = std::floor((2 * a / us + b) * u + c);
    if (k < 0 || k > n) continue;
    v = v * alpha / (a / (us * us) + b);
    const double km = std::abs(k - m);
    if (km <= 15) {  // The ratio f(k) / f(m) by recursion.
      double f = 1;
      if (m < k) {
        for (double i = m + 1; i <= k; ++i) f *= nr / i - r;
      } else if (m > k) {
        for (double i = k + 1; i <= m; ++i) v *= nr / i - r;
      }
      if (v <= f) return static_cast<std::int64_t>(k);
      continue;
    }
    v = std::log(v);  // Squeeze on the log scale, then the exact test.
    const double rho = (km / npq) * (((km / 3 + 0.625) * km + 1.0 / 6) / npq + 0.5);
    const double t = -km * km / (2 * npq);
    if (v < t - rho) return static_cast<std::int64_t>(k);
    if (v > t + rho) continue;
    const double nm = n - m + 1;
    const double h =
        (m + 0.5) * std::log((m + 1) / (r * nm)) + StirlingTail(m) + StirlingTail(n - m);
    const double nk = n - k + 1;
    if (v <= h + (n + 1) * std::log(nm / nk) + (k + 0.5) * std::log(nk * r / (k + 1)) -
                 StirlingTail(k) - StirlingTail(n - k)) {
      return static_cast<std::int64_t>(k);
    }
  }
}

// PTRS (Hormann 1993) for a mean >= 10.
std::int64_t PoissonPtrs(Rng& rng, double mean) {
  const double root = std::sqrt(mean);
  const double log_mean = std::log(mean);
  const double b = 0.931 + 2.53 * root;
  const double a = -0.059 + 0.02483 * b;
  const double log_inverse_alpha = std::log(1.1239 + 1.1328 / (b - 3.4));
  const double vr = 0.9277 - 3.6224 / (b - 2);
  while (true) {
    const double u = rng.Unit() - 0.5;
    const double v = rng.Unit();
    const double us = 0.5 - std::abs(u);
    const double k = std::floor((2 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return static_cast<std::int64_t>(k);
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + log_inverse_alpha - std::log(a / (us * us) + b) <=
        -mean + k * log_mean - std::lgamma(k + 1)) {
      return static_cast<std::int64_t>(k);
    }
  }
}

}  // namespace

Rng::Rng(std::uint64_t seed) {
  for (std::uint64_t& word : state_) {
    seed += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = seed;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    word = z ^ (z >> 31);
  }
}

double Normal(Rng& rng) {
  const Ziggurat& z = Layers();
  while (true) {
    const std::uint64_t bits = rng();
    const auto layer = static_cast<size_t>(bits & 0x7f);
    const bool negative = (bits & 0x80) != 0;
    const double x = static_cast<double>(bits >> 11) * 0x1.0p-53 * z.x[layer];
    if (x < z.x[layer + 1]) return negative ? -x : x;  // Under the curve whatever the height.
    if (layer == 0) {                                  // The tail beyond kTail (Marsaglia 1964).
      double tail = 0;
      double y = 0;
      do {
        tail = -std::log1p(-rng.Unit()) / kTail;
        y = -std::log1p(-rng.Unit());
      } while (2 * y < tail * tail);
      return negative ? -(kTail + tail) : kTail + tail;
    }
    const double height = z.f[layer] + rng.Unit() * (z.f[layer + 1] - z.f[layer]);
    if (height < std::exp(-0.5 * x * x)) return negative ? -x : x;
  }
}

double Gamma(Rng& rng, double shape, double rate) {
  if (!(shape > 0) || !(rate > 0) || !std::isfinite(shape) || !std::isfinite(rate)) return 0;
  double boost = 1;  // Below shape 1: Gamma(shape) = Gamma(shape + 1) * U^(1 / shape).
  if (shape < 1) {
    boost = std::pow(std::max(rng.Unit(), 1e-300), 1 / shape);
    shape += 1;
  }
  const double d = shape - 1.0 / 3;
  const double c = 1 / std::sqrt(9 * d);
  while (true) {
    double x = 0;
    double v = 0;
    do {
      x = Normal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const double u = rng.Unit();
    const double x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return boost * d * v / rate;
    if (std::log(std::max(u, 1e-300)) < 0.5 * x2 + d * (1 - v + std::log(v))) {
      return boost * d * v / rate;
    }
  }
}

double Beta(Rng& rng, double a, double b) {
  if (a == 1 && b == 1) return rng.Unit();
  if (a == 1) return 1 - std::pow(1 - rng.Unit(), 1 / b);  // Beta(1, b) by inversion.
  if (b == 1) return std::pow(1 - rng.Unit(), 1 / a);
  const double x = Gamma(rng, a, 1.0);
  const double y = Gamma(rng, b, 1.0);
  const double sum = x + y;
  return sum > 0 ? x / sum : 0.5;
}

std::int64_t Binomial(Rng& rng, std::int64_t n, double p) {
  if (n <= 0 || !(p > 0)) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - Binomial(rng, n, 1 - p);
  if (static_cast<double>(n) * p < 10) return BinomialInversion(rng, n, p);
  return BinomialBtrd(rng, n, p);
}

std::int64_t Poisson(Rng& rng, double mean) {
  if (!(mean > 0)) return 0;
  mean = std::min(mean, 1e18);  // Keeps every draw within a 64-bit count.
  if (mean >= 10) return PoissonPtrs(rng, mean);
  double term = std::exp(-mean);
  double u = rng.Unit();
  std::int64_t x = 0;
  while (u > term && x < 1000) {
    u -= term;
    ++x;
    term *= mean / static_cast<double>(x);
  }
  return x;
}

std::int64_t NegativeBinomial(Rng& rng, double size, double q) {
  if (!(q > 0)) return 0;
  return Poisson(rng, Gamma(rng, size, (1 - q) / q));  // Gamma-Poisson mixture: exact.
}

void Multinomial(Rng& rng, std::int64_t n, const std::vector<double>& weights,
                 const std::vector<int>& order, std::vector<std::int64_t>& out) {
  std::fill(out.begin(), out.end(), 0);
  double remaining_weight = 0;
  for (double w : weights) remaining_weight += w;
  std::int64_t remaining = n;
  for (size_t i = 0; i < order.size() && remaining > 0; ++i) {
    const auto k = static_cast<size_t>(order[i]);
    if (i + 1 == order.size() || remaining_weight <= 0) {
      out[k] = remaining;
      break;
    }
    const double p = std::clamp(weights[k] / remaining_weight, 0.0, 1.0);
    out[k] = Binomial(rng, remaining, p);
    remaining -= out[k];
    remaining_weight -= weights[k];
  }
}

}  // namespace reckon::estimate
