#include "reckon/estimate/quantile.h"

#include <algorithm>
#include <cmath>

namespace reckon::estimate {

double Quantile(std::vector<double> values, double q) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  double at = std::clamp(q, 0.0, 1.0) * static_cast<double>(values.size() - 1);
  auto low = static_cast<size_t>(std::floor(at));
  size_t high = std::min(low + 1, values.size() - 1);
  return values[low] + (at - static_cast<double>(low)) * (values[high] - values[low]);
}

}  // namespace reckon::estimate
