// The evidence vault: files stored by the SHA-256 of their content in a folder beside the case
// (`case.reckon.blobs/ab/cdef...`), written once, read-only afterwards, never changed. Adding
// copies the file in the kernel where it can, then hashes the stored copy in 1 MiB pieces (a
// file is never loaded whole, whatever its size), so a blob's name is always the hash of its own
// bytes; adding content already stored keeps nothing new. Check() re-hashes a blob to show it is
// untouched. A Vault is a value naming a folder; concurrent adds of the same content are safe.
#ifndef RECKON_EVIDENCE_VAULT_H_
#define RECKON_EVIDENCE_VAULT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "reckon/core/result.h"

namespace reckon::evidence {

struct StoredBlob {
  std::string sha256;  // Hex.
  std::int64_t size = 0;
  std::string media_type;  // Detected from the content, not the name.
  bool already_stored = false;
};

// The media type the first bytes of a file show (JPEG, PNG, GIF, TIFF, PDF, ZIP, MP4/MOV, WAV,
// MP3, Ogg, WebM/MKV; UTF-8 text), or application/octet-stream.
[[nodiscard]] std::string DetectMediaType(std::string_view head);

class Vault {
 public:
  explicit Vault(std::string directory) : directory_(std::move(directory)) {}

  // Copies the file at `path` into the vault while hashing it. Returns kNotFound when the file
  // cannot be opened, kUnavailable when the vault cannot be written (nothing is left behind).
  [[nodiscard]] Result<StoredBlob> Add(const std::string& path) const;
  // Where the blob with this hash lives.
  [[nodiscard]] std::string PathOf(std::string_view sha256) const;
  // Re-reads the blob: kNotFound if it is missing, kDataLoss if its size or hash is not what
  // its name and the case say.
  [[nodiscard]] Status Check(std::string_view sha256, std::int64_t size) const;

 private:
  std::string directory_;
};

}  // namespace reckon::evidence

#endif  // RECKON_EVIDENCE_VAULT_H_
