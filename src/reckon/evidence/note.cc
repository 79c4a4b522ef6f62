#include "reckon/evidence/note.h"

#include <sodium.h>

#include <charconv>
#include <cstdio>

#include "reckon/core/encoding.h"
#include "reckon/core/text.h"

namespace reckon::evidence {
namespace {

constexpr std::uint8_t kEd25519 = 0x01;
constexpr std::string_view kDash = "\xE2\x80\x94 ";  // U+2014 and a space.
constexpr size_t kMaxSignatures = 100;

Error Malformed(const std::string& what) {
  return Error{ErrorCode::kInvalidArgument, "malformed " + what};
}

std::uint32_t KeyId(std::string_view name, const std::array<std::uint8_t, 32>& public_key) {
  std::string input(name);
  input += '\n';
  input += static_cast<char>(kEd25519);
  input.append(reinterpret_cast<const char*>(public_key.data()), public_key.size());
  Digest digest = Sha256Of(input);
  return (static_cast<std::uint32_t>(digest[0]) << 24) |
         (static_cast<std::uint32_t>(digest[1]) << 16) |
         (static_cast<std::uint32_t>(digest[2]) << 8) | static_cast<std::uint32_t>(digest[3]);
}

std::string IdHex(std::uint32_t id) {
  char buffer[9];
  std::snprintf(buffer, sizeof buffer, "%08x", id);
  return buffer;
}

bool ValidName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (c == '+' || c == ' ' || c == '\n' || static_cast<unsigned char>(c) < 0x20) return false;
  }
  return !FindInvalidUtf8(name).has_value();
}

// Splits "name+hash+base64" (the base64 part may itself contain '+').
Result<std::array<std::string_view, 3>> SplitKey(std::string_view text) {
  size_t first = text.find('+');
  if (first == std::string_view::npos) return tl::unexpected(Malformed("key: no '+'"));
  size_t second = text.find('+', first + 1);
  if (second == std::string_view::npos) return tl::unexpected(Malformed("key: one '+' only"));
  return std::array<std::string_view, 3>{
      text.substr(0, first), text.substr(first + 1, second - first - 1), text.substr(second + 1)};
}

// Parses "hash" and "base64(0x01 || 32 bytes)" of a key string, checking the id against `name`.
Result<std::pair<std::uint32_t, std::array<std::uint8_t, 32>>> KeyMaterial(
    std::string_view name, std::string_view hash, std::string_view material, bool is_seed,
    const char* what) {
  if (!ValidName(name)) return tl::unexpected(Malformed(std::string(what) + ": bad name"));
  std::uint32_t id = 0;
  auto [ptr, ec] = std::from_chars(hash.data(), hash.data() + hash.size(), id, 16);
  if (hash.size() != 8 || ec != std::errc() || ptr != hash.data() + hash.size()) {
    return tl::unexpected(Malformed(std::string(what) + ": the hash is not 8 hex digits"));
  }
  auto bytes = Base64Decode(material);
  if (!bytes || bytes->size() != 33) {
    return tl::unexpected(Malformed(std::string(what) + ": the key is not 33 base64 bytes"));
  }
  if (static_cast<std::uint8_t>((*bytes)[0]) != kEd25519) {
    return tl::unexpected(Malformed(std::string(what) + ": not an Ed25519 key"));
  }
  std::array<std::uint8_t, 32> key{};
  std::copy(bytes->begin() + 1, bytes->end(), key.begin());
  std::array<std::uint8_t, 32> public_key = key;
  if (is_seed) {
    std::array<std::uint8_t, 64> secret{};
    crypto_sign_seed_keypair(public_key.data(), secret.data(), key.data());
    sodium_memzero(secret.data(), secret.size());
  }
  if (KeyId(name, public_key) != id) {
    return tl::unexpected(Malformed(std::string(what) + ": the hash does not match the key"));
  }
  return std::pair{id, key};
}

}  // namespace

bool Ed25519Verify(std::string_view public_key, std::string_view message,
                   std::string_view signature) {
  if (public_key.size() != crypto_sign_PUBLICKEYBYTES || signature.size() != crypto_sign_BYTES) {
    return false;
  }
  if (sodium_init() < 0) return false;
  return crypto_sign_verify_detached(
             reinterpret_cast<const unsigned char*>(signature.data()),
             reinterpret_cast<const unsigned char*>(message.data()), message.size(),
             reinterpret_cast<const unsigned char*>(public_key.data())) == 0;
}

std::string VerifierKey::ToString() const {
  std::string material(1, static_cast<char>(kEd25519));
  material.append(reinterpret_cast<const char*>(public_key.data()), public_key.size());
  return name + "+" + IdHex(id) + "+" + Base64Encode(material);
}

Result<VerifierKey> VerifierKey::Parse(std::string_view text) {
  RECKON_ASSIGN_OR_RETURN(auto parts, SplitKey(Trim(text)));
  RECKON_ASSIGN_OR_RETURN(auto material,
                          KeyMaterial(parts[0], parts[1], parts[2], false, "verifier key"));
  VerifierKey key;
  key.name = std::string(parts[0]);
  key.id = material.first;
  key.public_key = material.second;
  return key;
}

Result<SignerKey> SignerKey::Generate(std::string_view name) {
  if (!ValidName(name)) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "a key name must be non-empty, without spaces or '+'");
  }
  if (sodium_init() < 0) return MakeError(ErrorCode::kUnavailable, "libsodium did not start");
  SignerKey key;
  key.name = std::string(name);
  randombytes_buf(key.seed.data(), key.seed.size());
  return key;
}

std::string SignerKey::ToString() const {
  std::string material(1, static_cast<char>(kEd25519));
  material.append(reinterpret_cast<const char*>(seed.data()), seed.size());
  return "PRIVATE+KEY+" + name + "+" + IdHex(Verifier().id) + "+" + Base64Encode(material);
}

Result<SignerKey> SignerKey::Parse(std::string_view text) {
  text = Trim(text);
  constexpr std::string_view kPrefix = "PRIVATE+KEY+";
  if (text.substr(0, kPrefix.size()) != kPrefix) {
    return tl::unexpected(Malformed("signer key: it must start with PRIVATE+KEY+"));
  }
  RECKON_ASSIGN_OR_RETURN(auto parts, SplitKey(text.substr(kPrefix.size())));
  RECKON_ASSIGN_OR_RETURN(auto material,
                          KeyMaterial(parts[0], parts[1], parts[2], true, "signer key"));
  SignerKey key;
  key.name = std::string(parts[0]);
  key.seed = material.second;
  return key;
}

VerifierKey SignerKey::Verifier() const {
  VerifierKey verifier;
  verifier.name = name;
  std::array<std::uint8_t, 64> secret{};
  crypto_sign_seed_keypair(verifier.public_key.data(), secret.data(), seed.data());
  sodium_memzero(secret.data(), secret.size());
  verifier.id = KeyId(name, verifier.public_key);
  return verifier;
}

Result<std::string> SignNote(std::string_view text, const SignerKey& key) {
  if (text.empty() || text.back() != '\n') {
    return MakeError(ErrorCode::kInvalidArgument, "a note's text must end with a newline");
  }
  std::array<std::uint8_t, 32> public_key{};
  std::array<std::uint8_t, 64> secret{};
  crypto_sign_seed_keypair(public_key.data(), secret.data(), key.seed.data());
  std::string signature(4 + crypto_sign_BYTES, '\0');
  std::uint32_t id = KeyId(key.name, public_key);
  for (int i = 0; i < 4; ++i) {
    signature[static_cast<size_t>(i)] = static_cast<char>(id >> (24 - 8 * i));
  }
  crypto_sign_detached(reinterpret_cast<unsigned char*>(signature.data() + 4), nullptr,
                       reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                       secret.data());
  sodium_memzero(secret.data(), secret.size());
  return std::string(text) + "\n" + std::string(kDash) + key.name + " " + Base64Encode(signature) +
         "\n";
}

Result<OpenedNote> OpenNote(std::string_view note, const std::vector<VerifierKey>& known) {
  if (FindInvalidUtf8(note)) return tl::unexpected(Malformed("note: not UTF-8"));
  for (char c : note) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\n') {
      return tl::unexpected(Malformed("note: a control character"));
    }
  }
  size_t split = note.rfind("\n\n");
  if (split == std::string_view::npos) {
    return tl::unexpected(Malformed("note: no blank line before the signatures"));
  }
  OpenedNote opened;
  opened.text = std::string(note.substr(0, split + 1));
  std::string_view signatures = note.substr(split + 2);
  if (signatures.empty() || signatures.back() != '\n') {
    return tl::unexpected(Malformed("note: the signatures must end with a newline"));
  }
  size_t count = 0;
  bool any_verified = false;
  while (!signatures.empty()) {
    size_t end = signatures.find('\n');
    std::string_view line = signatures.substr(0, end);
    signatures.remove_prefix(end + 1);
    if (++count > kMaxSignatures) return tl::unexpected(Malformed("note: too many signatures"));
    if (line.substr(0, kDash.size()) != kDash) {
      return tl::unexpected(Malformed("note: a signature line must start with an em dash"));
    }
    line.remove_prefix(kDash.size());
    size_t space = line.find(' ');
    if (space == std::string_view::npos) return tl::unexpected(Malformed("note: signature line"));
    std::string_view name = line.substr(0, space);
    if (!ValidName(name)) return tl::unexpected(Malformed("note: signature key name"));
    auto bytes = Base64Decode(line.substr(space + 1));
    if (!bytes || bytes->size() < 5) return tl::unexpected(Malformed("note: signature"));
    std::uint32_t id = 0;
    for (int i = 0; i < 4; ++i) {
      id = (id << 8) | static_cast<std::uint8_t>((*bytes)[static_cast<size_t>(i)]);
    }
    const VerifierKey* key = nullptr;
    for (const VerifierKey& candidate : known) {
      if (candidate.name != name || candidate.id != id) continue;
      if (key != nullptr) {
        return MakeError(ErrorCode::kInvalidArgument,
                         "ambiguous key " + std::string(name) + "+" + IdHex(id));
      }
      key = &candidate;
    }
    if (key == nullptr) continue;  // Signed by a key we do not know: not our concern.
    bool valid =
        Ed25519Verify(std::string_view(reinterpret_cast<const char*>(key->public_key.data()),
                                       key->public_key.size()),
                      opened.text, std::string_view(*bytes).substr(4));
    if (!valid) {
      return MakeError(ErrorCode::kDataLoss,
                       "invalid signature for key " + std::string(name) + "+" + IdHex(id));
    }
    opened.signed_by.push_back(key->name);
    any_verified = true;
  }
  if (!any_verified) {
    return MakeError(ErrorCode::kPermissionDenied, "no verifiable signatures on the note");
  }
  return opened;
}

std::string Checkpoint::Body() const {
  std::string body =
      origin + "\n" + std::to_string(size) + "\n" +
      Base64Encode(std::string_view(reinterpret_cast<const char*>(root.data()), root.size())) +
      "\n";
  for (const std::string& line : extensions) body += line + "\n";
  return body;
}

Result<Checkpoint> Checkpoint::Parse(std::string_view body) {
  if (body.empty() || body.back() != '\n') {
    return MakeError(ErrorCode::kInvalidArgument, "a checkpoint ends with a newline");
  }
  std::vector<std::string_view> lines = Split(body.substr(0, body.size() - 1), '\n');
  if (lines.size() < 3) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "a checkpoint has at least three lines: origin, tree size, root hash");
  }
  Checkpoint checkpoint;
  if (lines[0].empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "checkpoint line 1: no origin");
  }
  checkpoint.origin = std::string(lines[0]);
  auto [ptr, ec] =
      std::from_chars(lines[1].data(), lines[1].data() + lines[1].size(), checkpoint.size);
  if (lines[1].empty() || ec != std::errc() || ptr != lines[1].data() + lines[1].size() ||
      (lines[1].size() > 1 && lines[1][0] == '0')) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "checkpoint line 2: '" + std::string(lines[1]) + "' is not a tree size");
  }
  auto root = Base64Decode(lines[2]);
  if (!root || root->size() != 32) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "checkpoint line 3: not the base64 of a 32-byte root hash");
  }
  std::copy(root->begin(), root->end(), checkpoint.root.begin());
  for (size_t i = 3; i < lines.size(); ++i) {
    if (lines[i].empty()) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "checkpoint line " + std::to_string(i + 1) + ": empty extension line");
    }
    checkpoint.extensions.emplace_back(lines[i]);
  }
  return checkpoint;
}

}  // namespace reckon::evidence
