// The clock seam. Everything that records "when" asks a Clock, so tests and golden files can
// fix time. SystemClock reads the real time; FixedClock returns a set instant. Both are
// thread-safe.
#ifndef RECKON_CORE_CLOCK_H_
#define RECKON_CORE_CLOCK_H_

#include <cstdint>
#include <string>

namespace reckon {

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since 1970-01-01T00:00:00Z.
  [[nodiscard]] virtual std::int64_t NowSeconds() const = 0;
  // The current instant as "YYYY-MM-DDTHH:MM:SSZ".
  [[nodiscard]] std::string NowIso() const;
};

class SystemClock final : public Clock {
 public:
  [[nodiscard]] std::int64_t NowSeconds() const override;
};

class FixedClock final : public Clock {
 public:
  explicit FixedClock(std::int64_t seconds) : seconds_(seconds) {}
  [[nodiscard]] std::int64_t NowSeconds() const override { return seconds_; }

 private:
  std::int64_t seconds_;
};

// "YYYY-MM-DDTHH:MM:SSZ" for a count of seconds since the epoch.
[[nodiscard]] std::string FormatIsoSeconds(std::int64_t seconds);

}  // namespace reckon

#endif  // RECKON_CORE_CLOCK_H_
