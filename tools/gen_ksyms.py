#!/usr/bin/env python3
"""Turn `nm -n` output of the kernel into the assembly of its symbol table.

Reads nm's lines ("ADDRESS TYPE NAME") on stdin and writes, to stdout, a
.ksyms section with the text symbols sorted by address: ksyms_num,
ksyms_addr[], ksyms_name_off[] and the names. With empty input it writes an
empty table (used for the first link).
"""
import sys


def main():
    syms = []
    for line in sys.stdin:
        parts = line.split()
        if len(parts) != 3 or parts[1] not in "tT":
            continue
        addr, name = int(parts[0], 16), parts[2]
        if addr >= 0xffffffff80000000:
            syms.append((addr, name))
    syms.sort()
    out = ['\t.section .ksyms, "a"', "\t.balign 8"]
    out += ["\t.globl ksyms_num", "ksyms_num:", f"\t.quad {len(syms)}"]
    out += ["\t.globl ksyms_addr", "ksyms_addr:"]
    out += [f"\t.quad {a:#x}" for a, _ in syms]
    out += ["\t.globl ksyms_name_off", "ksyms_name_off:"]
    off = 0
    for _, name in syms:
        out.append(f"\t.long {off}")
        off += len(name) + 1
    out += ["\t.globl ksyms_names", "ksyms_names:"]
    out += [f'\t.asciz "{name}"' for _, name in syms]
    out += ["\t.byte 0", '\t.section .note.GNU-stack, "", @progbits']
    print("\n".join(out))


if __name__ == "__main__":
    main()
