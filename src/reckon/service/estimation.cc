#include "reckon/service/estimation.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unordered_map>

#include "reckon/core/text.h"
#include "reckon/estimate/quantile.h"
#include "reckon/ingest/csv.h"
#include "reckon/service/linkage.h"
#include "reckon/stats/count.h"

namespace reckon::service {

namespace {

// Each person's capture pattern: bit i is set when lists[i] names them.
std::unordered_map<model::Id, estimate::Pattern> PatternsOf(
    const std::vector<const std::vector<model::Id>*>& lists) {
  std::unordered_map<model::Id, estimate::Pattern> patterns;
  for (size_t i = 0; i < lists.size(); ++i) {
    for (model::Id person : *lists[i]) patterns[person] |= estimate::Pattern{1} << i;
  }
  return patterns;
}

// "child=0-17,adult=18-59,elderly=60+": the form ParseAgeBands reads.
std::string AgeBandsText(const std::vector<stats::AgeBand>& bands) {
  std::string text;
  for (const stats::AgeBand& band : bands) {
    if (!text.empty()) text += ',';
    text += band.label + "=" + std::to_string(band.youngest);
    text += band.oldest >= AgeRange::kMaxAge ? "+" : "-" + std::to_string(band.oldest);
  }
  return text;
}

// For every person joined to others by pairs the latest link run left for review, the smallest
// person id of the group (union-find over the pairs' persons).
Result<std::unordered_map<model::Id, model::Id>> ReviewGroups(Case& c) {
  RECKON_ASSIGN_OR_RETURN(auto pairs, c.store().ListLinkPairs("review", 0, model::kNoId));
  std::unordered_map<model::Id, model::Id> parent;
  auto find = [&](model::Id x) {
    while (true) {
      auto it = parent.find(x);
      if (it == parent.end() || it->second == x) return x;
      x = it->second;
    }
  };
  for (const store::LinkPair& pair : pairs) {
    RECKON_ASSIGN_OR_RETURN(auto a, c.store().GetPersonMention(pair.mention_a));
    RECKON_ASSIGN_OR_RETURN(auto b, c.store().GetPersonMention(pair.mention_b));
    model::Id root_a = find(a.person_id);
    model::Id root_b = find(b.person_id);
    if (root_a == root_b) continue;
    parent[std::max(root_a, root_b)] = std::min(root_a, root_b);
    parent.emplace(std::min(root_a, root_b), std::min(root_a, root_b));
  }
  std::unordered_map<model::Id, model::Id> group;
  for (const auto& [person, up] : parent) group[person] = find(person);
  return group;
}

bool IsStratumDimension(const std::string& dimension) {
  return dimension == "place" || dimension == "month" || dimension == "year" ||
         dimension == "sex" || dimension == "age_band";
}

}  // namespace

Result<estimate::StratifiedTables> CaseCaptureTables(Case& c, const CaseTableRequest& request) {
  if (c.vocabulary().Find("act", request.act) == nullptr) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "unknown act type '" + request.act + "' (see data/vocab/acts.json)");
  }
  for (const std::string& dimension : request.by) {
    if (!IsStratumDimension(dimension)) {
      return MakeError(
          ErrorCode::kInvalidArgument,
          "cannot stratify by '" + dimension + "': use place, month, year, sex or age_band");
    }
  }
  RECKON_ASSIGN_OR_RETURN(auto sources, c.store().ListSources());
  std::map<model::Id, std::string> source_names;
  for (const auto& s : sources) source_names[s.id] = s.name;
  // Which persons each source names as victims of the act, and each person's stratum (from the
  // first act recording them).
  std::map<model::Id, std::vector<model::Id>> victims_by_source;
  std::unordered_map<model::Id, std::string> stratum_of;
  std::map<model::Id, std::string> place_names;
  // With merge_review_pairs, each person stands for the group the review pairs join it to.
  std::unordered_map<model::Id, model::Id> merged_into;
  if (request.merge_review_pairs) {
    RECKON_ASSIGN_OR_RETURN(merged_into, ReviewGroups(c));
  }
  auto person_of = [&](model::Id person) {
    auto it = merged_into.find(person);
    return it == merged_into.end() ? person : it->second;
  };
  Status scanned = c.store().ScanActs({}, [&](const store::ActFact& fact) -> Status {
    if (fact.type != request.act || fact.victim_person_id == model::kNoId) return {};
    const model::Id person = person_of(fact.victim_person_id);
    victims_by_source[fact.source_id].push_back(person);
    if (request.by.empty() || stratum_of.count(person) != 0) return {};
    std::string stratum;
    for (const std::string& dimension : request.by) {
      // The labels `reckon count` gives, so that its rows and these strata match.
      std::string value = "unknown";
      if (dimension == "sex" && !fact.victim_sex.empty()) value = std::string(fact.victim_sex);
      if (dimension == "month") value = stats::FormatMonth(fact.date_earliest, fact.date_latest);
      if (dimension == "year") value = stats::FormatYear(fact.date_earliest, fact.date_latest);
      if (dimension == "age_band") {
        value = stats::AgeBandOf(stats::VictimAgeAt(fact), request.age_bands);
      }
      if (dimension == "place" && fact.place_id != model::kNoId) {
        auto known = place_names.find(fact.place_id);
        if (known == place_names.end()) {
          auto place = c.store().GetPlace(fact.place_id);
          if (!place) return tl::unexpected(place.error());
          known = place_names.emplace(fact.place_id, place->name).first;
        }
        value = known->second;
      }
      if (!stratum.empty()) stratum += ';';
      stratum += dimension;
      stratum += '=';
      stratum += value;
    }
    stratum_of[person] = stratum;
    return {};
  });
  RECKON_TRY(scanned);
  std::vector<model::Id> lists;
  if (request.sources.empty()) {
    for (const auto& [source, victims] : victims_by_source) lists.push_back(source);
  } else {
    for (const std::string& name : request.sources) {
      auto it = std::find_if(source_names.begin(), source_names.end(),
                             [&](const auto& entry) { return entry.second == name; });
      if (it == source_names.end()) {
        return MakeError(ErrorCode::kInvalidArgument, "no source named '" + name + "'");
      }
      lists.push_back(it->first);
    }
  }
  if (lists.size() > static_cast<size_t>(estimate::kMaxLists)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     std::to_string(lists.size()) + " lists: choose at most " +
                         std::to_string(estimate::kMaxLists) + " with --lists");
  }
  std::vector<const std::vector<model::Id>*> named;
  named.reserve(lists.size());
  for (model::Id list : lists) named.push_back(&victims_by_source[list]);
  const auto patterns = PatternsOf(named);
  std::map<std::string, estimate::CaptureTable> by_stratum;
  for (const auto& [person, pattern] : patterns) {
    auto known = stratum_of.find(person);
    by_stratum[known == stratum_of.end() ? "" : known->second].counts[pattern] += 1;
  }
  if (by_stratum.empty()) by_stratum[""];
  estimate::StratifiedTables out;
  for (auto& [stratum, table] : by_stratum) {
    for (model::Id list : lists) table.lists.push_back(source_names[list]);
    out.strata.push_back(stratum);
    out.tables.push_back(std::move(table));
  }
  return out;
}

Result<estimate::CaptureTable> CaseCaptureTable(Case& c, const CaseTableRequest& request) {
  CaseTableRequest whole = request;
  whole.by.clear();
  RECKON_ASSIGN_OR_RETURN(auto tables, CaseCaptureTables(c, whole));
  return std::move(tables.tables.front());
}

namespace {

// Adds the strata up, replicate by replicate (or draw by draw).
void Combine(EstimateResults& results, const EstimateRequest& request) {
  auto add = [&](const std::string& method, auto estimated, auto point, auto samples) {
    CombinedEstimate combined;
    combined.method = method;
    size_t replicates = SIZE_MAX;
    for (const StratumEstimate& e : results.strata) {
      combined.documented += e.table.observed();
      if (!estimated(e)) {
        results.warnings.push_back(method + ": stratum '" + e.stratum +
                                   "' has no estimate, so the strata cannot be added up");
        return;
      }
      combined.total += point(e);
      replicates = std::min(replicates, samples(e).size());
    }
    if (replicates == 0 || replicates == SIZE_MAX) return;
    std::vector<double> sums(replicates, 0.0);
    for (const StratumEstimate& e : results.strata) {
      const std::vector<double>& draws = samples(e);
      for (size_t r = 0; r < replicates; ++r) sums[r] += draws[r];
    }
    combined.lower = estimate::Quantile(sums, 0.025);
    combined.upper = estimate::Quantile(sums, 0.975);
    results.combined.push_back(combined);
  };
  if (request.loglinear) {
    add(
        "loglinear", [](const StratumEstimate& e) { return e.estimated; },
        [](const StratumEstimate& e) { return e.fit.total; },
        [](const StratumEstimate& e) -> const std::vector<double>& {
          return e.fit.bootstrap_totals;
        });
  }
  if (request.latent_class) {
    add(
        "lcmcr", [](const StratumEstimate& e) { return e.latent_estimated; },
        [](const StratumEstimate& e) { return e.latent.median; },
        [](const StratumEstimate& e) -> const std::vector<double>& { return e.latent.draws; });
  }
}

}  // namespace

Result<EstimateResults> EstimateTables(const estimate::StratifiedTables& tables,
                                       const EstimateRequest& request) {
  EstimateResults results;
  std::vector<StratumEstimate>& out = results.strata;
  const bool several = tables.tables.size() > 1;
  estimate::LogLinearOptions options;
  // With several strata, replicates are needed to add the strata up with their uncertainty.
  options.bootstrap_replicates =
      several ? std::max(request.bootstrap_replicates, 1000) : request.bootstrap_replicates;
  options.seed = request.seed;
  for (size_t s = 0; s < tables.tables.size(); ++s) {
    StratumEstimate e;
    e.stratum = tables.strata[s];
    e.table = tables.tables[s];
    e.warnings = estimate::Diagnose(e.table);
    if (auto estimable = estimate::CheckEstimable(e.table); !estimable) {
      e.problem = estimable.error().message;
      out.push_back(std::move(e));
      continue;
    }
    if (request.latent_class) {
      RECKON_ASSIGN_OR_RETURN(e.latent, estimate::FitLatentClass(e.table, request.latent));
      e.latent_estimated = true;
      e.warnings.insert(e.warnings.end(), e.latent.warnings.begin(), e.latent.warnings.end());
    }
    if (!request.loglinear) {
      out.push_back(std::move(e));
      continue;
    }
    if (!request.model.empty()) {
      RECKON_ASSIGN_OR_RETURN(auto terms, estimate::ParseModel(request.model, e.table.lists));
      RECKON_ASSIGN_OR_RETURN(e.fit, estimate::FitLogLinear(e.table, terms, options));
      e.models.push_back(e.fit);
    } else {
      auto search = estimate::SelectModel(e.table, request.criterion, options);
      if (!search) {
        e.problem = search.error().message;
        out.push_back(std::move(e));
        continue;
      }
      e.fit = search->best;
      e.models = search->visited;
      e.warnings.insert(e.warnings.end(), search->warnings.begin(), search->warnings.end());
    }
    e.estimated = e.fit.estimable;
    if (!e.estimated) e.problem = e.fit.problem;
    out.push_back(std::move(e));
  }
  if (several) Combine(results, request);
  return results;
}

namespace {

// The data rows of a CSV file (header skipped): truth/persons.csv.
Result<std::vector<std::vector<std::string>>> CsvRows(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kNotFound, path + ": cannot open");
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  ingest::CsvReader reader(text, ',');
  ingest::CsvRecord record;
  std::vector<std::vector<std::string>> rows;
  bool header = true;
  while (true) {
    auto next = reader.Next(record);
    if (!next) return MakeError(ErrorCode::kInvalidArgument, path + ": " + next.error().message);
    if (!*next) return rows;
    if (!header) rows.push_back(record.fields);
    header = false;
  }
}

}  // namespace

Result<estimate::CaptureTable> TruthCaptureTable(const std::string& synth_dir,
                                                 const std::string& act, double* true_total) {
  RECKON_ASSIGN_OR_RETURN(auto persons, CsvRows(synth_dir + "/truth/persons.csv"));
  RECKON_ASSIGN_OR_RETURN(auto rows, ReadTruthRows(synth_dir + "/truth/rows.csv"));
  std::set<std::string> victims;
  for (const auto& row : persons) {
    if (row.size() >= 6 && row[5] == act) victims.insert(row[0]);
  }
  std::map<std::string, int> lists;
  std::map<std::string, estimate::Pattern> patterns;
  for (const TruthRow& row : rows) {
    if (victims.count(row.person_id) == 0) continue;
    auto [it, inserted] = lists.emplace(row.source, static_cast<int>(lists.size()));
    if (it->second >= estimate::kMaxLists) {
      return MakeError(ErrorCode::kInvalidArgument, "more lists than estimation takes");
    }
    patterns[row.person_id] |= estimate::Pattern{1} << it->second;
  }
  estimate::CaptureTable table;
  table.lists.resize(lists.size());
  for (const auto& [name, index] : lists) table.lists[static_cast<size_t>(index)] = name;
  for (const auto& [person, pattern] : patterns) table.counts[pattern] += 1;
  if (true_total != nullptr) *true_total = static_cast<double>(victims.size());
  return table;
}

std::string EstimateJson(const EstimateResults& results, const EstimateRequest& request) {
  using ordered_json = nlohmann::ordered_json;
  const std::string criterion = request.criterion == estimate::Criterion::kAic ? "aic" : "bic";
  ordered_json out = ordered_json::array();
  for (const auto& r : results.strata) {
    ordered_json models = ordered_json::array();
    for (const auto& m : r.models) {
      if (!m.estimable) continue;
      models.push_back({{"model", estimate::ModelName(m.terms)},
                        {"total", m.total},
                        {"aic", m.aic},
                        {"bic", m.bic}});
    }
    ordered_json latent;
    if (r.latent_estimated) {
      const auto& l = r.latent;
      latent = {{"method", "lcmcr"},
                {"estimate", l.median},
                {"mean", l.mean},
                {"interval_95", {l.lower, l.upper}},
                {"interval_type", "posterior quantiles"},
                {"r_hat", l.r_hat},
                {"settings",
                 {{"classes", request.latent.classes},
                  {"burn_in", request.latent.burn_in},
                  {"samples", request.latent.samples},
                  {"thinning", request.latent.thinning},
                  {"chains", request.latent.chains},
                  {"seed", request.latent.seed},
                  {"alpha_prior", "Gamma(0.25, 0.25)"},
                  {"lambda_prior", "Beta(1, 1)"},
                  {"total_prior", "1/N"}}},
                {"seconds", l.seconds}};
    }
    ordered_json item{
        {"stratum", r.stratum},
        {"lists", r.table.lists},
        {"observed", r.table.observed()},
        {"lcmcr", latent},
        {"method", "loglinear"},
        {"settings",
         {{"model", r.fit.terms.empty() && !r.estimated ? "" : estimate::ModelName(r.fit.terms)},
          {"criterion", request.model.empty() ? criterion : ""},
          {"bootstrap", request.bootstrap_replicates},
          {"seed", request.seed}}},
        {"estimated", r.estimated},
        {"warnings", r.warnings}};
    if (r.estimated) {
      item["estimate"] = r.fit.total;
      item["interval_95"] = {r.fit.lower, r.fit.upper};
      item["interval_type"] = "profile likelihood";
      if (r.fit.bootstrap_replicates > 0) {
        item["bootstrap_interval_95"] = {r.fit.bootstrap_lower, r.fit.bootstrap_upper};
      }
      item["models"] = models;
    } else {
      item["problem"] = r.problem;
    }
    out.push_back(item);
  }
  ordered_json combined = ordered_json::array();
  for (const auto& sum : results.combined) {
    combined.push_back(
        {{"method", sum.method},
         {"documented", sum.documented},
         {"estimate", sum.total},
         {"interval_95", {sum.lower, sum.upper}},
         {"interval_type", sum.method == "lcmcr" ? "sums of posterior draws across strata"
                                                 : "sums of bootstrap replicates across strata"}});
  }
  return ordered_json{{"strata", out}, {"combined", combined}, {"warnings", results.warnings}}.dump(
      2);
}

Result<model::Id> StoreEstimate(Case& c, const CaseTableRequest& table_request,
                                const std::string& method, const EstimateRequest& request,
                                const estimate::StratifiedTables& tables,
                                const EstimateResults& results, const std::string& actor) {
  nlohmann::ordered_json settings{
      {"act", table_request.act},
      {"lists", table_request.sources},
      {"by", table_request.by},
      {"age_bands", AgeBandsText(table_request.age_bands)},
      {"method", method},
      {"model", request.model},
      {"criterion", request.criterion == estimate::Criterion::kAic ? "aic" : "bic"},
      {"bootstrap", request.bootstrap_replicates},
      {"seed", request.seed},
      {"classes", request.latent.classes},
      {"burn_in", request.latent.burn_in},
      {"samples", request.latent.samples},
      {"thinning", request.latent.thinning},
      {"chains", request.latent.chains}};
  // The tables as one CSV: the strata one after another, each with a `stratum` column.
  std::string csv;
  for (size_t s = 0; s < tables.tables.size(); ++s) {
    std::string one = estimate::TableCsv(tables.tables[s]);
    size_t header_end = one.find('\n');
    if (s == 0) csv += "stratum," + one.substr(0, header_end + 1);
    size_t at = header_end + 1;
    while (at < one.size()) {
      size_t end = one.find('\n', at);
      csv += ingest::CsvQuote(tables.strata[s]) + "," + one.substr(at, end - at + 1);
      at = end + 1;
    }
  }
  model::EstimateRun run;
  run.actor = actor;
  run.act = table_request.act;
  run.by = Join(table_request.by, ",");
  run.method = method;
  run.settings = settings.dump();
  run.tables = csv;
  run.results = EstimateJson(results, request);
  RECKON_ASSIGN_OR_RETURN(auto write, c.store().BeginWrite(actor, "estimate " + run.act));
  RECKON_ASSIGN_OR_RETURN(model::Id id, write->AddEstimateRun(run));
  RECKON_TRY(write->Commit());
  RECKON_TRY(LogCommittedWrite(c));
  return id;
}

namespace {

// The documented count of `table` and its log-linear estimate under the model BIC picks, or why
// there is none, into `e`.
void EstimateBic(const estimate::CaptureTable& table, VictimEstimate& e) {
  e.documented = table.observed();
  if (auto estimable = estimate::CheckEstimable(table); !estimable) {
    e.problem = estimable.error().message;
  } else if (auto search = estimate::SelectModel(table, estimate::Criterion::kBic); !search) {
    e.problem = search.error().message;
  } else {
    e.estimated = true;
    e.total = search->best.total;
    e.lower = search->best.lower;
    e.upper = search->best.upper;
    e.model = estimate::ModelName(search->best.terms);
  }
}

}  // namespace

Result<std::vector<VictimEstimate>> EstimateVictims(Case& c) {
  // One pass over the acts: for each act type, which persons each source names as victims.
  std::map<std::string, std::map<model::Id, std::vector<model::Id>>> victims;
  RECKON_TRY(c.store().ScanActs({{}, store::kActSource}, [&](const store::ActFact& fact) -> Status {
    if (fact.victim_person_id == model::kNoId) return {};
    victims[std::string(fact.type)][fact.source_id].push_back(fact.victim_person_id);
    return {};
  }));
  std::vector<VictimEstimate> out;
  for (const auto& term : c.vocabulary().Terms("act")) {
    auto found = victims.find(term.code);
    if (found == victims.end()) continue;
    estimate::CaptureTable table;
    std::vector<const std::vector<model::Id>*> named;
    for (const auto& [source, persons] : found->second) {
      table.lists.push_back(std::to_string(source));
      named.push_back(&persons);
    }
    VictimEstimate e;
    e.act = term.code;
    if (named.size() > static_cast<size_t>(estimate::kMaxLists)) {
      std::set<model::Id> persons;
      for (const auto* list : named) persons.insert(list->begin(), list->end());
      e.documented = static_cast<double>(persons.size());
      e.problem = std::to_string(named.size()) + " source lists: estimate with at most " +
                  std::to_string(estimate::kMaxLists) + " ('reckon estimate --lists')";
      out.push_back(std::move(e));
      continue;
    }
    for (const auto& [person, pattern] : PatternsOf(named)) table.counts[pattern] += 1;
    EstimateBic(table, e);
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<VictimEstimate>> EstimateCount(Case& c, const CountRequest& request,
                                                  const stats::CountResult& counted) {
  if (request.unit != "persons") {
    return MakeError(ErrorCode::kInvalidArgument,
                     "estimates are of persons: drop --unit " + request.unit);
  }
  std::string only_act;  // From --where act=TYPE.
  for (const std::string& filter : request.where) {
    auto eq = filter.find('=');
    if (eq != std::string::npos && filter.substr(0, eq) == "act") {
      only_act = filter.substr(eq + 1);
      continue;
    }
    return MakeError(ErrorCode::kInvalidArgument,
                     "an estimate covers every person of its stratum, so it cannot follow the "
                     "filter '" +
                         filter + "': use --by instead, or drop --estimate");
  }
  std::vector<stats::AgeBand> age_bands = stats::DefaultAgeBands();
  if (!request.age_bands.empty()) {
    RECKON_ASSIGN_OR_RETURN(age_bands, stats::ParseAgeBands(request.age_bands));
  }
  std::vector<std::string> strata;  // The breakdown besides the act, in the count's order.
  int act_column = -1;
  for (size_t i = 0; i < request.by.size(); ++i) {
    const std::string& dimension = request.by[i];
    if (dimension == "act") {
      act_column = static_cast<int>(i);
    } else if (IsStratumDimension(dimension)) {
      strata.push_back(dimension);
    } else {
      return MakeError(ErrorCode::kInvalidArgument,
                       "estimates can be broken down by act, place, month, year, sex and "
                       "age_band, not by '" +
                           dimension + "'");
    }
  }
  if (act_column < 0 && only_act.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "an estimate is of the victims of one act type: add --by act or --where "
                     "act=TYPE");
  }
  // One stratified table, and its estimates, per act type the rows name.
  std::map<std::string, std::map<std::string, VictimEstimate>> by_act;
  auto estimates_of =
      [&](const std::string& act) -> Result<const std::map<std::string, VictimEstimate>*> {
    auto found = by_act.find(act);
    if (found != by_act.end()) return &found->second;
    CaseTableRequest table_request;
    table_request.act = act;
    table_request.by = strata;
    table_request.age_bands = age_bands;
    RECKON_ASSIGN_OR_RETURN(auto tables, CaseCaptureTables(c, table_request));
    std::map<std::string, VictimEstimate> estimates;
    for (size_t i = 0; i < tables.tables.size(); ++i) {
      VictimEstimate e;
      e.act = act;
      EstimateBic(tables.tables[i], e);
      estimates.emplace(tables.strata[i], std::move(e));
    }
    return &by_act.emplace(act, std::move(estimates)).first->second;
  };
  std::vector<VictimEstimate> out;
  for (const stats::CountRow& row : counted.rows) {
    std::string act = act_column >= 0 ? row.keys[static_cast<size_t>(act_column)] : only_act;
    std::string stratum;
    for (size_t i = 0; i < row.keys.size(); ++i) {
      if (static_cast<int>(i) == act_column) continue;
      if (!stratum.empty()) stratum += ';';
      stratum += request.by[i] + "=" + row.keys[i];
    }
    RECKON_ASSIGN_OR_RETURN(const auto* estimates, estimates_of(act));
    auto found = estimates->find(stratum);
    VictimEstimate e;
    if (found != estimates->end()) {
      e = found->second;
    } else {
      e.act = act;
      e.problem = "no victim of this stratum is on a source list";
    }
    out.push_back(std::move(e));
  }
  // The total: one act type over all its strata, estimated from its unstratified table.
  VictimEstimate total;  // Its act stays empty when the count spans several.
  std::set<std::string> acts;
  for (const VictimEstimate& e : out) acts.insert(e.act);
  if (!only_act.empty()) acts.insert(only_act);
  if (acts.size() == 1) {
    CaseTableRequest table_request;
    table_request.act = *acts.begin();
    RECKON_ASSIGN_OR_RETURN(auto table, CaseCaptureTable(c, table_request));
    total.act = table_request.act;
    EstimateBic(table, total);
  } else if (acts.empty()) {
    total.problem = "no victim of any act type is counted";
  } else {
    total.problem = "the total spans several act types; each has its own estimate above";
  }
  out.push_back(std::move(total));
  return out;
}

Result<LinkageSensitivity> EstimateLinkageSensitivity(Case& c, const CaseTableRequest& request) {
  LinkageSensitivity out;
  CaseTableRequest linked = request;
  linked.by.clear();
  linked.merge_review_pairs = false;
  RECKON_ASSIGN_OR_RETURN(auto as_linked, CaseCaptureTable(c, linked));
  out.as_linked.act = request.act;
  EstimateBic(as_linked, out.as_linked);
  CaseTableRequest merged = linked;
  merged.merge_review_pairs = true;
  RECKON_ASSIGN_OR_RETURN(auto joined, CaseCaptureTable(c, merged));
  out.persons_joined =
      static_cast<std::int64_t>(std::llround(as_linked.observed() - joined.observed()));
  out.merged.act = request.act;
  if (out.persons_joined > 0) {
    EstimateBic(joined, out.merged);
  } else {
    out.merged = out.as_linked;
  }
  return out;
}

}  // namespace reckon::service
