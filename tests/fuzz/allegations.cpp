// Fuzz target: the allegations (claims) file, as `harfact check` reads it:
// check::parse_claims, the vendor ids against the repository's signatures,
// then (for files that parse) every claim judged against a fixed exhibit
// (testdata/sample/exhibit.har, analysed once in LLVMFuzzerInitialize) and
// the verdicts rendered (JSON and text).
#include "harfact/check/allegations.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

#include "fuzz_support.hpp"
#include "harfact/check/verify.hpp"
#include "harfact/net/public_suffix.hpp"
#include "harfact/report/check_report.hpp"
#include "harfact/sig/database.hpp"
#include "harfact/sig/matcher.hpp"

using namespace harfact;

namespace {

struct state {
  sig::database db;
  check::verify_result exhibit;
};

state* g = nullptr;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  g = new state();
  g->db = harfact::fuzz::repository_signatures();
  const sig::matcher matcher(g->db);
  auto psl = net::public_suffix::load();
  if (!psl) std::abort();
  check::verify_options vo;
  vo.now_us = std::int64_t{1'800'000'000} * 1'000'000;
  g->exhibit = check::verify(std::string(HARFACT_SOURCE_DIR) + "/testdata/sample/exhibit.har",
                             matcher, *psl, {}, nullptr, vo);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto claims = check::parse_claims(fuzz::as_view(data, size), "fuzz.json");
  static volatile std::size_t sink = 0;
  if (!claims) {
    sink = sink + claims.error().message.size();
    return 0;
  }
  if (auto known = check::check_vendor_ids(*claims, g->db, "fuzz.json"); !known) {
    sink = sink + known.error().message.size();
  }
  if (claims->size() > 64) claims->resize(64);  // verdicts cost the same for any number
  const auto verdicts = check::check_claims(*claims, g->exhibit, &g->db);
  if (verdicts.size() != claims->size()) __builtin_trap();
  const report::envelope env;
  sink = sink + report::check_json(verdicts, g->exhibit.timeline, env).size() +
         report::check_text(verdicts, g->exhibit.timeline, env).size() +
         check::tally(verdicts).claims;
  return 0;
}
