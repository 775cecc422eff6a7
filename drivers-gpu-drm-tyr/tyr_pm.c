// SPDX-License-Identifier: GPL-2.0 or MIT
/**
 * DOC: Power management
 *
 * The GPU is runtime-suspended whenever nothing needs it for
 * %TYR_PM_AUTOSUSPEND_MS milliseconds (power/autosuspend_delay_ms in sysfs
 * changes that). Every path that touches GPU registers outside of probe and
 * removal holds a runtime-PM reference, taken with tyr_pm_get(); queries of
 * what the driver cached at probe time take none and leave the GPU asleep.
 *
 * Suspending quiesces the GPU (interrupt blocks masked, L2 powered down or,
 * failing that, the GPU reset), suspends devfreq and drops its OPP vote, stops
 * the clocks and releases the supplies, which the platform may then switch
 * off: the GPU must be expected to lose all its state. Resuming does it all
 * in reverse and reprograms what the driver had set up. A GPU that does not
 * come back is left powered down and marked unusable: what needs it fails
 * with -EIO from then on, and the driver can still be unbound cleanly.
 *
 * System sleep goes through the same callbacks (pm_runtime_force_suspend()
 * and pm_runtime_force_resume()).
 *
 * Userspace maps the GPU's USER page (LATEST_FLUSH_ID). Such mappings are
 * filled on fault: with the real page while the GPU is powered, with a dummy
 * page while it is not, and zapped at each transition.
 */

#include <linux/clk.h>
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/pm_runtime.h>
#include <linux/regulator/consumer.h>

#include <drm/drm_managed.h>
#include <drm/drm_print.h>
#include <drm/panthor_drm.h>

#include "tyr_devfreq.h"
#include "tyr_device.h"
#include "tyr_pm.h"
#include "tyr_regs.h"

/**
 * tyr_pm_get_resources() - Get the clocks and supplies of the GPU
 * @tdev: The device.
 *
 * The "core" clock is required, "stacks" and "coregroup" are optional; the
 * "mali" and "sram" supplies are required (the regulator core provides
 * dummies where the platform describes none).
 *
 * Return: 0 on success, a negative errno otherwise.
 */
int tyr_pm_get_resources(struct tyr_device *tdev)
{
	static const char * const clk_names[TYR_CLK_COUNT] = {
		[TYR_CLK_CORE] = "core",
		[TYR_CLK_STACKS] = "stacks",
		[TYR_CLK_COREGROUP] = "coregroup",
	};
	struct device *dev = tdev->base.dev;
	struct clk *clk;
	unsigned int i;
	int ret;

	for (i = 0; i < TYR_CLK_COUNT; i++) {
		if (i == TYR_CLK_CORE)
			clk = devm_clk_get(dev, clk_names[i]);
		else
			clk = devm_clk_get_optional(dev, clk_names[i]);
		if (IS_ERR(clk))
			return dev_err_probe(dev, PTR_ERR(clk), "bad %s clock\n",
					     clk_names[i]);
		tdev->clks[i].id = clk_names[i];
		tdev->clks[i].clk = clk;
	}

	tdev->supplies[0].supply = "mali";
	tdev->supplies[1].supply = "sram";
	ret = devm_regulator_bulk_get(dev, TYR_SUPPLY_COUNT, tdev->supplies);
	if (ret)
		return dev_err_probe(dev, ret, "no GPU supplies\n");

	return 0;
}

static void tyr_pm_power_off(struct tyr_device *tdev)
{
	clk_bulk_disable_unprepare(TYR_CLK_COUNT, tdev->clks);
	regulator_bulk_disable(TYR_SUPPLY_COUNT, tdev->supplies);
#if IS_ENABLED(CONFIG_DRM_TYR_MODEL)
	tyr_model_set_power(tdev->model, false);
#endif
}

static int tyr_pm_power_on(struct tyr_device *tdev)
{
	int ret;

	ret = regulator_bulk_enable(TYR_SUPPLY_COUNT, tdev->supplies);
	if (ret)
		return ret;

	/* Voltage before frequency: the OPP goes back before the clocks. */
	ret = tyr_devfreq_resume(tdev);
	if (ret)
		goto err_supplies;

	ret = clk_bulk_prepare_enable(TYR_CLK_COUNT, tdev->clks);
	if (ret)
		goto err_devfreq;

#if IS_ENABLED(CONFIG_DRM_TYR_MODEL)
	tyr_model_set_power(tdev->model, true);
#endif
	return 0;

err_devfreq:
	tyr_devfreq_suspend(tdev);
err_supplies:
	regulator_bulk_disable(TYR_SUPPLY_COUNT, tdev->supplies);
	return ret;
}

/*
 * Point userspace mappings of the USER page at the real page or at the dummy
 * one: existing mappings are zapped, so that their next access faults in
 * the right one.
 */
static void tyr_pm_switch_mmio(struct tyr_device *tdev, bool active)
{
	struct address_space *mapping = tdev->base.anon_inode->i_mapping;

	mutex_lock(&tdev->pm.mmio_lock);
	tdev->pm.mmio_active = active;
	unmap_mapping_range(mapping, DRM_PANTHOR_USER_MMIO_OFFSET_32BIT,
			    PAGE_SIZE, 1);
	if (sizeof(unsigned long) >= 8)
		unmap_mapping_range(mapping, DRM_PANTHOR_USER_MMIO_OFFSET_64BIT,
				    PAGE_SIZE, 1);
	mutex_unlock(&tdev->pm.mmio_lock);
}

/**
 * tyr_pm_user_page_pfn() - What a userspace mapping of the USER page maps now
 * @tdev: The device.
 *
 * Called with &tyr_pm.mmio_lock held, from the mapping's fault handler.
 *
 * Return: The page frame number of the GPU's USER page while the GPU is
 * powered, of the dummy flush page otherwise.
 */
unsigned long tyr_pm_user_page_pfn(struct tyr_device *tdev)
{
	lockdep_assert_held(&tdev->pm.mmio_lock);

	if (!tdev->pm.mmio_active)
		return page_to_pfn(tdev->pm.dummy_flush_page);

#if IS_ENABLED(CONFIG_DRM_TYR_MODEL)
	return page_to_pfn(tyr_model_user_page(tdev->model));
#else
	return PHYS_PFN(tdev->phys_base + TYR_USER_PAGE);
#endif
}

/**
 * tyr_pm_runtime_suspend() - Runtime-suspend callback
 * @dev: The GPU device.
 *
 * Return: 0; a GPU that does not quiesce is reset, then powered down anyway.
 */
int tyr_pm_runtime_suspend(struct device *dev)
{
	struct tyr_device *tdev = dev_get_drvdata(dev);

	tyr_pm_switch_mmio(tdev, false);
	tyr_device_suspend(tdev);
	tyr_devfreq_suspend(tdev);
	tyr_pm_power_off(tdev);
	return 0;
}

/**
 * tyr_pm_runtime_resume() - Runtime-resume callback
 * @dev: The GPU device.
 *
 * Return: 0 on success; -EIO, or the errno of the step that failed, if the
 * GPU cannot be brought back, in which case it is left powered down and the
 * device is marked unusable.
 */
int tyr_pm_runtime_resume(struct device *dev)
{
	struct tyr_device *tdev = dev_get_drvdata(dev);
	int ret;

	if (READ_ONCE(tdev->pm.unusable))
		return -EIO;

	ret = tyr_pm_power_on(tdev);
	if (ret)
		goto err_unusable;

	ret = tyr_device_resume(tdev);
	if (ret) {
		tyr_devfreq_suspend(tdev);
		tyr_pm_power_off(tdev);
		goto err_unusable;
	}

	tyr_pm_switch_mmio(tdev, true);
	return 0;

err_unusable:
	WRITE_ONCE(tdev->pm.unusable, true);
	drm_err(&tdev->base,
		"GPU did not resume (%d): unusable until the driver is bound again\n",
		ret);
	return ret;
}

/*
 * System sleep goes through the runtime-PM callbacks. A GPU reset must not
 * run while, or after, the GPU goes down: a pending one runs to its end
 * first, and none starts until the system is back (a GPU that was powered
 * down starts afresh anyway).
 */
static int tyr_pm_system_suspend(struct device *dev)
{
	struct tyr_device *tdev = dev_get_drvdata(dev);
	int ret;

	disable_work_sync(&tdev->reset.work);
	ret = pm_runtime_force_suspend(dev);
	if (ret)
		enable_work(&tdev->reset.work);
	return ret;
}

static int tyr_pm_system_resume(struct device *dev)
{
	struct tyr_device *tdev = dev_get_drvdata(dev);
	int ret;

	ret = pm_runtime_force_resume(dev);
	enable_work(&tdev->reset.work);
	return ret;
}

const struct dev_pm_ops tyr_pm_ops = {
	RUNTIME_PM_OPS(tyr_pm_runtime_suspend, tyr_pm_runtime_resume, NULL)
	SYSTEM_SLEEP_PM_OPS(tyr_pm_system_suspend, tyr_pm_system_resume)
};

/**
 * tyr_pm_get() - Power the GPU up and keep it so
 * @tdev: The device.
 *
 * Return: 0 with a runtime-PM reference held, to be dropped with
 * tyr_pm_put(); -EIO if the GPU is unusable, another negative errno if it
 * could not be resumed.
 */
int tyr_pm_get(struct tyr_device *tdev)
{
	int ret;

	if (READ_ONCE(tdev->pm.unusable))
		return -EIO;

	ret = pm_runtime_resume_and_get(tdev->base.dev);
	if (ret)
		return READ_ONCE(tdev->pm.unusable) ? -EIO : ret;

	return 0;
}

/**
 * tyr_pm_put() - Drop a reference taken by tyr_pm_get()
 * @tdev: The device.
 *
 * The GPU is suspended once it has been idle for the autosuspend delay.
 */
void tyr_pm_put(struct tyr_device *tdev)
{
	pm_runtime_mark_last_busy(tdev->base.dev);
	pm_runtime_put_autosuspend(tdev->base.dev);
}

/*
 * Last step of the teardown: no runtime-PM callback runs after
 * pm_runtime_disable(), so the GPU is powered down here if it is up. The
 * driver holds one runtime-PM reference at this point (the one probe or
 * removal took), dropped here.
 */
static void tyr_pm_release(void *data)
{
	struct tyr_device *tdev = data;
	struct device *dev = tdev->base.dev;

	pm_runtime_disable(dev);
	pm_runtime_dont_use_autosuspend(dev);
	if (!pm_runtime_status_suspended(dev)) {
		tyr_pm_switch_mmio(tdev, false);
		tyr_pm_power_off(tdev);
	}
	pm_runtime_set_suspended(dev);
	pm_runtime_put_noidle(dev);
}

static void tyr_pm_free_page(struct drm_device *ddev, void *page)
{
	__free_page(page);
}

/**
 * tyr_pm_init() - Power the GPU up and enable runtime PM
 * @tdev: The device, with its clocks and supplies.
 *
 * On success the GPU is powered and runtime PM holds a reference for the
 * caller, so that the GPU stays up while the device is brought up: drop it
 * with tyr_pm_put() once done. On failure later in probe, or at removal, the
 * reference is kept and released by the device-managed teardown, which also
 * powers the GPU down.
 *
 * Return: 0 on success, a negative errno otherwise.
 */
int tyr_pm_init(struct tyr_device *tdev)
{
	struct device *dev = tdev->base.dev;
	u32 *dummy;
	int ret;

	ret = drmm_mutex_init(&tdev->base, &tdev->pm.mmio_lock);
	if (ret)
		return ret;

	/* Userspace may keep mappings of it as long as the DRM device lives. */
	tdev->pm.dummy_flush_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!tdev->pm.dummy_flush_page)
		return -ENOMEM;
	ret = drmm_add_action_or_reset(&tdev->base, tyr_pm_free_page,
				       tdev->pm.dummy_flush_page);
	if (ret)
		return ret;
	dummy = kmap_local_page(tdev->pm.dummy_flush_page);
	dummy[TYR_USER_LATEST_FLUSH / 4] = 1;
	kunmap_local(dummy);

	ret = tyr_pm_power_on(tdev);
	if (ret)
		return dev_err_probe(dev, ret, "cannot power the GPU\n");

	pm_runtime_set_autosuspend_delay(dev, TYR_PM_AUTOSUSPEND_MS);
	pm_runtime_use_autosuspend(dev);
	pm_runtime_get_noresume(dev);
	ret = pm_runtime_set_active(dev);
	if (ret) {
		pm_runtime_put_noidle(dev);
		pm_runtime_dont_use_autosuspend(dev);
		tyr_pm_power_off(tdev);
		return ret;
	}
	pm_runtime_enable(dev);
	tdev->pm.mmio_active = true;

	return devm_add_action_or_reset(dev, tyr_pm_release, tdev);
}
