#!/bin/sh
# Configure and build hwforge out of tree in ./build (or $BUILD_DIR).
# Extra arguments go to configure (e.g. --enable-werror).
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$top/build}
cd "$top"
test -x configure && test configure -nt configure.ac || autoreconf -fi
mkdir -p "$build"
cd "$build"
test -f Makefile || "$top/configure" "$@"
make -j"$(nproc)"
