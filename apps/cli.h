// Small argument parser shared by the subcommands: --key value and --flag.
#pragma once
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace haad {

struct Args {
  std::string cmd;
  std::vector<std::string> positional;
  std::map<std::string, std::string> opts;
  bool has(const std::string& k) const { return opts.count(k) > 0; }
  std::string get(const std::string& k, const std::string& def = "") const {
    auto it = opts.find(k);
    return it == opts.end() ? def : it->second;
  }
  long get_int(const std::string& k, long def) const;
  double get_double(const std::string& k, double def) const;
  std::vector<int> get_ints(const std::string& k, const std::vector<int>& def) const;  // "1,5,10"
  std::vector<std::string> get_list(const std::string& k) const;  // "a,b,c" (empty entries dropped; absent: empty)
};

// flags listed in `flags` take no value; everything else starting with -- does
Args parse_args(int argc, char** argv, const std::vector<std::string>& flags = {});

// A command accepts exactly the options its usage text names (--name tokens),
// plus --help: anything else is an error naming the option and the command,
// never a silent default. Renamed options say what they are called now.
void check_options(const Args& a, const std::string& usage);

}  // namespace haad
