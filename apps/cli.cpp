#include "apps/cli.h"
#include <algorithm>
#include <cstdlib>
#include <sstream>

namespace haad {

long Args::get_int(const std::string& k, long def) const {
  if (!has(k)) return def;
  char* e = nullptr;
  long v = std::strtol(get(k).c_str(), &e, 10);
  if (*e || get(k).empty()) throw std::invalid_argument("--" + k + " expects an integer, got '" + get(k) + "'");
  return v;
}

double Args::get_double(const std::string& k, double def) const {
  if (!has(k)) return def;
  char* e = nullptr;
  double v = std::strtod(get(k).c_str(), &e);
  if (*e || get(k).empty()) throw std::invalid_argument("--" + k + " expects a number, got '" + get(k) + "'");
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
