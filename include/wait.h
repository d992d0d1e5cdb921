/*
 * Wait queues: a thread sleeps until a condition becomes true; whoever
 * makes it true calls wake_up() or wake_up_all() on the same queue.
 *
 *   static DECLARE_WAIT_QUEUE_HEAD(wq);
 *   waiter:  wait_event(wq, data_ready);
 *   waker:   data_ready = true; wake_up(&wq);
 *
 * The waiter queues itself and marks itself sleeping *before* it tests the
 * condition, so a wake-up that lands between the test and the sleep is
 * never lost: it just makes the thread runnable again. A woken entry is
 * taken off the queue, so wake_up() wakes one waiter and the next call the
 * next one. Wake-ups are safe from interrupt handlers and with interrupts
 * off; waiting needs a thread that holds no spinlock.
 *
 * The host build of mm/ (one thread, no scheduler) gets inline stand-ins:
 * waking does nothing and waiting on a false condition panics.
 */
#ifndef _WAIT_H
#define _WAIT_H

#include "list.h"
#include "lockdep.h"
#include "spinlock.h"

struct task;

struct wait_queue_head {
	spinlock_t lock;
	struct list_head head; /* wait_queue_entry.entry, oldest first */
};

struct wait_queue_entry {
	struct task *task;
	struct list_head entry; /* empty when not queued */
};

#define __WAIT_QUEUE_HEAD_INITIALIZER(name)                                \
	{                                                                  \
		__SPIN_LOCK_UNLOCKED(name.lock), LIST_HEAD_INIT(name.head) \
	}
#define DECLARE_WAIT_QUEUE_HEAD(name) \
	struct wait_queue_head name = __WAIT_QUEUE_HEAD_INITIALIZER(name)

/* True if someone is queued (a hint: it may change at once). */
static inline bool waitqueue_active(struct wait_queue_head *wq)
{
	return !list_empty(&wq->head);
}

#ifndef __HOST__
/* Prepare @wait for the calling thread (not queued yet). */
void init_wait_entry(struct wait_queue_entry *wait);

/**
 * init_waitqueue_head - set up an empty wait queue
 * @wq: the queue
 */
void init_waitqueue_head(struct wait_queue_head *wq);

/**
 * prepare_to_wait - queue @wait on @wq and mark current as sleeping
 * @wq: the queue
 * @wait: current's entry (init_wait_entry); queued once however often
 *	  this is called
 *
 * Test the condition after this, and call schedule() if it is false.
 */
void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *wait);

/* Mark current running and take @wait off @wq if still queued. */
void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *wait);

/**
 * wake_up - wake the oldest waiter of @wq
 * @wq: the queue
 *
 * Context: any, interrupt handlers included.
 */
void wake_up(struct wait_queue_head *wq);

/**
 * wake_up_all - wake every waiter of @wq
 * @wq: the queue
 *
 * Context: any, interrupt handlers included.
 */
void wake_up_all(struct wait_queue_head *wq);

/* From kernel/sched.h, for the macros below. */
void schedule(void);
long schedule_timeout(long timeout);

/**
 * wait_event - sleep until @condition is true
 * @wq_head: the wait queue (the object, not a pointer)
 * @condition: a C expression, evaluated again after every wake-up
 */
#define wait_event(wq_head, condition)                        \
	do {                                                  \
		struct wait_queue_entry __wait;               \
		might_sleep();                                \
		if (condition)                                \
			break;                                \
		init_wait_entry(&__wait);                     \
		for (;;) {                                    \
			prepare_to_wait(&(wq_head), &__wait); \
			if (condition)                        \
				break;                        \
			schedule();                           \
		}                                             \
		finish_wait(&(wq_head), &__wait);             \
	} while (0)

#define __wait_event_timeout(wq_head, condition, timeout)     \
	({                                                    \
		long __left = (timeout);                      \
		struct wait_queue_entry __wait;               \
		init_wait_entry(&__wait);                     \
		for (;;) {                                    \
			prepare_to_wait(&(wq_head), &__wait); \
			if (condition)                        \
				break;                        \
			__left = schedule_timeout(__left);    \
			if (!__left) {                        \
				__left = (condition) ? 1 : 0; \
				break;                        \
			}                                     \
		}                                             \
		finish_wait(&(wq_head), &__wait);             \
		__left;                                       \
	})

/**
 * wait_event_timeout - sleep until @condition is true or time runs out
 * @wq_head: the wait queue (the object, not a pointer)
 * @condition: a C expression, evaluated again after every wake-up
 * @timeout: jiffies
 *
 * Return: 0 if @condition was still false when @timeout elapsed, else the
 * jiffies that were left (at least 1).
 */
#define wait_event_timeout(wq_head, condition, timeout)                  \
	({                                                               \
		long __ret = (timeout);                                  \
		might_sleep();                                           \
		if (!(condition))                                        \
			__ret = __wait_event_timeout(wq_head, condition, \
						     __ret);             \
		else if (__ret <= 0)                                     \
			__ret = 1;                                       \
		__ret;                                                   \
	})

#else /* __HOST__ */
#include "printk.h"

static inline void init_waitqueue_head(struct wait_queue_head *wq)
{
	spin_lock_init(&wq->lock, "wait_queue_head.lock");
	INIT_LIST_HEAD(&wq->head);
}

static inline void wake_up(struct wait_queue_head *wq)
{
	(void)wq;
}

static inline void wake_up_all(struct wait_queue_head *wq)
{
	(void)wq;
}

#define wait_event(wq_head, condition)                                         \
	do {                                                                   \
		(void)(wq_head);                                               \
		might_sleep();                                                 \
		if (!(condition))                                              \
			panic("host: nothing can make '%s' true", #condition); \
	} while (0)

#define wait_event_timeout(wq_head, condition, timeout) \
	({                                              \
		(void)(wq_head);                        \
		(condition) ? (long)(timeout) : 0L;     \
	})
#endif

#endif
