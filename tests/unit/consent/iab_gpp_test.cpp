// GPP decoder: the header examples and the four real OTGPPConsent values of
// signals.md B.15, strings encoded and decoded by the official IAB GPP library
// (fixtures/iab), the summary rules, and hostile input.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <chrono>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "consent/iab_bits.hpp"
#include "harfact/consent/signal.hpp"

namespace harfact::consent {
namespace {

namespace dom = simdjson::dom;

// ---- Helpers ---------------------------------------------------------------------------

const member* member_named(const node& n, std::string_view name) {
  for (const member& m : n.members)
    if (m.name == name) return &m;
  return nullptr;
}

std::int64_t int_of(const node& n, std::string_view name) {
  const node* v = n.find(name);
  return v != nullptr && v->t == node::type::integer ? v->i : -999'999;
}

std::vector<std::int64_t> ints_of(const node& n, std::string_view name) {
  const node* v = n.find(name);
  if (v == nullptr) return {-1};
  if (v->t == node::type::int_set) return v->ints;
  std::vector<std::int64_t> out;
  for (const node& item : v->items) out.push_back(item.i);
  return out;
}

bool has_note(const std::vector<std::string>& notes, std::string_view part) {
  for (const auto& n : notes)
    if (n.find(part) != std::string::npos) return true;
  return false;
}

grant purpose_of(const signal& s, purpose p) { return s.sum.purposes[static_cast<int>(p)]; }

const node& sections(const signal& s) {
  static const node empty = node::array();
  const node* n = s.fields.find("sections");
  return n != nullptr ? *n : empty;
}

std::vector<std::int64_t> header_ids(const signal& s) {
  const node* h = s.fields.find("header");
  return h != nullptr ? ints_of(*h, "section_ids") : std::vector<std::int64_t>{-1};
}

// "SaleOptOut" -> "sale_opt_out"; uspv1's names differ from its field names.
std::string snake(std::string_view pascal) {
  if (pascal == "LspaCovered") return "lspa";
  std::string out;
  for (char c : pascal) {
    if (c >= 'A' && c <= 'Z') {
      if (!out.empty()) out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

class bit_writer {
 public:
  bit_writer& put(std::uint64_t v, unsigned n) {
    for (unsigned k = n; k-- > 0;) bits_.push_back(k < 64 && ((v >> k) & 1u) != 0);
    return *this;
  }
  // Zeckendorf code, lowest Fibonacci number first, then the terminating 1.
  bit_writer& fib(std::uint64_t v) {
    std::vector<std::uint64_t> f{1, 2};
    while (f.back() + f[f.size() - 2] <= v) f.push_back(f.back() + f[f.size() - 2]);
    std::vector<bool> code(f.size(), false);
    for (std::size_t i = f.size(); i-- > 0;) {
      if (f[i] <= v) {
        code[i] = true;
        v -= f[i];
      }
    }
    while (!code.empty() && !code.back()) code.pop_back();
    for (bool b : code) bits_.push_back(b);
    bits_.push_back(true);
    return *this;
  }
  std::string str() const {
    static constexpr std::string_view dict =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    std::string out;
    for (std::size_t i = 0; i < bits_.size(); i += 6) {
      unsigned v = 0;
      for (std::size_t k = 0; k < 6; ++k)
        v = (v << 1) | (i + k < bits_.size() && bits_[i + k] ? 1u : 0u);
      out += dict[v];
    }
    return out;
  }

 private:
  std::vector<bool> bits_;
};

// A GPP header listing single ids.
std::string header_for(std::initializer_list<std::uint64_t> ids) {
  bit_writer w;
  w.put(3, 6).put(1, 6).put(ids.size(), 12);
  std::uint64_t last = 0;
  for (auto id : ids) {
    w.put(0, 1).fib(id - last);
    last = id;
  }
  return w.str();
}

dom::element load_fixtures(dom::parser& parser) {
  const std::string path =
      std::string(HARFACT_SOURCE_DIR) + "/tests/unit/consent/fixtures/iab/gpp_fixtures.json";
  dom::element root;
  if (parser.load(path).get(root) != simdjson::SUCCESS)
    throw std::runtime_error("cannot read " + path);
  return root;
}

std::string str(dom::element e) { return std::string(std::string_view(e)); }

std::vector<std::int64_t> json_ints(dom::element e) {
  std::vector<std::int64_t> out;
  for (dom::element v : dom::array(e)) out.push_back(std::int64_t(v));
  return out;
}

// ---- Header examples (signals.md B.15) ------------------------------------------------

TEST(IabGpp, HeaderExamples) {
  EXPECT_EQ(header_ids(decode_gpp("DBABM")), (std::vector<std::int64_t>{2}));
  EXPECT_EQ(header_ids(decode_gpp("DBACNY")), (std::vector<std::int64_t>{2, 6}));
  EXPECT_EQ(header_ids(decode_gpp("DBABjw")), (std::vector<std::int64_t>{5, 6}));
  const signal s = decode_gpp("DBABM");
  const node* h = s.fields.find("header");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(int_of(*h, "type"), 3);
  EXPECT_EQ(int_of(*h, "version"), 1);
  // The header alone lists a section the string does not carry.
  EXPECT_TRUE(s.truncated);
  EXPECT_EQ(s.error, "header lists 1 sections but the string has 0");
}

TEST(IabGpp, FibonacciCodes) {
  for (std::uint64_t v : {1u, 2u, 3u, 4u, 5u, 12u, 30u, 1000u, 123456u}) {
    bit_writer w;
    w.fib(v);
    std::size_t bad = 0;
    auto r = iab::bit_reader::from_base64url(w.str(), &bad);
    ASSERT_TRUE(r.has_value());
    const auto f = r->read_fibonacci();
    EXPECT_EQ(f.st, iab::fibonacci::status::ok) << v;
    EXPECT_EQ(f.value, v);
  }
}

// ---- Real cookie values (signals.md B.15) -------------------------------------------

TEST(IabGpp, ObservedUsnatDidNotOptOut) {
  const signal s = decode_gpp("DBABLA~BVQqAAAACgA.QA");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_TRUE(s.error.empty()) << s.error;
  ASSERT_EQ(sections(s).items.size(), 1u);
  const node& u = sections(s).items[0];
  EXPECT_EQ(u.find("name")->s, "usnat");
  EXPECT_EQ(int_of(u, "version"), 1);
  for (const char* n : {"sharing_notice", "sale_opt_out_notice", "sharing_opt_out_notice",
                        "targeted_advertising_opt_out_notice"})
    EXPECT_EQ(int_of(u, n), 1) << n;
  for (const char* n : {"sale_opt_out", "sharing_opt_out", "targeted_advertising_opt_out"}) {
    EXPECT_EQ(int_of(u, n), 2) << n;
    EXPECT_EQ(member_named(u, n)->meaning, "did not opt out") << n;
  }
  EXPECT_EQ(int_of(u, "personal_data_consents"), 2);
  EXPECT_EQ(int_of(u, "mspa_covered_transaction"), 2);
  EXPECT_EQ(ints_of(u, "sensitive_data_processing").size(), 12u);  // v1: 12 categories
  EXPECT_EQ(ints_of(u, "known_child_sensitive_data_consents").size(), 2u);
  ASSERT_NE(u.find("gpc"), nullptr);
  EXPECT_FALSE(u.find("gpc")->b);

  EXPECT_EQ(s.sum.sale_opt_out, false);
  EXPECT_EQ(purpose_of(s, purpose::sale_share), grant::granted);
  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::granted);
  EXPECT_EQ(s.sum.gpc, false);
  EXPECT_EQ(s.sum.region, "US");
  EXPECT_TRUE(has_note(s.sum.notes, "not proof the visitor was in California"));
  EXPECT_FALSE(s.sum.interacted.has_value());
}

TEST(IabGpp, ObservedUsnatOptedOutWithGpc) {
  const signal s = decode_gpp("DBABLA~BVQVAAAAAAGA.YA");
  ASSERT_TRUE(s.ok) << s.error;
  const node& u = sections(s).items.at(0);
  for (const char* n : {"sale_opt_out", "sharing_opt_out", "targeted_advertising_opt_out"}) {
    EXPECT_EQ(int_of(u, n), 1) << n;
    EXPECT_EQ(member_named(u, n)->meaning, "opted out") << n;
    EXPECT_FALSE(member_named(u, n)->uncertain) << n;
  }
  // Version 1 in a 12-character core: the version 2 layout, as the IAB library reads it.
  EXPECT_TRUE(has_note(s.notes, "decoded with that layout"));
  EXPECT_TRUE(member_named(u, "mspa_covered_transaction")->uncertain);
  EXPECT_EQ(int_of(u, "mspa_covered_transaction"), 2);
  EXPECT_EQ(int_of(u, "personal_data_consents"), 1);
  EXPECT_TRUE(u.find("gpc")->b);

  EXPECT_EQ(s.sum.sale_opt_out, true);
  EXPECT_EQ(purpose_of(s, purpose::sale_share), grant::denied);
  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::denied);
  EXPECT_EQ(s.sum.purpose_source[static_cast<int>(purpose::advertising)],
            "usnat targeted_advertising_opt_out");
  EXPECT_EQ(s.sum.gpc, true);
}

TEST(IabGpp, ObservedUsca) {
  const signal kept = decode_gpp("DBABBg~BUoAAAKA.QA");
  ASSERT_TRUE(kept.ok) << kept.error;
  const node& c = sections(kept).items.at(0);
  EXPECT_EQ(c.find("name")->s, "usca");
  EXPECT_EQ(int_of(c, "sale_opt_out_notice"), 1);
  EXPECT_EQ(int_of(c, "sharing_opt_out_notice"), 1);
  EXPECT_EQ(int_of(c, "sale_opt_out"), 2);
  EXPECT_EQ(int_of(c, "sharing_opt_out"), 2);
  EXPECT_FALSE(c.find("gpc")->b);
  EXPECT_EQ(kept.sum.sale_opt_out, false);
  EXPECT_EQ(purpose_of(kept, purpose::sale_share), grant::granted);
  EXPECT_EQ(purpose_of(kept, purpose::advertising), grant::unknown);  // usca has no TA field
  EXPECT_EQ(kept.sum.region, "US-CA");

  const signal out = decode_gpp("DBABBg~BUUAAAGA.YA");
  ASSERT_TRUE(out.ok) << out.error;
  EXPECT_EQ(int_of(sections(out).items.at(0), "sale_opt_out"), 1);
  EXPECT_EQ(int_of(sections(out).items.at(0), "sharing_opt_out"), 1);
  EXPECT_EQ(out.sum.sale_opt_out, true);
  EXPECT_EQ(out.sum.gpc, true);
  EXPECT_EQ(purpose_of(out, purpose::sale_share), grant::denied);
  EXPECT_EQ(out.sum.purpose_source[static_cast<int>(purpose::sale_share)],
            "usca sale_opt_out/sharing_opt_out");
}

// ---- Fixtures from the IAB library ---------------------------------------------------

void expect_section_matches(const node& ours, dom::object theirs, const std::string& label,
                            const std::vector<std::string>& notes) {
  SCOPED_TRACE(label);
  const std::string_view name = theirs["name"];
  EXPECT_EQ(int_of(ours, "id"), std::int64_t(theirs["id"]));
  ASSERT_NE(ours.find("name"), nullptr);
  EXPECT_EQ(ours.find("name")->s, name);
  EXPECT_EQ(ours.find("error"), nullptr) << ours.find("error")->s;

  if (name == "usmd" || name == "usin" || name == "usky" || name == "usri") {
    EXPECT_EQ(ours.members.size(), 2u);  // id and name only
    EXPECT_TRUE(has_note(notes, "not decoded by this version"));
    return;
  }
  if (name == "tcfeuv2") {
    dom::object e = theirs["tcf"];
    EXPECT_EQ(int_of(ours, "cmp_id"), std::int64_t(e["cmp_id"]));
    EXPECT_EQ(int_of(ours, "vendor_list_version"), std::int64_t(e["vendor_list_version"]));
    EXPECT_EQ(int_of(ours, "created"), std::int64_t(e["created"]));
    for (const char* f : {"purposes_consent", "purposes_li_transparency", "vendor_consents",
                          "vendor_legitimate_interests", "special_feature_optins"})
      EXPECT_EQ(ints_of(ours, f), json_ints(e[f])) << f;
    dom::element disclosed;
    if (e["disclosed_vendors"].get(disclosed) == simdjson::SUCCESS) {
      EXPECT_EQ(ints_of(ours, "disclosed_vendors"), json_ints(disclosed));
    }
    return;
  }

  dom::object fields = theirs["fields"];
  std::size_t compared = 0;
  for (auto [key, value] : fields) {
    if (key == "GpcSegmentType") continue;
    if (key == "GpcSegmentIncluded") {
      EXPECT_EQ(ours.find("gpc") != nullptr, bool(value)) << key;
      continue;
    }
    const std::string field = key == "Gpc" ? "gpc" : snake(key);
    const member* m = member_named(ours, field);
    ASSERT_NE(m, nullptr) << field;
    ++compared;
    if (value.is_array()) {
      const auto expected = json_ints(value);
      auto got = ints_of(ours, field);
      // A layout chosen by length (flagged uncertain) can be longer than the
      // library's report, which it cuts to the Version's length.
      if (m->uncertain && got.size() > expected.size()) got.resize(expected.size());
      EXPECT_EQ(got, expected) << field;
    } else if (value.is_bool()) {
      EXPECT_EQ(m->value.b, bool(value)) << field;
    } else if (value.is_string()) {
      EXPECT_EQ(m->value.s, std::string_view(value)) << field;
    } else {
      EXPECT_EQ(m->value.i, std::int64_t(value)) << field;
    }
  }
  // Nothing decoded that the library does not know of.
  for (const member& m : ours.members) {
    if (m.name == "id" || m.name == "name" || m.name == "gpc") continue;
    bool known = false;
    for (auto [key, value] : fields) known |= snake(key) == m.name;
    EXPECT_TRUE(known) << m.name;
  }
  EXPECT_GT(compared, 0u);
}

TEST(IabGpp, MatchesTheIabLibraryOnItsOwnStrings) {
  dom::parser parser;
  const dom::element root = load_fixtures(parser);
  std::set<std::string> names;
  std::size_t cases = 0, usnat_v1 = 0, usnat_v2 = 0, gpc_set = 0, gpc_unset = 0, multi = 0;
  for (dom::object c : dom::array(root["cases"])) {
    const std::string label = str(c["name"]);
    const std::string gpp = str(c["gpp_string"]);
    const signal s = decode_gpp(gpp);
    SCOPED_TRACE(label + " " + gpp);
    ASSERT_TRUE(s.ok) << s.error;
    EXPECT_FALSE(s.truncated) << s.error;
    const dom::object e = c["expect"];
    const node* h = s.fields.find("header");
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(int_of(*h, "type"), std::int64_t(e["type"]));
    EXPECT_EQ(int_of(*h, "version"), std::int64_t(e["version"]));
    EXPECT_EQ(ints_of(*h, "section_ids"), json_ints(e["section_ids"]));
    const dom::array expected = e["sections"];
    ASSERT_EQ(sections(s).items.size(), expected.size());
    std::size_t i = 0;
    for (dom::object sec : expected) {
      const node& ours = sections(s).items[i++];
      expect_section_matches(ours, sec, label, s.notes);
      names.insert(str(sec["name"]));
      if (ours.find("name")->s == "usnat") {
        (int_of(ours, "version") == 1 ? usnat_v1 : usnat_v2)++;
      }
      if (const node* g = ours.find("gpc")) (g->b ? gpc_set : gpc_unset)++;
    }
    multi += expected.size() > 1;
    ++cases;
  }
  EXPECT_GE(cases, 40u);
  EXPECT_GE(usnat_v1, 2u);
  EXPECT_GE(usnat_v2, 2u);
  EXPECT_GE(gpc_set, 2u);
  EXPECT_GE(gpc_unset, 2u);
  EXPECT_GE(multi, 3u);
  for (const char* n :
       {"tcfeuv2", "uspv1", "usnat", "usca", "usva", "usco", "usut", "usct", "usfl", "usmt", "usor",
        "ustx", "usde", "usia", "usne", "usnh", "usnj", "ustn", "usmn"})
    EXPECT_TRUE(names.count(n)) << n;
}

TEST(IabGpp, EmbeddedTcfAndUspFeedTheSummary) {
  dom::parser parser;
  const dom::element root = load_fixtures(parser);
  for (dom::object c : dom::array(root["cases"])) {
    const std::string_view label = c["name"];
    const signal s = decode_gpp(std::string_view(c["gpp_string"]));
    if (label == "tcfeuv2 embedded: advertising only") {
      // usnat opted out of sale and sharing but says nothing of targeted
      // advertising (0): TCF's purposes fill advertising and analytics.
      EXPECT_EQ(purpose_of(s, purpose::sale_share), grant::denied);
      EXPECT_EQ(s.sum.purpose_source[static_cast<int>(purpose::sale_share)],
                "usnat sale_opt_out/sharing_opt_out");
      EXPECT_EQ(purpose_of(s, purpose::advertising), grant::granted);
      EXPECT_EQ(s.sum.purpose_source[static_cast<int>(purpose::advertising)],
                "tcfeuv2 tcf purposes_consent 2,3,4,7");
      EXPECT_EQ(purpose_of(s, purpose::analytics), grant::denied);
      EXPECT_EQ(s.sum.purpose_source[static_cast<int>(purpose::analytics)],
                "tcfeuv2 tcf purposes_consent 8,9");
      EXPECT_TRUE(
          has_note(s.sum.notes, "tcfeuv2: purposes mapped by harfact's documented default"));
    }
    if (label == "tcfeuv2 embedded: analytics only") {
      EXPECT_EQ(purpose_of(s, purpose::analytics), grant::granted);
      EXPECT_EQ(purpose_of(s, purpose::advertising), grant::denied);
      EXPECT_TRUE(s.sum.region.empty());
    }
    if (label == "uspv1 only") {  // 1YYN
      EXPECT_EQ(s.sum.sale_opt_out, true);
      EXPECT_EQ(purpose_of(s, purpose::sale_share), grant::denied);
      EXPECT_EQ(s.sum.region, "US");
      EXPECT_TRUE(has_note(s.sum.notes, "not proof the visitor was in California"));
    }
    if (label == "uspv1 + usnat + usca") {
      // usca says did not opt out; usnat opted out of targeted advertising.
      EXPECT_EQ(s.sum.sale_opt_out, false);
      EXPECT_EQ(purpose_of(s, purpose::sale_share), grant::granted);
      EXPECT_EQ(purpose_of(s, purpose::advertising), grant::denied);
      EXPECT_EQ(s.sum.gpc, false);
      EXPECT_EQ(s.sum.region, "US-CA");
    }
    if (label == "usca sale opted out, sharing not") {
      EXPECT_EQ(s.sum.sale_opt_out, true);
      EXPECT_EQ(purpose_of(s, purpose::sale_share), grant::denied);
    }
    if (label == "ustx opted out of sale") {
      EXPECT_EQ(s.sum.sale_opt_out, true);
      EXPECT_EQ(purpose_of(s, purpose::advertising), grant::granted);
      EXPECT_EQ(s.sum.region, "US-TX");
      EXPECT_EQ(s.sum.gpc, true);
      EXPECT_EQ(member_named(sections(s).items.at(0), "sale_opt_out")->meaning, "opted out");
    }
  }
}

TEST(IabGpp, SectionsThatDisagreeAreNoted) {
  // usnat says opted out of sale, usca says did not: usca (California) is used.
  const std::string usnat = "BVQVAAAABgA.YA";  // v1, all opted out, GPC set
  const std::string usca = "BUoAAAKA.QA";      // did not opt out, GPC unset
  const signal s = decode_gpp(header_for({7, 8}) + "~" + usnat + "~" + usca);
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(s.sum.sale_opt_out, false);
  EXPECT_EQ(s.sum.gpc, false);
  EXPECT_EQ(s.sum.region, "US-CA");
  EXPECT_TRUE(
      has_note(s.sum.notes, "sections disagree on sale_opt_out: usca says 2, usnat says 1"));
  EXPECT_TRUE(has_note(s.sum.notes, "sections disagree on gpc"));
}

// ---- Named but not decoded, and unusual sections ---------------------------------------

TEST(IabGpp, UndecodedSectionsAreNamed) {
  const signal s = decode_gpp(header_for({1, 5, 24, 30}) + "~AAAA~BBBB~CCCC~DDDD");
  ASSERT_TRUE(s.ok) << s.error;
  const auto& items = sections(s).items;
  ASSERT_EQ(items.size(), 4u);
  EXPECT_EQ(items[0].find("name")->s, "tcfeuv1");
  EXPECT_EQ(items[1].find("name")->s, "tcfcav1");
  EXPECT_EQ(items[2].find("name")->s, "usmd");
  EXPECT_EQ(items[3].find("name")->s, "");
  EXPECT_TRUE(has_note(s.notes, "section tcfeuv1 (id 1): TCF EU v1 is deprecated"));
  EXPECT_TRUE(has_note(s.notes, "section tcfcav1 (id 5): not decoded by this version"));
  EXPECT_TRUE(has_note(s.notes, "section usmd (id 24): not decoded by this version"));
  EXPECT_TRUE(has_note(s.notes, "section ? (id 30): not a section id this version knows"));
}

TEST(IabGpp, UsnatVersionsAndSubsections) {
  bit_writer v3;
  v3.put(3, 6).put(0, 60);
  const signal s3 = decode_gpp(header_for({7}) + "~" + v3.str());
  EXPECT_TRUE(has_note(s3.notes, "version 3 is not a version this decoder knows"));
  EXPECT_EQ(int_of(sections(s3).items.at(0), "version"), 3);

  bit_writer gpc_other;
  gpc_other.put(2, 2).put(1, 1);
  bit_writer gpc;
  gpc.put(1, 2).put(1, 1);
  const signal sub = decode_gpp(header_for({8}) + "~BUoAAAKA." + gpc_other.str() + "." + gpc.str() +
                                "." + gpc.str());
  ASSERT_TRUE(sub.ok) << sub.error;
  EXPECT_TRUE(sections(sub).items.at(0).find("gpc")->b);
  EXPECT_TRUE(has_note(sub.notes, "sub-section 1 has type 2"));
  EXPECT_TRUE(has_note(sub.notes, "sub-section 3 repeats the GPC sub-section"));

  // Virginia defines no GPC sub-section.
  const signal va = decode_gpp(header_for({9}) + "~BFYAACA.YA");
  EXPECT_EQ(sections(va).items.at(0).find("gpc"), nullptr);
  EXPECT_TRUE(has_note(va.notes, "which this section does not define"));
}

// ---- Hostile input ------------------------------------------------------------------------

TEST(IabGpp, EmptyBadCharactersAndWrongFormats) {
  EXPECT_EQ(decode_gpp("").error, "empty GPP string");
  EXPECT_EQ(decode_gpp("~1YNN").error, "empty GPP header");
  EXPECT_EQ(decode_gpp("DBA!M").error, "character 4 ('!') is not base64url (header)");

  const signal tc = decode_gpp("CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA");
  EXPECT_FALSE(tc.ok);
  EXPECT_NE(tc.error.find("looks like a TC string"), std::string::npos) << tc.error;

  const signal bad_section = decode_gpp("DBABLA~BVQq*AAACgA.QA");
  EXPECT_FALSE(bad_section.ok);
  EXPECT_EQ(bad_section.error, "section usnat (id 7): character 12 ('*') is not base64url");

  const signal bad_usp = decode_gpp("DBABTA~1YXN");
  EXPECT_FALSE(bad_usp.ok);
  EXPECT_NE(bad_usp.error.find("section uspv1 (id 6)"), std::string::npos) << bad_usp.error;
}

TEST(IabGpp, SectionCountMismatch) {
  const signal fewer = decode_gpp("DBACNY~CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA");
  EXPECT_TRUE(fewer.ok);
  EXPECT_TRUE(fewer.truncated);
  EXPECT_EQ(fewer.error, "header lists 2 sections but the string has 1");
  EXPECT_EQ(sections(fewer).items.size(), 1u);

  const signal more = decode_gpp("DBABTA~1YNN~1NNN");
  EXPECT_TRUE(more.ok);
  EXPECT_FALSE(more.truncated);
  EXPECT_TRUE(has_note(more.notes, "the extra parts are not decoded"));
  EXPECT_EQ(more.sum.sale_opt_out, false);
}

TEST(IabGpp, FibonacciThatNeverEnds) {
  // Count 1, then zeros: no "11" before the data ends.
  const signal zeros = decode_gpp("DBABAAAAAAAA~1YNN");
  EXPECT_TRUE(zeros.truncated);
  EXPECT_NE(zeros.error.find("header ends at bit 72 inside section_ids"), std::string::npos)
      << zeros.error;

  // 1010... for hundreds of bits: refused after 64.
  const signal alternating = decode_gpp("DBAB" + std::string(200, 'q') + "~1YNN");
  EXPECT_FALSE(alternating.ok);
  EXPECT_NE(alternating.error.find("over 64 bits"), std::string::npos) << alternating.error;

  // A group from 1 to 1 + F(52): 33 billion ids asked for.
  bit_writer w;
  w.put(3, 6).put(1, 6).put(1, 12).put(1, 1).fib(1).fib(32951280099ULL);
  const auto t0 = std::chrono::steady_clock::now();
  const signal huge = decode_gpp(w.str() + "~1YNN");
  EXPECT_FALSE(huge.ok);
  EXPECT_NE(huge.error.find("expand to more than 4096 ids"), std::string::npos) << huge.error;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
}

TEST(IabGpp, EveryPrefixOfValidStrings) {
  dom::parser parser;
  const dom::element root = load_fixtures(parser);
  for (dom::object c : dom::array(root["cases"])) {
    const std::string gpp = str(c["gpp_string"]);
    const signal full = decode_gpp(gpp);
    for (std::size_t len = 0; len < gpp.size(); ++len) {
      const std::string cut = gpp.substr(0, len);
      SCOPED_TRACE(cut);
      const signal s = decode_gpp(cut);
      if (!s.ok || s.truncated) {
        EXPECT_FALSE(s.error.empty());
      }
      // Whatever was decoded agrees with the whole string.
      const auto& got = sections(s).items;
      const auto& all = sections(full).items;
      ASSERT_LE(got.size(), all.size());
      for (std::size_t i = 0; i < got.size(); ++i) {
        for (const member& m : got[i].members) {
          if (m.value.t != node::type::integer) continue;
          const member* whole = member_named(all[i], m.name);
          ASSERT_NE(whole, nullptr) << m.name;
          // A usnat layout chosen by length can differ between a cut and the whole
          // string; both flag the fields it moves.
          if (m.uncertain || whole->uncertain) continue;
          EXPECT_EQ(m.value.i, whole->value.i) << m.name;
        }
      }
    }
  }
}

TEST(IabGpp, TenMegabytesOfInput) {
  const auto t0 = std::chrono::steady_clock::now();
  const signal tildes = decode_gpp("DBABM" + std::string(10 * 1024 * 1024, '~'));
  EXPECT_TRUE(has_note(tildes.notes, "extra parts are not decoded"));
  EXPECT_LE(tildes.notes.size(), 10u);

  const signal big_section = decode_gpp("DBABLA~B" + std::string(10 * 1024 * 1024, 'A'));
  EXPECT_EQ(sections(big_section).items.size(), 1u);

  const signal big_tcf = decode_gpp("DBABM~C" + std::string(10 * 1024 * 1024, 'A'));
  EXPECT_TRUE(big_tcf.ok) << big_tcf.error;

  const signal noise = decode_gpp(std::string(10 * 1024 * 1024, 'D'));
  EXPECT_FALSE(noise.error.empty());
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(30));
}

}  // namespace
}  // namespace harfact::consent
