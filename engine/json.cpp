#include "engine/json.h"
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace haad {

namespace {
struct Parser {
  const std::string& s;
  size_t i = 0;
  int depth = 0;
  [[noreturn]] void fail(const std::string& m) { throw std::runtime_error("JSON: " + m + " at offset " + std::to_string(i)); }
  void ws() { while (i < s.size() && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) ++i; }
  bool lit(const char* w) {
    size_t n = 0;
    while (w[n]) ++n;
    if (s.compare(i, n, w) == 0) { i += n; return true; }
    return false;
  }
  std::string string() {
    if (s[i] != '"') fail("expected a string");
    ++i;
    std::string out;
    while (true) {
      if (i >= s.size()) fail("unterminated string");
      char c = s[i++];
      if (c == '"') break;
      if ((unsigned char)c < 0x20) fail("control character in string");
      if (c != '\\') { out += c; continue; }
      if (i >= s.size()) fail("unterminated escape");
      char e = s[i++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          if (i + 4 > s.size()) fail("short \\u escape");
          unsigned v = (unsigned)std::strtoul(s.substr(i, 4).c_str(), nullptr, 16);
          i += 4;
          if (v < 0x80) out += (char)v;
          else if (v < 0x800) { out += (char)(0xC0 | (v >> 6)); out += (char)(0x80 | (v & 0x3F)); }
          else { out += (char)(0xE0 | (v >> 12)); out += (char)(0x80 | ((v >> 6) & 0x3F)); out += (char)(0x80 | (v & 0x3F)); }
          break;
        }
        default: fail("bad escape");
      }
    }
    return out;
  }
  Json value() {
    if (++depth > 256) fail("nesting too deep");
    ws();
    if (i >= s.size()) fail("unexpected end");
    Json j;
    char c = s[i];
    if (c == '{') {
      j.kind = Json::Object;
      ++i;
      ws();
      if (i < s.size() && s[i] == '}') { ++i; --depth; return j; }
      while (true) {
        ws();
        if (i >= s.size()) fail("unexpected end in object");
        std::string k = string();
        ws();
        if (i >= s.size() || s[i] != ':') fail("expected ':'");
        ++i;
        j.obj[k] = value();
        ws();
        if (i < s.size() && s[i] == ',') { ++i; continue; }
        if (i < s.size() && s[i] == '}') { ++i; break; }
        fail("expected ',' or '}'");
      }
    } else if (c == '[') {
      j.kind = Json::Array;
      ++i;
      ws();
      if (i < s.size() && s[i] == ']') { ++i; --depth; return j; }
      while (true) {
        j.arr.push_back(value());
        ws();
        if (i < s.size() && s[i] == ',') { ++i; continue; }
        if (i < s.size() && s[i] == ']') { ++i; break; }
        fail("expected ',' or ']'");
      }
    } else if (c == '"') {
      j.kind = Json::String;
      j.str = string();
    } else if (lit("true")) { j.kind = Json::Bool; j.b = true; }
    else if (lit("false")) { j.kind = Json::Bool; j.b = false; }
    else if (lit("null")) { j.kind = Json::Null; }
    else if (c == '-' || (c >= '0' && c <= '9')) {
      const char* start = s.c_str() + i;
      char* end = nullptr;
      j.kind = Json::Number;
      j.num = std::strtod(start, &end);
      if (end == start) fail("bad number");
      i += end - start;
    } else {
      fail(std::string("unexpected character '") + c + "'");
    }
    --depth;
    return j;
  }
};

void esc(std::string& o, const std::string& s) {
  o += '"';
  for (char c : s) {
    switch (c) {
      case '"': o += "\\\""; break;
      case '\\': o += "\\\\"; break;
      case '\n': o += "\\n"; break;
      case '\r': o += "\\r"; break;
      case '\t': o += "\\t"; break;
      default:
        if ((unsigned char)c < 0x20) { char b[8]; std::snprintf(b, sizeof b, "\\u%04x", c); o += b; }
        else o += c;
    }
  }
  o += '"';
}

void dump_to(const Json& j, std::string& o, int indent, int level) {
  auto nl = [&](int l) { if (indent >= 0) { o += '\n'; o.append((size_t)(indent * l), ' '); } };
  switch (j.kind) {
    case Json::Null: o += "null"; break;
    case Json::Bool: o += j.b ? "true" : "false"; break;
    case Json::Number: {
      if (!std::isfinite(j.num)) { o += "null"; break; }
      char b[32];
      if (j.num == std::floor(j.num) && std::fabs(j.num) < 1e15) std::snprintf(b, sizeof b, "%.0f", j.num);
      else std::snprintf(b, sizeof b, "%.9g", j.num);
      o += b;
      break;
    }
    case Json::String: esc(o, j.str); break;
    case Json::Array: {
      o += '[';
      for (size_t k = 0; k < j.arr.size(); ++k) { if (k) o += ','; nl(level + 1); dump_to(j.arr[k], o, indent, level + 1); }
      if (!j.arr.empty()) nl(level);
      o += ']';
      break;
    }
    case Json::Object: {
      o += '{';
      size_t k = 0;
      for (auto& kv : j.obj) {
        if (k++) o += ',';
        nl(level + 1);
        esc(o, kv.first);
        o += indent >= 0 ? ": " : ":";
        dump_to(kv.second, o, indent, level + 1);
      }
      if (!j.obj.empty()) nl(level);
      o += '}';
      break;
    }
  }
}
}  // namespace

Json Json::parse(const std::string& text) {
  Parser p{text};
  Json j = p.value();
  p.ws();
  if (p.i != text.size()) p.fail("trailing characters");
  return j;
}

std::string Json::dump(int indent) const {
  std::string o;
  dump_to(*this, o, indent, 0);
  return o;
}

const Json& Json::at(const std::string& k) const {
  auto it = obj.find(k);
  if (kind != Object || it == obj.end()) throw std::runtime_error("JSON: missing key '" + k + "'");
  return it->second;
}

}  // namespace haad
