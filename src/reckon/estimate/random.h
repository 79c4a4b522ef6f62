// Random draws for the samplers: a small fast generator and exact methods for the
// distributions the Gibbs sampler needs on every iteration. The standard library's
// distributions are exact too, but rebuild their set-up (logarithms, log-gamma) on every call
// with new parameters, which is the sampler's normal case; the methods here have set-ups of a
// few arithmetic operations:
//   - normal: the ziggurat of Marsaglia and Tsang (2000), 128 layers;
//   - gamma: Marsaglia and Tsang (2000), with their squeeze;
//   - binomial: inversion for a small mean, otherwise BTRD, the transformed rejection with
//     decomposition of Hormann (1993);
//   - Poisson: inversion for a small mean, otherwise PTRS (Hormann 1993).
// Each method is checked against the exact distribution in random_test.cc.
#ifndef RECKON_ESTIMATE_RANDOM_H_
#define RECKON_ESTIMATE_RANDOM_H_

#include <array>
#include <cstdint>
#include <vector>

namespace reckon::estimate {

// xoshiro256++ (Blackman and Vigna 2019), seeded by splitmix64 from one 64-bit seed. Meets the
// UniformRandomBitGenerator requirements, so it also drives the standard distributions.
class Rng {
 public:
  using result_type = std::uint64_t;
  explicit Rng(std::uint64_t seed);
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
  // Uniform in [0, 1), from the top 53 bits.
  double Unit() { return static_cast<double>((*this)() >> 11) * 0x1.0p-53; }

 private:
  static std::uint64_t Rotate(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> state_{};
};

double Normal(Rng& rng);
// Gamma with shape > 0 and rate > 0 (mean shape / rate); 0 for other parameters.
double Gamma(Rng& rng, double shape, double rate);
double Beta(Rng& rng, double a, double b);
// The number of successes in n trials of probability p; 0 for n <= 0 or p <= 0.
std::int64_t Binomial(Rng& rng, std::int64_t n, double p);
std::int64_t Poisson(Rng& rng, double mean);
// The number of failures before `size` successes (real size allowed) when each trial fails
// with probability q: mean size * q / (1 - q).
std::int64_t NegativeBinomial(Rng& rng, double size, double q);

// Splits n items among categories in proportion to `weights`, by sequential binomials in the
// order given (put heavy categories first: the split usually ends early). `out` has one entry
// per weight and receives the split.
void Multinomial(Rng& rng, std::int64_t n, const std::vector<double>& weights,
                 const std::vector<int>& order, std::vector<std::int64_t>& out);

}  // namespace reckon::estimate

#endif  // RECKON_ESTIMATE_RANDOM_H_
