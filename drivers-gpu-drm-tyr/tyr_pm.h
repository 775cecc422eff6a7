/* SPDX-License-Identifier: GPL-2.0 or MIT */
#ifndef __TYR_PM_H__
#define __TYR_PM_H__

#include <linux/mutex.h>
#include <linux/pm.h>
#include <linux/types.h>

struct device;
struct page;
struct tyr_device;

/* Idle time after which the GPU is powered down, unless changed in sysfs. */
#define TYR_PM_AUTOSUSPEND_MS	50

/**
 * struct tyr_pm - Power management state of a device
 */
struct tyr_pm {
	/**
	 * @unusable: The GPU failed to come back from a suspend. It stays
	 * powered down and everything that needs it fails with -EIO until the
	 * driver is bound again.
	 */
	bool unusable;

	/**
	 * @mmio_lock: Serialises the faults of userspace mappings of the USER
	 * page with power transitions.
	 */
	struct mutex mmio_lock;

	/**
	 * @mmio_active: The GPU is powered: userspace mappings of the USER
	 * page get the real page, otherwise @dummy_flush_page.
	 */
	bool mmio_active;

	/**
	 * @dummy_flush_page: What userspace sees as LATEST_FLUSH_ID while the
	 * GPU is off: 1, a flush ID that never needs flushing again (the caches
	 * are clean after a power-down), as 0 would mean "always flush".
	 */
	struct page *dummy_flush_page;
};

extern const struct dev_pm_ops tyr_pm_ops;

int tyr_pm_get_resources(struct tyr_device *tdev);
int tyr_pm_init(struct tyr_device *tdev);
int tyr_pm_get(struct tyr_device *tdev);
void tyr_pm_put(struct tyr_device *tdev);
int tyr_pm_runtime_suspend(struct device *dev);
int tyr_pm_runtime_resume(struct device *dev);
unsigned long tyr_pm_user_page_pfn(struct tyr_device *tdev);

#endif /* __TYR_PM_H__ */
