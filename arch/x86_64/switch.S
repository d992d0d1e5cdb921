/*
 * The context switch between kernel threads (kernel/sched.c).
 *
 * struct task *__switch_to_asm(struct task *prev, struct task *next)
 *
 * Saves what the C calling convention says a function must preserve (rbx,
 * rbp, r12-r15) on prev's stack and the stack pointer in prev->sp, then
 * does the reverse for next. The caller-saved registers need no saving:
 * the compiler already assumes this call destroys them. Interrupts are off
 * and each thread restores its own interrupt flag afterwards, so rflags is
 * not switched either. It returns, on next's stack, into whatever call
 * put next to sleep, with the task it came from in rax: rdi is never
 * touched, so it still holds prev.
 */
#define TASK_SP 0	/* offsetof(struct task, sp) */

	.text
	.globl	__switch_to_asm
__switch_to_asm:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, TASK_SP(%rdi)
	movq	TASK_SP(%rsi), %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	movq	%rdi, %rax
	ret

/*
 * A new thread's first switch returns here (its stack is built by
 * init_thread_stack()). rax holds the task we came from.
 */
	.globl	ret_from_kthread
ret_from_kthread:
	movq	%rax, %rdi
	call	kthread_start		/* never returns */
	ud2

	.section .note.GNU-stack, "", @progbits
