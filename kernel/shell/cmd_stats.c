/*
 * `stats` and `zoneinfo`: the counters, as Linux's /proc/vmstat and
 * /proc/zoneinfo print them, so the names a student learns here are the
 * ones a Linux machine shows.
 */
#include "kerrno.h"
#include "shell_cmd.h"
#include "lib.h"
#include "seq_file.h"
#include "smp.h"
#include "mm/fault.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "mm/slab.h"
#include "mm/vmstat.h"

/* True if show_vmstat() prints @name itself. */
static bool vmstat_has(const char *name)
{
	if (!strcmp(name, "nr_free_pages"))
		return true;
	for (int i = 0; i < NR_VM_EVENT_ITEMS; i++)
		if (vm_event_names[i] && !strcmp(vm_event_names[i], name))
			return true;
	return false;
}

/*
 * Counters kept outside mm/vmstat.c, under Linux's names where Linux has
 * them (pgfault counts every user fault there; here every user fault is an
 * anonymous first touch). pgmigrate_wait is ours: faults that waited for
 * a page under migration. Features we lack print 0, as Linux prints 0 for
 * a counter nothing has bumped.
 */
static void show_extra_stats(struct seq_file *m)
{
	const struct {
		const char *name;
		unsigned long value;
	} extra[] = {
		{ "nr_free_cma", 0 },
		{ "nr_slab_reclaimable", 0 },
		{ "nr_slab_unreclaimable", nr_slab_pages },
		{ "nr_page_table_pages", nr_pagetable_pages },
		{ "pgfault", nr_anon_faults },
		{ "pgmigrate_wait", nr_migration_waits },
	};

	for (size_t i = 0; i < ARRAY_SIZE(extra); i++)
		if (!vmstat_has(extra[i].name))
			seq_printf(m, "%s %lu\n", extra[i].name,
				   extra[i].value);
}

static int cmd_stats(int argc, char **argv)
{
	struct seq_file m;

	(void)argc;
	(void)argv;
	seq_console_init(&m);
	show_vmstat(&m);
	show_extra_stats(&m);
	return 0;
}
SHELL_CMD(stats, cmd_stats, "stats",
	  "every vmstat counter as 'name value' lines, as /proc/vmstat");

/* Direct compactions @zone will skip before it tries again (deferral). */
static void zoneinfo_deferral(struct seq_file *m, const struct zone *zone)
{
	unsigned long limit = 1UL << zone->compact_defer_shift;

	seq_printf(m, "  compact_considered:   %u\n", zone->compact_considered);
	seq_printf(m, "  compact_defer_shift:  %u\n",
		   zone->compact_defer_shift);
	seq_printf(m, "  compact_order_failed: %d\n",
		   zone->compact_order_failed);
	if (zone->compact_order_failed <= MAX_ORDER &&
	    zone->compact_considered + 1 < limit)
		seq_printf(
			m,
			"  deferred: orders %d and up skip the next %lu compactions\n",
			zone->compact_order_failed,
			limit - zone->compact_considered - 1);
	else
		seq_puts(m, "  deferred: no\n");
	seq_printf(m,
		   "  compact_cached_migrate_pfn: %#lx (async) %#lx (sync)\n",
		   zone->compact_cached_migrate_pfn[0],
		   zone->compact_cached_migrate_pfn[1]);
	seq_printf(m, "  compact_cached_free_pfn:    %#lx\n",
		   zone->compact_cached_free_pfn);
}

static void zoneinfo_pagesets(struct seq_file *m, const struct zone *zone)
{
	int cpu;

	seq_puts(m, "  pagesets\n");
	for_each_online_cpu(cpu) {
		const struct per_cpu_pages *pcp = &zone->pcp[cpu];

		seq_printf(m, "    cpu: %d\n", cpu);
		seq_printf(m, "              count: %d\n",
			   READ_ONCE(pcp->count));
		seq_printf(m, "              high:  %d\n", pcp->high);
		seq_printf(m, "              batch: %d\n", pcp->batch);
	}
}

static void zoneinfo_print(struct seq_file *m, const struct zone *zone)
{
	seq_printf(m, "Node 0, zone %8s\n", zone->name);
	seq_printf(m, "  pages free     %lu\n",
		   zone_page_state(zone, NR_FREE_PAGES));
	seq_printf(m, "        min      %lu\n", min_wmark_pages(zone));
	seq_printf(m, "        low      %lu\n", low_wmark_pages(zone));
	seq_printf(m, "        high     %lu\n", high_wmark_pages(zone));
	seq_printf(m, "        spanned  %lu\n", zone->spanned_pages);
	seq_printf(m, "        present  %lu\n", zone->present_pages);
	seq_printf(m, "        managed  %lu\n", zone->managed_pages);
	seq_printf(m, "        protection: (");
	for (int z = 0; z < MAX_NR_ZONES; z++)
		seq_printf(m, "%s%ld", z ? ", " : "", zone->lowmem_reserve[z]);
	seq_puts(m, ")\n");
	seq_printf(m, "      nr_free_pages %lu\n",
		   zone_page_state(zone, NR_FREE_PAGES));
	seq_printf(m, "      nr_reserved_highatomic %lu\n",
		   zone->nr_reserved_highatomic);
	zoneinfo_pagesets(m, zone);
	seq_printf(m, "  start_pfn:           %lu\n", zone->zone_start_pfn);
	zoneinfo_deferral(m, zone);
}

static int cmd_zoneinfo(int argc, char **argv)
{
	struct zone *zone = NULL, *z;
	struct seq_file m;

	if (argc == 2 && !(zone = shell_parse_zone(argv[1])))
		return -EINVAL;
	seq_console_init(&m);
	for_each_populated_zone(z)
		if (!zone || z == zone)
			zoneinfo_print(&m, z);
	return 0;
}
SHELL_CMD(zoneinfo, cmd_zoneinfo, "zoneinfo [ZONE]",
	  "per zone: span, watermarks, per-CPU lists, compaction deferral");
