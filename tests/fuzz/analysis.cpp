// Fuzz target: the whole analysis of a capture, as `harfact report` runs it:
// verify() (inspect, trackers with the repository's signatures and a filter
// list, the timeline, the integrity checks, in one pass), every claim kind
// checked against it, the diff against a fixed capture of ours, and the
// reports rendered (JSON, HTML, text, CSV).
//
// The analysis takes a path: each input is written to a file in this process's
// scratch directory (in /dev/shm when there is one). The databases are loaded
// once, in LLVMFuzzerInitialize.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "harfact/check/allegations.hpp"
#include "harfact/check/diff.hpp"
#include "harfact/check/verify.hpp"
#include "harfact/net/public_suffix.hpp"
#include "harfact/report/consent_report.hpp"
#include "harfact/report/full_report.hpp"
#include "harfact/report/timeline_report.hpp"
#include "harfact/report/verify_report.hpp"
#include "harfact/sig/database.hpp"
#include "harfact/sig/filter_list.hpp"
#include "harfact/sig/matcher.hpp"

namespace {

using namespace harfact;

struct state {
  sig::database db;
  std::unique_ptr<sig::matcher> matcher;
  std::optional<net::public_suffix> psl;
  sig::filter_engine lists;
  std::vector<check::claim> claims;
  check::verify_result ours;  // testdata/sample/exhibit.har, the diff's other side
};

state* g = nullptr;

check::verify_options fixed_now() {
  check::verify_options vo;
  vo.now_us = std::int64_t{1'800'000'000} * 1'000'000;  // 2027-01-15: reproducible
  return vo;
}

inspect::inspect_options bounded() {
  inspect::inspect_options o;
  o.reader.input.max_bytes = std::uint64_t{64} << 20;
  o.reader.max_xml_bytes = std::uint64_t{64} << 20;
  return o;
}

// Every claim kind about a few vendors the seeds contain, with fields,
// pages and times, so every rule of check_claims is reachable.
std::vector<check::claim> all_claims() {
  std::vector<check::claim> out;
  const char* vendors[] = {"meta_pixel", "google_analytics_4", "tiktok_pixel",
                           "hotjar",     "onetrust",           "intercom"};
  const char* fields[] = {"em", "email", "page_url", "dl", "_ga", "ud[em]"};
  int n = 0;
  for (const char* v : vendors) {
    for (int k = 0; k < check::claim_kind_count; ++k) {
      check::claim c;
      c.id = "c" + std::to_string(n);
      c.text = "fuzz claim";
      c.vendor_id = v;
      c.kind = static_cast<check::claim_kind>(k);
      if (c.kind == check::claim_kind::transmitted_field) c.field = fields[n % 6];
      if (n % 3 == 1) c.page = "https://";
      if (n % 5 == 2) {
        c.time_us = std::int64_t{1'700'000'000} * 1'000'000;
        c.time_original = "2023-11-14T22:13:20Z";
        c.time_precision_us = 1'000'000;
      }
      out.push_back(std::move(c));
      ++n;
    }
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  g = new state();
  g->db = harfact::fuzz::repository_signatures();
  g->matcher = std::make_unique<sig::matcher>(g->db);
  auto psl = net::public_suffix::load();
  if (!psl) std::abort();
  g->psl.emplace(std::move(*psl));
  if (!g->lists.add_file(std::string(HARFACT_SOURCE_DIR) + "/testdata/lists/team_basic.txt")) {
    std::abort();
  }
  g->lists.build();
  g->claims = all_claims();
  g->ours = check::verify(std::string(HARFACT_SOURCE_DIR) + "/testdata/sample/exhibit.har",
                          *g->matcher, *g->psl, bounded(), &g->lists, fixed_now());
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto path = harfact::fuzz::scratch_dir() / "capture.har";
  harfact::fuzz::write_file(path, harfact::fuzz::as_view(data, size));
  const auto exhibit = check::verify(path, *g->matcher, *g->psl, bounded(), &g->lists, fixed_now());
  const auto verdicts = check::check_claims(g->claims, exhibit, &g->db);
  const auto compared = check::diff(exhibit, {&g->ours});

  report::envelope env;
  report::input_ref in;
  in.label = "exhibit";
  in.path = "capture.har";
  env.inputs.push_back(in);
  report::report_inputs ri;
  ri.exhibit = &exhibit;
  ri.claims = &verdicts;
  ri.compared = {&g->ours};
  ri.diff = &compared;
  static volatile std::size_t sink = 0;
  sink = sink + report::report_json(ri, env).size() + report::report_html(ri, env).size() +
         report::verify_json(exhibit, env).size() +
         report::consent_text(exhibit.timeline, env).size() +
         report::timeline_text(exhibit.timeline, env).size() +
         report::timeline_csv(exhibit.timeline).size();
  return 0;
}
