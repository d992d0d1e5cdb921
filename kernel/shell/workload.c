/*
 * The fragmentation workload (see kernel/shell/workload.h). Its pages are
 * touched through their virtual addresses with the workload's address
 * space active, so every check reads through the page tables that
 * compaction rewrites. A new page is faulted in by handle_mm_fault()
 * before it is first written, as get_user_pages() does in Linux: we have
 * no exception tables to recover from a fault the CPU takes in kernel
 * mode, so a fault that finds no memory must fail here, where the command
 * can stop cleanly, and never on the write itself.
 */
#include "kerrno.h"
#include "kernel/shell/workload.h"
#include "lib.h"
#include "printk.h"
#include "mm/compaction.h"
#include "mm/fault.h"
#include "mm/mmap.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"
#include "mm/vmstat.h"

struct workload *workload;

const char *const frag_pattern_names[NR_FRAG_PATTERNS] = {
	[FRAG_ALTERNATE] = "alternate",
	[FRAG_RANDOM] = "random",
	[FRAG_SPARSE] = "sparse",
	[FRAG_MIXED] = "mixed",
};

#define WORKLOAD_SEED 42
#define WORDS_PER_PAGE (PAGE_SIZE / sizeof(u64))

/* Word @w of the page at @addr after write number @v: unique per word. */
static inline u64 pattern_word(unsigned long addr, unsigned long w, u32 v)
{
	return ((addr + w * sizeof(u64)) * 0x9e3779b97f4a7c15ULL) ^
	       ((u64)v << 40) ^ 0x5eed;
}

void workload_write_page(unsigned long i, u32 v)
{
	unsigned long addr = workload_addr(i);
	u64 *p = (u64 *)addr;

	for (unsigned long w = 0; w < WORDS_PER_PAGE; w++)
		p[w] = pattern_word(addr, w, v);
	WRITE_ONCE(workload->version[i], v);
}

unsigned long workload_check_page(unsigned long i)
{
	unsigned long addr = workload_addr(i), bad = 0;
	const u64 *p = (const u64 *)addr;
	u32 v = READ_ONCE(workload->version[i]);

	for (unsigned long w = 0; w < WORDS_PER_PAGE; w++)
		bad += p[w] != pattern_word(addr, w, v);
	return bad;
}

/* Run with the workload's address space active; returns the previous. */
static struct mm_struct *use_workload_mm(void)
{
	struct mm_struct *old = current_mm();

	activate_mm(workload->mm);
	return old;
}

/*
 * Pages that allocations of @gfp could still take before every zone they
 * may use is down to its high watermark plus the lowmem_reserve that
 * guards it from @gfp's highest zone: what __zone_watermark_ok() grants
 * with a margin. (Total free pages would count DMA pages that a Normal or
 * Movable request is never given.)
 */
static unsigned long headroom(gfp_t gfp)
{
	enum zone_type high = gfp_zone(gfp);
	struct zone *const *z = NODE_DATA(0)->node_zonelists[high].zones;
	unsigned long room = 0;

	for (; *z; z++) {
		long left = (long)zone_page_state(*z, NR_FREE_PAGES) -
			    (long)high_wmark_pages(*z) -
			    (*z)->lowmem_reserve[high];

		if (left > 0)
			room += (unsigned long)left;
	}
	return room;
}

/* Pages kept free beyond the watermarks, for page tables among others. */
#define WORKLOAD_SLACK 256

bool memory_is_low(void)
{
	/* Movable for the pages themselves; unmovable for their page
	 * tables (one per 512 pages) and FRAG_MIXED's kernel pages. */
	return headroom(GFP_HIGHUSER_MOVABLE) < WORKLOAD_SLACK ||
	       headroom(GFP_KERNEL) < WORKLOAD_SLACK / 4;
}

/*
 * Fault page @i in (its page and any page table it needs) without touching
 * it. Return: 0, or -ENOMEM when the fault found no memory.
 */
static int fault_in_page(struct workload *w, unsigned long i)
{
	unsigned long addr = workload_addr(i);
	struct vm_area_struct *vma = find_vma(w->mm, addr);
	int ret;

	do
		ret = handle_mm_fault(w->mm, vma, addr, FAULT_FLAG_WRITE);
	while (ret == VM_FAULT_RETRY);
	return ret ? -ENOMEM : 0;
}

bool (*workload_kernel_alloc)(void);

static bool keep_kernel_page(struct workload *w)
{
	struct page *page;

	if (workload_kernel_alloc) {
		if (!workload_kernel_alloc())
			return false;
		w->nr_kernel_pages++;
		return true;
	}
	page = alloc_page(GFP_KERNEL);
	if (!page)
		return false;
	list_add_tail(&page->lru, &w->kernel_pages);
	w->nr_kernel_pages++;
	return true;
}

/* Fault page @i in and write its pattern; it is then live. */
static int map_page(struct workload *w, unsigned long i, u32 v)
{
	if (fault_in_page(w, i))
		return -ENOMEM;
	workload_write_page(i, v);
	__set_bit(i, w->live);
	w->nr_live++;
	return 0;
}

/* Map @target pages (every tenth a kernel page for FRAG_MIXED). */
static void fill(struct workload *w, unsigned long target)
{
	for (unsigned long n = 0; n < target; n++) {
		if (memory_is_low()) {
			w->stop = FILL_LOW_MEMORY;
			return;
		}
		if (w->pattern == FRAG_MIXED && n % 10 == 9) {
			if (keep_kernel_page(w))
				continue;
			w->stop = FILL_NO_MEMORY;
			return;
		}
		if (map_page(w, w->npages, 0)) {
			w->stop = FILL_NO_MEMORY;
			return;
		}
		w->npages++;
	}
	w->stop = FILL_DONE;
}

static bool should_free(enum frag_pattern p, unsigned long i,
			struct rnd_state *rnd)
{
	switch (p) {
	case FRAG_ALTERNATE:
		return i & 1;
	case FRAG_SPARSE:
		return (i % 4) != 0;
	default:
		return prandom_below(rnd, 2);
	}
}

void workload_churn_step(struct rnd_state *rnd, bool unmovable)
{
	struct workload *w = workload;
	unsigned long i = prandom_below(rnd, w->npages);

	if (test_bit(i, w->live)) {
		zap_page_range(w->mm, workload_addr(i), PAGE_SIZE);
		__clear_bit(i, w->live);
		w->nr_live--;
		return;
	}
	if (memory_is_low())
		return;
	/* Every tenth new allocation a long-lived kernel page, if asked. */
	if (unmovable && ++w->churn_allocs % 10 == 0) {
		keep_kernel_page(w);
		return;
	}
	map_page(w, i, w->version[i]); /* no memory: the page stays free */
}

static void fragment(struct workload *w)
{
	struct rnd_state rnd;

	prandom_seed(&rnd, WORKLOAD_SEED);
	for (unsigned long i = 0; i < w->npages; i++) {
		if (!should_free(w->pattern, i, &rnd))
			continue;
		zap_page_range(w->mm, workload_addr(i), PAGE_SIZE);
		__clear_bit(i, w->live);
		w->nr_live--;
	}
}

/* Allocate the workload's bookkeeping (unmovable, from vmalloc). */
static struct workload *workload_alloc(unsigned long target)
{
	struct workload *w = kzalloc(sizeof(*w), GFP_KERNEL);

	if (!w)
		return NULL;
	INIT_LIST_HEAD(&w->kernel_pages);
	w->mm = mm_alloc("workload");
	w->live = vmalloc(BITS_TO_LONGS(target) * sizeof(long));
	w->version = vmalloc(target * sizeof(u32));
	if (!w->mm || !w->live || !w->version ||
	    !mmap_anon(w->mm, WORKLOAD_BASE, target << PAGE_SHIFT,
		       VM_READ | VM_WRITE)) {
		if (w->mm)
			mm_destroy(w->mm);
		vfree(w->live);
		vfree(w->version);
		kfree(w);
		return NULL;
	}
	memset(w->live, 0, BITS_TO_LONGS(target) * sizeof(long));
	return w;
}

int workload_create(enum frag_pattern pattern, unsigned int percent)
{
	unsigned long target =
		global_zone_page_state(NR_FREE_PAGES) * percent / 100;
	struct mm_struct *old;

	if (workload)
		return -EEXIST;
	if (!target)
		return -ENOMEM;
	workload = workload_alloc(target);
	if (!workload)
		return -ENOMEM;
	workload->pattern = pattern;
	workload->target = target;
	old = use_workload_mm();
	fill(workload, target);
	fragment(workload);
	activate_mm(old);
	if (!workload->npages) {
		workload_release();
		return -ENOMEM;
	}
	return 0;
}

void workload_release(void)
{
	struct page *page, *next;

	if (!workload)
		return;
	if (workload->stop_users)
		workload->stop_users();
	if (current_mm() == workload->mm)
		activate_mm(NULL);
	mm_destroy(workload->mm);
	list_for_each_entry_safe(page, next, &workload->kernel_pages, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
	vfree(workload->live);
	vfree(workload->version);
	kfree(workload);
	workload = NULL;
}

#define VERIFY_STRIDE 512 /* pages between calls of keep_going() */

unsigned long workload_verify(unsigned long *pages_checked,
			      const struct verify_hooks *hooks)
{
	unsigned long bad = 0, checked = 0;
	struct mm_struct *old;

	*pages_checked = 0;
	if (!workload)
		return 0;
	old = use_workload_mm();
	for (unsigned long i = 0; i < workload->npages; i++) {
		unsigned long words;

		if (hooks && hooks->keep_going && i % VERIFY_STRIDE == 0 &&
		    !hooks->keep_going(checked))
			break;
		if (!test_bit(i, workload->live))
			continue;
		checked++;
		words = workload_check_page(i);
		if (words && hooks && hooks->bad_page)
			hooks->bad_page(i, words);
		bad += words != 0;
	}
	activate_mm(old);
	*pages_checked = checked;
	return bad;
}

unsigned long workload_antifrag_last_steals;

static unsigned long steal_count(void)
{
	return sum_vm_event(PGFALLBACK) - sum_vm_event(PGFALLBACK_CLAIM);
}

int workload_antifrag(struct compact_potential *cp)
{
	unsigned long steals = 0;
	struct mm_struct *old;
	struct rnd_state rnd;
	int err = workload_create(FRAG_MIXED, 90);

	if (err)
		return err;
	prandom_seed(&rnd, WORKLOAD_SEED);
	old = use_workload_mm();
	for (unsigned long n = 0; n < 2 * workload->npages; n++) {
		if (n == 2 * workload->npages * 3 / 4)
			steals = steal_count();
		workload_churn_step(&rnd, true);
	}
	workload_antifrag_last_steals = steal_count() - steals;
	activate_mm(old);
	compaction_potential(NODE_DATA(0), cp);
	workload_release();
	return 0;
}
