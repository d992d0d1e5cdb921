/*
 * `bench kpool compact`: what moving kernel memory buys compaction. The
 * mixed workload (every tenth allocation kernel memory, a random half of
 * the user pages freed) is built twice: once with its kernel share as
 * plain unmovable pages, once with the same bytes as kpool objects in
 * movable pool pages. After a full compaction each run reports
 *   ratio = free 2 MiB blocks / (free pages / 512),
 * 1.000 when every free page lies in a free pageblock, and checks every
 * user page and every object.
 */
#include "kerrno.h"
#include "kernel/kpool_objects.h"
#include "kernel/shell.h"
#include "kernel/workload.h"
#include "lib.h"
#include "mm/compaction.h"
#include "mm/kpool.h"

static struct compact_potential kpool_potential;

static int bench_kpool_compact_one(bool pool)
{
	struct compact_stats st = { 0 };
	unsigned long after, checked, bad, objs, obj_bad, kernel_pages, ratio;
	struct kpool_stats k0, k1;
	int err;

	kpool_get_stats(&k0);
	workload_kernel_alloc = pool ? kpool_objects_fill_page : NULL;
	err = workload_create(FRAG_MIXED, 90);
	workload_kernel_alloc = NULL;
	if (err) {
		shell_printf("error: mkfrag failed (%d)\n", err);
		kpool_set_free(&kpool_objects, true);
		return err;
	}
	kernel_pages = workload->nr_kernel_pages;
	compact_node(NODE_DATA(0), -1, &st);
	compaction_potential(NODE_DATA(0), &kpool_potential); /* drains */
	after = nr_free_pageblocks();
	kpool_get_stats(&k1);
	bad = workload_verify(&checked, NULL);
	obj_bad = kpool_set_verify(&kpool_objects, &objs);
	workload_release();
	kpool_set_free(&kpool_objects, true);
	kpool_release_table();
	ratio = kpool_potential.free_pages ? after * pageblock_nr_pages * 1000 /
						     kpool_potential.free_pages
					   : 0;
	shell_printf(
		"bench kpool-compact kernel=%s kernel_pages=%lu pool_pages=%lu objects=%lu free_pages=%lu blocks_after=%lu ratio=%lu.%03lu migrated=%lu pool_pages_moved=%lu skipped_mapped=%lu mismatches=%lu object_mismatches=%lu\n",
		pool ? "pool" : "pages", kernel_pages, k1.pages, objs,
		kpool_potential.free_pages, after, ratio / 1000, ratio % 1000,
		st.migrated, k1.pages_moved - k0.pages_moved,
		k1.skipped_mapped - k0.skipped_mapped, bad, obj_bad);
	return 0;
}

int bench_kpool(const char *what)
{
	int err;

	if (strcmp(what, "compact")) {
		shell_printf("error: unknown kpool benchmark '%s'\n", what);
		return -EINVAL;
	}
	if (kpool_objects.nr_live) {
		shell_printf(
			"error: the pool holds objects: 'kpool free all' first\n");
		return -EBUSY;
	}
	err = bench_kpool_compact_one(false);
	return err ? err : bench_kpool_compact_one(true);
}
