/*
 * The multiboot2 header and the 32-bit entry point.
 *
 * GRUB jumps to _start in 32-bit protected mode with paging off, the magic
 * 0x36d76289 in eax and the physical address of the boot information (MBI)
 * in ebx. We check that the CPU can run a 64-bit kernel, turn on paging with
 * the static boot page tables below, enter long mode and jump to the
 * higher-half 64-bit code, which calls start_kernel(magic, mbi).
 */
#include <asm/memlayout.h>

#define MB2_MAGIC	0xe85250d6
#define MB2_ARCH_I386	0
#define COM1		0x3f8

/* ---------------------------------------------------------------------- */
	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long MB2_MAGIC
	.long MB2_ARCH_I386
	.long mb2_header_end - mb2_header
	.long -(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	/* No optional tags: an ELF image needs none. End tag: */
	.balign 8
	.short 0, 0
	.long 8
mb2_header_end:

/* ---------------------------------------------------------------------- */
	.section .boot.text, "ax"
	.code32
	.globl _start
_start:
	cli
	cld
	movl	$boot_stack32_top, %esp
	movl	%eax, %edi		/* multiboot2 magic */
	movl	%ebx, %esi		/* MBI physical address */

	/* Is CPUID there? (EFLAGS.ID can be toggled) */
	pushfl
	popl	%eax
	movl	%eax, %ecx
	xorl	$0x200000, %eax
	pushl	%eax
	popfl
	pushfl
	popl	%eax
	pushl	%ecx
	popfl
	cmpl	%eax, %ecx
	je	no_long_mode

	/* Long mode and NX are in the extended leaf 0x80000001, EDX. */
	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	no_long_mode
	movl	$0x80000001, %eax
	cpuid
	testl	$(1 << 29), %edx
	jz	no_long_mode
	testl	$(1 << 20), %edx
	jz	no_nx

	/* PAE, then the boot page tables. */
	movl	%cr4, %eax
	orl	$(1 << 5), %eax
	movl	%eax, %cr4
	movl	$boot_pml4, %eax
	movl	%eax, %cr3

	/* EFER: long mode enable, no-execute enable. */
	movl	$0xc0000080, %ecx
	rdmsr
	orl	$((1 << 8) | (1 << 11)), %eax
	wrmsr

	/* Paging on, and write protection also for the kernel. */
	movl	%cr0, %eax
	orl	$((1 << 31) | (1 << 16)), %eax
	movl	%eax, %cr0

	lgdt	boot_gdt_ptr
	ljmp	$0x08, $start64_low

no_long_mode:
	movl	$msg_no_lm, %ebx
	jmp	fatal32
no_nx:
	movl	$msg_no_nx, %ebx
fatal32:
	/* Print the NUL-terminated string at ebx on COM1, then stop. */
1:	movb	(%ebx), %al
	testb	%al, %al
	jz	3f
	movw	$(COM1 + 5), %dx	/* line status: wait for room */
2:	inb	%dx, %al
	testb	$0x20, %al
	jz	2b
	movb	(%ebx), %al
	movw	$COM1, %dx
	outb	%al, %dx
	incl	%ebx
	jmp	1b
3:	cli
	hlt
	jmp	3b

	.code64
start64_low:
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	xorw	%ax, %ax
	movw	%ax, %fs
	movw	%ax, %gs
	movabsq	$start64_high, %rax
	jmp	*%rax

msg_no_lm:
	.asciz	"\r\nFATAL: this CPU cannot run a 64-bit kernel (no long mode, CPUID 0x80000001 EDX bit 29). Use an x86_64 CPU (QEMU: -cpu qemu64 or max).\r\n"
msg_no_nx:
	.asciz	"\r\nFATAL: this CPU has no NX (no-execute) bit; the kernel needs it. Use QEMU's default CPU or -cpu max.\r\n"

/* ---------------------------------------------------------------------- */
/*
 * Boot page tables: the first 4 GiB mapped three times with 2 MiB pages,
 * at 0 (identity, for the jump into long mode), at DIRECT_MAP_START (so
 * __va() works from the first C line) and the first GiB at KERNEL_VMA (the
 * kernel image). paging_init() replaces them with the kernel's own tables.
 */
	.section .boot.data, "aw"
	.balign 4096
boot_pml4:
	.quad	boot_pdpt_low + 0x3		/* 0: identity */
	.fill	272, 8, 0
	.quad	boot_pdpt_low + 0x3		/* 273: DIRECT_MAP_START */
	.fill	237, 8, 0
	.quad	boot_pdpt_high + 0x3		/* 511: KERNEL_VMA */
boot_pdpt_low:
	.quad	boot_pd + 0x0000 + 0x3
	.quad	boot_pd + 0x1000 + 0x3
	.quad	boot_pd + 0x2000 + 0x3
	.quad	boot_pd + 0x3000 + 0x3
	.fill	508, 8, 0
boot_pdpt_high:
	.fill	510, 8, 0
	.quad	boot_pd + 0x3			/* 510: KERNEL_VMA -> phys 0 */
	.quad	0
boot_pd:
	.set	i, 0
	.rept	2048
	.quad	(i << 21) | 0x83		/* present, writable, 2 MiB */
	.set	i, i + 1
	.endr

	.balign 16
boot_gdt:
	.quad	0
	.quad	0x00af9a000000ffff		/* 0x08: 64-bit code */
	.quad	0x00cf92000000ffff		/* 0x10: data */
boot_gdt_end:
boot_gdt_ptr:
	.short	boot_gdt_end - boot_gdt - 1
	.long	boot_gdt

	.balign 16
	.space	1024
boot_stack32_top:

/* ---------------------------------------------------------------------- */
	.text
start64_high:
	movabsq	$boot_stack_top, %rsp
	xorl	%ebp, %ebp		/* ends the frame-pointer chain */
	/* edi = magic, esi = MBI: already the first two arguments. */
	movl	%edi, %edi
	movl	%esi, %esi
	call	start_kernel
1:	cli
	hlt
	jmp	1b

	.bss
	.balign 4096
	.globl boot_stack_bottom, boot_stack_top
boot_stack_bottom:
	.space	16384
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
