#!/bin/sh
# Install the Debian (bookworm) packages hwforge needs to build and test.
# Used by scripts/demo.sh (the README's first command) and .ci/run.
set -e
PKGS="autoconf automake libtool pkg-config make gcc
      iverilog yosys verilator z3 bubblewrap python3
      libcurl4-openssl-dev libcjson-dev libgit2-dev
      chromium qemu-user binutils-riscv64-unknown-elf g++"
missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
if test -n "$missing"; then
	SUDO=
	test "$(id -u)" = 0 || SUDO=sudo
	echo "installing:$missing"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq \
		--no-install-recommends $missing
fi
