#include "reckon/service/estimation.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include "reckon/ingest/csv.h"

namespace reckon::service {

Result<estimate::CaptureTable> CaseCaptureTable(Case& c, const CaseTableRequest& request) {
  if (c.vocabulary().Find("act", request.act) == nullptr) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "unknown act type '" + request.act + "' (see data/vocab/acts.json)");
  }
  RECKON_ASSIGN_OR_RETURN(auto sources, c.store().ListSources());
  std::map<model::Id, std::string> source_names;
  for (const auto& s : sources) source_names[s.id] = s.name;
  // Which persons each source names as victims of the act.
  std::map<model::Id, std::vector<model::Id>> victims_by_source;
  RECKON_TRY(c.store().ScanActs({}, [&](const store::ActFact& fact) -> Status {
    if (fact.type != request.act || fact.victim_person_id == model::kNoId) return {};
    victims_by_source[fact.source_id].push_back(fact.victim_person_id);
    return {};
  }));
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
  estimate::CaptureTable table;
  std::unordered_map<model::Id, estimate::Pattern> patterns;
  for (size_t i = 0; i < lists.size(); ++i) {
    table.lists.push_back(source_names[lists[i]]);
    for (model::Id person : victims_by_source[lists[i]]) {
      patterns[person] |= estimate::Pattern{1} << i;
    }
  }
  for (const auto& [person, pattern] : patterns) table.counts[pattern] += 1;
  return table;
}

Result<std::vector<StratumEstimate>> EstimateTables(const estimate::StratifiedTables& tables,
                                                    const EstimateRequest& request) {
  std::vector<StratumEstimate> out;
  estimate::LogLinearOptions options;
  options.bootstrap_replicates = request.bootstrap_replicates;
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
  return out;
}

namespace {

// The data rows of a CSV file (header skipped).
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
  RECKON_ASSIGN_OR_RETURN(auto rows, CsvRows(synth_dir + "/truth/rows.csv"));
  std::set<std::string> victims;
  for (const auto& row : persons) {
    if (row.size() >= 6 && row[5] == act) victims.insert(row[0]);
  }
  std::map<std::string, int> lists;
  std::map<std::string, estimate::Pattern> patterns;
  for (const auto& row : rows) {
    if (row.size() < 3 || victims.count(row[2]) == 0) continue;
    auto [it, inserted] = lists.emplace(row[0], static_cast<int>(lists.size()));
    if (it->second >= estimate::kMaxLists) {
      return MakeError(ErrorCode::kInvalidArgument, "more lists than estimation takes");
    }
    patterns[row[2]] |= estimate::Pattern{1} << it->second;
  }
  estimate::CaptureTable table;
  table.lists.resize(lists.size());
  for (const auto& [name, index] : lists) table.lists[static_cast<size_t>(index)] = name;
  for (const auto& [person, pattern] : patterns) table.counts[pattern] += 1;
  if (true_total != nullptr) *true_total = static_cast<double>(victims.size());
  return table;
}

Result<std::vector<VictimEstimate>> EstimateVictims(Case& c) {
  std::vector<VictimEstimate> out;
  for (const auto& term : c.vocabulary().Terms("act")) {
    CaseTableRequest request;
    request.act = term.code;
    RECKON_ASSIGN_OR_RETURN(auto table, CaseCaptureTable(c, request));
    if (table.observed() <= 0) continue;
    VictimEstimate e;
    e.act = term.code;
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
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace reckon::service
