/*
 * `alloc`, `free` and `allocs`: allocations made by hand, to see what the
 * buddy allocator and grouping by mobility do with them (watch `frag`).
 *
 * The shell holds each allocation's blocks on a list through page->lru (an
 * allocated page's lru belongs to its owner). They are never mapped, so
 * compaction cannot move them even when they are typed movable: like a
 * pinned page, each one keeps its pageblock from ever becoming free.
 */
#include "kerrno.h"
#include "shell_cmd.h"
#include "lib.h"
#include "list.h"
#include "mm/gfp.h"

#define SHELL_MAX_ALLOCS 64
#define ALLOC_CHECK_EVERY 64 /* blocks between looks for Ctrl-C */

struct shell_alloc {
	unsigned int id; /* 0: the slot is free */
	unsigned int order;
	int migratetype;
	unsigned long count;	 /* blocks */
	unsigned long first_pfn; /* of the first block */
	struct list_head blocks; /* their head pages, through page->lru */
};

static struct shell_alloc allocs[SHELL_MAX_ALLOCS];
static unsigned int next_alloc_id = 1;

static const struct {
	const char *name;
	int migratetype;
	gfp_t gfp;
} alloc_types[] = {
	{ "unmovable", MIGRATE_UNMOVABLE, GFP_KERNEL },
	{ "movable", MIGRATE_MOVABLE, GFP_HIGHUSER_MOVABLE },
	{ "reclaimable", MIGRATE_RECLAIMABLE, GFP_KERNEL | __GFP_RECLAIMABLE },
};

static const char *alloc_type_name(int migratetype)
{
	for (size_t i = 0; i < ARRAY_SIZE(alloc_types); i++)
		if (alloc_types[i].migratetype == migratetype)
			return alloc_types[i].name;
	return "?";
}

static unsigned long total_managed_pages(void)
{
	unsigned long pages = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		pages += zone->managed_pages;
	return pages;
}

/* A block size such as "2M" (@bytes parsed) as an order. */
static int parse_block_size(const char *s, u64 bytes, unsigned int *order)
{
	for (unsigned int o = 0; o <= MAX_ORDER; o++) {
		if (bytes == PAGE_SIZE << o) {
			*order = o;
			return 0;
		}
	}
	shell_printf(
		"error: a block is 4K, 8K, ... or 4M (a power of two pages), not '%s'\n",
		s);
	return -EINVAL;
}

/* ORDER: a number 0..MAX_ORDER, or a block size such as 2M. */
static int parse_order(const char *s, unsigned int *order)
{
	unsigned long o;
	u64 v;

	if (kstrtou64(s, &v) && !memparse_strict(s, &v))
		return parse_block_size(s, v, order);
	if (shell_parse_ulong(s, "ORDER", 0, MAX_ORDER, &o))
		return -EINVAL;
	*order = (unsigned int)o;
	return 0;
}

static int parse_type(const char *s, size_t *type)
{
	for (size_t i = 0; i < ARRAY_SIZE(alloc_types); i++) {
		if (!strcmp(s, alloc_types[i].name)) {
			*type = i;
			return 0;
		}
	}
	shell_printf(
		"error: unknown type '%s' (unmovable, movable or reclaimable)\n",
		s);
	return -EINVAL;
}

/* COUNT: a number of blocks, or a total size ("64M", "10%" of memory). */
static int parse_count(const char *s, unsigned int order, unsigned long *count)
{
	unsigned long max = total_managed_pages() >> order;
	u64 bytes;

	if (!kstrtou64(s, &bytes)) {
		if (!max) {
			shell_printf(
				"error: an order-%u block is more than the memory\n",
				order);
			return -EINVAL;
		}
		return shell_parse_ulong(s, "COUNT", 1, max, count);
	}
	if (shell_parse_size(s, "COUNT",
			     (u64)total_managed_pages() << PAGE_SHIFT, &bytes))
		return -EINVAL;
	*count = (unsigned long)(bytes >> (PAGE_SHIFT + order));
	if (!*count) {
		shell_printf("error: %s is less than one order-%u block\n", s,
			     order);
		return -EINVAL;
	}
	return 0;
}

static struct shell_alloc *alloc_slot(void)
{
	for (int i = 0; i < SHELL_MAX_ALLOCS; i++)
		if (!allocs[i].id)
			return &allocs[i];
	return NULL;
}

static void alloc_free_blocks(struct shell_alloc *a)
{
	struct page *page, *next;

	list_for_each_entry_safe(page, next, &a->blocks, lru) {
		list_del(&page->lru);
		__free_pages(page, a->order);
	}
	a->id = 0;
}

/*
 * Allocate @a->count blocks, all or nothing: on failure or Ctrl-C the ones
 * already taken go back. Returns the number allocated (== count: success).
 */
static unsigned long alloc_fill(struct shell_alloc *a, gfp_t gfp)
{
	struct shell_progress progress = { 0 };
	unsigned long n;

	shell_progress_due(&progress);
	for (n = 0; n < a->count; n++) {
		struct page *page;

		if (n % ALLOC_CHECK_EVERY == 0 && n) {
			if (shell_interrupted())
				break;
			if (shell_progress_due(&progress))
				shell_printf("  alloc: %lu of %lu blocks\n", n,
					     a->count);
		}
		page = alloc_pages(gfp | __GFP_NOWARN, a->order);
		if (!page)
			break;
		if (!n)
			a->first_pfn = page_to_pfn(page);
		list_add_tail(&page->lru, &a->blocks);
	}
	return n;
}

static int cmd_alloc(int argc, char **argv)
{
	struct shell_alloc *a;
	unsigned long count = 1, got;
	unsigned int order;
	size_t type = 0;

	if (parse_order(argv[1], &order) ||
	    (argc >= 3 && parse_type(argv[2], &type)) ||
	    (argc == 4 && parse_count(argv[3], order, &count)))
		return -EINVAL;
	a = alloc_slot();
	if (!a) {
		shell_printf(
			"error: %d allocations exist already; 'free' one first\n",
			SHELL_MAX_ALLOCS);
		return -ENOSPC;
	}
	*a = (struct shell_alloc){ .order = order,
				   .count = count,
				   .migratetype =
					   alloc_types[type].migratetype };
	INIT_LIST_HEAD(&a->blocks);
	got = alloc_fill(a, alloc_types[type].gfp);
	if (got < count) {
		alloc_free_blocks(a);
		shell_printf(
			"error: %s after %lu of %lu order-%u blocks; gave them back\n",
			shell_interrupted() ? "interrupted" : "out of memory",
			got, count, order);
		return -ENOMEM;
	}
	a->id = next_alloc_id++;
	shell_printf(
		"alloc: id %u: %lu order-%u %s block%s (%lu KiB), first at pfn %#lx\n",
		a->id, count, order, alloc_types[type].name,
		count == 1 ? "" : "s", (count << order) * (PAGE_SIZE >> 10),
		a->first_pfn);
	return 0;
}
SHELL_CMD(
	alloc, cmd_alloc, "alloc ORDER [unmovable|movable|reclaimable] [COUNT]",
	"allocate COUNT (1) blocks of 2^ORDER pages (ORDER may be a size: 2M)");

static struct shell_alloc *find_alloc(unsigned long id)
{
	for (int i = 0; i < SHELL_MAX_ALLOCS; i++)
		if (allocs[i].id && allocs[i].id == id)
			return &allocs[i];
	return NULL;
}

static int cmd_free(int argc, char **argv)
{
	unsigned long id, n = 0, pages = 0;
	struct shell_alloc *a;
	u64 v;

	(void)argc;
	if (!strcmp(argv[1], "all")) {
		for (int i = 0; i < SHELL_MAX_ALLOCS; i++) {
			if (!allocs[i].id)
				continue;
			n++;
			pages += allocs[i].count << allocs[i].order;
			alloc_free_blocks(&allocs[i]);
		}
		shell_printf("free: freed %lu allocation%s (%lu pages)\n", n,
			     n == 1 ? "" : "s", pages);
		return 0;
	}
	if (kstrtou64(argv[1], &v) || v == 0) {
		shell_printf(
			"error: ID must be an allocation's number (see 'allocs') or 'all', not '%s'\n",
			argv[1]);
		return -EINVAL;
	}
	id = (unsigned long)v;
	a = find_alloc(id);
	if (!a) {
		shell_printf(
			"error: no allocation with id %lu (see 'allocs')\n",
			id);
		return -EINVAL;
	}
	pages = a->count << a->order;
	alloc_free_blocks(a);
	shell_printf("free: id %lu: freed %lu pages\n", id, pages);
	return 0;
}
SHELL_CMD(free, cmd_free, "free ID|all",
	  "free an allocation made with 'alloc', or all of them");

static int cmd_allocs(int argc, char **argv)
{
	unsigned long n = 0, pages = 0;

	(void)argc;
	(void)argv;
	for (int i = 0; i < SHELL_MAX_ALLOCS; i++) {
		const struct shell_alloc *a = &allocs[i];

		if (!a->id)
			continue;
		if (!n++)
			shell_printf(
				"   ID ORDER TYPE            BLOCKS      PAGES  FIRST PFN\n");
		shell_printf("%5u %5u %-12s %9lu %10lu  %#lx\n", a->id,
			     a->order, alloc_type_name(a->migratetype),
			     a->count, a->count << a->order, a->first_pfn);
		pages += a->count << a->order;
	}
	if (!n)
		shell_printf("no allocations (make one with 'alloc')\n");
	else
		shell_printf("%lu allocation%s, %lu pages (%lu KiB)\n", n,
			     n == 1 ? "" : "s", pages,
			     pages * (PAGE_SIZE >> 10));
	return 0;
}
SHELL_CMD(allocs, cmd_allocs, "allocs",
	  "list the allocations made with 'alloc'");
