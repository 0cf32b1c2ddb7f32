// The exporters' own fields: Chrome's _initiator (with async stacks),
// _webSocketMessages and _securityDetails.
#include "har/entry_parser_impl.hpp"

namespace harfact::har::detail {

// Chrome's initiator stack: {description?, callFrames[], parent?, parentId?}.
// Flattened into entry.stacks / entry.call_frames; returns the stack index.
bool entry_parser::impl::stack(od::value& v, std::int32_t& index, const path_node& at, int depth) {
  od::object obj;
  const got g = get_object(v, obj, at);
  if (g != got::ok) return g != got::fatal;
  if (depth > 256) {
    note(diag::absurd_value, severity::warning,
         fmt::format("{}: initiator stack chain deeper than 256 levels; the rest is ignored",
                     pointer(&at)),
         &at, offset_of(v.raw_json_token().data()));
    return true;
  }
  index = static_cast<std::int32_t>(e->stacks.size());
  e->stacks.emplace_back();
  std::int32_t parent = -1;
  static constexpr std::array<std::string_view, 4> names{"description", "callFrames", "parent",
                                                         "parentId"};
  std::uint64_t seen = 0;
  if (!each_member(obj, &at, [&](std::string_view key, od::value& mv, const path_node& mn) {
        const int k = key_index(key, names);
        if (k < 0) return extra(mv, mn);
        mark(seen, k, mn, mv);
        switch (k) {
          case 0: return read_text(mv, e->stacks[static_cast<std::size_t>(index)].description, mn);
          case 1: return frames(mv, static_cast<std::size_t>(index), mn);
          case 2: return stack(mv, parent, mn, depth + 1);
          default: {
            std::string_view raw;
            if (!raw_span(mv, raw)) return false;
            auto& s = e->stacks[static_cast<std::size_t>(index)];
            s.parent_id.raw = raw;
            s.parent_id.offset = offset_of(raw.data());
            s.parent_id.flags = text::k_present;
            return true;
          }
        }
      })) {
    return false;
  }
  e->stacks[static_cast<std::size_t>(index)].parent = parent;
  return true;
}

bool entry_parser::impl::frames(od::value& v, std::size_t stack_index, const path_node& at) {
  od::array arr;
  const got g = get_array(v, arr, at);
  if (g != got::ok) return g != got::fatal;
  const auto first = static_cast<std::uint32_t>(e->call_frames.size());
  if (!each_element(arr, &at, [&](od::value& item, const path_node& node) {
        od::object obj;
        const got gi = get_object(item, obj, node);
        if (gi != got::ok) return gi != got::fatal;
        call_frame cf;
        static constexpr std::array<std::string_view, 5> names{"functionName", "scriptId", "url",
                                                               "lineNumber", "columnNumber"};
        std::uint64_t seen = 0;
        if (!each_member(obj, &node, [&](std::string_view key, od::value& mv, const path_node& mn) {
              const int k = key_index(key, names);
              if (k < 0) return extra(mv, mn);
              mark(seen, k, mn, mv);
              switch (k) {
                case 0: return read_text(mv, cf.function_name, mn);
                case 1: return read_text(mv, cf.script_id, mn);
                case 2: return read_text(mv, cf.url, mn);
                case 3: return read_int(mv, cf.line_number, mn);
                default: return read_int(mv, cf.column_number, mn);
              }
            })) {
          return false;
        }
        e->call_frames.push_back(cf);
        return true;
      })) {
    return false;
  }
  auto& s = e->stacks[stack_index];
  s.first_frame = first;
  s.frame_count = static_cast<std::uint32_t>(e->call_frames.size()) - first;
  return true;
}

bool entry_parser::impl::initiator(od::value& v, har::initiator& in, const path_node& at) {
  od::json_type t;
  if (type_of(v, t, &at) == got::fatal) return false;
  if (t == od::json_type::string) {  // WebPageTest: "_initiator": "<url>"
    in.present = true;
    return read_text(v, in.url, at);
  }
  od::object obj;
  const got g = get_object(v, obj, at);
  if (g != got::ok) return g != got::fatal;
  in.present = true;
  static constexpr std::array<std::string_view, 6> names{"type",         "url",       "lineNumber",
                                                         "columnNumber", "requestId", "stack"};
  return known_members(obj, at, names, 0, 0, [&](int k, od::value& mv, const path_node& mn) {
    switch (k) {
      case 0: return read_text(mv, in.type, mn);
      case 1: return read_text(mv, in.url, mn);
      case 2: return read_int(mv, in.line_number, mn);
      case 3: return read_int(mv, in.column_number, mn);
      case 4: return read_text(mv, in.request_id, mn);
      default: return stack(mv, in.stack, mn, 0);
    }
  });
}

bool entry_parser::impl::websocket(od::value& v, const path_node& at) {
  od::array arr;
  const got g = get_array(v, arr, at);
  if (g != got::ok) return g != got::fatal;
  return each_element(arr, &at, [&](od::value& item, const path_node& node) {
    od::object obj;
    const got gi = get_object(item, obj, node);
    if (gi != got::ok) return gi != got::fatal;
    websocket_message m;
    static constexpr std::array<std::string_view, 4> names{"type", "time", "opcode", "data"};
    std::uint64_t seen = 0;
    if (!each_member(obj, &node, [&](std::string_view key, od::value& mv, const path_node& mn) {
          const int k = key_index(key, names);
          if (k < 0) return extra(mv, mn);
          mark(seen, k, mn, mv);
          switch (k) {
            case 0: return read_text(mv, m.type, mn);
            case 1: return read_double(mv, m.time, mn);
            case 2: return read_int(mv, m.opcode, mn);
            default: return read_text(mv, m.data, mn);
          }
        })) {
      return false;
    }
    e->websocket_messages.push_back(m);
    return true;
  });
}

bool entry_parser::impl::security(od::value& v, security_details& s, const path_node& at) {
  std::string_view raw;
  od::json_type t;
  if (type_of(v, t, &at) == got::fatal) return false;
  if (t == od::json_type::object && !raw_span(v, raw)) return false;
  od::object obj;
  const got g = get_object(v, obj, at);
  if (g != got::ok) return g != got::fatal;
  s.present = true;
  s.raw_json = raw;
  static constexpr std::array<std::string_view, 11> names{
      "protocol",    "keyExchange", "keyExchangeGroup", "cipher",    "mac",    "certificateId",
      "subjectName", "sanList",     "issuer",           "validFrom", "validTo"};
  std::uint64_t seen = 0;
  return each_member(obj, &at, [&](std::string_view key, od::value& mv, const path_node& mn) {
    const int k = key_index(key, names);
    if (k < 0) return true;  // kept in raw_json
    mark(seen, k, mn, mv);
    switch (k) {
      case 0: return read_text(mv, s.protocol, mn);
      case 1: return read_text(mv, s.key_exchange, mn);
      case 2: return read_text(mv, s.key_exchange_group, mn);
      case 3: return read_text(mv, s.cipher, mn);
      case 4: return read_text(mv, s.mac, mn);
      case 5: return read_int(mv, s.certificate_id, mn);
      case 6: return read_text(mv, s.subject_name, mn);
      case 7: {
        od::array arr;
        const got ga = get_array(mv, arr, mn);
        if (ga != got::ok) return ga != got::fatal;
        return each_element(arr, &mn, [&](od::value& item, const path_node& node) {
          text name;
          if (!read_text(item, name, node)) return false;
          s.san_list.push_back(name);
          return true;
        });
      }
      case 8: return read_text(mv, s.issuer, mn);
      case 9: return read_int(mv, s.valid_from, mn);
      default: return read_int(mv, s.valid_to, mn);
    }
  });
}

}  // namespace harfact::har::detail
