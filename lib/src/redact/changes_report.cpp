// The list of what a redaction changed, as JSON (lib/schema/redact.schema.json)
// and as text. Neither ever holds a masked value: pointers, kinds, names
// (which the copy keeps too) and reasons only.
#include <fmt/format.h>

#include <map>

#include "harfact/io/sha256.hpp"
#include "harfact/redact/redact.hpp"
#include "harfact/report/json_writer.hpp"
#include "report/report_view.hpp"

namespace harfact::redact {

namespace {

std::map<std::string_view, std::uint64_t> by_kind(const redaction& r) {
  std::map<std::string_view, std::uint64_t> out;
  for (const auto& c : r.changes) out[value_kind_name(c.kind)] += c.count;
  return out;
}

std::uint64_t values_masked(const redaction& r) {
  std::uint64_t n = 0;
  for (const auto& c : r.changes) n += c.count;
  return n;
}

}  // namespace

std::string changes_json(const redaction& r, const report::envelope& env) {
  report::json_writer w;
  w.begin_object();
  report::write_envelope(w, env);
  w.member("command", "redact");
  w.key("input").begin_object();
  w.member("status", har::read_status_name(r.input.status));
  w.member("entries_read", r.input.entries_read);
  w.member("entries_skipped", r.input.entries_skipped);
  if (r.read_error) {
    w.key("error").begin_object();
    w.member("code", errc_name(r.read_error->code));
    w.member("message", r.read_error->message);
    w.member("where", describe(r.read_error->where));
    w.end_object();
  }
  w.end_object();
  w.key("output").begin_object();
  w.member("entries", r.entries);
  w.member("bytes", static_cast<std::uint64_t>(r.har.size()));
  w.member("sha256", io::to_hex(io::sha256::of(r.har)));
  w.member("key", r.caller_key ? "caller" : "random");
  w.end_object();
  w.key("summary").begin_object();
  w.member("changes", static_cast<std::uint64_t>(r.changes.size()));
  w.member("values_masked", values_masked(r));
  w.key("by_kind").begin_object();
  for (const auto& [kind, n] : by_kind(r)) w.member(kind, n);
  w.end_object();
  w.end_object();
  w.key("notes").begin_array();
  for (const auto& n : r.notes) w.value(n);
  w.end_array();
  w.key("changes").begin_array();
  for (const auto& c : r.changes) {
    w.begin_object();
    w.key("entry");
    if (c.entry) {
      w.value(*c.entry);
    } else {
      w.null();
    }
    w.member("pointer", c.pointer);
    w.member("kind", value_kind_name(c.kind));
    w.member("name", c.name);
    w.member("reason", c.reason);
    w.member("count", c.count);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

std::string changes_text(const redaction& r) {
  using report::detail::clean;
  std::string out;
  out += fmt::format("harfact redact: {} ({} bytes, sha256 {})\n", clean(r.input.label),
                     r.input.input_bytes, r.input.sha256);
  out += fmt::format(
      "read: {}, {} entries; the copy holds {} entries (indexes are 0-based "
      "positions in log.entries)\n",
      har::read_status_name(r.input.status), r.input.entries_read, r.entries);
  if (r.read_error) {
    out += fmt::format("problem: {} ({})\n", clean(r.read_error->message),
                       clean(describe(r.read_error->where)));
  }
  out += fmt::format("copy: {} bytes, sha256 {}; placeholders keyed with {}\n", r.har.size(),
                     io::to_hex(io::sha256::of(r.har)),
                     r.caller_key ? "the given key (reproducible with it)"
                                  : "a random key for this run (not linkable to other runs)");
  out += fmt::format("masked: {} values in {} strings", values_masked(r), r.changes.size());
  const auto kinds = by_kind(r);
  if (!kinds.empty()) {
    std::string sep = " (";
    for (const auto& [kind, n] : kinds) {
      out += fmt::format("{}{} {}", sep, n, kind);
      sep = ", ";
    }
    out += ')';
  }
  out += '\n';
  for (const auto& c : r.changes) {
    out += fmt::format("  {:<6} {:<16} {}", c.entry ? std::to_string(*c.entry) : std::string("-"),
                       value_kind_name(c.kind), clean(c.pointer));
    if (!c.name.empty()) out += fmt::format("  [{}]", clean(c.name));
    if (c.count > 1) out += fmt::format(" x{}", c.count);
    out += fmt::format(": {}\n", clean(c.reason));
  }
  for (const auto& n : r.notes) out += fmt::format("note: {}\n", clean(n));
  return out;
}

}  // namespace harfact::redact
