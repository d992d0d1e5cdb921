/*
 * Self-tests of SMP: every CPU ticks, a call-function IPI reaches every
 * CPU, a spinlock keeps CPUs that really run at once from losing updates
 * and is held only by the CPU that took it, drain_all_pages() empties
 * every CPU's per-CPU lists, threads bound to a CPU run, are preempted
 * and wake there, and a switch with a spinlock held is reported. With one
 * CPU online they skip; the smp suite checks that they ran with more.
 */
#include <asm/irq.h>
#include <asm/processor.h>
#include <asm/smp.h>

#include "kernel/sched.h"
#include "ktest.h"
#include "ktime.h"
#include "lib.h"
#include "nmi.h"
#include "smp.h"
#include "spinlock.h"
#include "wait.h"
#include "mm/gfp.h"
#include "mm/mmzone.h"
#include "mm/page_alloc.h"

#define SMP_WAIT_MS 500

/* Spin until @cond holds or @ms passed; return @cond. */
#define wait_until_ms(cond, ms)                                  \
	({                                                       \
		u64 __end = ktime_get_ns() + (ms)*NSEC_PER_MSEC; \
		while (!(cond) && ktime_get_ns() < __end)        \
			cpu_relax();                             \
		(cond);                                          \
	})
#define wait_until(cond) wait_until_ms(cond, SMP_WAIT_MS)

/* The online CPUs but this one. */
static struct cpumask other_cpus(void)
{
	struct cpumask m = cpu_online_mask;

	cpumask_clear_cpu(smp_processor_id(), &m);
	return m;
}

KTEST(smp_every_cpu_ticks)
{
	unsigned long before[NR_CPUS];
	int cpu;

	for_each_online_cpu(cpu)
		before[cpu] = READ_ONCE(irq_stat[cpu].apic_timer_irqs);
	for_each_online_cpu(cpu) {
		KTEST_EXPECT(
			wait_until(READ_ONCE(irq_stat[cpu].apic_timer_irqs) >
				   before[cpu] + 2),
			"CPU %d: its timer does not tick", cpu);
		for (int other = 0; other < cpu; other++)
			KTEST_EXPECT(x86_cpu_to_apicid[other] !=
					     x86_cpu_to_apicid[cpu],
				     "CPUs %d and %d share APIC id %u", other,
				     cpu, x86_cpu_to_apicid[cpu]);
	}
	ktest_log("%d CPUs online", num_online_cpus());
}

static void record_cpu(void *info)
{
	cpumask_set_cpu(smp_processor_id(), info);
}

KTEST(smp_call_function_reaches_every_cpu)
{
	struct cpumask others = other_cpus(), seen = { 0 };
	unsigned long received[NR_CPUS];
	int cpu;

	if (num_online_cpus() < 2)
		KTEST_SKIP("one CPU online");
	for_each_online_cpu(cpu)
		received[cpu] = READ_ONCE(irq_stat[cpu].ipi_received);
	smp_call_function_many(&cpu_online_mask, record_cpu, &seen, true);
	KTEST_EXPECT_EQ(seen.bits, others.bits);
	for_each_cpu(cpu, &others) KTEST_EXPECT(
		READ_ONCE(irq_stat[cpu].ipi_received) > received[cpu],
		"CPU %d counted no IPI", cpu);
	seen.bits = 0;
	on_each_cpu(record_cpu, &seen, true);
	KTEST_EXPECT_EQ(seen.bits, cpu_online_mask.bits);
}

KTEST(smp_reschedule_ipi_reaches_every_cpu)
{
	struct cpumask others = other_cpus();
	unsigned long received[NR_CPUS];
	int cpu;

	if (num_online_cpus() < 2)
		KTEST_SKIP("one CPU online");
	for_each_cpu(cpu, &others)
	{
		received[cpu] = READ_ONCE(irq_stat[cpu].ipi_received);
		smp_send_reschedule(cpu);
	}
	for_each_cpu(cpu, &others)
		KTEST_EXPECT(wait_until(READ_ONCE(irq_stat[cpu].ipi_received) >
					received[cpu]),
			     "CPU %d did not take the IPI", cpu);
}

/*
 * Two CPUs, this one and another, take one lock in turn: at least
 * LOCK_ROUNDS each, and on until they have found it held LOCK_MEETINGS
 * times (or
 * LOCK_TEST_MS passed: under single-threaded TCG, or on a busy host, two
 * virtual CPUs may run one after the other for a long while). Only two:
 * under TCG with more virtual CPUs than host cores, a ticket lock hands
 * over only when the host runs the CPU next in line, and a chain of
 * waiters then spins long enough to be reported as a lockup.
 */
#define LOCK_ROUNDS 1000
#define LOCK_MEETINGS 100 /* rounds that found the lock held, to stop */
#define LOCK_WINDOW 32	  /* reads between the read and the write */
#define LOCK_TEST_MS 2000

struct lock_test {
	spinlock_t lock;
	unsigned long counter; /* updated under the lock, non-atomically */
	unsigned long rounds;  /* rounds done, summed when each CPU ends */
	u64 deadline;	       /* ktime_get_ns() */
	int arrived;	       /* CPUs at the start line */
	int done;	       /* CPUs that finished */
	int found_held;	       /* rounds that found the lock held */
};

static bool lock_test_over(struct lock_test *t, unsigned long i)
{
	return (i >= LOCK_ROUNDS &&
		__atomic_load_n(&t->found_held, __ATOMIC_RELAXED) >=
			LOCK_MEETINGS) ||
	       ktime_get_ns() > t->deadline;
}

/*
 * One round: read, read again a while, then write. Without the lock, the
 * other CPU's updates in between are lost.
 */
static void lock_test_round(struct lock_test *t)
{
	unsigned long flags, v;

	if (spin_is_locked(&t->lock))
		__atomic_add_fetch(&t->found_held, 1, __ATOMIC_RELAXED);
	spin_lock_irqsave(&t->lock, flags);
	v = READ_ONCE(t->counter);
	for (int k = 0; k < LOCK_WINDOW; k++)
		v = READ_ONCE(t->counter);
	WRITE_ONCE(t->counter, v + 1);
	spin_unlock_irqrestore(&t->lock, flags);
}

/* Both CPUs start together: an IPI takes longer than many rounds. */
static void lock_test_rounds(void *info)
{
	struct lock_test *t = info;
	unsigned long i;

	__atomic_add_fetch(&t->arrived, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&t->arrived, __ATOMIC_ACQUIRE) < 2)
		cpu_relax();
	for (i = 0; !lock_test_over(t, i); i++)
		lock_test_round(t);
	__atomic_add_fetch(&t->rounds, i, __ATOMIC_RELAXED);
	__atomic_add_fetch(&t->done, 1, __ATOMIC_RELEASE);
}

KTEST(smp_spinlock_contention_counts)
{
	static struct lock_test t;
	struct cpumask other = { 0 };
	u64 t0 = ktime_get_ns();

	if (num_online_cpus() < 2)
		KTEST_SKIP("one CPU online");
	cpumask_set_cpu(smp_processor_id() ? 0 : 1, &other);
	t = (struct lock_test){ .lock = __SPIN_LOCK_UNLOCKED(t.lock),
				.deadline = t0 + LOCK_TEST_MS * NSEC_PER_MSEC };
	smp_call_function_many(&other, lock_test_rounds, &t, false);
	lock_test_rounds(&t);
	KTEST_ASSERT(
		wait_until(__atomic_load_n(&t.done, __ATOMIC_ACQUIRE) == 2),
		"the other CPU did not finish");
	ktest_log("2 CPUs, %lu rounds in %llu ms, %d found the lock held",
		  t.rounds,
		  (unsigned long long)((ktime_get_ns() - t0) / NSEC_PER_MSEC),
		  t.found_held);
	KTEST_EXPECT_EQ(t.counter, t.rounds);
	KTEST_EXPECT(t.rounds >= 2 * LOCK_ROUNDS, "%lu rounds", t.rounds);
	KTEST_EXPECT(t.found_held > 0, "the CPUs never met at the lock");
	if (t.found_held < LOCK_MEETINGS)
		ktest_log("only %d meetings in %d ms", t.found_held,
			  LOCK_TEST_MS);
	KTEST_EXPECT(!spin_is_locked(&t.lock));
}

/* A lock another CPU holds, and how far that CPU got. */
struct held_test {
	spinlock_t lock;
	bool held; /* the other CPU holds the lock */
	bool go;   /* it may let go */
	bool done; /* it let go */
};

/* On the other CPU: take the lock, hold it until told, let go. */
static void hold_lock_until_told(void *info)
{
	struct held_test *t = info;
	unsigned long flags;

	spin_lock_irqsave(&t->lock, flags);
	__atomic_store_n(&t->held, true, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&t->go, __ATOMIC_ACQUIRE))
		cpu_relax();
	spin_unlock_irqrestore(&t->lock, flags);
	__atomic_store_n(&t->done, true, __ATOMIC_RELEASE);
}

/*
 * What lockdep_assert_held() asks: a lock another CPU holds is locked but
 * not held here, one this CPU holds is. (The warnings themselves, and the
 * unlock of a lock another CPU holds, are tested on the host.)
 */
KTEST(smp_lock_held_elsewhere_is_not_held_here)
{
	static struct held_test t;
	struct cpumask other = { 0 };
	unsigned long flags;
	bool held;

	if (num_online_cpus() < 2)
		KTEST_SKIP("one CPU online");
	cpumask_set_cpu(smp_processor_id() ? 0 : 1, &other);
	t = (struct held_test){ .lock = __SPIN_LOCK_UNLOCKED(t.lock) };
	smp_call_function_many(&other, hold_lock_until_told, &t, false);
	held = wait_until(__atomic_load_n(&t.held, __ATOMIC_ACQUIRE));
	KTEST_EXPECT(held, "the other CPU did not take the lock");
	KTEST_EXPECT(!held || spin_is_locked(&t.lock));
	KTEST_EXPECT(!spin_is_held_here(&t.lock));
	__atomic_store_n(&t.go, true, __ATOMIC_RELEASE);
	KTEST_ASSERT(wait_until(__atomic_load_n(&t.done, __ATOMIC_ACQUIRE)),
		     "the other CPU did not let go");
	spin_lock_irqsave(&t.lock, flags);
	held = spin_is_held_here(&t.lock);
	spin_unlock_irqrestore(&t.lock, flags);
	KTEST_EXPECT(held, "a lock this CPU holds is not held here");
	KTEST_EXPECT(!spin_is_held_here(&t.lock));
}

/* The longest a lockup test's holder waits for the report and the NMI. */
#define LOCKUP_HOLD_MS 10000

/*
 * On the other CPU: take the lock with interrupts off and hold it until
 * this CPU's NMI backtrace has been printed (the waiter's lockup report
 * asks for it), or LOCKUP_HOLD_MS passed.
 */
static void hold_lock_through_lockup(void *info)
{
	struct held_test *t = info;
	unsigned long flags, nmis = READ_ONCE(nr_nmi_backtraces);

	spin_lock_irqsave(&t->lock, flags);
	__atomic_store_n(&t->held, true, __ATOMIC_RELEASE);
	wait_until_ms(READ_ONCE(nr_nmi_backtraces) != nmis, LOCKUP_HOLD_MS);
	spin_unlock_irqrestore(&t->lock, flags);
	__atomic_store_n(&t->done, true, __ATOMIC_RELEASE);
}

/*
 * A spin of over a second on a lock another CPU holds with interrupts off
 * is reported with both CPUs' backtraces: this one's, then the holder's,
 * which it prints from the NMI the report sends it.
 */
KTEST(smp_spin_lockup_shows_both_cpus)
{
	static struct held_test t;
	struct cpumask other = { 0 };
	unsigned long flags, lockups = READ_ONCE(nr_spin_lockups),
			     nmis = READ_ONCE(nr_nmi_backtraces);
	bool held;

	if (num_online_cpus() < 2)
		KTEST_SKIP("one CPU online");
	cpumask_set_cpu(smp_processor_id() ? 0 : 1, &other);
	t = (struct held_test){ .lock = __SPIN_LOCK_UNLOCKED(t.lock) };
	WRITE_ONCE(spin_lockup_expected, &t.lock);
	smp_call_function_many(&other, hold_lock_through_lockup, &t, false);
	/* Given time: a busy host may run the other CPU late. */
	held = wait_until_ms(__atomic_load_n(&t.held, __ATOMIC_ACQUIRE),
			     LOCKUP_HOLD_MS);
	spin_lock_irqsave(&t.lock, flags);
	spin_unlock_irqrestore(&t.lock, flags);
	WRITE_ONCE(spin_lockup_expected, NULL);
	KTEST_ASSERT(held, "the other CPU did not take the lock");
	/* At least: under a busy host another lock may spin too long too. */
	KTEST_EXPECT(READ_ONCE(nr_spin_lockups) > lockups, "no lockup report");
	KTEST_EXPECT(READ_ONCE(nr_nmi_backtraces) > nmis,
		     "no backtrace from the holder");
	KTEST_ASSERT(wait_until(__atomic_load_n(&t.done, __ATOMIC_ACQUIRE)),
		     "the other CPU did not let go");
}

#define DRAIN_TEST_PAGES 8

/* Pages on this CPU's per-CPU lists, over every zone. */
static int pcp_pages(int cpu)
{
	struct zone *z;
	int n = 0;

	for_each_populated_zone(z)
		n += READ_ONCE(z->pcp[cpu].count);
	return n;
}

/* Allocate and free a few pages here: the frees fill this CPU's lists. */
static void fill_local_pcp(void *info)
{
	struct page *pages[DRAIN_TEST_PAGES];
	int *filled = info;

	for (int i = 0; i < DRAIN_TEST_PAGES; i++)
		pages[i] = alloc_pages(GFP_ATOMIC, 0);
	for (int i = 0; i < DRAIN_TEST_PAGES; i++)
		if (pages[i])
			__free_pages(pages[i], 0);
	filled[smp_processor_id()] = pcp_pages(smp_processor_id());
}

KTEST(smp_drain_all_pages_empties_every_cpu)
{
	struct cpumask others = other_cpus();
	int filled[NR_CPUS] = { 0 }, cpu;

	if (num_online_cpus() < 2)
		KTEST_SKIP("one CPU online");
	smp_call_function_many(&others, fill_local_pcp, filled, true);
	for_each_cpu(cpu, &others) KTEST_EXPECT(
		filled[cpu] > 0, "CPU %d: its lists stayed empty", cpu);
	drain_all_pages(NULL);
	for_each_cpu(cpu, &others) KTEST_EXPECT(
		pcp_pages(cpu) == 0, "CPU %d: %d pages left on its lists", cpu,
		pcp_pages(cpu));
}

/*
 * A switch with a spinlock held is reported ("spinlock held at context
 * switch"). It is a bug, so the test makes one where nothing else can be
 * hurt: a holder thread bound to another CPU, where no other thread runs,
 * takes a lock of its own with interrupts off, wakes a sibling there, and
 * enters the scheduler as the tick would. The sibling runs with the lock
 * still held on that CPU and switches back the same way: two switches,
 * each counted and reported as expected.
 */
static struct {
	unsigned long counted; /* switches with a lock held, seen */
	bool reported;	       /* every expected report was made */
	bool done;
} held_switch;

static int held_switch_sibling_fn(void *data)
{
	unsigned long flags;

	(void)data;
	local_irq_save(flags);
	preempt_schedule_irq(); /* back to the holder */
	local_irq_restore(flags);
	return 0;
}

static int held_switch_fn(void *data)
{
	struct task *sibling =
		kthread_create(held_switch_sibling_fn, NULL, "sibling");
	unsigned long flags, n0 = READ_ONCE(nr_switches_with_lock);
	spinlock_t lock;

	(void)data;
	spin_lock_init(&lock, "test lock");
	if (sibling) {
		WRITE_ONCE(sched_lock_warnings_expected, 2);
		spin_lock_irqsave(&lock, flags);
		wake_up_process(sibling); /* queued behind us, on this CPU */
		preempt_schedule_irq();
		spin_unlock_irqrestore(&lock, flags);
	}
	held_switch.counted = READ_ONCE(nr_switches_with_lock) - n0;
	held_switch.reported = READ_ONCE(sched_lock_warnings_expected) == 0;
	WRITE_ONCE(sched_lock_warnings_expected, 0);
	__atomic_store_n(&held_switch.done, true, __ATOMIC_RELEASE);
	return 0;
}

KTEST(smp_switch_with_spinlock_held_warns)
{
	struct task *holder;

	if (num_online_cpus() < 2)
		KTEST_SKIP(
			"one CPU online: its other threads would run under the lock");
	memset(&held_switch, 0, sizeof(held_switch));
	holder = kthread_create(held_switch_fn, NULL, "holder");
	KTEST_ASSERT(holder != NULL);
	kthread_bind(holder, smp_processor_id() ? 0 : 1);
	wake_up_process(holder);
	KTEST_ASSERT(wait_until(__atomic_load_n(&held_switch.done,
						__ATOMIC_ACQUIRE)),
		     "the holder did not finish");
	KTEST_EXPECT_EQ(held_switch.counted, 2);
	KTEST_EXPECT(held_switch.reported, "a switch was not reported");
}

/*
 * Two threads bound to each other CPU: both must run there (the second
 * only if that CPU's tick preempts the first, which never yields), then
 * sleep, and come back on the same CPU when woken from this one.
 */
#define BOUND_PER_CPU 2
#define BOUND_WAIT_MS 5000

struct bound_thread {
	struct task *task;
	int cpu;	     /* bound to */
	int ran_on, woke_on; /* smp_processor_id() before, after */
	unsigned long spins; /* busy rounds before the sleep */
	bool done;
};

static struct {
	struct bound_thread t[NR_CPUS * BOUND_PER_CPU];
	bool stop, go;
	struct wait_queue_head wq;
} bound;

static int bound_thread_fn(void *data)
{
	struct bound_thread *b = data;

	b->ran_on = smp_processor_id();
	while (!READ_ONCE(bound.stop))
		WRITE_ONCE(b->spins, b->spins + 1);
	wait_event(bound.wq, READ_ONCE(bound.go));
	b->woke_on = smp_processor_id();
	WRITE_ONCE(b->done, true);
	return 0;
}

/* Every started thread passes @test (polled), or BOUND_WAIT_MS pass. */
static bool bound_wait(int n, bool (*test)(struct bound_thread *b))
{
	u64 end = ktime_get_ns() + BOUND_WAIT_MS * NSEC_PER_MSEC;

	for (;;) {
		int ok = 0;

		for (int i = 0; i < n; i++)
			ok += test(&bound.t[i]);
		if (ok == n)
			return true;
		if (ktime_get_ns() > end)
			return false;
		msleep(10);
	}
}

static bool bound_spun(struct bound_thread *b)
{
	return READ_ONCE(b->spins) > 0;
}

static bool bound_asleep(struct bound_thread *b)
{
	return READ_ONCE(b->task->state) == TASK_SLEEPING;
}

static bool bound_done(struct bound_thread *b)
{
	return READ_ONCE(b->done);
}

/* Create and start a thread bound to each other CPU, BOUND_PER_CPU times. */
static int bound_start(void)
{
	int cpu, n = 0;

	for_each_online_cpu(cpu) {
		if (cpu == smp_processor_id())
			continue;
		for (int k = 0; k < BOUND_PER_CPU; k++) {
			struct bound_thread *b = &bound.t[n];

			b->cpu = cpu;
			b->task = kthread_create(bound_thread_fn, b, "bound");
			if (!b->task)
				return n;
			kthread_bind(b->task, cpu);
			wake_up_process(b->task);
			n++;
		}
	}
	return n;
}

KTEST(smp_bound_threads_run_and_wake_on_their_cpu)
{
	int n, expected = (num_online_cpus() - 1) * BOUND_PER_CPU;

	if (num_online_cpus() < 2)
		KTEST_SKIP("one CPU online");
	memset(&bound, 0, sizeof(bound));
	init_waitqueue_head(&bound.wq);
	n = bound_start();
	KTEST_EXPECT_EQ(n, expected);
	KTEST_EXPECT(bound_wait(n, bound_spun),
		     "a bound thread never ran: no preemption on its CPU?");
	WRITE_ONCE(bound.stop, true);
	KTEST_EXPECT(bound_wait(n, bound_asleep), "a thread did not sleep");
	WRITE_ONCE(bound.go, true);
	wake_up_all(&bound.wq);
	KTEST_ASSERT(bound_wait(n, bound_done),
		     "a thread woken from CPU %d never ran again",
		     smp_processor_id());
	for (int i = 0; i < n; i++) {
		struct bound_thread *b = &bound.t[i];

		KTEST_EXPECT(b->ran_on == b->cpu && b->woke_on == b->cpu,
			     "thread bound to CPU %d ran on %d, woke on %d",
			     b->cpu, b->ran_on, b->woke_on);
	}
	ktest_log("%d threads on %d CPUs", n, num_online_cpus() - 1);
}
