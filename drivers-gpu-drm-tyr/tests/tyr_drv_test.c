// SPDX-License-Identifier: GPL-2.0 or MIT
/*
 * KUnit tests of Tyr's uAPI, with real user memory.
 */

#include <linux/mman.h>
#include <linux/uaccess.h>

#include <kunit/test.h>

#include <drm/drm_drv.h>
#include <drm/panthor_drm.h>

#include "../tyr_device.h"
#include "../tyr_drv.h"
#include "../tyr_gpu.h"
#include "tyr_test.h"

#define POISON	0xa5

struct tyr_drv_test {
	struct tyr_test_gpu *gpu;
	unsigned long ubuf;
	size_t ubuf_size;
	u8 *kbuf;
};

static int tyr_drv_test_init(struct kunit *test)
{
	struct tyr_drv_test *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);

	ctx->gpu = tyr_test_gpu_create(test, NULL);
	KUNIT_ASSERT_EQ(test, tyr_test_gpu_init(ctx->gpu), 0);

	ctx->ubuf_size = PAGE_SIZE;
	ctx->ubuf = kunit_vm_mmap(test, NULL, 0, ctx->ubuf_size,
				  PROT_READ | PROT_WRITE,
				  MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE_MSG(test, ctx->ubuf, 0, "no user memory");

	ctx->kbuf = kunit_kzalloc(test, ctx->ubuf_size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->kbuf);

	test->priv = ctx;
	return 0;
}

/* Fill the user buffer with POISON. */
static void tyr_drv_test_poison(struct kunit *test)
{
	struct tyr_drv_test *ctx = test->priv;

	memset(ctx->kbuf, POISON, ctx->ubuf_size);
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)ctx->ubuf, ctx->kbuf,
					   ctx->ubuf_size), 0);
}

/* Read the user buffer back into kbuf. */
static u8 *tyr_drv_test_fetch(struct kunit *test)
{
	struct tyr_drv_test *ctx = test->priv;

	KUNIT_ASSERT_EQ(test, copy_from_user(ctx->kbuf, (void __user *)ctx->ubuf,
					     ctx->ubuf_size), 0);
	return ctx->kbuf;
}

static int tyr_drv_test_query(struct kunit *test, u32 type, u32 size,
			      u64 pointer, u32 *size_out)
{
	struct tyr_drv_test *ctx = test->priv;
	struct drm_panthor_dev_query args = {
		.type = type,
		.size = size,
		.pointer = pointer,
	};
	int ret;

	ret = tyr_ioctl_dev_query(&ctx->gpu->tdev->base, &args, NULL);
	if (size_out)
		*size_out = args.size;
	return ret;
}

static bool tyr_drv_test_all(const u8 *buf, u8 val, size_t len)
{
	return !memchr_inv(buf, val, len);
}

static void tyr_drv_test_driver(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, tyr_drm_driver.name, "panthor");
	KUNIT_EXPECT_NOT_NULL(test, strstr(tyr_drm_driver.desc, "Tyr"));
	KUNIT_EXPECT_EQ(test, tyr_drm_driver.major, 1);
	KUNIT_EXPECT_EQ(test, tyr_drm_driver.minor, 5);
	KUNIT_EXPECT_TRUE(test, tyr_drm_driver.driver_features & DRIVER_RENDER);
}

static void tyr_drv_test_query_size(struct kunit *test)
{
	struct tyr_drv_test *ctx = test->priv;
	u32 size;

	tyr_drv_test_poison(test);

	/* No pointer: the size is returned, nothing is written. */
	KUNIT_EXPECT_EQ(test, tyr_drv_test_query(test, DRM_PANTHOR_DEV_QUERY_GPU_INFO,
						 0, 0, &size), 0);
	KUNIT_EXPECT_EQ(test, size, sizeof(struct drm_panthor_gpu_info));

	KUNIT_EXPECT_EQ(test, tyr_drv_test_query(test, DRM_PANTHOR_DEV_QUERY_GPU_INFO,
						 12, 0, &size), 0);
	KUNIT_EXPECT_EQ(test, size, sizeof(struct drm_panthor_gpu_info));

	/* A pointer with a zero size is a user object too small. */
	KUNIT_EXPECT_EQ(test, tyr_drv_test_query(test, DRM_PANTHOR_DEV_QUERY_GPU_INFO,
						 0, ctx->ubuf, &size), -EINVAL);
	KUNIT_EXPECT_TRUE(test, tyr_drv_test_all(tyr_drv_test_fetch(test), POISON,
						 ctx->ubuf_size));
}

static void tyr_drv_test_query_exact(struct kunit *test)
{
	struct tyr_drv_test *ctx = test->priv;
	const struct drm_panthor_gpu_info *kinfo = &ctx->gpu->tdev->gpu_info;
	struct drm_panthor_gpu_info *uinfo;
	u32 size;

	tyr_drv_test_poison(test);
	KUNIT_ASSERT_EQ(test, tyr_drv_test_query(test, DRM_PANTHOR_DEV_QUERY_GPU_INFO,
						 sizeof(*uinfo), ctx->ubuf,
						 &size), 0);
	KUNIT_EXPECT_EQ(test, size, sizeof(*uinfo));

	uinfo = (void *)tyr_drv_test_fetch(test);
	KUNIT_EXPECT_EQ(test, memcmp(uinfo, kinfo, sizeof(*uinfo)), 0);
	KUNIT_EXPECT_EQ(test, uinfo->gpu_id, 0xa8670005);
	KUNIT_EXPECT_EQ(test, uinfo->shader_present, 0x50005);
	KUNIT_EXPECT_EQ(test, uinfo->core_features, 0);
	KUNIT_EXPECT_EQ(test, uinfo->pad, 0);
	/* Nothing past the object. */
	KUNIT_EXPECT_TRUE(test, tyr_drv_test_all((u8 *)(uinfo + 1), POISON,
						 ctx->ubuf_size - sizeof(*uinfo)));
}

/*
 * An older userspace knowing a shorter object gets its prefix, down to the
 * object of uAPI 1.0 (up to tiler_present); a shorter one is refused.
 */
static void tyr_drv_test_query_shorter(struct kunit *test)
{
	struct tyr_drv_test *ctx = test->priv;
	const struct drm_panthor_gpu_info *kinfo = &ctx->gpu->tdev->gpu_info;
	u32 min = offsetofend(struct drm_panthor_gpu_info, tiler_present);
	u8 *buf;
	u32 size;

	tyr_drv_test_poison(test);
	KUNIT_ASSERT_EQ(test, tyr_drv_test_query(test, DRM_PANTHOR_DEV_QUERY_GPU_INFO,
						 min, ctx->ubuf, &size), 0);
	KUNIT_EXPECT_EQ(test, size, min);

	buf = tyr_drv_test_fetch(test);
	KUNIT_EXPECT_EQ(test, memcmp(buf, kinfo, min), 0);
	KUNIT_EXPECT_TRUE(test, tyr_drv_test_all(buf + min, POISON,
						 ctx->ubuf_size - min));

	tyr_drv_test_poison(test);
	KUNIT_EXPECT_EQ(test, tyr_drv_test_query(test, DRM_PANTHOR_DEV_QUERY_GPU_INFO,
						 min - 1, ctx->ubuf, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_drv_test_query(test, DRM_PANTHOR_DEV_QUERY_GPU_INFO,
						 8, ctx->ubuf, NULL), -EINVAL);
	KUNIT_EXPECT_TRUE(test, tyr_drv_test_all(tyr_drv_test_fetch(test), POISON,
						 ctx->ubuf_size));
}

/* A newer userspace knowing a longer object gets zeroes past ours. */
static void tyr_drv_test_query_longer(struct kunit *test)
{
	struct tyr_drv_test *ctx = test->priv;
	const struct drm_panthor_gpu_info *kinfo = &ctx->gpu->tdev->gpu_info;
	size_t ksize = sizeof(*kinfo);
	u8 *buf;
	u32 size;

	tyr_drv_test_poison(test);
	KUNIT_ASSERT_EQ(test, tyr_drv_test_query(test, DRM_PANTHOR_DEV_QUERY_GPU_INFO,
						 ksize + 24, ctx->ubuf, &size), 0);
	/* The size stays the caller's, as panthor leaves it. */
	KUNIT_EXPECT_EQ(test, size, ksize + 24);

	buf = tyr_drv_test_fetch(test);
	KUNIT_EXPECT_EQ(test, memcmp(buf, kinfo, ksize), 0);
	KUNIT_EXPECT_TRUE(test, tyr_drv_test_all(buf + ksize, 0, 24));
	KUNIT_EXPECT_TRUE(test, tyr_drv_test_all(buf + ksize + 24, POISON,
						 ctx->ubuf_size - ksize - 24));
}

static void tyr_drv_test_query_bad_type(struct kunit *test)
{
	struct tyr_drv_test *ctx = test->priv;

	tyr_drv_test_poison(test);

	/* CSIF_INFO needs the firmware, which this fixture does not boot. */
	KUNIT_EXPECT_EQ(test, tyr_drv_test_query(test, DRM_PANTHOR_DEV_QUERY_CSIF_INFO,
						 24, ctx->ubuf, NULL), -ENODEV);
	KUNIT_EXPECT_EQ(test, tyr_drv_test_query(test, 0xdead, 24, ctx->ubuf, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_drv_test_query(test, 0xdead, 0, 0, NULL),
			-EINVAL);
	KUNIT_EXPECT_TRUE(test, tyr_drv_test_all(tyr_drv_test_fetch(test), POISON,
						 ctx->ubuf_size));
}

static void tyr_drv_test_query_fault(struct kunit *test)
{
	struct tyr_drv_test *ctx = test->priv;
	u32 gpu_info = DRM_PANTHOR_DEV_QUERY_GPU_INFO;
	u32 size = sizeof(struct drm_panthor_gpu_info);

	/* Kernel addresses and unmapped user addresses are refused. */
	KUNIT_EXPECT_EQ(test, tyr_drv_test_query(test, gpu_info, size,
						 (uintptr_t)ctx->kbuf, NULL),
			-EFAULT);
	KUNIT_EXPECT_EQ(test, tyr_drv_test_query(test, gpu_info, size, 16, NULL),
			-EFAULT);
	/* The object fits but the zero-filled tail runs off the mapping. */
	KUNIT_EXPECT_EQ(test, tyr_drv_test_query(test, gpu_info, 2 * PAGE_SIZE,
						 ctx->ubuf, NULL), -EFAULT);
}

static void tyr_drv_test_query_timestamp(struct kunit *test)
{
	struct tyr_drv_test *ctx = test->priv;
	u32 type = DRM_PANTHOR_DEV_QUERY_TIMESTAMP_INFO;
	struct drm_panthor_timestamp_info first, second;
	u32 size;

	KUNIT_EXPECT_EQ(test, tyr_drv_test_query(test, type, 0, 0, &size), 0);
	KUNIT_EXPECT_EQ(test, size, sizeof(first));

	tyr_drv_test_poison(test);
	KUNIT_ASSERT_EQ(test, tyr_drv_test_query(test, type, sizeof(first),
						 ctx->ubuf, &size), 0);
	KUNIT_EXPECT_EQ(test, size, sizeof(first));
	memcpy(&first, tyr_drv_test_fetch(test), sizeof(first));
	KUNIT_EXPECT_TRUE(test, tyr_drv_test_all(ctx->kbuf + sizeof(first),
						 POISON,
						 ctx->ubuf_size - sizeof(first)));

	usleep_range(1000, 2000);
	KUNIT_ASSERT_EQ(test, tyr_drv_test_query(test, type, sizeof(second),
						 ctx->ubuf, NULL), 0);
	memcpy(&second, tyr_drv_test_fetch(test), sizeof(second));

	KUNIT_EXPECT_EQ(test, first.timestamp_frequency, tyr_gpu_timestamp_hz());
	KUNIT_EXPECT_EQ(test, first.timestamp_offset, 0);
	KUNIT_EXPECT_NE(test, first.current_timestamp, 0);
	KUNIT_EXPECT_GT(test, second.current_timestamp, first.current_timestamp);

	/* The object of uAPI 1.1 ends at current_timestamp. */
	tyr_drv_test_poison(test);
	KUNIT_EXPECT_EQ(test, tyr_drv_test_query(test, type, 8, ctx->ubuf, NULL),
			-EINVAL);
	KUNIT_ASSERT_EQ(test, tyr_drv_test_query(test, type, 16, ctx->ubuf, NULL),
			0);
	KUNIT_EXPECT_EQ(test, ((u64 *)tyr_drv_test_fetch(test))[0],
			first.timestamp_frequency);
	KUNIT_EXPECT_TRUE(test, tyr_drv_test_all(ctx->kbuf + 16, POISON,
						 ctx->ubuf_size - 16));

	/* A bad pointer is refused after the GPU was read. */
	KUNIT_EXPECT_EQ(test, tyr_drv_test_query(test, type, sizeof(first), 16,
						 NULL), -EFAULT);
}

static struct kunit_case tyr_drv_test_cases[] = {
	KUNIT_CASE(tyr_drv_test_driver),
	KUNIT_CASE(tyr_drv_test_query_size),
	KUNIT_CASE(tyr_drv_test_query_exact),
	KUNIT_CASE(tyr_drv_test_query_shorter),
	KUNIT_CASE(tyr_drv_test_query_longer),
	KUNIT_CASE(tyr_drv_test_query_bad_type),
	KUNIT_CASE(tyr_drv_test_query_fault),
	KUNIT_CASE(tyr_drv_test_query_timestamp),
	{}
};

static struct kunit_suite tyr_drv_test_suite = {
	.name = "tyr_drv",
	.init = tyr_drv_test_init,
	.test_cases = tyr_drv_test_cases,
};

kunit_test_suite(tyr_drv_test_suite);
