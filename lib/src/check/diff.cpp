// `diff`: the exhibit against each of our captures, aligned by page, vendor,
// event and consent state; differences merged across our captures, ordered for
// a rebuttal and numbered.
#include "harfact/check/diff.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

#include "check/diff_facts.hpp"

namespace harfact::check {

using namespace diff_detail;

namespace {

// A difference before merging: its weight orders the rebuttal.
struct raw_difference {
  difference d;
  int weight = 0;
};

const std::vector<std::string_view>& kinds() {
  static const std::vector<std::string_view> k = {"vendor_only_in_exhibit",
                                                  "fired_in_different_consent_state",
                                                  "event_only_in_exhibit",
                                                  "fields_differ",
                                                  "region_differs",
                                                  "capture_conditions_differ",
                                                  "consent_flow_differs",
                                                  "gpc_differs",
                                                  "time_gap",
                                                  "page_only_in_one",
                                                  "vendor_only_in_ours",
                                                  "event_only_in_ours"};
  return k;
}

std::size_t kind_rank(std::string_view kind) {
  const auto& k = kinds();
  return static_cast<std::size_t>(std::find(k.begin(), k.end(), kind) - k.begin());
}

std::string significance_of(int weight) {
  if (weight >= 70) return "high";
  if (weight >= 40) return "medium";
  return "low";
}

bool pre_consent(timeline::position p) {
  return p == timeline::position::no_consent_ui || p == timeline::position::before_choice ||
         p == timeline::position::denied;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string flow_text(const diff_capture& c) {
  return c.consent_flow.empty() ? std::string("no consent state") : join(c.consent_flow, " -> ");
}

std::string state_at(const capture_facts& f, std::size_t annotated) {
  const auto& t = f.v->timeline;
  const auto& a = t.hits[annotated];
  if (a.transition >= t.transitions.size()) return "unknown";
  return std::string(timeline::state_name(t.transitions[a.transition].state));
}

std::string vendor_label(const vendor_facts* a, const vendor_facts* b, const std::string& id) {
  const vendor_facts* v = a != nullptr ? a : b;
  return v != nullptr && !v->name.empty() ? fmt::format("{} ({})", v->name, id) : id;
}

std::vector<std::string> event_names(const vendor_facts& v) {
  std::vector<std::string> out;
  for (const auto& [name, entries] : v.events) out.push_back(name);
  return out;
}

// What a vendor did in one capture, for a side's detail.
std::string vendor_detail(const capture_facts& f, const vendor_facts* v) {
  if (v == nullptr || v->lvl == level::none) return "no request to this vendor";
  if (v->lvl == level::loads) {
    return fmt::format("loaded its code ({}) but sent no data", entries_text(v->entries));
  }
  const auto events = event_names(*v);
  std::string out = fmt::format("{} hit(s) sent data", v->sent_entries.size());
  if (!events.empty()) out += fmt::format(" ({})", join(events, ", "));
  if (v->first_sent) {
    const auto& a = f.v->timeline.hits[*v->first_sent];
    out += fmt::format("; the first at entry {}, {} (state {})",
                       f.v->timeline.trackers.hits[a.hit].entry, position_phrase(a.position),
                       state_at(f, *v->first_sent));
  }
  return out;
}

std::vector<std::uint64_t> side_entries(const vendor_facts* v) {
  if (v == nullptr) return {};
  return v->lvl == level::sends ? v->sent_entries : v->entries;
}

diff_side side(std::size_t capture, std::vector<std::uint64_t> entries, std::string detail) {
  diff_side s;
  s.capture = capture;
  s.entries = std::move(entries);
  s.detail = std::move(detail);
  return s;
}

class pair_comparer {
 public:
  pair_comparer(const capture_facts& e, const capture_facts& o, std::vector<raw_difference>& out)
      : e_(e), o_(o), p_(pair_up(e, o)), out_(out) {}

  void vendors() {
    std::set<std::string> ids;
    for (const auto& v : e_.vendors) ids.insert(v.id);
    for (const auto& v : o_.vendors) ids.insert(v.id);
    for (const auto& id : ids) vendor(id);
  }

  void consent() {
    const diff_capture& ie = e_.info;
    const diff_capture& io = o_.info;
    if (ie.consent_flow != io.consent_flow || ie.cmps != io.cmps || ie.choice != io.choice) {
      const auto describe = [](const diff_capture& c) {
        return fmt::format("{}: {}; choice: {}",
                           c.cmps.empty() ? std::string("no consent platform") : join(c.cmps, ", "),
                           flow_text(c), c.choice);
      };
      std::vector<std::uint64_t> ee, eo;
      if (ie.choice_entry) ee.push_back(*ie.choice_entry);
      if (io.choice_entry) eo.push_back(*io.choice_entry);
      std::string what;
      if (ie.cmps.empty() != io.cmps.empty()) {
        what = fmt::format("A consent platform was seen in {} only.",
                           ie.cmps.empty() ? "ours" : "the exhibit");
      } else if (ie.choice != io.choice) {
        what = fmt::format("The consent choice differs: {} in the exhibit, {} in ours.", ie.choice,
                           io.choice);
      } else {
        what = "The consent flow differs (consent platforms or the sequence of states).";
      }
      add("consent_flow_differs", "", "", "", 55, what,
          {side(0, ee, describe(ie)), side(o_.index, eo, describe(io))}, {});
    }
    if ((ie.gpc_requests > 0) != (io.gpc_requests > 0)) {
      const auto describe = [](const diff_capture& c) {
        return c.gpc_requests > 0
                   ? fmt::format("Sec-GPC: 1 on {} of {} requests", c.gpc_requests, c.requests)
                   : std::string("no request carried Sec-GPC: 1");
      };
      add("gpc_differs", "", "", "", ie.gpc_requests > 0 ? 50 : 25,
          fmt::format("Global Privacy Control (Sec-GPC: 1) was sent in {} only.",
                      ie.gpc_requests > 0 ? "the exhibit" : "ours"),
          {side(0, {}, describe(ie)), side(o_.index, {}, describe(io))}, {});
    }
    if (p_.region.holds) {
      const bool exhibit_ca = ie.region == "US-CA";
      const bool ours_ca = io.region == "US-CA";
      raw_difference r;
      r.weight = !exhibit_ca && ours_ca ? 85 : 45;
      r.d.kind = "region_differs";
      r.d.what =
          fmt::format("The consent platform applied region {} in the exhibit and {} in ours.",
                      ie.region, io.region);
      r.d.sides = {side(0, {}, fmt::format("{} ({})", ie.region, ie.region_source)),
                   side(o_.index, {}, fmt::format("{} ({})", io.region, io.region_source))};
      r.d.reason = "different_region_rule";
      r.d.certainty = "observed";
      std::string consequence;
      if (!exhibit_ca) {
        consequence =
            " The exhibit was placed outside California: it does not show what a California "
            "visitor experiences.";
      } else if (!ours_ca) {
        consequence =
            " Our capture was placed outside California: it does not show what a California "
            "visitor experiences, and answers the exhibit only as far as the site treats both "
            "regions alike.";
      }
      r.d.reason_text = fmt::format("Observed: {}.{}", capitalized(p_.region.why), consequence);
      out_.push_back(std::move(r));
    }
  }

  void conditions() {
    // verify's checks present on both sides, by id.
    for (const auto& ce : e_.checks) {
      for (const auto& co : o_.checks) {
        // Regions are compared by region_differs.
        if (ce.id != co.id || ce.bad == co.bad || ce.category == "region") continue;
        condition(ce, co);
      }
    }
    const diff_capture& ie = e_.info;
    const diff_capture& io = o_.info;
    if (ie.exporter_id != io.exporter_id || ie.browser != io.browser) {
      raw_difference r;
      r.d.kind = "capture_conditions_differ";
      r.d.subject = "capture_tool";
      r.weight = ie.automated_exporter && !io.automated_exporter ? 65 : 20;
      const bool browsers = ie.browser != io.browser;
      const auto describe = [browsers](const diff_capture& c) {
        return fmt::format(
            "{}{}", c.exporter_name.empty() ? c.exporter_id : c.exporter_name,
            browsers ? fmt::format(" (browser {})", c.browser.empty() ? "unknown" : c.browser)
                     : std::string());
      };
      r.d.what =
          fmt::format("The captures were made with different tools: the exhibit by {}, ours by {}.",
                      describe(ie), describe(io));
      r.d.sides = {side(0, {}, describe(ie)), side(o_.index, {}, describe(io))};
      r.d.certainty = "observed";
      if (ie.automated_exporter != io.automated_exporter) {
        r.d.reason = "scanner_markers";
        r.d.reason_text = fmt::format(
            "Observed: {} was exported by an automation tool ({}), which drives a browser by "
            "program rather than a person using one.",
            capitalized(capture_name(ie.automated_exporter ? 0 : o_.index)),
            ie.automated_exporter ? ie.exporter_name : io.exporter_name);
      } else if (p_.browser.holds) {
        r.d.reason = "different_browser";
        r.d.reason_text = fmt::format("Observed: {}.", capitalized(p_.browser.why));
      } else {
        r.d.reason = "unknown";
        r.d.certainty = "unknown";
        r.d.reason_text =
            "The exporters differ; neither is an automation tool and the browsers are of the same "
            "family, so the difference of tools alone explains nothing further.";
      }
      out_.push_back(std::move(r));
    }
    // Cookies stripped, when verify's own sanitized-export check is not on both sides.
    const bool checked = has_check(e_, "sanitized") && has_check(o_, "sanitized");
    if (!checked && e_.sanitized.holds != o_.sanitized.holds) {
      raw_difference r;
      r.d.kind = "capture_conditions_differ";
      r.d.subject = "sanitized_export";
      r.weight = e_.sanitized.holds ? 60 : 15;
      r.d.what = fmt::format("{} is a sanitized export (no cookies); {} kept its cookies.",
                             capitalized(capture_name(e_.sanitized.holds ? 0 : o_.index)),
                             e_.sanitized.holds ? "ours" : "the exhibit");
      const auto describe = [](const capture_facts& f) {
        return f.sanitized.holds ? f.sanitized.why : std::string("cookies kept");
      };
      r.d.sides = {side(0, {}, describe(e_)), side(o_.index, {}, describe(o_))};
      r.d.reason = "sanitized_export";
      r.d.certainty = "observed";
      r.d.reason_text = fmt::format("Observed: {}.", capitalized(p_.sanitized.why));
      out_.push_back(std::move(r));
    }
  }

  void time_gap() {
    if (!p_.site_changed.holds) return;
    const diff_capture& ie = e_.info;
    const diff_capture& io = o_.info;
    add("time_gap", "", "", "", 40,
        fmt::format("The captures were made {} days apart.", *p_.gap_days),
        {side(0, {}, fmt::format("first entry {}", ie.started_original)),
         side(o_.index, {}, fmt::format("first entry {}", io.started_original))},
        {});
  }

  void pages(const std::vector<std::string>& only_e, const std::vector<std::string>& only_o) {
    page_side(only_e, e_, o_, 35, "the exhibit");
    page_side(only_o, o_, e_, 10, "ours");
  }

 private:
  static std::string capitalized(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 32);
    return s;
  }

  static bool has_check(const capture_facts& f, std::string_view category) {
    return std::any_of(f.checks.begin(), f.checks.end(),
                       [&](const check_fact& c) { return c.category == category; });
  }

  void add(std::string kind, std::string vendor, std::string page, std::string subject, int weight,
           std::string what, std::vector<diff_side> sides, const reason_context& ctx) {
    raw_difference r;
    r.weight = weight;
    r.d.kind = std::move(kind);
    r.d.vendor_id = std::move(vendor);
    r.d.page = std::move(page);
    r.d.subject = std::move(subject);
    r.d.what = std::move(what);
    r.d.sides = std::move(sides);
    const chosen_reason why = choose_reason(r.d.kind, p_, ctx);
    // A difference explained by a flaw of our own capture answers little.
    if (why.against == 1) r.weight = std::min(r.weight, 30);
    r.d.reason = std::string(reason_name(why.code));
    r.d.reason_text = why.text;
    r.d.certainty = why.certainty;
    out_.push_back(std::move(r));
  }

  void condition(const check_fact& ce, const check_fact& co) {
    raw_difference r;
    r.d.kind = "capture_conditions_differ";
    r.d.subject = ce.id;
    const check_fact& bad = ce.bad ? ce : co;
    if (!ce.bad) {
      r.weight = 15;
    } else if (bad.category != "other") {
      r.weight = 70;
    } else {
      r.weight = bad.status == "fail" ? 50 : 40;
    }
    r.d.what = fmt::format(
        "Integrity check {}{}: {} in the exhibit, {} in ours.", ce.id,
        ce.title.empty() || ce.title == ce.id ? std::string() : fmt::format(" ({})", ce.title),
        ce.status, co.status);
    const auto describe = [](const check_fact& c) {
      return c.summary.empty() ? c.status : fmt::format("{}: {}", c.status, c.summary);
    };
    r.d.sides = {side(0, ce.entries, describe(ce)), side(o_.index, co.entries, describe(co))};
    r.d.certainty = "observed";
    const std::string who = capitalized(capture_name(ce.bad ? 0 : o_.index));
    if (bad.category == "sanitized") {
      r.d.reason = "sanitized_export";
    } else if (bad.category == "extension") {
      r.d.reason = "extension_interference";
    } else if (bad.category == "scanner") {
      r.d.reason = "scanner_markers";
    } else if (bad.category == "cache") {
      r.d.reason = "cache";
    } else if (bad.category == "profile") {
      r.d.reason = "different_consent_state";
    } else {
      r.d.reason = "unknown";
      r.d.certainty = "unknown";
    }
    const std::string evidence = bad.first_evidence.empty()
                                     ? std::string()
                                     : fmt::format(" (first evidence: {})", bad.first_evidence);
    r.d.reason_text =
        r.d.reason == "unknown"
            ? fmt::format(
                  "{} {} verify's check {}{}. How it bears on the other differences is not "
                  "established.",
                  who, bad.status == "fail" ? "failed" : "warned on", bad.id, evidence)
            : fmt::format("Observed: {} {} verify's check {}{}.", who,
                          bad.status == "fail" ? "failed" : "warned on", bad.id, evidence);
    out_.push_back(std::move(r));
  }

  void page_side(const std::vector<std::string>& keys, const capture_facts& in,
                 const capture_facts& other, int weight, std::string_view where) {
    for (const auto& key : keys) {
      const auto& cap = in.v->timeline.trackers.capture;
      std::vector<std::uint64_t> entries;
      std::uint64_t count = 0;
      for (std::size_t i = 0; i < cap.pages.size() && i < in.page_keys.size(); ++i) {
        if (in.page_keys[i] != key) continue;
        count += cap.pages[i].entries;
        if (cap.pages[i].main_document_entry >= 0) {
          entries.push_back(static_cast<std::uint64_t>(cap.pages[i].main_document_entry));
        }
      }
      const std::set<std::string> scope{key};
      const capture_facts on_page = gather(*in.v, in.index, &scope);
      std::string detail =
          fmt::format("{} entries; main document at {}", count, entries_text(entries));
      detail += on_page.info.vendors.empty() ? "; no vendor sent data there"
                                             : fmt::format("; vendors that sent data there: {}",
                                                           join(on_page.info.vendors, ", "));
      std::vector<diff_side> sides;
      const diff_side present = side(in.index, entries, detail);
      const diff_side absent = side(other.index, {}, "not visited");
      if (in.index == 0) {
        sides = {present, absent};
      } else {
        sides = {absent, present};
      }
      add("page_only_in_one", "", key, "", weight,
          fmt::format("Page {} was visited in {} only.", key, where), std::move(sides), {});
    }
  }

  void vendor(const std::string& id) {
    const vendor_facts* ve = find_vendor(e_, id);
    const vendor_facts* vo = find_vendor(o_, id);
    const level le = ve != nullptr ? ve->lvl : level::none;
    const level lo = vo != nullptr ? vo->lvl : level::none;
    const std::string label = vendor_label(ve, vo, id);
    if (le != lo) {
      const bool in_exhibit = le > lo;
      const vendor_facts* present = in_exhibit ? ve : vo;
      const level lp = in_exhibit ? le : lo;
      int weight = 0;
      if (in_exhibit) {
        if (lp == level::sends) {
          const auto& ps = present->sent_positions;
          const auto n = std::count_if(ps.begin(), ps.end(), pre_consent);
          weight = n == static_cast<std::ptrdiff_t>(ps.size()) ? 100 : n > 0 ? 90 : 50;
        } else {
          weight = 30;
        }
      } else {
        weight = lp == level::sends ? 12 : 8;
      }
      const std::string what =
          lp == level::sends
              ? fmt::format("{} sent data in {} but not in {}.", label,
                            in_exhibit ? "the exhibit" : "ours",
                            in_exhibit ? "ours" : "the exhibit")
              : fmt::format(
                    "{} made requests in {} (it loaded its code, sent no data) but none in {}.",
                    label, in_exhibit ? "the exhibit" : "ours",
                    in_exhibit ? "ours" : "the exhibit");
      reason_context ctx;
      ctx.loads_only = lp == level::loads;
      add(in_exhibit ? "vendor_only_in_exhibit" : "vendor_only_in_ours", id, "", "", weight, what,
          {side(0, side_entries(ve), vendor_detail(e_, ve)),
           side(o_.index, side_entries(vo), vendor_detail(o_, vo))},
          ctx);
      return;
    }
    if (le != level::sends) return;
    events(id, label, *ve, *vo);
    fields(id, label, *ve, *vo);
    first_firing(id, label, *ve, *vo);
  }

  void events(const std::string& id, const std::string& label, const vendor_facts& ve,
              const vendor_facts& vo) {
    const auto only = [&](const vendor_facts& a, const vendor_facts& b, bool in_exhibit) {
      for (const auto& event : a.events) {
        // Not a structured binding: clang-14 (the fuzz build) cannot capture one.
        const std::string& name = event.first;
        const auto& entries = event.second;
        const bool elsewhere = std::any_of(b.events.begin(), b.events.end(),
                                           [&](const auto& x) { return x.first == name; });
        if (elsewhere) continue;
        bool before = false;
        for (std::size_t i = 0; i < a.sent_entries.size(); ++i) {
          if (std::find(entries.begin(), entries.end(), a.sent_entries[i]) != entries.end() &&
              pre_consent(a.sent_positions[i])) {
            before = true;
          }
        }
        const int weight = in_exhibit ? (before ? 75 : 45) : 10;
        std::string here = fmt::format("sent {}", name);
        if (before) here += " before consent";
        const auto others = event_names(b);
        const std::string there = others.empty()
                                      ? fmt::format("sent data, but no {} event", name)
                                      : fmt::format("sent {} but not {}", join(others, ", "), name);
        const std::string what =
            fmt::format("{} sent the event {} in {} but not in {}.", label, name,
                        in_exhibit ? "the exhibit" : "ours", in_exhibit ? "ours" : "the exhibit");
        std::vector<diff_side> sides;
        if (in_exhibit) {
          sides = {side(0, entries, here), side(o_.index, b.sent_entries, there)};
        } else {
          sides = {side(0, b.sent_entries, there), side(o_.index, entries, here)};
        }
        add(in_exhibit ? "event_only_in_exhibit" : "event_only_in_ours", id, "", name, weight, what,
            std::move(sides), {});
      }
    };
    only(ve, vo, true);
    only(vo, ve, false);
  }

  // Data classes are compared over the events both captures saw (and hits
  // without an event name): a class carried only by an event the other capture
  // lacks is that event's difference, not a second one.
  void fields(const std::string& id, const std::string& label, const vendor_facts& ve,
              const vendor_facts& vo) {
    const auto has_event = [](const vendor_facts& v, const std::string& ev) {
      if (ev.empty()) return true;
      return std::any_of(v.events.begin(), v.events.end(),
                         [&](const auto& x) { return x.first == ev; });
    };
    const auto missing = [&](const vendor_facts& a, const vendor_facts& b, bool& sensitive) {
      std::vector<std::string> out;
      for (const auto& item : a.data) {
        const std::string& cls = item.first;  // clang-14 cannot capture a binding
        const auto& dc = item.second;
        const bool elsewhere = std::any_of(b.data.begin(), b.data.end(),
                                           [&](const auto& x) { return x.first == cls; });
        const bool comparable =
            std::any_of(dc.events.begin(), dc.events.end(),
                        [&](const std::string& ev) { return has_event(b, ev); });
        if (elsewhere || !comparable) continue;
        out.push_back(fmt::format("{} ({})", cls, join(dc.names, ", ")));
        if (cls.rfind("user_data", 0) == 0 || cls.rfind("personal_data", 0) == 0 ||
            cls == "form_content" || cls == "button_text" || cls == "typed_content") {
          sensitive = true;
        }
      }
      return out;
    };
    bool sensitive = false, ignored = false;
    const auto only_e = missing(ve, vo, sensitive);
    const auto only_o = missing(vo, ve, ignored);
    if (only_e.empty() && only_o.empty()) return;
    const int weight = only_e.empty() ? 15 : sensitive ? 72 : 55;
    const auto list = [](const std::vector<std::string>& v) {
      return v.empty() ? std::string("nothing") : join(v, "; ");
    };
    add("fields_differ", id, "", "", weight,
        fmt::format(
            "{} received different kinds of data: only in the exhibit: {}; only in ours: {}.",
            label, list(only_e), list(only_o)),
        {side(0, ve.sent_entries, only_e.empty() ? "nothing the other lacks" : list(only_e)),
         side(o_.index, vo.sent_entries,
              only_o.empty() ? "nothing the other lacks" : list(only_o))},
        {});
  }

  void first_firing(const std::string& id, const std::string& label, const vendor_facts& ve,
                    const vendor_facts& vo) {
    if (!ve.first_sent || !vo.first_sent) return;
    const auto& ae = e_.v->timeline.hits[*ve.first_sent];
    const auto& ao = o_.v->timeline.hits[*vo.first_sent];
    if (ae.position == ao.position) return;
    const int ge = position_gravity(ae.position);
    const int go = position_gravity(ao.position);
    int weight = 20;
    if (ge > go)
      weight = pre_consent(ae.position) && ao.position == timeline::position::granted ? 85 : 80;
    const auto entry_of = [](const capture_facts& f, const timeline::annotated_hit& a) {
      return f.v->timeline.trackers.hits[a.hit].entry;
    };
    const auto describe = [&](const capture_facts& f, std::size_t annotated) {
      const auto& a = f.v->timeline.hits[annotated];
      return fmt::format("first sent data at entry {}, {} (state {}, position {})", entry_of(f, a),
                         position_phrase(a.position), state_at(f, annotated),
                         timeline::position_name(a.position));
    };
    add("fired_in_different_consent_state", id, "", "", weight,
        fmt::format("{} first sent data {} in the exhibit, but {} in ours.", label,
                    position_phrase(ae.position), position_phrase(ao.position)),
        {side(0, {entry_of(e_, ae)}, describe(e_, *ve.first_sent)),
         side(o_.index, {entry_of(o_, ao)}, describe(o_, *vo.first_sent))},
        {});
  }

  const capture_facts& e_;
  const capture_facts& o_;
  pair_facts p_;
  std::vector<raw_difference>& out_;
};

std::string read_note(const diff_capture& c) {
  const std::string who = c.capture == 0 ? "The exhibit" : fmt::format("Our capture {}", c.capture);
  if (c.status == "unreadable") {
    return fmt::format("{} ({}) could not be read; it is not compared.", who, c.path);
  }
  if (c.status != "complete") {
    return fmt::format(
        "{} ({}) was read in part ({}): differences may come from what could not be read.", who,
        c.path, c.status);
  }
  return "";
}

void compare(const capture_facts& e_all, const capture_facts& o_all,
             std::vector<raw_difference>& out, std::vector<std::string>& notes) {
  const auto& pe = e_all.info.pages;
  const auto& po = o_all.info.pages;
  std::set<std::string> shared;
  std::vector<std::string> only_e, only_o;
  for (const auto& p : pe) {
    if (std::find(po.begin(), po.end(), p) != po.end()) {
      shared.insert(p);
    } else {
      only_e.push_back(p);
    }
  }
  for (const auto& p : po) {
    if (std::find(pe.begin(), pe.end(), p) == pe.end()) only_o.push_back(p);
  }
  const std::set<std::string>* scope = shared.empty() ? nullptr : &shared;
  if (shared.empty()) {
    notes.push_back(fmt::format(
        "The exhibit and our capture {} share no page (the exhibit: {}; ours: {}): vendors, events "
        "and data are compared over the whole captures. Captures of different sites explain little "
        "about each other.",
        o_all.index, pe.empty() ? std::string("none identified") : join(pe, ", "),
        po.empty() ? std::string("none identified") : join(po, ", ")));
  }
  const capture_facts e = gather(*e_all.v, 0, scope);
  const capture_facts o = gather(*o_all.v, o_all.index, scope);
  pair_comparer c(e, o, out);
  c.vendors();
  c.consent();
  c.conditions();
  c.time_gap();
  if (!shared.empty()) c.pages(only_e, only_o);

  if (e.info.region.empty() != o.info.region.empty()) {
    notes.push_back(
        fmt::format("Region: {} shows {}; {} shows no region: not compared.",
                    e.info.region.empty() ? capture_name(o.index) : std::string("the exhibit"),
                    e.info.region.empty() ? o.info.region : e.info.region,
                    e.info.region.empty() ? std::string("the exhibit") : capture_name(o.index)));
  }
  // Checks with a result on one side only (not run, or not applicable there).
  std::vector<std::string> ids_e, ids_o;
  for (const auto& ch : e.checks) ids_e.push_back(ch.id);
  for (const auto& ch : o.checks) ids_o.push_back(ch.id);
  const auto one_side = [&](const std::vector<std::string>& a, const std::vector<std::string>& b,
                            const std::string& with, const std::string& without) {
    if (b.empty()) return;  // no checks at all there: said once for the whole capture
    std::vector<std::string> only;
    for (const auto& id : a) {
      if (std::find(b.begin(), b.end(), id) == b.end()) only.push_back(id);
    }
    if (only.empty()) return;
    notes.push_back(
        fmt::format("Integrity checks with a result for {} but none for {} (not run, or "
                    "not applicable there): {}; not compared.",
                    with, without, join(only, ", ")));
  };
  one_side(ids_e, ids_o, "the exhibit", capture_name(o.index));
  one_side(ids_o, ids_e, capture_name(o.index), "the exhibit");
}

}  // namespace

const std::vector<std::string_view>& difference_kinds() noexcept { return kinds(); }

const std::vector<std::string_view>& difference_reasons() noexcept {
  static const std::vector<std::string_view> r = {"sanitized_export",
                                                  "scanner_markers",
                                                  "extension_interference",
                                                  "different_consent_state",
                                                  "different_region_rule",
                                                  "different_browser",
                                                  "cache",
                                                  "site_changed",
                                                  "unknown"};
  return r;
}

diff_result diff(const verify_result& exhibit, const std::vector<const verify_result*>& ours) {
  diff_result result;
  std::vector<capture_facts> all;
  all.push_back(gather(exhibit, 0, nullptr));
  for (std::size_t i = 0; i < ours.size(); ++i) {
    if (ours[i] != nullptr) all.push_back(gather(*ours[i], i + 1, nullptr));
  }
  for (const auto& f : all) {
    result.captures.push_back(f.info);
    if (const std::string n = read_note(f.info); !n.empty()) result.notes.push_back(n);
  }
  const auto without_checks = std::count_if(
      all.begin(), all.end(), [](const capture_facts& f) { return !f.info.checks_available; });
  if (without_checks > 0) {
    std::vector<std::string> names;
    for (const auto& f : all) {
      if (!f.info.checks_available) names.push_back(capture_name(f.index));
    }
    result.notes.push_back(fmt::format(
        "Integrity checks (verify) were not available for {}: capture conditions are compared from "
        "the exporter and the cookie evidence only.",
        join(names, ", ")));
  }

  std::vector<raw_difference> raw;
  if (all[0].info.status != "unreadable") {
    for (std::size_t i = 1; i < all.size(); ++i) {
      if (all[i].info.status == "unreadable") continue;
      compare(all[0], all[i], raw, result.notes);
    }
  }

  // Merge the same difference found against several of our captures.
  std::vector<raw_difference> merged;
  for (auto& r : raw) {
    auto it = std::find_if(merged.begin(), merged.end(), [&](const raw_difference& m) {
      return m.d.kind == r.d.kind && m.d.vendor_id == r.d.vendor_id && m.d.page == r.d.page &&
             m.d.subject == r.d.subject && m.d.what == r.d.what && m.d.reason == r.d.reason &&
             m.d.sides.front().detail == r.d.sides.front().detail &&
             m.d.sides.front().capture == r.d.sides.front().capture;
    });
    if (it == merged.end()) {
      merged.push_back(std::move(r));
      continue;
    }
    it->weight = std::max(it->weight, r.weight);
    const std::size_t ours_index = r.d.sides.back().capture;
    it->d.sides.push_back(r.d.sides.back());
    if (r.d.reason_text != it->d.reason_text) {
      if (it->d.sides.size() == 3) {
        it->d.reason_text =
            fmt::format("Against our capture {}: {}", it->d.sides[1].capture, it->d.reason_text);
      }
      it->d.reason_text += fmt::format(" Against our capture {}: {}", ours_index, r.d.reason_text);
    }
  }
  std::stable_sort(
      merged.begin(), merged.end(), [](const raw_difference& a, const raw_difference& b) {
        const auto key = [](const raw_difference& r) {
          return std::make_tuple(-r.weight, kind_rank(r.d.kind), &r.d.vendor_id, &r.d.page,
                                 &r.d.subject,
                                 r.d.sides.size() > 1 ? r.d.sides[1].capture : std::size_t{0});
        };
        const auto ka = key(a);
        const auto kb = key(b);
        if (std::get<0>(ka) != std::get<0>(kb)) return std::get<0>(ka) < std::get<0>(kb);
        if (std::get<1>(ka) != std::get<1>(kb)) return std::get<1>(ka) < std::get<1>(kb);
        if (*std::get<2>(ka) != *std::get<2>(kb)) return *std::get<2>(ka) < *std::get<2>(kb);
        if (*std::get<3>(ka) != *std::get<3>(kb)) return *std::get<3>(ka) < *std::get<3>(kb);
        if (*std::get<4>(ka) != *std::get<4>(kb)) return *std::get<4>(ka) < *std::get<4>(kb);
        return std::get<5>(ka) < std::get<5>(kb);
      });
  for (std::size_t i = 0; i < merged.size(); ++i) {
    merged[i].d.id = fmt::format("D{}", i + 1);
    merged[i].d.significance = significance_of(merged[i].weight);
    result.differences.push_back(std::move(merged[i].d));
  }
  return result;
}

}  // namespace harfact::check
