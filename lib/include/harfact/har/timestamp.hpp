// harfact: ISO 8601 / RFC 3339 date-times as HAR exporters write them.
//
// Exporters write startedDateTime in many shapes: "2024-01-05T17:02:03.412Z",
// "+01:00" / "+0100" / "+01" offsets, any number of fractional digits (or none),
// no zone at all, a space instead of "T", lowercase "t"/"z". All of them parse
// to microseconds since the Unix epoch, UTC; the precision the exporter wrote is
// kept (fraction_digits), because ordering decisions must not claim more
// precision than the capture has.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace harfact::har {

struct timestamp {
  std::int64_t us = 0;               ///< microseconds since 1970-01-01T00:00:00Z
  std::int32_t offset_minutes = 0;   ///< zone offset as written (east positive); 0 for Z
  std::uint8_t fraction_digits = 0;  ///< digits after the seconds as written (0..9+; capped 255)
  bool has_zone = false;             ///< false: no zone written, read as UTC
  bool valid = false;                ///< false: absent or unparsable

  /// The precision of the written value in microseconds (1 s for no fraction,
  /// 1000 for milliseconds, 1 for six or more digits).
  std::int64_t precision_us() const noexcept;
};

/// Parses one date-time. On failure returns std::nullopt and, when `why` is
/// given, a short reason ("month 13 out of range", "unexpected 'x' at 10").
/// Fractions beyond microseconds are truncated toward the past (floor), never
/// rounded, so a later event never appears earlier. Leap second ":60" is
/// accepted as the last microsecond of ":59". Years 0000-9999.
std::optional<timestamp> parse_timestamp(std::string_view text, std::string* why = nullptr);

/// RFC 3339 UTC with microseconds: "2024-01-05T17:02:03.412000Z".
std::string format_rfc3339_utc(std::int64_t us);

/// Same instant with a fixed offset: "2024-01-05T09:02:03.412000-08:00".
std::string format_rfc3339_offset(std::int64_t us, std::int32_t offset_minutes);

/// Days since 1970-01-01 for a proleptic Gregorian date (no validation).
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept;

}  // namespace harfact::har
