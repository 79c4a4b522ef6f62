// Signed notes and checkpoints in the formats the transparency-log world uses, so that outside
// verifiers can check reckon's checkpoints: C2SP signed-note (Ed25519 signatures, key strings
// "name+hash+base64key" and "PRIVATE+KEY+name+hash+base64seed") and C2SP tlog-checkpoint (origin,
// tree size and base64 root hash as the note's first three lines). Ed25519 is libsodium's:
// signatures must be canonical and keys of small order are refused (docs/formats/checkpoint.md).
// All types are values; functions are thread-safe.
#ifndef RECKON_EVIDENCE_NOTE_H_
#define RECKON_EVIDENCE_NOTE_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "reckon/core/result.h"
#include "reckon/evidence/merkle.h"

namespace reckon::evidence {

struct VerifierKey {
  std::string name;
  std::uint32_t id = 0;  // First 4 bytes of SHA-256(name || "\n" || 0x01 || public key).
  std::array<std::uint8_t, 32> public_key{};

  // "name+hash+base64(0x01 || public key)".
  [[nodiscard]] std::string ToString() const;
  // kInvalidArgument ("malformed verifier key: ...") for a bad string, a hash that does not
  // match, or an algorithm other than Ed25519.
  [[nodiscard]] static Result<VerifierKey> Parse(std::string_view text);
};

struct SignerKey {
  std::string name;
  std::array<std::uint8_t, 32> seed{};

  // Makes a new key from the operating system's random source.
  [[nodiscard]] static Result<SignerKey> Generate(std::string_view name);
  // "PRIVATE+KEY+name+hash+base64(0x01 || seed)".
  [[nodiscard]] std::string ToString() const;
  [[nodiscard]] static Result<SignerKey> Parse(std::string_view text);
  [[nodiscard]] VerifierKey Verifier() const;
};

// The Ed25519 verification reckon applies (libsodium's crypto_sign_verify_detached): true when
// `signature` (64 bytes) is valid for `message` under `public_key` (32 bytes). It refuses
// small-order and non-canonical points and non-canonical S (docs/formats/checkpoint.md).
[[nodiscard]] bool Ed25519Verify(std::string_view public_key, std::string_view message,
                                 std::string_view signature);

// Signs `text` (which must end in a newline) and returns the signed note.
[[nodiscard]] Result<std::string> SignNote(std::string_view text, const SignerKey& key);

struct OpenedNote {
  std::string text;                    // The signed text, with its final newline.
  std::vector<std::string> signed_by;  // Names of the known keys whose signatures verified.
};

// Checks a signed note against the known keys. Signatures by unknown keys are ignored. Returns
// kInvalidArgument ("malformed ...") for a note that breaks the format, kPermissionDenied when no
// known key signed it, kDataLoss when a known key's signature is wrong, and kInvalidArgument
// ("ambiguous key ...") when two known keys share a name and id and one of them is used.
[[nodiscard]] Result<OpenedNote> OpenNote(std::string_view note,
                                          const std::vector<VerifierKey>& known);

struct Checkpoint {
  std::string origin;  // Names the log: reckon uses "reckon/<case id>".
  std::uint64_t size = 0;
  Hash root{};
  std::vector<std::string> extensions;  // Further lines, kept as they are.

  // The note body: "origin\nsize\nbase64(root)\n" then the extension lines.
  [[nodiscard]] std::string Body() const;
  // kInvalidArgument naming the line that is wrong.
  [[nodiscard]] static Result<Checkpoint> Parse(std::string_view body);
};

}  // namespace reckon::evidence

#endif  // RECKON_EVIDENCE_NOTE_H_
