// The full report as Markdown, for memos. Everything from a capture is made
// inert: control characters replaced, and every character Markdown or inline
// HTML would interpret is escaped (no raw HTML, no links, no emphasis).
#include <fmt/format.h>

#include "harfact/core/build_info.hpp"
#include "harfact/har/timestamp.hpp"
#include "harfact/report/full_report.hpp"
#include "report/report_view.hpp"

namespace harfact::report {

namespace {

std::string md(std::string_view s, std::size_t max = 600) {
  const std::string c = detail::clip(s, max);
  std::string out;
  out.reserve(c.size() + 8);
  for (const char ch : c) {
    switch (ch) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '|': out += "\\|"; break;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
        out += '\\';
        out += ch;
        break;
      default: out += ch;
    }
  }
  return out;
}

}  // namespace

std::string report_markdown(const report_inputs& in, const envelope& env) {
  const detail::view v(in);
  const auto& tl = v.tl;
  const auto& cap = tl.trackers.capture;
  std::string o = fmt::format("# harfact report: {}\n\n", md(cap.path, 200));

  o += "## Chain of custody\n\n| item | value |\n| --- | --- |\n";
  for (const auto& i : env.inputs) {
    o += fmt::format("| input {} | {} |\n", md(i.label), md(i.path));
    o += fmt::format("| bytes | {} |\n", i.bytes ? std::to_string(*i.bytes) : "unknown");
    o += fmt::format("| SHA-256 | {} |\n", md(i.sha256.value_or("unknown")));
    if (i.sha256_decompressed)
      o += fmt::format("| SHA-256 (decompressed) | {} |\n", md(*i.sha256_decompressed));
  }
  o += fmt::format("| harfact | {} (simdjson {}) |\n", tool_version(), simdjson_implementation());
  o += fmt::format("| signature database | {} (SHA-256 {}) |\n",
                   md(env.db_version.value_or("none")), md(env.db_sha256.value_or("-")));
  for (const auto& l : env.lists) {
    o += fmt::format("| filter list | {} (SHA-256 {}, {} rules) |\n", md(l.path), md(l.sha256),
                     l.rules);
  }
  o += fmt::format("| public suffix list SHA-256 | {} |\n",
                   md(env.public_suffix_sha256.value_or("-")));
  if (!in.command_line.empty())
    o += fmt::format("| command line | {} |\n", md(in.command_line, 2000));
  if (in.analysis_time) o += fmt::format("| analysis time | {} |\n", md(*in.analysis_time));
  o += "\nEntry numbers are 0-based positions in log.entries; times are UTC (RFC 3339).\n\n";

  o += "## Summary\n\n";
  o += fmt::format("- Capture: {} entries, {}; exported by {}.\n", cap.entries,
                   cap.opened ? har::read_status_name(cap.read.status) : "unreadable",
                   md(cap.exporter_name.empty() ? "an unknown tool" : cap.exporter_name));
  std::string cmps;
  for (const auto& c : tl.cmps) cmps += (cmps.empty() ? "" : ", ") + md(v.vendor_name(c));
  o += fmt::format("- Consent platforms seen: {}. Region the platform applied: {}.\n",
                   cmps.empty() ? "none" : cmps, tl.region.empty() ? "not shown" : md(tl.region));
  o += fmt::format("- Sec-GPC: 1 sent on {} of {} requests.\n", tl.gpc_requests, tl.requests);
  o += fmt::format("- Findings: {} high, {} medium, {} low, {} informational.\n", v.by_severity[3],
                   v.by_severity[2], v.by_severity[1], v.by_severity[0]);
  o += fmt::format("- Integrity of the capture: {}.\n", check::status_name(check::overall(v.ex)));
  if (in.claims != nullptr) {
    o += fmt::format(
        "- Allegations: {} supported, {} contradicted, {} not evidenced, {} "
        "indeterminate; {} wrong on the facts.\n",
        v.verdicts[0], v.verdicts[1], v.verdicts[2], v.verdicts[3], v.wrong_on_facts);
  }

  o += "\n## Limitations\n\n";
  for (const auto& l : v.limitations) o += fmt::format("- {}\n", md(l, 2000));
  if (!v.unclassified_hosts.empty()) {
    o += "\nThird-party hosts no signature or list classified:\n\n";
    for (const auto& h : v.unclassified_hosts) o += fmt::format("- {}\n", md(h));
  }

  if (in.claims != nullptr) {
    o += "\n## Allegations\n\nClaims the capture contradicts on the facts are marked **WRONG ON "
         "THE FACTS**.\n\n";
    o += "| claim | the letter says | vendor | kind | verdict | reason |\n| --- | --- | --- | --- "
         "| --- | --- |\n";
    for (const auto& c : *in.claims) {
      o += fmt::format("| {} | {} | {} | {} | {}{} | {} |\n", md(c.c.id), md(c.c.text),
                       md(v.vendor_name(c.c.vendor_id)), check::claim_kind_name(c.c.kind),
                       check::verdict_name(c.verdict),
                       c.wrong_on_facts ? " **WRONG ON THE FACTS**" : "", md(c.reason, 2000));
    }
  }

  o += "\n## Consent transitions\n\n| from | state | GPC | entry | what proves it |\n| --- | --- | "
       "--- | --- | --- |\n";
  for (const auto& t : tl.transitions) {
    o += fmt::format("| {} | {} | {} | {} | {} |\n", md(v.when(t.time)),
                     timeline::state_name(t.state), t.gpc ? "yes" : "no",
                     t.entry ? std::to_string(*t.entry) : "-", md(t.signal));
  }

  o += "\n## Findings\n\n";
  if (tl.findings.empty()) o += "None.\n";
  for (std::size_t i = 0; i < tl.findings.size(); ++i) {
    const auto& f = tl.findings[i];
    o += fmt::format("### {} {}: {} ({})\n\n{}\n\nEntries: {}\n\n", v.finding_ids[i],
                     timeline::finding_kind_name(f.kind), md(v.vendor_name(f.vendor_id)),
                     timeline::severity_name(f.severity), md(f.explanation, 2000),
                     detail::view::entries_text(f.entries, 40));
    o += "| entry | time | detail | signature | URL |\n| --- | --- | --- | --- | --- |\n";
    for (const auto& e : f.items) {
      o += fmt::format("| {} | {} | {} | {} | {} |\n", e.entry, md(v.when(e.time)),
                       md(e.detail, 300), md(e.signature), md(e.url, 300));
    }
    o += '\n';
  }

  o += "## Integrity of the capture\n\n| check | status | what was found |\n| --- | --- | --- |\n";
  for (const auto& c : v.ex.checks) {
    o += fmt::format("| {} | {} | {} |\n", md(c.title.empty() ? c.id : c.title),
                     check::status_name(c.status), md(c.summary, 1000));
  }

  if (in.diff != nullptr) {
    o += "\n## Comparison with our captures\n\n";
    for (std::size_t i = 0; i < in.compared.size(); ++i) {
      const auto& c = in.compared[i]->timeline.trackers.capture;
      o += fmt::format("- capture {}: {} (SHA-256 {})\n", i + 1, md(c.path),
                       md(c.read.sha256.empty() ? "unknown" : c.read.sha256));
    }
    o += "\n| id | difference | vendor | page | what | most likely reason |\n| --- | --- | --- | "
         "--- | --- | --- |\n";
    for (const auto& d : in.diff->differences) {
      o += fmt::format("| {} | {} | {} | {} | {} | {} |\n", md(d.id), md(d.kind),
                       md(v.vendor_name(d.vendor_id)), md(d.page, 200), md(d.what, 1000),
                       md(d.reason_text.empty() ? d.reason : d.reason_text, 1000));
    }
    for (const auto& n : in.diff->notes) o += fmt::format("\n{}\n", md(n, 1000));
  }

  o += "\n## Tracker requests in firing order\n\n| entry | time | vendor | purpose | position | "
       "event / role | URL |\n| --- | --- | --- | --- | --- | --- | --- |\n";
  for (const auto& a : tl.hits) {
    const auto& h = tl.trackers.hits[a.hit];
    o += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", h.entry, md(v.when_us(h.time_us)),
                     md(h.vendor->name), consent::purpose_name(a.purpose),
                     timeline::position_name(a.position),
                     md(h.decoded.events.empty() ? std::string(sig::role_name(h.sig->role))
                                                 : h.decoded.events.front()),
                     md(h.url, 200));
  }
  o += fmt::format("\nGenerated by harfact {}.\n", tool_version());
  return o;
}

}  // namespace harfact::report
