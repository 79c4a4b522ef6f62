#include "reckon/cli/cli.h"

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "reckon/core/clock.h"
#include "reckon/core/text.h"
#include "reckon/service/estimation.h"
#include "reckon/service/linkage.h"
#include "reckon/service/service.h"

namespace reckon::cli {
namespace {

using nlohmann::ordered_json;

// An integer option's lower bound, with a message that names it (CLI11's own range checks print
// the largest double).
CLI::Validator AtLeast(std::int64_t least) {
  return CLI::Validator(
      [least](std::string& text) -> std::string {
        std::int64_t value = 0;
        auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (error == std::errc::result_out_of_range) return text + " is too large";
        if (error != std::errc() || end != text.data() + text.size()) return "";  // CLI11 says.
        if (value >= least) return "";
        return "must be " + std::to_string(least) + " or more, not " + text;
      },
      "INT>=" + std::to_string(least));
}

struct Globals {
  std::string case_path;
  bool json = false;
};

int Fail(const Error& error, bool json) {
  if (json) {
    ordered_json out;
    out["error"] = {{"code", ErrorCodeName(error.code)}, {"message", error.message}};
    std::cout << out.dump(2) << "\n";
  }
  std::cerr << "reckon: " << error.message << "\n";
  return ExitCodeFor(error.code);
}

std::unique_ptr<Clock> MakeClock() {
  // RECKON_NOW fixes the clock (seconds since 1970) for reproducible runs and golden tests.
  if (const char* fixed = std::getenv("RECKON_NOW")) {
    return std::make_unique<FixedClock>(std::strtoll(fixed, nullptr, 10));
  }
  return std::make_unique<SystemClock>();
}

void PrintTable(const store::Table& table, std::ostream& out) {
  std::vector<size_t> widths(table.columns.size());
  auto cell = [](const std::optional<std::string>& value) {
    std::string text = value ? *value : "";
    for (char& c : text) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    return text;
  };
  for (size_t i = 0; i < table.columns.size(); ++i) widths[i] = CountCodePoints(table.columns[i]);
  for (const auto& row : table.rows) {
    for (size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::min<size_t>(40, std::max(widths[i], CountCodePoints(cell(row[i]))));
    }
  }
  auto print_row = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      std::string text = cells[i];
      size_t length = CountCodePoints(text);
      if (length > 40) {
        // Cut at a code point boundary.
        size_t bytes = 0, points = 0;
        while (bytes < text.size() && points < 39) {
          ++bytes;
          while (bytes < text.size() && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) {
            ++bytes;
          }
          ++points;
        }
        text = text.substr(0, bytes) + "…";
        length = 40;
      }
      out << text;
      if (i + 1 < cells.size()) out << std::string(widths[i] - length + 2, ' ');
    }
    out << "\n";
  };
  print_row(table.columns);
  for (const auto& row : table.rows) {
    std::vector<std::string> cells;
    cells.reserve(row.size());
    for (const auto& value : row) cells.push_back(cell(value));
    print_row(cells);
  }
}

ordered_json TableJson(const store::Table& table) {
  ordered_json rows = ordered_json::array();
  for (const auto& row : table.rows) {
    ordered_json object;
    for (size_t i = 0; i < row.size(); ++i) {
      object[table.columns[i]] = row[i] ? ordered_json(*row[i]) : ordered_json(nullptr);
    }
    rows.push_back(object);
  }
  return rows;
}

std::string FormatNumber(double value) {
  char buffer[64];
  if (value == static_cast<double>(static_cast<long long>(value))) {
    std::snprintf(buffer, sizeof buffer, "%lld", static_cast<long long>(value));
  } else {
    std::snprintf(buffer, sizeof buffer, "%.2f", value);
  }
  return buffer;
}

std::string ClaimsText(const std::vector<stats::ClaimBeside>& claims) {
  std::string out;
  for (const auto& claim : claims) {
    out += "  [" + claim.source + " claims " + FormatNumber(claim.value) +
           (claim.citation.empty() ? "" : ", " + claim.citation) + "]";
  }
  return out;
}

ordered_json ClaimsJson(const std::vector<stats::ClaimBeside>& claims) {
  ordered_json out = ordered_json::array();
  for (const auto& claim : claims) {
    out.push_back({{"claim_id", claim.claim_id},
                   {"source", claim.source},
                   {"value", claim.value},
                   {"citation", claim.citation}});
  }
  return out;
}

ordered_json VictimEstimateJson(const service::VictimEstimate& e) {
  if (e.act.empty()) return ordered_json{{"no_estimate", e.problem}};
  ordered_json item{{"act", e.act}, {"documented", e.documented}};
  if (e.estimated) {
    item["estimate"] = e.total;
    item["interval_95"] = {e.lower, e.upper};
    item["method"] = "loglinear " + e.model + ", BIC, profile likelihood";
  } else {
    item["no_estimate"] = e.problem;
  }
  return item;
}

// "documented: N (a minimum); estimated: M (95% interval L to U)". `counted`, when given, is the
// figure the estimate stands beside; where the estimate's table holds another number of persons
// (a count puts a person in every stratum a mention places them in, a capture table in one), the
// text says so.
std::string VictimEstimateText(const service::VictimEstimate& e, double counted = -1) {
  if (e.act.empty()) return "no estimate: " + e.problem;
  auto figure = [](double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.0f", v);
    return std::string(buffer);
  };
  std::string text =
      "documented: " + figure(counted >= 0 ? counted : e.documented) + " (a minimum); ";
  std::string note;
  if (counted >= 0 && counted != e.documented) {
    note = "from the " + figure(e.documented) +
           " persons the lists place here, each in the stratum of the first act recording them";
  }
  if (e.estimated) {
    return text + "estimated: " + figure(e.total) + " (95% interval " + figure(e.lower) + " to " +
           figure(e.upper) + (note.empty() ? "" : "; " + note) + ")";
  }
  return text + "no estimate" + (note.empty() ? "" : " (" + note + ")") + ": " + e.problem;
}

// With `estimates` (one per row, then the total's), each figure carries its estimate.
ordered_json CountJson(const stats::CountResult& result,
                       const std::vector<service::VictimEstimate>* estimates = nullptr) {
  ordered_json out;
  out["unit"] = result.unit == stats::Unit::kPersons ? "persons" : "acts";
  ordered_json by = ordered_json::array();
  for (auto d : result.by) by.push_back(std::string(stats::DimensionName(d)));
  out["by"] = by;
  auto row_json = [&](const stats::CountRow& row, size_t index) {
    ordered_json r;
    for (size_t i = 0; i < row.keys.size(); ++i) {
      r[std::string(stats::DimensionName(result.by[i]))] = row.keys[i];
    }
    r["count"] = row.count;
    r["group_victims"] = row.group_victims;
    r["group_acts"] = row.group_acts;
    if (!row.ids.empty()) r["ids"] = row.ids;
    r["claims"] = ClaimsJson(row.claims);
    if (estimates != nullptr) r["estimate"] = VictimEstimateJson((*estimates)[index]);
    return r;
  };
  out["rows"] = ordered_json::array();
  for (size_t i = 0; i < result.rows.size(); ++i) {
    out["rows"].push_back(row_json(result.rows[i], i));
  }
  out["total"] = row_json(result.total, result.rows.size());
  return out;
}

void PrintCount(const stats::CountResult& result, std::ostream& out,
                const std::vector<service::VictimEstimate>* estimates = nullptr) {
  const char* unit = result.unit == stats::Unit::kPersons ? "persons" : "acts";
  auto print_estimate = [&](size_t index) {
    if (estimates == nullptr) return;
    const stats::CountRow& row = index < result.rows.size() ? result.rows[index] : result.total;
    out << "    " << VictimEstimateText((*estimates)[index], static_cast<double>(row.count))
        << "\n";
  };
  // Without dimensions the one group is the total, printed below.
  for (size_t r = 0; r < result.rows.size() && !result.by.empty(); ++r) {
    const stats::CountRow& row = result.rows[r];
    std::string keys;
    for (size_t i = 0; i < row.keys.size(); ++i) {
      keys += (i ? "  " : "") + std::string(stats::DimensionName(result.by[i])) + "=" + row.keys[i];
    }
    out << "  " << keys << ": " << row.count << " " << unit;
    if (row.group_victims > 0) {
      out << " (+ about " << row.group_victims << " unnamed in " << row.group_acts
          << " group acts)";
    }
    out << ClaimsText(row.claims) << "\n";
    print_estimate(r);
  }
  out << "  total: " << result.total.count << " " << unit;
  if (result.total.group_victims > 0) {
    out << " (+ about " << result.total.group_victims << " unnamed in " << result.total.group_acts
        << " group acts)";
  }
  out << ClaimsText(result.total.claims) << "\n";
  print_estimate(result.rows.size());
}

class ProgressBar {
 public:
  ProgressBar() : enabled_(isatty(STDERR_FILENO) != 0) {}
  void Update(std::int64_t done, std::int64_t total) {
    if (!enabled_ || total <= 0) return;
    int percent = static_cast<int>(done * 100 / total);
    if (percent == last_) return;
    last_ = percent;
    int filled = percent / 4;
    std::fprintf(stderr, "\r[%s%s] %3d%%", std::string(static_cast<size_t>(filled), '#').c_str(),
                 std::string(static_cast<size_t>(25 - filled), ' ').c_str(), percent);
    if (percent >= 100) std::fprintf(stderr, "\n");
  }

 private:
  bool enabled_;
  int last_ = -1;
};

}  // namespace

int Run(int argc, char** argv) {
  CLI::App app{
      "reckon: document and investigate mass-atrocity crimes, with every figure traceable"};
  app.require_subcommand(1);
  Globals globals;
  const char* env_case = std::getenv("RECKON_CASE");
  globals.case_path = env_case != nullptr ? env_case : "case.reckon";
  app.add_option("--case", globals.case_path, "Case file (or RECKON_CASE; default ./case.reckon)");
  app.add_flag("--json", globals.json, "Print JSON instead of text");
  std::unique_ptr<Clock> clock = MakeClock();
  int code = 0;
  auto open = [&]() { return service::Case::Open(globals.case_path, *clock); };
  // Records a failed result's exit code and prints its error; true when the result holds a value.
  auto ok = [&](const auto& result) {
    if (result) return true;
    code = Fail(result.error(), globals.json);
    return false;
  };

  // init
  auto* init = app.add_subcommand("init", "Create a new, empty case file");
  init->callback([&] {
    auto created = service::Case::Create(globals.case_path, *clock);
    if (!ok(created)) return;
    if (globals.json) {
      std::cout << ordered_json{{"case", globals.case_path}, {"created", true}}.dump(2) << "\n";
    } else {
      std::cout << "created case " << globals.case_path << "\n";
    }
  });

  // import
  service::ImportRequest import_request;
  auto* import =
      app.add_subcommand("import", "Import a CSV or JSON Lines file, keeping every row verbatim");
  import->add_option("file", import_request.file, "The file")->required();
  import->add_option("--source", import_request.source, "Name of the source the file comes from")
      ->required();
  import->add_option("--mapping", import_request.mapping_file,
                     "Mapping file (JSON, docs/formats/mapping.md)");
  import->add_option("--format", import_request.format,
                     "csv or jsonl (default: from the file name)");
  import->add_flag("--skip-invalid", import_request.skip_invalid,
                   "Import the valid rows and write the invalid ones to a rejects file");
  import->add_option("--rejects", import_request.rejects_file, "Where to write rejected rows");
  import->add_option("--actor", import_request.actor,
                     "Who is importing (recorded in the change log)");
  import->callback([&] {
    auto c = open();
  if (!ok(c)) return;
  ProgressBar bar;
  auto report = service::Import(
      **c, import_request, [&](std::int64_t done, std::int64_t total) { bar.Update(done, total); });
  if (!ok(report)) return;
  if (globals.json) {
    ordered_json out{{"file", report->file},
                     {"sha256", report->file_sha256},
                     {"source", report->source},
                     {"source_created", report->source_created},
                     {"already_imported", report->already_imported},
                     {"import_id", report->import_id},
                     {"rows_read", report->rows_read},
                     {"rows_imported", report->rows_imported},
                     {"rejected", report->rejected},
                     {"mentions", report->mentions},
                     {"acts", report->acts},
                     {"losses", report->losses},
                     {"claims", report->claims},
                     {"places_created", report->places_created},
                     {"events_created", report->events_created}};
    if (!report->rejects_path.empty()) out["rejects_file"] = report->rejects_path;
    std::cout << out.dump(2) << "\n";
    return;
  }
  if (report->already_imported) {
    std::cout << report->file << " (sha256 " << report->file_sha256.substr(0, 12)
              << "…) was already imported for source '" << report->source << "' as import #"
              << report->import_id << "; nothing changed\n";
    return;
  }
  std::cout << "imported " << report->rows_imported << " rows from " << report->file
            << " as source '" << report->source << "'"
            << (report->source_created ? " (new source)" : "") << ": " << report->mentions
            << " person mentions, " << report->acts << " acts, " << report->losses << " losses, "
            << report->claims << " claims; " << report->places_created << " new places, "
            << report->events_created << " new events\n";
  if (report->rejected > 0) {
    std::cout << report->rejected << " invalid rows written to " << report->rejects_path << ":\n";
    for (size_t i = 0; i < std::min<size_t>(report->errors.size(), 10); ++i) {
      std::cout << "  " << ingest::FormatRowError(report->file, report->errors[i]) << "\n";
    }
  }
});

// add
service::AddRequest add_request;
std::vector<std::string> add_fields;
auto* add = app.add_subcommand(
    "add",
    "Add one record: a source, place, event, organization, relation between organizations, "
    "membership, person, act, loss, claim or investigative action");
add->add_option("kind", add_request.kind,
                "source | place | event | organization | relation | membership | person | act | "
                "loss | claim | action")
    ->required();

add->allow_extras();
add->callback([&] {
  std::vector<std::string> extras = add->remaining();
  extras.insert(extras.begin(), add_fields.begin(), add_fields.end());
  for (size_t i = 0; i < extras.size(); ++i) {
    std::string key = extras[i];
    if (key.rfind("--", 0) != 0) {
      code = Fail({ErrorCode::kInvalidArgument, "expected --field value, got '" + key + "'"},
                  globals.json);
      return;
    }
    key = key.substr(2);
    std::string value;
    size_t equals = key.find('=');
    if (equals != std::string::npos) {
      value = key.substr(equals + 1);
      key = key.substr(0, equals);
    } else if (i + 1 < extras.size()) {
      value = extras[++i];
    }
    add_request.fields.emplace_back(key, value);
  }
  auto c = open();
  if (!ok(c)) return;
  auto id = service::Add(**c, add_request);
  if (!ok(id)) return;
  if (globals.json) {
    std::cout << ordered_json{{"kind", add_request.kind}, {"id", *id}}.dump(2) << "\n";
  } else {
    std::cout << "added " << add_request.kind << " #" << *id << "\n";
  }
});

// list
std::string list_kind;
std::int64_t limit = 50, offset = 0;
auto* list = app.add_subcommand(
    "list", "List records of a kind (sources, persons, mentions, acts, claims, ...)");
list->add_option("kind", list_kind, "Kind of record")->required();
list->add_option("--limit", limit, "At most this many (0: all)")->check(AtLeast(0));
list->add_option("--offset", offset, "Skip this many")->check(AtLeast(0));
list->callback([&] {
  auto c = open();
  if (!ok(c)) return;
  auto table = service::List(**c, list_kind, limit, offset);
  if (!ok(table)) return;
  if (globals.json) {
    std::cout << TableJson(*table).dump(2) << "\n";
  } else {
    PrintTable(*table, std::cout);
  }
});

// show
std::string show_kind;
std::int64_t show_id = 0;
auto* show =
    app.add_subcommand("show", "Show one record; a person with all mentions, sources and rows");
show->add_option("kind", show_kind, "Kind of record")->required();
show->add_option("id", show_id, "Its id")->required()->check(AtLeast(1));
show->callback([&] {
  auto c = open();
  if (!ok(c)) return;
  auto shown = service::Show(**c, show_kind, show_id);
  if (!ok(shown)) return;
  if (globals.json) {
    ordered_json out;
    out["record"] = TableJson(shown->record)[0];
    for (const auto& [title, table] : shown->related) out[title] = TableJson(table);
    std::cout << out.dump(2) << "\n";
    return;
  }
  const auto& row = shown->record.rows[0];
  for (size_t i = 0; i < row.size(); ++i) {
    std::cout << shown->record.columns[i] << ": " << (row[i] ? *row[i] : "") << "\n";
  }
  for (const auto& [title, table] : shown->related) {
    std::cout << "\n" << title << ":\n";
    PrintTable(table, std::cout);
  }
});

// search
std::string query;
std::int64_t search_limit = 20;
auto* search =
    app.add_subcommand("search", "Full-text search over names, descriptions and citations");
search->add_option("query", query, "Words to find (prefixes match)")->required();
search->add_option("--limit", search_limit, "At most this many hits")->check(AtLeast(1));
search->callback([&] {
  auto c = open();
  if (!ok(c)) return;
  auto hits = service::Search(**c, query, search_limit);
  if (!ok(hits)) return;
  store::Table table;
  table.columns = {"kind", "id", "text"};
  for (const auto& hit : *hits) {
    table.rows.push_back(
        {std::string(store::RecordKindName(hit.kind)), std::to_string(hit.record_id), hit.snippet});
  }
  if (globals.json) {
    std::cout << TableJson(table).dump(2) << "\n";
  } else {
    PrintTable(table, std::cout);
  }
});

// count
service::CountRequest count_request;
std::string by_text;
auto* count = app.add_subcommand(
    "count", "Count persons or acts by dimensions, with the records and claims behind each figure");
count->add_option("--by", by_text,
                  "Comma-separated: act, sex, age_band, event, place, month, year, status, source");
count->add_option("--where", count_request.where,
                  "Filter dimension=value (repeatable), e.g. act=killing");
count->add_option("--unit", count_request.unit, "persons (default) or acts");
count->add_option("--age-bands", count_request.age_bands,
                  "e.g. child=0-17,adult=18-59,elderly=60+");
count->add_flag("--explain", count_request.explain,
                "List the records and sources behind each figure");
bool count_estimate = false;
count->add_flag("--estimate", count_estimate,
                "Beside each figure of victims of an act type, the estimated total with those no "
                "list recorded (log-linear, BIC); needs --by act or --where act=TYPE, and breaks "
                "down by place, month, year, sex and age_band only");
count->callback([&] {
  for (std::string_view part : Split(by_text, ',')) {
    if (!Trim(part).empty()) count_request.by.emplace_back(Trim(part));
  }
  auto c = open();
  if (!ok(c)) return;
  auto result = service::Count(**c, count_request);
  if (!ok(result)) return;
  std::vector<service::VictimEstimate> estimates;
  if (count_estimate) {
    auto estimated = service::EstimateCount(**c, count_request, *result);
    if (!ok(estimated)) return;
    estimates = std::move(*estimated);
  }
  const auto* beside = count_estimate ? &estimates : nullptr;
  if (globals.json) {
    ordered_json out = CountJson(*result, beside);
    if (count_request.explain) {
      ordered_json explained = ordered_json::array();
      for (const auto& row : result->rows) {
        auto table = service::Explain(**c, result->unit, row.ids);
        if (!ok(table)) return;
        explained.push_back(TableJson(*table));
      }
      out["explain"] = explained;
    }
    std::cout << out.dump(2) << "\n";
    return;
  }
  PrintCount(*result, std::cout, beside);
  if (count_request.explain) {
    for (const auto& row : result->rows) {
      std::cout << "\n"
                << (row.keys.empty() ? std::string("total") : Join(row.keys, " / ")) << " ("
                << row.count << "):\n";
      auto table = service::Explain(**c, result->unit, row.ids);
      if (!ok(table)) return;
      PrintTable(*table, std::cout);
    }
  }
});

// summary
auto* summary = app.add_subcommand(
    "summary", "The case summary: figures by category, with sources and claims beside them");
summary->callback([&] {
  auto c = open();
  if (!ok(c)) return;
  auto s = service::Summarize(**c);
  if (!ok(s)) return;
  auto estimates = service::EstimateVictims(**c);
  if (!ok(estimates)) return;
  if (globals.json) {
    ordered_json estimated = ordered_json::array();
    for (const auto& e : *estimates) estimated.push_back(VictimEstimateJson(e));
    ordered_json out{{"sources", s->sources},
                     {"raw_records", s->raw_records},
                     {"mentions", s->mentions},
                     {"persons", s->persons},
                     {"acts", s->acts}};
    out["victims_by_act"] = CountJson(s->victims_by_act);
    out["victims_estimated"] = estimated;
    out["victims_by_act_and_age_band"] = CountJson(s->victims_by_act_and_age);
    out["victims_by_act_and_sex"] = CountJson(s->victims_by_act_and_sex);
    out["fate_unknown"] = {{"count", s->fate_unknown},
                           {"claims", ClaimsJson(s->fate_unknown_claims)}};
    out["households_destroyed"] = {{"count", s->households_destroyed},
                                   {"claims", ClaimsJson(s->households_claims)}};
    out["losses_by_currency"] = s->losses_by_currency;
    out["actions_by_kind"] = s->actions_by_kind;
    out["persons_by_role"] = s->persons_by_role;
    out["linked"] = s->linked;
    std::cout << out.dump(2) << "\n";
    return;
  }
  std::cout << "Case " << globals.case_path << ": " << s->sources << " sources, " << s->raw_records
            << " rows imported, " << s->mentions << " person mentions, " << s->persons
            << " persons, " << s->acts << " acts\n";
  if (s->linked) {
    std::cout << "(Persons are resolved by record linkage across the lists ('reckon link'); "
                 "figures are documented minimums.)\n\n";
  } else {
    std::cout << "(Each person mention counts as one person until linkage resolves persons "
                 "('reckon link'); figures are documented minimums.)\n\n";
  }
  std::cout << "Victims by act:\n";
  PrintCount(s->victims_by_act, std::cout);
  if (!estimates->empty()) {
    std::cout << "\nVictims documented and estimated (multiple systems estimation over the "
                 "source lists; 'reckon estimate' for the models and the latent-class method):\n";
    for (const auto& e : *estimates) {
      std::cout << "  act=" << e.act << ": " << VictimEstimateText(e) << "\n";
    }
  }
  std::cout << "\nVictims by act and age band (child < 18, elderly >= 60):\n";
  PrintCount(s->victims_by_act_and_age, std::cout);
  std::cout << "\nVictims by act and sex:\n";
  PrintCount(s->victims_by_act_and_sex, std::cout);
  std::cout << "\nPersons whose fate is unknown: " << s->fate_unknown
            << ClaimsText(s->fate_unknown_claims) << "\n";
  std::cout << "Households where every recorded member was killed: " << s->households_destroyed
            << ClaimsText(s->households_claims) << "\n";
  for (const auto& [currency, total] : s->losses_by_currency) {
    std::cout << "Losses: " << FormatNumber(total) << " " << currency << " in "
              << s->losses_count_by_currency.at(currency) << " records"
              << ClaimsText(s->loss_claims[currency]) << "\n";
  }
  for (const auto& [kind, n] : s->actions_by_kind) {
    std::cout << "Investigative actions (" << kind << "): " << n << "\n";
  }
  for (const auto& [role, n] : s->persons_by_role) {
    std::cout << "Persons in the role " << role << ": " << n << "\n";
  }
});

// export
service::ExportRequest export_request;
auto* exporter =
    app.add_subcommand("export", "Write records as CSV or JSON Lines (mentions export re-imports)");
exporter->add_option("kind", export_request.kind, "mentions (default), or any kind of record");
exporter->add_option("--format", export_request.format, "csv or jsonl");
exporter->add_option("--out", export_request.out, "Output file (default: standard output)");
exporter->callback([&] {
  auto c = open();
  if (!ok(c)) return;
  std::string text;
  auto rows = service::Export(**c, export_request, &text);
  if (!ok(rows)) return;
  if (export_request.out.empty() || export_request.out == "-") {
    std::cout << text;
  } else {
    std::cerr << "wrote " << *rows << " rows to " << export_request.out << "\n";
  }
});

// synth
synth::SynthOptions synth_options;
auto* synth_command = app.add_subcommand("synth", "Generate a fictional case with ground truth");
synth_command->add_option("--out", synth_options.out_dir, "Output folder")->required();
synth_command->add_option("--persons", synth_options.persons, "Population size");
synth_command->add_option("--lists", synth_options.lists, "Number of source lists (1-12)");
synth_command->add_option("--seed", synth_options.seed, "Random seed");
synth_command->add_option("--noise", synth_options.noise, "Noise scale (0: clean lists)");
synth_command->add_option("--killed", synth_options.killed, "Share of persons killed");
synth_command->add_option("--events", synth_options.events,
                          "Number of incidents (places beyond the town's seven are villages)");
synth_command->add_option("--households-wiped", synth_options.households_wiped,
                          "Share of households entirely killed");
synth_command->callback([&] {
  auto result = service::Synth(synth_options);
  if (!ok(result)) return;
  if (globals.json) {
    ordered_json files = ordered_json::array();
    for (const auto& f : result->files) {
      files.push_back(
          {{"path", f.path}, {"source", f.source}, {"mapping", f.mapping}, {"rows", f.rows}});
    }
    std::cout << ordered_json{{"persons", result->persons},
                              {"households", result->households},
                              {"files", files},
                              {"true_victims", result->true_victims}}
                     .dump(2)
              << "\n";
    return;
  }
  std::cout << "wrote a fictional case of " << result->persons << " persons in "
            << result->households << " households to " << synth_options.out_dir << ":\n";
  for (const auto& f : result->files) {
    std::cout << "  " << f.path << " (" << f.rows << " rows, source '" << f.source << "'"
              << (f.mapping.empty() ? "" : ", mapping " + f.mapping) << ")\n";
  }
  std::cout << "  truth/rows.csv, truth/persons.csv, truth/counts.json\n";
});

// log: the transparency log.
auto* log = app.add_subcommand("log", "The case's transparency log: keys, checkpoints, proofs");
log->require_subcommand(1);
std::string key_name = "reckon";
std::string key_out;
auto* keygen = log->add_subcommand("keygen", "Make an Ed25519 signing key for checkpoints");
keygen->add_option("--name", key_name, "Key name (shown in signatures)");
keygen->add_option("--out", key_out, "Where to write the private key (kept secret, mode 0600)")
    ->required();
keygen->callback([&] {
  auto verifier = service::GenerateLogKey(key_name, key_out);
  if (!ok(verifier)) return;
  if (globals.json) {
    std::cout << ordered_json{{"key_file", key_out}, {"verifier_key", *verifier}}.dump(2) << "\n";
  } else {
    std::cout << "wrote the signing key to " << key_out << " (keep it secret)\n"
              << "verifier key (publish it): " << *verifier << "\n";
  }
});
std::string key_file;
std::string checkpoint_out;
auto* checkpoint = log->add_subcommand("checkpoint", "Log every change and sign a checkpoint");
checkpoint->add_option("--key", key_file, "The signing key file")->required();
checkpoint->add_option("--out", checkpoint_out, "Also write the signed checkpoint to this file");
checkpoint->callback([&] {
  auto c = open();
  if (!ok(c)) return;
  auto note = service::SignCheckpoint(**c, key_file);
  if (!ok(note)) return;
  if (!checkpoint_out.empty()) std::ofstream(checkpoint_out) << *note;
  std::cout << *note;
});
service::InclusionRequest inclusion;
auto* prove = log->add_subcommand("prove", "An inclusion proof against the latest checkpoint");
prove->add_option("--leaf", inclusion.leaf, "Leaf index (0-based)")->check(AtLeast(0));
prove->add_option("--record", inclusion.record, "kind:id, e.g. raw_record:12 or source:3");
prove->callback([&] {
  auto c = open();
  if (!ok(c)) return;
  auto proof = service::ProveInclusion(**c, inclusion);
  if (!ok(proof)) return;
  std::cout << *proof << "\n";
});
std::string old_checkpoint_file;
auto* consistency =
    log->add_subcommand("consistency", "A consistency proof from an earlier checkpoint");
consistency->add_option("old_checkpoint", old_checkpoint_file, "File of the earlier checkpoint")
    ->required();
consistency->callback([&] {
  auto c = open();
  if (!ok(c)) return;
  std::ifstream in(old_checkpoint_file);
  if (!in) {
    code = Fail({ErrorCode::kNotFound, old_checkpoint_file + ": cannot open"}, globals.json);
    return;
  }
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto proof = service::ProveConsistency(**c, text);
  if (!ok(proof)) return;
  std::cout << *proof << "\n";
});

// verify
std::string verifier_keys;
auto* verify = app.add_subcommand(
    "verify", "Check the whole case: records, change log, transparency log and checkpoints");
verify->add_option("--key", verifier_keys,
                   "Verifier key (name+hash+key) or a file of them, for checkpoint signatures");
verify->callback([&] {
  auto c = open();
  if (!ok(c)) return;
  std::vector<evidence::VerifierKey> keys;
  if (!verifier_keys.empty()) {
    auto parsed = service::ReadVerifierKeys(verifier_keys);
    if (!ok(parsed)) return;
    keys = std::move(*parsed);
  }
  auto report = service::Verify(**c, keys);
  if (!ok(report)) return;
  if (globals.json) {
    ordered_json checks = ordered_json::array();
    for (const auto& check : report->checks) {
      checks.push_back({{"name", check.name},
                        {"checked", check.checked},
                        {"failed", check.failed},
                        {"failures", check.failures},
                        {"note", check.note}});
    }
    std::cout << ordered_json{{"ok", report->ok()}, {"checks", checks}}.dump(2) << "\n";
  } else {
    for (const auto& check : report->checks) {
      std::cout << (check.failed == 0 ? "ok      " : "FAILED  ") << check.name << ": "
                << check.checked << " checked, " << check.failed << " failed"
                << (check.note.empty() ? "" : " (" + check.note + ")") << "\n";
      for (const auto& failure : check.failures) std::cout << "        " << failure << "\n";
    }
    std::cout << (report->ok() ? "the case verifies\n" : "the case does NOT verify\n");
  }
  if (!report->ok()) code = 1;
});

// evidence: the vault and the chain of custody.
auto* evidence_command =
    app.add_subcommand("evidence", "Evidence files and their chain of custody");
evidence_command->require_subcommand(1);
service::EvidenceAddRequest evidence_request;
auto* evidence_add = evidence_command->add_subcommand(
    "add", "Store files in the vault (by SHA-256) and record who collected them");
evidence_add->add_option("files", evidence_request.files, "The files")->required();
evidence_add->add_option("--collected-by", evidence_request.collected_by, "Who collected them");
evidence_add->add_option("--collected-at", evidence_request.collected_at, "When (ISO 8601)");
evidence_add->add_option("--place", evidence_request.place, "Where (a place of the case)");
evidence_add->add_option("--method", evidence_request.method, "How (seizure, download, ...)");
evidence_add->add_option("--source-url", evidence_request.source_url, "For open-source material");
evidence_add->add_option("--note", evidence_request.note, "A note");
evidence_add->add_option("--derived-from", evidence_request.derived_from,
                         "The item this file derives from (a working copy, redaction, ...)");
evidence_add->add_option("--derivation", evidence_request.derivation,
                         "working_copy | transcoded | redacted | translated | other");
evidence_add->callback([&] {
  auto c = open();
  if (!ok(c)) return;
  auto added = service::AddEvidence(**c, evidence_request);
  if (!ok(added)) return;
  if (globals.json) {
    ordered_json out = ordered_json::array();
    for (const auto& a : *added) {
      out.push_back({{"id", a.id},
                     {"file", a.file},
                     {"sha256", a.sha256},
                     {"size", a.size},
                     {"media_type", a.media_type},
                     {"duplicate", a.duplicate}});
    }
    std::cout << out.dump(2) << "\n";
    return;
  }
  for (const auto& a : *added) {
    std::cout << (a.duplicate ? "already in the case as evidence #" : "added evidence #") << a.id
              << ": " << a.file << " (" << a.size << " bytes, " << a.media_type << ", sha256 "
              << a.sha256 << ")\n";
  }
});
service::CustodyRequest custody_request;
auto* evidence_custody =
    evidence_command->add_subcommand("custody", "Record a step of an item's chain of custody");
evidence_custody->add_option("id", custody_request.item, "The evidence item")
    ->required()
    ->check(AtLeast(1));
evidence_custody
    ->add_option("--action", custody_request.action,
                 "collected | received | sealed | transferred | accessed | examined "
                 "| copied | disclosed | returned | destroyed")
    ->required();
evidence_custody->add_option("--actor", custody_request.actor, "Who")->required();
evidence_custody->add_option("--at", custody_request.at, "When (ISO 8601; default now)");
evidence_custody->add_option("--place", custody_request.place, "Where");
evidence_custody->add_option("--purpose", custody_request.purpose, "Why");
evidence_custody->add_option("--authority", custody_request.authority, "On whose authority");
evidence_custody->add_option("--note", custody_request.note, "A note");
evidence_custody->callback([&] {
  auto c = open();
  if (!ok(c)) return;
  auto id = service::AddCustody(**c, custody_request);
  if (!ok(id)) return;
  std::cout << "recorded custody event #" << *id << " for evidence #" << custody_request.item
            << "\n";
});
std::int64_t link_item = 0;
std::string link_record;
auto* evidence_link = evidence_command->add_subcommand("link", "Link an item to a record");
evidence_link->add_option("id", link_item, "The evidence item")->required()->check(AtLeast(1));
evidence_link->add_option("--record", link_record, "kind:id, e.g. act:12")->required();
evidence_link->callback([&] {
  auto c = open();
  if (!ok(c)) return;
  auto id = service::LinkEvidence(**c, link_item, link_record, "reckon");
  if (!ok(id)) return;
  std::cout << "linked evidence #" << link_item << " to " << link_record << "\n";
});
std::int64_t show_item = 0;
auto* evidence_show =
    evidence_command->add_subcommand("show", "An item, what it concerns, and its chain of custody");
evidence_show->add_option("id", show_item, "The evidence item")->required()->check(AtLeast(1));
evidence_show->callback([&] {
  auto c = open();
  if (!ok(c)) return;
  auto view = service::ShowEvidence(**c, show_item);
  if (!ok(view)) return;
  const auto& item = view->item;
  if (globals.json) {
    ordered_json custody = ordered_json::array();
    for (const auto& e : view->custody) {
      custody.push_back({{"action", e.action},
                         {"actor", e.actor},
                         {"at", e.at},
                         {"place", e.place},
                         {"purpose", e.purpose},
                         {"authority", e.authority},
                         {"note", e.note}});
    }
    ordered_json links = ordered_json::array();
    for (const auto& l : view->links) links.push_back(l.kind + ":" + std::to_string(l.record_id));
    std::cout << ordered_json{{"id", item.id},
                              {"sha256", item.sha256},
                              {"size", item.size},
                              {"original_name", item.original_name},
                              {"media_type", item.media_type},
                              {"derived_from", item.derived_from},
                              {"derivation", item.derivation},
                              {"file", view->blob_path},
                              {"links", links},
                              {"custody", custody}}
                     .dump(2)
              << "\n";
    return;
  }
  std::cout << "evidence #" << item.id << ": " << item.original_name << "\n"
            << "  sha256 " << item.sha256 << ", " << item.size << " bytes, " << item.media_type
            << "\n";
  if (item.derived_from != 0) {
    std::cout << "  " << item.derivation << " of evidence #" << item.derived_from << "\n";
  }
  if (!item.source_url.empty()) std::cout << "  source " << item.source_url << "\n";
  if (!item.capture_metadata.empty()) {
    std::cout << "  the file says: " << item.capture_metadata << "\n";
  }
  for (const auto& l : view->links) {
    std::cout << "  concerns " << l.kind << " " << l.record_id << "\n";
  }
  std::cout << "chain of custody:\n";
  for (const auto& e : view->custody) {
    std::cout << "  " << e.at << "  " << e.action << " by " << e.actor
              << (e.place.empty() ? "" : " at " + e.place)
              << (e.purpose.empty() ? "" : ", purpose: " + e.purpose)
              << (e.authority.empty() ? "" : ", authority: " + e.authority)
              << (e.note.empty() ? "" : " (" + e.note + ")") << "\n";
  }
});

service::EvidenceExportRequest evidence_export_request;
auto* evidence_export = evidence_command->add_subcommand(
    "export", "Write an exhibit bundle that reckon-verify checks without the case");
evidence_export->add_option("ids", evidence_export_request.items, "The evidence items")
    ->required()
    ->check(AtLeast(1));
evidence_export->add_option("--out", evidence_export_request.directory, "The bundle's folder")
    ->required();
evidence_export->add_option("--actor", evidence_export_request.actor, "Who discloses it (custody)");
evidence_export->add_option("--purpose", evidence_export_request.purpose,
                            "To whom and why (custody)");
evidence_export->add_option("--authority", evidence_export_request.authority, "On whose authority");
evidence_export->callback([&] {
  auto c = open();
  if (!ok(c)) return;
  auto files = service::ExportEvidence(**c, evidence_export_request);
  if (!ok(files)) return;
  std::cout << "wrote a bundle of " << *files << " files to " << evidence_export_request.directory
            << " (recorded as disclosed); check it with: reckon-verify "
            << evidence_export_request.directory << " --key <verifier key>\n";
});

// link
service::LinkRequest link_request;
bool link_full = false;
auto* link_command = app.add_subcommand(
    "link", "Resolve mentions into persons: the same person across lists, written any way");
link_command->add_flag("--full", link_full,
                       "Compare every mention again and retrain (default: only what is new)");
auto* link_probability_option =
    link_command->add_option("--link-probability", link_request.options.link_probability,
                             "Link pairs at least this probable (default 0.8; an incremental "
                             "run keeps the last run's)");
auto* review_probability_option =
    link_command->add_option("--review-probability", link_request.options.review_probability,
                             "Send pairs from this probability to review (default 0.25; an "
                             "incremental run keeps the last run's)");
link_command->add_option("--seed", link_request.options.seed, "Seed of the random pair samples");
link_command->callback([&] {
  if (link_command->get_subcommands().size() > 0) return;
  auto c = open();
  if (!ok(c)) return;
  link_request.mode = link_full ? service::LinkMode::kFull : service::LinkMode::kAuto;
  link_request.thresholds_given =
      link_probability_option->count() > 0 || review_probability_option->count() > 0;
  bool terminal = isatty(STDERR_FILENO) != 0;
  if (terminal && !globals.json) {
    link_request.progress = [](std::string_view stage) {
      std::fprintf(stderr, "link: %.*s...\n", static_cast<int>(stage.size()), stage.data());
    };
  }
  auto report = service::LinkPersons(**c, link_request);
  if (!ok(report)) return;
  const auto& stats = report->stats;
  if (globals.json) {
    ordered_json rules = ordered_json::array();
    for (const auto& rule : stats.rules) {
      rules.push_back({{"rule", rule.name},
                       {"blocks", rule.blocks},
                       {"pairs", rule.pairs},
                       {"skipped_blocks", rule.skipped_blocks}});
    }
    std::cout << ordered_json{{"run", report->run_id},
                              {"mode", report->mode},
                              {"mentions", report->mentions},
                              {"persons_before", report->persons_before},
                              {"persons", report->persons},
                              {"moved_mentions", report->moved_mentions},
                              {"candidate_pairs", stats.candidate_pairs},
                              {"blocking_rules", rules},
                              {"linked_pairs", stats.linked_pairs},
                              {"vetoed_links", stats.vetoed_links},
                              {"review_pairs", report->review_pairs},
                              {"decisions", report->decisions},
                              {"match_rate", report->model.match_rate},
                              {"mentions_without_name", stats.records_without_name},
                              {"warnings", stats.warnings}}
                     .dump(2)
              << "\n";
    return;
  }
  std::cout << "link run #" << report->run_id << " (" << report->mode << "): " << report->mentions
            << " mentions -> " << report->persons << " persons (were " << report->persons_before
            << "); " << report->moved_mentions << " mentions moved\n"
            << "  candidate pairs: " << stats.candidate_pairs << "; linked " << stats.linked_pairs
            << ", refused " << stats.vetoed_links
            << " (most pairs across the groups spoke against), " << report->review_pairs
            << " to review ('reckon review')\n";
  for (const auto& rule : stats.rules) {
    std::cout << "  blocking '" << rule.name << "': " << rule.pairs << " pairs in " << rule.blocks
              << " blocks"
              << (rule.skipped_blocks > 0
                      ? ", " + std::to_string(rule.skipped_blocks) + " oversized blocks skipped"
                      : "")
              << "\n";
  }
  if (stats.records_without_name > 0) {
    std::cout << "  " << stats.records_without_name
              << " mentions have no usable name: they link only on birth date or other fields\n";
  }
  if (report->decisions > 0) std::cout << "  " << report->decisions << " decisions applied\n";
  for (const auto& warning : stats.warnings) std::cout << "  warning: " << warning << "\n";
});
std::string truth_file;
auto* link_evaluate =
    link_command->add_subcommand("evaluate", "Compare the case's persons with a truth file");
link_evaluate->add_option("--truth", truth_file, "CSV with columns source,row,person_id")
    ->required();
link_evaluate->callback([&] {
  auto c = open();
  if (!ok(c)) return;
  auto e = service::EvaluateLinkage(**c, truth_file);
  if (!ok(e)) return;
  const auto& a = e->accuracy;
  if (globals.json) {
    std::cout << ordered_json{{"mentions", a.records},
                              {"true_persons", a.true_persons},
                              {"found_persons", a.found_persons},
                              {"pairwise",
                               {{"precision", a.precision},
                                {"recall", a.recall},
                                {"f1", a.f1},
                                {"true_pairs", a.true_pairs},
                                {"found_pairs", a.found_pairs},
                                {"correct_pairs", a.correct_pairs}}},
                              {"bcubed",
                               {{"precision", a.bcubed_precision},
                                {"recall", a.bcubed_recall},
                                {"f1", a.bcubed_f1}}},
                              {"blocking_recall", e->blocking_recall},
                              {"mentions_not_in_truth", e->mentions_not_in_truth}}
                     .dump(2)
              << "\n";
    return;
  }
  std::printf("mentions compared: %lld (%lld not in the truth file)\n",
              static_cast<long long>(a.records), static_cast<long long>(e->mentions_not_in_truth));
  std::printf("persons: %lld found, %lld true (%+.2f%%)\n", static_cast<long long>(a.found_persons),
              static_cast<long long>(a.true_persons),
              a.true_persons > 0 ? 100.0 * static_cast<double>(a.found_persons - a.true_persons) /
                                       static_cast<double>(a.true_persons)
                                 : 0.0);
  std::printf("pairwise: precision %.4f, recall %.4f, F1 %.4f (%lld of %lld true pairs found)\n",
              a.precision, a.recall, a.f1, static_cast<long long>(a.correct_pairs),
              static_cast<long long>(a.true_pairs));
  std::printf("B-cubed: precision %.4f, recall %.4f, F1 %.4f\n", a.bcubed_precision,
              a.bcubed_recall, a.bcubed_f1);
  std::printf("blocking recall: %.4f of true pairs were compared\n", e->blocking_recall);
});

// review
std::int64_t review_limit = 20;
auto* review = app.add_subcommand("review", "Pairs linkage was unsure of, and decisions on them");
review->add_option("--limit", review_limit, "At most this many pairs (default 20)")
    ->check(AtLeast(1));
review->callback([&] {
  if (review->get_subcommands().size() > 0) return;
  auto c = open();
  if (!ok(c)) return;
  auto items = service::ListReview(**c, review_limit);
  if (!ok(items)) return;
  auto side_json = [](const service::MentionSide& side) {
    const auto& m = side.mention;
    return ordered_json{{"mention", m.id},
                        {"person", m.person_id},
                        {"source", side.source},
                        {"row", side.row},
                        {"name", m.name.full},
                        {"given", m.name.given},
                        {"family", m.name.family},
                        {"patronymic", m.name.patronymic},
                        {"sex", m.sex},
                        {"birth", m.birth.ToString()},
                        {"age", m.age.known() ? m.age.ToString() : ""},
                        {"act", side.act}};
  };
  if (globals.json) {
    ordered_json out = ordered_json::array();
    for (const auto& item : *items) {
      ordered_json fields = ordered_json::array();
      for (const auto& f : item.why.fields) {
        fields.push_back({{"field", item.field_names[static_cast<size_t>(f.field)]},
                          {"level", link::LevelName(f.field, f.level)},
                          {"weight", f.weight}});
      }
      out.push_back({{"probability", item.pair.probability},
                     {"held_back", item.held_back},
                     {"a", side_json(item.a)},
                     {"b", side_json(item.b)},
                     {"evidence", fields}});
    }
    std::cout << out.dump(2) << "\n";
    return;
  }
  if (items->empty()) {
    std::cout << "nothing to review\n";
    return;
  }
  auto describe = [](const service::MentionSide& side) {
    const auto& m = side.mention;
    std::string name = m.name.Display();
    std::string text = "mention " + std::to_string(m.id) + " (person " +
                       std::to_string(m.person_id) + "): " + name + ", " + m.sex;
    if (m.birth.known()) text += ", born " + m.birth.ToString();
    if (m.age.known()) text += ", age " + m.age.ToString();
    text += "; " + side.act + "; " + side.source;
    if (side.row > 0) text += " row " + std::to_string(side.row);
    return text;
  };
  for (const auto& item : *items) {
    std::printf("probability %.3f; not linked: %s\n", item.pair.probability,
                item.held_back.c_str());
    std::cout << "  " << describe(item.a) << "\n  " << describe(item.b) << "\n  evidence:";
    for (const auto& f : item.why.fields) {
      if (f.level == link::kMissing) continue;
      std::printf(" %s %s (%+.1f);", item.field_names[static_cast<size_t>(f.field)].c_str(),
                  link::LevelName(f.field, f.level).c_str(), f.weight);
    }
    std::cout << "\n  decide: reckon review same|different " << item.a.mention.id << " "
              << item.b.mention.id << " --reason \"...\"\n\n";
  }
});
service::DecisionRequest decision;
for (const char* verdict : {"same", "different"}) {
  auto* decide = review->add_subcommand(
      verdict, std::string("Decide that two mentions are ") +
                   (std::string(verdict) == "same" ? "one person" : "different persons"));
  decide->add_option("a", decision.mention_a, "A mention")->required();
  decide->add_option("b", decision.mention_b, "Another mention")->required();
  decide->add_option("--reason", decision.reason, "Why (kept with the decision)")->required();
  decide->add_option("--actor", decision.actor, "Who decides");
  decide->callback([&, verdict] {
    auto c = open();
    if (!ok(c)) return;
    decision.verdict = verdict;
    auto report = service::Decide(**c, decision);
    if (!ok(report)) return;
    std::cout << "recorded: mentions " << decision.mention_a << " and " << decision.mention_b
              << " are " << (decision.verdict == "same" ? "the same person" : "different persons")
              << "; the case now has " << report->persons << " persons\n";
  });
}
std::int64_t split_mention = 0;
std::string split_reason;
std::string split_actor = "reckon";
auto* split = review->add_subcommand("split", "Take a mention out of its person");
split->add_option("mention", split_mention, "The mention")->required();
split->add_option("--reason", split_reason, "Why (kept with the decision)")->required();
split->add_option("--actor", split_actor, "Who decides");
split->callback([&] {
  auto c = open();
  if (!ok(c)) return;
  auto report = service::SplitMention(**c, split_mention, split_reason, split_actor);
  if (!ok(report)) return;
  std::cout << "mention " << split_mention << " split from its person; the case now has "
            << report->persons << " persons\n";
});

// person show
auto* person_command = app.add_subcommand("person", "Resolved persons");
person_command->require_subcommand(1);
std::int64_t person_id = 0;
auto* person_show = person_command->add_subcommand(
    "show", "A person, every mention and source, where they disagree, and why each belongs");
person_show->add_option("id", person_id, "The person")->required()->check(AtLeast(1));
person_show->callback([&] {
  auto c = open();
  if (!ok(c)) return;
  auto view = service::ShowPerson(**c, person_id);
  if (!ok(view)) return;
  const auto& p = view->person;
  if (globals.json) {
    ordered_json mentions = ordered_json::array();
    for (const auto& mv : view->mentions) {
      const auto& m = mv.side.mention;
      ordered_json links = ordered_json::array();
      for (const auto& [other, probability] : mv.links) {
        links.push_back({{"mention", other}, {"probability", probability}});
      }
      mentions.push_back({{"mention", m.id},
                          {"source", mv.side.source},
                          {"row", mv.side.row},
                          {"name", m.name.full},
                          {"given", m.name.given},
                          {"patronymic", m.name.patronymic},
                          {"family", m.name.family},
                          {"sex", m.sex},
                          {"birth", m.birth.ToString()},
                          {"age", m.age.known() ? m.age.ToString() : ""},
                          {"status", m.status},
                          {"act", mv.side.act},
                          {"linked_by", links},
                          {"decided", mv.decided}});
    }
    std::cout << ordered_json{{"person", p.id},
                              {"name", p.name.full},
                              {"sex", p.sex},
                              {"status", p.status},
                              {"sources", view->sources},
                              {"mentions", mentions},
                              {"disagreements", view->disagreements}}
                     .dump(2)
              << "\n";
    return;
  }
  std::cout << "person " << p.id << ": " << p.name.full << ", " << p.sex << ", " << p.status
            << "\n  " << view->mentions.size() << " mentions in " << view->sources.size()
            << " sources\n";
  for (const auto& mv : view->mentions) {
    const auto& m = mv.side.mention;
    std::string name = m.name.Display();
    std::cout << "  mention " << m.id << ": " << name << "; " << mv.side.act << "; "
              << mv.side.source;
    if (mv.side.row > 0) std::cout << " row " << mv.side.row;
    std::cout << "\n    belongs because: ";
    if (mv.links.empty()) {
      std::cout << (view->mentions.size() == 1 ? "it is the only mention" : "linked through others")
                << "\n";
      continue;
    }
    bool first = true;
    for (const auto& [other, probability] : mv.links) {
      std::printf("%slinked with mention %lld (%s %.3f)", first ? "" : "; ",
                  static_cast<long long>(other), mv.decided ? "decision," : "probability",
                  probability);
      first = false;
    }
    std::cout << "\n";
  }
  if (!view->disagreements.empty()) {
    std::cout << "  the mentions disagree on:\n";
    for (const auto& d : view->disagreements) std::cout << "    " << d << "\n";
  }
});

// estimate
std::string estimate_table_file;
std::string estimate_method = "loglinear";
std::string estimate_criterion = "bic";
service::EstimateRequest estimate_request;
service::CaseTableRequest case_table;
auto* estimate_command = app.add_subcommand(
    "estimate", "Estimate how many persons no list recorded (multiple systems estimation)");
estimate_command->add_option("--table", estimate_table_file,
                             "A CSV table (one 0/1 column per list, strata, count); no case");
estimate_command->add_option("--act", case_table.act, "From the case: victims of this act type");
estimate_command
    ->add_option("--lists", case_table.sources,
                 "From the case: these sources as the lists (default: all)")
    ->delimiter(',');
estimate_command
    ->add_option("--by", case_table.by,
                 "From the case: strata, any of place,month,year,sex,age_band")
    ->delimiter(',');
std::string estimate_age_bands;
estimate_command->add_option("--age-bands", estimate_age_bands,
                             "From the case: bands for age_band, e.g. child=0-17,adult=18-59,"
                             "elderly=60+ (the default)");
estimate_command->add_option("--method", estimate_method,
                             "loglinear (default), lcmcr (Bayesian latent classes) or all");
estimate_command->add_option("--classes", estimate_request.latent.classes,
                             "lcmcr: truncation K (default 10)");
estimate_command->add_option("--burn-in", estimate_request.latent.burn_in,
                             "lcmcr: iterations discarded (default 10,000)");
estimate_command->add_option("--samples", estimate_request.latent.samples,
                             "lcmcr: draws kept per chain (default 1,000)");
estimate_command->add_option("--thinning", estimate_request.latent.thinning,
                             "lcmcr: iterations per draw kept (default 100)");
estimate_command->add_option("--chains", estimate_request.latent.chains,
                             "lcmcr: chains, for the convergence diagnostic (default 3)");
estimate_command->add_option("--model", estimate_request.model,
                             "Two-way terms, e.g. 12,13 (default: search by the criterion)");
estimate_command->add_option("--criterion", estimate_criterion, "bic (default) or aic");
estimate_command->add_option("--bootstrap", estimate_request.bootstrap_replicates,
                             "Parametric-bootstrap replicates for a second interval");
estimate_command->add_option("--seed", estimate_request.seed, "Seed of the bootstrap");
estimate_command->callback([&] {
  if (estimate_command->get_subcommands().size() > 0) return;
  if (estimate_method != "loglinear" && estimate_method != "lcmcr" && estimate_method != "all") {
    code = Fail(Error{ErrorCode::kInvalidArgument,
                      "method '" + estimate_method + "': use loglinear, lcmcr or all"},
                globals.json);
    return;
  }
  estimate_request.loglinear = estimate_method != "lcmcr";
  estimate_request.latent_class = estimate_method != "loglinear";
  estimate_request.latent.seed = estimate_request.seed;
  if (estimate_criterion != "bic" && estimate_criterion != "aic") {
    code = Fail(Error{ErrorCode::kInvalidArgument, "--criterion is bic or aic"}, globals.json);
    return;
  }
  estimate_request.criterion =
      estimate_criterion == "aic" ? estimate::Criterion::kAic : estimate::Criterion::kBic;
  estimate::StratifiedTables tables;
  const bool estimate_from_table = !estimate_table_file.empty();
  model::Id stored_run = model::kNoId;
  if (estimate_from_table) {
    auto read = estimate::ReadTable(estimate_table_file);
    if (!ok(read)) return;
    tables = std::move(*read);
  } else {
    if (!estimate_age_bands.empty()) {
      auto bands = stats::ParseAgeBands(estimate_age_bands);
      if (!ok(bands)) return;
      case_table.age_bands = std::move(*bands);
    }
    auto c = open();
    if (!ok(c)) return;
    auto stratified = service::CaseCaptureTables(**c, case_table);
    if (!ok(stratified)) return;
    tables = std::move(*stratified);
  }
  auto estimated = service::EstimateTables(tables, estimate_request);
  if (!ok(estimated)) return;
  const std::vector<service::StratumEstimate>* results = &estimated->strata;
  if (!estimate_from_table) {
    auto c = open();
    if (!ok(c)) return;
    auto stored = service::StoreEstimate(**c, case_table, estimate_method, estimate_request, tables,
                                         *estimated, "reckon");
    if (!ok(stored)) return;
    stored_run = *stored;
  }
  // From a case: how much the figure hangs on the pairs linkage left undecided.
  std::optional<service::LinkageSensitivity> sensitivity;
  if (!estimate_from_table && estimate_request.loglinear) {
    auto c = open();
    if (!ok(c)) return;
    auto measured = service::EstimateLinkageSensitivity(**c, case_table);
    if (!ok(measured)) return;
    sensitivity = std::move(*measured);
  }
  if (globals.json) {
    if (sensitivity) {
      auto out = ordered_json::parse(service::EstimateJson(*estimated, estimate_request));
      out["linkage_sensitivity"] = {
          {"persons_joined", sensitivity->persons_joined},
          {"as_linked", VictimEstimateJson(sensitivity->as_linked)},
          {"review_pairs_merged", VictimEstimateJson(sensitivity->merged)}};
      std::cout << out.dump(2) << "\n";
    } else {
      std::cout << service::EstimateJson(*estimated, estimate_request) << "\n";
    }
    bool any = std::any_of(results->begin(), results->end(),
                           [](const auto& r) { return r.estimated || r.latent_estimated; });
    if (!any) code = ExitCodeFor(ErrorCode::kFailedPrecondition);
    return;
  }
  for (const auto& r : *results) {
    if (!r.stratum.empty()) std::cout << r.stratum << ":\n";
    std::printf("  %s lists (%s); %.0f persons recorded (a minimum)\n",
                std::to_string(r.table.list_count()).c_str(), Join(r.table.lists, ", ").c_str(),
                r.table.observed());
    if (r.latent_estimated) {
      const auto& l = r.latent;
      std::printf(
          "  documented: %.0f (a minimum); estimated (latent classes, posterior median): "
          "%.0f (95%% interval %.0f to %.0f)\n",
          r.table.observed(), l.median, l.lower, l.upper);
      std::printf(
          "  latent-class model: K %d, %d chains x %d draws (burn-in %d, thinning %d), "
          "seed %llu; mean %.0f; R-hat %.3f\n",
          estimate_request.latent.classes, estimate_request.latent.chains,
          estimate_request.latent.samples, estimate_request.latent.burn_in,
          estimate_request.latent.thinning,
          static_cast<unsigned long long>(estimate_request.latent.seed), l.mean, l.r_hat);
    }
    if (!estimate_request.loglinear) {
      if (!r.latent_estimated) std::cout << "  no estimate: " << r.problem << "\n";
    } else if (!r.estimated) {
      std::cout << "  no estimate: " << r.problem << "\n";
    } else {
      std::printf(
          "  documented: %.0f (a minimum); estimated: %.0f (95%% interval %.0f to %.0f, "
          "profile likelihood)\n",
          r.table.observed(), r.fit.total, r.fit.lower, r.fit.upper);
      std::printf(
          "  log-linear model %s: %d parameters, deviance %.2f on %d degrees of freedom, "
          "AIC %.1f, BIC %.1f\n",
          estimate::ModelName(r.fit.terms).c_str(), r.fit.parameters, r.fit.deviance,
          r.fit.degrees_of_freedom, r.fit.aic, r.fit.bic);
      if (r.fit.bootstrap_replicates > 0) {
        std::printf("  parametric bootstrap (%d replicates): 95%% interval %.0f to %.0f\n",
                    r.fit.bootstrap_replicates, r.fit.bootstrap_lower, r.fit.bootstrap_upper);
      }
      if (r.models.size() > 1) {
        std::vector<estimate::LogLinearFit> ranked;
        for (const auto& m : r.models) {
          if (m.estimable) ranked.push_back(m);
        }
        bool aic = estimate_request.criterion == estimate::Criterion::kAic;
        std::sort(ranked.begin(), ranked.end(), [&](const auto& x, const auto& y) {
          return aic ? x.aic < y.aic : x.bic < y.bic;
        });
        std::cout << "  models side by side (best first):\n";
        for (size_t i = 0; i < ranked.size() && i < 5; ++i) {
          std::printf("    %-24s total %8.0f  AIC %9.1f  BIC %9.1f\n",
                      estimate::ModelName(ranked[i].terms).c_str(), ranked[i].total, ranked[i].aic,
                      ranked[i].bic);
        }
      }
    }
    for (const auto& w : r.warnings) std::cout << "  warning: " << w << "\n";
  }
  for (const auto& sum : estimated->combined) {
    std::printf(
        "all strata (%s): documented: %.0f (a minimum); estimated: %.0f (95%% interval "
        "%.0f to %.0f, from the strata's %s)\n",
        sum.method.c_str(), sum.documented, sum.total, sum.lower, sum.upper,
        sum.method == "lcmcr" ? "posterior draws" : "bootstrap replicates");
  }
  for (const auto& w : estimated->warnings) std::cout << "warning: " << w << "\n";
  // Only an estimate can be weighed against linkage.
  if (sensitivity && sensitivity->as_linked.estimated) {
    if (sensitivity->persons_joined > 0) {
      std::cout << "linkage: the pairs left for review ('reckon review') join "
                << sensitivity->persons_joined
                << " of these victims to others; were every such pair one person:\n  "
                << VictimEstimateText(sensitivity->merged) << "\n";
    } else {
      std::cout << "linkage: no pair left for review joins these victims; the figure does not "
                   "hang on undecided pairs\n";
    }
  }
  if (stored_run != model::kNoId) {
    std::cout << "stored as estimate run #" << stored_run
              << " (the tables, settings and seed that reproduce it: reckon show estimate_run "
              << stored_run << ")\n";
  }
  bool any = std::any_of(results->begin(), results->end(),
                         [](const auto& r) { return r.estimated || r.latent_estimated; });
  if (!any) code = ExitCodeFor(ErrorCode::kFailedPrecondition);
});
std::string table_out;
auto* estimate_table =
    estimate_command->add_subcommand("table", "The case's list-overlap table (CSV)");
estimate_table->add_option("--act", case_table.act, "Victims of this act type");
estimate_table->add_option("--lists", case_table.sources, "These sources as the lists")
    ->delimiter(',');
estimate_table->add_option("--out", table_out, "Write the CSV here (default: print it)");
estimate_table->callback([&] {
  auto c = open();
  if (!ok(c)) return;
  auto table = service::CaseCaptureTable(**c, case_table);
  if (!ok(table)) return;
  std::string csv = estimate::TableCsv(*table);
  if (table_out.empty()) {
    std::cout << csv;
    return;
  }
  std::ofstream out(table_out, std::ios::binary);
  out << csv;
  if (!out) {
    code = Fail(Error{ErrorCode::kUnavailable, table_out + ": cannot write"}, globals.json);
    return;
  }
  std::cout << "wrote the " << table->list_count() << "-list table of "
            << static_cast<long long>(table->observed()) << " persons to " << table_out << "\n";
});

try {
  app.parse(argc, argv);
} catch (const CLI::ParseError& error) {
  int parse_code = app.exit(error);
  return parse_code == 0 ? 0 : ExitCodeFor(ErrorCode::kInvalidArgument);
}
return code;
}  // namespace reckon::cli

}  // namespace reckon::cli
