/*
 * Page migration: move the contents of in-use movable pages to other page
 * frames, rewriting every PTE that maps them, so that the virtual
 * addresses stay the same (the seeds' 000 and 001 describe it).
 */
#ifndef _MM_MIGRATE_H
#define _MM_MIGRATE_H

#include "list.h"
#include "mm/mm_types.h"

/* How a migration may wait (Linux's enum migrate_mode). */
enum migrate_mode {
	MIGRATE_ASYNC,	    /* never sleep: a locked page is a retry */
	MIGRATE_SYNC_LIGHT, /* may sleep on a page lock */
	MIGRATE_SYNC,	    /* may sleep on anything */
};

/* Why pages are migrated (Linux's names, the ones we use). */
enum migrate_reason {
	MR_COMPACTION,
	MR_SYSCALL, /* the shell's `migrate` command and the tests */
	/* alloc_contig_range(): emptying a range (CMA, gigantic pages) */
	MR_CONTIG_RANGE,
	MR_TYPES
};

#define MIGRATEPAGE_SUCCESS 0
/* Passes over the list; each -EAGAIN page is retried in the next pass. */
#define NR_MAX_MIGRATE_PAGES_RETRY 10
/* Pages unmapped together before one TLB flush and the copies. */
#define MIGRATE_BATCH 32
/* Distinct mms a batch tracks for its shootdown; more shoot every CPU. */
#define MIGRATE_BATCH_MMS 4

typedef struct page *new_page_t(struct page *page, unsigned long private);
typedef void free_page_t(struct page *page, unsigned long private);

/**
 * migrate_pages - migrate the isolated pages on @from
 * @from: isolated pages (isolate_anon_page), linked through page->lru
 * @get_new_page: gives a free page to copy one page to (NULL: out of memory)
 * @put_new_page: takes back a page from @get_new_page that was not used
 * @private: passed to both
 * @mode: whether migration may sleep on locked pages
 * @reason: why (for the record)
 * @nr_succeeded: receives the number of pages migrated (may be NULL)
 *
 * Up to NR_MAX_MIGRATE_PAGES_RETRY passes: -EAGAIN (a locked or pinned
 * page) is retried in the next pass, -ENOMEM stops at once, any other error
 * is permanent. Each batch of up to MIGRATE_BATCH pages is unmapped first,
 * the TLB is flushed once for the batch, then the pages are copied and
 * remapped.
 *
 * Return: the number of pages not migrated (they stay on @from for the
 * caller to put back with putback_movable_pages()), or -ENOMEM.
 * Context: thread context; may sleep unless @mode is MIGRATE_ASYNC.
 */
int migrate_pages(struct list_head *from, new_page_t *get_new_page,
		  free_page_t *put_new_page, unsigned long private,
		  enum migrate_mode mode, int reason,
		  unsigned int *nr_succeeded);

/* Copy one frame to another (what migration does per page). */
void copy_highpage(struct page *dst, struct page *src);

/* Give isolated pages that were not migrated back to their owners. */
void putback_movable_pages(struct list_head *l);

/*
 * The steps of one page's migration, in order, as `bench migrate` times
 * them. Isolation happens before migrate_pages() (the caller's scanner);
 * the others inside it. Every instruction of migrate_pages() falls in one
 * step: the time since the previous step ended.
 */
enum migrate_step {
	MIGRATE_STEP_ISOLATE, /* isolate_anon_page(), by the caller */
	MIGRATE_STEP_LOCK,    /* lock the page, check for pins; and unlock */
	MIGRATE_STEP_NEW,     /* get the new page from the caller */
	MIGRATE_STEP_UNMAP,   /* rmap walk: PTEs become migration entries */
	MIGRATE_STEP_FLUSH,   /* the batch's TLB flush, shared */
	MIGRATE_STEP_COPY,    /* the 4 KiB copy */
	MIGRATE_STEP_REMAP,   /* migration entries become PTEs of the copy */
	MIGRATE_STEP_FREE,    /* free the old page */
	MIGRATE_STEP_PUTBACK, /* give the new page back to rmap */
	NR_MIGRATE_STEPS
};

extern const char *const migrate_step_names[NR_MIGRATE_STEPS];

/*
 * Benchmark instrumentation: when set, called as each step of
 * migrate_pages() ends, with that step. NULL in normal operation.
 */
extern void (*migrate_step_hook)(enum migrate_step done);

/*
 * Test instrumentation: when set, called after a batch is unmapped and the
 * TLB flushed, before the pages are copied (their PTEs are migration
 * entries then). NULL in normal operation.
 */
extern void (*migrate_test_hook)(struct page *src);

#endif
