/* haad: few-shot human action anomaly detection, the C ABI.
 *
 * Opaque handles, status codes and a per-thread error message; no exceptions
 * or C++ types cross this boundary. Clips are caller-owned float buffers of
 * frames x joints x 3 (x, y, z per joint, y up), row-major, copied in.
 *
 *   haad_detector* d;
 *   if (haad_detector_load("model.safetensors", NULL, &d) != HAAD_OK) puts(haad_last_error());
 *   haad_detector_set_support(d, clips, frames, k);      // K normal clips of a category
 *   haad_detector_score(d, clip, frames, &score);        // 1 - max cosine: higher = more anomalous
 *   haad_detector_free(d);
 *
 * Thread safety: after set_support, scoring, embedding and streams on one
 * detector may run from any number of threads at once; set_support must not
 * run concurrently with them. haad_last_error() is per thread.
 */
#ifndef HAAD_HAAD_H
#define HAAD_HAAD_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define HAAD_API __declspec(dllexport)
#else
#define HAAD_API __attribute__((visibility("default")))
#endif

typedef enum haad_status {
  HAAD_OK = 0,
  HAAD_ERROR_INVALID_ARGUMENT = 1, /* a null pointer, a bad size, an option out of range */
  HAAD_ERROR_IO = 2,               /* a file cannot be read, or is not a haad model */
  HAAD_ERROR_BAD_CLIP = 3,         /* a clip fails the sanity checks or has the wrong joint count */
  HAAD_ERROR_STATE = 4,            /* e.g. scoring before set_support */
  HAAD_ERROR_INTERNAL = 5          /* anything else (out of memory, a device error) */
} haad_status;

typedef struct haad_detector haad_detector;
typedef struct haad_stream haad_stream;

/* "0.4.0": the library's version (the same as haad info's) */
HAAD_API const char* haad_version(void);
/* the message of the last failed call on this thread ("" when none); valid until the next call */
HAAD_API const char* haad_last_error(void);
HAAD_API const char* haad_status_name(haad_status s);

/* model: an encoder checkpoint from `haad train`. skeleton_json: NULL for the
 * built-in skeletons, else the skeleton.json of the generic-layout data the
 * model was trained on. */
HAAD_API haad_status haad_detector_load(const char* model, const char* skeleton_json, haad_detector** out);
HAAD_API void haad_detector_free(haad_detector* d);
HAAD_API int haad_detector_joints(const haad_detector* d);
HAAD_API int haad_detector_embedding_dim(const haad_detector* d);
/* "max" (default), "knn", "mahalanobis", "mean-l2" or "hybrid" (embedding + raw DCT, contrastive/score.h) */
HAAD_API haad_status haad_detector_set_score_mode(haad_detector* d, const char* mode);
/* Variants of each support clip that join the support set, comma-separated: mirror (left/right),
 * head, tail (the first / last 85% of the frames), rot+15, rot-15; "none" or "" for none.
 * Default "mirror,head,tail" (chosen on validation). */
HAAD_API haad_status haad_detector_set_support_variants(haad_detector* d, const char* list);
/* on (default 1): adds or removes the mirror variant; 0 when the side an action is done with
 * is what matters */
HAAD_API haad_status haad_detector_set_support_mirror(haad_detector* d, int on);

/* clips[i] points to frames[i] x joints x 3 floats */
HAAD_API haad_status haad_detector_set_support(haad_detector* d, const float* const* clips, const int* frames, int n);
HAAD_API haad_status haad_detector_score(const haad_detector* d, const float* clip, int frames, double* score);
/* n clips in one call (one batch through the encoder); scores[i] for clips[i] */
HAAD_API haad_status haad_detector_score_batch(const haad_detector* d, const float* const* clips, const int* frames, int n,
                                               double* scores);
/* out: embedding_dim floats, unit length */
HAAD_API haad_status haad_detector_embed(const haad_detector* d, const float* clip, int frames, float* out, int out_len);

/* Live scoring: push one frame (joints x 3 floats) at a time. When a window of
 * `window` frames is complete (every `stride` frames), *has_score is 1 and
 * score/start/end describe it. haad_stream_finish at the end of input gives the
 * window reaching the last frame, if the stride left it uncovered. Memory is
 * bounded by the window. The detector must outlive the stream. */
HAAD_API haad_status haad_stream_open(const haad_detector* d, int window, int stride, haad_stream** out);
HAAD_API haad_status haad_stream_push(haad_stream* s, const float* frame, int* has_score, double* score, int64_t* start,
                                      int64_t* end);
HAAD_API haad_status haad_stream_finish(haad_stream* s, int* has_score, double* score, int64_t* start, int64_t* end);
HAAD_API void haad_stream_free(haad_stream* s);

#ifdef __cplusplus
}
#endif
#endif /* HAAD_HAAD_H */
