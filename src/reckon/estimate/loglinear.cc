#include "reckon/estimate/loglinear.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <optional>
#include <random>

#include "reckon/estimate/quantile.h"

namespace reckon::estimate {
namespace {

constexpr double kChiSquare95 = 3.841458820694124;  // The 95% quantile of chi-square(1).

// The design: one row per cell, columns intercept, list main effects, interactions.
struct Design {
  int columns = 0;
  std::vector<std::vector<double>> rows;
  std::vector<double> y;
};

Design MakeDesign(const CaptureTable& table, const std::vector<Interaction>& terms,
                  bool with_missing_cell, double missing_count) {
  Design d;
  const int j = table.list_count();
  d.columns = 1 + j + static_cast<int>(terms.size());
  const Pattern cells = Pattern{1} << j;
  for (Pattern p = with_missing_cell ? 0 : 1; p < cells; ++p) {
    std::vector<double> row(static_cast<size_t>(d.columns), 0.0);
    row[0] = 1;
    for (int i = 0; i < j; ++i) row[1 + static_cast<size_t>(i)] = ((p >> i) & 1U) ? 1 : 0;
    for (size_t t = 0; t < terms.size(); ++t) {
      bool both = ((p >> terms[t].first) & 1U) && ((p >> terms[t].second) & 1U);
      row[static_cast<size_t>(1 + j) + t] = both ? 1 : 0;
    }
    d.rows.push_back(std::move(row));
    d.y.push_back(p == 0 ? missing_count : table.CountOf(p));
  }
  return d;
}

// Solves the symmetric positive-definite system a x = b by Cholesky; false when a is singular.
bool SolveSpd(std::vector<std::vector<double>> a, std::vector<double> b, std::vector<double>& x) {
  const size_t n = b.size();
  double scale = 0;
  for (size_t i = 0; i < n; ++i) scale = std::max(scale, std::abs(a[i][i]));
  for (size_t i = 0; i < n; ++i) {
    for (size_t k = 0; k < i; ++k) a[i][i] -= a[i][k] * a[i][k];
    if (a[i][i] <= 1e-11 * std::max(scale, 1.0)) return false;
    a[i][i] = std::sqrt(a[i][i]);
    for (size_t r = i + 1; r < n; ++r) {
      for (size_t k = 0; k < i; ++k) a[r][i] -= a[r][k] * a[i][k];
      a[r][i] /= a[i][i];
    }
  }
  for (size_t i = 0; i < n; ++i) {
    for (size_t k = 0; k < i; ++k) b[i] -= a[i][k] * b[k];
    b[i] /= a[i][i];
  }
  for (size_t i = n; i-- > 0;) {
    for (size_t k = i + 1; k < n; ++k) b[i] -= a[k][i] * b[k];
    b[i] /= a[i][i];
  }
  x = b;
  return true;
}

struct GlmResult {
  bool converged = false;
  bool singular = false;
  bool diverged = false;
  std::vector<double> beta;
  std::vector<double> mu;
  int iterations = 0;
};

// Poisson regression with log link by iteratively reweighted least squares.
GlmResult FitPoisson(const Design& d) {
  GlmResult r;
  const size_t n = d.y.size();
  const auto p = static_cast<size_t>(d.columns);
  std::vector<double> eta(n);
  r.mu.assign(n, 0);
  for (size_t i = 0; i < n; ++i) {
    r.mu[i] = d.y[i] + 0.5;
    eta[i] = std::log(r.mu[i]);
  }
  double previous = HUGE_VAL;
  for (int iteration = 0; iteration < 200; ++iteration) {
    r.iterations = iteration + 1;
    std::vector<std::vector<double>> xtwx(p, std::vector<double>(p, 0.0));
    std::vector<double> xtwz(p, 0.0);
    for (size_t i = 0; i < n; ++i) {
      double w = r.mu[i];
      double z = eta[i] + (d.y[i] - r.mu[i]) / r.mu[i];
      const auto& x = d.rows[i];
      for (size_t a = 0; a < p; ++a) {
        if (x[a] == 0) continue;
        xtwz[a] += w * x[a] * z;
        for (size_t b = 0; b <= a; ++b) xtwx[a][b] += w * x[a] * x[b];
      }
    }
    for (size_t a = 0; a < p; ++a) {
      for (size_t b = a + 1; b < p; ++b) xtwx[a][b] = xtwx[b][a];
    }
    if (!SolveSpd(xtwx, xtwz, r.beta)) {
      r.singular = true;
      return r;
    }
    double deviance = 0;
    for (size_t i = 0; i < n; ++i) {
      double e = 0;
      for (size_t a = 0; a < p; ++a) e += d.rows[i][a] * r.beta[a];
      eta[i] = std::clamp(e, -700.0, 700.0);
      r.mu[i] = std::exp(eta[i]);
      if (d.y[i] > 0) deviance += d.y[i] * std::log(d.y[i] / r.mu[i]);
      deviance -= d.y[i] - r.mu[i];
    }
    for (double b : r.beta) {
      if (std::abs(b) > 40) r.diverged = true;
    }
    if (std::abs(deviance - previous) < 1e-10 * (1 + std::abs(deviance))) {
      r.converged = true;
      break;
    }
    previous = deviance;
  }
  return r;
}

double PoissonLogLikelihood(const std::vector<double>& y, const std::vector<double>& mu) {
  double total = 0;
  for (size_t i = 0; i < y.size(); ++i) {
    total += (y[i] > 0 ? y[i] * std::log(mu[i]) : 0.0) - mu[i] - std::lgamma(y[i] + 1);
  }
  return total;
}

// The profile log-likelihood of the total N (Cormack 1992): the complete table with N - n in the
// unobserved cell, fitted by the model; multinomial likelihood of the cells given N.
double ProfileLogLikelihood(const CaptureTable& table, const std::vector<Interaction>& terms,
                            double n_total) {
  const double observed = table.observed();
  Design d = MakeDesign(table, terms, true, n_total - observed);
  GlmResult fit = FitPoisson(d);
  if (fit.singular) return -HUGE_VAL;
  double value = std::lgamma(n_total + 1) - std::lgamma(n_total - observed + 1);
  for (size_t i = 0; i < d.y.size(); ++i) {
    if (d.y[i] > 0) value += d.y[i] * std::log(fit.mu[i] / n_total);
  }
  return value;
}

// Where the profile crosses `target` between `inside` (above target) and `outside` (below).
double Crossing(const std::function<double(double)>& profile, double inside, double outside,
                double target) {
  for (int i = 0; i < 100; ++i) {
    double middle = (inside + outside) / 2;
    if (profile(middle) >= target) {
      inside = middle;
    } else {
      outside = middle;
    }
    if (std::abs(outside - inside) < 1e-4 * std::max(1.0, inside)) break;
  }
  return (inside + outside) / 2;
}

// Two lists of the table's patterns share a list when their bits overlap: the count of persons
// on both lists of a term, the margin whose zero drives the term to minus infinity.
double BothMargin(const CaptureTable& table, const Interaction& term) {
  double total = 0;
  for (const auto& [pattern, count] : table.counts) {
    if (((pattern >> term.first) & 1U) && ((pattern >> term.second) & 1U)) total += count;
  }
  return total;
}

}  // namespace

std::string ModelName(const std::vector<Interaction>& terms) {
  if (terms.empty()) return "[independence]";
  std::string out = "[";
  for (size_t i = 0; i < terms.size(); ++i) {
    if (i > 0) out += ",";
    out += std::to_string(terms[i].first + 1) + std::to_string(terms[i].second + 1);
  }
  return out + "]";
}

Result<std::vector<Interaction>> ParseModel(std::string_view text,
                                            const std::vector<std::string>& lists) {
  std::vector<Interaction> terms;
  std::string cleaned;
  for (char c : text) {
    if (c != '[' && c != ']' && c != ' ') cleaned += c;
  }
  if (cleaned.empty() || cleaned == "independence") return terms;
  auto index_of = [&](std::string_view name) -> int {
    for (size_t i = 0; i < lists.size(); ++i) {
      if (lists[i] == name) return static_cast<int>(i);
    }
    return -1;
  };
  size_t start = 0;
  while (start <= cleaned.size()) {
    size_t end = cleaned.find(',', start);
    if (end == std::string::npos) end = cleaned.size();
    std::string term = cleaned.substr(start, end - start);
    int a = -1;
    int b = -1;
    size_t colon = term.find(':');
    if (colon != std::string::npos) {
      a = index_of(term.substr(0, colon));
      b = index_of(term.substr(colon + 1));
    } else if (term.size() == 2 && std::isdigit(static_cast<unsigned char>(term[0])) &&
               std::isdigit(static_cast<unsigned char>(term[1]))) {
      a = term[0] - '1';
      b = term[1] - '1';
    }
    if (a < 0 || b < 0 || a >= static_cast<int>(lists.size()) ||
        b >= static_cast<int>(lists.size()) || a == b) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "model term '" + term +
                           "': write two-way terms as two list numbers (12 is lists 1 and 2) or "
                           "two list names joined by ':'");
    }
    terms.emplace_back(std::min(a, b), std::max(a, b));
    start = end + 1;
  }
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  return terms;
}

Result<LogLinearFit> FitLogLinear(const CaptureTable& table, const std::vector<Interaction>& terms,
                                  const LogLinearOptions& options) {
  RECKON_TRY(CheckEstimable(table));
  LogLinearFit fit;
  fit.terms = terms;
  std::sort(fit.terms.begin(), fit.terms.end());
  fit.observed = table.observed();
  const int j = table.list_count();
  const int cells = (1 << j) - 1;
  fit.parameters = 1 + j + static_cast<int>(terms.size());
  fit.degrees_of_freedom = cells - fit.parameters;
  if (fit.degrees_of_freedom < 0) {
    fit.problem = "not identifiable: " + std::to_string(fit.parameters) + " parameters for " +
                  std::to_string(cells) + " observed cells";
    return fit;
  }
  for (const Interaction& term : fit.terms) {
    if (BothMargin(table, term) == 0) {
      fit.problem = "no maximum-likelihood estimate: nobody is on both lists " +
                    table.lists[static_cast<size_t>(term.first)] + " and " +
                    table.lists[static_cast<size_t>(term.second)] +
                    ", so their interaction has no finite estimate";
      return fit;
    }
  }
  Design d = MakeDesign(table, fit.terms, false, 0);
  GlmResult glm = FitPoisson(d);
  fit.iterations = glm.iterations;
  if (glm.singular) {
    fit.problem =
        "no maximum-likelihood estimate, or not identifiable: zeros in the table leave "
        "the model's parameters unbounded or impossible to tell apart";
    return fit;
  }
  fit.unobserved = std::exp(glm.beta[0]);
  if (glm.diverged || !glm.converged || !std::isfinite(fit.unobserved) ||
      fit.unobserved > 1e3 * std::max(fit.observed, 1.0)) {
    fit.problem =
        "no maximum-likelihood estimate: the fit runs off to infinity (zeros in the "
        "table leave a parameter unbounded)";
    return fit;
  }
  fit.estimable = true;
  fit.total = fit.observed + fit.unobserved;
  fit.log_likelihood = PoissonLogLikelihood(d.y, glm.mu);
  double saturated = 0;
  for (double y : d.y) saturated += (y > 0 ? y * std::log(y) : 0.0) - y - std::lgamma(y + 1);
  fit.deviance = 2 * (saturated - fit.log_likelihood);
  fit.aic = -2 * fit.log_likelihood + 2 * fit.parameters;
  fit.bic = -2 * fit.log_likelihood + std::log(fit.observed) * fit.parameters;

  // Profile-likelihood interval for the total.
  auto profile = [&](double n) { return ProfileLogLikelihood(table, fit.terms, n); };
  double n_lo = fit.observed + 1e-6;
  double best_n = fit.total;
  double best = profile(best_n);
  // The profile's maximum is near the Poisson estimate; refine it by golden-section search.
  {
    double a = std::max(n_lo, fit.total * 0.8);
    double b = fit.total * 1.25 + 1;
    const double phi = (std::sqrt(5.0) - 1) / 2;
    double c = b - phi * (b - a);
    double e = a + phi * (b - a);
    for (int i = 0; i < 80 && b - a > 1e-6 * b; ++i) {
      if (profile(c) > profile(e)) {
        b = e;
      } else {
        a = c;
      }
      c = b - phi * (b - a);
      e = a + phi * (b - a);
    }
    double refined = (a + b) / 2;
    double value = profile(refined);
    if (value > best) {
      best = value;
      best_n = refined;
    }
  }
  double target = best - kChiSquare95 / 2;
  fit.lower = profile(n_lo) >= target ? fit.observed : Crossing(profile, best_n, n_lo, target);
  double far = best_n * 2 + 10;
  while (profile(far) >= target && far < 1e12) far *= 2;
  fit.upper = Crossing(profile, best_n, far, target);

  // Parametric bootstrap: complete tables drawn from the fitted model, refitted on their
  // observed cells.
  if (options.bootstrap_replicates > 0) {
    std::mt19937_64 rng(options.seed);
    std::vector<double> totals;
    // The complete table is multinomial: round(N) persons over all 2^J cells, the unobserved
    // cell included, with the fitted probabilities.
    const auto population = static_cast<long long>(std::llround(fit.total));
    for (int b = 0; b < options.bootstrap_replicates; ++b) {
      CaptureTable draw;
      draw.lists = table.lists;
      long long remaining = population;
      double remaining_mass = fit.total;
      // Cell 0 (unobserved) first, then the observed cells in order.
      {
        std::binomial_distribution<long long> unseen(
            remaining, std::clamp(fit.unobserved / remaining_mass, 0.0, 1.0));
        long long hidden = unseen(rng);
        remaining -= hidden;
        remaining_mass -= fit.unobserved;
      }
      for (size_t i = 0; i < glm.mu.size() && remaining > 0; ++i) {
        double p = i + 1 == glm.mu.size() ? 1.0 : std::clamp(glm.mu[i] / remaining_mass, 0.0, 1.0);
        std::binomial_distribution<long long> cell(remaining, p);
        long long count = cell(rng);
        remaining -= count;
        remaining_mass -= glm.mu[i];
        if (count > 0) draw.counts[static_cast<Pattern>(i + 1)] = static_cast<double>(count);
      }
      if (!CheckEstimable(draw)) continue;
      auto refit = FitLogLinear(draw, fit.terms, {});
      if (refit && refit->estimable) totals.push_back(refit->total);
    }
    fit.bootstrap_replicates = static_cast<int>(totals.size());
    fit.bootstrap_totals = totals;
    if (!totals.empty()) {
      fit.bootstrap_lower = Quantile(totals, 0.025);
      fit.bootstrap_upper = Quantile(totals, 0.975);
    }
  }
  return fit;
}

Result<ModelSearch> SelectModel(const CaptureTable& table, Criterion criterion,
                                const LogLinearOptions& options) {
  RECKON_TRY(CheckEstimable(table));
  ModelSearch search;
  const int j = table.list_count();
  std::vector<Interaction> all;
  for (int a = 0; a < j; ++a) {
    for (int b = a + 1; b < j; ++b) all.emplace_back(a, b);
  }
  auto score = [&](const LogLinearFit& fit) {
    return criterion == Criterion::kAic ? fit.aic : fit.bic;
  };
  std::map<std::vector<Interaction>, std::optional<LogLinearFit>> fitted;
  int without_estimate = 0;
  auto fit_model = [&](std::vector<Interaction> terms) -> std::optional<LogLinearFit> {
    std::sort(terms.begin(), terms.end());
    auto known = fitted.find(terms);
    if (known != fitted.end()) return known->second;
    std::optional<LogLinearFit> result;
    auto fit = FitLogLinear(table, terms, {});
    if (fit) {
      search.visited.push_back(*fit);
      if (fit->estimable) {
        result = *fit;
      } else {
        ++without_estimate;
      }
    }
    fitted.emplace(terms, result);
    return result;
  };
  auto current = fit_model({});
  if (!current) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "even the independence model has no estimate for this table");
  }
  while (true) {
    std::optional<LogLinearFit> best_step;
    for (const Interaction& term : all) {
      std::vector<Interaction> terms = current->terms;
      auto at = std::find(terms.begin(), terms.end(), term);
      if (at == terms.end()) {
        terms.push_back(term);
      } else {
        terms.erase(at);
      }
      auto candidate = fit_model(terms);
      if (candidate && score(*candidate) < score(best_step ? *best_step : *current)) {
        best_step = candidate;
      }
    }
    if (!best_step) break;
    current = best_step;
  }
  if (without_estimate > 0) {
    search.warnings.push_back(std::to_string(without_estimate) +
                              " model(s) of the search have no estimate and were skipped");
  }
  auto final_fit = FitLogLinear(table, current->terms, options);
  if (!final_fit) return tl::unexpected(final_fit.error());
  search.best = *final_fit;
  // Models about as good as the chosen one (criterion within 4): do they agree?
  double low = search.best.total;
  double high = search.best.total;
  for (const LogLinearFit& fit : search.visited) {
    if (!fit.estimable || score(fit) > score(search.best) + 4) continue;
    low = std::min(low, fit.total);
    high = std::max(high, fit.total);
  }
  if (high > 1.25 * low) {
    char line[200];
    std::snprintf(line, sizeof line,
                  "models about as good as the chosen one give totals from %.0f to %.0f: the "
                  "estimate depends on the model",
                  low, high);
    search.warnings.emplace_back(line);
  }
  return search;
}

}  // namespace reckon::estimate
