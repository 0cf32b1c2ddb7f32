// Burp Suite and Charles Proxy XML exports to HAR 1.2 text (see xml_import.hpp).
//
// Burp Suite ("Save items" / "Save selected items" as XML; the DTD is in every
// export): <items burpVersion exportTime> holds <item> elements with the
// children time, url, host (attribute ip), port, protocol, method, path,
// extension, request (attribute base64), status, responselength, mimetype,
// response (attribute base64), comment. request and response are the raw HTTP
// messages as sent and received.
//
// Charles Proxy (File > Export Session > XML, and .chlsx): <charles-session>
// holds <transaction> elements whose attributes describe the exchange (method,
// protocol, protocolVersion, host, port / actualPort, path, query,
// remoteAddress, clientAddress, status, and the times startTime(Millis),
// requestBeginTime(Millis), requestTime(Millis), responseTime(Millis),
// endTime(Millis), dnsDuration, connectDuration, sslDuration), with a
// <request> and a <response> (attribute status), each holding
// <headers><first-line/><header><name/><value/></header>...</headers> and a
// <body> (attribute encoding="base64" for binary bodies). No DTD or
// specification is published for this format: the names above are those of
// exports we have seen, and everything is read tolerantly. A header written as
// <header name="...">value</header> is accepted too; a port attribute may be
// absent; every attribute of a transaction (known or not) and every other child
// element is copied as text into the entry's _xml object, so nothing is lost.
// Whether connectDuration includes sslDuration is not documented: they are
// written as HAR connect and ssl unchanged.
#include "har/xml_import.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <pugixml.hpp>
#include <string>
#include <vector>

#include "core/ascii.hpp"
#include "har/document.hpp"
#include "har/xml_text.hpp"
#include "harfact/har/timestamp.hpp"

namespace harfact::har::detail {

namespace {

using harfact::detail::iequals_ascii;

// ---------------------------------------------------------------------------
// The parsed XML.

// Text content of an element: its PCDATA and CDATA children concatenated (an
// exporter may split a body over several CDATA sections).
std::string text_of(pugi::xml_node n) {
  std::string out;
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
  }
  return out;
}

// Byte offset of an element's '<' in the parsed text.
std::uint64_t offset_of(pugi::xml_node n) {
  const std::ptrdiff_t o = n.offset_debug();
  return o > 0 ? static_cast<std::uint64_t>(o - 1) : 0;
}

// Whether the element starting at `start` (its '<') is closed by `</tag>` before
// `limit`. Skips CDATA sections, comments and processing instructions, whose
// text may contain anything (a saved RSS response holds "</item>").
bool closed_before(std::string_view xml, std::size_t start, std::string_view tag,
                   std::size_t limit) {
  std::size_t i = start + 1;
  limit = std::min(limit, xml.size());
  while (i < limit) {
    const std::size_t lt = xml.find('<', i);
    if (lt == std::string_view::npos || lt >= limit) return false;
    const std::string_view rest = xml.substr(lt);
    std::string_view skip_to;
    if (rest.substr(0, 9) == "<![CDATA[") {
      skip_to = "]]>";
    } else if (rest.substr(0, 4) == "<!--") {
      skip_to = "-->";
    } else if (rest.substr(0, 2) == "<?") {
      skip_to = "?>";
    }
    if (!skip_to.empty()) {
      const std::size_t e = xml.find(skip_to, lt + 2);
      if (e == std::string_view::npos) return false;
      i = e + skip_to.size();
      continue;
    }
    if (rest.size() > tag.size() + 2 && rest[1] == '/' && rest.substr(2, tag.size()) == tag) {
      const char after = rest[2 + tag.size()];
      if (after == '>' || after == ' ' || after == '\t' || after == '\r' || after == '\n') {
        return lt + 2 + tag.size() < limit;
      }
    }
    i = lt + 1;
  }
  return false;
}

// Whether pugixml stopped because the text ended inside a construct (a cut
// file), rather than at a malformed one.
bool ends_inside(std::string_view xml, pugi::xml_parse_status status, std::size_t at) {
  const std::string_view rest = at < xml.size() ? xml.substr(at) : std::string_view();
  switch (status) {
    case pugi::status_end_element_mismatch:
      return rest.find_first_not_of(" \t\r\n") == std::string_view::npos;
    case pugi::status_bad_cdata: return rest.find("]]>") == std::string_view::npos;
    case pugi::status_bad_comment: return rest.find("-->") == std::string_view::npos;
    case pugi::status_bad_pi:
    case pugi::status_bad_start_element:
    case pugi::status_bad_attribute:
    case pugi::status_bad_end_element:
    case pugi::status_bad_pcdata:
    case pugi::status_unrecognized_tag: return rest.find('>') == std::string_view::npos;
    default: return false;
  }
}

// ---------------------------------------------------------------------------
// The conversion.

std::string_view format_words(source_format kind) {
  return kind == source_format::burp_xml ? "Burp Suite XML export" : "Charles session XML export";
}

class converter {
 public:
  converter(std::string_view xml, std::size_t begin, source_format kind, const std::string& label,
            std::uint64_t max_har_bytes)
      : xml_(xml), begin_(begin), kind_(kind), label_(label), max_har_bytes_(max_har_bytes) {}

  result<xml_conversion> run();

 private:
  harfact::error make(errc code, std::string message, std::uint64_t offset, std::int64_t entry,
                      std::string hint) const {
    location where;
    where.file = label_;
    where.byte_offset = offset;
    if (offset != no_offset) {
      const auto [line, column] = line_column(xml_, offset);
      where.line = line;
      where.column = column;
    }
    where.entry_index = entry;
    return make_error(code, std::move(message), std::move(where), std::move(hint));
  }

  void note(severity level, std::string message, std::string pointer = {}) {
    out_.notes.push_back(diagnostic{diag::converted_from_xml, level, std::move(message),
                                    static_cast<std::int64_t>(index_), std::move(pointer),
                                    entry_offset_});
  }

  void begin_log(std::string_view creator, std::string_view version, std::string_view comment);
  void burp_item(pugi::xml_node item);
  void charles_transaction(pugi::xml_node t);

  // The parts both formats share, from a parsed HTTP message.
  void write_request(std::string_view method, std::string_view url, std::string_view version,
                     const http_message& m);
  void write_response(std::optional<std::int64_t> status, std::string_view status_text,
                      std::string_view version, const http_message& m,
                      std::string_view mime_fallback);
  void write_body(std::string_view body, std::string_view text_key);
  void start_entry();
  void end_entry();

  std::string_view xml_;
  std::size_t begin_;
  source_format kind_;
  const std::string& label_;
  std::uint64_t max_har_bytes_;
  json_text j_;
  xml_conversion out_;
  std::uint64_t index_ = 0;         // entry being written
  std::uint64_t entry_offset_ = 0;  // its offset in the HAR text
  // Burp times in zones that are ambiguous or unknown: one note per zone.
  struct zoneless {
    std::string zone;
    bool ambiguous = false;
    std::uint64_t count = 0;
  };
  std::vector<zoneless> zoneless_;
};

result<xml_conversion> converter::run() {
  pugi::xml_document doc;
  const std::string_view body = xml_.substr(begin_);
  // No end-of-line normalisation: raw HTTP messages in CDATA keep their CRLFs,
  // byte for byte as in the file. pugixml never fetches external entities or
  // expands entities declared in a DTD.
  const unsigned options = (pugi::parse_default & ~pugi::parse_eol) | pugi::parse_pi;
  const pugi::xml_parse_result parsed =
      doc.load_buffer(body.data(), body.size(), options, pugi::encoding_utf8);

  const std::string_view root_name = kind_ == source_format::burp_xml ? "items" : "charles-session";
  const std::string_view item_name = kind_ == source_format::burp_xml ? "item" : "transaction";
  const pugi::xml_node root = doc.document_element();
  const std::uint64_t fault =
      parsed ? no_offset
             : begin_ + static_cast<std::uint64_t>(std::max<std::ptrdiff_t>(parsed.offset, 0));
  if (!root || std::string_view(root.name()) != root_name) {
    if (!parsed) {
      return make(errc::unsupported_format,
                  fmt::format("the {} is not well-formed XML: {} at byte {}", format_words(kind_),
                              parsed.description(), fault),
                  fault, no_entry, "the file was damaged or edited; export it again");
    }
    return make(errc::unsupported_format,
                fmt::format("the input looks like a {} but its root element is <{}>, not <{}>",
                            format_words(kind_), root ? root.name() : "", root_name),
                root ? begin_ + offset_of(root) : no_offset, no_entry,
                "export the capture again, or as HAR");
  }

  std::vector<pugi::xml_node> items;
  for (pugi::xml_node n = root.child(item_name.data()); n; n = n.next_sibling(item_name.data())) {
    items.push_back(n);
  }
  // After a fault the tree holds what was parsed before it; the last item may be
  // incomplete.
  if (!parsed && !items.empty() &&
      !closed_before(body, offset_of(items.back()), item_name, fault - begin_)) {
    items.pop_back();
  }

  if (kind_ == source_format::burp_xml) {
    out_.version = root.attribute("burpVersion").value();
    std::string comment = "converted by harfact from a Burp Suite XML export";
    if (const char* t = root.attribute("exportTime").value(); *t != '\0') {
      comment += fmt::format(" (exportTime \"{}\")", t);
    }
    begin_log("Burp Suite", out_.version, comment);
  } else {
    for (pugi::xml_node n = doc.first_child(); n; n = n.next_sibling()) {
      if (n.type() != pugi::node_pi || std::string_view(n.name()) != "charles") continue;
      // <?charles serialisation-version='2.0' ?>
      const std::string_view v = n.value();
      const std::size_t at = v.find("serialisation-version=");
      if (at == std::string_view::npos) continue;
      std::string_view rest = v.substr(at + 22);
      if (!rest.empty() && (rest[0] == '\'' || rest[0] == '"')) {
        const char q = rest[0];
        rest.remove_prefix(1);
        out_.version = std::string(rest.substr(0, rest.find(q)));
      }
    }
    begin_log("Charles Proxy", "",
              out_.version.empty()
                  ? std::string("converted by harfact from a Charles session XML export")
                  : fmt::format("converted by harfact from a Charles session XML export "
                                "(serialisation-version {})",
                                out_.version));
  }

  for (const pugi::xml_node item : items) {
    start_entry();
    if (kind_ == source_format::burp_xml) {
      burp_item(item);
    } else {
      charles_transaction(item);
    }
    end_entry();
    if (j_.out.size() > max_har_bytes_) {
      return make(errc::too_large,
                  fmt::format("the HAR text converted from the {} exceeds {} bytes",
                              format_words(kind_), max_har_bytes_),
                  begin_ + offset_of(item), static_cast<std::int64_t>(index_ - 1),
                  "raise the input size limit, or export fewer items");
    }
  }
  j_.out += "\n]}}\n";

  for (const auto& [zone, ambiguous, count] : zoneless_) {
    out_.notes.push_back(diagnostic{
        diag::converted_from_xml,
        severity::warning,
        fmt::format("{} item time{} written in \"{}\", {}: converted as local time without a zone "
                    "(each entry's _xml.time keeps the text)",
                    count, count == 1 ? " is" : "s are", zone,
                    ambiguous ? "an abbreviation with more than one UTC offset"
                              : "a zone harfact does not know"),
        no_entry,
        {},
        no_offset});
  }

  if (!parsed) {
    const bool cut = ends_inside(body, parsed.status, fault - begin_);
    const std::uint64_t read = items.size();
    out_.cut_status = cut ? read_status::truncated : read_status::failed;
    out_.cut_offset = fault;
    out_.cut = cut ? make(errc::truncated,
                          fmt::format("the {} ends at byte {} ({}); {} complete {}{} recovered",
                                      format_words(kind_), xml_.size(), parsed.description(), read,
                                      item_name, read == 1 ? "" : "s"),
                          fault, static_cast<std::int64_t>(read),
                          "the capture was cut off; harfact read everything before the cut")
                   : make(errc::unsupported_format,
                          fmt::format("the {} is not well-formed XML after {} {}{}: {} at byte {}",
                                      format_words(kind_), read, item_name, read == 1 ? "" : "s",
                                      parsed.description(), fault),
                          fault, static_cast<std::int64_t>(read),
                          "the file was damaged or edited here; the items before it were read");
  }
  out_.items = items.size();
  out_.har = std::move(j_.out);
  return std::move(out_);
}

void converter::begin_log(std::string_view creator, std::string_view version,
                          std::string_view comment) {
  j_.begin_object().key("log").begin_object();
  j_.member("version", "1.2");
  j_.key("creator").begin_object().member("name", creator).member("version", version).end_object();
  j_.member("comment", comment);
  j_.key("entries").begin_array();
  // The array stays open: entries are appended one per line, then "]}}".
}

void converter::start_entry() {
  j_.next_line();
  entry_offset_ = j_.out.size();
  j_.replaced = false;
  j_.begin_object();
}

void converter::end_entry() {
  j_.end_object();
  if (j_.replaced) {
    note(severity::warning,
         fmt::format("{} {}: bytes that are not UTF-8 in a header, URL or other text were "
                     "replaced by U+FFFD (bodies are kept exactly, as base64)",
                     kind_ == source_format::burp_xml ? "item" : "transaction", index_),
         fmt::format("/log/entries/{}", index_));
  }
  ++index_;
}

void converter::write_body(std::string_view body, std::string_view text_key) {
  if (is_printable_utf8(body)) {
    j_.member(text_key, body);
  } else {
    j_.member(text_key, base64_encode(body));
    j_.member("encoding", "base64");
  }
}

std::string_view query_of(std::string_view url) {
  const std::size_t q = url.find('?');
  if (q == std::string_view::npos) return {};
  std::string_view query = url.substr(q + 1);
  return query.substr(0, query.find('#'));
}

void converter::write_request(std::string_view method, std::string_view url,
                              std::string_view version, const http_message& m) {
  j_.key("request").begin_object();
  j_.member("method", method).member("url", url).member("httpVersion", version);
  j_.key("cookies").begin_array();
  for (const auto& h : m.headers) {
    if (!iequals_ascii(h.name, "cookie")) continue;
    std::string_view rest = h.value;
    while (!rest.empty()) {
      const std::size_t semi = rest.find(';');
      const std::string_view pair = http_trim(rest.substr(0, semi));
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      if (pair.empty()) continue;
      const std::size_t eq = pair.find('=');
      j_.begin_object();
      j_.member("name", http_trim(pair.substr(0, eq)));
      j_.member("value", eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
      j_.end_object();
    }
  }
  j_.end_array();
  j_.key("headers").begin_array();
  for (const auto& h : m.headers)
    j_.begin_object().member("name", h.name).member("value", h.value).end_object();
  j_.end_array();
  j_.key("queryString").begin_array();
  std::string_view query = query_of(url);
  while (!query.empty()) {
    const std::size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    j_.begin_object();
    j_.member("name", pair.substr(0, eq));
    j_.member("value", eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1));
    j_.end_object();
  }
  j_.end_array();
  if (!m.body.empty()) {
    j_.key("postData").begin_object();
    const http_header* type = m.find("content-type");
    j_.member("mimeType", type ? std::string_view(type->value) : std::string_view());
    write_body(m.body, "text");
    j_.end_object();
  }
  j_.member("headersSize", m.head_size);
  j_.member("bodySize", m.body_size);
  j_.end_object();
}

// Set-Cookie: name=value; Path=/; Domain=x; Expires=...; HttpOnly; Secure; SameSite=Lax
void write_set_cookie(json_text& j, std::string_view v) {
  j.begin_object();
  std::string_view rest = v;
  bool first = true;
  while (!rest.empty() || first) {
    const std::size_t semi = rest.find(';');
    const std::string_view part = http_trim(rest.substr(0, semi));
    rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
    const std::size_t eq = part.find('=');
    const std::string_view name = http_trim(part.substr(0, eq));
    const std::string_view value =
        eq == std::string_view::npos ? std::string_view() : http_trim(part.substr(eq + 1));
    if (first) {
      j.member("name", name).member("value", value);
      first = false;
    } else if (iequals_ascii(name, "path")) {
      j.member("path", value);
    } else if (iequals_ascii(name, "domain")) {
      j.member("domain", value);
    } else if (iequals_ascii(name, "expires")) {
      j.member("expires", value);  // as written (an HTTP date)
    } else if (iequals_ascii(name, "httponly")) {
      j.key("httpOnly").boolean(true);
    } else if (iequals_ascii(name, "secure")) {
      j.key("secure").boolean(true);
    } else if (iequals_ascii(name, "samesite")) {
      j.member("sameSite", value);
    }
  }
  j.end_object();
}

void converter::write_response(std::optional<std::int64_t> status, std::string_view status_text,
                               std::string_view version, const http_message& m,
                               std::string_view mime_fallback) {
  j_.key("response").begin_object();
  j_.member("status", status.value_or(0));
  j_.member("statusText", status_text).member("httpVersion", version);
  j_.key("cookies").begin_array();
  for (const auto& h : m.headers) {
    if (iequals_ascii(h.name, "set-cookie")) write_set_cookie(j_, h.value);
  }
  j_.end_array();
  j_.key("headers").begin_array();
  for (const auto& h : m.headers)
    j_.begin_object().member("name", h.name).member("value", h.value).end_object();
  j_.end_array();
  j_.key("content").begin_object();
  j_.member("size", static_cast<std::int64_t>(m.body.size()));
  const http_header* type = m.find("content-type");
  j_.member("mimeType", type ? std::string_view(type->value) : mime_fallback);
  if (!m.body.empty()) write_body(m.body, "text");
  j_.end_object();
  const http_header* location = m.find("location");
  j_.member("redirectURL", location ? std::string_view(location->value) : std::string_view());
  j_.member("headersSize", m.head_size);
  j_.member("bodySize", m.body_size);
  j_.end_object();
}

void write_unknown_timings(json_text& j) {
  j.key("timings").begin_object();
  for (const char* k : {"blocked", "dns", "connect", "send", "wait", "receive", "ssl"}) {
    j.member(k, std::int64_t{-1});
  }
  j.end_object();
}

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

// --- Charles ------------------------------------------------------------------

// Headers and body of a Charles <request> or <response>.
http_message charles_message(pugi::xml_node n, bool& bad_base64) {
  http_message m;
  if (!n) return m;
  m.present = true;
  const pugi::xml_node headers = n.child("headers");
  m.first_line = text_of(headers.child("first-line"));
  for (pugi::xml_node h = headers.child("header"); h; h = h.next_sibling("header")) {
    if (const pugi::xml_attribute name = h.attribute("name")) {
      m.headers.push_back({name.value(), text_of(h)});
    } else {
      m.headers.push_back({text_of(h.child("name")), text_of(h.child("value"))});
    }
  }
  const pugi::xml_node body = n.child("body");
  m.body = text_of(body);
  if (iequals_ascii(body.attribute("encoding").value(), "base64")) {
    std::string decoded;
    if (base64_decode(m.body, decoded)) {
      m.body = std::move(decoded);
    } else {
      bad_base64 = true;
      m.body.clear();
    }
  }
  return m;
}

void converter::charles_transaction(pugi::xml_node t) {
  const std::string pointer = fmt::format("/log/entries/{}", index_);
  const std::uint64_t where = begin_ + offset_of(t);
  auto attr = [&](const char* name) { return std::string_view(t.attribute(name).value()); };
  auto millis = [&](const char* name) { return to_int(attr(name)); };

  // startTime carries the zone as Charles wrote it; else the epoch milliseconds.
  const std::string_view start_text = attr("startTime");
  const auto start_ms = millis("startTimeMillis");
  const auto parsed_start = parse_timestamp(start_text);
  if (!start_text.empty() && parsed_start && parsed_start->has_zone) {
    j_.member("startedDateTime", start_text);
  } else if (start_ms) {
    j_.member("startedDateTime", iso_from_millis(*start_ms));
  } else if (!start_text.empty()) {
    j_.member("startedDateTime", start_text);
  }

  // Timings from the durations and the instants Charles records.
  auto span = [&](const char* from, const char* to) -> std::int64_t {
    const auto a = millis(from);
    const auto b = millis(to);
    return a && b && *b >= *a ? *b - *a : -1;
  };
  auto duration = [&](const char* name) -> std::int64_t {
    const auto v = millis(name);
    return v && *v >= 0 ? *v : -1;
  };
  const std::int64_t dns = duration("dnsDuration");
  const std::int64_t connect = duration("connectDuration");
  const std::int64_t ssl = duration("sslDuration");
  const std::int64_t send = span("requestBeginTimeMillis", "requestTimeMillis");
  const std::int64_t wait = span("requestTimeMillis", "responseTimeMillis");
  const std::int64_t receive = span("responseTimeMillis", "endTimeMillis");
  std::int64_t total = 0;
  for (const std::int64_t v : {dns, connect, send, wait, receive}) total += v > 0 ? v : 0;
  j_.member("time", total);

  bool bad_base64 = false;
  const http_message req = charles_message(t.child("request"), bad_base64);
  const http_message res = charles_message(t.child("response"), bad_base64);
  if (bad_base64) {
    note(severity::error,
         fmt::format("transaction {} (byte {} of the file): a <body encoding=\"base64\"> is not "
                     "valid base64; the body is left out",
                     index_, where),
         pointer);
  }

  const std::string_view protocol = attr("protocol");
  const std::string_view host = attr("host");
  std::string_view port = attr("port");
  if (port.empty()) port = attr("actualPort");
  const bool default_port = port.empty() || (protocol == "http" && port == "80") ||
                            (protocol == "https" && port == "443");
  const std::string_view path = attr("path");
  const std::string_view query = attr("query");
  const std::string url =
      fmt::format("{}{}{}{}{}{}{}", protocol, protocol.empty() ? "" : "://", host,
                  default_port ? "" : ":", default_port ? std::string_view() : port, path,
                  query.empty() ? "" : "?") +
      std::string(query);
  const auto rl = split_first_line(req.first_line);
  const std::string_view method = attr("method").empty() ? rl[0] : attr("method");
  const std::string_view version = rl[2].substr(0, 5) == "HTTP/" ? rl[2] : attr("protocolVersion");
  write_request(method, url, version, req);

  const auto sl = split_first_line(res.first_line);
  const pugi::xml_node response = t.child("response");
  std::optional<std::int64_t> status = to_int(response.attribute("status").value());
  if (!status && sl[0].substr(0, 5) == "HTTP/") status = to_int(sl[1]);
  std::string mime = response.attribute("mime-type").value();
  if (const char* cs = response.attribute("charset").value(); !mime.empty() && *cs != '\0') {
    mime += fmt::format("; charset={}", cs);
  }
  write_response(
      status, sl[0].substr(0, 5) == "HTTP/" ? sl[2] : std::string_view(),
      sl[0].substr(0, 5) == "HTTP/" ? sl[0] : (res.present ? version : std::string_view()), res,
      mime);
  j_.key("cache").begin_object().end_object();
  j_.key("timings").begin_object();
  j_.member("blocked", std::int64_t{-1}).member("dns", dns).member("connect", connect);
  j_.member("send", send).member("wait", wait).member("receive", receive).member("ssl", ssl);
  j_.end_object();
  // remoteAddress is Java's InetAddress#toString(): "host/192.0.2.10".
  if (const std::string_view remote = attr("remoteAddress"); !remote.empty()) {
    const std::size_t slash = remote.rfind('/');
    const std::string_view ip = slash == std::string_view::npos ? remote : remote.substr(slash + 1);
    if (!ip.empty()) j_.member("serverIPAddress", ip);
  }

  j_.key("_xml").begin_object();
  j_.member("format", "charles_xml");
  j_.member("transaction", static_cast<std::int64_t>(index_));
  j_.member("offset", static_cast<std::int64_t>(where));
  j_.key("attributes").begin_object();
  for (pugi::xml_attribute a = t.first_attribute(); a; a = a.next_attribute()) {
    j_.member(a.name(), a.value());
  }
  j_.end_object();
  for (const char* part : {"request", "response"}) {
    const pugi::xml_node n = t.child(part);
    if (!n || !n.first_attribute()) continue;
    j_.key(fmt::format("{}_attributes", part)).begin_object();
    for (pugi::xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
      j_.member(a.name(), a.value());
    }
    j_.end_object();
  }
  bool other = false;
  for (pugi::xml_node c = t.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view name = c.name();
    if (name == "request" || name == "response") continue;
    if (!other) j_.key("elements").begin_array();
    other = true;
    j_.begin_object().member("name", name).member("text", text_of(c)).end_object();
  }
  if (other) j_.end_array();
  j_.end_object();
}

// ---------------------------------------------------------------------------
// Detection.

// Name of the root element and the text of its start tag, from the prolog
// (XML declaration, comments, processing instructions, a DOCTYPE with an
// internal subset). false when the prolog cannot be read within the text.
bool root_element(std::string_view s, std::string_view& name, std::string_view& start_tag) {
  std::size_t i = 0;
  auto skip_past = [&](std::string_view end) {
    const std::size_t e = s.find(end, i);
    if (e == std::string_view::npos) return false;
    i = e + end.size();
    return true;
  };
  while (true) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) ++i;
    if (i >= s.size() || s[i] != '<') return false;
    const std::string_view rest = s.substr(i);
    if (rest.substr(0, 2) == "<?") {
      if (!skip_past("?>")) return false;
    } else if (rest.substr(0, 4) == "<!--") {
      if (!skip_past("-->")) return false;
    } else if (rest.substr(0, 9) == "<!DOCTYPE") {
      // To the '>' that ends the declaration: outside quotes and outside the
      // internal subset [ ... ].
      char quote = 0;
      bool subset = false;
      std::size_t k = i + 9;
      for (; k < s.size(); ++k) {
        const char c = s[k];
        if (quote != 0) {
          if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '[') {
          subset = true;
        } else if (c == ']') {
          subset = false;
        } else if (c == '>' && !subset) {
          break;
        }
      }
      if (k >= s.size()) return false;
      i = k + 1;
    } else {
      std::size_t k = i + 1;
      while (k < s.size() && s[k] != ' ' && s[k] != '\t' && s[k] != '\r' && s[k] != '\n' &&
             s[k] != '>' && s[k] != '/') {
        ++k;
      }
      name = s.substr(i + 1, k - i - 1);
      const std::size_t gt = s.find('>', k);
      start_tag = s.substr(i, gt == std::string_view::npos ? std::string_view::npos : gt - i + 1);
      return !name.empty();
    }
  }
}

}  // namespace

source_format detect_xml_capture(std::string_view text) noexcept {
  std::size_t i = 0;
  while (i < text.size() &&
         (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) {
    ++i;
  }
  if (i >= text.size() || text[i] != '<') return source_format::har;
  // The prolog of a Burp export (its DTD) is about 1 KiB.
  const std::string_view head = text.substr(i, std::size_t{64} << 10);
  std::string_view name, start_tag;
  if (root_element(head, name, start_tag)) {
    if (name == "items" && start_tag.find("burpVersion") != std::string_view::npos) {
      return source_format::burp_xml;
    }
    if (name == "charles-session") return source_format::charles_xml;
    return source_format::har;
  }
  const std::string_view first = head.substr(0, 4096);
  if (first.find("burpVersion") != std::string_view::npos) return source_format::burp_xml;
  if (first.find("charles-session") != std::string_view::npos) return source_format::charles_xml;
  return source_format::har;
}

result<xml_conversion> convert_xml_capture(std::string_view text, std::size_t begin,
                                           source_format kind, const std::string& label,
                                           std::uint64_t max_xml_bytes,
                                           std::uint64_t max_har_bytes) {
  if (text.size() - begin > max_xml_bytes) {
    location where;
    where.file = label;
    return make_error(errc::too_large,
                      fmt::format("'{}' is a {} of {} bytes; XML exports are converted in memory "
                                  "and the limit is {} bytes",
                                  label, format_words(kind), text.size() - begin, max_xml_bytes),
                      std::move(where),
                      "raise reader_options::max_xml_bytes, or export the capture as HAR");
  }
  return converter(text, begin, kind, label, max_har_bytes).run();
}

}  // namespace harfact::har::detail
