// The parsers under a fixed corpus of malformed inputs and seeded random
// mutations of valid ones: every input must give a result or a clear error
// (no crash, no hang, no huge allocation). tools/fuzz.sh runs the same targets
// under libFuzzer with sanitizers.
#include "tests/fuzz/targets.h"
#include "io/npy.h"
#include "tests/testing.h"

namespace haad::test {

static void all_targets(const std::string& s) {
  const uint8_t* d = (const uint8_t*)s.data();
  fuzz::npy(d, s.size());
  fuzz::msr_text(d, s.size());
  fuzz::utk_joints(d, s.size());
  fuzz::utk_labels(d, s.size());
  fuzz::json(d, s.size());
  fuzz::humanact12_name(d, s.size());
}

TEST(FuzzCorpus, MalformedInputs) {
  std::vector<std::string> corpus = {
      "", "\x93NUMPY", std::string("\x93NUMPY\x01\x00\xff\xff", 10), std::string("\x93NUMPY\x02\x00\xff\xff\xff\xff", 12),
      std::string("\x93NUMPY\x01\x00\x10\x00{'descr':'<f4'", 25), "1 2 3", "1e999 2 3 4", "nan nan nan nan",
      std::string(5000, '9'), "-", "1 2 3 abc", "walk: 1 2\n", "s01_e01\nwalk: x y\n", "s01_e01\nwalk: 1\n",
      "s01_e01\nwalk: -5 7\n", "s01_e01\nwalk: NaN 7 9\n", "{", "[[[[", std::string(100000, '['), "\"\\u12", "{\"a\":1,}",
      "P01G01R01F0001T0010A0101", "P1G1R1F1T1A9999.npy", "PGRFTA.npy", std::string(3, '\0')};
  for (const std::string& s : corpus) all_targets(s);
  // a UTKinect line with a wrong value count is an error naming the line
  try {
    parse_utkinect_joints("1 2 3\n", "j.txt");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("j.txt: line 1: 3 values, expected 61"), std::string::npos) << e.what();
  }
  try {
    parse_msr_text("0 0 0 1\n0 0 zz 1\n", "m.txt");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("m.txt: line 2: expected a number, found 'zz'"), std::string::npos) << e.what();
  }
}

TEST(FuzzCorpus, RandomMutationsOfValidInputs) {
  std::vector<float> v(2 * 20 * 3, 0.5f);
  std::string msr;
  for (int i = 0; i < 40; ++i) msr += "0.1 0.2 0.3 1.0\n";
  std::string utk = "5";
  for (int i = 0; i < 60; ++i) utk += " 0.25";
  utk += "\n";
  std::vector<std::string> seeds = {npy_encode({2, 20, 3}, v.data()), msr, utk, "s01_e01\nwalk: 252 390\nsitDown: NaN 7\n",
                                    "{\"w\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}}",
                                    "P01G01R01F0069T0143A0101.npy"};
  Rng r(2024);
  for (int it = 0; it < 3000; ++it) {
    std::string s = seeds[it % seeds.size()];
    int edits = 1 + (int)r.randint(8);
    for (int e = 0; e < edits && !s.empty(); ++e) {
      size_t pos = (size_t)r.randint((int64_t)s.size());
      switch (r.randint(4)) {
        case 0: s[pos] = (char)r.randint(256); break;              // flip a byte
        case 1: s.erase(pos, 1 + (size_t)r.randint(16)); break;     // delete
        case 2: s.insert(pos, 1, (char)r.randint(256)); break;      // insert
        case 3: s.resize(pos); break;                               // truncate
      }
    }
    all_targets(s);
  }
  SUCCEED();
}

}  // namespace haad::test
