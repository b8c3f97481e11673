// .npy reader/writer: round trip, float64 conversion, and clear errors.
#include <fstream>
#include "io/npy.h"
#include "tests/testing.h"

namespace haad::test {

static std::string header(const std::string& dict) {
  std::string h = dict;
  while ((10 + h.size() + 1) % 16) h += ' ';
  h += '\n';
  std::string s = "\x93NUMPY";
  s += (char)1;
  s += (char)0;
  s += (char)(h.size() & 0xff);
  s += (char)(h.size() >> 8);
  return s + h;
}

static std::string expect_error(const std::string& bytes) {
  try {
    npy_parse((const uint8_t*)bytes.data(), bytes.size(), "x.npy");
  } catch (const std::runtime_error& e) {
    std::string m = e.what();
    EXPECT_EQ(m.rfind("x.npy: ", 0), 0u) << m;
    return m;
  }
  ADD_FAILURE() << "no error";
  return "";
}

TEST(Npy, RoundTripAndFloat64) {
  std::vector<float> v = {1, 2, 3, 4, 5, 6};
  std::string b = npy_encode({1, 2, 3}, v.data());
  NpyArray a = npy_parse((const uint8_t*)b.data(), b.size(), "t");
  EXPECT_EQ(a.shape, (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(a.data, v);
  double d[2] = {1.5, -2.25};
  std::string b64 = header("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }") + std::string((char*)d, 16);
  NpyArray a64 = npy_parse((const uint8_t*)b64.data(), b64.size(), "t");
  EXPECT_EQ(a64.data, (std::vector<float>{1.5f, -2.25f}));
  std::string path = ::testing::TempDir() + "haad_rt.npy";
  npy_save(path, {2, 3}, v.data());
  EXPECT_EQ(npy_load(path).data, v);
}

TEST(Npy, MalformedInputsAreClearErrors) {
  EXPECT_NE(expect_error("hello").find("bad magic"), std::string::npos);
  EXPECT_NE(expect_error(header("{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }") + "abcd").find("unsupported dtype"), std::string::npos);
  EXPECT_NE(expect_error(header("{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }") + "abcdefgh").find("unsupported dtype"), std::string::npos);
  EXPECT_NE(expect_error(header("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }") + "abcd").find("Fortran"), std::string::npos);
  EXPECT_NE(expect_error(header("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }") + "abcd").find("truncated"), std::string::npos);
  // a lying header must not allocate terabytes
  EXPECT_NE(expect_error(header("{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000, 1000), }")).find("needs"), std::string::npos);
  EXPECT_NE(expect_error(header("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999,), }")).find("absurd"), std::string::npos);
  std::string cut = header("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }");
  EXPECT_NE(expect_error(cut.substr(0, 30)).find("truncated"), std::string::npos);
  EXPECT_NE(expect_error(header("{'descr': '<f4', 'shape': (1,), }") + "abcd").find("fortran_order"), std::string::npos);
  EXPECT_THROW(npy_load("/nonexistent/x.npy"), std::runtime_error);
}

}  // namespace haad::test
