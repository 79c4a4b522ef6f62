#include "reckon/evidence/exif.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace reckon::evidence {
namespace {

// Builds a little-endian TIFF with IFD0 (Make, Model, EXIF and GPS pointers), an EXIF IFD
// (DateTimeOriginal) and a GPS IFD, wrapped in a JPEG APP1 segment.
class JpegBuilder {
 public:
  std::string Build() {
    std::string segment = std::string("Exif\0\0", 6) + Tiff();
    std::string jpeg = "\xFF\xD8\xFF\xE1";
    jpeg += static_cast<char>((segment.size() + 2) >> 8);
    jpeg += static_cast<char>((segment.size() + 2) & 0xFF);
    return jpeg + segment + "\xFF\xDA\x00\x02";
  }
  // The same EXIF in a PNG eXIf chunk (after IHDR, before IDAT).
  std::string BuildPng() {
    std::string png = "\x89PNG\r\n\x1A\n";
    auto chunk = [&](std::string_view type, const std::string& data) {
      std::string length;
      for (int i = 3; i >= 0; --i) {
        length += static_cast<char>((data.size() >> (8 * i)) & 0xFF);
      }
      png += length;
      png += type;
      png += data;
      png += std::string(4, '\0');  // The CRC, which the parser does not check.
    };
    chunk("IHDR", std::string(13, '\1'));
    chunk("eXIf", Tiff());
    chunk("IDAT", "x");
    chunk("IEND", "");
    return png;
  }
  // The same EXIF in the EXIF chunk of an extended WebP file, after an odd-sized chunk.
  std::string BuildWebp() {
    std::string body = "WEBP";
    auto chunk = [&](std::string_view fourcc, const std::string& data) {
      body += fourcc;
      Put32(body, static_cast<std::uint32_t>(data.size()));
      body += data;
      if (data.size() % 2 == 1) body += '\0';
    };
    chunk("VP8X", std::string(10, '\0'));
    chunk("VP8 ", std::string(33, '\2'));
    chunk("EXIF", std::string("Exif\0\0", 6) + Tiff());
    std::string riff = "RIFF";
    Put32(riff, static_cast<std::uint32_t>(body.size()));
    return riff + body;
  }
  // The same EXIF as the Exif item of a HEIC file: ftyp, meta (hdlr, iinf with an Exif infe,
  // iloc version 1 with 4-byte offsets), then the item in mdat after a 4-byte header offset.
  std::string BuildHeic() {
    auto box = [](std::string_view type, const std::string& body) {
      std::string out;
      const auto size = static_cast<std::uint32_t>(body.size() + 8);
      for (int i = 3; i >= 0; --i) out += static_cast<char>((size >> (8 * i)) & 0xFF);
      out += type;
      return out + body;
    };
    auto be16 = [](std::uint32_t v) {
      return std::string{static_cast<char>((v >> 8) & 0xFF), static_cast<char>(v & 0xFF)};
    };
    auto be32 = [&](std::uint32_t v) { return be16(v >> 16) + be16(v & 0xFFFF); };
    const std::string item = be32(6) + std::string("Exif\0\0", 6) + Tiff();
    const std::string ftyp = box("ftyp", "heic" + be32(0) + "mif1heic");
    const std::string hdlr = box("hdlr", be32(0) + be32(0) + "pict" + std::string(13, '\0'));
    const std::string infe = box("infe", be32(0x02000000) + be16(1) + be16(0) + "Exif" + '\0');
    const std::string iinf = box("iinf", be32(0) + be16(1) + infe);
    auto iloc = [&](std::uint32_t offset) {
      return box("iloc", be32(0x01000000) + "\x44" + std::string(1, '\0') + be16(1) + be16(1) +
                             be16(0) + be16(0) + be16(1) + be32(offset) +
                             be32(static_cast<std::uint32_t>(item.size())));
    };
    const std::string meta_before = be32(0) + hdlr + iinf;
    const size_t meta_size = 8 + meta_before.size() + iloc(0).size();
    const auto offset = static_cast<std::uint32_t>(ftyp.size() + meta_size + 8);
    return ftyp + box("meta", meta_before + iloc(offset)) + box("mdat", item);
  }
  std::string Tiff() {
    std::string tiff = "II";
    Put16(tiff, 42);
    Put32(tiff, 8);
    // Layout: IFD0 at 8 (4 entries), EXIF IFD, GPS IFD, then the data area.
    const std::uint32_t ifd0 = 8, ifd0_size = 2 + 4 * 12 + 4;
    const std::uint32_t exif_ifd = ifd0 + ifd0_size, exif_size = 2 + 1 * 12 + 4;
    const std::uint32_t gps_ifd = exif_ifd + exif_size, gps_size = 2 + 4 * 12 + 4;
    std::uint32_t data = gps_ifd + gps_size;
    std::string area;
    auto place = [&](const std::string& bytes) {
      std::uint32_t at = data + static_cast<std::uint32_t>(area.size());
      area += bytes;
      return at;
    };
    auto rational3 = [&](std::uint32_t d, std::uint32_t m, std::uint32_t s100) {
      std::string r;
      for (auto [n, den] : {std::pair{d, 1u}, std::pair{m, 1u}, std::pair{s100, 100u}}) {
        Put32(r, n);
        Put32(r, den);
      }
      return r;
    };
    std::uint32_t make = place(std::string("TestCam\0", 8));
    std::uint32_t model = place(std::string("X100 Pro\0", 9));
    std::uint32_t date = place(std::string("2031:04:02 09:30:15\0", 20));
    std::uint32_t latitude = place(rational3(40, 30, 1800));   // 40 deg 30 min 18.00 s
    std::uint32_t longitude = place(rational3(46, 15, 3600));  // 46 deg 15 min 36.00 s
    Put16(tiff, 4);
    Entry(tiff, 0x010F, 2, 8, make);
    Entry(tiff, 0x0110, 2, 9, model);
    Entry(tiff, 0x8769, 4, 1, exif_ifd);
    Entry(tiff, 0x8825, 4, 1, gps_ifd);
    Put32(tiff, 0);
    Put16(tiff, 1);
    Entry(tiff, 0x9003, 2, 20, date);
    Put32(tiff, 0);
    Put16(tiff, 4);
    Entry(tiff, 1, 2, 2, 'N');
    Entry(tiff, 2, 5, 3, latitude);
    Entry(tiff, 3, 2, 2, 'W');
    Entry(tiff, 4, 5, 3, longitude);
    Put32(tiff, 0);
    tiff += area;
    return tiff;
  }

 private:
  static void Put16(std::string& s, std::uint32_t v) {
    s += static_cast<char>(v & 0xFF);
    s += static_cast<char>((v >> 8) & 0xFF);
  }
  static void Put32(std::string& s, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) s += static_cast<char>((v >> (8 * i)) & 0xFF);
  }
  static void Entry(std::string& s, std::uint16_t tag, std::uint16_t type, std::uint32_t count,
                    std::uint32_t value) {
    Put16(s, tag);
    Put16(s, type);
    Put32(s, count);
    Put32(s, value);
  }
};

TEST(Exif, ReadsDateDeviceAndPosition) {
  CaptureMetadata metadata = ParseCaptureMetadata(JpegBuilder().Build());
  EXPECT_EQ(metadata.taken_at, "2031-04-02T09:30:15");
  EXPECT_EQ(metadata.device, "TestCam X100 Pro");
  ASSERT_TRUE(metadata.latitude && metadata.longitude);
  EXPECT_NEAR(*metadata.latitude, 40.505, 1e-9);
  EXPECT_NEAR(*metadata.longitude, -46.26, 1e-9);
  EXPECT_EQ(metadata.ToJson(),
            "{\"taken_at\": \"2031-04-02T09:30:15\", \"device\": \"TestCam X100 Pro\", "
            "\"latitude\": 40.505000, \"longitude\": -46.260000}");
}

TEST(Exif, ReadsPngWebpAndTiffFilesToo) {
  JpegBuilder builder;
  for (const std::string& file : {builder.BuildPng(), builder.BuildWebp(), builder.Tiff()}) {
    CaptureMetadata metadata = ParseCaptureMetadata(file);
    EXPECT_EQ(metadata.taken_at, "2031-04-02T09:30:15") << file.substr(0, 4);
    EXPECT_EQ(metadata.device, "TestCam X100 Pro");
    ASSERT_TRUE(metadata.latitude && metadata.longitude);
    EXPECT_NEAR(*metadata.latitude, 40.505, 1e-9);
    EXPECT_NEAR(*metadata.longitude, -46.26, 1e-9);
  }
  // A PNG whose eXIf comes after the image data is not read (the chunk must precede it).
  std::string late = builder.BuildPng();
  size_t exif = late.find("eXIf") - 4;
  size_t idat = late.find("IDAT") - 4;
  std::string moved = late.substr(0, exif) + late.substr(idat, 13) +
                      late.substr(exif, idat - exif) + late.substr(idat + 13);
  EXPECT_TRUE(ParseCaptureMetadata(moved).empty());
}

TEST(Exif, ReadsTheExifItemOfHeifFiles) {
  const std::string heic = JpegBuilder().BuildHeic();
  CaptureMetadata whole = ParseCaptureMetadata(heic);
  EXPECT_EQ(whole.taken_at, "2031-04-02T09:30:15");
  EXPECT_EQ(whole.device, "TestCam X100 Pro");
  ASSERT_TRUE(whole.latitude && whole.longitude);
  EXPECT_NEAR(*whole.latitude, 40.505, 1e-9);
  // Only the boxes before mdat at hand: the item is fetched where iloc says it is.
  const std::string_view head = std::string_view(heic).substr(0, heic.find("mdat") - 4);
  EXPECT_TRUE(ParseCaptureMetadata(head).empty());
  std::vector<std::pair<std::uint64_t, size_t>> reads;
  CaptureMetadata fetched =
      ParseCaptureMetadata(head, [&](std::uint64_t offset, size_t length) -> std::string {
        reads.emplace_back(offset, length);
        return offset < heic.size() ? heic.substr(static_cast<size_t>(offset), length) : "";
      });
  EXPECT_EQ(fetched.taken_at, "2031-04-02T09:30:15");
  ASSERT_EQ(reads.size(), 1u);
  EXPECT_EQ(reads[0].first, heic.find("mdat") + 4);
  // A short read gives nothing rather than a guess.
  EXPECT_TRUE(
      ParseCaptureMetadata(head, [](std::uint64_t, size_t) { return std::string("ab"); }).empty());
}

TEST(Exif, NoMetadataInOtherFiles) {
  EXPECT_TRUE(ParseCaptureMetadata("not a jpeg").empty());
  EXPECT_TRUE(ParseCaptureMetadata("\xFF\xD8\xFF\xE0\x00\x10JFIF").empty());
  EXPECT_EQ(CaptureMetadata().ToJson(), "{}");
}

// Every truncation and thousands of random byte flips of a valid file: no crash, no read out of
// bounds (run under the sanitizers with RECKON_SANITIZE=ON), only less metadata.
TEST(Exif, DamagedFilesNeverCrash) {
  JpegBuilder builder;
  const std::string files[] = {builder.Build(), builder.BuildPng(), builder.BuildWebp(),
                               builder.BuildHeic()};
  for (const std::string& good : files) {
    auto read_at = [&](std::uint64_t offset, size_t length) -> std::string {
      return offset < good.size() ? good.substr(static_cast<size_t>(offset), length) : "";
    };
    for (size_t length = 0; length < good.size(); ++length) {
      (void)ParseCaptureMetadata(std::string_view(good).substr(0, length), read_at);
    }
  }
  std::mt19937 random(7);
  for (int i = 0; i < 8000; ++i) {
    const std::string& good = files[i % 4];
    std::string damaged = good;
    for (int flips = 0; flips < 4; ++flips) {
      damaged[random() % damaged.size()] = static_cast<char>(random());
    }
    auto read_at = [&](std::uint64_t offset, size_t length) -> std::string {
      return offset < damaged.size() ? damaged.substr(static_cast<size_t>(offset), length) : "";
    };
    CaptureMetadata metadata = ParseCaptureMetadata(damaged, read_at);
    if (metadata.latitude) {
      EXPECT_LE(*metadata.latitude, 90);
      EXPECT_GE(*metadata.latitude, -90);
    }
  }
}

}  // namespace
}  // namespace reckon::evidence
