// The full report as JSON (lib/schema/report.schema.json) and as JUnit XML.
#include "harfact/report/full_report.hpp"

#include <fmt/format.h>

#include <pugixml.hpp>
#include <sstream>

#include "harfact/report/check_report.hpp"
#include "harfact/report/diff_report.hpp"
#include "harfact/report/verify_report.hpp"
#include "report/capture_block.hpp"
#include "report/report_view.hpp"

namespace harfact::report {

namespace {

bool gated(const report_inputs& in, timeline::finding_kind k) {
  if (!in.gate.empty()) return std::find(in.gate.begin(), in.gate.end(), k) != in.gate.end();
  return k != timeline::finding_kind::fired_with_consent &&
         k != timeline::finding_kind::order_indeterminate;
}

}  // namespace

std::string report_json(const report_inputs& in, const envelope& env) {
  const detail::view v(in);
  json_writer w;
  w.begin_object();
  write_envelope(w, env);
  w.member("command", "report");
  w.key("custody").begin_object();
  w.key("command_line");
  in.command_line.empty() ? w.null() : w.value(detail::clean(in.command_line));
  w.key("analysis_time");
  in.analysis_time ? w.value(*in.analysis_time) : w.null();
  w.end_object();
  write_conventions(w);
  write_capture_block(w, v.tl.trackers.capture);
  w.key("summary").begin_object();
  w.key("cmps").begin_array();
  for (const auto& c : v.tl.cmps) w.value(c);
  w.end_array();
  w.key("region");
  v.tl.region.empty() ? w.null() : w.value(v.tl.region);
  w.member("gpc_requests", v.tl.gpc_requests);
  w.member("requests", v.tl.requests);
  w.member("integrity", check::status_name(check::overall(v.ex)));
  w.key("findings").begin_object();
  for (int s = 3; s >= 0; --s) {
    w.member(timeline::severity_name(static_cast<timeline::severity>(s)),
             static_cast<std::uint64_t>(v.by_severity[s]));
  }
  w.end_object();
  if (in.claims != nullptr) {
    w.key("verdicts").begin_object();
    for (int i = 0; i < 4; ++i) {
      w.member(check::verdict_name(static_cast<check::verdict>(i)),
               static_cast<std::uint64_t>(v.verdicts[i]));
    }
    w.member("wrong_on_facts", static_cast<std::uint64_t>(v.wrong_on_facts));
    w.end_object();
  } else {
    w.key("verdicts").null();
  }
  w.end_object();
  w.key("limitations").begin_array();
  for (const auto& l : v.limitations) w.value(l);
  w.end_array();
  w.key("unclassified_third_party_hosts").begin_array();
  for (const auto& h : v.unclassified_hosts) w.value(h);
  w.end_array();
  w.key("findings").begin_array();
  for (std::size_t i = 0; i < v.tl.findings.size(); ++i) {
    write_finding(w, v.tl.findings[i], v.finding_ids[i]);
  }
  w.end_array();
  write_transitions(w, v.tl);
  w.key("hits").begin_array();
  for (const auto& a : v.tl.hits) write_hit(w, v.tl, a);
  w.end_array();
  w.key("integrity").begin_object();
  write_integrity_checks(w, v.ex);
  w.end_object();
  w.key("allegations");
  if (in.claims != nullptr) {
    w.begin_object();
    write_claims_summary(w.key("summary"), *in.claims);
    write_claim_results(w.key("claims"), *in.claims);
    w.end_object();
  } else {
    w.null();
  }
  w.key("compared").begin_array();
  for (const auto* c : in.compared) {
    w.begin_object();
    w.member("path", c->timeline.trackers.capture.path);
    w.key("sha256");
    c->timeline.trackers.capture.read.sha256.empty()
        ? w.null()
        : w.value(c->timeline.trackers.capture.read.sha256);
    w.end_object();
  }
  w.end_array();
  w.key("diff");
  if (in.diff != nullptr) {
    w.begin_object();
    write_differences(w.key("differences"), *in.diff);
    w.key("notes").begin_array();
    for (const auto& n : in.diff->notes) w.value(n);
    w.end_array();
    w.end_object();
  } else {
    w.null();
  }
  w.end_object();
  return w.take();
}

std::string report_junit(const report_inputs& in, const envelope& env) {
  const detail::view v(in);
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto suites = doc.append_child("testsuites");
  suites.append_attribute("name") = detail::clean("harfact " + v.tl.trackers.capture.path).c_str();

  // Findings: one test case per kind; a gated kind with findings fails.
  auto findings = suites.append_child("testsuite");
  findings.append_attribute("name") = "harfact.findings";
  std::size_t tests = 0, failures = 0;
  constexpr int k_kinds = static_cast<int>(timeline::finding_kind::order_indeterminate) + 1;
  for (int k = 0; k < k_kinds; ++k) {
    const auto kind = static_cast<timeline::finding_kind>(k);
    auto tc = findings.append_child("testcase");
    tc.append_attribute("classname") = "harfact.findings";
    tc.append_attribute("name") = std::string(timeline::finding_kind_name(kind)).c_str();
    ++tests;
    std::string text;
    std::size_t n = 0;
    for (std::size_t i = 0; i < v.tl.findings.size(); ++i) {
      const auto& f = v.tl.findings[i];
      if (f.kind != kind) continue;
      ++n;
      text += fmt::format("{} [{}] {}: entries {}\n{}\n", v.finding_ids[i],
                          timeline::severity_name(f.severity), f.vendor_id,
                          detail::view::entries_text(f.entries), detail::clean(f.explanation));
    }
    if (n == 0) continue;
    if (gated(in, kind)) {
      ++failures;
      auto failure = tc.append_child("failure");
      failure.append_attribute("type") = std::string(timeline::finding_kind_name(kind)).c_str();
      failure.append_attribute("message") =
          fmt::format("{} finding(s) of kind {}", n, timeline::finding_kind_name(kind)).c_str();
      failure.append_child(pugi::node_pcdata).set_value(text.c_str());
    } else {
      tc.append_child("system-out").append_child(pugi::node_pcdata).set_value(text.c_str());
    }
  }
  findings.append_attribute("tests") = static_cast<unsigned long long>(tests);
  findings.append_attribute("failures") = static_cast<unsigned long long>(failures);

  // Integrity: a failing check fails its test case.
  auto integrity = suites.append_child("testsuite");
  integrity.append_attribute("name") = "harfact.integrity";
  std::size_t itests = 0, ifailures = 0;
  for (const auto& c : v.ex.checks) {
    auto tc = integrity.append_child("testcase");
    tc.append_attribute("classname") = "harfact.integrity";
    tc.append_attribute("name") = c.id.c_str();
    ++itests;
    if (c.status == check::status::fail) {
      ++ifailures;
      auto failure = tc.append_child("failure");
      failure.append_attribute("type") = c.id.c_str();
      failure.append_attribute("message") = detail::clean(c.summary).c_str();
    } else if (c.status == check::status::not_applicable) {
      tc.append_child("skipped");
    } else if (c.status == check::status::warn) {
      tc.append_child("system-out")
          .append_child(pugi::node_pcdata)
          .set_value(("warning: " + detail::clean(c.summary)).c_str());
    }
  }
  integrity.append_attribute("tests") = static_cast<unsigned long long>(itests);
  integrity.append_attribute("failures") = static_cast<unsigned long long>(ifailures);
  suites.append_attribute("tests") = static_cast<unsigned long long>(tests + itests);
  suites.append_attribute("failures") = static_cast<unsigned long long>(failures + ifailures);

  auto props = findings.prepend_child("properties");
  auto prop = [&](const char* name, const std::string& value) {
    auto p = props.append_child("property");
    p.append_attribute("name") = name;
    p.append_attribute("value") = detail::clean(value).c_str();
  };
  prop("capture_sha256", v.tl.trackers.capture.read.sha256);
  prop("signature_db", env.db_version.value_or("none"));
  prop("signature_db_sha256", env.db_sha256.value_or(""));

  std::ostringstream out;
  doc.save(out, "  ", pugi::format_indent | pugi::format_no_empty_element_tags,
           pugi::encoding_utf8);
  return out.str();
}

}  // namespace harfact::report
