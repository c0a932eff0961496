#!/bin/sh
# Install the Debian (bookworm) packages hwforge needs to build and test.
# Used by scripts/bootstrap.sh (the README's first command) and .ci/run.
#
# Usage: scripts/deps.sh [--with-browser] [--yes] [--list]
#   --with-browser  also install Chromium (about 0.5 GB with its
#                   libraries); only the HTML report tests use it, and
#                   they skip without it (CI passes this; so does
#                   HWFORGE_WITH_BROWSER=1)
#   --yes           do not ask before installing (also when stdin is not
#                   a terminal, or CI is set)
#   --list          print what would be installed and exit
# It says what it will install and why before doing anything, runs
# apt-get through sudo when not root (and says so), and keeps apt's
# output in a log file whose path it prints if something fails.
set -e
top=$(cd "$(dirname "$0")/.." && pwd)
browser=${HWFORGE_WITH_BROWSER:-0}
yes=0
list=0
for a in "$@"; do
	case $a in
	--with-browser) browser=1 ;;
	--yes | -y) yes=1 ;;
	--list) list=1 ;;
	-h | --help)
		sed -n '2,15s/^# \{0,1\}//p' "$0"
		exit 0
		;;
	*)
		echo "deps.sh: unknown option '$a' (try --help)" >&2
		exit 2
		;;
	esac
done

# "why: packages", one group a line
groups="build: autoconf automake libtool pkg-config make gcc libcurl4-openssl-dev libcjson-dev libgit2-dev
checking tools (simulate, synthesize, prove): iverilog yosys verilator z3
sandbox for LLM-written code: bubblewrap
test scripts and the test LLM server: python3
man pages (man -l doc/hwforge.1): man-db
processor fuzzer (reference ISS, cross toolchain): g++ qemu-user binutils-riscv64-unknown-elf gcc-riscv64-unknown-elf
fuzz harnesses (make fuzz, libFuzzer): clang libclang-rt-14-dev
patch tests and the git-history miner's tests: git patch"
if test "$browser" = 1; then
	groups="$groups
HTML report tests (--with-browser): chromium"
fi

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"
}

missing=
plan=
nl='
'
IFS_SAVE=$IFS
IFS=$nl
for g in $groups; do
	IFS=$IFS_SAVE
	why=${g%%:*}
	need=
	for p in ${g#*:}; do
		installed "$p" || need="$need $p"
	done
	if test -n "$need"; then
		missing="$missing$need"
		plan="$plan  $why:$need$nl"
	fi
	IFS=$nl
done
IFS=$IFS_SAVE

if test -z "$missing"; then
	echo "deps: every package hwforge needs is installed"
	test "$browser" = 1 || installed chromium ||
		echo "deps: (no Chromium: the HTML report tests will skip;" \
			"--with-browser installs it)"
	exit 0
fi

SUDO=
if test "$(id -u)" != 0; then
	if ! command -v sudo >/dev/null 2>&1; then
		echo "deps: not root and no sudo: install these as root:" >&2
		echo "  apt-get install --no-install-recommends$missing" >&2
		exit 1
	fi
	SUDO=sudo
fi

echo "deps: hwforge needs these Debian packages, not installed yet:"
printf '%s' "$plan"
test "$browser" = 1 ||
	echo "  (not Chromium: only the HTML report tests need it; add --with-browser)"
if test "$list" = 1; then
	exit 0
fi
echo "deps: this runs apt-get update and apt-get install${SUDO:+ through sudo (you are not root)}."

log=${HWFORGE_DEPS_LOG:-$top/build/deps.log}
mkdir -p "$(dirname "$log")"
: >"$log"
fail() {
	echo "deps: $1 failed; apt's output is in $log; its last lines:" >&2
	tail -n 15 "$log" | sed 's/^/  /' >&2
	exit 1
}

$SUDO apt-get update >>"$log" 2>&1 || fail "apt-get update"
# the download size, from the URIs apt would fetch
mb=$(apt-get install --no-install-recommends --print-uris -qq $missing \
	2>>"$log" | awk '{s += $3} END {printf "%d", s / 1048576}')
echo "deps: about $mb MB to download (more once unpacked); apt's output goes to $log"
if test "$yes" = 0 && test -t 0 && test -z "$CI"; then
	printf 'deps: install now? [Y/n] '
	read -r answer || answer=n
	case $answer in
	"" | y | Y | yes) ;;
	*)
		echo "deps: nothing installed"
		exit 1
		;;
	esac
fi
echo "deps: installing..."
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	--no-install-recommends $missing >>"$log" 2>&1 ||
	fail "apt-get install"
echo "deps: done"
