/*
 * COM1, a 16550 UART, as the console: 115200 baud, 8N1; the FIFO as the
 * boot loader left it.
 * Output waits for room in the transmitter. Input is polled until
 * console_init_irq(); from then on the receive interrupt (ISA IRQ 4,
 * through the IOAPIC) moves bytes into a ring buffer and wakes readers.
 */
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <asm/processor.h>

#include "console.h"
#include "kernel/sched.h"
#include "printk.h"
#include "spinlock.h"
#include "wait.h"

#define COM1 0x3f8
#define UART_DATA 0
#define UART_IER 1	   /* interrupt enable */
#define UART_DLL 0	   /* divisor latch, low (with DLAB) */
#define UART_DLM 1	   /* divisor latch, high (with DLAB) */
#define UART_FCR 2	   /* FIFO control (write) */
#define UART_IIR 2	   /* interrupt identification (read) */
#define UART_LCR 3	   /* line control */
#define UART_MCR 4	   /* modem control */
#define UART_LSR 5	   /* line status */
#define UART_LSR_DR 0x01   /* data ready */
#define UART_LSR_THRE 0x20 /* transmitter holding register empty */
#define UART_LCR_DLAB 0x80
#define UART_LCR_8N1 0x03

#define UART_FCR_ENABLE 0x01
#define UART_FCR_TRIGGER_14 0xc0
#define UART_IIR_FIFO 0xc0 /* both set: the FIFO is on */

#define UART_IER_RDI 0x01 /* interrupt when received data is available */
#define COM1_IRQ 4

/*
 * Bytes typed ahead may already wait in the UART (QEMU hands it input as
 * soon as it has room, while GRUB still runs). Clearing the receive FIFO,
 * or switching the FIFO on or off (which clears it too), would drop them;
 * so leave the FIFO as the boot loader set it and only choose the 14-byte
 * interrupt threshold when it is on already. Without a FIFO the UART holds
 * one byte and the sender waits: slower, and nothing is lost.
 */
static void uart_keep_fifo(void)
{
	if ((inb(COM1 + UART_IIR) & UART_IIR_FIFO) == UART_IIR_FIFO)
		outb(COM1 + UART_FCR, UART_FCR_ENABLE | UART_FCR_TRIGGER_14);
}

void console_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, UART_LCR_DLAB);
	outb(COM1 + UART_DLL, 1); /* 115200 / 1 */
	outb(COM1 + UART_DLM, 0);
	outb(COM1 + UART_LCR, UART_LCR_8N1);
	uart_keep_fifo();
	outb(COM1 + UART_MCR, 0x0b); /* DTR, RTS, OUT2 (IRQ line) */
}

static void serial_putc(char c)
{
	while (!(inb(COM1 + UART_LSR) & UART_LSR_THRE))
		cpu_relax();
	outb(COM1 + UART_DATA, (u8)c);
}

void console_write(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			serial_putc('\r');
		serial_putc(s[i]);
	}
}

/*
 * Received bytes, between the interrupt handler and readers. When it is
 * full the handler turns the receive interrupt off and leaves the rest in
 * the UART, which holds off the sender (QEMU stops reading its input), so
 * nothing is lost; the reader turns it back on once there is room, and the
 * UART raises a fresh interrupt if data is waiting.
 */
#define SERIAL_RX_SIZE 1024 /* a power of two */
static struct {
	u8 buf[SERIAL_RX_SIZE];
	unsigned int head, tail; /* free-running; head - tail bytes held */
	bool throttled;		 /* receive interrupt off: buffer was full */
} rx;
static DEFINE_SPINLOCK(rx_lock);
static DECLARE_WAIT_QUEUE_HEAD(rx_wait);
static bool rx_irq_enabled;

static bool rx_full(void)
{
	return rx.head - rx.tail == SERIAL_RX_SIZE;
}

static void serial_interrupt(struct pt_regs *regs)
{
	(void)regs;
	spin_lock(&rx_lock);
	while (inb(COM1 + UART_LSR) & UART_LSR_DR) {
		if (rx_full()) {
			outb(COM1 + UART_IER, 0);
			rx.throttled = true;
			break;
		}
		rx.buf[rx.head++ % SERIAL_RX_SIZE] = inb(COM1 + UART_DATA);
	}
	spin_unlock(&rx_lock);
	wake_up(&rx_wait);
}

void console_init_irq(void)
{
	if (request_irq(ISA_IRQ_VECTOR(COM1_IRQ), serial_interrupt, "serial") ||
	    ioapic_route_isa_irq(COM1_IRQ, ISA_IRQ_VECTOR(COM1_IRQ))) {
		pr_warn("serial: no interrupt; input stays polled\n");
		return;
	}
	rx_irq_enabled = true;
	outb(COM1 + UART_IER, UART_IER_RDI);
	pr_info("serial: COM1 input by interrupt (IOAPIC pin %d, vector %#x)\n",
		COM1_IRQ, ISA_IRQ_VECTOR(COM1_IRQ));
}

int console_getc(void)
{
	unsigned long flags;
	int c = -1;

	if (!rx_irq_enabled) {
		if (!(inb(COM1 + UART_LSR) & UART_LSR_DR))
			return -1;
		return inb(COM1 + UART_DATA);
	}
	spin_lock_irqsave(&rx_lock, flags);
	if (rx.head != rx.tail)
		c = rx.buf[rx.tail++ % SERIAL_RX_SIZE];
	if (rx.throttled) {
		rx.throttled = false;
		outb(COM1 + UART_IER, UART_IER_RDI);
	}
	spin_unlock_irqrestore(&rx_lock, flags);
	return c;
}

int console_getc_wait(void)
{
	int c;

	if (!rx_irq_enabled || !scheduler_running) {
		while ((c = console_getc()) < 0)
			cpu_relax();
		return c;
	}
	wait_event(rx_wait, (c = console_getc()) >= 0);
	return c;
}
