"""GDB helpers for the physical memory manager: the mm- commands and the
$pfn_to_page-style functions. tools/gdb/mm-gdb.py loads them; `apropos mm-`
lists the commands, `help mm-page` explains one.

One module per area: constants (generated from the C headers), utils
(cached types, memory reads), page (struct page, pageblocks), buddy (free
lists, vmstat), pgtable (page-table walks), frame (physical frames),
functions (convenience functions), cma (the CMA areas), percpu (each
CPU's per-CPU lists, found through its per-CPU area)."""

COMMANDS = ["mm-buddyinfo", "mm-pagetypeinfo", "mm-page", "mm-pageblock",
            "mm-pte", "mm-vmstat", "mm-frame", "mm-cma", "mm-pcp"]
FUNCTIONS = ["$pfn_to_page", "$page_to_pfn", "$virt_to_phys", "$page_vaddr",
             "$pte", "$is_migration_entry", "$pte_pfn"]


def load():
    """Register every command and function; returns the problems found
    comparing the generated constants with the kernel's debug info."""
    from mm_gdb import constants
    from mm_gdb import utils, pgtable, page, buddy, frame, functions  # noqa
    from mm_gdb import cma, percpu  # noqa
    return constants.check_against_debug_info()
