/*
 * The local APIC (apic.c), the IOAPIC and the legacy 8259 PICs (ioapic.c).
 * Both APICs are reached through uncached mappings made by ioremap().
 */
#ifndef _ASM_APIC_H
#define _ASM_APIC_H

#include "types.h"

/* The APIC timer counts down at its input clock divided by this. */
#define APIC_TIMER_DIVIDE 16

/* The boot CPU's APIC timer input clock, from calibration (tsc.c). */
extern unsigned long lapic_timer_khz;

/* Boot CPU: map the local APIC, install the timer's and the error
 * vector's handlers, and set it up (setup_local_APIC()). */
void lapic_init(void);
/* Enable this CPU's local APIC: spurious vector, error vector, LINT0 and
 * the timer masked. Every CPU runs it; lapic_init() must have run. */
void setup_local_APIC(void);
/* Acknowledge the interrupt being handled (not for the spurious vector). */
void lapic_eoi(void);
/* This CPU's APIC ID, the destination IOAPIC entries name. */
unsigned int lapic_id(void);

/* Start the timer counting down from @count once, without interrupting. */
void lapic_timer_oneshot(u32 count);
/* The timer's current count. */
u32 lapic_timer_count(void);
/* Interrupt on LOCAL_TIMER_VECTOR @hz times a second, calling
 * tick_handle_periodic(); @khz is this CPU's timer input clock. */
void lapic_timer_start_tick(unsigned int hz, unsigned long khz);
/* This CPU's APIC timer input clock in kHz, measured against the TSC
 * (tsc_khz must be known): how the other CPUs calibrate theirs (tsc.c). */
unsigned long lapic_timer_calibrate_tsc(void);

/* Send @vector to the CPU whose APIC ID is @apic_id (fixed delivery). */
void apic_send_IPI(unsigned int apic_id, unsigned int vector);
/* A non-maskable interrupt to @apic_id: taken even with interrupts off. */
void apic_send_NMI(unsigned int apic_id);
/* INIT and STARTUP IPIs for smpboot.c; interrupts off. The STARTUP IPI
 * starts the CPU in real mode at @start (4 KiB-aligned, below 1 MiB). */
void apic_send_INIT(unsigned int apic_id);
void apic_send_SIPI(unsigned int apic_id, phys_addr_t start);

/* Remap both 8259s to PIC_VECTOR_BASE and mask every line. */
void legacy_pic_disable(void);
/* Map the IOAPIC and mask every pin. */
void ioapic_init(void);

/**
 * ioapic_route_isa_irq - deliver ISA interrupt @irq to this CPU
 * @irq: ISA IRQ number (0..15)
 * @vector: the vector it arrives on
 *
 * On the pin of the IRQ's GSI, with the polarity and trigger mode the
 * MADT's overrides give (edge, active high if none).
 * Return: 0, or -EINVAL if the IOAPIC has no such pin.
 */
int ioapic_route_isa_irq(unsigned int irq, unsigned int vector);

#endif
