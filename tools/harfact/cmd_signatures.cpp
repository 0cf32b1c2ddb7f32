// harfact signatures list|check: the signature database in use.
#include <fmt/format.h>

#include <iostream>

#include "cli.hpp"
#include "harfact/report/json_writer.hpp"
#include "harfact/sig/check.hpp"
#include "harfact/sig/database.hpp"

namespace harfact::cli {

namespace {

std::string list_text(const sig::database& db) {
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

std::string list_json(const sig::database& db) {
  report::json_writer w;
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

}  // namespace

int cmd_signatures(const std::vector<std::string>& args) {
  po::options_description visible(
      "Usage: harfact signatures list|check [options]\n\n"
      "  list   the vendors and signatures of the database in use\n"
      "  check  the database itself: JSON Schemas, unique ids, every sample against the\n"
      "         whole database (a sample must match its own signature and no other\n"
      "         vendor's), decoder names, files MANIFEST.json does not list\n\n"
      "Options");
  visible.add_options()("help,h", "show this help")(
      "signatures", po::value<std::string>()->default_value(""),
      "signature directory (default: the installed signatures/)")(
      "format,f", po::value<std::string>()->default_value("text"), "list: text or json")(
      "output,o", po::value<std::string>()->default_value("-"), "write to FILE (atomically)");
  po::options_description hidden;
  hidden.add_options()("action", po::value<std::vector<std::string>>(), "list or check");
  po::variables_map vm;
  if (!parse(args, visible, hidden, "action", vm)) return exit_usage;
  if (vm.count("help") != 0U) {
    std::cout << visible
              << "\nExit codes: 0 success; 1 check found problems; 2 usage error; "
                 "3 the database cannot be loaded.\n";
    return exit_ok;
  }
  const auto actions = vm.count("action") != 0U ? vm["action"].as<std::vector<std::string>>()
                                                : std::vector<std::string>{};
  if (actions.size() != 1 || (actions[0] != "list" && actions[0] != "check")) {
    print_error("say 'harfact signatures list' or 'harfact signatures check'");
    return exit_usage;
  }
  const auto format = vm["format"].as<std::string>();
  if (format != "text" && format != "json") {
    print_error(fmt::format("unknown --format '{}' (use text or json)", format));
    return exit_usage;
  }
  std::string dir = vm["signatures"].as<std::string>();
  if (dir.empty()) dir = sig::database::default_dir().string();
  auto db = sig::database::load(dir);
  if (!db) {
    print_error(fmt::format("{}: {}", describe(db.error().where), db.error().message));
    if (!db.error().hint.empty()) std::cerr << "hint: " << db.error().hint << '\n';
    return exit_input;
  }
  const std::string output = vm["output"].as<std::string>();
  if (actions[0] == "list") {
    return emit(output, format == "json" ? list_json(*db) : list_text(*db), {});
  }
  const sig::check_report r = sig::check_database(*db);
  std::string out = fmt::format(
      "signature database {} at {}: {} vendors, {} signatures, {} "
      "samples checked\n",
      db->version(), db->dir().string(), r.vendors, r.signatures, r.samples);
  for (const auto& p : r.problems) {
    out += fmt::format("{:<9} {}{}: {}\n", p.kind, p.file,
                       p.signature.empty() ? "" : " " + p.signature, p.message);
  }
  out += r.ok() ? "OK: no problems\n" : fmt::format("{} problems\n", r.problems.size());
  if (const int rc = emit(output, out, {}); rc != exit_ok) return rc;
  return r.ok() ? exit_ok : exit_fail_on;
}

}  // namespace harfact::cli
