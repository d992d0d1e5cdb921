/*
 * The 4 KiB copy and fill routines the kernel chooses between at boot
 * (arch/x86_64/cpu.c picks one family; asm/copy_page.h calls it). Each
 * family is a copy and a fill with the same strategy, after Linux's
 * arch/x86/lib/copy_page_64.S and clear_page_64.S:
 *
 *   movsb     rep movsb / rep stosb: one string instruction, fastest where
 *             the CPU has ERMS (the microcode moves whole lines);
 *   movsq     rep movsq / rep stosq: 512 quadwords, good where the CPU's
 *             string microcode is ("rep_good") but bytes are not;
 *   unrolled  eight 64-bit loads then stores per 64-byte line, no string
 *             instruction at all, for CPUs whose rep prefix is slow.
 *
 * No SSE: the kernel is built without it and never saves its registers.
 * Only caller-saved registers are used, so there is nothing to push.
 *
 *   void copy_page_X(void *to, const void *from)   rdi = to, rsi = from
 *   void fill_page_X(void *page, u64 pattern)       rdi = page, rsi = pattern
 */
#define PAGE_SIZE 4096

	.text
	.globl	copy_page_movsb
copy_page_movsb:
	movl	$PAGE_SIZE, %ecx
	rep movsb
	ret

	.globl	fill_page_movsb
fill_page_movsb:
	movq	%rsi, %rax		/* the pattern repeats its byte */
	movl	$PAGE_SIZE, %ecx
	rep stosb
	ret

	.globl	copy_page_movsq
copy_page_movsq:
	movl	$PAGE_SIZE / 8, %ecx
	rep movsq
	ret

	.globl	fill_page_movsq
fill_page_movsq:
	movq	%rsi, %rax
	movl	$PAGE_SIZE / 8, %ecx
	rep stosq
	ret

/* Four quadwords at @off: all loads, then all stores. Six scratch
 * registers would not hold eight, and a callee-saved one needs a push. */
.macro COPY4 off
	movq	\off(%rsi), %rax
	movq	\off+8(%rsi), %rdx
	movq	\off+16(%rsi), %r8
	movq	\off+24(%rsi), %r9
	movq	%rax, \off(%rdi)
	movq	%rdx, \off+8(%rdi)
	movq	%r8, \off+16(%rdi)
	movq	%r9, \off+24(%rdi)
.endm

	.globl	copy_page_unrolled
copy_page_unrolled:
	movl	$PAGE_SIZE / 64, %ecx
1:	COPY4	0
	COPY4	32
	leaq	64(%rsi), %rsi
	leaq	64(%rdi), %rdi
	decl	%ecx
	jnz	1b
	ret

	.globl	fill_page_unrolled
fill_page_unrolled:
	movl	$PAGE_SIZE / 64, %ecx
1:	movq	%rsi, 0(%rdi)
	movq	%rsi, 8(%rdi)
	movq	%rsi, 16(%rdi)
	movq	%rsi, 24(%rdi)
	movq	%rsi, 32(%rdi)
	movq	%rsi, 40(%rdi)
	movq	%rsi, 48(%rdi)
	movq	%rsi, 56(%rdi)
	leaq	64(%rdi), %rdi
	decl	%ecx
	jnz	1b
	ret

	.section .note.GNU-stack, "", @progbits
