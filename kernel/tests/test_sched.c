/*
 * Self-tests of threads and the scheduler: busy threads share the CPU
 * fairly, sleeping and waking through a wait queue, timeouts, thread exit
 * giving back stacks for reuse, the guard page below each stack, and the
 * cost of a context switch. The test itself runs in a thread and sleeps
 * while the threads it made do their work.
 */
#include <asm/page.h>

#include "ktest.h"
#include "kernel/sched.h"
#include "lib.h"
#include "ktime.h"
#include "wait.h"
#include "mm/pgtable.h"
#include "mm/vmalloc.h"

/* Sleep until at most @n threads exist (exited ones are reaped); false
 * if that takes more than two seconds. */
static bool wait_for_threads(unsigned int n)
{
	for (int i = 0; i < 200 && nr_threads() > n; i++)
		msleep(10);
	return nr_threads() <= n;
}

/* --- fairness --------------------------------------------------------------- */

#define NR_BUSY 4

static volatile bool busy_stop;

static int busy_fn(void *data)
{
	unsigned long *spins = data;

	while (!busy_stop)
		(*spins)++;
	return 0;
}

KTEST(sched_busy_threads_share_fairly)
{
	static const char *const names[NR_BUSY] = { "busy0", "busy1", "busy2",
						    "busy3" };
	unsigned long spins[NR_BUSY] = { 0 }, start[NR_BUSY], got[NR_BUSY];
	unsigned long total = 0, fair, j0;
	unsigned int base = nr_threads();
	struct task *t[NR_BUSY];

	busy_stop = false;
	for (int i = 0; i < NR_BUSY; i++) {
		t[i] = kthread_run(busy_fn, &spins[i], names[i]);
		KTEST_ASSERT(t[i] != NULL);
	}
	msleep(100); /* all of them started */
	/* Tick interrupts, not jiffies: a period a busy host merged into the
	 * next tick gave no thread a tick. */
	j0 = jiffies - ticks_merged;
	for (int i = 0; i < NR_BUSY; i++)
		start[i] = t[i]->ticks;
	msleep(1000);
	for (int i = 0; i < NR_BUSY; i++) {
		got[i] = t[i]->ticks - start[i];
		total += got[i];
	}
	j0 = jiffies - ticks_merged - j0;
	busy_stop = true;
	KTEST_ASSERT(wait_for_threads(base), "busy threads did not exit");
	fair = total / NR_BUSY;
	ktest_log("ticks in %lu: %lu %lu %lu %lu (fair share %lu)", j0, got[0],
		  got[1], got[2], got[3], fair);
	/* The sleeping test thread and idle take next to nothing. */
	KTEST_EXPECT(total >= j0 * 9 / 10, "busy threads got %lu of %lu ticks",
		     total, j0);
	/* Within 25% of the fair share, and a tick of sampling grain. */
	for (int i = 0; i < NR_BUSY; i++)
		KTEST_EXPECT(got[i] + fair / 4 + 1 >= fair &&
				     got[i] <= fair + fair / 4 + 1,
			     "busy%d got %lu ticks, fair share %lu", i, got[i],
			     fair);
}

/* --- wait queues ------------------------------------------------------------- */

static DECLARE_WAIT_QUEUE_HEAD(test_wq);
static volatile bool test_go;
static volatile int test_woken;

static int sleeper_fn(void *data)
{
	(void)data;
	wait_event(test_wq, test_go);
	__atomic_add_fetch(&test_woken, 1, __ATOMIC_RELAXED);
	return 0;
}

KTEST(sched_wait_queue_sleep_and_wake)
{
	unsigned int base = nr_threads();
	struct task *t;
	unsigned long ticks;

	test_go = false;
	test_woken = 0;
	t = kthread_run(sleeper_fn, NULL, "sleeper");
	KTEST_ASSERT(t != NULL);
	msleep(50);
	KTEST_EXPECT_EQ(t->state, TASK_SLEEPING);
	ticks = t->ticks;
	msleep(100);
	KTEST_EXPECT_EQ(t->ticks, ticks); /* a sleeper uses no CPU */
	KTEST_EXPECT_EQ(test_woken, 0);
	test_go = true;
	wake_up(&test_wq);
	KTEST_EXPECT(wait_for_threads(base), "the sleeper did not exit");
	KTEST_EXPECT_EQ(test_woken, 1);
}

KTEST(sched_wake_up_one_then_all)
{
	unsigned int base = nr_threads();

	test_go = false;
	test_woken = 0;
	for (int i = 0; i < 3; i++)
		KTEST_ASSERT(kthread_run(sleeper_fn, NULL, "sleeper") != NULL);
	msleep(50);
	test_go = true;
	wake_up(&test_wq); /* the condition holds for all: one wakes */
	msleep(50);
	KTEST_EXPECT_EQ(test_woken, 1);
	wake_up_all(&test_wq);
	KTEST_EXPECT(wait_for_threads(base), "sleepers did not exit");
	KTEST_EXPECT_EQ(test_woken, 3);
}

static int late_waker_fn(void *data)
{
	(void)data;
	msleep(30);
	test_go = true;
	wake_up(&test_wq);
	return 0;
}

KTEST(sched_wait_event_timeout)
{
	unsigned int base = nr_threads();
	unsigned long j0 = jiffies;
	long left;

	test_go = false;
	left = wait_event_timeout(test_wq, test_go, 5);
	KTEST_EXPECT_EQ(left, 0);
	KTEST_EXPECT(jiffies - j0 >= 5, "woke after %lu jiffies", jiffies - j0);
	KTEST_ASSERT(kthread_run(late_waker_fn, NULL, "waker") != NULL);
	left = wait_event_timeout(test_wq, test_go, (long)HZ);
	KTEST_EXPECT(left > 0 && left < (long)HZ, "%ld jiffies left", left);
	KTEST_EXPECT(wait_for_threads(base), "the waker did not exit");
	/* A condition that holds already: no sleep, the whole timeout left. */
	KTEST_EXPECT_EQ(wait_event_timeout(test_wq, test_go, 7), 7);
}

/* --- exit and stacks --------------------------------------------------------- */

static volatile int nr_ran;

static int exit_fn(void *data)
{
	__atomic_add_fetch(&nr_ran, 1, __ATOMIC_RELAXED);
	if ((unsigned long)data & 1)
		thread_exit(0);
	return 0;
}

KTEST(sched_thread_exit_reuses_stacks)
{
	unsigned long pages = nr_vmalloc_pages, areas = nr_vmalloc_areas;
	unsigned int base = nr_threads();
	struct task *t;
	void *stack;
	int made = 0;

	nr_ran = 0;
	t = kthread_run(exit_fn, NULL, "exit");
	KTEST_ASSERT(t != NULL);
	stack = t->stack;
	KTEST_ASSERT(wait_for_threads(base));
	KTEST_EXPECT_EQ(nr_vmalloc_pages, pages);
	KTEST_EXPECT_EQ(nr_vmalloc_areas, areas);
	t = kthread_create(exit_fn, NULL, "exit");
	KTEST_ASSERT(t != NULL);
	KTEST_EXPECT(t->stack == stack, "first fit gives the freed stack back");
	wake_up_process(t);
	/* Far more threads than task slots, in batches. */
	for (int round = 0; round < 25; round++) {
		for (unsigned long i = 0; i < 8; i++)
			made += kthread_run(exit_fn, (void *)i, "exit") != NULL;
		KTEST_ASSERT(wait_for_threads(base), "round %d", round);
	}
	KTEST_EXPECT_EQ(made, 200);
	KTEST_EXPECT_EQ(nr_ran, 202);
	KTEST_EXPECT_EQ(nr_vmalloc_pages, pages);
	KTEST_EXPECT_EQ(nr_vmalloc_areas, areas);
	ktest_log("202 threads came and went; %lu vmalloc pages in use",
		  nr_vmalloc_pages);
}

KTEST(sched_stack_has_guard_page)
{
	unsigned int base = nr_threads();
	struct task *t = kthread_create(exit_fn, NULL, "guarded");
	unsigned long stack;

	KTEST_ASSERT(t != NULL);
	stack = (unsigned long)t->stack;
	KTEST_EXPECT_EQ(pgtable_translate(init_pgd, stack - PAGE_SIZE),
			(phys_addr_t)-1);
	for (unsigned long off = 0; off < THREAD_SIZE; off += PAGE_SIZE)
		KTEST_EXPECT(pgtable_translate(init_pgd, stack + off) !=
				     (phys_addr_t)-1,
			     "stack page %lu unmapped", off / PAGE_SIZE);
	KTEST_EXPECT(task_of_stack_guard(stack - 8) == t);
	KTEST_EXPECT(task_of_stack_guard(stack - PAGE_SIZE) == t);
	KTEST_EXPECT(task_of_stack_guard(stack) == NULL);
	KTEST_EXPECT(task_of_stack_guard(stack + THREAD_SIZE - 8) == NULL);
	wake_up_process(t);
	KTEST_EXPECT(wait_for_threads(base));
}

/* --- switching cost ---------------------------------------------------------- */

#define PING_PONG_ROUNDS 2000

static volatile int pingpong_done;
static unsigned long pingpong_switches[2];

static int yield_fn(void *data)
{
	for (int i = 0; i < PING_PONG_ROUNDS; i++)
		yield();
	pingpong_switches[(unsigned long)data] = current->nr_switches;
	__atomic_add_fetch(&pingpong_done, 1, __ATOMIC_RELAXED);
	return 0;
}

/* Three threads yield in turn (ping, pong and the test): every yield is a
 * switch, so the time per yield is the cost of one switch and its
 * bookkeeping. */
KTEST(sched_yield_switch_cost)
{
	unsigned int base = nr_threads();
	unsigned long self = current->nr_switches, n;
	struct task *a, *b;
	u64 t0, ns;

	pingpong_done = 0;
	a = kthread_create(yield_fn, (void *)0UL, "ping");
	b = kthread_create(yield_fn, (void *)1UL, "pong");
	KTEST_ASSERT(a && b);
	t0 = ktime_get_ns();
	wake_up_process(a);
	wake_up_process(b);
	while (pingpong_done < 2)
		yield();
	ns = ktime_get_ns() - t0;
	self = current->nr_switches - self;
	n = pingpong_switches[0] + pingpong_switches[1] + self;
	KTEST_EXPECT(wait_for_threads(base));
	KTEST_EXPECT(pingpong_switches[0] >= PING_PONG_ROUNDS &&
			     pingpong_switches[1] >= PING_PONG_ROUNDS,
		     "ping %lu, pong %lu switches", pingpong_switches[0],
		     pingpong_switches[1]);
	ktest_log("%lu switches in %llu us: %llu ns per yield and switch", n,
		  (unsigned long long)ns / 1000, (unsigned long long)(ns / n));
}
