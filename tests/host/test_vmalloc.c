/*
 * Host tests of vmalloc: the real mm/vmalloc.c on simulated memory, with
 * a kernel page table that is a real data structure. The host cannot
 * touch the vmalloc addresses themselves; the tests read the page table.
 */
#include <string.h>

#include "host.h"
#include "mm/page_alloc.h"
#include "mm/pgtable.h"
#include "mm/slab.h"
#include "mm/vmalloc.h"
#include "mm/vmstat.h"

static bool mapped(const void *va)
{
	return pgtable_translate(init_pgd, (unsigned long)va) !=
	       (phys_addr_t)-1;
}

static unsigned long free_pages_now(void)
{
	drain_all_pages(NULL);
	return global_zone_page_state(NR_FREE_PAGES);
}

static int group_setup(void **state)
{
	(void)state;
	host_boot_simple(64);
	init_pgd = pgtable_alloc_pgd();
	return init_pgd ? 0 : -1;
}

static int group_teardown(void **state)
{
	(void)state;
	init_pgd = NULL;
	host_mem_free();
	return 0;
}

/* Every test gives back all it took. */
static int check_empty(void **state)
{
	(void)state;
	return nr_vmalloc_areas || nr_vmalloc_pages ? -1 : 0;
}

static void test_pages_mapped_above_an_unmapped_guard(void **state)
{
	unsigned long flushes = host_tlb_flush_one, before, slab;
	char *p;

	(void)state;
	vfree(vmalloc(PAGE_SIZE)); /* page tables for the range, once */
	before = free_pages_now();
	slab = nr_slab_pages;
	p = vmalloc(3 * PAGE_SIZE + 1);
	assert_non_null(p);
	assert_int_equal(find_vm_area(p)->size, 4 * PAGE_SIZE);
	assert_int_equal(nr_vmalloc_pages, 4);
	assert_false(mapped(p - PAGE_SIZE));
	for (int i = 0; i < 4; i++) {
		phys_addr_t pa = pgtable_translate(
			init_pgd, (unsigned long)p + i * PAGE_SIZE);

		assert_int_not_equal(pa, (phys_addr_t)-1);
		assert_int_equal(page_ref_count(phys_to_page(pa)), 1);
	}
	/* The four pages, and maybe a slab page for the vm_struct. */
	assert_int_equal(free_pages_now(), before - 4 - (nr_slab_pages - slab));
	vfree(p);
	for (int i = 0; i < 4; i++)
		assert_false(mapped(p + i * PAGE_SIZE));
	assert_int_equal(free_pages_now(), before);
	assert_int_equal(host_tlb_flush_one - flushes, 5); /* 1 + 4 pages */
}

static void test_first_fit_reuses_a_freed_range(void **state)
{
	char *a = vmalloc(PAGE_SIZE), *b = vmalloc(PAGE_SIZE), *c, *d;

	(void)state;
	assert_non_null(a);
	assert_ptr_equal(b, a + 2 * PAGE_SIZE); /* a, b's guard, b */
	vfree(a);
	c = vmalloc(PAGE_SIZE);
	assert_ptr_equal(c, a);
	vfree(c);
	d = vmalloc(2 * PAGE_SIZE); /* too big for a's hole */
	assert_true(d > b);
	vfree(d);
	vfree(b);
	assert_null(vmalloc(0));
}

static void test_stack_guard_is_found(void **state)
{
	char *s = vmalloc_stack(4 * PAGE_SIZE), *v = vmalloc(PAGE_SIZE);
	struct vm_struct *vm;

	(void)state;
	vm = find_vm_area_guard((unsigned long)s - 8);
	assert_non_null(vm);
	assert_ptr_equal((void *)vm->addr, s);
	assert_true(vm->flags & VM_STACK);
	assert_null(find_vm_area_guard((unsigned long)s));
	assert_false(find_vm_area_guard((unsigned long)v - 1)->flags &
		     VM_STACK);
	vfree(v);
	vfree(s);
	assert_null(find_vm_area_guard((unsigned long)s - 8));
}

static unsigned long pages_allocated(void)
{
	return sum_vm_event(PGALLOC_DMA) + sum_vm_event(PGALLOC_DMA32) +
	       sum_vm_event(PGALLOC_NORMAL) + sum_vm_event(PGALLOC_MOVABLE);
}

/* Running out of pages half way leaves nothing behind. */
static void test_out_of_memory_unwinds(void **state)
{
	void *keep = vmalloc(PAGE_SIZE); /* keeps a slab page for vm_structs */
	LIST_HEAD(hoard);
	struct page *page;
	unsigned long before, allocs;

	(void)state;
	vfree(vmalloc(8 * PAGE_SIZE)); /* page tables, once */
	while ((page = alloc_page(GFP_KERNEL | __GFP_NOWARN)))
		list_add(&page->lru, &hoard);
	for (int i = 0; i < 4; i++) {
		page = list_first_entry(&hoard, struct page, lru);
		list_del(&page->lru);
		__free_page(page);
	}
	before = free_pages_now();
	allocs = pages_allocated();
	assert_null(vmalloc(8 * PAGE_SIZE));
	assert_true(pages_allocated() > allocs); /* it got some way */
	assert_int_equal(nr_vmalloc_pages, 1);
	assert_int_equal(nr_vmalloc_areas, 1);
	assert_int_equal(free_pages_now(), before);
	while (!list_empty(&hoard)) {
		page = list_first_entry(&hoard, struct page, lru);
		list_del(&page->lru);
		__free_page(page);
	}
	vfree(keep);
}

static void test_ioremap_maps_the_device_uncached(void **state)
{
	char *p = ioremap(0x123456, 0x2000);
	struct pt_walk w;

	(void)state;
	assert_non_null(p);
	assert_int_equal((unsigned long)p & ~PAGE_MASK, 0x456);
	assert_int_equal(pgtable_translate(init_pgd, (unsigned long)p),
			 0x123456);
	pgtable_walk(init_pgd, (unsigned long)p, &w);
	assert_true(w.entry[w.nr - 1] & _PAGE_PCD);
	assert_true(mapped(p + 0x2000 - 1)); /* the last byte: third page */
	assert_int_equal(nr_vmalloc_pages, 0);
	iounmap(p);
	assert_false(mapped(p));
}

static void vfree_bogus(void *arg)
{
	vfree(arg);
}

static void test_vfree_of_a_bad_address_panics(void **state)
{
	char *p = vmalloc(PAGE_SIZE);

	(void)state;
	assert_true(host_catch_panic(vfree_bogus, p + 8));
	assert_non_null(strstr(host_panic_msg, "not a vmalloc area"));
	vfree(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(
			test_pages_mapped_above_an_unmapped_guard, check_empty),
		cmocka_unit_test_teardown(test_first_fit_reuses_a_freed_range,
					  check_empty),
		cmocka_unit_test_teardown(test_stack_guard_is_found,
					  check_empty),
		cmocka_unit_test_teardown(test_out_of_memory_unwinds,
					  check_empty),
		cmocka_unit_test_teardown(test_ioremap_maps_the_device_uncached,
					  check_empty),
		cmocka_unit_test_teardown(test_vfree_of_a_bad_address_panics,
					  check_empty),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
