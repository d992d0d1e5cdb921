#!/usr/bin/env python3
"""Fail if an ELF file has a loadable segment that is writable and executable.

Usage: check_segments.py READELF kernel.elf  (READELF: the toolchain's readelf)
"""
import subprocess
import sys


def main(readelf, path):
    out = subprocess.run([readelf, "-lW", path], capture_output=True,
                         text=True, check=True).stdout
    bad = []
    for line in out.splitlines():
        parts = line.split()
        if parts and parts[0] == "LOAD":
            flags = "".join(p for p in parts[6:-1] if set(p) <= set("RWE"))
            if "W" in flags and "E" in flags:
                bad.append(line.strip())
    if bad:
        print(f"{path}: writable and executable segment(s):", file=sys.stderr)
        for line in bad:
            print("  " + line, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
