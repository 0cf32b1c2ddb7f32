// IAB Global Privacy Platform string decoder (signals.md B.15, D.3).
//
// fields: `header` {type, version, section_ids} and `sections`, one object per
// section in string order: {id, name, <the section's fields>, gpc}. Sections:
// - tcfeuv2 (2): the TC string decoder's fields; uspv1 (6): the USP decoder's.
// - usnat (7) versions 1 and 2, usca (8): fields and meanings as signals.md B.15.
// - usva .. usmn (9-23), version 1: field layouts from the official IAB GPP
//   library (@iabgpp/cmpapi 3.2.0), checked against its encoder by the fixture
//   tests. Opt-out, notice and MSPA values get meanings (the same in every state
//   specification); consent-type values are left as numbers because the state
//   specifications disagree on them (Virginia: 1 consent, usnat: 1 no consent).
// - Others (tcfeuv1, tcfcav1, usmd, usin, usky, usri) are named and noted "not
//   decoded by this version": for 24-27 the 2025 specifications and the IAB
//   library describe different layouts.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

#include "consent/iab_bits.hpp"
#include "harfact/consent/signal.hpp"

namespace harfact::consent {
namespace {

using iab::bit_reader;
using iab::printable;

// Section ids a header may expand to: real strings list a handful.
constexpr std::size_t max_section_ids = 4096;

constexpr std::array<std::string_view, 28> section_names = {
    "",        "tcfeuv1", "tcfeuv2", "header", "signal_integrity",
    "tcfcav1", "uspv1",   "usnat",   "usca",   "usva",
    "usco",    "usut",    "usct",    "usfl",   "usmt",
    "usor",    "ustx",    "usde",    "usia",   "usne",
    "usnh",    "usnj",    "ustn",    "usmn",   "usmd",
    "usin",    "usky",    "usri"};

std::string_view section_name(std::uint64_t id) {
  return id < section_names.size() ? section_names[id] : std::string_view();
}

// ---- Section layouts ---------------------------------------------------------------------

enum class kind : std::uint8_t {
  version,       // Int(6)
  notice,        // 0 n/a, 1 provided, 2 not provided
  opt_out,       // 0 n/a, 1 opted out, 2 did not opt out
  consent,       // 0 n/a, 1 no consent, 2 consent (usnat, usca)
  mspa_covered,  // 1 yes, 2 no
  mspa_mode,     // 0 n/a, 1 yes, 2 no
  raw,           // Int(2), not interpreted
  list_opt_out,  // N-Bitfield(2, n) of opt_out values (usca sensitive data)
  list_consent,  // N-Bitfield(2, n) of consent values (usnat, usca)
  list_raw,      // N-Bitfield(2, n), not interpreted
};

struct field_spec {
  const char* name;
  kind type;
  unsigned count = 0;             // list length
  bool layout_dependent = false;  // usnat: position differs between v1 and v2
};

using fk = kind;
constexpr field_spec usnat_v1[] = {
    {"version", fk::version},
    {"sharing_notice", fk::notice},
    {"sale_opt_out_notice", fk::notice},
    {"sharing_opt_out_notice", fk::notice},
    {"targeted_advertising_opt_out_notice", fk::notice},
    {"sensitive_data_processing_opt_out_notice", fk::notice},
    {"sensitive_data_limit_use_notice", fk::notice},
    {"sale_opt_out", fk::opt_out},
    {"sharing_opt_out", fk::opt_out},
    {"targeted_advertising_opt_out", fk::opt_out},
    {"sensitive_data_processing", fk::list_raw, 12, true},
    {"known_child_sensitive_data_consents", fk::list_consent, 2, true},
    {"personal_data_consents", fk::consent, 0, true},
    {"mspa_covered_transaction", fk::mspa_covered, 0, true},
    {"mspa_opt_out_option_mode", fk::mspa_mode, 0, true},
    {"mspa_service_provider_mode", fk::mspa_mode, 0, true},
};
constexpr field_spec usnat_v2[] = {
    {"version", fk::version},
    {"sharing_notice", fk::notice},
    {"sale_opt_out_notice", fk::notice},
    {"sharing_opt_out_notice", fk::notice},
    {"targeted_advertising_opt_out_notice", fk::notice},
    {"sensitive_data_processing_opt_out_notice", fk::notice},
    {"sensitive_data_limit_use_notice", fk::notice},
    {"sale_opt_out", fk::opt_out},
    {"sharing_opt_out", fk::opt_out},
    {"targeted_advertising_opt_out", fk::opt_out},
    {"sensitive_data_processing", fk::list_raw, 16, true},
    {"known_child_sensitive_data_consents", fk::list_consent, 3, true},
    {"personal_data_consents", fk::consent, 0, true},
    {"mspa_covered_transaction", fk::mspa_covered, 0, true},
    {"mspa_opt_out_option_mode", fk::mspa_mode, 0, true},
    {"mspa_service_provider_mode", fk::mspa_mode, 0, true},
};
constexpr field_spec usca_v1[] = {
    {"version", fk::version},
    {"sale_opt_out_notice", fk::notice},
    {"sharing_opt_out_notice", fk::notice},
    {"sensitive_data_limit_use_notice", fk::notice},
    {"sale_opt_out", fk::opt_out},
    {"sharing_opt_out", fk::opt_out},
    {"sensitive_data_processing", fk::list_opt_out, 9},
    {"known_child_sensitive_data_consents", fk::list_consent, 2},
    {"personal_data_consents", fk::consent},
    {"mspa_covered_transaction", fk::mspa_covered},
    {"mspa_opt_out_option_mode", fk::mspa_mode},
    {"mspa_service_provider_mode", fk::mspa_mode},
};

// State sections 9-23 (IAB GPP library 3.2.0). `child` is the known-child field:
// a single Int(2) when 0, else a list of that length.
struct state_layout {
  std::uint64_t id;
  const char* first_notice;  // sharing_notice or processing_notice
  bool sensitive_notice;     // a sensitive-data opt-out notice after the TA notice
  const char* sensitive_notice_name;
  unsigned sensitive;  // SensitiveDataProcessing length
  unsigned child;      // 0: Int(2)
  bool additional;     // AdditionalDataProcessingConsent
  bool gpc;
};
constexpr state_layout states[] = {
    {9, "sharing_notice", false, nullptr, 8, 0, false, false},
    {10, "sharing_notice", false, nullptr, 7, 0, false, true},
    {11, "sharing_notice", true, "sensitive_data_processing_opt_out_notice", 8, 0, false, false},
    {12, "sharing_notice", false, nullptr, 8, 3, false, true},
    {13, "processing_notice", false, nullptr, 8, 3, true, false},
    {14, "sharing_notice", false, nullptr, 8, 3, true, true},
    {15, "processing_notice", false, nullptr, 11, 3, true, true},
    {16, "processing_notice", false, nullptr, 8, 0, true, true},
    {17, "processing_notice", false, nullptr, 9, 5, true, true},
    {18, "processing_notice", true, "sensitive_data_opt_out_notice", 8, 0, false, true},
    {19, "processing_notice", false, nullptr, 8, 0, true, true},
    {20, "processing_notice", false, nullptr, 8, 3, true, true},
    {21, "processing_notice", false, nullptr, 10, 5, true, true},
    {22, "processing_notice", false, nullptr, 8, 0, true, true},
    {23, "processing_notice", false, nullptr, 8, 0, true, true},
};

// Utah's and Iowa's extra sensitive-data notice sits after the targeted-advertising
// notice, before the opt-outs (checked against the Utah specification).
std::vector<field_spec> state_fields(const state_layout& s) {
  std::vector<field_spec> f;
  f.push_back({"version", fk::version});
  f.push_back({s.first_notice, fk::notice});
  f.push_back({"sale_opt_out_notice", fk::notice});
  f.push_back({"targeted_advertising_opt_out_notice", fk::notice});
  if (s.sensitive_notice) f.push_back({s.sensitive_notice_name, fk::notice});
  f.push_back({"sale_opt_out", fk::opt_out});
  f.push_back({"targeted_advertising_opt_out", fk::opt_out});
  f.push_back({"sensitive_data_processing", fk::list_raw, s.sensitive});
  f.push_back(
      {"known_child_sensitive_data_consents", s.child == 0 ? fk::raw : fk::list_raw, s.child});
  if (s.additional) f.push_back({"additional_data_processing_consent", fk::raw});
  f.push_back({"mspa_covered_transaction", fk::mspa_covered});
  f.push_back({"mspa_opt_out_option_mode", fk::mspa_mode});
  f.push_back({"mspa_service_provider_mode", fk::mspa_mode});
  return f;
}

std::string value_meaning(kind kd, std::uint64_t v) {
  if (v == 3 && kd != fk::version) return "3 is not a defined value";
  switch (kd) {
    case fk::notice:
      return v == 0 ? "not applicable" : v == 1 ? "notice provided" : "notice not provided";
    case fk::opt_out: return v == 0 ? "not applicable" : v == 1 ? "opted out" : "did not opt out";
    case fk::consent: return v == 0 ? "not applicable" : v == 1 ? "no consent" : "consent";
    case fk::mspa_covered: return v == 0 ? "not applicable" : v == 1 ? "yes" : "no";
    case fk::mspa_mode: return v == 0 ? "not applicable" : v == 1 ? "yes" : "no";
    default: return {};
  }
}

std::string list_meaning(kind kd) {
  switch (kd) {
    case fk::list_opt_out: return "per category: 0 not applicable, 1 opted out, 2 did not opt out";
    case fk::list_consent: return "per category: 0 not applicable, 1 no consent, 2 consent";
    default: return "per category, as the section's specification defines (not interpreted)";
  }
}

// ---- Decoding ------------------------------------------------------------------------------

// What the summary needs from one decoded section.
struct facts {
  std::uint64_t id = 0;
  std::string name;
  int rank = 9;  // lower wins: usca, usnat, other states, uspv1
  std::optional<std::uint64_t> sale, sharing, targeted;
  std::optional<bool> gpc;
};

class gpp_decoder {
 public:
  explicit gpp_decoder(signal& out) : out_(out) {}

  void run(std::string_view text) {
    std::vector<std::pair<std::string_view, std::size_t>> parts;  // text, offset
    std::size_t start = 0;
    while (true) {
      const std::size_t tilde = text.find('~', start);
      const std::size_t end = tilde == std::string_view::npos ? text.size() : tilde;
      // Past the header's 12-bit count no part can be a section: count the rest only.
      if (parts.size() <= max_section_ids)
        parts.emplace_back(text.substr(start, end - start), start);
      else
        ++extra_parts_;
      if (tilde == std::string_view::npos) break;
      start = tilde + 1;
    }
    std::vector<std::uint64_t> ids;
    if (!header(parts[0].first, ids)) return;

    const std::size_t present = parts.size() - 1 + extra_parts_;
    if (present < ids.size()) {
      out_.truncated = true;
      set_error(fmt::format("header lists {} sections but the string has {}", ids.size(), present));
    } else if (present > ids.size()) {
      out_.notes.push_back(fmt::format(
          "the string has {} parts after the header but the header lists {} sections; the extra "
          "parts are not decoded",
          present, ids.size()));
    }
    node sections = node::array();
    for (std::size_t i = 0; i < ids.size() && i + 1 < parts.size(); ++i)
      sections.items.push_back(section(ids[i], parts[i + 1].first, parts[i + 1].second));
    out_.fields.add("sections", std::move(sections));
    summarise();
  }

  bool hard_failure() const { return hard_; }

 private:
  void set_error(std::string msg) {
    if (out_.error.empty()) out_.error = std::move(msg);
  }
  void fail(std::string msg) {
    hard_ = true;
    set_error(std::move(msg));
  }

  bool header(std::string_view h, std::vector<std::uint64_t>& ids) {
    if (h.empty()) {
      fail("empty GPP header");
      return false;
    }
    std::size_t bad = 0;
    auto opened = bit_reader::from_base64url(h, &bad);
    if (!opened) {
      fail(
          fmt::format("character {} ('{}') is not base64url (header)", bad + 1, printable(h[bad])));
      return false;
    }
    bit_reader& r = *opened;
    node hdr = node::object();
    auto stop = [&] {
      out_.truncated = true;
      set_error(fmt::format("header ends at bit {} inside {}", r.size(), r.truncated_in()));
      out_.fields.add("header", std::move(hdr));
      return false;
    };
    r.field("type");
    const auto type = r.read_int(6);
    if (r.truncated()) return stop();
    hdr.add("type", node::integer(static_cast<std::int64_t>(type)), type == 3 ? "GPP header" : "");
    if (type != 3) {
      out_.fields.add("header", std::move(hdr));
      fail(h.front() == 'C' ? "header type 2: this looks like a TC string (it starts with 'C'), "
                              "not a GPP string"
                            : fmt::format("header type {} is not 3 (the GPP header)", type));
      return false;
    }
    r.field("version");
    const auto version = r.read_int(6);
    if (r.truncated()) return stop();
    hdr.add("version", node::integer(static_cast<std::int64_t>(version)));
    if (version != 1)
      out_.notes.push_back(
          fmt::format("header version {}; read with the version 1 layout", version));

    r.field("section_ids");
    const auto count = r.read_int(12);
    if (r.truncated()) return stop();
    std::uint64_t last = 0;
    for (std::uint64_t i = 0; i < count; ++i) {
      const bool group = r.read_bool();
      const auto off = r.read_fibonacci();
      if (r.truncated()) return stop();
      if (off.st != iab::fibonacci::status::ok) {
        out_.fields.add("header", std::move(hdr));
        fail(fmt::format("header section_ids entry {} is a Fibonacci integer over 64 bits", i + 1));
        return false;
      }
      const std::uint64_t first = last + off.value;
      std::uint64_t end = first;
      if (group) {
        const auto len = r.read_fibonacci();
        if (r.truncated()) return stop();
        if (len.st != iab::fibonacci::status::ok) {
          out_.fields.add("header", std::move(hdr));
          fail(fmt::format("header section_ids entry {} is a Fibonacci integer over 64 bits",
                           i + 1));
          return false;
        }
        end = first + len.value;
      }
      if (end - first + 1 > max_section_ids - ids.size()) {
        out_.fields.add("header", std::move(hdr));
        fail(fmt::format("header section_ids expand to more than {} ids", max_section_ids));
        return false;
      }
      for (std::uint64_t id = first; id <= end; ++id) ids.push_back(id);
      last = end;
    }
    hdr.add("section_ids", node::int_set(std::vector<std::int64_t>(ids.begin(), ids.end())));
    out_.fields.add("header", std::move(hdr));
    return true;
  }

  node section(std::uint64_t id, std::string_view text, std::size_t offset) {
    node sec = node::object();
    sec.add("id", node::integer(static_cast<std::int64_t>(id)));
    const std::string_view name = section_name(id);
    sec.add("name", node::string(std::string(name)));
    const std::string label = fmt::format("section {} (id {})", name.empty() ? "?" : name, id);
    auto note = [&](std::string msg) { out_.notes.push_back(label + ": " + msg); };

    if (text.empty()) {
      note("empty");
      return sec;
    }
    if (id == 2) return embedded_tcf(std::move(sec), text, offset, label);
    if (id == 6) return embedded_usp(std::move(sec), text, label);
    if (id == 7 || id == 8) return us_section(std::move(sec), id, text, offset, label, false);
    if (id >= 9 && id <= 23) return us_section(std::move(sec), id, text, offset, label, true);
    if (name.empty())
      note("not a section id this version knows; not decoded");
    else if (id == 1)
      note("TCF EU v1 is deprecated; not decoded");
    else if (id == 3 || id == 4)
      note("a header or signal-integrity id in the section list; not decoded");
    else if (id >= 24)
      note(
          "not decoded by this version: its 2025 specification and the IAB GPP library (3.2.0) "
          "describe different layouts");
    else
      note("not decoded by this version");
    return sec;
  }

  node embedded_tcf(node sec, std::string_view text, std::size_t offset, const std::string& label) {
    signal tc = iab::decode_tcf_at(text, offset);
    for (auto& m : tc.fields.members) sec.members.push_back(std::move(m));
    for (auto& n : tc.notes) out_.notes.push_back(label + ": " + n);
    if (tc.truncated) out_.truncated = true;
    if (!tc.error.empty()) {
      sec.add("error", node::string(tc.error));
      if (!tc.ok) hard_ = true;
      set_error(label + ": " + tc.error);
    }
    if (tc.ok) {
      tcf_sum_ = std::move(tc.sum);
      have_tcf_ = true;
    }
    return sec;
  }

  node embedded_usp(node sec, std::string_view text, const std::string& label) {
    signal usp = decode_usp(text);
    if (usp.ok) {
      facts f;
      f.id = 6;
      f.name = "uspv1";
      f.rank = 3;
      if (const node* sale = usp.fields.find("opt_out_sale"))
        f.sale = sale->s == "Y" ? 1 : sale->s == "N" ? 2 : 0;
      usp_applies_ = !usp.sum.region.empty();
      facts_.push_back(std::move(f));
    }
    for (auto& m : usp.fields.members) sec.members.push_back(std::move(m));
    for (auto& n : usp.notes) out_.notes.push_back(label + ": " + n);
    if (!usp.ok) {
      sec.add("error", node::string(usp.error));
      fail(label + ": " + usp.error);
    }
    return sec;
  }

  node us_section(node sec, std::uint64_t id, std::string_view text, std::size_t offset,
                  const std::string& label, bool state) {
    auto note = [&](std::string msg) { out_.notes.push_back(label + ": " + msg); };
    const std::size_t dot = text.find('.');
    const std::string_view core = text.substr(0, dot);
    std::size_t bad = 0;
    auto opened = bit_reader::from_base64url(core, &bad);
    if (!opened) {
      const std::string msg = fmt::format("character {} ('{}') is not base64url", offset + bad + 1,
                                          printable(core[bad]));
      sec.add("error", node::string(msg));
      fail(label + ": " + msg);
      return sec;
    }
    bit_reader& r = *opened;

    // The layout: by the Version field, which the first 6 bits hold in every layout.
    std::vector<field_spec> state_specs;
    std::span<const field_spec> specs;
    bool gpc_defined = true;
    bool layout_from_length = false;
    {
      bit_reader peek = r;
      const auto version = peek.read_int(6);
      if (id == 7) {
        std::uint64_t layout = version;
        // The IAB library picks the usnat layout by length (v1: 60 bits, 10-11
        // characters; v2: 70 bits, 12), and real strings (OneTrust) carry Version
        // 1 with the 12-character layout. Follow the length when it fits only
        // the other layout, and say so.
        if (version == 1 && core.size() >= 12) layout = 2;
        if (version == 2 && (core.size() == 10 || core.size() == 11)) layout = 1;
        layout_from_length = layout != version;
        if (layout == 1) specs = usnat_v1;
        if (layout == 2) specs = usnat_v2;
        if (layout_from_length)
          note(
              fmt::format("Version {} but {} characters long, the length of the version {} "
                          "layout; decoded with that layout (as the IAB GPP library does), and "
                          "the fields whose position depends on it are flagged uncertain",
                          version, core.size(), layout));
      } else if (id == 8) {
        if (version == 1) specs = usca_v1;
      } else if (version == 1) {
        for (const auto& s : states) {
          if (s.id == id) {
            state_specs = state_fields(s);
            gpc_defined = s.gpc;
          }
        }
        specs = state_specs;
      }
      if (specs.empty()) {
        if (!peek.truncated())
          sec.add("version", node::integer(static_cast<std::int64_t>(version)));
        note(fmt::format("version {} is not a version this decoder knows; not decoded", version));
        return sec;
      }
    }
    if (state)
      note(
          "field layout from the IAB GPP library 3.2.0 (not in signals.md); consent-type values "
          "are left as numbers because state specifications define them differently");

    facts f;
    f.id = id;
    f.name = std::string(section_name(id));
    f.rank = id == 8 ? 0 : id == 7 ? 1 : 2;
    bool complete = true;
    for (const field_spec& spec : specs) {
      r.field(spec.name);
      const bool uncertain = layout_from_length && spec.layout_dependent;
      if (spec.type == fk::list_raw || spec.type == fk::list_consent ||
          spec.type == fk::list_opt_out) {
        auto values = iab::read_int_list(r, 2, spec.count);
        if (r.truncated()) {
          complete = false;
          break;
        }
        node list = node::array();
        for (auto v : values) list.items.push_back(node::integer(v));
        sec.add(spec.name, std::move(list), list_meaning(spec.type), uncertain);
        continue;
      }
      const auto v = r.read_int(spec.type == fk::version ? 6 : 2);
      if (r.truncated()) {
        complete = false;
        break;
      }
      sec.add(spec.name, node::integer(static_cast<std::int64_t>(v)), value_meaning(spec.type, v),
              uncertain || (v == 3 && spec.type != fk::version));
      const std::string_view n = spec.name;
      if (n == "sale_opt_out") f.sale = v;
      if (n == "sharing_opt_out") f.sharing = v;
      if (n == "targeted_advertising_opt_out") f.targeted = v;
    }
    if (!complete) {
      out_.truncated = true;
      const std::string msg =
          fmt::format("core ends at bit {} inside {}", r.size(), r.truncated_in());
      sec.add("error", node::string(msg));
      set_error(label + ": " + msg);
    } else if (!r.rest_is_zero()) {
      note(fmt::format("{} bits after the last field, some set", r.remaining()));
    }

    // Sub-sections: SubsectionType Int(2); 1 = GPC, then Gpc Bool.
    std::size_t sub_start = dot;
    for (std::size_t n = 1; sub_start != std::string_view::npos; ++n) {
      const std::size_t next = text.find('.', sub_start + 1);
      const std::string_view sub =
          text.substr(sub_start + 1, next == std::string_view::npos ? std::string_view::npos
                                                                    : next - sub_start - 1);
      const std::size_t sub_offset = offset + sub_start + 1;
      sub_start = next;
      if (n > 4) {
        note("more than four sub-sections; the rest are not decoded");
        break;
      }
      auto sr = bit_reader::from_base64url(sub, &bad);
      if (!sr) {
        const std::string msg = fmt::format("character {} ('{}') is not base64url (sub-section {})",
                                            sub_offset + bad + 1, printable(sub[bad]), n);
        fail(label + ": " + msg);
        continue;
      }
      if (sub.empty()) {
        note(fmt::format("sub-section {} is empty", n));
        continue;
      }
      sr->field("subsection_type");
      const auto type = sr->read_int(2);
      if (sr->truncated()) {
        out_.truncated = true;
        set_error(fmt::format("{}: sub-section {} ends inside subsection_type", label, n));
        continue;
      }
      if (type == 1 && gpc_defined && !f.gpc) {
        sr->field("gpc");
        const bool gpc = sr->read_bool();
        if (sr->truncated()) {
          out_.truncated = true;
          set_error(label + ": GPC sub-section ends before its Gpc bit");
          continue;
        }
        f.gpc = gpc;
        sec.add("gpc", node::boolean(gpc),
                gpc ? "GPC sub-section: Gpc set" : "GPC sub-section: Gpc not set");
      } else if (type == 1 && gpc_defined) {
        note(fmt::format("sub-section {} repeats the GPC sub-section; ignored", n));
      } else {
        note(
            fmt::format("sub-section {} has type {}, which this section does not define; not "
                        "decoded",
                        n, type));
      }
    }
    facts_.push_back(std::move(f));
    return sec;
  }

  // ---- Summary --------------------------------------------------------------------------

  // The section with the lowest rank that has the value; notes disagreement.
  template <typename T>
  const facts* pick(std::optional<T> facts::*member, std::string_view what) {
    const facts* best = nullptr;
    for (const auto& f : facts_) {
      if (!(f.*member)) continue;
      if (best == nullptr || f.rank < best->rank) best = &f;
    }
    if (best != nullptr) {
      if (best->id >= 9 && best->id <= 23)
        out_.sum.notes.push_back(fmt::format(
            "{} from the {} section, whose field layout harfact takes from the IAB GPP library "
            "3.2.0 (signals.md does not describe it)",
            what, best->name));
      for (const auto& f : facts_) {
        if ((f.*member) && *(f.*member) != *(best->*member))
          out_.sum.notes.push_back(
              fmt::format("sections disagree on {}: {} says {}, {} says {}; "
                          "{} is used",
                          what, best->name, *(best->*member), f.name, *(f.*member), best->name));
      }
    }
    return best;
  }

  void summarise() {
    summary& sum = out_.sum;
    if (const facts* s = pick(&facts::sale, "sale_opt_out")) {
      if (*s->sale == 1) sum.sale_opt_out = true;
      if (*s->sale == 2) sum.sale_opt_out = false;
      if (*s->sale == 0)
        sum.notes.push_back(s->name + " sale_opt_out 0: not applicable; sale_opt_out unknown");
      // Sale or sharing opted out denies sale_share; both "did not opt out" grants it.
      const auto share = static_cast<std::size_t>(purpose::sale_share);
      const bool sharing_known = s->sharing.has_value();
      if (*s->sale == 1 || (sharing_known && *s->sharing == 1)) {
        sum.purposes[share] = grant::denied;
      } else if (*s->sale == 2 && sharing_known && *s->sharing == 2) {
        sum.purposes[share] = grant::granted;
      }
      if (sum.purposes[share] != grant::unknown)
        sum.purpose_source[share] =
            s->name + (sharing_known ? " sale_opt_out/sharing_opt_out" : " sale_opt_out");
    }
    const auto ads = static_cast<std::size_t>(purpose::advertising);
    if (const facts* s = pick(&facts::targeted, "targeted_advertising_opt_out")) {
      if (*s->targeted == 1) sum.purposes[ads] = grant::denied;
      if (*s->targeted == 2) sum.purposes[ads] = grant::granted;
      if (sum.purposes[ads] != grant::unknown)
        sum.purpose_source[ads] = s->name + " targeted_advertising_opt_out";
    }
    if (const facts* s = pick(&facts::gpc, "gpc")) sum.gpc = s->gpc;

    // Region: the most specific section present.
    std::vector<std::string> state_codes;
    bool usnat = false;
    for (const auto& f : facts_) {
      if (f.id == 7) usnat = true;
      if (f.id >= 8 && f.id <= 23) state_codes.push_back(f.name);
    }
    auto code = [](const std::string& name) {
      std::string c = "US-" + name.substr(2);
      for (std::size_t i = 3; i < c.size(); ++i) c[i] = static_cast<char>(c[i] - 'a' + 'A');
      return c;
    };
    if (std::find(state_codes.begin(), state_codes.end(), "usca") != state_codes.end()) {
      sum.region = "US-CA";
    } else if (state_codes.size() == 1) {
      sum.region = code(state_codes.front());
    } else if (!state_codes.empty() || usnat) {
      sum.region = "US";
      if (usnat && state_codes.empty())
        sum.notes.push_back(
            "region US from the usnat section: the national section is not proof the visitor "
            "was in California");
    }
    if (sum.region.empty() && usp_applies_) {
      sum.region = "US";
      sum.notes.push_back(
          "region US from the uspv1 section's claim that CCPA applies; CMPs often send it to every "
          "US visitor, so it is not proof the visitor was in California");
    }
    if (state_codes.size() > 1)
      sum.notes.push_back(
          fmt::format("state sections for several states: {}", fmt::join(state_codes, ", ")));

    if (have_tcf_) {
      for (std::size_t p = 0; p < purpose_count; ++p) {
        if (sum.purposes[p] == grant::unknown && tcf_sum_.purposes[p] != grant::unknown) {
          sum.purposes[p] = tcf_sum_.purposes[p];
          sum.purpose_source[p] = "tcfeuv2 " + tcf_sum_.purpose_source[p];
        }
      }
      for (auto& n : tcf_sum_.notes) sum.notes.push_back("tcfeuv2: " + n);
    }
  }

  signal& out_;
  std::size_t extra_parts_ = 0;
  bool hard_ = false;
  std::vector<facts> facts_;
  summary tcf_sum_;
  bool have_tcf_ = false;
  bool usp_applies_ = false;
};

}  // namespace

signal decode_gpp(std::string_view gpp_string) {
  signal s;
  s.kind = "gpp";
  s.input = iab::clean_input(gpp_string);
  if (s.input.empty()) {
    s.error = "empty GPP string";
    return s;
  }
  gpp_decoder d(s);
  d.run(s.input);
  s.ok = !d.hard_failure();
  return s;
}

}  // namespace harfact::consent
