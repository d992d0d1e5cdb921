/*
 * Self-tests of time: the tick measured with the TSC (do the two
 * calibrations agree?), msleep's accuracy, the nanosecond clock, and the
 * jiffies helpers.
 */
#include <asm/apic.h>

#include "ktest.h"
#include "ktime.h"

/* Difference of @got from @want in parts per million. */
static long long ppm_off(u64 got, u64 want)
{
	return ((long long)got - (long long)want) * 1000000 / (long long)want;
}

KTEST(time_tick_rate_matches_tsc)
{
	unsigned int ticks = HZ / 2;
	u64 want = NSEC_PER_SEC * ticks / HZ;
	u64 ns = measure_ticks_ns(ticks);
	long long ppm = ppm_off(ns, want);

	ktest_log(
		"%u ticks: %llu ns by the TSC, %llu expected (%lld ppm); tsc %lu kHz, apic timer %lu kHz",
		ticks, (unsigned long long)ns, (unsigned long long)want, ppm,
		tsc_khz, lapic_timer_khz);
	/* A few percent: without -icount the host's noise shows, and at a
	 * high HZ a busy host makes QEMU merge ticks that were due. */
	KTEST_EXPECT(ppm > -30000 && ppm < 30000, "%lld ppm", ppm);
}

KTEST(time_msleep_accuracy)
{
	static const unsigned int ms[] = { 1, 10, 50, 200 };
	u64 tick_ns = NSEC_PER_SEC / HZ;

	for (unsigned int i = 0; i < ARRAY_SIZE(ms); i++) {
		u64 want = ms[i] * NSEC_PER_MSEC, t0 = ktime_get_ns(), ns;

		msleep(ms[i]);
		ns = ktime_get_ns() - t0;
		ktest_log("msleep(%u) took %llu us", ms[i],
			  (unsigned long long)ns / 1000);
		/* Never short (0.1% for calibration error); at most the
		 * extra tick msleep adds, one more for rounding, and 5 ms of
		 * host noise. */
		KTEST_EXPECT(ns >= want - want / 1000, "msleep(%u): %llu ns",
			     ms[i], (unsigned long long)ns);
		KTEST_EXPECT(ns <= want + 2 * tick_ns + 5000000,
			     "msleep(%u): %llu ns", ms[i],
			     (unsigned long long)ns);
	}
}

KTEST(time_ktime_monotonic)
{
	u64 last = ktime_get_ns(), c0 = get_cycles();
	unsigned long j0 = jiffies;

	for (int i = 0; i < 10000; i++) {
		u64 now = ktime_get_ns();

		KTEST_ASSERT(now >= last, "went back from %llu to %llu",
			     (unsigned long long)last, (unsigned long long)now);
		last = now;
	}
	KTEST_EXPECT(get_cycles() > c0);
	msleep(30);
	KTEST_EXPECT(time_after(jiffies, j0), "jiffies did not move");
}

KTEST(time_jiffies_helpers)
{
	KTEST_EXPECT_EQ(msecs_to_jiffies(0), 0);
	KTEST_EXPECT_EQ(msecs_to_jiffies(1000), HZ);
	KTEST_EXPECT_EQ(msecs_to_jiffies(1), 1); /* rounded up */
	KTEST_EXPECT_EQ(jiffies_to_msecs(HZ), 1000);
	KTEST_EXPECT(time_after(1UL, ~0UL), "across the wrap");
	KTEST_EXPECT(time_before(~0UL, 1UL), "across the wrap");
	KTEST_EXPECT(time_after_eq(5UL, 5UL));
	KTEST_EXPECT(!time_after(5UL, 5UL));
}
