// harfact: payload decoders: what a tracker hit carried.
//
// Decoders are plug-ins registered by name; a signature names the ones that
// apply, in order (signatures/README.md). Generic decoders read where the data
// is: `query` (the URL's parameters), `form` (a form-encoded body or
// postData.params), `json` (a JSON body, flattened to dotted paths),
// `text_lines` (one form-encoded event per line, as GA4 batches), `base64` and
// `gzip` (bodies to unwrap first), `websocket` (the frames of
// _webSocketMessages). Vendor decoders, named by their vendor id, then say what
// each field is (event name, page URL, pixel id, hashed email, button text,
// ...). Every plain value is checked for what looks like personal data.
//
// Nothing is guessed: a field a vendor decoder does not know keeps kind
// `other`; a body the capture did not keep is reported as not captured; a
// decoder this version lacks is reported by name.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "harfact/har/model.hpp"
#include "harfact/sig/database.hpp"

namespace harfact::decode {

enum class field_kind : std::uint8_t {
  event,             ///< the event name (PageView, page_view, ...)
  page_url,          ///< the URL of the page the event came from
  referrer,          ///< the page's referrer
  page_title,        ///< the page's title
  account_id,        ///< the site's account with the vendor (pixel id, measurement id)
  client_id,         ///< a browser identifier (cookie id: _fbp, cid, ...)
  user_id,           ///< a site-assigned user identifier
  user_data_hashed,  ///< hashed personal data (advanced matching: em, ph, ...)
  user_data_plain,   ///< personal data in clear
  custom_data,       ///< event parameters the site chose (cd[...], ep.*, ...)
  form_content,      ///< form fields, names or values
  button_text,       ///< the text of a clicked element
  typed_content,     ///< what a visitor typed (keystrokes, chat text)
  consent_signal,    ///< consent or opt-out flags the hit carried (gcs, dpo, ...)
  device,            ///< screen, language, user agent details
  other,             ///< carried, not classified
};
/// Stable snake_case name.
std::string_view field_kind_name(field_kind k) noexcept;

struct field {
  std::string name;   ///< as sent: "ud[em]", "en", "context.page.url"
  std::string value;  ///< decoded; at most 2048 bytes (see truncated)
  field_kind kind = field_kind::other;
  std::string meaning;        ///< for people: "pixel id", "event name"; empty when unknown
  std::string source;         ///< "query", "body", "body line 2", "websocket frame 3"
  bool uncertain = false;     ///< the sources mark its meaning uncertain
  std::string personal_data;  ///< "", "email", "phone" or "name": looks like personal data
  bool truncated = false;     ///< value cut at 2048 bytes
};

struct decoded {
  std::vector<std::string> events;  ///< event names, in order (a batch can hold several)
  std::vector<field> fields;
  std::vector<std::string> notes;  ///< what could not be read, and why
  bool body_not_captured = false;  ///< a body was sent but the capture did not keep it
};

/// What decoders share while one hit is decoded: the entry, the result, and
/// the request body as the decoders so far have unwrapped it (base64, gzip).
struct context {
  har::entry& e;
  decoded& out;
  std::string body;  ///< the body to read; set by body() on first use
  bool body_loaded = false;
  bool body_binary = false;  ///< the body is not text (after unwrapping)

  /// The request body (postData.text, base64-decoded when the exporter marked
  /// it so), loaded once. Empty when there is none.
  const std::string& request_body();
  /// Appends a field (value cut at 2048 bytes).
  field& add(std::string name, std::string_view value, std::string source);
};

/// A decoder reads the entry (and the body as unwrapped so far) and appends to
/// ctx.out.
using decoder_fn = void (*)(context& ctx);

class registry {
 public:
  void add(std::string name, decoder_fn fn);
  decoder_fn find(std::string_view name) const noexcept;
  std::vector<std::string> names() const;

 private:
  std::vector<std::pair<std::string, decoder_fn>> decoders_;
};

/// The decoders built into this version.
const registry& builtin();

/// Runs the decoders `s` names, in order, then flags personal data. Decoders the
/// registry lacks are named in `notes`.
decoded decode_hit(har::entry& e, const sig::signature& s, const registry& r = builtin());

}  // namespace harfact::decode
