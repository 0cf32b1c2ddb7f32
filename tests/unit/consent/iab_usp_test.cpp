// US Privacy string decoder on the examples signals.md B.13 gives, the iubenda
// JSON wrapper, and malformed values.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "harfact/consent/signal.hpp"

namespace harfact::consent {
namespace {

std::string str_of(const node& n, std::string_view name) {
  const node* v = n.find(name);
  return v != nullptr && v->t == node::type::string ? v->s : "<missing>";
}

const member* member_named(const node& n, std::string_view name) {
  for (const member& m : n.members)
    if (m.name == name) return &m;
  return nullptr;
}

bool has_note(const std::vector<std::string>& notes, std::string_view part) {
  for (const auto& n : notes)
    if (n.find(part) != std::string::npos) return true;
  return false;
}

grant sale_share(const signal& s) { return s.sum.purposes[static_cast<int>(purpose::sale_share)]; }

struct usp_case {
  const char* value;
  const char* notice;
  const char* sale;
  const char* lspa;
  std::optional<bool> opted_out;
  grant share;
  const char* region;
};

class IabUspExamples : public ::testing::TestWithParam<usp_case> {};

TEST_P(IabUspExamples, FieldsAndSummary) {
  const usp_case& c = GetParam();
  const signal s = decode_usp(c.value);
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(s.kind, "usp");
  ASSERT_NE(s.fields.find("version"), nullptr);
  EXPECT_EQ(s.fields.find("version")->i, 1);
  EXPECT_EQ(str_of(s.fields, "notice"), c.notice);
  EXPECT_EQ(str_of(s.fields, "opt_out_sale"), c.sale);
  EXPECT_EQ(str_of(s.fields, "lspa"), c.lspa);
  EXPECT_EQ(s.sum.sale_opt_out, c.opted_out);
  EXPECT_EQ(sale_share(s), c.share);
  EXPECT_EQ(s.sum.region, c.region);
  EXPECT_FALSE(s.sum.interacted.has_value());
  EXPECT_FALSE(s.sum.gpc.has_value());
}

INSTANTIATE_TEST_SUITE_P(
    SignalsB13, IabUspExamples,
    ::testing::Values(usp_case{"1YNN", "Y", "N", "N", false, grant::unknown, "US"},
                      usp_case{"1NYN", "N", "Y", "N", true, grant::denied, "US"},
                      usp_case{"1-Y-", "-", "Y", "-", true, grant::denied, "US"},
                      usp_case{"1---", "-", "-", "-", std::nullopt, grant::unknown, ""},
                      usp_case{"1YYY", "Y", "Y", "Y", true, grant::denied, "US"}));

TEST(IabUsp, MeaningsSayWhatEachCharacterClaims) {
  const signal s = decode_usp("1NYN");
  EXPECT_EQ(member_named(s.fields, "opt_out_sale")->meaning, "opted out of sale");
  EXPECT_EQ(member_named(s.fields, "notice")->meaning,
            "notice and opportunity to opt out not given");
  EXPECT_EQ(s.sum.purpose_source[static_cast<int>(purpose::sale_share)], "usp opt_out_sale");
  EXPECT_TRUE(has_note(s.sum.notes, "not proof the visitor was in California"));

  const signal none = decode_usp("1---");
  EXPECT_TRUE(has_note(none.notes, "CCPA does not apply"));
  EXPECT_EQ(member_named(none.fields, "lspa")->meaning, "not applicable (CCPA does not apply)");

  const signal yn = decode_usp("1YNN");
  EXPECT_TRUE(has_note(yn.sum.notes, "says nothing about sharing"));
}

TEST(IabUsp, IubendaJsonWrapper) {
  const signal s = decode_usp(R"({"uspString":"1YN-","firstAcknowledgeDate":"2024-05-01"})");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(str_of(s.fields, "opt_out_sale"), "N");
  EXPECT_EQ(str_of(s.fields, "lspa"), "-");
  EXPECT_EQ(s.sum.sale_opt_out, false);
  EXPECT_TRUE(has_note(s.notes, "JSON wrapper"));
  EXPECT_TRUE(has_note(s.notes, "firstAcknowledgeDate"));

  // As a cookie value: percent-encoded.
  const signal enc = decode_usp("%7B%22uspString%22%3A%221YY-%22%7D");
  ASSERT_TRUE(enc.ok) << enc.error;
  EXPECT_EQ(enc.sum.sale_opt_out, true);

  EXPECT_FALSE(decode_usp(R"({"other":"1YN-"})").ok);
  EXPECT_FALSE(decode_usp(R"({"uspString":17})").ok);
  EXPECT_FALSE(decode_usp("{not json").ok);
  EXPECT_FALSE(decode_usp(R"({"uspString":"1YNNN"})").ok);
}

TEST(IabUsp, InputForms) {
  for (const char* v : {" 1YNN ", "\"1YNN\"", "1YNN%0A", "%25221YNN%2522"}) {
    const signal s = decode_usp(v);
    EXPECT_TRUE(s.ok) << v << ": " << s.error;
    EXPECT_EQ(s.input, "1YNN") << v;
  }
  const signal lower = decode_usp("1yny");
  ASSERT_TRUE(lower.ok) << lower.error;
  EXPECT_EQ(str_of(lower.fields, "opt_out_sale"), "N");
  EXPECT_EQ(str_of(lower.fields, "lspa"), "Y");
  EXPECT_TRUE(has_note(lower.notes, "lowercase"));
}

TEST(IabUsp, MalformedValuesSayWhy) {
  EXPECT_EQ(decode_usp("").error, "empty US Privacy string");
  EXPECT_EQ(decode_usp("1YN").error, "a US Privacy string has 4 characters; this one has 3");
  EXPECT_EQ(decode_usp("2YNN").error,
            "character 1 ('2') is not version 1, the only version defined");
  EXPECT_EQ(decode_usp("1YXN").error, "character 3 ('X') is not Y, N or -");
  EXPECT_FALSE(decode_usp(std::string(10 * 1024 * 1024, 'Y')).ok);

  // CCPA applies (notice given) but the opt-out is '-': the specification forbids it.
  const signal odd = decode_usp("1Y-N");
  ASSERT_TRUE(odd.ok);
  EXPECT_TRUE(member_named(odd.fields, "opt_out_sale")->uncertain);
  EXPECT_FALSE(odd.sum.sale_opt_out.has_value());
  EXPECT_TRUE(has_note(odd.notes, "requires Y or N"));
}

}  // namespace
}  // namespace harfact::consent
