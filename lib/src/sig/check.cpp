#include "harfact/sig/check.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "core/json_schema.hpp"
#include "harfact/io/read_file.hpp"
#include "harfact/sig/matcher.hpp"

namespace harfact::sig {

namespace {

namespace fs = std::filesystem;

// Unreadable (or absurdly large) files read as empty: the validation then
// reports them as not JSON.
std::string read_text(const fs::path& p) {
  auto read = io::read_file_bounded(p, std::uint64_t{16} << 20, "signature file");
  return read ? std::move(*read) : std::string();
}

}  // namespace

const std::vector<std::string>& generic_decoders() {
  static const std::vector<std::string> names{"query",  "form", "json",      "text_lines",
                                              "base64", "gzip", "websocket", "chat_text"};
  return names;
}

check_report check_database(const database& db) {
  check_report r;
  r.vendors = db.vendors().size();
  r.signatures = db.signatures().size();
  const fs::path dir = db.dir();

  // Schemas.
  const std::string vendor_schema = read_text(dir / "schema/vendor.schema.json");
  const std::string manifest_schema = read_text(dir / "schema/manifest.schema.json");
  for (const auto& v : detail::validate_json(manifest_schema, read_text(dir / "MANIFEST.json"))) {
    r.problems.push_back({"schema", "MANIFEST.json", "", v});
  }
  std::set<std::string> listed;
  for (const auto& vendor : db.vendors()) {
    listed.insert(fs::path(vendor.file).lexically_normal().generic_string());
    for (const auto& v : detail::validate_json(vendor_schema, read_text(dir / vendor.file))) {
      r.problems.push_back({"schema", vendor.file, "", v});
    }
    if (fs::path(vendor.file).stem().string() != vendor.vendor_id) {
      r.problems.push_back({"manifest", vendor.file, "",
                            fmt::format("the file of vendor {} must be named {}.json",
                                        vendor.vendor_id, vendor.vendor_id)});
    }
  }
  std::error_code ec;
  for (const auto& item : fs::directory_iterator(dir / "vendors", ec)) {
    if (item.path().extension() != ".json") continue;
    const std::string rel = fs::relative(item.path(), dir).lexically_normal().generic_string();
    if (listed.count(rel) == 0) {
      r.problems.push_back({"manifest", rel, "", "not listed in MANIFEST.json"});
    }
  }

  // Decoder names.
  std::set<std::string, std::less<>> decoders(generic_decoders().begin(), generic_decoders().end());
  for (const auto& v : db.vendors()) decoders.insert(v.vendor_id);
  for (const auto& s : db.signatures()) {
    for (const auto& d : s.decoders) {
      if (decoders.count(d) == 0) {
        r.problems.push_back(
            {"decoder", db.vendor_of(s).file, s.ref(), fmt::format("unknown decoder \"{}\"", d)});
      }
    }
  }

  // Samples, against the whole database.
  const matcher m(db);
  std::vector<match> found;
  for (const auto& s : db.signatures()) {
    const vendor& owner = db.vendor_of(s);
    for (const auto& smp : s.match_samples) {
      ++r.samples;
      m.find(smp.url, smp.method, found);
      const bool own =
          std::any_of(found.begin(), found.end(), [&](const match& x) { return x.sig == &s; });
      if (!own) {
        r.problems.push_back({"sample", owner.file, s.ref(),
                              fmt::format("does not match its sample {} {}", smp.method, smp.url)});
      }
      for (const auto& x : found) {
        if (x.owner != &owner) {
          r.problems.push_back({"overlap", owner.file, s.ref(),
                                fmt::format("its sample {} {} also matches {} ({})", smp.method,
                                            smp.url, x.sig->ref(), x.owner->vendor_id)});
        }
      }
    }
    for (const auto& smp : s.no_match_samples) {
      ++r.samples;
      if (m.matches(s, smp.url, smp.method)) {
        r.problems.push_back(
            {"no_match", owner.file, s.ref(),
             fmt::format("matches its no_match sample {} {}", smp.method, smp.url)});
      }
    }
  }
  return r;
}

}  // namespace harfact::sig
