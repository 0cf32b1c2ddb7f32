#include "harfact/sig/database.hpp"

#include <fmt/format.h>
#include <re2/re2.h>
#include <simdjson.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "core/ascii.hpp"
#include "harfact/io/read_file.hpp"
#include "harfact/io/sha256.hpp"

namespace harfact::sig {

namespace {

namespace dom = simdjson::dom;
namespace fs = std::filesystem;

constexpr std::array<std::string_view, 9> k_categories{
    "advertising_pixel", "session_replay", "chat",     "analytics",  "tag_manager",
    "consent_platform",  "ab_testing",     "identity", "video_embed"};
constexpr std::array<std::string_view, 5> k_theories{"cipa_631", "cipa_632", "cipa_632_7",
                                                     "cipa_638_51", "vppa"};
constexpr std::array<std::string_view, 5> k_theory_labels{"CIPA §631", "CIPA §632", "CIPA §632.7",
                                                          "CIPA §638.51", "VPPA"};
constexpr std::array<std::string_view, 9> k_roles{"library",        "config", "beacon",
                                                  "session_stream", "chat",   "consent_record",
                                                  "identity_sync",  "embed",  "other"};

template <std::size_t N>
int index_of(const std::array<std::string_view, N>& names, std::string_view v) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == v) return static_cast<int>(i);
  }
  return -1;
}

// A signature file is a few KiB; 16 MiB stops a path that names a device or a
// pipe that never ends.
bool read_all(const fs::path& path, std::string& out) {
  auto read = io::read_file_bounded(path, std::uint64_t{16} << 20, "signature file");
  if (!read) return false;
  out = std::move(*read);
  return true;
}

// Reads one file's JSON; problems carry the file and the JSON pointer.
class file_reader {
 public:
  file_reader(std::string label) : label_(std::move(label)) {}

  harfact::error problem(std::string pointer, std::string message) const {
    location where;
    where.file = label_;
    where.json_pointer = std::move(pointer);
    return make_error(errc::invalid_argument, std::move(message), std::move(where),
                      "see signatures/README.md for the format");
  }

  bool string_at(dom::object o, std::string_view key, const std::string& at, std::string& out,
                 bool required, std::optional<harfact::error>& err) const {
    dom::element el;
    if (o.at_key(key).get(el) != simdjson::SUCCESS) {
      if (required && !err) err = problem(at + "/" + std::string(key), "missing");
      return false;
    }
    std::string_view sv;
    if (el.get_string().get(sv) != simdjson::SUCCESS) {
      if (!err) err = problem(at + "/" + std::string(key), "must be a string");
      return false;
    }
    out.assign(sv);
    return true;
  }

  bool strings_at(dom::object o, std::string_view key, const std::string& at,
                  std::vector<std::string>& out, std::optional<harfact::error>& err) const {
    dom::element el;
    if (o.at_key(key).get(el) != simdjson::SUCCESS) return false;
    dom::array arr;
    if (el.get_array().get(arr) != simdjson::SUCCESS) {
      if (!err) err = problem(at + "/" + std::string(key), "must be an array of strings");
      return false;
    }
    for (dom::element item : arr) {
      std::string_view sv;
      if (item.get_string().get(sv) != simdjson::SUCCESS) {
        if (!err) err = problem(at + "/" + std::string(key), "must be an array of strings");
        return false;
      }
      out.emplace_back(sv);
    }
    return true;
  }

  const std::string& label() const { return label_; }

 private:
  std::string label_;
};

bool read_samples(const file_reader& fr, dom::object samples, std::string_view key,
                  const std::string& at, std::vector<sample>& out,
                  std::optional<harfact::error>& err) {
  dom::array arr;
  if (samples.at_key(key).get_array().get(arr) != simdjson::SUCCESS) {
    if (!err) err = fr.problem(at + "/" + std::string(key), "must be an array");
    return false;
  }
  for (dom::element item : arr) {
    sample s;
    std::string_view sv;
    dom::object o;
    if (item.get_string().get(sv) == simdjson::SUCCESS) {
      s.url.assign(sv);
    } else if (item.get_object().get(o) == simdjson::SUCCESS) {
      fr.string_at(o, "url", at, s.url, true, err);
      fr.string_at(o, "method", at, s.method, false, err);
    } else if (!err) {
      err = fr.problem(at + "/" + std::string(key), "a sample is a URL or {url, method}");
    }
    out.push_back(std::move(s));
  }
  return !err;
}

std::optional<harfact::error> read_match(const file_reader& fr, dom::object m,
                                         const std::string& at, match_rule& out) {
  std::optional<harfact::error> err;
  std::vector<std::string> hosts;
  fr.strings_at(m, "hosts", at, hosts, err);
  for (auto& h : hosts) {
    host_rule rule;
    rule.exact = !h.empty() && h.front() == '=';
    rule.name = detail::to_lower_ascii(rule.exact ? std::string_view(h).substr(1) : h);
    if (!rule.name.empty() && rule.name.back() == '.') rule.name.pop_back();
    out.hosts.push_back(std::move(rule));
  }
  dom::element any;
  if (m.at_key("any_host").get(any) == simdjson::SUCCESS) {
    bool b = false;
    if (any.get_bool().get(b) != simdjson::SUCCESS && !err) {
      err = fr.problem(at + "/any_host", "must be a boolean");
    }
    out.any_host = b;
  }
  if (out.hosts.empty() == !out.any_host && !err) {
    err = fr.problem(at, "exactly one of \"hosts\" and \"any_host\": true is required");
  }
  fr.strings_at(m, "paths", at, out.paths, err);
  fr.strings_at(m, "query_has", at, out.query_has, err);
  fr.strings_at(m, "methods", at, out.methods, err);
  fr.strings_at(m, "schemes", at, out.schemes, err);
  dom::object values;
  if (m.at_key("query_values").get_object().get(values) == simdjson::SUCCESS) {
    for (auto field : values) {
      std::string_view v;
      if (field.value.get_string().get(v) != simdjson::SUCCESS) {
        if (!err) err = fr.problem(at + "/query_values", "values must be strings");
        continue;
      }
      out.query_values.emplace_back(std::string(field.key), std::string(v));
    }
  }
  fr.string_at(m, "url_regex", at, out.url_regex, false, err);
  if (!out.url_regex.empty()) {
    const RE2 re(out.url_regex, RE2::Quiet);
    if (!re.ok() && !err) {
      err = fr.problem(at + "/url_regex", fmt::format("invalid RE2 expression: {}", re.error()));
    }
  }
  for (auto field : m) {
    static constexpr std::array<std::string_view, 8> known{"hosts",     "any_host",     "paths",
                                                           "query_has", "query_values", "methods",
                                                           "schemes",   "url_regex"};
    if (index_of(known, field.key) < 0 && !err) {
      err = fr.problem(at + "/" + std::string(field.key), "unknown match condition");
    }
  }
  return err;
}

}  // namespace

std::string_view category_name(category c) noexcept {
  return k_categories[static_cast<std::size_t>(c)];
}
std::string_view theory_name(theory t) noexcept { return k_theories[static_cast<std::size_t>(t)]; }
std::string_view theory_label(theory t) noexcept {
  return k_theory_labels[static_cast<std::size_t>(t)];
}
std::string_view role_name(role r) noexcept { return k_roles[static_cast<std::size_t>(r)]; }

std::string signature::ref() const { return fmt::format("{}@{}", id, rev); }

const vendor* database::find_vendor(std::string_view vendor_id) const noexcept {
  for (const auto& v : vendors_) {
    if (v.vendor_id == vendor_id) return &v;
  }
  return nullptr;
}

database database::empty() { return database(); }

fs::path database::default_dir() {
  if (const char* env = std::getenv("HARFACT_SIGNATURES"); env != nullptr && *env != '\0') {
    return env;
  }
  std::error_code ec;
  // Relocatable installs: <prefix>/bin/harfact -> <prefix>/share/harfact/signatures.
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path beside = exe.parent_path().parent_path() / "share/harfact/signatures";
    if (fs::is_regular_file(beside / "MANIFEST.json", ec)) return beside;
  }
  const fs::path installed = fs::path(HARFACT_DATADIR) / "harfact/signatures";
  if (fs::is_regular_file(installed / "MANIFEST.json", ec)) return installed;
  return fs::path(HARFACT_SOURCE_DIR) / "signatures";
}

result<database> database::load(const fs::path& dir) {
  database db;
  db.dir_ = dir;
  const fs::path manifest_path = dir / "MANIFEST.json";
  std::string manifest_text;
  if (!read_all(manifest_path, manifest_text)) {
    location where;
    where.file = manifest_path.string();
    return make_error(errc::io_open,
                      fmt::format("cannot read the signature manifest {}", manifest_path.string()),
                      where,
                      "give --signatures DIR (a directory with MANIFEST.json) or "
                      "--no-signatures");
  }
  io::sha256 hash;
  hash.update(manifest_text);
  dom::parser parser;
  const file_reader mf(manifest_path.string());
  dom::element root;
  const simdjson::padded_string manifest_copy(manifest_text);
  if (parser.parse(manifest_copy).get(root) != simdjson::SUCCESS) {
    return mf.problem("", "MANIFEST.json is not valid JSON");
  }
  dom::object manifest;
  if (root.get_object().get(manifest) != simdjson::SUCCESS) {
    return mf.problem("", "MANIFEST.json must be an object");
  }
  std::int64_t format = 0;
  if (manifest["format_version"].get_int64().get(format) != simdjson::SUCCESS) {
    return mf.problem("/format_version", "missing or not an integer");
  }
  if (format > format_version) {
    return make_error(
        errc::unsupported_format,
        fmt::format("the signature database {} has format_version {}; this harfact reads "
                    "format {}",
                    dir.string(), format, format_version),
        location{manifest_path.string(), no_offset, 0, 0, no_entry, "/format_version"},
        "upgrade harfact, or use a database of a format it reads");
  }
  std::optional<harfact::error> err;
  mf.string_at(manifest, "db_version", "", db.version_, true, err);
  std::vector<std::string> files;
  if (!mf.strings_at(manifest, "files", "", files, err) && !err) {
    err = mf.problem("/files", "missing");
  }
  mf.strings_at(manifest, "retired_ids", "", db.retired_, err);
  if (err) return std::move(*err);

  std::set<std::string, std::less<>> ids(db.retired_.begin(), db.retired_.end());
  std::set<std::string, std::less<>> vendor_ids;
  for (const auto& rel : files) {
    const fs::path path = dir / rel;
    std::string text;
    if (!read_all(path, text)) {
      return make_error(errc::io_open, fmt::format("cannot read signature file {}", path.string()),
                        location{path.string(), no_offset, 0, 0, no_entry, ""},
                        "MANIFEST.json lists a file that is not there");
    }
    hash.update(text);
    const file_reader fr(path.string());
    const simdjson::padded_string copy(text);
    dom::element el;
    if (parser.parse(copy).get(el) != simdjson::SUCCESS) return fr.problem("", "not valid JSON");
    dom::object o;
    if (el.get_object().get(o) != simdjson::SUCCESS) return fr.problem("", "must be an object");
    std::int64_t file_format = 0;
    if (o["format_version"].get_int64().get(file_format) != simdjson::SUCCESS) {
      return fr.problem("/format_version", "missing or not an integer");
    }
    if (file_format > format_version) {
      return make_error(errc::unsupported_format,
                        fmt::format("{} has format_version {}; this harfact reads format {}",
                                    path.string(), file_format, format_version),
                        location{path.string(), no_offset, 0, 0, no_entry, "/format_version"},
                        "upgrade harfact");
    }
    vendor v;
    v.file = rel;
    fr.string_at(o, "vendor_id", "", v.vendor_id, true, err);
    fr.string_at(o, "name", "", v.name, true, err);
    fr.string_at(o, "company", "", v.company, true, err);
    fr.string_at(o, "description", "", v.description, true, err);
    std::string cat;
    if (fr.string_at(o, "category", "", cat, true, err)) {
      const int c = index_of(k_categories, cat);
      if (c < 0 && !err) err = fr.problem("/category", fmt::format("unknown category {}", cat));
      v.category = static_cast<category>(c < 0 ? 0 : c);
    }
    std::vector<std::string> theories;
    fr.strings_at(o, "theories", "", theories, err);
    for (const auto& t : theories) {
      const int i = index_of(k_theories, t);
      if (i < 0) {
        if (!err) err = fr.problem("/theories", fmt::format("unknown theory {}", t));
        continue;
      }
      v.theories.push_back(static_cast<theory>(i));
    }
    fr.strings_at(o, "uncertain", "", v.uncertain, err);
    dom::array refs;
    if (o["references"].get_array().get(refs) == simdjson::SUCCESS) {
      for (dom::element r : refs) {
        dom::object ro;
        if (r.get_object().get(ro) != simdjson::SUCCESS) continue;
        reference ref;
        fr.string_at(ro, "source", "/references", ref.source, true, err);
        fr.string_at(ro, "url", "/references", ref.url, false, err);
        fr.string_at(ro, "note", "/references", ref.note, false, err);
        v.references.push_back(std::move(ref));
      }
    }
    if (v.references.empty() && !err) err = fr.problem("/references", "every vendor names sources");
    if (!err && !vendor_ids.insert(v.vendor_id).second) {
      err = fr.problem("/vendor_id", fmt::format("vendor_id {} is used twice", v.vendor_id));
    }
    dom::array sigs;
    if (o["signatures"].get_array().get(sigs) != simdjson::SUCCESS && !err) {
      err = fr.problem("/signatures", "missing or not an array");
    }
    const std::size_t vendor_index = db.vendors_.size();
    std::size_t n = 0;
    if (!err) {
      for (dom::element se : sigs) {
        const std::string at = fmt::format("/signatures/{}", n++);
        dom::object so;
        if (se.get_object().get(so) != simdjson::SUCCESS) {
          err = fr.problem(at, "must be an object");
          break;
        }
        signature s;
        s.vendor = vendor_index;
        fr.string_at(so, "id", at, s.id, true, err);
        std::int64_t rev = 0;
        if (so["rev"].get_int64().get(rev) != simdjson::SUCCESS || rev < 1) {
          if (!err) err = fr.problem(at + "/rev", "must be an integer from 1");
        }
        s.rev = static_cast<int>(rev);
        std::string r;
        if (fr.string_at(so, "role", at, r, true, err)) {
          const int i = index_of(k_roles, r);
          if (i < 0 && !err) err = fr.problem(at + "/role", fmt::format("unknown role {}", r));
          s.role = static_cast<role>(i < 0 ? 0 : i);
        }
        fr.string_at(so, "description", at, s.description, true, err);
        fr.strings_at(so, "decoders", at, s.decoders, err);
        dom::object m;
        if (so["match"].get_object().get(m) != simdjson::SUCCESS) {
          if (!err) err = fr.problem(at + "/match", "missing or not an object");
        } else if (auto e = read_match(fr, m, at + "/match", s.match); e && !err) {
          err = std::move(e);
        }
        dom::object samples;
        if (so["samples"].get_object().get(samples) != simdjson::SUCCESS) {
          if (!err) err = fr.problem(at + "/samples", "missing or not an object");
        } else {
          read_samples(fr, samples, "match", at + "/samples", s.match_samples, err);
          read_samples(fr, samples, "no_match", at + "/samples", s.no_match_samples, err);
        }
        if (!err && s.id.rfind(v.vendor_id + ".", 0) != 0) {
          err = fr.problem(at + "/id",
                           fmt::format("id {} must start with \"{}.\"", s.id, v.vendor_id));
        }
        if (!err && !ids.insert(s.id).second) {
          err = fr.problem(at + "/id", fmt::format("id {} is used twice or is retired", s.id));
        }
        if (err) break;
        v.signatures.push_back(db.signatures_.size());
        db.signatures_.push_back(std::move(s));
      }
    }
    if (err) return std::move(*err);
    db.vendors_.push_back(std::move(v));
  }
  db.sha256_ = io::to_hex(hash.finish());
  return db;
}

}  // namespace harfact::sig
