#!/usr/bin/env python3
"""Fail when an #include crosses a layer the wrong way.

The rooms of the tree, what each may include and the headers private to a
room are stated once, in docs/ARCHITECTURE.md (the tables under "Layering
rules"); this reads them from there and checks every #include of the
kernel's sources against them. A header is found as the compiler finds it:
beside the including file, then in include/, the top and
arch/x86_64/include/ (the Makefile's -I order). A file belongs to the room
with the longest path that holds it.

Usage: check_layers.py [ROOT]    prints one line per bad include
"""
import os
import re
import sys

DOC = "docs/ARCHITECTURE.md"
INCLUDE_DIRS = ["include", ".", "arch/x86_64/include"]
INCLUDE = re.compile(r'^\s*#\s*include\s+["<]([^">]+)[">]', re.M)
ROW = re.compile(r"^\|(.*)\|\s*$")
PATH = re.compile(r"`([^`]+)`")


def table_rows(text, heading):
    """The body rows of the first table after @heading, as cell lists."""
    after = text.split(heading, 1)[1]
    rows = []
    for line in after.splitlines():
        m = ROW.match(line.strip())
        if not m:
            if rows:
                break
            continue
        cells = [c.strip() for c in m.group(1).split("|")]
        if not set("".join(cells)) <= set("-: "):
            rows.append(cells)
    return rows[1:]  # the header row


def read_rules(root):
    """(rooms, private): rooms maps a room to (paths, rooms it may
    include); private maps a header to the room it is private to."""
    with open(os.path.join(root, DOC)) as f:
        text = f.read()
    rooms = {}
    for name, paths, may in table_rows(text, "### Rooms"):
        rooms[name] = (PATH.findall(paths),
                       {r.strip() for r in may.split(",")} | {name})
    private = {}
    for header, room in table_rows(text, "### Private headers"):
        private[PATH.findall(header)[0]] = room
    return rooms, private


def room_of(path, rooms):
    best = None
    for name, (paths, _) in rooms.items():
        for p in paths:
            if path.startswith(p) and (best is None or len(p) > best[1]):
                best = (name, len(p))
    return best and best[0]


def resolve(root, src, header, quoted):
    for d in ([os.path.dirname(src)] if quoted else []) + INCLUDE_DIRS:
        path = os.path.normpath(os.path.join(d, header))
        if os.path.isfile(os.path.join(root, path)):
            return path
    return None


def sources(root, rooms):
    for paths, _ in rooms.values():
        for top in paths:
            for d, _, files in os.walk(os.path.join(root, top)):
                for f in files:
                    if f.endswith((".c", ".h", ".S")):
                        yield os.path.relpath(os.path.join(d, f), root)


def violations(root):
    rooms, private = read_rules(root)
    for src in sorted(set(sources(root, rooms))):
        room = room_of(src, rooms)
        with open(os.path.join(root, src)) as f:
            text = f.read()
        for m in INCLUDE.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            quoted = m.group(0).rstrip().endswith('"')
            path = resolve(root, src, m.group(1), quoted)
            if path is None:
                continue  # a compiler header, or the compiler reports it
            to = room_of(path, rooms)
            if to is None:
                yield f"{src}:{line}: {path} is in no room of {DOC}"
            elif to not in rooms[room][1]:
                yield f"{src}:{line}: {room} may not include {to} ({path})"
            elif private.get(path, room) != room:
                yield (f"{src}:{line}: {path} is private to "
                       f"{private[path]}")


def main(argv):
    root = argv[1] if len(argv) > 1 else "."
    bad = list(violations(root))
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
