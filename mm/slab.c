/*
 * A minimal slab allocator: power-of-two size classes from 16 to 2048
 * bytes. Each class keeps a list of pages that still have free objects;
 * a page's free objects are chained through their first word.
 *
 * The struct page of a slab page says which class it serves:
 *   PG_slab set, lru on the class's partial list (while it has room),
 *   private = the class index, index = objects in use,
 *   mapping = the first free object (cast), or NULL when full.
 * A page whose last object is freed goes back to the buddy allocator.
 */
#include "lib.h"
#include "printk.h"
#include "spinlock.h"
#include "mm/slab.h"

#define NR_KMALLOC_CLASSES 8 /* 16, 32, ..., 2048 */

struct kmalloc_class {
	struct list_head partial; /* pages with at least one free object */
	unsigned int size;
};

static struct kmalloc_class classes[NR_KMALLOC_CLASSES];
static DEFINE_SPINLOCK(slab_lock);
unsigned long nr_slab_pages;

static unsigned int size_to_class(size_t size)
{
	return size <= KMALLOC_MIN_SIZE
		       ? 0
		       : order_base_2(size) - order_base_2(KMALLOC_MIN_SIZE);
}

static void **freelist_of(struct page *page)
{
	return (void **)&page->mapping;
}

/* Make @page a slab page of @c with every object chained on its free list. */
static void init_slab_page(struct kmalloc_class *c, struct page *page)
{
	char *base = page_address(page);
	unsigned int n;

	n = PAGE_SIZE / c->size;
	for (unsigned int i = 0; i < n; i++)
		*(void **)(base + i * c->size) =
			i + 1 < n ? base + (i + 1) * c->size : NULL;
	SetPageSlab(page);
	page->private = (unsigned long)(c - classes);
	page->index = 0;
	*freelist_of(page) = base;
	list_add(&page->lru, &c->partial);
	nr_slab_pages++;
}

void *kmalloc(size_t size, gfp_t gfp)
{
	struct kmalloc_class *c;
	unsigned long flags;
	struct page *page;
	void *obj;

	if (size == 0 || size > KMALLOC_MAX_SIZE) {
		WARN_ONCE(size > KMALLOC_MAX_SIZE, "kmalloc(%zu) too large\n",
			  size);
		return NULL;
	}
	c = &classes[size_to_class(size)];
	spin_lock_irqsave(&slab_lock, flags);
	if (!c->size) {
		c->size = KMALLOC_MIN_SIZE << (c - classes);
		INIT_LIST_HEAD(&c->partial);
	}
	while (list_empty(&c->partial)) {
		/* The buddy allocator may sleep: not under slab_lock. */
		spin_unlock_irqrestore(&slab_lock, flags);
		page = alloc_page(gfp & ~__GFP_ZERO);
		if (!page)
			return NULL;
		spin_lock_irqsave(&slab_lock, flags);
		init_slab_page(c, page);
	}
	page = list_first_entry(&c->partial, struct page, lru);
	obj = *freelist_of(page);
	*freelist_of(page) = *(void **)obj;
	page->index++;
	if (!*freelist_of(page))
		list_del_init(&page->lru); /* full: off the partial list */
	spin_unlock_irqrestore(&slab_lock, flags);
	if (gfp & __GFP_ZERO)
		memset(obj, 0, c->size);
	return obj;
}

void kfree(const void *obj)
{
	struct page *page;
	struct kmalloc_class *c;
	unsigned long flags;
	bool was_full;

	if (!obj)
		return;
	page = virt_to_page(obj);
	ASSERT(PageSlab(page), "kfree(%p): not a kmalloc object", obj);
	c = &classes[page->private];
	ASSERT(((unsigned long)obj & (c->size - 1)) == 0,
	       "kfree(%p): not the start of a %u-byte object", obj, c->size);
	spin_lock_irqsave(&slab_lock, flags);
	was_full = !*freelist_of(page);
	*(void **)obj = *freelist_of(page);
	*freelist_of(page) = (void *)obj;
	page->index--;
	if (page->index == 0) {
		list_del(&page->lru);
		ClearPageSlab(page);
		page->mapping = NULL;
		page->private = 0;
		nr_slab_pages--;
		spin_unlock_irqrestore(&slab_lock, flags);
		__free_page(page);
		return;
	}
	if (was_full)
		list_add(&page->lru, &c->partial);
	spin_unlock_irqrestore(&slab_lock, flags);
}
