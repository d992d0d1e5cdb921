/*
 * Shell commands for compaction and its workload: mkfrag, verify, release,
 * compact. They print what happened in figures a student can check against
 * `frag` and `stats`.
 */
#include "kerrno.h"
#include "shell_cmd.h"
#include "kernel/shell/workload.h"
#include "kernel/shell/writers.h"
#include "lib.h"
#include "ktime.h"
#include "mm/compaction.h"
#include "mm/mmap.h"

#define VERIFY_MAX_REPORTS 5 /* bad pages named one by one */

static int parse_pattern(const char *s, enum frag_pattern *out)
{
	for (int p = 0; p < NR_FRAG_PATTERNS; p++) {
		if (!strcmp(s, frag_pattern_names[p])) {
			*out = (enum frag_pattern)p;
			return 0;
		}
	}
	shell_printf(
		"error: unknown pattern '%s' (alternate, random, sparse or mixed)\n",
		s);
	return -EINVAL;
}

/* "90" or "90%": a percentage from 1 to 100. */
static int parse_percent_arg(const char *s, unsigned long *out)
{
	char num[16];
	size_t n = strlen(s);
	u64 v;

	if (n < sizeof(num)) {
		memcpy(num, s, n + 1);
		if (n && num[n - 1] == '%')
			num[n - 1] = '\0';
		if (!kstrtou64(num, &v) && v >= 1 && v <= 100) {
			*out = (unsigned long)v;
			return 0;
		}
	}
	/* Quote what was typed, not what is left after the '%'. */
	shell_printf(
		"error: PERCENT must be a number from 1 to 100, not '%s'\n", s);
	return -EINVAL;
}

/* Say why the workload is smaller than asked, if it is. */
static void report_fill_stop(const struct workload *w)
{
	unsigned long made = w->npages + w->nr_kernel_pages;

	if (w->stop == FILL_LOW_MEMORY)
		shell_printf(
			"mkfrag: stopped after %lu of %lu pages: free memory is down to the zones' watermarks and reserves\n",
			made, w->target);
	else if (w->stop == FILL_NO_MEMORY)
		shell_printf(
			"mkfrag: stopped after %lu of %lu pages: a page fault found no free page; the pages mapped are kept\n",
			made, w->target);
}

static int cmd_mkfrag(int argc, char **argv)
{
	enum frag_pattern pattern;
	unsigned long percent = 90;
	int err;

	if (parse_pattern(argv[1], &pattern))
		return -EINVAL;
	if (argc == 3 && parse_percent_arg(argv[2], &percent))
		return -EINVAL;
	err = workload_create(pattern, (unsigned int)percent);
	if (err == -EEXIST) {
		shell_printf(
			"error: a workload exists already; 'release' it first\n");
		return err;
	}
	if (err) {
		shell_printf(
			"error: no memory for the workload: its pages (movable) or their page tables (unmovable) would take a zone below its watermarks ('zoneinfo')\n");
		return err;
	}
	report_fill_stop(workload);
	shell_printf(
		"mkfrag: %s: mapped %lu pages (%lu MiB) at %#lx, freed %lu, %lu left",
		frag_pattern_names[pattern], workload->npages,
		workload->npages >> (20 - PAGE_SHIFT), WORKLOAD_BASE,
		workload->npages - workload->nr_live, workload->nr_live);
	if (workload->nr_kernel_pages)
		shell_printf(" + %lu unmovable kernel pages",
			     workload->nr_kernel_pages);
	shell_printf("; free 2 MiB blocks: %lu\n", nr_free_pageblocks());
	return 0;
}
SHELL_CMD(
	mkfrag, cmd_mkfrag, "mkfrag alternate|random|sparse|mixed [PERCENT]",
	"fill PERCENT (90) of free memory with movable pages, then punch holes");

static unsigned long verify_reported;
static struct shell_progress verify_progress;

/* Name the first few bad pages. */
static void verify_bad_page(unsigned long i, unsigned long words)
{
	if (verify_reported++ < VERIFY_MAX_REPORTS)
		shell_printf("  page %lu at %#lx: %lu words differ\n", i,
			     workload_addr(i), words);
}

/* Progress once a second; stop on Ctrl-C. */
static bool verify_keep_going(unsigned long checked)
{
	if (shell_interrupted())
		return false;
	if (shell_progress_due(&verify_progress))
		shell_printf("  verify: %lu of %lu pages\n", checked,
			     workload->nr_live);
	return true;
}

static const struct verify_hooks verify_hooks = { verify_bad_page,
						  verify_keep_going };

/*
 * The pages are read through the workload's own mappings, so this checks
 * the page tables compaction rewrote as well as the data.
 */
static int cmd_verify(int argc, char **argv)
{
	unsigned long checked, bad;

	(void)argc;
	(void)argv;
	if (writers_running()) {
		shell_printf(
			"error: writer threads are changing the pages: 'writers stop' first\n");
		return -EBUSY;
	}
	verify_reported = 0;
	verify_progress = (struct shell_progress){ 0 };
	shell_progress_due(&verify_progress);
	bad = workload_verify(&checked, &verify_hooks);
	if (workload && checked < workload->nr_live)
		shell_printf(
			"verify: interrupted after %lu pages, %lu mismatches\n",
			checked, bad);
	else
		shell_printf("verify: %lu pages, %lu mismatches\n", checked,
			     bad);
	return 0;
}
SHELL_CMD(verify, cmd_verify, "verify",
	  "read every workload page through its address and check it");

static int cmd_release(int argc, char **argv)
{
	unsigned long pages;

	(void)argc;
	(void)argv;
	if (!workload) {
		shell_printf("release: no workload\n");
		return 0;
	}
	pages = workload->nr_live + workload->nr_kernel_pages;
	workload_release();
	shell_printf("release: freed %lu pages\n", pages);
	return 0;
}
SHELL_CMD(release, cmd_release, "release", "free the mkfrag workload");

/* Parse "compact [ZONE] [order N]". */
static int parse_compact_args(int argc, char **argv, struct zone **zone,
			      int *order)
{
	int i = 1;
	unsigned long o;

	*zone = NULL;
	*order = -1;
	if (i < argc && strcmp(argv[i], "order")) {
		*zone = shell_parse_zone(argv[i]);
		if (!*zone)
			return -EINVAL;
		i++;
	}
	if (i < argc) {
		if (strcmp(argv[i], "order") || i + 2 != argc) {
			shell_printf(
				"error: expected 'order N' after the zone, not '%s'\n",
				argv[i]);
			return -EINVAL;
		}
		if (shell_parse_ulong(argv[i + 1], "order", 1, MAX_ORDER, &o))
			return -EINVAL;
		*order = (int)o;
	}
	return 0;
}

static const char *const compact_result_names[] = {
	[COMPACT_NOT_SUITABLE_ZONE] = "not suitable",
	[COMPACT_SKIPPED] = "skipped: too little free memory",
	[COMPACT_DEFERRED] = "deferred",
	[COMPACT_NO_SUITABLE_PAGE] = "no suitable page",
	[COMPACT_CONTINUE] = "continue",
	[COMPACT_COMPLETE] = "whole zone scanned",
	[COMPACT_PARTIAL_SKIPPED] = "part of the zone scanned",
	[COMPACT_CONTENDED] = "contended",
	[COMPACT_SUCCESS] = "success",
};

/* Free blocks of pageblock size or more in @zone, in pageblocks. */
static unsigned long zone_free_pageblocks(const struct zone *zone)
{
	unsigned long n = 0;

	for (unsigned int o = pageblock_order; o <= MAX_ORDER; o++)
		n += READ_ONCE(zone->free_area[o].nr_free)
		     << (o - pageblock_order);
	return n;
}

/* Compact one zone and print a line about it; adds to @sum. */
static void compact_one_zone(struct zone *zone, int order,
			     struct compact_stats *sum)
{
	struct compact_stats st = { 0 };
	unsigned long before = zone_free_pageblocks(zone);
	enum compact_result ret;
	u64 t0 = ktime_get_ns(), ns;

	ret = compact_zone_sync(zone, order, &st);
	ns = ktime_get_ns() - t0;
	shell_printf(
		"  %-8s scanned %lu, migrated %lu; free 2 MiB blocks %lu -> %lu; %lu.%03lu ms (%s)\n",
		zone->name, st.migrate_scanned + st.free_scanned, st.migrated,
		before, zone_free_pageblocks(zone), ns / 1000000,
		ns / 1000 % 1000,
		ret < ARRAY_SIZE(compact_result_names)
			? compact_result_names[ret]
			: "?");
	sum->migrate_scanned += st.migrate_scanned;
	sum->free_scanned += st.free_scanned;
	sum->isolated += st.isolated;
	sum->migrated += st.migrated;
	sum->failed += st.failed;
	sum->pinned_skipped += st.pinned_skipped;
}

/*
 * Zones are compacted one at a time, so each gets its line as soon as it
 * is done and Ctrl-C stops between zones (never inside one: mm/ finishes a
 * zone before it returns).
 */
static int cmd_compact(int argc, char **argv)
{
	struct compact_stats st = { 0 };
	unsigned long before = nr_free_pageblocks(), after;
	struct zone *zone, *z;
	int order;
	u64 t0, ns;

	if (parse_compact_args(argc, argv, &zone, &order))
		return -EINVAL;
	if (order < 0)
		shell_printf("compact: full compaction of %s\n",
			     zone ? zone->name : "all zones");
	else
		shell_printf(
			"compact: compaction of %s for an order-%d block\n",
			zone ? zone->name : "all zones", order);
	t0 = ktime_get_ns();
	for_each_populated_zone(z) {
		if ((zone && z != zone) || !managed_zone(z))
			continue;
		if (shell_interrupted()) {
			shell_printf(
				"  interrupted: zone %s and above left as they are\n",
				z->name);
			break;
		}
		compact_one_zone(z, order, &st);
	}
	ns = ktime_get_ns() - t0;
	after = nr_free_pageblocks();
	shell_printf(
		"  scanned %lu pages (migrate scanner %lu, free scanner %lu)\n",
		st.migrate_scanned + st.free_scanned, st.migrate_scanned,
		st.free_scanned);
	/* What was isolated and neither moved nor failed went back to its
	 * place untried: no free page left to move it to, or the scanners
	 * met with the batch not yet migrated. */
	shell_printf(
		"  isolated %lu, migrated %lu, failed %lu, put back untried %lu, pinned and skipped %lu\n",
		st.isolated, st.migrated, st.failed,
		st.isolated - min(st.isolated, st.migrated + st.failed),
		st.pinned_skipped);
	shell_printf(
		"  free 2 MiB blocks: %lu before, %lu after; %lu.%03lu ms\n",
		before, after, ns / 1000000, ns / 1000 % 1000);
	return 0;
}
SHELL_CMD(compact, cmd_compact, "compact [ZONE] [order N]",
	  "compact all zones or one: fully, or until an order-N block is free");
