/*
 * Calibration of the TSC and the APIC timer against the PIT. Neither rate
 * may be assumed: on hardware they vary by model, and under QEMU the TSC
 * follows the host's (about 2 GHz) without -icount and runs at 1 GHz of
 * virtual time with it, while the APIC timer's input is 1 GHz of virtual
 * time either way. CPUID gives no TSC rate under TCG.
 *
 * The PIT's channel 2 runs as a square wave of CALIBRATE_PERIOD_MS; at
 * each rising edge we read the TSC and the APIC timer (started before the
 * first). Every edge is seen by the same polling loop, so its cost cancels
 * between the first edge and the last, and what is left is less than one
 * round of the loop (tens of nanoseconds) over the whole window: under
 * -icount the rates come out exact to the kHz. Without -icount, the host
 * may deschedule QEMU at an edge; a period that disagrees with the median
 * period then shows it, and the median is used instead.
 */
#include <asm/apic.h>
#include <asm/processor.h>
#include <asm/timer.h>

#include "ktime.h"
#include "lib.h"
#include "printk.h"

#define CALIBRATE_PERIOD_MS 10
#define CALIBRATE_PERIODS 12

struct edge {
	u64 tsc;
	u32 apic; /* the APIC timer's count, which runs down */
};

/*
 * Clocks over the whole window, from per-period counts @d: their sum, or
 * the median times the number of periods when some period is more than
 * 0.1% off the median (the host stole time at an edge).
 */
static u64 window_clocks(u64 *d, unsigned int n)
{
	u64 sum = 0, median;

	for (unsigned int i = 0; i < n; i++)
		sum += d[i];
	sort_u64(d, n);
	median = d[n / 2];
	if (d[n - 1] - median > median / 1000 || median - d[0] > median / 1000)
		return median * n;
	return sum;
}

/* @clocks counted in @ticks PIT ticks, as a rate in kHz (rounded). */
static unsigned long to_khz(u64 clocks, u64 ticks)
{
	u64 div = ticks * 1000;

	return (unsigned long)((clocks * PIT_TICK_RATE + div / 2) / div);
}

static void calibrate_timers(void)
{
	u16 latch = (PIT_TICK_RATE * CALIBRATE_PERIOD_MS / 1000) & ~1U;
	struct edge e[CALIBRATE_PERIODS + 1];
	u64 tsc[CALIBRATE_PERIODS], apic[CALIBRATE_PERIODS];

	lapic_timer_oneshot(0xffffffff);
	pit_square_wave_start(latch);
	for (int i = 0; i <= CALIBRATE_PERIODS; i++) {
		if (!pit_wait_out2(false) || !pit_wait_out2(true))
			panic("time: the PIT's channel 2 does not count; cannot calibrate the TSC");
		e[i].tsc = rdtsc();
		e[i].apic = lapic_timer_count();
	}
	pit_stop();
	for (int i = 0; i < CALIBRATE_PERIODS; i++) {
		tsc[i] = e[i + 1].tsc - e[i].tsc;
		apic[i] = (u64)(e[i].apic - e[i + 1].apic) * APIC_TIMER_DIVIDE;
	}
	tsc_khz = to_khz(window_clocks(tsc, CALIBRATE_PERIODS),
			 (u64)latch * CALIBRATE_PERIODS);
	lapic_timer_khz = to_khz(window_clocks(apic, CALIBRATE_PERIODS),
				 (u64)latch * CALIBRATE_PERIODS);
	if (!tsc_khz || !lapic_timer_khz)
		panic("time: calibration failed (tsc %lu kHz, apic timer %lu kHz)",
		      tsc_khz, lapic_timer_khz);
}

void arch_time_init(unsigned int hz)
{
	calibrate_timers();
	/* One line, in a fixed format: the tests parse it. */
	pr_info("time: tsc %lu.%03lu MHz, lapic timer %lu.%03lu MHz (divide %u), HZ %u\n",
		tsc_khz / 1000, tsc_khz % 1000, lapic_timer_khz / 1000,
		lapic_timer_khz % 1000, APIC_TIMER_DIVIDE, hz);
	lapic_timer_start_tick(hz, lapic_timer_khz);
}

#define AP_CALIBRATE_MS 10
#define AP_SAMPLE_MAX_US 10

/*
 * The APIC timer's count with the TSC at the same moment: a read framed
 * by two TSC reads close together (under TCG the host may stop this CPU
 * between any two instructions; a pair so split is read again).
 */
static void read_timer_pair(u64 *tsc, u32 *count)
{
	u64 a, b, most = (u64)tsc_khz * AP_SAMPLE_MAX_US / 1000;

	do {
		a = rdtsc();
		*count = lapic_timer_count();
		b = rdtsc();
	} while (b - a > most);
	*tsc = a + (b - a) / 2;
}

unsigned long lapic_timer_calibrate_tsc(void)
{
	u64 t0, t1;
	u32 c0, c1;

	lapic_timer_oneshot(0xffffffff);
	read_timer_pair(&t0, &c0);
	do
		read_timer_pair(&t1, &c1);
	while (t1 - t0 < (u64)tsc_khz * AP_CALIBRATE_MS);
	return (unsigned long)((u64)(c0 - c1) * APIC_TIMER_DIVIDE * tsc_khz /
			       (t1 - t0));
}
