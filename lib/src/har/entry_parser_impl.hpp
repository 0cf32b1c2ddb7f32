// Internal: the entry parser's state and helpers, shared by entry_parser.cpp
// (the entry object and the checks), entry_fields.cpp (HAR 1.2 parts) and
// entry_extensions.cpp (the exporters' own fields).
#pragma once

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

#include "har/entry_parser.hpp"
#include "har/scan.hpp"
#include "harfact/net/url.hpp"

namespace harfact::har::detail {

namespace od = simdjson::ondemand;

// A step of the JSON pointer from the entry to the value being read. Pointers
// are only built when a diagnostic needs one.
struct path_node {
  const path_node* parent = nullptr;
  std::string_view key;
  std::int64_t index = -1;
};

inline void append_pointer(std::string& out, const path_node* n) {
  if (n == nullptr) return;
  append_pointer(out, n->parent);
  if (n->index >= 0) {
    out += '/';
    out += std::to_string(n->index);
    return;
  }
  if (n->key.empty() && n->parent == nullptr) return;  // the entry itself
  append_pointer_token(out, n->key);
}

inline std::string_view type_word(od::json_type t) {
  switch (t) {
    case od::json_type::array: return "an array";
    case od::json_type::object: return "an object";
    case od::json_type::number: return "a number";
    case od::json_type::string: return "a string";
    case od::json_type::boolean: return "a boolean";
    case od::json_type::null: return "null";
  }
  return "a value";
}

// Index of `key` in `names`, or -1.
template <std::size_t N>
int key_index(std::string_view key, const std::array<std::string_view, N>& names) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == key) return static_cast<int>(i);
  }
  return -1;
}

enum class got : std::uint8_t { ok, wrong, fatal };

struct entry_parser::impl {
  impl(std::string_view t, std::size_t p, const reader_options& o, diagnostics& d)
      : whole(t), padded(p), options(o), diags(d) {}

  std::string_view whole;
  std::size_t padded;
  const reader_options& options;
  diagnostics& diags;
  od::parser parser;
  std::string scratch;
  std::vector<std::string> page_ids;  // sorted

  // Per-entry state.
  const char* base = nullptr;
  std::size_t base_len = 0;
  std::uint64_t base_offset = 0;
  entry* e = nullptr;
  bool failed = false;
  bool may_escape = true;  // false when the first pass saw no backslash in the entry
  const path_node* cached_parent_node = nullptr;
  const char* cached_key = nullptr;
  const char* cached_parent_key = nullptr;
  std::int64_t cached_index = -1;
  std::string_view cached_parent;

  std::uint64_t offset_of(const char* p) const {
    return base_offset + static_cast<std::uint64_t>(p - base);
  }
  std::size_t pos_of(const char* p) const { return static_cast<std::size_t>(p - base); }

  std::string pointer(const path_node* n) const {
    std::string out = fmt::format("/log/entries/{}", e->index);
    append_pointer(out, n);
    return out;
  }

  void note(diag code, severity level, std::string message, const path_node* at,
            std::uint64_t offset) {
    diags.add(diagnostic{code, level, std::move(message), static_cast<std::int64_t>(e->index),
                         pointer(at), offset});
  }

  bool fail(simdjson::error_code ec, const path_node* at) {
    if (!failed) {
      failed = true;
      // The strict checker says exactly where the entry stops being JSON.
      const auto check = check_json(std::string_view(base, base_len), options.max_depth);
      const std::uint64_t where = check.ok ? base_offset : base_offset + check.offset;
      const std::string why = check.ok ? std::string(simdjson::error_message(ec)) : check.message;
      note(diag::invalid_entry, severity::error,
           fmt::format("entry {} is not valid JSON ({}); it was skipped", e->index, why), at,
           where);
    }
    return false;
  }

  void wrong_type(const path_node* at, od::json_type found, std::string_view expected,
                  od::value& v) {
    note(diag::wrong_type, severity::warning,
         fmt::format("{} is {}, expected {}", pointer(at), type_word(found), expected), at,
         offset_of(v.raw_json_token().data()));
  }

  // ---- member names ---------------------------------------------------------

  // The member name of `f`, whose value starts at `value`: the closing quote is
  // found backwards from the value (past ':' and whitespace), so names cost
  // nothing to delimit.
  bool key_of(od::field& f, const char* value, std::string_view& key) {
    const char* k = f.key().raw();
    const char* q = value - 1;
    while (q > k && is_json_ws(*q)) --q;
    if (q > k && *q == ':') --q;
    while (q > k && is_json_ws(*q)) --q;
    if (q < k || *q != '"') return fail(simdjson::STRING_ERROR, nullptr);
    key = std::string_view(k, static_cast<std::size_t>(q - k));
    if (may_escape && std::memchr(k, '\\', key.size()) != nullptr) {
      std::string decoded;
      unescape_json(key, decoded);
      key = e->keep(std::move(decoded));
    }
    return true;
  }

  // Calls fn(key, value, node) for each member. Returns false on a fatal error.
  template <class Fn>
  bool each_member(od::object obj, const path_node* at, Fn&& fn) {
    for (auto member : obj) {
      od::field f;
      if (auto ec = std::move(member).get(f)) return fail(ec, at);
      od::value v = f.value();
      std::string_view key;
      if (!key_of(f, v.raw_json_token().data(), key)) return false;
      path_node node{at, key, -1};
      if (!fn(key, v, node)) return false;
    }
    return true;
  }

  template <class Fn>
  bool each_element(od::array arr, const path_node* at, Fn&& fn) {
    std::int64_t i = 0;
    for (auto element : arr) {
      od::value v;
      if (auto ec = std::move(element).get(v)) return fail(ec, at);
      path_node node{at, {}, i++};
      if (!fn(v, node)) return false;
    }
    return true;
  }

  // Records a duplicate member; returns true the first time a bit is seen.
  void mark(std::uint64_t& seen, int index, const path_node& node, od::value& v) {
    const std::uint64_t bit = std::uint64_t{1} << index;
    if ((seen & bit) != 0) {
      note(diag::duplicate_key, severity::error,
           fmt::format("{} appears twice in one object; the last value is used", pointer(&node)),
           &node, offset_of(v.raw_json_token().data()));
    }
    seen |= bit;
  }

  template <std::size_t N>
  void require(std::uint64_t seen, const std::array<std::string_view, N>& names,
               std::size_t required_count, const path_node* at, std::uint64_t offset) {
    for (std::size_t i = 0; i < required_count; ++i) {
      if ((seen & (std::uint64_t{1} << i)) == 0) {
        path_node node{at, names[i], -1};
        note(diag::missing_field, severity::warning,
             fmt::format("{} is missing (required by HAR 1.2)", pointer(&node)), &node, offset);
      }
    }
  }

  // Reads an object's members: those named in `names` go to on_known(index,
  // value, node); any other is kept as an extra; a repeated name and a missing
  // one among the first `required` names are noted (`offset` locates the object).
  template <std::size_t N, class Fn>
  bool known_members(od::object obj, const path_node& at,
                     const std::array<std::string_view, N>& names, std::size_t required,
                     std::uint64_t offset, Fn&& on_known) {
    std::uint64_t seen = 0;
    if (!each_member(obj, &at, [&](std::string_view key, od::value& mv, const path_node& mn) {
          const int k = key_index(key, names);
          if (k < 0) return extra(mv, mn);
          mark(seen, k, mn, mv);
          return on_known(k, mv, mn);
        })) {
      return false;
    }
    require(seen, names, required, &at, offset);
    return true;
  }

  // ---- scalars ----------------------------------------------------------------

  got type_of(od::value& v, od::json_type& t, const path_node* at) {
    if (auto ec = v.type().get(t)) return fail(ec, at), got::fatal;
    return got::ok;
  }

  bool read_text(od::value& v, text& out, const path_node& at) {
    od::json_type t;
    if (type_of(v, t, &at) == got::fatal) return false;
    out = {};
    if (t == od::json_type::null) {
      out.flags = text::k_null;
      out.offset = offset_of(v.raw_json_token().data());
      return true;
    }
    if (t != od::json_type::string) {
      wrong_type(&at, t, "a string", v);
      return true;
    }
    // The token runs from the opening quote to the next structural character:
    // trim whitespace and the closing quote, no scan of the contents.
    const std::string_view token = v.raw_json_token();
    std::size_t end = token.size();
    while (end > 0 && is_json_ws(token[end - 1])) --end;
    if (end < 2 || token[end - 1] != '"') return fail(simdjson::STRING_ERROR, &at);
    const std::size_t quote = pos_of(token.data());
    out.raw = token.substr(1, end - 2);
    const bool escaped = may_escape && std::memchr(out.raw.data(), '\\', out.raw.size()) != nullptr;
    out.offset = base_offset + quote;
    out.flags = text::k_present;
    if (escaped) {
      out.flags |= text::k_escaped;
      const std::size_t bad = find_bad_escape(out.raw);
      if (bad != npos) {
        note(diag::invalid_escape, severity::error,
             fmt::format("{} has a malformed escape sequence", pointer(&at)), &at,
             out.offset + 1 + bad);
      }
    }
    return true;
  }

  // Reads a number as double; ints stay exact up to 2^53.
  bool read_number(od::value& v, std::optional<double>& out, bool& is_integer,
                   const path_node& at) {
    od::json_type t;
    if (type_of(v, t, &at) == got::fatal) return false;
    out.reset();
    if (t == od::json_type::null) return true;
    if (t != od::json_type::number) {
      wrong_type(&at, t, "a number", v);
      return true;
    }
    od::number n;
    if (auto ec = v.get_number().get(n)) {
      (void)ec;
      note(diag::invalid_number, severity::error,
           fmt::format("{} is not a representable number", pointer(&at)), &at,
           offset_of(v.raw_json_token().data()));
      return true;
    }
    switch (n.get_number_type()) {
      case od::number_type::signed_integer:
        out = static_cast<double>(n.get_int64());
        is_integer = true;
        break;
      case od::number_type::unsigned_integer:
        out = static_cast<double>(n.get_uint64());
        is_integer = true;
        break;
      case od::number_type::floating_point_number:
        out = n.get_double();
        is_integer = false;
        break;
    }
    return true;
  }

  bool read_int(od::value& v, std::optional<std::int64_t>& out, const path_node& at) {
    std::optional<double> d;
    bool is_integer = false;
    const char* p = v.raw_json_token().data();
    if (!read_number(v, d, is_integer, at)) return false;
    out.reset();
    if (!d) return true;
    if (std::trunc(*d) != *d || std::fabs(*d) > 9.0e15) {
      note(diag::wrong_type, severity::warning,
           fmt::format("{} is {}, expected an integer", pointer(&at), *d), &at, offset_of(p));
      return true;
    }
    out = static_cast<std::int64_t>(*d);
    return true;
  }

  bool read_double(od::value& v, std::optional<double>& out, const path_node& at) {
    bool is_integer = false;
    return read_number(v, out, is_integer, at);
  }

  bool read_bool(od::value& v, std::optional<bool>& out, const path_node& at) {
    od::json_type t;
    if (type_of(v, t, &at) == got::fatal) return false;
    out.reset();
    if (t == od::json_type::null) return true;
    if (t != od::json_type::boolean) {
      wrong_type(&at, t, "a boolean", v);
      return true;
    }
    bool b = false;
    if (auto ec = v.get_bool().get(b)) return fail(ec, &at);
    out = b;
    return true;
  }

  // A timing in ms: -1 means "not applicable"; other negatives and absurd
  // values are flagged.
  bool read_timing(od::value& v, std::optional<double>& out, const path_node& at) {
    const char* p = v.raw_json_token().data();
    if (!read_double(v, out, at)) return false;
    if (out) check_timing(*out, at, offset_of(p));
    return true;
  }

  void check_timing(double ms, const path_node& at, std::uint64_t offset) {
    if (ms < 0 && ms != -1) {
      note(diag::negative_timing, severity::warning,
           fmt::format("{} is {} ms (HAR allows -1 for 'does not apply', nothing else below 0)",
                       pointer(&at), ms),
           &at, offset);
    } else if (ms > options.absurd_timing_ms) {
      note(diag::absurd_value, severity::warning,
           fmt::format("{} is {} ms, beyond any plausible value", pointer(&at), ms), &at, offset);
    }
  }

  // Objects and arrays: got::wrong when the value has another type (noted).
  got get_object(od::value& v, od::object& out, const path_node& at) {
    od::json_type t;
    if (type_of(v, t, &at) == got::fatal) return got::fatal;
    if (t != od::json_type::object) {
      if (t != od::json_type::null) wrong_type(&at, t, "an object", v);
      return got::wrong;
    }
    if (auto ec = v.get_object().get(out)) return fail(ec, &at), got::fatal;
    return got::ok;
  }

  got get_array(od::value& v, od::array& out, const path_node& at) {
    od::json_type t;
    if (type_of(v, t, &at) == got::fatal) return got::fatal;
    if (t != od::json_type::array) {
      if (t != od::json_type::null) wrong_type(&at, t, "an array", v);
      return got::wrong;
    }
    if (auto ec = v.get_array().get(out)) return fail(ec, &at), got::fatal;
    return got::ok;
  }

  // A member harfact does not model: kept raw, validated strictly (the
  // On-Demand parser would skip it without looking).
  bool extra(od::value& v, const path_node& at) {
    const std::string_view token = v.raw_json_token();
    const char* p = token.data();
    std::string_view raw;
    if (token.front() == '{' || token.front() == '[') {
      const std::size_t begin = pos_of(p);
      scan_failure f;
      const std::size_t end = scanner(base, base_len).skip_value(begin, f);
      if (end == npos) return fail(simdjson::TAPE_ERROR, &at);
      raw = std::string_view(p, end - begin);
      const auto check = check_json(raw, options.max_depth);
      if (!check.ok) {
        failed = true;
        note(diag::invalid_entry, severity::error,
             fmt::format("entry {} is not valid JSON at {} ({}); it was skipped", e->index,
                         pointer(&at), check.message),
             &at, offset_of(p) + check.offset);
        return false;
      }
    } else {
      // A scalar: its token is exact once trailing whitespace is trimmed.
      std::size_t end = token.size();
      while (end > 0 && is_json_ws(token[end - 1])) --end;
      raw = token.substr(0, end);
      if (raw.front() == '"') {
        if (may_escape && std::memchr(raw.data(), '\\', raw.size()) != nullptr &&
            find_bad_escape(raw.substr(1, raw.size() - 2)) != npos) {
          note(diag::invalid_escape, severity::error,
               fmt::format("{} has a malformed escape sequence", pointer(&at)), &at, offset_of(p));
        }
      } else if (!valid_scalar(raw)) {
        failed = true;
        note(diag::invalid_entry, severity::error,
             fmt::format("entry {} is not valid JSON at {} (invalid literal or number); it was "
                         "skipped",
                         e->index, pointer(&at)),
             &at, offset_of(p));
        return false;
      }
    }
    e->extras.push_back(extra_field{parent_pointer(at.parent), at.key, raw, offset_of(p)});
    return true;
  }

  static bool valid_scalar(std::string_view raw) {
    if (raw == "true" || raw == "false" || raw == "null") return true;
    return check_json(raw, 1).ok;
  }

  // The JSON pointer of an object, relative to the entry, built once per
  // object however many unknown members it has.
  std::string_view parent_pointer(const path_node* n) {
    if (n == nullptr || (n->parent == nullptr && n->key.empty() && n->index < 0)) return {};
    // Nodes live on the stack and their addresses are reused, so the cache is
    // keyed by what they point at too: a member name's bytes are unique within
    // the entry, and an array element is told apart by its parent's name.
    const bool hit = n == cached_parent_node && n->key.data() == cached_key &&
                     n->index == cached_index &&
                     (n->parent == nullptr || n->parent->key.data() == cached_parent_key);
    if (!hit) {
      std::string built;
      append_pointer(built, n);
      cached_parent = e->keep(std::move(built));
      cached_parent_node = n;
      cached_key = n->key.data();
      cached_index = n->index;
      cached_parent_key = n->parent == nullptr ? nullptr : n->parent->key.data();
    }
    return cached_parent;
  }

  bool raw_span(od::value& v, std::string_view& out) {
    const char* p = v.raw_json_token().data();
    scan_failure f;
    const std::size_t end = scanner(base, base_len).skip_value(pos_of(p), f);
    if (end == npos) return fail(simdjson::TAPE_ERROR, nullptr);
    out = std::string_view(p, end - pos_of(p));
    return true;
  }

  // ---- composite parts ------------------------------------------------------

  bool name_values(od::value& v, std::vector<name_value>& out, const path_node& at);

  bool cookies(od::value& v, std::vector<cookie>& out, const path_node& at);

  bool post(od::value& v, post_data& out, const path_node& at);

  bool params(od::value& v, std::vector<post_param>& out, const path_node& at);

  bool request(od::value& v, har::request& r, const path_node& at);

  bool content(od::value& v, har::content& c, const path_node& at);

  bool response(od::value& v, har::response& r, const path_node& at);

  bool cache_item(od::value& v, har::cache_item& c, const path_node& at);

  bool cache(od::value& v, har::cache& c, const path_node& at);

  bool timings(od::value& v, har::timings& t, const path_node& at);

  // Chrome's initiator stack: {description?, callFrames[], parent?, parentId?}.
  // Flattened into entry.stacks / entry.call_frames; returns the stack index.
  bool stack(od::value& v, std::int32_t& index, const path_node& at, int depth);

  bool frames(od::value& v, std::size_t stack_index, const path_node& at);

  bool initiator(od::value& v, har::initiator& in, const path_node& at);

  bool websocket(od::value& v, const path_node& at);

  bool security(od::value& v, security_details& s, const path_node& at);

  void check_started(const path_node& at);

  // request.url must be an absolute URL; anything else is noted (the entry is
  // still read: what the exporter wrote is evidence either way).
  void check_url(const path_node& at);
  void check_nul(const path_node& request_node);

  void check_pageref(const path_node& at);

  bool entry_object(od::object obj);

  bool parse(const span& s, std::uint64_t index, entry& out);
};

}  // namespace harfact::har::detail
