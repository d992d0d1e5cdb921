/*
 * Four-level page tables, for the kernel's address space and for every
 * workload mm. See mm/pgtable.h for the API and asm/pgtable_types.h for the
 * entry format and the virtual-address split.
 *
 * Table pages of the lower half (per-mm) come from the buddy allocator and
 * count their non-empty entries in page->private, so an unmap can tell at
 * once when a table became empty, detach it, and hand it to the unmap's
 * mmu_gather, which frees it once every CPU has flushed (mm/mmu_gather.c). The upper half is shared by
 * every mm (each PML4 copies its entries 256..511), so its tables are never
 * freed: an mm would keep a stale pointer.
 */
#include <asm/page.h>
#include <asm/tlbflush.h>

#include "kerrno.h"
#include "lib.h"
#include "printk.h"
#include "spinlock.h"
#include "mm/internal.h"
#include "mm/memblock.h"
#include "mm/mmu_gather.h"
#include "mm/pgtable.h"

pteval_t *init_pgd;
unsigned long nr_pagetable_pages;
unsigned long pgtable_free_seq;

static bool is_user_va(unsigned long va)
{
	return va < USER_SPACE_END;
}

/* A zeroed table page: memblock at boot, the buddy allocator afterwards. */
static pteval_t *alloc_table(void)
{
	struct page *page;
	phys_addr_t pa;

	if (!page_alloc_ready) {
		pa = memblock_alloc(PAGE_SIZE, PAGE_SIZE);
		return pa ? __va(pa) : NULL;
	}
	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!page)
		return NULL;
	SetPageTable(page);
	page->private = 0; /* entries in use */
	nr_pagetable_pages++;
	return page_address(page);
}

/* A table left its tree, or was freed: a pte_cache may point at it. */
static void pgtable_gone(void)
{
	WRITE_ONCE(pgtable_free_seq, pgtable_free_seq + 1);
}

void pgtable_free_table(pteval_t *table)
{
	struct page *page = virt_to_page(table);

	ClearPageTable(page);
	page->private = 0;
	nr_pagetable_pages--;
	pgtable_gone();
	__free_page(page);
}

/* Count an entry of a per-mm table going from empty to used or back. */
static void account_entry(pteval_t *table, unsigned long va, pteval_t old,
			  pteval_t new)
{
	struct page *page;

	if (!is_user_va(va) || (old != 0) == (new != 0))
		return;
	page = virt_to_page(table);
	if (new)
		page->private ++;
	else
		page->private --;
}

static pteval_t *table_of(pteval_t e)
{
	return __va(pte_phys(e));
}

pteval_t *pgtable_alloc_pgd(void)
{
	pteval_t *pgd = alloc_table();

	if (pgd && init_pgd) /* share the kernel half */
		memcpy(pgd + 256, init_pgd + 256, 256 * sizeof(pteval_t));
	return pgd;
}

/*
 * Walk @pgd down to @va's entry at @level. Return it, or NULL with *@hole
 * set to the first missing entry on the way (NULL if a larger page maps
 * @va).
 */
static pteval_t *walk_to(pteval_t *pgd, unsigned long va, int level,
			 pteval_t **hole)
{
	pteval_t *table = pgd;

	*hole = NULL;
	for (int l = PT_LEVEL_PGD; l > level; l--) {
		pteval_t *e = &table[PT_INDEX(va, l)];

		if (!pte_present(*e)) {
			*hole = e;
			return NULL;
		}
		if (pte_huge(*e))
			return NULL;
		table = table_of(*e);
	}
	return &table[PT_INDEX(va, level)];
}

/* Fill the missing entry @hole on @va's path with the empty table @next. */
static void install_table(pteval_t *hole, unsigned long va, pteval_t *next)
{
	/* Tables are whole pages: @hole's table starts at its page. */
	account_entry((pteval_t *)ALIGN_DOWN((unsigned long)hole, PAGE_SIZE),
		      va, *hole, 1);
	*hole = __pa(next) | PAGE_TABLE;
}

pteval_t *pgtable_entry(pteval_t *pgd, unsigned long va, int level, bool alloc)
{
	for (;;) {
		pteval_t *hole, *next, *e = walk_to(pgd, va, level, &hole);

		if (e || !hole || !alloc || (next = alloc_table()) == NULL)
			return e;
		install_table(hole, va, next);
	}
}

int pgtable_prepare(pteval_t *pgd, unsigned long va, int level,
		    spinlock_t *lock)
{
	for (;;) {
		pteval_t *hole, *next;
		unsigned long flags;

		spin_lock_irqsave(lock, flags);
		walk_to(pgd, va, level, &hole);
		spin_unlock_irqrestore(lock, flags);
		if (!hole)
			return 0;
		next = alloc_table(); /* may sleep: not under @lock */
		if (!next)
			return -ENOMEM;
		spin_lock_irqsave(lock, flags);
		walk_to(pgd, va, level, &hole);
		if (hole) /* still missing: ours goes in */
			install_table(hole, va, next);
		spin_unlock_irqrestore(lock, flags);
		if (!hole) /* someone else's went in meanwhile */
			pgtable_free_table(next);
	}
}

int pgtable_map(pteval_t *pgd, unsigned long va, phys_addr_t pa, pteval_t prot,
		int level)
{
	unsigned long size = PT_LEVEL_SIZE(level);
	pteval_t *e;

	if (level < PT_LEVEL_PTE || level > PT_LEVEL_PUD ||
	    !IS_ALIGNED(va, size) || !IS_ALIGNED(pa, size))
		return -EINVAL;
	e = pgtable_entry(pgd, va, level, true);
	if (!e)
		return -ENOMEM;
	if (*e)
		return -EEXIST;
	if (level > PT_LEVEL_PTE)
		prot |= _PAGE_PSE;
	account_entry(e - PT_INDEX(va, level), va, 0, 1);
	*e = pa | prot;
	return 0;
}

void __pgtable_set_pte_count(unsigned long va, pteval_t *ptep, pteval_t e)
{
	account_entry(ptep - PT_INDEX(va, PT_LEVEL_PTE), va, *ptep, e);
	*ptep = e;
}

/*
 * Clear the entry for @va in the table at @level under @table and detach
 * the next-level tables that became empty, for @tlb to free after its
 * flush. Returns the old leaf entry.
 */
static pteval_t unmap_level(pteval_t *table, unsigned long va, int level,
			    struct mmu_gather *tlb)
{
	pteval_t *e = &table[PT_INDEX(va, level)], old;
	pteval_t *next;

	if (level == PT_LEVEL_PTE) {
		old = *e;
		account_entry(table, va, old, 0);
		*e = 0;
		return old;
	}
	if (!pte_present(*e) || pte_huge(*e))
		return 0;
	next = table_of(*e);
	old = unmap_level(next, va, level - 1, tlb);
	if (is_user_va(va) && virt_to_page(next)->private == 0) {
		account_entry(table, va, *e, 0);
		*e = 0;
		pgtable_gone();
		tlb_remove_table(tlb, next, va);
	}
	return old;
}

pteval_t pgtable_unmap(pteval_t *pgd, unsigned long va, struct mmu_gather *tlb)
{
	ASSERT(tlb || !is_user_va(va),
	       "unmap of user address %#lx with no mmu_gather", va);
	return unmap_level(pgd, va, PT_LEVEL_PGD, tlb);
}

void pgtable_walk(pteval_t *pgd, unsigned long va, struct pt_walk *w)
{
	pteval_t *table = pgd;

	w->nr = 0;
	for (int l = PT_LEVEL_PGD; l >= PT_LEVEL_PTE; l--) {
		pteval_t e = table[PT_INDEX(va, l)];

		w->level[w->nr] = l;
		w->entry[w->nr] = e;
		w->table[w->nr] = __pa(table);
		w->nr++;
		if (!pte_present(e) || (l > PT_LEVEL_PTE && pte_huge(e)))
			return;
		table = table_of(e);
	}
}

phys_addr_t pgtable_translate(pteval_t *pgd, unsigned long va)
{
	struct pt_walk w;
	pteval_t e;
	int l;

	pgtable_walk(pgd, va, &w);
	e = w.entry[w.nr - 1];
	l = w.level[w.nr - 1];
	if (!pte_present(e) || (l > PT_LEVEL_PTE && !pte_huge(e)))
		return (phys_addr_t)-1;
	return pte_phys(e & ~(PT_LEVEL_SIZE(l) - 1)) +
	       (va & (PT_LEVEL_SIZE(l) - 1));
}

bool kernel_address_mapped(unsigned long va)
{
	return pgtable_translate(__va(read_cr3() & PTE_PFN_MASK), va) !=
	       (phys_addr_t)-1;
}

/* Free the tables below a per-mm @table at @level (all must be unused). */
static void free_level(pteval_t *table, int level)
{
	for (int i = 0; i < PTRS_PER_TABLE; i++) {
		pteval_t *child;

		if (!pte_present(table[i]))
			continue;
		child = table_of(table[i]);
		if (level > PT_LEVEL_PMD)
			free_level(child, level - 1);
		pgtable_free_table(child);
	}
}

void pgtable_free_pgd(pteval_t *pgd)
{
	for (int i = 0; i < 256; i++) {
		pteval_t *child;

		if (!pte_present(pgd[i]))
			continue;
		child = table_of(pgd[i]);
		free_level(child, PT_LEVEL_PUD);
		pgtable_free_table(child);
	}
	pgtable_free_table(pgd);
}
