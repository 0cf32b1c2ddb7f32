// Checks about time: entry order, timings against `time`, pauses, and the
// capturing clock (future dates, dates before the exporter existed, zone and
// format changes, the servers' Date headers).
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>
#include <tuple>

#include "check/verify_detail.hpp"
#include "harfact/har/timestamp.hpp"

namespace harfact::check::detail {

namespace {

const inspect::capture_summary& capture(const context& c) { return c.r.timeline.trackers.capture; }

constexpr std::int64_t k_day_us = 86'400'000'000LL;

std::int64_t date_us(int y, unsigned m, unsigned d) {
  return har::days_from_civil(y, m, d) * k_day_us;
}

// The earliest a capture by an exporter can be dated: no later than the
// exporter's first public release, so that a date before it is impossible.
// Only exporters whose first release we can date are listed; the HAR format
// itself (Firebug's NetExport, 2009) bounds the rest. See README "harfact verify".
struct exporter_floor {
  std::string_view id;
  int year;
  unsigned month;
  std::string_view what;
};
constexpr std::array<exporter_floor, 6> k_floors{{
    {"playwright", 2019, 11, "Playwright's first release (late 2019)"},
    {"pollyjs", 2018, 1, "Polly.JS's first release (2018)"},
    {"puppeteer_har", 2017, 1, "Puppeteer's first release (2017), which puppeteer-har needs"},
    {"phantomjs", 2011, 1, "PhantomJS's first release (January 2011)"},
    {"http_toolkit", 2019, 1, "HTTP Toolkit's first release (2019)"},
    {"firefox_devtools", 2013, 1, "Firefox's network monitor (Firefox 23, 2013)"},
}};

std::string zone_text(bool has_zone, std::int32_t offset) {
  if (!has_zone) return "no time zone";
  if (offset == 0) return "UTC";
  const std::int32_t a = offset < 0 ? -offset : offset;
  return fmt::format("UTC offset {}{:02}:{:02}", offset < 0 ? '-' : '+', a / 60, a % 60);
}

std::string precision_text(std::uint8_t digits) {
  switch (digits) {
    case 0: return "whole seconds";
    case 3: return "milliseconds";
    case 6: return "microseconds";
    default: return fmt::format("{} fraction digits", digits);
  }
}

}  // namespace

integrity_check check_entry_order(const context& c) {
  if (c.f.rows.size() < 2) {
    return make_check("entry_order", status::not_applicable,
                      "Fewer than two entries: no order to check.");
  }
  evidence_sink sink;
  std::uint64_t total = 0;
  diagnostics_evidence(c, {diag::out_of_order}, sink, total);
  sink.count = total;
  if (total == 0) {
    return make_check("entry_order", status::pass,
                      "Entries are stored in the order their requests started, as exporters write "
                      "them.");
  }
  integrity_check out = make_check(
      "entry_order", status::warn,
      fmt::format("{} start before the entry stored ahead of them. Exporters write entries in "
                  "the order requests started (some proxies in the order they finished); entries "
                  "that go back in time were moved, inserted, or written by a tool that sorts "
                  "differently. Order must be read from startedDateTime, never from position.",
                  count_text(total, "entry", "entries")));
  take_evidence(out, sink);
  return out;
}

integrity_check check_timings_total(const context& c) {
  const auto& f = c.f;
  std::uint64_t total = 0;
  evidence_sink sink = f.timings;
  diagnostics_evidence(c, {diag::negative_timing, diag::absurd_value}, sink, total);
  sink.count = f.timings.count + total;
  if (f.timings_compared == 0 && total == 0) {
    return make_check("timings_total", status::not_applicable,
                      "No entry records timings to compare with its time.");
  }
  if (sink.count == 0) {
    return make_check("timings_total", status::pass,
                      fmt::format("{} with timings: the timings add up to the entry's time.",
                                  each_of(f.timings_compared, "entry", "entries")));
  }
  // Chrome DevTools computes time as exactly this sum (devtools-frontend,
  // front_end/models/har/Log.ts): a difference was made after the export.
  const bool chrome = c.exporter_id == "chrome_devtools";
  integrity_check out = make_check(
      "timings_total", chrome && f.timings.count > 0 ? status::fail : status::warn,
      fmt::format("{} of {} have timings that do not add up to their time, or timings that "
                  "cannot be (negative, or longer than a day). {}",
                  f.timings.count, count_text(f.timings_compared, "entry", "entries"),
                  chrome ? "Chrome DevTools writes time as the sum of the timings, so these "
                           "values were changed after the export."
                         : "The exporter computes time from the timings; values that disagree "
                           "were changed or written by another tool."));
  take_evidence(out, sink);
  return out;
}

integrity_check check_time_gaps(const context& c) {
  std::vector<const entry_row*> timed;
  for (const auto& r : c.f.rows) {
    if (r.time.us) timed.push_back(&r);
  }
  if (timed.size() < 2) {
    return make_check("time_gaps", status::not_applicable, "Fewer than two entries with a time.");
  }
  std::stable_sort(timed.begin(), timed.end(), [](const entry_row* a, const entry_row* b) {
    return *a->time.us < *b->time.us;
  });
  evidence_sink sink;
  std::int64_t busy_until = *timed.front()->end_us();
  std::int64_t longest = 0;
  const entry_row* longest_at = nullptr;
  for (std::size_t i = 1; i < timed.size(); ++i) {
    const entry_row& r = *timed[i];
    const std::int64_t gap = *r.time.us - busy_until;
    if (gap > longest) {
      longest = gap;
      longest_at = &r;
    }
    if (gap >= c.opts.gap_us) {
      sink.add(r.index, r.time, [&] {
        return fmt::format("no request was in flight for {} before this one (from {} to {})",
                           duration_text(gap), har::format_rfc3339_utc(busy_until),
                           har::format_rfc3339_utc(*r.time.us));
      });
    }
    busy_until = std::max(busy_until, *r.end_us());
  }
  if (sink.count == 0) {
    return make_check(
        "time_gaps", status::pass,
        longest_at == nullptr
            ? std::string("Requests follow one another without any pause.")
            : fmt::format("The longest stretch with no request in flight is {} (before entry "
                          "{}), under the {} threshold.",
                          duration_text(longest), longest_at->index, duration_text(c.opts.gap_us)));
  }
  integrity_check out = make_check(
      "time_gaps", status::warn,
      fmt::format("The capture has {} of {} or more with no request in flight. A visitor may "
                  "simply have paused, but recording may also have been stopped and resumed, "
                  "and nothing that happened meanwhile is in the capture.",
                  count_text(sink.count, "pause", "pauses"), duration_text(c.opts.gap_us)));
  take_evidence(out, sink);
  return out;
}

integrity_check check_clock_future(const context& c) {
  evidence_sink sink;
  std::uint64_t dated = 0;
  for (const auto& r : c.f.rows) {
    if (!r.time.us) continue;
    ++dated;
    if (*r.time.us <= c.now_us) continue;
    sink.add(r.index, r.time, [&] {
      return fmt::format("startedDateTime {} is {} after the time of this check ({})",
                         r.time.original, duration_text(*r.time.us - c.now_us),
                         har::format_rfc3339_utc(c.now_us));
    });
  }
  for (const auto& p : capture(c).pages) {
    if (!p.started.valid) continue;
    ++dated;
    if (p.started.us <= c.now_us) continue;
    sink.add(std::nullopt, {}, [&] {
      return fmt::format("page \"{}\" startedDateTime {} is {} after the time of this check ({})",
                         p.id, p.started_text, duration_text(p.started.us - c.now_us),
                         har::format_rfc3339_utc(c.now_us));
    });
  }
  if (dated == 0)
    return make_check("clock_future", status::not_applicable, "No valid date in the capture.");
  if (sink.count == 0) {
    return make_check("clock_future", status::pass,
                      "No date in the capture is later than the time of this check.");
  }
  integrity_check out = make_check(
      "clock_future", status::fail,
      fmt::format("{} in the future. A capture cannot record what has not happened yet: the "
                  "capturing machine's clock was wrong, or the dates were changed.",
                  count_text(sink.count, "date lies", "dates lie")));
  take_evidence(out, sink);
  return out;
}

integrity_check check_clock_before_exporter(const context& c) {
  std::int64_t floor = date_us(2009, 1, 1);
  std::string_view what = "the HAR format itself (first written by Firebug's NetExport in 2009)";
  for (const auto& f : k_floors) {
    if (f.id == c.exporter_id) {
      floor = date_us(f.year, f.month, 1);
      what = f.what;
    }
  }
  evidence_sink sink;
  std::uint64_t dated = 0;
  for (const auto& r : c.f.rows) {
    if (!r.time.us) continue;
    ++dated;
    if (*r.time.us >= floor) continue;
    sink.add(r.index, r.time,
             [&] { return fmt::format("startedDateTime {} is before {}", r.time.original, what); });
  }
  for (const auto& p : capture(c).pages) {
    if (!p.started.valid) continue;
    ++dated;
    if (p.started.us >= floor) continue;
    sink.add(std::nullopt, {}, [&] {
      return fmt::format("page \"{}\" startedDateTime {} is before {}", p.id, p.started_text, what);
    });
  }
  if (dated == 0) {
    return make_check("clock_before_exporter", status::not_applicable,
                      "No valid date in the capture.");
  }
  if (sink.count == 0) {
    return make_check("clock_before_exporter", status::pass,
                      fmt::format("No date is earlier than {}.", what));
  }
  integrity_check out = make_check(
      "clock_before_exporter", status::fail,
      fmt::format("{} earlier than {}: the file cannot have been made then by the tool it "
                  "names. The capturing clock was wrong, the dates were changed, or the file "
                  "claims the wrong exporter.",
                  count_text(sink.count, "date is", "dates are"), what));
  take_evidence(out, sink);
  return out;
}

integrity_check check_clock_zone(const context& c) {
  using shape = std::tuple<bool, std::int32_t, std::uint8_t>;  // zone?, offset, digits
  std::map<shape, std::uint64_t> counts;
  for (const auto& r : c.f.rows) {
    if (r.time.us) ++counts[{r.has_zone, r.offset_minutes, r.fraction_digits}];
  }
  if (counts.empty())
    return make_check("clock_zone", status::not_applicable, "No valid date in the capture.");
  shape common{};
  std::uint64_t best = 0;
  for (const auto& [s, n] : counts) {
    if (n > best) {
      best = n;
      common = s;
    }
  }
  auto describe_shape = [](const shape& s) {
    return fmt::format("{}, {}", zone_text(std::get<0>(s), std::get<1>(s)),
                       precision_text(std::get<2>(s)));
  };
  evidence_sink sink;
  std::vector<std::int32_t> offsets;
  for (const auto& r : c.f.rows) {
    if (!r.time.us) continue;
    if (r.has_zone &&
        std::find(offsets.begin(), offsets.end(), r.offset_minutes) == offsets.end()) {
      offsets.push_back(r.offset_minutes);
    }
    const shape s{r.has_zone, r.offset_minutes, r.fraction_digits};
    if (s == common) continue;
    sink.add(r.index, r.time, [&] {
      return fmt::format("startedDateTime {} is written with {}, unlike the {} other entries ({})",
                         r.time.original, describe_shape(s), best, describe_shape(common));
    });
  }
  if (sink.count == 0) {
    return make_check(
        "clock_zone", status::pass,
        fmt::format("Every startedDateTime is written the same way ({}).", describe_shape(common)));
  }
  std::string summary = fmt::format(
      "{} written with another time zone or precision than the rest. One exporter writes "
      "one form throughout; a change means entries were edited or combined from another "
      "capture.",
      count_text(sink.count, "startedDateTime is", "startedDateTime values are"));
  if (offsets.size() == 2 && std::abs(offsets[0] - offsets[1]) == 60) {
    summary +=
        " (A daylight-saving change during the capture would explain one change of one hour.)";
  }
  integrity_check out = make_check("clock_zone", status::warn, std::move(summary));
  take_evidence(out, sink);
  return out;
}

integrity_check check_clock_server_date(const context& c) {
  // A response's Date lies between the request's start and the response's end
  // (the header is floored to the second; Age adds the time a cache held it).
  struct skew {
    std::size_t row;
    std::int64_t us;
    std::int64_t server_us;
  };
  std::vector<skew> skews;
  for (const auto& d : c.f.dates) {
    const entry_row& r = c.f.rows[d.row];
    if (!r.time.us) continue;
    const std::int64_t lo = d.date_us + d.age_s * 1'000'000, hi = lo + 1'000'000;
    const std::int64_t start = *r.time.us, end = *r.end_us();
    std::int64_t s = 0;
    if (hi <= start) s = hi - start;
    if (lo > end) s = lo - end;
    skews.push_back({d.row, s, lo});
  }
  if (skews.size() < 3) {
    return make_check("clock_server_date", status::not_applicable,
                      "Fewer than three network responses carry a Date header to compare with.");
  }
  std::vector<std::int64_t> values;
  for (const auto& s : skews) values.push_back(s.us);
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2),
                   values.end());
  const std::int64_t median = values[values.size() / 2];
  const std::int64_t limit = c.opts.clock_skew_us;
  if (median > -limit && median < limit) {
    return make_check("clock_server_date", status::pass,
                      fmt::format("The servers' Date headers agree with startedDateTime (median "
                                  "difference {} over {} responses), so the capture's times are "
                                  "those of the servers' clocks.",
                                  duration_text(median), skews.size()));
  }
  evidence_sink sink;
  for (const auto& s : skews) {
    if (s.us > -limit && s.us < limit) continue;
    const entry_row& r = c.f.rows[s.row];
    sink.add(r.index, r.time, [&] {
      return fmt::format("the server's Date says {}, startedDateTime {} ({} {})",
                         har::format_rfc3339_utc(s.server_us), r.time.original,
                         duration_text(s.us < 0 ? -s.us : s.us), s.us < 0 ? "earlier" : "later");
    });
  }
  integrity_check out = make_check(
      "clock_server_date", status::warn,
      fmt::format("The servers' Date headers put the responses about {} {} than startedDateTime "
                  "(median over {} responses): the capturing machine's clock was {} by about that "
                  "much. Absolute times in this capture are off accordingly; the order within it "
                  "is not affected.",
                  duration_text(median < 0 ? -median : median), median < 0 ? "earlier" : "later",
                  skews.size(), median < 0 ? "ahead" : "behind"));
  take_evidence(out, sink);
  return out;
}

}  // namespace harfact::check::detail
