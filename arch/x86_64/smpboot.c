/*
 * Bringing up the application processors (APs), after Linux's
 * arch/x86/kernel/smpboot.c and xv6's startothers().
 *
 * The boot CPU (BSP) starts the CPUs the MADT lists one at a time. For
 * each it allocates a kernel stack (the AP's idle thread runs on it) and
 * IST stacks, points the trampoline (trampoline.S, copied below 1 MiB) at
 * them, and sends INIT, then STARTUP twice (Intel's MP specification;
 * a CPU already started ignores the second). The AP climbs to long mode in
 * the trampoline and lands in start_secondary(), which loads its own
 * GDT, TSS and GS base, the kernel's page tables and the IDT, enables its
 * local APIC and calibrates its timer against the TSC.
 *
 * Then a handshake decides whether it joins: the AP moves the request from
 * WAITING to STARTED, or the BSP, after a second without an answer, moves
 * it to ABANDONED and sends INIT again. Exactly one of them wins, so a
 * late AP never joins behind the BSP's back: it halts. Only after winning
 * does the AP touch shared state (the task table, the online mask). A CPU
 * left out keeps its stacks (it may still be running on them); its
 * number goes to the next CPU, so the online CPUs stay 0..N-1.
 */
#include <asm/apic.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/tlbflush.h>

#include "kerrno.h"
#include "kernel/sched.h"
#include "ktime.h"
#include "lib.h"
#include "printk.h"
#include "smp.h"
#include "mm/memblock.h"
#include "mm/pgtable.h"
#include "mm/vmalloc.h"
#include "arch/x86_64/acpi.h"
#include "arch/x86_64/bootinfo.h"
#include "arch/x86_64/cpu.h"

/* Code and data, then a PML4, a PDPT and a PD that map its first 2 MiB. */
#define TRAMPOLINE_PAGES 4
#define AP_START_TIMEOUT_MS 1000

extern const char trampoline_start[], trampoline_end[], tr_gdt[], tr_gdt_desc[],
	tr_jump32[], tr_jump64[], tr_start32[], tr_start64[], tr_cr3[],
	tr_stack[], tr_entry[];

u8 x86_cpu_to_apicid[NR_CPUS];
static phys_addr_t trampoline_pa;

enum ap_state { AP_WAITING, AP_STARTED, AP_ABANDONED };

/* The one CPU being started: what the BSP hands it, and the handshake. */
static struct {
	int cpu;
	void *stack; /* its idle thread's stack (THREAD_SIZE) */
	void *ist;   /* its IST stacks */
	unsigned long cr4;
	unsigned long timer_khz; /* its APIC timer, as it measured it */
	int state;		 /* enum ap_state */
} smpboot;

/*
 * memblock keeps the whole first MiB reserved, so nothing else allocates
 * there: take the highest pages below 1 MiB that the memory map calls
 * RAM and that do not hold the boot information (page 0 is never used).
 */
void reserve_real_mode(void)
{
	phys_addr_t size = TRAMPOLINE_PAGES * PAGE_SIZE;

	for (phys_addr_t pa = (1UL << 20) - size; pa >= PAGE_SIZE;
	     pa -= PAGE_SIZE) {
		if (memblock_is_region_memory(pa, size) &&
		    (pa + size <= boot_info.mbi_start ||
		     pa >= boot_info.mbi_end)) {
			trampoline_pa = pa;
			pr_info("smpboot: AP trampoline at %#llx\n",
				(unsigned long long)pa);
			return;
		}
	}
	pr_warn("smpboot: no free memory below 1 MiB for the AP trampoline\n");
}

/* @sym's offset in trampoline.S (through uintptr_t: to the compiler
 * the symbols are different objects). */
static uintptr_t tr_offset(const char *sym)
{
	return (uintptr_t)sym - (uintptr_t)trampoline_start;
}

/* Where @sym lies in the copy. */
static void *tr_field(const char *sym)
{
	return (char *)__va(trampoline_pa) + tr_offset(sym);
}

static u32 tr_phys(const char *sym)
{
	return (u32)(trampoline_pa + tr_offset(sym));
}

/*
 * The trampoline's page tables: this page at its own address (one 2 MiB
 * page at 0), and the kernel's upper half, shared with init_pgd.
 */
static void setup_trampoline_pgtable(void)
{
	pteval_t *pml4 = (pteval_t *)__va(trampoline_pa + PAGE_SIZE);
	pteval_t *pdpt = pml4 + PTRS_PER_TABLE, *pd = pdpt + PTRS_PER_TABLE;

	memset(pml4, 0, 3 * PAGE_SIZE);
	pml4[0] = (trampoline_pa + 2 * PAGE_SIZE) | _PAGE_PRESENT | _PAGE_RW;
	pdpt[0] = (trampoline_pa + 3 * PAGE_SIZE) | _PAGE_PRESENT | _PAGE_RW;
	pd[0] = _PAGE_PRESENT | _PAGE_RW | _PAGE_PSE;
	for (int i = PTRS_PER_TABLE / 2; i < PTRS_PER_TABLE; i++)
		pml4[i] = init_pgd[i];
}

static void __noreturn start_secondary(void);

static void setup_trampoline(void)
{
	u64 cr3 = trampoline_pa + PAGE_SIZE,
	    stack = (u64)smpboot.stack + THREAD_SIZE,
	    entry = (u64)start_secondary;
	u32 gdt = tr_phys(tr_gdt), start32 = tr_phys(tr_start32),
	    start64 = tr_phys(tr_start64);

	memcpy(__va(trampoline_pa), trampoline_start,
	       tr_offset(trampoline_end));
	memcpy((char *)tr_field(tr_gdt_desc) + 2, &gdt, 4);
	memcpy(tr_field(tr_jump32), &start32, 4);
	memcpy(tr_field(tr_jump64), &start64, 4);
	memcpy(tr_field(tr_cr3), &cr3, 8);
	memcpy(tr_field(tr_stack), &stack, 8);
	memcpy(tr_field(tr_entry), &entry, 8);
	setup_trampoline_pgtable();
}

/* Join if the BSP has not given up on us; otherwise stop for good. */
static bool ap_claim_start(void)
{
	int expected = AP_WAITING;

	return __atomic_compare_exchange_n(&smpboot.state, &expected,
					   AP_STARTED, false, __ATOMIC_ACQ_REL,
					   __ATOMIC_ACQUIRE);
}

/* The AP's first C code, on its idle stack, with the trampoline's CR3. */
static void __noreturn start_secondary(void)
{
	unsigned long khz;

	cpu_init(smpboot.cpu, smpboot.ist); /* first: per-CPU data */
	write_cr3(__pa(init_pgd));
	write_cr4(smpboot.cr4);
	idt_load();
	setup_local_APIC();
	khz = lapic_timer_calibrate_tsc();
	if (!ap_claim_start())
		cpu_halt_forever();
	sched_init_secondary(smpboot.stack);
	lapic_timer_start_tick(HZ, khz);
	smpboot.timer_khz = khz;
	set_cpu_online(smp_processor_id());
	cpu_idle();
}

/* INIT, 10 ms, STARTUP, 200 us, STARTUP: Intel's sequence. */
static void wakeup_secondary_cpu_via_init(unsigned int apic_id)
{
	unsigned long flags;

	local_irq_save(flags);
	apic_send_INIT(apic_id);
	udelay(10000);
	apic_send_SIPI(apic_id, trampoline_pa);
	udelay(200);
	apic_send_SIPI(apic_id, trampoline_pa);
	local_irq_restore(flags);
}

/* Wait for the AP's claim; give up after AP_START_TIMEOUT_MS. */
static bool wait_for_ap(void)
{
	u64 start = get_cycles(), limit = (u64)tsc_khz * AP_START_TIMEOUT_MS;
	int expected = AP_WAITING;

	while (get_cycles() - start < limit)
		if (__atomic_load_n(&smpboot.state, __ATOMIC_ACQUIRE) !=
		    AP_WAITING)
			return true;
	return !__atomic_compare_exchange_n(&smpboot.state, &expected,
					    AP_ABANDONED, false,
					    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE);
}

/* Start the CPU with @apic_id as CPU @cpu. Return: 0, or an error. */
static int do_boot_cpu(int cpu, u8 apic_id)
{
	smpboot = (typeof(smpboot)){ .cpu = cpu, .cr4 = read_cr4() };
	smpboot.stack = vmalloc_stack(THREAD_SIZE);
	smpboot.ist = vmalloc(IST_COUNT * IST_STACK_SIZE);
	if (!smpboot.stack || !smpboot.ist) {
		vfree(smpboot.stack);
		vfree(smpboot.ist);
		return -ENOMEM;
	}
	x86_cpu_to_apicid[cpu] = apic_id;
	setup_trampoline();
	wakeup_secondary_cpu_via_init(apic_id);
	if (!wait_for_ap()) {
		apic_send_INIT(apic_id);
		return -ETIMEDOUT;
	}
	/* Won: the AP's last steps need no hardware; it will get there. */
	while (!cpumask_test_cpu(cpu, &cpu_online_mask))
		cpu_relax();
	pr_info("smpboot: CPU %d (APIC id %u) online, lapic timer %lu.%03lu MHz\n",
		cpu, apic_id, smpboot.timer_khz / 1000,
		smpboot.timer_khz % 1000);
	return 0;
}

void smp_boot_cpus(void)
{
	unsigned int boot_apic_id = lapic_id();
	int cpu = 1;

	x86_cpu_to_apicid[0] = (u8)boot_apic_id;
	if (madt.nr_lapics > 1 && !trampoline_pa) {
		pr_warn("smpboot: fallback: the boot CPU alone (no trampoline)\n");
		return;
	}
	for (unsigned int i = 0; i < madt.nr_lapics; i++) {
		u8 id = madt.lapic_ids[i];
		int err;

		if (id == boot_apic_id)
			continue;
		if (cpu == NR_CPUS)
			break; /* the boot CPU was not in the list */
		err = do_boot_cpu(cpu, id);
		if (err)
			pr_err("smpboot: CPU with APIC id %u did not start (error %d): left out\n",
			       id, err);
		else
			cpu++;
	}
	pr_info("smp: brought up %d CPU%s of %u the MADT lists\n",
		num_online_cpus(), num_online_cpus() > 1 ? "s" : "",
		madt.nr_lapics);
}

void arch_send_ipi(int cpu, unsigned int vector)
{
	apic_send_IPI(x86_cpu_to_apicid[cpu], vector);
}
