// Views share storage (no copies), contiguous() copies only when needed,
// the caching allocator reuses blocks, and the seeded generator is reproducible.
#include "engine/allocator.h"
#include "tests/testing.h"

namespace haad::test {

TEST(Tensor, ViewsShareStorage) {
  Tensor x = arange(24, DType::F32).reshape({2, 3, 4});
  Tensor t = x.transpose(0, 2), p = x.permute({1, 2, 0}), s = x.slice(2, 1, 4, 2), e = x.slice(1, 0, 1).expand({2, 5, 4});
  for (const Tensor& v : {t, p, s, e}) EXPECT_EQ(v.impl()->storage, x.impl()->storage);
  EXPECT_FALSE(t.is_contiguous());
  EXPECT_EQ(t.shape(), Dims({4, 3, 2}));
  EXPECT_EQ(s.to_vector<float>(), (std::vector<float>{1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23}));
  EXPECT_EQ(x.reshape({6, 4}).impl()->storage, x.impl()->storage);  // contiguous reshape is a view
  EXPECT_EQ(x.contiguous().impl(), x.impl());
  Tensor tc = t.contiguous();
  EXPECT_NE(tc.impl()->storage, x.impl()->storage);
  EXPECT_EQ(tc.to_vector<float>()[1], 12.0f);  // t[0,0,1] = x[1,0,0]
  EXPECT_EQ(x.select(1, 2).to_vector<float>(), (std::vector<float>{8, 9, 10, 11, 20, 21, 22, 23}));
  EXPECT_EQ(x.reshape({-1, 8}).shape(), Dims({3, 8}));
  EXPECT_THROW(x.reshape({5, 5}), std::invalid_argument);
  EXPECT_THROW(x.expand({2, 4, 4}), std::invalid_argument);
  EXPECT_THROW(zeros({1, 2, 3, 4, 5, 6, 7}), std::invalid_argument);
}

TEST(Tensor, CopyIntoStridedView) {
  Tensor z = zeros({3, 4});
  copy_(z.slice(1, 1, 3), ones({3, 2}));
  EXPECT_EQ(z.to_vector<float>(), (std::vector<float>{0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0}));
  EXPECT_EQ(cat({ones({2, 1}), zeros({2, 2})}, 1).to_vector<float>(), (std::vector<float>{1, 0, 0, 1, 0, 0}));
  EXPECT_EQ(stack({ones({2}), zeros({2})}, 1).shape(), Dims({2, 2}));
}

TEST(Tensor, CachingAllocatorReusesBlocks) {
  { Tensor warm = empty({1000, 100}); }
  MemStats before = mem_stats(Device::CPU);
  for (int i = 0; i < 50; ++i) { Tensor a = empty({1000, 100}); }
  MemStats after = mem_stats(Device::CPU);
  EXPECT_EQ(after.sys_allocs, before.sys_allocs);  // steady state: no system allocation
  EXPECT_GE(after.cache_hits, before.cache_hits + 50);
  reset_peak(Device::CPU);
  size_t base = mem_stats(Device::CPU).in_use;
  { Tensor big = empty({1 << 20}); EXPECT_GE(mem_stats(Device::CPU).peak, base + (4u << 20)); }
  EXPECT_EQ(mem_stats(Device::CPU).in_use, base);
}

TEST(Tensor, SeededRandomIsReproducible) {
  manual_seed(123);
  std::vector<float> a = randn({100}).to_vector<float>();
  manual_seed(123);
  std::vector<float> b = randn({100}).to_vector<float>();
  EXPECT_EQ(a, b);
  double m = 0, s = 0;
  manual_seed(1);
  std::vector<double> v = randn({20000}, DType::F64).to_vector<double>();
  for (double x : v) m += x / v.size();
  for (double x : v) s += (x - m) * (x - m) / v.size();
  EXPECT_NEAR(m, 0, 0.03);
  EXPECT_NEAR(s, 1, 0.04);
}

TEST(Tensor, CudaRequestWithoutDeviceIsAClearError) {
  if (cuda_available()) GTEST_SKIP() << "a device is present";
  try {
    zeros({2}, DType::F32, Device::CUDA);
    FAIL();
  } catch (const std::exception& e) {
    EXPECT_NE(std::string(e.what()).find("CUDA"), std::string::npos) << e.what();
  }
}

TEST(Tensor, CudaRoundTrip) {
  HAAD_NEED_CUDA();
  Tensor x = arange(10, DType::F32);
  EXPECT_EQ(x.to(Device::CUDA).to(Device::CPU).to_vector<float>(), x.to_vector<float>());
  EXPECT_EQ(x.to(Device::CUDA).transpose(0, 0).contiguous().to(Device::CPU).to_vector<float>(), x.to_vector<float>());
  MemStats s = mem_stats(Device::CUDA);
  EXPECT_GT(s.reserved, 0u);
}

}  // namespace haad::test
