/*
 * The real-mode trampoline: where an application processor (AP) starts.
 *
 * The startup IPI (SIPI) starts an AP in 16-bit real mode at CS:IP =
 * (page << 8):0, so this code is copied to a 4 KiB-aligned page below
 * 1 MiB (smpboot.c), followed by three pages of page tables. The AP then
 * climbs the same steps as the boot CPU did (boot/multiboot2.S):
 *
 *   real mode --lgdt, CR0.PE--> 32-bit protected mode
 *             --CR4.PAE, CR3, EFER.LME/NXE, CR0.PG--> compatibility mode
 *             --far jump to a 64-bit code segment--> long mode
 *
 * and jumps to the 64-bit kernel at tr_entry on the stack tr_stack. The
 * page tables of tr_cr3 map this page at its own address (the next
 * instruction after CR0.PG is fetched through them) and share the
 * kernel's upper half. The code runs at whatever address it was copied
 * to, so smpboot.c fills in the absolute addresses marked "patched".
 */
#define TR(sym) ((sym) - trampoline_start)

	.section .rodata
	.balign 16
	.globl	trampoline_start
	.code16
trampoline_start:
	cli
	cld
	movw	%cs, %ax
	movw	%ax, %ds
	movzwl	%ax, %ebx
	shll	$4, %ebx		/* ebx = this page's physical address */
	lgdtl	TR(tr_gdt_desc)
	movl	%cr0, %eax
	orl	$1, %eax		/* PE */
	movl	%eax, %cr0
	ljmpl	*TR(tr_jump32)

	.code32
tr_start32:
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movl	%cr4, %eax
	orl	$(1 << 5), %eax		/* PAE */
	movl	%eax, %cr4
	movl	TR(tr_cr3)(%ebx), %eax
	movl	%eax, %cr3
	movl	$0xc0000080, %ecx	/* EFER: long mode, no-execute */
	rdmsr
	orl	$((1 << 8) | (1 << 11)), %eax
	wrmsr
	movl	%cr0, %eax
	orl	$((1 << 31) | (1 << 16)), %eax	/* PG, WP */
	movl	%eax, %cr0
	ljmpl	*TR(tr_jump64)(%ebx)

	.code64
tr_start64:
	movl	%ebx, %ebx		/* the upper half of rbx is undefined */
	movq	TR(tr_stack)(%rbx), %rsp
	xorl	%ebp, %ebp		/* ends the frame-pointer chain */
	callq	*TR(tr_entry)(%rbx)	/* does not return */
1:	cli
	hlt
	jmp	1b

	.balign 8
tr_gdt:
	.quad	0
	.quad	0x00cf9a000000ffff	/* 0x08: 32-bit code */
	.quad	0x00cf92000000ffff	/* 0x10: data */
	.quad	0x00af9a000000ffff	/* 0x18: 64-bit code */
tr_gdt_end:

	.globl	tr_gdt_desc, tr_jump32, tr_jump64, tr_cr3, tr_stack, tr_entry
	.globl	tr_gdt, tr_start32, tr_start64, trampoline_end
tr_gdt_desc:
	.short	tr_gdt_end - tr_gdt - 1
	.long	0			/* patched: address of tr_gdt */
tr_jump32:
	.long	0			/* patched: address of tr_start32 */
	.short	0x08
tr_jump64:
	.long	0			/* patched: address of tr_start64 */
	.short	0x18
	.balign 8
tr_cr3:
	.quad	0			/* the trampoline's page tables */
tr_stack:
	.quad	0			/* top of the AP's kernel stack */
tr_entry:
	.quad	0			/* the 64-bit C entry, start_secondary */
trampoline_end:

	.section .note.GNU-stack, "", @progbits
