/*
 * Wait queues: see include/wait.h. The queue's lock covers its list; the
 * sleeping itself is the scheduler's business (kernel/sched.c).
 */
#include "kernel/sched.h"
#include "wait.h"

void init_waitqueue_head(struct wait_queue_head *wq)
{
	spin_lock_init(&wq->lock, "wait_queue_head.lock");
	INIT_LIST_HEAD(&wq->head);
}

void init_wait_entry(struct wait_queue_entry *wait)
{
	wait->task = current;
	INIT_LIST_HEAD(&wait->entry);
}

void prepare_to_wait(struct wait_queue_head *wq, struct wait_queue_entry *wait)
{
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	if (list_empty(&wait->entry))
		list_add_tail(&wait->entry, &wq->head);
	set_current_state(TASK_SLEEPING);
	spin_unlock_irqrestore(&wq->lock, flags);
}

void finish_wait(struct wait_queue_head *wq, struct wait_queue_entry *wait)
{
	unsigned long flags;

	set_current_state(TASK_RUNNING);
	spin_lock_irqsave(&wq->lock, flags);
	if (!list_empty(&wait->entry))
		list_del_init(&wait->entry);
	spin_unlock_irqrestore(&wq->lock, flags);
}

/*
 * Wake waiters from the oldest, taking each off the queue, until one was
 * really asleep (or all of them, for @all). A waiter that was awake
 * already tests its condition again anyway, so skipping it loses nothing.
 */
static void __wake_up(struct wait_queue_head *wq, bool all)
{
	struct wait_queue_entry *wait, *next;
	unsigned long flags;

	spin_lock_irqsave(&wq->lock, flags);
	list_for_each_entry_safe(wait, next, &wq->head, entry) {
		list_del_init(&wait->entry);
		if (wake_up_process(wait->task) && !all)
			break;
	}
	spin_unlock_irqrestore(&wq->lock, flags);
}

void wake_up(struct wait_queue_head *wq)
{
	__wake_up(wq, false);
}

void wake_up_all(struct wait_queue_head *wq)
{
	__wake_up(wq, true);
}
