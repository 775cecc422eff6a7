/* SPDX-License-Identifier: GPL-2.0 or MIT */
#ifndef __TYR_DEVFREQ_H__
#define __TYR_DEVFREQ_H__

#include <linux/devfreq.h>
#include <linux/ktime.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct tyr_device;

/* How often the governor looks at the load: about three frames at 60 Hz. */
#define TYR_DEVFREQ_POLL_MS	50

/**
 * struct tyr_devfreq - Frequency scaling state of a device
 */
struct tyr_devfreq {
	/** @devfreq: The devfreq device; NULL without an OPP table. */
	struct devfreq *devfreq;

	/** @profile: What devfreq knows of the GPU. */
	struct devfreq_dev_profile profile;

	/** @gov: Thresholds of the simple_ondemand governor. */
	struct devfreq_simple_ondemand_data gov;

	/**
	 * @cur_freq: Frequency of the OPP last set, restored on resume.
	 * Written by the devfreq target callback and at initialisation only.
	 */
	unsigned long cur_freq;

	/** @lock: Protects the accounting fields below. */
	spinlock_t lock;

	/** @busy_count: Number of reasons the GPU is busy right now. */
	unsigned int busy_count;

	/** @busy_time: Busy time since the governor last looked. */
	ktime_t busy_time;

	/** @idle_time: Idle time since the governor last looked. */
	ktime_t idle_time;

	/** @last_update: When @busy_time or @idle_time was last updated. */
	ktime_t last_update;
};

int tyr_devfreq_opp_init(struct tyr_device *tdev);
int tyr_devfreq_init(struct tyr_device *tdev);
void tyr_devfreq_suspend(struct tyr_device *tdev);
int tyr_devfreq_resume(struct tyr_device *tdev);
void tyr_devfreq_busy_begin(struct tyr_device *tdev);
void tyr_devfreq_busy_end(struct tyr_device *tdev);
bool tyr_devfreq_rates(struct tyr_device *tdev, unsigned long *cur,
		       unsigned long *max);

#endif /* __TYR_DEVFREQ_H__ */
