// Sample quantiles for the estimators' intervals: bootstrap replicates, posterior draws and
// their sums over strata all use this one definition. Pure and thread-safe.
#ifndef RECKON_ESTIMATE_QUANTILE_H_
#define RECKON_ESTIMATE_QUANTILE_H_

#include <vector>

namespace reckon::estimate {

// The q-quantile (0 <= q <= 1) of `values`, interpolating linearly between order statistics
// (R's type 7, the default of quantile()). 0 when `values` is empty.
[[nodiscard]] double Quantile(std::vector<double> values, double q);

}  // namespace reckon::estimate

#endif  // RECKON_ESTIMATE_QUANTILE_H_
