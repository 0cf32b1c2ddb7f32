// check_claims: the rules every kind shares (capture read, page and time
// filters, a vendor never contacted, a capture read in part), then the kind's
// own rule (allegations_consent.cpp, allegations_content.cpp). The rules are
// documented in allegations.hpp; the sentences here are the reasons.
#include "check/allegations_judge.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "harfact/har/timestamp.hpp"

namespace harfact::check {

namespace detail {

namespace {

constexpr std::size_t k_max_evidence = 20;

// Page filter: which pages the claim names (allegations.hpp, rule 2).
std::string comparable(std::string_view url, std::string_view named) {
  const auto scheme = url.find("://");
  const bool full = named.rfind("http://", 0) == 0 || named.rfind("https://", 0) == 0;
  if (full || scheme == std::string_view::npos) return std::string(url);
  std::string_view rest = url.substr(scheme + 3);
  if (!named.empty() && named.front() == '/') {
    const auto slash = rest.find('/');
    return slash == std::string_view::npos ? std::string("/") : std::string(rest.substr(slash));
  }
  return std::string(rest);
}

std::vector<std::size_t> pages_named(const inspect::capture_summary& cap, std::string_view named) {
  std::vector<std::size_t> exact, prefix;
  for (std::size_t i = 0; i < cap.pages.size(); ++i) {
    const auto& url = cap.pages[i].main_document_url;
    if (url.empty()) continue;
    const std::string form = comparable(url, named);
    if (form == named || form == std::string(named) + "/" || form + "/" == named) {
      exact.push_back(i);
    } else if (form.rfind(named, 0) == 0) {
      prefix.push_back(i);
    }
  }
  return exact.empty() ? prefix : exact;
}

timeline::time_point time_of(const trackers::hit& h) {
  timeline::time_point t;
  t.us = h.time_us;
  t.original = h.time_original;
  if (const auto ts = har::parse_timestamp(h.time_original); ts && ts->valid) {
    t.precision_us = ts->precision_us();
  }
  return t;
}

// Two instants, each covering [t, t + precision), overlap.
bool overlaps(std::int64_t a, std::int64_t pa, std::int64_t b, std::int64_t pb) noexcept {
  return a < b + pb && b < a + pa;
}

// What "never contacted" means for the kind claimed.
std::string kind_phrase(claim_kind k) {
  switch (k) {
    case claim_kind::tracker_present: return "";
    case claim_kind::fired_before_consent: return ": it never fired, before consent or after";
    case claim_kind::fired_after_opt_out: return ": it never fired, after an opt-out or at all";
    case claim_kind::fired_despite_gpc: return ": it never fired, with GPC or without";
    case claim_kind::transmitted_field: return ", so it received no field at all";
    case claim_kind::captured_form_input: return ", so it captured no form input";
    case claim_kind::intercepted_chat: return ", so it intercepted no chat";
  }
  return "";
}

void finish(outcome& o, claim_result& r) {
  r.verdict = o.verdict;
  r.wrong_on_facts = o.wrong;
  r.basis = std::move(o.basis);
  r.reason = std::move(o.reason);
  r.evidence_total = o.primary.size() + o.context.size();
  std::vector<timeline::evidence> items;
  const std::size_t ctx_n = std::min(o.context.size(), std::size_t{4});
  for (std::size_t i = 0; i < ctx_n; ++i) items.push_back(std::move(o.context[i]));
  for (auto& e : o.primary) {
    if (items.size() >= k_max_evidence) break;
    items.push_back(std::move(e));
  }
  std::stable_sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
    const auto ta = a.time.us.value_or(INT64_MAX), tb = b.time.us.value_or(INT64_MAX);
    if (ta != tb) return ta < tb;
    return a.entry < b.entry;
  });
  r.evidence = std::move(items);
}

claim_result judge_one(const claim& c, const timeline::result& tl, const sig::database* db) {
  claim_result r;
  r.c = c;
  const sig::vendor* v = nullptr;
  for (const auto& vh : tl.trackers.vendors) {
    if (vh.vendor != nullptr && vh.vendor->vendor_id == c.vendor_id) v = vh.vendor;
  }
  if (v == nullptr && db != nullptr) v = db->find_vendor(c.vendor_id);
  r.vendor_name = v != nullptr ? v->name : c.vendor_id;
  context ctx{tl, c, r.vendor_name, v, {}, {}, {}};
  outcome o;
  const auto& cap = tl.trackers.capture;
  const bool partial = cap.read.status != har::read_status::complete;
  const std::string read_words =
      fmt::format("the capture was read only in part ({}: {} entries read)",
                  har::read_status_name(cap.read.status), cap.entries);
  if (!cap.opened) {
    o.verdict = verdict::indeterminate;
    o.basis = "capture_unreadable";
    o.reason =
        fmt::format("The exhibit could not be read ({}), so it can show nothing about {}.",
                    cap.error ? cap.error->message : std::string("no detail"), r.vendor_name);
    finish(o, r);
    return r;
  }
  std::vector<hit_ref> all;
  for (const auto& a : tl.hits) {
    const auto& h = tl.trackers.hits[a.hit];
    if (h.vendor != nullptr && h.vendor->vendor_id == c.vendor_id)
      all.push_back({&a, &h, time_of(h)});
  }
  ctx.hits = all;
  // Rule 2: the page and the time the claim names.
  if (!c.page.empty()) {
    const auto pages = pages_named(cap, c.page);
    if (pages.empty()) {
      std::vector<std::string> urls;
      for (const auto& pg : cap.pages) {
        if (!pg.main_document_url.empty() && urls.size() < 5) urls.push_back(pg.main_document_url);
      }
      o.verdict = verdict::not_evidenced;
      o.basis = "page_not_in_capture";
      o.reason = fmt::format(
          "The capture holds no page at {}: its {} {}{}. It neither shows nor refutes what "
          "happened on a page it did not record.",
          c.page, cap.pages.size() == 1 ? "page is" : "pages are",
          urls.empty() ? std::string("without a main document") : and_list(urls),
          cap.pages.size() > urls.size() ? " (and more)" : "");
      finish(o, r);
      return r;
    }
    std::vector<std::string> urls;
    for (const auto i : pages) urls.push_back(cap.pages[i].main_document_url);
    ctx.scope = fmt::format(" on {} {}", pages.size() == 1 ? "page" : "pages", and_list(urls));
    std::erase_if(ctx.hits, [&](const hit_ref& x) {
      return std::find(pages.begin(), pages.end(), x.h->page) == pages.end();
    });
  }
  if (c.time_us) {
    const timeline::time_point named{c.time_us, c.time_original, c.time_precision_us};
    const auto first = cap.first_started_us;
    const auto last = cap.last_finished_us ? cap.last_finished_us : cap.last_started_us;
    if (first && last &&
        (*c.time_us + c.time_precision_us <= *first || *c.time_us > *last + tl.precision_us)) {
      o.verdict = verdict::not_evidenced;
      o.basis = "time_not_in_capture";
      o.reason = fmt::format(
          "The time the claim names ({}) is outside the capture, which runs from {} to {}: it "
          "neither shows nor refutes what happened then.",
          c.time_original, when(timeline::time_point{first, "", tl.precision_us}),
          when(timeline::time_point{last, "", tl.precision_us}));
      finish(o, r);
      return r;
    }
    ctx.scope += fmt::format(" at the time the claim names, {} to {}", when(named),
                             precision_words(c.time_precision_us));
    std::vector<hit_ref> before_filter = ctx.hits;
    std::erase_if(ctx.hits, [&](const hit_ref& x) {
      return !x.time.us ||
             !overlaps(*x.time.us, x.time.precision_us, *c.time_us, c.time_precision_us);
    });
    if (ctx.hits.empty() && !before_filter.empty()) {
      std::stable_sort(
          before_filter.begin(), before_filter.end(), [&](const auto& a, const auto& b) {
            const auto da = a.time.us ? std::llabs(*a.time.us - *c.time_us) : INT64_MAX;
            const auto db2 = b.time.us ? std::llabs(*b.time.us - *c.time_us) : INT64_MAX;
            return da < db2;
          });
      const auto& nearest = before_filter.front();
      o.verdict = verdict::not_evidenced;
      o.basis = "no_hit_near_time";
      o.reason = fmt::format(
          "No request to {} falls at {} (the time the claim names, to {}). Its nearest request is "
          "{} ({}), {} ms away; the claim may have the time wrong, but the capture does not show "
          "the event at the time named.",
          ctx.vendor, when(named), precision_words(c.time_precision_us), at(nearest),
          what_it_sent(*nearest.h),
          nearest.time.us ? std::llabs(*nearest.time.us - *c.time_us) / 1000 : 0);
      for (std::size_t i = 0; i < before_filter.size() && i < 3; ++i) {
        o.primary.push_back(hit_evidence(before_filter[i], what_it_sent(*before_filter[i].h)));
      }
      finish(o, r);
      return r;
    }
  }
  for (const auto& x : ctx.hits) {
    if (x.a->fires) ctx.firing.push_back(x);
  }
  r.vendor_hits = ctx.hits.size();
  r.firing_hits = ctx.firing.size();
  // Rule 3: the vendor never contacted (in the scope named).
  if (ctx.hits.empty()) {
    if (partial) {
      o.verdict = verdict::indeterminate;
      o.basis = "capture_partial";
      o.reason = fmt::format(
          "The capture holds no request to {}{}, but {}: the rest of the visit is not in it.",
          ctx.vendor, ctx.scope, read_words);
    } else if (!all.empty()) {
      o.verdict = verdict::contradicted;
      o.wrong = true;
      o.basis = "not_on_page";
      std::vector<const hit_ref*> elsewhere;
      for (const auto& x : all) elsewhere.push_back(&x);
      o.reason = fmt::format(
          "{} sent nothing{}: the capture recorded that page, and {} in it ({}) {} on other "
          "pages.",
          ctx.vendor, ctx.scope, vendor_requests(ctx, all.size()), hits_at(elsewhere),
          all.size() == 1 ? "was" : "were all");
      for (const auto* x : elsewhere) o.primary.push_back(hit_evidence(*x, what_it_sent(*x->h)));
    } else {
      o.verdict = verdict::contradicted;
      o.wrong = true;
      o.basis = "never_contacted";
      o.reason = fmt::format(
          "{} is not in the capture{}: none of the capture's {} requests went to a host of "
          "{}{}. A HAR records every request the browser made; what it cannot show "
          "(server-side forwarding, hosts hidden behind a first-party CNAME) is not observable "
          "here.",
          ctx.vendor, ctx.scope, tl.requests, ctx.vendor, kind_phrase(c.kind));
    }
    finish(o, r);
    return r;
  }
  // Rule 4: the kind.
  switch (c.kind) {
    case claim_kind::tracker_present: judge_tracker_present(ctx, o); break;
    case claim_kind::fired_before_consent: judge_before_consent(ctx, o); break;
    case claim_kind::fired_after_opt_out: judge_after_opt_out(ctx, o); break;
    case claim_kind::fired_despite_gpc: judge_despite_gpc(ctx, o); break;
    case claim_kind::transmitted_field: judge_transmitted_field(ctx, o); break;
    case claim_kind::captured_form_input: judge_form_input(ctx, o); break;
    case claim_kind::intercepted_chat: judge_chat(ctx, o); break;
  }
  if (partial && o.verdict == verdict::contradicted) {
    o.verdict = verdict::indeterminate;
    o.wrong = false;
    o.basis = "capture_partial";
    o.reason += fmt::format(" But {}: what is missing could show otherwise.", read_words);
  }
  finish(o, r);
  return r;
}

}  // namespace

}  // namespace detail

std::vector<claim_result> check_claims(const std::vector<claim>& claims,
                                       const verify_result& exhibit, const sig::database* db) {
  std::vector<claim_result> out;
  out.reserve(claims.size());
  for (const auto& c : claims) out.push_back(detail::judge_one(c, exhibit.timeline, db));
  return out;
}

}  // namespace harfact::check
