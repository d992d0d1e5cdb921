/*
 * Address spaces and VMAs. An mm_struct owns a PML4 whose upper half is a
 * copy of the kernel's (so kernel code runs unchanged whichever mm is
 * active) and a list of VMAs in the lower half. Anonymous pages hang off an
 * anon_vma that every VMA mapping them joins (see mm/rmap.c).
 */
#include <asm/irqflags.h>
#include <asm/tlbflush.h>

#include "kerrno.h"
#include "lib.h"
#include "printk.h"
#include "smp.h"
#include "mm/fault.h"
#include "mm/mmap.h"
#include "mm/mmu_gather.h"
#include "mm/pgtable.h"
#include "mm/rmap.h"
#include "mm/slab.h"

unsigned long nr_mms;
struct mm_struct *cpu_active_mm[NR_CPUS];

struct mm_struct *mm_alloc(const char *name)
{
	struct mm_struct *mm = kzalloc(sizeof(*mm), GFP_KERNEL);

	if (!mm)
		return NULL;
	mm->pgd = pgtable_alloc_pgd();
	if (!mm->pgd) {
		kfree(mm);
		return NULL;
	}
	INIT_LIST_HEAD(&mm->mmap);
	spin_lock_init(&mm->page_table_lock, "mm->page_table_lock");
	mm->name = name;
	nr_mms++;
	return mm;
}

void mm_destroy(struct mm_struct *mm)
{
	ASSERT(!mm_is_active(mm), "mm %s is still active", mm->name);
	ASSERT(!mm_cpumask(mm)->bits, "mm %s is still loaded on CPUs %#lx",
	       mm->name, mm_cpumask(mm)->bits);
	vm_munmap(mm, 0, USER_SPACE_END);
	/* No CPU has the mm loaded (asserted above), and each flushed its
	 * TLB and paging-structure caches when it loaded another CR3: the
	 * PML4 (and any table an unmap left) may go without a flush. */
	pgtable_free_pgd(mm->pgd);
	kfree(mm);
	nr_mms--;
}

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma;

	list_for_each_entry(vma, &mm->mmap, vm_list)
		if (addr >= vma->vm_start && addr < vma->vm_end)
			return vma;
	return NULL;
}

static bool range_ok(unsigned long addr, unsigned long len)
{
	return IS_ALIGNED(addr, PAGE_SIZE) && IS_ALIGNED(len, PAGE_SIZE) &&
	       len && addr < USER_SPACE_END && len <= USER_SPACE_END - addr;
}

/* Insert @new into @mm's sorted VMA list; false if it overlaps a VMA. */
static bool insert_vma(struct mm_struct *mm, struct vm_area_struct *new)
{
	struct vm_area_struct *vma;
	struct list_head *pos = &mm->mmap;

	list_for_each_entry(vma, &mm->mmap, vm_list) {
		if (vma->vm_start >= new->vm_end) {
			pos = &vma->vm_list;
			break;
		}
		if (vma->vm_end > new->vm_start)
			return false;
	}
	list_add_tail(&new->vm_list, pos);
	return true;
}

static struct vm_area_struct *vma_new(struct mm_struct *mm, unsigned long start,
				      unsigned long end, unsigned long pgoff,
				      unsigned long flags)
{
	struct vm_area_struct *vma = kzalloc(sizeof(*vma), GFP_KERNEL);

	if (!vma)
		return NULL;
	vma->vm_mm = mm;
	vma->vm_start = start;
	vma->vm_end = end;
	vma->vm_pgoff = pgoff;
	vma->vm_flags = flags;
	return vma;
}

struct vm_area_struct *mmap_anon(struct mm_struct *mm, unsigned long addr,
				 unsigned long len, unsigned long vm_flags)
{
	struct vm_area_struct *vma;
	struct anon_vma *av;

	if (!range_ok(addr, len))
		return NULL;
	/* pgoff = the address in pages: unique across the anon_vma. */
	vma = vma_new(mm, addr, addr + len, addr >> PAGE_SHIFT, vm_flags);
	av = anon_vma_alloc();
	if (!vma || !av || !insert_vma(mm, vma)) {
		kfree(vma);
		kfree(av);
		return NULL;
	}
	anon_vma_link(av, vma);
	return vma;
}

/*
 * Clear the PTE of @addr in @vma's mm into @tlb; true if one was set. The
 * page's rmap goes at once, its reference after @tlb's flush. A migration
 * entry (the page is being moved right now) is simply cleared: migration
 * already dropped that mapping, and will find nothing to restore here.
 */
static bool zap_pte(struct mmu_gather *tlb, struct vm_area_struct *vma,
		    unsigned long addr)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long flags;
	pteval_t *ptep, old;
	struct page *page;

	tlb_reserve(tlb);
	spin_lock_irqsave(&mm->page_table_lock, flags);
	ptep = pgtable_entry(mm->pgd, addr, PT_LEVEL_PTE, false);
	if (!ptep || !*ptep) {
		spin_unlock_irqrestore(&mm->page_table_lock, flags);
		return false;
	}
	old = pgtable_unmap(mm->pgd, addr, tlb);
	mm->rss--;
	spin_unlock_irqrestore(&mm->page_table_lock, flags);
	if (is_migration_entry(old))
		return true;
	page = pfn_to_page(pte_pfn(old));
	page_remove_anon_rmap(page);
	tlb_remove_page(tlb, page, addr);
	return true;
}

unsigned long zap_page_range(struct mm_struct *mm, unsigned long addr,
			     unsigned long len)
{
	unsigned long end = addr + len, n = 0;
	struct vm_area_struct *vma;
	struct mmu_gather tlb;

	tlb_gather_mmu(&tlb, mm);
	list_for_each_entry(vma, &mm->mmap, vm_list) {
		unsigned long s = max(addr, vma->vm_start);
		unsigned long e = min(end, vma->vm_end);

		for (; s < e; s += PAGE_SIZE)
			n += zap_pte(&tlb, vma, s);
	}
	tlb_finish_mmu(&tlb);
	return n;
}

static void vma_free(struct vm_area_struct *vma)
{
	list_del(&vma->vm_list);
	anon_vma_unlink(vma);
	kfree(vma);
}

/* Split @vma at @addr: @vma keeps the low part, the new VMA the high. */
static int split_vma(struct vm_area_struct *vma, unsigned long addr)
{
	struct vm_area_struct *high =
		vma_new(vma->vm_mm, addr, vma->vm_end,
			vma->vm_pgoff + ((addr - vma->vm_start) >> PAGE_SHIFT),
			vma->vm_flags);

	if (!high)
		return -ENOMEM;
	vma->vm_end = addr;
	list_add(&high->vm_list, &vma->vm_list);
	anon_vma_link(vma->anon_vma, high);
	return 0;
}

int vm_munmap(struct mm_struct *mm, unsigned long addr, unsigned long len)
{
	unsigned long end = addr + len;
	struct vm_area_struct *vma, *next;

	if (!range_ok(addr, len))
		return -EINVAL;
	zap_page_range(mm, addr, len);
	list_for_each_entry_safe(vma, next, &mm->mmap, vm_list) {
		if (vma->vm_end <= addr || vma->vm_start >= end)
			continue;
		if (vma->vm_start < addr) {
			if (split_vma(vma, addr))
				return -ENOMEM;
			/* The high part, just inserted, comes next. */
			next = list_entry(vma->vm_list.next,
					  struct vm_area_struct, vm_list);
			continue;
		}
		if (vma->vm_end > end && split_vma(vma, end))
			return -ENOMEM;
		vma_free(vma);
	}
	return 0;
}

/* Make sure @addr of @mm has its page (fault it in if needed). */
static struct page *populate_page(struct mm_struct *mm,
				  struct vm_area_struct *vma,
				  unsigned long addr)
{
	pteval_t *ptep = pgtable_entry(mm->pgd, addr, PT_LEVEL_PTE, false);

	if (!ptep || !pte_present(*ptep)) {
		if (handle_mm_fault(mm, vma, addr, FAULT_FLAG_WRITE))
			return NULL;
		ptep = pgtable_entry(mm->pgd, addr, PT_LEVEL_PTE, false);
	}
	return ptep && pte_present(*ptep) ? pfn_to_page(pte_pfn(*ptep)) : NULL;
}

int mm_share_range(struct mm_struct *dst, unsigned long dst_addr,
		   struct mm_struct *src, unsigned long src_addr,
		   unsigned long len)
{
	struct vm_area_struct *svma = find_vma(src, src_addr), *dvma;

	if (!svma || !range_ok(dst_addr, len) || !range_ok(src_addr, len) ||
	    src_addr + len > svma->vm_end)
		return -EINVAL;
	dvma = vma_new(dst, dst_addr, dst_addr + len,
		       svma->vm_pgoff +
			       ((src_addr - svma->vm_start) >> PAGE_SHIFT),
		       svma->vm_flags | VM_SHARED);
	if (!dvma)
		return -ENOMEM;
	if (!insert_vma(dst, dvma)) {
		kfree(dvma);
		return -EEXIST;
	}
	svma->vm_flags |= VM_SHARED;
	anon_vma_link(svma->anon_vma, dvma);
	for (unsigned long off = 0; off < len; off += PAGE_SIZE) {
		struct page *page = populate_page(src, svma, src_addr + off);

		if (!page || map_anon_page(dvma, dst_addr + off, page))
			return -ENOMEM;
	}
	return 0;
}

void activate_mm(struct mm_struct *mm)
{
	struct mm_struct *prev;
	unsigned long flags;
	int cpu;

	local_irq_save(flags);
	cpu = smp_processor_id();
	prev = cpu_active_mm[cpu];
	if (mm)
		cpumask_set_cpu(cpu, mm_cpumask(mm));
	cpu_active_mm[cpu] = mm;
	write_cr3(__pa(mm ? mm->pgd : init_pgd));
	if (prev && prev != mm)
		cpumask_clear_cpu(cpu, mm_cpumask(prev));
	local_irq_restore(flags);
}

void flush_tlb_mm_others(struct mm_struct *mm,
			 const struct flush_tlb_info *info)
{
	struct cpumask cpus;

	smp_mb(); /* the PTE change before the read of the mask */
	cpus = *mm_cpumask(mm);
	cpumask_clear_cpu(smp_processor_id(), &cpus);
	if (cpus.bits)
		flush_tlb_multi(&cpus, info);
}
