// harfact: a shareable copy of a capture (issue 6: `harfact redact`).
//
//   redact::options o;                      // o.key empty: a random key per run
//   auto r = redact::redact_file("exhibit.har", o, &matcher);
//   if (!r) { report(r.error()); return; }  // unreadable: nothing to share
//   io::write_file_atomic("shareable.har", r->har);
//   // r->changes: what was masked (entry, JSON pointer, kind, reason), never a value
//
// What is masked
// --------------
// Cookie values (Cookie and Set-Cookie headers, the cookies arrays), the
// credentials of Authorization and Proxy-Authorization headers and of API-key
// or token headers, credentials in URLs (user:password@), tokens in URLs and
// bodies by parameter or member name (access_token, id_token, code, session ids,
// API keys, passwords, ...), JWTs and email addresses anywhere in a string,
// personal data the decoders flag (decode/decoder.hpp: emails, phone numbers,
// names by field name, hashed user data, client and user ids of a tracker hit),
// and every value of a form posted to a site that is not a known tracker
// (typed form values). A value masked once is masked wherever else it appears
// in a later string of the capture (eight bytes or longer).
//
// What is kept, and why
// ---------------------
// Everything harfact's analysis reads: structure, member order, timings,
// unknown members (`_initiator`, `_webSocketMessages`, ...), URL schemes, hosts,
// paths and parameter names, vendors' account ids (pixel and measurement ids:
// the site's account, not a person, and what a finding cites), event names,
// in-band consent parameters (gcs, gcd, us_privacy, gdpr_consent, gpp, ...),
// cookie names, and the values of consent cookies (OptanonConsent,
// OptanonAlertBoxClosed, CookieConsent, euconsent-v2, usprivacy, ...: the
// timeline's cookie table), which record a choice, not a person; masking them
// would erase the consent transitions the copy is shared to show. Bodies of
// consent-platform requests (signature category consent_platform: receipts,
// geolocation answers, configuration) are kept for the same reason.
//
// Placeholders
// ------------
// Same shape, deterministic within a run: `REDACTED-<kind>-<8 hex>`, where the
// hex digits are the first four bytes of HMAC-SHA-256(key, value). The same
// value gets the same placeholder everywhere (a cookie and the URL parameter
// echoing it stay linked; the Cookie header and the cookies array stay equal).
// Emails become `redacted-<8 hex>@example.invalid`, phone numbers keep their
// punctuation and length with digits "000" then hash digits, names become
// `Redacted <letters>`, hex digests keep their length (`00000000` then hash
// digits), so the decoders still classify them. An unkeyed hash would let
// anyone holding a list of candidate emails confirm which one was in the
// capture; the key is therefore random per run unless the caller gives one
// (to redact several captures consistently). Placeholders are recognised, so
// redacting a redacted copy changes nothing.
//
// Byte faithfulness
// -----------------
// Strings are rewritten in place in the capture's own text: every byte not
// masked is the input's byte (whitespace, escapes, number formats, unknown
// members). `request.bodySize`, `response.content.size` and a request's
// `Content-Length` are updated when they equalled the body before, so that
// `harfact verify` sees no edit it would not see in the original;
// `headersSize` keeps the original value (the bytes on the wire).
//
// Errors
// ------
// An input that cannot be read at all is an error (nothing is written). A
// partial input (truncated, salvaged, failed midway) gives a copy of what was
// read, closed into valid JSON, with `status` saying so and an entry in
// `notes` for each part left out. The input is never modified.
//
// Thread safety: independent calls may run concurrently with the same matcher.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "harfact/core/diagnostic.hpp"
#include "harfact/core/result.hpp"
#include "harfact/har/reader.hpp"
#include "harfact/report/envelope.hpp"
#include "harfact/sig/matcher.hpp"

namespace harfact::redact {

/// What a masked value was.
enum class value_kind : std::uint8_t {
  cookie,            ///< a cookie value (not a consent cookie)
  authorization,     ///< Authorization / Proxy-Authorization credentials
  api_key,           ///< an API key (header or parameter)
  token,             ///< an access, id, refresh or CSRF token, an OAuth code, a password
  session_id,        ///< a session identifier
  jwt,               ///< a JSON Web Token found in a string
  credentials,       ///< user:password in a URL
  email,             ///< an email address
  phone,             ///< a phone number (by field name, as the decoders flag it)
  person_name,       ///< a person's name (by field name, as the decoders flag it)
  hashed_user_data,  ///< hashed personal data (advanced matching em, ph, ...)
  user_data,         ///< other personal data in clear a tracker hit carried (city, zip, ...)
  client_id,         ///< a browser identifier a tracker hit carried
  user_id,           ///< a site-assigned user identifier a tracker hit carried
  form_value,        ///< a value typed into a form (posted to a non-tracker, or a hit's form field)
  typed_content,     ///< keystrokes or chat text a hit carried
  known_secret,      ///< a value masked elsewhere in the capture, found again
};
/// Stable snake_case name ("cookie", "api_key", ...).
std::string_view value_kind_name(value_kind k) noexcept;

/// One masked value (or several of one kind in the same string).
struct change {
  std::optional<std::uint64_t> entry;  ///< 0-based index in log.entries; none outside them
  std::string pointer;  ///< RFC 6901 from the document root: /log/entries/3/request/url
  value_kind kind = value_kind::token;
  std::string name;         ///< cookie, parameter, header or field name, "" when none
  std::string reason;       ///< for people; never contains the value
  std::uint64_t count = 1;  ///< values of this kind and name masked in this string
};

struct options {
  /// HMAC key of the placeholders. Empty: 32 random bytes per run (the
  /// default: placeholders of one run cannot be linked to another's, and a
  /// dictionary of candidate values cannot be tested against them).
  std::string key;
  har::reader_options reader;
};

struct redaction {
  std::string har;                      ///< the redacted capture, HAR 1.2 JSON (UTF-8)
  std::vector<change> changes;          ///< in entry order, then pointer order
  har::read_summary input;              ///< the original as read (hashes, status)
  std::vector<diagnostic> diagnostics;  ///< the reader's (their messages may quote values)
  std::optional<error> read_error;      ///< why reading stopped early, when it did
  /// What the copy leaves out or does not touch, for people ("entry 7 could not
  /// be read and is replaced by a stub", "2 base64 bodies were not scanned").
  std::vector<std::string> notes;
  bool caller_key = false;    ///< options.key was given (placeholders reproducible)
  std::uint64_t entries = 0;  ///< entries in the copy
};

/// Redacts a capture file ("-" for standard input). `matcher` (may be null)
/// names each request's vendor: tracker hits are then decoded by their
/// vendor's decoders (client ids, hashed user data) and consent-platform
/// bodies are kept; without it only the generic rules apply. Fails only when
/// the input cannot be read at all.
result<redaction> redact_file(const std::filesystem::path& path, const options& opts,
                              const sig::matcher* matcher);
/// Redacts a capture held in memory; `label` names it in messages.
result<redaction> redact_memory(std::string_view bytes, std::string label, const options& opts,
                                const sig::matcher* matcher);

/// The changes list as JSON (lib/schema/redact.schema.json): the envelope,
/// then how reading went, the copy's size and SHA-256, notes and changes.
std::string changes_json(const redaction& r, const report::envelope& env);
/// The changes list as text, one line per change.
std::string changes_text(const redaction& r);

}  // namespace harfact::redact
