/*
 * The 8254 PIT's channel 2 as a metronome of known rate (pit.c): the only
 * clock on a PC whose rate is known in advance, so the TSC and the APIC
 * timer are measured against it (tsc.c).
 */
#ifndef _ASM_TIMER_H
#define _ASM_TIMER_H

#include <asm/io.h>

#include "types.h"

#define PIT_TICK_RATE 1193182 /* Hz */

/* "Port B" of the PC/AT: speaker and channel 2 control. */
#define PORT_B 0x61
#define PORT_B_GATE2 0x01   /* channel 2 counts while set */
#define PORT_B_SPEAKER 0x02 /* channel 2's output drives the speaker */
#define PORT_B_OUT2 0x20    /* channel 2's output (read only) */

/* Polls before we decide channel 2 is not counting (seconds, at least). */
#define PIT_POLL_LIMIT 200000000UL

/* Run channel 2 as a square wave: rising edges exactly @latch ticks apart
 * (@latch even). */
void pit_square_wave_start(u16 latch);
/* Stop channel 2 (gate low). */
void pit_stop(void);

/*
 * Spin until channel 2's output is @high. Inline, and five instructions a
 * round, so that an edge is seen within a few nanoseconds and by the same
 * code every time. Returns false if it never came.
 */
static inline bool pit_wait_out2(bool high)
{
	u8 want = high ? PORT_B_OUT2 : 0;
	unsigned long left = PIT_POLL_LIMIT;

	while ((inb(PORT_B) & PORT_B_OUT2) != want)
		if (!--left)
			return false;
	return true;
}

#endif
