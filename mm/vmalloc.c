/*
 * vmalloc: virtually contiguous areas built from order-0 pages, each with
 * an unmapped guard page below it. See mm/vmalloc.h.
 *
 * The areas sit on one list sorted by address; a new one takes the first
 * gap that fits (first fit), so a freed stack's range is the next one
 * handed out. The vmalloc range's PDPT exists from boot (paging.c), so
 * every address space sees a mapping made here at once.
 *
 * Locking: vmap_area_lock covers the area list and the page-table entries
 * of the vmalloc range. Page-table pages and data pages are allocated
 * before it is taken (allocating may sleep); tables of the kernel half are
 * never freed, so what pgtable_prepare() made is still there under it.
 *
 * SMP: kernel mappings are global, so another CPU may still hold TLB
 * entries for an area that was unmapped here (a thread stack written by
 * its creator on one CPU, run and freed on another). Freeing an area
 * flushes this CPU only and keeps its range on the list, marked
 * VM_LAZY_FREE; the next allocation flushes every CPU once and gives back
 * the ranges freed before that flush (Linux's lazy purge of vmap areas).
 * The pages themselves are freed at once, as Linux does: nobody uses the
 * addresses any more, and a stale entry matters only once the range maps
 * something else. vfree() runs where it may not wait for other CPUs (the
 * context switch reaps a dead thread's stack); the allocation may.
 *
 * TODO: the area list is searched linearly (fine for tens of areas, not
 * for thousands: Linux keeps a tree); each page is unmapped and flushed
 * one at a time.
 */
#include <asm/irqflags.h>
#include <asm/page.h>
#include <asm/tlbflush.h>

#include "kerrno.h"
#include "printk.h"
#include "seq_file.h"
#include "smp.h"
#include "spinlock.h"
#include "mm/gfp.h"
#include "mm/pgtable.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"

static LIST_HEAD(vmap_area_list);
static DEFINE_SPINLOCK(vmap_area_lock);
static unsigned long vmap_lazy_gen; /* purges begun; under vmap_area_lock */
static unsigned long nr_vmap_lazy;  /* VM_LAZY_FREE areas on the list */
unsigned long nr_vmalloc_pages;
unsigned long nr_vmalloc_areas;

/* First byte of the area's guard page and one past its last byte. */
static unsigned long area_start(const struct vm_struct *vm)
{
	return vm->addr - PAGE_SIZE;
}

static unsigned long area_end(const struct vm_struct *vm)
{
	return vm->addr + vm->size;
}

static void do_flush_tlb_all(void *info)
{
	(void)info;
	flush_tlb_all();
}

/*
 * Flush every CPU, then give back the ranges of the areas freed before
 * the flush began. Skipped with interrupts off (it waits for the other
 * CPUs): the ranges stay held until a later allocation.
 */
static void purge_vmap_area_lazy(void)
{
	struct vm_struct *vm, *next;
	unsigned long flags, gen;
	LIST_HEAD(purge);

	if (!READ_ONCE(nr_vmap_lazy) || irqs_disabled())
		return;
	spin_lock_irqsave(&vmap_area_lock, flags);
	gen = vmap_lazy_gen++;
	spin_unlock_irqrestore(&vmap_area_lock, flags);
	on_each_cpu(do_flush_tlb_all, NULL, true);
	spin_lock_irqsave(&vmap_area_lock, flags);
	list_for_each_entry_safe(vm, next, &vmap_area_list, list) {
		if (!(vm->flags & VM_LAZY_FREE) || vm->lazy_gen > gen)
			continue;
		list_move(&vm->list, &purge);
		nr_vmap_lazy--;
	}
	spin_unlock_irqrestore(&vmap_area_lock, flags);
	list_for_each_entry_safe(vm, next, &purge, list)
		kfree(vm);
}

/*
 * Reserve @size bytes of virtual space plus a guard page: the first gap
 * of the sorted list that fits. Returns NULL if none is left.
 */
static struct vm_struct *alloc_vm_area(unsigned long size, unsigned long flags)
{
	unsigned long need = size + PAGE_SIZE, start = VMALLOC_START;
	struct list_head *pos;
	struct vm_struct *vm, *next;
	unsigned long irqflags;

	purge_vmap_area_lazy();
	vm = kzalloc(sizeof(*vm), GFP_KERNEL);
	if (!vm)
		return NULL;
	spin_lock_irqsave(&vmap_area_lock, irqflags);
	list_for_each(pos, &vmap_area_list) {
		next = list_entry(pos, struct vm_struct, list);
		if (area_start(next) - start >= need)
			break;
		start = area_end(next);
	}
	if (pos == &vmap_area_list && VMALLOC_END - start < need) {
		spin_unlock_irqrestore(&vmap_area_lock, irqflags);
		kfree(vm);
		return NULL;
	}
	vm->addr = start + PAGE_SIZE;
	vm->size = size;
	vm->flags = flags;
	list_add_tail(&vm->list, pos); /* before the area that ended the walk */
	nr_vmalloc_areas++;
	spin_unlock_irqrestore(&vmap_area_lock, irqflags);
	return vm;
}

static void free_vm_area(struct vm_struct *vm)
{
	unsigned long flags;

	spin_lock_irqsave(&vmap_area_lock, flags);
	list_del(&vm->list);
	nr_vmalloc_areas--;
	spin_unlock_irqrestore(&vmap_area_lock, flags);
	kfree(vm);
}

/* @vm was mapped and is unmapped now: hold its range until a purge. */
static void free_vm_area_lazy(struct vm_struct *vm)
{
	unsigned long flags;

	spin_lock_irqsave(&vmap_area_lock, flags);
	vm->flags |= VM_LAZY_FREE;
	vm->lazy_gen = vmap_lazy_gen;
	nr_vmalloc_areas--;
	nr_vmap_lazy++;
	spin_unlock_irqrestore(&vmap_area_lock, flags);
}

static int map_one_page(unsigned long va, phys_addr_t pa, pteval_t prot)
{
	unsigned long flags;
	int err;

	/* Page-table pages first: allocating may sleep, not under a lock. */
	if (pgtable_prepare(init_pgd, va, PT_LEVEL_PTE, &vmap_area_lock))
		return -ENOMEM;
	spin_lock_irqsave(&vmap_area_lock, flags);
	err = pgtable_map(init_pgd, va, pa, prot, PT_LEVEL_PTE);
	spin_unlock_irqrestore(&vmap_area_lock, flags);
	return err;
}

/* Unmap the first @size bytes of @vm, freeing the pages of a VM_ALLOC area. */
static void unmap_area_pages(struct vm_struct *vm, unsigned long size)
{
	for (unsigned long off = 0; off < size; off += PAGE_SIZE) {
		unsigned long va = vm->addr + off, flags;
		pteval_t e;

		spin_lock_irqsave(&vmap_area_lock, flags);
		e = pgtable_unmap(init_pgd, va, NULL); /* no table freed */
		spin_unlock_irqrestore(&vmap_area_lock, flags);
		flush_tlb_one(va);
		if (!pte_present(e))
			panic("vmalloc area %#lx: page %#lx is not mapped",
			      vm->addr, va);
		if (vm->flags & VM_ALLOC) {
			__free_page(pfn_to_page(pte_pfn(e)));
			nr_vmalloc_pages--;
		}
	}
}

/* Back every page of @vm with a fresh order-0 page. */
static int map_area_pages(struct vm_struct *vm)
{
	for (unsigned long off = 0; off < vm->size; off += PAGE_SIZE) {
		struct page *page = alloc_page(GFP_KERNEL);

		if (!page || map_one_page(vm->addr + off, page_to_phys(page),
					  PAGE_KERNEL)) {
			if (page)
				__free_page(page);
			unmap_area_pages(vm, off);
			return -ENOMEM;
		}
		nr_vmalloc_pages++;
	}
	return 0;
}

static void *__vmalloc(unsigned long size, unsigned long flags)
{
	struct vm_struct *vm;

	if (!size)
		return NULL;
	vm = alloc_vm_area(ALIGN(size, PAGE_SIZE), flags | VM_ALLOC);
	if (!vm)
		return NULL;
	if (map_area_pages(vm)) {
		free_vm_area(vm);
		return NULL;
	}
	return (void *)vm->addr;
}

void *vmalloc(unsigned long size)
{
	return __vmalloc(size, 0);
}

void *vmalloc_stack(unsigned long size)
{
	return __vmalloc(size, VM_STACK);
}

struct vm_struct *find_vm_area(const void *addr)
{
	struct vm_struct *vm, *found = NULL;
	unsigned long flags;

	spin_lock_irqsave(&vmap_area_lock, flags);
	list_for_each_entry(vm, &vmap_area_list, list) {
		if (vm->addr == (unsigned long)addr &&
		    !(vm->flags & VM_LAZY_FREE)) {
			found = vm;
			break;
		}
	}
	spin_unlock_irqrestore(&vmap_area_lock, flags);
	return found;
}

struct vm_struct *find_vm_area_guard(unsigned long addr)
{
	struct vm_struct *vm;

	list_for_each_entry(vm, &vmap_area_list, list) {
		if (addr >= area_start(vm) && addr < vm->addr)
			return vm->flags & VM_LAZY_FREE ? NULL : vm;
		if (area_start(vm) > addr)
			break;
	}
	return NULL;
}

/*
 * The range stays on the list while its pages are unmapped, so nobody can
 * be handed the same addresses before the old entries are gone.
 */
void vfree(const void *addr)
{
	struct vm_struct *vm;

	if (!addr)
		return;
	vm = find_vm_area(addr);
	if (!vm || !(vm->flags & VM_ALLOC))
		panic("vfree: %p is not a vmalloc area", addr);
	unmap_area_pages(vm, vm->size);
	free_vm_area_lazy(vm);
}

void *ioremap(phys_addr_t phys, unsigned long size)
{
	phys_addr_t base = phys & PAGE_MASK;
	unsigned long len = ALIGN(phys + size, PAGE_SIZE) - base;
	struct vm_struct *vm = alloc_vm_area(len, VM_IOREMAP);

	if (!vm)
		return NULL;
	vm->phys_addr = phys;
	for (unsigned long off = 0; off < len; off += PAGE_SIZE) {
		if (map_one_page(vm->addr + off, base + off,
				 PAGE_KERNEL_NOCACHE)) {
			unmap_area_pages(vm, off);
			free_vm_area(vm);
			return NULL;
		}
	}
	return (void *)(vm->addr + (phys - base));
}

void iounmap(void *addr)
{
	struct vm_struct *vm =
		find_vm_area((void *)((unsigned long)addr & PAGE_MASK));

	if (!vm || !(vm->flags & VM_IOREMAP))
		panic("iounmap: %p is not an ioremap area", addr);
	unmap_area_pages(vm, vm->size);
	free_vm_area_lazy(vm);
}

void vmalloc_print_info(struct seq_file *m)
{
	struct vm_struct *vm;
	unsigned long flags;

	spin_lock_irqsave(&vmap_area_lock, flags);
	list_for_each_entry(vm, &vmap_area_list, list) {
		if (vm->flags & VM_LAZY_FREE)
			continue;
		seq_printf(m, "%#lx-%#lx %8lu", area_start(vm), area_end(vm),
			   area_end(vm) - area_start(vm));
		if (vm->flags & VM_IOREMAP)
			seq_printf(m, " phys=%#llx ioremap\n",
				   (unsigned long long)vm->phys_addr);
		else
			seq_printf(m, " pages=%lu vmalloc%s\n",
				   vm->size / PAGE_SIZE,
				   vm->flags & VM_STACK ? " stack" : "");
	}
	spin_unlock_irqrestore(&vmap_area_lock, flags);
}
