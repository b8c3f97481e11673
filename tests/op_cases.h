// The op table: every differentiable op with representative shapes (odd sizes,
// broadcasting, strided views). It drives the double-precision gradient checks
// (test_gradcheck.cpp) and the CUDA-against-CPU checks (test_backend_ops.cpp),
// in the spirit of ggml's test-backend-ops.
#pragma once
#include <ostream>
#include <string>
#include <vector>
#include "engine/ops.h"
#include "engine/rng.h"

namespace haad::test {

struct OpCase {
  std::string name;
  std::vector<Dims> shapes;
  std::function<Tensor(const std::vector<Tensor>&)> fn;
  double lo = -1.5, hi = 1.5;  // input range
};
// GoogleTest prints a parameter with this (instead of its raw bytes)
inline void PrintTo(const OpCase& c, std::ostream* os) { *os << c.name; }

// a fixed index tensor, made on the inputs' device
inline Tensor idx_on(const std::vector<int64_t>& v, const Dims& s, const Tensor& like) {
  return from_vector(v, s).to(like.device());
}
// a fixed 0/1 mask of the inputs' dtype and device
inline Tensor mask_on(const Dims& s, const Tensor& like) {
  std::vector<double> m(s.numel());
  for (size_t i = 0; i < m.size(); ++i) m[i] = (i * 7 + 3) % 5 < 2 ? 1.0 : 0.0;
  return from_vector(m, s).to(like.dtype()).to(like.device());
}

inline std::vector<OpCase> op_cases() {
  using V = const std::vector<Tensor>&;
  std::vector<OpCase> c;
  auto un = [&](const char* n, Tensor (*f)(const Tensor&), double lo = -1.5, double hi = 1.5) {
    c.push_back({n, {{7, 5}}, [f](V x) { return f(x[0]); }, lo, hi});
  };
  un("relu", relu); un("gelu", gelu); un("silu", silu); un("tanh", tanh); un("sigmoid", sigmoid);
  un("exp", exp); un("log", log, 0.3, 2.0); un("sqrt", sqrt, 0.3, 2.0); un("square", square);
  un("abs", abs); un("neg", neg);
  c.push_back({"add_scalar", {{3, 4}}, [](V x) { return add_scalar(x[0], 0.7); }});
  c.push_back({"mul_scalar", {{3, 4}}, [](V x) { return mul_scalar(x[0], -1.3); }});
  c.push_back({"pow_scalar", {{3, 4}}, [](V x) { return pow_scalar(x[0], 2.5); }, 0.3, 2.0});
  c.push_back({"add_bcast", {{3, 4, 5}, {4, 1}}, [](V x) { return add(x[0], x[1]); }});
  c.push_back({"add_bias", {{6, 5}, {5}}, [](V x) { return add(x[0], x[1]); }});
  c.push_back({"sub_bcast", {{3, 1, 5}, {4, 5}}, [](V x) { return sub(x[0], x[1]); }});
  c.push_back({"mul_bcast", {{2, 3, 4}, {2, 1, 4}}, [](V x) { return mul(x[0], x[1]); }});
  c.push_back({"mul_strided", {{4, 5}, {5, 4}}, [](V x) { return mul(x[0], x[1].transpose(0, 1)); }});
  c.push_back({"div", {{3, 4}, {3, 4}}, [](V x) { return div(x[0], add_scalar(abs(x[1]), 0.5)); }});
  c.push_back({"where", {{4, 5}, {4, 5}}, [](V x) { return where(mask_on({4, 5}, x[0]), x[0], x[1]); }});
  c.push_back({"masked_fill", {{4, 5}}, [](V x) { return masked_fill(x[0], mask_on({4, 5}, x[0]), -2.0); }});
  c.push_back({"sum_dims", {{3, 4, 5}}, [](V x) { return sum(x[0], {0, 2}); }});
  c.push_back({"sum_adjacent", {{3, 4, 5}}, [](V x) { return sum(x[0], {1, 2}, true); }});
  c.push_back({"sum_all", {{3, 5}}, [](V x) { return sum(x[0]); }});
  c.push_back({"mean", {{3, 4, 5}}, [](V x) { return mean(x[0], {1}); }});
  c.push_back({"max", {{4, 6, 3}}, [](V x) { return max(x[0], 1); }});
  c.push_back({"var", {{5, 7}}, [](V x) { return var(x[0], {1}, true); }});
  c.push_back({"var_biased", {{5, 7}}, [](V x) { return var(x[0], {0}, false, true); }});
  c.push_back({"softmax", {{4, 7}}, [](V x) { return softmax(x[0], -1); }});
  c.push_back({"softmax_dim0", {{4, 7}}, [](V x) { return softmax(x[0], 0); }});
  c.push_back({"log_softmax", {{3, 9}}, [](V x) { return log_softmax(x[0], -1); }});
  c.push_back({"layer_norm", {{6, 10}, {10}, {10}}, [](V x) { return layer_norm(x[0], x[1], x[2]); }});
  c.push_back({"layer_norm_3d", {{2, 3, 8}, {8}, {8}}, [](V x) { return layer_norm(x[0], x[1], x[2]); }});
  c.push_back({"batch_norm_train", {{5, 3, 4}, {3}, {3}}, [](V x) {
                 return batch_norm(x[0], x[1], x[2], Tensor(), Tensor(), true);
               }});
  c.push_back({"batch_norm_eval", {{5, 3}, {3}, {3}}, [](V x) {
                 Tensor rm = full({3}, 0.2, x[0].dtype(), x[0].device()), rv = full({3}, 1.7, x[0].dtype(), x[0].device());
                 return batch_norm(x[0], x[1], x[2], rm, rv, false);
               }});
  c.push_back({"l2_normalize", {{4, 6}}, [](V x) { return l2_normalize(x[0], -1); }});
  c.push_back({"cosine_sim", {{4, 6}, {5, 6}}, [](V x) { return cosine_similarity_matrix(x[0], x[1]); }});
  c.push_back({"matmul", {{7, 13}, {13, 5}}, [](V x) { return matmul(x[0], x[1]); }});
  c.push_back({"matmul_tt", {{13, 7}, {5, 13}}, [](V x) { return matmul(x[0].transpose(0, 1), x[1].transpose(0, 1)); }});
  c.push_back({"matmul_batched", {{2, 3, 4, 5}, {5, 6}}, [](V x) { return matmul(x[0], x[1]); }});
  c.push_back({"matmul_bcast", {{2, 1, 4, 5}, {3, 5, 2}}, [](V x) { return matmul(x[0], x[1]); }});
  c.push_back({"linear", {{3, 4, 6}, {5, 6}, {5}}, [](V x) { return linear(x[0], x[1], x[2]); }});
  c.push_back({"conv1d", {{2, 3, 11}, {4, 3, 3}, {4}}, [](V x) { return conv1d(x[0], x[1], x[2], 1, 1, 1); }});
  c.push_back({"conv1d_strided", {{2, 3, 13}, {5, 3, 3}, {5}}, [](V x) { return conv1d(x[0], x[1], x[2], 2, 2, 2); }});
  c.push_back({"index_select", {{3, 5, 2}}, [](V x) { return index_select(x[0], 1, idx_on({4, 0, 4, 2}, {4}, x[0])); }});
  c.push_back({"embedding", {{6, 3}}, [](V x) { return embedding(x[0], idx_on({1, 5, 1, 0, 2, 2}, {2, 3}, x[0])); }});
  c.push_back({"gather", {{3, 4}}, [](V x) { return gather(x[0], 1, idx_on({0, 3, 3, 1, 2, 2}, {3, 2}, x[0])); }});
  c.push_back({"dropout", {{6, 7}}, [](V x) { manual_seed(77); return dropout(x[0], 0.3, true); }});
  c.push_back({"cat", {{2, 3}, {2, 4}}, [](V x) { return cat({x[0], x[1]}, 1); }});
  c.push_back({"stack", {{2, 3}, {2, 3}}, [](V x) { return stack({x[0], x[1]}, 0); }});
  c.push_back({"permute", {{2, 3, 4}}, [](V x) { return x[0].permute({2, 0, 1}).contiguous(); }});
  c.push_back({"slice", {{5, 6}}, [](V x) { return x[0].slice(1, 1, 6, 2); }});
  c.push_back({"expand", {{3, 1}}, [](V x) { return x[0].expand({2, 3, 4}); }});
  c.push_back({"reshape_t", {{3, 4}}, [](V x) { return x[0].transpose(0, 1).reshape({2, 6}); }});
  c.push_back({"supcon", {{8, 5}}, [](V x) {
                 // two views of four classes, one singleton class (no positive: left out)
                 Tensor y = idx_on({0, 1, 2, 0, 1, 2, 3, 4}, {8}, x[0]);
                 return supcon_loss(l2_normalize(x[0], -1), y, 0.5);
               }});
  c.push_back({"supcon_raw", {{6, 3}}, [](V x) {
                 return supcon_loss(x[0], idx_on({1, 1, 0, 0, 1, 0}, {6}, x[0]), 0.1);
               }});
  // attention: [B, H, T, D]; cross (Tq != Tk), key-padding mask, strided q
  c.push_back({"attention", {{2, 3, 5, 4}, {2, 3, 5, 4}, {2, 3, 5, 3}},
               [](V x) { return attention(x[0], x[1], x[2]); }});
  c.push_back({"attention_cross_mask", {{2, 2, 3, 4}, {2, 2, 6, 4}, {2, 2, 6, 5}}, [](V x) {
                 Tensor m = from_vector(std::vector<double>{1, 1, 1, 0, 1, 0, 1, 1, 0, 0, 0, 1}, {2, 6}).to(x[0].device());
                 return attention(x[0], x[1], x[2], m, 0.7);
               }});
  c.push_back({"attention_strided", {{2, 4, 3, 5}, {2, 3, 4, 5}, {2, 3, 4, 5}},
               [](V x) { return attention(x[0].transpose(1, 2), x[1], x[2]); }});
  return c;
}

}  // namespace haad::test
