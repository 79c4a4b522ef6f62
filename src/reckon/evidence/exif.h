// Capture metadata embedded in image files: for JPEG files with an EXIF segment, when the
// picture was taken (DateTimeOriginal, else DateTime), the device (Make and Model) and where
// (GPS latitude and longitude). The parser reads untrusted bytes: every offset is bounds-checked,
// and anything malformed simply yields less metadata. Thread-safe.
#ifndef RECKON_EVIDENCE_EXIF_H_
#define RECKON_EVIDENCE_EXIF_H_

#include <optional>
#include <string>
#include <string_view>

namespace reckon::evidence {

struct CaptureMetadata {
  std::string taken_at;             // "YYYY-MM-DDTHH:MM:SS" (camera local time, no zone), or empty.
  std::string device;               // "Make Model", or empty.
  std::optional<double> latitude;   // Degrees, south negative.
  std::optional<double> longitude;  // Degrees, west negative.

  [[nodiscard]] bool empty() const {
    return taken_at.empty() && device.empty() && !latitude && !longitude;
  }
  // A JSON object with the fields present ("{}" when none).
  [[nodiscard]] std::string ToJson() const;
};

// Reads the metadata from the first bytes of a JPEG file (64 KiB are enough for EXIF).
[[nodiscard]] CaptureMetadata ParseJpegMetadata(std::string_view bytes);

}  // namespace reckon::evidence

#endif  // RECKON_EVIDENCE_EXIF_H_
