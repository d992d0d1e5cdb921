/*
 * kpool: small kernel objects in movable pages (the idea of Linux's
 * zsmalloc; the design and names here are our own, and simpler).
 *
 * Pages. Objects of one size class share order-0 pool pages, allocated
 * with __GFP_HIGHMEM | __GFP_MOVABLE (what zram asks of zsmalloc) so that
 * they land in movable pageblocks, or in ZONE_MOVABLE, and marked
 * PG_movable_ops with kpool_mops: compaction moves them like user pages.
 * Kept out of ZONE_MOVABLE, the pool crowded into the zones below it: with
 * movablecore= as large as memory, into ZONE_DMA's 16 MiB, beside every
 * unmovable page, where compaction found no free page to move it to.
 * Unlike zsmalloc, an object never spans two pages, so the largest class
 * (3 KiB) wastes a quarter of its page; in exchange every object is
 * contiguous at the address kpool_map() returns, and there is no
 * per-object header.
 *
 *   struct page (PG_movable_ops)         struct kpool_page (kmalloc)
 *     movable_ops = &kpool_mops            page  -> the struct page
 *     index  ---------------------------->  class, nr_used, nr_mapped
 *                                           free_map: one bit per slot
 *                                           slot_handle[slot] -> handle
 *
 * Handles. A handle is an index (plus one, so that 0 means none) into the
 * handle table, whose entries hold where the object is now: pfn and slot.
 * Migration copies a page and rewrites the entry of every object on it,
 * which is why users keep handles: a pointer would go stale. The table
 * grows in chunks of HANDLES_PER_CHUNK entries, from kmalloc; it and the
 * kpool_page records are the pool's unmovable overhead.
 *
 * Pins. kpool_map() counts the object and its page as mapped; a page with
 * a mapped object refuses isolation and migration (both counted in
 * skipped_mapped), and compaction moves on: it never waits for an unmap.
 * kpool_page_pinned() says so without isolating: alloc_contig_range()
 * reports such a page as pinned, as it does a user page with a pin.
 *
 * TODO: objects above 2048 bytes get a page each (zsmalloc's multi-page
 * zspages would pack three 2.7 KiB objects into two pages), so random
 * sizes up to 3 KiB use about 1.7 times their bytes in pool pages; and
 * the handle table is capped at KPOOL_MAX_HANDLES.
 *
 * Locking: pool.lock (interrupts off) protects everything above, and
 * migration copies under it, so map and migrate exclude each other. Pages
 * and kmalloc memory are allocated with the lock dropped, since an
 * allocation may compact and compaction takes the lock to isolate.
 */
#include "kerrno.h"
#include "lib.h"
#include "printk.h"
#include "spinlock.h"
#include "mm/kpool.h"
#include "mm/movable_ops.h"
#include "mm/slab.h"

#define KPOOL_MAX_SLOTS (PAGE_SIZE / KPOOL_MIN_SIZE)
#define KPOOL_SLOT_BITS 8 /* a location is pfn << 8 | slot */
#define HANDLES_PER_CHUNK (KMALLOC_MAX_SIZE / sizeof(struct kpool_handle))
#define NR_HANDLE_CHUNKS (KPOOL_MAX_HANDLES / HANDLES_PER_CHUNK)

/* Object sizes: each class wastes little of a 4 KiB page. */
static const unsigned short class_sizes[] = {
	32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1360, 2048, 3072,
};
#define NR_KPOOL_CLASSES ARRAY_SIZE(class_sizes)

struct kpool_page {
	struct page *page;
	struct list_head list; /* on its class's partial list, if not full */
	unsigned short class, nr_used, nr_mapped;
	bool isolated; /* by compaction: not freed until migrate or putback */
	unsigned long free_map[KPOOL_MAX_SLOTS / BITS_PER_LONG]; /* 1: free */
	u32 slot_handle[]; /* the handle of each used slot's object */
};

/* One handle table entry. */
struct kpool_handle {
	unsigned long loc; /* pfn << KPOOL_SLOT_BITS | slot; 0: entry free */
	u32 size;	   /* bytes asked for */
	u32 mapped;	   /* kpool_map() nesting; free entry: next free */
};

static struct kpool {
	spinlock_t lock;
	struct list_head partial[NR_KPOOL_CLASSES];
	struct kpool_handle *chunks[NR_HANDLE_CHUNKS];
	unsigned long nr_chunks;
	unsigned long free_handle; /* first free handle, 0: none */
	struct kpool_stats st;
	bool ready;
} pool = { .lock = __SPIN_LOCK_UNLOCKED(kpool) };

static const struct movable_operations kpool_mops;

static void kpool_init_once(void)
{
	if (pool.ready)
		return;
	for (unsigned int c = 0; c < NR_KPOOL_CLASSES; c++)
		INIT_LIST_HEAD(&pool.partial[c]);
	pool.ready = true;
}

static unsigned int slots_of(unsigned int class)
{
	return PAGE_SIZE / class_sizes[class];
}

/* The smallest class holding @size bytes; -1 if out of range. */
static int size_to_class(size_t size)
{
	if (!size || size > KPOOL_MAX_SIZE)
		return -1;
	for (unsigned int c = 0; c < NR_KPOOL_CLASSES; c++)
		if (size <= class_sizes[c])
			return (int)c;
	return -1;
}

/* The entry of @handle, or NULL if the table has no such entry. */
static struct kpool_handle *handle_entry(unsigned long handle)
{
	unsigned long i = handle - 1;

	if (!handle || i / HANDLES_PER_CHUNK >= pool.nr_chunks)
		return NULL;
	return &pool.chunks[i / HANDLES_PER_CHUNK][i % HANDLES_PER_CHUNK];
}

/* The entry of an allocated @handle, or NULL. */
static struct kpool_handle *live_entry(unsigned long handle)
{
	struct kpool_handle *e = handle_entry(handle);

	return e && e->loc ? e : NULL;
}

static unsigned long make_loc(struct page *page, unsigned int slot)
{
	return page_to_pfn(page) << KPOOL_SLOT_BITS | slot;
}

static unsigned int loc_slot(unsigned long loc)
{
	return loc & ((1U << KPOOL_SLOT_BITS) - 1);
}

static struct kpool_page *page_kp(const struct page *page)
{
	return page_movable_ops(page) == &kpool_mops
		       ? (struct kpool_page *)page->index
		       : NULL;
}

/*
 * The pool page an entry's location names. A location that names anything
 * else is a pool bug (a move that did not update the table): warn, and let
 * the caller fail, rather than read a page someone else owns.
 */
static struct kpool_page *loc_kp(unsigned long loc)
{
	unsigned long pfn = loc >> KPOOL_SLOT_BITS;
	struct kpool_page *kp =
		pfn_valid(pfn) ? page_kp(pfn_to_page(pfn)) : NULL;

	if (!kp || loc_slot(loc) >= slots_of(kp->class) ||
	    test_bit(loc_slot(loc), kp->free_map)) {
		pr_warn("kpool: a handle points at pfn %#lx slot %u, not at one of its objects\n",
			pfn, loc_slot(loc));
		return NULL;
	}
	return kp;
}

/* Add a chunk of free entries to the table. Return: false if none. */
static bool grow_handles(gfp_t gfp)
{
	struct kpool_handle *chunk = kmalloc(KMALLOC_MAX_SIZE, gfp);
	unsigned long flags, base;

	if (!chunk)
		return false;
	spin_lock_irqsave(&pool.lock, flags);
	if (pool.nr_chunks == NR_HANDLE_CHUNKS) {
		spin_unlock_irqrestore(&pool.lock, flags);
		kfree(chunk);
		return false;
	}
	base = pool.nr_chunks * HANDLES_PER_CHUNK;
	for (unsigned long i = 0; i < HANDLES_PER_CHUNK; i++) {
		chunk[i] = (struct kpool_handle){ 0 };
		/* Chain them in order, in front of the free list. */
		chunk[i].mapped = i + 1 < HANDLES_PER_CHUNK
					  ? (u32)(base + i + 2)
					  : (u32)pool.free_handle;
	}
	pool.chunks[pool.nr_chunks++] = chunk;
	pool.free_handle = base + 1;
	spin_unlock_irqrestore(&pool.lock, flags);
	return true;
}

/* Add an empty page of @class to its partial list. Return: false if none. */
static bool add_page(unsigned int class, gfp_t gfp)
{
	unsigned int slots = slots_of(class);
	struct kpool_page *kp =
		kzalloc(sizeof(*kp) + slots * sizeof(u32), gfp & ~__GFP_ZERO);
	struct page *page = alloc_page((gfp & ~__GFP_RECLAIMABLE) |
				       __GFP_HIGHMEM | __GFP_MOVABLE);
	unsigned long flags;

	if (!kp || !page) {
		kfree(kp);
		if (page)
			__free_page(page);
		return false;
	}
	kp->page = page;
	kp->class = (unsigned short)class;
	for (unsigned int s = 0; s < slots; s++)
		__set_bit(s, kp->free_map);
	spin_lock_irqsave(&pool.lock, flags);
	page->index = (unsigned long)kp;
	__SetPageMovable(page, &kpool_mops);
	list_add(&kp->list, &pool.partial[class]);
	pool.st.pages++;
	spin_unlock_irqrestore(&pool.lock, flags);
	return true;
}

/* Give an empty, unisolated pool page back. Context: pool.lock held. */
static void release_page(struct kpool_page *kp)
{
	list_del_init(&kp->list);
	__ClearPageMovable(kp->page);
	__free_page(kp->page); /* the pool's reference */
	kfree(kp);
	pool.st.pages--;
}

/* Take the first free slot of @kp for @handle. Context: pool.lock held. */
static unsigned int take_slot(struct kpool_page *kp, unsigned long handle)
{
	unsigned int s = 0;

	while (!test_bit(s, kp->free_map))
		s++; /* the page is on the partial list: a slot is free */
	__clear_bit(s, kp->free_map);
	kp->slot_handle[s] = (u32)handle;
	if (++kp->nr_used == slots_of(kp->class))
		list_del_init(&kp->list); /* full */
	return s;
}

/* With pool.lock held: place an object of @size, if a handle and a slot
 * are at hand. Return: the handle, or 0 (*need says what is missing). */
static unsigned long try_place(unsigned int class, size_t size, int *need)
{
	unsigned long h = pool.free_handle;
	struct kpool_handle *e;
	struct kpool_page *kp;

	*need = 0;
	if (!h)
		*need |= 1;
	if (list_empty(&pool.partial[class]))
		*need |= 2;
	if (*need)
		return 0;
	e = handle_entry(h);
	pool.free_handle = e->mapped;
	kp = list_first_entry(&pool.partial[class], struct kpool_page, list);
	e->loc = make_loc(kp->page, take_slot(kp, h));
	e->size = (u32)size;
	e->mapped = 0;
	pool.st.objects++;
	pool.st.bytes += size;
	return h;
}

unsigned long kpool_malloc(size_t size, gfp_t gfp)
{
	int class = size_to_class(size), need = 0;
	unsigned long flags, h = 0;

	if (class < 0) {
		pr_warn("kpool: size %zu out of range %d..%d\n", size,
			KPOOL_MIN_SIZE, KPOOL_MAX_SIZE);
		goto fail;
	}
	for (;;) {
		spin_lock_irqsave(&pool.lock, flags);
		kpool_init_once();
		h = try_place((unsigned int)class, size, &need);
		spin_unlock_irqrestore(&pool.lock, flags);
		if (h)
			return h;
		if ((need & 1) && !grow_handles(gfp))
			goto fail;
		if ((need & 2) && !add_page((unsigned int)class, gfp))
			goto fail;
	}
fail:
	spin_lock_irqsave(&pool.lock, flags);
	pool.st.alloc_fail++;
	spin_unlock_irqrestore(&pool.lock, flags);
	return 0;
}

void kpool_free(unsigned long handle)
{
	struct kpool_handle *e;
	struct kpool_page *kp;
	unsigned long flags;
	unsigned int s;

	if (!handle)
		return;
	spin_lock_irqsave(&pool.lock, flags);
	e = live_entry(handle);
	if (!e || e->mapped || !(kp = loc_kp(e->loc))) {
		pr_warn("kpool: free of handle %lu refused (%s)\n", handle,
			!e ? "not allocated" : "mapped or lost");
		goto out;
	}
	s = loc_slot(e->loc);
	__set_bit(s, kp->free_map);
	if (kp->nr_used-- == slots_of(kp->class))
		list_add(&kp->list, &pool.partial[kp->class]);
	pool.st.objects--;
	pool.st.bytes -= e->size;
	*e = (struct kpool_handle){ .mapped = (u32)pool.free_handle };
	pool.free_handle = handle;
	if (!kp->nr_used && !kp->isolated)
		release_page(kp);
out:
	spin_unlock_irqrestore(&pool.lock, flags);
}

void *kpool_map(unsigned long handle)
{
	struct kpool_handle *e;
	struct kpool_page *kp;
	unsigned long flags;
	void *addr = NULL;

	spin_lock_irqsave(&pool.lock, flags);
	e = live_entry(handle);
	if (e && (kp = loc_kp(e->loc))) {
		e->mapped++;
		kp->nr_mapped++;
		pool.st.mapped++;
		addr = (char *)page_address(kp->page) +
		       loc_slot(e->loc) * class_sizes[kp->class];
	}
	spin_unlock_irqrestore(&pool.lock, flags);
	return addr;
}

void kpool_unmap(unsigned long handle)
{
	struct kpool_handle *e;
	struct kpool_page *kp;
	unsigned long flags;

	spin_lock_irqsave(&pool.lock, flags);
	e = live_entry(handle);
	if (e && e->mapped && (kp = loc_kp(e->loc))) {
		e->mapped--;
		kp->nr_mapped--;
		pool.st.mapped--;
	} else {
		pr_warn("kpool: unmap of handle %lu, which is not mapped\n",
			handle);
	}
	spin_unlock_irqrestore(&pool.lock, flags);
}

size_t kpool_object_size(unsigned long handle)
{
	struct kpool_handle *e;
	unsigned long flags;
	size_t size;

	spin_lock_irqsave(&pool.lock, flags);
	e = live_entry(handle);
	size = e ? e->size : 0;
	spin_unlock_irqrestore(&pool.lock, flags);
	return size;
}

void kpool_get_stats(struct kpool_stats *st)
{
	unsigned long flags;

	spin_lock_irqsave(&pool.lock, flags);
	*st = pool.st;
	spin_unlock_irqrestore(&pool.lock, flags);
}

bool kpool_release_table(void)
{
	unsigned long flags;
	bool empty;

	spin_lock_irqsave(&pool.lock, flags);
	empty = !pool.st.objects;
	if (empty) {
		/* kfree() never allocates: safe under our lock. */
		while (pool.nr_chunks)
			kfree(pool.chunks[--pool.nr_chunks]);
		pool.free_handle = 0;
	}
	spin_unlock_irqrestore(&pool.lock, flags);
	return empty;
}

/* --- movable_operations ---------------------------------------------------- */

static bool kpool_isolate_page(struct page *page, enum migrate_mode mode)
{
	struct kpool_page *kp;
	unsigned long flags;
	bool ok = false;

	(void)mode;
	spin_lock_irqsave(&pool.lock, flags);
	kp = page_kp(page);
	if (kp && kp->nr_mapped)
		pool.st.skipped_mapped++;
	else if (kp && !kp->isolated)
		ok = kp->isolated = true;
	spin_unlock_irqrestore(&pool.lock, flags);
	return ok;
}

/* A mapped object pins its page: kpool_isolate_page() would refuse it. */
static bool kpool_page_pinned(const struct page *page)
{
	struct kpool_page *kp;
	unsigned long flags;
	bool pinned;

	spin_lock_irqsave(&pool.lock, flags);
	kp = page_kp(page);
	pinned = kp && kp->nr_mapped;
	spin_unlock_irqrestore(&pool.lock, flags);
	return pinned;
}

/* Point every object of @kp, which now lives in @dst, at @dst. */
static void update_handles(struct kpool_page *kp, struct page *dst)
{
	for (unsigned int s = 0; s < slots_of(kp->class); s++)
		if (!test_bit(s, kp->free_map))
			handle_entry(kp->slot_handle[s])->loc =
				make_loc(dst, s);
}

/* Hand @kp over from @src to @dst: contents, handles, page state. */
static void move_kpool_page(struct kpool_page *kp, struct page *dst,
			    struct page *src)
{
	memcpy(page_address(dst), page_address(src), PAGE_SIZE);
	update_handles(kp, dst);
	kp->page = dst;
	get_page(dst); /* the pool's reference moves to the new page */
	dst->index = (unsigned long)kp;
	__SetPageMovable(dst, &kpool_mops);
	__ClearPageMovable(src);
	__free_page(src); /* not the last: the isolation reference remains */
	pool.st.pages_moved++;
}

static int kpool_migrate_page(struct page *dst, struct page *src,
			      enum migrate_mode mode)
{
	struct kpool_page *kp;
	unsigned long flags;
	int rc = 0;

	(void)mode;
	spin_lock_irqsave(&pool.lock, flags);
	kp = page_kp(src);
	if (kp->nr_mapped) {
		pool.st.skipped_mapped++; /* mapped since it was isolated */
		rc = -EAGAIN;
	} else if (!kp->nr_used) {
		/* Emptied while isolated: nothing to move, just let go. */
		kp->isolated = false;
		release_page(kp);
	} else {
		kp->isolated = false;
		move_kpool_page(kp, dst, src);
	}
	spin_unlock_irqrestore(&pool.lock, flags);
	return rc;
}

static void kpool_putback_page(struct page *page)
{
	struct kpool_page *kp;
	unsigned long flags;

	spin_lock_irqsave(&pool.lock, flags);
	kp = page_kp(page);
	kp->isolated = false;
	if (!kp->nr_used)
		release_page(kp); /* emptied while isolated */
	spin_unlock_irqrestore(&pool.lock, flags);
}

static int kpool_describe_page(const struct page *page, char *buf, size_t size)
{
	const struct kpool_page *kp = page_kp(page);

	if (!kp)
		return snprintf(buf, size, "kpool page (being released)");
	return snprintf(
		buf, size,
		"kpool page: %u-byte objects, %u of %u slots used, %u mapped%s",
		class_sizes[kp->class], kp->nr_used, slots_of(kp->class),
		kp->nr_mapped, kp->isolated ? ", isolated" : "");
}

static const struct movable_operations kpool_mops = {
	.name = "kpool",
	.isolate_page = kpool_isolate_page,
	.migrate_page = kpool_migrate_page,
	.putback_page = kpool_putback_page,
	.page_pinned = kpool_page_pinned,
	.describe_page = kpool_describe_page,
};
