#include "reckon/evidence/bundle.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "reckon/core/encoding.h"
#include "reckon/core/sha256.h"
#include "reckon/evidence/log.h"
#include "reckon/evidence/merkle.h"
#include "reckon/store/canonical.h"

namespace reckon::evidence {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

std::string B64(const Digest& hash) {
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(hash.data()), hash.size()));
}

std::optional<Digest> HashFromB64(const nlohmann::json& value) {
  if (!value.is_string()) return std::nullopt;
  auto bytes = Base64Decode(value.get<std::string>());
  if (!bytes || bytes->size() != 32) return std::nullopt;
  Digest hash;
  std::copy(bytes->begin(), bytes->end(), hash.begin());
  return hash;
}

ordered_json ItemJson(const model::EvidenceItem& e) {
  return {{"id", e.id},
          {"sha256", e.sha256},
          {"size", e.size},
          {"original_name", e.original_name},
          {"media_type", e.media_type},
          {"derived_from", e.derived_from},
          {"derivation", e.derivation},
          {"collected_by", e.collected_by},
          {"collected_at", e.collected_at},
          {"place_id", e.place_id},
          {"method", e.method},
          {"source_url", e.source_url},
          {"note", e.note},
          {"capture_metadata", e.capture_metadata}};
}

model::EvidenceItem ItemFromJson(const nlohmann::json& j) {
  model::EvidenceItem e;
  e.id = j.at("id");
  e.sha256 = j.at("sha256");
  e.size = j.at("size");
  e.original_name = j.at("original_name");
  e.media_type = j.at("media_type");
  e.derived_from = j.at("derived_from");
  e.derivation = j.at("derivation");
  e.collected_by = j.at("collected_by");
  e.collected_at = j.at("collected_at");
  e.place_id = j.at("place_id");
  e.method = j.at("method");
  e.source_url = j.at("source_url");
  e.note = j.at("note");
  e.capture_metadata = j.at("capture_metadata");
  return e;
}

ordered_json CustodyJson(const model::CustodyEvent& c) {
  return {
      {"id", c.id},    {"item_id", c.item_id}, {"action", c.action},   {"actor", c.actor},
      {"at", c.at},    {"place", c.place},     {"purpose", c.purpose}, {"authority", c.authority},
      {"note", c.note}};
}

model::CustodyEvent CustodyFromJson(const nlohmann::json& j) {
  return model::CustodyEvent{j.at("id"),      j.at("item_id"),   j.at("action"),
                             j.at("actor"),   j.at("at"),        j.at("place"),
                             j.at("purpose"), j.at("authority"), j.at("note")};
}

// The leaf of the latest change of a record, with what opens it and its proof.
Result<ordered_json> LeafJson(store::Store& store, CaseLog& log, store::RecordKind kind,
                              model::Id id, std::int64_t tree_size) {
  RECKON_ASSIGN_OR_RETURN(auto change, store.LatestChange(kind, id));
  if (!change) {
    return MakeError(ErrorCode::kDataLoss, std::string(store::RecordKindName(kind)) + " " +
                                               std::to_string(id) + " has no change in the log");
  }
  RECKON_ASSIGN_OR_RETURN(auto leaf, store.FindLogLeaf(change->sequence));
  if (!leaf || leaf->index >= tree_size) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the latest checkpoint does not cover " +
                         std::string(store::RecordKindName(kind)) + " " + std::to_string(id) +
                         "; sign a new checkpoint with 'reckon log checkpoint' first");
  }
  RECKON_ASSIGN_OR_RETURN(auto proof, log.InclusionProof(leaf->index, tree_size));
  ordered_json proof_json = ordered_json::array();
  for (const auto& hash : proof) proof_json.push_back(B64(hash));
  return ordered_json{{"change",
                       {{"sequence", change->sequence},
                        {"at", change->at},
                        {"actor", change->actor},
                        {"operation", change->operation},
                        {"kind", std::string(store::RecordKindName(change->kind))},
                        {"record_id", change->record_id},
                        {"old_hash", change->old_hash},
                        {"new_hash", change->new_hash},
                        {"reason", change->reason}}},
                      {"salt", Base64Encode(leaf->salt)},
                      {"leaf_index", leaf->index},
                      {"leaf_hash", B64(leaf->hash)},
                      {"proof", proof_json}};
}

}  // namespace

Result<std::int64_t> ExportBundle(store::Store& store, const Vault& vault,
                                  const std::vector<model::Id>& items,
                                  const std::string& directory) {
  if (items.empty()) return MakeError(ErrorCode::kInvalidArgument, "name the items to export");
  if (fs::exists(fs::path(directory) / "bundle.json")) {
    return MakeError(ErrorCode::kAlreadyExists, directory + " already holds a bundle");
  }
  RECKON_ASSIGN_OR_RETURN(auto checkpoints, store.ListCheckpoints());
  if (checkpoints.empty()) {
    return MakeError(ErrorCode::kFailedPrecondition,
                     "the log has no checkpoint; sign one with 'reckon log checkpoint' first");
  }
  const store::StoredCheckpoint& checkpoint = checkpoints.back();
  CaseLog log(store);
  ordered_json bundle;
  bundle["format"] = "reckon-bundle/1";
  bundle["checkpoint"] = checkpoint.note;
  bundle["items"] = ordered_json::array();
  std::error_code error;
  fs::create_directories(fs::path(directory) / "files", error);
  if (error) return MakeError(ErrorCode::kUnavailable, directory + ": " + error.message());
  std::int64_t files = 0;
  for (model::Id id : items) {
    RECKON_ASSIGN_OR_RETURN(auto item, store.GetEvidenceItem(id));
    RECKON_TRY(vault.Check(item.sha256, item.size));
    const std::string file =
        "files/" + item.sha256 + "-" + fs::path(item.original_name).filename().string();
    fs::copy_file(vault.PathOf(item.sha256), fs::path(directory) / file,
                  fs::copy_options::overwrite_existing, error);
    if (error) return MakeError(ErrorCode::kUnavailable, file + ": " + error.message());
    ++files;
    ordered_json entry;
    entry["record"] = ItemJson(item);
    entry["file"] = file;
    RECKON_ASSIGN_OR_RETURN(
        entry["leaf"], LeafJson(store, log, store::RecordKind::kEvidenceItem, id, checkpoint.size));
    entry["custody"] = ordered_json::array();
    RECKON_ASSIGN_OR_RETURN(auto custody, store.ListCustody(id));
    for (const auto& event : custody) {
      RECKON_ASSIGN_OR_RETURN(auto leaf, LeafJson(store, log, store::RecordKind::kCustodyEvent,
                                                  event.id, checkpoint.size));
      entry["custody"].push_back({{"record", CustodyJson(event)}, {"leaf", leaf}});
    }
    bundle["items"].push_back(entry);
  }
  std::ofstream out(fs::path(directory) / "bundle.json");
  out << bundle.dump(2) << "\n";
  if (!out) return MakeError(ErrorCode::kUnavailable, directory + "/bundle.json: cannot write");
  return files;
}

Result<BundleReport> VerifyBundle(const std::string& directory,
                                  const std::vector<VerifierKey>& keys) {
  std::ifstream in(fs::path(directory) / "bundle.json");
  if (!in) return MakeError(ErrorCode::kNotFound, directory + "/bundle.json: cannot open");
  nlohmann::json bundle = nlohmann::json::parse(in, nullptr, false);
  if (bundle.is_discarded() || !bundle.is_object() ||
      bundle.value("format", "") != "reckon-bundle/1") {
    return MakeError(ErrorCode::kInvalidArgument,
                     directory + "/bundle.json is not a reckon-bundle/1 document");
  }
  BundleReport report;
  auto check = [&](std::string what, bool ok, std::string detail = "") {
    report.checks.push_back({std::move(what), ok, std::move(detail)});
    return ok;
  };
  try {
    // The checkpoint: signed by a trusted key, and its root.
    auto opened = OpenNote(bundle.at("checkpoint").get<std::string>(), keys);
    if (!check("checkpoint signature", opened.has_value(),
               opened ? "signed by " + opened->signed_by.front() : opened.error().message)) {
      return report;
    }
    auto checkpoint = Checkpoint::Parse(opened->text);
    if (!check("checkpoint body", checkpoint.has_value(),
               checkpoint ? "" : checkpoint.error().message)) {
      return report;
    }
    report.checkpoint_origin = checkpoint->origin;
    report.checkpoint_size = checkpoint->size;

    // A record: its hash is the change's new hash, the change opens the leaf, the leaf is in
    // the tree of the checkpoint.
    auto check_leaf = [&](const std::string& label, const std::string& record_hash,
                          const nlohmann::json& leaf_json, store::RecordKind kind, model::Id id) {
      const auto& change_json = leaf_json.at("change");
      store::Change change;
      change.sequence = change_json.at("sequence");
      change.at = change_json.at("at");
      change.actor = change_json.at("actor");
      change.operation = change_json.at("operation");
      auto change_kind = store::RecordKindFromName(change_json.at("kind").get<std::string>());
      change.kind = change_kind ? *change_kind : kind;
      change.record_id = change_json.at("record_id");
      change.old_hash = change_json.at("old_hash");
      change.new_hash = change_json.at("new_hash");
      change.reason = change_json.at("reason");
      check(label + ": record matches its logged hash",
            change.kind == kind && change.record_id == id && change.new_hash == record_hash);
      auto salt = Base64Decode(leaf_json.at("salt").get<std::string>());
      auto leaf_hash = HashFromB64(leaf_json.at("leaf_hash"));
      bool leaf_ok = salt && leaf_hash && HashLeaf(LeafData(change, *salt)) == *leaf_hash;
      check(label + ": leaf opens to that change", leaf_ok);
      std::vector<Hash> proof;
      bool proof_parsed = true;
      for (const auto& hash : leaf_json.at("proof")) {
        auto parsed = HashFromB64(hash);
        if (!parsed) proof_parsed = false;
        if (parsed) proof.push_back(*parsed);
      }
      auto included =
          leaf_hash && proof_parsed
              ? VerifyInclusion(*leaf_hash, leaf_json.at("leaf_index").get<std::uint64_t>(),
                                checkpoint->size, proof, checkpoint->root)
              : Status(MakeError(ErrorCode::kInvalidArgument, "malformed proof"));
      check(label + ": leaf " + std::to_string(leaf_json.at("leaf_index").get<std::int64_t>()) +
                " is in the checkpointed log",
            included.has_value(), included ? "" : included.error().message);
    };

    for (const auto& entry : bundle.at("items")) {
      model::EvidenceItem item = ItemFromJson(entry.at("record"));
      const std::string label =
          "evidence " + std::to_string(item.id) + " (" + item.original_name + ")";
      const fs::path file = fs::path(directory) / entry.at("file").get<std::string>();
      auto digest = Sha256OfFile(file.string());
      std::error_code size_error;
      auto size = fs::file_size(file, size_error);
      check(label + ": file hashes to the recorded SHA-256",
            digest && HexOf(*digest) == item.sha256 && !size_error &&
                static_cast<std::int64_t>(size) == item.size,
            digest ? "" : digest.error().message);
      check_leaf(label, Sha256Hex(store::CanonicalForm(item)), entry.at("leaf"),
                 store::RecordKind::kEvidenceItem, item.id);
      for (const auto& custody : entry.at("custody")) {
        model::CustodyEvent event = CustodyFromJson(custody.at("record"));
        check(label + ": custody event " + std::to_string(event.id) + " is for this item",
              event.item_id == item.id);
        check_leaf(label + ": custody event " + std::to_string(event.id) + " (" + event.action +
                       " by " + event.actor + ")",
                   Sha256Hex(store::CanonicalForm(event)), custody.at("leaf"),
                   store::RecordKind::kCustodyEvent, event.id);
      }
    }
  } catch (const nlohmann::json::exception& error) {
    return MakeError(
        ErrorCode::kInvalidArgument,
        directory + "/bundle.json: a field is missing or of the wrong type (" + error.what() + ")");
  }
  return report;
}

}  // namespace reckon::evidence
