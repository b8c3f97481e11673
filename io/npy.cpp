#include "io/npy.h"
#include <cstring>
#include <fstream>
#include <stdexcept>
#include "nn/checkpoint.h"

namespace haad {

static std::runtime_error err(const std::string& name, const std::string& m) { return std::runtime_error(name + ": " + m); }

// value of 'key' in the header dict, as raw text up to the next top-level comma/brace
static std::string header_field(const std::string& h, const std::string& key, const std::string& name) {
  size_t k = h.find("'" + key + "'");
  if (k == std::string::npos) throw err(name, "npy header has no '" + key + "'");
  size_t c = h.find(':', k);
  if (c == std::string::npos) throw err(name, "npy header malformed near '" + key + "'");
  size_t i = c + 1;
  while (i < h.size() && h[i] == ' ') ++i;
  size_t j = i;
  if (j < h.size() && h[j] == '(') {
    j = h.find(')', j);
    if (j == std::string::npos) throw err(name, "npy header: unterminated shape tuple");
    return h.substr(i, j - i + 1);
  }
  while (j < h.size() && h[j] != ',' && h[j] != '}') ++j;
  return h.substr(i, j - i);
}

NpyArray npy_parse(const uint8_t* b, size_t n, const std::string& name) {
  if (n < 10 || std::memcmp(b, "\x93NUMPY", 6) != 0) throw err(name, "not a .npy file (bad magic)");
  int major = b[6];
  size_t hlen, hstart;
  if (major == 1) {
    hlen = b[8] | (b[9] << 8);
    hstart = 10;
  } else if (major == 2 || major == 3) {
    if (n < 12) throw err(name, "truncated .npy header");
    hlen = (size_t)b[8] | ((size_t)b[9] << 8) | ((size_t)b[10] << 16) | ((size_t)b[11] << 24);
    hstart = 12;
  } else {
    throw err(name, "unsupported .npy version " + std::to_string(major));
  }
  if (hlen > (1u << 20) || hstart + hlen > n) throw err(name, "truncated .npy header (header length " + std::to_string(hlen) + ")");
  std::string h((const char*)b + hstart, hlen);
  std::string descr = header_field(h, "descr", name), order = header_field(h, "fortran_order", name);
  std::string shape = header_field(h, "shape", name);
  size_t item;
  bool f64;
  if (descr == "'<f4'" || descr == "'=f4'") { item = 4; f64 = false; }
  else if (descr == "'<f8'" || descr == "'=f8'") { item = 8; f64 = true; }
  else throw err(name, "unsupported dtype " + descr + " (haad reads little-endian float32 '<f4' or float64 '<f8')");
  if (order.find("False") == std::string::npos) throw err(name, "Fortran-order arrays are not supported (save with C order)");
  NpyArray a;
  if (shape.size() < 2 || shape.front() != '(' || shape.back() != ')') throw err(name, "bad shape " + shape);
  std::string inner = shape.substr(1, shape.size() - 2);
  size_t p = 0;
  double numel = 1;
  while (p < inner.size()) {
    while (p < inner.size() && (inner[p] == ' ' || inner[p] == ',')) ++p;
    if (p >= inner.size()) break;
    if (inner[p] < '0' || inner[p] > '9') throw err(name, "bad shape " + shape);
    int64_t v = 0;
    while (p < inner.size() && inner[p] >= '0' && inner[p] <= '9') {
      v = v * 10 + (inner[p++] - '0');
      if (v > (int64_t)1 << 40) throw err(name, "absurd dimension in shape " + shape);
    }
    a.shape.push_back(v);
    numel *= (double)v;
  }
  if (a.shape.size() > 6) throw err(name, "more than 6 dims in shape " + shape);
  size_t data_bytes = n - hstart - hlen;
  if (numel * item != (double)data_bytes)
    throw err(name, "shape " + shape + " needs " + std::to_string((long long)(numel * item)) + " bytes of data, file has " +
                        std::to_string(data_bytes) + (numel * item > data_bytes ? " (truncated)" : ""));
  const uint8_t* d = b + hstart + hlen;
  size_t cnt = (size_t)numel;
  a.data.resize(cnt);
  if (!f64) {
    std::memcpy(a.data.data(), d, cnt * 4);
  } else {
    for (size_t i = 0; i < cnt; ++i) {
      double v;
      std::memcpy(&v, d + 8 * i, 8);
      a.data[i] = (float)v;
    }
  }
  return a;
}

NpyArray npy_load(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error(path + ": cannot open");
  std::string s((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  return npy_parse((const uint8_t*)s.data(), s.size(), path);
}

std::string npy_encode(const std::vector<int64_t>& shape, const float* data) {
  std::string sh = "(";
  size_t n = 1;
  for (size_t i = 0; i < shape.size(); ++i) {
    sh += std::to_string(shape[i]) + (shape.size() == 1 || i + 1 < shape.size() ? "," : "");
    if (i + 1 < shape.size()) sh += " ";
    n *= (size_t)shape[i];
  }
  sh += ")";
  std::string h = "{'descr': '<f4', 'fortran_order': False, 'shape': " + sh + ", }";
  while ((10 + h.size() + 1) % 64) h += ' ';
  h += '\n';
  std::string out = "\x93NUMPY";
  out += (char)1;
  out += (char)0;
  out += (char)(h.size() & 0xff);
  out += (char)(h.size() >> 8);
  out += h;
  out.append((const char*)data, n * 4);
  return out;
}

void npy_save(const std::string& path, const std::vector<int64_t>& shape, const float* data) {
  write_file_atomic(path, npy_encode(shape, data));
}

}  // namespace haad
