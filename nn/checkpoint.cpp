#include "nn/checkpoint.h"
#include <fcntl.h>
#include <unistd.h>
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include "engine/json.h"

namespace haad {

static const char* st_dtype(DType t) { return t == DType::F32 ? "F32" : t == DType::F64 ? "F64" : "I64"; }

void write_file_atomic(const std::string& path, const std::string& bytes) {
  std::string tmp = path + ".tmp." + std::to_string(::getpid());
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) throw std::runtime_error(path + ": cannot create temp file " + tmp + ": " + std::strerror(errno));
  size_t off = 0;
  while (off < bytes.size()) {
    ssize_t w = ::write(fd, bytes.data() + off, bytes.size() - off);
    if (w < 0) {
      int e = errno;
      ::close(fd);
      ::unlink(tmp.c_str());
      throw std::runtime_error(path + ": write failed: " + std::strerror(e));
    }
    off += (size_t)w;
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) {
    ::unlink(tmp.c_str());
    throw std::runtime_error(path + ": could not flush the temp file");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    int e = errno;
    ::unlink(tmp.c_str());
    throw std::runtime_error(path + ": rename failed: " + std::strerror(e));
  }
}

void save_safetensors(const std::string& path, const NamedTensors& tensors,
                      const std::map<std::string, std::string>& metadata) {
  Json hdr = Json::object();
  std::string body;
  for (auto& [name, t0] : tensors) {
    if (hdr.has(name)) throw std::invalid_argument(path + ": duplicate tensor name '" + name + "'");
    Tensor t = t0.detach().to(Device::CPU).contiguous();
    size_t nb = t.numel() * dtype_size(t.dtype());
    Json e = Json::object();
    e.set("dtype", Json::string(st_dtype(t.dtype())));
    Json sh = Json::array();
    for (int i = 0; i < t.dim(); ++i) sh.push(Json::number((double)t.size(i)));
    e.set("shape", sh);
    Json off = Json::array();
    off.push(Json::number((double)body.size())).push(Json::number((double)(body.size() + nb)));
    e.set("data_offsets", off);
    hdr.set(name, e);
    body.append((const char*)t.raw(), nb);
  }
  if (!metadata.empty()) {
    Json m = Json::object();
    for (auto& kv : metadata) m.set(kv.first, Json::string(kv.second));
    hdr.set("__metadata__", m);
  }
  std::string h = hdr.dump();
  while ((8 + h.size()) % 8) h += ' ';  // align the data to 8 bytes, as the format recommends
  uint64_t n = h.size();
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = (char)((n >> (8 * i)) & 0xff);
  out += h;
  out += body;
  write_file_atomic(path, out);
}

SafeTensors load_safetensors(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error(path + ": cannot open");
  f.seekg(0, std::ios::end);
  uint64_t fsize = (uint64_t)f.tellg();
  f.seekg(0);
  auto fail = [&](const std::string& m) -> std::runtime_error { return std::runtime_error(path + ": " + m); };
  if (fsize < 8) throw fail("truncated: " + std::to_string(fsize) + " bytes, not even the 8-byte header length");
  unsigned char lb[8];
  f.read((char*)lb, 8);
  uint64_t hlen = 0;
  for (int i = 0; i < 8; ++i) hlen |= (uint64_t)lb[i] << (8 * i);
  if (hlen > fsize - 8 || hlen > (100u << 20))
    throw fail("header length " + std::to_string(hlen) + " exceeds the file size " + std::to_string(fsize) +
               " (truncated or not a safetensors file)");
  std::string h(hlen, '\0');
  f.read(&h[0], (std::streamsize)hlen);
  Json hdr;
  try {
    hdr = Json::parse(h);
  } catch (const std::exception& e) {
    throw fail(std::string("bad header: ") + e.what());
  }
  if (hdr.kind != Json::Object) throw fail("header is not a JSON object");
  uint64_t data_len = fsize - 8 - hlen;
  SafeTensors st;
  std::vector<std::pair<uint64_t, std::string>> order;
  for (auto& [name, e] : hdr.obj) {
    if (name == "__metadata__") {
      for (auto& kv : e.obj) st.metadata[kv.first] = kv.second.kind == Json::String ? kv.second.str : kv.second.dump();
      continue;
    }
    try {
      const std::string& dt = e.at("dtype").str;
      DType t;
      if (dt == "F32") t = DType::F32;
      else if (dt == "F64") t = DType::F64;
      else if (dt == "I64") t = DType::I64;
      else throw std::runtime_error("unsupported dtype '" + dt + "' (haad reads F32, F64, I64)");
      std::vector<int64_t> shape;
      for (auto& d : e.at("shape").arr) {
        if (d.kind != Json::Number || d.num < 0) throw std::runtime_error("bad shape entry");
        shape.push_back((int64_t)d.num);
      }
      if (shape.size() > (size_t)kMaxDims) throw std::runtime_error("more than 6 dims");
      const Json& off = e.at("data_offsets");
      if (off.size() != 2) throw std::runtime_error("data_offsets must have 2 entries");
      uint64_t b = (uint64_t)off[0].num, en = (uint64_t)off[1].num;
      if (b > en || en > data_len)
        throw std::runtime_error("data_offsets [" + std::to_string(b) + ", " + std::to_string(en) +
                                 ") outside the data section of " + std::to_string(data_len) + " bytes (truncated file?)");
      Dims s(shape);
      if ((uint64_t)s.numel() * dtype_size(t) != en - b)
        throw std::runtime_error("shape " + s.str() + " " + dt + " needs " + std::to_string(s.numel() * dtype_size(t)) +
                                 " bytes, offsets give " + std::to_string(en - b));
      Tensor x = empty(s, t);
      f.seekg((std::streamoff)(8 + hlen + b));
      f.read((char*)x.raw(), (std::streamsize)(en - b));
      if (!f) throw std::runtime_error("short read");
      order.push_back({b, name});
      st.tensors.push_back({name, x});
    } catch (const std::exception& ex) {
      throw fail("tensor '" + name + "': " + ex.what());
    }
  }
  std::stable_sort(st.tensors.begin(), st.tensors.end(), [&](auto& a, auto& b) {
    auto fa = std::find_if(order.begin(), order.end(), [&](auto& o) { return o.second == a.first; });
    auto fb = std::find_if(order.begin(), order.end(), [&](auto& o) { return o.second == b.first; });
    return fa->first < fb->first;
  });
  return st;
}

bool SafeTensors::has(const std::string& name) const {
  for (auto& kv : tensors) if (kv.first == name) return true;
  return false;
}

Tensor SafeTensors::get(const std::string& name) const {
  for (auto& kv : tensors) if (kv.first == name) return kv.second;
  std::string have;
  for (auto& kv : tensors) have += (have.empty() ? "" : ", ") + kv.first;
  throw std::runtime_error("no tensor '" + name + "' (have: " + have + ")");
}

void save_module(const std::string& path, const Module& m, const std::map<std::string, std::string>& metadata) {
  save_safetensors(path, m.state_dict(), metadata);
}

void load_module(const std::string& path, Module& m, bool strict) {
  SafeTensors st = load_safetensors(path);
  NamedTensors want = m.state_dict();
  NoGradGuard ng;
  for (auto& [name, t] : want) {
    if (!st.has(name)) {
      if (strict) throw std::runtime_error(path + ": missing tensor '" + name + "' " + t.shape().str());
      continue;
    }
    Tensor src = st.get(name);
    if (src.shape() != t.shape())
      throw std::runtime_error(path + ": tensor '" + name + "' has shape " + src.shape().str() +
                               ", the model expects " + t.shape().str());
    copy_(t, src.to(t.dtype()));
  }
  if (strict)
    for (auto& kv : st.tensors) {
      bool known = false;
      for (auto& w : want) known |= w.first == kv.first;
      if (!known) throw std::runtime_error(path + ": unexpected tensor '" + kv.first + "' not in the model");
    }
}

}  // namespace haad
