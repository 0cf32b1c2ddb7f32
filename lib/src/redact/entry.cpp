#include "redact/entry.hpp"

#include <fmt/format.h>

#include "core/ascii.hpp"
#include "harfact/decode/decoder.hpp"
#include "harfact/net/url.hpp"
#include "redact/json_text.hpp"
#include "sig/url_query.hpp"
#include "timeline/evidence.hpp"

namespace harfact::redact::detail {

namespace {

using harfact::detail::iequals_ascii;
using harfact::detail::to_lower_ascii;

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool contains(std::string_view s, std::string_view needle) noexcept {
  return s.find(needle) != std::string_view::npos;
}

// A consent cookie (the timeline's table): its value is a recorded choice.
bool consent_cookie(std::string_view name) {
  return !timeline::detail::consent_cookie_kind(name).empty();
}

// Where the timeline reads consent evidence from bodies and URLs, recognised
// without a signature database too (timeline/evidence.cpp: endpoints_of).
bool consent_host(std::string_view host) {
  return contains(host, "onetrust.com") || contains(host, "cookielaw.org") ||
         contains(host, "cookiebot.") || host == "optanon.blob.core.windows.net";
}

// The decoders of hits no signature names: generic fields and personal data.
const sig::signature& generic_signature() {
  static const sig::signature s = [] {
    sig::signature g;
    g.id = "redact.generic";
    g.decoders = {"query", "form", "json"};
    return g;
  }();
  return s;
}

std::optional<value_kind> kind_of(const decode::field& f) {
  if (f.kind == decode::field_kind::user_data_hashed) return value_kind::hashed_user_data;
  if (f.personal_data == "email") return value_kind::email;
  if (f.personal_data == "phone") return value_kind::phone;
  if (f.personal_data == "name") return value_kind::person_name;
  switch (f.kind) {
    case decode::field_kind::user_data_plain: return value_kind::user_data;
    case decode::field_kind::client_id: return value_kind::client_id;
    case decode::field_kind::user_id: return value_kind::user_id;
    case decode::field_kind::form_content: return value_kind::form_value;
    case decode::field_kind::typed_content: return value_kind::typed_content;
    default: return std::nullopt;
  }
}

struct entry_context {
  har::entry& e;
  rules& r;
  std::vector<splice>& out;
  std::vector<change>& changes;
  counters& count;
  std::string base;  // "/log/entries/N"
  bool tracker = false;
  bool consent = false;
  bool typed_values = false;  // a request to a non-tracker that sends a body

  void put(const har::text& t, std::string_view value, const std::string& pointer,
           const masked_list& found) {
    if (found.empty()) return;
    splice s;
    s.begin = t.offset + 1;
    s.end = s.begin + t.raw.size();
    append_escaped(s.text, value);
    out.push_back(std::move(s));
    record(changes, e.index, base + pointer, found);
  }
};

// name=value; name=value (Cookie) or the first pair of a Set-Cookie line.
std::string cookie_pairs(entry_context& c, std::string_view header, const char* where,
                         masked_list& found) {
  constexpr char separator = ';';
  std::string result;
  std::size_t start = 0;
  while (start <= header.size()) {
    std::size_t end = header.find(separator, start);
    if (end == std::string_view::npos) end = header.size();
    const std::string_view part = header.substr(start, end - start);
    const std::size_t eq = part.find('=');
    if (eq == std::string_view::npos) {
      result.append(part);
    } else {
      const std::string_view name = trim(part.substr(0, eq));
      std::string_view value = part.substr(eq + 1);
      const std::size_t lead = std::min(value.find_first_not_of(" \t"), value.size());
      value = trim(value);
      const bool quoted = value.size() >= 2 && value.front() == '"' && value.back() == '"';
      const std::string_view inner = quoted ? value.substr(1, value.size() - 2) : value;
      if (consent_cookie(name) || inner.empty() || masker::is_placeholder(inner)) {
        result.append(part);
      } else {
        result.append(part.substr(0, eq + 1 + lead));
        if (quoted) result += '"';
        result += c.r.mask().mask(value_kind::cookie, inner);
        if (quoted) result += '"';
        result.append(part.substr(eq + 1 + lead + value.size()));
        found.push_back(
            {value_kind::cookie, std::string(name), fmt::format("identifier cookie ({})", where)});
      }
    }
    if (end < header.size()) result += header[end];
    start = end + 1;
  }
  return result;
}

std::string set_cookie(entry_context& c, std::string_view header, masked_list& found) {
  // One or several lines (exporters fold Set-Cookie headers with newlines);
  // only each line's first pair is the cookie, the rest are attributes.
  std::string result;
  std::size_t start = 0;
  while (start <= header.size()) {
    std::size_t end = header.find('\n', start);
    if (end == std::string_view::npos) end = header.size();
    const std::string_view line = header.substr(start, end - start);
    const std::size_t semi = std::min(line.find(';'), line.size());
    result += cookie_pairs(c, line.substr(0, semi), "Set-Cookie header", found);
    result.append(line.substr(semi));
    if (end < header.size()) result += '\n';
    start = end + 1;
  }
  return result;
}

std::string credentials(entry_context& c, std::string_view value, masked_list& found) {
  const std::string_view v = trim(value);
  const std::size_t space = v.find(' ');
  const std::string_view secret = space == std::string_view::npos ? v : trim(v.substr(space + 1));
  if (secret.empty() || masker::is_placeholder(secret)) return std::string(value);
  found.push_back({value_kind::authorization, "", "credentials of an authorization header"});
  std::string out(v.substr(0, space == std::string_view::npos ? 0 : space + 1));
  out += c.r.mask().mask(value_kind::authorization, secret);
  return out;
}

void headers(entry_context& c, std::vector<har::name_value>& list, bool request,
             const std::string& where) {
  for (std::size_t j = 0; j < list.size(); ++j) {
    auto& h = list[j];
    if (!h.value.present()) continue;
    const std::string name = to_lower_ascii(c.e.str(h.name));
    const std::string value(c.e.str(h.value));
    masked_list found;
    std::string now;
    if (name == "content-length") continue;  // see bodies
    if (request && name == "cookie") {
      now = cookie_pairs(c, value, "Cookie header", found);
    } else if (!request && name == "set-cookie") {
      now = set_cookie(c, value, found);
    } else if (name == "authorization" || name == "proxy-authorization") {
      now = credentials(c, value, found);
    } else if (secret_header(name)) {
      if (!value.empty() && !masker::is_placeholder(value)) {
        const value_kind k = contains(name, "key")       ? value_kind::api_key
                             : contains(name, "session") ? value_kind::session_id
                                                         : value_kind::token;
        found.push_back({k, std::string(c.e.str(h.name)), "credential header"});
        now = c.r.mask().mask(k, value);
      }
    } else if (name == "referer" || name == "origin" || name == "location" ||
               name == "content-location") {
      now = c.r.url(value, found);
    } else {
      now = value;
      c.r.free_text(now, found);
    }
    c.put(h.value, now, fmt::format("{}/headers/{}/value", where, j), found);
  }
}

void cookies(entry_context& c, std::vector<har::cookie>& list, const std::string& where) {
  for (std::size_t k = 0; k < list.size(); ++k) {
    auto& ck = list[k];
    const std::string_view name = c.e.str(ck.name);
    const std::string value(c.e.str(ck.value));
    if (!ck.value.present() || value.empty() || consent_cookie(name) ||
        masker::is_placeholder(value)) {
      continue;
    }
    // Quoted as in the header (some exporters keep the quotes): the same
    // placeholder inside the same quotes.
    const bool quoted = value.size() >= 2 && value.front() == '"' && value.back() == '"';
    const std::string inner = quoted ? value.substr(1, value.size() - 2) : value;
    if (inner.empty() || masker::is_placeholder(inner)) continue;
    std::string now = c.r.mask().mask(value_kind::cookie, inner);
    if (quoted) now = '"' + now + '"';
    masked_list found{{value_kind::cookie, std::string(name), "identifier cookie (cookies array)"}};
    c.put(ck.value, now, fmt::format("{}/cookies/{}/value", where, k), found);
  }
}

// A text body: JSON member by member, form-encoded pairs, then free text.
std::string body(entry_context& c, const std::string& text, std::string_view mime, bool typed,
                 masked_list& found) {
  std::string now = text;
  auto member = [&](const std::string& path, std::string_view key,
                    const std::string& value) -> std::optional<std::string> {
    if (auto v = c.r.param(path, value, found)) return v;
    if (value.empty() || masker::is_placeholder(value)) return std::nullopt;
    if (auto s = secret_name(key, value)) {
      found.push_back({s->first, std::string(key), s->second});
      return c.r.mask().mask(s->first, value);
    }
    if (typed) return c.r.typed(key, value, found);
    return std::nullopt;
  };
  if (now.empty()) return now;
  const std::size_t first = now.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && (now[first] == '{' || now[first] == '[')) {
    // JSON: member by member only (member names are kept as they are).
    if (auto json = rewrite_json_strings(now, member)) return std::move(*json);
    if (now[first] == '{' || now.find("\":") != std::string::npos) return now;
  } else if (contains(mime, "x-www-form-urlencoded") ||
             (now.find('=') != std::string::npos && now.front() != '{' && now.front() != '[' &&
              now.front() != '<')) {
    now = c.r.form(now, typed && contains(mime, "x-www-form-urlencoded"), found);
  }
  c.r.free_text(now, found);
  return now;
}

bool text_like(std::string_view mime) {
  return contains(mime, "json") || contains(mime, "text") || contains(mime, "javascript") ||
         contains(mime, "xml") || contains(mime, "form");
}

// Bytes of a decoded body as the size fields count them (non-base64).
std::size_t size_of(std::string_view s) { return s.size(); }

// Replaces the number at member `name` of the object at `object` (in the
// entry) when it equalled `before`.
void fix_size(entry_context& c, std::string_view object, std::string_view name,
              std::optional<std::int64_t> declared, std::size_t before, std::size_t after) {
  if (!declared || before == after) return;
  if (*declared != static_cast<std::int64_t>(before)) {
    ++c.count.sizes_kept;
    return;
  }
  std::string_view raw = c.e.raw_json;
  std::uint64_t base = c.e.offset;
  std::size_t from = 0;
  while (!object.empty()) {
    const std::size_t slash = object.find('/');
    const std::string_view part = object.substr(0, slash);
    const auto span = member_span(raw.substr(from), part);
    if (!span) return;
    raw = raw.substr(from + span->first, span->second - span->first);
    base += from + span->first;
    from = 0;
    object = slash == std::string_view::npos ? std::string_view() : object.substr(slash + 1);
  }
  const auto span = member_span(raw, name);
  if (!span) return;
  splice s;
  s.begin = base + span->first;
  s.end = base + span->second;
  s.text = std::to_string(after);
  c.out.push_back(std::move(s));
}

void request_body(entry_context& c) {
  auto& post = c.e.request.post;
  if (!post.present) return;
  const std::string mime = to_lower_ascii(c.e.str(post.mime_type));
  if (post.body.present() && !post.body.empty()) {
    if (iequals_ascii(c.e.str(post.encoding), "base64")) {
      if (text_like(mime)) ++c.count.base64_bodies;
    } else {
      const std::string text(c.e.str(post.body));
      masked_list found;
      const std::string now = body(c, text, mime, c.typed_values, found);
      c.put(post.body, now, "/request/postData/text", found);
      if (!found.empty()) {
        fix_size(c, "request", "bodySize", c.e.request.body_size, size_of(text), size_of(now));
        if (const auto* h = c.e.request_header("content-length")) {
          if (c.e.str(h->value) == std::to_string(size_of(text))) {
            splice s;
            s.begin = h->value.offset + 1;
            s.end = s.begin + h->value.raw.size();
            s.text = std::to_string(size_of(now));
            c.out.push_back(std::move(s));
          }
        }
      }
    }
  }
  for (std::size_t k = 0; k < post.params.size(); ++k) {
    auto& p = post.params[k];
    const std::string name(c.e.str(p.name));
    const std::string value(c.e.str(p.value));
    masked_list found;
    std::optional<std::string> now = c.r.param(name, value, found);
    if (!now && c.typed_values && !value.empty() && !masker::is_placeholder(value)) {
      now = c.r.typed(name, value, found);
    }
    if (now) c.put(p.value, *now, fmt::format("/request/postData/params/{}/value", k), found);
  }
}

void response_body(entry_context& c) {
  auto& content = c.e.response.content;
  if (!content.body.present() || content.body.empty()) return;
  const std::string mime = to_lower_ascii(c.e.str(content.mime_type));
  if (iequals_ascii(c.e.str(content.encoding), "base64")) {
    if (text_like(mime)) ++c.count.base64_bodies;
    return;
  }
  const std::string text(c.e.str(content.body));
  masked_list found;
  const std::string now = body(c, text, mime, false, found);
  c.put(content.body, now, "/response/content/text", found);
  if (!found.empty()) {
    fix_size(c, "response/content", "size", content.size, size_of(text), size_of(now));
  }
}

void urls(entry_context& c) {
  auto url = [&](const har::text& t, const std::string& pointer) {
    if (!t.present() || t.empty()) return;
    masked_list found;
    const std::string now = c.r.url(c.e.str(t), found);
    c.put(t, now, pointer, found);
  };
  // A first pass learns every secret of the URL, so that a parameter echoing
  // one masked later in the same URL is masked in the URL and in queryString alike.
  if (c.e.request.url.present()) {
    masked_list ignored;
    (void)c.r.url(c.e.str(c.e.request.url), ignored);
  }
  url(c.e.request.url, "/request/url");
  for (std::size_t k = 0; k < c.e.request.query_string.size(); ++k) {
    auto& q = c.e.request.query_string[k];
    masked_list found;
    // Chrome writes queryString values still percent-encoded, others decoded:
    // the parameter is judged decoded and written back as it was.
    const std::string_view raw_name = c.e.str(q.name);
    const std::string_view raw_value = c.e.str(q.value);
    std::string name, value;
    sig::detail::percent_decode(raw_name, name);
    sig::detail::percent_decode(raw_value, value);
    const bool encoded = value != raw_value;
    if (auto now = c.r.param(name, value, found)) {
      c.put(q.value, encoded ? percent_encode(*now) : *now,
            fmt::format("/request/queryString/{}/value", k), found);
    }
  }
  url(c.e.response.redirect_url, "/response/redirectURL");
  if (c.e.initiator.present) url(c.e.initiator.url, "/_initiator/url");
  // Stack frames: the pointer follows the parent links from the initiator's stack.
  for (std::int32_t s = c.e.initiator.stack, depth = 0;
       s >= 0 && s < static_cast<std::int32_t>(c.e.stacks.size()) && depth < 64; ++depth) {
    const auto& st = c.e.stacks[static_cast<std::size_t>(s)];
    std::string at = "/_initiator/stack";
    for (int d = 0; d < depth; ++d) at += "/parent";
    for (std::uint32_t i = 0; i < st.frame_count; ++i) {
      url(c.e.call_frames[st.first_frame + i].url, fmt::format("{}/callFrames/{}/url", at, i));
    }
    s = st.parent;
  }
}

void extras(entry_context& c) {
  for (const auto& x : c.e.extras) {
    if (x.raw_json.empty()) continue;
    masked_list found;
    std::string now;
    if (x.raw_json.front() == '"') {
      har::text t;
      t.raw = x.raw_json.substr(1, x.raw_json.size() - 2);
      t.flags = har::text::k_present | har::text::k_escaped;
      now = har::to_string(t);
      if (!c.r.free_text(now, found)) continue;
      std::string quoted = "\"";
      append_escaped(quoted, now);
      now = quoted + "\"";
    } else {
      auto member = [&](const std::string&, std::string_view key,
                        const std::string& value) -> std::optional<std::string> {
        if (auto v = c.r.param(key, value, found)) return v;
        return std::nullopt;
      };
      auto json = rewrite_json_strings(x.raw_json, member);
      if (!json) continue;
      now = std::move(*json);
    }
    if (found.empty()) continue;
    splice s;
    s.begin = x.offset;
    s.end = x.offset + x.raw_json.size();
    s.text = std::move(now);
    c.out.push_back(std::move(s));
    record(c.changes, c.e.index, c.base + x.pointer(), found);
  }
}

void websocket(entry_context& c) {
  for (std::size_t k = 0; k < c.e.websocket_messages.size(); ++k) {
    auto& m = c.e.websocket_messages[k];
    if (!m.data.present() || m.data.empty()) continue;
    masked_list found;
    const std::string now = body(c, std::string(c.e.str(m.data)), "", false, found);
    c.put(m.data, now, fmt::format("/_webSocketMessages/{}/data", k), found);
  }
}

}  // namespace

void record(std::vector<change>& changes, std::optional<std::uint64_t> entry,
            const std::string& pointer, const masked_list& found) {
  for (const auto& m : found) {
    bool merged = false;
    for (auto it = changes.rbegin(); it != changes.rend() && it->entry == entry; ++it) {
      if (it->pointer == pointer && it->kind == m.kind && it->name == m.name) {
        ++it->count;
        merged = true;
        break;
      }
    }
    if (merged) continue;
    change ch;
    ch.entry = entry;
    ch.pointer = pointer;
    ch.kind = m.kind;
    ch.name = m.name;
    ch.reason = m.reason;
    changes.push_back(std::move(ch));
  }
}

void redact_entry(har::entry& e, rules& r, const sig::matcher* matcher, std::vector<splice>& out,
                  std::vector<change>& changes, counters& count) {
  entry_context c{e, r, out, changes, count, fmt::format("/log/entries/{}", e.index)};
  const std::string_view url = e.str(e.request.url);
  const std::string_view method = e.str(e.request.method);
  std::vector<sig::match> found;
  if (matcher != nullptr) matcher->find(url, method.empty() ? "GET" : method, found);
  c.tracker = !found.empty();
  for (const auto& m : found) {
    if (m.owner != nullptr && m.owner->category == sig::category::consent_platform)
      c.consent = true;
  }
  if (const auto parts = net::split_url(url)) {
    if (consent_host(net::normalize_host(parts->host))) c.consent = true;
  }
  const bool sends = method == "POST" || method == "PUT" || method == "PATCH";
  c.typed_values = sends && !c.tracker && !c.consent;

  // What the decoders read, and what they flag, is masked wherever it appears.
  if (!c.consent) {
    const decode::decoded d =
        decode::decode_hit(e, c.tracker ? *found.front().sig : generic_signature());
    for (const auto& f : d.fields) {
      const auto k = kind_of(f);
      if (!k || f.truncated) continue;
      std::string why = std::string(decode::field_kind_name(f.kind));
      if (!f.meaning.empty()) why += " (" + f.meaning + ")";
      if (!f.personal_data.empty()) why += ", looks like " + f.personal_data;
      r.learn(f.name, f.value, *k, "field of a request: " + why);
    }
  }

  headers(c, e.request.headers, true, "/request");
  cookies(c, e.request.cookies, "/request");
  headers(c, e.response.headers, false, "/response");
  cookies(c, e.response.cookies, "/response");
  if (c.consent) {
    ++count.consent_entries;
    return;
  }
  urls(c);
  request_body(c);
  response_body(c);
  websocket(c);
  extras(c);
}

}  // namespace harfact::redact::detail
