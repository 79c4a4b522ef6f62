// The estimation actions of the application API: build the capture table of a case's resolved
// persons (victims of an act type, one column per source list), and estimate the total with
// log-linear models from a case or from a CSV table. Functions never print.
#ifndef RECKON_SERVICE_ESTIMATION_H_
#define RECKON_SERVICE_ESTIMATION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "reckon/core/result.h"
#include "reckon/estimate/lcmcr.h"
#include "reckon/estimate/loglinear.h"
#include "reckon/estimate/table.h"
#include "reckon/service/service.h"
#include "reckon/stats/count.h"

namespace reckon::service {

struct CaseTableRequest {
  std::string act = "killing";       // Victims of this act type.
  std::vector<std::string> sources;  // Lists, by source name; empty: every source with victims.
  // Strata: any of "place", "month", "year", "sex", "age_band", labelled as `reckon count`
  // labels them. A person's stratum comes from the first act (lowest id) that records them as a
  // victim of `act`.
  std::vector<std::string> by;
  std::vector<stats::AgeBand> age_bands = stats::DefaultAgeBands();
  // Counts the two persons of every pair the latest link run left for review as one (what the
  // table would be if each uncertain pair were the same person).
  bool merge_review_pairs = false;
};

// The overlap table of the case's persons who are victims of `act`: a person is on a list when
// a mention of theirs from that source reports the act. kInvalidArgument for an unknown act
// type or source; the table may be empty.
[[nodiscard]] Result<estimate::CaptureTable> CaseCaptureTable(Case& c,
                                                              const CaseTableRequest& request);
// The same, one table per stratum of `request.by`; kInvalidArgument for an unknown dimension.
[[nodiscard]] Result<estimate::StratifiedTables> CaseCaptureTables(Case& c,
                                                                   const CaseTableRequest& request);

struct EstimateRequest {
  bool loglinear = true;      // Log-linear models.
  bool latent_class = false;  // The Bayesian latent-class model.
  estimate::LatentClassOptions latent;
  std::string model;  // Two-way terms ("12,13"); empty: search.
  estimate::Criterion criterion = estimate::Criterion::kBic;
  int bootstrap_replicates = 0;
  std::uint64_t seed = 1;
};

struct StratumEstimate {
  std::string stratum;  // "" for an unstratified table.
  estimate::CaptureTable table;
  bool estimated = false;
  std::string problem;  // When not estimated: why, in words.
  estimate::LogLinearFit fit;
  std::vector<estimate::LogLinearFit> models;  // Every model the search fitted.
  bool latent_estimated = false;
  estimate::LatentClassFit latent;
  std::vector<std::string> warnings;
};

// The strata added up: the sum of the strata's estimates, with an interval from the sums of
// their bootstrap replicates (log-linear) or posterior draws (latent classes), strata taken as
// independent. Only when every stratum has an estimate.
struct CombinedEstimate {
  std::string method;
  double documented = 0;
  double total = 0;
  double lower = 0;
  double upper = 0;
};

struct EstimateResults {
  std::vector<StratumEstimate> strata;
  std::vector<CombinedEstimate> combined;  // Empty for one stratum.
  std::vector<std::string> warnings;       // Why strata could not be combined.
};

// Estimates each stratum's total with the methods requested, and with several strata, their sum.
// Strata without an estimate carry the reason. kInvalidArgument for a model naming unknown lists
// or latent-class settings out of range.
[[nodiscard]] Result<EstimateResults> EstimateTables(const estimate::StratifiedTables& tables,
                                                     const EstimateRequest& request);

// The results as `reckon --json estimate` prints them (and an estimate run stores them).
[[nodiscard]] std::string EstimateJson(const EstimateResults& results,
                                       const EstimateRequest& request);

// Stores an estimate over the case as an estimate run: the tables used, the settings with the
// seed, the results (docs/formats/case-schema.md). Returns its id. kUnavailable when the write
// fails.
[[nodiscard]] Result<model::Id> StoreEstimate(Case& c, const CaseTableRequest& table_request,
                                              const std::string& method,
                                              const EstimateRequest& request,
                                              const estimate::StratifiedTables& tables,
                                              const EstimateResults& results,
                                              const std::string& actor);

// The documented count and the log-linear estimate (BIC search) of the victims of one act type,
// lists being the sources.
struct VictimEstimate {
  std::string act;
  double documented = 0;
  bool estimated = false;
  double total = 0;
  double lower = 0;
  double upper = 0;
  std::string model;
  std::string problem;  // When not estimated.
};

// The capture table a synthetic case's truth gives for the victims of `act` (truth/persons.csv
// and truth/rows.csv under `synth_dir`, as `reckon synth` writes them): the lists each truly
// killed person is on, free of linkage errors. `true_total` receives the number of victims,
// listed or not. kNotFound when the files cannot be read; kInvalidArgument when malformed.
[[nodiscard]] Result<estimate::CaptureTable> TruthCaptureTable(const std::string& synth_dir,
                                                               const std::string& act,
                                                               double* true_total);

// How much an estimate hangs on linkage: the estimate as linked, and as it would be if every
// pair the latest link run left for review were one person (unstratified, log-linear, BIC).
struct LinkageSensitivity {
  std::int64_t persons_joined = 0;  // How many fewer victims the table holds with pairs merged.
  VictimEstimate as_linked;
  VictimEstimate merged;  // The same as as_linked when persons_joined is 0.
};
[[nodiscard]] Result<LinkageSensitivity> EstimateLinkageSensitivity(
    Case& c, const CaseTableRequest& request);

// One VictimEstimate per act type with victims in the case, in vocabulary order.
[[nodiscard]] Result<std::vector<VictimEstimate>> EstimateVictims(Case& c);

// Estimates beside a count of persons (`reckon count --estimate`): one VictimEstimate per row of
// `counted`, then one for its total. Each row must concern one act type (`--by act` or `--where
// act=TYPE`) and may be broken down by place, month, year, sex and age band; its estimate is that
// of the victims of the act in the row's stratum (a person's stratum as in CaseCaptureTables). The
// total has an estimate, from the unstratified table, when the count covers one act type; otherwise
// its act is empty. kInvalidArgument, saying what to change, for counts of acts, other dimensions
// or other filters.
[[nodiscard]] Result<std::vector<VictimEstimate>> EstimateCount(Case& c,
                                                                const CountRequest& request,
                                                                const stats::CountResult& counted);

}  // namespace reckon::service

#endif  // RECKON_SERVICE_ESTIMATION_H_
