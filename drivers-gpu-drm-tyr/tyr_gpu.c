// SPDX-License-Identifier: GPL-2.0 or MIT
/*
 * GPU control block: identification, reset, power domains, cache
 * maintenance and the GPU interrupt.
 */

#include <linux/bitfield.h>
#include <linux/dma-map-ops.h>
#include <linux/iopoll.h>
#include <linux/stddef.h>

#if IS_ENABLED(CONFIG_ARM_ARCH_TIMER)
#include <asm/arch_timer.h>
#endif

#include <drm/drm_print.h>

#include "tyr_device.h"
#include "tyr_gpu.h"
#include "tyr_regs.h"

/* GPU events a waiter can sleep on. */
#define TYR_GPU_WAITABLE_EVENTS \
	(TYR_GPU_IRQ_RESET_COMPLETED | TYR_GPU_IRQ_CLEAN_CACHES_DONE | \
	 TYR_GPU_IRQ_POWER_CHANGED_ALL)

#define TYR_GPU_IRQ_EVENTS \
	(TYR_GPU_WAITABLE_EVENTS | TYR_GPU_IRQ_FAULT | TYR_GPU_IRQ_PROTM_FAULT)

static const char * const tyr_pwr_domain_names[TYR_PWR_DOMAIN_COUNT] = {
	[TYR_PWR_SHADER] = "shader",
	[TYR_PWR_TILER] = "tiler",
	[TYR_PWR_L2] = "L2",
};

static const struct {
	u8 arch_major;
	u8 prod_major;
	const char *name;
} tyr_gpu_names[] = {
	{ 10, 7, "Mali-G610" },
};

/**
 * tyr_gpu_name() - Marketing name of a GPU
 * @gpu_id: Value of the GPU_ID register.
 *
 * Return: The name, or "Mali (unknown)".
 */
const char *tyr_gpu_name(u32 gpu_id)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(tyr_gpu_names); i++) {
		if (tyr_gpu_names[i].arch_major ==
		    FIELD_GET(TYR_GPU_ID_ARCH_MAJOR, gpu_id) &&
		    tyr_gpu_names[i].prod_major ==
		    FIELD_GET(TYR_GPU_ID_PROD_MAJOR, gpu_id))
			return tyr_gpu_names[i].name;
	}

	return "Mali (unknown)";
}

/**
 * tyr_gpu_timestamp_hz() - Frequency of the GPU timestamp counter
 *
 * Mali GPUs count timestamps with the system counter of the SoC.
 *
 * Return: The counter's frequency in Hz, 0 when it is not known.
 */
u64 tyr_gpu_timestamp_hz(void)
{
#if IS_ENABLED(CONFIG_ARM_ARCH_TIMER)
	return arch_timer_get_cntfrq();
#else
	return 0;
#endif
}

static void tyr_gpu_irq_handler(struct tyr_device *tdev, u32 events)
{
	struct tyr_gpu *gpu = &tdev->gpu;

	if (events & TYR_GPU_IRQ_FAULT) {
		u32 status = tyr_read(tdev, TYR_GPU_FAULTSTATUS);
		u64 addr = tyr_read64(tdev, TYR_GPU_FAULTADDRESS);

		gpu->faults++;
		drm_err_ratelimited(&tdev->base,
				    "GPU fault: exception 0x%02lx, access %lu, source 0x%04lx, address 0x%016llx\n",
				    FIELD_GET(TYR_GPU_FAULT_EXCEPTION, status),
				    FIELD_GET(TYR_GPU_FAULT_ACCESS, status),
				    FIELD_GET(TYR_GPU_FAULT_SOURCE, status),
				    addr);
	}

	if (events & TYR_GPU_IRQ_PROTM_FAULT)
		drm_err_ratelimited(&tdev->base,
				    "GPU fault in protected mode, which Tyr does not use\n");

	events &= TYR_GPU_WAITABLE_EVENTS;
	if (events) {
		spin_lock(&gpu->lock);
		gpu->events |= events;
		spin_unlock(&gpu->lock);
		wake_up_all(&gpu->wq);
	}
}

/* Forget an earlier occurrence of @event before asking for a new one. */
static void tyr_gpu_expect(struct tyr_device *tdev, u32 event)
{
	struct tyr_gpu *gpu = &tdev->gpu;

	spin_lock(&gpu->lock);
	gpu->events &= ~event;
	spin_unlock(&gpu->lock);

	tyr_write(tdev, TYR_GPU_IRQ_BASE + TYR_IRQ_CLEAR, event);
}

static bool tyr_gpu_consume(struct tyr_gpu *gpu, u32 event)
{
	bool seen;

	spin_lock(&gpu->lock);
	seen = gpu->events & event;
	gpu->events &= ~event;
	spin_unlock(&gpu->lock);

	return seen;
}

static int tyr_gpu_wait(struct tyr_device *tdev, u32 event,
			unsigned int timeout_ms)
{
	struct tyr_gpu *gpu = &tdev->gpu;

	if (wait_event_timeout(gpu->wq, tyr_gpu_consume(gpu, event),
			       msecs_to_jiffies(timeout_ms)))
		return 0;

	/* The event may be latched without its interrupt having reached us. */
	if (tyr_read(tdev, TYR_GPU_IRQ_BASE + TYR_IRQ_RAWSTAT) & event) {
		drm_warn(&tdev->base, "GPU event 0x%x latched but not delivered\n",
			 event);
		tyr_write(tdev, TYR_GPU_IRQ_BASE + TYR_IRQ_CLEAR, event);
		return 0;
	}

	/* Or its handler ran between the timeout and the check above. */
	return tyr_gpu_consume(gpu, event) ? 0 : -ETIMEDOUT;
}

/**
 * tyr_gpu_soft_reset() - Reset the GPU
 * @tdev: The device.
 *
 * Tries a soft reset, then a hard one. On success every power domain is
 * off and the interrupt blocks are in their reset state.
 *
 * Return: 0 on success, -ETIMEDOUT if the GPU never completed a reset.
 */
int tyr_gpu_soft_reset(struct tyr_device *tdev)
{
	static const u32 commands[] = {
		TYR_GPU_CMD_SOFT_RESET,
		TYR_GPU_CMD_HARD_RESET,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(commands); i++) {
		tyr_gpu_expect(tdev, TYR_GPU_IRQ_RESET_COMPLETED);
		tyr_write(tdev, TYR_GPU_COMMAND, commands[i]);

		if (!tyr_gpu_wait(tdev, TYR_GPU_IRQ_RESET_COMPLETED,
				  TYR_GPU_RESET_TIMEOUT_MS))
			return 0;

		drm_err(&tdev->base, "GPU %s reset timed out\n",
			i ? "hard" : "soft");
	}

	return -ETIMEDOUT;
}

static bool tyr_gpu_domain_settled(struct tyr_device *tdev,
				   enum tyr_pwr_domain domain, u64 cores,
				   bool on)
{
	if (tyr_read64(tdev, TYR_PWR_PWRTRANS(domain)) & cores)
		return false;

	return (tyr_read64(tdev, TYR_PWR_READY(domain)) & cores) ==
	       (on ? cores : 0);
}

static int tyr_gpu_power_switch(struct tyr_device *tdev,
				enum tyr_pwr_domain domain, u64 cores, bool on,
				u32 timeout_us)
{
	u64 trans;
	bool done;
	int ret;

	if (!cores)
		return 0;

	/* Cores in transition ignore requests: let them settle first. */
	ret = read_poll_timeout(tyr_read64, trans, !(trans & cores), 10,
				timeout_us, false, tdev,
				TYR_PWR_PWRTRANS(domain));
	if (ret)
		goto timeout;

	tyr_write64(tdev, on ? TYR_PWR_PWRON(domain) : TYR_PWR_PWROFF(domain),
		    cores);

	ret = read_poll_timeout(tyr_gpu_domain_settled, done, done, 10,
				timeout_us, false, tdev, domain, cores, on);
	if (ret)
		goto timeout;

	return 0;

timeout:
	drm_err(&tdev->base,
		"%s cores 0x%llx did not power %s (ready 0x%llx, in transition 0x%llx)\n",
		tyr_pwr_domain_names[domain], cores, on ? "on" : "off",
		tyr_read64(tdev, TYR_PWR_READY(domain)),
		tyr_read64(tdev, TYR_PWR_PWRTRANS(domain)));
	return -ETIMEDOUT;
}

/**
 * tyr_gpu_power_on() - Power cores of a domain on and wait for them
 * @tdev: The device.
 * @domain: The power domain.
 * @cores: Cores to power on.
 * @timeout_us: How long to wait for each step.
 *
 * Return: 0 once the cores are ready, -ETIMEDOUT otherwise.
 */
int tyr_gpu_power_on(struct tyr_device *tdev, enum tyr_pwr_domain domain,
		     u64 cores, u32 timeout_us)
{
	return tyr_gpu_power_switch(tdev, domain, cores, true, timeout_us);
}

/**
 * tyr_gpu_power_off() - Power cores of a domain off and wait for them
 * @tdev: The device.
 * @domain: The power domain.
 * @cores: Cores to power off.
 * @timeout_us: How long to wait for each step.
 *
 * Return: 0 once the cores are off, -ETIMEDOUT otherwise.
 */
int tyr_gpu_power_off(struct tyr_device *tdev, enum tyr_pwr_domain domain,
		      u64 cores, u32 timeout_us)
{
	return tyr_gpu_power_switch(tdev, domain, cores, false, timeout_us);
}

/**
 * tyr_gpu_l2_power_on() - Power the L2 cache on
 * @tdev: The device.
 *
 * On CSF GPUs the host powers the L2 only; the firmware powers the shader
 * and tiler cores it is allowed to use.
 *
 * Return: 0 on success, -ETIMEDOUT if the L2 did not get ready.
 */
int tyr_gpu_l2_power_on(struct tyr_device *tdev)
{
	/*
	 * The coherency protocol goes in before the L2 powers up (as
	 * panthor does); a reset forgets it. CSF GPUs are coherent through
	 * ACE-Lite or not at all.
	 */
	tyr_write(tdev, TYR_COHERENCY_ENABLE,
		  dev_is_dma_coherent(tdev->base.dev) ?
		  TYR_COHERENCY_ACE_LITE : TYR_COHERENCY_NONE);

	return tyr_gpu_power_on(tdev, TYR_PWR_L2, tdev->gpu_info.l2_present,
				TYR_GPU_PWR_TIMEOUT_US);
}

/**
 * tyr_gpu_l2_power_off() - Power the L2 cache off
 * @tdev: The device.
 *
 * Failure is logged; the caller may reset the GPU.
 *
 * Return: 0 once the L2 is off, -ETIMEDOUT otherwise.
 */
int tyr_gpu_l2_power_off(struct tyr_device *tdev)
{
	return tyr_gpu_power_off(tdev, TYR_PWR_L2, tdev->gpu_info.l2_present,
				 TYR_GPU_PWR_TIMEOUT_US);
}

/**
 * tyr_gpu_flush_caches() - Clean and/or invalidate the GPU caches
 * @tdev: The device.
 * @l2: Operation on the L2 cache (TYR_FLUSH_MODE_*, 0 for none).
 * @lsc: Operation on the load/store caches.
 * @other: Operation on the other caches.
 *
 * Return: 0 once the caches are flushed, -ETIMEDOUT otherwise.
 */
int tyr_gpu_flush_caches(struct tyr_device *tdev, u32 l2, u32 lsc, u32 other)
{
	int ret;

	tyr_gpu_expect(tdev, TYR_GPU_IRQ_CLEAN_CACHES_DONE);
	tyr_write(tdev, TYR_GPU_COMMAND,
		  FIELD_PREP(TYR_GPU_CMD_OP, TYR_GPU_CMD_OP_FLUSH_CACHES) |
		  FIELD_PREP(TYR_FLUSH_L2, l2) |
		  FIELD_PREP(TYR_FLUSH_LSC, lsc) |
		  FIELD_PREP(TYR_FLUSH_OTHER, other));

	ret = tyr_gpu_wait(tdev, TYR_GPU_IRQ_CLEAN_CACHES_DONE,
			   TYR_GPU_FLUSH_TIMEOUT_MS);
	if (ret)
		drm_err(&tdev->base, "GPU cache flush timed out\n");

	return ret;
}

#define TYR_INFO_REG(field, reg) \
	{ reg, offsetof(struct drm_panthor_gpu_info, field) }

/* 32-bit identification registers and where they go in the uAPI object. */
static const struct {
	u32 reg;
	u32 offset;
} tyr_gpu_info_regs[] = {
	TYR_INFO_REG(gpu_id, TYR_GPU_ID),
	TYR_INFO_REG(gpu_rev, TYR_REVID),
	TYR_INFO_REG(csf_id, TYR_CSF_ID),
	TYR_INFO_REG(l2_features, TYR_L2_FEATURES),
	TYR_INFO_REG(tiler_features, TYR_TILER_FEATURES),
	TYR_INFO_REG(mem_features, TYR_MEM_FEATURES),
	TYR_INFO_REG(mmu_features, TYR_MMU_FEATURES),
	TYR_INFO_REG(thread_features, TYR_THREAD_FEATURES),
	TYR_INFO_REG(max_threads, TYR_THREAD_MAX_THREADS),
	TYR_INFO_REG(thread_max_workgroup_size, TYR_THREAD_MAX_WG_SIZE),
	TYR_INFO_REG(thread_max_barrier_size, TYR_THREAD_MAX_BARRIER_SIZE),
	TYR_INFO_REG(coherency_features, TYR_COHERENCY_FEATURES),
	TYR_INFO_REG(texture_features[0], TYR_TEXTURE_FEATURES(0)),
	TYR_INFO_REG(texture_features[1], TYR_TEXTURE_FEATURES(1)),
	TYR_INFO_REG(texture_features[2], TYR_TEXTURE_FEATURES(2)),
	TYR_INFO_REG(texture_features[3], TYR_TEXTURE_FEATURES(3)),
	TYR_INFO_REG(as_present, TYR_AS_PRESENT),
	TYR_INFO_REG(core_features, TYR_CORE_FEATURES),
};

/**
 * tyr_gpu_read_info() - Read the identity of the GPU
 * @tdev: The device.
 * @info: Filled with what the registers say; padding is zeroed.
 */
void tyr_gpu_read_info(struct tyr_device *tdev,
		       struct drm_panthor_gpu_info *info)
{
	unsigned int i;

	memset(info, 0, sizeof(*info));

	for (i = 0; i < ARRAY_SIZE(tyr_gpu_info_regs); i++) {
		u32 *field = (void *)info + tyr_gpu_info_regs[i].offset;

		*field = tyr_read(tdev, tyr_gpu_info_regs[i].reg);
	}

	info->shader_present = tyr_read64(tdev, TYR_PWR_PRESENT(TYR_PWR_SHADER));
	info->tiler_present = tyr_read64(tdev, TYR_PWR_PRESENT(TYR_PWR_TILER));
	info->l2_present = tyr_read64(tdev, TYR_PWR_PRESENT(TYR_PWR_L2));
}

/**
 * tyr_gpu_init() - Set up the GPU control block
 * @tdev: The device.
 *
 * Connects the GPU interrupt, resets the GPU, reads its identity and powers
 * the L2 cache on. Everything is undone on failure.
 *
 * Return: 0 on success, a negative errno otherwise.
 */
int tyr_gpu_init(struct tyr_device *tdev)
{
	struct drm_panthor_gpu_info *info = &tdev->gpu_info;
	struct tyr_gpu *gpu = &tdev->gpu;
	int ret;

	spin_lock_init(&gpu->lock);
	init_waitqueue_head(&gpu->wq);

	ret = tyr_irq_setup(tdev, TYR_IRQ_GPU, TYR_GPU_IRQ_EVENTS,
			    tyr_gpu_irq_handler);
	if (ret)
		return ret;

	ret = tyr_gpu_soft_reset(tdev);
	if (ret)
		return ret;

	tyr_gpu_read_info(tdev, info);
	gpu->name = tyr_gpu_name(info->gpu_id);

	/* A "dma-coherent" GPU must speak ACE-Lite to be one. */
	if (dev_is_dma_coherent(tdev->base.dev) &&
	    !(info->coherency_features & BIT(TYR_COHERENCY_ACE_LITE))) {
		drm_err(&tdev->base, "dma-coherent, but no ACE-Lite coherency\n");
		return -ENODEV;
	}

	drm_info(&tdev->base,
		 "%s id 0x%04lx arch %lu.%lu.%lu r%lup%lu status %lu, CSF 0x%08x\n",
		 gpu->name, FIELD_GET(GENMASK(31, 16), info->gpu_id),
		 FIELD_GET(TYR_GPU_ID_ARCH_MAJOR, info->gpu_id),
		 FIELD_GET(TYR_GPU_ID_ARCH_MINOR, info->gpu_id),
		 FIELD_GET(TYR_GPU_ID_ARCH_REV, info->gpu_id),
		 FIELD_GET(TYR_GPU_ID_VER_MAJOR, info->gpu_id),
		 FIELD_GET(TYR_GPU_ID_VER_MINOR, info->gpu_id),
		 FIELD_GET(TYR_GPU_ID_VER_STATUS, info->gpu_id),
		 info->csf_id);
	drm_info(&tdev->base,
		 "shader cores 0x%llx, tilers 0x%llx, L2 slices 0x%llx, address spaces 0x%x, VA/PA bits %lu/%lu\n",
		 info->shader_present, info->tiler_present, info->l2_present,
		 info->as_present,
		 FIELD_GET(TYR_MMU_FEATURES_VA_BITS, info->mmu_features),
		 FIELD_GET(TYR_MMU_FEATURES_PA_BITS, info->mmu_features));

	ret = tyr_gpu_l2_power_on(tdev);
	if (ret) {
		/* Leave nothing half-way: ask for the L2 to go down again. */
		tyr_write64(tdev, TYR_PWR_PWROFF(TYR_PWR_L2), info->l2_present);
		return ret;
	}

	return 0;
}

/**
 * tyr_gpu_fini() - Quiesce the GPU control block
 * @tdev: The device.
 */
void tyr_gpu_fini(struct tyr_device *tdev)
{
	tyr_gpu_l2_power_off(tdev);
	tyr_irq_quiesce(&tdev->irqs[TYR_IRQ_GPU]);
}
