// Log-linear models for multiple systems estimation, as Rcapture and SparseMSE fit them: a
// Poisson regression on the 2^J - 1 observed cells of a capture table with main effects for
// every list and chosen two-way interactions; the unobserved cell's expected count is
// exp(intercept). FitLogLinear fits one model, with a profile-likelihood interval for the total
// (Cormack 1992) and, on request, a parametric-bootstrap one; SelectModel searches the two-way
// interactions stepwise by AIC or BIC. A model whose maximum-likelihood estimate does not exist
// (a zero margin drives a parameter to infinity) or is not identifiable is reported as such,
// never as a number. All functions are pure and thread-safe.
#ifndef RECKON_ESTIMATE_LOGLINEAR_H_
#define RECKON_ESTIMATE_LOGLINEAR_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "reckon/core/result.h"
#include "reckon/estimate/table.h"

namespace reckon::estimate {

// Two-way interactions, by list index (first < second).
using Interaction = std::pair<int, int>;

// "[12,13,45]" with 1-based list numbers, "[independence]" for none.
[[nodiscard]] std::string ModelName(const std::vector<Interaction>& terms);
// Parses "12,13,45" (1-based digits, lists 1-9) or list names joined by ':' ("EXH:ABA,OSCE:HRW").
// kInvalidArgument for an unknown list, a list paired with itself, or bad syntax.
[[nodiscard]] Result<std::vector<Interaction>> ParseModel(std::string_view text,
                                                          const std::vector<std::string>& lists);

enum class Criterion { kAic, kBic };

struct LogLinearFit {
  std::vector<Interaction> terms;
  bool estimable = false;
  std::string problem;  // Why there is no estimate, when !estimable.
  double observed = 0;
  double unobserved = 0;  // Expected count of the all-zero pattern.
  double total = 0;       // observed + unobserved.
  double lower = 0;       // 95% profile-likelihood interval for the total.
  double upper = 0;
  // 95% parametric-bootstrap percentile interval (0 if not run): multinomial tables of the
  // estimated total over all cells, refitted with the same model.
  double bootstrap_lower = 0;
  double bootstrap_upper = 0;
  int bootstrap_replicates = 0;
  std::vector<double> bootstrap_totals;  // The replicates' totals, in the order drawn.
  double log_likelihood = 0;             // Poisson, over the observed cells.
  double deviance = 0;
  int parameters = 0;
  int degrees_of_freedom = 0;
  double aic = 0;
  double bic = 0;
  int iterations = 0;
};

struct LogLinearOptions {
  int bootstrap_replicates = 0;  // 0: no bootstrap interval.
  std::uint64_t seed = 1;
};

// Fits one model. Fails only for a table CheckEstimable refuses (kFailedPrecondition); a model
// without an estimate comes back with estimable = false and the reason.
[[nodiscard]] Result<LogLinearFit> FitLogLinear(const CaptureTable& table,
                                                const std::vector<Interaction>& terms,
                                                const LogLinearOptions& options = {});

struct ModelSearch {
  LogLinearFit best;
  std::vector<LogLinearFit> visited;  // Every model fitted, in the order fitted.
  std::vector<std::string> warnings;
};

// Stepwise search from independence: at each step the two-way term whose addition or removal
// lowers the criterion most, until none does. Models without an estimate are skipped (and
// counted in the warnings). kFailedPrecondition as FitLogLinear.
[[nodiscard]] Result<ModelSearch> SelectModel(const CaptureTable& table, Criterion criterion,
                                              const LogLinearOptions& options = {});

}  // namespace reckon::estimate

#endif  // RECKON_ESTIMATE_LOGLINEAR_H_
