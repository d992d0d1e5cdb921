/*
 * The host side of the arch interface for unit tests: printk to a buffer,
 * panic that a test can catch, TLB and CR3 operations that count and keep
 * a fake TLB, and simulated physical memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <asm/tlbflush.h>

#include "host.h"
#include "kernel/sched.h"
#include "ktime.h"
#include "lockdep.h"
#include "nmi.h"
#include "printk.h"
#include "seq_file.h"

unsigned long host_page_offset;
struct page *host_vmemmap;
unsigned long host_tlb_flush_one, host_tlb_flush_all, host_tlb_remote_flush;
struct flush_tlb_info host_tlb_remote_info;
void (*host_tlb_remote_hook)(void);
struct cpumask cpu_online_mask = { 1 };
phys_addr_t host_cr3;
unsigned int console_loglevel = LOGLEVEL_DEFAULT;
char host_panic_msg[512];
bool host_warnings_allowed;

static void *phys_mem;
static size_t phys_size, memmap_size;
static jmp_buf *panic_jmp;
static char log_buf[1 << 20];
static size_t log_len;

static void log_append(const char *s, size_t n)
{
	if (getenv("HOST_VERBOSE"))
		fwrite(s, 1, n, stderr);
	if (log_len + n >= sizeof(log_buf))
		log_len = 0; /* keep the newest output */
	memcpy(log_buf + log_len, s, n);
	log_len += n;
	log_buf[log_len] = '\0';
}

const char *host_log(void)
{
	return log_buf;
}

void host_log_clear(void)
{
	log_len = 0;
	log_buf[0] = '\0';
}

int printk(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	if (fmt[0] == KERN_SOH[0] && fmt[1])
		fmt += 2;
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	log_append(line, strlen(line));
	/* A broken rule (WARN, might_sleep, lockdep) fails the test, as it
	 * fails a QEMU boot; in a program built without cmocka (the fuzzers,
	 * the host bench) it ends the run. */
	if (!host_warnings_allowed && !strncmp(line, "WARNING:", 8)) {
#ifdef HOST_NO_CMOCKA
		fprintf(stderr, "kernel warning: %s", line);
		abort();
#else
		fail_msg("kernel warning: %s", line);
#endif
	}
	return n;
}

void dump_stack(void)
{
	log_append("(host: no backtrace)\n", 21);
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(host_panic_msg, sizeof(host_panic_msg), fmt, ap);
	va_end(ap);
	if (panic_jmp)
		longjmp(*panic_jmp, 1);
	fprintf(stderr, "Kernel panic - not syncing: %s\n", host_panic_msg);
	abort();
}

bool host_catch_panic(void (*fn)(void *), void *arg)
{
	jmp_buf env, *saved = panic_jmp;
	bool panicked = false;

	host_panic_msg[0] = '\0';
	panic_jmp = &env;
	if (setjmp(env) == 0)
		fn(arg);
	else
		panicked = true;
	panic_jmp = saved;
	return panicked;
}

static void console_write(struct seq_file *m, const char *s, size_t len)
{
	(void)m;
	log_append(s, len);
}

void seq_console_init(struct seq_file *m)
{
	*m = (struct seq_file){ .write = console_write };
}

/*
 * The fake TLB: translations a test has declared cached (host_tlb_fill(),
 * as a CPU access would cache them), kept until a flush drops them. A
 * migration that forgets a flush leaves the old frame's translation here.
 */
#define HOST_TLB_ENTRIES 64

static struct {
	unsigned long va, pfn;
} host_tlb[HOST_TLB_ENTRIES];
static unsigned int host_tlb_nr;

void host_tlb_fill(unsigned long va, unsigned long pfn)
{
	va &= PAGE_MASK;
	for (unsigned int i = 0; i < host_tlb_nr; i++)
		if (host_tlb[i].va == va) {
			host_tlb[i].pfn = pfn;
			return;
		}
	if (host_tlb_nr == HOST_TLB_ENTRIES) {
		fprintf(stderr, "host_tlb_fill: the fake TLB is full\n");
		abort();
	}
	host_tlb[host_tlb_nr].va = va;
	host_tlb[host_tlb_nr++].pfn = pfn;
}

bool host_tlb_lookup(unsigned long va, unsigned long *pfn)
{
	va &= PAGE_MASK;
	for (unsigned int i = 0; i < host_tlb_nr; i++)
		if (host_tlb[i].va == va) {
			*pfn = host_tlb[i].pfn;
			return true;
		}
	return false;
}

static void host_tlb_flush(void)
{
	host_tlb_nr = 0;
}

void flush_tlb_one(unsigned long va)
{
	va &= PAGE_MASK;
	for (unsigned int i = 0; i < host_tlb_nr; i++)
		if (host_tlb[i].va == va)
			host_tlb[i--] = host_tlb[--host_tlb_nr];
	host_tlb_flush_one++;
}

void flush_tlb_local(void)
{
	host_tlb_flush();
	host_tlb_flush_all++;
}

void flush_tlb_all(void)
{
	host_tlb_flush();
	host_tlb_flush_all++;
}

/* One CPU: only a test's made-up bit in an mm_cpumask names another. */
void flush_tlb_multi(const struct cpumask *cpus,
		     const struct flush_tlb_info *info)
{
	if (!(cpus->bits & ~1UL))
		return;
	host_tlb_remote_flush++;
	host_tlb_remote_info = *info;
	if (host_tlb_remote_hook)
		host_tlb_remote_hook();
}

phys_addr_t read_cr3(void)
{
	return host_cr3;
}

void write_cr3(phys_addr_t pa)
{
	host_cr3 = pa;
	host_tlb_flush();
	host_tlb_flush_all++;
}

/* One thread on the host: nothing else could run, no thread starts, and
 * time stands still. The locking rule is checked all the same. */
void cond_resched(void)
{
	might_sleep();
}

struct task *kthread_run(int (*fn)(void *), void *data, const char *name)
{
	(void)fn;
	(void)data;
	(void)name;
	return NULL;
}

/* The one thread: compaction keeps its capture_control in it. */
static struct task host_task;
struct task *cpu_curr[NR_CPUS] = { &host_task };

volatile unsigned long jiffies;
unsigned long tsc_khz = 1000000; /* a nominal 1 GHz: spin-lockup reports */

u64 get_cycles(void)
{
	return __builtin_ia32_rdtsc();
}

/* One thread plays every CPU: there is no other to ask for a backtrace. */
bool trigger_single_cpu_backtrace(int cpu)
{
	(void)cpu;
	return false;
}

unsigned int tick_hz = 100;

void vmemmap_populate(unsigned long start_pfn, unsigned long end_pfn)
{
	/* host_vmemmap covers all of simulated memory already. */
	(void)start_pfn;
	(void)end_pfn;
}

void host_mem_free(void)
{
	if (phys_mem)
		munmap(phys_mem, phys_size);
	if (host_vmemmap)
		munmap(host_vmemmap, memmap_size);
	phys_mem = NULL;
	host_vmemmap = NULL;
}

void host_mem_init(u64 bytes)
{
	const int prot = PROT_READ | PROT_WRITE;
	const int flags = MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE;

	host_mem_free();
	phys_size = bytes;
	memmap_size = (bytes >> PAGE_SHIFT) * sizeof(struct page);
	phys_mem = mmap(NULL, phys_size, prot, flags, -1, 0);
	host_vmemmap = mmap(NULL, memmap_size, prot, flags, -1, 0);
	if (phys_mem == MAP_FAILED || host_vmemmap == MAP_FAILED) {
		fprintf(stderr, "host_mem_init: mmap of %llu bytes failed\n",
			(unsigned long long)bytes);
		abort();
	}
	host_page_offset = (unsigned long)phys_mem;
	memset(&contig_page_data, 0, sizeof(contig_page_data));
}

void host_boot(const struct memmap_entry *map, unsigned int n)
{
	static struct memblock_region ranges[MEMBLOCK_MAX_REGIONS];
	unsigned int cnt;

	memblock_init();
	cnt = memmap_sanitize(map, n, ranges, MEMBLOCK_MAX_REGIONS, NULL);
	for (unsigned int i = 0; i < cnt; i++)
		memblock_add(ranges[i].base, ranges[i].size);
	memblock_reserve(0, 1 << 20);
	mm_check_minimum_memory();
	free_area_init();
	memblock_free_all();
}

void host_boot_simple(unsigned long mib)
{
	const struct memmap_entry map[] = {
		{ 0, 0x9fc00, MEMMAP_USABLE },
		{ 0x9fc00, 0x400, MEMMAP_RESERVED },
		{ 0xf0000, 0x10000, MEMMAP_RESERVED },
		{ 0x100000, (mib << 20) - 0x100000, MEMMAP_USABLE },
	};

	host_mem_init((u64)mib << 20);
	host_boot(map, 4);
}

void host_boot_all_zones(unsigned long dma32_mib)
{
	const struct memmap_entry map[] = {
		{ 0, 0x9fc00, MEMMAP_USABLE },
		{ 0x100000, (dma32_mib - 1) << 20, MEMMAP_USABLE },
		{ 4ULL << 30, 16 << 20, MEMMAP_USABLE },
	};

	movablecore_bytes = 8 << 20;
	host_mem_init((4ULL << 30) + (16 << 20));
	host_boot(map, ARRAY_SIZE(map));
	movablecore_bytes = 0;
}
