// safetensors: round trip, atomic writes, clear errors on bad files, module load checks.
#include <cstdio>
#include <fstream>
#include "engine/json.h"
#include "nn/checkpoint.h"
#include "nn/layers.h"
#include "tests/testing.h"

namespace haad::test {

static std::string tmp_path(const std::string& name) { return ::testing::TempDir() + "haad_" + name; }

static std::string read_all(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}
static void write_all(const std::string& p, const std::string& s) {
  std::ofstream f(p, std::ios::binary);
  f << s;
}

TEST(Checkpoint, RoundTripAllDtypes) {
  std::string p = tmp_path("rt.safetensors");
  manual_seed(1);
  NamedTensors in = {{"w", randn({3, 4})}, {"d", randn({2}, DType::F64)}, {"i", arange(5)}, {"s", full({}, 2.5)}};
  save_safetensors(p, in, {{"format", "pt"}});
  SafeTensors st = load_safetensors(p);
  ASSERT_EQ(st.tensors.size(), 4u);
  for (auto& [n, t] : in) {
    Tensor u = st.get(n);
    EXPECT_EQ(u.dtype(), t.dtype());
    EXPECT_TRUE(all_close(u, t, 0, 0)) << n;
  }
  EXPECT_EQ(st.metadata.at("format"), "pt");
}

TEST(Checkpoint, ModuleSaveLoadAndMismatch) {
  std::string p = tmp_path("mod.safetensors");
  manual_seed(2);
  Linear a(5, 3);
  save_module(p, a);
  manual_seed(3);
  Linear b(5, 3);
  load_module(p, b);
  EXPECT_TRUE(all_close(*b.weight, *a.weight, 0, 0));
  Linear c(5, 4);
  try {
    load_module(p, c);
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("'weight' has shape [3,5], the model expects [4,5]"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(p), std::string::npos);
  }
  Linear nb(5, 3, false);
  EXPECT_THROW(load_module(p, nb), std::runtime_error);  // unexpected 'bias' in strict mode
}

TEST(Checkpoint, TruncatedAndCorruptFilesAreClearErrors) {
  std::string p = tmp_path("bad.safetensors");
  save_safetensors(p, {{"w", ones({64})}});
  std::string good = read_all(p);
  auto expect_error = [&](const std::string& bytes, const std::string& what) {
    write_all(p, bytes);
    try {
      load_safetensors(p);
      ADD_FAILURE() << "no error for " << what;
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  expect_error(good.substr(0, 5), "truncated");
  expect_error(good.substr(0, 20), "header length");
  expect_error(good.substr(0, good.size() - 10), "outside the data section");
  std::string lying = good;
  lying[0] = (char)0xff; lying[1] = (char)0xff; lying[7] = 0x7f;  // absurd header length
  expect_error(lying, "header length");
  std::string badjson = good;
  badjson[8] = '[';
  expect_error(badjson, "bad header");
  expect_error(read_all("/dev/null"), "truncated");
  EXPECT_THROW(load_safetensors(tmp_path("does_not_exist")), std::runtime_error);
}

TEST(Checkpoint, FailedSaveLeavesOldFileIntact) {
  std::string p = tmp_path("keep.safetensors");
  save_safetensors(p, {{"w", ones({4})}});
  std::string before = read_all(p);
  EXPECT_THROW(save_safetensors(p, {{"w", ones({4})}, {"w", ones({2})}}), std::invalid_argument);
  EXPECT_EQ(read_all(p), before);
  EXPECT_THROW(write_file_atomic("/nonexistent_dir/x.safetensors", "abc"), std::runtime_error);
}

TEST(Json, ParseDumpAndErrors) {
  Json j = Json::parse(R"({"a": [1, 2.5, -3e2], "b": {"c": "x\ny\u00e9"}, "t": true, "n": null})");
  EXPECT_EQ(j.at("a")[2].num, -300);
  EXPECT_EQ(j.at("b").at("c").str, "x\ny\xc3\xa9");
  EXPECT_EQ(Json::parse(j.dump()).dump(), j.dump());
  EXPECT_THROW(Json::parse("{\"a\": }"), std::runtime_error);
  EXPECT_THROW(Json::parse("[1, 2"), std::runtime_error);
  EXPECT_THROW(Json::parse(std::string(1000, '[')), std::runtime_error);
  EXPECT_THROW(j.at("missing"), std::runtime_error);
}

}  // namespace haad::test
