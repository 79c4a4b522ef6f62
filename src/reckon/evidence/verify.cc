#include "reckon/evidence/verify.h"

#include <map>
#include <thread>
#include <unordered_map>

#include "reckon/evidence/log.h"
#include "reckon/evidence/merkle.h"

namespace reckon::evidence {
namespace {

constexpr size_t kListed = 20;

VerifyCheck Check(std::string name) {
  VerifyCheck check;
  check.name = std::move(name);
  return check;
}

void Fail(VerifyCheck& check, std::string failure) {
  if (check.failures.size() < kListed) check.failures.push_back(std::move(failure));
  ++check.failed;
}

std::string Where(const store::Change& change) {
  return std::string(store::RecordKindName(change.kind)) + " " + std::to_string(change.record_id) +
         " (change " + std::to_string(change.sequence) + ")";
}

}  // namespace

Result<VerifyReport> VerifyCase(store::Store& store, const std::vector<VerifierKey>& keys,
                                const Vault* vault) {
  VerifyReport report;

  VerifyCheck structure = Check("case file structure");
  ++structure.checked;
  if (auto checked = store.CheckIntegrity(); !checked) Fail(structure, checked.error().message);
  report.checks.push_back(structure);

  // The change log: each record's chain of hashes, and each record against its latest hash.
  VerifyCheck chain = Check("change chains");
  VerifyCheck records = Check("records");
  VerifyCheck leaves_check = Check("log leaves");
  // Latest change per record, keyed by kind and id packed in one integer.
  auto key_of = [](store::RecordKind kind, store::Id id) {
    return (static_cast<std::uint64_t>(kind) << 56) | static_cast<std::uint64_t>(id);
  };
  std::unordered_map<std::uint64_t, const store::Change*> latest;
  std::vector<store::Change> changes;
  for (std::int64_t after = 0;;) {
    RECKON_ASSIGN_OR_RETURN(auto batch, store.ListChanges(after, 100'000));
    if (batch.empty()) break;
    after = batch.back().sequence;
    changes.insert(changes.end(), std::make_move_iterator(batch.begin()),
                   std::make_move_iterator(batch.end()));
  }
  latest.reserve(changes.size());
  for (const store::Change& change : changes) {
    ++chain.checked;
    auto [previous, inserted] = latest.try_emplace(key_of(change.kind, change.record_id), &change);
    if (change.operation == "create") {
      if (!inserted) Fail(chain, Where(change) + ": created twice");
    } else if (inserted) {
      Fail(chain, Where(change) + ": updated but never created");
    } else if (previous->second->new_hash != change.old_hash) {
      Fail(chain, Where(change) + ": its old hash is not the hash of the change before");
    }
    previous->second = &change;
  }
  // Every stored record against the latest hash logged for it: one pass over each table, on a
  // second connection in a second thread while this one checks the log.
  std::thread records_thread;
  Status records_status;
  auto reader = store.OpenReader();
  auto check_records = [&](store::Store& source) {
    std::unordered_map<std::uint64_t, bool> seen;
    seen.reserve(latest.size());
    records_status = source.ScanRecordHashes([&](store::RecordKind kind, store::Id id,
                                                 const std::string& hash) -> Status {
      ++records.checked;
      auto it = latest.find(key_of(kind, id));
      if (it == latest.end()) {
        Fail(records, std::string(store::RecordKindName(kind)) + " " + std::to_string(id) +
                          ": stored but never logged: written around the change log");
        return {};
      }
      seen[it->first] = true;
      if (hash != it->second->new_hash) {
        Fail(records, Where(*it->second) + ": the record as stored does not match its logged hash");
      }
      return {};
    });
    for (const auto& [key, change] : latest) {
      if (change->kind == store::RecordKind::kPerson || seen.count(key) != 0) continue;
      Fail(records, Where(*change) + ": logged but no longer stored");
    }
    // Which person each mention belongs to is derived, but the latest link run logged a hash of
    // it: a mention moved to another person outside a run shows here.
    auto run = source.LatestLinkRun();
    if (!run) {
      Fail(records, "reading the latest link run: " + run.error().message);
    } else if (*run) {
      ++records.checked;
      auto digest = source.StoredAssignmentSha256((*run)->max_mention_id);
      if (!digest) {
        Fail(records, "reading the persons of mentions: " + digest.error().message);
      } else if (*digest != (*run)->assignment_sha256) {
        Fail(records, "link run " + std::to_string((*run)->id) +
                          ": mentions now belong to other persons than the run left them; "
                          "the assignment was changed outside reckon");
      }
    }
  };
  // Joins the thread on every way out of this function, before what it reads is destroyed.
  struct Joiner {
    std::thread& thread;
    ~Joiner() {
      if (thread.joinable()) thread.join();
    }
  } joiner{records_thread};
  if (reader) {
    records_thread = std::thread([&] { check_records(**reader); });
  } else {
    check_records(store);
  }
  report.checks.push_back(chain);

  // Log leaves against the changes they stand for, and the tree rebuilt from them.
  MemoryTree tree;
  std::map<std::int64_t, const store::Change*> by_sequence;
  for (const auto& change : changes) by_sequence[change.sequence] = &change;
  std::int64_t logged = 0;
  for (std::int64_t from = 0;;) {
    RECKON_ASSIGN_OR_RETURN(auto leaves, store.ListLogLeaves(from, 100'000));
    if (leaves.empty()) break;
    for (const store::LogLeaf& leaf : leaves) {
      ++leaves_check.checked;
      if (leaf.index != logged) {
        Fail(leaves_check, "leaf " + std::to_string(leaf.index) + " is out of order");
      }
      auto change = by_sequence.find(leaf.change_sequence);
      if (change == by_sequence.end()) {
        Fail(leaves_check, "leaf " + std::to_string(leaf.index) + " stands for change " +
                               std::to_string(leaf.change_sequence) + ", which is missing");
      } else if (HashLeaf(LeafData(*change->second, leaf.salt)) != leaf.hash) {
        Fail(leaves_check,
             "leaf " + std::to_string(leaf.index) + " does not match " + Where(*change->second));
      }
      tree.Append(leaf.hash);
      ++logged;
    }
    from = leaves.back().index + 1;
  }
  const auto unlogged = static_cast<std::int64_t>(changes.size()) - logged;
  if (unlogged > 0) {
    leaves_check.note = std::to_string(unlogged) + " changes are not in the log yet";
  }
  report.checks.push_back(leaves_check);

  VerifyCheck nodes = Check("log subtree hashes");
  for (int level = 1; (std::uint64_t{1} << level) <= tree.size(); ++level) {
    for (std::uint64_t index = 0; ((index + 1) << level) <= tree.size(); ++index) {
      ++nodes.checked;
      auto stored = store.LogSubtree(level, static_cast<std::int64_t>(index));
      if (!stored || *stored != *tree.Subtree(level, index)) {
        Fail(nodes, "subtree at level " + std::to_string(level) + " index " +
                        std::to_string(index) + (stored ? " has a wrong hash" : " is missing"));
      }
    }
  }
  report.checks.push_back(nodes);

  // Checkpoints: signed by a known key, for this log, with the root of the rebuilt tree.
  VerifyCheck checkpoints = Check("checkpoints");
  RECKON_ASSIGN_OR_RETURN(std::string case_id, store.CaseId());
  const std::string origin = "reckon/" + case_id;
  checkpoints.note = keys.empty() ? "signatures not checked: no verifier key given"
                                  : "signatures checked against the verifier keys given";
  RECKON_ASSIGN_OR_RETURN(auto stored, store.ListCheckpoints());
  for (const store::StoredCheckpoint& entry : stored) {
    ++checkpoints.checked;
    const std::string label =
        "checkpoint " + std::to_string(entry.id) + " (size " + std::to_string(entry.size) + ")";
    std::string body;
    if (keys.empty()) {
      size_t split = entry.note.rfind("\n\n");
      body = split == std::string::npos ? entry.note : entry.note.substr(0, split + 1);
    } else {
      auto opened = OpenNote(entry.note, keys);
      if (!opened) {
        Fail(checkpoints, label + ": " + opened.error().message);
        continue;
      }
      body = opened->text;
    }
    auto checkpoint = Checkpoint::Parse(body);
    if (!checkpoint) {
      Fail(checkpoints, label + ": " + checkpoint.error().message);
      continue;
    }
    if (checkpoint->origin != origin) {
      std::string message = label + ": it is for log '";
      message += checkpoint->origin;
      message += "', not '" + origin + "'";
      Fail(checkpoints, std::move(message));
    } else if (checkpoint->size > tree.size()) {
      Fail(checkpoints, label + ": it covers more leaves than the log holds (" +
                            std::to_string(tree.size()) + ")");
    } else if (*RootOf(tree, checkpoint->size) != checkpoint->root) {
      Fail(checkpoints, label + ": its root is not the root of the log's first " +
                            std::to_string(checkpoint->size) + " leaves");
    }
  }
  report.checks.push_back(checkpoints);

  // Evidence files: each hashes to its name and has the size the case records.
  VerifyCheck blobs = Check("evidence files");
  if (vault == nullptr) {
    blobs.note = "files not checked: no vault given";
  } else {
    RECKON_ASSIGN_OR_RETURN(auto items, store.ListEvidenceItems());
    for (const auto& item : items) {
      ++blobs.checked;
      if (auto checked = vault->Check(item.sha256, item.size); !checked) {
        Fail(blobs, "evidence " + std::to_string(item.id) + " (" + item.original_name +
                        "): " + checked.error().message);
      }
    }
  }
  report.checks.push_back(blobs);
  if (records_thread.joinable()) records_thread.join();
  if (!records_status) Fail(records, "reading the records: " + records_status.error().message);
  report.checks.insert(report.checks.begin() + 2, records);
  return report;
}

}  // namespace reckon::evidence
