#include "contrastive/plan.h"
#include <algorithm>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include "kernels/cpu/parallel.h"

namespace haad {

static std::vector<float> values(const Tensor& t) { return t.contiguous().to_vector<float>(); }

// eval-mode batch norm as y = x * scale + shift per channel
static void bn_affine(const BatchNorm1d& bn, std::vector<float>& scale, std::vector<float>& shift) {
  std::vector<float> g = values(*bn.weight), b = values(*bn.bias), rm = values(*bn.running_mean), rv = values(*bn.running_var);
  scale.resize(g.size());
  shift.resize(g.size());
  for (size_t c = 0; c < g.size(); ++c) {
    scale[c] = g[c] / std::sqrt(rv[c] + (float)bn.eps);
    shift[c] = b[c] - rm[c] * scale[c];
  }
}

EncoderPlan::Layer EncoderPlan::pack(const std::vector<float>& wt, int64_t K, int64_t N, std::vector<float> bias) const {
  Layer L;
  L.K = K;
  L.N = N;
  L.bias = bias.empty() ? std::vector<float>((size_t)N, 0.f) : std::move(bias);
  L.w.resize((size_t)cpu_plan_packed_size(K, N, nr_));
  cpu_plan_pack(wt.data(), K, N, nr_, L.w.data());
  return L;
}

// Linear [out, in] -> packed [in, out] panels; optionally y = (x W^T + b) * scale + shift per output
EncoderPlan::Layer EncoderPlan::make_layer(const Linear& l, const std::vector<float>* scale,
                                           const std::vector<float>* shift) const {
  int64_t N = l.weight->size(0), K = l.weight->size(1);
  std::vector<float> w = values(*l.weight), wt((size_t)(K * N));
  std::vector<float> bias = l.bias ? values(*l.bias) : std::vector<float>((size_t)N, 0.f);
  for (int64_t o = 0; o < N; ++o) {
    float s = scale ? (*scale)[o] : 1.f;
    for (int64_t i = 0; i < K; ++i) wt[i * N + o] = w[o * K + i] * s;
    if (scale) bias[o] = bias[o] * s + (*shift)[o];
  }
  return pack(wt, K, N, bias);
}

EncoderPlan::EncoderPlan(const Encoder& e, int frames) {
  if (!supported(e)) throw std::invalid_argument("no inference plan for encoder '" + e.cfg.arch + "' embedding from " +
                                                 e.cfg.embed_from + " (gcn; stgcn with backbone or head)");
  nr_ = cpu_plan_panel_width();
  J_ = e.cfg.joints;
  nodes_ = e.cfg.embed_from == "nodes" || e.cfg.embed_from == "both";
  pooled_too_ = e.cfg.embed_from == "both";
  head_ = e.cfg.embed_from == "head";
  C_ = e.cfg.hidden;
  D_ = head_ ? e.cfg.embed : nodes_ ? (pooled_too_ ? C_ : 0) + J_ * C_ : C_;
  if (e.cfg.arch == "gcn") build_gcn(e);
  else build_stgcn(e, frames);
  if (head_) {
    const Linear& h1 = st_ ? static_cast<const STGCNEncoder&>(e).head1 : static_cast<const GCNEncoder&>(e).head1;
    const Linear& h2 = st_ ? static_cast<const STGCNEncoder&>(e).head2 : static_cast<const GCNEncoder&>(e).head2;
    head1_ = make_layer(h1);
    head2_ = make_layer(h2);
  }
}

void EncoderPlan::build_gcn(const Encoder& e) {
  const auto& g = static_cast<const GCNEncoder&>(e);
  F_ = g.cfg.in_features;
  in_floats_ = (int64_t)J_ * F_;
  chunk_ = 64;
  in_ = make_layer(g.in);
  std::vector<float> A = values(*g.A);
  for (const auto& bp : g.blocks) {
    Block b;
    std::vector<float> corr = values(*bp->adj_corr);
    b.adj.resize(A.size());
    for (size_t i = 0; i < A.size(); ++i) b.adj[i] = A[i] + corr[i];
    b.norm = !bp->batch_norm;
    if (b.norm) {
      b.lin = make_layer(bp->lin);
      b.gamma = values(*bp->ln.weight);
      b.beta = values(*bp->ln.bias);
      b.eps = (float)bp->ln.eps;
    } else {  // eval-mode batch norm is an affine map per channel: fold it into the linear layer
      std::vector<float> scale, shift;
      bn_affine(bp->bn, scale, shift);
      b.lin = make_layer(bp->lin, &scale, &shift);
    }
    blocks_.push_back(std::move(b));
  }
}

void EncoderPlan::build_stgcn(const Encoder& e, int frames) {
  const auto& g = static_cast<const STGCNEncoder&>(e);
  if (frames < 1) throw std::invalid_argument("ST-GCN plan: the number of input frames must be given");
  st_ = true;
  T0_ = frames;
  in_floats_ = 3LL * frames * J_;
  chunk_ = 8;  // activations are [J, B, T, C]: a few clips per pass keep them in cache
  bn_affine(g.data_bn, data_scale_, data_shift_);
  std::vector<float> P = values(*g.parts);  // [3, J, J]
  parts_t_.assign((size_t)J_ * 3 * J_, 0.f);
  for (int k = 0; k < 3; ++k)
    for (int i = 0; i < J_; ++i)
      for (int j = 0; j < J_; ++j) parts_t_[(size_t)j * 3 * J_ + k * J_ + i] = P[((size_t)k * J_ + i) * J_ + j];
  const int64_t Q = (int64_t)J_ * chunk_;
  int64_t T = frames;
  for (const auto& lp : g.layers) {
    StLayer L;
    L.cin = lp->spatial.weight->size(1) / 3;
    L.cout = lp->spatial.weight->size(0);
    L.stride = lp->stride;
    L.T = T;
    L.To = (T - 1) / L.stride + 1;  // kernel 9, padding 4
    std::vector<float> s1, t1, s2, t2;
    bn_affine(lp->bn1, s1, t1);
    bn_affine(lp->bn2, s2, t2);
    std::vector<float> w = values(*lp->spatial.weight), b = values(*lp->spatial.bias);  // [cout, 3 cin]
    for (int k = 0; k < 3; ++k) {
      std::vector<float> wk((size_t)(L.cin * L.cout));
      for (int64_t c = 0; c < L.cin; ++c)
        for (int64_t o = 0; o < L.cout; ++o) wk[c * L.cout + o] = w[o * 3 * L.cin + k * L.cin + c] * s1[o];
      L.u[k] = pack(wk, L.cin, L.cout, {});
    }
    L.shift1.resize((size_t)L.cout);
    for (int64_t o = 0; o < L.cout; ++o) L.shift1[o] = b[o] * s1[o] + t1[o];
    std::vector<float> tw = values(*lp->temporal.weight), tb = values(*lp->temporal.bias);  // [cout, cout, 9]
    const int64_t Co = L.cout, Kw = lp->temporal.weight->size(2);
    if (Kw != 9 || lp->temporal.padding != 4) throw std::invalid_argument("ST-GCN plan: temporal kernel 9, padding 4 expected");
    std::vector<float> wt((size_t)(Kw * Co * Co)), bias((size_t)Co);
    for (int64_t o = 0; o < Co; ++o) {
      for (int64_t ci = 0; ci < Co; ++ci)
        for (int64_t k = 0; k < Kw; ++k) wt[(k * Co + ci) * Co + o] = tw[(o * Co + ci) * Kw + k] * s2[o];
      bias[o] = tb[o] * s2[o] + t2[o];
    }
    L.temporal = pack(wt, Kw * Co, Co, bias);
    L.has_res = lp->res != nullptr;
    if (L.has_res) L.res = make_layer(*lp->res);
    st_h_ = std::max({st_h_, (size_t)(Q * T * L.cin), (size_t)(Q * L.To * Co)});
    st_u_ = std::max(st_u_, (size_t)(3 * Q * T * Co));
    st_y_ = std::max(st_y_, (size_t)(Q * T * Co));
    st_pad_ = std::max(st_pad_, (size_t)(Q * (T + 8) * Co));
    st_z_ = std::max(st_z_, (size_t)(Q * L.To * Co));
    layers_.push_back(std::move(L));
    T = layers_.back().To;
  }
}

size_t EncoderPlan::workspace_floats() const {
  size_t tail = 2 * (size_t)chunk_ * std::max(C_, D_) + 64;  // pooled | h1
  if (st_) return 2 * st_h_ + st_u_ + st_y_ + st_pad_ + st_z_ + tail;
  size_t rows = (size_t)J_ * chunk_;  // xT [J*B, F] | h | t | z [J*B, C]
  return rows * F_ + 3 * rows * C_ + tail;
}

void EncoderPlan::embed(const float* x, int64_t B, float* out, float* ws) const {
  for (int64_t b0 = 0; b0 < B; b0 += chunk_)
    embed_chunk(x + b0 * in_floats_, std::min<int64_t>(chunk_, B - b0), out + b0 * D_, ws);
}

// pooled [B, C] -> out [B, D]: the projection head if the model scores with it, then L2
void EncoderPlan::finish(float* pooled, int64_t B, float* out, float* h1) const {
  PlanEpilogue none;
  if (head_) {
    PlanEpilogue gelu;
    gelu.kind = PlanEpilogue::Gelu;
    cpu_plan_gemm(pooled, C_, B, C_, plan_b_packed(head1_.w.data(), C_, nr_), C_, head1_.bias.data(), h1, C_, gelu);
    cpu_plan_gemm(h1, C_, B, C_, plan_b_packed(head2_.w.data(), C_, nr_), D_, head2_.bias.data(), out, D_, none);
  } else {
    std::memcpy(out, pooled, sizeof(float) * B * D_);
  }
  cpu_plan_l2_normalize(out, B, D_, 1e-12f);
}

void EncoderPlan::embed_chunk(const float* x, int64_t B, float* out, float* ws) const {
  float* pooled = ws + (workspace_floats() - 64 - 2 * (size_t)chunk_ * std::max(C_, D_));
  float* h1 = pooled + (size_t)chunk_ * std::max(C_, D_);
  if (st_) {
    stgcn_chunk(x, B, pooled, ws);
    return finish(pooled, B, out, h1);
  }
  const int64_t rows = (int64_t)J_ * B, J = J_, F = F_, C = C_;
  float* xT = ws;
  float* h = xT + (size_t)J * chunk_ * F;
  float* t = h + (size_t)J * chunk_ * C;
  float* z = t + (size_t)J * chunk_ * C;
  // joint-major input: row (j, b) = x[b, j, :]  (a single clip already is)
  const float* xin = x;
  if (B > 1) {
    for (int64_t j = 0; j < J; ++j)
      for (int64_t b = 0; b < B; ++b) std::copy_n(x + (b * J + j) * F, F, xT + (j * B + b) * F);
    xin = xT;
  }
  PlanEpilogue none;
  cpu_plan_gemm(xin, F, rows, F, plan_b_packed(in_.w.data(), F, nr_), C, in_.bias.data(), h, C, none);
  for (const Block& bl : blocks_) {
    // t = (A + B_l) h for the whole batch: [J, J] x [J, B*C]
    cpu_plan_gemm(bl.adj.data(), J, J, J, plan_b_rowmajor(h, B * C, nr_), B * C, nullptr, t, B * C, none);
    // h += GELU(norm(t W + b)), row block by row block
    PlanEpilogue ep;
    ep.kind = bl.norm ? PlanEpilogue::NormGeluResidual : PlanEpilogue::GeluResidual;
    ep.gamma = bl.gamma.data();
    ep.beta = bl.beta.data();
    ep.eps = bl.eps;
    ep.out = h;
    ep.ldo = C;
    cpu_plan_gemm(t, C, rows, C, plan_b_packed(bl.lin.w.data(), C, nr_), C, bl.lin.bias.data(), z, C, ep);
  }
  if (nodes_) return per_joint_rows(h, B, out, pooled);
  cpu_plan_mean_rows(h, B, J, C, pooled);
  finish(pooled, B, out, h1);
}

// embed_from nodes: row b = the J rows (j, b) of h side by side, unit length; both: the
// mean over joints (unit length) first, each part scaled by 1/sqrt(2), as Encoder::embed
void EncoderPlan::per_joint_rows(const float* h, int64_t B, float* out, float* pooled) const {
  const int64_t J = J_, C = C_, off = pooled_too_ ? C : 0;
  const float half = std::sqrt(0.5f);
  if (pooled_too_) cpu_plan_mean_rows(h, B, J, C, pooled);
  for (int64_t b = 0; b < B; ++b) {
    float* o = out + b * D_;
    for (int64_t j = 0; j < J; ++j) std::copy_n(h + (j * B + b) * C, C, o + off + j * C);
    cpu_plan_l2_normalize(o + off, 1, J * C, 1e-12f);
    if (!pooled_too_) continue;
    std::copy_n(pooled + b * C, C, o);
    cpu_plan_l2_normalize(o, 1, C, 1e-12f);
    for (int64_t i = 0; i < D_; ++i) o[i] *= half;
  }
}

// ST-GCN: x [B, 3, T, J] -> pooled [B, C] (mean over joints and frames)
void EncoderPlan::stgcn_chunk(const float* x, int64_t B, float* pooled, float* ws) const {
  const int64_t J = J_, Q = J * B;
  float* hA = ws;
  float* hB = hA + st_h_;
  float* U = hB + st_h_;
  float* Y = U + st_u_;
  float* Yp = Y + st_y_;
  float* Z = Yp + st_pad_;
  // input batch norm, into rows (j, b, t) of 3 channels
  int64_t T = T0_;
  for (int64_t b = 0; b < B; ++b)
    for (int64_t c = 0; c < 3; ++c)
      for (int64_t t = 0; t < T; ++t)
        for (int64_t j = 0; j < J; ++j)
          hA[((j * B + b) * T + t) * 3 + c] = x[((b * 3 + c) * T + t) * J + j] * data_scale_[c] + data_shift_[c];
  float *h = hA, *spare = hB;
  PlanEpilogue none;
  for (const StLayer& L : layers_) {
    const int64_t C = L.cin, Co = L.cout, s = L.stride, To = L.To, W = B * T * Co;
    // U_k = h W_k, stored k-major: [3, J, B*T*Co] = [3J, B*T*Co]
    for (int k = 0; k < 3; ++k)
      cpu_plan_gemm(h, C, Q * T, C, plan_b_packed(L.u[k].w.data(), C, nr_), Co, nullptr, U + k * Q * T * Co, Co, none);
    // Y = ReLU(sum_k P_k^T U_k + shift1): one [J, 3J] x [3J, B*T*Co] GEMM
    PlanEpilogue relu;
    relu.kind = PlanEpilogue::ChannelBiasRelu;
    relu.beta = L.shift1.data();
    relu.period = Co;
    cpu_plan_gemm(parts_t_.data(), 3 * J, J, 3 * J, plan_b_rowmajor(U, W, nr_), W, nullptr, Y, W, relu);
    // each sequence (j, b) with 4 zero frames on either side, for the temporal kernel
    const int64_t Tp = T + 8;
    for (int64_t q = 0; q < Q; ++q) {
      float* p = Yp + q * Tp * Co;
      std::fill(p, p + 4 * Co, 0.f);
      std::memcpy(p + 4 * Co, Y + q * T * Co, sizeof(float) * T * Co);
      std::fill(p + (T + 4) * Co, p + Tp * Co, 0.f);
    }
    // residual into `out` (identity: in place on h), then out = ReLU(out + temporal(Y))
    float* out = h;
    if (L.has_res) {
      out = spare;
      if (s == 1) {
        cpu_plan_gemm(h, C, Q * T, C, plan_b_packed(L.res.w.data(), C, nr_), Co, L.res.bias.data(), out, Co, none);
      } else {
        for (int64_t q = 0; q < Q; ++q)
          cpu_plan_gemm(h + q * T * C, s * C, To, C, plan_b_packed(L.res.w.data(), C, nr_), Co, L.res.bias.data(),
                        out + q * To * Co, Co, none);
      }
    }
    parallel_for(Q, 4, [&](int64_t lo, int64_t hi) {
      for (int64_t q = lo; q < hi; ++q) {
        PlanEpilogue ep;
        ep.kind = PlanEpilogue::ResidualRelu;
        ep.out = out + q * To * Co;
        ep.ldo = Co;
        // rows t' read 9 consecutive padded frames starting at t' * s: K = 9 Co, lda = s * Co
        cpu_plan_gemm(Yp + q * Tp * Co, s * Co, To, 9 * Co, plan_b_packed(L.temporal.w.data(), 9 * Co, nr_), Co,
                      L.temporal.bias.data(), Z + q * To * Co, Co, ep);
      }
    });
    if (out != h) std::swap(h, spare);
    T = To;
  }
  // mean over joints and frames: rows (j, b, t)
  const int64_t C = layers_.back().cout;
  std::fill(pooled, pooled + B * C, 0.f);
  const float inv = 1.0f / (float)(J * T);
  for (int64_t j = 0; j < J; ++j)
    for (int64_t b = 0; b < B; ++b)
      for (int64_t t = 0; t < T; ++t) {
        const float* r = h + ((j * B + b) * T + t) * C;
        float* p = pooled + b * C;
        for (int64_t c = 0; c < C; ++c) p[c] += r[c];
      }
  for (int64_t i = 0; i < B * C; ++i) pooled[i] *= inv;
}

// ---------------------------------------------------------------- runner
std::unique_ptr<std::vector<float>> PlanRunner::borrow() const {
  {
    std::lock_guard<std::mutex> lk(mu_);
    if (!free_.empty()) {
      auto w = std::move(free_.back());
      free_.pop_back();
      return w;
    }
  }
  return std::make_unique<std::vector<float>>(plan_.workspace_floats() + (size_t)plan_.chunk() * plan_.dim());
}

void PlanRunner::give_back(std::unique_ptr<std::vector<float>> w) const {
  std::lock_guard<std::mutex> lk(mu_);
  free_.push_back(std::move(w));
}

void PlanRunner::embed(const float* x, int64_t B, float* out) const {
  auto w = borrow();
  plan_.embed(x, B, out, w->data());
  give_back(std::move(w));
}

void PlanRunner::score_max(const float* x, int64_t B, const float* support, int64_t K, double* out) const {
  auto w = borrow();
  const int64_t D = plan_.dim(), n_in = plan_.input_floats(), chunk = plan_.chunk();
  float* emb = w->data() + plan_.workspace_floats();
  for (int64_t b0 = 0; b0 < B; b0 += chunk) {
    int64_t n = std::min<int64_t>(chunk, B - b0);
    plan_.embed(x + b0 * n_in, n, emb, w->data());
    for (int64_t i = 0; i < n; ++i) {
      float best = -INFINITY;
      for (int64_t k = 0; k < K; ++k) {
        float s;
        cpu_plan_similarities(emb + i * D, 1, support + k * D, 1, D, &s);
        best = std::max(best, s);
      }
      out[b0 + i] = 1.0 - (double)best;
    }
  }
  give_back(std::move(w));
}

}  // namespace haad
