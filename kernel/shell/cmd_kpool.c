/*
 * `kpool`: fill the movable object pool (mm/kpool.c) with objects of known
 * contents, read them back, free them, and show the pool's counters.
 */
#include "kerrno.h"
#include "kernel/shell/kpool_objects.h"
#include "shell_cmd.h"
#include "lib.h"
#include "mm/kpool.h"
#include "mm/mm.h"

static int kpool_fill(int argc, char **argv)
{
	unsigned long count, size = 0, n, first;
	struct kpool_stats st;

	if (argc < 3) {
		shell_printf("error: kpool fill needs a COUNT\n");
		return -EINVAL;
	}
	if (shell_parse_ulong(argv[2], "COUNT", 1, KPOOL_MAX_HANDLES, &count))
		return -EINVAL;
	if (argc == 4 && shell_parse_ulong(argv[3], "SIZE", KPOOL_MIN_SIZE,
					   KPOOL_MAX_SIZE, &size))
		return -EINVAL;
	first = kpool_objects.nr;
	n = kpool_set_fill(&kpool_objects, count, size);
	kpool_get_stats(&st);
	if (n) {
		void *p = kpool_map(kpool_objects.handle[first]);

		/* Where one object lives: for `page PFN` and mm-page. */
		if (p) {
			shell_printf("kpool fill: object %lu is on pfn %#lx\n",
				     first, page_to_pfn(virt_to_page(p)));
			kpool_unmap(kpool_objects.handle[first]);
		}
	}
	shell_printf(
		"kpool fill: %lu objects allocated%s, %lu in the pool, %lu pages\n",
		n, n < count ? " (then out of memory)" : "", st.objects,
		st.pages);
	return 0;
}

static int kpool_verify(void)
{
	unsigned long checked, bad = kpool_set_verify(&kpool_objects, &checked);

	shell_printf("kpool verify: %lu objects, %lu mismatches\n", checked,
		     bad);
	return 0;
}

static int kpool_free_cmd(int argc, char **argv)
{
	bool all = argc == 3;
	unsigned long n;

	if (all && strcmp(argv[2], "all")) {
		shell_printf("error: 'kpool free' takes only 'all'\n");
		return -EINVAL;
	}
	n = kpool_set_free(&kpool_objects, all);
	if (all)
		kpool_release_table();
	shell_printf("kpool free: %lu objects freed, %lu left\n", n,
		     kpool_objects.nr_live);
	return 0;
}

static int kpool_show_stats(void)
{
	struct kpool_stats st;

	kpool_get_stats(&st);
	shell_printf("kpool: pages %lu, objects %lu (%lu bytes), mapped %lu\n",
		     st.pages, st.objects, st.bytes, st.mapped);
	shell_printf(
		"kpool: moved_pages %lu, skipped_mapped %lu, alloc_fail %lu\n",
		st.pages_moved, st.skipped_mapped, st.alloc_fail);
	return 0;
}

static int cmd_kpool(int argc, char **argv)
{
	if (argc <= 4 && !strcmp(argv[1], "fill"))
		return kpool_fill(argc, argv);
	if (argc == 2 && !strcmp(argv[1], "verify"))
		return kpool_verify();
	if (argc <= 3 && !strcmp(argv[1], "free"))
		return kpool_free_cmd(argc, argv);
	if (argc == 2 && !strcmp(argv[1], "stats"))
		return kpool_show_stats();
	shell_printf("error: unknown kpool command '%s'\n", argv[1]);
	return -EINVAL;
}
SHELL_CMD(kpool, cmd_kpool, "kpool fill|verify|free|stats [COUNT|all] [SIZE]",
	  "movable object pool: fill COUNT [SIZE], verify, free [all], stats");