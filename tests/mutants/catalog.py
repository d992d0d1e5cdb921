"""The deliberate faults of `make mutants`, one per entry.

Each mutant names one source file and a list of edits, (find, replace)
pairs: `find` is a short distinctive piece of the real source that must
occur exactly once in the file, so a mutant whose code has changed is
reported as an ERROR (refresh its `find`) instead of silently testing
nothing. The edits go to a scratch copy of the tree in build/mutants/, never
to the tree itself. All but one break mm/; verify_skips_a_page breaks the
workload checker that the compaction self-tests rely on.

`host` lists the host test binaries (build/host/...) that should kill the
mutant, `kernel` the in-kernel self-tests (`selftest NAME` in the shell of
the mutant's own kernel). `make test` runs the mutants that have host
tests, on those only; `make mutants` runs every list of every mutant.
"""
from dataclasses import dataclass, field


@dataclass
class Mutant:
    name: str
    breaks: str  # what the fault does, for the table
    file: str
    edits: list
    host: list = field(default_factory=list)
    kernel: list = field(default_factory=list)


MUTANTS = [
    Mutant("pte_not_restored",
           "migration drops one PTE in 7 (left a migration entry)",
           "mm/migrate.c",
           [("\tget_page(page);\n\tatomic_inc(&page->_mapcount);\n\t/* Non-present",
             "\t{ static unsigned int n;"
             " if (++n % 7 == 0) return; }\n"
             "\tget_page(page);\n\tatomic_inc(&page->_mapcount);\n\t/* Non-present")],
           host=["test_compaction", "test_migrate"],
           kernel=["compaction_alternate"]),
    Mutant("new_page_unlocked_late",
           "the new page is unlocked after its reference goes (a zap may "
           "free it locked)",
           "mm/migrate.c",
           [("\tunlock_page(dst);\n\tdropped = put_mapped_page(dst);",
             "\tdropped = put_mapped_page(dst);"),
            ("\t\tunlock_page(b->src[i]);",
             "\t\tunlock_page(b->src[i]), unlock_page(b->dst[i]);")],
           host=["test_migrate"]),
    Mutant("page_lock_sleeper_uncounted",
           "a thread sleeping on a page lock is not counted, so the "
           "unlock never wakes it",
           "mm/page_lock.c",
           [("\tatomic_inc_return(&nr_page_waiters);\n", "")],
           kernel=["migrate_fault_waits_for_migration"]),
    Mutant("tlb_flush_skipped",
           "migration never flushes the old translations",
           "mm/migrate.c",
           [("\t\tflush_tlb_local();\n", ""),
            ("\t\tflush_tlb_one(b->flush_addr[0]);\n", "")],
           host=["test_migrate"]),
    Mutant("shootdown_skipped",
           "migration never flushes other CPUs' TLBs (no shootdown IPI)",
           "mm/migrate.c",
           [("\t\tflush_tlb_multi(&others);", "\t\t(void)others;")],
           host=["test_migrate"]),
    Mutant("copy_half",
           "migration copies only the first half of the page",
           "mm/migrate.c",
           [("\tcopy_page(page_address(dst), page_address(src));",
             "\tmemcpy(page_address(dst), page_address(src), PAGE_SIZE / 2);")],
           host=["test_migrate", "test_compaction"]),
    Mutant("copy_wrong_frame",
           "migration copies the frame after the source",
           "mm/migrate.c",
           [("\tcopy_page(page_address(dst), page_address(src));",
             "\tcopy_page(page_address(dst), page_address(src + 1));")],
           host=["test_migrate", "test_compaction"]),
    Mutant("rmap_not_moved",
           "the new page gets no anon_vma: rmap cannot find it",
           "mm/migrate.c",
           [("\tdst->mapping = src->mapping;", "\tdst->mapping = NULL;")],
           host=["test_migrate"]),
    Mutant("old_frame_never_freed",
           "the old frame of a migrated page is never freed",
           "mm/migrate.c",
           [("\trelease_pages(b->src, n); /* our references, the last ones */\n",
             "")],
           host=["test_migrate", "test_compaction"]),
    Mutant("refcount_leaked",
           "each restored PTE takes two references on the new page",
           "mm/migrate.c",
           [("\tget_page(page);\n\tatomic_inc(&page->_mapcount);",
             "\tget_page(page);\n\tget_page(page);\n"
             "\tatomic_inc(&page->_mapcount);")],
           host=["test_migrate"]),
    Mutant("refcount_dropped",
           "a restored PTE takes no reference on the new page",
           "mm/migrate.c",
           [("\tget_page(page);\n\tatomic_inc(&page->_mapcount);",
             "\tatomic_inc(&page->_mapcount);")],
           host=["test_migrate"]),
    Mutant("expand_wrong_list",
           "a split movable block puts its halves on the unmovable list",
           "mm/page_alloc.c",
           [("\t\tadd_to_free_list(page + size, zone, high, mt);",
             "\t\tadd_to_free_list(page + size, zone, high, "
             "mt == MIGRATE_MOVABLE ? MIGRATE_UNMOVABLE : mt);")],
           host=["test_page_alloc"]),
    Mutant("failed_migration_leaves_entries",
           "an aborted migration leaves its migration entries",
           "mm/migrate.c",
           [("\tremove_migration_ptes(src, src, NULL, b);\n", "")],
           host=["test_migrate"]),
    Mutant("release_pages_stale_type",
           "a batch free keeps the first pageblock's type for the next ones",
           "mm/page_alloc.c",
           [("if (zone == rs->zone && pfn >> pageblock_order == rs->block)",
             "if (zone == rs->zone && rs->block != -1UL)")],
           host=["test_page_alloc"]),
    Mutant("buddy_merge_skipped",
           "freed blocks never merge past order 3",
           "mm/page_alloc.c",
           [("\t\tif (!buddy)\n\t\t\tbreak;",
             "\t\tif (!buddy || order == 3)\n\t\t\tbreak;")],
           host=["test_page_alloc"]),
    Mutant("merged_tail_keeps_order",
           "a block merged into its lower buddy keeps its order in ->private",
           "mm/page_alloc.c",
           [("\t\tpage->private = 0;\n\t\tpfn &= buddy_pfn;",
             "\t\tpfn &= buddy_pfn;")],
           host=["test_page_alloc"]),
    Mutant("buddy_wrong_order_on_free",
           "a freed block is listed one order too low",
           "mm/page_alloc.c",
           [("\tadd_to_free_list(page, zone, order, mt);\n}",
             "\tadd_to_free_list(page, zone, order ? order - 1 : 0, mt);\n}")],
           host=["test_page_alloc"]),
    Mutant("claimed_block_keeps_type",
           "a claimed pageblock keeps its old migratetype",
           "mm/page_alloc.c",
           [("\tset_pageblock_migratetype(pfn_to_page(start_pfn), start_type);"
             "\n\treturn __rmqueue_smallest",
             "\treturn __rmqueue_smallest")],
           host=["test_page_alloc"]),
    Mutant("watermark_ignores_lowmem_reserve",
           "the watermark check ignores lowmem_reserve",
           "mm/page_alloc_wmark.c",
           [("if (free_pages <= min + z->lowmem_reserve[highest_zoneidx])",
             "if (free_pages <= min + 0 * z->lowmem_reserve[highest_zoneidx])")],
           host=["test_page_alloc", "test_zones"]),
    Mutant("watermark_ignores_contiguity",
           "a high-order watermark check accepts any free page",
           "mm/page_alloc_wmark.c",
           [("\tfor (unsigned int o = order; o < NR_PAGE_ORDERS; o++) {\n"
             "\t\tconst struct free_area *area = &z->free_area[o];",
             "\tfor (unsigned int o = 0; o < NR_PAGE_ORDERS; o++) {\n"
             "\t\tconst struct free_area *area = &z->free_area[o];")],
           host=["test_page_alloc"],
           kernel=["buddy_watermark_needs_a_block"]),
    Mutant("skip_bits_never_cleared",
           "resetting compaction never clears the skip bits",
           "mm/compaction.c",
           [("\t\t\tclear_pageblock_skip(pfn_to_page(pfn));",
             "\t\t\t(void)0;")],
           host=["test_compaction"]),
    Mutant("scanners_meet_off_by_one",
           "the scanners are deemed met one pageblock too late",
           "mm/compaction.c",
           [("\treturn (cc->free_pfn >> pageblock_order) <=",
             "\treturn (cc->free_pfn >> pageblock_order) <")],
           host=["test_compaction"]),
    Mutant("suitable_ignores_fragindex",
           "compaction_suitable ignores the fragmentation index",
           "mm/compaction.c",
           [("\t\t    fragindex <= (int)sysctl_extfrag_threshold)",
             "\t\t    fragindex < -1000)")],
           host=["test_compaction"]),
    Mutant("capture_loses_page",
           "direct compaction drops the block it captured",
           "mm/compaction.c",
           [("\t*capture = READ_ONCE(capc.page);", "\t*capture = NULL;")],
           host=["test_compaction"]),
    Mutant("deferral_never_backs_off",
           "a failed compaction never raises the deferral shift",
           "mm/compaction.c",
           [("\tzone->compact_defer_shift++;\n", "")],
           host=["test_compaction"]),
    Mutant("kcompactd_never_woken",
           "a failed high-order request never wakes kcompactd",
           "mm/compaction.c",
           [("\tif (!order)\n\t\treturn;\n\tif (pgdat->kcompactd_max_order",
             "\treturn;\n\tif (pgdat->kcompactd_max_order")],
           host=["test_compaction"],
           kernel=["kcompactd_runs_when_woken"]),
    Mutant("kpool_handle_not_updated",
           "a moved kpool page leaves its handles on the old frame",
           "mm/kpool.c",
           [("\tupdate_handles(kp, dst);", "\tupdate_handles(kp, src);")],
           host=["test_kpool"],
           kernel=["kpool_compaction_moves_pool_pages"]),
    # Not mm/: the checker the compaction self-tests trust.
    Mutant("verify_skips_a_page",
           "verify checks every live page but one",
           "kernel/shell/workload.c",
           [("\t\tif (!test_bit(i, workload->live))\n\t\t\tcontinue;\n"
             "\t\tchecked++;",
             "\t\tif (!test_bit(i, workload->live) || i == 0)\n"
             "\t\t\tcontinue;\n\t\tchecked++;")],
           kernel=["compaction_alternate"]),
    Mutant("kcompactd_ignores_wakeups",
           "kcompactd wakes but never compacts for the waker",
           "mm/compaction.c",
           [("\t\t\tif (READ_ONCE(kcompactd_enabled))\n"
             "\t\t\t\tkcompactd_do_work(pgdat);",
             "\t\t\tif (READ_ONCE(kcompactd_enabled) && 0)\n"
             "\t\t\t\tkcompactd_do_work(pgdat);")],
           kernel=["kcompactd_runs_when_woken"]),
]
