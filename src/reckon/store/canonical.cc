#include "reckon/store/canonical.h"

#include <cstdio>

namespace reckon::store {
namespace {

class Writer {
 public:
  Writer(std::string_view kind, Id id) {
    out_.reserve(512);
    out_ = "reckon-record/1\nkind=";
    out_ += kind;
    Int("id", id);
  }
  Writer& Text(std::string_view name, std::string_view value) {
    out_ += '\n';
    out_ += name;
    out_ += '=';
    size_t start = 0;
    for (size_t i = 0; i < value.size(); ++i) {
      char c = value[i];
      if (c != '\\' && c != '\n') continue;
      out_.append(value.data() + start, i - start);
      out_ += c == '\\' ? "\\\\" : "\\n";
      start = i + 1;
    }
    out_.append(value.data() + start, value.size() - start);
    return *this;
  }
  Writer& Int(std::string_view name, std::int64_t value) {
    return Text(name, std::to_string(value));
  }
  Writer& Real(std::string_view name, const std::optional<double>& value) {
    if (!value) return Text(name, "");
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.17g", *value);
    return Text(name, buffer);
  }
  Writer& Date(std::string_view name, const UncertainDate& date) {
    return Text(name, date.ToString());
  }
  Writer& Age(std::string_view name, const AgeRange& age) {
    if (!age.known()) return Text(name, "");
    return Text(name, std::to_string(age.youngest) + "-" + std::to_string(age.oldest) +
                          (age.approximate ? "~" : ""));
  }
  std::string Finish() {
    out_ += '\n';
    return std::move(out_);
  }

 private:
  std::string out_;
};

}  // namespace

std::string CanonicalForm(const model::Source& s) {
  return Writer("source", s.id)
      .Text("name", s.name)
      .Text("kind", s.kind)
      .Text("reliability", std::string(1, s.reliability))
      .Int("credibility", s.credibility)
      .Text("description", s.description)
      .Finish();
}

std::string CanonicalForm(const model::Import& i) {
  return Writer("import", i.id)
      .Int("source_id", i.source_id)
      .Text("file_name", i.file_name)
      .Text("file_sha256", i.file_sha256)
      .Text("format", i.format)
      .Text("mapping", i.mapping)
      .Int("rows", i.rows)
      .Int("rejected", i.rejected)
      .Text("imported_at", i.imported_at)
      .Text("actor", i.actor)
      .Finish();
}

std::string CanonicalForm(const model::RawRecord& r) {
  return Writer("raw_record", r.id)
      .Int("import_id", r.import_id)
      .Int("source_id", r.source_id)
      .Int("line", r.line)
      .Int("row", r.row)
      .Text("content", r.content)
      .Finish();
}

std::string CanonicalForm(const model::Place& p) {
  Writer w("place", p.id);
  w.Text("name", p.name).Text("kind", p.kind).Int("parent_id", p.parent_id);
  w.Real("latitude", p.latitude).Real("longitude", p.longitude);
  for (const auto& other : p.other_names) w.Text("other_name", other.language + ":" + other.name);
  return w.Finish();
}

std::string CanonicalForm(const model::Event& e) {
  return Writer("event", e.id)
      .Text("name", e.name)
      .Text("description", e.description)
      .Date("date", e.date)
      .Int("place_id", e.place_id)
      .Int("parent_id", e.parent_id)
      .Finish();
}

std::string CanonicalForm(const model::PersonMention& m) {
  return Writer("mention", m.id)
      .Int("raw_record_id", m.raw_record_id)
      .Int("source_id", m.source_id)
      .Text("full_name", m.name.full)
      .Text("given_name", m.name.given)
      .Text("patronymic", m.name.patronymic)
      .Text("family_name", m.name.family)
      .Text("sex", m.sex)
      .Date("birth", m.birth)
      .Age("age", m.age)
      .Text("household", m.household)
      .Int("residence_place_id", m.residence_place_id)
      .Text("status", m.status)
      .Text("role", m.role)
      .Text("protection", m.protection)
      .Text("source_key", m.source_key)
      .Finish();
}

std::string CanonicalForm(const model::Organization& o) {
  return Writer("organization", o.id)
      .Text("name", o.name)
      .Text("kind", o.kind)
      .Int("parent_id", o.parent_id)
      .Finish();
}

std::string CanonicalForm(Id id, const model::OrganizationRelation& r) {
  return Writer("organization_relation", id)
      .Int("from_id", r.from_id)
      .Int("to_id", r.to_id)
      .Text("relation", r.relation)
      .Date("period", r.period)
      .Int("source_id", r.source_id)
      .Finish();
}

std::string CanonicalForm(Id id, const model::Membership& m) {
  return Writer("membership", id)
      .Int("person_id", m.person_id)
      .Int("organization_id", m.organization_id)
      .Text("position", m.position)
      .Date("period", m.period)
      .Int("source_id", m.source_id)
      .Finish();
}

std::string CanonicalForm(const model::Act& a) {
  Writer w("act", a.id);
  w.Int("raw_record_id", a.raw_record_id)
      .Int("source_id", a.source_id)
      .Text("type", a.type)
      .Int("victim_mention_id", a.victim_mention_id)
      .Int("group_size", a.group_size)
      .Int("group_size_approximate", a.group_size_approximate ? 1 : 0)
      .Text("group_description", a.group_description)
      .Int("event_id", a.event_id)
      .Date("date", a.date)
      .Int("place_id", a.place_id)
      .Text("status", a.status)
      .Text("description", a.description);
  for (const auto& p : a.perpetrators) {
    w.Text("perpetrator", std::to_string(p.person_id) + "|" + std::to_string(p.organization_id) +
                              "|" + p.involvement + "|" + p.name_as_given);
  }
  return w.Finish();
}

std::string CanonicalForm(const model::InvestigativeAction& a) {
  Writer w("action", a.id);
  w.Text("kind", a.kind)
      .Date("date", a.date)
      .Int("place_id", a.place_id)
      .Text("description", a.description)
      .Int("source_id", a.source_id);
  for (Id person : a.person_ids) w.Int("person_id", person);
  for (const auto& document : a.documents) w.Text("document", document);
  return w.Finish();
}

std::string CanonicalForm(const model::Claim& c) {
  return Writer("claim", c.id)
      .Int("raw_record_id", c.raw_record_id)
      .Int("source_id", c.source_id)
      .Text("metric", c.metric)
      .Real("value", c.value)
      .Text("scope", c.scope)
      .Text("unit", c.unit)
      .Text("citation", c.citation)
      .Date("stated", c.stated)
      .Finish();
}

std::string CanonicalForm(const model::Loss& l) {
  return Writer("loss", l.id)
      .Int("raw_record_id", l.raw_record_id)
      .Int("source_id", l.source_id)
      .Text("kind", l.kind)
      .Text("description", l.description)
      .Real("amount", l.amount)
      .Text("currency", l.currency)
      .Date("date", l.date)
      .Text("owner_kind", l.owner_kind)
      .Int("owner_mention_id", l.owner_mention_id)
      .Text("owner_household", l.owner_household)
      .Int("place_id", l.place_id)
      .Int("event_id", l.event_id)
      .Finish();
}

std::string CanonicalForm(const model::EvidenceItem& e) {
  return Writer("evidence", e.id)
      .Text("sha256", e.sha256)
      .Int("size", e.size)
      .Text("original_name", e.original_name)
      .Text("media_type", e.media_type)
      .Int("derived_from", e.derived_from)
      .Text("derivation", e.derivation)
      .Text("collected_by", e.collected_by)
      .Text("collected_at", e.collected_at)
      .Int("place_id", e.place_id)
      .Text("method", e.method)
      .Text("source_url", e.source_url)
      .Text("note", e.note)
      .Text("capture_metadata", e.capture_metadata)
      .Finish();
}

std::string CanonicalForm(Id id, const model::EvidenceLink& l) {
  return Writer("evidence_link", id)
      .Int("item_id", l.item_id)
      .Text("kind", l.kind)
      .Int("record_id", l.record_id)
      .Finish();
}

std::string CanonicalForm(const model::CustodyEvent& c) {
  return Writer("custody_event", c.id)
      .Int("item_id", c.item_id)
      .Text("action", c.action)
      .Text("actor", c.actor)
      .Text("at", c.at)
      .Text("place", c.place)
      .Text("purpose", c.purpose)
      .Text("authority", c.authority)
      .Text("note", c.note)
      .Finish();
}

std::string CanonicalForm(const model::LinkDecision& d) {
  return Writer("link_decision", d.id)
      .Int("mention_a", d.mention_a)
      .Int("mention_b", d.mention_b)
      .Text("verdict", d.verdict)
      .Text("actor", d.actor)
      .Text("at", d.at)
      .Text("reason", d.reason)
      .Finish();
}

std::string CanonicalForm(const model::LinkRun& r) {
  return Writer("link_run", r.id)
      .Text("at", r.at)
      .Text("actor", r.actor)
      .Text("mode", r.mode)
      .Text("settings", r.settings)
      .Text("model", r.model)
      .Text("summary", r.summary)
      .Int("mentions", r.mentions)
      .Int("persons", r.persons)
      .Int("max_mention_id", r.max_mention_id)
      .Text("assignment_sha256", r.assignment_sha256)
      .Finish();
}

std::string CanonicalForm(const model::EstimateRun& r) {
  return Writer("estimate_run", r.id)
      .Text("at", r.at)
      .Text("actor", r.actor)
      .Text("act", r.act)
      .Text("by", r.by)
      .Text("method", r.method)
      .Text("settings", r.settings)
      .Text("tables", r.tables)
      .Text("results", r.results)
      .Finish();
}

std::string CanonicalForm(const ImportedRow& row) {
  std::string out = CanonicalForm(row.raw);
  if (row.mention) out += CanonicalForm(*row.mention);
  if (row.act) out += CanonicalForm(*row.act);
  if (row.loss) out += CanonicalForm(*row.loss);
  if (row.claim) out += CanonicalForm(*row.claim);
  return out;
}

}  // namespace reckon::store
