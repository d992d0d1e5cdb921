"""tools/fragmap on hand-made logs (no QEMU): the SVG parses as XML, has one
panel per map and one cell per map character, puts the `frag` runs side by
side with the command before each as the label, survives what a serial log
carries (\\r\\n, escapes, backspaces, progress lines) and refuses a log
without a map or with a broken one."""
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

from lib.result import Result

SUITE = "fragmap"
SVG = "{http://www.w3.org/2000/svg}"


def zone_map(zone, start, end, per_char, rows):
    blocks = -(-(end - (start & ~511)) // 512)
    head = (f"pageblock map: zone {zone}, pfn {start:#x}-{end:#x}, "
            f"{blocks} pageblocks, 1 char = {per_char} pageblock"
            f"{'s' if per_char > 1 else ''} ({2 * per_char} MiB)")
    lines = [head]
    base = start & ~511
    for i, row in enumerate(rows):
        lines.append(f"0x{base + i * 64 * per_char * 512:08x} {row}")
    chars = "".join(rows)
    lines.append(f"end of map: {chars.count('.')} free, "
                 f"{sum(c.isupper() for c in chars)} mostly used, "
                 f"{sum(c.islower() for c in chars)} mostly free, "
                 f"{chars.count('#')} reserved, {chars.count('-')} "
                 "without RAM")
    return lines


DMA = ("DMA", 0, 0x1000, 1, ["#......."])
DMA32_BEFORE = ("DMA32", 0x1000, 0x9a00, 1,
                ["mMmMmm..MMmmMMmmMMmmMMmmMMmmMMmmMMmmMMmmMMmmMMmmMMmm"
                 "MMmmMMmmMMmm", "mmU##"])
DMA32_AFTER = ("DMA32", 0x1000, 0x9a00, 1,
               ["................................................"
                "MMMMMMMMMMMMMMMM", "MMU##"])
NORMAL_SCALED = ("Normal", 0x100000, 0x160000, 4,
                 ["." * 64, "." * 64, "M" * 60 + "####"])


def session_log():
    """Two `frag` runs around a compaction, as the serial line shows
    them: CRLF line ends, colour escapes, an edited command line, a
    progress line inside the output."""
    lines = ["GRUB noise \x1b[0;37m", "mm> mkfrag random 90",
             "mkfrag: random: mapped 100 pages",
             "  mkfrag: still running, 1 s",
             "mm> fraX\b \bg", "buddyinfo: free blocks per order 0..10"]
    lines += zone_map(*DMA) + zone_map(*DMA32_BEFORE)
    lines += ["legend: ...", "mm> compact", "compact: full compaction",
              "mm> frag"]
    lines += zone_map(*DMA)
    after = zone_map(*DMA32_AFTER)
    lines += after[:2] + ["  frag: still running, 1 s"] + after[2:]
    lines += ["mm> stats", "nr_free_pages 5", "mm> "]
    return "\r\n".join(lines).encode()


def render(ctx, data, *extra):
    """Run fragmap on @data; (exit status, stderr, SVG root or None)."""
    tool = os.path.join(ctx.root, "tools", "fragmap")
    with tempfile.TemporaryDirectory() as tmp:
        log, out = os.path.join(tmp, "log"), os.path.join(tmp, "out.svg")
        with open(log, "wb") as f:
            f.write(data)
        p = subprocess.run([sys.executable, tool, log, "-o", out, *extra],
                           capture_output=True, text=True)
        root = ET.parse(out).getroot() if p.returncode == 0 else None
    return p.returncode, p.stderr, root


def panels(root):
    """[(zone, snapshot, cells, title text)] of every panel."""
    out = []
    for g in root.iter(SVG + "g"):
        if g.get("class") != "panel":
            continue
        cells = sum(r.get("class") == "cell" for r in g.iter(SVG + "rect"))
        texts = " | ".join(t.text or "" for t in g.iter(SVG + "text"))
        out.append((g.get("data-zone"), int(g.get("data-snapshot")), cells,
                    texts))
    return out


def side_by_side(ctx):
    status, err, root = render(ctx, session_log(), "--title", "demo")
    if status:
        return False, err
    got = sorted(p[:3] for p in panels(root))
    want = [("DMA", 0, 8), ("DMA", 1, 8), ("DMA32", 0, 69),
            ("DMA32", 1, 69)]
    if got != want:
        return False, f"panels {got}, expected {want}"
    titles = {(p[0], p[1]): p[3] for p in panels(root)}
    if "after mkfrag random 90" not in titles[("DMA32", 0)] or \
            "after compact" not in titles[("DMA32", 1)]:
        return False, f"labels: {titles}"
    return True, ""


def scaled_map(ctx):
    data = "\n".join(["mm> frag"] + zone_map(*NORMAL_SCALED)).encode()
    status, err, root = render(ctx, data)
    if status:
        return False, err
    got = [p[:3] for p in panels(root)]
    if got != [("Normal", 0, 192)] or "1 cell = 4 pageblocks" not in \
            panels(root)[0][3]:
        return False, f"panels {got}"
    return True, ""


def maps_without_prompts(ctx):
    """A log of bare `frag` output still gives one column per run."""
    lines = zone_map(*DMA32_BEFORE) + zone_map(*DMA32_AFTER)
    status, err, root = render(ctx, "\n".join(lines).encode())
    if status:
        return False, err
    got = sorted(p[:2] for p in panels(root))
    return got == [("DMA32", 0), ("DMA32", 1)], f"panels {got}"


def cut_short(ctx):
    """A map whose end line never came is left out, not half drawn."""
    lines = ["mm> frag"] + zone_map(*DMA) + zone_map(*DMA32_BEFORE)[:2]
    status, err, root = render(ctx, "\n".join(lines).encode())
    if status:
        return False, err
    got = [p[:3] for p in panels(root)]
    return got == [("DMA", 0, 8)], f"panels {got}"


def refuses(ctx, data, needle):
    status, err, _ = render(ctx, data)
    return status == 1 and needle in err, f"status {status}: {err}"


def run(ctx):
    cases = [
        ("two frag runs side by side, labelled by the command before",
         side_by_side),
        ("a scaled map: one cell per character", scaled_map),
        ("bare frag output: a new column when a zone repeats",
         maps_without_prompts),
        ("a map cut short is left out", cut_short),
        ("a log without maps: status 1 and a message",
         lambda c: refuses(c, b"mm> help\r\nhelp text\r\n",
                           "no pageblock map")),
        ("a map with the wrong number of characters: status 1",
         lambda c: refuses(c, "\n".join(
             zone_map("DMA", 0, 0x1000, 1, ["#......"])).encode(),
             "7 characters, expected 8")),
    ]
    for name, fn in cases:
        try:
            ok, diag = fn(ctx)
        except (OSError, ET.ParseError, ValueError, KeyError) as e:
            ok, diag = False, repr(e)
        yield Result(name, ok, diag)
