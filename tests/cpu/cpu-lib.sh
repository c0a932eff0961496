# Shell helpers for the rtl/cpu tests (t9001, t9002): assemble a directed
# program into the testbench's $readmemh format, and check a testbench
# output against the program's "# expect" comments.  Source it after
# lib.sh.
RVAS="riscv64-unknown-elf-as -march=rv32i -mabi=ilp32"

# asm NAME.S: NAME.hex (one little-endian word a line) and NAME.elf
asm() {
	n=$(basename "$1" .S)
	$RVAS -o "$n.o" "$1" &&
	riscv64-unknown-elf-ld -m elf32lriscv -Ttext=0 -e 0 -o "$n.elf" \
		"$n.o" 2>"$n.ld" &&
	riscv64-unknown-elf-objcopy -O binary "$n.elf" "$n.bin" &&
	od -An -v -tx1 "$n.bin" | awk '{
		for (i = 1; i <= NF; i++) {
			b[n % 4] = $i; n++
			if (n % 4 == 0) print b[3] b[2] b[1] b[0]
		} }
		END { if (n % 4 != 0) exit 1 }' >"$n.hex" &&
	test -s "$n.hex"
}

# check S OUT: every expectation in S holds in OUT; no FATAL line
check() {
	grep "^# expect " "$1" >exp.$$ && test -s exp.$$ || {
		echo "$1: no expectations"; return 1; }
	bad=0
	while read -r _ _ k v; do
		case $k in
		trap) pat="^trap [0-9a-f]\{8\} $v\$" ;;
		*) pat="^$k $v\$" ;;
		esac
		grep -q "$pat" "$2" || {
			echo "$(basename "$1"): want $k $v, got:" \
				"$(grep "^$k " "$2" || grep "^timeout" "$2")"
			bad=1
		}
	done <exp.$$
	rm -f exp.$$
	! grep "FATAL" "$2" && test $bad = 0
}


# tb DEFINE: tb-DEFINE.vvp (DEFINE "none": the reference core)
tb() {
	d=
	test "$1" = none || d=-D$1
	iverilog -g2005 -Wall $d -o "tb-$1.vvp" "$CPU/tb/tb_cpu.v" \
		"$CPU/hf_cpu.v"
}

# sig OUT: the end-state lines of a testbench output (what
# tests/cpu/rv32i-ref.py writes)
sig() {
	grep -E '^(retired|x[0-9]|m[0-9a-f]{4} |trap|timeout|FATAL)' "$1"
}
