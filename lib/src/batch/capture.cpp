// One capture of a batch: hash, reuse an existing result or analyse, write the
// result, and say it in one summary line.
#include <fcntl.h>
#include <fmt/format.h>
#include <simdjson.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <vector>

#include "batch/detail.hpp"
#include "harfact/core/build_info.hpp"
#include "harfact/io/atomic_file.hpp"
#include "harfact/io/sha256.hpp"
#include "harfact/report/full_report.hpp"
#include "harfact/report/inspect_report.hpp"
#include "harfact/report/json_writer.hpp"
#include "io/errors.hpp"

namespace harfact::batch {

namespace {

namespace fs = std::filesystem;

// Bumped when the result file's layout changes; part of the key, so a rerun
// with a newer layout analyses again.
constexpr int k_result_format = 1;

struct file_hash {
  std::string hex;
  std::uint64_t bytes = 0;
};

// The SHA-256 of the file's exact bytes, before analysis: it names the result,
// and resuming needs it before deciding whether to analyse at all. verify()
// hashes again as it reads; the two must agree (else the file changed).
result<file_hash> hash_file(const fs::path& path) {
  const auto fail = [&](errc code, std::string_view what, int err) {
    return io::detail::file_error(
        code, path.string(),
        fmt::format("cannot {} '{}': {}", what, path.string(), io::detail::os_reason(err)),
        "check that the file exists and is readable");
  };
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(errc::io_open, "open", errno);
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    const int err = S_ISDIR(st.st_mode) ? EISDIR : (errno != 0 ? errno : EINVAL);
    ::close(fd);
    return fail(errc::io_open, "read", err);
  }
  thread_local std::vector<char> buffer(std::size_t{1} << 20);
  io::sha256 h;
  file_hash out;
  for (;;) {
    const ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      return fail(errc::io_read, "read", err);
    }
    if (n == 0) break;
    h.update(buffer.data(), static_cast<std::size_t>(n));
    out.bytes += static_cast<std::uint64_t>(n);
  }
  ::close(fd);
  out.hex = io::to_hex(h.finish());
  return out;
}

// The facts of a capture that its summary line gives (stored in its result,
// so a resumed capture gets the same line without analysis).
struct facts {
  std::string sha256;
  std::optional<std::uint64_t> bytes;
  std::string status = "unreadable";
  std::string exporter = "none", exporter_name, har_version;
  std::uint64_t entries = 0, requests = 0, hits = 0, unclassified = 0, diagnostics = 0;
  std::vector<std::string> vendors;
  std::array<std::uint64_t, 4> by_severity{};  // info, low, medium, high
  std::vector<std::pair<std::string_view, std::uint64_t>> by_kind;
  std::optional<std::string> integrity;
  std::vector<harfact::error> errors;
};

void write_error(report::json_writer& w, const harfact::error& e) {
  w.begin_object();
  w.member("code", errc_name(e.code));
  w.member("message", e.message);
  // Where inside the capture: the file is the line's path (and a result is
  // shared by every path holding the same bytes).
  location inside = e.where;
  inside.file.clear();
  const std::string where = describe(inside);
  w.key("where");
  where.empty() ? w.null() : w.value(where);
  w.end_object();
}

// The members, into the object `w` has open (order fixed: batch.schema.json).
void write_facts(report::json_writer& w, const facts& f) {
  w.key("sha256");
  f.sha256.empty() ? w.null() : w.value(f.sha256);
  w.member("bytes", f.bytes);
  w.member("status", f.status);
  w.member("ok", f.status == "complete" && f.errors.empty());
  w.member("exporter", f.exporter);
  w.key("exporter_name");
  f.exporter_name.empty() ? w.null() : w.value(f.exporter_name);
  w.key("har_version");
  f.har_version.empty() ? w.null() : w.value(f.har_version);
  w.member("entries", f.entries);
  w.member("requests", f.requests);
  w.member("tracker_hits", f.hits);
  w.key("vendors").begin_array();
  for (const auto& v : f.vendors) w.value(v);
  w.end_array();
  w.member("unclassified_hits", f.unclassified);
  w.key("findings").begin_object();
  std::uint64_t total = 0;
  for (const auto n : f.by_severity) total += n;
  w.member("total", total);
  for (int s = 3; s >= 0; --s) {
    w.member(timeline::severity_name(static_cast<timeline::severity>(s)),
             f.by_severity[static_cast<std::size_t>(s)]);
  }
  w.key("by_kind").begin_object();
  for (const auto& [kind, n] : f.by_kind) w.member(kind, n);
  w.end_object();
  w.end_object();
  w.member("integrity", f.integrity);
  w.member("diagnostics", f.diagnostics);
  w.key("errors").begin_array();
  for (const auto& e : f.errors) write_error(w, e);
  w.end_array();
}

std::string facts_json(const facts& f) {
  report::json_writer w(false);
  w.begin_object();
  write_facts(w, f);
  w.end_object();
  return w.take();
}

facts facts_of(const check::verify_result& r, const file_hash& h) {
  const auto& tl = r.timeline;
  const auto& c = tl.trackers.capture;
  facts f;
  f.sha256 = h.hex;
  f.bytes = h.bytes;
  f.status = c.opened ? std::string(har::read_status_name(c.read.status)) : "unreadable";
  if (!c.exporter_id.empty()) f.exporter = c.exporter_id;
  f.exporter_name = c.exporter_name;
  f.har_version = c.har_version;
  f.entries = c.entries;
  f.requests = tl.requests;
  f.hits = tl.trackers.hits.size();
  for (const auto& v : tl.trackers.vendors) {
    if (v.vendor != nullptr) f.vendors.push_back(v.vendor->vendor_id);
  }
  f.unclassified = tl.trackers.unclassified.size();
  constexpr int k_kinds = static_cast<int>(timeline::finding_kind::order_indeterminate) + 1;
  std::array<std::uint64_t, k_kinds> kinds{};
  for (const auto& fi : tl.findings) {
    ++f.by_severity[static_cast<std::size_t>(fi.severity)];
    ++kinds[static_cast<std::size_t>(fi.kind)];
  }
  for (int k = 0; k < k_kinds; ++k) {
    if (kinds[static_cast<std::size_t>(k)] != 0) {
      f.by_kind.emplace_back(timeline::finding_kind_name(static_cast<timeline::finding_kind>(k)),
                             kinds[static_cast<std::size_t>(k)]);
    }
  }
  if (c.opened) f.integrity = std::string(check::status_name(check::overall(r)));
  f.diagnostics = c.diagnostics_total;
  if (c.error) f.errors.push_back(*c.error);
  return f;
}

// The run-dependent head of a line: where the capture was found, where its result is.
std::string head_json(const capture_ref& ref, std::uint64_t index,
                      const std::optional<std::string>& result_rel) {
  report::json_writer w(false);
  w.begin_object();
  w.member("index", index);
  w.member("path", ref.path.string());
  w.member("root", ref.root);
  w.member("relative_path", ref.relative_path);
  w.member("result", result_rel);
  w.end_object();
  return w.take();
}

// head {...} + facts {...} -> one object.
std::string join_line(const std::string& head, std::string_view facts_text) {
  std::string line = head;
  line.pop_back();  // '}'
  line += ',';
  line.append(facts_text.substr(1));
  return line;
}

// Nests a pretty document one level deeper (JSON strings hold no raw newline,
// so every newline is between tokens).
std::string indented(std::string_view doc) {
  while (!doc.empty() && doc.back() == '\n') doc.remove_suffix(1);
  std::string out;
  out.reserve(doc.size() + doc.size() / 16);
  for (const char c : doc) {
    out += c;
    if (c == '\n') out += "  ";
  }
  return out;
}

std::string key_parts_json(std::string_view capture_sha256, const databases& db,
                           const batch_options& options) {
  const auto& d = db.description;
  report::json_writer w(false);
  w.begin_object();
  w.member("format", k_result_format);
  w.member("capture_sha256", capture_sha256);
  w.member("tool_version", tool_version());
  w.member("db_version", d.db_version);
  w.member("db_sha256", d.db_sha256);
  w.key("lists").begin_array();
  for (const auto& l : d.lists) {
    w.begin_object();
    w.member("sha256", l.sha256);
    w.member("rules", l.rules);
    w.end_object();
  }
  w.end_array();
  w.member("public_suffix_sha256", d.public_suffix_sha256);
  w.key("verify").begin_object();
  w.member("now_us", options.verify.now_us);
  w.member("gap_us", options.verify.gap_us);
  w.member("clock_skew_us", options.verify.clock_skew_us);
  w.end_object();
  // The limits change what is read; the other reader options (windows, hashing
  // on a thread) do not.
  const har::reader_options& r = options.reader;
  w.key("limits").begin_object();
  w.member("max_bytes", r.input.max_bytes);
  w.member("max_ratio", r.input.max_ratio);
  w.member("max_entry_bytes", r.max_entry_bytes);
  w.member("max_depth", r.max_depth);
  w.member("max_entries", r.max_entries);
  w.member("max_xml_bytes", r.max_xml_bytes);
  w.end_object();
  w.end_object();
  return w.take();
}

struct stored {
  std::string facts_text;
  std::string status;
};

// A result written earlier for the same key, or nullopt (absent, unreadable,
// another key: analyse again).
std::optional<stored> load_result(const fs::path& file, std::string_view key) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) return std::nullopt;
  simdjson::padded_string text;
  if (simdjson::padded_string::load(file.string()).get(text) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(text).get(doc) != simdjson::SUCCESS) return std::nullopt;
  std::string_view command, stored_key, status;
  if (doc["command"].get_string().get(command) != simdjson::SUCCESS || command != "batch_result" ||
      doc["key"].get_string().get(stored_key) != simdjson::SUCCESS || stored_key != key ||
      doc["summary"]["status"].get_string().get(status) != simdjson::SUCCESS) {
    return std::nullopt;
  }
  // The summary is written on one line of its own (see result_text), byte for
  // byte as a fresh line carries it.
  const std::string_view all(text.data(), text.size());
  constexpr std::string_view k_marker = "\n  \"summary\": ";
  const auto at = all.find(k_marker);
  if (at == std::string_view::npos) return std::nullopt;
  const auto begin = at + k_marker.size();
  const auto end = all.find(",\n", begin);
  if (end == std::string_view::npos || all[begin] != '{') return std::nullopt;
  return stored{std::string(all.substr(begin, end - begin)), std::string(status)};
}

// The result file: the envelope every JSON output opens with, then the key,
// the summary (compact, on one line of its own: load_result finds it there)
// and the full report nested one level deeper.
std::string result_text(const report::envelope& env, std::string_view key,
                        std::string_view key_parts, std::string_view facts_text,
                        std::string_view report) {
  report::json_writer w;
  w.begin_object();
  report::write_envelope(w, env);
  w.member("command", "batch_result");
  w.member("key", key);
  w.key("key_parts").raw(key_parts);
  w.key("summary").raw(facts_text);
  w.key("report").raw(indented(report));
  w.end_object();
  return w.take();
}

bool is_partial(std::string_view status) {
  return status == "salvaged" || status == "truncated" || status == "failed";
}

}  // namespace

std::string result_key(std::string_view capture_sha256, const databases& db,
                       const batch_options& options) {
  return io::to_hex(io::sha256::of(key_parts_json(capture_sha256, db, options)));
}

namespace detail {

outcome process_capture(const capture_ref& ref, std::uint64_t index, const databases& db,
                        const batch_options& options, const fs::path& results_dir) {
  outcome out;
  const auto unreadable = [&](harfact::error e, const std::optional<file_hash>& h) {
    facts f;
    if (h) {
      f.sha256 = h->hex;
      f.bytes = h->bytes;
    }
    f.errors.push_back(std::move(e));
    out.failed = true;
    out.line = join_line(head_json(ref, index, std::nullopt), facts_json(f));
    return out;
  };
  if (ref.error) return unreadable(*ref.error, std::nullopt);
  auto hashed = hash_file(ref.path);
  if (!hashed) return unreadable(hashed.error(), std::nullopt);
  const file_hash& h = *hashed;
  const std::string result_name = h.hex + ".json";
  const std::string result_rel = "results/" + result_name;
  const fs::path result_file = results_dir / result_name;
  const std::string key_parts = key_parts_json(h.hex, db, options);
  const std::string key = io::to_hex(io::sha256::of(key_parts));

  if (!options.force) {
    if (auto prior = load_result(result_file, key)) {
      out.resumed = true;
      out.failed = prior->status == "unreadable";
      out.partial = is_partial(prior->status);
      out.line = join_line(head_json(ref, index, result_rel), prior->facts_text);
      return out;
    }
  }

  inspect::inspect_options io_opts;
  io_opts.reader = options.reader;
  // The pool runs one capture per core already: hash inline, not on a second thread.
  io_opts.reader.background_hash = false;
  check::verify_result r =
      check::verify(ref.path, *db.matcher, *db.psl, io_opts, db.lists, options.verify);
  auto& c = r.timeline.trackers.capture;
  if (!c.read.sha256.empty() && c.read.sha256 != h.hex) {
    return unreadable(
        io::detail::file_error(
            errc::io_read, ref.path.string(),
            fmt::format("'{}' changed while it was read (SHA-256 {} before analysis, {} after); "
                        "nothing was written for it",
                        ref.path.string(), h.hex, c.read.sha256),
            "run the batch again once the file is no longer being written"),
        h);
  }
  facts f = facts_of(r, h);
  const std::string facts_text = facts_json(f);

  // The report names the capture by its content: results are shared by every
  // path holding the same bytes.
  c.path = "sha256:" + h.hex;
  report::envelope env = db.description;
  env.inputs = report::inspect_inputs({c});
  if (!env.inputs.empty()) env.inputs.front().label = "capture";
  report::report_inputs in;
  in.exhibit = &r;
  const std::string report = report::report_json(in, env);

  out.partial = is_partial(f.status);
  out.failed = f.status == "unreadable";
  auto written =
      io::write_file_atomic(result_file, result_text(env, key, key_parts, facts_text, report));
  if (!written) {
    f.errors.push_back(written.error());
    out.failed = true;
    out.line = join_line(head_json(ref, index, std::nullopt), facts_json(f));
    return out;
  }
  out.line = join_line(head_json(ref, index, result_rel), facts_text);
  return out;
}

outcome internal_error_outcome(const capture_ref& ref, std::uint64_t index, std::string_view what) {
  facts f;
  location where;
  where.file = ref.path.string();
  f.errors.push_back(make_error(
      errc::internal, fmt::format("internal error while processing this capture: {}", what),
      std::move(where)));
  outcome out;
  out.failed = true;
  out.line = join_line(head_json(ref, index, std::nullopt), facts_json(f));
  return out;
}

}  // namespace detail

}  // namespace harfact::batch
