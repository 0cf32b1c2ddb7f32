// verify(): the integrity of a capture itself. One pass (the timeline's, with
// the collector on its on_entry hook), then every check of the catalog in its
// fixed order.
#include "harfact/check/verify.hpp"

#include <chrono>

#include "check/verify_detail.hpp"

namespace harfact::check {

std::string_view status_name(status s) noexcept {
  switch (s) {
    case status::pass: return "pass";
    case status::warn: return "warn";
    case status::fail: return "fail";
    case status::not_applicable: return "not_applicable";
  }
  return "not_applicable";
}

const std::vector<check_info>& check_catalog() {
  // The order is part of the output contract (README, "harfact verify").
  static const std::vector<check_info> k_catalog{
      {"exporter", "Exporter identity and version"},
      {"truncation", "File complete and undamaged"},
      {"starts_mid_page", "Recording starts at a page load"},
      {"empty_pages", "Every page has its entries"},
      {"missing_bodies", "Request bodies kept"},
      {"sanitized_export", "Cookies kept (not a sanitized export)"},
      {"entry_order", "Entries in time order"},
      {"timings_total", "Timings add up to each entry's time"},
      {"time_gaps", "No long pause in the recording"},
      {"clock_future", "No dates in the future"},
      {"clock_before_exporter", "No dates before the exporter existed"},
      {"clock_zone", "One time zone and timestamp format"},
      {"clock_server_date", "Capture clock agrees with the servers' Date headers"},
      {"duplicate_entries", "No duplicated entries"},
      {"body_sizes", "Declared sizes match the bodies"},
      {"query_string", "queryString matches each URL"},
      {"cookie_arrays", "Cookie arrays match the Cookie and Set-Cookie headers"},
      {"duplicate_keys", "No member written twice"},
      {"forbidden_characters", "No character HTTP forbids"},
      {"exporter_format", "Written the way the claimed exporter writes"},
      {"cache_sources", "Responses came from the network"},
      {"cache_disabled", "Browser cache in normal use"},
      {"extension_traffic", "No browser-extension traffic"},
      {"headless_browser", "No headless or automated browser markers"},
      {"clean_profile", "Fresh browser profile"},
      {"region", "Region the consent platform applied"},
  };
  return k_catalog;
}

status overall(const verify_result& r) noexcept {
  status worst = status::pass;
  for (const auto& c : r.checks) {
    if (c.status == status::fail) return status::fail;
    if (c.status == status::warn) worst = status::warn;
  }
  return worst;
}

const integrity_check* find_check(const verify_result& r, std::string_view id) noexcept {
  for (const auto& c : r.checks) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

verify_result verify(const std::filesystem::path& path, const sig::matcher& matcher,
                     const net::public_suffix& psl, const inspect::inspect_options& options,
                     const sig::filter_engine* lists) {
  return verify(path, matcher, psl, options, lists, verify_options{});
}

verify_result verify(const std::filesystem::path& path, const sig::matcher& matcher,
                     const net::public_suffix& psl, const inspect::inspect_options& options,
                     const sig::filter_engine* lists, const verify_options& verify_opts) {
  verify_result out;
  detail::collector collect(psl);
  inspect::inspect_options opts = options;
  const auto chained = options.on_entry;
  opts.on_entry = [&](har::entry& e, std::size_t page) {
    if (chained) chained(e, page);
    collect.on_entry(e, page);
  };
  out.timeline = timeline::reconstruct(path, matcher, psl, opts, lists);

  std::int64_t now = 0;
  if (verify_opts.now_us) {
    now = *verify_opts.now_us;
  } else {
    now = std::chrono::duration_cast<std::chrono::microseconds>(
              std::chrono::system_clock::now().time_since_epoch())
              .count();
  }
  const auto& capture = out.timeline.trackers.capture;
  const detail::context c{out, collect.out, verify_opts, now, capture.exporter_id};
  using builder = integrity_check (*)(const detail::context&);
  static constexpr builder k_builders[] = {
      detail::check_exporter,
      detail::check_truncation,
      detail::check_starts_mid_page,
      detail::check_empty_pages,
      detail::check_missing_bodies,
      detail::check_sanitized_export,
      detail::check_entry_order,
      detail::check_timings_total,
      detail::check_time_gaps,
      detail::check_clock_future,
      detail::check_clock_before_exporter,
      detail::check_clock_zone,
      detail::check_clock_server_date,
      detail::check_duplicate_entries,
      detail::check_body_sizes,
      detail::check_query_string,
      detail::check_cookie_arrays,
      detail::check_duplicate_keys,
      detail::check_forbidden_characters,
      detail::check_exporter_format,
      detail::check_cache_sources,
      detail::check_cache_disabled,
      detail::check_extension_traffic,
      detail::check_headless_browser,
      detail::check_clean_profile,
      detail::check_region,
  };
  static_assert(std::size(k_builders) == 26);
  const auto& catalog = check_catalog();
  out.checks.reserve(catalog.size());
  for (std::size_t i = 0; i < catalog.size(); ++i) {
    if (!capture.opened && catalog[i].id != "truncation") {
      out.checks.push_back(
          detail::make_check(catalog[i].id, status::not_applicable,
                             "The file could not be read as a HAR, so this cannot be checked."));
    } else {
      out.checks.push_back(k_builders[i](c));
    }
  }
  return out;
}

}  // namespace harfact::check
