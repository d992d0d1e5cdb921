/*
 * `frag`: the fragmentation picture of each zone. Linux's reports first
 * (buddyinfo, pagetypeinfo, extfrag_index, unusable_index, the score), so a
 * reader can set them beside a Linux machine's, then a map of the zone with
 * one character per pageblock, which tools/fragmap turns into a picture.
 *
 * The map, as printed (docs/SHELL.md has the whole story):
 *
 *   pageblock map: zone DMA, pfn 0-0x1000, 8 pageblocks, 1 char = 1 pageblock (2 MiB)
 *   0x00000000 #m......
 *   end of map: 6 free, 0 mostly used, 1 mostly free, 1 reserved, 0 without RAM
 *
 * Each line starts with the pfn of its first pageblock and holds up to 64
 * characters. A zone with more than 1024 pageblocks (2 GiB) is scaled: one
 * character stands for 2, 4, ... pageblocks, so no zone takes more than 16
 * lines and a 6 GiB machine's map fits a screen.
 */
#include "kerrno.h"
#include "shell_cmd.h"
#include "lib.h"
#include "seq_file.h"
#include "mm/compaction.h"
#include "mm/page_alloc.h"
#include "mm/vmstat.h"

#define MAP_LINE_CHARS 64
#define MAP_MAX_CHARS (16 * MAP_LINE_CHARS)

/* What a page frame is, as far as the map cares. */
enum census_kind {
	PAGE_FREE,     /* on a buddy or per-CPU free list */
	PAGE_USED,     /* allocated */
	PAGE_RESERVED, /* RAM the allocator never had: kernel, boot data */
	PAGE_NO_RAM,   /* a hole, or outside the zone */
	NR_CENSUS_KINDS
};

/*
 * A walk through a zone's pfns, one run of same-kind pages at a time: a
 * free block or an allocated block is one run, so its tail pages (whose
 * struct pages say nothing) are never looked at. Lockless, like Linux's
 * reports: a page that changes under the walk is counted as it was seen.
 */
struct pfn_census {
	const struct zone *zone;
	unsigned long pfn;     /* next pfn to classify */
	unsigned long run_end; /* the current run ends here */
	enum census_kind kind;
};

/* Pages in the block of @order at @pfn, or 1 if that cannot be a block
 * (a racy read gave nonsense, or a field that is no order). */
static unsigned long run_pages(unsigned long pfn, unsigned long order,
			       unsigned int max_order)
{
	if (order > max_order || !IS_ALIGNED(pfn, 1UL << order))
		return 1;
	return 1UL << order;
}

static void census_next_run(struct pfn_census *w)
{
	unsigned long pfn = w->pfn, n = 1;
	const struct page *page;

	if (!pfn_valid(pfn)) {
		/* No memmap: skip to the next 2 MiB subsection. */
		w->kind = PAGE_NO_RAM;
		n = PAGES_PER_SUBSECTION - pfn % PAGES_PER_SUBSECTION;
		w->run_end = pfn + n;
		return;
	}
	page = pfn_to_page(pfn);
	if (!zone_spans_pfn(w->zone, pfn) ||
	    page_zonenum(page) != w->zone->type || PageHole(page)) {
		w->kind = PAGE_NO_RAM;
	} else if (PageReserved(page)) {
		w->kind = PAGE_RESERVED;
	} else if (PageBuddy(page)) {
		w->kind = PAGE_FREE;
		n = run_pages(pfn, buddy_order(page), MAX_ORDER);
	} else if (page_ref_count(page) == 0) {
		/* A per-CPU list page: private holds its order there. */
		w->kind = PAGE_FREE;
		n = run_pages(pfn, page->private, PAGE_ALLOC_COSTLY_ORDER);
	} else {
		/* In use: private is the allocation's order, except for slab
		 * and page-table pages, which keep their own data there. */
		w->kind = PAGE_USED;
		if (!PageSlab(page) && !PageTable(page))
			n = run_pages(pfn, page->private, MAX_ORDER);
	}
	w->run_end = pfn + n;
}

/* Count the pages from the walk's position up to @end, by kind. */
static void census_until(struct pfn_census *w, unsigned long end,
			 unsigned long count[NR_CENSUS_KINDS])
{
	while (w->pfn < end) {
		unsigned long stop;

		if (w->pfn >= w->run_end)
			census_next_run(w);
		stop = min(end, w->run_end);
		count[w->kind] += stop - w->pfn;
		w->pfn = stop;
	}
}

/* The migratetype of the pageblock at @pfn, read from @zone's bitmap
 * (no struct page needed: the block may begin in a hole). */
static int block_migratetype(const struct zone *zone, unsigned long pfn)
{
	unsigned long bitidx = pfn_to_bitidx(zone, pfn);
	unsigned long word =
		READ_ONCE(zone->pageblock_flags[bitidx / BITS_PER_LONG]);

	return (int)((word >> (bitidx % BITS_PER_LONG)) & MIGRATETYPE_MASK);
}

/* One character of the map: a group of pageblocks. */
struct map_cell {
	unsigned long count[NR_CENSUS_KINDS];
	unsigned int blocks_of_type[MIGRATE_TYPES]; /* blocks with RAM */
};

static const char migratetype_letters[MIGRATE_TYPES + 1] = "UMRHCI";

/* Map classes, counted for the "end of map" line. */
enum map_class {
	MAP_FREE,
	MAP_MOSTLY_USED,
	MAP_MOSTLY_FREE,
	MAP_RESERVED,
	MAP_NO_RAM,
	NR_MAP_CLASSES
};

static enum map_class cell_class(const struct map_cell *c, unsigned long pages)
{
	unsigned long missing = c->count[PAGE_RESERVED] + c->count[PAGE_NO_RAM];

	if (c->count[PAGE_NO_RAM] == pages)
		return MAP_NO_RAM;
	if (2 * missing >= pages)
		return MAP_RESERVED;
	if (c->count[PAGE_FREE] == pages)
		return MAP_FREE;
	return 2 * c->count[PAGE_FREE] <= pages ? MAP_MOSTLY_USED
						: MAP_MOSTLY_FREE;
}

/* The type most of the cell's blocks have (the lower type on a tie). */
static int cell_migratetype(const struct map_cell *c)
{
	int best = 0;

	for (int mt = 1; mt < MIGRATE_TYPES; mt++)
		if (c->blocks_of_type[mt] > c->blocks_of_type[best])
			best = mt;
	return best;
}

static char cell_char(const struct map_cell *c, enum map_class class)
{
	char letter = migratetype_letters[cell_migratetype(c)];

	switch (class) {
	case MAP_NO_RAM:
		return '-';
	case MAP_RESERVED:
		return '#';
	case MAP_FREE:
		return '.';
	case MAP_MOSTLY_USED:
		return letter;
	default:
		return (char)(letter - 'A' + 'a');
	}
}

/* Fill @c with the census of @nr pageblocks from @pfn. */
static void census_cell(struct pfn_census *w, unsigned long pfn,
			unsigned long nr, struct map_cell *c)
{
	memset(c, 0, sizeof(*c));
	for (unsigned long b = 0; b < nr; b++, pfn += pageblock_nr_pages) {
		unsigned long before = c->count[PAGE_NO_RAM];
		int mt;

		census_until(w, pfn + pageblock_nr_pages, c->count);
		mt = block_migratetype(w->zone, pfn);
		if (c->count[PAGE_NO_RAM] - before < pageblock_nr_pages &&
		    mt < MIGRATE_TYPES)
			c->blocks_of_type[mt]++;
	}
}

/* Pageblocks per character for a zone of @blocks pageblocks. */
static unsigned long map_scale(unsigned long blocks)
{
	unsigned long per_char = 1;

	while (DIV_ROUND_UP(blocks, per_char) > MAP_MAX_CHARS)
		per_char *= 2;
	return per_char;
}

static void map_print_header(struct seq_file *m, const struct zone *zone,
			     unsigned long blocks, unsigned long per_char)
{
	seq_printf(
		m,
		"pageblock map: zone %s, pfn %#lx-%#lx, %lu pageblocks, 1 char = %lu pageblock%s (%lu MiB)\n",
		zone->name, zone->zone_start_pfn, zone_end_pfn(zone), blocks,
		per_char, per_char == 1 ? "" : "s",
		per_char * (pageblock_nr_pages >> (20 - PAGE_SHIFT)));
}

/* Print @zone's pageblock map (the format is at the top of this file). */
static void show_pageblock_map(struct seq_file *m, struct zone *zone)
{
	unsigned long base = pageblock_start_pfn(zone->zone_start_pfn);
	unsigned long blocks =
		DIV_ROUND_UP(zone_end_pfn(zone) - base, pageblock_nr_pages);
	unsigned long per_char = map_scale(blocks);
	unsigned long classes[NR_MAP_CLASSES] = { 0 };
	struct pfn_census walk = { .zone = zone, .pfn = base, .run_end = base };
	char line[MAP_LINE_CHARS + 2];
	size_t len = 0;

	map_print_header(m, zone, blocks, per_char);
	for (unsigned long b = 0; b < blocks; b += per_char) {
		unsigned long pfn = base + b * pageblock_nr_pages;
		unsigned long nr = min(per_char, blocks - b);
		struct map_cell cell;
		enum map_class class;

		if (len == 0)
			seq_printf(m, "0x%08lx ", pfn);
		census_cell(&walk, pfn, nr, &cell);
		class = cell_class(&cell, nr * pageblock_nr_pages);
		classes[class]++;
		line[len++] = cell_char(&cell, class);
		if (len == MAP_LINE_CHARS || b + per_char >= blocks) {
			line[len++] = '\n';
			line[len] = '\0';
			seq_puts(m, line);
			len = 0;
		}
	}
	seq_printf(
		m,
		"end of map: %lu free, %lu mostly used, %lu mostly free, %lu reserved, %lu without RAM\n",
		classes[MAP_FREE], classes[MAP_MOSTLY_USED],
		classes[MAP_MOSTLY_FREE], classes[MAP_RESERVED],
		classes[MAP_NO_RAM]);
}

static void show_map_legend(struct seq_file *m)
{
	seq_puts(
		m,
		"legend: a letter is the pageblock's migratetype (the most common one in a group):\n");
	seq_puts(
		m,
		"  U unmovable  M movable  R reclaimable  H highatomic  C cma  I isolate\n");
	seq_puts(
		m,
		"  upper case: half of its pages or more in use; lower case: more than half free\n");
	seq_puts(
		m,
		"  . every page free (buddy or per-CPU lists): a free 2 MiB block\n");
	seq_puts(
		m,
		"  # half or more reserved (kernel, boot data, firmware) or missing\n");
	seq_puts(m, "  - no RAM at all\n");
}

/* The per-zone and node fragmentation scores (proactive compaction's). */
static void show_scores(struct seq_file *m, struct zone *only)
{
	const char *sep = " ";
	struct zone *zone;

	seq_puts(
		m,
		"fragmentation score (0-100: share of free memory outside free 2 MiB blocks):");
	for_each_populated_zone(zone) {
		if (only && zone != only)
			continue;
		seq_printf(m, "%s%s %u", sep, zone->name,
			   fragmentation_score_zone(zone));
		sep = ", ";
	}
	if (!only)
		seq_printf(m, "; node %u",
			   fragmentation_score_node(NODE_DATA(0)));
	seq_putc(m, '\n');
}

static void show_indices(struct seq_file *m, struct zone *zone)
{
	seq_puts(
		m,
		"\nextfrag_index: fragmentation index per order 0..10; -1.000: a block of\n");
	seq_puts(
		m,
		"that order is free; towards 1.000 a failure would be for fragmentation\n");
	show_extfrag_index(m, zone);
	seq_puts(
		m,
		"\nunusable_index: share of free memory in blocks too small, per order\n");
	show_unusable_index(m, zone);
}

/* How well unmovable pages are kept together (the node's census). */
static void show_pollution(struct seq_file *m)
{
	static struct compact_potential cp; /* too big for the stack */
	unsigned long p;

	compaction_potential(NODE_DATA(0), &cp);
	p = compaction_pollution(&cp);
	seq_printf(
		m,
		"pollution: %lu pageblocks hold unmovable pages, which would fill %lu: %lu.%02lu (1.00 is perfect)\n",
		cp.nr_polluted_blocks,
		DIV_ROUND_UP(cp.nr_unmovable_pages, pageblock_nr_pages),
		p / 100, p % 100);
}

static int cmd_frag(int argc, char **argv)
{
	struct zone *zone = NULL, *z;
	struct seq_file m;

	if (argc == 2 && !(zone = shell_parse_zone(argv[1])))
		return -EINVAL;
	/* The report streams out; "still running" lines would cut a map. */
	shell_progress_quiet();
	/* The pollution census drains the per-CPU lists to count pages:
	 * drain first, so that every section shows the same state. */
	for_each_populated_zone(z)
		drain_all_pages(z);
	seq_console_init(&m);
	seq_puts(&m, "buddyinfo: free blocks per order 0..10\n");
	show_buddyinfo(&m, zone);
	seq_puts(&m, "\npagetypeinfo:\n");
	show_pagetypeinfo(&m, zone);
	show_indices(&m, zone);
	seq_putc(&m, '\n');
	show_scores(&m, zone);
	show_pollution(&m);
	seq_putc(&m, '\n');
	for_each_populated_zone(z)
		if (!zone || z == zone)
			show_pageblock_map(&m, z);
	show_map_legend(&m);
	return 0;
}
SHELL_CMD(frag, cmd_frag, "frag [ZONE]",
	  "buddyinfo, pagetypeinfo, fragmentation indices and a pageblock map");
