/*
 * jiffies, msleep and the TSC clock. The architecture calibrates the TSC
 * and runs the tick (arch/x86_64/tsc.c, apic.c); this file counts ticks
 * and turns TSC cycles into nanoseconds.
 */
#include <asm/processor.h>

#include "kerrno.h"
#include "lockdep.h"
#include "kernel/sched.h"
#include "shell_cmd.h"
#include "param.h"
#include "printk.h"
#include "ktime.h"

unsigned int tick_hz = 100;
param_uint("hz", tick_hz, 10, 1000,
	   "timer ticks per second: the jiffies rate and scheduling grain");

volatile unsigned long jiffies;
unsigned long tsc_khz;

/*
 * Cycles to nanoseconds without a division: ns = cycles * mult >> 32,
 * with the product in 128 bits so that no uptime overflows it.
 */
#define CYC2NS_SHIFT 32
static u64 cyc2ns_mult;
static u64 tsc_at_init;

u64 get_cycles(void)
{
	return rdtsc();
}

static u64 cycles_to_ns(u64 cycles)
{
	return (u64)(((unsigned __int128)cycles * cyc2ns_mult) >> CYC2NS_SHIFT);
}

u64 ktime_get_ns(void)
{
	if (!cyc2ns_mult)
		return 0;
	return cycles_to_ns(get_cycles() - tsc_at_init);
}

void udelay(unsigned long usecs)
{
	u64 start = get_cycles(), wait = (u64)usecs * tsc_khz / 1000;

	while (get_cycles() - start < wait)
		cpu_relax();
}

/*
 * One tick more than the request: the sleep starts somewhere inside the
 * current tick, so n ticks could be as little as n - 1 periods.
 */
void msleep(unsigned int msecs)
{
	long timeout = (long)msecs_to_jiffies(msecs) + 1;

	if (!scheduler_running) {
		udelay((unsigned long)msecs * 1000);
		return;
	}
	while (timeout) {
		set_current_state(TASK_SLEEPING);
		timeout = schedule_timeout(timeout);
	}
}

/*
 * jiffies counts tick periods of the TSC, not tick interrupts: a host that
 * holds the CPU back (a busy machine under QEMU, or a long stretch with
 * interrupts off) merges ticks that were due, and jiffies would fall
 * behind the clock. As Linux's tick_do_update_jiffies64(), each tick adds
 * every whole period that has passed since the last update, and none for
 * an interrupt that comes early.
 */
static u64 tsc_per_tick;
static u64 last_jiffies_update; /* TSC where the current jiffy began */
unsigned long ticks_merged;

static void tick_do_update_jiffies64(void)
{
	u64 delta = get_cycles() - last_jiffies_update;

	if (delta >= tsc_per_tick) {
		unsigned long n = (unsigned long)(delta / tsc_per_tick);

		last_jiffies_update += n * tsc_per_tick;
		ticks_merged += n - 1;
		jiffies += n;
	}
}

/* Every CPU's tick; CPU 0 alone counts jiffies (Linux's tick_do_timer_cpu). */
void tick_handle_periodic(void)
{
	if (smp_processor_id() == 0)
		tick_do_update_jiffies64();
	sched_tick();
}

/* Context: boot, interrupts off (the first tick waits for tsc_per_tick). */
void time_init(void)
{
	lockdep_assert_irqs_disabled();
	arch_time_init(HZ);
	cyc2ns_mult = (NSEC_PER_MSEC << CYC2NS_SHIFT) / tsc_khz;
	tsc_per_tick = (u64)tsc_khz * 1000 / HZ;
	tsc_at_init = get_cycles();
	/* The timer has just started: its ticks come mid-period, so that
	 * jitter of up to half a period neither merges nor skips one. */
	last_jiffies_update = tsc_at_init - tsc_per_tick / 2;
}

/*
 * Spin until jiffies moves past @j; return the new value. No pause in the
 * loop: under TCG each pause leaves the translated code and takes QEMU's
 * global lock, which delays its timers enough to lose ticks at HZ 1000.
 */
static unsigned long wait_for_tick(unsigned long j)
{
	unsigned long now;

	while ((now = jiffies) == j)
		barrier();
	return now;
}

u64 measure_ticks_ns(unsigned int ticks)
{
	unsigned long start = wait_for_tick(jiffies);
	u64 t0 = ktime_get_ns();

	while (jiffies - start < ticks)
		wait_for_tick(jiffies);
	return ktime_get_ns() - t0;
}

static int cmd_timecheck(int argc, char **argv)
{
	unsigned int ticks = HZ;
	u64 want = NSEC_PER_SEC * ticks / HZ, ns;
	long long ppm;

	(void)argv;
	if (argc != 1)
		return -EINVAL;
	ns = measure_ticks_ns(ticks);
	ppm = ((long long)ns - (long long)want) * 1000000 / (long long)want;
	printk("timecheck: %u ticks took %llu ns by the TSC, expected %llu ns: %lld ppm\n",
	       ticks, (unsigned long long)ns, (unsigned long long)want, ppm);
	return 0;
}
SHELL_CMD(timecheck, cmd_timecheck, "timecheck",
	  "time one second of ticks with the TSC (the two calibrations agree?)");

static int cmd_uptime(int argc, char **argv)
{
	u64 ns = ktime_get_ns();

	(void)argv;
	if (argc != 1)
		return -EINVAL;
	printk("uptime %llu.%06llu s, jiffies %lu, HZ %u, ktime %llu ns, tsc %lu kHz, ticks merged %lu\n",
	       (unsigned long long)(ns / NSEC_PER_SEC),
	       (unsigned long long)(ns % NSEC_PER_SEC / NSEC_PER_USEC), jiffies,
	       HZ, (unsigned long long)ns, tsc_khz, ticks_merged);
	return 0;
}
SHELL_CMD(uptime, cmd_uptime, "uptime",
	  "time since boot from the TSC, and the tick count");
