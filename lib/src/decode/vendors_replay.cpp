// Vendor decoders for session-replay tools (signals.md A.14-A.18): FullStory,
// Hotjar, Contentsquare, Quantum Metric, LogRocket. Their recording payloads
// are mostly undocumented; these tables hold only what the fact sheet says a
// field is. Microsoft Clarity has none: the fact sheet names no field of its
// upload (an envelope and token arrays, the consent field untraced).
#include <array>
#include <span>
#include <string_view>

#include "decode/vendor_table.hpp"

namespace harfact::decode::detail {

// Defined in vendors.cpp.
void classify_paths(context& ctx, std::span<const param_rule> rules, std::string_view under = {});

void add_replay_decoders(registry& r);

namespace {

using k = field_kind;

// signals.md A.15 (FullStory: /rec/page JSON, /rec/bundle query and JSON
// {Seq, When, Evts:[{Kind, Args}]}). Seq, When and Args are shown there
// without a meaning; who assigns UserId is not stated.
constexpr std::array<param_rule, 4> k_fullstory{{
    {"OrgId", k::account_id, "FullStory org id"},
    {"UserId", k::client_id, "FullStory user id", false, true},
    {"Url", k::page_url, "page URL"},
    {"Evts.#.Kind", k::other, "recorded event type (numeric: mouse, key, DOM mutation, ...)"},
}};

// signals.md A.14 (Hotjar: site_id on the WebSocket and content.hotjar.io
// URLs). The fields of the WebSocket frames are not documented.
constexpr std::array<param_rule, 1> k_hotjar{{
    {"site_id", k::account_id, "Hotjar site id"},
}};

// signals.md A.17 (Contentsquare /pageview and /v2/recording). rt is not
// described.
constexpr std::array<param_rule, 2> k_contentsquare{{
    {"pid", k::account_id, "project id"},
    {"url", k::page_url, "page URL"},
}};

// signals.md A.16 (Quantum Metric /horizon/<subscription>). T is from one
// anecdotal teardown, without a meaning.
constexpr std::array<param_rule, 1> k_quantum_metric{{
    {"u", k::page_url, "page URL"},
}};

// signals.md A.18 (LogRocket: r.lr-ingest.io/i?a=<app id>, marked uncertain).
constexpr std::array<param_rule, 1> k_logrocket{{
    {"a", k::account_id, "app id", false, true},
}};

void fullstory(context& ctx) { classify_paths(ctx, k_fullstory); }
void hotjar(context& ctx) { classify_paths(ctx, k_hotjar); }
void contentsquare(context& ctx) { classify_paths(ctx, k_contentsquare); }
void quantum_metric(context& ctx) { classify_paths(ctx, k_quantum_metric); }
void logrocket(context& ctx) { classify_paths(ctx, k_logrocket); }

// Chat vendors (signals.md A.24): the fact sheet documents the transport, not
// the field names, except Salesforce's ChatMessage `text`. A free-text value
// (two words or more) under a member named text, message, msg, body or content,
// sent to a chat vendor, is what a visitor typed; flagged uncertain, because the
// name is inferred, not documented per vendor.
void chat_text(context& ctx) {
  for (auto& f : ctx.out.fields) {
    if (f.kind != field_kind::other || !f.meaning.empty()) continue;
    std::string_view leaf = f.name;
    if (const auto dot = leaf.rfind('.'); dot != std::string_view::npos) leaf.remove_prefix(dot + 1);
    const bool named = leaf == "text" || leaf == "message" || leaf == "msg" || leaf == "body" ||
                       leaf == "content";
    if (!named || f.value.find(' ') == std::string::npos) continue;
    f.kind = field_kind::typed_content;
    f.meaning = "chat message text (inferred from the member name)";
    f.uncertain = true;
  }
}

}  // namespace

void add_replay_decoders(registry& r) {
  r.add("fullstory", fullstory);
  r.add("hotjar", hotjar);
  r.add("contentsquare", contentsquare);
  r.add("quantum_metric", quantum_metric);
  r.add("logrocket", logrocket);
  r.add("chat_text", chat_text);
}

}  // namespace harfact::decode::detail
