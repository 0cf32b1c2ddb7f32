// The claims file: names, the reader (every problem with the file and the JSON
// pointer), and the vendor-id check against the signature database.
#include "harfact/check/allegations.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <map>

#include "har/scan.hpp"
#include "harfact/har/timestamp.hpp"
#include "harfact/io/read_file.hpp"

namespace harfact::check {

namespace {

namespace dom = simdjson::dom;

constexpr std::string_view k_hint =
    "see testdata/allegations/README.md and lib/schema/allegations.schema.json for the format";

constexpr std::string_view k_kind_names[claim_kind_count] = {
    "tracker_present",   "fired_before_consent", "fired_after_opt_out", "fired_despite_gpc",
    "transmitted_field", "captured_form_input",  "intercepted_chat"};

std::string kinds_list() {
  std::string out;
  for (const auto n : k_kind_names) {
    if (!out.empty()) out += ", ";
    out += n;
  }
  return out;
}

// Builds errors that name the file and the JSON pointer.
class reader {
 public:
  explicit reader(std::string_view label) : label_(label) {}

  harfact::error problem(std::string pointer, std::string message,
                         errc code = errc::invalid_argument) const {
    location where;
    where.file = label_;
    where.json_pointer = std::move(pointer);
    return make_error(code, std::move(message), std::move(where), std::string(k_hint));
  }

  // A member that must be a non-empty string.
  result<std::string> string_member(dom::element value, const std::string& pointer) const {
    std::string_view s;
    if (value.get_string().get(s) != simdjson::SUCCESS) {
      return problem(pointer, "must be a string");
    }
    if (s.empty()) return problem(pointer, "must not be empty");
    return std::string(s);
  }

 private:
  std::string label_;
};

std::string member_pointer(std::string_view base, std::string_view key) {
  std::string p(base);
  har::detail::append_pointer_token(p, key);
  return p;
}

// Parses one claim object at `pointer`.
result<claim> parse_claim(const reader& rd, dom::element el, const std::string& pointer) {
  dom::object o;
  if (el.get_object().get(o) != simdjson::SUCCESS)
    return rd.problem(pointer, "a claim must be an object");
  static constexpr std::string_view known[] = {"id",    "text", "vendor_id", "kind",
                                               "field", "page", "time"};
  std::map<std::string, dom::element, std::less<>> members;
  for (auto [key, value] : o) {
    const std::string at = member_pointer(pointer, key);
    if (std::find(std::begin(known), std::end(known), key) == std::end(known)) {
      return rd.problem(at, fmt::format("unknown member '{}' (a claim has id, text, vendor_id, "
                                        "kind, and optionally field, page, time)",
                                        key));
    }
    if (!members.emplace(std::string(key), value).second) {
      return rd.problem(at, fmt::format("duplicate member '{}'", key));
    }
  }
  claim c;
  for (const std::string_view req : {"id", "text", "vendor_id", "kind"}) {
    if (members.find(req) == members.end()) {
      return rd.problem(pointer, fmt::format("missing required member '{}'", req));
    }
  }
  auto take = [&](std::string_view key, std::string& out) -> std::optional<harfact::error> {
    auto it = members.find(key);
    if (it == members.end()) return std::nullopt;
    auto s = rd.string_member(it->second, member_pointer(pointer, key));
    if (!s) return s.error();
    out = std::move(*s);
    return std::nullopt;
  };
  std::string kind;
  for (auto [key, out] : {std::pair<std::string_view, std::string*>{"id", &c.id},
                          {"text", &c.text},
                          {"vendor_id", &c.vendor_id},
                          {"kind", &kind},
                          {"field", &c.field},
                          {"page", &c.page},
                          {"time", &c.time_original}}) {
    if (auto err = take(key, *out)) return std::move(*err);
  }
  const auto k = parse_claim_kind(kind);
  if (!k) {
    return rd.problem(member_pointer(pointer, "kind"),
                      fmt::format("unknown kind '{}' (one of: {})", kind, kinds_list()));
  }
  c.kind = *k;
  if (c.kind == claim_kind::transmitted_field && c.field.empty()) {
    return rd.problem(pointer,
                      "a transmitted_field claim needs 'field': the parameter (\"em\", \"dl\") "
                      "or the kind of data (\"email\", \"phone\", \"page_url\") it names");
  }
  if (c.kind != claim_kind::transmitted_field && !c.field.empty()) {
    return rd.problem(
        member_pointer(pointer, "field"),
        fmt::format("'field' applies only to transmitted_field claims, not {}", kind));
  }
  if (!c.time_original.empty()) {
    std::string why;
    const auto t = har::parse_timestamp(c.time_original, &why);
    if (!t) {
      return rd.problem(
          member_pointer(pointer, "time"),
          fmt::format("'{}' is not an RFC 3339 date-time ({})", c.time_original, why));
    }
    if (!t->has_zone) {
      return rd.problem(member_pointer(pointer, "time"),
                        fmt::format("'{}' has no time zone: write Z (UTC) or an offset such as "
                                    "-07:00, as the letter's time means",
                                    c.time_original));
    }
    c.time_us = t->us;
    c.time_precision_us = t->precision_us();
  }
  return c;
}

}  // namespace

std::string_view claim_kind_name(claim_kind k) noexcept {
  const auto i = static_cast<std::size_t>(k);
  return i < std::size(k_kind_names) ? k_kind_names[i] : std::string_view("unknown");
}

std::optional<claim_kind> parse_claim_kind(std::string_view name) noexcept {
  for (int i = 0; i < claim_kind_count; ++i) {
    if (k_kind_names[i] == name) return static_cast<claim_kind>(i);
  }
  return std::nullopt;
}

std::string_view verdict_name(verdict v) noexcept {
  switch (v) {
    case verdict::supported: return "supported";
    case verdict::contradicted: return "contradicted";
    case verdict::not_evidenced: return "not_evidenced";
    case verdict::indeterminate: return "indeterminate";
  }
  return "indeterminate";
}

claims_tally tally(const std::vector<claim_result>& results) noexcept {
  claims_tally t;
  for (const auto& r : results) {
    ++t.claims;
    ++t.by_verdict[static_cast<std::size_t>(r.verdict)];
    if (r.wrong_on_facts) ++t.wrong_on_facts;
  }
  return t;
}

result<std::vector<claim>> parse_claims(std::string_view json, std::string_view label) {
  const reader rd(label);
  if (json.substr(0, 3) == "\xEF\xBB\xBF") json.remove_prefix(3);  // a UTF-8 byte order mark
  // simdjson says only that a text is invalid; the strict checker says where.
  if (const auto chk = har::detail::check_json(json, 64); !chk.ok) {
    location where;
    where.file = std::string(label);
    where.byte_offset = chk.offset;
    where.line = 1;
    where.column = 1;
    for (std::size_t i = 0; i < chk.offset && i < json.size(); ++i) {
      if (json[i] == '\n') {
        ++where.line;
        where.column = 1;
      } else {
        ++where.column;
      }
    }
    return make_error(errc::invalid_json,
                      fmt::format("the claims file is not valid JSON: {}", chk.message), where,
                      std::string(k_hint));
  }
  dom::parser parser;
  const simdjson::padded_string copy(json);
  dom::element root;
  if (parser.parse(copy).get(root) != simdjson::SUCCESS) {
    return rd.problem("", "the claims file is not valid JSON", errc::invalid_json);
  }
  dom::object top;
  if (root.get_object().get(top) != simdjson::SUCCESS) {
    return rd.problem("", "the claims file must be a JSON object with format_version and claims");
  }
  static constexpr std::string_view known[] = {"$schema", "format_version", "description",
                                               "claims"};
  std::map<std::string, dom::element, std::less<>> members;
  for (auto [key, value] : top) {
    const std::string at = member_pointer("", key);
    if (std::find(std::begin(known), std::end(known), key) == std::end(known)) {
      return rd.problem(at, fmt::format("unknown member '{}' (the file has format_version, "
                                        "claims, and optionally $schema, description)",
                                        key));
    }
    if (!members.emplace(std::string(key), value).second) {
      return rd.problem(at, fmt::format("duplicate member '{}'", key));
    }
  }
  const auto fv = members.find("format_version");
  if (fv == members.end()) {
    return rd.problem("", fmt::format("missing required member 'format_version' (this harfact "
                                      "reads format {})",
                                      allegations_format_version));
  }
  std::int64_t format = 0;
  if (fv->second.get_int64().get(format) != simdjson::SUCCESS) {
    return rd.problem("/format_version", "must be an integer");
  }
  if (format > allegations_format_version) {
    return rd.problem("/format_version",
                      fmt::format("format_version {} is newer than this harfact reads ({}): "
                                  "upgrade harfact",
                                  format, allegations_format_version),
                      errc::unsupported_format);
  }
  if (format < 1) return rd.problem("/format_version", "must be 1");
  for (const auto& [key, value] : members) {
    if (key == "$schema" || key == "description") {
      if (auto s = rd.string_member(value, member_pointer("", key)); !s) return s.error();
    }
  }
  const auto cl = members.find("claims");
  if (cl == members.end()) return rd.problem("", "missing required member 'claims'");
  dom::array arr;
  if (cl->second.get_array().get(arr) != simdjson::SUCCESS) {
    return rd.problem("/claims", "must be an array of claims");
  }
  std::vector<claim> out;
  std::map<std::string, std::size_t, std::less<>> ids;
  std::size_t i = 0;
  for (dom::element el : arr) {
    const std::string pointer = fmt::format("/claims/{}", i);
    auto c = parse_claim(rd, el, pointer);
    if (!c) return c.error();
    if (const auto [it, fresh] = ids.emplace(c->id, i); !fresh) {
      return rd.problem(pointer + "/id", fmt::format("duplicate id '{}' (first at /claims/{}/id)",
                                                     c->id, it->second));
    }
    out.push_back(std::move(*c));
    ++i;
  }
  if (out.empty()) return rd.problem("/claims", "holds no claim");
  return out;
}

result<std::vector<claim>> load_claims(const std::filesystem::path& path) {
  auto unreadable = [&path] {
    location where;
    where.file = path.string();
    return make_error(errc::io_open, fmt::format("cannot read the claims file {}", path.string()),
                      where, "check the path given to --allegations");
  };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return unreadable();
  auto text = io::read_file_bounded(path, k_max_claims_bytes, "claims file");
  if (!text) {
    if (text.error().code == errc::too_large) return std::move(text).error();
    return unreadable();
  }
  return parse_claims(*text, path.string());
}

namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0U : 1U)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

result<void> check_vendor_ids(const std::vector<claim>& claims, const sig::database& db,
                              std::string_view label) {
  for (std::size_t i = 0; i < claims.size(); ++i) {
    const auto& c = claims[i];
    if (db.find_vendor(c.vendor_id) != nullptr) continue;
    location where;
    where.file = std::string(label);
    where.json_pointer = fmt::format("/claims/{}/vendor_id", i);
    if (!db.loaded()) {
      return make_error(errc::invalid_argument,
                        fmt::format("claim '{}' names vendor '{}', but no signature database is "
                                    "loaded: no vendor can be recognised in the capture",
                                    c.id, c.vendor_id),
                        where, "drop --no-signatures, or give --signatures DIR");
    }
    // Near names: a small edit distance, one id inside the other, or a
    // distinctive word of the id in the vendor's name or description
    // ("facebook_pixel": Meta's description names www.facebook.com).
    std::vector<std::string> words;
    for (std::size_t start = 0; start <= c.vendor_id.size();) {
      const auto end = std::min(c.vendor_id.find('_', start), c.vendor_id.size());
      const std::string w = c.vendor_id.substr(start, end - start);
      static constexpr std::string_view generic[] = {"pixel",   "analytics", "tag", "tracker",
                                                     "manager", "insight",   "chat"};
      if (w.size() >= 4 &&
          std::find(std::begin(generic), std::end(generic), w) == std::end(generic)) {
        words.push_back(w);
      }
      start = end + 1;
    }
    std::vector<std::string> near;
    for (const auto& v : db.vendors()) {
      std::string about = v.name + " " + v.company + " " + v.description;
      for (char& ch : about) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      const bool named = std::any_of(words.begin(), words.end(), [&](const std::string& w) {
        return about.find(w) != std::string::npos;
      });
      if (edit_distance(v.vendor_id, c.vendor_id) <= 3 ||
          v.vendor_id.find(c.vendor_id) != std::string::npos ||
          c.vendor_id.find(v.vendor_id) != std::string::npos || named) {
        near.push_back(v.vendor_id);
      }
    }
    std::string hint = "`harfact signatures list` shows every vendor id";
    if (!near.empty()) {
      std::string names;
      for (std::size_t k = 0; k < near.size() && k < 5; ++k) {
        names += (k != 0 ? ", " : "") + fmt::format("'{}'", near[k]);
      }
      hint = fmt::format("did you mean {}? {}", names, hint);
    }
    return make_error(errc::invalid_argument,
                      fmt::format("claim '{}' names vendor '{}', which is not in the signature "
                                  "database {}",
                                  c.id, c.vendor_id, db.version()),
                      where, hint);
  }
  return {};
}

}  // namespace harfact::check
