/* SPDX-License-Identifier: GPL-2.0 or MIT */
#ifndef __TYR_TEST_H__
#define __TYR_TEST_H__

#include <linux/delay.h>
#include <linux/jiffies.h>

#include <kunit/test.h>

#include "../tyr_device.h"
#include "../tyr_model.h"

/**
 * struct tyr_test_gpu - A Tyr device on a model GPU, torn down with the test
 */
struct tyr_test_gpu {
	/** @test: The test owning the device. */
	struct kunit *test;
	/** @dev: KUnit device standing for the platform device. */
	struct device *dev;
	/** @model: The model GPU. */
	struct tyr_model *model;
	/** @tdev: The Tyr device (not registered with DRM). */
	struct tyr_device *tdev;
};

extern const struct tyr_model_config tyr_test_fast_config;

struct tyr_test_gpu *tyr_test_gpu_create(struct kunit *test,
					 const struct tyr_model_config *cfg);
int tyr_test_gpu_init(struct tyr_test_gpu *gpu);
struct tyr_model *tyr_test_model_create(struct kunit *test,
					const struct tyr_model_config *cfg);

/* Poll @cond for up to @ms milliseconds; true if it became true. */
#define tyr_test_wait_until(cond, ms) ({				\
	unsigned long __tyr_end = jiffies + msecs_to_jiffies(ms) + 1;	\
	bool __tyr_ok;							\
									\
	while (!(__tyr_ok = !!(cond)) &&				\
	       time_before(jiffies, __tyr_end))			\
		usleep_range(50, 100);					\
	__tyr_ok;							\
})

#endif /* __TYR_TEST_H__ */
