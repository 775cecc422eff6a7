/* SPDX-License-Identifier: GPL-2.0 or MIT */
#ifndef __TYR_TEST_H__
#define __TYR_TEST_H__

#include <linux/clk-provider.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/regulator/driver.h>

#include <kunit/test.h>

#include "../tyr_device.h"
#include "../tyr_model.h"

/**
 * struct tyr_test_clk - A clock whose rate can be set to anything
 */
struct tyr_test_clk {
	/** @hw: The clock. */
	struct clk_hw hw;
	/** @rate: Its rate. */
	unsigned long rate;
	/** @enabled: Whether it runs. */
	bool enabled;
	/** @enables: Times it was enabled. */
	unsigned int enables;
	/** @disables: Times it was disabled. */
	unsigned int disables;
};

/**
 * struct tyr_test_supply - A regulator standing for a GPU supply
 */
struct tyr_test_supply {
	/** @desc: The regulator. */
	struct regulator_desc desc;
	/** @enabled: Whether the rail is on. */
	bool enabled;
	/** @enables: Times the rail was switched on. */
	unsigned int enables;
	/** @disables: Times the rail was switched off. */
	unsigned int disables;
};

/**
 * struct tyr_test_gpu - A Tyr device on a model GPU, torn down with the test
 */
struct tyr_test_gpu {
	/** @test: The test owning the device. */
	struct kunit *test;
	/** @dev: Platform device standing for the GPU, with no driver. */
	struct device *dev;
	/** @model: The model GPU. */
	struct tyr_model *model;
	/** @tdev: The Tyr device (not registered with DRM). */
	struct tyr_device *tdev;
	/** @clk: The GPU's "core" clock. */
	struct tyr_test_clk clk;
	/** @supplies: The "mali" and "sram" supplies. */
	struct tyr_test_supply supplies[TYR_SUPPLY_COUNT];
	/**
	 * @pm_ref: The fixture holds the runtime-PM reference that probe
	 * holds while it brings the device up (see tyr_test_gpu_init()).
	 */
	bool pm_ref;
};

/* Where the synthetic firmware images put their data. */
#define TYR_TEST_FW_DATA_AT	0x400

/**
 * struct tyr_test_fw_img - A synthetic firmware image being written
 */
struct tyr_test_fw_img {
	/** @buf: The image. */
	u8 buf[0x1000];
	/** @at: Where the next entry goes. */
	u32 at;
};

extern const struct tyr_model_config tyr_test_fast_config;

struct tyr_test_gpu *tyr_test_gpu_create(struct kunit *test,
					 const struct tyr_model_config *cfg);
int tyr_test_gpu_init(struct tyr_test_gpu *gpu);
void tyr_test_gpu_pm_put(struct tyr_test_gpu *gpu);
void tyr_test_gpu_register(struct tyr_test_gpu *gpu);
void tyr_test_gpu_remove(struct tyr_test_gpu *gpu);
void tyr_test_gpu_unbind(struct tyr_test_gpu *gpu);
struct file *tyr_test_open(struct tyr_test_gpu *gpu);
void tyr_test_close_now(struct tyr_test_gpu *gpu, struct file *file);
struct tyr_model *tyr_test_model_create(struct kunit *test,
					const struct tyr_model_config *cfg);
void *tyr_test_page(struct kunit *test, phys_addr_t *phys);
struct dma_fence *tyr_test_fence(struct kunit *test);

void tyr_test_fw_header(struct tyr_test_fw_img *img);
u8 *tyr_test_fw_entry(struct tyr_test_fw_img *img, u32 type, bool optional,
		      u32 size);
void tyr_test_fw_iface(struct tyr_test_fw_img *img, u32 flags, u32 va_start,
		       u32 va_end, u32 data_start, u32 data_end);
void tyr_test_fw_finish(struct tyr_test_fw_img *img);
void tyr_test_fw_valid(struct tyr_test_fw_img *img);

/*
 * What a test waits for must happen; the bound a test gives is what it
 * takes on an idle host, stretched TYR_TEST_SLACK times (to a minute at
 * most, below the hung-task detector's and KUnit's timeouts) so that a host
 * busy with other work (the model's timers and work items running late)
 * fails no test. A test that passes waits no longer than what it waits for
 * takes.
 */
#define TYR_TEST_SLACK		20
#define TYR_TEST_WAIT_MAX_MS	60000

/*
 * What a test's wait for a fence returns when the fence has not signalled
 * within its bound: never a fence's status, which is 0 or an errno.
 */
#define TYR_TEST_PENDING	1

/* The bound of a wait for what takes up to @ms on an idle host. */
static inline u64 tyr_test_slack_ms(u64 ms)
{
	return min(ms * TYR_TEST_SLACK, max_t(u64, ms, TYR_TEST_WAIT_MAX_MS));
}

/* Poll @cond for up to tyr_test_slack_ms(@ms); true if it became true. */
#define tyr_test_wait_until(cond, ms) ({				\
	unsigned long __tyr_end = jiffies +				\
		msecs_to_jiffies(tyr_test_slack_ms(ms)) + 1;		\
	bool __tyr_ok;							\
									\
	while (!(__tyr_ok = !!(cond)) &&				\
	       time_before(jiffies, __tyr_end))			\
		usleep_range(50, 100);					\
	__tyr_ok;							\
})

#endif /* __TYR_TEST_H__ */
