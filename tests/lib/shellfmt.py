"""Parsers for the shell's reports (`frag`, `stats`, `zoneinfo`) and the
cross-checks between them: the numbers one report prints must agree with
the kernel's counters as another report prints them.

Each check_* function returns a list of problems (empty: all agree).
"""
import re

NR_ORDERS = 11
PAGEBLOCK_PAGES = 512
MAP_LINE = 64

BUDDY = re.compile(r"^Node 0, zone\s+(\S+)((?:\s+\d+){%d})\s*$" % NR_ORDERS,
                   re.M)
PTI_FREE = re.compile(r"^Node\s+0, zone\s+(\S+), type\s+(\S+)"
                      r"((?:\s+\d+){%d})\s*$" % NR_ORDERS, re.M)
PTI_BLOCKS_HEAD = re.compile(r"^Number of blocks type\s+(.*?)\s*$", re.M)
INDEX = re.compile(r"^Node 0, zone\s+(\S+)((?:\s+-?\d\.\d{3}){%d})\s*$"
                   % NR_ORDERS, re.M)
SCORE = re.compile(r"^fragmentation score \(.*?\):(.*)$", re.M)
MAP_HEAD = re.compile(
    r"^pageblock map: zone (\S+), pfn (0x[0-9a-f]+|0)-(0x[0-9a-f]+), "
    r"(\d+) pageblocks, 1 char = (\d+) pageblocks? \((\d+) MiB\)$")
MAP_ROW = re.compile(r"^0x([0-9a-f]{8,}) ([UMRHCIumrhci.#-]+)$")
MAP_END = re.compile(r"^end of map: (\d+) free, (\d+) mostly used, "
                     r"(\d+) mostly free, (\d+) reserved, (\d+) without RAM$")
STAT = re.compile(r"^([a-z0-9_]+) (\d+)$")

# The counters the shell's issue asks `stats` to print, under these names.
REQUIRED_STATS = [
    "nr_free_pages", "pgfree", "compact_migrate_scanned",
    "compact_free_scanned", "compact_isolated", "compact_stall",
    "compact_fail", "compact_success", "compact_daemon_wake",
    "compact_daemon_migrate_scanned", "compact_daemon_free_scanned",
    "pgmigrate_success", "pgmigrate_fail", "pgalloc_dma", "pgalloc_dma32",
    "pgalloc_normal", "pgalloc_movable",
]


def ints(s):
    return [int(x) for x in s.split()]


def section(text, start, stop=None):
    """The part of @text from the line starting with @start up to the
    line starting with @stop (or the end)."""
    i = text.find(start)
    if i < 0:
        return ""
    j = text.find(stop, i + len(start)) if stop else -1
    return text[i:] if j < 0 else text[i:j]


def parse_buddyinfo(frag):
    part = section(frag, "buddyinfo:", "pagetypeinfo:")
    return {m.group(1): ints(m.group(2)) for m in BUDDY.finditer(part)}


def parse_pagetypeinfo(frag):
    """({zone: {type: [free blocks per order]}}, {zone: {type: blocks}})."""
    part = section(frag, "pagetypeinfo:", "extfrag_index:")
    free = {}
    for m in PTI_FREE.finditer(part):
        free.setdefault(m.group(1), {})[m.group(2)] = ints(m.group(3))
    blocks = {}
    head = PTI_BLOCKS_HEAD.search(part)
    if head:
        types = head.group(1).split()
        row = re.compile(r"^Node 0, zone\s+(\S+)((?:\s+\d+){%d})\s*$"
                         % len(types), re.M)
        for m in row.finditer(part[head.end():]):
            blocks[m.group(1)] = dict(zip(types, ints(m.group(2))))
    return free, blocks


def parse_index(frag, name, stop):
    part = section(frag, name, stop)
    return {m.group(1): [float(x) for x in m.group(2).split()]
            for m in INDEX.finditer(part)}


def parse_maps(text):
    """Every complete map: dicts with zone, start, end, blocks, per_char,
    rows [(pfn, chars)] and the end line's counts."""
    maps, cur = [], None
    for line in text.splitlines():
        m = MAP_HEAD.match(line)
        if m:
            cur = {"zone": m.group(1), "start": int(m.group(2), 16),
                   "end": int(m.group(3), 16), "blocks": int(m.group(4)),
                   "per_char": int(m.group(5)), "mib": int(m.group(6)),
                   "rows": []}
            continue
        if cur is None:
            continue
        m = MAP_ROW.match(line)
        if m:
            cur["rows"].append((int(m.group(1), 16), m.group(2)))
            continue
        m = MAP_END.match(line)
        if m:
            cur["counts"] = ints(" ".join(m.groups()))
            maps.append(cur)
        cur = None
    return maps


def parse_stats(out):
    """({name: value}, [lines that are not 'name value'])."""
    stats, bad = {}, []
    for line in out.splitlines():
        m = STAT.match(line)
        if m:
            stats[m.group(1)] = int(m.group(2))
        elif line.strip():
            bad.append(line)
    return stats, bad


def parse_zoneinfo(out):
    """{zone: {field: value}} for the numeric fields."""
    zones, cur = {}, None
    for line in out.splitlines():
        m = re.match(r"^Node 0, zone\s+(\S+)$", line)
        if m:
            cur = zones.setdefault(m.group(1), {})
            continue
        m = re.match(r"^\s+(pages free|min|low|high|spanned|present|"
                     r"managed|start_pfn:|count:|high:|batch:)\s+(\d+)$",
                     line)
        if cur is not None and m:
            cur[m.group(1).rstrip(":")] = int(m.group(2))
    return zones


def free_pages(counts):
    return sum(n << order for order, n in enumerate(counts))


def check_map(mp, buddy_counts):
    """Problems with one parsed map."""
    p, z = [], mp["zone"]
    chars = "".join(c for _, c in mp["rows"])
    per = mp["per_char"]
    want = -(-mp["blocks"] // per)
    if len(chars) != want:
        p.append(f"{z}: map has {len(chars)} characters, expected {want}")
    if mp["mib"] != 2 * per:
        p.append(f"{z}: a character is {mp['mib']} MiB, expected {2 * per}")
    base = mp["start"] & ~(PAGEBLOCK_PAGES - 1)
    span = -(-(mp["end"] - base) // PAGEBLOCK_PAGES)
    if span != mp["blocks"]:
        p.append(f"{z}: header says {mp['blocks']} pageblocks, the pfn "
                 f"range spans {span}")
    for i, (pfn, row) in enumerate(mp["rows"]):
        if pfn != base + i * MAP_LINE * per * PAGEBLOCK_PAGES:
            p.append(f"{z}: row {i} starts at {pfn:#x}")
        if len(row) > MAP_LINE or (i + 1 < len(mp["rows"]) and
                                   len(row) != MAP_LINE):
            p.append(f"{z}: row {i} has {len(row)} characters")
    classes = [chars.count("."), sum(c.isupper() for c in chars),
               sum(c.islower() for c in chars), chars.count("#"),
               chars.count("-")]
    if classes != mp["counts"]:
        p.append(f"{z}: end line counts {mp['counts']}, the map {classes}")
    if per == 1 and buddy_counts:
        whole = buddy_counts[9] + 2 * buddy_counts[10]
        if chars.count(".") < whole:
            p.append(f"{z}: {chars.count('.')} free pageblocks on the map "
                     f"but {whole} in buddyinfo")
    return p


def check_frag(frag, stats_out, zoneinfo_out):
    """Every cross-check between `frag`, `stats` and `zoneinfo`."""
    p = []
    buddy = parse_buddyinfo(frag)
    if not buddy:
        return ["no buddyinfo lines in `frag`"]
    stats, bad = parse_stats(stats_out)
    p += [f"stats line not 'name value': {line!r}" for line in bad]
    p += [f"stats lacks {n}" for n in REQUIRED_STATS if n not in stats]
    total = sum(free_pages(c) for c in buddy.values())
    if stats.get("nr_free_pages") != total:
        p.append(f"buddyinfo holds {total} free pages, stats says "
                 f"nr_free_pages {stats.get('nr_free_pages')}")
    zi = parse_zoneinfo(zoneinfo_out)
    for zone, counts in buddy.items():
        if zi.get(zone, {}).get("pages free") != free_pages(counts):
            p.append(f"{zone}: zoneinfo pages free "
                     f"{zi.get(zone, {}).get('pages free')}, buddyinfo "
                     f"{free_pages(counts)}")
    p += check_pagetypeinfo(frag, buddy)
    p += check_indices(frag, buddy)
    maps = parse_maps(frag)
    if sorted(m["zone"] for m in maps) != sorted(buddy):
        p.append(f"maps for {[m['zone'] for m in maps]}, zones "
                 f"{list(buddy)}")
    free_t, blocks = parse_pagetypeinfo(frag)
    for mp in maps:
        p += check_map(mp, buddy.get(mp["zone"]))
        counted = sum(blocks.get(mp["zone"], {}).values())
        if counted != mp["blocks"]:
            p.append(f"{mp['zone']}: pagetypeinfo counts {counted} "
                     f"pageblocks, the map {mp['blocks']}")
    if "legend:" not in frag:
        p.append("no legend after the maps")
    return p


def check_pagetypeinfo(frag, buddy):
    p = []
    if not re.search(r"^Page block order: 9$", frag, re.M) or \
            not re.search(r"^Pages per block:  512$", frag, re.M):
        p.append("pagetypeinfo header lines missing")
    free_t, blocks = parse_pagetypeinfo(frag)
    for zone, counts in buddy.items():
        by_type = free_t.get(zone, {})
        if len(by_type) != 6:
            p.append(f"{zone}: {len(by_type)} migratetype lines")
        summed = [sum(v[o] for v in by_type.values())
                  for o in range(NR_ORDERS)]
        if summed != counts:
            p.append(f"{zone}: pagetypeinfo per order {summed}, buddyinfo "
                     f"{counts}")
        if zone not in blocks:
            p.append(f"{zone}: no 'Number of blocks' line")
    return p


def check_indices(frag, buddy):
    p = []
    ext = parse_index(frag, "extfrag_index:", "unusable_index:")
    unu = parse_index(frag, "unusable_index:", "fragmentation score")
    for zone in buddy:
        e, u = ext.get(zone), unu.get(zone)
        if not e or not u:
            p.append(f"{zone}: extfrag or unusable index missing")
            continue
        if any(not (x == -1.0 or 0.0 <= x <= 1.0) for x in e):
            p.append(f"{zone}: extfrag index out of range: {e}")
        if any(not 0.0 <= x <= 1.0 for x in u) or u != sorted(u):
            p.append(f"{zone}: unusable index not rising from 0 to 1: {u}")
    m = SCORE.search(frag)
    if not m:
        p.append("no fragmentation score line")
    else:
        scores = dict(re.findall(r"(\S+) (\d+)", m.group(1)))
        for zone in buddy:
            if zone not in scores or not 0 <= int(scores[zone]) <= 100:
                p.append(f"{zone}: fragmentation score {scores.get(zone)}")
    return p
