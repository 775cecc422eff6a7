// SPDX-License-Identifier: GPL-2.0 or MIT
/*
 * Bring-up and teardown of a Tyr device, common to real hardware and the
 * model.
 */

#include <linux/device.h>
#include <linux/pm_runtime.h>
#include <linux/workqueue.h>

#include <drm/drm_print.h>

#include "tyr_device.h"
#include "tyr_gpu.h"
#include "tyr_irq.h"

/**
 * tyr_device_reset() - Reset the GPU and bring it back to the driver's state
 * @tdev: The device.
 *
 * Return: 0 on success, a negative errno otherwise.
 */
int tyr_device_reset(struct tyr_device *tdev)
{
	unsigned int i;
	int ret;

	ret = tyr_gpu_soft_reset(tdev);
	if (ret)
		return ret;

	for (i = 0; i < TYR_IRQ_BLOCK_COUNT; i++)
		tyr_irq_restore(&tdev->irqs[i]);

	return tyr_gpu_l2_power_on(tdev);
}

/*
 * A GPU that a reset did not bring back is as good as one that did not
 * resume: what needs it fails with -EIO from now on, and the work it had
 * fails instead of waiting for a GPU that will not run it.
 */
static void tyr_device_set_unusable(struct tyr_device *tdev)
{
	WRITE_ONCE(tdev->pm.unusable, true);
	tyr_sched_fail(tdev);
}

static void tyr_device_reset_work(struct work_struct *work)
{
	struct tyr_device *tdev = container_of(work, struct tyr_device,
					       reset.work);
	unsigned int i;

	/* A GPU that was powered down since starts afresh anyway. */
	if (pm_runtime_get_if_active(tdev->base.dev) <= 0)
		return;

	tyr_sched_reset(tdev);
	for (i = 0; i < TYR_IRQ_BLOCK_COUNT; i++) {
		if (i != TYR_IRQ_GPU)
			tyr_irq_quiesce(&tdev->irqs[i]);
	}

	if (tyr_device_reset(tdev)) {
		drm_err(&tdev->base, "GPU reset failed\n");
		tyr_device_set_unusable(tdev);
	} else {
		tyr_mmu_restore(tdev);
		if (tyr_mcu_reset(tdev)) {
			drm_err(&tdev->base, "firmware did not come back after the reset\n");
			tyr_device_set_unusable(tdev);
		} else {
			tyr_sched_resume(tdev);
		}
	}
	tdev->reset.count++;

	pm_runtime_mark_last_busy(tdev->base.dev);
	pm_runtime_put_autosuspend(tdev->base.dev);
}

/**
 * tyr_device_schedule_reset() - Have the GPU reset, from any context
 * @tdev: The device.
 *
 * For a GPU that stopped responding: the reset runs from a work item, which
 * brings the interrupt blocks, the L2, the address spaces and the firmware
 * back.
 */
void tyr_device_schedule_reset(struct tyr_device *tdev)
{
	queue_work(system_unbound_wq, &tdev->reset.work);
}

/**
 * tyr_device_suspend() - Quiesce the GPU before its power goes
 * @tdev: The device.
 *
 * Halts the MCU, masks the interrupt blocks and waits for their handlers,
 * then powers the L2 down; should the L2 not go down, the GPU is reset so that it is left
 * in a known state. Nothing touches the GPU afterwards until
 * tyr_device_resume().
 */
void tyr_device_suspend(struct tyr_device *tdev)
{
	tyr_sched_suspend(tdev);
	tyr_mcu_suspend(tdev);
	tyr_irq_quiesce(&tdev->irqs[TYR_IRQ_JOB]);
	tyr_irq_quiesce(&tdev->irqs[TYR_IRQ_MMU]);

	if (tyr_gpu_l2_power_off(tdev)) {
		drm_warn(&tdev->base, "L2 did not power down, resetting the GPU\n");
		/* The reset completion comes through the GPU block. */
		if (tyr_gpu_soft_reset(tdev))
			drm_err(&tdev->base, "GPU reset failed before suspend\n");
	}

	tyr_irq_quiesce(&tdev->irqs[TYR_IRQ_GPU]);
}

/**
 * tyr_device_resume() - Bring the GPU back to the driver's state
 * @tdev: The device, powered again.
 *
 * The GPU may have lost its state, or kept the one tyr_device_suspend() left:
 * either way the interrupt blocks are reprogrammed, the L2 powered and the
 * firmware started again. If the L2 does not come up, the GPU is reset and
 * the L2 tried once more.
 *
 * Return: 0 on success, a negative errno if the GPU could not be brought
 * back; its interrupt blocks are then quiesced again.
 */
int tyr_device_resume(struct tyr_device *tdev)
{
	unsigned int i;
	int ret;

	for (i = 0; i < TYR_IRQ_BLOCK_COUNT; i++)
		tyr_irq_restore(&tdev->irqs[i]);

	ret = tyr_gpu_l2_power_on(tdev);
	if (ret) {
		drm_warn(&tdev->base, "L2 did not power up on resume, resetting the GPU\n");
		ret = tyr_device_reset(tdev);
	}

	if (!ret) {
		tyr_mmu_restore(tdev);
		ret = tyr_mcu_resume(tdev);
		if (!ret)
			tyr_sched_resume(tdev);
	}

	if (ret) {
		for (i = 0; i < TYR_IRQ_BLOCK_COUNT; i++)
			tyr_irq_quiesce(&tdev->irqs[i]);
	}

	return ret;
}

/**
 * tyr_device_init() - Bring the GPU up
 * @tdev: The device, with its registers (or model) in place.
 *
 * Connects the three interrupt blocks, resets the GPU, reads its identity and
 * powers the L2 cache. On failure, every resource taken here is released
 * before returning.
 *
 * Return: 0 on success, a negative errno otherwise.
 */
int tyr_device_init(struct tyr_device *tdev)
{
	struct device *dev = tdev->base.dev;
	void *group;
	int ret;

	ret = tyr_gem_init(tdev);
	if (ret)
		return ret;
	INIT_WORK(&tdev->reset.work, tyr_device_reset_work);
	tyr_mcu_early_init(tdev);

	group = devres_open_group(dev, NULL, GFP_KERNEL);
	if (!group)
		return -ENOMEM;

	ret = tyr_gpu_init(tdev);
	if (ret)
		goto err_release;

	/* After the reset of tyr_gpu_init(), which clears the block's mask. */
	ret = tyr_irq_setup(tdev, TYR_IRQ_JOB, TYR_JOB_IRQ_GLOBAL |
			    GENMASK(TYR_MCU_MAX_CSG - 1, 0),
			    tyr_mcu_irq_handler);
	if (ret)
		goto err_release;

	ret = tyr_mmu_init(tdev);
	if (ret)
		goto err_release;

	devres_close_group(dev, group);
	return 0;

err_release:
	devres_release_group(dev, group);
	return ret;
}

/**
 * tyr_device_fini() - Stop the firmware and quiesce the GPU
 * @tdev: The device.
 * @powered: Whether the GPU is powered. One that is not (it did not resume)
 *           is not touched, but the driver's side is torn down all the
 *           same: the memory the GPU had is freed.
 *
 * The interrupt handlers are disconnected by devres afterwards.
 */
void tyr_device_fini(struct tyr_device *tdev, bool powered)
{
	tyr_sched_fini(tdev);
	tyr_mcu_fini(tdev, powered);
	cancel_work_sync(&tdev->reset.work);
	tyr_mmu_fini(tdev);
	if (!powered)
		return;

	tyr_gpu_fini(tdev);
	tyr_irq_quiesce(&tdev->irqs[TYR_IRQ_MMU]);
	tyr_irq_quiesce(&tdev->irqs[TYR_IRQ_JOB]);
}

/**
 * tyr_device_remove() - The teardown of an unbind, before devres
 * @tdev: The device, unplugged from DRM: no ioctl that needs the GPU runs.
 *
 * Wakes the GPU to quiesce it; a GPU that does not wake is left alone and
 * gets the software side of the teardown only. Open files outlive the
 * device: from here on, their objects are freed without the GPU. The
 * runtime-PM reference taken here is dropped by the device-managed
 * teardown, after devfreq and the interrupt handlers are gone, when the GPU
 * is powered down for good.
 */
void tyr_device_remove(struct tyr_device *tdev)
{
	tyr_device_fini(tdev, pm_runtime_get_sync(tdev->base.dev) >= 0);
}
