#include "contrastive/encoder.h"
#include <stdexcept>
#include "nn/init.h"

namespace haad {

std::map<std::string, std::string> EncoderConfig::to_metadata() const {
  return {{"arch", arch}, {"joints", std::to_string(joints)}, {"in_features", std::to_string(in_features)},
          {"hidden", std::to_string(hidden)}, {"blocks", std::to_string(blocks)}, {"embed", std::to_string(embed)},
          {"dropout", std::to_string(dropout)}, {"norm", norm}, {"embed_from", embed_from}};
}

EncoderConfig EncoderConfig::from_metadata(const std::map<std::string, std::string>& m) {
  EncoderConfig c;
  auto get = [&](const char* k) {
    auto it = m.find(k);
    if (it == m.end()) throw std::runtime_error(std::string("model file lacks metadata '") + k + "' (not a haad encoder?)");
    return it->second;
  };
  c.arch = get("arch");
  c.joints = std::stoi(get("joints"));
  c.in_features = std::stoi(get("in_features"));
  c.hidden = std::stoi(get("hidden"));
  c.blocks = std::stoi(get("blocks"));
  c.embed = std::stoi(get("embed"));
  c.dropout = std::stod(get("dropout"));
  c.norm = get("norm");
  c.embed_from = m.count("embed_from") ? m.at("embed_from") : "head";
  return c;
}

static Tensor mlp_head(Linear& h1, Linear& h2, const Tensor& pooled) {
  return l2_normalize(h2.forward(gelu(h1.forward(pooled))), -1);
}

GraphBlock::GraphBlock(int J, int C, double p, bool bn_) : lin(C, C), ln(C), bn(C), batch_norm(bn_), dropout(p) {
  child("lin", lin);
  if (batch_norm) child("bn", bn);
  else child("ln", ln);
  adj_corr = &param("adj_corr", zeros({J, J}));
}

Tensor GraphBlock::forward(const Tensor& h, const Tensor& A) {
  Tensor y = lin.forward(matmul(add(A, *adj_corr), h));  // [B, J, C]
  if (batch_norm) {
    int64_t B = y.size(0), J = y.size(1), C = y.size(2);
    y = bn.forward(y.reshape({B * J, C})).reshape({B, J, C});
  } else {
    y = ln.forward(y);
  }
  return add(h, haad::dropout(gelu(y), dropout, training));
}

GCNEncoder::GCNEncoder(const EncoderConfig& c, const Skeleton& s)
    : in(c.in_features, c.hidden), head1(c.hidden, c.hidden), head2(c.hidden, c.embed) {
  cfg = c;
  if (s.num_joints() != c.joints)
    throw std::invalid_argument("encoder built for " + std::to_string(c.joints) + " joints, skeleton " + s.name + " has " +
                                std::to_string(s.num_joints()));
  child("in", in);
  for (int b = 0; b < c.blocks; ++b) {
    blocks.push_back(std::make_unique<GraphBlock>(c.joints, c.hidden, c.dropout, c.norm == "batch"));
    child("blocks." + std::to_string(b), *blocks.back());
  }
  child("head1", head1);
  child("head2", head2);
  A = &buffer("adjacency", from_vector(normalize_symmetric(adjacency(s), c.joints), {c.joints, c.joints}));
}

Tensor GCNEncoder::head(const Tensor& p) { return mlp_head(head1, head2, p); }
Tensor STGCNEncoder::head(const Tensor& p) { return mlp_head(head1, head2, p); }

Tensor GCNEncoder::nodes(const Tensor& x) {
  if (x.dim() != 3 || x.size(1) != cfg.joints || x.size(2) != cfg.in_features)
    throw std::invalid_argument("GCN encoder expects [B, " + std::to_string(cfg.joints) + ", " +
                                std::to_string(cfg.in_features) + "], got " + x.shape().str());
  Tensor h = in.forward(x);
  for (auto& b : blocks) h = b->forward(h, *A);
  return h;
}

STGCNLayer::STGCNLayer(int cin, int cout, int s)
    : spatial(3 * cin, cout), temporal(cout, cout, 9, s, 4), bn1(cout), bn2(cout), stride(s) {
  child("spatial", spatial);
  child("temporal", temporal);
  child("bn1", bn1);
  child("bn2", bn2);
  if (cin != cout || s != 1) {
    res = std::make_unique<Linear>(cin, cout);
    child("res", *res);
  }
}

// channels-last linear over [B, C, T, J]
static Tensor channel_linear(Linear& l, const Tensor& x) {
  return l.forward(x.permute({0, 2, 3, 1})).permute({0, 3, 1, 2});
}

static Tensor bn4(BatchNorm1d& bn, const Tensor& x) {  // [B, C, T, J]
  int64_t B = x.size(0), C = x.size(1), T = x.size(2), J = x.size(3);
  return bn.forward(x.reshape({B, C, T * J})).reshape({B, C, T, J});
}

Tensor STGCNLayer::forward(const Tensor& x, const Tensor& parts) {
  std::vector<Tensor> ps;
  for (int k = 0; k < 3; ++k) ps.push_back(matmul(x, parts.select(0, k)));
  Tensor y = relu(bn4(bn1, channel_linear(spatial, cat(ps, 1))));  // [B, C', T, J]
  int64_t B = y.size(0), C = y.size(1), T = y.size(2), J = y.size(3);
  Tensor t = temporal.forward(y.permute({0, 3, 1, 2}).reshape({B * J, C, T}));  // [B*J, C', T']
  int64_t T2 = t.size(2);
  t = bn4(bn2, t.reshape({B, J, C, T2}).permute({0, 2, 3, 1}));
  Tensor r = res ? channel_linear(*res, x.slice(2, 0, x.size(2), stride)) : x;
  return relu(add(t, r));
}

STGCNEncoder::STGCNEncoder(const EncoderConfig& c, const Skeleton& s) : data_bn(3), head1(c.hidden, c.hidden), head2(c.hidden, c.embed) {
  cfg = c;
  if (s.num_joints() != c.joints) throw std::invalid_argument("ST-GCN: joint count mismatch with skeleton " + s.name);
  child("data_bn", data_bn);
  int b = c.hidden / 4;
  int spec[][3] = {{3, b, 1}, {b, b, 1}, {b, 2 * b, 2}, {2 * b, 2 * b, 1}, {2 * b, 4 * b, 2}, {4 * b, 4 * b, 1}};
  for (int i = 0; i < 6; ++i) {
    layers.push_back(std::make_unique<STGCNLayer>(spec[i][0], spec[i][1], spec[i][2]));
    child("layers." + std::to_string(i), *layers.back());
  }
  child("head1", head1);
  child("head2", head2);
  parts = &buffer("partitions", from_vector(spatial_partition(s), {3, c.joints, c.joints}));
}

Tensor STGCNEncoder::nodes(const Tensor& x) {
  if (x.dim() != 4 || x.size(1) != 3 || x.size(3) != cfg.joints)
    throw std::invalid_argument("ST-GCN encoder expects [B, 3, T, " + std::to_string(cfg.joints) + "], got " + x.shape().str());
  Tensor h = bn4(data_bn, x);
  for (auto& l : layers) h = l->forward(h, *parts);
  return mean(h, {2}).transpose(1, 2);  // [B, C, T, J] -> [B, J, C]
}

// ---------------------------------------------------------------- LTD
LTDGraphConv::LTDGraphConv(int J, int in, int out, bool with_bias) {
  // the LTD initialisation: everything U(-1/sqrt(out), 1/sqrt(out))
  weight = &param("weight", uniform_fan_in(Dims({in, out}), out));
  att = &param("att", uniform_fan_in(Dims({J, J}), out));
  bias = with_bias ? &param("bias", uniform_fan_in(Dims({out}), out)) : nullptr;
}

Tensor LTDGraphConv::forward(const Tensor& x) const {
  Tensor y = matmul(*att, matmul(x, *weight));
  return bias ? add(y, *bias) : y;
}

LTDEncoder::LTDEncoder(const EncoderConfig& c, const Skeleton& s) {
  cfg = c;
  if (s.num_joints() != c.joints)
    throw std::invalid_argument("encoder built for " + std::to_string(c.joints) + " joints, skeleton " + s.name + " has " +
                                std::to_string(s.num_joints()));
  int J = c.joints, F = c.in_features, Hd = c.hidden;
  gc_in = std::make_unique<LTDGraphConv>(J, F, Hd, true);
  child("gc_in", *gc_in);
  bn_in = std::make_unique<BatchNorm1d>(J * Hd);
  child("bn_in", *bn_in);
  for (int b = 0; b < 2 * c.blocks; ++b) {
    gcs.push_back(std::make_unique<LTDGraphConv>(J, Hd, Hd, false));  // batch norm follows: no bias
    child("gcs." + std::to_string(b), *gcs.back());
    bns.push_back(std::make_unique<BatchNorm1d>(J * Hd));
    child("bns." + std::to_string(b), *bns.back());
  }
  gc_out = std::make_unique<LTDGraphConv>(J, Hd, F, true);
  child("gc_out", *gc_out);
  cfg.embed = J;  // the embedding is one value per joint
}

// gc, batch norm over the flattened joints x channels, tanh
static Tensor ltd_layer(const LTDGraphConv& gc, BatchNorm1d& bn, const Tensor& x) {
  Tensor y = gc.forward(x);
  int64_t B = y.size(0), J = y.size(1), C = y.size(2);
  return tanh(bn.forward(y.reshape({B, J * C})).reshape({B, J, C}));
}

Tensor LTDEncoder::nodes(const Tensor& x) {
  if (x.dim() != 3 || x.size(1) != cfg.joints || x.size(2) != cfg.in_features)
    throw std::invalid_argument("LTD encoder expects [B, " + std::to_string(cfg.joints) + ", " +
                                std::to_string(cfg.in_features) + "], got " + x.shape().str());
  Tensor h = haad::dropout(ltd_layer(*gc_in, *bn_in, x), cfg.dropout, training);
  for (size_t b = 0; b + 1 < gcs.size(); b += 2) {
    Tensor y = haad::dropout(ltd_layer(*gcs[b], *bns[b], h), cfg.dropout, training);
    y = haad::dropout(ltd_layer(*gcs[b + 1], *bns[b + 1], y), cfg.dropout, training);
    h = add(h, y);
  }
  return add(gc_out->forward(h), x);
}

Tensor LTDEncoder::pool_nodes(const Tensor& n) { return max(n, 2); }
Tensor LTDEncoder::head(const Tensor& p) { return l2_normalize(p, -1); }

std::unique_ptr<Encoder> make_encoder(const EncoderConfig& c, const Skeleton& s) {
  std::unique_ptr<Encoder> e;
  if (c.arch == "gcn") e = std::make_unique<GCNEncoder>(c, s);
  else if (c.arch == "stgcn") e = std::make_unique<STGCNEncoder>(c, s);
  else if (c.arch == "ltd") e = std::make_unique<LTDEncoder>(c, s);
  else throw std::invalid_argument("unknown encoder '" + c.arch + "' (gcn, stgcn, ltd)");
  return e;
}

}  // namespace haad
