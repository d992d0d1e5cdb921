/*
 * Kernel threads and the scheduler: a preemptive round-robin run queue per
 * CPU on each CPU's timer tick. Every thread runs in ring 0 on a 16 KiB
 * stack from vmalloc_stack(), with an unmapped guard page below it.
 *
 *   struct task *t = kthread_run(fn, arg, "name");   fn(arg) runs at once
 *   t = kthread_create(fn, arg, "name"); kthread_bind(t, 2);
 *   wake_up_process(t);                              fn(arg) runs on CPU 2
 *   ... fn returns, or calls thread_exit(code): the thread is gone and its
 *   stack is freed by the next thread to run.
 *
 * Sleeping is done with wait queues (include/wait.h) or msleep()
 * (include/time.h); yield() gives the CPU to the next runnable thread.
 */
#ifndef _KERNEL_SCHED_H
#define _KERNEL_SCHED_H

#include "list.h"
#include "smp.h"

struct mm_struct;
struct capture_control;

#define TASK_COMM_LEN 16
#define THREAD_SIZE (16UL * 1024)
#define NR_TASKS 64 /* threads in existence at once, idle included */
#define MAX_SCHEDULE_TIMEOUT ((long)(~0UL >> 1))

enum task_state {
	TASK_UNUSED,  /* free slot of the task table */
	TASK_NEW,     /* created, not started yet (wake_up_process starts it) */
	TASK_RUNNING, /* running, or runnable on the run queue */
	TASK_SLEEPING, /* waiting for a wake_up or a timeout */
	TASK_DEAD,     /* exited; its stack is freed by the next thread */
};

struct task {
	unsigned long sp; /* saved stack pointer: first, for switch.S */
	enum task_state state;
	int pid;
	char comm[TASK_COMM_LEN];
	bool need_resched; /* set by the tick or a wake-up; checked on the
			      way out of an interrupt */
	bool on_rq;	   /* queued on the run queue (never for current) */
	int cpu;	   /* whose run queue it runs from: its creator's,
			      or the one kthread_bind() gave it */
	void *stack;	   /* lowest byte of the stack; guard page below */
	int (*threadfn)(void *data);
	void *data;
	int exit_code;
	unsigned long ticks;	     /* timer ticks charged to the thread */
	unsigned long nr_switches;   /* times it was switched in */
	unsigned int time_slice;     /* ticks left before it must yield */
	struct list_head run_list;   /* on the run queue */
	struct list_head timer_list; /* on the timeout list while sleeping */
	unsigned long timeout;	     /* jiffies when the sleep times out */
	/* Per-thread memory-manager context: */
	struct mm_struct *mm; /* address space it runs in (NULL: kernel's);
				 loaded by the context switch */
	/* The direct compaction it runs, if any: mm/compaction.c sets and
	   reads it through current, as Linux's task_struct. */
	struct capture_control *capture_control;
};

/* The running thread of each CPU. */
extern struct task *cpu_curr[];

static inline struct task *get_current(void)
{
	return cpu_curr[smp_processor_id()];
}
#define current get_current()

/* True once sched_init() made the boot thread the idle thread. */
extern bool scheduler_running;

/**
 * kthread_create - make a thread that will run @threadfn(@data)
 * @threadfn: the thread's body; its return value is the exit code
 * @data: its argument
 * @name: name for `ps` and fault reports (truncated to 15 characters)
 *
 * The thread does not run until wake_up_process() is called on it.
 * Context: thread context.
 * Return: the new thread, or NULL if no task slot, stack memory or
 * virtual space is left.
 */
struct task *kthread_create(int (*threadfn)(void *data), void *data,
			    const char *name);

/**
 * kthread_run - create a thread and start it
 * @threadfn: see kthread_create()
 * @data: its argument
 * @name: its name
 *
 * Return: the thread, or NULL.
 */
struct task *kthread_run(int (*threadfn)(void *data), void *data,
			 const char *name);

/**
 * kthread_bind - make a new thread run on @cpu
 * @t: a thread from kthread_create(), not started yet
 * @cpu: an online CPU
 *
 * Threads never move between CPUs once started (there is no balancing),
 * so this is the only way to place one.
 * Context: thread context, before wake_up_process(@t).
 */
void kthread_bind(struct task *t, int cpu);

/**
 * thread_exit - end the calling thread
 * @code: its exit code
 *
 * Returning from the thread function does the same. The stack is freed
 * by the next thread that runs, never by the dying one.
 */
__noreturn void thread_exit(int code);

/**
 * wake_up_process - make a sleeping or new thread runnable
 * @t: the thread
 *
 * @t goes back on the run queue of its own CPU, which may be another one:
 * that CPU is kicked (the reschedule IPI) if it was idle.
 * Context: any, interrupt handlers included.
 * Return: true if @t was asleep (or new) and is now runnable.
 */
bool wake_up_process(struct task *t);

/**
 * schedule - run the next runnable thread
 *
 * If current's state is no longer TASK_RUNNING it stays off the run queue
 * until a wake-up. The page-fault handler turns interrupts back on before
 * it may sleep, as Linux's does.
 * Context: thread context, interrupts on, no spinlock held (might_sleep()
 * warns otherwise).
 */
void schedule(void);

/**
 * schedule_timeout - sleep until woken or @timeout jiffies have passed
 * @timeout: jiffies; MAX_SCHEDULE_TIMEOUT sleeps without a timeout
 *
 * The caller sets its state (set_current_state(TASK_SLEEPING)) first.
 * Return: 0 if the timeout passed, else the jiffies that were left.
 */
long schedule_timeout(long timeout);

/* Give the CPU to the next runnable thread; come back at the tail. */
void yield(void);

/* Schedule if the time slice is over. For long loops in thread context;
 * with interrupts off or a spinlock held it warns (might_sleep()) and does
 * not schedule. */
void cond_resched(void);

static inline bool need_resched(void)
{
	return READ_ONCE(current->need_resched);
}

/*
 * Set current's state before testing the condition it will sleep on. A
 * full barrier, as Linux's smp_store_mb(): a waker on another CPU stores
 * the condition and then reads the state; without it, this CPU could read
 * the condition before its store of the state is seen, both would miss
 * the other's store, and the wake-up would be lost.
 */
static inline void set_current_state(enum task_state state)
{
	WRITE_ONCE(current->state, state);
	smp_mb();
}

/* Boot: make the running code the idle thread of this CPU. */
void sched_init(void);
/* A secondary CPU, at start: make the running code, on @stack, the idle
 * thread of this CPU ("idle/N"). */
void sched_init_secondary(void *stack);

/* The idle thread's loop: run what is runnable, else sti; hlt. */
__noreturn void cpu_idle(void);

/* The timer tick: charge current, end sleeps, end time slices.
 * Called with interrupts off. */
void sched_tick(void);

/* Switch threads on the way out of an interrupt (see irq.c). */
void preempt_schedule_irq(void);

/*
 * Context switches made while the thread held a spinlock (each is a bug:
 * the first one warns, "spinlock held at context switch"), and how many
 * of the next ones a self-test provokes on purpose (reported, counted,
 * but not as a kernel warning).
 */
extern unsigned long nr_switches_with_lock;
extern unsigned int sched_lock_warnings_expected;

/* Threads in existence (not yet reaped), the idle thread included. */
unsigned int nr_threads(void);

/**
 * task_of_stack_guard - the thread whose stack guard page holds @addr
 * @addr: a faulting address
 *
 * Context: the fatal-exception path; takes no lock.
 * Return: the thread, or NULL.
 */
struct task *task_of_stack_guard(unsigned long addr);

#endif
