#!/bin/sh
# The README's first command: install the Debian packages, build, and run
# the main job offline (the NPU gate and a bench over shipped samples).
# Arguments go to scripts/deps.sh (--with-browser, --yes).
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$top/build}
"$top/scripts/deps.sh" "$@"
"$top/scripts/build.sh"
cd "$build"
make demo
echo
echo "hwforge is built in $build but not installed.  To type 'hwforge' and"
echo "read its man pages in this shell:"
echo
echo "  export PATH=\"$build:\$PATH\""
echo "  man -l \"$top/doc/hwforge.1\"    # and doc/hwforge-<command>.1"
echo
echo "(or 'make install' from $build, into /usr/local by default)"
