/*
 * Reverse mapping for anonymous pages, Linux's anon_vma scheme reduced to
 * one level: every VMA that may map a set of anonymous pages is on one
 * anon_vma's list, and a page records that anon_vma and its offset. To
 * find a page's PTEs, walk the list and compute the address in each VMA:
 *
 *     address = vma->vm_start + (page->index - vma->vm_pgoff) * PAGE_SIZE
 *
 * This costs nothing per mapping, which is why Linux does it so; a per-page
 * list of PTEs would cost memory for every mapped page.
 *
 * Reference counts of an anonymous page: each PTE mapping it holds one
 * reference and one map count; a scanner that isolates it holds one more.
 * An anon_vma is referenced by its VMAs and by the pages that point to it.
 */
#include "kerrno.h"
#include "printk.h"
#include "mm/gfp.h"
#include "mm/mmap.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "mm/rmap.h"
#include "mm/slab.h"

DEFINE_SPINLOCK(rmap_lock);

struct pte_cache rmap_pte_cache;

struct anon_vma *anon_vma_alloc(void)
{
	struct anon_vma *av = kzalloc(sizeof(*av), GFP_KERNEL);

	if (av)
		INIT_LIST_HEAD(&av->vmas);
	return av;
}

/* Drop a reference to @av; the caller holds rmap_lock. */
static void anon_vma_put_locked(struct anon_vma *av)
{
	if (--av->refcount == 0)
		kfree(av);
}

void anon_vma_link(struct anon_vma *av, struct vm_area_struct *vma)
{
	unsigned long flags;

	spin_lock_irqsave(&rmap_lock, flags);
	vma->anon_vma = av;
	av->refcount++;
	list_add_tail(&vma->anon_vma_node, &av->vmas);
	spin_unlock_irqrestore(&rmap_lock, flags);
}

void anon_vma_unlink(struct vm_area_struct *vma)
{
	unsigned long flags;

	spin_lock_irqsave(&rmap_lock, flags);
	list_del(&vma->anon_vma_node);
	anon_vma_put_locked(vma->anon_vma);
	vma->anon_vma = NULL;
	spin_unlock_irqrestore(&rmap_lock, flags);
}

void page_add_new_anon_rmap(struct page *page, struct vm_area_struct *vma,
			    unsigned long addr)
{
	unsigned long flags;

	spin_lock_irqsave(&rmap_lock, flags);
	SetPageAnon(page);
	page->mapping = vma->anon_vma;
	page->index = vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT);
	vma->anon_vma->refcount++;
	atomic_set(&page->_mapcount, 0);
	SetPageLRU(page);
	spin_unlock_irqrestore(&rmap_lock, flags);
}

int map_anon_page(struct vm_area_struct *vma, unsigned long addr,
		  struct page *page)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long flags;
	pteval_t *ptep;
	int err = 0;

	/* Tables first, without the locks: the allocation may sleep. */
	do {
		if (pgtable_prepare(mm->pgd, addr, PT_LEVEL_PTE,
				    &mm->page_table_lock))
			return -ENOMEM;
		spin_lock_irqsave(&rmap_lock, flags);
		spin_lock(&mm->page_table_lock);
		ptep = pgtable_entry(mm->pgd, addr, PT_LEVEL_PTE, false);
		if (!ptep) { /* an unmap freed the new table meanwhile */
			spin_unlock(&mm->page_table_lock);
			spin_unlock_irqrestore(&rmap_lock, flags);
		}
	} while (!ptep);
	if (*ptep) {
		err = -EEXIST;
	} else {
		get_page(page);
		atomic_inc(&page->_mapcount);
		pgtable_set_pte(mm->pgd, addr, ptep,
				page_to_phys(page) | PAGE_USER_RW);
		mm->rss++;
	}
	spin_unlock(&mm->page_table_lock);
	spin_unlock_irqrestore(&rmap_lock, flags);
	return err;
}

void page_detach_anon(struct page *page)
{
	ClearPageLRU(page);
	ClearPageAnon(page);
	anon_vma_put_locked(page->mapping);
	page->mapping = NULL;
	page->index = 0;
}

void page_remove_anon_rmap(struct page *page)
{
	unsigned long flags;

	spin_lock_irqsave(&rmap_lock, flags);
	if (atomic_dec_return(&page->_mapcount) < 0 && PageAnon(page) &&
	    !PageIsolated(page))
		page_detach_anon(page);
	spin_unlock_irqrestore(&rmap_lock, flags);
}

bool isolate_anon_page(struct page *page)
{
	unsigned long flags;
	bool ok;

	spin_lock_irqsave(&rmap_lock, flags);
	ok = __isolate_anon_page(page);
	spin_unlock_irqrestore(&rmap_lock, flags);
	return ok;
}

void putback_anon_page(struct page *page)
{
	unsigned long flags;

	spin_lock_irqsave(&rmap_lock, flags);
	__putback_anon_page(page);
	spin_unlock_irqrestore(&rmap_lock, flags);
	__free_page(page);
}

void rmap_walk(struct page *page, struct rmap_walk_control *rwc)
{
	unsigned long flags;

	spin_lock_irqsave(&rmap_lock, flags);
	__rmap_walk(page, rwc);
	spin_unlock_irqrestore(&rmap_lock, flags);
}
