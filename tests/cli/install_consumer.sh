#!/usr/bin/env bash
# An installed haad used from outside the tree: `cmake --install`, the examples
# configured with find_package(haad CONFIG) (C on libhaad.so, C++ on libhaad.a),
# the C example built again with pkg-config alone; its scores must equal
# `haad score`'s for the same model and clips, and the C++ streaming example's
# windows `haad stream`'s and `haad score --window`'s.
#   tests/cli/install_consumer.sh BUILD_DIR SOURCE_DIR DATA_ROOT
set -euo pipefail
build="$1"; src="$2"; data="$3"
if [ ! -d "$data/msr_action3d" ]; then echo "SKIP: $data/msr_action3d not found"; exit 77; fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# two "FILE SCORE" lists: the same files in order, scores within 5e-6 relative (floor 1e-3)
same_scores() {
  paste -d' ' "$1" "$2" | awk '{ d = $2 - $4; if (d < 0) d = -d; if ($1 != $3 || d > 5e-6 * ($2 > 1e-3 ? $2 : 1e-3)) { print "FAIL:", $0; bad = 1 } } END { exit bad }'
}
haad="$build/haad"
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
for f in bin/haad lib/libhaad.a lib/libhaad.so include/haad/haad.h include/haad/haad.hpp lib/cmake/haad/haadConfig.cmake lib/pkgconfig/haad.pc; do
  [ -e "$tmp/prefix/$f" ] || fail "not installed: $f"
done
cmake -S "$src/examples" -B "$tmp/ex" -DCMAKE_PREFIX_PATH="$tmp/prefix" -DCMAKE_BUILD_TYPE=Release >"$tmp/ex.log" 2>&1 || { cat "$tmp/ex.log"; fail "configure examples"; }
cmake --build "$tmp/ex" -j2 >>"$tmp/ex.log" 2>&1 || { cat "$tmp/ex.log"; fail "build examples"; }
# pkg-config alone, no CMake
PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig" cc -O2 "$src/examples/score.c" -I"$src/examples" \
  $(PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig" pkg-config --cflags --libs haad) -o "$tmp/score_pc" || fail "pkg-config build"

# a model and clips
"$haad" train --dataset msr --path "$data/msr_action3d" --steps 5 --out "$tmp/m.safetensors" >/dev/null
"$haad" convert --dataset msr "$data/msr_action3d" "$tmp/g" >/dev/null
sup=$(ls "$tmp/g/clips"/a05_s0[13]_e0[12].npy | tr '\n' ' ')
test=$(ls "$tmp/g/clips"/a0[5-7]_s0[68]_e01.npy | tr '\n' ' ')
export LD_LIBRARY_PATH="$tmp/prefix/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
"$haad" score --model "$tmp/m.safetensors" --support "$(echo $sup | tr ' ' ',')" --clips "$(echo $test | tr ' ' ',')" \
  --format csv | tail -n +2 | awk -F, '{print $1, $4}' > "$tmp/cli.txt"
"$tmp/ex/score_c" "$tmp/m.safetensors" $sup -- $test > "$tmp/c.txt"
"$tmp/score_pc" "$tmp/m.safetensors" $sup -- $test > "$tmp/pc.txt"
[ "$(wc -l < "$tmp/c.txt")" = "$(wc -l < "$tmp/cli.txt")" ] && [ -s "$tmp/c.txt" ] || fail "row counts: $(cat "$tmp/c.txt")"
# equal to the CLI's printed precision (6 significant digits in its CSV)
same_scores "$tmp/cli.txt" "$tmp/c.txt" || fail "C example scores differ from haad score"
cmp -s "$tmp/c.txt" "$tmp/pc.txt" || fail "the pkg-config build gives other scores"
# the support variants through the installed C ABI agree with the CLI's --support-variants
"$haad" score --model "$tmp/m.safetensors" --support "$(echo $sup | tr ' ' ',')" --clips "$(echo $test | tr ' ' ',')" \
  --support-variants mirror --format csv | tail -n +2 | awk -F, '{print $1, $4}' > "$tmp/cli_m.txt"
SCORE_SUPPORT_VARIANTS=mirror "$tmp/ex/score_c" "$tmp/m.safetensors" $sup -- $test > "$tmp/c_m.txt"
same_scores "$tmp/cli_m.txt" "$tmp/c_m.txt" \
  || fail "C example scores with SCORE_SUPPORT_VARIANTS=mirror differ from haad score --support-variants mirror"
cmp -s "$tmp/c.txt" "$tmp/c_m.txt" && fail "the support variants changed no score"
SCORE_SUPPORT_VARIANTS=sideways "$tmp/ex/score_c" "$tmp/m.safetensors" $sup -- $test > /dev/null 2> "$tmp/err.txt" \
  && fail "an unknown support variant must fail"
grep -q "sideways" "$tmp/err.txt" || fail "the error does not name the variant: $(cat "$tmp/err.txt")"

# streaming: the C++ example (static library), haad stream and haad score --window agree
clip=$(ls "$tmp/g/clips"/a06_s06_e01.npy)
"$tmp/ex/stream_cpp" "$tmp/m.safetensors" 20 7 "$clip" $sup > "$tmp/cpp_stream.txt"
hdr=$(( $(od -An -tu2 -j8 -N2 "$clip" | tr -d ' ') + 10 ))
tail -c +$((hdr + 1)) "$clip" | "$haad" stream --binary --model "$tmp/m.safetensors" --support "$(echo $sup | tr ' ' ',')" \
  --window 20 --stride 7 | sed 's/[{}",:]/ /g' | awk '{print $2, $4, $6}' > "$tmp/cli_stream.txt"
"$haad" score --model "$tmp/m.safetensors" --support "$(echo $sup | tr ' ' ',')" --clips "$clip" --window 20 --stride 7 \
  --format csv | tail -n +2 | awk -F, '{print $2, $3, $4}' > "$tmp/cli_window.txt"
[ -s "$tmp/cpp_stream.txt" ] || fail "no windows from the C++ example"
cmp -s "$tmp/cpp_stream.txt" "$tmp/cli_stream.txt" || { paste "$tmp/cpp_stream.txt" "$tmp/cli_stream.txt"; fail "C++ stream != haad stream"; }
paste -d' ' "$tmp/cli_stream.txt" "$tmp/cli_window.txt" | awk '{ d = $3 - $6; if (d < 0) d = -d; if ($1 != $4 || $2 != $5 || d > 5e-6) { print "FAIL:", $0; bad = 1 } } END { exit bad }' \
  || fail "haad stream != haad score --window"
# text input, and a malformed line named by its number
# text input: the same windows as binary input to 6 digits (od prints floats rounded), and a
# malformed line named by its number (output captured first: grep -q may close a pipe early)
od -An -v -tf4 -w240 -j"$hdr" "$clip" | "$haad" stream --model "$tmp/m.safetensors" --support "$(echo $sup | tr ' ' ',')" \
  --window 20 --stride 7 | sed 's/[{}",:]/ /g' | awk '{print $2, $4}' > "$tmp/text_stream.txt"
awk '{print $1, $2}' "$tmp/cli_stream.txt" | cmp -s - "$tmp/text_stream.txt" || fail "text input gives other windows"
out=$(printf '# a comment\n1 2 3\n' | "$haad" stream --model "$tmp/m.safetensors" --support "$(echo $sup | tr ' ' ',')" --window 20 2>&1 || true)
grep -q "stdin: line 2: 3 numbers, a frame has 60" <<<"$out" || fail "malformed line not named: $out"
echo "install_consumer: all checks passed"
