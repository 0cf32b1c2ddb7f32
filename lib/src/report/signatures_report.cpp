#include "harfact/report/signatures_report.hpp"

#include <fmt/format.h>

#include "harfact/report/json_writer.hpp"

namespace harfact::report {

std::string signatures_list_text(const sig::database& db) {
  std::string out = fmt::format(
      "signature database {} (sha256 {})\n{}: {} vendors, {} signatures\n\n", db.version(),
      db.sha256(), db.dir().string(), db.vendors().size(), db.signatures().size());
  out += fmt::format("{:<28} {:<18} {:>4}  {:<40} {}\n", "vendor_id", "category", "sigs",
                     "theories", "name");
  for (const auto& v : db.vendors()) {
    std::string theories;
    for (const auto t : v.theories) {
      if (!theories.empty()) theories += ", ";
      theories += sig::theory_label(t);
    }
    out +=
        fmt::format("{:<28} {:<18} {:>4}  {:<40} {}\n", v.vendor_id, sig::category_name(v.category),
                    v.signatures.size(), theories.empty() ? "-" : theories, v.name);
  }
  return out;
}

std::string signatures_list_json(const sig::database& db) {
  json_writer w;
  w.begin_object();
  w.member("db_version", db.version());
  w.member("sha256", db.sha256());
  w.key("vendors").begin_array();
  for (const auto& v : db.vendors()) {
    w.begin_object();
    w.member("vendor_id", v.vendor_id);
    w.member("name", v.name);
    w.member("company", v.company);
    w.member("category", sig::category_name(v.category));
    w.key("theories").begin_array();
    for (const auto t : v.theories) w.value(sig::theory_name(t));
    w.end_array();
    w.key("signatures").begin_array();
    for (const auto i : v.signatures) {
      const auto& s = db.signatures()[i];
      w.begin_object();
      w.member("id", s.id);
      w.member("rev", s.rev);
      w.member("ref", s.ref());
      w.member("role", sig::role_name(s.role));
      w.member("description", s.description);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

std::string signatures_check_text(const sig::database& db, const sig::check_report& r) {
  std::string out =
      fmt::format("signature database {} at {}: {} vendors, {} signatures, {} samples checked\n",
                  db.version(), db.dir().string(), r.vendors, r.signatures, r.samples);
  for (const auto& p : r.problems) {
    out += fmt::format("{:<9} {}{}: {}\n", p.kind, p.file,
                       p.signature.empty() ? "" : " " + p.signature, p.message);
  }
  out += r.ok() ? "OK: no problems\n" : fmt::format("{} problems\n", r.problems.size());
  return out;
}

}  // namespace harfact::report
