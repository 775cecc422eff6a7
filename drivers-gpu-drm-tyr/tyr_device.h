/* SPDX-License-Identifier: GPL-2.0 or MIT */
/*
 * Tyr: DRM driver for Arm Mali CSF-based GPUs.
 */
#ifndef __TYR_DEVICE_H__
#define __TYR_DEVICE_H__

#include <linux/clk.h>
#include <linux/io.h>
#include <linux/iopoll.h>
#include <linux/regulator/consumer.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>

#include <drm/drm_device.h>
#include <drm/panthor_drm.h>

#include "tyr_devfreq.h"
#include "tyr_gem.h"
#include "tyr_irq.h"
#include "tyr_mcu.h"
#include "tyr_mmu.h"
#include "tyr_model.h"
#include "tyr_pm.h"
#include "tyr_sched.h"

/**
 * enum tyr_clk - Clocks of the GPU
 * @TYR_CLK_CORE: Core logic clock, required.
 * @TYR_CLK_STACKS: Shader stacks clock, optional.
 * @TYR_CLK_COREGROUP: Core group clock, optional.
 * @TYR_CLK_COUNT: Number of clocks.
 */
enum tyr_clk {
	TYR_CLK_CORE,
	TYR_CLK_STACKS,
	TYR_CLK_COREGROUP,
	TYR_CLK_COUNT,
};

/* Supplies: "mali" for the GPU logic, "sram" for its memories. */
#define TYR_SUPPLY_COUNT	2

/**
 * struct tyr_gpu - State of the GPU control block
 */
struct tyr_gpu {
	/** @lock: Protects @events. */
	spinlock_t lock;

	/**
	 * @events: GPU interrupt events seen by the interrupt handler and not
	 * yet consumed by a waiter (TYR_GPU_IRQ_* bits).
	 */
	u32 events;

	/** @wq: Woken up whenever @events gains a bit. */
	wait_queue_head_t wq;

	/** @name: Marketing name of the GPU, for the log. */
	const char *name;

	/** @faults: Number of GPU fault interrupts seen. */
	unsigned int faults;
};

/**
 * struct tyr_device - A Tyr GPU device
 */
struct tyr_device {
	/** @base: The DRM device. Must come first for devm_drm_dev_alloc(). */
	struct drm_device base;

	/** @iomem: Registers of the GPU (unused when the model is built). */
	void __iomem *iomem;

	/** @phys_base: Physical address of the registers (real GPU only). */
	phys_addr_t phys_base;

#if IS_ENABLED(CONFIG_DRM_TYR_MODEL)
	/** @model: The software GPU behind the register accessors. */
	struct tyr_model *model;
#endif

	/**
	 * @clks: Clocks of the GPU, in &enum tyr_clk order: core (required),
	 * stacks and coregroup (optional: NULL when absent).
	 */
	struct clk_bulk_data clks[TYR_CLK_COUNT];

	/** @supplies: The GPU's "mali" and "sram" regulators. */
	struct regulator_bulk_data supplies[TYR_SUPPLY_COUNT];

	/**
	 * @irq_lines: Linux interrupt numbers of the job, MMU and GPU
	 * interrupt outputs, indexed by &enum tyr_irq_block.
	 */
	int irq_lines[TYR_IRQ_BLOCK_COUNT];

	/** @irqs: The three interrupt blocks, indexed by &enum tyr_irq_block. */
	struct tyr_irq irqs[TYR_IRQ_BLOCK_COUNT];

	/** @gpu: GPU control block state. */
	struct tyr_gpu gpu;

	/** @gpu_info: Identity of the GPU, as reported by DEV_QUERY. */
	struct drm_panthor_gpu_info gpu_info;

	/** @pm: Power management state. */
	struct tyr_pm pm;

	/** @devfreq: Frequency scaling state. */
	struct tyr_devfreq devfreq;

	/** @gems: The device's buffer objects. */
	struct tyr_gems gems;

	/** @mmu: Address-space slots. */
	struct tyr_mmu mmu;

	/** @mcu: The MCU and its firmware. */
	struct tyr_mcu mcu;

	/** @sched: Groups on the firmware's group slots. */
	struct tyr_sched sched;

	/** @reset: GPU resets requested when the GPU stops responding. */
	struct {
		/** @reset.work: Resets the GPU. */
		struct work_struct work;
		/** @reset.count: Resets done, for tests. */
		unsigned int count;
	} reset;
};

static inline struct tyr_device *to_tyr_device(struct drm_device *ddev)
{
	return container_of(ddev, struct tyr_device, base);
}

/*
 * Register accessors. With CONFIG_DRM_TYR_MODEL every access is served by the
 * software model; otherwise they are plain MMIO.
 */
static inline u32 tyr_read(struct tyr_device *tdev, u32 reg)
{
#if IS_ENABLED(CONFIG_DRM_TYR_MODEL)
	return tyr_model_read(tdev->model, reg);
#else
	return readl(tdev->iomem + reg);
#endif
}

static inline void tyr_write(struct tyr_device *tdev, u32 reg, u32 val)
{
#if IS_ENABLED(CONFIG_DRM_TYR_MODEL)
	tyr_model_write(tdev->model, reg, val);
#else
	writel(val, tdev->iomem + reg);
#endif
}

/* A 64-bit register whose halves do not change under us (masks, addresses). */
static inline u64 tyr_read64(struct tyr_device *tdev, u32 reg)
{
	u32 lo = tyr_read(tdev, reg);

	return lo | (u64)tyr_read(tdev, reg + 4) << 32;
}

static inline void tyr_write64(struct tyr_device *tdev, u32 reg, u64 val)
{
	tyr_write(tdev, reg, lower_32_bits(val));
	tyr_write(tdev, reg + 4, upper_32_bits(val));
}

/* A free-running 64-bit counter: re-read until the high word is stable. */
static inline u64 tyr_read64_counter(struct tyr_device *tdev, u32 reg)
{
	u32 hi, lo;

	do {
		hi = tyr_read(tdev, reg + 4);
		lo = tyr_read(tdev, reg);
	} while (hi != tyr_read(tdev, reg + 4));

	return lo | (u64)hi << 32;
}

int tyr_device_init(struct tyr_device *tdev);
void tyr_device_fini(struct tyr_device *tdev, bool powered);
void tyr_device_remove(struct tyr_device *tdev);
int tyr_device_reset(struct tyr_device *tdev);
void tyr_device_schedule_reset(struct tyr_device *tdev);
void tyr_device_suspend(struct tyr_device *tdev);
int tyr_device_resume(struct tyr_device *tdev);

#endif /* __TYR_DEVICE_H__ */
