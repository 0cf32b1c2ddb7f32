// The full report as self-contained HTML: no script, no external resource,
// an inline stylesheet and an inline SVG timeline. Built as a pugixml tree, so
// every text and attribute taken from a capture is escaped by construction;
// written without empty-element tags, so the same bytes parse as HTML and as
// XML (the tests parse them).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <pugixml.hpp>
#include <sstream>

#include "harfact/core/build_info.hpp"
#include "harfact/har/timestamp.hpp"
#include "harfact/report/full_report.hpp"
#include "report/report_view.hpp"

namespace harfact::report {

namespace {

using detail::clean;
using detail::clip;
using pugi::xml_node;

constexpr const char* k_style = R"(
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2em auto;max-width:72em;color:#1b1b1b;line-height:1.45}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;width:100%;margin:.5em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.25em .45em;text-align:left;vertical-align:top}
th{background:#f3f3f3}code,.mono{font-family:ui-monospace,Consolas,monospace;font-size:.92em;word-break:break-all}
.sev-high{background:#fde2e1}.sev-medium{background:#fff1d6}.sev-low{background:#eef5ff}.sev-info{background:#f4f4f4}
.wrong{background:#fff3b0;font-weight:bold}.fail{color:#b00020;font-weight:bold}.warn{color:#8a5a00;font-weight:bold}.pass{color:#1d6b2f}
.note{color:#555;font-size:.9em}svg{border:1px solid #ddd;background:#fff}
)";

xml_node el(xml_node parent, const char* name, std::string_view text = {}, const char* cls = nullptr) {
  xml_node n = parent.append_child(name);
  if (cls != nullptr) n.append_attribute("class") = cls;
  if (!text.empty()) n.append_child(pugi::node_pcdata).set_value(clean(text).c_str());
  return n;
}

xml_node code(xml_node parent, std::string_view text) {
  return el(parent, "code", text.empty() ? std::string_view("-") : text);
}

xml_node table(xml_node parent, std::initializer_list<const char*> heads) {
  xml_node t = el(parent, "table");
  xml_node tr = el(el(t, "thead"), "tr");
  for (const char* h : heads) el(tr, "th", h);
  return el(t, "tbody");
}

xml_node row(xml_node tbody, const char* cls = nullptr) { return el(tbody, "tr", {}, cls); }

const char* severity_class(timeline::severity s) {
  switch (s) {
    case timeline::severity::high: return "sev-high";
    case timeline::severity::medium: return "sev-medium";
    case timeline::severity::low: return "sev-low";
    case timeline::severity::info: return "sev-info";
  }
  return "sev-info";
}

const char* state_colour(timeline::state s) {
  switch (s) {
    case timeline::state::no_cmp: return "#e8e8e8";
    case timeline::state::pre_banner: return "#f7d9d9";
    case timeline::state::banner_shown: return "#fbe9c6";
    case timeline::state::accepted: return "#d6efd8";
    case timeline::state::rejected: return "#d9e4f7";
    case timeline::state::partial: return "#e5dcf3";
    case timeline::state::unknown: return "#eeeeee";
  }
  return "#eeeeee";
}

const char* position_colour(timeline::position p) {
  switch (p) {
    case timeline::position::no_consent_ui: return "#b00020";
    case timeline::position::before_choice: return "#c77700";
    case timeline::position::denied: return "#7b1fa2";
    case timeline::position::granted: return "#1d6b2f";
    case timeline::position::indeterminate: return "#555555";
    case timeline::position::unknown: return "#999999";
  }
  return "#999999";
}

// The SVG timeline: consent-state bands across the capture, one row of marks
// per vendor (data-sending hits), coloured by how each stands to consent.
void timeline_svg(xml_node parent, const detail::view& v) {
  const auto& tl = v.tl;
  std::int64_t t0 = INT64_MAX, t1 = INT64_MIN;
  for (const auto& t : tl.transitions) {
    if (t.time.us) t0 = std::min(t0, *t.time.us), t1 = std::max(t1, *t.time.us);
  }
  std::vector<std::string> vendors;
  for (const auto& a : tl.hits) {
    const auto& h = tl.trackers.hits[a.hit];
    if (!a.fires || !h.time_us) continue;
    t0 = std::min(t0, *h.time_us);
    t1 = std::max(t1, *h.time_us);
    if (std::find(vendors.begin(), vendors.end(), h.vendor->vendor_id) == vendors.end()) {
      vendors.push_back(h.vendor->vendor_id);
    }
  }
  if (t0 == INT64_MAX) {
    el(parent, "p", "No timed events to draw.", "note");
    return;
  }
  if (t1 <= t0) t1 = t0 + 1000;
  constexpr int left = 170, width = 800, band = 26, row_h = 22;
  const int height = band + 30 + static_cast<int>(vendors.size()) * row_h + 30;
  xml_node svg = parent.append_child("svg");
  svg.append_attribute("xmlns") = "http://www.w3.org/2000/svg";
  svg.append_attribute("viewBox") = fmt::format("0 0 {} {}", left + width + 20, height).c_str();
  svg.append_attribute("width") = "100%";
  svg.append_attribute("role") = "img";
  el(svg, "title", "Consent state and tracker hits over the capture");
  auto x_of = [&](std::int64_t us) {
    return left + static_cast<double>(us - t0) / static_cast<double>(t1 - t0) * width;
  };
  auto text = [&](double x, double y, std::string_view s, const char* anchor = "start") {
    xml_node t = el(svg, "text", s);
    t.append_attribute("x") = fmt::format("{:.1f}", x).c_str();
    t.append_attribute("y") = fmt::format("{:.1f}", y).c_str();
    t.append_attribute("font-size") = "11";
    t.append_attribute("text-anchor") = anchor;
    return t;
  };
  // Bands: each transition's state until the next one.
  text(4, 18, "consent state");
  for (std::size_t i = 0; i < tl.transitions.size(); ++i) {
    const auto& t = tl.transitions[i];
    const std::int64_t a = t.time.us.value_or(t0);
    const std::int64_t b = i + 1 < tl.transitions.size() && tl.transitions[i + 1].time.us
                               ? *tl.transitions[i + 1].time.us
                               : t1;
    xml_node r = svg.append_child("rect");
    r.append_attribute("x") = fmt::format("{:.1f}", x_of(std::max(a, t0))).c_str();
    r.append_attribute("y") = "4";
    r.append_attribute("width") = fmt::format("{:.1f}", std::max(1.0, x_of(b) - x_of(std::max(a, t0)))).c_str();
    r.append_attribute("height") = std::to_string(band).c_str();
    r.append_attribute("fill") = state_colour(t.state);
    el(r, "title", fmt::format("{}{} from {} (entry {}): {}", timeline::state_name(t.state),
                               t.gpc ? " + GPC" : "", v.when(t.time),
                               t.entry ? std::to_string(*t.entry) : std::string("-"),
                               clip(t.signal, 300)));
    if (x_of(b) - x_of(std::max(a, t0)) > 60) {
      text(x_of(std::max(a, t0)) + 3, 21, timeline::state_name(t.state));
    }
  }
  // Vendor rows.
  for (std::size_t row_i = 0; row_i < vendors.size(); ++row_i) {
    const double y = band + 30 + static_cast<double>(row_i) * row_h;
    text(4, y + 4, clip(v.vendor_name(vendors[row_i]), 26));
    xml_node line = svg.append_child("line");
    line.append_attribute("x1") = std::to_string(left).c_str();
    line.append_attribute("x2") = std::to_string(left + width).c_str();
    line.append_attribute("y1") = fmt::format("{:.1f}", y).c_str();
    line.append_attribute("y2") = fmt::format("{:.1f}", y).c_str();
    line.append_attribute("stroke") = "#e3e3e3";
  }
  for (const auto& a : tl.hits) {
    const auto& h = tl.trackers.hits[a.hit];
    if (!a.fires || !h.time_us) continue;
    const auto row_i = static_cast<std::size_t>(
        std::find(vendors.begin(), vendors.end(), h.vendor->vendor_id) - vendors.begin());
    const double y = band + 30 + static_cast<double>(row_i) * row_h;
    xml_node c = svg.append_child("circle");
    c.append_attribute("cx") = fmt::format("{:.1f}", x_of(*h.time_us)).c_str();
    c.append_attribute("cy") = fmt::format("{:.1f}", y).c_str();
    c.append_attribute("r") = "5";
    c.append_attribute("fill") = position_colour(a.position);
    el(c, "title", fmt::format("entry {} {} {}: {} ({})", h.entry, v.when_us(h.time_us),
                               h.vendor->name,
                               h.decoded.events.empty() ? std::string(sig::role_name(h.sig->role))
                                                        : h.decoded.events.front(),
                               timeline::position_name(a.position)));
  }
  const double axis_y = height - 12;
  text(left, axis_y, v.when_us(t0));
  text(left + width, axis_y, fmt::format("+{:.3f} s", static_cast<double>(t1 - t0) / 1e6), "end");
}

void custody(xml_node body, const detail::view& v, const envelope& env) {
  el(body, "h2", "Chain of custody");
  xml_node t = table(body, {"item", "value"});
  auto kv = [&](std::string_view k, std::string_view val, bool mono = true) {
    xml_node r = row(t);
    el(r, "th", k);
    xml_node td = el(r, "td");
    if (mono) {
      code(td, val);
    } else {
      td.append_child(pugi::node_pcdata).set_value(clean(val).c_str());
    }
  };
  for (const auto& i : env.inputs) {
    kv(fmt::format("input {} path", i.label), i.path);
    kv(fmt::format("input {} bytes", i.label), i.bytes ? std::to_string(*i.bytes) : "unknown");
    kv(fmt::format("input {} SHA-256", i.label), i.sha256.value_or("unknown"));
    if (i.sha256_decompressed) kv(fmt::format("input {} SHA-256 (decompressed)", i.label), *i.sha256_decompressed);
  }
  kv("harfact version", fmt::format("{} (simdjson {})", tool_version(), simdjson_implementation()));
  kv("signature database", fmt::format("{} (SHA-256 {})", env.db_version.value_or("none"),
                                       env.db_sha256.value_or("-")));
  for (const auto& l : env.lists) {
    kv("filter list", fmt::format("{} (SHA-256 {}, {} rules)", l.path, l.sha256, l.rules));
  }
  kv("public suffix list SHA-256", env.public_suffix_sha256.value_or("-"));
  if (!v.in.command_line.empty()) kv("command line", v.in.command_line);
  if (v.in.analysis_time) kv("analysis time", *v.in.analysis_time);
  el(body, "p",
     "Entry numbers are 0-based positions in the capture's log.entries array; times are UTC "
     "(RFC 3339). Every finding cites its entries and the signature id@rev that classified them.",
     "note");
}

}  // namespace

std::string report_html(const report_inputs& in, const envelope& env) {
  const detail::view v(in);
  const auto& tl = v.tl;
  const auto& cap = tl.trackers.capture;
  pugi::xml_document doc;
  doc.append_child(pugi::node_doctype).set_value("html");
  xml_node html = doc.append_child("html");
  html.append_attribute("lang") = "en";
  xml_node head = el(html, "head");
  el(head, "meta").append_attribute("charset") = "utf-8";
  xml_node csp = el(head, "meta");
  csp.append_attribute("http-equiv") = "Content-Security-Policy";
  csp.append_attribute("content") = "default-src 'none'; style-src 'unsafe-inline'";
  el(head, "title", fmt::format("harfact report: {}", clip(cap.path, 120)));
  el(head, "style").append_child(pugi::node_pcdata).set_value(k_style);
  xml_node body = el(html, "body");
  el(body, "h1", fmt::format("harfact report: {}", clip(cap.path, 200)));

  custody(body, v, env);

  // Summary.
  el(body, "h2", "Summary");
  xml_node ul = el(body, "ul");
  el(ul, "li", fmt::format("Capture: {} entries, {}; exported by {}.", cap.entries,
                           cap.opened ? har::read_status_name(cap.read.status) : "unreadable",
                           cap.exporter_name.empty() ? "an unknown tool" : cap.exporter_name));
  el(ul, "li", fmt::format("Consent platforms seen: {}. Region the platform applied: {}.",
                           tl.cmps.empty() ? "none" : [&] {
                             std::string s;
                             for (const auto& c : tl.cmps) s += (s.empty() ? "" : ", ") + v.vendor_name(c);
                             return s;
                           }(),
                           tl.region.empty() ? "not shown by the capture" : tl.region));
  el(ul, "li", fmt::format("Sec-GPC: 1 sent on {} of {} requests.", tl.gpc_requests, tl.requests));
  el(ul, "li", fmt::format("Findings: {} high, {} medium, {} low, {} informational.",
                           v.by_severity[3], v.by_severity[2], v.by_severity[1], v.by_severity[0]));
  el(ul, "li", fmt::format("Integrity of the capture: {}.", check::status_name(check::overall(v.ex))));
  if (in.claims != nullptr) {
    el(ul, "li", fmt::format("Allegations: {} supported, {} contradicted, {} not evidenced, {} "
                             "indeterminate; {} wrong on the facts.",
                             v.verdicts[0], v.verdicts[1], v.verdicts[2], v.verdicts[3],
                             v.wrong_on_facts));
  }

  // Limitations.
  el(body, "h2", "Limitations");
  xml_node lim = el(body, "ul");
  for (const auto& l : v.limitations) el(lim, "li", l);
  if (!v.unclassified_hosts.empty()) {
    el(body, "h3", "Third-party hosts no signature or list classified");
    xml_node hosts = el(body, "ul");
    for (const auto& h : v.unclassified_hosts) code(el(hosts, "li"), h);
  }

  // Allegations first when given: they are what the report answers.
  if (in.claims != nullptr) {
    el(body, "h2", "Allegations");
    el(body, "p", "Claims the capture contradicts on the facts are highlighted.", "note");
    xml_node t = table(body, {"claim", "the letter says", "vendor", "kind", "verdict", "reason", "evidence"});
    for (const auto& c : *in.claims) {
      xml_node r = row(t, c.wrong_on_facts ? "wrong" : nullptr);
      el(r, "td", c.c.id);
      el(r, "td", clip(c.c.text, 600));
      el(r, "td", v.vendor_name(c.c.vendor_id));
      el(r, "td", check::claim_kind_name(c.c.kind));
      el(r, "td", fmt::format("{}{}", check::verdict_name(c.verdict),
                              c.wrong_on_facts ? " (wrong on the facts)" : ""));
      el(r, "td", clip(c.reason, 2000));
      xml_node ev = el(r, "td");
      for (const auto& e : c.evidence) {
        el(ev, "div", fmt::format("entry {} {} {} {}", e.entry, v.when(e.time), clip(e.detail, 200),
                                  e.signature), "mono");
      }
    }
  }

  // Timeline.
  el(body, "h2", "Timeline");
  timeline_svg(body, v);
  el(body, "p",
     "Bands: consent state (grey no consent platform, red before it loaded, amber banner shown, "
     "green accepted, blue rejected, violet partial). Marks: data-sending tracker hits, red "
     "before any consent UI, amber before a choice, violet after an opt-out, green with consent, "
     "dark grey of indeterminate order. Hover a band or mark for its entry and evidence.",
     "note");
  xml_node tt = table(body, {"from", "state", "GPC", "entry", "what proves it"});
  for (const auto& t : tl.transitions) {
    xml_node r = row(tt);
    el(r, "td", v.when(t.time), "mono");
    el(r, "td", timeline::state_name(t.state));
    el(r, "td", t.gpc ? "yes" : "no");
    el(r, "td", t.entry ? std::to_string(*t.entry) : "-");
    el(r, "td", clip(t.signal, 600) + (t.window_start_us ? fmt::format(" (the choice was made after {})", v.when_us(t.window_start_us)) : ""));
  }

  // Findings.
  el(body, "h2", "Findings");
  if (tl.findings.empty()) el(body, "p", "None.");
  for (std::size_t i = 0; i < tl.findings.size(); ++i) {
    const auto& f = tl.findings[i];
    xml_node d = el(body, "div", {}, severity_class(f.severity));
    el(d, "h3", fmt::format("{} {}: {} ({})", v.finding_ids[i], timeline::finding_kind_name(f.kind),
                            v.vendor_name(f.vendor_id), timeline::severity_name(f.severity)));
    el(d, "p", f.explanation);
    el(d, "p", "Entries: " + detail::view::entries_text(f.entries, 40), "note");
    xml_node et = table(d, {"entry", "time", "detail", "signature", "URL"});
    for (const auto& e : f.items) {
      xml_node r = row(et);
      el(r, "td", std::to_string(e.entry));
      el(r, "td", v.when(e.time), "mono");
      el(r, "td", clip(e.detail, 300));
      el(r, "td", e.signature, "mono");
      el(r, "td", clip(e.url, 300), "mono");
    }
  }

  // Integrity.
  el(body, "h2", "Integrity of the capture");
  xml_node it = table(body, {"check", "status", "what was found", "evidence"});
  for (const auto& c : v.ex.checks) {
    xml_node r = row(it);
    el(r, "td", c.title.empty() ? c.id : c.title);
    el(r, "td", check::status_name(c.status),
       c.status == check::status::fail   ? "fail"
       : c.status == check::status::warn ? "warn"
                                         : "pass");
    el(r, "td", clip(c.summary, 1000));
    xml_node ev = el(r, "td");
    for (const auto& e : c.evidence) {
      el(ev, "div", (e.entry ? fmt::format("entry {}: ", *e.entry) : std::string()) + clip(e.detail, 200), "mono");
    }
  }

  // Comparison.
  if (in.diff != nullptr) {
    el(body, "h2", "Comparison with our captures");
    xml_node cl = el(body, "ul");
    for (std::size_t i = 0; i < in.compared.size(); ++i) {
      const auto& c = in.compared[i]->timeline.trackers.capture;
      el(cl, "li", fmt::format("capture {}: {} (SHA-256 {})", i + 1, c.path,
                               c.read.sha256.empty() ? "unknown" : c.read.sha256));
    }
    xml_node dt = table(body, {"id", "difference", "vendor", "page", "what", "most likely reason"});
    for (const auto& d : in.diff->differences) {
      xml_node r = row(dt);
      el(r, "td", d.id);
      el(r, "td", d.kind);
      el(r, "td", v.vendor_name(d.vendor_id));
      el(r, "td", clip(d.page, 200), "mono");
      el(r, "td", clip(d.what, 1000));
      el(r, "td", clip(d.reason_text.empty() ? d.reason : d.reason_text, 1000));
    }
    for (const auto& n : in.diff->notes) el(body, "p", n, "note");
  }

  // Every hit.
  el(body, "h2", "Tracker requests in firing order");
  xml_node ht = table(body, {"entry", "time", "vendor", "purpose", "position", "event / role", "restrictions", "URL"});
  for (const auto& a : tl.hits) {
    const auto& h = tl.trackers.hits[a.hit];
    xml_node r = row(ht);
    el(r, "td", std::to_string(h.entry));
    el(r, "td", v.when_us(h.time_us), "mono");
    el(r, "td", h.vendor->name);
    el(r, "td", consent::purpose_name(a.purpose));
    el(r, "td", timeline::position_name(a.position));
    el(r, "td", h.decoded.events.empty() ? std::string(sig::role_name(h.sig->role)) : h.decoded.events.front());
    std::string restr;
    for (const auto& s : a.restrictions) restr += (restr.empty() ? "" : "; ") + s;
    el(r, "td", restr.empty() ? "-" : restr);
    el(r, "td", clip(h.url, 200), "mono");
  }
  el(body, "p", fmt::format("Generated by harfact {}. This file is self-contained and runs no script.",
                            tool_version()), "note");

  std::ostringstream out;
  doc.save(out, " ", pugi::format_indent | pugi::format_no_empty_element_tags | pugi::format_no_declaration,
           pugi::encoding_utf8);
  return out.str();
}

}  // namespace harfact::report
