// TCF v2 TC string decoder: the specification's example (signals.md B.12),
// strings encoded and decoded by the official IAB library (fixtures/iab), the
// shared bit reader, and hostile input.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "consent/iab_bits.hpp"
#include "harfact/consent/signal.hpp"
#include "test_support.hpp"

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

std::vector<std::int64_t> set_of(const node& n, std::string_view name) {
  const node* v = n.find(name);
  if (v == nullptr || v->t != node::type::int_set) return {-1};  // absent: never equal to data
  return v->ints;
}

bool has_note(const std::vector<std::string>& notes, std::string_view part) {
  for (const auto& n : notes)
    if (n.find(part) != std::string::npos) return true;
  return false;
}

grant purpose_of(const signal& s, purpose p) { return s.sum.purposes[static_cast<int>(p)]; }

// Writes bits MSB first and renders them as base64url (zero-padded to 6 bits).
class bit_writer {
 public:
  bit_writer& put(std::uint64_t v, unsigned n) {
    for (unsigned k = n; k-- > 0;) bits_.push_back(k < 64 && ((v >> k) & 1u) != 0);
    return *this;
  }
  std::size_t size() const { return bits_.size(); }
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

// The 213 bits of a core segment before the vendor consent section.
bit_writer core_prefix(std::uint64_t purposes = 0) {
  bit_writer w;
  w.put(2, 6).put(17159040000, 36).put(17159040000, 36).put(880, 12).put(3, 12).put(1, 6);
  w.put(4, 6).put(13, 6);  // "en"
  w.put(48, 12).put(5, 6).put(1, 1).put(0, 1).put(0, 12).put(purposes, 24).put(0, 24).put(0, 1);
  w.put(3, 6).put(4, 6);  // "DE"
  return w;
}

dom::element load_fixtures(dom::parser& parser, const char* file) {
  const std::string path =
      std::string(HARFACT_SOURCE_DIR) + "/tests/unit/consent/fixtures/iab/" + file;
  dom::element root;
  const auto err = parser.load(path).get(root);
  if (err != simdjson::SUCCESS) throw std::runtime_error("cannot read " + path);
  return root;
}

std::string str(dom::element e) { return std::string(std::string_view(e)); }

std::vector<std::int64_t> json_ints(dom::element e) {
  std::vector<std::int64_t> out;
  for (dom::element v : dom::array(e)) out.push_back(std::int64_t(v));
  return out;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Compares decoded TCF fields with what the IAB library decoded. Used for plain TC
// strings here and, through the same checks, for tcfeuv2 in the GPP tests.
void expect_tcf_matches(const node& f, dom::object e, const std::string& label) {
  SCOPED_TRACE(label);
  for (const char* name : {"version", "created", "last_updated", "cmp_id", "cmp_version",
                           "consent_screen", "vendor_list_version", "tcf_policy_version"})
    EXPECT_EQ(int_of(f, name), std::int64_t(e[name])) << name;
  for (const char* name :
       {"is_service_specific", "use_non_standard_texts", "purpose_one_treatment"}) {
    const node* b = f.find(name);
    ASSERT_NE(b, nullptr) << name;
    EXPECT_EQ(b->b, bool(e[name])) << name;
  }
  // The library reports both letter codes in uppercase; harfact writes the
  // language in lowercase (ISO 639-1) and the country in uppercase (ISO 3166-1).
  ASSERT_NE(f.find("consent_language"), nullptr);
  EXPECT_EQ(f.find("consent_language")->s, lower(std::string_view(e["consent_language"])));
  ASSERT_NE(f.find("publisher_cc"), nullptr);
  EXPECT_EQ(f.find("publisher_cc")->s, std::string_view(e["publisher_cc"]));
  for (const char* name : {"special_feature_optins", "purposes_consent", "purposes_li_transparency",
                           "vendor_consents", "vendor_legitimate_interests"})
    EXPECT_EQ(set_of(f, name), json_ints(e[name])) << name;

  // Restrictions: harfact keeps one entry per entry in the string; the library
  // merges entries with the same purpose and type. Merge before comparing.
  const node* pr = f.find("publisher_restrictions");
  ASSERT_NE(pr, nullptr);
  std::map<std::pair<std::int64_t, std::int64_t>, std::set<std::int64_t>> ours, theirs;
  for (const node& entry : pr->items) {
    auto& ids = ours[{int_of(entry, "purpose_id"), int_of(entry, "restriction_type")}];
    for (auto v : set_of(entry, "vendors")) ids.insert(v);
  }
  for (dom::element r : dom::array(e["publisher_restrictions"])) {
    auto& ids = theirs[{std::int64_t(r["purpose_id"]), std::int64_t(r["restriction_type"])}];
    for (auto v : json_ints(r["vendors"])) ids.insert(v);
  }
  EXPECT_EQ(ours, theirs);

  for (const char* seg : {"disclosed_vendors", "allowed_vendors"}) {
    dom::element v;
    if (e[seg].get(v) == simdjson::SUCCESS) {
      EXPECT_EQ(set_of(f, seg), json_ints(v)) << seg;
    } else {
      EXPECT_EQ(f.find(seg), nullptr) << seg;
    }
  }
  dom::object ptc;
  if (e["publisher_tc"].get(ptc) == simdjson::SUCCESS) {
    const node* p = f.find("publisher_tc");
    ASSERT_NE(p, nullptr);
    for (const char* name : {"pub_purposes_consent", "pub_purposes_li_transparency",
                             "custom_purposes_consent", "custom_purposes_li_transparency"})
      EXPECT_EQ(set_of(*p, name), json_ints(ptc[name])) << name;
    EXPECT_EQ(int_of(*p, "num_custom_purposes"), std::int64_t(ptc["num_custom_purposes"]));
  } else {
    EXPECT_EQ(f.find("publisher_tc"), nullptr);
  }
}

// ---- The specification's example -------------------------------------------------------

TEST(IabTcf, SpecificationExample) {
  const signal s = decode_tcf("CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_FALSE(s.truncated);
  EXPECT_EQ(s.kind, "tcf");
  EXPECT_EQ(int_of(s.fields, "version"), 2);
  EXPECT_EQ(int_of(s.fields, "cmp_id"), 880);
  EXPECT_EQ(s.fields.find("consent_language")->s, "en");
  EXPECT_EQ(int_of(s.fields, "vendor_list_version"), 48);
  EXPECT_EQ(s.fields.find("publisher_cc")->s, "DE");
  EXPECT_EQ(set_of(s.fields, "vendor_consents"), (std::vector<std::int64_t>{1, 2, 3, 4}));
  EXPECT_TRUE(set_of(s.fields, "purposes_consent").empty());
  // Deciseconds as encoded, with the instant beside them.
  const member* created = member_named(s.fields, "created");
  ASSERT_NE(created, nullptr);
  EXPECT_EQ(created->meaning.size(), std::string_view("2025-01-01T00:00:00.0Z").size());
  EXPECT_EQ(created->meaning.back(), 'Z');
  // No purpose consent: the documented default maps advertising and analytics to denied.
  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::denied);
  EXPECT_EQ(purpose_of(s, purpose::analytics), grant::denied);
  EXPECT_EQ(purpose_of(s, purpose::necessary), grant::unknown);
  EXPECT_EQ(purpose_of(s, purpose::sale_share), grant::unknown);
  EXPECT_FALSE(s.sum.interacted.has_value());
  EXPECT_TRUE(has_note(s.sum.notes, "documented default"));
}

TEST(IabTcf, TimesAreDecisecondsWithTheirInstant) {
  bit_writer w;
  // 2020-01-26T17:01:00.3Z = 1580058060.3 s = 15800580603 ds.
  w.put(2, 6).put(15800580603, 36).put(15800580603 + 864'000 + 7, 36);
  const signal s = decode_tcf(w.str());
  ASSERT_NE(member_named(s.fields, "created"), nullptr);
  EXPECT_EQ(int_of(s.fields, "created"), 15800580603);
  EXPECT_EQ(member_named(s.fields, "created")->meaning, "2020-01-26T17:01:00.3Z");
  EXPECT_EQ(member_named(s.fields, "last_updated")->meaning, "2020-01-27T17:01:01.0Z");
  EXPECT_TRUE(s.truncated);  // the string ends after last_updated
  EXPECT_TRUE(s.ok);
}

// ---- Fixtures from the IAB library -------------------------------------------------------

TEST(IabTcf, MatchesTheIabLibraryOnItsOwnStrings) {
  dom::parser parser;
  const dom::element root = load_fixtures(parser, "tcf_fixtures.json");
  std::size_t cases = 0, range = 0, bitfield = 0, disclosed = 0, publisher_tc = 0, allowed = 0,
              restrictions = 0;
  for (dom::object c : dom::array(root["cases"])) {
    const std::string name = str(c["name"]);
    const std::string tc = str(c["tc_string"]);
    const signal s = decode_tcf(tc);
    ASSERT_TRUE(s.ok) << name << ": " << s.error;
    EXPECT_FALSE(s.truncated) << name;
    EXPECT_TRUE(s.error.empty()) << name << ": " << s.error;
    const dom::object e = c["expect"];
    expect_tcf_matches(s.fields, e, name);

    // The meaning names the encoding the string used.
    const std::string_view encoding = c["vendor_consents_encoding"];
    const member* vc = member_named(s.fields, "vendor_consents");
    ASSERT_NE(vc, nullptr);
    EXPECT_EQ(vc->meaning.rfind(encoding == "range" ? "range encoding" : "bitfield", 0), 0u)
        << name << ": " << vc->meaning;
    ++cases;
    (encoding == "range" ? range : bitfield)++;
    disclosed += s.fields.find("disclosed_vendors") != nullptr;
    allowed += s.fields.find("allowed_vendors") != nullptr;
    publisher_tc += s.fields.find("publisher_tc") != nullptr;
    restrictions += !s.fields.find("publisher_restrictions")->items.empty();
  }
  // The fixture set must keep covering what it was made to cover.
  EXPECT_GE(cases, 30u);
  EXPECT_GE(range, 3u);
  EXPECT_GE(bitfield, 3u);
  EXPECT_GE(disclosed, 3u);
  EXPECT_GE(allowed, 1u);
  EXPECT_GE(publisher_tc, 3u);
  EXPECT_GE(restrictions, 2u);
}

TEST(IabTcf, SummaryFollowsTheDocumentedPurposeMapping) {
  dom::parser parser;
  const dom::element root = load_fixtures(parser, "tcf_fixtures.json");
  std::map<std::string, signal> by_name;
  for (dom::object c : dom::array(root["cases"]))
    by_name[str(c["name"])] = decode_tcf(std::string_view(c["tc_string"]));

  const signal& ads = by_name.at("advertising only");  // purposes 1,2,3,4,7
  EXPECT_EQ(purpose_of(ads, purpose::advertising), grant::granted);
  EXPECT_EQ(purpose_of(ads, purpose::analytics), grant::denied);
  EXPECT_EQ(ads.sum.purpose_source[static_cast<int>(purpose::advertising)],
            "tcf purposes_consent 2,3,4,7");

  const signal& analytics = by_name.at("analytics only");  // purposes 1,8,9
  EXPECT_EQ(purpose_of(analytics, purpose::advertising), grant::denied);
  EXPECT_EQ(purpose_of(analytics, purpose::analytics), grant::granted);

  const signal& all = by_name.at("all purposes, a few vendors");
  EXPECT_EQ(purpose_of(all, purpose::advertising), grant::granted);
  EXPECT_EQ(purpose_of(all, purpose::analytics), grant::granted);
  // Purpose 1 is storage access, never "necessary"; TCF says nothing of sale.
  EXPECT_EQ(purpose_of(all, purpose::necessary), grant::unknown);
  EXPECT_EQ(purpose_of(all, purpose::functional), grant::unknown);
  EXPECT_EQ(purpose_of(all, purpose::sale_share), grant::unknown);
  EXPECT_FALSE(all.sum.sale_opt_out.has_value());
  EXPECT_TRUE(all.sum.region.empty());  // publisher_cc is the publisher's country

  const signal& reject = by_name.at("nothing consented (reject all)");
  EXPECT_EQ(purpose_of(reject, purpose::advertising), grant::denied);
  EXPECT_EQ(purpose_of(reject, purpose::analytics), grant::denied);

  // Purposes 2 and 3 of 2,3,4,7: neither granted nor denied, and said so.
  const signal& partial = by_name.at("publisher restrictions");  // purposes 1,2,3
  EXPECT_EQ(purpose_of(partial, purpose::advertising), grant::unknown);
  EXPECT_TRUE(has_note(partial.sum.notes, "consent for TCF purposes 2,3 of 2,3,4,7"));
  EXPECT_TRUE(partial.sum.purpose_source[static_cast<int>(purpose::advertising)].empty());

  for (const auto& [name, s] : by_name) {
    EXPECT_FALSE(s.sum.interacted.has_value()) << name;
    EXPECT_TRUE(has_note(s.sum.notes, "harfact's documented default")) << name;
  }
}

TEST(IabTcf, EveryPrefixOfAValidStringDecodesConsistently) {
  dom::parser parser;
  const dom::element root = load_fixtures(parser, "tcf_fixtures.json");
  std::size_t strings = 0;
  for (dom::object c : dom::array(root["cases"])) {
    if (++strings > 12) break;  // every length of a dozen strings is plenty
    const std::string tc = str(c["tc_string"]);
    const signal full = decode_tcf(tc);
    for (std::size_t len = 0; len < tc.size(); ++len) {
      const std::string cut = tc.substr(0, len);
      const signal s = decode_tcf(cut);
      SCOPED_TRACE(cut);
      if (len == 0) {
        EXPECT_FALSE(s.ok);
        continue;
      }
      // Either a clean decode of a shorter string (cut at a segment boundary or
      // inside trailing padding) or truncated with a place; never a wrong value.
      if (s.truncated) {
        EXPECT_TRUE(s.ok);
        EXPECT_NE(s.error.find("ends at bit"), std::string::npos) << s.error;
      } else if (!s.ok) {
        // A cut right after a '.' leaves an empty segment, which is only noted.
        ADD_FAILURE() << "unexpected failure: " << s.error;
      }
      for (const member& m : s.fields.members) {
        const node* whole = full.fields.find(m.name);
        ASSERT_NE(whole, nullptr) << m.name;
        if (m.value.t == node::type::integer) {
          EXPECT_EQ(m.value.i, whole->i) << m.name;
        } else if (m.value.t == node::type::int_set && !m.uncertain) {
          EXPECT_EQ(m.value.ints, whole->ints) << m.name;
        } else if (m.value.t == node::type::string) {
          EXPECT_EQ(m.value.s, whole->s) << m.name;
        }
      }
    }
  }
}

// ---- Input forms ------------------------------------------------------------------------

TEST(IabTcf, AcceptsEncodedQuotedAndStandardBase64Forms) {
  const std::string tc = "CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA";
  for (const std::string& form :
       {"  \"" + tc + "\"\n", "%22" + tc + "%22", "%2522" + tc + "%2522", tc + "=="}) {
    const signal s = decode_tcf(form);
    EXPECT_TRUE(s.ok) << form << ": " << s.error;
    EXPECT_EQ(s.input, tc + (form.ends_with("==") ? "==" : "")) << form;
    EXPECT_EQ(set_of(s.fields, "vendor_consents"), (std::vector<std::int64_t>{1, 2, 3, 4}));
  }
  // '-' / '_' and '+' / '/' are the same sextets.
  bit_writer w = core_prefix();
  w.put(4, 16).put(0, 1).put(0xF, 4).put(0, 16).put(0, 1).put(0, 12);
  std::string web = w.str(), standard = web;
  for (char& ch : standard) ch = ch == '-' ? '+' : ch == '_' ? '/' : ch;
  EXPECT_EQ(set_of(decode_tcf(standard).fields, "vendor_consents"),
            set_of(decode_tcf(web).fields, "vendor_consents"));
}

TEST(IabTcf, SegmentsAndTheirTypes) {
  bit_writer core = core_prefix();
  core.put(2, 16).put(0, 1).put(0b11, 2).put(0, 16).put(0, 1).put(0, 12);
  bit_writer disclosed;
  disclosed.put(1, 3).put(5, 16).put(0, 1).put(0b10101, 5);
  bit_writer unknown;
  unknown.put(5, 3).put(0, 9);
  bit_writer ptc;
  ptc.put(3, 3).put(0b11, 24).put(0, 24).put(3, 6).put(0b101, 3).put(0b010, 3);
  const std::string tc =
      core.str() + "." + disclosed.str() + "." + unknown.str() + ".." + ptc.str();
  const signal s = decode_tcf(tc);
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(set_of(s.fields, "disclosed_vendors"), (std::vector<std::int64_t>{1, 3, 5}));
  EXPECT_TRUE(has_note(s.notes, "segment 3 has segment type 5"));
  EXPECT_TRUE(has_note(s.notes, "segment 4 is empty"));
  const node* p = s.fields.find("publisher_tc");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(set_of(*p, "pub_purposes_consent"), (std::vector<std::int64_t>{23, 24}));
  EXPECT_EQ(int_of(*p, "num_custom_purposes"), 3);
  EXPECT_EQ(set_of(*p, "custom_purposes_consent"), (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(set_of(*p, "custom_purposes_li_transparency"), (std::vector<std::int64_t>{2}));
}

TEST(IabTcf, RestrictionTypesCarryMeanings) {
  bit_writer w = core_prefix();
  w.put(0, 16).put(0, 1).put(0, 16).put(0, 1);  // no vendors
  w.put(2, 12);
  w.put(7, 6).put(1, 2).put(1, 12).put(1, 1).put(10, 16).put(12, 16);
  w.put(9, 6).put(3, 2).put(1, 12).put(0, 1).put(4, 16);
  const signal s = decode_tcf(w.str());
  ASSERT_TRUE(s.ok) << s.error;
  const node* pr = s.fields.find("publisher_restrictions");
  ASSERT_NE(pr, nullptr);
  ASSERT_EQ(pr->items.size(), 2u);
  EXPECT_EQ(int_of(pr->items[0], "purpose_id"), 7);
  EXPECT_EQ(member_named(pr->items[0], "restriction_type")->meaning, "require consent");
  EXPECT_EQ(set_of(pr->items[0], "vendors"), (std::vector<std::int64_t>{10, 11, 12}));
  EXPECT_TRUE(member_named(pr->items[1], "restriction_type")->uncertain);  // type 3 is undefined
}

// ---- Not TC strings ------------------------------------------------------------------------

TEST(IabTcf, OtherVersionsAndFormatsAreNamed) {
  const signal v1 = decode_tcf("BOEFEAyOEFEAyAHABDENAI4AAAB9vABAASA");
  EXPECT_FALSE(v1.ok);
  EXPECT_EQ(v1.error.rfind("TCF v1 string, not decoded", 0), 0u) << v1.error;
  EXPECT_EQ(int_of(v1.fields, "version"), 1);

  const signal gpp = decode_tcf("DBABM~CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA");
  EXPECT_FALSE(gpp.ok);
  EXPECT_NE(gpp.error.find("GPP"), std::string::npos) << gpp.error;

  const signal v5 = decode_tcf("FAAA");
  EXPECT_FALSE(v5.ok);
  EXPECT_NE(v5.error.find("version 5"), std::string::npos) << v5.error;
}

// ---- Hostile input --------------------------------------------------------------------------

TEST(IabTcf, EmptyAndNonBase64InputSayWhere) {
  EXPECT_FALSE(decode_tcf("").ok);
  EXPECT_FALSE(decode_tcf("  \"\" ").ok);
  EXPECT_EQ(decode_tcf("").error, "empty TC string");

  const signal bad = decode_tcf("CQSbk4AQSbk4ANwA!AENAwCg");
  EXPECT_FALSE(bad.ok);
  EXPECT_EQ(bad.error, "character 17 ('!') is not base64url (core segment)");

  const signal in_segment = decode_tcf("CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA.IA*A");
  EXPECT_FALSE(in_segment.ok);
  EXPECT_EQ(in_segment.error, "character 48 ('*') is not base64url (segment 2)");
  EXPECT_EQ(set_of(in_segment.fields, "vendor_consents"), (std::vector<std::int64_t>{1, 2, 3, 4}));

  EXPECT_FALSE(decode_tcf("CQSb=k4A").ok);  // '=' only as trailing padding
  EXPECT_EQ(decode_tcf(std::string("CQ\x01"
                                   "b"))
                .error,
            "character 3 ('\\x01') is not base64url (core segment)");
}

TEST(IabTcf, TruncatedSegmentsNameTheirSegment) {
  bit_writer core = core_prefix();
  core.put(0, 16).put(0, 1).put(0, 16).put(0, 1).put(0, 12);
  bit_writer disclosed;
  disclosed.put(1, 3).put(300, 16).put(0, 1).put(0xFF, 8);  // 300 bits announced, 8 present
  const signal s = decode_tcf(core.str() + "." + disclosed.str());
  EXPECT_TRUE(s.ok);
  EXPECT_TRUE(s.truncated);
  EXPECT_EQ(s.error, "disclosed_vendors segment ends at bit " +
                         std::to_string(disclosed.str().size() * 6) + " inside disclosed_vendors");
  EXPECT_EQ(s.fields.find("disclosed_vendors"), nullptr);
  EXPECT_NE(s.fields.find("vendor_consents"), nullptr);

  const signal type_only = decode_tcf(core.str() + ".I");  // segment type 1, nothing more
  EXPECT_TRUE(type_only.truncated);
  EXPECT_EQ(type_only.error, "disclosed_vendors segment ends at bit 6 inside disclosed_vendors");
}

TEST(IabTcf, TruncationNamesTheField) {
  bit_writer w = core_prefix(0b110000000000000000000000);
  w.put(600, 16).put(0, 1).put(0, 100);  // a bitfield of 600 bits, 100 present
  const signal s = decode_tcf(w.str());
  EXPECT_TRUE(s.ok);
  EXPECT_TRUE(s.truncated);
  EXPECT_EQ(s.error, "core segment ends at bit " + std::to_string(w.str().size() * 6) +
                         " inside vendor_consents");
  EXPECT_EQ(s.fields.find("vendor_consents"), nullptr);  // never a zero-filled guess
  EXPECT_EQ(set_of(s.fields, "purposes_consent"), (std::vector<std::int64_t>{1, 2}));
}

TEST(IabTcf, HugeRangesAreBoundedNotAllocated) {
  // MaxVendorId 65535, 4095 ranges each covering every id: 268 million ids asked for.
  bit_writer w = core_prefix();
  w.put(65535, 16).put(1, 1).put(4095, 12);
  for (int i = 0; i < 4095; ++i) w.put(1, 1).put(1, 16).put(65535, 16);
  const auto t0 = std::chrono::steady_clock::now();
  const signal s = decode_tcf(w.str());
  const auto elapsed = std::chrono::steady_clock::now() - t0;
  EXPECT_FALSE(s.ok);
  EXPECT_NE(s.error.find("expands to more than"), std::string::npos) << s.error;
  EXPECT_LT(elapsed, std::chrono::seconds(5));

  // One range of every id is fine and exact.
  bit_writer one = core_prefix();
  one.put(65535, 16).put(1, 1).put(1, 12).put(1, 1).put(1, 16).put(65535, 16);
  one.put(0, 16).put(0, 1).put(0, 12);
  const signal all = decode_tcf(one.str());
  ASSERT_TRUE(all.ok) << all.error;
  const node* vc = all.fields.find("vendor_consents");
  ASSERT_NE(vc, nullptr);
  EXPECT_EQ(vc->ints.size(), 65535u);
  EXPECT_EQ(vc->ints.front(), 1);
  EXPECT_EQ(vc->ints.back(), 65535);
}

TEST(IabTcf, PublisherRestrictionsCannotMultiplyMemory) {
  bit_writer w = core_prefix();
  w.put(0, 16).put(0, 1).put(0, 16).put(0, 1);
  w.put(4095, 12);
  for (int i = 0; i < 4095; ++i)
    w.put(2, 6).put(0, 2).put(1, 12).put(1, 1).put(1, 16).put(65535, 16);
  const signal s = decode_tcf(w.str());
  EXPECT_FALSE(s.ok);
  EXPECT_NE(s.error.find("publisher_restrictions expands to more than"), std::string::npos)
      << s.error;
}

TEST(IabTcf, ShortDataBehindLargeCounts) {
  // NumEntries 4095 with data for one entry; MaxVendorId 65535 bitfield with 10 bits.
  bit_writer ranges = core_prefix();
  ranges.put(100, 16).put(1, 1).put(4095, 12).put(0, 1).put(7, 16);
  const signal r = decode_tcf(ranges.str());
  EXPECT_TRUE(r.truncated);
  EXPECT_NE(r.error.find("inside vendor_consents"), std::string::npos) << r.error;

  bit_writer bits = core_prefix();
  bits.put(65535, 16).put(0, 1).put(0x3FF, 10);
  const signal b = decode_tcf(bits.str());
  EXPECT_TRUE(b.truncated);
  EXPECT_EQ(b.fields.find("vendor_consents"), nullptr);
}

TEST(IabTcf, InvalidRangesAreErrorsOrFlags) {
  bit_writer backwards = core_prefix();
  backwards.put(50, 16).put(1, 1).put(1, 12).put(1, 1).put(40, 16).put(30, 16);
  const signal b = decode_tcf(backwards.str());
  EXPECT_FALSE(b.ok);
  EXPECT_EQ(b.error, "vendor_consents range entry 1 ends at vendor 30 before it starts at 40");

  bit_writer beyond = core_prefix();
  beyond.put(10, 16).put(1, 1).put(2, 12).put(0, 1).put(0, 16).put(0, 1).put(20, 16);
  beyond.put(0, 16).put(0, 1).put(0, 12);
  const signal over = decode_tcf(beyond.str());
  ASSERT_TRUE(over.ok) << over.error;
  EXPECT_EQ(set_of(over.fields, "vendor_consents"), (std::vector<std::int64_t>{20}));
  EXPECT_TRUE(member_named(over.fields, "vendor_consents")->uncertain);
  EXPECT_TRUE(has_note(over.notes, "vendor 20 above its MaxVendorId 10"));
  EXPECT_TRUE(has_note(over.notes, "vendor id 0"));
}

TEST(IabTcf, TenMegabytesOfInput) {
  const std::string zeros = "C" + std::string(10 * 1024 * 1024, 'A');
  const auto t0 = std::chrono::steady_clock::now();
  const signal s = decode_tcf(zeros);
  EXPECT_TRUE(s.ok) << s.error;  // a valid (empty) core followed by zero padding
  EXPECT_EQ(set_of(s.fields, "vendor_consents"), std::vector<std::int64_t>{});

  const signal dots = decode_tcf("CQSbk4AQSbk4ANwAAAENAwCgAAAAAAAAAAYgACPAAAAA" +
                                 std::string(10 * 1024 * 1024, '.'));
  EXPECT_TRUE(dots.ok) << dots.error;
  EXPECT_LE(dots.notes.size(), 10u);
  EXPECT_TRUE(has_note(dots.notes, "further segments"));

  const signal noise = decode_tcf(std::string(10 * 1024 * 1024, '_'));
  EXPECT_FALSE(noise.ok);  // version 63
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(20));
}

// ---- The shared bit reader ---------------------------------------------------------------

TEST(IabBits, ReaderIsMsbFirstAndFlagsReadsPastTheEnd) {
  std::size_t bad = 99;
  auto r = iab::bit_reader::from_base64url("gB==", &bad);  // 100000 000001
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->size(), 12u);
  EXPECT_EQ(r->read_int(1), 1u);
  EXPECT_EQ(r->read_int(10), 0u);
  EXPECT_FALSE(r->truncated());
  r->field("tail");
  EXPECT_EQ(r->read_int(1), 1u);
  EXPECT_EQ(r->read_int(8), 0u);  // past the end: zeros
  EXPECT_TRUE(r->truncated());
  EXPECT_EQ(r->truncated_in(), "tail");
  EXPECT_EQ(r->truncated_at(), 12u);

  EXPECT_FALSE(iab::bit_reader::from_base64url("AB.C", &bad).has_value());
  EXPECT_EQ(bad, 2u);
  auto plus = iab::bit_reader::from_base64url("+/", &bad);
  auto dash = iab::bit_reader::from_base64url("-_", &bad);
  ASSERT_TRUE(plus && dash);
  EXPECT_EQ(plus->read_int(12), dash->read_int(12));
}

TEST(IabBits, IdSetRangesAtWordEdges) {
  iab::id_set s;
  s.add_range(63, 129);
  s.add(65535);
  s.add(70000);  // beyond 16 bits: ignored
  const auto ids = s.ids();
  ASSERT_EQ(ids.size(), 129u - 63u + 1u + 1u);
  EXPECT_EQ(ids.front(), 63);
  EXPECT_EQ(ids[ids.size() - 2], 129);
  EXPECT_EQ(ids.back(), 65535);
}

}  // namespace
}  // namespace harfact::consent
