#!/usr/bin/env python3
"""Random RV32I programs for rtl/cpu and their expected end state.

usage: rv32i-ref.py SEED COUNT LEN OUTDIR
       rv32i-ref.py run FILE.hex    (print the end state of one program)

Writes OUTDIR/pN.hex (one little-endian word a line, word 0 at address 0,
for tb_cpu.v's $readmemh) and OUTDIR/pN.exp, the lines tb_cpu.v prints at
the end ("retired N", "xK VALUE", "mADDR VALUE", "trap PC INSN"), as a
small reference model of the ISA rules in rtl/cpu/README.md computes
them.  The programs are hazard-rich: a prologue sets x2..x31 (x1 is the
data base 0x2000 and is never overwritten), then LEN instructions drawn
mostly from six registers, with loads and stores in the window
0x2000..0x207f, forward branches, JAL and AUIPC+JALR, and a last
instruction that traps (EBREAK mostly; sometimes ECALL, an illegal word,
a misaligned load, store or jump).  Used by tests/e2e/t9002.
"""
import os
import random
import sys

M32 = 0xFFFFFFFF


def sx(v, bits):
    v &= (1 << bits) - 1
    return v - (1 << bits) if v >> (bits - 1) else v


def enc_r(f7, rs2, rs1, f3, rd, op=0x33):
    return (f7 << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op


def enc_i(imm, rs1, f3, rd, op):
    return ((imm & 0xFFF) << 20) | (rs1 << 15) | (f3 << 12) | (rd << 7) | op


def enc_s(imm, rs2, rs1, f3):
    imm &= 0xFFF
    return ((imm >> 5) << 25) | (rs2 << 20) | (rs1 << 15) | (f3 << 12) | \
        ((imm & 31) << 7) | 0x23


def enc_b(imm, rs2, rs1, f3):
    imm &= 0x1FFF
    return (((imm >> 12) & 1) << 31) | (((imm >> 5) & 63) << 25) | \
        (rs2 << 20) | (rs1 << 15) | (f3 << 12) | (((imm >> 1) & 15) << 8) | \
        (((imm >> 11) & 1) << 7) | 0x63


def enc_u(imm20, rd, op):
    return ((imm20 & 0xFFFFF) << 12) | (rd << 7) | op


def enc_j(imm, rd):
    imm &= 0x1FFFFF
    return (((imm >> 20) & 1) << 31) | (((imm >> 1) & 0x3FF) << 21) | \
        (((imm >> 11) & 1) << 20) | (((imm >> 12) & 0xFF) << 12) | \
        (rd << 7) | 0x6F


EBREAK = 0x00100073
ECALL = 0x00000073


def gen(rng, length):
    """A program: a list of words."""
    hot = rng.sample(range(2, 32), 6)

    def reg():
        r = rng.random()
        if r < 0.05:
            return 0
        if r < 0.75:
            return rng.choice(hot)
        return rng.randrange(2, 32)

    def rd():
        r = reg()
        return r if r != 1 else 2

    def imm12():
        r = rng.random()
        if r < 0.1:
            return rng.choice([0, 1, -1, 2047, -2048, 1024, 1055, -1024])
        if r < 0.2:
            return rng.randrange(1024, 1056)
        if r < 0.6:
            return rng.randrange(-16, 16)
        return rng.randrange(-2048, 2048)

    words = []
    fixups = []         # (index, kind, fields, target index)
    no_target = set()   # JALRs: their base is set by the AUIPC before
    for r in range(2, 32):
        words.append(enc_u(rng.randrange(1 << 20), r, 0x37))
        words.append(enc_i(imm12(), r, 0, r, 0x13))
    words.append(enc_u(2, 1, 0x37))              # x1 = 0x2000
    start = len(words)
    end = start + length                          # index of the last word
    last_load_rd = None
    while len(words) < end:
        i = len(words)
        k = rng.random()
        use = last_load_rd if (last_load_rd and rng.random() < 0.4) else None
        last_load_rd = None
        if k < 0.25:
            f3 = rng.randrange(8)
            f7 = 0x20 if f3 in (0, 5) and rng.random() < 0.5 else 0
            a, b = reg(), reg()
            if use is not None:
                a = use
            if rng.random() < 0.1:
                b = a
            words.append(enc_r(f7, b, a, f3, rd()))
        elif k < 0.5:
            f3 = rng.randrange(8)
            a = use if use is not None else reg()
            if f3 == 1:
                imm = rng.randrange(32)
            elif f3 == 5:
                imm = rng.randrange(32) | (0x400 if rng.random() < 0.5 else 0)
            else:
                imm = imm12()
            d = rd()
            if rng.random() < 0.1:
                d = a if a != 1 else d
            words.append(enc_i(imm, a, f3, d, 0x13))
        elif k < 0.55:
            words.append(enc_u(rng.randrange(1 << 20), rd(),
                               rng.choice([0x37, 0x17])))
        elif k < 0.70:
            f3 = rng.choice([0, 1, 2, 4, 5])
            size = {0: 1, 4: 1, 1: 2, 5: 2, 2: 4}[f3]
            off = rng.randrange(0, 128 // size) * size
            d = rd()
            words.append(enc_i(off, 1, f3, d, 0x03))
            last_load_rd = d if d != 0 else None
        elif k < 0.82:
            f3 = rng.choice([0, 1, 2])
            size = 1 << f3
            off = rng.randrange(0, 128 // size) * size
            v = use if use is not None else reg()
            words.append(enc_s(off, v, 1, f3))
        elif k < 0.92:
            f3 = rng.choice([0, 1, 4, 5, 6, 7])
            a = use if use is not None else reg()
            b = reg()
            if rng.random() < 0.1:
                b = a
            t = min(end, i + rng.randrange(1, 7))
            words.append(0)
            fixups.append((i, "b", (a, b, f3), t))
        elif k < 0.95:
            t = min(end, i + rng.randrange(1, 7))
            words.append(0)
            fixups.append((i, "j", rd(), t))
        elif k < 0.98 and len(words) + 2 <= end:
            base = rd()
            if base == 0:
                base = 2
            t = min(end, i + rng.randrange(2, 8))
            words.append(enc_u(0, base, 0x17))     # auipc base, 0
            words.append(0)
            fixups.append((i + 1, "r", (base, rd(), rng.choice([0, 0, 1])),
                           t))
            no_target.add(i + 1)
        else:
            words.append(rng.choice([0x0000000F, 0x0FF0000F, 0x0000100F]))
    for i, kind, f, t in fixups:
        while t in no_target:
            t += 1
        off = 4 * (t - i)
        if kind == "r":
            words[i] = enc_i(off + 4 + f[2], f[0], 0, f[1], 0x67)
        elif kind == "b":
            words[i] = enc_b(off, f[1], f[0], f[2])
        else:
            words[i] = enc_j(off, f)
    k = rng.random()
    if k < 0.7:
        last = EBREAK
    elif k < 0.75:
        last = ECALL
    elif k < 0.8:
        last = rng.choice([0, 0x340091F3, 0x022081B3, 0xFFFFFFFF])
    elif k < 0.87:
        last = enc_i(rng.choice([1, 2, 3]), 1, 2, 5, 0x03)       # lw
    elif k < 0.93:
        last = enc_s(rng.choice([1, 3]), 5, 1, 1)                # sh
    else:
        last = enc_i(6, 0, 0, 5, 0x67)                           # jalr 6
    words.append(last)
    return words


def run(words, max_steps=100000):
    """Execute; return (retired, x, mem bytes, trap pc, trap insn)."""
    mem = bytearray(65536)
    for n, w in enumerate(words):
        mem[4 * n:4 * n + 4] = w.to_bytes(4, "little")
    x = [0] * 32
    pc = 0
    retired = 0

    def ld(a, size):
        a &= 0xFFFF
        return int.from_bytes(mem[a:a + size], "little")

    def st(a, size, v):
        a &= 0xFFFF
        mem[a:a + size] = (v & ((1 << (8 * size)) - 1)).to_bytes(size,
                                                                 "little")

    while retired < max_steps:
        insn = ld(pc & ~3, 4)
        op = insn & 0x7F
        rd = (insn >> 7) & 31
        f3 = (insn >> 12) & 7
        a = x[(insn >> 15) & 31]
        b = x[(insn >> 20) & 31]
        f7 = insn >> 25
        ii = sx(insn >> 20, 12)
        npc = (pc + 4) & M32
        val = None
        trap = False
        retired += 1
        if op == 0x37:
            val = insn & 0xFFFFF000
        elif op == 0x17:
            val = (pc + (insn & 0xFFFFF000)) & M32
        elif op == 0x6F:
            imm = sx(((insn >> 31) << 20) | (((insn >> 12) & 0xFF) << 12) |
                     (((insn >> 20) & 1) << 11) |
                     (((insn >> 21) & 0x3FF) << 1), 21)
            t = (pc + imm) & M32
            if t & 3:
                trap = True
            else:
                val, npc = (pc + 4) & M32, t
        elif op == 0x67 and f3 == 0:
            t = (a + ii) & M32 & ~1
            if t & 3:
                trap = True
            else:
                val, npc = (pc + 4) & M32, t
        elif op == 0x63 and f3 not in (2, 3):
            imm = sx(((insn >> 31) << 12) | (((insn >> 7) & 1) << 11) |
                     (((insn >> 25) & 63) << 5) | (((insn >> 8) & 15) << 1),
                     13)
            sa, sb = sx(a, 32), sx(b, 32)
            take = {0: a == b, 1: a != b, 4: sa < sb, 5: sa >= sb,
                    6: a < b, 7: a >= b}[f3]
            if take:
                t = (pc + imm) & M32
                if t & 3:
                    trap = True
                else:
                    npc = t
        elif op == 0x03 and f3 in (0, 1, 2, 4, 5):
            addr = (a + ii) & M32
            size = {0: 1, 4: 1, 1: 2, 5: 2, 2: 4}[f3]
            if addr & (size - 1):
                trap = True
            else:
                v = ld(addr, size)
                val = sx(v, 8 * size) & M32 if f3 < 4 else v
        elif op == 0x23 and f3 in (0, 1, 2):
            addr = (a + sx(((insn >> 25) << 5) | rd, 12)) & M32
            size = 1 << f3
            if addr & (size - 1):
                trap = True
            else:
                st(addr, size, b)
        elif op == 0x13 and not (f3 == 1 and f7 != 0) and \
                not (f3 == 5 and f7 not in (0, 0x20)):
            sh = ii & 31
            val = {0: a + ii, 2: int(sx(a, 32) < ii), 3: int(a < (ii & M32)),
                   4: a ^ ii, 6: a | ii, 7: a & ii, 1: a << sh,
                   5: (sx(a, 32) >> sh) if f7 else (a >> sh)}[f3] & M32
        elif op == 0x33 and (f7 == 0 or (f7 == 0x20 and f3 in (0, 5))):
            sh = b & 31
            val = {0: (a - b) if f7 else (a + b), 1: a << sh,
                   2: int(sx(a, 32) < sx(b, 32)), 3: int(a < b), 4: a ^ b,
                   5: (sx(a, 32) >> sh) if f7 else (a >> sh),
                   6: a | b, 7: a & b}[f3] & M32
        elif op == 0x0F and f3 in (0, 1):
            pass
        else:
            trap = True
        if trap:
            return retired, x, mem, pc, insn
        if val is not None and rd != 0:
            x[rd] = val
        pc = npc
    return retired, x, mem, None, None


def end_state(f, words):
    retired, x, mem, tpc, tinsn = run(words)
    f.write("retired %d\n" % retired)
    for r in range(1, 32):
        f.write("x%d %08x\n" % (r, x[r]))
    for a in range(0x2000, 0x2080, 4):
        f.write("m%04x %08x\n" % (a, int.from_bytes(mem[a:a + 4], "little")))
    if tpc is None:
        f.write("timeout\n")
    else:
        f.write("trap %08x %08x\n" % (tpc, tinsn))


def usage():
    sys.stderr.write("usage: rv32i-ref.py SEED COUNT LEN OUTDIR | "
                     "run FILE.hex\n")
    return 2


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "run":
        with open(sys.argv[2]) as f:
            words = [int(line, 16) for line in f if line.strip()]
        end_state(sys.stdout, words)
        return 0
    if len(sys.argv) != 5:
        return usage()
    try:
        seed, count, length = (int(v) for v in sys.argv[1:4])
    except ValueError:
        return usage()
    out = sys.argv[4]
    rng = random.Random(seed)
    for n in range(count):
        words = gen(rng, length)
        with open(os.path.join(out, "p%d.hex" % n), "w") as f:
            for w in words:
                f.write("%08x\n" % w)
        with open(os.path.join(out, "p%d.exp" % n), "w") as f:
            end_state(f, words)
    return 0


if __name__ == "__main__":
    sys.exit(main())
