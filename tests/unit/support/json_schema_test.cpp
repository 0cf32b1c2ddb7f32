// Tests of the JSON Schema subset validator used to check harfact's JSON outputs.
#include "json_schema.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace harfact::test {
namespace {

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& line : v) s += "\n  " + line;
  return s;
}

::testing::AssertionResult valid(std::string_view schema, std::string_view instance) {
  auto v = validate_json(schema, instance);
  if (v.empty()) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << instance << " has violations:" << joined(v);
}

// Exactly these violations, in this order.
::testing::AssertionResult violations(std::string_view schema, std::string_view instance,
                                      const std::vector<std::string>& expected) {
  auto v = validate_json(schema, instance);
  if (v == expected) return ::testing::AssertionSuccess();
  std::string want;
  for (const auto& line : expected) want += "\n  " + line;
  return ::testing::AssertionFailure() << instance << ": expected" << want << "\ngot" << joined(v);
}

// At least one violation containing `needle`.
::testing::AssertionResult violation_with(std::string_view schema, std::string_view instance,
                                          std::string_view needle) {
  auto v = validate_json(schema, instance);
  for (const auto& line : v) {
    if (line.find(needle) != std::string::npos) return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "no violation contains \"" << needle << "\"; got"
                                       << (v.empty() ? std::string(" none") : joined(v));
}

// ---------------------------------------------------------------- parsing

TEST(JsonSchema, InvalidInstanceJsonIsAViolation) {
  auto v = validate_json(R"({"type":"object"})", R"({"a": )");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].rfind("instance: invalid JSON: ", 0), 0u) << v[0];
}

TEST(JsonSchema, InvalidSchemaJsonIsAViolation) {
  auto v = validate_json(R"({"type": "object",})", "{}");
  ASSERT_EQ(v.size(), 1u);
  EXPECT_EQ(v[0].rfind("schema: invalid JSON: ", 0), 0u) << v[0];
}

TEST(JsonSchema, BothDocumentsInvalidGiveTwoViolations) {
  auto v = validate_json("{", "[1,");
  ASSERT_EQ(v.size(), 2u);
  EXPECT_EQ(v[0].rfind("schema: ", 0), 0u);
  EXPECT_EQ(v[1].rfind("instance: ", 0), 0u);
}

TEST(JsonSchema, EmptyInputIsInvalidJson) {
  EXPECT_TRUE(violation_with("{}", "", "instance: invalid JSON"));
  EXPECT_TRUE(violation_with("", "{}", "schema: invalid JSON"));
}

// ---------------------------------------------------------------- type

TEST(JsonSchema, TypeEachName) {
  EXPECT_TRUE(valid(R"({"type":"null"})", "null"));
  EXPECT_TRUE(valid(R"({"type":"boolean"})", "false"));
  EXPECT_TRUE(valid(R"({"type":"object"})", "{}"));
  EXPECT_TRUE(valid(R"({"type":"array"})", "[]"));
  EXPECT_TRUE(valid(R"({"type":"string"})", R"("")"));
  EXPECT_TRUE(valid(R"({"type":"number"})", "1.5"));
  EXPECT_TRUE(valid(R"({"type":"number"})", "-7"));
  EXPECT_TRUE(valid(R"({"type":"integer"})", "42"));

  EXPECT_TRUE(violations(R"({"type":"null"})", "0", {"(root): expected null"}));
  EXPECT_TRUE(violations(R"({"type":"boolean"})", "\"true\"", {"(root): expected boolean"}));
  EXPECT_TRUE(violations(R"({"type":"object"})", "[]", {"(root): expected object"}));
  EXPECT_TRUE(violations(R"({"type":"array"})", "{}", {"(root): expected array"}));
  EXPECT_TRUE(violations(R"({"type":"string"})", "1", {"(root): expected string"}));
  EXPECT_TRUE(violations(R"({"type":"number"})", "\"1\"", {"(root): expected number"}));
  EXPECT_TRUE(violations(R"({"type":"integer"})", "null", {"(root): expected integer"}));
}

TEST(JsonSchema, IntegerIsANumberWithoutFraction) {
  const char* s = R"({"type":"integer"})";
  EXPECT_TRUE(valid(s, "0"));
  EXPECT_TRUE(valid(s, "-9223372036854775808"));
  EXPECT_TRUE(valid(s, "18446744073709551615"));  // uint64 max
  EXPECT_TRUE(valid(s, "12.0"));
  EXPECT_TRUE(valid(s, "1e3"));
  EXPECT_TRUE(violations(s, "12.5", {"(root): expected integer"}));
  EXPECT_TRUE(violations(s, "1e-3", {"(root): expected integer"}));
  EXPECT_TRUE(violations(s, "true", {"(root): expected integer"}));
}

TEST(JsonSchema, TypeArrayAcceptsAnyListedType) {
  const char* s = R"({"type":["string","null"]})";
  EXPECT_TRUE(valid(s, R"("x")"));
  EXPECT_TRUE(valid(s, "null"));
  EXPECT_TRUE(violations(s, "3", {"(root): expected string or null"}));
}

TEST(JsonSchema, ViolationNamesTheInstancePointer) {
  const char* s = R"({
    "type": "object",
    "properties": {
      "files": {"type": "array", "items": {
        "type": "object",
        "properties": {"bytes": {"type": "integer"}}
      }}
    }
  })";
  EXPECT_TRUE(valid(s, R"({"files":[{"bytes":1},{"bytes":2}]})"));
  EXPECT_TRUE(violations(s, R"({"files":[{"bytes":"12"}]})", {"/files/0/bytes: expected integer"}));
  EXPECT_TRUE(violations(s, R"({"files":[{"bytes":1},{"bytes":2.5},{"bytes":null}]})",
                         {"/files/1/bytes: expected integer", "/files/2/bytes: expected integer"}));
}

TEST(JsonSchema, PointerTokensAreEscaped) {
  const char* s = R"({"additionalProperties": {"type": "string"}})";
  EXPECT_TRUE(violations(s, R"({"a/b": 1, "c~d": 2})",
                         {"/a~1b: expected string", "/c~0d: expected string"}));
}

// ---------------------------------------------------------------- objects

TEST(JsonSchema, PropertiesApplyOnlyToPresentMembers) {
  const char* s = R"({"properties": {"a": {"type": "string"}, "b": {"type": "number"}}})";
  EXPECT_TRUE(valid(s, "{}"));
  EXPECT_TRUE(valid(s, R"({"a": "x"})"));
  EXPECT_TRUE(valid(s, R"({"a": "x", "b": 2, "other": null})"));  // no additionalProperties
  EXPECT_TRUE(
      violations(s, R"({"a": 1, "b": "2"})", {"/a: expected string", "/b: expected number"}));
  EXPECT_TRUE(valid(s, "[1, 2]"));  // not an object: properties does not apply
}

TEST(JsonSchema, NestedProperties) {
  const char* s = R"({"properties": {"tool": {"properties": {"version": {"type": "string"}}}}})";
  EXPECT_TRUE(valid(s, R"({"tool": {"version": "0.1.0"}})"));
  EXPECT_TRUE(violations(s, R"({"tool": {"version": 1}})", {"/tool/version: expected string"}));
}

TEST(JsonSchema, Required) {
  const char* s = R"({"type": "object", "required": ["name", "version"]})";
  EXPECT_TRUE(valid(s, R"({"name": "harfact", "version": "1", "extra": 0})"));
  EXPECT_TRUE(
      violations(s, R"({"name": "harfact"})", {"(root): missing required property \"version\""}));
  EXPECT_TRUE(violations(s, "{}",
                         {"(root): missing required property \"name\"",
                          "(root): missing required property \"version\""}));
  // A null member is present.
  EXPECT_TRUE(valid(s, R"({"name": null, "version": null})"));
  // required applies to objects only.
  EXPECT_TRUE(valid(R"({"required": ["x"]})", "7"));
}

TEST(JsonSchema, AdditionalPropertiesFalse) {
  const char* s = R"({"properties": {"a": {}}, "additionalProperties": false})";
  EXPECT_TRUE(valid(s, R"({"a": 1})"));
  EXPECT_TRUE(valid(s, "{}"));
  EXPECT_TRUE(violations(
      s, R"({"a": 1, "b": 2, "c": 3})",
      {"(root): property \"b\" is not allowed", "(root): property \"c\" is not allowed"}));
}

TEST(JsonSchema, AdditionalPropertiesTrueAndSchema) {
  EXPECT_TRUE(
      valid(R"({"properties": {"a": {}}, "additionalProperties": true})", R"({"a": 1, "b": 2})"));
  const char* s = R"({"properties": {"id": {"type": "string"}},
                      "additionalProperties": {"type": "integer", "minimum": 0}})";
  EXPECT_TRUE(valid(s, R"({"id": "x", "hits": 3, "misses": 0})"));
  EXPECT_TRUE(violations(s, R"({"id": "x", "hits": -1, "misses": "0"})",
                         {"/hits: -1 is less than the minimum 0", "/misses: expected integer"}));
  // The declared property is checked against its own schema, not the additional one.
  EXPECT_TRUE(violations(s, R"({"id": 5})", {"/id: expected string"}));
}

// ---------------------------------------------------------------- arrays

TEST(JsonSchema, ItemsAppliesToEveryElement) {
  const char* s = R"({"type": "array", "items": {"type": "string"}})";
  EXPECT_TRUE(valid(s, "[]"));
  EXPECT_TRUE(valid(s, R"(["a", "b"])"));
  EXPECT_TRUE(
      violations(s, R"(["a", 2, "c", false])", {"/1: expected string", "/3: expected string"}));
  EXPECT_TRUE(violations(s, R"({"0": 1})", {"(root): expected array"}));
}

TEST(JsonSchema, MinItems) {
  const char* s = R"({"minItems": 2})";
  EXPECT_TRUE(valid(s, "[1, 2]"));
  EXPECT_TRUE(valid(s, "[1, 2, 3]"));
  EXPECT_TRUE(violations(s, "[1]", {"(root): array of 1 items has fewer than minItems 2"}));
  EXPECT_TRUE(violations(s, "[]", {"(root): array of 0 items has fewer than minItems 2"}));
  EXPECT_TRUE(valid(s, R"("ab")"));  // applies to arrays only
}

// ---------------------------------------------------------------- values

TEST(JsonSchema, Enum) {
  const char* s = R"({"enum": ["info", "warning", "error"]})";
  EXPECT_TRUE(valid(s, R"("warning")"));
  EXPECT_TRUE(violations(s, R"("fatal")",
                         {R"((root): value "fatal" is not one of ["info","warning","error"])"}));
  EXPECT_TRUE(violation_with(s, "1", "is not one of"));
  EXPECT_TRUE(violation_with(s, R"("Info")", "is not one of"));  // case-sensitive
}

TEST(JsonSchema, EnumComparesJsonValues) {
  const char* s = R"({"enum": [1, null, {"a": [1, 2], "b": true}, [3]]})";
  EXPECT_TRUE(valid(s, "1"));
  EXPECT_TRUE(valid(s, "1.0"));  // numbers compare by value
  EXPECT_TRUE(valid(s, "null"));
  EXPECT_TRUE(valid(s, R"({"b": true, "a": [1, 2]})"));  // member order does not matter
  EXPECT_TRUE(valid(s, "[3]"));
  EXPECT_TRUE(violation_with(s, R"({"a": [2, 1], "b": true})", "is not one of"));
  EXPECT_TRUE(violation_with(s, R"({"a": [1, 2]})", "is not one of"));
  EXPECT_TRUE(violation_with(s, "[3, 3]", "is not one of"));
  EXPECT_TRUE(violation_with(s, "false", "is not one of"));
  EXPECT_TRUE(violation_with(s, R"("1")", "is not one of"));
}

TEST(JsonSchema, Const) {
  EXPECT_TRUE(valid(R"({"const": 1})", "1"));
  EXPECT_TRUE(valid(R"({"const": 1})", "1.0"));
  EXPECT_TRUE(violations(R"({"const": 1})", "2", {"(root): value 2 is not the constant 1"}));
  EXPECT_TRUE(valid(R"({"const": "harfact"})", R"("harfact")"));
  EXPECT_TRUE(violations(R"({"const": "harfact"})", R"("harfakt")",
                         {R"((root): value "harfakt" is not the constant "harfact")"}));
  EXPECT_TRUE(valid(R"({"const": null})", "null"));
  EXPECT_TRUE(violation_with(R"({"const": null})", "0", "is not the constant null"));
  EXPECT_TRUE(valid(R"({"const": {"v": [1]}})", R"({"v": [1]})"));
  EXPECT_TRUE(violation_with(R"({"const": {"v": [1]}})", R"({"v": [1], "w": 0})", "constant"));
}

TEST(JsonSchema, MinimumAndMaximumAreInclusive) {
  const char* s = R"({"minimum": 0, "maximum": 100})";
  EXPECT_TRUE(valid(s, "0"));
  EXPECT_TRUE(valid(s, "100"));
  EXPECT_TRUE(valid(s, "50.5"));
  EXPECT_TRUE(violations(s, "-1", {"(root): -1 is less than the minimum 0"}));
  EXPECT_TRUE(violations(s, "100.5", {"(root): 100.5 is greater than the maximum 100"}));
  EXPECT_TRUE(violation_with(s, "-0.001", "less than the minimum"));
  EXPECT_TRUE(valid(s, R"("1000")"));  // applies to numbers only
}

TEST(JsonSchema, MinimumWithLargeAndNegativeNumbers) {
  EXPECT_TRUE(valid(R"({"minimum": -5.5})", "-5.5"));
  EXPECT_TRUE(violation_with(R"({"minimum": -5.5})", "-6", "less than the minimum"));
  EXPECT_TRUE(valid(R"({"minimum": 0})", "18446744073709551615"));
  EXPECT_TRUE(violation_with(R"({"maximum": 9223372036854775807})", "18446744073709551615",
                             "greater than the maximum"));
  EXPECT_TRUE(valid(R"({"maximum": 9223372036854775807})", "9223372036854775807"));
  EXPECT_TRUE(violation_with(R"({"maximum": 9223372036854775806})", "9223372036854775807",
                             "greater than the maximum"));
}

TEST(JsonSchema, MinLengthCountsCodePoints) {
  const char* s = R"({"minLength": 2})";
  EXPECT_TRUE(valid(s, R"("ab")"));
  EXPECT_TRUE(valid(s, R"("caf\u00e9")"));
  EXPECT_TRUE(
      violations(s, R"("a")", {"(root): string of 1 characters is shorter than minLength 2"}));
  // "é" is 2 bytes but 1 character; the emoji is 4 bytes (a surrogate pair when escaped).
  EXPECT_TRUE(violation_with(s, "\"\xC3\xA9\"", "string of 1 characters"));
  EXPECT_TRUE(violation_with(s, R"("\ud83d\ude00")", "string of 1 characters"));
  EXPECT_TRUE(violation_with(R"({"minLength": 1})", R"("")", "string of 0 characters"));
  EXPECT_TRUE(valid(s, "1"));  // applies to strings only
}

// ---------------------------------------------------------------- $ref

TEST(JsonSchema, RefToDefs) {
  const char* s = R"({
    "$defs": {"sha256": {"type": "string", "minLength": 64}},
    "properties": {"sha256": {"$ref": "#/$defs/sha256"}}
  })";
  EXPECT_TRUE(valid(s, R"({"sha256": ")" + std::string(64, 'a') + R"("})"));
  EXPECT_TRUE(violations(s, R"({"sha256": 5})", {"/sha256: expected string"}));
  EXPECT_TRUE(violation_with(s, R"({"sha256": "abc"})", "/sha256: string of 3 characters"));
}

TEST(JsonSchema, RefToDefinitions) {
  const char* s = R"({
    "definitions": {"severity": {"enum": ["info", "warning", "error"]}},
    "type": "array",
    "items": {"$ref": "#/definitions/severity"}
  })";
  EXPECT_TRUE(valid(s, R"(["info", "error"])"));
  EXPECT_TRUE(violation_with(s, R"(["info", "fatal"])", "/1: value \"fatal\" is not one of"));
}

TEST(JsonSchema, RefAppliesBesideSiblingKeywords) {
  const char* s = R"({
    "$defs": {"count": {"type": "integer"}},
    "properties": {"n": {"$ref": "#/$defs/count", "minimum": 1}}
  })";
  EXPECT_TRUE(valid(s, R"({"n": 3})"));
  EXPECT_TRUE(violations(s, R"({"n": 0})", {"/n: 0 is less than the minimum 1"}));
  EXPECT_TRUE(violations(s, R"({"n": 2.5})", {"/n: expected integer"}));
}

TEST(JsonSchema, RecursiveRefToRoot) {
  const char* s = R"({
    "type": "object",
    "required": ["name"],
    "properties": {
      "name": {"type": "string"},
      "children": {"type": "array", "items": {"$ref": "#"}}
    }
  })";
  EXPECT_TRUE(
      valid(s, R"({"name": "a", "children": [{"name": "b", "children": [{"name": "c"}]}]})"));
  EXPECT_TRUE(violations(s, R"({"name": "a", "children": [{"children": [{"name": 1}]}]})",
                         {"/children/0: missing required property \"name\"",
                          "/children/0/children/0/name: expected string"}));
}

TEST(JsonSchema, RefPointerEscapes) {
  const char* s = R"({"$defs": {"a/b": {"type": "string"}, "c~d": {"type": "number"}},
                      "properties": {"x": {"$ref": "#/$defs/a~1b"}, "y": {"$ref": "#/$defs/c~0d"}}})";
  EXPECT_TRUE(valid(s, R"({"x": "s", "y": 1})"));
  EXPECT_TRUE(
      violations(s, R"({"x": 1, "y": "s"})", {"/x: expected string", "/y: expected number"}));
}

TEST(JsonSchema, UnresolvableRefIsASchemaViolation) {
  EXPECT_TRUE(violation_with(R"({"$ref": "#/$defs/missing"})", "1",
                             "schema #: unresolvable $ref #/$defs/missing"));
  EXPECT_TRUE(violation_with(R"({"$ref": "other.schema.json#/$defs/x"})", "1",
                             "unresolvable $ref other.schema.json#/$defs/x"));
  EXPECT_TRUE(violation_with(R"({"properties": {"a": {"$ref": 5}}})", "{}",
                             "schema #/properties/a: $ref must be a string"));
}

TEST(JsonSchema, CyclicRefIsReportedNotACrash) {
  const char* s = R"({"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}},
                      "$ref": "#/$defs/a"})";
  EXPECT_TRUE(violation_with(s, "1", "cyclic $ref"));
}

// ---------------------------------------------------------------- combinators

TEST(JsonSchema, AnyOf) {
  const char* s = R"({"anyOf": [{"type": "string"}, {"type": "integer", "minimum": 0}]})";
  EXPECT_TRUE(valid(s, R"("x")"));
  EXPECT_TRUE(valid(s, "3"));
  EXPECT_TRUE(violations(s, "-3",
                         {"(root): matches no schema in anyOf [0: (root): expected "
                          "string; 1: (root): -3 is less than the minimum 0]"}));
  EXPECT_TRUE(violation_with(s, "null", "matches no schema in anyOf"));
}

TEST(JsonSchema, OneOf) {
  const char* s = R"({"oneOf": [{"type": "integer"}, {"type": "number", "maximum": 10}]})";
  EXPECT_TRUE(valid(s, "20"));    // integer only
  EXPECT_TRUE(valid(s, "2.5"));   // number <= 10 only
  EXPECT_TRUE(violations(s, "5",  // both
                         {"(root): matches 2 schemas in oneOf (0, 1), expected exactly one"}));
  EXPECT_TRUE(violation_with(s, "20.5", "matches no schema in oneOf"));
  EXPECT_TRUE(violation_with(s, R"("5")", "matches no schema in oneOf"));
}

TEST(JsonSchema, OneOfDiscriminatesByConst) {
  const char* s = R"({"oneOf": [
    {"properties": {"kind": {"const": "a"}, "x": {"type": "integer"}}, "required": ["kind", "x"]},
    {"properties": {"kind": {"const": "b"}, "y": {"type": "string"}}, "required": ["kind", "y"]}
  ]})";
  EXPECT_TRUE(valid(s, R"({"kind": "a", "x": 1})"));
  EXPECT_TRUE(valid(s, R"({"kind": "b", "y": "s"})"));
  EXPECT_TRUE(violation_with(s, R"({"kind": "a", "y": "s"})", "matches no schema in oneOf"));
}

TEST(JsonSchema, AllOfReportsEveryFailingBranch) {
  const char* s = R"({"allOf": [{"type": "object"}, {"required": ["a"]}, {"required": ["b"]}]})";
  EXPECT_TRUE(valid(s, R"({"a": 1, "b": 2})"));
  EXPECT_TRUE(violations(
      s, "{}",
      {"(root): missing required property \"a\"", "(root): missing required property \"b\""}));
  EXPECT_TRUE(violations(s, "[]", {"(root): expected object"}));
}

// ---------------------------------------------------------------- boolean schemas

TEST(JsonSchema, BooleanSchemas) {
  EXPECT_TRUE(valid("true", R"({"anything": [1, "x"]})"));
  EXPECT_TRUE(violations("false", "1", {"(root): not allowed (schema false)"}));
  const char* s = R"({"properties": {"legacy": false}})";
  EXPECT_TRUE(valid(s, R"({"other": 1})"));
  EXPECT_TRUE(violations(s, R"({"legacy": 1})", {"/legacy: not allowed (schema false)"}));
  EXPECT_TRUE(violations(R"({"items": false})", "[1]", {"/0: not allowed (schema false)"}));
  EXPECT_TRUE(valid(R"({"items": false})", "[]"));
}

// ---------------------------------------------------------------- annotations and refusals

TEST(JsonSchema, AnnotationsAreIgnored) {
  const char* s = R"({
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://harfact.example/schemas/envelope.schema.json",
    "title": "t", "description": "d", "$comment": "c",
    "type": "object",
    "properties": {
      "time": {"type": "string", "format": "date-time", "examples": ["2026-03-14T18:22:05Z"],
               "default": "1970-01-01T00:00:00Z"}
    }
  })";
  EXPECT_TRUE(valid(s, R"({"time": "2026-03-14T18:22:05.112000Z"})"));
  // format is an annotation here: not checked.
  EXPECT_TRUE(valid(s, R"({"time": "not a date"})"));
  EXPECT_TRUE(violations(s, R"({"time": 5})", {"/time: expected string"}));
}

TEST(JsonSchema, UnsupportedKeywordsAreViolations) {
  EXPECT_TRUE(violations(R"({"type": "string", "pattern": "^a"})", R"("a")",
                         {"schema #: unsupported keyword pattern"}));
  EXPECT_TRUE(
      violation_with(R"({"exclusiveMinimum": 0})", "1", "unsupported keyword exclusiveMinimum"));
  EXPECT_TRUE(violation_with(R"({"maxLength": 3})", R"("ab")", "unsupported keyword maxLength"));
  EXPECT_TRUE(violation_with(R"({"not": {}})", "1", "unsupported keyword not"));
  EXPECT_TRUE(violation_with(R"({"prefixItems": [{}]})", "[]", "unsupported keyword prefixItems"));
  EXPECT_TRUE(violation_with(R"({"patternProperties": {}})", "{}",
                             "unsupported keyword patternProperties"));
}

TEST(JsonSchema, UnsupportedKeywordsAreFoundWhereTheInstanceNeverGoes) {
  // In an unused $defs entry, in a property the instance lacks, in an anyOf branch
  // that is never needed: the schema is refused all the same.
  EXPECT_TRUE(violations(R"({"$defs": {"unused": {"uniqueItems": true}}})", "1",
                         {"schema #/$defs/unused: unsupported keyword uniqueItems"}));
  EXPECT_TRUE(violations(R"({"properties": {"absent": {"pattern": "x"}}})", "{}",
                         {"schema #/properties/absent: unsupported keyword pattern"}));
  EXPECT_TRUE(violations(R"({"anyOf": [{}, {"if": {}}]})", "1",
                         {"schema #/anyOf/1: unsupported keyword if"}));
  EXPECT_TRUE(violations(R"({"items": {"additionalProperties": {"maxItems": 1}}})", "[]",
                         {"schema #/items/additionalProperties: unsupported keyword maxItems"}));
}

TEST(JsonSchema, MalformedKeywordValuesAreViolations) {
  EXPECT_TRUE(violation_with(R"({"type": "int"})", "1", "schema #: unknown type int"));
  EXPECT_TRUE(violation_with(R"({"type": ["string", 5]})", "1", "unknown type 5"));
  EXPECT_TRUE(violation_with(R"({"type": []})", "1", "non-empty array of type names"));
  EXPECT_TRUE(violation_with(R"({"required": "a"})", "{}", "required must be an array of strings"));
  EXPECT_TRUE(violation_with(R"({"required": [1]})", "{}", "required must be an array of strings"));
  EXPECT_TRUE(violation_with(R"({"minLength": -1})", R"("")", "minLength must be a non-negative"));
  EXPECT_TRUE(violation_with(R"({"minItems": 1.5})", "[]", "minItems must be a non-negative"));
  EXPECT_TRUE(violation_with(R"({"minimum": "0"})", "1", "minimum must be a number"));
  EXPECT_TRUE(violation_with(R"({"enum": "a"})", R"("a")", "enum must be an array"));
  EXPECT_TRUE(violation_with(R"({"anyOf": []})", "1", "anyOf must be a non-empty array"));
  EXPECT_TRUE(violation_with(R"({"properties": []})", "{}", "properties must be an object"));
  EXPECT_TRUE(violation_with(R"({"items": [{}]})", "[]", "array form of items is not supported"));
  EXPECT_TRUE(violation_with(R"({"properties": {"a": 5}})", "{}",
                             "schema #/properties/a: a schema must be an object or a boolean"));
}

// ---------------------------------------------------------------- a realistic schema

TEST(JsonSchema, ReportEnvelope) {
  const char* s = R"({
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "harfact report envelope, a test copy",
    "type": "object",
    "required": ["schema_version", "tool", "inputs"],
    "properties": {
      "schema_version": {"type": "integer", "minimum": 1},
      "tool": {
        "type": "object",
        "required": ["name", "version", "simdjson_implementation"],
        "additionalProperties": false,
        "properties": {
          "name": {"const": "harfact"},
          "version": {"type": "string", "minLength": 1},
          "simdjson_implementation": {"type": "string"}
        }
      },
      "inputs": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/input"}}
    },
    "$defs": {
      "sha256": {"type": "string", "minLength": 64},
      "input": {
        "type": "object",
        "required": ["label", "path", "bytes", "sha256"],
        "properties": {
          "label": {"type": "string"},
          "path": {"type": "string"},
          "bytes": {"type": "integer", "minimum": 0},
          "sha256": {"$ref": "#/$defs/sha256"},
          "sha256_decompressed": {"anyOf": [{"$ref": "#/$defs/sha256"}, {"type": "null"}]}
        }
      }
    }
  })";
  const std::string h(64, 'f');
  EXPECT_TRUE(valid(s, R"({"schema_version": 1,
      "tool": {"name": "harfact", "version": "0.1.0", "simdjson_implementation": "haswell"},
      "inputs": [{"label": "exhibit", "path": "exhibit.har", "bytes": 136473, "sha256": ")" +
                           h + R"(", "sha256_decompressed": null}]})"));
  EXPECT_TRUE(
      violations(s, R"({"schema_version": 0,
      "tool": {"name": "harfakt", "version": "", "simdjson_implementation": "haswell", "x": 1},
      "inputs": [{"label": "exhibit", "path": "exhibit.har", "bytes": 1.5, "sha256": "ab"}]})",
                 {"/schema_version: 0 is less than the minimum 1",
                  "/tool/name: value \"harfakt\" is not the constant \"harfact\"",
                  "/tool/version: string of 0 characters is shorter than minLength 1",
                  "/tool: property \"x\" is not allowed", "/inputs/0/bytes: expected integer",
                  "/inputs/0/sha256: string of 2 characters is shorter than minLength 64"}));
  EXPECT_TRUE(violations(s, R"({"tool": {"name": "harfact", "version": "1",
      "simdjson_implementation": "fallback"}, "inputs": []})",
                         {"(root): missing required property \"schema_version\"",
                          "/inputs: array of 0 items has fewer than minItems 1"}));
}

}  // namespace
}  // namespace harfact::test
