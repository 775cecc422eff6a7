// SPDX-License-Identifier: GPL-2.0 or MIT
/*
 * KUnit tests of the GPU bring-up of Tyr against the model.
 */

#include <linux/bitfield.h>
#include <linux/dma-map-ops.h>

#include <kunit/test.h>

#include <drm/panthor_drm.h>

#include "../tyr_device.h"
#include "../tyr_gpu.h"
#include "../tyr_regs.h"
#include "tyr_test.h"

static void tyr_gpu_test_id_decoding(struct kunit *test)
{
	u32 id = 0xa8670005;

	KUNIT_EXPECT_EQ(test, FIELD_GET(TYR_GPU_ID_ARCH_MAJOR, id), 10);
	KUNIT_EXPECT_EQ(test, FIELD_GET(TYR_GPU_ID_ARCH_MINOR, id), 8);
	KUNIT_EXPECT_EQ(test, FIELD_GET(TYR_GPU_ID_ARCH_REV, id), 6);
	KUNIT_EXPECT_EQ(test, FIELD_GET(TYR_GPU_ID_PROD_MAJOR, id), 7);
	KUNIT_EXPECT_EQ(test, FIELD_GET(TYR_GPU_ID_VER_MAJOR, id), 0);
	KUNIT_EXPECT_EQ(test, FIELD_GET(TYR_GPU_ID_VER_MINOR, id), 0);
	KUNIT_EXPECT_EQ(test, FIELD_GET(TYR_GPU_ID_VER_STATUS, id), 5);

	/* Our field masks agree with the uAPI's decoding macros. */
	KUNIT_EXPECT_EQ(test, FIELD_GET(TYR_GPU_ID_ARCH_MAJOR, id),
			DRM_PANTHOR_ARCH_MAJOR(id));
	KUNIT_EXPECT_EQ(test, FIELD_GET(TYR_GPU_ID_VER_MINOR, 0x12345678),
			DRM_PANTHOR_VERSION_MINOR(0x12345678));

	KUNIT_EXPECT_STREQ(test, tyr_gpu_name(id), "Mali-G610");
	/* The version fields do not matter, the product does. */
	KUNIT_EXPECT_STREQ(test, tyr_gpu_name(0xa867a1f0), "Mali-G610");
	KUNIT_EXPECT_STREQ(test, tyr_gpu_name(0xa8680005), "Mali (unknown)");
	KUNIT_EXPECT_STREQ(test, tyr_gpu_name(0xb8670005), "Mali (unknown)");
}

static void tyr_gpu_test_bring_up(struct kunit *test)
{
	struct tyr_test_gpu *gpu = tyr_test_gpu_create(test, NULL);
	struct drm_panthor_gpu_info *info = &gpu->tdev->gpu_info;
	struct tyr_model_stats stats;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, tyr_test_gpu_init(gpu), 0);

	KUNIT_EXPECT_EQ(test, info->gpu_id, 0xa8670005);
	KUNIT_EXPECT_EQ(test, info->csf_id, 0x040a0412);
	KUNIT_EXPECT_EQ(test, info->l2_features, 0x07120306);
	KUNIT_EXPECT_EQ(test, info->tiler_features, 0x809);
	KUNIT_EXPECT_EQ(test, info->mem_features, 0x301);
	KUNIT_EXPECT_EQ(test, info->mmu_features, 0x2830);
	KUNIT_EXPECT_EQ(test, info->thread_features, 0x04010000);
	KUNIT_EXPECT_EQ(test, info->max_threads, 2048);
	KUNIT_EXPECT_EQ(test, info->thread_max_workgroup_size, 1024);
	KUNIT_EXPECT_EQ(test, info->thread_max_barrier_size, 1024);
	KUNIT_EXPECT_EQ(test, info->texture_features[0], 0xc1ffff9e);
	KUNIT_EXPECT_EQ(test, info->as_present, 0xff);
	KUNIT_EXPECT_EQ(test, info->shader_present, 0x50005);
	KUNIT_EXPECT_EQ(test, info->tiler_present, 1);
	KUNIT_EXPECT_EQ(test, info->l2_present, 1);
	KUNIT_EXPECT_EQ(test, info->pad0, 0);
	KUNIT_EXPECT_EQ(test, info->pad, 0);

	/* Decoded features: 64-byte L2 lines, 48-bit VA, 40-bit PA. */
	KUNIT_EXPECT_EQ(test, 1u << FIELD_GET(TYR_L2_FEATURES_LOG2_LINE,
					      info->l2_features), 64);
	KUNIT_EXPECT_EQ(test, DRM_PANTHOR_MMU_VA_BITS(info->mmu_features), 48);
	KUNIT_EXPECT_EQ(test, FIELD_GET(TYR_MMU_FEATURES_PA_BITS,
					info->mmu_features), 40);
	KUNIT_EXPECT_EQ(test, hweight64(info->shader_present), 4);
	KUNIT_EXPECT_STREQ(test, gpu->tdev->gpu.name, "Mali-G610");

	/* One soft reset was enough, and the L2 is up. */
	tyr_model_get_stats(gpu->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.resets, 1);
	KUNIT_EXPECT_EQ(test, stats.bad_accesses, 0);
	KUNIT_EXPECT_EQ(test, stats.ro_writes, 0);
	KUNIT_EXPECT_EQ(test, tyr_read(gpu->tdev, TYR_PWR_READY(TYR_PWR_L2)), 1);
	KUNIT_EXPECT_EQ(test, tyr_read(gpu->tdev, TYR_PWR_PWRTRANS(TYR_PWR_L2)), 0);
	/* The driver powers the L2 only: shader and tiler are the firmware's. */
	KUNIT_EXPECT_EQ(test, tyr_read(gpu->tdev, TYR_PWR_READY(TYR_PWR_SHADER)), 0);

	/* All three interrupt blocks are connected, the GPU one unmasked. */
	for (i = 0; i < TYR_IRQ_BLOCK_COUNT; i++)
		KUNIT_EXPECT_TRUE(test, tyr_model_irq_attached(gpu->model, i));
	KUNIT_EXPECT_NE(test, tyr_read(gpu->tdev, TYR_GPU_IRQ_BASE + TYR_IRQ_MASK) &
			TYR_GPU_IRQ_RESET_COMPLETED, 0);
	KUNIT_EXPECT_GE(test, stats.irqs_delivered[TYR_IRQ_GPU], 1);
}

static void tyr_gpu_test_reset_timeout(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_test_gpu *gpu;
	struct tyr_model_stats stats;
	unsigned int i;

	cfg.reset_hangs = true;
	gpu = tyr_test_gpu_create(test, &cfg);

	KUNIT_EXPECT_EQ(test, tyr_test_gpu_init(gpu), -ETIMEDOUT);

	/* Soft, then hard reset were tried. */
	tyr_model_get_stats(gpu->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.resets, 2);

	/* Nothing is left connected. */
	for (i = 0; i < TYR_IRQ_BLOCK_COUNT; i++)
		KUNIT_EXPECT_FALSE(test, tyr_model_irq_attached(gpu->model, i));
	KUNIT_EXPECT_EQ(test, tyr_read(gpu->tdev, TYR_PWR_READY(TYR_PWR_L2)), 0);
}

static void tyr_gpu_test_l2_timeout(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_test_gpu *gpu;
	unsigned int i;

	cfg.stuck_domains = BIT(TYR_PWR_L2);
	gpu = tyr_test_gpu_create(test, &cfg);

	KUNIT_EXPECT_EQ(test, tyr_test_gpu_init(gpu), -ETIMEDOUT);

	for (i = 0; i < TYR_IRQ_BLOCK_COUNT; i++)
		KUNIT_EXPECT_FALSE(test, tyr_model_irq_attached(gpu->model, i));

	/* The half-done power-up was withdrawn. */
	KUNIT_EXPECT_EQ(test, tyr_read(gpu->tdev, TYR_PWR_READY(TYR_PWR_L2)), 0);
	KUNIT_EXPECT_EQ(test, tyr_read(gpu->tdev, TYR_PWR_PWRTRANS(TYR_PWR_L2)), 0);
}

/* A slow but finite reset is waited for. */
static void tyr_gpu_test_slow_reset(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_test_gpu *gpu;
	struct tyr_model_stats stats;

	cfg.reset_delay_us = 30000;
	cfg.pwr_delay_us[TYR_PWR_L2] = 5000;
	gpu = tyr_test_gpu_create(test, &cfg);

	KUNIT_ASSERT_EQ(test, tyr_test_gpu_init(gpu), 0);
	tyr_model_get_stats(gpu->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.resets, 1);
	KUNIT_EXPECT_EQ(test, tyr_read(gpu->tdev, TYR_PWR_READY(TYR_PWR_L2)), 1);
}

static void tyr_gpu_test_reset_restores(struct kunit *test)
{
	struct tyr_test_gpu *gpu = tyr_test_gpu_create(test, NULL);
	struct tyr_device *tdev = gpu->tdev;
	struct tyr_model_stats stats;
	unsigned int i;
	u32 masks[TYR_IRQ_BLOCK_COUNT];

	KUNIT_ASSERT_EQ(test, tyr_test_gpu_init(gpu), 0);
	for (i = 0; i < TYR_IRQ_BLOCK_COUNT; i++)
		masks[i] = tyr_read(tdev, tdev->irqs[i].base + TYR_IRQ_MASK);

	for (i = 0; i < 20; i++)
		KUNIT_ASSERT_EQ(test, tyr_device_reset(tdev), 0);

	tyr_model_get_stats(gpu->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.resets, 21);
	KUNIT_EXPECT_EQ(test, stats.pwr_transitions[TYR_PWR_L2], 21);
	KUNIT_EXPECT_EQ(test, tyr_read(tdev, TYR_PWR_READY(TYR_PWR_L2)), 1);
	for (i = 0; i < TYR_IRQ_BLOCK_COUNT; i++)
		KUNIT_EXPECT_EQ(test, tyr_read(tdev, tdev->irqs[i].base + TYR_IRQ_MASK),
				masks[i]);
}

/*
 * The coherency protocol follows the device's DMA coherency ("dma-coherent"
 * in the device tree; UML devices always are), and is programmed again
 * after every reset, which forgets it. Regression test: it was never
 * programmed.
 */
static void tyr_gpu_test_coherency(struct kunit *test)
{
	struct tyr_test_gpu *gpu = tyr_test_gpu_create(test, NULL);
	struct tyr_device *tdev = gpu->tdev;
	u32 want = dev_is_dma_coherent(gpu->dev) ? TYR_COHERENCY_ACE_LITE :
		   TYR_COHERENCY_NONE;
	struct tyr_model_stats stats;

	KUNIT_ASSERT_EQ(test, tyr_test_gpu_init(gpu), 0);
	KUNIT_EXPECT_EQ(test, tyr_read(tdev, TYR_COHERENCY_ENABLE), want);
	KUNIT_ASSERT_EQ(test, tyr_gpu_soft_reset(tdev), 0);
	KUNIT_EXPECT_EQ(test, tyr_read(tdev, TYR_COHERENCY_ENABLE),
			TYR_COHERENCY_NONE);
	KUNIT_ASSERT_EQ(test, tyr_device_reset(tdev), 0);
	KUNIT_EXPECT_EQ(test, tyr_read(tdev, TYR_COHERENCY_ENABLE), want);

	/* ACE is not a protocol of CSF GPUs: the model does not take it. */
	tyr_write(tdev, TYR_COHERENCY_ENABLE, TYR_COHERENCY_ACE);
	KUNIT_EXPECT_EQ(test, tyr_read(tdev, TYR_COHERENCY_ENABLE), want);
	tyr_model_get_stats(gpu->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.ro_writes, 1);
}

static void tyr_gpu_test_power_domains(struct kunit *test)
{
	struct tyr_test_gpu *gpu = tyr_test_gpu_create(test, NULL);
	struct tyr_device *tdev = gpu->tdev;

	KUNIT_ASSERT_EQ(test, tyr_test_gpu_init(gpu), 0);

	KUNIT_EXPECT_EQ(test, tyr_gpu_power_on(tdev, TYR_PWR_SHADER, 0x50005,
					       TYR_GPU_PWR_TIMEOUT_US), 0);
	KUNIT_EXPECT_EQ(test, tyr_read64(tdev, TYR_PWR_READY(TYR_PWR_SHADER)),
			0x50005);
	KUNIT_EXPECT_EQ(test, tyr_gpu_power_off(tdev, TYR_PWR_SHADER, 0x50000,
						TYR_GPU_PWR_TIMEOUT_US), 0);
	KUNIT_EXPECT_EQ(test, tyr_read64(tdev, TYR_PWR_READY(TYR_PWR_SHADER)), 0x5);

	/* Cores that do not exist never come up. */
	KUNIT_EXPECT_EQ(test, tyr_gpu_power_on(tdev, TYR_PWR_SHADER, BIT(40), 2000),
			-ETIMEDOUT);

	tyr_gpu_l2_power_off(tdev);
	KUNIT_EXPECT_EQ(test, tyr_read(tdev, TYR_PWR_READY(TYR_PWR_L2)), 0);
	KUNIT_EXPECT_EQ(test, tyr_gpu_l2_power_on(tdev), 0);
	KUNIT_EXPECT_EQ(test, tyr_read(tdev, TYR_PWR_READY(TYR_PWR_L2)), 1);
}

static void tyr_gpu_test_flush(struct kunit *test)
{
	struct tyr_test_gpu *gpu = tyr_test_gpu_create(test, NULL);
	struct tyr_model_stats stats;
	unsigned int i;

	KUNIT_ASSERT_EQ(test, tyr_test_gpu_init(gpu), 0);

	for (i = 0; i < 10; i++)
		KUNIT_EXPECT_EQ(test, tyr_gpu_flush_caches(gpu->tdev,
							   TYR_FLUSH_MODE_CLEAN_INV,
							   TYR_FLUSH_MODE_CLEAN_INV,
							   0), 0);

	tyr_model_get_stats(gpu->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.flushes, 10);
}

static void tyr_gpu_test_fault(struct kunit *test)
{
	struct tyr_test_gpu *gpu = tyr_test_gpu_create(test, NULL);
	u32 rawstat;

	KUNIT_ASSERT_EQ(test, tyr_test_gpu_init(gpu), 0);
	KUNIT_EXPECT_EQ(test, gpu->tdev->gpu.faults, 0);

	tyr_model_gpu_fault(gpu->model, 0x20088, 0x1000);
	KUNIT_EXPECT_TRUE(test, tyr_test_wait_until(gpu->tdev->gpu.faults == 1,
						    1000));
	/* Handled and cleared: the line is down. */
	rawstat = TYR_GPU_IRQ_BASE + TYR_IRQ_RAWSTAT;
	KUNIT_EXPECT_TRUE(test,
			  tyr_test_wait_until(!(tyr_read(gpu->tdev, rawstat) &
						TYR_GPU_IRQ_FAULT), 1000));
	KUNIT_EXPECT_EQ(test, tyr_read(gpu->tdev, TYR_GPU_IRQ_BASE + TYR_IRQ_STAT),
			0);
}

static void tyr_gpu_test_fini(struct kunit *test)
{
	struct tyr_test_gpu *gpu = tyr_test_gpu_create(test, NULL);
	struct tyr_device *tdev = gpu->tdev;

	KUNIT_ASSERT_EQ(test, tyr_device_init(tdev), 0);
	tyr_device_fini(tdev, true);

	KUNIT_EXPECT_EQ(test, tyr_read(tdev, TYR_PWR_READY(TYR_PWR_L2)), 0);
	KUNIT_EXPECT_EQ(test, tyr_read(tdev, TYR_GPU_IRQ_BASE + TYR_IRQ_MASK), 0);
	KUNIT_EXPECT_EQ(test, tyr_read(tdev, TYR_JOB_IRQ_BASE + TYR_IRQ_MASK), 0);
	KUNIT_EXPECT_EQ(test, tyr_read(tdev, TYR_MMU_IRQ_BASE + TYR_IRQ_MASK), 0);
}

static struct kunit_case tyr_gpu_test_cases[] = {
	KUNIT_CASE(tyr_gpu_test_id_decoding),
	KUNIT_CASE(tyr_gpu_test_bring_up),
	KUNIT_CASE(tyr_gpu_test_reset_timeout),
	KUNIT_CASE(tyr_gpu_test_l2_timeout),
	KUNIT_CASE(tyr_gpu_test_slow_reset),
	KUNIT_CASE(tyr_gpu_test_reset_restores),
	KUNIT_CASE(tyr_gpu_test_coherency),
	KUNIT_CASE(tyr_gpu_test_power_domains),
	KUNIT_CASE(tyr_gpu_test_flush),
	KUNIT_CASE(tyr_gpu_test_fault),
	KUNIT_CASE(tyr_gpu_test_fini),
	{}
};

static struct kunit_suite tyr_gpu_test_suite = {
	.name = "tyr_gpu",
	.test_cases = tyr_gpu_test_cases,
};

kunit_test_suite(tyr_gpu_test_suite);
