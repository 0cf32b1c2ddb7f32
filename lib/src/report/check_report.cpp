#include "harfact/report/check_report.hpp"

#include <fmt/format.h>

#include "harfact/core/build_info.hpp"
#include "harfact/har/timestamp.hpp"
#include "harfact/report/consent_report.hpp"
#include "report/capture_block.hpp"

namespace harfact::report {

namespace {

void write_evidence(json_writer& w, const timeline::evidence& e) {
  w.begin_object();
  w.member("entry", e.entry);
  write_time_point(w.key("time"), e.time);
  w.member("url", e.url);
  w.member("detail", e.detail);
  w.key("signature");
  e.signature.empty() ? w.null() : w.value(e.signature);
  w.end_object();
}

void write_claim_result(json_writer& w, const check::claim_result& r) {
  const auto& c = r.c;
  w.begin_object();
  w.member("id", c.id);
  w.member("text", c.text);
  w.member("vendor_id", c.vendor_id);
  w.member("vendor_name", r.vendor_name);
  w.member("kind", check::claim_kind_name(c.kind));
  w.key("field");
  c.field.empty() ? w.null() : w.value(c.field);
  w.key("page");
  c.page.empty() ? w.null() : w.value(c.page);
  w.key("time");
  if (c.time_us) {
    w.begin_object();
    w.member("time", har::format_rfc3339_utc(*c.time_us));
    w.member("time_us", *c.time_us);
    w.member("time_original", c.time_original);
    w.member("precision_us", c.time_precision_us);
    w.end_object();
  } else {
    w.null();
  }
  w.member("verdict", check::verdict_name(r.verdict));
  w.member("wrong_on_facts", r.wrong_on_facts);
  w.member("basis", r.basis);
  w.member("reason", r.reason);
  w.member("vendor_hits", r.vendor_hits);
  w.member("firing_hits", r.firing_hits);
  w.member("evidence_total", r.evidence_total);
  w.key("evidence").begin_array();
  for (const auto& e : r.evidence) write_evidence(w, e);
  w.end_array();
  w.end_object();
}

// Wraps a paragraph at `width` columns (bytes), each line after `indent`.
std::string wrap(std::string_view text, std::string_view indent, std::size_t width = 100) {
  std::string out;
  std::size_t col = 0;
  while (!text.empty()) {
    const auto sp = text.find(' ');
    const std::string_view word = text.substr(0, sp);
    text = sp == std::string_view::npos ? std::string_view() : text.substr(sp + 1);
    if (col != 0 && col + 1 + word.size() > width) {
      out += '\n';
      col = 0;
    }
    if (col == 0) {
      out += indent;
      col = indent.size();
    } else {
      out += ' ';
      ++col;
    }
    out += word;
    col += word.size();
  }
  return out + '\n';
}

std::string upper(std::string_view s) {
  std::string out;
  for (const char c : s)
    out += c == '_' ? ' ' : static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return out;
}

std::string claim_text(const check::claim_result& r, std::size_t max_evidence) {
  const auto& c = r.c;
  std::string out =
      fmt::format("  [{}] {}{}  {}  {}{}\n", c.id, upper(check::verdict_name(r.verdict)),
                  r.wrong_on_facts ? " (WRONG ON THE FACTS)" : "", check::claim_kind_name(c.kind),
                  c.vendor_id, c.field.empty() ? std::string() : fmt::format(" field {}", c.field));
  if (!c.page.empty() || c.time_us) {
    out += fmt::format("      scope:{}{}\n", c.page.empty() ? "" : " page " + c.page,
                       c.time_us ? " time " + c.time_original : std::string());
  }
  out += wrap(fmt::format("Letter: \"{}\"", c.text), "      ");
  out += wrap(fmt::format("Reason ({}): {}", r.basis, r.reason), "      ");
  if (!r.evidence.empty()) {
    out += fmt::format("      Evidence ({} of {}):\n", std::min(r.evidence.size(), max_evidence),
                       r.evidence_total);
    for (std::size_t i = 0; i < r.evidence.size() && i < max_evidence; ++i) {
      const auto& e = r.evidence[i];
      out += fmt::format("        entry {:<4} {}  {}{}\n", e.entry, time_text(e.time), e.detail,
                         e.signature.empty() ? std::string() : fmt::format(" [{}]", e.signature));
      if (!e.url.empty()) out += fmt::format("                   {}\n", e.url.substr(0, 110));
    }
  }
  return out;
}

}  // namespace

void write_claim_results(json_writer& w, const std::vector<check::claim_result>& results) {
  w.begin_array();
  for (const auto& r : results) write_claim_result(w, r);
  w.end_array();
}

void write_claims_summary(json_writer& w, const std::vector<check::claim_result>& results) {
  const check::claims_tally t = check::tally(results);
  w.begin_object();
  w.member("claims", t.claims);
  for (int i = 0; i < check::verdict_count; ++i) {
    w.member(check::verdict_name(static_cast<check::verdict>(i)),
             t.by_verdict[static_cast<std::size_t>(i)]);
  }
  w.key("wrong_on_facts").begin_array();
  for (const auto& r : results) {
    if (r.wrong_on_facts) w.value(r.c.id);
  }
  w.end_array();
  w.end_object();
}

std::string check_json(const std::vector<check::claim_result>& results,
                       const timeline::result& exhibit, const envelope& env) {
  json_writer w;
  w.begin_object();
  write_envelope(w, env);
  w.member("command", "check");
  write_conventions(w);
  write_capture_block(w, exhibit.trackers.capture);
  w.member("timestamp_precision_us", exhibit.precision_us);
  w.member("cookies_stripped", exhibit.cookies_stripped);
  w.key("not_establishable").begin_array();
  for (const auto& s : exhibit.not_establishable) w.value(s);
  w.end_array();
  write_claims_summary(w.key("summary"), results);
  write_claim_results(w.key("claims"), results);
  w.end_object();
  return w.take();
}

std::string check_text(const std::vector<check::claim_result>& results,
                       const timeline::result& exhibit, const envelope& env,
                       std::size_t max_evidence) {
  std::string out = fmt::format(
      "harfact {} check. Entry indexes are 0-based positions in log.entries; times are UTC.\n",
      tool_version());
  out += fmt::format("Signature database {} (sha256 {})\n", env.db_version.value_or("none"),
                     env.db_sha256.value_or("-"));
  for (const auto& in : env.inputs) {
    if (in.label == "claims") {
      out += fmt::format("Claims {} (sha256 {})\n", in.path, in.sha256.value_or("unknown"));
    }
  }
  out += "\nExhibit ";
  out += capture_text(exhibit.trackers.capture);
  if (exhibit.cookies_stripped) {
    out += "Cookies were stripped by the export; not establishable from this capture:\n";
    for (const auto& s : exhibit.not_establishable) out += fmt::format("  - {}\n", s);
    out += '\n';
  }
  const check::claims_tally t = check::tally(results);
  out += fmt::format(
      "{} {}: {} supported, {} contradicted, {} not evidenced, {} indeterminate; {} "
      "wrong on the facts\n",
      t.claims, t.claims == 1 ? "claim" : "claims",
      t.by_verdict[static_cast<std::size_t>(check::verdict::supported)],
      t.by_verdict[static_cast<std::size_t>(check::verdict::contradicted)],
      t.by_verdict[static_cast<std::size_t>(check::verdict::not_evidenced)],
      t.by_verdict[static_cast<std::size_t>(check::verdict::indeterminate)], t.wrong_on_facts);
  if (t.wrong_on_facts != 0) {
    out += fmt::format("\nClaims wrong on the facts ({})\n", t.wrong_on_facts);
    for (const auto& r : results) {
      if (!r.wrong_on_facts) continue;
      out += fmt::format("  !! [{}] {} {} ({})\n", r.c.id, check::claim_kind_name(r.c.kind),
                         r.c.vendor_id, r.basis);
      // The reason's first sentence says what the capture shows instead.
      std::string_view first = r.reason;
      if (const auto stop = first.find(". "); stop != std::string_view::npos) {
        first = first.substr(0, stop + 1);
      }
      out += wrap(first, "       ");
    }
  }
  out += "\nClaims in the letter's order\n";
  for (const auto& r : results) out += claim_text(r, max_evidence);
  return out;
}

}  // namespace harfact::report
