// Google consent mode gcs/gcd decoders on the values signals.md B.11/D.5 gives.
#include <gtest/gtest.h>

#include "cmp_test_support.hpp"
#include "harfact/consent/signal.hpp"

namespace harfact::consent {
namespace {

using test::at;
using test::has_note;
using test::int_at;
using test::member_of;
using test::purpose_of;
using test::source_of;
using test::str_at;

// ---- gcs --------------------------------------------------------------------

struct gcs_case {
  const char* value;
  grant ad;
  grant analytics;
};

class GcsValues : public ::testing::TestWithParam<gcs_case> {};

TEST_P(GcsValues, AdAndAnalyticsStorage) {
  const auto& c = GetParam();
  const signal s = decode_gcs(c.value);
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(s.kind, "gcs");
  EXPECT_EQ(s.input, c.value);
  EXPECT_EQ(purpose_of(s, purpose::advertising), c.ad);
  EXPECT_EQ(purpose_of(s, purpose::analytics), c.analytics);
  EXPECT_EQ(source_of(s, purpose::advertising), "gcs ad_storage");
  EXPECT_EQ(source_of(s, purpose::analytics), "gcs analytics_storage");
  EXPECT_EQ(purpose_of(s, purpose::necessary), grant::unknown);
  EXPECT_EQ(purpose_of(s, purpose::functional), grant::unknown);
  EXPECT_FALSE(s.sum.interacted.has_value());
  EXPECT_EQ(int_at(s.fields, {"ad_storage"}), c.ad == grant::granted ? 1 : 0);
  EXPECT_EQ(int_at(s.fields, {"analytics_storage"}), c.analytics == grant::granted ? 1 : 0);
  const member* lead = member_of(s.fields, "leading_digit");
  ASSERT_NE(lead, nullptr);
  EXPECT_TRUE(lead->uncertain);
  EXPECT_EQ(lead->value.i, 1);
}

INSTANTIATE_TEST_SUITE_P(Documented, GcsValues,
                         ::testing::Values(gcs_case{"G100", grant::denied, grant::denied},
                                           gcs_case{"G101", grant::denied, grant::granted},
                                           gcs_case{"G110", grant::granted, grant::denied},
                                           gcs_case{"G111", grant::granted, grant::granted}));

TEST(Gcs, AcceptsNamePrefixAndEncoding) {
  const signal s = decode_gcs("gcs=G111");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::granted);
  const signal t = decode_gcs("  G%31%30%31 ");
  ASSERT_TRUE(t.ok) << t.error;
  EXPECT_EQ(t.input, "G101");
  EXPECT_EQ(purpose_of(t, purpose::analytics), grant::granted);
}

TEST(Gcs, UnusualCharacterAfterGIsDecodedButFlagged) {
  const signal s = decode_gcs("G011");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::granted);
  EXPECT_TRUE(member_of(s.fields, "leading_digit")->uncertain);
  EXPECT_TRUE(has_note(s, "not the usual '1'"));
}

TEST(Gcs, MalformedValuesSayWhere) {
  EXPECT_EQ(decode_gcs("").error, "gcs: empty value");
  EXPECT_NE(decode_gcs("X111").error.find("offset 0"), std::string::npos);
  EXPECT_NE(decode_gcs("G1").error.find("2 characters"), std::string::npos);
  EXPECT_NE(decode_gcs("G1111").error.find("5 characters"), std::string::npos);
  EXPECT_NE(decode_gcs("G112").error.find("offset 3"), std::string::npos);
  EXPECT_NE(decode_gcs("G1--").error.find("offset 2"), std::string::npos);
  EXPECT_NE(decode_gcs("GX11").error.find("offset 1"), std::string::npos);
  EXPECT_FALSE(decode_gcs("G1--").ok);
}

TEST(Gcs, SurvivesHostileInput) { test::expect_survives_hostile(decode_gcs, "gcs"); }

// ---- gcd --------------------------------------------------------------------

constexpr std::string_view k_signals[] = {"ad_storage", "analytics_storage", "ad_user_data",
                                          "ad_personalization"};

TEST(Gcd, AcceptedAfterDeniedDefault) {
  // B.11: all four denied by default, then granted by update (accepted).
  const signal s = decode_gcd("13r3r3r3r5l1");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(s.kind, "gcd");
  for (const auto name : k_signals) {
    SCOPED_TRACE(std::string(name));
    EXPECT_EQ(str_at(s.fields, {name, "letter"}), "r");
    EXPECT_EQ(int_at(s.fields, {name, "default"}), 2);
    EXPECT_EQ(int_at(s.fields, {name, "update"}), 3);
    EXPECT_EQ(int_at(s.fields, {name, "effective"}), 3);
    EXPECT_EQ(int_at(s.fields, {name, "digit"}), 3);
    const member* m = member_of(s.fields, name);
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->meaning, "denied by default, granted by update");
    EXPECT_FALSE(m->uncertain);
    EXPECT_TRUE(member_of(m->value, "digit")->uncertain);
  }
  EXPECT_EQ(int_at(s.fields, {"leading_digit"}), 1);
  EXPECT_TRUE(member_of(s.fields, "leading_digit")->uncertain);
  EXPECT_EQ(int_at(s.fields, {"trailing_digit"}), 5);
  EXPECT_TRUE(member_of(s.fields, "trailing_digit")->uncertain);
  EXPECT_NE(member_of(s.fields, "trailing_digit")->meaning.find("consent defined"),
            std::string::npos);
  EXPECT_EQ(str_at(s.fields, {"suffix"}), "l1");
  EXPECT_TRUE(member_of(s.fields, "suffix")->uncertain);

  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::granted);
  EXPECT_EQ(purpose_of(s, purpose::analytics), grant::granted);
  EXPECT_EQ(purpose_of(s, purpose::necessary), grant::unknown);
  EXPECT_EQ(source_of(s, purpose::advertising),
            "gcd ad_storage 'r' (denied by default, granted by update)");
  EXPECT_EQ(s.sum.interacted, std::optional<bool>(true));
  EXPECT_TRUE(has_note(s, "ad_user_data granted, ad_personalization granted"));
}

TEST(Gcd, DeniedByDefaultNoUpdateIsPreInteraction) {
  const signal s = decode_gcd("13p3p3p3p5l1");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::denied);
  EXPECT_EQ(purpose_of(s, purpose::analytics), grant::denied);
  EXPECT_EQ(s.sum.interacted, std::optional<bool>(false));
  EXPECT_EQ(member_of(s.fields, "analytics_storage")->meaning, "denied by default, no update");
  EXPECT_EQ(int_at(s.fields, {"ad_storage", "update"}), 1);
  EXPECT_EQ(int_at(s.fields, {"ad_storage", "effective"}), 2);
}

TEST(Gcd, TenCharactersWithoutSuffix) {
  const signal s = decode_gcd("11p1p1p1p5");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(at(s.fields, {"suffix"}), nullptr);
  EXPECT_EQ(int_at(s.fields, {"ad_personalization", "digit"}), 1);
  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::denied);
  EXPECT_EQ(s.sum.interacted, std::optional<bool>(false));
}

TEST(Gcd, ConsentModePresentButNoSignalSet) {
  const signal s = decode_gcd("13l3l3l3l1");
  ASSERT_TRUE(s.ok) << s.error;
  for (const auto name : k_signals) {
    EXPECT_EQ(member_of(s.fields, name)->meaning, "signal not set at all");
    EXPECT_EQ(int_at(s.fields, {name, "effective"}), 1);
  }
  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::unknown);
  EXPECT_EQ(purpose_of(s, purpose::analytics), grant::unknown);
  EXPECT_EQ(s.sum.interacted, std::optional<bool>(false));
  EXPECT_EQ(int_at(s.fields, {"trailing_digit"}), 1);
}

struct letter_case {
  char letter;
  int def;
  int upd;
  const char* meaning;
  bool uncertain;
};

class GcdLetters : public ::testing::TestWithParam<letter_case> {};

TEST_P(GcdLetters, EveryLetterOfTheTable) {
  const auto& c = GetParam();
  std::string v = "13x3l3l3l5";
  v[2] = c.letter;
  const signal s = decode_gcd(v);
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(int_at(s.fields, {"ad_storage", "default"}), c.def);
  EXPECT_EQ(int_at(s.fields, {"ad_storage", "update"}), c.upd);
  const int effective = c.upd != 1 ? c.upd : c.def;
  EXPECT_EQ(int_at(s.fields, {"ad_storage", "effective"}), effective);
  const member* m = member_of(s.fields, "ad_storage");
  EXPECT_EQ(m->uncertain, c.uncertain);
  EXPECT_EQ(m->meaning.substr(0, std::string_view(c.meaning).size()), c.meaning);
  const grant expected = effective == 3   ? grant::granted
                         : effective == 2 ? grant::denied
                                          : grant::unknown;
  EXPECT_EQ(purpose_of(s, purpose::advertising), expected);
  // Only ad_storage can carry an update here.
  EXPECT_EQ(s.sum.interacted, std::optional<bool>(c.upd == 2 || c.upd == 3));
  if (c.uncertain && expected != grant::unknown) {
    EXPECT_TRUE(has_note(s, "outside the documented table"));
  }
}

INSTANTIATE_TEST_SUITE_P(
    B11Table, GcdLetters,
    ::testing::Values(letter_case{'l', 1, 1, "signal not set at all", false},
                      letter_case{'p', 2, 1, "denied by default, no update", false},
                      letter_case{'q', 2, 2, "denied by default, update kept denied", false},
                      letter_case{'r', 2, 3, "denied by default, granted by update", false},
                      letter_case{'t', 3, 1, "granted by default, no update", false},
                      letter_case{'u', 3, 2, "granted by default, denied by update", false},
                      letter_case{'v', 3, 3, "granted by default and by update", false},
                      letter_case{'m', 1, 2, "no default, denied by update", false},
                      letter_case{'n', 1, 3, "no default, granted by update", false},
                      letter_case{'e', 3, 2, "granted by default, denied by update", true},
                      letter_case{'f', 3, 3, "granted by default and by update", true}));

TEST(Gcd, OptOutAfterGrantedDefault) {
  // B.11: after a reject in an opt-out region expect letters u.
  const signal s = decode_gcd("13u3u3u3u5l1");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::denied);
  EXPECT_EQ(purpose_of(s, purpose::analytics), grant::denied);
  EXPECT_EQ(s.sum.interacted, std::optional<bool>(true));
}

TEST(Gcd, MixedSignalsKeepTheirOwnStates) {
  const signal s = decode_gcd("13t3v3p3n5");
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::granted);  // t
  EXPECT_EQ(purpose_of(s, purpose::analytics), grant::granted);    // v
  EXPECT_TRUE(has_note(s, "ad_user_data denied, ad_personalization granted"));
  EXPECT_EQ(s.sum.interacted, std::optional<bool>(true));  // v and n carry updates
}

TEST(Gcd, ZeroPartsAreUnknownAndFlagged) {
  const signal s = decode_gcd("13g3l3l3l5");  // 'g' = 16: default 0, update 0
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_TRUE(member_of(s.fields, "ad_storage")->uncertain);
  EXPECT_EQ(int_at(s.fields, {"ad_storage", "default"}), 0);
  EXPECT_EQ(purpose_of(s, purpose::advertising), grant::unknown);
  EXPECT_FALSE(s.sum.interacted.has_value());  // an unknown update part: cannot tell
}

TEST(Gcd, UppercaseLettersAreReadByTheBitRuleButFlagged) {
  const signal s = decode_gcd("13V3l3l3l5");  // 'V' = 57: bit 5 set
  ASSERT_TRUE(s.ok) << s.error;
  EXPECT_TRUE(member_of(s.fields, "ad_storage")->uncertain);
  EXPECT_EQ(int_at(s.fields, {"ad_storage", "default"}), 2);
  EXPECT_EQ(int_at(s.fields, {"ad_storage", "update"}), 1);
}

TEST(Gcd, MalformedValuesSayWhere) {
  EXPECT_EQ(decode_gcd("").error, "gcd: empty value");
  EXPECT_NE(decode_gcd("13r3r3r").error.find("7 characters"), std::string::npos);
  EXPECT_NE(decode_gcd("x3r3r3r3r5").error.find("offset 0"), std::string::npos);
  EXPECT_NE(decode_gcd("13r3!3r3r5").error.find("offset 4"), std::string::npos);
  EXPECT_NE(decode_gcd("13rxr3r3r5").error.find("offset 3"), std::string::npos);
  EXPECT_NE(decode_gcd("13r3r3r3rx").error.find("offset 9"), std::string::npos);
  EXPECT_NE(decode_gcd("13r3r3r3r5l!").error.find("offset 11"), std::string::npos);
  EXPECT_FALSE(decode_gcd("13r3r3r3r").ok);
}

TEST(Gcd, AcceptsNamePrefixAndDoubleEncoding) {
  const signal s = decode_gcd("gcd=13r3r3r3r5l1");
  ASSERT_TRUE(s.ok) << s.error;
  const signal t = decode_gcd("%2531%33r3r3r3r5l1");  // "%31" encoded once more -> "1"
  ASSERT_TRUE(t.ok) << t.error;
  EXPECT_EQ(t.input, "13r3r3r3r5l1");
}

TEST(Gcd, SurvivesHostileInput) { test::expect_survives_hostile(decode_gcd, "gcd"); }

}  // namespace
}  // namespace harfact::consent
