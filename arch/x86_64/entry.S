/*
 * Interrupt and exception entry.
 *
 * Every vector has a small stub that makes the stack look the same for all
 * of them (a zero error code where the CPU pushes none, then the vector),
 * and jumps to interrupt_common, which saves the general registers as a
 * struct pt_regs and calls do_interrupt(regs).
 */
	.text

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERRCODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
			(v) == 21 || (v) == 29 || (v) == 30)

	.macro ISR_STUB vec
	.balign 16
isr_stub_\vec:
	.if !HAS_ERRCODE(\vec)
	pushq	$0
	.endif
	pushq	$\vec
	jmp	interrupt_common
	.endm

	.altmacro
	.set	vec, 0
	.rept	256
	ISR_STUB %vec
	.set	vec, vec + 1
	.endr

interrupt_common:
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	cld
	movq	%rsp, %rdi
	call	do_interrupt
	.globl	interrupt_return
interrupt_return:
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	addq	$16, %rsp		/* vector and error code */
	iretq

/* The stubs' addresses, for the IDT. */
	.section .rodata
	.balign 8
	.globl	isr_stub_table
isr_stub_table:
	.macro ISR_ADDR vec
	.quad	isr_stub_\vec
	.endm
	.set	vec, 0
	.rept	256
	ISR_ADDR %vec
	.set	vec, vec + 1
	.endr

/*
 * void save_caller_regs(struct pt_regs *regs): fill @regs with the caller's
 * registers (rip and rsp as they are at the call), for panic().
 */
	.text
	.globl	save_caller_regs
save_caller_regs:
	movq	%r15, 0(%rdi)
	movq	%r14, 8(%rdi)
	movq	%r13, 16(%rdi)
	movq	%r12, 24(%rdi)
	movq	%r11, 32(%rdi)
	movq	%r10, 40(%rdi)
	movq	%r9, 48(%rdi)
	movq	%r8, 56(%rdi)
	movq	%rbp, 64(%rdi)
	movq	%rdi, 72(%rdi)
	movq	%rsi, 80(%rdi)
	movq	%rdx, 88(%rdi)
	movq	%rcx, 96(%rdi)
	movq	%rbx, 104(%rdi)
	movq	%rax, 112(%rdi)
	movq	$0, 120(%rdi)		/* vector */
	movq	$0, 128(%rdi)		/* error code */
	movq	(%rsp), %rax
	movq	%rax, 136(%rdi)		/* rip: the return address */
	movq	%cs, %rax
	movq	%rax, 144(%rdi)
	pushfq
	popq	%rax
	movq	%rax, 152(%rdi)
	leaq	8(%rsp), %rax
	movq	%rax, 160(%rdi)		/* rsp before the call */
	movq	%ss, %rax
	movq	%rax, 168(%rdi)
	movq	112(%rdi), %rax
	ret

	.section .note.GNU-stack, "", @progbits
