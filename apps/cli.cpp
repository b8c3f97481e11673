#include "apps/cli.h"
#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <sstream>

namespace haad {

// (the text is held in a local: strtol's end pointer points into it)
long Args::get_int(const std::string& k, long def) const {
  if (!has(k)) return def;
  const std::string s = get(k);
  char* e = nullptr;
  long v = std::strtol(s.c_str(), &e, 10);
  if (*e || s.empty()) throw std::invalid_argument("--" + k + " expects an integer, got '" + s + "'");
  return v;
}

double Args::get_double(const std::string& k, double def) const {
  if (!has(k)) return def;
  const std::string s = get(k);
  char* e = nullptr;
  double v = std::strtod(s.c_str(), &e);
  if (*e || s.empty()) throw std::invalid_argument("--" + k + " expects a number, got '" + s + "'");
  return v;
}

std::vector<int> Args::get_ints(const std::string& k, const std::vector<int>& def) const {
  if (!has(k)) return def;
  std::vector<int> out;
  std::stringstream ss(get(k));
  std::string t;
  while (std::getline(ss, t, ',')) {
    char* e = nullptr;
    long v = std::strtol(t.c_str(), &e, 10);
    if (*e || t.empty()) throw std::invalid_argument("--" + k + " expects integers like 1,5,10, got '" + get(k) + "'");
    out.push_back((int)v);
  }
  return out;
}

std::vector<std::string> Args::get_list(const std::string& k) const {
  std::vector<std::string> out;
  std::stringstream ss(get(k));
  for (std::string t; std::getline(ss, t, ',');)
    if (!t.empty()) out.push_back(t);
  return out;
}

void check_options(const Args& a, const std::string& usage) {
  std::vector<std::string> known{"help"};
  for (size_t i = usage.find("--"); i != std::string::npos; i = usage.find("--", i + 2)) {
    size_t j = i + 2;
    while (j < usage.size() && (std::isalnum((unsigned char)usage[j]) || usage[j] == '-')) ++j;
    if (j > i + 2) known.push_back(usage.substr(i + 2, j - i - 2));
  }
  static const std::vector<std::pair<std::string, std::string>> renamed = {{"format", "dataset"}, {"from", "dataset"}};
  for (auto& kv : a.opts) {
    if (std::find(known.begin(), known.end(), kv.first) != known.end()) continue;
    for (auto& r : renamed)
      if (r.first == kv.first && std::find(known.begin(), known.end(), r.second) != known.end())
        throw std::invalid_argument("--" + kv.first + " is now --" + r.second + " (one name for the dataset everywhere)");
    throw std::invalid_argument("unknown option --" + kv.first + " for 'haad " + a.cmd + "' (see haad " + a.cmd + " --help)");
  }
}

Args parse_args(int argc, char** argv, const std::vector<std::string>& flags) {
  Args a;
  if (argc > 1) a.cmd = argv[1];
  for (int i = 2; i < argc; ++i) {
    std::string s = argv[i];
    if (s.rfind("--", 0) == 0) {
      std::string k = s.substr(2), v;
      size_t eq = k.find('=');
      if (eq != std::string::npos) {
        v = k.substr(eq + 1);
        k = k.substr(0, eq);
      } else if (std::find(flags.begin(), flags.end(), k) != flags.end()) {
        v = "1";
      } else {
        if (i + 1 >= argc) throw std::invalid_argument("--" + k + " needs a value");
        v = argv[++i];
      }
      a.opts[k] = v;
    } else {
      a.positional.push_back(s);
    }
  }
  return a;
}

}  // namespace haad
