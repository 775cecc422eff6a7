// SPDX-License-Identifier: GPL-2.0 or MIT
/**
 * DOC: Interrupt blocks
 *
 * The three interrupt blocks of a Mali CSF GPU share one contract: RAWSTAT
 * latches events, CLEAR (write one) drops them, MASK selects the events that
 * assert the line and STAT reads RAWSTAT & MASK. The line stays asserted as
 * long as STAT is not zero, so the threaded handler drains STAT until it
 * reads zero; the primary handler only claims the interrupt.
 */

#include <linux/device.h>

#include "tyr_device.h"
#include "tyr_irq.h"
#include "tyr_regs.h"

static const struct {
	const char *name;
	u32 base;
} tyr_irq_blocks[TYR_IRQ_BLOCK_COUNT] = {
	[TYR_IRQ_JOB] = { "job", TYR_JOB_IRQ_BASE },
	[TYR_IRQ_MMU] = { "mmu", TYR_MMU_IRQ_BASE },
	[TYR_IRQ_GPU] = { "gpu", TYR_GPU_IRQ_BASE },
};

/**
 * tyr_irq_block_name() - Device-tree name of an interrupt block
 * @block: The block.
 *
 * Return: "job", "mmu" or "gpu".
 */
const char *tyr_irq_block_name(enum tyr_irq_block block)
{
	return tyr_irq_blocks[block].name;
}

/**
 * tyr_irq_primary() - Hard interrupt handler of an interrupt block
 * @line: Linux interrupt number (unused).
 * @data: The &struct tyr_irq.
 *
 * Return: IRQ_WAKE_THREAD when the block has an unmasked event pending,
 * IRQ_NONE otherwise.
 */
irqreturn_t tyr_irq_primary(int line, void *data)
{
	struct tyr_irq *irq = data;

	/* A shared line may fire while the GPU is powered down. */
	if (READ_ONCE(irq->suspended))
		return IRQ_NONE;

	if (!tyr_read(irq->tdev, irq->base + TYR_IRQ_STAT))
		return IRQ_NONE;

	return IRQ_WAKE_THREAD;
}

/**
 * tyr_irq_threaded() - Threaded interrupt handler of an interrupt block
 * @line: Linux interrupt number (unused).
 * @data: The &struct tyr_irq.
 *
 * Clears and dispatches the pending events until the line drops.
 *
 * Return: IRQ_HANDLED if any event was dispatched, IRQ_NONE otherwise.
 */
irqreturn_t tyr_irq_threaded(int line, void *data)
{
	struct tyr_irq *irq = data;
	irqreturn_t ret = IRQ_NONE;
	u32 stat;

	for (;;) {
		stat = tyr_read(irq->tdev, irq->base + TYR_IRQ_STAT);
		if (!stat)
			break;

		tyr_write(irq->tdev, irq->base + TYR_IRQ_CLEAR, stat);
		irq->handler(irq->tdev, stat);
		ret = IRQ_HANDLED;
	}

	return ret;
}

#if IS_ENABLED(CONFIG_DRM_TYR_MODEL)
static void tyr_irq_detach_model(void *data)
{
	struct tyr_irq *irq = data;

	tyr_model_irq_detach(irq->tdev->model, irq->block);
}

static int tyr_irq_connect(struct tyr_irq *irq)
{
	struct tyr_device *tdev = irq->tdev;
	int ret;

	ret = tyr_model_irq_attach(tdev->model, irq->block, tyr_irq_primary,
				   tyr_irq_threaded, irq);
	if (ret)
		return ret;

	return devm_add_action_or_reset(tdev->base.dev, tyr_irq_detach_model,
					irq);
}

static void tyr_irq_sync(struct tyr_irq *irq)
{
	tyr_model_irq_sync(irq->tdev->model, irq->block);
}
#else
static int tyr_irq_connect(struct tyr_irq *irq)
{
	struct tyr_device *tdev = irq->tdev;

	return devm_request_threaded_irq(tdev->base.dev,
					 tdev->irq_lines[irq->block],
					 tyr_irq_primary, tyr_irq_threaded,
					 IRQF_ONESHOT,
					 tyr_irq_block_name(irq->block), irq);
}

static void tyr_irq_sync(struct tyr_irq *irq)
{
	synchronize_irq(irq->tdev->irq_lines[irq->block]);
}
#endif

/**
 * tyr_irq_setup() - Connect an interrupt block to its handler
 * @tdev: The device.
 * @block: The block.
 * @events: Events to unmask once connected.
 * @handler: Consumer of the events.
 *
 * The block is masked and cleared before the handler is connected, so stale
 * events from the boot loader or a previous driver are dropped. The
 * connection is device-managed.
 *
 * Return: 0 on success, a negative errno otherwise.
 */
int tyr_irq_setup(struct tyr_device *tdev, enum tyr_irq_block block,
		  u32 events, tyr_irq_handler_t handler)
{
	struct tyr_irq *irq = &tdev->irqs[block];
	int ret;

	irq->tdev = tdev;
	irq->block = block;
	irq->base = tyr_irq_blocks[block].base;
	irq->handler = handler;
	irq->events = 0;

	tyr_irq_restore(irq);

	ret = tyr_irq_connect(irq);
	if (ret)
		return ret;

	tyr_irq_set_events(irq, events);
	return 0;
}

/**
 * tyr_irq_set_events() - Change the events an interrupt block reports
 * @irq: The block.
 * @events: The new MASK value.
 */
void tyr_irq_set_events(struct tyr_irq *irq, u32 events)
{
	irq->events = events;
	tyr_write(irq->tdev, irq->base + TYR_IRQ_MASK, events);
}

/**
 * tyr_irq_restore() - Bring a block back to the driver's settings
 * @irq: The block.
 *
 * Drops every latched event and programs MASK again, as needed after a GPU
 * reset or power-up, which return the blocks to their reset state. Ends a
 * tyr_irq_quiesce().
 */
void tyr_irq_restore(struct tyr_irq *irq)
{
	tyr_write(irq->tdev, irq->base + TYR_IRQ_MASK, 0);
	tyr_write(irq->tdev, irq->base + TYR_IRQ_CLEAR, ~0u);
	WRITE_ONCE(irq->suspended, false);
	tyr_write(irq->tdev, irq->base + TYR_IRQ_MASK, irq->events);
}

/**
 * tyr_irq_quiesce() - Mask a block and wait for its handlers to finish
 * @irq: The block.
 *
 * Afterwards the handlers leave the GPU alone until tyr_irq_restore(), which
 * unmasks the same events again: the GPU may be powered down in between.
 */
void tyr_irq_quiesce(struct tyr_irq *irq)
{
	WRITE_ONCE(irq->suspended, true);
	tyr_write(irq->tdev, irq->base + TYR_IRQ_MASK, 0);
	tyr_irq_sync(irq);
}

/**
 * tyr_irq_synchronize() - Wait for the block's handlers that are running
 * @irq: The interrupt block.
 *
 * The caller must not hold a lock the handler takes.
 */
void tyr_irq_synchronize(struct tyr_irq *irq)
{
	tyr_irq_sync(irq);
}
