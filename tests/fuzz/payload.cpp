// Fuzz target: the tracker payload decoders (decode::decode_hit), generic and
// per vendor, on a synthetic entry built from the input.
//
// Input: fields separated by NUL bytes (the seeds are written by
// make_seeds.py from the signatures' own samples and the testdata captures):
//   0 decoders, comma-separated, as a signature names them ("query,meta_pixel")
//   1 method           2 URL
//   3 postData.mimeType 4 postData.text   5 postData.encoding ("base64")
//   6 WebSocket frames, separated by 0x1E, each led by 's' (send), 'r'
//     (receive) or 'b' (binary send)
//   7 postData.params, separated by 0x1E, each "name=value"
// A body or a MIME type makes postData present. Strings are made valid UTF-8
// first (the reader delivers nothing else) and JSON-escaped into the entry as
// the reader would have found them, so entry::str() gives them back exactly.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "harfact/decode/decoder.hpp"
#include "harfact/sig/database.hpp"

using namespace harfact;

namespace {

class builder {
 public:
  har::text text(std::string_view value) {
    values_.push_back(fuzz::valid_utf8(value));
    raws_.emplace_back();
    return fuzz::make_text(values_.back(), raws_.back());
  }

 private:
  std::deque<std::string> values_, raws_;  // stable addresses: entries hold views
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto parts = fuzz::split(fuzz::as_view(data, size), '\0', 8);
  auto part = [&](std::size_t i) { return i < parts.size() ? parts[i] : std::string_view(); };

  sig::signature s;
  s.id = "fuzz.payload";
  s.role = sig::role::beacon;
  for (const auto name : fuzz::split(part(0), ',', 8)) s.decoders.emplace_back(name);

  builder b;
  har::entry e;
  e.request.method = b.text(part(1).empty() ? std::string_view("GET") : part(1));
  e.request.url = b.text(part(2));
  if (!part(3).empty() || !part(4).empty()) {
    e.request.post.present = true;
    e.request.post.mime_type = b.text(part(3));
    e.request.post.body = b.text(part(4));
    if (!part(5).empty()) e.request.post.encoding = b.text(part(5));
    e.request.body_size = static_cast<std::int64_t>(part(4).size());
    har::name_value ct;
    ct.name = b.text("Content-Type");
    ct.value = e.request.post.mime_type;
    e.request.headers.push_back(ct);
  }
  if (!part(6).empty()) {
    for (const auto frame : fuzz::split(part(6), '\x1e', 64)) {
      if (frame.empty()) continue;
      har::websocket_message m;
      m.type = b.text(frame[0] == 'r' ? "receive" : "send");
      m.opcode = frame[0] == 'b' ? 2 : 1;
      m.time = 1'700'000'000.5;
      m.data = b.text(frame.substr(1));
      e.websocket_messages.push_back(m);
    }
  }
  if (!part(7).empty()) {
    e.request.post.present = true;
    for (const auto p : fuzz::split(part(7), '\x1e', 64)) {
      const auto eq = p.find('=');
      har::post_param pp;
      pp.name = b.text(p.substr(0, eq));
      if (eq != std::string_view::npos) pp.value = b.text(p.substr(eq + 1));
      e.request.post.params.push_back(pp);
    }
  }

  const auto out = decode::decode_hit(e, s);
  static volatile std::size_t sink = 0;
  for (const auto& f : out.fields) {
    // Values are cut at 2048 bytes (decoder.hpp).
    if (f.value.size() > 2048) __builtin_trap();
    sink = sink + f.name.size() + f.value.size() + decode::field_kind_name(f.kind).size();
  }
  sink = sink + out.events.size() + out.notes.size();
  return 0;
}
