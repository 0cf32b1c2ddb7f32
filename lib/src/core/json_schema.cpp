#include "core/json_schema.hpp"

#include <simdjson.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace harfact::detail {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

// Keywords that only annotate; they never affect validity.
constexpr std::array<std::string_view, 8> k_annotations = {
    "$schema", "$id", "title", "description", "$comment", "format", "examples", "default"};

constexpr std::array<std::string_view, 7> k_type_names = {"null",   "boolean", "object", "array",
                                                          "number", "string",  "integer"};

// Recursion guard for $ref chains that never reach the instance (e.g. a schema
// that refers to itself); far above what any real schema needs.
constexpr int k_max_depth = 1000;

// Long values are shortened in messages so one violation stays one line.
constexpr std::size_t k_max_rendered = 80;

// Readers for values whose type the caller has already checked; a mismatch
// gives the type's zero value (simdjson's results must not be ignored).
template <class T, class R>
T value_or_zero(R&& r) {
  T v{};
  if (std::forward<R>(r).get(v) != simdjson::SUCCESS) return T{};
  return v;
}
double as_double(const element& e) { return value_or_zero<double>(e.get_double()); }
std::int64_t as_int64(const element& e) { return value_or_zero<std::int64_t>(e.get_int64()); }
std::uint64_t as_uint64(const element& e) { return value_or_zero<std::uint64_t>(e.get_uint64()); }
bool as_bool(const element& e) { return value_or_zero<bool>(e.get_bool()); }
std::string_view as_string(const element& e) {
  return value_or_zero<std::string_view>(e.get_string());
}
array as_array(const element& e) { return value_or_zero<array>(e.get_array()); }
object as_object(const element& e) { return value_or_zero<object>(e.get_object()); }

bool is_annotation(std::string_view key) {
  for (auto a : k_annotations) {
    if (a == key) return true;
  }
  return false;
}

bool is_type_name(std::string_view name) {
  for (auto t : k_type_names) {
    if (t == name) return true;
  }
  return false;
}

std::string escape_token(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

std::string child(const std::string& pointer, std::string_view key) {
  return pointer + "/" + escape_token(key);
}

std::string child(const std::string& pointer, std::size_t index) {
  return pointer + "/" + std::to_string(index);
}

std::string where(const std::string& pointer) { return pointer.empty() ? "(root)" : pointer; }

std::string render(const element& e) {
  std::string s = simdjson::minify(e);
  if (s.size() > k_max_rendered) {
    s.resize(k_max_rendered);
    s += "...";
  }
  return s;
}

bool is_number(const element& e) {
  auto t = e.type();
  return t == element_type::INT64 || t == element_type::UINT64 || t == element_type::DOUBLE;
}

bool is_integer(const element& e) {
  switch (e.type()) {
    case element_type::INT64:
    case element_type::UINT64: return true;
    case element_type::DOUBLE: {
      double d = as_double(e);
      return std::isfinite(d) && std::trunc(d) == d;
    }
    default: return false;
  }
}

bool has_type(const element& e, std::string_view name) {
  switch (e.type()) {
    case element_type::NULL_VALUE: return name == "null";
    case element_type::BOOL: return name == "boolean";
    case element_type::OBJECT: return name == "object";
    case element_type::ARRAY: return name == "array";
    case element_type::STRING: return name == "string";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE: return name == "number" || (name == "integer" && is_integer(e));
  }
  return false;
}

// Three-way comparison of two numbers: exact when both are integers that fit
// in 64 bits, else in double precision.
int compare_numbers(const element& a, const element& b) {
  auto ta = a.type();
  auto tb = b.type();
  if (ta == element_type::INT64 && tb == element_type::INT64) {
    std::int64_t x = as_int64(a);
    std::int64_t y = as_int64(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (ta == element_type::UINT64 && tb == element_type::UINT64) {
    std::uint64_t x = as_uint64(a);
    std::uint64_t y = as_uint64(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  // A UINT64 element is always above INT64_MAX, so mixed integer cases are decided by sign.
  if (ta == element_type::UINT64 && tb == element_type::INT64) return 1;
  if (ta == element_type::INT64 && tb == element_type::UINT64) return -1;
  double x = as_double(a);
  double y = as_double(b);
  return x < y ? -1 : (x > y ? 1 : 0);
}

// JSON equality as JSON Schema defines it: numbers by value (1 == 1.0), objects
// regardless of member order, arrays element by element.
bool json_equal(const element& a, const element& b) {
  if (is_number(a) && is_number(b)) return compare_numbers(a, b) == 0;
  if (a.type() != b.type()) return false;
  switch (a.type()) {
    case element_type::NULL_VALUE: return true;
    case element_type::BOOL: return as_bool(a) == as_bool(b);
    case element_type::STRING: return as_string(a) == as_string(b);
    case element_type::ARRAY: {
      array x = as_array(a);
      array y = as_array(b);
      if (x.size() != y.size()) return false;
      auto it = y.begin();
      for (element ex : x) {
        if (!json_equal(ex, *it)) return false;
        ++it;
      }
      return true;
    }
    case element_type::OBJECT: {
      object x = as_object(a);
      object y = as_object(b);
      if (x.size() != y.size()) return false;
      for (auto field : x) {
        element other;
        if (y.at_key(field.key).get(other) != simdjson::SUCCESS) return false;
        if (!json_equal(field.value, other)) return false;
      }
      return true;
    }
    default: return false;
  }
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++n;
  }
  return n;
}

bool non_negative_integer(const element& e) {
  if (!is_integer(e)) return false;
  if (e.type() == element_type::UINT64) return true;
  return as_double(e) >= 0;
}

std::uint64_t as_count(const element& e) {
  if (e.type() == element_type::UINT64) return as_uint64(e);
  double d = as_double(e);
  return d <= 0 ? 0 : static_cast<std::uint64_t>(d);
}

class validator {
 public:
  explicit validator(element root) : root_(root) {}

  // Walks every subschema (whether or not the instance reaches it) and reports
  // unsupported keywords and malformed keyword values.
  void check_schema(const element& schema, const std::string& sptr,
                    std::vector<std::string>& out) const {
    if (schema.type() == element_type::BOOL) return;
    object obj;
    if (schema.get_object().get(obj) != simdjson::SUCCESS) {
      out.push_back(at(sptr) + "a schema must be an object or a boolean");
      return;
    }
    for (auto field : obj) {
      std::string_view key = field.key;
      const element& value = field.value;
      std::string kptr = child(sptr, key);
      if (is_annotation(key)) continue;
      if (key == "$defs" || key == "definitions" || key == "properties") {
        object defs;
        if (value.get_object().get(defs) != simdjson::SUCCESS) {
          out.push_back(at(sptr) + std::string(key) + " must be an object");
          continue;
        }
        for (auto def : defs) check_schema(def.value, child(kptr, def.key), out);
      } else if (key == "type") {
        check_type_keyword(value, sptr, out);
      } else if (key == "required") {
        array names;
        bool ok = value.get_array().get(names) == simdjson::SUCCESS;
        if (ok) {
          for (element n : names) ok = ok && n.type() == element_type::STRING;
        }
        if (!ok) out.push_back(at(sptr) + "required must be an array of strings");
      } else if (key == "additionalProperties" || key == "items") {
        if (value.type() == element_type::ARRAY) {
          out.push_back(at(sptr) + std::string(key) +
                        " must be a schema (the array form of items is not supported)");
        } else {
          check_schema(value, kptr, out);
        }
      } else if (key == "enum") {
        if (value.type() != element_type::ARRAY) {
          out.push_back(at(sptr) + "enum must be an array");
        }
      } else if (key == "const") {
        // any value
      } else if (key == "minimum" || key == "maximum") {
        if (!is_number(value)) out.push_back(at(sptr) + std::string(key) + " must be a number");
      } else if (key == "minLength" || key == "minItems") {
        if (!non_negative_integer(value)) {
          out.push_back(at(sptr) + std::string(key) + " must be a non-negative integer");
        }
      } else if (key == "$ref") {
        std::string_view ref;
        if (value.get_string().get(ref) != simdjson::SUCCESS) {
          out.push_back(at(sptr) + "$ref must be a string");
        } else if (!resolve(ref)) {
          out.push_back(at(sptr) + "unresolvable $ref " + std::string(ref) +
                        " (only pointers into this document, \"#/...\", are supported)");
        }
      } else if (key == "anyOf" || key == "oneOf" || key == "allOf") {
        array branches;
        if (value.get_array().get(branches) != simdjson::SUCCESS || branches.size() == 0) {
          out.push_back(at(sptr) + std::string(key) + " must be a non-empty array of schemas");
          continue;
        }
        std::size_t i = 0;
        for (element b : branches) check_schema(b, child(kptr, i++), out);
      } else {
        out.push_back(at(sptr) + "unsupported keyword " + std::string(key));
      }
    }
  }

  void validate(const element& schema, const element& inst, const std::string& ptr,
                std::vector<std::string>& out, int depth) const {
    if (depth > k_max_depth) {
      out.push_back(where(ptr) + ": schema recursion deeper than " + std::to_string(k_max_depth) +
                    " (cyclic $ref?)");
      return;
    }
    if (schema.type() == element_type::BOOL) {
      if (!as_bool(schema)) out.push_back(where(ptr) + ": not allowed (schema false)");
      return;
    }
    object s;
    if (schema.get_object().get(s) != simdjson::SUCCESS) return;  // reported by check_schema

    element kw;
    if (s.at_key("$ref").get(kw) == simdjson::SUCCESS) {
      std::string_view ref;
      if (kw.get_string().get(ref) == simdjson::SUCCESS) {
        if (auto target = resolve(ref)) validate(*target, inst, ptr, out, depth + 1);
      }
    }
    if (s.at_key("type").get(kw) == simdjson::SUCCESS) check_type(kw, inst, ptr, out);
    if (s.at_key("enum").get(kw) == simdjson::SUCCESS) check_enum(kw, inst, ptr, out);
    if (s.at_key("const").get(kw) == simdjson::SUCCESS && !json_equal(kw, inst)) {
      out.push_back(where(ptr) + ": value " + render(inst) + " is not the constant " + render(kw));
    }
    if (is_number(inst)) check_range(s, inst, ptr, out);
    if (inst.type() == element_type::STRING && s.at_key("minLength").get(kw) == simdjson::SUCCESS &&
        non_negative_integer(kw)) {
      std::uint64_t n = code_points(as_string(inst));
      if (n < as_count(kw)) {
        out.push_back(where(ptr) + ": string of " + std::to_string(n) +
                      " characters is shorter than minLength " + render(kw));
      }
    }
    if (inst.type() == element_type::OBJECT) check_object(s, inst, ptr, out, depth);
    if (inst.type() == element_type::ARRAY) check_array(s, inst, ptr, out, depth);
    check_combinators(s, inst, ptr, out, depth);
  }

 private:
  static std::string at(const std::string& sptr) { return "schema #" + sptr + ": "; }

  static void check_type_keyword(const element& value, const std::string& sptr,
                                 std::vector<std::string>& out) {
    std::string_view name;
    if (value.get_string().get(name) == simdjson::SUCCESS) {
      if (!is_type_name(name)) out.push_back(at(sptr) + "unknown type " + std::string(name));
      return;
    }
    array names;
    if (value.get_array().get(names) != simdjson::SUCCESS || names.size() == 0) {
      out.push_back(at(sptr) + "type must be a type name or a non-empty array of type names");
      return;
    }
    for (element n : names) {
      if (n.get_string().get(name) != simdjson::SUCCESS || !is_type_name(name)) {
        out.push_back(at(sptr) + "unknown type " + render(n));
      }
    }
  }

  // "#", "#/$defs/NAME", "#/definitions/NAME" or any other RFC 6901 pointer into
  // the schema document (~0 and ~1 unescaped; percent-encoding is not decoded).
  std::optional<element> resolve(std::string_view ref) const {
    if (ref.empty() || ref.front() != '#') return std::nullopt;
    std::string_view rest = ref.substr(1);
    element cur = root_;
    if (rest.empty()) return cur;
    if (rest.front() != '/') return std::nullopt;
    while (!rest.empty()) {
      rest.remove_prefix(1);  // the '/'
      std::size_t end = rest.find('/');
      std::string_view raw = rest.substr(0, end);
      rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end);
      std::string token;
      for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '~' && i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
          token += raw[i + 1] == '0' ? '~' : '/';
          ++i;
        } else {
          token += raw[i];
        }
      }
      element next;
      if (cur.type() == element_type::OBJECT) {
        if (as_object(cur).at_key(token).get(next) != simdjson::SUCCESS) return std::nullopt;
      } else if (cur.type() == element_type::ARRAY) {
        std::size_t index = 0;
        if (token.empty() || token.size() > 18 ||
            token.find_first_not_of("0123456789") != std::string::npos) {
          return std::nullopt;
        }
        index = static_cast<std::size_t>(std::stoull(token));
        if (as_array(cur).at(index).get(next) != simdjson::SUCCESS) return std::nullopt;
      } else {
        return std::nullopt;
      }
      cur = next;
    }
    return cur;
  }

  static void check_type(const element& kw, const element& inst, const std::string& ptr,
                         std::vector<std::string>& out) {
    std::string expected;
    bool ok = false;
    std::string_view name;
    if (kw.get_string().get(name) == simdjson::SUCCESS) {
      ok = has_type(inst, name);
      expected = std::string(name);
    } else {
      array names;
      if (kw.get_array().get(names) != simdjson::SUCCESS) return;
      for (element n : names) {
        if (n.get_string().get(name) != simdjson::SUCCESS) continue;
        ok = ok || has_type(inst, name);
        if (!expected.empty()) expected += " or ";
        expected += std::string(name);
      }
    }
    if (!ok) out.push_back(where(ptr) + ": expected " + expected);
  }

  static void check_enum(const element& kw, const element& inst, const std::string& ptr,
                         std::vector<std::string>& out) {
    array values;
    if (kw.get_array().get(values) != simdjson::SUCCESS) return;
    for (element v : values) {
      if (json_equal(v, inst)) return;
    }
    out.push_back(where(ptr) + ": value " + render(inst) + " is not one of " + render(kw));
  }

  static void check_range(const object& s, const element& inst, const std::string& ptr,
                          std::vector<std::string>& out) {
    element kw;
    if (s.at_key("minimum").get(kw) == simdjson::SUCCESS && is_number(kw) &&
        compare_numbers(inst, kw) < 0) {
      out.push_back(where(ptr) + ": " + render(inst) + " is less than the minimum " + render(kw));
    }
    if (s.at_key("maximum").get(kw) == simdjson::SUCCESS && is_number(kw) &&
        compare_numbers(inst, kw) > 0) {
      out.push_back(where(ptr) + ": " + render(inst) + " is greater than the maximum " +
                    render(kw));
    }
  }

  void check_object(const object& s, const element& inst, const std::string& ptr,
                    std::vector<std::string>& out, int depth) const {
    object o = as_object(inst);
    element kw;
    if (s.at_key("required").get(kw) == simdjson::SUCCESS) {
      array names;
      if (kw.get_array().get(names) == simdjson::SUCCESS) {
        for (element n : names) {
          std::string_view name;
          element ignored;
          if (n.get_string().get(name) == simdjson::SUCCESS &&
              o.at_key(name).get(ignored) != simdjson::SUCCESS) {
            out.push_back(where(ptr) + ": missing required property \"" + std::string(name) + "\"");
          }
        }
      }
    }
    object props;
    bool has_props = s.at_key("properties").get(kw) == simdjson::SUCCESS &&
                     kw.get_object().get(props) == simdjson::SUCCESS;
    element additional;
    bool has_additional = s.at_key("additionalProperties").get(additional) == simdjson::SUCCESS;
    for (auto field : o) {
      element sub;
      if (has_props && props.at_key(field.key).get(sub) == simdjson::SUCCESS) {
        validate(sub, field.value, child(ptr, field.key), out, depth + 1);
      } else if (has_additional) {
        bool allowed = true;
        if (additional.get_bool().get(allowed) == simdjson::SUCCESS) {
          if (!allowed) {
            out.push_back(where(ptr) + ": property \"" + std::string(field.key) +
                          "\" is not allowed");
          }
        } else {
          validate(additional, field.value, child(ptr, field.key), out, depth + 1);
        }
      }
    }
  }

  void check_array(const object& s, const element& inst, const std::string& ptr,
                   std::vector<std::string>& out, int depth) const {
    array a = as_array(inst);
    element kw;
    if (s.at_key("minItems").get(kw) == simdjson::SUCCESS && non_negative_integer(kw) &&
        a.size() < as_count(kw)) {
      out.push_back(where(ptr) + ": array of " + std::to_string(a.size()) +
                    " items has fewer than minItems " + render(kw));
    }
    if (s.at_key("items").get(kw) == simdjson::SUCCESS && kw.type() != element_type::ARRAY) {
      std::size_t i = 0;
      for (element item : a) validate(kw, item, child(ptr, i++), out, depth + 1);
    }
  }

  void check_combinators(const object& s, const element& inst, const std::string& ptr,
                         std::vector<std::string>& out, int depth) const {
    element kw;
    array branches;
    if (s.at_key("allOf").get(kw) == simdjson::SUCCESS &&
        kw.get_array().get(branches) == simdjson::SUCCESS) {
      for (element b : branches) validate(b, inst, ptr, out, depth + 1);
    }
    if (s.at_key("anyOf").get(kw) == simdjson::SUCCESS &&
        kw.get_array().get(branches) == simdjson::SUCCESS && branches.size() > 0) {
      std::string details;
      bool matched = false;
      std::size_t i = 0;
      for (element b : branches) {
        std::vector<std::string> sub;
        validate(b, inst, ptr, sub, depth + 1);
        if (sub.empty()) {
          matched = true;
          break;
        }
        details += (i == 0 ? "" : "; ") + std::to_string(i) + ": " + sub.front();
        ++i;
      }
      if (!matched) {
        out.push_back(where(ptr) + ": matches no schema in anyOf [" + details + "]");
      }
    }
    if (s.at_key("oneOf").get(kw) == simdjson::SUCCESS &&
        kw.get_array().get(branches) == simdjson::SUCCESS && branches.size() > 0) {
      std::string details;
      std::vector<std::size_t> matches;
      std::size_t i = 0;
      for (element b : branches) {
        std::vector<std::string> sub;
        validate(b, inst, ptr, sub, depth + 1);
        if (sub.empty()) {
          matches.push_back(i);
        } else {
          details += (details.empty() ? "" : "; ") + std::to_string(i) + ": " + sub.front();
        }
        ++i;
      }
      if (matches.empty()) {
        out.push_back(where(ptr) + ": matches no schema in oneOf [" + details + "]");
      } else if (matches.size() > 1) {
        std::string list;
        for (auto m : matches) list += (list.empty() ? "" : ", ") + std::to_string(m);
        out.push_back(where(ptr) + ": matches " + std::to_string(matches.size()) +
                      " schemas in oneOf (" + list + "), expected exactly one");
      }
    }
  }

  element root_;
};

}  // namespace

std::vector<std::string> validate_json(std::string_view schema_json,
                                       std::string_view instance_json) {
  std::vector<std::string> out;
  simdjson::dom::parser schema_parser;
  simdjson::dom::parser instance_parser;
  simdjson::padded_string schema_text(schema_json);
  simdjson::padded_string instance_text(instance_json);
  element schema;
  element instance;
  auto schema_error = schema_parser.parse(schema_text).get(schema);
  auto instance_error = instance_parser.parse(instance_text).get(instance);
  if (schema_error != simdjson::SUCCESS) {
    out.push_back(std::string("schema: invalid JSON: ") + simdjson::error_message(schema_error));
  }
  if (instance_error != simdjson::SUCCESS) {
    out.push_back(std::string("instance: invalid JSON: ") +
                  simdjson::error_message(instance_error));
  }
  if (!out.empty()) return out;

  validator v(schema);
  v.check_schema(schema, "", out);
  v.validate(schema, instance, "", out, 0);
  return out;
}

}  // namespace harfact::detail
