// The claim kinds about what a request carried: a named field, form input or
// keystrokes, chat messages (rules in allegations.hpp). They read the fields
// the payload decoders found (decode::field): name, kind, personal-data flag.
// Values are not repeated in reasons or evidence (as in the timeline's
// findings): the field's name and kind say what was sent, the capture holds it.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "check/allegations_judge.hpp"
#include "core/ascii.hpp"

namespace harfact::check::detail {

namespace {

using decode::field_kind;

enum class data_kind : std::uint8_t { none, email, phone, name };

// Parameter names (their last segment, lowercase, '_' for spaces and dashes)
// that carry each kind of personal data, hashed or not: Meta's em/ph/fn/ln,
// Google's sha256_email_address, TikTok's email/phone_number, Snap's u_hem...
constexpr std::array<std::string_view, 11> k_email{"em",
                                                   "email",
                                                   "e_mail",
                                                   "emailaddress",
                                                   "email_address",
                                                   "hashed_email",
                                                   "sha256_email_address",
                                                   "u_hem",
                                                   "hem",
                                                   "user_email",
                                                   "email_sha256"};
constexpr std::array<std::string_view, 10> k_phone{
    "ph",        "phone",  "phone_number", "phonenumber",         "tel",
    "telephone", "mobile", "u_hpn",        "sha256_phone_number", "phone_sha256"};
constexpr std::array<std::string_view, 11> k_name{
    "fn",        "ln",       "first_name", "last_name",   "firstname", "lastname",
    "full_name", "fullname", "given_name", "family_name", "name"};

std::string leaf(std::string_view name) {
  std::string_view s = name;
  if (!s.empty() && s.back() == ']') {
    const auto open = s.rfind('[');
    if (open != std::string_view::npos) s = s.substr(open + 1, s.size() - open - 2);
  } else if (const auto dot = s.rfind('.'); dot != std::string_view::npos) {
    s.remove_prefix(dot + 1);
  }
  std::string out = harfact::detail::to_lower_ascii(s);
  for (char& c : out) {
    if (c == ' ' || c == '-') c = '_';
  }
  return out;
}

bool in(std::string_view s, const auto& list) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

bool looks_hashed(std::string_view v) {
  if (v.size() != 32 && v.size() != 40 && v.size() != 64) return false;
  return std::all_of(v.begin(), v.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
}

// What the claim's `field` names.
struct query {
  std::string raw, lower;
  data_kind data = data_kind::none;
  std::optional<field_kind> kind;
  std::string words;  ///< for people
};

query parse_query(const std::string& field) {
  query q;
  q.raw = field;
  q.lower = harfact::detail::to_lower_ascii(field);
  std::string l = q.lower;
  for (char& c : l) {
    if (c == ' ' || c == '-') c = '_';
  }
  if (l == "email" || l == "e_mail" || l == "email_address") {
    q.data = data_kind::email;
    q.words = "the visitor's email address";
  } else if (l == "phone" || l == "phone_number" || l == "telephone") {
    q.data = data_kind::phone;
    q.words = "the visitor's phone number";
  } else if (l == "name" || l == "full_name") {
    q.data = data_kind::name;
    q.words = "the visitor's name";
  } else {
    for (int i = 0; i <= static_cast<int>(field_kind::other); ++i) {
      const auto k = static_cast<field_kind>(i);
      if (decode::field_kind_name(k) == l) q.kind = k;
    }
    q.words = q.kind ? fmt::format("{} data", decode::field_kind_name(*q.kind))
                     : fmt::format("'{}'", field);
  }
  return q;
}

std::string_view data_name(data_kind d) {
  switch (d) {
    case data_kind::email: return "email";
    case data_kind::phone: return "phone";
    case data_kind::name: return "name";
    case data_kind::none: break;
  }
  return "";
}

// `meaning` names the cookie `name` as a whole word ("_ga", not "_ga_<id>").
bool names_cookie(std::string_view meaning, std::string_view name) {
  if (name.size() < 3 || meaning.find("cookie") == std::string_view::npos) return false;
  auto word = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '<' || c == '-';
  };
  for (auto pos = meaning.find(name); pos != std::string_view::npos;
       pos = meaning.find(name, pos + 1)) {
    const bool start = pos == 0 || !word(meaning[pos - 1]);
    const bool end = pos + name.size() == meaning.size() || !word(meaning[pos + name.size()]);
    if (start && end) return true;
  }
  return false;
}

bool matches(const query& q, const decode::field& f) {
  const std::string lf = leaf(f.name);
  if (q.data != data_kind::none) {
    if (!f.personal_data.empty() && f.personal_data == data_name(q.data)) return true;
    if (f.kind != field_kind::user_data_hashed && f.kind != field_kind::user_data_plain)
      return false;
    switch (q.data) {
      case data_kind::email: return in(lf, k_email) || f.meaning.find("email") != std::string::npos;
      case data_kind::phone: return in(lf, k_phone) || f.meaning.find("phone") != std::string::npos;
      case data_kind::name: return in(lf, k_name);
      case data_kind::none: break;
    }
    return false;
  }
  if (q.kind) return f.kind == *q.kind;
  if (harfact::detail::iequals_ascii(f.name, q.raw) || lf == leaf(q.raw)) return true;
  // A cookie's value sent as a parameter: the decoders say so in the meaning
  // ("client id (_ga cookie)" for GA4's cid, "_fbp browser id cookie" for fbp).
  return names_cookie(f.meaning, q.raw);
}

bool is_hashed(const decode::field& f) {
  return f.kind == field_kind::user_data_hashed || looks_hashed(f.value);
}

// What the visitor entered, as opposed to the structure of a form: typed
// content, personal data in clear, and form fields the decoder describes as
// submitted values (HubSpot's formValues), not form or field descriptions
// (Meta's cd[formFeatures], HubSpot's labelToNameMap).
bool entered(const decode::field& f) {
  if (f.value.empty()) return false;
  // Hashed user data is what the visitor gave, hashed (Meta's udff[...] is
  // scraped from the page's form fields): entered, and said to be hashed.
  if (f.kind == field_kind::typed_content || f.kind == field_kind::user_data_plain ||
      f.kind == field_kind::user_data_hashed) {
    return true;
  }
  if (!f.personal_data.empty() && f.kind != field_kind::user_data_hashed) return true;
  return f.kind == field_kind::form_content && (f.meaning.find("submitted") != std::string::npos ||
                                                f.meaning.find("value") != std::string::npos);
}

bool structure(const decode::field& f) {
  return f.kind == field_kind::button_text || (f.kind == field_kind::form_content && !entered(f));
}

bool binary_frame(const decode::field& f) {
  return f.name == "frame" && f.meaning.rfind("binary frame", 0) == 0;
}

std::string field_words(const decode::field& f) {
  std::string d = fmt::format("{} ({}", f.name, decode::field_kind_name(f.kind));
  if (!f.personal_data.empty()) d += fmt::format(", looks like {}", f.personal_data);
  if (f.uncertain) d += ", meaning inferred";
  return d + ")";
}

// The content the capture did not keep or this version cannot read: bodies
// not captured, binary WebSocket frames.
struct unread {
  std::vector<const hit_ref*> bodies, frames, unclassified;
  std::vector<std::string> missing;  ///< decoders the signatures name that this version lacks
  bool any() const { return !bodies.empty() || !frames.empty() || !unclassified.empty(); }
};

// `classified`: count hits whose signature names a vendor decoder this
// version lacks (their fields are listed with kind other: typed text or a
// hashed email among them would not be recognised).
unread unread_content(const context& ctx, bool classified = true) {
  unread u;
  for (const auto& r : ctx.hits) {
    if (r.h->decoded.body_not_captured) {
      u.bodies.push_back(&r);
      continue;
    }
    if (std::any_of(r.h->decoded.fields.begin(), r.h->decoded.fields.end(), binary_frame)) {
      u.frames.push_back(&r);
      continue;
    }
    if (!classified || r.h->sig == nullptr || r.h->decoded.fields.empty()) continue;
    for (const auto& d : r.h->sig->decoders) {
      if (decode::builtin().find(d) != nullptr) continue;
      if (std::find(u.missing.begin(), u.missing.end(), d) == u.missing.end())
        u.missing.push_back(d);
      if (u.unclassified.empty() || u.unclassified.back() != &r) u.unclassified.push_back(&r);
    }
  }
  return u;
}

std::string unread_words(const context& ctx, const unread& u) {
  std::vector<std::string> parts;
  if (!u.bodies.empty()) {
    parts.push_back(fmt::format("the capture did not keep the {} of {} ({})",
                                u.bodies.size() == 1 ? "body" : "bodies", requests(u.bodies.size()),
                                entries_words(u.bodies)));
  }
  if (!u.frames.empty()) {
    std::size_t n = 0;
    for (const auto* r : u.frames) {
      n += static_cast<std::size_t>(
          std::count_if(r->h->decoded.fields.begin(), r->h->decoded.fields.end(), binary_frame));
    }
    parts.push_back(fmt::format(
        "{} binary WebSocket {} in {} (compressed or encoded; this "
        "version does not decode {})",
        n, n == 1 ? "frame" : "frames", entries_words(u.frames), n == 1 ? "it" : "them"));
  }
  if (!u.unclassified.empty()) {
    std::vector<std::string> names;
    for (const auto& m : u.missing) names.push_back(fmt::format("\"{}\"", m));
    parts.push_back(fmt::format(
        "this version has no decoder {} to say what the fields of {} ({}) "
        "are",
        and_list(names), requests(u.unclassified.size()), entries_words(u.unclassified)));
  }
  (void)ctx;
  return and_list(parts);
}

void add_unread(outcome& o, const unread& u) {
  for (const auto* r : u.bodies) o.primary.push_back(hit_evidence(*r, "body not captured"));
  for (const auto* r : u.frames) o.primary.push_back(hit_evidence(*r, "binary frame not decoded"));
  for (const auto* r : u.unclassified) {
    o.primary.push_back(hit_evidence(
        *r,
        fmt::format("{} fields, not classified (no vendor decoder)", r->h->decoded.fields.size())));
  }
}

// Distinct field names a set of hits carried (numeric path segments folded).
std::string carried(const context& ctx, std::size_t max = 12) {
  std::vector<std::string> names;
  std::size_t more = 0;
  for (const auto& r : ctx.hits) {
    for (const auto& f : r.h->decoded.fields) {
      std::string n;
      for (std::size_t i = 0; i < f.name.size();) {
        if (i > 0 && f.name[i - 1] == '.' && f.name[i] >= '0' && f.name[i] <= '9') {
          while (i < f.name.size() && f.name[i] >= '0' && f.name[i] <= '9') ++i;
          n += '#';
          continue;
        }
        n += f.name[i++];
      }
      if (std::find(names.begin(), names.end(), n) != names.end()) continue;
      if (names.size() < max) {
        names.push_back(n);
      } else {
        ++more;
      }
    }
  }
  if (names.empty()) return "no decoded fields";
  if (more != 0) names.push_back(fmt::format("{} more", more));
  return and_list(names);
}

}  // namespace

void judge_transmitted_field(const context& ctx, outcome& o) {
  const query q = parse_query(ctx.c.field);
  struct found {
    const hit_ref* r;
    const decode::field* f;
  };
  std::vector<found> clear, hashed, empty;
  std::vector<found> mentions;
  for (const auto& r : ctx.hits) {
    for (const auto& f : r.h->decoded.fields) {
      if (matches(q, f)) {
        (f.value.empty() ? empty : is_hashed(f) ? hashed : clear).push_back({&r, &f});
      } else if ((q.data == data_kind::email || q.data == data_kind::phone) &&
                 (f.kind == field_kind::form_content || f.kind == field_kind::button_text) &&
                 harfact::detail::to_lower_ascii(f.value).find(data_name(q.data)) !=
                     std::string::npos) {
        // A form description naming an input "email": structure, not the address.
        mentions.push_back({&r, &f});
      }
    }
  }
  // "entry 21 at T (contactFields.email and formValues.Email address)", per hit.
  auto list = [](const std::vector<found>& v) {
    std::vector<std::string> items;
    std::size_t i = 0, hits = 0;
    while (i < v.size()) {
      std::size_t j = i;
      std::vector<std::string> names;
      while (j < v.size() && v[j].r == v[i].r) names.push_back(v[j++].f->name);
      if (items.size() < 3) items.push_back(fmt::format("{} ({})", at(*v[i].r), and_list(names)));
      ++hits;
      i = j;
    }
    if (hits > items.size()) items.push_back(fmt::format("{} more", hits - items.size()));
    return and_list(items);
  };
  auto hits_of = [](const std::vector<found>& v) {
    std::vector<const hit_ref*> hs;
    for (const auto& x : v) {
      if (std::find(hs.begin(), hs.end(), x.r) == hs.end()) hs.push_back(x.r);
    }
    return hs;
  };
  for (const auto* v : {&clear, &hashed}) {
    for (const auto& x : *v) {
      o.primary.push_back(hit_evidence(
          *x.r, fmt::format("{}, {}", field_words(*x.f), v == &clear ? "in clear" : "hashed")));
    }
  }
  if (!clear.empty()) {
    o.verdict = verdict::supported;
    o.basis = "sent_in_clear";
    o.reason = fmt::format("{} received {} in clear{} in {}: {}.", ctx.vendor, q.words, ctx.scope,
                           requests(hits_of(clear).size()), list(clear));
    // Matched through the cookie the decoder says the parameter carries.
    for (const auto& x : clear) {
      if (harfact::detail::iequals_ascii(x.f->name, q.raw) || leaf(x.f->name) == leaf(q.raw))
        continue;
      if (q.data != data_kind::none || q.kind) break;
      o.reason += fmt::format(" {} carries that cookie's value (the decoder: \"{}\").", x.f->name,
                              x.f->meaning);
      break;
    }
    if (!hashed.empty()) {
      o.reason += fmt::format(" It also received it hashed in {} ({}).",
                              requests(hits_of(hashed).size()), entries_words(hits_of(hashed)));
    }
    return;
  }
  if (!hashed.empty()) {
    o.verdict = verdict::supported;
    o.basis = "sent_hashed";
    o.reason = fmt::format(
        "{} received {} only hashed{}, never in clear: {}. The hash is a stable identifier, but "
        "the value itself was not sent in readable form.",
        ctx.vendor, q.words, ctx.scope, list(hashed));
    return;
  }
  // A parameter named as sent is found whatever the decoders say it is; a kind
  // of data needs the vendor decoder's classification.
  const bool by_name = q.data == data_kind::none && !q.kind;
  const unread u = unread_content(ctx, !by_name);
  // A name that could be a cookie's: named as sent, not a known personal-data
  // parameter (em, ph, fn...) and without the brackets or dots of a parameter
  // path. Cookies are not decoded as fields, so they need their own words.
  const std::string lq = leaf(q.raw);
  const bool identifier = by_name && q.raw.find_first_of("[.") == std::string::npos &&
                          !in(lq, k_email) && !in(lq, k_phone) && !in(lq, k_name);
  std::string searched = fmt::format(
      "None of the {} to {} in the capture{} carried {}",
      ctx.hits.size() == 1 ? std::string("request") : fmt::format("{} requests", ctx.hits.size()),
      ctx.vendor, ctx.scope, q.words);
  if (u.any()) {
    o.verdict = verdict::indeterminate;
    o.basis = u.bodies.empty() ? "content_not_decoded" : "body_not_captured";
    o.reason = fmt::format(
        "{} where the capture shows their content, but {}: whether those "
        "carried it cannot be established.",
        searched, unread_words(ctx, u));
    add_unread(o, u);
    return;
  }
  if (identifier && ctx.tl.cookies_stripped) {
    o.verdict = verdict::indeterminate;
    o.basis = "cookies_stripped";
    o.reason = fmt::format(
        "{} in a parameter or body, but the export removed every Cookie header, and an "
        "identifier such as this could have travelled in a cookie: whether {} received it cannot "
        "be established from this capture.",
        searched, ctx.vendor);
    return;
  }
  o.verdict = verdict::contradicted;
  o.wrong = true;
  o.basis = "field_not_sent";
  o.reason = fmt::format("{}: in the captured traffic it never left the browser to {}.", searched,
                         ctx.vendor);
  if (!empty.empty()) {
    o.reason += fmt::format(" {} was sent, but empty ({}).", empty.front().f->name, list(empty));
  }
  if (!mentions.empty()) {
    const auto& m = mentions.front();
    o.reason += fmt::format(
        " The {} field of {} names a form input '{}', but it carries the form's structure, not "
        "what was typed into it.",
        m.f->name, at(*m.r), data_name(q.data));
    for (const auto& x : mentions) {
      o.primary.push_back(
          hit_evidence(*x.r, fmt::format("{}: structure only, no value", field_words(*x.f))));
    }
  }
  o.reason += fmt::format(" The requests carried: {}.", carried(ctx));
  if (identifier) {
    o.reason +=
        " Request cookies are not among the fields harfact decodes: if the claim is about "
        "a cookie the vendor's own domain set, its requests' Cookie headers are the place "
        "to look.";
  }
  for (const auto& r : ctx.firing) {
    o.primary.push_back(hit_evidence(r, fmt::format("{}; {} fields, none is {}", what_it_sent(*r.h),
                                                    r.h->decoded.fields.size(), q.words)));
  }
}

void judge_form_input(const context& ctx, outcome& o) {
  struct found {
    const hit_ref* r;
    const decode::field* f;
  };
  std::vector<found> values, shapes;
  for (const auto& r : ctx.hits) {
    for (const auto& f : r.h->decoded.fields) {
      if (entered(f)) {
        values.push_back({&r, &f});
      } else if (structure(f)) {
        shapes.push_back({&r, &f});
      }
    }
  }
  auto per_hit = [](const std::vector<found>& v) {
    std::vector<std::string> items;
    std::size_t i = 0;
    while (i < v.size() && items.size() < 3) {
      std::size_t j = i;
      std::vector<std::string> names;
      while (j < v.size() && v[j].r == v[i].r) {
        if (names.size() < 4) names.push_back(v[j].f->name);
        ++j;
      }
      if (j - i > names.size()) names.push_back(fmt::format("{} more", j - i - names.size()));
      items.push_back(fmt::format(
          "{} carried {} ({})", at(*v[i].r),
          j - i == 1 ? std::string("1 field") : fmt::format("{} fields", j - i), and_list(names)));
      i = j;
    }
    return and_list(items);
  };
  if (!values.empty()) {
    o.verdict = verdict::supported;
    const bool typed = std::any_of(values.begin(), values.end(), [](const found& x) {
      return x.f->kind == field_kind::typed_content;
    });
    o.basis = typed ? "typed_content_sent" : "form_values_sent";
    o.reason = fmt::format("{} received what the visitor entered{}: {}.", ctx.vendor, ctx.scope,
                           per_hit(values));
    if (std::any_of(values.begin(), values.end(), [](const found& x) { return x.f->uncertain; })) {
      o.reason +=
          " Some of these fields are recognised by their names, which the vendor does not "
          "document (marked \"meaning inferred\").";
    }
    std::vector<std::string> hashed;
    for (const auto& x : values) {
      if (x.f->kind == field_kind::user_data_hashed &&
          std::find(hashed.begin(), hashed.end(), x.f->name) == hashed.end()) {
        hashed.push_back(x.f->name);
      }
    }
    if (!hashed.empty()) {
      o.reason += fmt::format(" {} {} hashed, not sent in clear.", and_list(hashed),
                              hashed.size() == 1 ? "was" : "were");
    }
    for (const auto& x : values) o.primary.push_back(hit_evidence(*x.r, field_words(*x.f)));
    return;
  }
  const unread u = unread_content(ctx);
  if (u.any()) {
    o.verdict = verdict::indeterminate;
    o.basis = u.bodies.empty() ? "content_not_decoded" : "body_not_captured";
    o.reason = fmt::format(
        "{}'s {}{} ({}) show no typed content or form values where their content is readable, but "
        "{}: whether those recorded keystrokes or form input cannot be established from the "
        "capture.",
        ctx.vendor, requests(ctx.hits.size()), ctx.scope, entries_words(ctx.hits),
        unread_words(ctx, u));
    if (!u.frames.empty()) {
      o.reason += fmt::format(" The readable content carried: {}.", carried(ctx, 40));
    }
    add_unread(o, u);
    return;
  }
  o.verdict = verdict::contradicted;
  o.wrong = true;
  if (!shapes.empty()) {
    o.basis = "form_structure_only";
    o.reason = fmt::format(
        "{} received no input the visitor typed{}. What it received about the form describes the "
        "clicked button or the form itself (button text, field names and types) without any "
        "field's value: {}. The requests carried: {}.",
        ctx.vendor, ctx.scope, per_hit(shapes), carried(ctx));
    for (const auto& x : shapes) {
      o.primary.push_back(hit_evidence(*x.r, field_words(*x.f) + ": structure, no value"));
    }
    return;
  }
  o.basis = "no_form_content";
  o.reason = fmt::format(
      "None of {}'s {}{} ({}) carried form input, typed content or button text. They carried: {}.",
      ctx.vendor, requests(ctx.hits.size()), ctx.scope, entries_words(ctx.hits), carried(ctx));
  for (const auto& r : ctx.firing) o.primary.push_back(hit_evidence(r, what_it_sent(*r.h)));
}

void judge_chat(const context& ctx, outcome& o) {
  struct found {
    const hit_ref* r;
    const decode::field* f;
  };
  std::vector<found> text;
  for (const auto& r : ctx.hits) {
    for (const auto& f : r.h->decoded.fields) {
      if (f.kind == field_kind::typed_content && !f.value.empty()) text.push_back({&r, &f});
    }
  }
  if (!text.empty()) {
    o.verdict = verdict::supported;
    o.basis = "chat_text_sent";
    std::vector<std::string> items;
    for (std::size_t i = 0; i < text.size() && i < 4; ++i) {
      items.push_back(fmt::format("{} ({})", at(*text[i].r), text[i].f->name));
    }
    if (text.size() > 4) items.push_back(fmt::format("{} more", text.size() - 4));
    o.reason = fmt::format(
        "{} received {} the visitor typed{}: {}.", ctx.vendor,
        text.size() == 1 ? std::string("a message") : fmt::format("{} messages", text.size()),
        ctx.scope, and_list(items));
    if (std::any_of(text.begin(), text.end(), [](const found& x) { return x.f->uncertain; })) {
      o.reason +=
          " harfact recognises message text by the member that holds it (text, message, "
          "body), which the vendor does not document: the meaning is inferred.";
    }
    for (const auto& x : text) o.primary.push_back(hit_evidence(*x.r, field_words(*x.f)));
    return;
  }
  const unread u = unread_content(ctx);
  if (u.any()) {
    o.verdict = verdict::indeterminate;
    o.basis = u.bodies.empty() ? "content_not_decoded" : "body_not_captured";
    o.reason = fmt::format(
        "{}'s {}{} ({}) show no message text where their content is readable, but {}: whether "
        "those carried chat messages cannot be established from the capture.",
        ctx.vendor, requests(ctx.hits.size()), ctx.scope, entries_words(ctx.hits),
        unread_words(ctx, u));
    add_unread(o, u);
    return;
  }
  o.verdict = verdict::contradicted;
  o.wrong = true;
  o.basis = "no_chat_text";
  o.reason = fmt::format("None of {}'s {}{} ({}) carried text the visitor typed: they carried {}.",
                         ctx.vendor, requests(ctx.hits.size()), ctx.scope, entries_words(ctx.hits),
                         carried(ctx));
  // Where the chat text of this capture did go, when elsewhere.
  for (const auto& f : ctx.tl.findings) {
    if (f.kind != timeline::finding_kind::chat_content_sent || f.vendor_id == ctx.c.vendor_id)
      continue;
    std::string name = f.vendor_id;
    for (const auto& vh : ctx.tl.trackers.vendors) {
      if (vh.vendor != nullptr && vh.vendor->vendor_id == f.vendor_id) name = vh.vendor->name;
    }
    std::vector<std::string> es;
    for (const auto e : f.entries) es.push_back(std::to_string(e));
    o.reason += fmt::format(" The chat text in this capture went to {} ({} {}).", name,
                            es.size() == 1 ? "entry" : "entries", and_list(es));
  }
  for (const auto& r : ctx.hits) o.primary.push_back(hit_evidence(r, what_it_sent(*r.h)));
}

}  // namespace harfact::check::detail
