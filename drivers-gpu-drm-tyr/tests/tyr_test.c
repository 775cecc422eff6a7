// SPDX-License-Identifier: GPL-2.0 or MIT
/*
 * Fixtures shared by the Tyr KUnit suites.
 */

#include <kunit/device.h>

#include <drm/drm_drv.h>

#include "../tyr_drv.h"
#include "tyr_test.h"

/* Short but non-zero delays, so transitions are observable. */
const struct tyr_model_config tyr_test_fast_config = {
	.reset_delay_us = 20,
	.flush_delay_us = 5,
	.pwr_delay_us = { 5, 5, 10 },
};

static void tyr_test_model_destroy(void *data)
{
	struct tyr_test_gpu *gpu = data;

	if (gpu->model)
		tyr_model_destroy(gpu->model);
}

static void tyr_test_device_fini(void *data)
{
	struct tyr_test_gpu *gpu = data;

	tyr_device_fini(gpu->tdev);
}

/**
 * tyr_test_gpu_create() - A Tyr device on a new model
 * @test: The test.
 * @cfg: The model's configuration, NULL for tyr_test_fast_config.
 *
 * Teardown order, by KUnit's last-in first-out actions: tyr_device_fini() if
 * tyr_test_gpu_init() succeeded, then the device's unbind (devres: interrupt
 * handlers, DRM device), then the model.
 *
 * Return: The fixture; the test is aborted on failure.
 */
struct tyr_test_gpu *tyr_test_gpu_create(struct kunit *test,
					 const struct tyr_model_config *cfg)
{
	struct tyr_test_gpu *gpu;

	gpu = kunit_kzalloc(test, sizeof(*gpu), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, gpu);
	gpu->test = test;

	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   tyr_test_model_destroy,
							   gpu));

	gpu->dev = kunit_device_register(test, "tyr-gpu");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, gpu->dev);

	gpu->model = tyr_model_create(gpu->dev, cfg ?: &tyr_test_fast_config);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, gpu->model);

	gpu->tdev = devm_drm_dev_alloc(gpu->dev, &tyr_drm_driver,
				       struct tyr_device, base);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, gpu->tdev);
	gpu->tdev->model = gpu->model;

	return gpu;
}

/**
 * tyr_test_gpu_init() - Bring the fixture's GPU up
 * @gpu: The fixture.
 *
 * Return: What tyr_device_init() returned.
 */
int tyr_test_gpu_init(struct tyr_test_gpu *gpu)
{
	int ret;

	ret = tyr_device_init(gpu->tdev);
	if (ret)
		return ret;

	KUNIT_ASSERT_EQ(gpu->test, 0,
			kunit_add_action_or_reset(gpu->test,
						  tyr_test_device_fini, gpu));
	return 0;
}

static void tyr_test_model_free(void *model)
{
	tyr_model_destroy(model);
}

/**
 * tyr_test_model_create() - A bare model, with no driver attached
 * @test: The test.
 * @cfg: The model's configuration, NULL for tyr_test_fast_config.
 *
 * Return: The model; the test is aborted on failure.
 */
struct tyr_model *tyr_test_model_create(struct kunit *test,
					const struct tyr_model_config *cfg)
{
	struct tyr_model *model;

	model = tyr_model_create(NULL, cfg ?: &tyr_test_fast_config);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, model);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   tyr_test_model_free,
							   model));
	return model;
}
