// Burp Suite XML item exports to HAR entries (see xml_converter.hpp).
//
// Burp Suite ("Save items" / "Save selected items" as XML; the DTD is in every
// export): <items burpVersion exportTime> holds <item> elements with the
// children time, url, host (attribute ip), port, protocol, method, path,
// extension, request (attribute base64), status, responselength, mimetype,
// response (attribute base64), comment. request and response are the raw HTTP
// messages as sent and received.
#include <fmt/format.h>

#include <algorithm>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "core/ascii.hpp"
#include "har/xml_converter.hpp"
#include "har/xml_text.hpp"
#include "harfact/har/timestamp.hpp"

namespace harfact::har::detail::xml {

using harfact::detail::iequals_ascii;

// --- Burp Suite ---------------------------------------------------------------

void converter::burp_item(pugi::xml_node item) {
  const std::string pointer = fmt::format("/log/entries/{}", index_);
  const std::uint64_t where = begin_ + offset_of(item);
  const std::string time_text = text_of(item.child("time"));
  if (!time_text.empty()) {
    const auto t = parse_burp_time(time_text);
    if (!t) {
      note(severity::warning,
           fmt::format("item {} (byte {} of the file): time \"{}\" is not in Burp's "
                       "\"EEE MMM dd HH:mm:ss zzz yyyy\" form; kept as written",
                       index_, where, time_text),
           pointer + "/startedDateTime");
      j_.member("startedDateTime", time_text);
    } else {
      j_.member("startedDateTime", t->iso);
      if (t->ambiguous || t->unknown) {
        auto it = std::find_if(zoneless_.begin(), zoneless_.end(),
                               [&](const zoneless& z) { return z.zone == t->zone; });
        if (it == zoneless_.end()) {
          zoneless_.push_back({t->zone, t->ambiguous, 1});
        } else {
          ++it->count;
        }
      }
      if (!t->weekday_ok) {
        note(severity::warning,
             fmt::format("item {} (byte {} of the file): time \"{}\" names the wrong day of the "
                         "week for its date (Burp writes it from the date: a sign of editing)",
                         index_, where, time_text),
             pointer + "/startedDateTime");
      }
    }
  }
  j_.member("time", std::int64_t{0});  // HAR: the sum of the timings that apply; none do

  // The raw messages.
  auto raw_of = [&](const char* name, std::string& bytes) {
    const pugi::xml_node n = item.child(name);
    bytes = text_of(n);
    if (!iequals_ascii(n.attribute("base64").value(), "true")) return;
    std::string decoded;
    if (base64_decode(bytes, decoded)) {
      bytes = std::move(decoded);
      return;
    }
    note(severity::error,
         fmt::format("item {} (byte {} of the file): <{}> says base64=\"true\" but is not valid "
                     "base64; the message is left out",
                     index_, where, name),
         pointer + (std::string_view(name) == "request" ? "/request" : "/response"));
    bytes.clear();
  };
  std::string request_bytes, response_bytes;
  raw_of("request", request_bytes);
  raw_of("response", response_bytes);
  const http_message req = parse_raw_http(request_bytes);
  const http_message res = parse_raw_http(response_bytes);

  const auto rl = split_first_line(req.first_line);
  std::string url = text_of(item.child("url"));
  if (url.empty()) {
    const std::string protocol = text_of(item.child("protocol"));
    const std::string port = text_of(item.child("port"));
    const bool default_port = (protocol == "http" && port == "80") ||
                              (protocol == "https" && port == "443") || port.empty();
    url =
        fmt::format("{}://{}{}{}{}", protocol, text_of(item.child("host")), default_port ? "" : ":",
                    default_port ? "" : port, text_of(item.child("path")));
  }
  const std::string method_el = text_of(item.child("method"));
  write_request(rl[0].empty() ? std::string_view(method_el) : rl[0], url,
                rl[2].substr(0, 5) == "HTTP/" ? rl[2] : std::string_view(), req);

  const auto sl = split_first_line(res.first_line);
  std::optional<std::int64_t> status = sl[0].substr(0, 5) == "HTTP/" ? to_int(sl[1]) : std::nullopt;
  if (!status) status = to_int(text_of(item.child("status")));
  write_response(status, sl[0].substr(0, 5) == "HTTP/" ? sl[2] : std::string_view(),
                 sl[0].substr(0, 5) == "HTTP/" ? sl[0] : std::string_view(), res, "");
  j_.key("cache").begin_object().end_object();
  write_unknown_timings(j_);
  const pugi::xml_node host = item.child("host");
  if (const char* ip = host.attribute("ip").value(); *ip != '\0') j_.member("serverIPAddress", ip);
  if (const std::string c = text_of(item.child("comment")); !c.empty()) j_.member("comment", c);

  // Everything Burp wrote besides the messages, as text.
  j_.key("_xml").begin_object();
  j_.member("format", "burp_xml");
  j_.member("item", static_cast<std::int64_t>(index_));
  j_.member("offset", static_cast<std::int64_t>(where));
  std::vector<std::string> seen;
  for (pugi::xml_node c = item.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    std::string name = c.name();
    if (name == "request" || name == "response") {
      const char* b64 = c.attribute("base64").value();
      if (*b64 != '\0') j_.member(name + "_base64", b64);
      continue;
    }
    for (int k = 2; std::find(seen.begin(), seen.end(), name) != seen.end(); ++k) {
      name = fmt::format("{}#{}", c.name(), k);
    }
    seen.push_back(name);
    j_.member(name, text_of(c));
    for (pugi::xml_attribute a = c.first_attribute(); a; a = a.next_attribute()) {
      j_.member(fmt::format("{}_{}", name, a.name()), a.value());
    }
  }
  j_.end_object();
}

}  // namespace harfact::har::detail::xml
