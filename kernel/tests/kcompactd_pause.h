/*
 * Self-tests that measure compaction pause kcompactd first, so that the
 * background thread moves nothing under them and the start is known.
 */
#ifndef _KERNEL_TESTS_KCOMPACTD_PAUSE_H
#define _KERNEL_TESTS_KCOMPACTD_PAUSE_H

#include "ktime.h"
#include "mm/compaction.h"

/* Turn kcompactd off and wait until it is asleep (a run in progress ends
 * first). Returns whether it was on. */
static inline bool kcompactd_pause(void)
{
	bool was_on = READ_ONCE(kcompactd_enabled);

	kcompactd_set_enabled(NODE_DATA(0), false);
	for (int i = 0; i < 100 && !READ_ONCE(kcompactd_state.sleeping); i++)
		msleep(50);
	return was_on;
}

/* Undo kcompactd_pause(). */
static inline void kcompactd_resume(bool was_on)
{
	if (was_on)
		kcompactd_set_enabled(NODE_DATA(0), true);
}

#endif
