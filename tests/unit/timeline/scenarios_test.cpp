// The timeline on the team's scenario captures (testdata/scenarios): every
// consent transition, tracker hit and finding that scenarios/expectations.json
// (generated with the README from the same facts) says a correct timeline
// derives.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "timeline_test_support.hpp"

namespace harfact::timeline {
namespace {

using test_support::f;
using test_support::scenario;

struct expected_hit {
  std::uint64_t entry = 0;
  std::string vendor_id, role, purpose;
  std::set<std::string> findings;
  bool restricted = false;
};

struct expected {
  std::string file;
  std::vector<std::pair<std::string, std::uint64_t>> states;
  std::vector<expected_hit> hits;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> pairs;
  bool gpc = false;
  std::string region;
};

std::vector<expected> load_expectations() {
  simdjson::dom::parser parser;
  auto text = simdjson::padded_string::load(
      (harfact::test::testdata("scenarios") / "expectations.json").string());
  simdjson::dom::element doc = parser.parse(text.value());
  std::vector<expected> out;
  for (simdjson::dom::element s : doc["scenarios"].get_array()) {
    expected e;
    e.file = std::string(std::string_view(s["file"]));
    for (simdjson::dom::element st : s["states"].get_array()) {
      e.states.emplace_back(std::string(std::string_view(st["state"])),
                            static_cast<std::uint64_t>(int64_t(st["entry"])));
    }
    for (simdjson::dom::element h : s["hits"].get_array()) {
      expected_hit x;
      x.entry = static_cast<std::uint64_t>(int64_t(h["entry"]));
      x.vendor_id = std::string(std::string_view(h["vendor_id"]));
      x.role = std::string(std::string_view(h["role"]));
      if (!h["purpose"].is_null()) x.purpose = std::string(std::string_view(h["purpose"]));
      for (simdjson::dom::element k : h["findings"].get_array()) {
        x.findings.insert(std::string(std::string_view(k)));
      }
      x.restricted = bool(h["restricted"]);
      e.hits.push_back(std::move(x));
    }
    for (simdjson::dom::element p : s["indeterminate_pairs"].get_array()) {
      e.pairs.emplace_back(static_cast<std::uint64_t>(int64_t(p.at(0))),
                           static_cast<std::uint64_t>(int64_t(p.at(1))));
    }
    e.gpc = bool(s["gpc"]);
    if (!s["region"].is_null()) e.region = std::string(std::string_view(s["region"]));
    out.push_back(std::move(e));
  }
  return out;
}

class Scenario : public ::testing::TestWithParam<expected> {};

TEST_P(Scenario, TransitionsHitsAndFindingsAreAsDocumented) {
  const expected& x = GetParam();
  const result r = f().run(scenario(x.file));
  ASSERT_TRUE(r.trackers.capture.opened);
  ASSERT_EQ(r.trackers.capture.read.status, har::read_status::complete);

  // States, in order (a transition that changes only purposes or GPC keeps
  // its state). banner_shown starts at the platform's first request, which
  // the scenarios list as its stub: at or before their banner-UI entry, and
  // always a consent-platform request.
  std::vector<const transition*> states;
  for (const auto& t : r.transitions) {
    if (states.empty() || states.back()->state != t.state) states.push_back(&t);
  }
  ASSERT_EQ(states.size(), x.states.size());
  for (std::size_t i = 0; i < states.size(); ++i) {
    SCOPED_TRACE(x.states[i].first);
    EXPECT_EQ(state_name(states[i]->state), x.states[i].first);
    ASSERT_TRUE(states[i]->entry.has_value());
    if (x.states[i].first == "banner_shown") {
      EXPECT_LE(*states[i]->entry, x.states[i].second);
      const bool cmp_request = std::any_of(
          r.trackers.hits.begin(), r.trackers.hits.end(), [&](const trackers::hit& h) {
            return h.entry == *states[i]->entry &&
                   h.vendor->category == sig::category::consent_platform;
          });
      EXPECT_TRUE(cmp_request) << "entry " << *states[i]->entry;
    } else {
      EXPECT_EQ(*states[i]->entry, x.states[i].second);
    }
    EXPECT_FALSE(states[i]->signal.empty());
  }

  // Every listed hit, with its purpose, restriction and findings; no finding
  // on any other entry.
  std::map<std::uint64_t, std::set<std::string>> got;
  for (const auto& fd : r.findings) {
    for (const auto e : fd.entries) got[e].insert(std::string(finding_kind_name(fd.kind)));
    EXPECT_FALSE(fd.explanation.empty());
    EXPECT_FALSE(fd.items.empty());
  }
  for (const auto& h : x.hits) {
    SCOPED_TRACE("entry " + std::to_string(h.entry) + " " + h.vendor_id);
    const auto it = std::find_if(r.hits.begin(), r.hits.end(), [&](const annotated_hit& a) {
      return r.trackers.hits[a.hit].entry == h.entry;
    });
    ASSERT_NE(it, r.hits.end());
    const auto& th = r.trackers.hits[it->hit];
    EXPECT_EQ(th.vendor->vendor_id, h.vendor_id);
    EXPECT_EQ(sig::role_name(th.sig->role), h.role);
    if (!h.purpose.empty()) {
      EXPECT_EQ(consent::purpose_name(it->purpose), h.purpose);
    }
    if (it->fires) {
      EXPECT_EQ(!it->restrictions.empty(), h.restricted);
    }
    EXPECT_EQ(got[h.entry], h.findings);
  }
  for (const auto& [entry, kinds] : got) {
    const bool listed = std::any_of(x.hits.begin(), x.hits.end(),
                                    [&](const expected_hit& h) { return h.entry == entry; });
    EXPECT_TRUE(listed) << "unexpected finding on entry " << entry;
  }

  // Hits come in firing order.
  for (std::size_t i = 1; i < r.hits.size(); ++i) {
    const auto& a = r.trackers.hits[r.hits[i - 1].hit];
    const auto& b = r.trackers.hits[r.hits[i].hit];
    EXPECT_LE(a.time_us.value_or(0), b.time_us.value_or(0));
  }
  // Pairs the scenario calls of indeterminate order really are, at the
  // precision written.
  for (const auto& [a, b] : x.pairs) {
    ASSERT_LT(std::max(a, b), r.trackers.capture.entries);
    const auto time_of = [&](std::uint64_t e) {
      for (const auto& h : r.trackers.hits) {
        if (h.entry == e) return h.time_us;
      }
      for (const auto& s : r.signals) {
        if (s.entry == e) return s.time.us;
      }
      return std::optional<std::int64_t>();
    };
    const auto ta = time_of(a), tb = time_of(b);
    ASSERT_TRUE(ta && tb) << a << " " << b;
    EXPECT_LT(std::llabs(*ta - *tb), r.precision_us) << a << " " << b;
  }
  EXPECT_EQ(r.gpc_requests > 0, x.gpc);
  EXPECT_EQ(r.region, x.region);
}

INSTANTIATE_TEST_SUITE_P(Scenarios, Scenario, ::testing::ValuesIn(load_expectations()),
                         [](const ::testing::TestParamInfo<expected>& p) {
                           return p.param.file.substr(0, p.param.file.find('.'));
                         });

}  // namespace
}  // namespace harfact::timeline
