/*
 * Time: the tick counter (jiffies, HZ ticks a second), sleeping, and a
 * nanosecond clock from the calibrated TSC.
 *
 * HZ is the boot parameter hz= (10..1000, default 100), so it is a
 * variable here, not a constant as in Linux. Compare jiffies with
 * time_after() and friends, which survive the counter wrapping.
 */
#ifndef _KTIME_H
#define _KTIME_H

#include "compiler.h"

extern unsigned int tick_hz;
#define HZ tick_hz

/* Ticks since the tick started. Read it with READ_ONCE (or just read it:
 * it is volatile) and never write it outside the tick. */
extern volatile unsigned long jiffies;
/* Tick periods that passed with no interrupt of their own (a busy host). */
extern unsigned long ticks_merged;

/* TSC cycles per millisecond, from calibration (0 before time_init). */
extern unsigned long tsc_khz;

#define NSEC_PER_SEC 1000000000UL
#define NSEC_PER_MSEC 1000000UL
#define NSEC_PER_USEC 1000UL

#define time_after(a, b) ((long)((b) - (a)) < 0)
#define time_before(a, b) time_after(b, a)
#define time_after_eq(a, b) ((long)((a) - (b)) >= 0)
#define time_before_eq(a, b) time_after_eq(b, a)

/* Milliseconds to jiffies, rounded up: a wait is never shorter. */
static inline unsigned long msecs_to_jiffies(unsigned int ms)
{
	return DIV_ROUND_UP((unsigned long)ms * HZ, 1000);
}

static inline unsigned long jiffies_to_msecs(unsigned long j)
{
	return j * 1000 / HZ;
}

/* The TSC. */
u64 get_cycles(void);

/**
 * ktime_get_ns - nanoseconds since time_init(), from the TSC
 *
 * Context: any.
 * Return: the time; 0 before time_init().
 */
u64 ktime_get_ns(void);

/**
 * msleep - sleep at least @msecs milliseconds
 * @msecs: milliseconds
 *
 * Sleeps in whole ticks, so up to one tick longer. Before the scheduler
 * runs it spins on the TSC instead.
 * Context: thread context, no spinlock held.
 */
void msleep(unsigned int msecs);

/* Spin for at least @usecs microseconds (TSC). Any context. */
void udelay(unsigned long usecs);

/*
 * Time @ticks ticks with the TSC, from one tick to another (spinning), in
 * nanoseconds: HZ ticks should take a second if both calibrations agree.
 */
u64 measure_ticks_ns(unsigned int ticks);

/* Boot: calibrate the clocks and start the tick (interrupts stay off). */
void time_init(void);

/* Called by the architecture's timer interrupt, HZ times a second. */
void tick_handle_periodic(void);

/* Architecture: calibrate tsc_khz, print the rates, start the tick. */
void arch_time_init(unsigned int hz);

#endif
