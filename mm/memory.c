/*
 * Page faults on anonymous memory: the first touch of a page in a VMA
 * allocates a zeroed movable page and maps it; a touch of a page that is
 * being migrated waits for the migration to end.
 */
#include <asm/tlbflush.h>

#include "printk.h"
#include "mm/gfp.h"
#include "mm/fault.h"
#include "mm/mmap.h"
#include "mm/page_lock.h"
#include "mm/pgtable.h"
#include "mm/rmap.h"
#include "mm/swapops.h"

unsigned long nr_anon_faults, nr_migration_waits;

/*
 * Wait until the page a migration entry names is unlocked (its migration
 * ended). The entry's page cannot be freed meanwhile: we hold a reference.
 */
static void migration_entry_wait(struct mm_struct *mm, pteval_t entry,
				 unsigned long flags)
{
	struct page *page = pfn_to_page(migration_entry_to_pfn(entry));

	get_page(page);
	spin_unlock_irqrestore(&mm->page_table_lock, flags);
	nr_migration_waits++;
	wait_on_page_locked(page);
	__free_page(page); /* our reference */
}

/* Map a new zeroed page at @addr, unless someone mapped one meanwhile. */
static int do_anonymous_page(struct mm_struct *mm, struct vm_area_struct *vma,
			     unsigned long addr)
{
	struct page *page = alloc_page(GFP_HIGHUSER_MOVABLE | __GFP_ZERO);
	unsigned long flags;
	pteval_t *ptep;

	if (!page)
		return VM_FAULT_OOM;
	if (pgtable_prepare(mm->pgd, addr, PT_LEVEL_PTE,
			    &mm->page_table_lock)) {
		__free_page(page);
		return VM_FAULT_OOM;
	}
	spin_lock_irqsave(&mm->page_table_lock, flags);
	ptep = pgtable_entry(mm->pgd, addr, PT_LEVEL_PTE, false);
	/* Mapped meanwhile, or its new table emptied and freed by an unmap
	 * (the fault is simply taken again). */
	if (!ptep || *ptep) {
		spin_unlock_irqrestore(&mm->page_table_lock, flags);
		__free_page(page);
		return VM_FAULT_RETRY;
	}
	page_add_new_anon_rmap(page, vma, addr);
	pgtable_set_pte(mm->pgd, addr, ptep, page_to_phys(page) | PAGE_USER_RW);
	mm->rss++;
	nr_anon_faults++;
	spin_unlock_irqrestore(&mm->page_table_lock, flags);
	return 0;
}

int handle_mm_fault(struct mm_struct *mm, struct vm_area_struct *vma,
		    unsigned long addr, unsigned int fault_flags)
{
	unsigned long flags;
	pteval_t *ptep, e;

	addr &= PAGE_MASK;
	if ((fault_flags & FAULT_FLAG_WRITE) && !(vma->vm_flags & VM_WRITE))
		return VM_FAULT_SIGSEGV;
	spin_lock_irqsave(&mm->page_table_lock, flags);
	ptep = pgtable_entry(mm->pgd, addr, PT_LEVEL_PTE, false);
	e = ptep ? *ptep : 0;
	if (is_migration_entry(e)) {
		migration_entry_wait(mm, e, flags); /* drops the lock */
		return VM_FAULT_RETRY;
	}
	spin_unlock_irqrestore(&mm->page_table_lock, flags);
	if (pte_present(e)) {
		/* Mapped already: another thread won, or a stale TLB entry
		 * outlived a change we made. Retry after dropping it. */
		if (mm_is_active(mm))
			flush_tlb_one(addr);
		return 0;
	}
	return do_anonymous_page(mm, vma, addr);
}

bool handle_user_page_fault(unsigned long addr, unsigned long error_code)
{
	struct mm_struct *mm = current_mm();
	struct vm_area_struct *vma;
	int ret;

	if (!mm)
		return false;
	vma = find_vma(mm, addr);
	if (!vma) {
		pr_err("page fault at %#lx: no VMA of mm '%s' covers it\n",
		       addr, mm->name);
		return false;
	}
	ret = handle_mm_fault(mm, vma, addr, (unsigned int)error_code);
	if (ret == VM_FAULT_OOM)
		pr_err("page fault at %#lx: out of memory\n", addr);
	return ret == 0 || ret == VM_FAULT_RETRY;
}
