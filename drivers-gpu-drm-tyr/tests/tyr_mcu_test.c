// SPDX-License-Identifier: GPL-2.0 or MIT
/*
 * KUnit tests of the firmware loading and of the MCU: boot against the
 * model, with synthetic images and with the real file when the kernel has
 * it; boot failures; pings; halt and restart around suspend; reload after a
 * reset; the CSIF_INFO query.
 */

#include <linux/firmware.h>
#include <linux/pm_runtime.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include <kunit/test.h>

#include "../tyr_drv.h"
#include "../tyr_fw.h"
#include "../tyr_fw_if.h"
#include "../tyr_mcu.h"
#include "tyr_test.h"

#define TYR_MCU_TEST_REAL	"arm/mali/arch10.8/mali_csffw.bin"

/* The data section of tyr_test_fw_valid(): 0x80 bytes of data, zeroed rest. */
#define DATA_VA			0x800000

struct tyr_mcu_test {
	struct tyr_test_gpu *gpu;
	struct tyr_test_fw_img *img;
};

/* A fixture GPU, powered, with no firmware yet. */
static struct tyr_mcu_test *tyr_mcu_test_setup(struct kunit *test,
					       const struct tyr_model_config *cfg)
{
	struct tyr_mcu_test *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	ctx->img = kunit_kzalloc(test, sizeof(*ctx->img), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->img);
	test->priv = ctx;

	ctx->gpu = tyr_test_gpu_create(test, cfg);
	KUNIT_ASSERT_EQ(test, tyr_test_gpu_init(ctx->gpu), 0);
	return ctx;
}

/* The same, with the valid synthetic image loaded, or the load's error. */
static int tyr_mcu_test_boot(struct kunit *test,
			     const struct tyr_model_config *cfg)
{
	struct tyr_mcu_test *ctx = tyr_mcu_test_setup(test, cfg);

	tyr_test_fw_valid(ctx->img);
	return tyr_fw_load(ctx->gpu->tdev, "synthetic", ctx->img->buf,
			   sizeof(ctx->img->buf));
}

static struct tyr_device *tyr_mcu_test_tdev(struct kunit *test)
{
	struct tyr_mcu_test *ctx = test->priv;

	return ctx->gpu->tdev;
}

static struct tyr_model *tyr_mcu_test_model(struct kunit *test)
{
	struct tyr_mcu_test *ctx = test->priv;

	return ctx->gpu->model;
}

static u8 *tyr_mcu_test_img(struct kunit *test)
{
	struct tyr_mcu_test *ctx = test->priv;

	return ctx->img->buf;
}

/* Global requests the firmware has not answered. */
static u32 tyr_mcu_test_pending(struct tyr_mcu *mcu)
{
	return (READ_ONCE(mcu->glb_input[TYR_GLB_IN_REQ / 4]) ^
		READ_ONCE(mcu->glb_output[TYR_GLB_OUT_ACK / 4])) &
	       TYR_GLB_REQ_MASK;
}

/* Whether the firmware's view of @va allows @access. */
static bool tyr_mcu_test_can(struct kunit *test, u64 va,
			     enum tyr_model_access access)
{
	u64 pa;

	return !tyr_model_translate(tyr_mcu_test_model(test), TYR_MMU_AS_MCU,
				    va, access, &pa, NULL);
}

static void tyr_mcu_test_boots(struct kunit *test)
{
	struct tyr_model_mcu_state state;
	struct tyr_device *tdev;
	struct tyr_mcu *mcu;
	u8 code[0x100];

	KUNIT_ASSERT_EQ(test, tyr_mcu_test_boot(test, NULL), 0);
	tdev = tyr_mcu_test_tdev(test);
	mcu = &tdev->mcu;

	KUNIT_EXPECT_TRUE(test, mcu->running);
	KUNIT_EXPECT_EQ(test, mcu->boots, 1);
	KUNIT_EXPECT_EQ(test, mcu->version, 0x01010000);
	/* The protected-mode section is left out. */
	KUNIT_EXPECT_EQ(test, mcu->section_count, 3);
	KUNIT_EXPECT_EQ(test, mcu->shared_size, 0xc000);
	KUNIT_EXPECT_EQ(test, tyr_vm_as(mcu->vm), TYR_MMU_AS_MCU);
	KUNIT_EXPECT_EQ(test, tyr_read(tdev, TYR_MCU_STATUS),
			TYR_MCU_STATUS_ENABLED);

	/* What the firmware got: cores, timers, idle events, its interrupts. */
	tyr_model_get_mcu_state(tyr_mcu_test_model(test), &state);
	KUNIT_EXPECT_EQ(test, state.core_en_mask, 0x50005);
	KUNIT_EXPECT_NE(test, state.poweroff_timer, 0);
	KUNIT_EXPECT_NE(test, state.idle_timer, 0);
	KUNIT_EXPECT_EQ(test, state.progress_timer,
			(u32)(2500000000ull >> TYR_GLB_TIMER_SHIFT));
	KUNIT_EXPECT_TRUE(test, state.idle_en);
	KUNIT_EXPECT_TRUE(test, state.ack_irq_mask & TYR_GLB_PING);
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_pending(mcu), 0);

	/* Code: read-only and executable, with the image's bytes. */
	KUNIT_EXPECT_TRUE(test, tyr_mcu_test_can(test, 0x0, TYR_MODEL_EXECUTE));
	KUNIT_EXPECT_FALSE(test, tyr_mcu_test_can(test, 0x0, TYR_MODEL_WRITE));
	KUNIT_EXPECT_TRUE(test, tyr_mcu_test_can(test, 0x1000, TYR_MODEL_READ));
	KUNIT_EXPECT_FALSE(test, tyr_mcu_test_can(test, 0x2000, TYR_MODEL_READ));
	KUNIT_ASSERT_EQ(test, tyr_model_gpu_access(tyr_mcu_test_model(test),
						   TYR_MMU_AS_MCU, 0x0, code,
						   sizeof(code),
						   TYR_MODEL_READ), 0);
	KUNIT_EXPECT_EQ(test, memcmp(code, tyr_mcu_test_img(test) +
				     TYR_TEST_FW_DATA_AT, sizeof(code)), 0);

	/* Data and the shared section: writable, never executable. */
	KUNIT_EXPECT_TRUE(test, tyr_mcu_test_can(test, DATA_VA, TYR_MODEL_WRITE));
	KUNIT_EXPECT_FALSE(test, tyr_mcu_test_can(test, DATA_VA,
						  TYR_MODEL_EXECUTE));
	KUNIT_EXPECT_TRUE(test, tyr_mcu_test_can(test, TYR_FW_SHARED_VA + 0xb000,
						 TYR_MODEL_WRITE));
	KUNIT_EXPECT_FALSE(test, tyr_mcu_test_can(test, TYR_FW_SHARED_VA,
						  TYR_MODEL_EXECUTE));
	/* The protected-mode section is nowhere. */
	KUNIT_EXPECT_FALSE(test, tyr_mcu_test_can(test, 0x3000000,
						  TYR_MODEL_READ));
}

static void tyr_mcu_test_csif_info(struct kunit *test)
{
	struct drm_panthor_csif_info info;
	struct tyr_device *tdev;

	KUNIT_ASSERT_EQ(test, tyr_mcu_test_boot(test, NULL), 0);
	tdev = tyr_mcu_test_tdev(test);

	memset(&info, 0xa5, sizeof(info));
	KUNIT_ASSERT_EQ(test, tyr_mcu_csif_info(tdev, &info), 0);
	KUNIT_EXPECT_EQ(test, info.csg_slot_count, 8);
	KUNIT_EXPECT_EQ(test, info.cs_slot_count, 8);
	KUNIT_EXPECT_EQ(test, info.cs_reg_count, 96);
	KUNIT_EXPECT_EQ(test, info.scoreboard_slot_count, 8);
	KUNIT_EXPECT_EQ(test, info.unpreserved_cs_reg_count, 4);
	KUNIT_EXPECT_EQ(test, info.pad, 0);

	/* Cached: answered while the GPU sleeps, without waking it. */
	tyr_test_gpu_pm_put(((struct tyr_mcu_test *)test->priv)->gpu);
	KUNIT_ASSERT_EQ(test, pm_runtime_suspend(tdev->base.dev), 0);
	KUNIT_ASSERT_EQ(test, tyr_mcu_csif_info(tdev, &info), 0);
	KUNIT_EXPECT_EQ(test, info.csg_slot_count, 8);
	KUNIT_EXPECT_TRUE(test, pm_runtime_suspended(tdev->base.dev));
}

/* Nothing left behind by a failed load: objects, slot, MCU. */
static void tyr_mcu_test_expect_unloaded(struct kunit *test)
{
	struct tyr_device *tdev = tyr_mcu_test_tdev(test);
	struct drm_panthor_csif_info info;

	KUNIT_EXPECT_FALSE(test, tdev->mcu.loaded);
	KUNIT_EXPECT_FALSE(test, tdev->mcu.running);
	KUNIT_EXPECT_EQ(test, tdev->gems.count, 0);
	KUNIT_EXPECT_NULL(test, tdev->mmu.owner[TYR_MMU_AS_MCU]);
	KUNIT_EXPECT_EQ(test, tyr_read(tdev, TYR_MCU_CONTROL),
			TYR_MCU_CONTROL_DISABLE);
	KUNIT_EXPECT_EQ(test, tyr_mcu_csif_info(tdev, &info), -ENODEV);
}

static void tyr_mcu_test_boot_timeout(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_model_mcu_state state;

	cfg.mcu_boot_hangs = true;
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_boot(test, &cfg), -ETIMEDOUT);
	tyr_mcu_test_expect_unloaded(test);

	tyr_model_get_mcu_state(tyr_mcu_test_model(test), &state);
	KUNIT_EXPECT_EQ(test, state.boots, 0);
}

/* A shared section too small for the interface the firmware writes. */
static void tyr_mcu_test_boot_fault(struct kunit *test)
{
	struct tyr_mcu_test *ctx = tyr_mcu_test_setup(test, NULL);
	struct tyr_model_mcu_state state;
	struct tyr_model_stats stats;

	tyr_test_fw_header(ctx->img);
	tyr_test_fw_iface(ctx->img, TYR_FW_SEC_RD | TYR_FW_SEC_EX, 0, 0x1000,
			  TYR_TEST_FW_DATA_AT, TYR_TEST_FW_DATA_AT + 0x100);
	tyr_test_fw_iface(ctx->img, TYR_FW_SEC_RD | TYR_FW_SEC_WR |
			  TYR_FW_SEC_SHARED | TYR_FW_SEC_ZERO,
			  TYR_FW_SHARED_VA, TYR_FW_SHARED_VA + 0x1000, 0, 0);
	tyr_test_fw_finish(ctx->img);
	KUNIT_EXPECT_EQ(test, tyr_fw_load(ctx->gpu->tdev, "small", ctx->img->buf,
					  sizeof(ctx->img->buf)), -EIO);
	tyr_mcu_test_expect_unloaded(test);

	tyr_model_get_stats(ctx->gpu->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.mcu_boot_failures, 1);
	tyr_model_get_mcu_state(ctx->gpu->model, &state);
	KUNIT_EXPECT_EQ(test, state.boots, 0);
}

static void tyr_mcu_test_ping(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_device *tdev;
	struct tyr_mcu *mcu;
	unsigned int resets;

	KUNIT_ASSERT_EQ(test, tyr_mcu_test_boot(test, NULL), 0);
	tdev = tyr_mcu_test_tdev(test);
	mcu = &tdev->mcu;

	mcu->ping_ms = 5;
	mod_delayed_work(system_wq, &mcu->ping_work, 0);
	KUNIT_EXPECT_TRUE(test, tyr_test_wait_until(mcu->pings >= 3, 2000));
	KUNIT_EXPECT_EQ(test, mcu->missed_pings, 0);
	resets = tdev->reset.count;

	/* The firmware stops answering: the GPU is reset, the MCU rebooted. */
	cfg.mcu_ping_ignored = true;
	tyr_model_set_config(tyr_mcu_test_model(test), &cfg);
	KUNIT_EXPECT_TRUE(test, tyr_test_wait_until(mcu->missed_pings >= 1,
						    2000));
	KUNIT_EXPECT_TRUE(test, tyr_test_wait_until(tdev->reset.count > resets,
						    2000));
	tyr_model_set_config(tyr_mcu_test_model(test), &tyr_test_fast_config);
	KUNIT_EXPECT_TRUE(test, tyr_test_wait_until(mcu->boots >= 2 &&
						    mcu->running, 2000));
	flush_work(&tdev->reset.work);

	/* And answers again. */
	mcu->pings = 0;
	mod_delayed_work(system_wq, &mcu->ping_work, 0);
	KUNIT_EXPECT_TRUE(test, tyr_test_wait_until(mcu->pings >= 2, 2000));
}

/*
 * The firmware answers in time, but the host never runs the model's timers
 * that would signal it: the driver's waits time out, and their last look,
 * after reading MCU_STATUS, finds the answers. Regression test: on a loaded
 * host, boots and requests failed with -ETIMEDOUT.
 */
static void tyr_mcu_test_late_answers(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_model_mcu_state state;
	struct tyr_device *tdev;

	cfg.mcu_timers_stalled = true;
	KUNIT_ASSERT_EQ(test, tyr_mcu_test_boot(test, &cfg), 0);
	tdev = tyr_mcu_test_tdev(test);
	KUNIT_EXPECT_TRUE(test, tdev->mcu.running);
	tyr_model_get_mcu_state(tyr_mcu_test_model(test), &state);
	KUNIT_EXPECT_TRUE(test, state.idle_en);
	KUNIT_EXPECT_EQ(test, state.core_en_mask, 0x50005);
	KUNIT_EXPECT_EQ(test, tyr_mcu_glb_request(tdev, TYR_GLB_PING, 0, 0, 10),
			0);

	/* A request the firmware leaves unanswered still times out. */
	cfg.mcu_ping_ignored = true;
	tyr_model_set_config(tyr_mcu_test_model(test), &cfg);
	KUNIT_EXPECT_EQ(test, tyr_mcu_glb_request(tdev, TYR_GLB_PING, 0, 0, 10),
			-ETIMEDOUT);
}

static void tyr_mcu_test_suspend(struct kunit *test)
{
	struct tyr_model_mcu_state state;
	struct tyr_device *tdev;
	struct tyr_mcu *mcu;
	u32 word = 0x5a5a5a5a;
	struct device *dev;

	KUNIT_ASSERT_EQ(test, tyr_mcu_test_boot(test, NULL), 0);
	tdev = tyr_mcu_test_tdev(test);
	mcu = &tdev->mcu;
	dev = tdev->base.dev;

	/* The firmware leaves something in its data section. */
	KUNIT_ASSERT_EQ(test, tyr_model_gpu_access(tyr_mcu_test_model(test),
						   TYR_MMU_AS_MCU, DATA_VA, &word,
						   4, TYR_MODEL_WRITE), 0);

	tyr_test_gpu_pm_put(((struct tyr_mcu_test *)test->priv)->gpu);
	KUNIT_ASSERT_EQ(test, pm_runtime_suspend(dev), 0);
	KUNIT_EXPECT_TRUE(test, mcu->halted);
	KUNIT_EXPECT_FALSE(test, mcu->running);
	KUNIT_EXPECT_FALSE(test, tyr_model_powered(tyr_mcu_test_model(test)));

	/* A halted MCU restarts on what it left in memory. */
	KUNIT_ASSERT_EQ(test, pm_runtime_resume_and_get(dev), 0);
	KUNIT_EXPECT_TRUE(test, mcu->running);
	KUNIT_EXPECT_EQ(test, mcu->boots, 2);
	KUNIT_EXPECT_EQ(test, mcu->fast_boots, 1);
	tyr_model_get_mcu_state(tyr_mcu_test_model(test), &state);
	KUNIT_EXPECT_EQ(test, state.status, TYR_MCU_STATUS_ENABLED);
	KUNIT_EXPECT_TRUE(test, state.idle_en);
	KUNIT_EXPECT_EQ(test, state.core_en_mask, 0x50005);
	word = 0;
	KUNIT_ASSERT_EQ(test, tyr_model_gpu_access(tyr_mcu_test_model(test),
						   TYR_MMU_AS_MCU, DATA_VA, &word,
						   4, TYR_MODEL_READ), 0);
	KUNIT_EXPECT_EQ(test, word, 0x5a5a5a5a);

	/* Requests work after the restart: nothing stale is pending. */
	KUNIT_EXPECT_EQ(test, tyr_mcu_glb_request(tdev, TYR_GLB_PING, 0, 0,
						  TYR_MCU_REQ_TIMEOUT_MS), 0);
	KUNIT_EXPECT_EQ(test, tyr_mcu_test_pending(mcu), 0);

	/* A reset reloads the writable sections from the image. */
	tyr_device_schedule_reset(tdev);
	flush_work(&tdev->reset.work);
	KUNIT_EXPECT_EQ(test, mcu->boots, 3);
	KUNIT_EXPECT_TRUE(test, mcu->running);
	KUNIT_ASSERT_EQ(test, tyr_model_gpu_access(tyr_mcu_test_model(test),
						   TYR_MMU_AS_MCU, DATA_VA, &word,
						   4, TYR_MODEL_READ), 0);
	KUNIT_EXPECT_EQ(test, memcmp(&word, tyr_mcu_test_img(test) +
				     TYR_TEST_FW_DATA_AT + 0x100, 4), 0);
	pm_runtime_put_sync(dev);
}

/*
 * The driver is unbound while the GPU is suspended and does not resume:
 * the GPU is left alone, and the firmware's memory is freed all the same.
 * Regression test: the whole teardown was skipped when the resume failed.
 */
static void tyr_mcu_test_remove_unpowered(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_model_stats stats;
	struct tyr_mcu_test *ctx;
	struct tyr_device *tdev;

	KUNIT_ASSERT_EQ(test, tyr_mcu_test_boot(test, NULL), 0);
	ctx = test->priv;
	tdev = ctx->gpu->tdev;
	KUNIT_EXPECT_GT(test, tdev->gems.count, 0);

	tyr_test_gpu_pm_put(ctx->gpu);
	KUNIT_ASSERT_EQ(test, pm_runtime_suspend(tdev->base.dev), 0);
	/* Neither the L2 nor a reset will ever complete. */
	cfg.stuck_domains = BIT(TYR_PWR_L2);
	cfg.reset_hangs = true;
	tyr_model_set_config(ctx->gpu->model, &cfg);

	tyr_test_gpu_remove(ctx->gpu);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(tdev->pm.unusable));
	KUNIT_EXPECT_FALSE(test, tdev->mcu.loaded);
	KUNIT_EXPECT_EQ(test, tdev->gems.count, 0);
	KUNIT_EXPECT_NULL(test, tdev->mmu.owner[TYR_MMU_AS_MCU]);
	tyr_model_get_stats(ctx->gpu->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.unpowered_accesses, 0);
}

/* The firmware faults in its own VM: reset, reload, and it runs again. */
static void tyr_mcu_test_mcu_fault(struct kunit *test)
{
	struct tyr_device *tdev;
	struct tyr_mcu *mcu;
	unsigned int resets;
	u32 word;

	KUNIT_ASSERT_EQ(test, tyr_mcu_test_boot(test, NULL), 0);
	tdev = tyr_mcu_test_tdev(test);
	mcu = &tdev->mcu;
	resets = tdev->reset.count;

	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(tyr_mcu_test_model(test),
						   TYR_MMU_AS_MCU, 0x10000000,
						   &word, 4, TYR_MODEL_READ),
			-EFAULT);
	KUNIT_EXPECT_TRUE(test, tyr_test_wait_until(tdev->reset.count > resets,
						    2000));
	flush_work(&tdev->reset.work);
	KUNIT_EXPECT_TRUE(test, mcu->running);
	KUNIT_EXPECT_EQ(test, mcu->boots, 2);
	KUNIT_EXPECT_FALSE(test, mcu->vm->unusable);
	KUNIT_EXPECT_EQ(test, tyr_vm_as(mcu->vm), TYR_MMU_AS_MCU);
	KUNIT_EXPECT_EQ(test, tyr_mcu_glb_request(tdev, TYR_GLB_PING, 0, 0,
						  TYR_MCU_REQ_TIMEOUT_MS), 0);
}

/* The real firmware file, when the kernel has it, loads and boots. */
static void tyr_mcu_test_real_file(struct kunit *test)
{
	struct tyr_mcu_test *ctx = tyr_mcu_test_setup(test, NULL);
	struct tyr_device *tdev = ctx->gpu->tdev;
	const struct firmware *blob;
	unsigned int i, data = 0;
	int ret;

	if (request_firmware_direct(&blob, TYR_MCU_TEST_REAL, tdev->base.dev))
		kunit_skip(test, "no %s in this kernel", TYR_MCU_TEST_REAL);
	ret = tyr_fw_load(tdev, TYR_MCU_TEST_REAL, blob->data, blob->size);
	release_firmware(blob);
	KUNIT_ASSERT_EQ(test, ret, 0);

	/* Every section with a VA range is loaded: 7 of 8, PROT left out. */
	KUNIT_EXPECT_EQ(test, tdev->mcu.section_count, 7);
	for (i = 0; i < tdev->mcu.section_count; i++)
		data += tdev->mcu.sections[i].data_size;
	KUNIT_EXPECT_GT(test, data, 0);
	KUNIT_EXPECT_EQ(test, tdev->mcu.shared_size, SZ_32K + SZ_16K);
	KUNIT_EXPECT_TRUE(test, tdev->mcu.running);
	KUNIT_EXPECT_EQ(test, tdev->mcu.csif.csg_slot_count, 8);
}

static struct kunit_case tyr_mcu_test_cases[] = {
	KUNIT_CASE(tyr_mcu_test_boots),
	KUNIT_CASE(tyr_mcu_test_csif_info),
	KUNIT_CASE(tyr_mcu_test_boot_timeout),
	KUNIT_CASE(tyr_mcu_test_boot_fault),
	KUNIT_CASE(tyr_mcu_test_ping),
	KUNIT_CASE(tyr_mcu_test_late_answers),
	KUNIT_CASE(tyr_mcu_test_suspend),
	KUNIT_CASE(tyr_mcu_test_mcu_fault),
	KUNIT_CASE(tyr_mcu_test_remove_unpowered),
	KUNIT_CASE(tyr_mcu_test_real_file),
	{}
};

static struct kunit_suite tyr_mcu_test_suite = {
	.name = "tyr_mcu",
	.test_cases = tyr_mcu_test_cases,
};

kunit_test_suite(tyr_mcu_test_suite);
