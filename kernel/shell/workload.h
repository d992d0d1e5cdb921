/*
 * The fragmentation workload: an address space full of movable pages with
 * known contents, punched full of holes by a pattern, for compaction to
 * clean up and for `verify` to check afterwards. The shell commands
 * mkfrag, verify, release and `bench compact` drive it; the self-tests
 * and the writer threads use it too.
 */
#ifndef _KERNEL_WORKLOAD_H
#define _KERNEL_WORKLOAD_H

#include <asm/page.h>

#include "lib.h"
#include "list.h"
#include "mm/mm_types.h"

/* Where the workload's VMA starts (in the lower half). */
#define WORKLOAD_BASE 0x100000000UL

enum frag_pattern {
	FRAG_ALTERNATE, /* free every other page */
	FRAG_RANDOM,	/* free a random half (fixed seed) */
	FRAG_SPARSE,	/* free three of every four pages of each 2 MiB */
	FRAG_MIXED,	/* random, with ~10% unmovable kernel pages kept */
	NR_FRAG_PATTERNS
};

extern const char *const frag_pattern_names[NR_FRAG_PATTERNS];

/* Why filling the workload stopped. */
enum fill_stop {
	FILL_DONE,	 /* all the pages asked for are mapped */
	FILL_LOW_MEMORY, /* stopped at the zones' watermarks and reserves */
	FILL_NO_MEMORY,	 /* a page fault or a kernel page found no memory */
};

struct workload {
	struct mm_struct *mm;
	enum frag_pattern pattern;
	unsigned long npages;	       /* pages the VMA spans */
	unsigned long nr_live;	       /* of them still mapped */
	unsigned long *live;	       /* bitmap: page i still mapped */
	u32 *version;		       /* page i's last write (the shadow) */
	struct list_head kernel_pages; /* FRAG_MIXED's unmovable pages */
	unsigned long nr_kernel_pages;
	unsigned long churn_allocs; /* allocations made by churn steps */
	unsigned long target;	    /* pages (and kernel pages) asked for */
	enum fill_stop stop;	    /* how filling ended */
	/*
	 * Stops the threads that run in the address space, if any:
	 * workload_release() calls it before the address space goes. The
	 * writer threads set it (kernel/shell/writers.h), so the workload needs to
	 * know nothing of them.
	 */
	void (*stop_users)(void);
};

/*
 * When set, FRAG_MIXED's kernel share (and churn's unmovable allocations)
 * calls this instead of keeping a plain unmovable page: the kpool
 * benchmark puts a page's worth of objects into the movable pool. The
 * caller frees what it allocated after workload_release().
 */
extern bool (*workload_kernel_alloc)(void);

/* The one workload, or NULL. */
extern struct workload *workload;

static inline unsigned long workload_addr(unsigned long i)
{
	return WORKLOAD_BASE + i * PAGE_SIZE;
}

/**
 * workload_create - build and fragment the workload
 * @pattern: how to punch holes
 * @percent: how much of the memory free now to fill (1..100)
 *
 * Filling stops early at the watermarks (memory_is_low()) or when a fault
 * finds no memory; what was mapped is kept, and workload->stop says why.
 * Return: 0, -EEXIST if a workload exists, -ENOMEM if not even one page
 * could be mapped (nothing is kept).
 */
int workload_create(enum frag_pattern pattern, unsigned int percent);

/* Free the workload's pages, its unmovable pages and its address space. */
void workload_release(void);

/* Fill page @i with the pattern of its address and write version @v. */
void workload_write_page(unsigned long i, u32 v);
/* Words of page @i that differ from its expected contents. */
unsigned long workload_check_page(unsigned long i);

/**
 * workload_churn_step - free a random live page, or refault a random freed
 * one (unless memory is low)
 * @rnd: the caller's random state
 * @unmovable: make every tenth new allocation a long-lived unmovable
 *	kernel page instead (kept until release)
 *
 * Context: the workload's address space must be active.
 */
void workload_churn_step(struct rnd_state *rnd, bool unmovable);

struct compact_potential;

/**
 * workload_antifrag - measure how well pageblocks stay unmixed
 * @cp: receives the pageblock census (nr_mixed_blocks, nr_capable_blocks)
 *
 * The mixed workload (every tenth allocation a long-lived unmovable page,
 * a random half of the movable pages freed), then movable churn with one
 * unmovable allocation in ten, twice the workload's size in steps. The
 * census is taken before the workload is released.
 * Return: 0, or the error of workload_create().
 */
int workload_antifrag(struct compact_potential *cp);
/* Fallbacks that stole (did not claim) in the last quarter of that churn. */
extern unsigned long workload_antifrag_last_steals;

/*
 * True when a zone the workload's pages or page tables come from is down
 * near its high watermark plus lowmem_reserve: stop mapping more.
 */
bool memory_is_low(void);

/* Hooks for an interactive verify (all may be NULL). */
struct verify_hooks {
	/* A bad page: its index and how many of its words differ. */
	void (*bad_page)(unsigned long i, unsigned long words);
	/* Called every few hundred pages; false stops the check. */
	bool (*keep_going)(unsigned long checked);
};

/**
 * workload_verify - read every live page through its virtual address and
 * check it against its latest write
 * @pages_checked: receives the number of pages checked
 * @hooks: progress and reporting (NULL: none)
 *
 * Return: the number of pages with at least one wrong word.
 */
unsigned long workload_verify(unsigned long *pages_checked,
			      const struct verify_hooks *hooks);

#endif
