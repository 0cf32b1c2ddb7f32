// harfact: the full report (`harfact report`): what counsel hands over.
//
// One analysis, four renderings: self-contained HTML (no external resources,
// no script; an inline SVG timeline of consent-state bands and tracker hits),
// Markdown for memos, JSON (lib/schema/report.schema.json) and JUnit XML for a
// site team's CI gate. Every rendering opens with the chain of custody (inputs
// and their SHA-256, harfact's version, the signature database, lists and
// public-suffix data with their hashes, the command line) and states its
// limitations (what the capture cannot show; third-party hosts nothing
// classified). Same inputs, version and databases: the same bytes (the
// analysis time appears only when the caller supplies it).
//
// Everything taken from a capture is escaped for the output format; control
// characters and invalid UTF-8 are replaced, so a hostile capture cannot
// inject markup.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "harfact/check/allegations.hpp"
#include "harfact/check/diff.hpp"
#include "harfact/check/verify.hpp"
#include "harfact/report/envelope.hpp"

namespace harfact::report {

struct report_inputs {
  const check::verify_result* exhibit = nullptr;  ///< required
  /// Claims checked against the exhibit (with --allegations); nullptr: none.
  const std::vector<check::claim_result>* claims = nullptr;
  /// Our own captures (with --compare) and their diff; empty / nullptr: none.
  std::vector<const check::verify_result*> compared;
  const check::diff_result* diff = nullptr;
  /// The command line as given, for the chain of custody ("" to omit).
  std::string command_line;
  /// When the analysis ran, RFC 3339; only when asked for (reproducibility).
  std::optional<std::string> analysis_time;
  /// Renders a time in the visitor's local zone ("2026-03-14 11:22:05 PDT"),
  /// shown beside UTC; empty: UTC only.
  std::function<std::string(std::int64_t us)> local_time;
  /// Finding kinds that fail the JUnit gate (empty: every kind but
  /// fired_with_consent and order_indeterminate).
  std::vector<timeline::finding_kind> gate;
};

/// Stable id of a finding: "F-" and 8 hex digits of SHA-256 over its kind,
/// vendor and entries (the same finding gets the same id in every run and
/// every format).
std::string finding_id(const timeline::finding& f);

/// Third-party hosts of the capture that no signature and no list classified.
std::vector<std::string> unclassified_third_party_hosts(const timeline::result& r);

std::string report_html(const report_inputs& in, const envelope& env);
std::string report_markdown(const report_inputs& in, const envelope& env);
std::string report_json(const report_inputs& in, const envelope& env);
std::string report_junit(const report_inputs& in, const envelope& env);

}  // namespace harfact::report
