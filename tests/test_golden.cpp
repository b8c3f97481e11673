// Whole layers and losses against PyTorch golden files (tools/make_golden.py):
// forward output, loss, every gradient, batch-norm running stats, and the
// losses and parameters after 5 Adam steps. The files are safetensors written
// on the PyTorch side, so this also proves haad reads PyTorch's files.
#include "contrastive/encoder.h"
#include "nn/checkpoint.h"
#include "nn/layers.h"
#include "nn/optim.h"
#include "nn/transformer.h"
#include "tests/testing.h"

namespace haad::test {

static std::string golden(const std::string& name) { return std::string(HAAD_SOURCE_DIR) + "/tests/golden/" + name; }

struct MLP : Module {
  Linear l1{6, 16}, l2{16, 8}, l3{8, 3};
  MLP() { child("l1", l1); child("l2", l2); child("l3", l3); }
  Tensor forward(const Tensor& x) { return l3.forward(tanh(l2.forward(gelu(l1.forward(x))))); }
};

struct LNBlock : Module {
  LayerNorm norm1{12}, norm2{12};
  Linear fc{12, 12}, head{12, 5};
  LNBlock() { child("norm1", norm1); child("fc", fc); child("norm2", norm2); child("head", head); }
  Tensor forward(const Tensor& x) {
    Tensor h = add(x, silu(fc.forward(norm1.forward(x))));
    return log_softmax(head.forward(norm2.forward(h)), -1);
  }
};

struct TConv : Module {
  Conv1d conv1{5, 8, 5, 1, 2}, conv2{8, 4, 3, 2, 1, 2};
  BatchNorm1d bn{8};
  TConv() { child("conv1", conv1); child("bn", bn); child("conv2", conv2); }
  Tensor forward(const Tensor& x) { return mean(conv2.forward(relu(bn.forward(conv1.forward(x)))), {2}); }
};

// torch.nn.TransformerEncoderLayer(16, 4, 32, gelu, batch_first, norm_first) with a padding mask
struct EncLayer : Module {
  TransformerEncoderLayer layer{16, 4, 32, 0.0};
  Tensor keep;  // [B, T], 1 = real frame
  EncLayer() {
    child("layer", layer);
    std::vector<double> k(3 * 7, 1.0);
    for (int t = 5; t < 7; ++t) k[1 * 7 + t] = 0;
    for (int t = 3; t < 7; ++t) k[2 * 7 + t] = 0;
    keep = from_vector(k, {3, 7}).to(DType::F32);
  }
  Tensor forward(const Tensor& x) { return layer.forward(x, keep); }
};

// Load parameters named as in the file, check forward/backward, then 5 Adam steps.
template <class M, class LossFn>
static void check_model(const std::string& file, M& m, LossFn loss_fn, double tol) {
  SafeTensors g = load_safetensors(golden(file));
  EXPECT_EQ(g.metadata.at("writer"), "tools/make_golden.py");
  {
    NoGradGuard ng;
    for (auto& [name, p] : m.named_parameters()) copy_(p, g.get(name));
  }
  Tensor x = g.get("input0");
  x.requires_grad_(true);
  Tensor out = m.forward(x);
  Tensor loss = loss_fn(out);
  EXPECT_TRUE(all_close(out, g.get("output"), tol, tol)) << file << " output";
  EXPECT_NEAR(loss.item(), g.get("loss").item(), tol * std::fabs(g.get("loss").item()) + 1e-6) << file;
  loss.backward();
  EXPECT_TRUE(all_close(x.grad(), g.get("grad.input0"), tol, tol)) << file << " grad.input0";
  for (auto& [name, p] : m.named_parameters()) EXPECT_TRUE(all_close(p.grad(), g.get("grad." + name), tol, tol)) << file << " grad." << name;
  for (auto& [name, b] : m.named_buffers())
    if (g.has("after." + name)) {
      EXPECT_TRUE(all_close(b, g.get("after." + name), tol, tol)) << file << " " << name;
    }
  // 5 Adam steps from the same start
  {
    NoGradGuard ng;
    for (auto& [name, p] : m.named_parameters()) copy_(p, g.get(name));
  }
  m.zero_grad();
  Adam opt(m.parameters(), 1e-2);
  std::vector<double> want = g.get("adam.losses").to_vector<double>();
  Tensor xd = x.detach();
  for (int s = 0; s < 5; ++s) {
    opt.zero_grad();
    Tensor l = loss_fn(m.forward(xd));
    l.backward();
    opt.step();
    EXPECT_NEAR(l.item(), want[s], tol * std::fabs(want[s]) + 1e-6) << file << " adam step " << s;
  }
  for (auto& [name, p] : m.named_parameters()) {
    // An element whose true gradient is zero (a conv bias right before a
    // training-mode batch norm, attention's key bias: softmax ignores a shift
    // shared by all keys) has a gradient of pure rounding noise, which Adam
    // turns into arbitrary +-lr steps in both frameworks: nothing to compare.
    std::vector<double> gv = g.get("grad." + name).template to_vector<double>();
    std::vector<double> got = p.to(DType::F64).template to_vector<double>(),
                        want_p = g.get("adam." + name).to(DType::F64).template to_vector<double>();
    for (size_t i = 0; i < gv.size(); ++i) {
      if (std::fabs(gv[i]) < 1e-6) continue;
      EXPECT_NEAR(got[i], want_p[i], 10 * tol * (1 + std::fabs(want_p[i]))) << file << " adam." << name << "[" << i << "]";
    }
  }
}

static Tensor mse(const Tensor& a, const Tensor& b) { return mean(square(sub(a, b))); }

TEST(Golden, MlpMatchesPyTorch) {
  MLP m;
  Tensor y = load_safetensors(golden("mlp.safetensors")).get("target");
  check_model("mlp.safetensors", m, [&](const Tensor& o) { return mse(o, y); }, 2e-5);
}

TEST(Golden, LayerNormBlockMatchesPyTorch) {
  LNBlock m;
  Tensor target = load_safetensors(golden("layernorm_block.safetensors")).get("target");
  // negative log-likelihood: -mean(logp.gather(-1, target))
  check_model("layernorm_block.safetensors", m, [&](const Tensor& logp) {
    return neg(mean(gather(logp, -1, target.unsqueeze(-1))));
  }, 2e-5);
}

TEST(Golden, TemporalConvBlockMatchesPyTorch) {
  TConv m;
  Tensor y = load_safetensors(golden("tconv_block.safetensors")).get("target");
  check_model("tconv_block.safetensors", m, [&](const Tensor& o) { return mse(o, y); }, 2e-5);
}

TEST(Golden, TransformerEncoderLayerMatchesPyTorch) {
  EncLayer m;
  Tensor y = load_safetensors(golden("transformer_layer.safetensors")).get("target");
  check_model("transformer_layer.safetensors", m, [&](const Tensor& o) { return mse(o, y); }, 5e-5);
}

// the authors' LTD encoder (--preset paper): graph convolutions with learnable
// adjacency, batch norm over joints x channels (training mode), tanh, residual
// blocks, global residual, max over each joint's features, L2 normalisation
TEST(Golden, LtdEncoderMatchesPyTorch) {
  Skeleton s;
  s.name = "chain5";
  s.joints = {"a", "b", "c", "d", "e"};
  s.parents = {-1, 0, 1, 2, 3};
  EncoderConfig c;
  c.arch = "ltd";
  c.joints = 5;
  c.in_features = 6;
  c.hidden = 8;
  c.blocks = 2;
  c.dropout = 0.0;
  LTDEncoder m(c, s);
  Tensor y = load_safetensors(golden("ltd_encoder.safetensors")).get("target");
  check_model("ltd_encoder.safetensors", m, [&](const Tensor& o) { return mse(o, y); }, 5e-5);
}

TEST(Golden, MaskedAttentionMatchesPyTorch) {
  SafeTensors g = load_safetensors(golden("attention.safetensors"));
  Tensor q = g.get("q"), k = g.get("k"), v = g.get("v");
  q.requires_grad_(true);
  k.requires_grad_(true);
  v.requires_grad_(true);
  Tensor o = attention(q, k, v, g.get("mask"));
  EXPECT_TRUE(all_close(o, g.get("output"), 1e-5, 1e-6));
  sum(mul(o, g.get("w"))).backward();
  EXPECT_TRUE(all_close(q.grad(), g.get("grad.q"), 1e-4, 1e-5));
  EXPECT_TRUE(all_close(k.grad(), g.get("grad.k"), 1e-4, 1e-5));
  EXPECT_TRUE(all_close(v.grad(), g.get("grad.v"), 1e-4, 1e-5));
}

TEST(Golden, SupConLossMatchesPyTorchReference) {
  SafeTensors g = load_safetensors(golden("supcon.safetensors"));
  Tensor x = g.get("x");
  x.requires_grad_(true);
  Tensor loss = supcon_loss(l2_normalize(x, -1), g.get("labels"), 0.1);
  EXPECT_NEAR(loss.item(), g.get("loss").item(), 1e-5 * std::fabs(g.get("loss").item()));
  loss.backward();
  EXPECT_TRUE(all_close(x.grad(), g.get("grad.x"), 1e-4, 1e-6));
}

}  // namespace haad::test
