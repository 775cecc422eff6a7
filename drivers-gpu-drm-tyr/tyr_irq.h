/* SPDX-License-Identifier: GPL-2.0 or MIT */
#ifndef __TYR_IRQ_H__
#define __TYR_IRQ_H__

#include <linux/interrupt.h>
#include <linux/types.h>

struct tyr_device;

/**
 * enum tyr_irq_block - The GPU's interrupt outputs
 * @TYR_IRQ_JOB: Command stream frontend ("job" in the device tree).
 * @TYR_IRQ_MMU: Address-space faults ("mmu").
 * @TYR_IRQ_GPU: GPU control: resets, power, caches, faults ("gpu").
 * @TYR_IRQ_BLOCK_COUNT: Number of interrupt blocks.
 */
enum tyr_irq_block {
	TYR_IRQ_JOB,
	TYR_IRQ_MMU,
	TYR_IRQ_GPU,
	TYR_IRQ_BLOCK_COUNT,
};

/**
 * typedef tyr_irq_handler_t - Consumer of the events of an interrupt block
 * @tdev: The device.
 * @events: Events (bits of RAWSTAT & MASK) that were pending and are now
 * cleared in the block.
 *
 * Called in process context (the interrupt thread); may sleep.
 */
typedef void (*tyr_irq_handler_t)(struct tyr_device *tdev, u32 events);

/**
 * struct tyr_irq - One interrupt block of the GPU
 */
struct tyr_irq {
	/** @tdev: The device the block belongs to. */
	struct tyr_device *tdev;

	/** @block: Which block this is. */
	enum tyr_irq_block block;

	/** @base: Offset of the block's RAWSTAT register. */
	u32 base;

	/** @events: Events the driver wants to hear about (the MASK value). */
	u32 events;

	/** @handler: Where the events go. */
	tyr_irq_handler_t handler;

	/**
	 * @suspended: The block is masked for a suspend or teardown: the
	 * handlers must not touch the GPU, which may be unpowered.
	 */
	bool suspended;
};

const char *tyr_irq_block_name(enum tyr_irq_block block);
int tyr_irq_setup(struct tyr_device *tdev, enum tyr_irq_block block,
		  u32 events, tyr_irq_handler_t handler);
void tyr_irq_set_events(struct tyr_irq *irq, u32 events);
void tyr_irq_restore(struct tyr_irq *irq);
void tyr_irq_quiesce(struct tyr_irq *irq);
void tyr_irq_synchronize(struct tyr_irq *irq);

irqreturn_t tyr_irq_primary(int line, void *data);
irqreturn_t tyr_irq_threaded(int line, void *data);

#endif /* __TYR_IRQ_H__ */
