// The Bayesian latent-class model of multiple systems estimation (Manrique-Vallier 2016, the
// model of the LCMCR package): persons fall into latent classes, within which lists record them
// independently; class weights come from a truncated Dirichlet process (stick-breaking) whose
// concentration has a Gamma prior; the number never recorded is sampled along with everything
// else under a prior on the total proportional to 1/N. FitLatentClass runs several Gibbs chains
// (one per thread) and reports the posterior of the total with a convergence diagnostic.
// Pure and thread-safe.
#ifndef RECKON_ESTIMATE_LCMCR_H_
#define RECKON_ESTIMATE_LCMCR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "reckon/core/result.h"
#include "reckon/estimate/table.h"

namespace reckon::estimate {

// The defaults are those of the published reference runs (tests/testdata/mse/README.md):
// K = 10 classes, capture probabilities ~ Beta(1, 1), concentration ~ Gamma(0.25, 0.25),
// burn-in 10,000, 1,000 samples kept every 100th iteration, and three chains.
struct LatentClassOptions {
  int classes = 10;  // Truncation K of the stick-breaking process.
  double alpha_shape = 0.25;
  double alpha_rate = 0.25;
  double lambda_a = 1.0;
  double lambda_b = 1.0;
  int burn_in = 10000;
  int samples = 1000;
  int thinning = 100;
  int chains = 3;
  std::uint64_t seed = 1;
  int threads = 0;  // 0: one per core.
};

struct LatentClassFit {
  double observed = 0;
  double mean = 0;
  double median = 0;
  double lower = 0;  // 2.5% posterior quantile of the total.
  double upper = 0;  // 97.5%.
  double r_hat = 0;  // Gelman-Rubin potential scale reduction over the chains (1 is ideal).
  std::vector<double> draws;  // Every kept draw of the total, chain after chain.
  double seconds = 0;
  std::vector<std::string> warnings;
};

// Fits the model. kFailedPrecondition for a table CheckEstimable refuses; kInvalidArgument for
// options out of range.
[[nodiscard]] Result<LatentClassFit> FitLatentClass(const CaptureTable& table,
                                                    const LatentClassOptions& options = {});

}  // namespace reckon::estimate

#endif  // RECKON_ESTIMATE_LCMCR_H_
