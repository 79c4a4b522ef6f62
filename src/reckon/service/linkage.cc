#include "reckon/service/linkage.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unordered_map>

#include "reckon/ingest/csv.h"

namespace reckon::service {
namespace {

using model::Id;
using Json = nlohmann::json;

std::string ModelJson(const link::Model& model) {
  Json j;
  j["fields"] = model.fields;
  j["match_rate"] = model.match_rate;
  j["em_iterations"] = model.em_iterations;
  j["trained"] = model.trained;
  Json m = Json::array();
  Json u = Json::array();
  for (int f = 0; f < model.fields; ++f) {
    Json mf = Json::array();
    Json uf = Json::array();
    for (int l = 0; l < link::LevelCount(f); ++l) {
      mf.push_back(model.m[static_cast<size_t>(f)][static_cast<size_t>(l)]);
      uf.push_back(model.u[static_cast<size_t>(f)][static_cast<size_t>(l)]);
    }
    m.push_back(mf);
    u.push_back(uf);
  }
  j["m"] = m;
  j["u"] = u;
  return j.dump();
}

Result<link::Model> ParseModel(const std::string& text) {
  try {
    Json j = Json::parse(text);
    link::Model model;
    model.fields = j.at("fields").get<int>();
    if (model.fields < 1 || model.fields > link::kMaxFields) {
      return MakeError(ErrorCode::kDataLoss, "the stored linkage model has a bad field count");
    }
    model.match_rate = j.at("match_rate").get<double>();
    model.em_iterations = j.at("em_iterations").get<int>();
    model.trained = j.at("trained").get<bool>();
    for (int f = 0; f < model.fields; ++f) {
      auto levels = static_cast<size_t>(link::LevelCount(f));
      if (j.at("m").at(static_cast<size_t>(f)).size() != levels ||
          j.at("u").at(static_cast<size_t>(f)).size() != levels) {
        return MakeError(ErrorCode::kFailedPrecondition,
                         "the stored linkage model compares " + link::FieldName(f, {}) +
                             " in other levels than this version of reckon does");
      }
    }
    for (int f = 0; f < model.fields; ++f) {
      for (int l = 0; l < link::LevelCount(f); ++l) {
        model.m[static_cast<size_t>(f)][static_cast<size_t>(l)] =
            j.at("m").at(static_cast<size_t>(f)).at(static_cast<size_t>(l)).get<double>();
        model.u[static_cast<size_t>(f)][static_cast<size_t>(l)] =
            j.at("u").at(static_cast<size_t>(f)).at(static_cast<size_t>(l)).get<double>();
      }
    }
    return model;
  } catch (const Json::exception& e) {
    return MakeError(ErrorCode::kDataLoss,
                     std::string("the stored linkage model cannot be read: ") + e.what());
  }
}

// The link and review probabilities a run's settings record, into `options`; what they do not
// record (or settings that cannot be read) leaves `options` as it was.
void ReadThresholds(const std::string& settings, link::LinkOptions& options) {
  try {
    Json j = Json::parse(settings);
    options.link_probability = j.value("link_probability", options.link_probability);
    options.review_probability = j.value("review_probability", options.review_probability);
  } catch (const Json::exception&) {
    // Settings of an older run: the thresholds given stand.
  }
}

std::string SettingsJson(const link::LinkOptions& o) {
  Json j;
  j["link_probability"] = o.link_probability;
  j["review_probability"] = o.review_probability;
  j["veto_weight"] = o.veto_weight;
  j["veto_share"] = o.veto_share;
  j["all_pairs_limit"] = o.all_pairs_limit;
  j["contradiction_weight"] = o.contradiction_weight;
  j["max_block_size"] = o.max_block_size;
  j["u_sample_pairs"] = o.u_sample_pairs;
  j["em_max_iterations"] = o.em_max_iterations;
  j["seed"] = o.seed;
  j["term_frequency"] = o.term_frequency;
  return j.dump();
}

std::string SummaryJson(const link::LinkStats& s) {
  Json j;
  j["records"] = s.records;
  j["records_without_name"] = s.records_without_name;
  j["candidate_pairs"] = s.candidate_pairs;
  j["linked_pairs"] = s.linked_pairs;
  j["vetoed_links"] = s.vetoed_links;
  j["clusters"] = s.clusters;
  j["expected_matching_pairs"] = s.expected_matching_pairs;
  Json rules = Json::array();
  for (const auto& rule : s.rules) {
    rules.push_back({{"rule", rule.name},
                     {"blocks", rule.blocks},
                     {"pairs", rule.pairs},
                     {"skipped_blocks", rule.skipped_blocks},
                     {"skipped_records", rule.skipped_records}});
  }
  j["blocking_rules"] = rules;
  j["seconds"] = {{"prepare", s.prepare_seconds},
                  {"block", s.blocking_seconds},
                  {"compare", s.compare_seconds},
                  {"train", s.train_seconds},
                  {"cluster", s.cluster_seconds}};
  j["warnings"] = s.warnings;
  return j.dump();
}

std::uint64_t UnorderedPair(Id a, Id b) {
  if (a > b) std::swap(a, b);
  return (static_cast<std::uint64_t>(a) << 32) ^ static_cast<std::uint64_t>(b);
}

Result<MentionSide> Side(store::Store& store, Id mention_id) {
  MentionSide side;
  RECKON_ASSIGN_OR_RETURN(side.mention, store.GetPersonMention(mention_id));
  RECKON_ASSIGN_OR_RETURN(auto source, store.GetSource(side.mention.source_id));
  side.source = source.name;
  if (side.mention.raw_record_id != model::kNoId) {
    RECKON_ASSIGN_OR_RETURN(auto raw, store.GetRawRecord(side.mention.raw_record_id));
    side.row = raw.row;
  }
  RECKON_ASSIGN_OR_RETURN(auto acts, store.ListActsOfMention(mention_id));
  if (!acts.empty()) {
    const model::Act& act = acts.front();
    side.act = act.type;
    if (!act.date.ToString().empty()) side.act += " " + act.date.ToString();
    if (act.place_id != model::kNoId) {
      RECKON_ASSIGN_OR_RETURN(auto place, store.GetPlace(act.place_id));
      side.act += " " + place.name;
    }
  }
  return side;
}

}  // namespace

Result<std::vector<store::LinkMention>> ReadLinkMentions(store::Store& store) {
  std::vector<store::LinkMention> mentions;
  RECKON_TRY(store.ScanLinkMentions([&](const store::LinkMention& m) -> Status {
    mentions.push_back(m);
    return {};
  }));
  return mentions;
}

link::LinkRecord LinkRecordOf(const store::LinkMention& m) {
  link::LinkRecord r;
  r.id = m.mention_id;
  r.source_id = m.source_id;
  r.name = m.name;
  r.sex = m.sex;
  r.birth_earliest = m.birth_earliest;
  r.birth_latest = m.birth_latest;
  r.age = m.age;
  r.act_earliest = m.act_earliest;
  r.act_latest = m.act_latest;
  r.place = m.place;
  return r;
}

Result<LinkReport> LinkPersons(Case& c, const LinkRequest& request) {
  store::Store& store = c.store();
  RECKON_ASSIGN_OR_RETURN(auto mentions, ReadLinkMentions(store));
  RECKON_ASSIGN_OR_RETURN(auto previous, store.LatestLinkRun());
  RECKON_ASSIGN_OR_RETURN(auto decisions, store.ListLinkDecisions());
  if (request.mode == LinkMode::kIncremental && !previous) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the case has not been linked yet; run 'reckon link' for a full run first");
  }
  bool incremental = previous && request.mode != LinkMode::kFull;
  link::LinkOptions options = request.options;
  std::string model_note;
  if (incremental) {
    auto stored = ParseModel(previous->model);
    if (!stored && stored.error().code == ErrorCode::kFailedPrecondition) {
      // A model from an earlier version cannot score today's comparisons: retrain on all.
      model_note = stored.error().message + "; this run links every mention afresh";
      incremental = false;
    } else {
      RECKON_ASSIGN_OR_RETURN(options.model, std::move(stored));
    }
  }
  if (incremental && !request.thresholds_given) ReadThresholds(previous->settings, options);

  LinkReport report;
  report.mode = incremental ? "incremental" : "full";
  report.mentions = static_cast<std::int64_t>(mentions.size());
  std::vector<link::LinkRecord> records;
  records.reserve(mentions.size());
  std::unordered_map<Id, std::uint32_t> index_of;
  std::set<Id> persons_before;
  for (const auto& m : mentions) {
    index_of[m.mention_id] = static_cast<std::uint32_t>(records.size());
    records.push_back(LinkRecordOf(m));
    persons_before.insert(m.person_id);
  }
  report.persons_before = static_cast<std::int64_t>(persons_before.size());

  // Decisions: the latest on each pair wins.
  std::map<std::uint64_t, const model::LinkDecision*> latest;
  for (const auto& d : decisions) latest[UnorderedPair(d.mention_a, d.mention_b)] = &d;
  link::Constraints constraints;
  for (const auto& [key, d] : latest) {
    auto a = index_of.find(d->mention_a);
    auto b = index_of.find(d->mention_b);
    if (a == index_of.end() || b == index_of.end()) continue;
    (d->verdict == "same" ? constraints.must_link : constraints.cannot_link)
        .emplace_back(a->second, b->second);
  }
  report.decisions = static_cast<std::int64_t>(latest.size());

  if (incremental) {
    // Mentions linked by the last run keep their persons; new ones, and every mention of a
    // person that a "different" decision now splits, are compared afresh.
    constraints.initial_group.assign(records.size(), -1);
    constraints.fresh.assign(records.size(), true);
    for (size_t i = 0; i < mentions.size(); ++i) {
      if (mentions[i].mention_id <= previous->max_mention_id) {
        constraints.initial_group[i] = mentions[i].person_id;
        constraints.fresh[i] = false;
      }
    }
    std::set<std::int64_t> split_groups;
    for (const auto& [a, b] : constraints.cannot_link) {
      if (constraints.initial_group[a] >= 0 &&
          constraints.initial_group[a] == constraints.initial_group[b]) {
        split_groups.insert(constraints.initial_group[a]);
      }
    }
    for (size_t i = 0; i < records.size(); ++i) {
      if (split_groups.count(constraints.initial_group[i]) != 0) {
        constraints.initial_group[i] = -1;
        constraints.fresh[i] = true;
      }
    }
  }
  RECKON_ASSIGN_OR_RETURN(link::LinkResult result,
                          link::Link(records, options, constraints, request.progress));

  // Each cluster is the person made for its earliest-written member: ids stay stable across
  // runs, and a split gives a mention back its own person.
  std::unordered_map<std::uint32_t, Id> person_of_cluster;
  for (size_t i = 0; i < mentions.size(); ++i) {
    auto [it, inserted] = person_of_cluster.emplace(result.cluster[i], mentions[i].own_person_id);
    if (!inserted) it->second = std::min(it->second, mentions[i].own_person_id);
  }
  std::vector<store::PersonAssignment> changed;
  std::vector<store::PersonAssignment> all;
  all.reserve(mentions.size());
  Id max_mention_id = 0;
  for (size_t i = 0; i < mentions.size(); ++i) {
    Id person = person_of_cluster[result.cluster[i]];
    all.push_back({mentions[i].mention_id, person});
    if (person != mentions[i].person_id) changed.push_back({mentions[i].mention_id, person});
    max_mention_id = std::max(max_mention_id, mentions[i].mention_id);
  }
  report.moved_mentions = static_cast<std::int64_t>(changed.size());
  report.persons = static_cast<std::int64_t>(person_of_cluster.size());
  report.review_pairs = static_cast<std::int64_t>(result.review.size());

  std::vector<store::LinkPair> pairs;
  pairs.reserve(result.joins.size() + result.review.size());
  if (incremental) {
    // An incremental run compares only what is new: the earlier run's pairs stay where they
    // still hold (linked pairs inside one person, review pairs across two, undecided).
    std::unordered_map<Id, Id> person_after;
    for (const auto& a : all) person_after[a.mention_id] = a.person_id;
    for (const char* kind : {"link", "review"}) {
      RECKON_ASSIGN_OR_RETURN(auto earlier, store.ListLinkPairs(kind, 0, model::kNoId));
      for (const store::LinkPair& pair : earlier) {
        bool same = person_after[pair.mention_a] == person_after[pair.mention_b];
        bool decided = latest.count(UnorderedPair(pair.mention_a, pair.mention_b)) != 0;
        if (pair.kind == "link" ? same : (!same && !decided)) pairs.push_back(pair);
      }
    }
  }
  for (const link::Join& join : result.joins) {
    pairs.push_back({"link", mentions[join.via].mention_id, mentions[join.record].mention_id,
                     join.probability, join.decided});
  }
  for (const link::ScoredPair& pair : result.review) {
    pairs.push_back({"review", mentions[pair.a].mention_id, mentions[pair.b].mention_id,
                     pair.probability, false});
  }

  model::LinkRun run;
  run.mode = report.mode;
  run.actor = request.actor;
  run.settings = SettingsJson(options);
  run.model = ModelJson(result.model);
  run.summary = SummaryJson(result.stats);
  run.mentions = report.mentions;
  run.persons = report.persons;
  run.max_mention_id = max_mention_id;
  run.assignment_sha256 = store::AssignmentSha256(all);

  RECKON_ASSIGN_OR_RETURN(auto write, store.BeginWrite(request.actor, "link (" + run.mode + ")"));
  RECKON_TRY(write->AssignPersons(changed));
  RECKON_ASSIGN_OR_RETURN(report.run_id, write->AddLinkRun(run));
  RECKON_TRY(write->ReplaceLinkPairs(report.run_id, pairs));
  RECKON_TRY(write->Commit());
  RECKON_TRY(LogCommittedWrite(c));
  report.stats = std::move(result.stats);
  if (!model_note.empty()) report.stats.warnings.insert(report.stats.warnings.begin(), model_note);
  report.model = result.model;
  return report;
}

Result<std::vector<ReviewItem>> ListReview(Case& c, std::int64_t limit) {
  store::Store& store = c.store();
  std::vector<ReviewItem> items;
  RECKON_ASSIGN_OR_RETURN(auto run, store.LatestLinkRun());
  if (!run) return items;
  RECKON_ASSIGN_OR_RETURN(auto model, ParseModel(run->model));
  RECKON_ASSIGN_OR_RETURN(auto pairs, store.ListLinkPairs("review", limit, model::kNoId));
  if (pairs.empty()) return items;
  // The explanation needs each record and the case's name frequencies.
  RECKON_ASSIGN_OR_RETURN(auto mentions, ReadLinkMentions(store));
  std::vector<link::LinkRecord> records;
  std::unordered_map<Id, std::uint32_t> index_of;
  for (const auto& m : mentions) {
    index_of[m.mention_id] = static_cast<std::uint32_t>(records.size());
    records.push_back(LinkRecordOf(m));
  }
  link::Explainer explainer(records, model, true);
  link::LinkOptions thresholds;
  ReadThresholds(run->settings, thresholds);
  const double link_probability = thresholds.link_probability;
  for (const store::LinkPair& pair : pairs) {
    ReviewItem item;
    item.pair = pair;
    RECKON_ASSIGN_OR_RETURN(item.a, Side(store, pair.mention_a));
    RECKON_ASSIGN_OR_RETURN(item.b, Side(store, pair.mention_b));
    auto a = index_of.find(pair.mention_a);
    auto b = index_of.find(pair.mention_b);
    if (a != index_of.end() && b != index_of.end()) {
      item.why = explainer.Explain(a->second, b->second);
    }
    for (int f = 0; f < model.fields; ++f) item.field_names.push_back(link::FieldName(f, {}));
    bool names_contradict = false;
    for (const auto& f : item.why.fields) {
      names_contradict = names_contradict || ((f.field == 0 || f.field == 1) && f.level == 3);
    }
    if (item.pair.probability < link_probability) {
      item.held_back = "its probability is below the link threshold";
    } else if (names_contradict) {
      item.held_back =
          "probable, but a name shares nothing with the other's (relatives and "
          "namesakes look like this)";
    } else {
      item.held_back =
          "probable, but most pairs across the mentions of the two persons speak "
          "against it";
    }
    items.push_back(std::move(item));
  }
  return items;
}

Result<LinkReport> Decide(Case& c, const DecisionRequest& request) {
  if (request.verdict != "same" && request.verdict != "different") {
    return MakeError(ErrorCode::kInvalidArgument,
                     "a decision is 'same' or 'different', not '" + request.verdict + "'");
  }
  if (request.mention_a == request.mention_b) {
    return MakeError(ErrorCode::kInvalidArgument, "a decision needs two different mentions");
  }
  RECKON_TRY(c.store().GetPersonMention(request.mention_a));
  RECKON_TRY(c.store().GetPersonMention(request.mention_b));
  {
    RECKON_ASSIGN_OR_RETURN(auto write, c.store().BeginWrite(request.actor, "link decision"));
    model::LinkDecision decision;
    decision.mention_a = request.mention_a;
    decision.mention_b = request.mention_b;
    decision.verdict = request.verdict;
    decision.actor = request.actor;
    decision.reason = request.reason;
    RECKON_TRY(write->AddLinkDecision(decision));
    RECKON_TRY(write->Commit());
  }
  RECKON_TRY(LogCommittedWrite(c));
  LinkRequest link;
  link.actor = request.actor;
  return LinkPersons(c, link);
}

Result<LinkReport> SplitMention(Case& c, Id mention, const std::string& reason,
                                const std::string& actor) {
  RECKON_ASSIGN_OR_RETURN(auto m, c.store().GetPersonMention(mention));
  RECKON_ASSIGN_OR_RETURN(auto others, c.store().ListMentionsOfPerson(m.person_id));
  if (others.size() < 2) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "mention " + std::to_string(mention) + " is the only mention of person " +
                         std::to_string(m.person_id) + "; there is nothing to split");
  }
  {
    RECKON_ASSIGN_OR_RETURN(auto write, c.store().BeginWrite(actor, "split a mention"));
    for (const auto& other : others) {
      if (other.id == mention) continue;
      model::LinkDecision decision;
      decision.mention_a = mention;
      decision.mention_b = other.id;
      decision.verdict = "different";
      decision.actor = actor;
      decision.reason = reason;
      RECKON_TRY(write->AddLinkDecision(decision));
    }
    RECKON_TRY(write->Commit());
  }
  RECKON_TRY(LogCommittedWrite(c));
  LinkRequest link;
  link.actor = actor;
  return LinkPersons(c, link);
}

Result<PersonView> ShowPerson(Case& c, Id person_id) {
  store::Store& store = c.store();
  PersonView view;
  RECKON_ASSIGN_OR_RETURN(view.person, store.GetPerson(person_id));
  RECKON_ASSIGN_OR_RETURN(auto mentions, store.ListMentionsOfPerson(person_id));
  std::set<std::string> sources;
  std::map<std::string, std::map<std::string, int>> values;  // field -> value -> mentions
  for (const auto& m : mentions) {
    PersonMentionView mv;
    RECKON_ASSIGN_OR_RETURN(mv.side, Side(store, m.id));
    RECKON_ASSIGN_OR_RETURN(auto pairs, store.ListLinkPairs("link", 0, m.id));
    for (const auto& pair : pairs) {
      Id other = pair.mention_a == m.id ? pair.mention_b : pair.mention_a;
      mv.links.emplace_back(other, pair.probability);
      mv.decided = mv.decided || pair.decided;
    }
    sources.insert(mv.side.source);
    ++values["sex"][m.sex];
    ++values["status"][m.status];
    if (m.birth.known()) ++values["birth"][m.birth.ToString()];
    if (m.age.known()) ++values["age"][m.age.ToString()];
    std::string name = m.name.Display();
    ++values["name"][name];
    ++values["act"][mv.side.act];
    view.mentions.push_back(std::move(mv));
  }
  view.sources.assign(sources.begin(), sources.end());
  for (const auto& [field, counts] : values) {
    if (counts.size() < 2) continue;
    std::string line = field + ":";
    bool first = true;
    for (const auto& [value, count] : counts) {
      line += (first ? " " : ", ") + (value.empty() ? std::string("(none)") : value) + " (" +
              std::to_string(count) + ")";
      first = false;
    }
    view.disagreements.push_back(line);
  }
  return view;
}

Result<std::vector<TruthRow>> ReadTruthRows(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kNotFound, path + ": cannot open");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  ingest::CsvReader reader(text, ',');
  ingest::CsvRecord record;
  std::vector<TruthRow> rows;
  bool header = true;
  while (true) {
    auto next = reader.Next(record);
    if (!next) return MakeError(ErrorCode::kInvalidArgument, path + ": " + next.error().message);
    if (!*next) return rows;
    if (header) {
      header = false;
      if (record.fields.size() < 3 || record.fields[0] != "source" || record.fields[1] != "row" ||
          record.fields[2] != "person_id") {
        return MakeError(
            ErrorCode::kInvalidArgument,
            path + ":" + std::to_string(record.line) + ": the header must be source,row,person_id");
      }
      continue;
    }
    if (record.fields.size() != 3) {
      return MakeError(ErrorCode::kInvalidArgument,
                       path + ":" + std::to_string(record.line) + ": " +
                           std::to_string(record.fields.size()) +
                           " fields, expected 3 (source,row,person_id)");
    }
    std::int64_t row = 0;
    try {
      size_t used = 0;
      row = std::stoll(record.fields[1], &used);
      if (used != record.fields[1].size() || row < 1) throw std::invalid_argument("row");
    } catch (const std::exception&) {
      return MakeError(ErrorCode::kInvalidArgument, path + ":" + std::to_string(record.line) + ":" +
                                                        std::to_string(record.FieldColumn(1)) +
                                                        ": row '" + record.fields[1] +
                                                        "' is not a positive whole number");
    }
    rows.push_back({record.fields[0], row, record.fields[2]});
  }
}

Result<LinkEvaluation> EvaluateLinkage(Case& c, const std::string& truth_file) {
  RECKON_ASSIGN_OR_RETURN(auto rows, ReadTruthRows(truth_file));
  std::map<std::pair<std::string, std::int64_t>, std::string> truth;
  LinkEvaluation evaluation;
  for (TruthRow& row : rows) {
    truth[{row.source, row.row}] = std::move(row.person_id);
    ++evaluation.truth_rows;
  }
  RECKON_ASSIGN_OR_RETURN(auto mentions, ReadLinkMentions(c.store()));
  std::vector<std::int64_t> found;
  std::vector<std::string> labels;
  std::vector<link::LinkRecord> records;
  for (const auto& m : mentions) {
    auto it = truth.find({m.source_name, m.row});
    if (it == truth.end()) {
      ++evaluation.mentions_not_in_truth;
      continue;
    }
    ++evaluation.mentions_in_truth;
    found.push_back(m.person_id);
    labels.push_back(it->second);
    records.push_back(LinkRecordOf(m));
  }
  evaluation.accuracy = link::Evaluate(found, labels);
  evaluation.blocking_recall = link::BlockingRecall(records, link::LinkOptions{}, labels).first;
  return evaluation;
}

}  // namespace reckon::service
