// SPDX-License-Identifier: GPL-2.0 or MIT
/*
 * KUnit tests of Tyr's buffer objects and of the USER page mapping, through
 * a DRM file and user memory as userspace would use them.
 */

#include <linux/err.h>
#include <linux/iosys-map.h>
#include <linux/sizes.h>
#include <linux/file.h>
#include <linux/mman.h>
#include <linux/pm_runtime.h>
#include <linux/uaccess.h>

#include <kunit/test.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_print.h>
#include <drm/panthor_drm.h>

#include "../tyr_device.h"
#include "../tyr_drv.h"
#include "../tyr_gem.h"
#include "../tyr_gpu.h"
#include "../tyr_pm.h"
#include "tyr_test.h"

struct tyr_gem_test {
	struct tyr_test_gpu *gpu;
	struct tyr_device *tdev;
	struct file *filp;
	struct drm_file *file;
	/* A page of user memory for strings. */
	unsigned long ubuf;
};

static int tyr_gem_test_init(struct kunit *test)
{
	struct tyr_gem_test *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);

	ctx->gpu = tyr_test_gpu_create(test, NULL);
	KUNIT_ASSERT_EQ(test, tyr_test_gpu_init(ctx->gpu), 0);
	tyr_test_gpu_register(ctx->gpu);
	ctx->tdev = ctx->gpu->tdev;
	ctx->filp = tyr_test_open(ctx->gpu);
	ctx->file = ctx->filp->private_data;

	ctx->ubuf = kunit_vm_mmap(test, NULL, 0, 2 * PAGE_SIZE,
				  PROT_READ | PROT_WRITE,
				  MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE_MSG(test, ctx->ubuf, 0, "no user memory");

	test->priv = ctx;
	return 0;
}

static unsigned int tyr_gem_test_count(struct tyr_gem_test *ctx)
{
	unsigned int count;

	mutex_lock(&ctx->tdev->gems.lock);
	count = ctx->tdev->gems.count;
	mutex_unlock(&ctx->tdev->gems.lock);

	return count;
}

static int tyr_gem_test_bo_create(struct tyr_gem_test *ctx, u64 size,
				  u32 flags, u32 *handle, u64 *size_out)
{
	struct drm_panthor_bo_create args = { .size = size, .flags = flags };
	int ret;

	ret = tyr_ioctl_bo_create(&ctx->tdev->base, &args, ctx->file);
	if (handle)
		*handle = args.handle;
	if (size_out)
		*size_out = args.size;
	return ret;
}

static int tyr_gem_test_mmap_offset(struct tyr_gem_test *ctx, u32 handle,
				    u64 *offset)
{
	struct drm_panthor_bo_mmap_offset args = { .handle = handle };
	int ret;

	ret = tyr_ioctl_bo_mmap_offset(&ctx->tdev->base, &args, ctx->file);
	if (offset)
		*offset = args.offset;
	return ret;
}

/* Map @len bytes of the render node at file offset @offset. */
static unsigned long tyr_gem_test_mmap(struct kunit *test, u64 offset,
				       size_t len, unsigned long prot)
{
	struct tyr_gem_test *ctx = test->priv;

	return kunit_vm_mmap(test, ctx->filp, 0, len, prot, MAP_SHARED, offset);
}

static void tyr_gem_test_create(struct kunit *test)
{
	struct tyr_gem_test *ctx = test->priv;
	unsigned int count = tyr_gem_test_count(ctx);
	u32 handle, handle2;
	u64 size;

	/* Sizes are rounded up to pages and returned. */
	KUNIT_ASSERT_EQ(test, tyr_gem_test_bo_create(ctx, 1, 0, &handle, &size),
			0);
	KUNIT_EXPECT_NE(test, handle, 0);
	KUNIT_EXPECT_EQ(test, size, PAGE_SIZE);
	KUNIT_ASSERT_EQ(test, tyr_gem_test_bo_create(ctx, 3 * PAGE_SIZE + 1,
						     DRM_PANTHOR_BO_NO_MMAP,
						     &handle2, &size), 0);
	KUNIT_EXPECT_NE(test, handle2, handle);
	KUNIT_EXPECT_EQ(test, size, 4 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, tyr_gem_test_count(ctx), count + 2);

	/* Bad input, and nothing left behind. */
	KUNIT_EXPECT_EQ(test, tyr_gem_test_bo_create(ctx, 0, 0, NULL, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_gem_test_bo_create(ctx, PAGE_SIZE, 0x2, NULL,
						     NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_gem_test_bo_create(ctx, PAGE_SIZE, BIT(31),
						     NULL, NULL), -EINVAL);
	KUNIT_EXPECT_LT(test, tyr_gem_test_bo_create(ctx, 1ull << 62, 0, NULL,
						     NULL), 0);
	{
		struct drm_panthor_bo_create args = {
			.size = PAGE_SIZE,
			.exclusive_vm_id = 1,
		};

		KUNIT_EXPECT_EQ(test, tyr_ioctl_bo_create(&ctx->tdev->base,
							  &args, ctx->file),
				-EINVAL);
		args.exclusive_vm_id = 0;
		args.pad = 1;
		KUNIT_EXPECT_EQ(test, tyr_ioctl_bo_create(&ctx->tdev->base,
							  &args, ctx->file),
				-EINVAL);
	}
	KUNIT_EXPECT_EQ(test, tyr_gem_test_count(ctx), count + 2);

	/* Closing the handles frees the objects. */
	KUNIT_EXPECT_EQ(test, drm_gem_handle_delete(ctx->file, handle), 0);
	KUNIT_EXPECT_EQ(test, drm_gem_handle_delete(ctx->file, handle2), 0);
	KUNIT_EXPECT_EQ(test, tyr_gem_test_count(ctx), count);
	KUNIT_EXPECT_EQ(test, drm_gem_handle_delete(ctx->file, handle), -EINVAL);
}

static void tyr_gem_test_mmap_bo(struct kunit *test)
{
	struct tyr_gem_test *ctx = test->priv;
	unsigned int count = tyr_gem_test_count(ctx);
	struct drm_gem_object *obj;
	struct iosys_map map;
	u32 handle, nommap;
	u64 offset, size;
	unsigned long addr;
	u8 *buf;

	KUNIT_ASSERT_EQ(test, tyr_gem_test_bo_create(ctx, 2 * PAGE_SIZE, 0,
						     &handle, &size), 0);
	KUNIT_ASSERT_EQ(test, tyr_gem_test_bo_create(ctx, PAGE_SIZE,
						     DRM_PANTHOR_BO_NO_MMAP,
						     &nommap, NULL), 0);

	/* Bad handles, a bad pad, and NO_MMAP objects have no offset. */
	KUNIT_EXPECT_EQ(test, tyr_gem_test_mmap_offset(ctx, 0xdead, NULL),
			-ENOENT);
	KUNIT_EXPECT_EQ(test, tyr_gem_test_mmap_offset(ctx, nommap, NULL),
			-EINVAL);
	{
		struct drm_panthor_bo_mmap_offset args = {
			.handle = handle,
			.pad = 1,
		};

		KUNIT_EXPECT_EQ(test, tyr_ioctl_bo_mmap_offset(&ctx->tdev->base,
							       &args, ctx->file),
				-EINVAL);
	}

	KUNIT_ASSERT_EQ(test, tyr_gem_test_mmap_offset(ctx, handle, &offset), 0);
	KUNIT_EXPECT_NE(test, offset, 0);
	KUNIT_EXPECT_TRUE(test, PAGE_ALIGNED(offset));
	addr = tyr_gem_test_mmap(test, offset, size, PROT_READ | PROT_WRITE);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));

	/* Fresh objects read zero, and the CPU mapping is the object. */
	buf = kunit_kzalloc(test, size, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memset(buf, 0x5a, size);
	KUNIT_ASSERT_EQ(test, copy_from_user(buf, (void __user *)addr, size), 0);
	KUNIT_EXPECT_NULL(test, memchr_inv(buf, 0, size));
	memset(buf, 0xc3, size);
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)addr, buf, size), 0);

	obj = drm_gem_object_lookup(ctx->file, handle);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	KUNIT_ASSERT_EQ(test, drm_gem_vmap_unlocked(obj, &map), 0);
	KUNIT_EXPECT_NULL(test, memchr_inv(map.vaddr, 0xc3, size));
	drm_gem_vunmap_unlocked(obj, &map);

	/* The mapping keeps the object alive after its handle is closed. */
	KUNIT_EXPECT_EQ(test, drm_gem_handle_delete(ctx->file, handle), 0);
	drm_gem_object_put(obj);
	KUNIT_EXPECT_EQ(test, tyr_gem_test_count(ctx), count + 2);
	KUNIT_ASSERT_EQ(test, copy_from_user(buf, (void __user *)addr, size), 0);
	KUNIT_EXPECT_NULL(test, memchr_inv(buf, 0xc3, size));
	KUNIT_EXPECT_EQ(test, vm_munmap(addr, size), 0);
	KUNIT_EXPECT_EQ(test, tyr_gem_test_count(ctx), count + 1);

	/* A mapping past the object is refused. */
	KUNIT_ASSERT_EQ(test, tyr_gem_test_bo_create(ctx, PAGE_SIZE, 0,
						     &handle, NULL), 0);
	KUNIT_ASSERT_EQ(test, tyr_gem_test_mmap_offset(ctx, handle, &offset), 0);
	addr = tyr_gem_test_mmap(test, offset, 2 * PAGE_SIZE, PROT_READ);
	KUNIT_EXPECT_TRUE(test, IS_ERR_VALUE(addr));
}

/* Copy @str to user memory and label @handle with it. */
static int tyr_gem_test_label(struct kunit *test, u32 handle, const char *str,
			      size_t len)
{
	struct tyr_gem_test *ctx = test->priv;
	struct drm_panthor_bo_set_label args = { .handle = handle };

	if (str) {
		KUNIT_ASSERT_LE(test, len, 2 * PAGE_SIZE);
		KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)ctx->ubuf, str,
						   len), 0);
		args.label = ctx->ubuf;
	}

	return tyr_ioctl_bo_set_label(&ctx->tdev->base, &args, ctx->file);
}

/* What the "gems" debugfs file shows, in a test-managed buffer. */
static char *tyr_gem_test_describe(struct kunit *test)
{
	struct tyr_gem_test *ctx = test->priv;
	struct drm_print_iterator iter = { .remain = 4 * PAGE_SIZE };
	struct drm_printer p;

	iter.data = kunit_kzalloc(test, iter.remain + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, iter.data);
	p = drm_coredump_printer(&iter);
	tyr_gem_describe(ctx->tdev, &p);
	return iter.data;
}

/* What a drm_printer prints, collected. */
struct tyr_gem_test_text {
	char buf[512];
	size_t len;
};

static void tyr_gem_test_printfn(struct drm_printer *p, struct va_format *vaf)
{
	struct tyr_gem_test_text *t = p->arg;

	t->len += vscnprintf(t->buf + t->len, sizeof(t->buf) - t->len,
			     vaf->fmt, *vaf->va);
}

static const char *tyr_gem_test_fdinfo_text(struct kunit *test)
{
	struct tyr_gem_test *ctx = test->priv;
	struct tyr_gem_test_text *t = kunit_kzalloc(test, sizeof(*t),
						    GFP_KERNEL);
	struct drm_printer p = { .printfn = tyr_gem_test_printfn };

	KUNIT_ASSERT_NOT_NULL(test, t);
	p.arg = t;
	tyr_drm_driver.show_fdinfo(&p, ctx->file);
	return t->buf;
}

/*
 * fdinfo has the memory stats of the DRM usage-stats document: every
 * object the file has a handle of, and those with pages as resident.
 * Regression test: there were no stats.
 */
static void tyr_gem_test_fdinfo(struct kunit *test)
{
	struct tyr_gem_test *ctx = test->priv;
	struct drm_gem_object *obj;
	struct iosys_map map;
	u32 small, big;

	KUNIT_EXPECT_NOT_NULL(test, strstr(tyr_gem_test_fdinfo_text(test),
					   "drm-total-memory:\t0\n"));

	KUNIT_ASSERT_EQ(test, tyr_gem_test_bo_create(ctx, SZ_64K, 0, &small,
						     NULL), 0);
	KUNIT_ASSERT_EQ(test, tyr_gem_test_bo_create(ctx, SZ_1M, 0, &big,
						     NULL), 0);
	/* Pages only once used. */
	KUNIT_EXPECT_NOT_NULL(test, strstr(tyr_gem_test_fdinfo_text(test),
					   "drm-total-memory:\t1088 KiB\n"));
	KUNIT_EXPECT_NOT_NULL(test, strstr(tyr_gem_test_fdinfo_text(test),
					   "drm-resident-memory:\t0\n"));

	obj = drm_gem_object_lookup(ctx->file, small);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	KUNIT_ASSERT_EQ(test, drm_gem_vmap_unlocked(obj, &map), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(tyr_gem_test_fdinfo_text(test),
					   "drm-resident-memory:\t64 KiB\n"));
	drm_gem_vunmap_unlocked(obj, &map);
	drm_gem_object_put(obj);

	KUNIT_EXPECT_EQ(test, drm_gem_handle_delete(ctx->file, big), 0);
	KUNIT_EXPECT_NOT_NULL(test, strstr(tyr_gem_test_fdinfo_text(test),
					   "drm-total-memory:\t64 KiB\n"));
}

static void tyr_gem_test_labels(struct kunit *test)
{
	struct tyr_gem_test *ctx = test->priv;
	struct drm_panthor_bo_set_label args = { };
	struct drm_gem_object *obj;
	char *longest;
	u32 handle;

	KUNIT_ASSERT_EQ(test, tyr_gem_test_bo_create(ctx, PAGE_SIZE, 0,
						     &handle, NULL), 0);
	obj = drm_gem_object_lookup(ctx->file, handle);
	KUNIT_ASSERT_NOT_NULL(test, obj);

	KUNIT_EXPECT_EQ(test, tyr_gem_test_label(test, handle, "vertices", 9), 0);
	KUNIT_EXPECT_STREQ(test, to_tyr_bo(obj)->label, "vertices");
	KUNIT_EXPECT_NOT_NULL(test, strstr(tyr_gem_test_describe(test),
					   "label \"vertices\""));

	/* Relabel, then drop the label. */
	KUNIT_EXPECT_EQ(test, tyr_gem_test_label(test, handle, "indices", 8), 0);
	KUNIT_EXPECT_STREQ(test, to_tyr_bo(obj)->label, "indices");
	KUNIT_EXPECT_EQ(test, tyr_gem_test_label(test, handle, NULL, 0), 0);
	KUNIT_EXPECT_NULL(test, to_tyr_bo(obj)->label);

	/* 4096 bytes with the NUL fit; one more does not. */
	longest = kunit_kzalloc(test, TYR_GEM_LABEL_MAX + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, longest);
	memset(longest, 'x', TYR_GEM_LABEL_MAX - 1);
	KUNIT_EXPECT_EQ(test, tyr_gem_test_label(test, handle, longest,
						 TYR_GEM_LABEL_MAX), 0);
	KUNIT_EXPECT_EQ(test, strlen(to_tyr_bo(obj)->label),
			TYR_GEM_LABEL_MAX - 1);
	longest[TYR_GEM_LABEL_MAX - 1] = 'x';
	KUNIT_EXPECT_EQ(test, tyr_gem_test_label(test, handle, longest,
						 TYR_GEM_LABEL_MAX + 1), -E2BIG);
	/* A failed call leaves the label as it was. */
	KUNIT_EXPECT_EQ(test, strlen(to_tyr_bo(obj)->label),
			TYR_GEM_LABEL_MAX - 1);

	/* Bad handle, pad, pointer. */
	KUNIT_EXPECT_EQ(test, tyr_gem_test_label(test, 0xdead, "x", 2), -ENOENT);
	args.handle = handle;
	args.pad = 1;
	KUNIT_EXPECT_EQ(test, tyr_ioctl_bo_set_label(&ctx->tdev->base, &args,
						     ctx->file), -EINVAL);
	args.pad = 0;
	args.label = 16;
	KUNIT_EXPECT_EQ(test, tyr_ioctl_bo_set_label(&ctx->tdev->base, &args,
						     ctx->file), -EFAULT);

	drm_gem_object_put(obj);
}

static void tyr_gem_test_kernel_bo(struct kunit *test)
{
	struct tyr_gem_test *ctx = test->priv;
	unsigned int count = tyr_gem_test_count(ctx);
	struct tyr_kernel_bo *kbo;

	kbo = tyr_kernel_bo_create(ctx->tdev, 3 * PAGE_SIZE - 5, "test ring");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, kbo);
	KUNIT_EXPECT_EQ(test, kbo->obj->base.base.size, 3 * PAGE_SIZE);
	KUNIT_EXPECT_NULL(test, memchr_inv(kbo->map.vaddr, 0, 3 * PAGE_SIZE));
	memset(kbo->map.vaddr, 0xee, 3 * PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, tyr_gem_test_count(ctx), count + 1);
	KUNIT_EXPECT_NOT_NULL(test, strstr(tyr_gem_test_describe(test),
					   "kernel, label \"test ring\""));

	tyr_kernel_bo_destroy(kbo);
	KUNIT_EXPECT_EQ(test, tyr_gem_test_count(ctx), count);
	tyr_kernel_bo_destroy(NULL);
}

static void tyr_gem_test_file_close(struct kunit *test)
{
	struct tyr_gem_test *ctx = test->priv;
	unsigned int count = tyr_gem_test_count(ctx);
	struct file *filp;
	struct drm_file *file;
	struct drm_panthor_bo_create args = { .size = PAGE_SIZE };
	unsigned int i;

	/* A second client leaves objects behind when it goes. */
	filp = mock_drm_getfile(ctx->tdev->base.render, O_RDWR);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, filp);
	file = filp->private_data;
	for (i = 0; i < 5; i++)
		KUNIT_EXPECT_EQ(test, tyr_ioctl_bo_create(&ctx->tdev->base,
							  &args, file), 0);
	KUNIT_EXPECT_EQ(test, tyr_gem_test_count(ctx), count + 5);

	fput(filp);
	flush_delayed_fput();
	KUNIT_EXPECT_EQ(test, tyr_gem_test_count(ctx), count);
}

static u32 tyr_gem_test_read_user(struct kunit *test, unsigned long addr)
{
	u32 val = 0xdeadbeef;

	KUNIT_EXPECT_EQ(test, get_user(val, (u32 __user *)addr), 0);
	return val;
}

static void tyr_gem_test_flush_id(struct kunit *test)
{
	struct tyr_gem_test *ctx = test->priv;
	struct tyr_file *tfile = ctx->file->driver_priv;
	struct drm_panthor_set_user_mmio_offset args = { };
	u64 mmio = tfile->user_mmio_offset;
	unsigned long addr;

	KUNIT_EXPECT_EQ(test, mmio, sizeof(unsigned long) < 8 ?
			DRM_PANTHOR_USER_MMIO_OFFSET_32BIT :
			DRM_PANTHOR_USER_MMIO_OFFSET_64BIT);

	/* Read-only, one page, at the flush-ID offset only. */
	KUNIT_EXPECT_TRUE(test, IS_ERR_VALUE(tyr_gem_test_mmap(test, mmio,
							       PAGE_SIZE,
							       PROT_READ |
							       PROT_WRITE)));
	KUNIT_EXPECT_TRUE(test, IS_ERR_VALUE(tyr_gem_test_mmap(test, mmio,
							       2 * PAGE_SIZE,
							       PROT_READ)));
	KUNIT_EXPECT_TRUE(test, IS_ERR_VALUE(tyr_gem_test_mmap(test,
							       mmio + PAGE_SIZE,
							       PAGE_SIZE,
							       PROT_READ)));
	/* Shared only, as panthor has it. */
	KUNIT_EXPECT_EQ(test, kunit_vm_mmap(test, ctx->filp, 0, PAGE_SIZE,
					    PROT_READ, MAP_PRIVATE, mmio),
			(unsigned long)-EINVAL);
	addr = tyr_gem_test_mmap(test, mmio, PAGE_SIZE, PROT_READ);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));

	/* The GPU's USER page: LATEST_FLUSH_ID counts cache flushes. */
	KUNIT_EXPECT_EQ(test, tyr_gem_test_read_user(test, addr), 0);
	KUNIT_ASSERT_EQ(test, tyr_gpu_flush_caches(ctx->tdev,
						   TYR_FLUSH_MODE_CLEAN_INV,
						   TYR_FLUSH_MODE_CLEAN_INV, 0),
			0);
	KUNIT_ASSERT_EQ(test, tyr_gpu_flush_caches(ctx->tdev,
						   TYR_FLUSH_MODE_CLEAN, 0, 0),
			0);
	KUNIT_EXPECT_EQ(test, tyr_gem_test_read_user(test, addr), 2);

	/* Suspended: the dummy page, whatever the GPU had. */
	tyr_test_gpu_pm_put(ctx->gpu);
	KUNIT_ASSERT_EQ(test, pm_runtime_suspend(ctx->gpu->dev), 0);
	KUNIT_EXPECT_FALSE(test, tyr_model_powered(ctx->gpu->model));
	KUNIT_EXPECT_EQ(test, tyr_gem_test_read_user(test, addr), 1);

	/* Powered again: the GPU's page, reset with the GPU. */
	KUNIT_ASSERT_EQ(test, tyr_pm_get(ctx->tdev), 0);
	KUNIT_EXPECT_EQ(test, tyr_gem_test_read_user(test, addr), 0);
	tyr_pm_put(ctx->tdev);

	/* The file may move its MMIO offset, to one of the two only. */
	args.offset = 12345;
	KUNIT_EXPECT_EQ(test, tyr_ioctl_set_user_mmio_offset(&ctx->tdev->base,
							     &args, ctx->file),
			-EINVAL);
	args.offset = DRM_PANTHOR_USER_MMIO_OFFSET_32BIT | PAGE_SIZE;
	KUNIT_EXPECT_EQ(test, tyr_ioctl_set_user_mmio_offset(&ctx->tdev->base,
							     &args, ctx->file),
			-EINVAL);
	args.offset = DRM_PANTHOR_USER_MMIO_OFFSET_32BIT;
	KUNIT_ASSERT_EQ(test, tyr_ioctl_set_user_mmio_offset(&ctx->tdev->base,
							     &args, ctx->file),
			0);
	addr = tyr_gem_test_mmap(test, DRM_PANTHOR_USER_MMIO_OFFSET_32BIT,
				 PAGE_SIZE, PROT_READ);
	KUNIT_ASSERT_FALSE(test, IS_ERR_VALUE(addr));
	KUNIT_ASSERT_EQ(test, tyr_pm_get(ctx->tdev), 0);
	KUNIT_EXPECT_EQ(test, tyr_gem_test_read_user(test, addr), 0);
	tyr_pm_put(ctx->tdev);
	if (sizeof(unsigned long) >= 8) {
		addr = tyr_gem_test_mmap(test,
					 DRM_PANTHOR_USER_MMIO_OFFSET_64BIT,
					 PAGE_SIZE, PROT_READ);
		KUNIT_EXPECT_TRUE(test, IS_ERR_VALUE(addr));
	}
}

static struct kunit_case tyr_gem_test_cases[] = {
	KUNIT_CASE(tyr_gem_test_create),
	KUNIT_CASE(tyr_gem_test_mmap_bo),
	KUNIT_CASE(tyr_gem_test_labels),
	KUNIT_CASE(tyr_gem_test_fdinfo),
	KUNIT_CASE(tyr_gem_test_kernel_bo),
	KUNIT_CASE(tyr_gem_test_file_close),
	KUNIT_CASE(tyr_gem_test_flush_id),
	{}
};

static struct kunit_suite tyr_gem_test_suite = {
	.name = "tyr_gem",
	.init = tyr_gem_test_init,
	.test_cases = tyr_gem_test_cases,
};

kunit_test_suite(tyr_gem_test_suite);
