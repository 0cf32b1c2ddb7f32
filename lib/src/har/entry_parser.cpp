#include "har/entry_parser.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

#include "har/scan.hpp"
#include "harfact/net/url.hpp"

namespace harfact::har::detail {

namespace od = simdjson::ondemand;

namespace {

// A step of the JSON pointer from the entry to the value being read. Pointers
// are only built when a diagnostic needs one.
struct path_node {
  const path_node* parent = nullptr;
  std::string_view key;
  std::int64_t index = -1;
};

void append_pointer(std::string& out, const path_node* n) {
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

std::string_view type_word(od::json_type t) {
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

}  // namespace

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

  bool name_values(od::value& v, std::vector<name_value>& out, const path_node& at) {
    od::array arr;
    const got g = get_array(v, arr, at);
    if (g != got::ok) return g != got::fatal;
    return each_element(arr, &at, [&](od::value& item, const path_node& node) {
      od::object obj;
      const got gi = get_object(item, obj, node);
      if (gi != got::ok) return gi != got::fatal;
      name_value nv;
      static constexpr std::array<std::string_view, 3> names{"name", "value", "comment"};
      std::uint64_t seen = 0;
      const std::uint64_t at_offset = offset_of(item.raw_json_token().data());
      if (!each_member(obj, &node, [&](std::string_view key, od::value& mv, const path_node& mn) {
            const int k = key_index(key, names);
            if (k < 0) return extra(mv, mn);
            mark(seen, k, mn, mv);
            text* slots[] = {&nv.name, &nv.value, &nv.comment};
            return read_text(mv, *slots[k], mn);
          })) {
        return false;
      }
      require(seen, names, 2, &node, at_offset);
      out.push_back(nv);
      return true;
    });
  }

  bool cookies(od::value& v, std::vector<cookie>& out, const path_node& at) {
    od::array arr;
    const got g = get_array(v, arr, at);
    if (g != got::ok) return g != got::fatal;
    return each_element(arr, &at, [&](od::value& item, const path_node& node) {
      od::object obj;
      const got gi = get_object(item, obj, node);
      if (gi != got::ok) return gi != got::fatal;
      cookie c;
      static constexpr std::array<std::string_view, 9> names{"name",   "value",   "path",
                                                             "domain", "expires", "httpOnly",
                                                             "secure", "comment", "sameSite"};
      std::uint64_t seen = 0;
      const std::uint64_t at_offset = offset_of(item.raw_json_token().data());
      if (!each_member(obj, &node, [&](std::string_view key, od::value& mv, const path_node& mn) {
            const int k = key_index(key, names);
            if (k < 0) return extra(mv, mn);
            mark(seen, k, mn, mv);
            switch (k) {
              case 0: return read_text(mv, c.name, mn);
              case 1: return read_text(mv, c.value, mn);
              case 2: return read_text(mv, c.path, mn);
              case 3: return read_text(mv, c.domain, mn);
              case 4: return read_text(mv, c.expires, mn);
              case 5: return read_bool(mv, c.http_only, mn);
              case 6: return read_bool(mv, c.secure, mn);
              case 7: return read_text(mv, c.comment, mn);
              default: return read_text(mv, c.same_site, mn);
            }
          })) {
        return false;
      }
      require(seen, names, 2, &node, at_offset);
      out.push_back(c);
      return true;
    });
  }

  bool post(od::value& v, post_data& out, const path_node& at) {
    od::object obj;
    const got g = get_object(v, obj, at);
    if (g != got::ok) return g != got::fatal;
    out.present = true;
    static constexpr std::array<std::string_view, 5> names{"mimeType", "params", "text", "comment",
                                                           "encoding"};
    std::uint64_t seen = 0;
    const std::uint64_t at_offset = offset_of(v.raw_json_token().data());
    if (!each_member(obj, &at, [&](std::string_view key, od::value& mv, const path_node& mn) {
          const int k = key_index(key, names);
          if (k < 0) return extra(mv, mn);
          mark(seen, k, mn, mv);
          switch (k) {
            case 0: return read_text(mv, out.mime_type, mn);
            case 1: return params(mv, out.params, mn);
            case 2: return read_text(mv, out.body, mn);
            case 3: return read_text(mv, out.comment, mn);
            default: return read_text(mv, out.encoding, mn);
          }
        })) {
      return false;
    }
    require(seen, names, 1, &at, at_offset);
    return true;
  }

  bool params(od::value& v, std::vector<post_param>& out, const path_node& at) {
    od::array arr;
    const got g = get_array(v, arr, at);
    if (g != got::ok) return g != got::fatal;
    return each_element(arr, &at, [&](od::value& item, const path_node& node) {
      od::object obj;
      const got gi = get_object(item, obj, node);
      if (gi != got::ok) return gi != got::fatal;
      post_param p;
      static constexpr std::array<std::string_view, 5> names{"name", "value", "fileName",
                                                             "contentType", "comment"};
      std::uint64_t seen = 0;
      const std::uint64_t at_offset = offset_of(item.raw_json_token().data());
      if (!each_member(obj, &node, [&](std::string_view key, od::value& mv, const path_node& mn) {
            const int k = key_index(key, names);
            if (k < 0) return extra(mv, mn);
            mark(seen, k, mn, mv);
            text* slots[] = {&p.name, &p.value, &p.file_name, &p.content_type, &p.comment};
            return read_text(mv, *slots[k], mn);
          })) {
        return false;
      }
      require(seen, names, 1, &node, at_offset);
      out.push_back(p);
      return true;
    });
  }

  bool request(od::value& v, har::request& r, const path_node& at) {
    od::object obj;
    const got g = get_object(v, obj, at);
    if (g != got::ok) return g != got::fatal;
    static constexpr std::array<std::string_view, 11> names{
        "method",      "url",      "httpVersion", "cookies", "headers",      "queryString",
        "headersSize", "bodySize", "postData",    "comment", "_transferSize"};
    std::uint64_t seen = 0;
    const std::uint64_t at_offset = offset_of(v.raw_json_token().data());
    if (!each_member(obj, &at, [&](std::string_view key, od::value& mv, const path_node& mn) {
          const int k = key_index(key, names);
          if (k < 0 || k == 10) return extra(mv, mn);
          mark(seen, k, mn, mv);
          switch (k) {
            case 0: return read_text(mv, r.method, mn);
            case 1: return read_text(mv, r.url, mn);
            case 2: return read_text(mv, r.http_version, mn);
            case 3: return cookies(mv, r.cookies, mn);
            case 4: return name_values(mv, r.headers, mn);
            case 5: return name_values(mv, r.query_string, mn);
            case 6: return read_int(mv, r.headers_size, mn);
            case 7: return read_int(mv, r.body_size, mn);
            case 8: return post(mv, r.post, mn);
            default: return read_text(mv, r.comment, mn);
          }
        })) {
      return false;
    }
    require(seen, names, 8, &at, at_offset);
    return true;
  }

  bool content(od::value& v, har::content& c, const path_node& at) {
    od::object obj;
    const got g = get_object(v, obj, at);
    if (g != got::ok) return g != got::fatal;
    static constexpr std::array<std::string_view, 6> names{"size", "mimeType", "compression",
                                                           "text", "encoding", "comment"};
    std::uint64_t seen = 0;
    const std::uint64_t at_offset = offset_of(v.raw_json_token().data());
    if (!each_member(obj, &at, [&](std::string_view key, od::value& mv, const path_node& mn) {
          const int k = key_index(key, names);
          if (k < 0) return extra(mv, mn);
          mark(seen, k, mn, mv);
          switch (k) {
            case 0: return read_int(mv, c.size, mn);
            case 1: return read_text(mv, c.mime_type, mn);
            case 2: return read_int(mv, c.compression, mn);
            case 3: return read_text(mv, c.body, mn);
            case 4: return read_text(mv, c.encoding, mn);
            default: return read_text(mv, c.comment, mn);
          }
        })) {
      return false;
    }
    require(seen, names, 2, &at, at_offset);
    return true;
  }

  bool response(od::value& v, har::response& r, const path_node& at) {
    od::object obj;
    const got g = get_object(v, obj, at);
    if (g != got::ok) return g != got::fatal;
    static constexpr std::array<std::string_view, 13> names{"status",
                                                            "statusText",
                                                            "httpVersion",
                                                            "cookies",
                                                            "headers",
                                                            "content",
                                                            "redirectURL",
                                                            "headersSize",
                                                            "bodySize",
                                                            "comment",
                                                            "_transferSize",
                                                            "_error",
                                                            "_fetchedViaServiceWorker"};
    std::uint64_t seen = 0;
    const std::uint64_t at_offset = offset_of(v.raw_json_token().data());
    if (!each_member(obj, &at, [&](std::string_view key, od::value& mv, const path_node& mn) {
          const int k = key_index(key, names);
          if (k < 0) return extra(mv, mn);
          mark(seen, k, mn, mv);
          switch (k) {
            case 0: {
              od::json_type t;
              if (type_of(mv, t, &mn) == got::fatal) return false;
              if (t == od::json_type::null) {
                note(diag::wrong_type, severity::warning,
                     fmt::format("{} is null, expected the HTTP status number", pointer(&mn)), &mn,
                     offset_of(mv.raw_json_token().data()));
                return true;
              }
              return read_int(mv, r.status, mn);
            }
            case 1: return read_text(mv, r.status_text, mn);
            case 2: return read_text(mv, r.http_version, mn);
            case 3: return cookies(mv, r.cookies, mn);
            case 4: return name_values(mv, r.headers, mn);
            case 5: return content(mv, r.content, mn);
            case 6: return read_text(mv, r.redirect_url, mn);
            case 7: return read_int(mv, r.headers_size, mn);
            case 8: return read_int(mv, r.body_size, mn);
            case 9: return read_text(mv, r.comment, mn);
            case 10: return read_int(mv, r.transfer_size, mn);
            case 11: return read_text(mv, r.error, mn);
            default: return read_bool(mv, r.fetched_via_service_worker, mn);
          }
        })) {
      return false;
    }
    require(seen, names, 9, &at, at_offset);
    return true;
  }

  bool cache_item(od::value& v, har::cache_item& c, const path_node& at) {
    od::object obj;
    const got g = get_object(v, obj, at);
    if (g != got::ok) return g != got::fatal;
    c.present = true;
    static constexpr std::array<std::string_view, 5> names{"lastAccess", "eTag", "hitCount",
                                                           "expires", "comment"};
    std::uint64_t seen = 0;
    return each_member(obj, &at, [&](std::string_view key, od::value& mv, const path_node& mn) {
      const int k = key_index(key, names);
      if (k < 0) return extra(mv, mn);
      mark(seen, k, mn, mv);
      switch (k) {
        case 0: return read_text(mv, c.last_access, mn);
        case 1: return read_text(mv, c.etag, mn);
        case 2: return read_int(mv, c.hit_count, mn);
        case 3: return read_text(mv, c.expires, mn);
        default: return read_text(mv, c.comment, mn);
      }
    });
  }

  bool cache(od::value& v, har::cache& c, const path_node& at) {
    od::object obj;
    const got g = get_object(v, obj, at);
    if (g != got::ok) return g != got::fatal;
    static constexpr std::array<std::string_view, 3> names{"beforeRequest", "afterRequest",
                                                           "comment"};
    std::uint64_t seen = 0;
    return each_member(obj, &at, [&](std::string_view key, od::value& mv, const path_node& mn) {
      const int k = key_index(key, names);
      if (k < 0) return extra(mv, mn);
      mark(seen, k, mn, mv);
      switch (k) {
        case 0: return cache_item(mv, c.before_request, mn);
        case 1: return cache_item(mv, c.after_request, mn);
        default: return read_text(mv, c.comment, mn);
      }
    });
  }

  bool timings(od::value& v, har::timings& t, const path_node& at) {
    od::object obj;
    const got g = get_object(v, obj, at);
    if (g != got::ok) return g != got::fatal;
    // send, wait, receive are the required ones: keep them first.
    static constexpr std::array<std::string_view, 8> names{"send", "wait",    "receive", "blocked",
                                                           "dns",  "connect", "ssl",     "comment"};
    std::uint64_t seen = 0;
    const std::uint64_t at_offset = offset_of(v.raw_json_token().data());
    if (!each_member(obj, &at, [&](std::string_view key, od::value& mv, const path_node& mn) {
          const int k = key_index(key, names);
          if (k < 0) return extra(mv, mn);
          mark(seen, k, mn, mv);
          std::optional<double>* slots[] = {&t.send, &t.wait,    &t.receive, &t.blocked,
                                            &t.dns,  &t.connect, &t.ssl};
          if (k == 7) return read_text(mv, t.comment, mn);
          return read_timing(mv, *slots[k], mn);
        })) {
      return false;
    }
    require(seen, names, 3, &at, at_offset);
    return true;
  }

  // Chrome's initiator stack: {description?, callFrames[], parent?, parentId?}.
  // Flattened into entry.stacks / entry.call_frames; returns the stack index.
  bool stack(od::value& v, std::int32_t& index, const path_node& at, int depth) {
    od::object obj;
    const got g = get_object(v, obj, at);
    if (g != got::ok) return g != got::fatal;
    if (depth > 256) {
      note(diag::absurd_value, severity::warning,
           fmt::format("{}: initiator stack chain deeper than 256 levels; the rest is ignored",
                       pointer(&at)),
           &at, offset_of(v.raw_json_token().data()));
      return true;
    }
    index = static_cast<std::int32_t>(e->stacks.size());
    e->stacks.emplace_back();
    std::int32_t parent = -1;
    static constexpr std::array<std::string_view, 4> names{"description", "callFrames", "parent",
                                                           "parentId"};
    std::uint64_t seen = 0;
    if (!each_member(obj, &at, [&](std::string_view key, od::value& mv, const path_node& mn) {
          const int k = key_index(key, names);
          if (k < 0) return extra(mv, mn);
          mark(seen, k, mn, mv);
          switch (k) {
            case 0:
              return read_text(mv, e->stacks[static_cast<std::size_t>(index)].description, mn);
            case 1: return frames(mv, static_cast<std::size_t>(index), mn);
            case 2: return stack(mv, parent, mn, depth + 1);
            default: {
              std::string_view raw;
              if (!raw_span(mv, raw)) return false;
              auto& s = e->stacks[static_cast<std::size_t>(index)];
              s.parent_id.raw = raw;
              s.parent_id.offset = offset_of(raw.data());
              s.parent_id.flags = text::k_present;
              return true;
            }
          }
        })) {
      return false;
    }
    e->stacks[static_cast<std::size_t>(index)].parent = parent;
    return true;
  }

  bool frames(od::value& v, std::size_t stack_index, const path_node& at) {
    od::array arr;
    const got g = get_array(v, arr, at);
    if (g != got::ok) return g != got::fatal;
    const auto first = static_cast<std::uint32_t>(e->call_frames.size());
    if (!each_element(arr, &at, [&](od::value& item, const path_node& node) {
          od::object obj;
          const got gi = get_object(item, obj, node);
          if (gi != got::ok) return gi != got::fatal;
          call_frame cf;
          static constexpr std::array<std::string_view, 5> names{"functionName", "scriptId", "url",
                                                                 "lineNumber", "columnNumber"};
          std::uint64_t seen = 0;
          if (!each_member(obj, &node,
                           [&](std::string_view key, od::value& mv, const path_node& mn) {
                             const int k = key_index(key, names);
                             if (k < 0) return extra(mv, mn);
                             mark(seen, k, mn, mv);
                             switch (k) {
                               case 0: return read_text(mv, cf.function_name, mn);
                               case 1: return read_text(mv, cf.script_id, mn);
                               case 2: return read_text(mv, cf.url, mn);
                               case 3: return read_int(mv, cf.line_number, mn);
                               default: return read_int(mv, cf.column_number, mn);
                             }
                           })) {
            return false;
          }
          e->call_frames.push_back(cf);
          return true;
        })) {
      return false;
    }
    auto& s = e->stacks[stack_index];
    s.first_frame = first;
    s.frame_count = static_cast<std::uint32_t>(e->call_frames.size()) - first;
    return true;
  }

  bool initiator(od::value& v, har::initiator& in, const path_node& at) {
    od::json_type t;
    if (type_of(v, t, &at) == got::fatal) return false;
    if (t == od::json_type::string) {  // WebPageTest: "_initiator": "<url>"
      in.present = true;
      return read_text(v, in.url, at);
    }
    od::object obj;
    const got g = get_object(v, obj, at);
    if (g != got::ok) return g != got::fatal;
    in.present = true;
    static constexpr std::array<std::string_view, 6> names{
        "type", "url", "lineNumber", "columnNumber", "requestId", "stack"};
    std::uint64_t seen = 0;
    return each_member(obj, &at, [&](std::string_view key, od::value& mv, const path_node& mn) {
      const int k = key_index(key, names);
      if (k < 0) return extra(mv, mn);
      mark(seen, k, mn, mv);
      switch (k) {
        case 0: return read_text(mv, in.type, mn);
        case 1: return read_text(mv, in.url, mn);
        case 2: return read_int(mv, in.line_number, mn);
        case 3: return read_int(mv, in.column_number, mn);
        case 4: return read_text(mv, in.request_id, mn);
        default: return stack(mv, in.stack, mn, 0);
      }
    });
  }

  bool websocket(od::value& v, const path_node& at) {
    od::array arr;
    const got g = get_array(v, arr, at);
    if (g != got::ok) return g != got::fatal;
    return each_element(arr, &at, [&](od::value& item, const path_node& node) {
      od::object obj;
      const got gi = get_object(item, obj, node);
      if (gi != got::ok) return gi != got::fatal;
      websocket_message m;
      static constexpr std::array<std::string_view, 4> names{"type", "time", "opcode", "data"};
      std::uint64_t seen = 0;
      if (!each_member(obj, &node, [&](std::string_view key, od::value& mv, const path_node& mn) {
            const int k = key_index(key, names);
            if (k < 0) return extra(mv, mn);
            mark(seen, k, mn, mv);
            switch (k) {
              case 0: return read_text(mv, m.type, mn);
              case 1: return read_double(mv, m.time, mn);
              case 2: return read_int(mv, m.opcode, mn);
              default: return read_text(mv, m.data, mn);
            }
          })) {
        return false;
      }
      e->websocket_messages.push_back(m);
      return true;
    });
  }

  bool security(od::value& v, security_details& s, const path_node& at) {
    std::string_view raw;
    od::json_type t;
    if (type_of(v, t, &at) == got::fatal) return false;
    if (t == od::json_type::object && !raw_span(v, raw)) return false;
    od::object obj;
    const got g = get_object(v, obj, at);
    if (g != got::ok) return g != got::fatal;
    s.present = true;
    s.raw_json = raw;
    static constexpr std::array<std::string_view, 11> names{
        "protocol",    "keyExchange", "keyExchangeGroup", "cipher",    "mac",    "certificateId",
        "subjectName", "sanList",     "issuer",           "validFrom", "validTo"};
    std::uint64_t seen = 0;
    return each_member(obj, &at, [&](std::string_view key, od::value& mv, const path_node& mn) {
      const int k = key_index(key, names);
      if (k < 0) return true;  // kept in raw_json
      mark(seen, k, mn, mv);
      switch (k) {
        case 0: return read_text(mv, s.protocol, mn);
        case 1: return read_text(mv, s.key_exchange, mn);
        case 2: return read_text(mv, s.key_exchange_group, mn);
        case 3: return read_text(mv, s.cipher, mn);
        case 4: return read_text(mv, s.mac, mn);
        case 5: return read_int(mv, s.certificate_id, mn);
        case 6: return read_text(mv, s.subject_name, mn);
        case 7: {
          od::array arr;
          const got ga = get_array(mv, arr, mn);
          if (ga != got::ok) return ga != got::fatal;
          return each_element(arr, &mn, [&](od::value& item, const path_node& node) {
            text name;
            if (!read_text(item, name, node)) return false;
            s.san_list.push_back(name);
            return true;
          });
        }
        case 8: return read_text(mv, s.issuer, mn);
        case 9: return read_int(mv, s.valid_from, mn);
        default: return read_int(mv, s.valid_to, mn);
      }
    });
  }

  void check_started(const path_node& at) {
    if (!e->started_text.present()) return;
    std::string_view value = e->started_text.raw;
    std::string decoded;
    if (e->started_text.escaped()) {
      unescape_json(value, decoded);
      value = decoded;
    }
    std::string why;
    auto ts = parse_timestamp(value, &why);
    if (!ts) {
      note(diag::bad_timestamp, severity::error,
           fmt::format("{} \"{}\" is not a date-time: {}", pointer(&at), value.substr(0, 64), why),
           &at, e->started_text.offset);
      return;
    }
    e->started = *ts;
    if (!ts->has_zone) {
      note(diag::timestamp_no_zone, severity::warning,
           fmt::format("{} \"{}\" has no time zone; read as UTC", pointer(&at), value), &at,
           e->started_text.offset);
    }
  }

  // request.url must be an absolute URL; anything else is noted (the entry is
  // still read: what the exporter wrote is evidence either way).
  void check_url(const path_node& at) {
    const text& url = e->request.url;
    if (!url.present()) return;
    const std::string_view value = e->str(url);
    const auto parts = net::split_url(value);
    const bool web = parts && (parts->scheme == "http" || parts->scheme == "https" ||
                               parts->scheme == "ws" || parts->scheme == "wss");
    if (!parts || (web && parts->host.empty())) {
      note(diag::invalid_url, severity::warning,
           fmt::format("{} \"{}\" is not an absolute URL", pointer(&at), value.substr(0, 200)), &at,
           url.offset);
    }
  }

  void check_pageref(const path_node& at) {
    if (!e->pageref.present()) return;
    const std::string_view id = e->str(e->pageref);
    if (!std::binary_search(page_ids.begin(), page_ids.end(), id)) {
      note(diag::unknown_pageref, severity::warning,
           fmt::format("{} \"{}\" names no page in log.pages", pointer(&at), id), &at,
           e->pageref.offset);
    }
  }

  bool entry_object(od::object obj) {
    static constexpr std::array<std::string_view, 21> names{"startedDateTime",
                                                            "time",
                                                            "request",
                                                            "response",
                                                            "cache",
                                                            "timings",
                                                            "pageref",
                                                            "serverIPAddress",
                                                            "connection",
                                                            "comment",
                                                            "_initiator",
                                                            "_resourceType",
                                                            "_priority",
                                                            "_fromCache",
                                                            "_fromServiceWorker",
                                                            "_webSocketMessages",
                                                            "_securityDetails",
                                                            "_transferSize",
                                                            "_initiator_type",
                                                            "_initiator_line",
                                                            "_initiator_column"};
    std::uint64_t seen = 0;
    const path_node root{};
    path_node started_node{&root, "startedDateTime", -1};
    path_node pageref_node{&root, "pageref", -1};
    if (!each_member(obj, &root, [&](std::string_view key, od::value& v, const path_node& n) {
          const int k = key_index(key, names);
          if (k < 0) return extra(v, n);
          mark(seen, k, n, v);
          switch (k) {
            case 0: return read_text(v, e->started_text, n);
            case 1: {
              const char* p = v.raw_json_token().data();
              if (!read_double(v, e->time, n)) return false;
              if (e->time) check_timing(*e->time, n, offset_of(p));
              return true;
            }
            case 2: return request(v, e->request, n);
            case 3: return response(v, e->response, n);
            case 4: return cache(v, e->cache, n);
            case 5: return timings(v, e->timings, n);
            case 6: return read_text(v, e->pageref, n);
            case 7: return read_text(v, e->server_ip_address, n);
            case 8: return read_text(v, e->connection, n);
            case 9: return read_text(v, e->comment, n);
            case 10: return initiator(v, e->initiator, n);
            case 11: return read_text(v, e->resource_type, n);
            case 12: return read_text(v, e->priority, n);
            case 13: {
              od::json_type t;
              if (type_of(v, t, &n) == got::fatal) return false;
              if (t == od::json_type::boolean) return read_bool(v, e->from_cache_flag, n);
              return read_text(v, e->from_cache, n);
            }
            case 14: return read_bool(v, e->from_service_worker, n);
            case 15: return websocket(v, n);
            case 16: return security(v, e->security_details, n);
            case 17: return read_int(v, e->response.transfer_size, n);
            case 18: e->initiator.present = true; return read_text(v, e->initiator.type, n);
            case 19: {
              od::json_type t;
              if (type_of(v, t, &n) == got::fatal) return false;
              if (t == od::json_type::number) return read_int(v, e->initiator.line_number, n);
              return extra(v, n);
            }
            default: {
              od::json_type t;
              if (type_of(v, t, &n) == got::fatal) return false;
              if (t == od::json_type::number) return read_int(v, e->initiator.column_number, n);
              return extra(v, n);
            }
          }
        })) {
      return false;
    }
    require(seen, names, 6, &root, base_offset);
    check_started(started_node);
    check_pageref(pageref_node);
    const path_node request_node{&root, "request", -1};
    const path_node url_node{&request_node, "url", -1};
    check_url(url_node);
    return true;
  }

  bool parse(const span& s, std::uint64_t index, entry& out) {
    out.clear();
    out.index = index;
    out.offset = s.begin;
    out.raw_json = whole.substr(s.begin, s.size());
    e = &out;
    failed = false;
    may_escape = s.escapes;
    cached_parent_node = nullptr;
    base_offset = s.begin;
    base_len = s.size();
    if (whole[s.begin] != '{') {
      const path_node root{};
      note(diag::not_an_object, severity::error,
           fmt::format("entry {} is not an object; it was skipped", index), &root, s.begin);
      return false;
    }
    if (s.size() > options.max_entry_bytes) {
      const path_node root{};
      note(diag::limit_exceeded, severity::error,
           fmt::format("entry {} is {} bytes, over the limit of {} bytes; it was skipped", index,
                       s.size(), options.max_entry_bytes),
           &root, s.begin);
      return false;
    }
    // Parse in place when simdjson's padding fits inside the input; else copy.
    std::size_t capacity = 0;
    if (s.end + simdjson::SIMDJSON_PADDING <= padded) {
      base = whole.data() + s.begin;
      capacity = padded - s.begin;
    } else {
      scratch.assign(whole.data() + s.begin, s.size());
      scratch.append(simdjson::SIMDJSON_PADDING, ' ');
      base = scratch.data();
      capacity = scratch.size();
    }
    // Nesting was measured by the first pass, before simdjson sees the entry.
    if (s.depth > options.max_depth) {
      const path_node root{};
      note(diag::limit_exceeded, severity::error,
           fmt::format("entry {} nests {} levels deep, over the limit of {}; it was skipped", index,
                       s.depth, options.max_depth),
           &root, s.begin);
      return false;
    }
    od::document doc;
    if (auto ec = parser.iterate(base, base_len, capacity).get(doc)) return fail(ec, nullptr);
    od::object obj;
    if (auto ec = doc.get_object().get(obj)) return fail(ec, nullptr);
    if (!entry_object(obj)) return false;
    return !failed;
  }
};

entry_parser::entry_parser(std::string_view text, std::size_t padded_size,
                           const reader_options& options, diagnostics& diags)
    : impl_(std::make_unique<impl>(text, padded_size, options, diags)) {}

entry_parser::~entry_parser() = default;

void entry_parser::set_page_ids(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  impl_->page_ids = std::move(ids);
}

bool entry_parser::parse(const span& s, std::uint64_t index, entry& e) {
  return impl_->parse(s, index, e);
}

}  // namespace harfact::har::detail
