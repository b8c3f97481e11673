// A small JSON value with a strict parser and a writer. Used for safetensors
// headers, skeleton descriptions and results files.
#pragma once
#include <map>
#include <string>
#include <vector>

namespace haad {

struct Json {
  enum Kind { Null, Bool, Number, String, Array, Object } kind = Null;
  bool b = false;
  double num = 0;
  std::string str;
  std::vector<Json> arr;
  std::map<std::string, Json> obj;

  static Json parse(const std::string& text);  // throws std::runtime_error with the offset
  std::string dump(int indent = -1) const;

  bool has(const std::string& k) const { return kind == Object && obj.count(k); }
  const Json& at(const std::string& k) const;  // throws naming the key
  const Json& operator[](size_t i) const { return arr.at(i); }
  size_t size() const { return kind == Array ? arr.size() : obj.size(); }

  static Json number(double v) { Json j; j.kind = Number; j.num = v; return j; }
  static Json string(const std::string& s) { Json j; j.kind = String; j.str = s; return j; }
  static Json boolean(bool v) { Json j; j.kind = Bool; j.b = v; return j; }
  static Json array() { Json j; j.kind = Array; return j; }
  static Json object() { Json j; j.kind = Object; return j; }
  Json& set(const std::string& k, const Json& v) { kind = Object; obj[k] = v; return *this; }
  Json& push(const Json& v) { kind = Array; arr.push_back(v); return *this; }
};

}  // namespace haad
