/*
 * Kernel threads and a preemptive round-robin scheduler (see kernel/sched.h).
 *
 * Each CPU has a run queue: a FIFO of runnable threads, the running one
 * excluded. A thread runs until it sleeps, yields or uses up its time
 * slice (SCHED_SLICE_MS); then the head of the queue runs and the old
 * thread, if still runnable, goes to the tail. When nothing is runnable the
 * idle thread (the boot code, on the boot stack) halts until an interrupt.
 *
 * Invariants, under rq->lock:
 *   - cpu_curr[cpu] is running and is never on the queue;
 *   - a thread is on the queue (on_rq) at most once;
 *   - a TASK_SLEEPING thread is off the queue, unless it was preempted
 *     between marking itself sleeping and calling schedule(): it must get
 *     to run again to test its condition, so preemption keeps it queued;
 *   - the idle thread is never queued: it runs when the queue is empty.
 *
 * The context switch (switch.S) saves the callee-saved registers on the
 * old stack and its stack pointer in the task, then loads the new one's.
 * It is entered with rq->lock held and interrupts off; the thread that
 * comes out of it releases the lock (finish_task_switch), and each thread
 * gets back its own interrupt state from its own schedule() frame.
 *
 * Each thread has its own address space (task->mm; NULL for the kernel's
 * mappings alone): a switch saves the CPU's and loads the next thread's,
 * reloading CR3 only when the address space changes.
 *
 * SMP. Every CPU has its run queue and idle thread, and each CPU's tick
 * preempts its own threads. A thread belongs to one CPU (task->cpu): its
 * creator's, or the one kthread_bind() chose before it started; it never
 * moves. Per-CPU queues rather than one global queue with one lock: every
 * tick of every CPU takes its queue's lock, and a global one would make
 * the CPUs take turns at each tick and each switch (Linux has per-CPU
 * queues for the same reason). Since a thread never moves, its CPU's
 * rq->lock covers all of its scheduling state, wherever the code that
 * takes it runs: a wake-up from another CPU locks the thread's queue,
 * not its own, and kicks the thread's CPU with the reschedule IPI if it
 * was idle. A thread being woken while it is still on its way to sleep
 * on its CPU is cpu_curr there: it is only marked running, and its own
 * __schedule(), which takes the same lock, keeps it running.
 *
 * A switch with a spinlock held besides rq->lock warns ("spinlock held at
 * context switch"): the thread that holds it stops running, and anyone
 * spinning on it spins until it runs again.
 *
 * TODO: no balancing (Linux moves threads to idle CPUs, and places new
 * ones on the idlest CPU: here a new thread stays on its creator's CPU
 * unless bound); no priorities; no way to stop a thread from outside
 * (kthread_stop); the task table is fixed at NR_TASKS.
 */
#include <asm/irqflags.h>
#include <asm/page.h>

#include "kerrno.h"
#include "kernel/sched.h"
#include "shell_cmd.h"
#include "lib.h"
#include "lockdep.h"
#include "printk.h"
#include "seq_file.h"
#include "spinlock.h"
#include "ktime.h"
#include "mm/compaction.h"
#include "mm/mmap.h"
#include "mm/mmzone.h"
#include "mm/vmalloc.h"

#define SCHED_SLICE_MS 20

struct rq {
	spinlock_t lock;
	struct list_head queue;	 /* runnable threads, next to run first */
	struct list_head timers; /* sleeping threads with a timeout */
	struct task *idle;
	unsigned long nr_switches;
};

static struct rq runqueues[NR_CPUS];
bool scheduler_running;

/* Every thread, by slot; a slot is free while its state is TASK_UNUSED. */
static struct task task_table[NR_TASKS];
/*
 * The boot thread is task_table[0] from the first instruction, as Linux's
 * init_task: current is valid before sched_init() makes it the idle
 * thread, so code that reads current's fields runs at any time.
 */
struct task *cpu_curr[NR_CPUS] = { [0] = &task_table[0] };
static DEFINE_SPINLOCK(tasklist_lock);
static int last_pid;
static unsigned int sched_slice_ticks = 1;

extern char boot_stack_bottom[];

/* switch.S; it finds the saved stack pointer at offset 0. */
BUILD_BUG_ON(offsetof(struct task, sp) != 0);
struct task *__switch_to_asm(struct task *prev, struct task *next);
void ret_from_kthread(void);
__noreturn void kthread_start(struct task *prev);

static struct rq *this_rq(void)
{
	return &runqueues[smp_processor_id()];
}

/* The queue whose lock covers @t's scheduling state. */
static struct rq *task_rq(const struct task *t)
{
	return &runqueues[t->cpu];
}

static void enqueue_task(struct rq *rq, struct task *t)
{
	lockdep_assert_held(&rq->lock);
	list_add_tail(&t->run_list, &rq->queue);
	t->on_rq = true;
}

static struct task *pick_next_task(struct rq *rq)
{
	struct task *t;

	lockdep_assert_held(&rq->lock);
	if (list_empty(&rq->queue))
		return rq->idle;
	t = list_first_entry(&rq->queue, struct task, run_list);
	list_del_init(&t->run_list);
	t->on_rq = false;
	return t;
}

/* --- creating and ending threads ------------------------------------------ */

static struct task *alloc_task(void)
{
	struct task *t = NULL;
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	for (int i = 0; i < NR_TASKS; i++) {
		if (task_table[i].state == TASK_UNUSED) {
			t = &task_table[i];
			memset(t, 0, sizeof(*t));
			t->state = TASK_NEW;
			t->pid = ++last_pid;
			break;
		}
	}
	spin_unlock_irqrestore(&tasklist_lock, flags);
	return t;
}

static void free_task(struct task *t)
{
	unsigned long flags;

	spin_lock_irqsave(&tasklist_lock, flags);
	t->stack = NULL;
	t->state = TASK_UNUSED;
	spin_unlock_irqrestore(&tasklist_lock, flags);
}

/*
 * The new stack, from the top: two zero words that end the frame-pointer
 * chain, the address switch.S returns to, and the six registers it pops.
 * After the pops and the return, the stack pointer is 16-byte aligned, as
 * ret_from_kthread's call needs.
 */
static void init_thread_stack(struct task *t)
{
	unsigned long *sp = (unsigned long *)((char *)t->stack + THREAD_SIZE);

	*--sp = 0;
	*--sp = 0;
	*--sp = (unsigned long)ret_from_kthread;
	for (int i = 0; i < 6; i++)
		*--sp = 0; /* rbp, rbx, r12-r15 */
	t->sp = (unsigned long)sp;
}

struct task *kthread_create(int (*threadfn)(void *data), void *data,
			    const char *name)
{
	struct task *t = alloc_task();

	if (!t)
		return NULL;
	t->stack = vmalloc_stack(THREAD_SIZE);
	if (!t->stack) {
		free_task(t);
		return NULL;
	}
	snprintf(t->comm, sizeof(t->comm), "%s", name);
	t->cpu = smp_processor_id();
	t->threadfn = threadfn;
	t->data = data;
	INIT_LIST_HEAD(&t->run_list);
	INIT_LIST_HEAD(&t->timer_list);
	init_thread_stack(t);
	return t;
}

void kthread_bind(struct task *t, int cpu)
{
	ASSERT(READ_ONCE(t->state) == TASK_NEW,
	       "kthread_bind: thread %d (%s) has started already", t->pid,
	       t->comm);
	ASSERT(cpu >= 0 && cpu < num_online_cpus(),
	       "kthread_bind: CPU %d is not online", cpu);
	t->cpu = cpu;
}

struct task *kthread_run(int (*threadfn)(void *data), void *data,
			 const char *name)
{
	struct task *t = kthread_create(threadfn, data, name);

	if (t)
		wake_up_process(t);
	return t;
}

/* Runs in the next thread, after the switch: the dead one is off its stack. */
static void task_reap(struct task *t)
{
	vfree(t->stack);
	free_task(t);
}

/* The second half of a switch, in the thread that was switched to. */
static void finish_task_switch(struct task *prev)
{
	spin_unlock(&this_rq()->lock);
	if (prev->state == TASK_DEAD)
		task_reap(prev);
}

static void __schedule(bool preempt);

/* Save the CPU's mm context in @prev and load @next's. */
static void switch_mm_context(struct task *prev, struct task *next)
{
	prev->mm = current_mm();
	if (next->mm != prev->mm)
		activate_mm(next->mm);
}

/* First C code of every thread: ret_from_kthread calls it, with the
 * run-queue lock held and interrupts off as __schedule() left them. */
void kthread_start(struct task *prev)
{
	struct task *self = current;

	finish_task_switch(prev);
	local_irq_enable();
	thread_exit(self->threadfn(self->data));
}

void thread_exit(int code)
{
	struct task *self = current;

	BUG_ON(self == this_rq()->idle);
	/* No preemption between TASK_DEAD and the switch: a preempted dead
	 * thread would be reaped while still on the run queue. */
	local_irq_disable();
	self->exit_code = code;
	self->state = TASK_DEAD;
	__schedule(false);
	BUG();
}

/* --- switching ---------------------------------------------------------- */

unsigned long nr_switches_with_lock;
unsigned int sched_lock_warnings_expected;

/*
 * Linux's schedule_debug(): a switch while the thread holds a spinlock
 * (besides rq->lock, taken here) leaves the lock held while other threads
 * run on this CPU, any of which may spin on it forever. Count each one;
 * warn once, unless a self-test said it provokes one: that one is told on
 * a line the test harness does not take for a kernel warning.
 * Context: rq->lock held, interrupts off.
 */
static void schedule_debug(void)
{
	unsigned int held = this_cpu_read(spin_lock_depth) - 1;

	if (likely(!held))
		return;
	__atomic_add_fetch(&nr_switches_with_lock, 1, __ATOMIC_RELAXED);
	if (READ_ONCE(sched_lock_warnings_expected)) {
		WRITE_ONCE(sched_lock_warnings_expected,
			   sched_lock_warnings_expected - 1);
		pr_warn("sched: spinlock held at context switch: %u besides rq->lock (expected by a self-test)\n",
			held);
		return;
	}
	WARN_ONCE(true,
		  "spinlock held at context switch: %u besides rq->lock\n",
		  held);
}

/*
 * @preempt: the tick took the CPU away; current stays queued whatever its
 * state (see the invariants at the top). Interrupts are off.
 */
static void __schedule(bool preempt)
{
	struct rq *rq = this_rq();
	struct task *prev = current, *next;

	spin_lock(&rq->lock);
	schedule_debug();
	prev->need_resched = false;
	if (prev != rq->idle && !prev->on_rq && prev->state != TASK_DEAD &&
	    (preempt || prev->state == TASK_RUNNING))
		enqueue_task(rq, prev);
	next = pick_next_task(rq);
	if (next == prev) {
		spin_unlock(&rq->lock);
		return;
	}
	next->time_slice = sched_slice_ticks;
	next->nr_switches++;
	rq->nr_switches++;
	cpu_curr[smp_processor_id()] = next;
	switch_mm_context(prev, next);
	prev = __switch_to_asm(prev, next);
	finish_task_switch(prev);
}

void schedule(void)
{
	unsigned long flags;

	might_sleep();
	local_irq_save(flags);
	__schedule(false);
	local_irq_restore(flags);
}

void preempt_schedule_irq(void)
{
	__schedule(true);
}

void yield(void)
{
	schedule();
}

/*
 * A caller with interrupts off or a spinlock held may not be switched
 * away from: might_sleep() warns (in debug builds), and we do not
 * schedule. Before sched_init() there is nothing to switch to.
 */
void cond_resched(void)
{
	if (!scheduler_running)
		return;
	might_sleep();
	if (need_resched() && !irqs_disabled() &&
	    !this_cpu_read(spin_lock_depth))
		schedule();
}

/* Make @t runnable on its queue @rq, kicking its CPU if that is idle. */
static bool try_to_wake_up(struct rq *rq, struct task *t)
{
	int cpu = t->cpu;

	lockdep_assert_held(&rq->lock);
	if (t->state != TASK_SLEEPING && t->state != TASK_NEW)
		return false;
	t->state = TASK_RUNNING;
	if (t == cpu_curr[cpu] || t->on_rq)
		return true;
	enqueue_task(rq, t);
	if (cpu_curr[cpu] == rq->idle && !rq->idle->need_resched) {
		WRITE_ONCE(rq->idle->need_resched, true);
		if (cpu != smp_processor_id())
			smp_send_reschedule(cpu);
	}
	return true;
}

bool wake_up_process(struct task *t)
{
	struct rq *rq = task_rq(t);
	unsigned long flags;
	bool woken;

	spin_lock_irqsave(&rq->lock, flags);
	woken = try_to_wake_up(rq, t);
	spin_unlock_irqrestore(&rq->lock, flags);
	return woken;
}

long schedule_timeout(long timeout)
{
	struct rq *rq = this_rq();
	struct task *self = current;
	unsigned long flags, expires;
	long left;

	might_sleep();
	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	if (timeout <= 0) {
		set_current_state(TASK_RUNNING);
		return 0;
	}
	expires = jiffies + (unsigned long)timeout;
	local_irq_save(flags);
	spin_lock(&rq->lock);
	self->timeout = expires;
	list_add_tail(&self->timer_list, &rq->timers);
	spin_unlock(&rq->lock);
	__schedule(false);
	spin_lock(&rq->lock);
	if (!list_empty(&self->timer_list)) /* woken before the timeout */
		list_del_init(&self->timer_list);
	spin_unlock(&rq->lock);
	local_irq_restore(flags);
	left = (long)(expires - jiffies);
	return left > 0 ? left : 0;
}

void sched_tick(void)
{
	struct rq *rq = this_rq();
	struct task *curr = current, *t, *tmp;

	spin_lock(&rq->lock);
	curr->ticks++;
	list_for_each_entry_safe(t, tmp, &rq->timers, timer_list) {
		if (time_before(jiffies, t->timeout))
			continue;
		list_del_init(&t->timer_list);
		try_to_wake_up(rq, t);
	}
	if (curr != rq->idle && curr->time_slice && !--curr->time_slice) {
		if (list_empty(&rq->queue))
			curr->time_slice = sched_slice_ticks;
		else
			curr->need_resched = true;
	}
	spin_unlock(&rq->lock);
}

/* --- idle and boot --------------------------------------------------------- */

void cpu_idle(void)
{
	for (;;) {
		local_irq_disable();
		if (current->need_resched) {
			__schedule(false);
			local_irq_enable();
			continue;
		}
		/* sti takes effect after the next instruction: an interrupt
		 * that makes work cannot slip in before the hlt. */
		__asm__ __volatile__("sti; hlt" ::: "memory");
	}
}

/* Make @idle, running on @stack, the idle thread of @cpu's empty queue. */
static void init_idle(struct task *idle, void *stack, int cpu)
{
	struct rq *rq = &runqueues[cpu];

	spin_lock_init(&rq->lock, "rq->lock");
	INIT_LIST_HEAD(&rq->queue);
	INIT_LIST_HEAD(&rq->timers);
	idle->state = TASK_RUNNING;
	idle->pid = 0;
	idle->cpu = cpu;
	idle->stack = stack;
	INIT_LIST_HEAD(&idle->run_list);
	INIT_LIST_HEAD(&idle->timer_list);
	rq->idle = idle;
	cpu_curr[cpu] = idle;
}

void sched_init(void)
{
	struct task *idle = &task_table[0];

	snprintf(idle->comm, sizeof(idle->comm), "idle");
	init_idle(idle, boot_stack_bottom, smp_processor_id());
	sched_slice_ticks = max(1UL, msecs_to_jiffies(SCHED_SLICE_MS));
	scheduler_running = true;
	might_sleep_ready = true;
	pr_info("sched: round robin, %u ms slices (%u ticks), %lu KiB stacks with a guard page\n",
		SCHED_SLICE_MS, sched_slice_ticks, THREAD_SIZE >> 10);
}

void sched_init_secondary(void *stack)
{
	int cpu = smp_processor_id();
	struct task *idle = alloc_task();

	if (!idle)
		panic("sched: no task slot for the idle thread of CPU %d", cpu);
	snprintf(idle->comm, sizeof(idle->comm), "idle/%d", cpu);
	init_idle(idle, stack, cpu);
}

/* --- queries ---------------------------------------------------------------- */

unsigned int nr_threads(void)
{
	unsigned int n = 0;

	for (int i = 0; i < NR_TASKS; i++)
		n += READ_ONCE(task_table[i].state) != TASK_UNUSED;
	return n;
}

struct task *task_of_stack_guard(unsigned long addr)
{
	struct vm_struct *vm = find_vm_area_guard(addr);

	if (!vm || !(vm->flags & VM_STACK))
		return NULL;
	for (int i = 0; i < NR_TASKS; i++)
		if (task_table[i].state != TASK_UNUSED &&
		    (unsigned long)task_table[i].stack == vm->addr)
			return &task_table[i];
	return NULL;
}

/* --- shell commands --------------------------------------------------------- */

/* Switches on every CPU, each queue's count read without its lock. */
static unsigned long nr_context_switches(void)
{
	unsigned long n = 0;
	int cpu;

	for_each_online_cpu(cpu)
		n += READ_ONCE(runqueues[cpu].nr_switches);
	return n;
}

/* One letter per state, in enum task_state order, as ps prints them. */
static const char task_state_char[] = "-NRSX";

/* A snapshot without locks: a line may mix two moments of a thread. */
static int cmd_ps(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return -EINVAL;
	shell_printf(
		"  PID S CPU      TICKS   SWITCHES STACK              NAME\n");
	for (int i = 0; i < NR_TASKS; i++) {
		struct task *t = &task_table[i];
		enum task_state state = READ_ONCE(t->state);

		if (state == TASK_UNUSED)
			continue;
		shell_printf("%5d %c %3d %10lu %10lu %#018lx %s%s\n", t->pid,
			     task_state_char[state], t->cpu, t->ticks,
			     t->nr_switches, (unsigned long)t->stack, t->comm,
			     t == current ? " (current)" : "");
	}
	shell_printf("%u threads, %lu context switches, %lu ticks\n",
		     nr_threads(), nr_context_switches(), jiffies);
	return 0;
}
SHELL_CMD(ps, cmd_ps, "ps",
	  "list threads: state, CPU, CPU time in ticks, switches, stack");

/* Thread stacks are most of the vmalloc areas, so their list lives here. */
static int cmd_vmallocinfo(int argc, char **argv)
{
	struct seq_file m;

	(void)argv;
	if (argc != 1)
		return -EINVAL;
	seq_console_init(&m);
	vmalloc_print_info(&m);
	shell_printf("%lu areas, %lu pages\n", nr_vmalloc_areas,
		     nr_vmalloc_pages);
	return 0;
}
SHELL_CMD(vmallocinfo, cmd_vmallocinfo, "vmallocinfo",
	  "list the vmalloc areas (guard page included): stacks, MMIO");

/* --- `stackoverflow`: see a guard-page hit reported ------------------------ */

static volatile unsigned long overflow_limit = ~0UL;

/* Each level keeps a frame of a few hundred bytes alive below the last. */
static __noinline unsigned long recurse_deeper(unsigned long depth)
{
	volatile char frame[256];

	frame[0] = (char)depth;
	if (depth >= overflow_limit)
		return frame[0];
	return recurse_deeper(depth + 1) + frame[0];
}

static int stack_overflow_fn(void *data)
{
	(void)data;
	return (int)recurse_deeper(0);
}

static int cmd_stackoverflow(int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return -EINVAL;
	printk("starting thread 'overflow': it recurses until it hits the guard page below its stack\n");
	if (!kthread_run(stack_overflow_fn, NULL, "overflow")) {
		printk("error: cannot create a thread\n");
		return -ENOMEM;
	}
	msleep(5000);
	printk("error: the overflow was not caught\n");
	return -EIO;
}
SHELL_CMD(stackoverflow, cmd_stackoverflow, "stackoverflow",
	  "overflow a thread's stack on purpose (ends the run with a report)");
