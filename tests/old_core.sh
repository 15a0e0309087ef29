#!/usr/bin/env bash
# Builds the pure-C core of another commit as one object whose global
# symbols all carry the prefix old_ (old_rg_classify(), ...), so that it
# links into one program with the current core: tests/fuzz_diff.sh and
# bench/classify --against compare the two.
#
#   tests/old_core.sh COMMIT OUTDIR [CMAKE_ARGS...]
#
# The commit's own CMakeLists.txt builds its rg_core library (with
# CMAKE_ARGS, e.g. the compiler and its flags); the archive is linked into
# OUTDIR/old_core.o (ld -r) and every symbol it defines is renamed
# (objcopy --redefine-syms). Prints the object's path.
set -euo pipefail
. "$(dirname "$0")/../scripts/env.sh"

[ $# -ge 2 ] || die "usage: tests/old_core.sh COMMIT OUTDIR [CMAKE_ARGS...]"
commit="$1"
out="$2"
shift 2

sha="$(git -C "$RG_ROOT" rev-parse --verify "$commit^{commit}")" ||
  die "no such commit: $commit"
rm -rf "$out/src"
mkdir -p "$out/src"
# what a standalone configure of that commit reads (the paths it has)
paths="$(git -C "$RG_ROOT" ls-tree --name-only "$sha" CMakeLists.txt include \
  plugin/core tests bench tools)"
# shellcheck disable=SC2086
git -C "$RG_ROOT" archive "$sha" $paths | tar -x -C "$out/src"
cmake -S "$out/src" -B "$out/build" "$@" > "$out/cmake.log" 2>&1 ||
  die "configuring $commit failed; log: $out/cmake.log"
cmake --build "$out/build" --target rg_core -j "$(nproc)" \
  > "$out/build.log" 2>&1 || die "building $commit failed; log: $out/build.log"
lib="$(find "$out/build" -name librg_core.a | head -1)"
[ -n "$lib" ] || die "no librg_core.a in $out/build"

ld -r --whole-archive "$lib" -o "$out/old_core.o"
nm -g --defined-only "$out/old_core.o" | awk '{ print $3, "old_" $3 }' \
  > "$out/old_core.syms"
objcopy --redefine-syms="$out/old_core.syms" "$out/old_core.o"
echo "$out/old_core.o"
