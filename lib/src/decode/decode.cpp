#include <re2/re2.h>

#include <algorithm>
#include <array>

#include "decode/generic.hpp"
#include "decode/vendor_table.hpp"
#include "decode/vendors.hpp"
#include "harfact/decode/decoder.hpp"

namespace harfact::decode {

namespace {

constexpr std::size_t k_max_value = 2048;

constexpr std::array<std::string_view, 16> k_kind_names{
    "event",           "page_url",       "referrer",     "page_title",
    "account_id",      "client_id",      "user_id",      "user_data_hashed",
    "user_data_plain", "custom_data",    "form_content", "button_text",
    "typed_content",   "consent_signal", "device",       "other"};

bool name_matches(std::string_view pattern, std::string_view name) {
  if (!pattern.empty() && pattern.back() == '*') {
    pattern.remove_suffix(1);
    return name.substr(0, pattern.size()) == pattern;
  }
  return name == pattern;
}

bool hashed(field_kind k) { return k == field_kind::user_data_hashed; }

// What looks like personal data in a plain value. Emails anywhere; phone
// numbers and names only where the field's name says so, because a bare run of
// digits is as often a timestamp or an id.
std::string personal_data(const field& f) {
  static const RE2 email(R"([A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,})");
  static const RE2 phone_name(R"((?i)(^|[^a-z])(phone|tel|mobile|ph)([^a-z]|$))");
  static const RE2 phone_value(R"(^\+?[0-9][0-9 ().\-]{6,}[0-9]$)");
  static const RE2 person_name(
      R"((?i)((^|[^a-z])(first_?name|last_?name|full_?name|fname|lname|given_?name|family_?name)\]?$|\[(fn|ln)\]$))");
  // A bare "name" is a person's only under a person-like parent ("name",
  // "user.name", "fields[name]"), not "context.library.name" or "event.name".
  static const RE2 bare_name(
      R"((?i)^((user|customer|contact|person|visitor|profile|billing|shipping|form|fields|values|data)[.\[_])?name\]?$)");
  static const RE2 file_name(R"((?i)\.(js|css|json|html?|php|aspx?|png|gif|svg)$)");
  static const RE2 letters(R"(^[[:alpha:] .'\-]{2,}$)");
  if (hashed(f.kind) || f.value.empty()) return {};
  if (RE2::PartialMatch(f.value, email)) return "email";
  if (RE2::PartialMatch(f.name, phone_name) && RE2::FullMatch(f.value, phone_value)) {
    return "phone";
  }
  if ((RE2::PartialMatch(f.name, person_name) || RE2::FullMatch(f.name, bare_name)) &&
      RE2::FullMatch(f.value, letters) && !RE2::PartialMatch(f.value, file_name)) {
    return "name";
  }
  return {};
}

}  // namespace

std::string_view field_kind_name(field_kind k) noexcept {
  return k_kind_names[static_cast<std::size_t>(k)];
}

void registry::add(std::string name, decoder_fn fn) { decoders_.emplace_back(std::move(name), fn); }

decoder_fn registry::find(std::string_view name) const noexcept {
  for (const auto& [n, fn] : decoders_) {
    if (n == name) return fn;
  }
  return nullptr;
}

std::vector<std::string> registry::names() const {
  std::vector<std::string> out;
  for (const auto& d : decoders_) out.push_back(d.first);
  return out;
}

const registry& builtin() {
  static const registry r = [] {
    registry b;
    b.add("query", detail::query);
    b.add("form", detail::form);
    b.add("json", detail::json);
    b.add("text_lines", detail::text_lines);
    b.add("base64", detail::base64);
    b.add("gzip", detail::gzip);
    b.add("websocket", detail::websocket);
    detail::add_vendor_decoders(b);
    return b;
  }();
  return r;
}

const std::string& context::request_body() {
  if (body_loaded) return body;
  body_loaded = true;
  const auto& post = e.request.post;
  if (!post.present || !post.body.present()) return body;
  const std::string_view text = e.str(post.body);
  if (e.str(post.encoding) == "base64") {
    if (!detail::base64_decode(text, body)) {
      out.notes.push_back("the body is marked base64 but is not valid base64");
      body.assign(text);
    }
  } else {
    body.assign(text);
  }
  return body;
}

field& context::add(std::string name, std::string_view value, std::string source) {
  field f;
  f.name = std::move(name);
  f.truncated = value.size() > k_max_value;
  f.value.assign(value.substr(0, k_max_value));
  f.source = std::move(source);
  out.fields.push_back(std::move(f));
  return out.fields.back();
}

namespace detail {

void classify(context& ctx, std::span<const param_rule> rules) {
  for (auto& f : ctx.out.fields) {
    if (f.kind != field_kind::other || !f.meaning.empty()) continue;
    for (const auto& r : rules) {
      if (!name_matches(r.pattern, f.name)) continue;
      f.kind = r.kind;
      f.meaning = std::string(r.meaning);
      f.uncertain = r.uncertain;
      if (r.event && !f.value.empty()) ctx.out.events.push_back(f.value);
      break;
    }
  }
}

}  // namespace detail

decoded decode_hit(har::entry& e, const sig::signature& s, const registry& r) {
  decoded out;
  context ctx{e, out, {}, false, false};
  for (const auto& name : s.decoders) {
    if (const decoder_fn fn = r.find(name)) {
      fn(ctx);
    } else {
      out.notes.push_back("no decoder \"" + name +
                          "\" in this version: fields are listed, not "
                          "classified");
    }
  }
  // A body that was sent but not kept by the capture.
  const std::string_view method = e.str(e.request.method);
  const bool sends_body = method == "POST" || method == "PUT" || method == "PATCH";
  const bool kept =
      e.request.post.present && (e.request.post.body.present() || !e.request.post.params.empty());
  if (sends_body && !kept && e.request.body_size.value_or(-1) != 0) {
    out.body_not_captured = true;
    out.notes.push_back("the request body was not captured: what it carried cannot be shown");
  }
  if (ctx.body_binary) {
    out.notes.push_back("the body is binary after unwrapping: not decoded");
  }
  for (auto& f : out.fields) f.personal_data = personal_data(f);
  return out;
}

}  // namespace harfact::decode
