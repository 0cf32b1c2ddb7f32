// The consent kinds of claim: tracker_present, fired_before_consent,
// fired_after_opt_out, fired_despite_gpc (rules in allegations.hpp). They read
// the timeline's annotated hits: position, purpose, restrictions, GPC, and the
// transitions that proved each state.
#include <fmt/format.h>

#include <algorithm>

#include "check/allegations_judge.hpp"

namespace harfact::check::detail {

namespace {

using timeline::position;
using timeline::state;

bool is_choice(state s) noexcept {
  return s == state::accepted || s == state::rejected || s == state::partial || s == state::unknown;
}

// The same test as the timeline's judgement of a hit: a choice denying the
// purpose, or (for advertising) a US Privacy / GPP sale opt-out.
bool denies(const timeline::transition& t, consent::purpose p) noexcept {
  return (is_choice(t.state) &&
          t.purposes[static_cast<std::size_t>(p)] == consent::grant::denied) ||
         (p == consent::purpose::advertising && t.sale_opt_out.value_or(false));
}

std::string restriction_words(const std::vector<const hit_ref*>& hits) {
  std::vector<std::string> all;
  for (const auto* r : hits) {
    for (const auto& s : r->a->restrictions) {
      if (std::find(all.begin(), all.end(), s) == all.end()) all.push_back(s);
    }
  }
  return and_list(all);
}

std::vector<const hit_ref*> restricted(const std::vector<const hit_ref*>& hits) {
  std::vector<const hit_ref*> out;
  for (const auto* r : hits) {
    if (!r->a->restrictions.empty()) out.push_back(r);
  }
  return out;
}

std::string hit_detail(const hit_ref& r) {
  std::string d = what_it_sent(*r.h);
  d += fmt::format("; {} ({})", timeline::position_name(r.a->position),
                   consent::purpose_name(r.a->purpose));
  if (r.a->gpc) d += "; Sec-GPC: 1";
  if (!r.a->restrictions.empty()) d += "; restricted: " + and_list(r.a->restrictions);
  return d;
}

void add_hits(outcome& o, const std::vector<const hit_ref*>& hits) {
  for (const auto* r : hits) o.primary.push_back(hit_evidence(*r, hit_detail(*r)));
}

void add_transition(const timeline::result& tl, outcome& o, std::size_t index) {
  timeline::evidence e;
  if (!transition_evidence(tl, index, e)) return;
  for (const auto& x : o.context) {
    if (x.entry == e.entry && x.detail == e.detail) return;
  }
  o.context.push_back(std::move(e));
}

// The vendor loaded code or configuration only: it never sent data.
void never_fired(const context& ctx, outcome& o, std::string_view so) {
  std::vector<const hit_ref*> loads;
  for (const auto& r : ctx.hits) loads.push_back(&r);
  o.verdict = verdict::contradicted;
  o.wrong = true;
  o.basis = "never_fired";
  o.reason = fmt::format(
      "{} appears in the capture{} only as {} loading its code or configuration ({}), and none "
      "of its requests sent data: it never fired, {}.",
      ctx.vendor, ctx.scope, requests(loads.size()), hits_at(loads), so);
  add_hits(o, loads);
}

std::string purpose_words(consent::purpose p) {
  return fmt::format("{}", consent::purpose_name(p));
}

std::string order_indeterminate_reason(const context& ctx,
                                       const std::vector<const hit_ref*>& hits) {
  const auto& tl = ctx.tl;
  const hit_ref& first = *hits.front();
  std::size_t k = first.a->transition;
  // The transition the hit is too close to: the one in force or the next.
  if (k + 1 < tl.transitions.size()) {
    const auto& next = tl.transitions[k + 1];
    if (next.time.us && first.time.us &&
        (k == 0 || *next.time.us - *first.time.us <
                       *first.time.us - tl.transitions[k].time.us.value_or(*first.time.us))) {
      ++k;
    }
  }
  return fmt::format(
      "{}'s {} ({}) cannot be placed before or after {}: the capture writes times to {}, and "
      "the two are closer than that, or the choice is proven only by a cookie first seen on a "
      "later request. Entry order in the file is not evidence of time order.",
      ctx.vendor,
      hits.size() == 1 ? std::string("request") : fmt::format("{} requests", hits.size()),
      hits_at(hits), transition_words(tl, k), precision_words(tl.precision_us));
}

}  // namespace

void judge_tracker_present(const context& ctx, outcome& o) {
  std::vector<const hit_ref*> all;
  for (const auto& r : ctx.hits) all.push_back(&r);
  std::vector<const hit_ref*> firing;
  for (const auto& r : ctx.firing) firing.push_back(&r);
  o.verdict = verdict::supported;
  o.basis = "vendor_contacted";
  o.reason = fmt::format("{} is in the capture{}: {} to its hosts ({}).", ctx.vendor, ctx.scope,
                         requests(all.size()), hits_at(all));
  if (firing.empty()) {
    o.reason += all.size() == 1 ? " It loaded code or configuration and sent no data."
                                : " All of them loaded code or configuration; none sent data "
                                  "(no event, stream or chat request).";
  } else if (firing.size() == all.size()) {
    o.reason += fmt::format(" {} data ({}).", all.size() == 1 ? "It sent" : "All of them sent",
                            what_it_sent(*firing.front()->h));
  } else {
    o.reason += fmt::format(" {} of them sent data: {} ({}).",
                            firing.size() == 1 ? std::string("One") : std::to_string(firing.size()),
                            hits_at(firing), what_it_sent(*firing.front()->h));
  }
  add_hits(o, all);
}

void judge_before_consent(const context& ctx, outcome& o) {
  const auto& tl = ctx.tl;
  if (ctx.firing.empty()) return never_fired(ctx, o, "before consent or after");
  std::vector<const hit_ref*> ui, choice, refused, granted, indet, unknown;
  for (const auto& r : ctx.firing) {
    switch (r.a->position) {
      case position::no_consent_ui: ui.push_back(&r); break;
      case position::before_choice: choice.push_back(&r); break;
      case position::denied: refused.push_back(&r); break;
      case position::granted: granted.push_back(&r); break;
      case position::indeterminate: indet.push_back(&r); break;
      case position::unknown: unknown.push_back(&r); break;
    }
  }
  const consent::purpose p = ctx.firing.front().a->purpose;
  const bool any_choice = std::any_of(tl.transitions.begin(), tl.transitions.end(),
                                      [](const auto& t) { return is_choice(t.state); });
  // With cookies stripped and no choice recorded at all, "no choice yet" rests
  // on the absence of a consent cookie, which the export removed. Only a
  // capture with no consent platform anywhere needs no cookie to say so.
  const bool unestablished = tl.cookies_stripped && !any_choice && !tl.cmps.empty();
  if (unestablished && refused.empty()) {
    std::vector<const hit_ref*> cand = ui;
    cand.insert(cand.end(), choice.begin(), choice.end());
    if (!cand.empty()) {
      o.verdict = verdict::indeterminate;
      o.basis = "cookies_stripped";
      o.reason = fmt::format(
          "{} sent {}{} ({}) before the capture records any consent choice, but "
          "the export removed every Cookie and Set-Cookie header: a choice kept in a consent "
          "cookie (made earlier in this visit or on a previous one) would not be visible, so "
          "whether consent had been given cannot be established from this capture.",
          ctx.vendor, requests(cand.size()), ctx.scope, hits_at(cand));
      add_hits(o, cand);
      return;
    }
  }
  if (!ui.empty() || !choice.empty() || !refused.empty()) {
    std::vector<const hit_ref*> all;
    for (auto* v : {&ui, &choice, &refused}) all.insert(all.end(), v->begin(), v->end());
    std::sort(all.begin(), all.end(),
              [](const hit_ref* a, const hit_ref* b) { return a->a < b->a; });
    o.verdict = verdict::supported;
    o.basis = !ui.empty()       ? "fired_before_consent_ui"
              : !choice.empty() ? "fired_before_choice"
                                : "fired_after_refusal";
    // With one group the count is the sentence's; with several each says its own.
    const int groups = int(!ui.empty()) + int(!choice.empty()) + int(!refused.empty());
    auto count = [groups](const std::vector<const hit_ref*>& v) {
      return groups == 1 ? std::string() : fmt::format("{} ", v.size());
    };
    std::vector<std::string> parts;
    if (!ui.empty()) {
      std::string where = "no consent platform appears anywhere in the capture";
      for (std::size_t i = 0; i < tl.transitions.size(); ++i) {
        if (tl.transitions[i].state == state::banner_shown && tl.transitions[i].entry) {
          where = fmt::format("the consent platform's banner loaded only at entry {} ({})",
                              *tl.transitions[i].entry, when(tl.transitions[i].time));
          add_transition(tl, o, i);
          break;
        }
      }
      parts.push_back(fmt::format("{}before any consent banner could be shown ({}; {})", count(ui),
                                  where, hits_at(ui)));
    }
    if (!choice.empty()) {
      parts.push_back(
          fmt::format("{}while the consent banner was shown and before any choice "
                      "({})",
                      count(choice), hits_at(choice)));
    }
    if (!refused.empty()) {
      add_transition(tl, o, refused.front()->a->transition);
      parts.push_back(fmt::format("{}after the visitor refused it ({}; see fired_after_opt_out)",
                                  count(refused), hits_at(refused)));
    }
    o.reason =
        fmt::format("{} sent {}{} without consent for {}, the purpose it serves, {}.", ctx.vendor,
                    requests(all.size()), ctx.scope, purpose_words(p), and_list(parts));
    if (const auto r = restricted(all); !r.empty()) {
      o.reason += fmt::format(
          " {} carried {}, a restriction: the tag was told that consent was denied or limited, "
          "and the request was sent all the same.",
          r.size() == all.size() ? std::string(all.size() == 1 ? "It" : "Each")
                                 : fmt::format("Of these, {}", entries_words(r)),
          restriction_words(r));
    }
    const bool defaults = std::any_of(choice.begin(), choice.end(), [](const hit_ref* r) {
      return r->a->grant == consent::grant::granted;
    });
    if (defaults) {
      o.reason += fmt::format(
          " While the banner was up, the consent platform's own defaults granted {} (an opt-out "
          "model): the requests came before any consent, but whether consent was needed first "
          "is a legal question the capture does not answer.",
          purpose_words(p));
    }
    if (!granted.empty()) {
      o.reason += fmt::format(" It also sent {} after consent was given ({}).",
                              requests(granted.size()), hits_at(granted));
    }
    if (!indet.empty()) {
      o.reason += fmt::format(" Not counted: {} too close to the choice to order ({}).",
                              requests(indet.size()), hits_at(indet));
    }
    add_hits(o, all);
    return;
  }
  if (!indet.empty()) {
    o.verdict = verdict::indeterminate;
    o.basis = "order_indeterminate";
    o.reason = order_indeterminate_reason(ctx, indet);
    if (!granted.empty()) {
      o.reason += fmt::format(
          " Its other {} came after consent ({}).",
          granted.size() == 1 ? std::string("request") : fmt::format("{} requests", granted.size()),
          hits_at(granted));
    }
    add_hits(o, indet);
    add_transition(tl, o, indet.front()->a->transition);
    if (indet.front()->a->transition + 1 < tl.transitions.size()) {
      add_transition(tl, o, indet.front()->a->transition + 1);
    }
    return;
  }
  if (!unknown.empty()) {
    o.verdict = verdict::indeterminate;
    o.basis = "choice_unreadable";
    o.reason = fmt::format(
        "{} sent {} ({}) after {}, a choice whose content the capture does not show for {}: "
        "whether it granted or refused it cannot be established.",
        ctx.vendor, requests(unknown.size()), hits_at(unknown),
        transition_words(tl, unknown.front()->a->transition), purpose_words(p));
    add_hits(o, unknown);
    add_transition(tl, o, unknown.front()->a->transition);
    return;
  }
  // Every firing hit came with consent.
  o.verdict = verdict::contradicted;
  o.wrong = true;
  o.basis = "fired_only_with_consent";
  const std::size_t t = granted.front()->a->transition;
  o.reason = fmt::format(
      "{} fired only after the visitor consented{}: {} ({}) came after {}, which granted {}, the "
      "purpose it serves.",
      ctx.vendor, ctx.scope, its_requests(granted.size(), "that sent data"), hits_at(granted),
      transition_words(tl, t), purpose_words(p));
  std::vector<const hit_ref*> loads;
  for (const auto& r : ctx.hits) {
    if (!r.a->fires) loads.push_back(&r);
  }
  if (!loads.empty()) {
    o.reason += fmt::format(
        " Its {} loading code or configuration ({}) sent no data.",
        loads.size() == 1 ? std::string("request") : fmt::format("{} requests", loads.size()),
        entries_words(loads));
  }
  if (tl.cookies_stripped) {
    o.reason +=
        " The export removed every cookie, but the consent is proven without them (the "
        "platform's consent record or the tags' own consent parameters).";
  }
  add_hits(o, granted);
  add_transition(tl, o, t);
}

void judge_after_opt_out(const context& ctx, outcome& o) {
  const auto& tl = ctx.tl;
  if (ctx.firing.empty()) return never_fired(ctx, o, "after the opt-out or at any time");
  const consent::purpose p = ctx.firing.front().a->purpose;
  std::vector<const hit_ref*> firing;
  for (const auto& r : ctx.firing) firing.push_back(&r);
  std::vector<const hit_ref*> open, limited, indet, unknown, granted;
  for (const auto& r : ctx.firing) {
    switch (r.a->position) {
      case position::denied: (r.a->restrictions.empty() ? open : limited).push_back(&r); break;
      case position::indeterminate: indet.push_back(&r); break;
      case position::unknown: unknown.push_back(&r); break;
      case position::granted: granted.push_back(&r); break;
      default: break;
    }
  }
  std::optional<std::size_t> optout;
  for (std::size_t i = 0; i < tl.transitions.size() && !optout; ++i) {
    if (denies(tl.transitions[i], p)) optout = i;
  }
  if (!open.empty()) {
    o.verdict = verdict::supported;
    o.basis = "fired_after_opt_out";
    const std::size_t t = open.front()->a->transition;
    o.reason = fmt::format(
        "{} sent {}{} after {}, which refused {}, with no restriction flag on the request: {}.",
        ctx.vendor, requests(open.size()), ctx.scope, transition_words(tl, t), purpose_words(p),
        hits_at(open));
    if (!limited.empty()) {
      o.reason +=
          fmt::format(" {} other {} after the opt-out carried a restriction: {}.", limited.size(),
                      limited.size() == 1 ? "request" : "requests", restriction_words(limited));
    }
    add_hits(o, open);
    add_transition(tl, o, t);
    return;
  }
  if (!limited.empty()) {
    o.verdict = verdict::contradicted;
    o.basis = "restricted_after_opt_out";
    const std::size_t t = limited.front()->a->transition;
    o.reason = fmt::format(
        "{} did send {}{} after {}, which refused {}: {}. But {} carried a restriction telling "
        "{} to limit its processing: {}. harfact's timeline does not count a restricted request "
        "as firing after an opt-out; whether the restriction honours the opt-out is a legal "
        "question the capture does not answer.",
        ctx.vendor, requests(limited.size()), ctx.scope, transition_words(tl, t), purpose_words(p),
        hits_at(limited), limited.size() == 1 ? "it" : "every one", ctx.vendor,
        restriction_words(limited));
    add_hits(o, limited);
    add_transition(tl, o, t);
    return;
  }
  if (!optout) {
    if (tl.cookies_stripped) {
      o.verdict = verdict::indeterminate;
      o.basis = "cookies_stripped";
      o.reason = fmt::format(
          "The capture records no opt-out of {}, but the export removed every Cookie and "
          "Set-Cookie header: an opt-out kept only in a consent cookie would not be visible, so "
          "whether {} ({}) came after one cannot be established from this capture.",
          purpose_words(p), vendor_requests(ctx, ctx.firing.size()), hits_at(firing));
      for (const auto& r : ctx.firing) o.primary.push_back(hit_evidence(r, hit_detail(r)));
      return;
    }
    std::optional<std::size_t> choice;
    for (std::size_t i = 0; i < tl.transitions.size() && !choice; ++i) {
      if (is_choice(tl.transitions[i].state)) choice = i;
    }
    if (choice &&
        tl.transitions[*choice].purposes[static_cast<std::size_t>(p)] == consent::grant::granted) {
      o.verdict = verdict::contradicted;
      o.wrong = true;
      o.basis = "choice_granted";
      o.reason = fmt::format(
          "The visitor did not opt out of {}: it was granted by {}, and no later choice or "
          "opt-out signal refused it. {} ({}) {} sent with that consent or before the choice.",
          purpose_words(p), transition_words(tl, *choice), vendor_requests(ctx, ctx.firing.size()),
          hits_at(firing), ctx.firing.size() == 1 ? "was" : "were");
      for (const auto& r : ctx.firing) o.primary.push_back(hit_evidence(r, hit_detail(r)));
      add_transition(tl, o, *choice);
      return;
    }
    o.verdict = verdict::not_evidenced;
    o.basis = tl.cmps.empty() ? "no_consent_platform" : "no_opt_out_recorded";
    o.reason = tl.cmps.empty()
                   ? fmt::format(
                         "The capture shows no consent platform and no opt-out signal (US "
                         "Privacy, GPP) at all, so it holds no opt-out for {} ({}) to have "
                         "come after. It neither shows nor refutes an opt-out made elsewhere.",
                         vendor_requests(ctx, ctx.firing.size()), hits_at(firing))
                   : fmt::format(
                         "The capture records no opt-out of {}: the consent platform ({}) "
                         "loaded, but no choice refusing it and no sale opt-out was recorded "
                         "during the visit. {} ({}) came before any such choice; the "
                         "capture neither shows nor refutes an opt-out made elsewhere.",
                         purpose_words(p), and_list(tl.cmps),
                         vendor_requests(ctx, ctx.firing.size()), hits_at(firing));
    return;
  }
  if (!indet.empty()) {
    o.verdict = verdict::indeterminate;
    o.basis = "order_indeterminate";
    o.reason = order_indeterminate_reason(ctx, indet);
    add_hits(o, indet);
    add_transition(tl, o, *optout);
    return;
  }
  if (!unknown.empty()) {
    o.verdict = verdict::indeterminate;
    o.basis = "choice_unreadable";
    o.reason = fmt::format(
        "{} ({}) came after {}, a choice whose content the capture does not show for {}.",
        vendor_requests(ctx, unknown.size()), hits_at(unknown),
        transition_words(tl, unknown.front()->a->transition), purpose_words(p));
    add_hits(o, unknown);
    return;
  }
  o.verdict = verdict::contradicted;
  o.wrong = true;
  add_transition(tl, o, *optout);
  const auto& ot = tl.transitions[*optout];
  std::vector<const hit_ref*> after;
  for (const auto* r : granted) {
    if (r->time.us && ot.time.us && *r->time.us > *ot.time.us) after.push_back(r);
  }
  if (!after.empty()) {
    o.basis = "purpose_granted";
    o.reason = fmt::format(
        "{} serves {}, which the visitor's choice did not refuse: it was granted by {}. {} after "
        "that choice ({}) {} sent with consent, not after an opt-out of the purpose it serves.",
        ctx.vendor, purpose_words(p), transition_words(tl, after.front()->a->transition),
        after.size() == 1 ? std::string("Its request")
                          : fmt::format("Its {} requests", after.size()),
        hits_at(after), after.size() == 1 ? "was" : "were");
    add_hits(o, after);
    add_transition(tl, o, after.front()->a->transition);
    return;
  }
  std::vector<const hit_ref*> all;
  for (const auto& r : ctx.firing) all.push_back(&r);
  o.basis = "fired_only_before_opt_out";
  o.reason = fmt::format(
      "{} that sent data{} ({}) came before {}, and none after it: nothing of {} fired after "
      "the opt-out.",
      all.size() == 1 ? fmt::format("{}'s only request", ctx.vendor)
                      : fmt::format("All {} of {}'s requests", all.size(), ctx.vendor),
      ctx.scope, hits_at(all), transition_words(tl, *optout), ctx.vendor);
  add_hits(o, all);
}

void judge_despite_gpc(const context& ctx, outcome& o) {
  const auto& tl = ctx.tl;
  if (tl.gpc_requests == 0) {
    o.verdict = verdict::contradicted;
    o.wrong = true;
    o.basis = "no_gpc_sent";
    o.reason = fmt::format(
        "No request in the capture carried Sec-GPC: 1 (none of its {} requests): the browser did "
        "not send Global Privacy Control during this visit, so {} cannot have fired despite it.",
        tl.requests, ctx.vendor);
    for (const auto& r : ctx.firing) o.primary.push_back(hit_evidence(r, hit_detail(r)));
    return;
  }
  if (ctx.firing.empty()) return never_fired(ctx, o, "with GPC or without");
  const consent::purpose p = ctx.firing.front().a->purpose;
  std::vector<const hit_ref*> open, limited, indet, without;
  for (const auto& r : ctx.firing) {
    if (r.a->position == position::indeterminate) {
      indet.push_back(&r);
    } else if (!r.a->gpc) {
      without.push_back(&r);
    } else {
      (r.a->restrictions.empty() ? open : limited).push_back(&r);
    }
  }
  if (!open.empty()) {
    o.verdict = verdict::supported;
    o.basis = "fired_despite_gpc";
    o.reason = fmt::format(
        "{} sent {} while the browser was sending Sec-GPC: 1{}, with no restriction flag on the "
        "request: {}.",
        ctx.vendor, requests(open.size()), ctx.scope, hits_at(open));
    switch (p) {
      case consent::purpose::advertising:
      case consent::purpose::sale_share:
        o.reason +=
            " GPC is an opt-out of the sale and sharing of personal information, and "
            "advertising is its core.";
        break;
      case consent::purpose::analytics:
        o.reason +=
            " GPC is an opt-out of sale and sharing; whether this analytics data was sold "
            "or shared is a legal question the capture does not answer.";
        break;
      default:
        o.reason += fmt::format(
            " GPC is an opt-out of sale and sharing; {} serves {}, which GPC "
            "does not address as such.",
            ctx.vendor, purpose_words(p));
        break;
    }
    if (!limited.empty()) {
      o.reason +=
          fmt::format(" {} other {} carried a restriction: {}.", limited.size(),
                      limited.size() == 1 ? "request" : "requests", restriction_words(limited));
    }
    add_hits(o, open);
    return;
  }
  if (!limited.empty()) {
    o.verdict = verdict::contradicted;
    o.basis = "restricted_with_gpc";
    o.reason = fmt::format(
        "{} did send {} while the browser was sending Sec-GPC: 1{} ({}), but {} carried a "
        "restriction telling {} to limit its processing: {}. harfact's timeline does not count a "
        "restricted request as firing despite GPC; whether the restriction honours the signal is "
        "a legal question the capture does not answer.",
        ctx.vendor, requests(limited.size()), ctx.scope, hits_at(limited),
        limited.size() == 1 ? "it" : "every one", ctx.vendor, restriction_words(limited));
    add_hits(o, limited);
    return;
  }
  if (!indet.empty()) {
    o.verdict = verdict::indeterminate;
    o.basis = "order_indeterminate";
    o.reason = order_indeterminate_reason(ctx, indet);
    add_hits(o, indet);
    return;
  }
  o.verdict = verdict::contradicted;
  o.wrong = true;
  o.basis = "fired_only_without_gpc";
  o.reason = fmt::format(
      "The browser sent Sec-GPC: 1 on {} of the capture's {} requests, but {} ({}) {} sent "
      "while it did.",
      tl.gpc_requests, tl.requests, its_requests(without.size(), "that sent data"),
      hits_at(without), without.size() == 1 ? "was not" : "none was");
  add_hits(o, without);
}

}  // namespace harfact::check::detail
