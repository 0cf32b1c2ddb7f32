// Shared by the diff tests: the databases loaded once, each capture analysed
// once (timeline::reconstruct, as verify_result with no checks until a test adds
// them), and small finders over a diff_result.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "harfact/check/diff.hpp"
#include "harfact/net/public_suffix.hpp"
#include "harfact/sig/database.hpp"
#include "harfact/sig/matcher.hpp"
#include "harfact/timeline/timeline.hpp"
#include "test_support.hpp"

namespace harfact::check::diff_test {

struct fixture {
  fixture() {
    auto loaded = sig::database::load(std::filesystem::path(HARFACT_SOURCE_DIR) / "signatures");
    if (!loaded) throw std::runtime_error(loaded.error().message);
    db = std::make_unique<sig::database>(std::move(*loaded));
    m = std::make_unique<sig::matcher>(*db);
    psl = std::make_unique<net::public_suffix>(net::public_suffix::load().value());
  }
  std::unique_ptr<sig::database> db;
  std::unique_ptr<sig::matcher> m;
  std::unique_ptr<net::public_suffix> psl;
};

inline const fixture& f() {
  static const fixture instance;
  return instance;
}

/// A capture under testdata/ ("scenarios/no_cmp.har"), analysed once per run.
inline const verify_result& capture(std::string_view relative) {
  static std::map<std::string, std::unique_ptr<verify_result>> cache;
  auto& slot = cache[std::string(relative)];
  if (!slot) {
    slot = std::make_unique<verify_result>();
    slot->timeline = timeline::reconstruct(harfact::test::testdata(relative), *f().m, *f().psl);
  }
  return *slot;
}

inline const verify_result& scenario(std::string_view name) {
  return capture("scenarios/" + std::string(name) + ".har");
}
inline const verify_result& recapture(std::string_view name) {
  return capture("diff/" + std::string(name) + ".har");
}

inline integrity_check make_check(std::string id, status s, std::string summary = {},
                                  std::optional<std::uint64_t> entry = std::nullopt) {
  integrity_check c;
  c.id = std::move(id);
  c.title = c.id;
  c.status = s;
  c.summary = std::move(summary);
  if (entry) {
    check_evidence ev;
    ev.entry = entry;
    ev.detail = "evidence";
    c.evidence.push_back(ev);
    c.count = 1;
  }
  return c;
}

/// The checks every capture passes, with `bad` replacing the one of the same id.
inline std::vector<integrity_check> checks(std::vector<integrity_check> bad = {}) {
  std::vector<integrity_check> out;
  for (const char* id : {"sanitized_export", "cache_disabled", "extension_traffic",
                         "headless_browser", "clean_profile", "entry_order", "region"}) {
    out.push_back(make_check(id, status::pass));
  }
  for (auto& b : bad) {
    for (auto& c : out) {
      if (c.id == b.id) c = b;
    }
  }
  return out;
}

inline verify_result with_checks(const verify_result& v, std::vector<integrity_check> c) {
  verify_result out = v;
  out.checks = std::move(c);
  return out;
}

inline diff_result run(const verify_result& e, const verify_result& o) { return diff(e, {&o}); }

/// The first difference of `kind` (and vendor / subject when given), or null.
inline const difference* find(const diff_result& d, std::string_view kind,
                              std::string_view vendor = {}, std::string_view subject = {}) {
  for (const auto& x : d.differences) {
    if (x.kind != kind) continue;
    if (!vendor.empty() && x.vendor_id != vendor) continue;
    if (!subject.empty() && x.subject != subject) continue;
    return &x;
  }
  return nullptr;
}

/// The result points into `d`: a temporary would be gone before it is used.
const difference* find(const diff_result&& d, std::string_view kind, std::string_view vendor = {},
                       std::string_view subject = {}) = delete;

inline std::size_t count(const diff_result& d, std::string_view kind) {
  std::size_t n = 0;
  for (const auto& x : d.differences) n += x.kind == kind ? 1 : 0;
  return n;
}

/// "D1 vendor_only_in_exhibit meta_pixel  reason" lines, for failure messages.
inline std::string listing(const diff_result& d) {
  std::string out;
  for (const auto& x : d.differences) {
    out += x.id + " " + x.kind + " " + x.vendor_id + " " + x.subject + " " + x.page + " -> " +
           x.reason + " (" + x.certainty + ", " + x.significance + ")\n";
  }
  for (const auto& n : d.notes) out += "note: " + n + "\n";
  return out;
}

}  // namespace harfact::check::diff_test
