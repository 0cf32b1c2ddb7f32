// IAB US Privacy string decoder (signals.md B.13, D.4): "1YNN" and the JSON
// some CMPs store in the same cookie (iubenda: {"uspString":"1YN-",...}).
#include <fmt/format.h>
#include <simdjson.h>

#include <string>
#include <string_view>

#include "consent/iab_bits.hpp"
#include "harfact/consent/signal.hpp"

namespace harfact::consent {
namespace {

std::string_view meaning(int position, char c) {
  switch (position) {
    case 1:  // notice
      return c == 'Y'   ? "notice and opportunity to opt out given"
             : c == 'N' ? "notice and opportunity to opt out not given"
                        : "not applicable (CCPA does not apply)";
    case 2:  // opt_out_sale
      return c == 'Y'   ? "opted out of sale"
             : c == 'N' ? "did not opt out of sale"
                        : "not applicable (CCPA does not apply)";
    default:  // lspa
      return c == 'Y'   ? "covered by the IAB Limited Service Provider Agreement"
             : c == 'N' ? "not covered by the IAB Limited Service Provider Agreement"
                        : "not applicable (CCPA does not apply)";
  }
}

// The "uspString" member of a JSON wrapper; false (with `s.error` set) when the
// text is not such JSON.
bool unwrap_json(signal& s, std::string& usp) {
  simdjson::dom::parser parser;
  const simdjson::padded_string copy(s.input);
  simdjson::dom::object obj;
  if (parser.parse(copy).get(obj) != simdjson::SUCCESS) {
    s.error = "starts with '{' but is not a JSON object";
    return false;
  }
  std::string_view value;
  bool found = false;
  std::string others;
  for (auto field : obj) {
    if (field.key == "uspString" && field.value.get(value) == simdjson::SUCCESS) {
      found = true;
    } else {
      others += others.empty() ? "" : ", ";
      others += field.key;
    }
  }
  if (!found) {
    s.error = "JSON object without a \"uspString\" string member";
    return false;
  }
  usp = std::string(value);
  s.notes.push_back("JSON wrapper (as iubenda stores it); the US Privacy string is its uspString");
  if (!others.empty()) s.notes.push_back("JSON members not decoded: " + others);
  return true;
}

}  // namespace

signal decode_usp(std::string_view value) {
  signal s;
  s.kind = "usp";
  s.input = iab::clean_input(value);
  if (s.input.empty()) {
    s.error = "empty US Privacy string";
    return s;
  }
  std::string usp = s.input;
  if (usp.front() == '{' && !unwrap_json(s, usp)) return s;

  if (usp.size() != 4) {
    s.error = fmt::format("a US Privacy string has 4 characters; this one has {}", usp.size());
    return s;
  }
  if (usp[0] != '1') {
    s.error = fmt::format("character 1 ('{}') is not version 1, the only version defined", usp[0]);
    return s;
  }
  bool lowercase = false;
  for (std::size_t i = 1; i < 4; ++i) {
    char& c = usp[i];
    if (c == 'y' || c == 'n') {
      c = static_cast<char>(c - 'a' + 'A');
      lowercase = true;
    }
    if (c != 'Y' && c != 'N' && c != '-') {
      s.error = fmt::format("character {} ('{}') is not Y, N or -", i + 1, c);
      return s;
    }
  }
  if (lowercase) s.notes.push_back("lowercase y/n read as Y/N (the specification uses uppercase)");

  const char notice = usp[1], sale = usp[2], lspa = usp[3];
  const bool applies = notice != '-' || sale != '-' || lspa != '-';
  // The specification: when CCPA applies the opt-out character must be Y or N.
  const bool sale_unclear = applies && sale == '-';
  s.fields.add("version", node::integer(1));
  s.fields.add("notice", node::string(std::string(1, notice)), std::string(meaning(1, notice)));
  s.fields.add(
      "opt_out_sale", node::string(std::string(1, sale)),
      sale_unclear ? "'-' although the string says CCPA applies" : std::string(meaning(2, sale)),
      sale_unclear);
  s.fields.add("lspa", node::string(std::string(1, lspa)), std::string(meaning(3, lspa)));
  s.ok = true;

  if (!applies) {
    s.notes.push_back("1---: CCPA does not apply (by the string's own claim)");
    return s;
  }
  if (sale_unclear)
    s.notes.push_back(
        "opt_out_sale is '-' but notice or lspa is set: the specification requires "
        "Y or N when CCPA applies");
  const auto share = static_cast<std::size_t>(purpose::sale_share);
  if (sale == 'Y') {
    s.sum.sale_opt_out = true;
    s.sum.purposes[share] = grant::denied;
    s.sum.purpose_source[share] = "usp opt_out_sale";
  } else if (sale == 'N') {
    s.sum.sale_opt_out = false;
    s.sum.notes.push_back(
        "opt_out_sale N: not opted out of sale; USP says nothing about sharing, so sale_share "
        "stays unknown");
  }
  s.sum.region = "US";
  s.sum.notes.push_back(
      "region US: the string claims CCPA applies; CMPs often send it to every US visitor, so it "
      "is not proof the visitor was in California");
  return s;
}

}  // namespace harfact::consent
