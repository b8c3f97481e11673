// A C++ consumer of libhaad (linked statically) through haad.hpp: score a
// recorded clip as a live stream, frame by frame.
//   stream_cpp MODEL.safetensors WINDOW STRIDE CLIP.npy SUPPORT.npy...
// Prints "START END SCORE" per window, as `haad stream` would.
#include <cstdio>
#include <cstdlib>
#include "haad/haad.hpp"
extern "C" {
#include "npy.h"
}

static haad::client::Clip read(const char* path) {
  int t = 0, j = 0;
  float* p = npy_read_clip(path, &t, &j);
  if (!p) throw std::runtime_error(std::string(path) + ": cannot read");
  haad::client::Clip c{t, std::vector<float>(p, p + (size_t)t * j * 3)};
  std::free(p);
  return c;
}

int main(int argc, char** argv) {
  if (argc < 6) {
    std::fprintf(stderr, "usage: %s MODEL WINDOW STRIDE CLIP.npy SUPPORT.npy...\n", argv[0]);
    return 2;
  }
  try {
    haad::client::Detector det(argv[1]);
    std::vector<haad::client::Clip> sup;
    for (int i = 5; i < argc; ++i) sup.push_back(read(argv[i]));
    det.set_support(sup);
    haad::client::Clip clip = read(argv[4]);
    haad::client::Stream st(det, std::atoi(argv[2]), std::atoi(argv[3]));
    haad::client::Window w;
    const size_t frame = (size_t)det.joints() * 3;
    for (int t = 0; t < clip.frames; ++t)
      if (st.push(clip.xyz.data() + t * frame, w)) std::printf("%lld %lld %.9g\n", (long long)w.start, (long long)w.end, w.score);
    if (st.finish(w)) std::printf("%lld %lld %.9g\n", (long long)w.start, (long long)w.end, w.score);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
  return 0;
}
