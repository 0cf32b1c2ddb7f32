// Google consent mode hit flags: gcs and gcd (signals.md B.11, D.5).
#include <fmt/format.h>

#include <array>

#include "consent/cmp_common.hpp"
#include "harfact/consent/signal.hpp"

namespace harfact::consent {

namespace {

using detail::fail;

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// The gcd letter alphabet (D.5): '0'..'9' = 0..9, 'a'..'z' = 10..35,
// 'A'..'Z' = 36..61, '-' = 62, '_' = 63.
int gcd_index(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 36;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

// Two-bit states in a gcd letter: 1 not set, 2 denied, 3 granted; 0 is not
// described by any source.
std::string_view gcd_state_name(int v) noexcept {
  switch (v) {
    case 1: return "not set";
    case 2: return "denied";
    case 3: return "granted";
    default: return "unknown (0)";
  }
}

grant gcd_grant(int v) noexcept {
  return v == 3 ? grant::granted : v == 2 ? grant::denied : grant::unknown;
}

// The plain meaning of a (default, update) pair, worded as the B.11 table.
std::string gcd_plain(int def, int upd) {
  if (def == 0 || upd == 0) {
    return fmt::format("default {}, update {} (a 0 part is not described)", gcd_state_name(def),
                       gcd_state_name(upd));
  }
  if (def == 1 && upd == 1) return "signal not set at all";
  if (upd == 1) return fmt::format("{} by default, no update", gcd_state_name(def));
  if (def == 1) return fmt::format("no default, {} by update", gcd_state_name(upd));
  if (def == 2 && upd == 2) return "denied by default, update kept denied";
  if (def == 3 && upd == 3) return "granted by default and by update";
  return fmt::format("{} by default, {} by update", gcd_state_name(def), gcd_state_name(upd));
}

// One secondary table reads the trailing digit (B.11); kept as uncertain.
std::string gcd_trailing_meaning(int d) {
  static constexpr std::array<std::string_view, 3> ad_signal = {"undefined", "true", "false"};
  if (d >= 1 && d <= 3) {
    return fmt::format("one secondary table: consent not defined, ad signal {} [uncertain]",
                       ad_signal[static_cast<std::size_t>(d - 1)]);
  }
  if (d >= 5 && d <= 7) {
    return fmt::format("one secondary table: consent defined, ad signal {} [uncertain]",
                       ad_signal[static_cast<std::size_t>(d - 5)]);
  }
  return "not described by any source [uncertain]";
}

struct gcd_signal {
  std::string_view name;
  int digit = 0;
  char letter = 0;
  int def = 0;
  int upd = 0;
  int effective = 0;
  bool uncertain = false;
};

}  // namespace

signal decode_gcs(std::string_view gcs) {
  signal s = detail::start("gcs", gcs);
  const std::string_view v = detail::strip_name(s.input, {"gcs"});
  if (v.empty()) return fail(std::move(s), "gcs: empty value");
  if (v[0] != 'G') return fail(std::move(s), "gcs: offset 0: expected 'G'");
  if (v.size() != 4) {
    return fail(std::move(s),
                fmt::format("gcs: {} characters; expected 4 ('G', a digit, then ad_storage and "
                            "analytics_storage as 0 or 1)",
                            v.size()));
  }
  if (!is_digit(v[1])) return fail(std::move(s), "gcs: offset 1: expected a digit after 'G'");
  for (std::size_t i = 2; i < 4; ++i) {
    if (v[i] != '0' && v[i] != '1') {
      return fail(std::move(s), fmt::format("gcs: offset {}: expected 0 or 1", i));
    }
  }
  s.fields.add("leading_digit", node::integer(v[1] - '0'),
               v[1] == '1' ? "always 1 in practice; one source reads it as a third signal"
                           : "not the usual 1; one source reads it as a third signal",
               true);
  const bool ad = v[2] == '1';
  const bool analytics = v[3] == '1';
  s.fields.add("ad_storage", node::integer(ad ? 1 : 0), ad ? "granted" : "denied");
  s.fields.add("analytics_storage", node::integer(analytics ? 1 : 0),
               analytics ? "granted" : "denied");
  auto& sum = s.sum;
  sum.purposes[static_cast<int>(purpose::advertising)] = detail::grant_of(ad);
  sum.purpose_source[static_cast<int>(purpose::advertising)] = "gcs ad_storage";
  sum.purposes[static_cast<int>(purpose::analytics)] = detail::grant_of(analytics);
  sum.purpose_source[static_cast<int>(purpose::analytics)] = "gcs analytics_storage";
  sum.notes.emplace_back(
      "gcs is the consent state when the hit was sent; it does not say whether a person chose "
      "(gcd does)");
  if (v[1] != '1') {
    sum.notes.push_back(fmt::format(
        "gcs: character after 'G' is '{}', not the usual '1'; ad_storage and analytics_storage "
        "read from the last two characters as documented [uncertain]",
        v[1]));
  }
  s.ok = true;
  return s;
}

signal decode_gcd(std::string_view gcd) {
  signal s = detail::start("gcd", gcd);
  const std::string_view v = detail::strip_name(s.input, {"gcd"});
  if (v.empty()) return fail(std::move(s), "gcd: empty value");
  if (v.size() < 10) {
    return fail(std::move(s),
                fmt::format("gcd: {} characters; expected at least 10 (a digit, four digit+letter "
                            "pairs, a trailing digit)",
                            v.size()));
  }
  if (!is_digit(v[0])) return fail(std::move(s), "gcd: offset 0: expected a digit");
  std::array<gcd_signal, 4> sig = {gcd_signal{"ad_storage"}, gcd_signal{"analytics_storage"},
                                   gcd_signal{"ad_user_data"}, gcd_signal{"ad_personalization"}};
  for (std::size_t k = 0; k < sig.size(); ++k) {
    const std::size_t d = 1 + 2 * k;
    if (!is_digit(v[d])) {
      return fail(std::move(s), fmt::format("gcd: offset {}: expected a digit before the {} letter",
                                            d, sig[k].name));
    }
    const int idx = gcd_index(v[d + 1]);
    if (idx < 0) {
      return fail(std::move(s),
                  fmt::format("gcd: offset {}: '{}' is not a consent letter (0-9a-zA-Z-_) for {}",
                              d + 1, v[d + 1], sig[k].name));
    }
    gcd_signal& g = sig[k];
    g.digit = v[d] - '0';
    g.letter = v[d + 1];
    g.def = (idx >> 2) & 3;
    g.upd = idx & 3;
    g.effective = g.upd != 1 ? g.upd : g.def;
    // The documented table covers letters with bit 4 set and bit 5 clear
    // ('g'..'v') whose parts are 1..3; anything else is read by the same bit
    // rule but flagged.
    g.uncertain = (idx >> 4) != 1 || g.def == 0 || g.upd == 0;
  }
  if (!is_digit(v[9])) return fail(std::move(s), "gcd: offset 9: expected the trailing digit");
  const std::string_view suffix = v.substr(10);
  for (std::size_t i = 0; i < suffix.size(); ++i) {
    if (gcd_index(suffix[i]) < 0) {
      return fail(std::move(s), fmt::format("gcd: offset {}: '{}' is not in the gcd alphabet",
                                            10 + i, suffix[i]));
    }
  }

  s.fields.add("leading_digit", node::integer(v[0] - '0'), "version-ish digit; not documented",
               true);
  for (const gcd_signal& g : sig) {
    node obj = node::object();
    obj.add("digit", node::integer(g.digit), "digit before the letter; not documented", true);
    obj.add("letter", node::string(std::string(1, g.letter)),
            g.uncertain ? "outside the documented letter table" : "");
    obj.add("default", node::integer(g.def), std::string(gcd_state_name(g.def)), g.def == 0);
    obj.add("update", node::integer(g.upd), std::string(gcd_state_name(g.upd)), g.upd == 0);
    obj.add("effective", node::integer(g.effective),
            std::string(gcd_state_name(g.effective)) + " (update when set, else default)",
            g.uncertain);
    std::string meaning = gcd_plain(g.def, g.upd);
    if (g.uncertain) meaning += " [uncertain: letter outside the documented table]";
    s.fields.add(std::string(g.name), std::move(obj), std::move(meaning), g.uncertain);
  }
  const int trailing = v[9] - '0';
  s.fields.add("trailing_digit", node::integer(trailing), gcd_trailing_meaning(trailing), true);
  if (!suffix.empty()) {
    s.fields.add("suffix", node::string(std::string(suffix)),
                 "not documented (container-scoped defaults?)", true);
  }

  auto& sum = s.sum;
  const auto set = [&](purpose p, const gcd_signal& g) {
    const grant gr = gcd_grant(g.effective);
    if (gr == grant::unknown) return;
    sum.purposes[static_cast<int>(p)] = gr;
    sum.purpose_source[static_cast<int>(p)] =
        fmt::format("gcd {} '{}' ({})", g.name, g.letter, gcd_plain(g.def, g.upd));
    if (g.uncertain) {
      sum.notes.push_back(fmt::format(
          "{} rests on gcd letter '{}', which is outside the documented table [uncertain]",
          purpose_name(p), g.letter));
    }
  };
  set(purpose::advertising, sig[0]);
  set(purpose::analytics, sig[1]);
  sum.notes.push_back(fmt::format(
      "gcd ad_user_data {}, ad_personalization {} (effective); not folded into advertising, "
      "which follows ad_storage",
      gcd_state_name(sig[2].effective), gcd_state_name(sig[3].effective)));

  bool any_update = false;
  bool all_not_set = true;
  for (const gcd_signal& g : sig) {
    if (g.upd == 2 || g.upd == 3) any_update = true;
    if (g.upd != 1) all_not_set = false;
  }
  if (any_update) {
    sum.interacted = true;
    sum.notes.emplace_back(
        "an update part is set: the CMP called consent update (a choice, possibly one restored "
        "from an earlier visit)");
  } else if (all_not_set) {
    sum.interacted = false;
  }
  s.ok = true;
  return s;
}

}  // namespace harfact::consent
