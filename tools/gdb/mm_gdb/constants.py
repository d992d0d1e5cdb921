"""The kernel's constants, as `C.NAME`: the module that `make` generates
from the C headers (tools/gdb/gen_constants.c), found next to the kernel
ELF that gdb has loaded (build/kernel.elf -> build/gdb/mm_constants.py).

The helpers compare a few of them with the debug info on load, so a
constants file older than the kernel is reported rather than trusted."""
import importlib.util
import os

import gdb

GENERATED = os.path.join("gdb", "mm_constants.py")


def _candidates():
    prog = gdb.current_progspace().filename
    if prog:
        yield os.path.join(os.path.dirname(os.path.abspath(prog)), GENERATED)
    here = os.path.dirname(os.path.abspath(__file__))
    yield os.path.join(here, "..", "..", "..", "build", GENERATED)


def _load():
    for path in _candidates():
        path = os.path.normpath(path)
        if os.path.exists(path):
            spec = importlib.util.spec_from_file_location("mm_constants",
                                                          path)
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
            mod.__path_loaded__ = path
            return mod
    raise gdb.GdbError("build/gdb/mm_constants.py is missing; "
                       "run `make gdb-helpers` (or `make`) first")


C = _load()


def check_against_debug_info():
    """Compare enum sizes from the generated file with the kernel's debug
    info; returns a list of mismatches (empty when consistent)."""
    checks = [("enum pageflags", "NR_PAGEFLAGS"),
              ("enum migratetype", "MIGRATE_TYPES"),
              ("enum zone_type", "MAX_NR_ZONES"),
              ("enum vm_event_item", "NR_VM_EVENT_ITEMS"),
              ("enum zone_stat_item", "NR_ZONE_STAT_ITEMS")]
    bad = []
    for type_name, last in checks:
        try:
            fields = gdb.lookup_type(type_name).fields()
        except gdb.error:
            continue  # no debug info for it: nothing to compare
        dwarf = {f.name: f.enumval for f in fields}
        if dwarf.get(last) != getattr(C, last):
            bad.append(f"{last}: {getattr(C, last)} in {C.__path_loaded__},"
                       f" {dwarf.get(last)} in the kernel")
    return bad
