#!/bin/sh
# The README's first command: install the Debian packages, build, and run
# the main job offline (the NPU gate and a bench over shipped samples).
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/deps.sh"
"$top/scripts/build.sh"
cd "${BUILD_DIR:-$top/build}"
make demo
