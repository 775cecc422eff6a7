// SPDX-License-Identifier: GPL-2.0 or MIT
/*
 * KUnit tests of Tyr's power management: runtime PM, system sleep, resume
 * failures and devfreq, on the model GPU, with a real clock, real fixed
 * regulators and the real runtime-PM, OPP and devfreq cores.
 */

#include <linux/devfreq.h>
#include <linux/mman.h>
#include <linux/pm_opp.h>
#include <linux/pm_runtime.h>
#include <linux/uaccess.h>

#include <kunit/test.h>

#include <drm/panthor_drm.h>

#include "../tyr_devfreq.h"
#include "../tyr_device.h"
#include "../tyr_drv.h"
#include "../tyr_pm.h"
#include "../tyr_regs.h"
#include "tyr_test.h"

/* Room for any query object. */
#define TYR_PM_TEST_UBUF_SIZE	PAGE_SIZE

#define MHZ(x)			((x) * 1000000ul)

static const unsigned long tyr_pm_test_opps[] = {
	MHZ(200), MHZ(300), MHZ(400), MHZ(500),
};

/* Run a DEV_QUERY of @type into user memory, as an ioctl would. */
static int tyr_pm_test_query(struct kunit *test, struct tyr_test_gpu *gpu,
			     u32 type)
{
	struct drm_panthor_dev_query args = {
		.type = type,
		.size = sizeof(struct drm_panthor_gpu_info),
	};
	unsigned long ubuf;

	ubuf = kunit_vm_mmap(test, NULL, 0, TYR_PM_TEST_UBUF_SIZE,
			     PROT_READ | PROT_WRITE,
			     MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE_MSG(test, ubuf, 0, "no user memory");
	args.pointer = ubuf;

	return tyr_ioctl_dev_query(&gpu->tdev->base, &args, NULL);
}

/* A snapshot of the model's statistics, on the heap: they are large. */
static struct tyr_model_stats *tyr_pm_test_stats(struct tyr_test_gpu *gpu)
{
	struct tyr_model_stats *stats;

	stats = kunit_kzalloc(gpu->test, sizeof(*stats), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(gpu->test, stats);
	tyr_model_get_stats(gpu->model, stats);
	return stats;
}

/* With a runtime-PM reference held: the GPU is as the driver set it up. */
static void tyr_pm_test_expect_programmed(struct kunit *test,
					  struct tyr_test_gpu *gpu)
{
	struct tyr_device *tdev = gpu->tdev;
	unsigned int i;

	KUNIT_EXPECT_TRUE(test, pm_runtime_active(gpu->dev));
	KUNIT_EXPECT_TRUE(test, tyr_model_powered(gpu->model));
	KUNIT_EXPECT_TRUE(test, gpu->clk.enabled);
	for (i = 0; i < TYR_SUPPLY_COUNT; i++)
		KUNIT_EXPECT_TRUE(test, gpu->supplies[i].enabled);
	KUNIT_EXPECT_EQ(test, tyr_read64(tdev, TYR_PWR_READY(TYR_PWR_L2)),
			tdev->gpu_info.l2_present);
	for (i = 0; i < TYR_IRQ_BLOCK_COUNT; i++) {
		KUNIT_EXPECT_FALSE(test, tdev->irqs[i].suspended);
		KUNIT_EXPECT_EQ(test, tyr_read(tdev, tdev->irqs[i].base +
					       TYR_IRQ_MASK),
				tdev->irqs[i].events);
	}
}

/* The GPU is suspended: unpowered, clock stopped, handlers quiet. */
static void tyr_pm_test_expect_suspended(struct kunit *test,
					 struct tyr_test_gpu *gpu)
{
	unsigned int i;

	KUNIT_EXPECT_TRUE(test, pm_runtime_status_suspended(gpu->dev));
	KUNIT_EXPECT_FALSE(test, tyr_model_powered(gpu->model));
	KUNIT_EXPECT_FALSE(test, gpu->clk.enabled);
	for (i = 0; i < TYR_SUPPLY_COUNT; i++)
		KUNIT_EXPECT_FALSE(test, gpu->supplies[i].enabled);
	for (i = 0; i < TYR_IRQ_BLOCK_COUNT; i++)
		KUNIT_EXPECT_TRUE(test, gpu->tdev->irqs[i].suspended);
}

static struct tyr_test_gpu *tyr_pm_test_gpu(struct kunit *test)
{
	struct tyr_test_gpu *gpu = tyr_test_gpu_create(test, NULL);

	KUNIT_ASSERT_EQ(test, tyr_test_gpu_init(gpu), 0);
	return gpu;
}

static void tyr_pm_test_cycles(struct kunit *test)
{
	struct tyr_test_gpu *gpu = tyr_pm_test_gpu(test);
	struct tyr_model_stats *before, *after;
	struct device *dev = gpu->dev;
	unsigned int i, clk_enables;

	before = tyr_pm_test_stats(gpu);
	clk_enables = gpu->clk.enables;

	for (i = 0; i < 1000; i++) {
		/* The fixture's reference goes, and comes back. */
		KUNIT_ASSERT_EQ(test, pm_runtime_put_sync_suspend(dev), 0);
		tyr_pm_test_expect_suspended(test, gpu);

		KUNIT_ASSERT_EQ(test, tyr_pm_get(gpu->tdev), 0);
		tyr_pm_test_expect_programmed(test, gpu);
		if (test->status == KUNIT_FAILURE)
			KUNIT_FAIL_AND_ABORT(test, "cycle %u went wrong", i);
	}

	after = tyr_pm_test_stats(gpu);
	KUNIT_EXPECT_EQ(test, after->power_offs - before->power_offs, 1000);
	KUNIT_EXPECT_EQ(test, after->power_ons - before->power_ons, 1000);
	KUNIT_EXPECT_EQ(test, after->unpowered_accesses, 0);
	KUNIT_EXPECT_EQ(test, after->resets, before->resets);
	KUNIT_EXPECT_EQ(test, gpu->clk.enables - clk_enables, 1000);
	KUNIT_EXPECT_EQ(test, gpu->clk.enables, gpu->clk.disables + 1);
	for (i = 0; i < TYR_SUPPLY_COUNT; i++) {
		KUNIT_EXPECT_EQ(test, gpu->supplies[i].disables, 1000);
		KUNIT_EXPECT_EQ(test, gpu->supplies[i].enables, 1001);
	}
	/* Only the fixture's reference is left. */
	KUNIT_EXPECT_EQ(test, atomic_read(&dev->power.usage_count), 1);
	KUNIT_EXPECT_FALSE(test, gpu->tdev->pm.unusable);
}

static void tyr_pm_test_autosuspend(struct kunit *test)
{
	struct tyr_test_gpu *gpu = tyr_pm_test_gpu(test);
	struct tyr_model_stats *before, *after;
	struct device *dev = gpu->dev;

	KUNIT_EXPECT_EQ(test, dev->power.autosuspend_delay,
			TYR_PM_AUTOSUSPEND_MS);
	pm_runtime_set_autosuspend_delay(dev, 20);

	/* Probe is done: left idle, the GPU goes to sleep. */
	tyr_test_gpu_pm_put(gpu);
	KUNIT_EXPECT_TRUE(test, pm_runtime_active(dev));
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(pm_runtime_status_suspended(dev),
						    1000));
	tyr_pm_test_expect_suspended(test, gpu);

	/* Cached information does not wake it. */
	before = tyr_pm_test_stats(gpu);
	KUNIT_EXPECT_EQ(test, tyr_pm_test_query(test, gpu,
						DRM_PANTHOR_DEV_QUERY_GPU_INFO), 0);
	KUNIT_EXPECT_TRUE(test, pm_runtime_status_suspended(dev));
	after = tyr_pm_test_stats(gpu);
	KUNIT_EXPECT_EQ(test, after->power_ons, before->power_ons);

	/* The timestamp does, and it goes back to sleep afterwards. */
	KUNIT_EXPECT_EQ(test, tyr_pm_test_query(test, gpu,
						DRM_PANTHOR_DEV_QUERY_TIMESTAMP_INFO),
			0);
	after = tyr_pm_test_stats(gpu);
	KUNIT_EXPECT_EQ(test, after->power_ons, before->power_ons + 1);
	KUNIT_EXPECT_TRUE(test, tyr_test_wait_until(pm_runtime_status_suspended(dev),
						    1000));
	after = tyr_pm_test_stats(gpu);
	KUNIT_EXPECT_EQ(test, after->power_offs, before->power_offs + 1);
	KUNIT_EXPECT_EQ(test, after->unpowered_accesses, 0);
	tyr_pm_test_expect_suspended(test, gpu);
}

/* What the PM core does around the system sleep callbacks. */
static void tyr_pm_test_system_sleep_cycle(struct kunit *test,
					   struct tyr_test_gpu *gpu)
{
	/* device_prepare() */
	pm_runtime_get_noresume(gpu->dev);
	KUNIT_EXPECT_EQ(test, tyr_pm_ops.suspend(gpu->dev), 0);
	tyr_pm_test_expect_suspended(test, gpu);
	KUNIT_EXPECT_EQ(test, tyr_pm_ops.resume(gpu->dev), 0);
	/* device_complete() */
	pm_runtime_put(gpu->dev);
}

static void tyr_pm_test_system_sleep(struct kunit *test)
{
	struct tyr_test_gpu *gpu;
	struct tyr_model_stats *before, *after;
	struct device *dev;

	if (!IS_ENABLED(CONFIG_PM_SLEEP))
		kunit_skip(test, "no system sleep in this kernel");

	gpu = tyr_pm_test_gpu(test);
	dev = gpu->dev;

	/* In use: suspended and resumed with everything reprogrammed. */
	before = tyr_pm_test_stats(gpu);
	tyr_pm_test_system_sleep_cycle(test, gpu);
	tyr_pm_test_expect_programmed(test, gpu);
	after = tyr_pm_test_stats(gpu);
	KUNIT_EXPECT_EQ(test, after->power_offs, before->power_offs + 1);
	KUNIT_EXPECT_EQ(test, after->power_ons, before->power_ons + 1);
	KUNIT_EXPECT_EQ(test, tyr_pm_test_query(test, gpu,
						DRM_PANTHOR_DEV_QUERY_TIMESTAMP_INFO),
			0);

	/* Idle: it stays asleep through the system sleep. */
	pm_runtime_set_autosuspend_delay(dev, 1);
	tyr_test_gpu_pm_put(gpu);
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(pm_runtime_status_suspended(dev),
						    1000));
	before = tyr_pm_test_stats(gpu);
	tyr_pm_test_system_sleep_cycle(test, gpu);
	KUNIT_EXPECT_TRUE(test, pm_runtime_status_suspended(dev));
	after = tyr_pm_test_stats(gpu);
	KUNIT_EXPECT_EQ(test, after->power_ons, before->power_ons);
	KUNIT_EXPECT_EQ(test, after->power_offs, before->power_offs);

	/* And wakes up for the next user. */
	KUNIT_EXPECT_EQ(test, tyr_pm_test_query(test, gpu,
						DRM_PANTHOR_DEV_QUERY_TIMESTAMP_INFO),
			0);
	after = tyr_pm_test_stats(gpu);
	KUNIT_EXPECT_EQ(test, after->power_ons, before->power_ons + 1);
	KUNIT_EXPECT_EQ(test, after->unpowered_accesses, 0);
}

static void tyr_pm_test_resume_failure(struct kunit *test)
{
	struct tyr_test_gpu *gpu = tyr_pm_test_gpu(test);
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_model_stats *before, *after;
	struct device *dev = gpu->dev;
	unsigned int i;

	pm_runtime_set_autosuspend_delay(dev, 1);
	tyr_test_gpu_pm_put(gpu);
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(pm_runtime_status_suspended(dev),
						    1000));

	/* The L2 will never come up again. */
	cfg.stuck_domains = BIT(TYR_PWR_L2);
	tyr_model_set_config(gpu->model, &cfg);

	before = tyr_pm_test_stats(gpu);
	KUNIT_EXPECT_EQ(test, tyr_pm_get(gpu->tdev), -EIO);
	KUNIT_EXPECT_TRUE(test, gpu->tdev->pm.unusable);
	tyr_pm_test_expect_suspended(test, gpu);
	after = tyr_pm_test_stats(gpu);
	/* It was tried, with a reset in between, and powered down again. */
	KUNIT_EXPECT_EQ(test, after->power_ons, before->power_ons + 1);
	KUNIT_EXPECT_EQ(test, after->power_offs, before->power_offs + 1);
	KUNIT_EXPECT_GT(test, after->resets, before->resets);
	for (i = 0; i < TYR_SUPPLY_COUNT; i++)
		KUNIT_EXPECT_EQ(test, gpu->supplies[i].disables, 2);
	KUNIT_EXPECT_EQ(test, gpu->clk.enables, gpu->clk.disables);

	/* What needs the GPU fails; what does not still works. */
	KUNIT_EXPECT_EQ(test, tyr_pm_test_query(test, gpu,
						DRM_PANTHOR_DEV_QUERY_TIMESTAMP_INFO),
			-EIO);
	KUNIT_EXPECT_EQ(test, tyr_pm_test_query(test, gpu,
						DRM_PANTHOR_DEV_QUERY_GPU_INFO), 0);

	/* No further attempt, no reference left behind. */
	KUNIT_EXPECT_EQ(test, tyr_pm_get(gpu->tdev), -EIO);
	after = tyr_pm_test_stats(gpu);
	KUNIT_EXPECT_EQ(test, after->power_ons, before->power_ons + 1);
	KUNIT_EXPECT_EQ(test, after->unpowered_accesses, 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&dev->power.usage_count), 0);
}

static void tyr_pm_test_remove_opps(void *dev)
{
	dev_pm_opp_remove_all_dynamic(dev);
}

/* A GPU whose OPP table has tyr_pm_test_opps, set up before probe. */
static struct tyr_test_gpu *tyr_pm_test_devfreq_gpu(struct kunit *test)
{
	static const char * const clk_names[] = { "core", NULL };
	struct dev_pm_opp_config config = { .clk_names = clk_names };
	struct tyr_test_gpu *gpu = tyr_test_gpu_create(test, NULL);
	unsigned int i;

	KUNIT_ASSERT_GE(test, devm_pm_opp_set_config(gpu->dev, &config), 0);
	for (i = 0; i < ARRAY_SIZE(tyr_pm_test_opps); i++)
		KUNIT_ASSERT_EQ(test, dev_pm_opp_add(gpu->dev,
						     tyr_pm_test_opps[i], 0), 0);
	KUNIT_ASSERT_EQ(test, devm_add_action_or_reset(gpu->dev,
						       tyr_pm_test_remove_opps,
						       gpu->dev), 0);

	KUNIT_ASSERT_EQ(test, tyr_test_gpu_init(gpu), 0);
	KUNIT_ASSERT_NOT_NULL(test, gpu->tdev->devfreq.devfreq);
	return gpu;
}

/* Let the governor look at the load now, as its polling would. */
static void tyr_pm_test_devfreq_update(struct tyr_test_gpu *gpu)
{
	struct devfreq *devfreq = gpu->tdev->devfreq.devfreq;

	mutex_lock(&devfreq->lock);
	update_devfreq(devfreq);
	mutex_unlock(&devfreq->lock);
}

/*
 * Let devfreq judge a window that lies wholly in the current state: the
 * first update closes the window that began before the state changed,
 * which may hold any share of the other state (how long the test took to
 * get here depends on the host), the second one judges only the new state.
 */
static void tyr_pm_test_devfreq_settle(struct tyr_test_gpu *gpu)
{
	tyr_pm_test_devfreq_update(gpu);
	msleep(20);
	tyr_pm_test_devfreq_update(gpu);
}

static void tyr_pm_test_devfreq_load(struct kunit *test)
{
	struct tyr_test_gpu *gpu = tyr_pm_test_devfreq_gpu(test);
	struct tyr_devfreq *df = &gpu->tdev->devfreq;
	unsigned long min = tyr_pm_test_opps[0];
	unsigned long max = tyr_pm_test_opps[ARRAY_SIZE(tyr_pm_test_opps) - 1];

	/* It starts at the clock's rate, which is an OPP. */
	KUNIT_EXPECT_EQ(test, df->cur_freq, min);
	KUNIT_EXPECT_EQ(test, gpu->clk.rate, min);

	/* Busy: the frequency goes to the top. */
	tyr_devfreq_busy_begin(gpu->tdev);
	tyr_pm_test_devfreq_settle(gpu);
	KUNIT_EXPECT_EQ(test, df->cur_freq, max);
	KUNIT_EXPECT_EQ(test, gpu->clk.rate, max);

	/* Nested busy sections keep it busy. */
	tyr_devfreq_busy_begin(gpu->tdev);
	tyr_devfreq_busy_end(gpu->tdev);
	tyr_pm_test_devfreq_settle(gpu);
	KUNIT_EXPECT_EQ(test, df->cur_freq, max);

	/* Idle: it comes down. */
	tyr_devfreq_busy_end(gpu->tdev);
	tyr_pm_test_devfreq_settle(gpu);
	KUNIT_EXPECT_EQ(test, df->cur_freq, min);
	KUNIT_EXPECT_EQ(test, gpu->clk.rate, min);
}

static void tyr_pm_test_devfreq_table(struct kunit *test)
{
	struct tyr_test_gpu *gpu = tyr_pm_test_devfreq_gpu(test);
	struct devfreq_dev_profile *profile = &gpu->tdev->devfreq.profile;
	unsigned long freq;

	/* Above the table: the highest OPP. */
	freq = MHZ(1000);
	KUNIT_EXPECT_EQ(test, profile->target(gpu->dev, &freq, 0), 0);
	KUNIT_EXPECT_EQ(test, freq, MHZ(500));
	KUNIT_EXPECT_EQ(test, gpu->clk.rate, MHZ(500));

	/* Below it: the lowest. */
	freq = 1;
	KUNIT_EXPECT_EQ(test, profile->target(gpu->dev, &freq, 0), 0);
	KUNIT_EXPECT_EQ(test, freq, MHZ(200));
	KUNIT_EXPECT_EQ(test, gpu->clk.rate, MHZ(200));

	/* In between: the OPP above, or below when asked for a bound. */
	freq = MHZ(350);
	KUNIT_EXPECT_EQ(test, profile->target(gpu->dev, &freq, 0), 0);
	KUNIT_EXPECT_EQ(test, freq, MHZ(400));
	KUNIT_EXPECT_EQ(test, gpu->clk.rate, MHZ(400));
	freq = MHZ(350);
	KUNIT_EXPECT_EQ(test, profile->target(gpu->dev, &freq,
					      DEVFREQ_FLAG_LEAST_UPPER_BOUND), 0);
	KUNIT_EXPECT_EQ(test, freq, MHZ(300));
	KUNIT_EXPECT_EQ(test, gpu->clk.rate, MHZ(300));
	KUNIT_EXPECT_EQ(test, gpu->tdev->devfreq.cur_freq, MHZ(300));
}

static void tyr_pm_test_devfreq_suspend(struct kunit *test)
{
	struct tyr_test_gpu *gpu = tyr_pm_test_devfreq_gpu(test);
	struct devfreq_dev_profile *profile = &gpu->tdev->devfreq.profile;
	struct devfreq *devfreq = gpu->tdev->devfreq.devfreq;
	unsigned long freq = MHZ(400);

	KUNIT_ASSERT_EQ(test, profile->target(gpu->dev, &freq, 0), 0);

	/* Suspended: devfreq stops, the OPP is kept for the resume. */
	KUNIT_ASSERT_EQ(test, pm_runtime_put_sync_suspend(gpu->dev), 0);
	tyr_pm_test_expect_suspended(test, gpu);
	KUNIT_EXPECT_EQ(test, atomic_read(&devfreq->suspend_count), 1);

	KUNIT_ASSERT_EQ(test, tyr_pm_get(gpu->tdev), 0);
	tyr_pm_test_expect_programmed(test, gpu);
	KUNIT_EXPECT_EQ(test, atomic_read(&devfreq->suspend_count), 0);
	KUNIT_EXPECT_EQ(test, gpu->tdev->devfreq.cur_freq, MHZ(400));
	KUNIT_EXPECT_EQ(test, gpu->clk.rate, MHZ(400));
}

static struct kunit_case tyr_pm_test_cases[] = {
	KUNIT_CASE_SLOW(tyr_pm_test_cycles),
	KUNIT_CASE(tyr_pm_test_autosuspend),
	KUNIT_CASE(tyr_pm_test_system_sleep),
	KUNIT_CASE(tyr_pm_test_resume_failure),
	KUNIT_CASE(tyr_pm_test_devfreq_load),
	KUNIT_CASE(tyr_pm_test_devfreq_table),
	KUNIT_CASE(tyr_pm_test_devfreq_suspend),
	{}
};

static struct kunit_suite tyr_pm_test_suite = {
	.name = "tyr_pm",
	.test_cases = tyr_pm_test_cases,
};

kunit_test_suite(tyr_pm_test_suite);
