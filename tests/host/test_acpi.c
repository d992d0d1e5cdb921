/*
 * Host tests of the ACPI MADT parser (arch/x86_64/acpi_madt.c): RSDPs,
 * XSDTs, RSDTs and MADTs crafted byte by byte in a fake firmware area,
 * parsed through the same struct acpi_table_access the kernel fills with
 * ioremap(). Each bad table must be reported and end in the named
 * fallback; each mapping must be given back.
 */
#include <string.h>

#include "host.h"
#include "lib.h"
#include "arch/x86_64/acpi.h"

#define FW_BASE 0xe0000UL /* where the fake tables "are" */
#define FW_SIZE 16384
#define BOOT_APIC_ID 7
#define IOAPIC_ADDR 0xfec00000U
#define ACPI_HEADER_SIZE 36
#define FALLBACK_MSG                                                        \
	"ACPI: fallback: the boot CPU alone, IOAPIC assumed at 0xfec00000 " \
	"with ISA IRQ n on pin n"

static u8 fw[FW_SIZE] __attribute__((aligned(16)));
static u32 fw_len, table_start;
static int mapped; /* mappings not given back */
static u8 rsdp[36];
static struct madt_info info;

/* --- the fake firmware area and its access ------------------------------ */

static const void *fw_map(phys_addr_t pa, u32 len)
{
	if (pa < FW_BASE || pa + len > FW_BASE + FW_SIZE)
		return NULL;
	mapped++;
	return fw + (pa - FW_BASE);
}

static void fw_unmap(const void *p)
{
	assert_true((const u8 *)p >= fw && (const u8 *)p < fw + FW_SIZE);
	mapped--;
}

static const struct acpi_table_access fw_access = {
	.map = fw_map,
	.unmap = fw_unmap,
};

static int setup(void **state)
{
	(void)state;
	memset(fw, 0, sizeof(fw));
	memset(rsdp, 0, sizeof(rsdp));
	fw_len = 0;
	mapped = 0;
	host_log_clear();
	return 0;
}

/* --- building tables ------------------------------------------------------ */

static void put(const void *p, u32 n)
{
	assert_true(fw_len + n <= FW_SIZE);
	memcpy(fw + fw_len, p, n);
	fw_len += n;
}

static void put8(u8 v)
{
	put(&v, 1);
}

static void put16(u16 v)
{
	put(&v, 2);
}

static void put32(u32 v)
{
	put(&v, 4);
}

static void put64(u64 v)
{
	put(&v, 8);
}

static u8 sum(const u8 *p, u32 n)
{
	u8 s = 0;

	while (n--)
		s += *p++;
	return s;
}

/* Start a table with signature @sig; its header is filled by table_end(). */
static void table_begin(const char *sig)
{
	fw_len = ALIGN(fw_len, 16);
	table_start = fw_len;
	put(sig, 4);
	fw_len += ACPI_HEADER_SIZE - 4;
}

/* Set the table's length and checksum; return its physical address. */
static phys_addr_t table_end(void)
{
	u32 len = fw_len - table_start;

	memcpy(fw + table_start + 4, &len, 4);
	fw[table_start + 9] = 0;
	fw[table_start + 9] = (u8)-sum(fw + table_start, len);
	return FW_BASE + table_start;
}

static void madt_begin(void)
{
	table_begin("APIC");
	put32(0xfee00000); /* local APIC address */
	put32(1);	   /* PCAT_COMPAT */
}

static void lapic(u8 apic_id, u32 flags)
{
	put8(0), put8(8), put8(apic_id), put8(apic_id), put32(flags);
}

static void x2apic(u32 id, u32 flags)
{
	put8(9), put8(16), put16(0), put32(id), put32(flags), put32(id);
}

static void ioapic(u8 id, u32 addr, u32 gsi_base)
{
	put8(1), put8(12), put8(id), put8(0), put32(addr), put32(gsi_base);
}

static void override(u8 irq, u32 gsi, u16 flags)
{
	put8(2), put8(10), put8(0), put8(irq), put32(gsi), put16(flags);
}

/* An XSDT (@xsdt) or RSDT listing the @n tables at @pa. */
static phys_addr_t root_table(bool xsdt, const phys_addr_t *pa, int n)
{
	table_begin(xsdt ? "XSDT" : "RSDT");
	for (int i = 0; i < n; i++)
		if (xsdt)
			put64(pa[i]);
		else
			put32((u32)pa[i]);
	return table_end();
}

/* An ACPI 2 RSDP (revision 2, with the XSDT) or an ACPI 1 one. */
static void make_rsdp(int revision, phys_addr_t root)
{
	u32 len = sizeof(rsdp);

	memcpy(rsdp, "RSD PTR ", 8);
	memcpy(rsdp + 9, "CRAFT ", 6);
	rsdp[15] = (u8)revision;
	if (revision >= 2) {
		memcpy(rsdp + 20, &len, 4);
		memcpy(rsdp + 24, &root, 8);
	} else {
		memcpy(rsdp + 16, &root, 4);
	}
	rsdp[8] = (u8)-sum(rsdp, 20);
	rsdp[32] = (u8)-sum(rsdp, 36);
}

/* An RSDP and XSDT that list the MADT at @madt_pa, and a FACP before it. */
static void point_at(phys_addr_t madt_pa)
{
	phys_addr_t tables[2];

	table_begin("FACP");
	tables[0] = table_end();
	tables[1] = madt_pa;
	make_rsdp(2, root_table(true, tables, 2));
}

/* The MADT of a PC with four CPUs, one more disabled, and two overrides. */
static phys_addr_t pc_madt(void)
{
	madt_begin();
	for (u8 id = 0; id < 4; id++)
		lapic(id, 1);
	lapic(4, 0); /* present, disabled */
	ioapic(0, IOAPIC_ADDR, 0);
	override(0, 2, 0);
	override(9, 9, 0xd); /* level, active high: ACPI's SCI */
	return table_end();
}

static bool parse(void)
{
	bool ok = acpi_parse_madt(&info, rsdp, sizeof(rsdp), &fw_access,
				  BOOT_APIC_ID);

	assert_int_equal(mapped, 0);
	return ok;
}

static void assert_logged(const char *what)
{
	if (!strstr(host_log(), what))
		fail_msg("\"%s\" not in the log:\n%s", what, host_log());
}

static void assert_fallback(void)
{
	assert_false(info.from_acpi);
	assert_int_equal(info.nr_lapics, 1);
	assert_int_equal(info.lapic_ids[0], BOOT_APIC_ID);
	assert_int_equal(info.ioapic_addr, IOAPIC_ADDR);
	assert_int_equal(info.ioapic_gsi_base, 0);
	for (unsigned int irq = 0; irq < NR_ISA_IRQS; irq++) {
		assert_int_equal(info.isa_irq_gsi[irq], irq);
		assert_int_equal(info.isa_irq_flags[irq], 0);
	}
	assert_logged(FALLBACK_MSG);
}

/* --- tables that are right -------------------------------------------------- */

static void assert_pc(void)
{
	assert_true(info.from_acpi);
	assert_int_equal(info.nr_lapics, 4);
	for (u8 i = 0; i < 4; i++)
		assert_int_equal(info.lapic_ids[i], i);
	assert_int_equal(info.ioapic_addr, IOAPIC_ADDR);
	assert_int_equal(info.ioapic_gsi_base, 0);
	assert_int_equal(info.isa_irq_gsi[0], 2);
	assert_int_equal(info.isa_irq_gsi[9], 9);
	assert_int_equal(info.isa_irq_flags[9], 0xd);
	assert_int_equal(info.isa_irq_gsi[1], 1);
	assert_int_equal(info.isa_irq_flags[1], 0);
	assert_null(strstr(host_log(), "fallback"));
}

static void test_xsdt_madt(void **state)
{
	(void)state;
	point_at(pc_madt());
	assert_true(parse());
	assert_pc();
}

static void test_acpi1_rsdt_madt(void **state)
{
	phys_addr_t madt = pc_madt();

	(void)state;
	make_rsdp(0, root_table(false, &madt, 1));
	assert_true(parse());
	assert_pc();
	assert_logged("RSDT at 0x");
}

/* x2APIC entries: taken if an xAPIC can address them, once per ID. */
static void test_x2apic_entries(void **state)
{
	(void)state;
	madt_begin();
	lapic(0, 1);
	lapic(1, 1);
	x2apic(1, 1); /* the same CPU again */
	x2apic(2, 1);
	x2apic(3, 0);	/* disabled */
	x2apic(300, 1); /* beyond xAPIC's IDs */
	ioapic(0, IOAPIC_ADDR, 0);
	point_at(table_end());
	assert_true(parse());
	assert_int_equal(info.nr_lapics, 3);
	assert_int_equal(info.lapic_ids[2], 2);
	assert_int_equal(info.x2apic_unreachable, 1);
	assert_logged("1 CPUs with an x2APIC ID above 254 left out");
}

static void test_more_cpus_than_nr_cpus(void **state)
{
	(void)state;
	madt_begin();
	for (u8 id = 0; id < NR_CPUS + 2; id++)
		lapic(id, 1);
	ioapic(0, IOAPIC_ADDR, 0);
	point_at(table_end());
	assert_true(parse());
	assert_int_equal(info.nr_lapics, NR_CPUS);
	assert_int_equal(info.lapics_left, 2);
	assert_logged("2 more CPUs beyond NR_CPUS");
}

/* The IOAPIC of GSI 0 serves the ISA IRQs, wherever it is listed. */
static void test_ioapic_of_gsi_0(void **state)
{
	(void)state;
	madt_begin();
	lapic(0, 1);
	ioapic(1, 0xfec01000, 24);
	ioapic(0, IOAPIC_ADDR, 0);
	ioapic(2, 0xfec02000, 48);
	point_at(table_end());
	assert_true(parse());
	assert_int_equal(info.ioapic_addr, IOAPIC_ADDR);
	assert_int_equal(info.ioapic_gsi_base, 0);
	assert_logged("IOAPIC id 2 at 0xfec02000 (GSI base 48) not used");
}

/* --- tables that are wrong: each ends in the fallback ------------------- */

static void test_entry_past_the_end(void **state)
{
	(void)state;
	madt_begin();
	lapic(0, 1);
	ioapic(0, IOAPIC_ADDR, 0);
	put8(0), put8(20), put8(1), put8(1); /* says 20 bytes, has 4 */
	point_at(table_end());
	assert_false(parse());
	assert_logged("MADT entry of type 0 at offset 64 has a bad length 20");
	assert_fallback();
}

static void test_madt_too_short(void **state)
{
	(void)state;
	table_begin("APIC"); /* the header alone: no local APIC address */
	point_at(table_end());
	assert_false(parse());
	assert_logged("the MADT is too short (36 bytes)");
	assert_fallback();
}

/* A MADT whose length runs past the end of the firmware's memory. */
static void test_madt_cut_short(void **state)
{
	phys_addr_t madt = pc_madt();
	u32 len = FW_SIZE - (u32)(madt - FW_BASE) + 16;

	(void)state;
	memcpy(fw + (madt - FW_BASE) + 4, &len, 4);
	point_at(madt);
	assert_false(parse());
	assert_logged("no valid MADT among the 2 tables");
	assert_fallback();
}

static void test_bad_checksum(void **state)
{
	phys_addr_t madt = pc_madt();

	(void)state;
	fw[madt - FW_BASE + ACPI_HEADER_SIZE + 8 + 3] ^= 1; /* an APIC ID */
	point_at(madt);
	assert_false(parse());
	assert_logged("table APIC at 0xe");
	assert_logged("has a bad checksum");
	assert_fallback();
}

static void test_no_madt(void **state)
{
	phys_addr_t facp;

	(void)state;
	table_begin("FACP");
	facp = table_end();
	make_rsdp(2, root_table(true, &facp, 1));
	assert_false(parse());
	assert_logged("no valid MADT among the 1 tables");
	assert_fallback();
}

static void test_madt_without_ioapic(void **state)
{
	(void)state;
	madt_begin();
	lapic(0, 1);
	point_at(table_end());
	assert_false(parse());
	assert_logged("the MADT is unusable");
	assert_fallback();
}

static void test_no_rsdp(void **state)
{
	(void)state;
	assert_false(acpi_parse_madt(&info, NULL, 0, &fw_access, BOOT_APIC_ID));
	assert_logged("the boot loader passed no RSDP");
	assert_fallback();
}

static void test_bad_rsdp(void **state)
{
	(void)state;
	point_at(pc_madt());
	rsdp[8] ^= 0xff;
	assert_false(parse());
	assert_logged("the RSDP is bad");
	assert_fallback();
}

/* A bad XSDT: the RSDP's ACPI 1 RSDT is not tried instead (as before). */
static void test_bad_xsdt(void **state)
{
	phys_addr_t madt = pc_madt(), xsdt = root_table(true, &madt, 1);

	(void)state;
	fw[xsdt - FW_BASE + ACPI_HEADER_SIZE] ^= 1;
	make_rsdp(2, xsdt);
	assert_false(parse());
	assert_logged("no valid XSDT at 0xe");
	assert_fallback();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_xsdt_madt, setup),
		cmocka_unit_test_setup(test_acpi1_rsdt_madt, setup),
		cmocka_unit_test_setup(test_x2apic_entries, setup),
		cmocka_unit_test_setup(test_more_cpus_than_nr_cpus, setup),
		cmocka_unit_test_setup(test_ioapic_of_gsi_0, setup),
		cmocka_unit_test_setup(test_entry_past_the_end, setup),
		cmocka_unit_test_setup(test_madt_too_short, setup),
		cmocka_unit_test_setup(test_madt_cut_short, setup),
		cmocka_unit_test_setup(test_bad_checksum, setup),
		cmocka_unit_test_setup(test_no_madt, setup),
		cmocka_unit_test_setup(test_madt_without_ioapic, setup),
		cmocka_unit_test_setup(test_no_rsdp, setup),
		cmocka_unit_test_setup(test_bad_rsdp, setup),
		cmocka_unit_test_setup(test_bad_xsdt, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
