#!/bin/sh
# The README's test command: build (if needed) and run the whole test suite.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/build.sh" "$@"
cd "${BUILD_DIR:-$top/build}"
make -j"$(nproc)" check
