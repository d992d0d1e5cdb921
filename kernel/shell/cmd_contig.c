/*
 * `cma` and `contig`: contiguous allocations by hand. `cma` lists the CMA
 * areas and allocates from one (cma_alloc()); `contig` allocates anywhere
 * (alloc_contig_pages()). Each allocation gets an id for its `free`.
 * Scripts read the one-line replies:
 *
 *   contig: id N: SIZE at pfn 0xSTART-0xEND, migrated M pages, T ms
 *   contig: failed (-EBUSY): pfn 0xPFN REASON
 *
 * (`cma:` for CMA), END being the last pfn, REASON one of pinned,
 * unmovable, reserved, hole, race (or nomem, when -ENOMEM).
 */
#include "kerrno.h"
#include "shell_cmd.h"
#include "ktime.h"
#include "lib.h"
#include "mm/cma.h"
#include "mm/contig_alloc.h"
#include "mm/vmstat.h"

#define SHELL_MAX_CONTIG 32

struct shell_contig {
	unsigned int id; /* 0: the slot is free */
	struct cma *cma; /* NULL: from alloc_contig_pages() */
	unsigned long pfn;
	unsigned long nr_pages;
};

static struct shell_contig contigs[SHELL_MAX_CONTIG];
static unsigned int next_contig_id = 1;

/* "64K", "32M", "1G": the largest unit that divides @bytes. */
static void format_size(char *buf, size_t len, u64 bytes)
{
	static const char units[] = "KMGT";
	unsigned int u = 0;

	bytes >>= 10;
	while (u + 1 < sizeof(units) - 1 && bytes && !(bytes & 1023)) {
		bytes >>= 10;
		u++;
	}
	snprintf(buf, len, "%llu%c", (unsigned long long)bytes, units[u]);
}

/* SIZE in bytes, a whole number of pages. */
static int parse_pages(const char *s, const char *what, u64 whole,
		       unsigned long *nr_pages)
{
	u64 bytes;

	if (shell_parse_size(s, what, whole, &bytes))
		return -EINVAL;
	if (bytes & (PAGE_SIZE - 1)) {
		shell_printf("error: %s must be a multiple of 4K\n", what);
		return -EINVAL;
	}
	*nr_pages = (unsigned long)(bytes >> PAGE_SHIFT);
	return 0;
}

static struct shell_contig *contig_slot(void)
{
	for (int i = 0; i < SHELL_MAX_CONTIG; i++)
		if (!contigs[i].id)
			return &contigs[i];
	shell_printf("error: %d allocations exist already; free one first\n",
		     SHELL_MAX_CONTIG);
	return NULL;
}

/* The allocation @s names, made by @cma_cmd (`cma`) or not (`contig`). */
static struct shell_contig *contig_lookup(const char *s, bool cma_cmd)
{
	unsigned long id;

	if (shell_parse_ulong(s, "ID", 1, ~0U, &id))
		return NULL;
	for (int i = 0; i < SHELL_MAX_CONTIG; i++)
		if (contigs[i].id == id && (contigs[i].cma != NULL) == cma_cmd)
			return &contigs[i];
	shell_printf("error: no %s allocation %lu\n",
		     cma_cmd ? "cma" : "contig", id);
	return NULL;
}

/* The one-line reply to an allocation, success or failure. */
static void contig_report(const char *who, struct shell_contig *c,
			  const struct contig_info *info, u64 ns)
{
	char size[16];

	if (!c->pfn) {
		shell_printf("%s: failed (%s): pfn 0x%lx %s\n", who,
			     info->reason == CONTIG_NOMEM ? "-ENOMEM"
							  : "-EBUSY",
			     info->fail_pfn, contig_reason_names[info->reason]);
		return;
	}
	format_size(size, sizeof(size), (u64)c->nr_pages << PAGE_SHIFT);
	shell_printf(
		"%s: id %u: %s at pfn 0x%lx-0x%lx, migrated %lu pages, %llu.%03llu ms\n",
		who, c->id, size, c->pfn, c->pfn + c->nr_pages - 1,
		info->nr_migrated, (unsigned long long)(ns / 1000000),
		(unsigned long long)(ns / 1000 % 1000));
}

/* Keep a successful allocation in @c, or leave the slot free. */
static void contig_record(struct shell_contig *c, struct cma *cma,
			  struct page *page, unsigned long nr_pages)
{
	*c = (struct shell_contig){ .cma = cma, .nr_pages = nr_pages };
	if (!page)
		return;
	c->id = next_contig_id++;
	c->pfn = page_to_pfn(page);
}

/* `cma free ID` (@cma_cmd) or `contig free ID`. */
static int contig_free_cmd(const char *id, bool cma_cmd)
{
	struct shell_contig *c = contig_lookup(id, cma_cmd);

	if (!c)
		return -EINVAL;
	if (cma_cmd)
		cma_release(c->cma, pfn_to_page(c->pfn), c->nr_pages);
	else
		free_contig_range(c->pfn, c->nr_pages);
	shell_printf("%s: freed id %u\n", cma_cmd ? "cma" : "contig", c->id);
	c->id = 0;
	return 0;
}

/* --- cma -------------------------------------------------------------------- */

static void cma_show_area(const struct cma *cma)
{
	char base[24], size[16], used[16], last[48] = "-";

	snprintf(base, sizeof(base), "%#llx",
		 (unsigned long long)cma->base_pfn << PAGE_SHIFT);
	format_size(size, sizeof(size), (u64)cma->count << PAGE_SHIFT);
	format_size(used, sizeof(used), (u64)cma->nr_used_pages << PAGE_SHIFT);
	if (cma->nr_fails)
		snprintf(last, sizeof(last), "pfn %#lx %s", cma->last_fail_pfn,
			 contig_reason_names[cma->last_fail_reason]);
	shell_printf("%-10s %-12s %6s %6s %6lu %6lu  %s\n", cma->name, base,
		     size, used, cma->nr_allocs, cma->nr_fails, last);
	shell_printf(
		"           alloc_pages_success %lu alloc_pages_fail %lu\n",
		cma->alloc_pages_success, cma->alloc_pages_fail);
}

static int cma_list(void)
{
	if (!cma_area_count) {
		shell_printf("cma: no areas (boot with cma=SIZE[@BASE])\n");
		return 0;
	}
	shell_printf("%-10s %-12s %6s %6s %6s %6s  %s\n", "area", "base",
		     "size", "used", "allocs", "fails", "last failure");
	for (unsigned int i = 0; i < cma_area_count; i++)
		cma_show_area(&cma_areas[i]);
	shell_printf("cma_alloc_success %lu cma_alloc_fail %lu\n",
		     sum_vm_event(CMA_ALLOC_SUCCESS),
		     sum_vm_event(CMA_ALLOC_FAIL));
	return 0;
}

static int cma_alloc_cmd(const char *area, const char *size)
{
	struct cma *cma = cma_find(area);
	struct contig_info info;
	struct shell_contig *c;
	unsigned long nr;
	struct page *page;
	u64 t0;

	if (!cma) {
		shell_printf("error: no CMA area '%s' (see `cma`)\n", area);
		return -EINVAL;
	}
	if (parse_pages(size, "SIZE", (u64)cma->count << PAGE_SHIFT, &nr))
		return -EINVAL;
	c = contig_slot();
	if (!c)
		return -ENOSPC;
	t0 = ktime_get_ns();
	/* Aligned to its size, up to a pageblock (Linux: CMA_ALIGNMENT). */
	page = cma_alloc(cma, nr, min(order_base_2(nr), pageblock_order),
			 &info);
	contig_record(c, cma, page, nr);
	contig_report("cma", c, &info, ktime_get_ns() - t0);
	return 0;
}

static int cmd_cma(int argc, char **argv)
{
	if (argc == 1)
		return cma_list();
	if (!strcmp(argv[1], "alloc") && argc == 4)
		return cma_alloc_cmd(argv[2], argv[3]);
	if (!strcmp(argv[1], "free") && argc == 3)
		return contig_free_cmd(argv[2], true);
	shell_printf("error: expected 'alloc AREA SIZE' or 'free ID'\n");
	return -EINVAL;
}
SHELL_CMD(
	cma, cmd_cma, "cma [alloc|free AREA|ID [SIZE]]",
	"list the CMA areas; allocate from one (cma alloc AREA SIZE) or free (cma free ID)");

/* --- contig ----------------------------------------------------------------- */

static int contig_alloc_cmd(int argc, char **argv)
{
	struct contig_info info;
	struct shell_contig *c;
	unsigned long nr, align;
	struct page *page;
	u64 t0, whole = (u64)totalram_pages() << PAGE_SHIFT;

	if (parse_pages(argv[2], "SIZE", whole, &nr))
		return -EINVAL;
	align = 1UL << order_base_2(nr);
	if (argc == 4) {
		if (parse_pages(argv[3], "ALIGN", whole, &align))
			return -EINVAL;
		if (!is_power_of_2(align)) {
			shell_printf("error: ALIGN must be a power of two\n");
			return -EINVAL;
		}
	}
	c = contig_slot();
	if (!c)
		return -ENOSPC;
	t0 = ktime_get_ns();
	page = __alloc_contig_pages(nr, align, GFP_HIGHUSER_MOVABLE, &info);
	contig_record(c, NULL, page, nr);
	contig_report("contig", c, &info, ktime_get_ns() - t0);
	return 0;
}

static int cmd_contig(int argc, char **argv)
{
	if (!strcmp(argv[1], "alloc"))
		return contig_alloc_cmd(argc, argv);
	if (!strcmp(argv[1], "free") && argc == 3)
		return contig_free_cmd(argv[2], false);
	shell_printf("error: expected 'alloc SIZE [ALIGN]' or 'free ID'\n");
	return -EINVAL;
}
SHELL_CMD(
	contig, cmd_contig, "contig alloc|free SIZE|ID [ALIGN]",
	"allocate SIZE contiguous bytes anywhere (alloc_contig_pages), or free one");
