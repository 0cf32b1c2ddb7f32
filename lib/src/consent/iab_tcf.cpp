// IAB TCF v2.x TC string decoder (signals.md B.12, D.2).
//
// Field names are the specification's in snake_case; the core segment's fields
// sit directly in `signal::fields`, the optional segments beside them
// (`disclosed_vendors`, `allowed_vendors`, `publisher_tc`).
//
// Letter codes: the format stores letters without case (a=0 .. z=25). harfact
// writes `consent_language` in lowercase, as ISO 639-1 language codes are
// written ("en"), and `publisher_cc` in uppercase, as ISO 3166-1 country codes
// are written ("DE"). The IAB JavaScript library reports both in uppercase;
// compare case-insensitively.
//
// A string that ends early keeps every field read in full, sets `truncated`, and
// says in `error` where the data ended; `ok` stays true. A string that cannot be
// a TC string (bad character, wrong version, a range that ends before it starts)
// sets `ok` false.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "consent/iab_bits.hpp"
#include "harfact/consent/signal.hpp"
#include "harfact/har/timestamp.hpp"

namespace harfact::consent {
namespace iab {
namespace {

// Range entries expand to ids. A few kilobytes can ask for 4095 restrictions of
// 4095 ranges of 65535 ids each; real strings stay far below this bound.
constexpr std::size_t max_expanded_ids = std::size_t{1} << 20;
// Real strings have at most four segments; the rest of a longer string is counted.
constexpr std::size_t max_segments = 8;

std::string deciseconds_rfc3339(std::uint64_t ds) {
  std::string t = har::format_rfc3339_utc(static_cast<std::int64_t>(ds) * 100'000);
  // Keep one fractional digit: the field has decisecond precision, no more.
  if (const auto dot = t.rfind('.'); dot != std::string::npos) t = t.substr(0, dot + 2) + "Z";
  return t;
}

std::string_view restriction_meaning(std::uint64_t type) {
  switch (type) {
    case 0: return "purpose flatly not allowed by publisher";
    case 1: return "require consent";
    case 2: return "require legitimate interest";
    default: return "undefined (not used by the specification)";
  }
}

std::string join_ids(const std::vector<std::int64_t>& ids) {
  return fmt::format("{}", fmt::join(ids, ","));
}

class tcf_decoder {
 public:
  tcf_decoder(signal& out, std::size_t offset) : out_(out), offset_(offset) {}

  void run(std::string_view text) {
    std::size_t seg_start = 0;
    std::size_t index = 0;
    std::size_t skipped = 0;
    while (true) {
      const std::size_t dot = text.find('.', seg_start);
      const std::string_view seg = text.substr(
          seg_start, dot == std::string_view::npos ? std::string_view::npos : dot - seg_start);
      if (index == 0) {
        // A core cut short still lets later segments be read; a broken one does not.
        if (!core(seg, seg_start) && hard_) return;
      } else if (index < max_segments) {
        segment(seg, seg_start, index);
      } else {
        ++skipped;
      }
      if (dot == std::string_view::npos) break;
      seg_start = dot + 1;
      ++index;
    }
    if (skipped > 0)
      out_.notes.push_back(
          fmt::format("{} further segments after segment {} not decoded", skipped, max_segments));
  }

  bool hard_failure() const { return hard_; }

 private:
  // A failure that makes the string unusable (sets ok=false).
  void fail(std::string msg) {
    hard_ = true;
    if (out_.error.empty()) out_.error = std::move(msg);
  }

  // After a read: reports where the data ended and tells the caller to stop.
  bool ended(const bit_reader& r, std::string_view segment) {
    if (!r.truncated()) return false;
    out_.truncated = true;
    if (out_.error.empty())
      out_.error = fmt::format("{} ends at bit {} inside {}", segment, r.size(), r.truncated_in());
    return true;
  }

  std::optional<bit_reader> open(std::string_view seg, std::size_t seg_start,
                                 std::string_view what) {
    std::size_t bad = 0;
    auto r = bit_reader::from_base64url(seg, &bad);
    if (!r) {
      const bool gpp = seg_start == 0 && seg.front() == 'D' && seg[bad] == '~';
      fail(fmt::format("character {} ('{}') is not base64url ({}){}", offset_ + seg_start + bad + 1,
                       printable(seg[bad]), what,
                       gpp ? ": this looks like a GPP string (it starts with 'D' and has '~'), "
                             "not a TC string"
                           : ""));
    }
    return r;
  }

  bool core(std::string_view seg, std::size_t seg_start) {
    if (seg.empty()) {
      fail("empty core segment");
      return false;
    }
    auto opened = open(seg, seg_start, "core segment");
    if (!opened) return false;
    bit_reader& r = *opened;
    node& f = out_.fields;

    r.field("version");
    const auto version = r.read_int(6);
    if (ended(r, "core segment")) return false;
    f.add("version", node::integer(static_cast<std::int64_t>(version)));
    if (version == 1) {
      fail("TCF v1 string, not decoded (version 1; TCF v1 was retired in 2020)");
      return false;
    }
    if (version != 2) {
      if (version == 3 && seg.front() == 'D')
        fail("version 3: this looks like a GPP string (it starts with 'D'), not a TC string");
      else
        fail(fmt::format("TC string version {} is not 2; not decoded", version));
      return false;
    }

    auto integer = [&](const char* name, unsigned bits) -> std::optional<std::uint64_t> {
      r.field(name);
      const auto v = r.read_int(bits);
      if (ended(r, "core segment")) return std::nullopt;
      return v;
    };
    auto add_int = [&](const char* name, unsigned bits, bool time = false) {
      const auto v = integer(name, bits);
      if (!v) return false;
      f.add(name, node::integer(static_cast<std::int64_t>(*v)),
            time ? deciseconds_rfc3339(*v) : std::string());
      return true;
    };
    auto add_bool = [&](const char* name, std::string_view if_true = {},
                        std::string_view if_false = {}) -> std::optional<bool> {
      const auto v = integer(name, 1);
      if (!v) return std::nullopt;
      f.add(name, node::boolean(*v == 1), std::string(*v == 1 ? if_true : if_false));
      return *v == 1;
    };
    auto add_letters = [&](const char* name, char base) {
      r.field(name);
      const auto a = r.read_int(6);
      const auto b = r.read_int(6);
      if (ended(r, "core segment")) return false;
      bool bad = false;
      std::string code;
      for (auto v : {a, b}) {
        if (v > 25) bad = true;
        code += v > 25 ? '?' : static_cast<char>(base + static_cast<char>(v));
      }
      if (bad) {
        f.add(name, node::string(code), "a letter value is above 25 (z)", true);
        out_.notes.push_back(fmt::format("{} holds a value that is not a letter", name));
      } else {
        f.add(name, node::string(code));
      }
      return true;
    };
    auto add_bits = [&](const char* name, std::size_t n) {
      r.field(name);
      auto ids = read_bitfield_ids(r, n);
      if (ended(r, "core segment")) return false;
      f.add(name, node::int_set(std::move(ids)));
      return true;
    };

    if (!add_int("created", 36, true) || !add_int("last_updated", 36, true) ||
        !add_int("cmp_id", 12) || !add_int("cmp_version", 12) || !add_int("consent_screen", 6) ||
        !add_letters("consent_language", 'a') || !add_int("vendor_list_version", 12))
      return false;
    const auto policy = integer("tcf_policy_version", 6);
    if (!policy) return false;
    f.add("tcf_policy_version", node::integer(static_cast<std::int64_t>(*policy)));
    if (*policy < 4)
      out_.notes.push_back(fmt::format(
          "tcf_policy_version {} predates TCF v2.2 (policy 4, required from 30 Sep 2023)",
          *policy));
    const auto service_specific = add_bool("is_service_specific", "service-specific", "global");
    if (!service_specific) return false;
    if (!*service_specific)
      out_.notes.push_back("is_service_specific is 0 (a global-scope string; TCF v2.2 requires 1)");
    if (!add_bool("use_non_standard_texts") || !add_bits("special_feature_optins", 12) ||
        !add_bits("purposes_consent", 24) || !add_bits("purposes_li_transparency", 24))
      return false;
    for (auto id : f.find("purposes_li_transparency")->ints) {
      if (id >= 3 && id <= 6) {
        out_.notes.push_back(
            "purposes_li_transparency sets a bit for purposes 3-6, which TCF v2.2 forbids");
        break;
      }
    }
    if (!add_bool("purpose_one_treatment", "purpose 1 was not disclosed",
                  "purpose 1 disclosed as consent") ||
        !add_letters("publisher_cc", 'A'))
      return false;
    if (!vendor_section(r, f, "vendor_consents", "core segment") ||
        !vendor_section(r, f, "vendor_legitimate_interests", "core segment") || !restrictions(r, f))
      return false;
    if (!r.rest_is_zero())
      out_.notes.push_back(fmt::format(
          "core segment has {} bits after publisher_restrictions and some are set", r.remaining()));
    return true;
  }

  // NumEntries then range entries, into `ids`. False when the data ended or
  // the list is invalid (the caller stops).
  bool range_list(bit_reader& r, const char* name, std::string_view segment, id_set& ids,
                  std::size_t& entries, std::uint64_t& highest) {
    r.field(name);
    entries = r.read_int(12);
    if (ended(r, segment)) return false;
    bool zero = false;
    for (std::size_t i = 0; i < entries; ++i) {
      const bool is_range = r.read_bool();
      const auto first = r.read_int(16);
      const auto last = is_range ? r.read_int(16) : first;
      if (ended(r, segment)) return false;
      if (last < first) {
        fail(fmt::format("{} range entry {} ends at vendor {} before it starts at {}", name, i + 1,
                         last, first));
        return false;
      }
      const std::size_t count = last - first + 1;
      if (count > budget_) {
        fail(fmt::format("{} expands to more than {} vendor ids in total; not decoded further",
                         name, max_expanded_ids));
        return false;
      }
      budget_ -= count;
      if (first == 0) zero = true;
      if (last == 0) continue;
      ids.add_range(static_cast<std::uint32_t>(std::max<std::uint64_t>(first, 1)),
                    static_cast<std::uint32_t>(last));
      highest = std::max(highest, last);
    }
    if (zero) out_.notes.push_back(fmt::format("{} lists vendor id 0, which is not an id", name));
    return true;
  }

  // MaxVendorId, IsRangeEncoding, then a bitfield or a range list.
  bool vendor_section(bit_reader& r, node& parent, const char* name, std::string_view segment) {
    r.field(name);
    const auto max_id = r.read_int(16);
    const bool is_range = r.read_bool();
    if (ended(r, segment)) return false;
    if (!is_range) {
      auto ids = read_bitfield_ids(r, max_id);
      if (ended(r, segment)) return false;
      parent.add(name, node::int_set(std::move(ids)),
                 fmt::format("bitfield, MaxVendorId {}", max_id));
      return true;
    }
    id_set set;
    std::size_t entries = 0;
    std::uint64_t highest = 0;
    if (!range_list(r, name, segment, set, entries, highest)) return false;
    const bool beyond = highest > max_id;
    parent.add(name, node::int_set(set.ids()),
               fmt::format("range encoding, {} entries, MaxVendorId {}", entries, max_id), beyond);
    if (beyond)
      out_.notes.push_back(
          fmt::format("{} lists vendor {} above its MaxVendorId {}", name, highest, max_id));
    return true;
  }

  bool restrictions(bit_reader& r, node& f) {
    r.field("publisher_restrictions");
    const auto count = r.read_int(12);
    if (ended(r, "core segment")) return false;
    node list = node::array();
    bool ok = true;
    for (std::size_t i = 0; i < count && ok; ++i) {
      r.field("publisher_restrictions");
      const auto purpose_id = r.read_int(6);
      const auto type = r.read_int(2);
      if (ended(r, "core segment")) {
        ok = false;
        break;
      }
      id_set set;
      std::size_t entries = 0;
      std::uint64_t highest = 0;
      if (!range_list(r, "publisher_restrictions", "core segment", set, entries, highest)) {
        ok = false;
        break;
      }
      node entry = node::object();
      entry.add("purpose_id", node::integer(static_cast<std::int64_t>(purpose_id)));
      entry.add("restriction_type", node::integer(static_cast<std::int64_t>(type)),
                std::string(restriction_meaning(type)), type == 3);
      entry.add("vendors", node::int_set(set.ids()));
      list.items.push_back(std::move(entry));
    }
    // Restrictions read in full are kept even when a later one is cut off.
    f.add("publisher_restrictions", std::move(list),
          ok ? std::string() : "incomplete: the string ends inside this list", !ok);
    return ok;
  }

  void segment(std::string_view seg, std::size_t seg_start, std::size_t index) {
    if (seg.empty()) {
      out_.notes.push_back(fmt::format("segment {} is empty", index + 1));
      return;
    }
    const std::string label = fmt::format("segment {}", index + 1);
    auto opened = open(seg, seg_start, label);
    if (!opened) return;
    bit_reader& r = *opened;
    r.field("segment_type");
    const auto type = r.read_int(3);
    if (ended(r, label)) return;
    const char* name = type == 1   ? "disclosed_vendors"
                       : type == 2 ? "allowed_vendors"
                       : type == 3 ? "publisher_tc"
                                   : nullptr;
    if (name == nullptr) {
      out_.notes.push_back(fmt::format(
          "segment {} has segment type {}, which this version does not know; not decoded",
          index + 1, type));
      return;
    }
    if (out_.fields.find(name) != nullptr) {
      out_.notes.push_back(
          fmt::format("segment {} repeats {}; only the first is decoded", index + 1, name));
      return;
    }
    if (type == 2)
      out_.notes.push_back(
          "allowed_vendors: the out-of-band AllowedVendors segment of TCF v2.0/v2.1, dropped in "
          "later versions of the specification");
    if (type == 1 || type == 2) {
      vendor_section(r, out_.fields, name, fmt::format("{} segment", name));
      return;
    }
    publisher_tc(r);
  }

  void publisher_tc(bit_reader& r) {
    node p = node::object();
    auto bits = [&](const char* name, std::size_t n) {
      r.field(name);
      auto ids = read_bitfield_ids(r, n);
      if (ended(r, "publisher_tc segment")) return false;
      p.add(name, node::int_set(std::move(ids)));
      return true;
    };
    [&] {
      if (!bits("pub_purposes_consent", 24) || !bits("pub_purposes_li_transparency", 24)) return;
      r.field("num_custom_purposes");
      const auto n = r.read_int(6);
      if (ended(r, "publisher_tc segment")) return;
      p.add("num_custom_purposes", node::integer(static_cast<std::int64_t>(n)));
      if (!bits("custom_purposes_consent", n)) return;
      bits("custom_purposes_li_transparency", n);
    }();
    out_.fields.add("publisher_tc", std::move(p));
  }

  signal& out_;
  std::size_t offset_;
  std::size_t budget_ = max_expanded_ids;
  bool hard_ = false;
};

// Consent over a group of TCF purposes: granted when every purpose in the group
// has consent, denied when none has, unknown (with a note) when only some have.
void map_group(const node& fields, summary& sum, purpose p, std::vector<std::int64_t> group,
               std::string_view label) {
  const node* consent = fields.find("purposes_consent");
  if (consent == nullptr) return;
  std::vector<std::int64_t> given;
  for (auto id : group)
    if (std::binary_search(consent->ints.begin(), consent->ints.end(), id)) given.push_back(id);
  const auto idx = static_cast<std::size_t>(p);
  if (given.size() == group.size() || given.empty()) {
    sum.purposes[idx] = given.empty() ? grant::denied : grant::granted;
    sum.purpose_source[idx] = fmt::format("tcf purposes_consent {}", join_ids(group));
  } else {
    sum.purposes[idx] = grant::unknown;
    sum.notes.push_back(fmt::format("{}: consent for TCF purposes {} of {}; left unknown", label,
                                    join_ids(given), join_ids(group)));
  }
  if (const node* li = fields.find("purposes_li_transparency")) {
    std::vector<std::int64_t> li_only;
    for (auto id : group)
      if (std::binary_search(li->ints.begin(), li->ints.end(), id) &&
          !std::binary_search(given.begin(), given.end(), id))
        li_only.push_back(id);
    if (!li_only.empty())
      sum.notes.push_back(
          fmt::format("{}: legitimate interest (not consent) established for TCF purposes {}",
                      label, join_ids(li_only)));
  }
}

}  // namespace

void summarise_tcf(const node& fields, summary& sum) {
  // harfact's documented default; the TCF has no notion of these categories.
  map_group(fields, sum, purpose::advertising, {2, 3, 4, 7}, "advertising");
  map_group(fields, sum, purpose::analytics, {8, 9}, "analytics");
  if (fields.find("purposes_consent") != nullptr)
    sum.notes.push_back(
        "purposes mapped by harfact's documented default: advertising = TCF purposes 2,3,4,7; "
        "analytics = 8,9; purpose 1 (store and/or access information on a device) and the "
        "others are not mapped; legitimate interest is not counted as consent");
  if (fields.find("last_updated") != nullptr)
    sum.notes.push_back("last_updated is not used as the choice time (day-level since TCF v2.2)");
}

signal decode_tcf_at(std::string_view tc_string, std::size_t offset) {
  signal s;
  s.kind = "tcf";
  s.input = std::string(tc_string);
  if (tc_string.empty()) {
    s.error = "empty TC string";
    return s;
  }
  tcf_decoder d(s, offset);
  d.run(tc_string);
  s.ok = !d.hard_failure();
  if (s.ok) summarise_tcf(s.fields, s.sum);
  return s;
}

}  // namespace iab

signal decode_tcf(std::string_view tc_string) {
  const std::string clean = iab::clean_input(tc_string);
  return iab::decode_tcf_at(clean, 0);
}

}  // namespace harfact::consent
