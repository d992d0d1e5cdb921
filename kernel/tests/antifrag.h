/*
 * What the grouping-by-mobility self-tests share: the machine size below
 * which a pageblock census measures chance rather than grouping.
 */
#ifndef _KERNEL_TESTS_ANTIFRAG_H
#define _KERNEL_TESTS_ANTIFRAG_H

#include "mm/mmzone.h"

/* Pageblocks below which the two censuses differ by chance more than by
 * grouping: the workload has too few blocks to mix or to keep apart. */
#define ANTIFRAG_MIN_BLOCKS 48

/* Pageblocks' worth of memory the buddy allocator manages, all zones. */
static inline unsigned long managed_pageblocks(void)
{
	unsigned long pages = 0;
	struct zone *zone;

	for_each_populated_zone(zone)
		pages += zone->managed_pages;
	return pages / pageblock_nr_pages;
}

#endif
