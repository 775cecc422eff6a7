// SPDX-License-Identifier: GPL-2.0 or MIT
/*
 * KUnit tests of groups, queues and job submission, through the ioctls,
 * with jobs run by the model's command stream interpreter.
 */

#include <linux/completion.h>
#include <linux/cred.h>
#include <linux/dma-fence.h>
#include <linux/highmem.h>
#include <linux/iosys-map.h>
#include <linux/kthread.h>
#include <linux/mman.h>
#include <linux/pm_runtime.h>
#include <linux/sched/signal.h>
#include <linux/sizes.h>
#include <linux/uaccess.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_print.h>
#include <drm/drm_syncobj.h>
#include <drm/gpu_scheduler.h>
#include <drm/panthor_drm.h>

#include <kunit/test.h>

#include "../tyr_cs.h"
#include "../tyr_drv.h"
#include "../tyr_fw.h"
#include "../tyr_gem.h"
#include "../tyr_gpu.h"
#include "../tyr_heap.h"
#include "../tyr_mmu.h"
#include "../tyr_sched.h"
#include "tyr_test.h"

/* User memory for ioctl arguments. */
#define UBUF_SIZE	(4 * PAGE_SIZE)

/* Where the tests put their command streams and results in a VM. */
#define CODE_VA		0x1000000
#define DATA_VA		0x1001000

struct tyr_sched_test {
	struct tyr_test_gpu *gpu;
	struct tyr_device *tdev;
	struct file *filp;
	struct drm_file *file;
	unsigned long ubuf;
};

static int tyr_sched_test_setup(struct kunit *test,
				const struct tyr_model_config *cfg)
{
	struct tyr_test_fw_img *img;
	struct tyr_sched_test *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	img = kunit_kzalloc(test, sizeof(*img), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, img);

	ctx->gpu = tyr_test_gpu_create(test, cfg);
	KUNIT_ASSERT_EQ(test, tyr_test_gpu_init(ctx->gpu), 0);
	ctx->tdev = ctx->gpu->tdev;
	tyr_test_fw_valid(img);
	KUNIT_ASSERT_EQ(test, tyr_fw_load(ctx->tdev, "synthetic", img->buf,
					  sizeof(img->buf)), 0);
	KUNIT_ASSERT_EQ(test, tyr_sched_init(ctx->tdev), 0);
	/* The jobs of these tests end; tests of timeouts shorten it. */
	ctx->tdev->sched.job_timeout_ms *= TYR_TEST_SLACK;

	tyr_test_gpu_register(ctx->gpu);
	ctx->filp = tyr_test_open(ctx->gpu);
	ctx->file = ctx->filp->private_data;

	ctx->ubuf = kunit_vm_mmap(test, NULL, 0, UBUF_SIZE,
				  PROT_READ | PROT_WRITE,
				  MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE_MSG(test, ctx->ubuf, 0, "no user memory");

	test->priv = ctx;
	return 0;
}

static int tyr_sched_test_init(struct kunit *test)
{
	return tyr_sched_test_setup(test, NULL);
}

static u32 tyr_sched_test_vm(struct kunit *test)
{
	struct tyr_sched_test *ctx = test->priv;
	struct drm_panthor_vm_create args = { .user_va_range = SZ_4G };

	KUNIT_ASSERT_EQ(test, tyr_ioctl_vm_create(&ctx->tdev->base, &args,
						  ctx->file), 0);
	return args.id;
}

/* A CPU mapping of a BO, for the test's lifetime. */
struct tyr_sched_test_vmap {
	struct drm_gem_object *obj;
	struct iosys_map map;
};

static void tyr_sched_test_vunmap(void *data)
{
	struct tyr_sched_test_vmap *vmap = data;

	drm_gem_vunmap_unlocked(vmap->obj, &vmap->map);
	drm_gem_object_put(vmap->obj);
}

/* A BO mapped at @va in the VM, and its CPU mapping. */
static void *tyr_sched_test_bo(struct kunit *test, u32 vm_id, u64 va,
			       size_t size)
{
	struct tyr_sched_test *ctx = test->priv;
	struct drm_panthor_bo_create bo = { .size = size };
	struct drm_panthor_vm_bind_op op = {
		.flags = DRM_PANTHOR_VM_BIND_OP_TYPE_MAP,
		.va = va,
		.size = size,
	};
	struct drm_panthor_vm_bind bind = {
		.vm_id = vm_id,
		.ops = { .stride = sizeof(op), .count = 1, .array = ctx->ubuf },
	};
	struct tyr_sched_test_vmap *vmap;

	vmap = kunit_kzalloc(test, sizeof(*vmap), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, vmap);
	KUNIT_ASSERT_EQ(test, tyr_ioctl_bo_create(&ctx->tdev->base, &bo,
						  ctx->file), 0);
	op.bo_handle = bo.handle;
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)ctx->ubuf, &op,
					   sizeof(op)), 0);
	KUNIT_ASSERT_EQ(test, tyr_ioctl_vm_bind(&ctx->tdev->base, &bind,
						ctx->file), 0);

	vmap->obj = drm_gem_object_lookup(ctx->file, bo.handle);
	KUNIT_ASSERT_NOT_NULL(test, vmap->obj);
	if (drm_gem_vmap_unlocked(vmap->obj, &vmap->map)) {
		drm_gem_object_put(vmap->obj);
		KUNIT_FAIL_AND_ABORT(test, "no CPU mapping of the BO");
	}
	/* Undone before the file closes. */
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							tyr_sched_test_vunmap,
							vmap), 0);
	return vmap->map.vaddr;
}

static int tyr_sched_test_group_prio(struct kunit *test, u32 vm_id,
				     u32 queues, u32 ring_size, u8 priority,
				     u32 *handle)
{
	struct tyr_sched_test *ctx = test->priv;
	struct drm_panthor_queue_create q[TYR_MCU_MAX_CS] = { };
	struct drm_panthor_group_create args = {
		.queues = { .stride = sizeof(q[0]), .count = queues,
			    .array = ctx->ubuf },
		.max_compute_cores = 1,
		.max_fragment_cores = 1,
		.max_tiler_cores = 1,
		.priority = priority,
		.compute_core_mask = 0x50005,
		.fragment_core_mask = 0x50005,
		.tiler_core_mask = 1,
		.vm_id = vm_id,
	};
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(q); i++)
		q[i].ringbuf_size = ring_size;
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)ctx->ubuf, q,
					   sizeof(q)), 0);
	ret = tyr_ioctl_group_create(&ctx->tdev->base, &args, ctx->file);
	if (!ret)
		*handle = args.group_handle;
	return ret;
}

static int tyr_sched_test_group(struct kunit *test, u32 vm_id, u32 queues,
				u32 ring_size, u32 *handle)
{
	return tyr_sched_test_group_prio(test, vm_id, queues, ring_size,
					 PANTHOR_GROUP_PRIORITY_MEDIUM, handle);
}

static u32 tyr_sched_test_syncobj(struct kunit *test, u32 flags)
{
	struct tyr_sched_test *ctx = test->priv;
	struct drm_syncobj *syncobj;
	u32 handle;

	KUNIT_ASSERT_EQ(test, drm_syncobj_create(&syncobj, flags, NULL), 0);
	KUNIT_ASSERT_EQ(test, drm_syncobj_get_handle(ctx->file, syncobj,
						     &handle), 0);
	drm_syncobj_put(syncobj);
	return handle;
}

/* Submit one job with its syncs to a queue. */
static int tyr_sched_test_submit(struct kunit *test, u32 group, u32 queue,
				 u64 addr, u32 size,
				 const struct drm_panthor_sync_op *syncs,
				 u32 nsyncs)
{
	struct tyr_sched_test *ctx = test->priv;
	unsigned long syncs_at = ctx->ubuf + PAGE_SIZE;
	struct drm_panthor_queue_submit qs = {
		.queue_index = queue,
		.stream_size = size,
		.stream_addr = addr,
		.syncs = { .stride = sizeof(*syncs), .count = nsyncs,
			   .array = nsyncs ? syncs_at : 0 },
	};
	struct drm_panthor_group_submit args = {
		.group_handle = group,
		.queue_submits = { .stride = sizeof(qs), .count = 1,
				   .array = ctx->ubuf },
	};

	if (nsyncs)
		KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)syncs_at, syncs,
						   nsyncs * sizeof(*syncs)), 0);
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)ctx->ubuf, &qs,
					   sizeof(qs)), 0);
	return tyr_ioctl_group_submit(&ctx->tdev->base, &args, ctx->file);
}

/*
 * Wait for a syncobj point: its fence's status (0 or an errno; a job that
 * timed out has -ETIMEDOUT), or TYR_TEST_PENDING if it has not signalled
 * within the bound. A bound of a second or more is for what must happen,
 * and gets tyr_test_slack_ms(); a shorter one checks that something has
 * not happened yet, which a slower host does not change, and stays as it
 * is.
 */
static int tyr_sched_test_wait(struct kunit *test, u32 handle, u64 point,
			       unsigned int ms)
{
	struct tyr_sched_test *ctx = test->priv;
	struct dma_fence *fence;
	long ret;

	ret = drm_syncobj_find_fence(ctx->file, handle, point, 0, &fence);
	if (ret)
		return ret;
	if (ms >= MSEC_PER_SEC)
		ms = tyr_test_slack_ms(ms);
	ret = dma_fence_wait_timeout(fence, false, msecs_to_jiffies(ms));
	if (ret > 0)
		ret = fence->error;
	else if (!ret)
		ret = TYR_TEST_PENDING;
	dma_fence_put(fence);
	return ret;
}

static u32 tyr_sched_test_state(struct kunit *test, u32 group, u32 *fatal)
{
	struct tyr_sched_test *ctx = test->priv;
	struct drm_panthor_group_get_state args = { .group_handle = group };

	KUNIT_ASSERT_EQ(test, tyr_ioctl_group_get_state(&ctx->tdev->base,
							&args, ctx->file), 0);
	if (fatal)
		*fatal = args.fatal_queues;
	return args.state;
}

/*
 * Wait until the device has @groups groups and @jobs jobs not freed, and
 * what a group's release frees is gone: freed jobs let their group go, and
 * groups and VMs are released from the cleanup workqueue.
 */
static bool tyr_sched_test_settled(struct kunit *test, int groups, int jobs)
{
	struct tyr_sched_test *ctx = test->priv;
	struct tyr_sched *sched = &ctx->tdev->sched;
	bool ok;

	ok = tyr_test_wait_until(atomic_read(&sched->job_count) == jobs &&
				 atomic_read(&sched->group_count) == groups,
				 10000);
	flush_workqueue(tyr_cleanup_wq);
	flush_workqueue(tyr_cleanup_wq);
	return ok;
}

/* IGT's first job: store 0xdeadbeef at @result, then flush. */
static u32 tyr_sched_test_first_job(u64 *code, u64 result)
{
	code[0] = tyr_cs_move48(68, result);
	code[1] = tyr_cs_move32(70, 0xdeadbeef);
	code[2] = 0x1546440000010000ull;	/* STORE_MULTIPLE r70 -> [r68] */
	code[3] = tyr_cs_wait(0xff);
	code[4] = tyr_cs_move32(70, 0);
	code[5] = tyr_cs_flush_cache2(TYR_CS_FLUSH_CLEAN_INVALIDATE,
				      TYR_CS_FLUSH_CLEAN_INVALIDATE,
				      TYR_CS_FLUSH_NONE, 70, 0, 1);
	code[6] = tyr_cs_wait(0xff);
	return 7 * TYR_CS_INSTR_SIZE;
}

static void tyr_sched_test_first(struct kunit *test)
{
	u32 vm = tyr_sched_test_vm(test);
	u64 *code = tyr_sched_test_bo(test, vm, CODE_VA, SZ_4K);
	u32 *data = tyr_sched_test_bo(test, vm, DATA_VA, SZ_4K);
	u32 done = tyr_sched_test_syncobj(test, 0);
	struct drm_panthor_sync_op sig = {
		.flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			 DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ,
		.handle = done,
	};
	u32 group, size;

	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K, &group),
			0);
	size = tyr_sched_test_first_job(code, DATA_VA);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, group, 0, CODE_VA,
						    size, &sig, 1), 0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, done, 0, 2000), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(data[0]), 0xdeadbeef);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_state(test, group, NULL), 0);
}

/* Store @val at @addr. */
static u32 tyr_sched_test_store(u64 *code, u64 addr, u32 val)
{
	code[0] = tyr_cs_move48(68, addr);
	code[1] = tyr_cs_move32(70, val);
	code[2] = tyr_cs_op(TYR_CS_OP_STORE_MULTIPLE) | 70ull << 48 |
		  68ull << 40 | 1ull << 16;
	code[3] = tyr_cs_wait(0xff);
	return 4 * TYR_CS_INSTR_SIZE;
}

/* Wait until the word at @addr is above 0. */
static u32 tyr_sched_test_gate(u64 *code, u64 addr)
{
	code[0] = tyr_cs_move48(66, addr);
	code[1] = tyr_cs_move32(71, 0);
	code[2] = tyr_cs_op(TYR_CS_OP_SYNC_WAIT32) | 66ull << 40 |
		  71ull << 32 | 1ull << 28;
	return 3 * TYR_CS_INSTR_SIZE;
}

/* What the queue says of a job when its scheduler fence signals. */
struct tyr_sched_test_finished {
	struct dma_fence_cb cb;
	struct dma_fence *done;
	bool called;
	bool in_flight;
};

static void tyr_sched_test_finished_cb(struct dma_fence *fence,
				       struct dma_fence_cb *cb)
{
	struct tyr_sched_test_finished *f =
		container_of(cb, struct tyr_sched_test_finished, cb);

	f->in_flight = tyr_sched_fence_in_flight(f->done);
	f->called = true;
}

/*
 * The job's scheduler fence signals from within the signalling of the fence
 * its ring signals, and from then on drm_sched may free the job on another
 * CPU: by then the queue must have let go of it. Regression test: the queue
 * unlinked the job and read its PM reference after signalling (a KASAN
 * use-after-free in tyr_queue_signal() after some hundred Vulkan submits).
 */
static void tyr_sched_test_signal_unlinked(struct kunit *test)
{
	struct tyr_sched_test *ctx = test->priv;
	u32 vm = tyr_sched_test_vm(test);
	u64 *code = tyr_sched_test_bo(test, vm, CODE_VA, SZ_4K);
	u32 *data = tyr_sched_test_bo(test, vm, DATA_VA, SZ_4K);
	u32 done = tyr_sched_test_syncobj(test, 0);
	struct drm_panthor_sync_op sig = {
		.flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			 DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ,
		.handle = done,
	};
	struct tyr_sched_test_finished f = { };
	struct drm_sched_fence *s_fence;
	struct dma_fence *finished;
	u32 group, size;

	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K, &group),
			0);
	size = tyr_sched_test_gate(code, DATA_VA);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, group, 0, CODE_VA,
						    size, &sig, 1), 0);
	KUNIT_ASSERT_EQ(test, drm_syncobj_find_fence(ctx->file, done, 0, 0,
						     &finished), 0);
	s_fence = to_drm_sched_fence(finished);
	KUNIT_ASSERT_NOT_NULL(test, s_fence);

	/* The job runs, and waits on the gate. */
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(smp_load_acquire(&s_fence->parent),
						    10000));
	f.done = s_fence->parent;
	KUNIT_ASSERT_EQ(test, dma_fence_add_callback(finished, &f.cb,
						     tyr_sched_test_finished_cb),
			0);

	WRITE_ONCE(data[0], 1);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, done, 0, 10000), 0);
	KUNIT_EXPECT_TRUE(test, f.called);
	KUNIT_EXPECT_FALSE(test, f.in_flight);
	/* The callback is on the stack: never leave it behind. */
	dma_fence_remove_callback(finished, &f.cb);
	dma_fence_put(finished);
}

/*
 * B waits for A's timeline point: B's store lands after A's, although A
 * is held back (on memory the CPU writes) until B was submitted.
 */
static void tyr_sched_test_chain(struct kunit *test)
{
	u32 vm = tyr_sched_test_vm(test);
	u64 *code = tyr_sched_test_bo(test, vm, CODE_VA, SZ_4K);
	u32 *data = tyr_sched_test_bo(test, vm, DATA_VA, SZ_4K);
	u32 timeline = tyr_sched_test_syncobj(test, 0);
	u32 done = tyr_sched_test_syncobj(test, 0);
	struct drm_panthor_sync_op b_syncs[] = {
		{ .flags = DRM_PANTHOR_SYNC_OP_WAIT |
			   DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_TIMELINE_SYNCOBJ,
		  .handle = timeline, .timeline_value = 1 },
		{ .flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			   DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ,
		  .handle = done },
	};
	struct drm_panthor_sync_op a_sync = {
		.flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			 DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_TIMELINE_SYNCOBJ,
		.handle = timeline, .timeline_value = 1,
	};
	u32 a, b, a_size, b_size;

	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K, &a), 0);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K, &b), 0);
	a_size = tyr_sched_test_gate(code, DATA_VA + 0x800);
	a_size += tyr_sched_test_store(code + 3, DATA_VA, 0xa);
	b_size = tyr_sched_test_store(code + 16, DATA_VA, 0xb);

	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, a, 0, CODE_VA, a_size,
						    &a_sync, 1), 0);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, b, 0, CODE_VA + 128,
						    b_size, b_syncs, 2), 0);
	msleep(20);
	KUNIT_EXPECT_EQ(test, READ_ONCE(data[0]), 0);

	/* Open the gate: A stores, then B. */
	WRITE_ONCE(data[0x200], 1);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, done, 0, 2000), 0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, timeline, 1, 10), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(data[0]), 0xb);
}

/* More groups than slots: every job runs. */
static void tyr_sched_test_many_groups(struct kunit *test)
{
	struct tyr_sched_test *ctx;
	u32 vm = tyr_sched_test_vm(test);
	u64 *code = tyr_sched_test_bo(test, vm, CODE_VA, SZ_4K);
	u32 *data = tyr_sched_test_bo(test, vm, DATA_VA, SZ_4K);
	u32 groups[64], syncs[64];
	unsigned int i;

	ctx = test->priv;
	for (i = 0; i < ARRAY_SIZE(groups); i++) {
		struct drm_panthor_sync_op sig = {
			.flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
				 DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ,
		};
		u32 size = tyr_sched_test_store(code + 8 * i, DATA_VA + 4 * i,
						0x100 + i);

		syncs[i] = tyr_sched_test_syncobj(test, 0);
		sig.handle = syncs[i];
		KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K,
							   &groups[i]), 0);
		KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, groups[i], 0,
							    CODE_VA + 64 * i,
							    size, &sig, 1), 0);
	}
	for (i = 0; i < ARRAY_SIZE(groups); i++) {
		KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, syncs[i], 0,
							  5000), 0);
		KUNIT_EXPECT_EQ(test, READ_ONCE(data[i]), 0x100 + i);
	}
	KUNIT_EXPECT_GT(test, ctx->tdev->sched.evictions, 0);
}

/*
 * More busy groups than slots: the waiting ones get a slot in turn, the
 * others are suspended in the middle of their job and resumed later.
 */
static void tyr_sched_test_rotation(struct kunit *test)
{
	struct tyr_sched_test *ctx = test->priv;
	u32 vm = tyr_sched_test_vm(test);
	u64 *code = tyr_sched_test_bo(test, vm, CODE_VA, SZ_4K);
	u32 *data = tyr_sched_test_bo(test, vm, DATA_VA, SZ_4K);
	u32 groups[10], syncs[10];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(groups); i++) {
		struct drm_panthor_sync_op sig = {
			.flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
				 DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ,
		};
		u64 *job = code + 16 * i;
		u32 size;

		/* Wait for the CPU's go, then store. */
		size = tyr_sched_test_gate(job, DATA_VA + 0x800 + 4 * i);
		size += tyr_sched_test_store(job + 3, DATA_VA + 4 * i, 0x100 + i);
		syncs[i] = tyr_sched_test_syncobj(test, 0);
		sig.handle = syncs[i];
		KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K,
							   &groups[i]), 0);
		KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, groups[i], 0,
							    CODE_VA + 128 * i,
							    size, &sig, 1), 0);
	}

	/* Every group is busy: the slots go round. */
	KUNIT_EXPECT_TRUE(test, tyr_test_wait_until(ctx->tdev->sched.rotations >=
						    4, 2000));
	for (i = 0; i < ARRAY_SIZE(groups); i++)
		KUNIT_EXPECT_EQ(test, READ_ONCE(data[i]), 0);

	for (i = 0; i < ARRAY_SIZE(groups); i++)
		WRITE_ONCE(data[0x200 + i], 1);
	for (i = 0; i < ARRAY_SIZE(groups); i++) {
		KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, syncs[i], 0,
							  2000), 0);
		KUNIT_EXPECT_EQ(test, READ_ONCE(data[i]), 0x100 + i);
		KUNIT_EXPECT_EQ(test, tyr_sched_test_state(test, groups[i], NULL),
				0);
	}
}

/* An invalid instruction kills its group, not the others. */
static void tyr_sched_test_fatal(struct kunit *test)
{
	u32 vm = tyr_sched_test_vm(test);
	u64 *code = tyr_sched_test_bo(test, vm, CODE_VA, SZ_4K);
	u32 *data = tyr_sched_test_bo(test, vm, DATA_VA, SZ_4K);
	u32 bad_done = tyr_sched_test_syncobj(test, 0);
	u32 good_done = tyr_sched_test_syncobj(test, 0);
	struct drm_panthor_sync_op sig = {
		.flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			 DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ,
	};
	struct tyr_sched_test *ctx = test->priv;
	struct drm_panthor_group_destroy destroy = { };
	u32 bad, good, size, fatal = 0;

	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 2, SZ_4K, &bad),
			0);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K, &good),
			0);
	code[0] = tyr_cs_op(0x3f);	/* no such instruction */
	size = tyr_sched_test_store(code + 8, DATA_VA, 0x600d);

	sig.handle = bad_done;
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, bad, 1, CODE_VA,
						    TYR_CS_INSTR_SIZE, &sig, 1),
			0);
	KUNIT_EXPECT_LT(test, tyr_sched_test_wait(test, bad_done, 0, 2000), 0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_state(test, bad, &fatal),
			DRM_PANTHOR_GROUP_STATE_FATAL_FAULT);
	KUNIT_EXPECT_EQ(test, fatal, BIT(1));
	KUNIT_EXPECT_EQ(test, tyr_sched_test_submit(test, bad, 0, CODE_VA + 64,
						    size, NULL, 0), -ECANCELED);

	sig.handle = good_done;
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, good, 0, CODE_VA + 64,
						    size, &sig, 1), 0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, good_done, 0, 2000), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(data[0]), 0x600d);

	/*
	 * The good group took the slot of the dead one: when it goes, the
	 * firmware must find no stream of the dead group there any more.
	 */
	destroy.group_handle = good;
	KUNIT_EXPECT_EQ(test, tyr_ioctl_group_destroy(&ctx->tdev->base, &destroy,
						      ctx->file), 0);
	destroy.group_handle = bad;
	KUNIT_EXPECT_EQ(test, tyr_ioctl_group_destroy(&ctx->tdev->base, &destroy,
						      ctx->file), 0);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(ctx->tdev->mcu.faulted));
	KUNIT_EXPECT_TRUE(test, ctx->tdev->mcu.running);
}

/* A job that never ends times out; another group's job still runs. */
static void tyr_sched_test_timeout(struct kunit *test)
{
	struct tyr_sched_test *ctx = test->priv;
	u32 vm = tyr_sched_test_vm(test);
	u64 *code = tyr_sched_test_bo(test, vm, CODE_VA, SZ_4K);
	u32 *data = tyr_sched_test_bo(test, vm, DATA_VA, SZ_4K);
	u32 hung_done = tyr_sched_test_syncobj(test, 0);
	u32 good_done = tyr_sched_test_syncobj(test, 0);
	struct drm_panthor_sync_op sig = {
		.flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			 DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ,
	};
	u32 hung, good, size;

	/* Only the hung group's queue gets a short timeout. */
	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K, &good),
			0);
	ctx->tdev->sched.job_timeout_ms = 100;
	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K, &hung),
			0);
	/* Wait for a sync object that nothing ever signals. */
	code[0] = tyr_cs_move48(68, DATA_VA + 0x800);
	code[1] = tyr_cs_move32(70, 0);
	code[2] = tyr_cs_op(TYR_CS_OP_SYNC_WAIT32) | 68ull << 40 |
		  70ull << 32 | 1ull << 28;	/* until *addr > 0 */
	size = tyr_sched_test_store(code + 8, DATA_VA, 0x600d);

	sig.handle = hung_done;
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, hung, 0, CODE_VA,
						    3 * TYR_CS_INSTR_SIZE,
						    &sig, 1), 0);
	sig.handle = good_done;
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, good, 0, CODE_VA + 64,
						    size, &sig, 1), 0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, good_done, 0, 2000), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(data[0]), 0x600d);

	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, hung_done, 0, 2000),
			-ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_state(test, hung, NULL),
			DRM_PANTHOR_GROUP_STATE_TIMEDOUT);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_state(test, good, NULL), 0);
}

/* Destroying a group with a job in flight fails the job, leaks nothing. */
static void tyr_sched_test_destroy_busy(struct kunit *test)
{
	struct tyr_sched_test *ctx = test->priv;
	u32 vm = tyr_sched_test_vm(test);
	u64 *code = tyr_sched_test_bo(test, vm, CODE_VA, SZ_4K);
	u32 done = tyr_sched_test_syncobj(test, 0);
	struct drm_panthor_sync_op sig = {
		.flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			 DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ,
		.handle = done,
	};
	struct drm_panthor_group_destroy destroy = { };
	int groups = atomic_read(&ctx->tdev->sched.group_count);
	int jobs = atomic_read(&ctx->tdev->sched.job_count);
	unsigned int gems;
	u32 group;

	tyr_sched_test_bo(test, vm, DATA_VA, SZ_4K);
	gems = ctx->tdev->gems.count;

	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 2, SZ_8K, &group),
			0);
	KUNIT_EXPECT_GT(test, ctx->tdev->gems.count, gems);
	code[0] = tyr_cs_move48(68, DATA_VA + 0x800);
	code[1] = tyr_cs_move32(70, 0);
	code[2] = tyr_cs_op(TYR_CS_OP_SYNC_WAIT32) | 68ull << 40 |
		  70ull << 32 | 1ull << 28;
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, group, 1, CODE_VA,
						    3 * TYR_CS_INSTR_SIZE,
						    &sig, 1), 0);
	/* A second job, behind the first on its queue. */
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, group, 1, CODE_VA,
						    3 * TYR_CS_INSTR_SIZE,
						    NULL, 0), 0);
	msleep(20);
	/* Still waiting: not faulted, not done. */
	KUNIT_EXPECT_EQ(test, tyr_sched_test_state(test, group, NULL), 0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, done, 0, 10),
			TYR_TEST_PENDING);

	destroy.group_handle = group;
	KUNIT_EXPECT_EQ(test, tyr_ioctl_group_destroy(&ctx->tdev->base,
						      &destroy, ctx->file), 0);
	KUNIT_EXPECT_LT(test, tyr_sched_test_wait(test, done, 0, 2000), 0);
	/*
	 * Both jobs are freed, then the group. Regression test: destroying
	 * the group tore its schedulers down with the jobs on their pending
	 * lists, which drm_sched_fini() does not free (2 of 2 leaked).
	 */
	KUNIT_EXPECT_TRUE(test, tyr_sched_test_settled(test, groups, jobs));
	KUNIT_EXPECT_EQ(test, ctx->tdev->gems.count, gems);
	KUNIT_EXPECT_EQ(test, tyr_ioctl_group_destroy(&ctx->tdev->base,
						      &destroy, ctx->file),
			-EINVAL);
}

/*
 * Closing a file with a job in flight: the job's fence signals an error,
 * and the file's groups and VMs go.
 */
static void tyr_sched_test_close_busy(struct kunit *test)
{
	struct tyr_sched_test *ctx = test->priv;
	struct file *filp = tyr_test_open(ctx->gpu);
	struct drm_file *first = ctx->file;
	struct drm_panthor_sync_op sig = {
		.flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			 DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ,
	};
	int groups = atomic_read(&ctx->tdev->sched.group_count);
	int jobs = atomic_read(&ctx->tdev->sched.job_count);
	struct dma_fence *fence;
	unsigned int gems;
	u32 vm, done, group;
	u64 *code;

	/* The helpers work on the second file from now on. */
	ctx->file = filp->private_data;
	vm = tyr_sched_test_vm(test);
	code = tyr_sched_test_bo(test, vm, CODE_VA, SZ_4K);
	done = tyr_sched_test_syncobj(test, 0);
	gems = ctx->tdev->gems.count;
	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K, &group),
			0);

	/* Wait for a word the CPU never writes. */
	tyr_sched_test_gate(code, CODE_VA + 0x800);
	sig.handle = done;
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, group, 0, CODE_VA,
						    3 * TYR_CS_INSTR_SIZE, &sig,
						    1), 0);
	msleep(20);
	KUNIT_ASSERT_EQ(test, drm_syncobj_find_fence(ctx->file, done, 0, 0,
						     &fence), 0);
	KUNIT_EXPECT_FALSE(test, dma_fence_is_signaled(fence));

	ctx->file = first;
	tyr_test_close_now(ctx->gpu, filp);
	KUNIT_EXPECT_GT(test, dma_fence_wait_timeout(fence, false,
						     msecs_to_jiffies(2000)), 0);
	KUNIT_EXPECT_NE(test, fence->error, 0);
	dma_fence_put(fence);
	KUNIT_EXPECT_TRUE(test, tyr_sched_test_settled(test, groups, jobs));
	/* What is left is the code BO the test still maps. */
	KUNIT_EXPECT_EQ(test, ctx->tdev->gems.count, gems);
}

/*
 * VM_DESTROY while a group that uses the VM runs: the VM, and its address
 * space, stay with the group; the user's mappings go, so that the group's
 * work faults instead of going on. Regression test: the slot was taken
 * from under the running group (after a userspace-triggered WARN_ON()).
 */
static void tyr_sched_test_vm_destroy_busy(struct kunit *test)
{
	struct tyr_sched_test *ctx = test->priv;
	struct tyr_file *tfile = ctx->file->driver_priv;
	u32 vm_id = tyr_sched_test_vm(test);
	u64 *code = tyr_sched_test_bo(test, vm_id, CODE_VA, SZ_4K);
	u32 done = tyr_sched_test_syncobj(test, 0);
	struct drm_panthor_sync_op sig = {
		.flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			 DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ,
		.handle = done,
	};
	struct drm_panthor_vm_destroy destroy = { .id = vm_id };
	struct tyr_vm *vm;
	u32 group, size;
	int as;

	tyr_sched_test_bo(test, vm_id, DATA_VA, SZ_4K);
	vm = tyr_vm_pool_get(&tfile->vms, vm_id);
	KUNIT_ASSERT_NOT_NULL(test, vm);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm_id, 1, SZ_4K, &group),
			0);
	size = tyr_sched_test_gate(code, DATA_VA);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, group, 0, CODE_VA,
						    size, &sig, 1), 0);
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(tyr_vm_as(vm) >= 0, 10000));
	as = tyr_vm_as(vm);

	KUNIT_EXPECT_EQ(test, tyr_ioctl_vm_destroy(&ctx->tdev->base, &destroy,
						   ctx->file), 0);
	KUNIT_EXPECT_EQ(test, tyr_vm_as(vm), as);
	/* The gate it waits on is no longer mapped: the job fails. */
	KUNIT_EXPECT_LT(test, tyr_sched_test_wait(test, done, 0, 10000), 0);
	KUNIT_EXPECT_NE(test, tyr_sched_test_state(test, group, NULL), 0);
	tyr_vm_put(vm);
}

/*
 * Eight busy groups on eight VMs, with eight group slots and seven address
 * spaces for user VMs: the eighth group waits for an address space, and
 * runs once one is free. Regression test: it was killed (-EIO) while
 * GROUP_GET_STATE still said 0.
 */
static void tyr_sched_test_wait_for_as(struct kunit *test)
{
	struct tyr_sched_test *ctx = test->priv;
	struct tyr_file *tfile = ctx->file->driver_priv;
	u32 *data[8], groups[8], done[8];
	struct tyr_vm *vms[8];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(groups); i++) {
		struct drm_panthor_sync_op sig = {
			.flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
				 DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ,
		};
		u32 vm = tyr_sched_test_vm(test);
		u64 *code = tyr_sched_test_bo(test, vm, CODE_VA, SZ_4K);
		u32 size = tyr_sched_test_gate(code, DATA_VA);

		data[i] = tyr_sched_test_bo(test, vm, DATA_VA, SZ_4K);
		vms[i] = tyr_vm_pool_get(&tfile->vms, vm);
		KUNIT_ASSERT_NOT_NULL(test, vms[i]);
		/* The file's pool keeps it. */
		tyr_vm_put(vms[i]);
		done[i] = tyr_sched_test_syncobj(test, 0);
		sig.handle = done[i];
		KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K,
							   &groups[i]), 0);
		KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, groups[i], 0,
							    CODE_VA, size, &sig,
							    1), 0);
		/* The first seven take every user address space. */
		if (i < 7)
			KUNIT_ASSERT_TRUE(test,
					  tyr_test_wait_until(tyr_vm_as(vms[i]) >= 0,
							      10000));
	}

	/* The eighth waits, alive. */
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, done[7], 0, 50),
			TYR_TEST_PENDING);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_state(test, groups[7], NULL), 0);

	for (i = 0; i < ARRAY_SIZE(groups); i++)
		WRITE_ONCE(data[i][0], 1);
	for (i = 0; i < ARRAY_SIZE(groups); i++) {
		KUNIT_EXPECT_EQ_MSG(test, tyr_sched_test_wait(test, done[i], 0,
							      10000), 0,
				    "group %u", i);
		KUNIT_EXPECT_EQ_MSG(test, tyr_sched_test_state(test, groups[i],
							       NULL), 0,
				    "group %u", i);
	}
}

/*
 * A reset that does not bring the GPU back makes the device unusable: the
 * work it had fails, and so does new work, with -EIO, instead of waiting
 * for ever. Regression test: the scheduler stayed paused, and jobs waited
 * for their timeout, then for the next reset, for ever.
 */
static void tyr_sched_test_reset_fails(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_sched_test *ctx = test->priv;
	u32 vm = tyr_sched_test_vm(test);
	u64 *code = tyr_sched_test_bo(test, vm, CODE_VA, SZ_4K);
	u32 done = tyr_sched_test_syncobj(test, 0);
	u32 later = tyr_sched_test_syncobj(test, 0);
	struct drm_panthor_sync_op sig = {
		.flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			 DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ,
		.handle = done,
	};
	unsigned int resets = ctx->tdev->reset.count;
	u32 group, size;

	tyr_sched_test_bo(test, vm, DATA_VA, SZ_4K);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K, &group),
			0);
	size = tyr_sched_test_gate(code, DATA_VA);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, group, 0, CODE_VA,
						    size, &sig, 1), 0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, done, 0, 20),
			TYR_TEST_PENDING);

	/* The GPU never completes its reset. */
	cfg.reset_hangs = true;
	tyr_model_set_config(ctx->gpu->model, &cfg);
	tyr_device_schedule_reset(ctx->tdev);
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(ctx->tdev->reset.count >
						    resets, 10000));
	KUNIT_EXPECT_TRUE(test, READ_ONCE(ctx->tdev->pm.unusable));
	KUNIT_EXPECT_LT(test, tyr_sched_test_wait(test, done, 0, 10000), 0);
	KUNIT_EXPECT_NE(test, tyr_sched_test_state(test, group, NULL), 0);

	/* New work is refused. */
	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K, &group),
			0);
	sig.handle = later;
	KUNIT_EXPECT_EQ(test, tyr_sched_test_submit(test, group, 0, CODE_VA,
						    size, &sig, 1), -EIO);
}

/* GROUP_DESTROY by a process that gets killed while it waits. */
struct tyr_sched_test_killed {
	struct kunit *test;
	u32 group;
	int ret;
	struct completion started;
};

static int tyr_sched_test_killed_fn(void *data)
{
	struct tyr_sched_test_killed *k = data;
	struct tyr_sched_test *ctx = k->test->priv;
	struct drm_panthor_group_destroy args = { .group_handle = k->group };

	allow_signal(SIGKILL);
	complete(&k->started);
	k->ret = tyr_ioctl_group_destroy(&ctx->tdev->base, &args, ctx->file);
	return 0;
}

/*
 * A process dies with jobs still waiting for their dependencies: the
 * destruction of its group stops waiting for them and kills them, and
 * drm_sched frees the killed jobs once their dependencies signal, through
 * the group's schedulers. Regression test: jobs held no reference to their
 * group, which was freed first (a KASAN use-after-free in
 * drm_sched_entity_kill_jobs_work()).
 */
static void tyr_sched_test_destroy_killed(struct kunit *test)
{
	struct tyr_sched_test *ctx = test->priv;
	struct tyr_sched *sched = &ctx->tdev->sched;
	struct dma_fence *gate = tyr_test_fence(test);
	struct drm_panthor_sync_op wait = {
		.flags = DRM_PANTHOR_SYNC_OP_WAIT |
			 DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ,
	};
	struct tyr_sched_test_killed k = { .test = test };
	int groups = atomic_read(&sched->group_count);
	int jobs = atomic_read(&sched->job_count);
	u32 vm = tyr_sched_test_vm(test);
	u64 *code = tyr_sched_test_bo(test, vm, CODE_VA, SZ_4K);
	struct drm_syncobj *syncobj;
	struct task_struct *task;
	u32 size;

	wait.handle = tyr_sched_test_syncobj(test, 0);
	syncobj = drm_syncobj_find(ctx->file, wait.handle);
	KUNIT_ASSERT_NOT_NULL(test, syncobj);
	drm_syncobj_replace_fence(syncobj, gate);
	drm_syncobj_put(syncobj);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 2, SZ_4K, &k.group),
			0);
	size = tyr_sched_test_first_job(code, DATA_VA);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, k.group, 0, CODE_VA,
						    size, &wait, 1), 0);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, k.group, 1, CODE_VA,
						    size, &wait, 1), 0);
	KUNIT_EXPECT_EQ(test, atomic_read(&sched->job_count), jobs + 2);

	/* GROUP_DESTROY waits for the queued jobs, until SIGKILL. */
	init_completion(&k.started);
	task = kthread_create(tyr_sched_test_killed_fn, &k, "tyr-test-killed");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	get_task_struct(task);
	wake_up_process(task);
	wait_for_completion(&k.started);
	send_sig(SIGKILL, task, 1);
	kthread_stop(task);
	put_task_struct(task);
	KUNIT_EXPECT_EQ(test, k.ret, 0);

	/* The killed jobs wait for the gate, and keep their group. */
	flush_workqueue(tyr_cleanup_wq);
	KUNIT_EXPECT_EQ(test, atomic_read(&sched->group_count), groups + 1);
	KUNIT_EXPECT_EQ(test, atomic_read(&sched->job_count), jobs + 2);

	dma_fence_signal(gate);
	KUNIT_EXPECT_TRUE(test, tyr_sched_test_settled(test, groups, jobs));
}

static void tyr_sched_test_dev_put(void *ddev)
{
	drm_dev_put(ddev);
}

/*
 * The driver is unbound while a file has a job on the GPU, a job and an
 * asynchronous unmap waiting for a fence: the job on the GPU fails, the
 * ioctls that need the GPU fail with -ENODEV, the waiting work completes
 * without the GPU once the fence signals, and the file's objects go when it
 * closes. The model is destroyed with the device: KASAN reports any
 * register access from then on. Regression test: the ioctls reached the
 * hardware of a removed device.
 */
static void tyr_sched_test_unbind_busy(struct kunit *test)
{
	struct tyr_sched_test *ctx = test->priv;
	struct tyr_device *tdev = ctx->tdev;
	struct tyr_sched *sched = &tdev->sched;
	struct dma_fence *gate = tyr_test_fence(test);
	int groups = atomic_read(&sched->group_count);
	int jobs = atomic_read(&sched->job_count);
	struct drm_panthor_sync_op syncs[2] = {
		{ .flags = DRM_PANTHOR_SYNC_OP_WAIT |
			   DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ },
		{ .flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			   DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ },
	};
	struct drm_panthor_vm_bind_op op = {
		.flags = DRM_PANTHOR_VM_BIND_OP_TYPE_UNMAP,
		.va = DATA_VA,
		.size = SZ_4K,
		.syncs = { .stride = sizeof(syncs[0]), .count = 2,
			   .array = ctx->ubuf + PAGE_SIZE },
	};
	struct drm_panthor_vm_bind bind = {
		.flags = DRM_PANTHOR_VM_BIND_ASYNC,
		.ops = { .stride = sizeof(op), .count = 1, .array = ctx->ubuf },
	};
	struct drm_panthor_timestamp_info ts;
	struct drm_panthor_dev_query query = {
		.type = DRM_PANTHOR_DEV_QUERY_TIMESTAMP_INFO,
		.size = sizeof(ts),
		.pointer = ctx->ubuf,
	};
	struct drm_panthor_group_destroy destroy = { };
	u32 running, waiting, unmapped, group, other, vm;
	struct drm_syncobj *syncobj;
	struct dma_fence *fence;
	u64 *code;
	u32 size;

	/* The DRM device outlives the test's BO mappings. */
	drm_dev_get(&tdev->base);
	KUNIT_ASSERT_EQ(test, 0, kunit_add_action_or_reset(test,
							   tyr_sched_test_dev_put,
							   &tdev->base));
	vm = tyr_sched_test_vm(test);
	code = tyr_sched_test_bo(test, vm, CODE_VA, SZ_4K);
	tyr_sched_test_bo(test, vm, DATA_VA, SZ_4K);
	running = tyr_sched_test_syncobj(test, 0);
	waiting = tyr_sched_test_syncobj(test, 0);
	unmapped = tyr_sched_test_syncobj(test, 0);
	syncs[0].handle = tyr_sched_test_syncobj(test, 0);
	syncobj = drm_syncobj_find(ctx->file, syncs[0].handle);
	KUNIT_ASSERT_NOT_NULL(test, syncobj);
	drm_syncobj_replace_fence(syncobj, gate);
	drm_syncobj_put(syncobj);

	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 2, SZ_4K, &group),
			0);
	size = tyr_sched_test_gate(code, DATA_VA + 0x800);
	syncs[1].handle = running;
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, group, 0, CODE_VA,
						    size, &syncs[1], 1), 0);
	syncs[1].handle = waiting;
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, group, 1, CODE_VA,
						    size, syncs, 2), 0);
	syncs[1].handle = unmapped;
	bind.vm_id = vm;
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)ctx->ubuf + PAGE_SIZE,
					   syncs, sizeof(syncs)), 0);
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)ctx->ubuf, &op,
					   sizeof(op)), 0);
	KUNIT_ASSERT_EQ(test, tyr_ioctl_vm_bind(&tdev->base, &bind, ctx->file),
			0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, running, 0, 20),
			TYR_TEST_PENDING);

	tyr_test_gpu_unbind(ctx->gpu);

	/* The group died with the device, and says so. */
	KUNIT_ASSERT_EQ(test, drm_syncobj_find_fence(ctx->file, running, 0, 0,
						     &fence), 0);
	KUNIT_EXPECT_GT(test, dma_fence_wait_timeout(fence, false,
						     msecs_to_jiffies(2000)), 0);
	KUNIT_EXPECT_LT(test, fence->error, 0);
	dma_fence_put(fence);
	KUNIT_EXPECT_TRUE(test, tyr_sched_test_state(test, group, NULL) &
			  DRM_PANTHOR_GROUP_STATE_TIMEDOUT);

	/* What needs the GPU is refused; what does not still works. */
	KUNIT_EXPECT_EQ(test, tyr_sched_test_submit(test, group, 0, CODE_VA,
						    size, NULL, 0), -ENODEV);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K, &other),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, copy_to_user((void __user *)ctx->ubuf, &op,
					   sizeof(op)), 0);
	bind.flags = 0;
	KUNIT_EXPECT_EQ(test, tyr_ioctl_vm_bind(&tdev->base, &bind, ctx->file),
			-ENODEV);
	KUNIT_EXPECT_EQ(test, tyr_ioctl_dev_query(&tdev->base, &query,
						  ctx->file), -ENODEV);
	query.type = DRM_PANTHOR_DEV_QUERY_GPU_INFO;
	query.pointer = 0;
	KUNIT_EXPECT_EQ(test, tyr_ioctl_dev_query(&tdev->base, &query,
						  ctx->file), 0);

	/* Work waiting for the fence completes without the GPU. */
	dma_fence_signal(gate);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, unmapped, 0, 2000), 0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, waiting, 0, 2000),
			-ECANCELED);

	destroy.group_handle = group;
	KUNIT_EXPECT_EQ(test, tyr_ioctl_group_destroy(&tdev->base, &destroy,
						      ctx->file), 0);
	tyr_test_close_now(ctx->gpu, ctx->filp);
	KUNIT_EXPECT_TRUE(test, tyr_sched_test_settled(test, groups, jobs));
	/* The firmware's memory went at the unbind: left are the test's BOs. */
	KUNIT_EXPECT_EQ(test, tdev->gems.count, 2);
}

static void tyr_sched_test_bad_input(struct kunit *test)
{
	struct tyr_sched_test *ctx = test->priv;
	u32 vm = tyr_sched_test_vm(test);
	struct drm_panthor_queue_create q = { .ringbuf_size = SZ_4K };
	struct drm_panthor_group_create good = {
		.queues = { .stride = sizeof(q), .count = 1,
			    .array = ctx->ubuf },
		.max_compute_cores = 1,
		.max_fragment_cores = 1,
		.max_tiler_cores = 1,
		.compute_core_mask = 0x50005,
		.fragment_core_mask = 0x50005,
		.tiler_core_mask = 1,
		.vm_id = vm,
	};
	struct drm_panthor_group_create args;
	struct drm_panthor_sync_op bad_sync = {
		.flags = DRM_PANTHOR_SYNC_OP_WAIT |
			 DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ,
		.handle = 0x7777,
	};
	unsigned int gems = ctx->tdev->gems.count;
	u32 group;

#define EXPECT_CREATE(field, val, err) do {				\
	args = good;							\
	args.field = (val);						\
	KUNIT_EXPECT_EQ_MSG(test, tyr_ioctl_group_create(&ctx->tdev->base, \
							 &args, ctx->file), \
			    (err), #field);				\
} while (0)

	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)ctx->ubuf, &q,
					   sizeof(q)), 0);
	EXPECT_CREATE(compute_core_mask, 0x100000, -EINVAL);
	EXPECT_CREATE(fragment_core_mask, 0x2, -EINVAL);
	EXPECT_CREATE(tiler_core_mask, 0x2, -EINVAL);
	EXPECT_CREATE(max_compute_cores, 5, -EINVAL);
	EXPECT_CREATE(max_fragment_cores, 0, -EINVAL);
	EXPECT_CREATE(max_tiler_cores, 2, -EINVAL);
	EXPECT_CREATE(queues.count, 0, -EINVAL);
	EXPECT_CREATE(queues.count, TYR_MCU_MAX_CS + 1, -EINVAL);
	EXPECT_CREATE(vm_id, vm + 100, -EINVAL);
	EXPECT_CREATE(pad, 1, -EINVAL);
	EXPECT_CREATE(priority, PANTHOR_GROUP_PRIORITY_REALTIME + 1, -EINVAL);
	EXPECT_CREATE(queues.stride, 4, -EINVAL);

	/* Ring sizes: powers of two from 4 KiB to 64 KiB only. */
	q.ringbuf_size = SZ_4K + SZ_1K;
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)ctx->ubuf, &q,
					   sizeof(q)), 0);
	EXPECT_CREATE(vm_id, vm, -EINVAL);
	q.ringbuf_size = SZ_2K;
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)ctx->ubuf, &q,
					   sizeof(q)), 0);
	EXPECT_CREATE(vm_id, vm, -EINVAL);
	q.ringbuf_size = SZ_128K;
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)ctx->ubuf, &q,
					   sizeof(q)), 0);
	EXPECT_CREATE(vm_id, vm, -EINVAL);
	q.ringbuf_size = SZ_4K;
	q.pad[1] = 1;
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)ctx->ubuf, &q,
					   sizeof(q)), 0);
	EXPECT_CREATE(vm_id, vm, -EINVAL);
	q.pad[1] = 0;
	q.priority = 16;
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)ctx->ubuf, &q,
					   sizeof(q)), 0);
	EXPECT_CREATE(vm_id, vm, -EINVAL);
#undef EXPECT_CREATE
	/* A group that failed half-way is released like any other. */
	flush_workqueue(tyr_cleanup_wq);
	KUNIT_EXPECT_EQ(test, ctx->tdev->gems.count, gems);

	/* Submissions to a good group. */
	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K, &group),
			0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_submit(test, group, 1, CODE_VA, 8,
						    NULL, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_submit(test, group, 0, CODE_VA, 12,
						    NULL, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_submit(test, group + 1, 0, CODE_VA,
						    8, NULL, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_submit(test, group, 0, CODE_VA, 8,
						    &bad_sync, 1), -EINVAL);
	bad_sync.flags |= 0x100;
	KUNIT_EXPECT_EQ(test, tyr_sched_test_submit(test, group, 0, CODE_VA, 8,
						    &bad_sync, 1), -EINVAL);
	/* A stream starts on a cache line; no address means no size. */
	KUNIT_EXPECT_EQ(test, tyr_sched_test_submit(test, group, 0,
						    CODE_VA + 8, 8, NULL, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_submit(test, group, 0, 0, 8, NULL,
						    0), -EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_submit(test, group, 0, CODE_VA, 0,
						    NULL, 0), -EINVAL);
}

/*
 * One ioctl, three submissions: the second waits for the binary syncobj the
 * first signals, the third for the timeline point the second signals.
 * Regression test: waits were looked up before any job of the ioctl was
 * queued, so they failed (nothing signalled yet) or waited for an older
 * fence.
 */
static void tyr_sched_test_same_ioctl(struct kunit *test)
{
	struct tyr_sched_test *ctx = test->priv;
	u32 vm = tyr_sched_test_vm(test);
	u64 *code = tyr_sched_test_bo(test, vm, CODE_VA, SZ_4K);
	u32 *data = tyr_sched_test_bo(test, vm, DATA_VA, SZ_4K);
	u32 bin = tyr_sched_test_syncobj(test, 0);
	u32 tl = tyr_sched_test_syncobj(test, 0);
	u32 done = tyr_sched_test_syncobj(test, 0);
	struct drm_panthor_sync_op syncs[] = {
		{ .flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			   DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ, .handle = bin },
		{ .flags = DRM_PANTHOR_SYNC_OP_WAIT |
			   DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ, .handle = bin },
		{ .flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			   DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_TIMELINE_SYNCOBJ,
		  .handle = tl, .timeline_value = 5 },
		{ .flags = DRM_PANTHOR_SYNC_OP_WAIT |
			   DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_TIMELINE_SYNCOBJ,
		  .handle = tl, .timeline_value = 5 },
		{ .flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			   DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ, .handle = done },
	};
	unsigned long syncs_at = ctx->ubuf + PAGE_SIZE;
	struct drm_panthor_queue_submit qs[3] = {
		{ .queue_index = 0, .stream_addr = CODE_VA,
		  .syncs = { .stride = sizeof(syncs[0]), .count = 1,
			     .array = syncs_at } },
		{ .queue_index = 1, .stream_addr = CODE_VA + 64,
		  .syncs = { .stride = sizeof(syncs[0]), .count = 2,
			     .array = syncs_at + sizeof(syncs[0]) } },
		{ .queue_index = 2, .stream_addr = CODE_VA + 128,
		  .syncs = { .stride = sizeof(syncs[0]), .count = 2,
			     .array = syncs_at + 3 * sizeof(syncs[0]) } },
	};
	struct drm_panthor_group_submit args = {
		.queue_submits = { .stride = sizeof(qs[0]), .count = 3,
				   .array = ctx->ubuf },
	};

	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 3, SZ_4K,
						   &args.group_handle), 0);
	/* The first waits for the CPU's go, then each stores its mark. */
	qs[0].stream_size = tyr_sched_test_gate(code, DATA_VA + 0x800);
	qs[0].stream_size += tyr_sched_test_store(code + 3, DATA_VA, 1);
	qs[1].stream_size = tyr_sched_test_store(code + 8, DATA_VA + 4, 2);
	qs[2].stream_size = tyr_sched_test_store(code + 16, DATA_VA + 8, 3);
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)syncs_at, syncs,
					   sizeof(syncs)), 0);
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)ctx->ubuf, qs,
					   sizeof(qs)), 0);
	KUNIT_ASSERT_EQ(test, tyr_ioctl_group_submit(&ctx->tdev->base, &args,
						     ctx->file), 0);

	/* Nothing runs before the first job. */
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, done, 0, 50),
			TYR_TEST_PENDING);
	KUNIT_EXPECT_EQ(test, READ_ONCE(data[1]) | READ_ONCE(data[2]), 0);

	WRITE_ONCE(data[0x200], 1);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, done, 0, 5000), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(data[0]), 1);
	KUNIT_EXPECT_EQ(test, READ_ONCE(data[1]), 2);
	KUNIT_EXPECT_EQ(test, READ_ONCE(data[2]), 3);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, tl, 5, 0), 0);
}

/*
 * Submissions with no stream (only syncs, as panvk sends them): done at
 * once on an idle queue, without a slot or a doorbell; behind a job in
 * flight, done when it is. Regression test: they went through the ring,
 * and took a slot.
 */
static void tyr_sched_test_sync_only(struct kunit *test)
{
	struct tyr_sched_test *ctx = test->priv;
	u32 vm = tyr_sched_test_vm(test);
	u64 *code = tyr_sched_test_bo(test, vm, CODE_VA, SZ_4K);
	u32 *data = tyr_sched_test_bo(test, vm, DATA_VA, SZ_4K);
	u32 first = tyr_sched_test_syncobj(test, 0);
	u32 gated = tyr_sched_test_syncobj(test, 0);
	u32 behind = tyr_sched_test_syncobj(test, 0);
	struct drm_panthor_sync_op sig = {
		.flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			 DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ,
	};
	struct tyr_model_stats *before, *after;
	u32 group, size;

	before = kunit_kzalloc(test, sizeof(*before), GFP_KERNEL);
	after = kunit_kzalloc(test, sizeof(*after), GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, before && after);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K, &group),
			0);

	tyr_model_get_stats(ctx->gpu->model, before);
	sig.handle = first;
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, group, 0, 0, 0, &sig,
						    1), 0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, first, 0, 2000), 0);
	tyr_model_get_stats(ctx->gpu->model, after);
	KUNIT_EXPECT_EQ(test, memcmp(before->doorbells, after->doorbells,
				     sizeof(before->doorbells)), 0);
	KUNIT_EXPECT_EQ(test, memcmp(before->csg_states, after->csg_states,
				     sizeof(before->csg_states)), 0);

	/* Behind a job that waits for the CPU. */
	size = tyr_sched_test_gate(code, DATA_VA + 0x800);
	sig.handle = gated;
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, group, 0, CODE_VA,
						    size, &sig, 1), 0);
	sig.handle = behind;
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, group, 0, 0, 0, &sig,
						    1), 0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, behind, 0, 50),
			TYR_TEST_PENDING);
	WRITE_ONCE(data[0x200], 1);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, behind, 0, 5000), 0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, gated, 0, 0), 0);
}

/* A file has at most 128 groups at once, as with panthor. */
static void tyr_sched_test_group_cap(struct kunit *test)
{
	struct tyr_sched_test *ctx = test->priv;
	struct drm_panthor_group_destroy destroy = { };
	u32 vm = tyr_sched_test_vm(test);
	u32 first = 0, group;
	unsigned int i;

	for (i = 0; i < 128; i++) {
		KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K,
							   &group), 0);
		if (!first)
			first = group;
	}
	KUNIT_EXPECT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K, &group),
			-EBUSY);

	/* One goes, another comes. */
	destroy.group_handle = first;
	KUNIT_EXPECT_EQ(test, tyr_ioctl_group_destroy(&ctx->tdev->base, &destroy,
						      ctx->file), 0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K, &group),
			0);
}

/* Groups leave their slot when the GPU suspends, and resume with work. */
static void tyr_sched_test_suspend(struct kunit *test)
{
	struct tyr_sched_test *ctx = test->priv;
	struct device *dev = ctx->tdev->base.dev;
	u32 vm = tyr_sched_test_vm(test);
	u64 *code = tyr_sched_test_bo(test, vm, CODE_VA, SZ_4K);
	u32 *data = tyr_sched_test_bo(test, vm, DATA_VA, SZ_4K);
	u32 done = tyr_sched_test_syncobj(test, 0);
	struct drm_panthor_sync_op sig = {
		.flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			 DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ,
		.handle = done,
	};
	struct tyr_model_csg_info info;
	u32 group, size;

	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K, &group),
			0);
	size = tyr_sched_test_store(code, DATA_VA, 1);
	tyr_sched_test_store(code + 8, DATA_VA + 4, 2);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, group, 0, CODE_VA,
						    size, &sig, 1), 0);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_wait(test, done, 0, 2000), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(data[0]), 1);
	KUNIT_ASSERT_EQ(test, tyr_model_get_csg_info(ctx->gpu->model, 0, &info),
			0);
	KUNIT_EXPECT_TRUE(test, info.running);

	/* Idle and no reference left: the GPU suspends, the group with it. */
	tyr_test_gpu_pm_put(ctx->gpu);
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(pm_runtime_suspended(dev),
						    2000));
	KUNIT_EXPECT_NULL(test, ctx->tdev->sched.slots[0]);
	KUNIT_EXPECT_FALSE(test, tyr_model_powered(ctx->gpu->model));

	/* New work wakes the GPU and resumes the group. */
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, group, 0,
						    CODE_VA + 64, size, &sig,
						    1), 0);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_wait(test, done, 0, 2000), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(data[1]), 2);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_state(test, group, NULL), 0);
	KUNIT_EXPECT_GE(test, ctx->tdev->mcu.fast_boots, 1);
}

/* A job that hangs in RUN_COMPUTE (the model's cs_run_hangs). */
static u32 tyr_sched_test_hang(u64 *code)
{
	code[0] = tyr_cs_op(TYR_CS_OP_RUN_COMPUTE);
	code[1] = tyr_cs_wait(0xff);
	return 2 * TYR_CS_INSTR_SIZE;
}

/*
 * A GPU reset, caused by a group whose job timed out and that the firmware
 * cannot terminate: the group waiting on memory is suspended before the
 * reset and carries on afterwards; the guilty group is TIMEDOUT; a group
 * the firmware could not suspend either dies TIMEDOUT and INNOCENT; new
 * groups run.
 */
static void tyr_sched_test_reset(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_sched_test *ctx = test->priv;
	u32 vm = tyr_sched_test_vm(test);
	u64 *code = tyr_sched_test_bo(test, vm, CODE_VA, SZ_4K);
	u32 *data = tyr_sched_test_bo(test, vm, DATA_VA, SZ_4K);
	u32 guilty_done = tyr_sched_test_syncobj(test, 0);
	u32 stuck_done = tyr_sched_test_syncobj(test, 0);
	u32 waiting_done = tyr_sched_test_syncobj(test, 0);
	u32 fresh_done = tyr_sched_test_syncobj(test, 0);
	struct drm_panthor_sync_op sig = {
		.flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			 DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ,
	};
	unsigned int resets = ctx->tdev->reset.count;
	u32 guilty, stuck, waiting, fresh, size;
	struct dma_fence *fence;

	cfg.cs_run_hangs = true;
	tyr_model_set_config(ctx->gpu->model, &cfg);

	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K, &waiting),
			0);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K, &stuck),
			0);
	ctx->tdev->sched.job_timeout_ms = 200;
	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K, &guilty),
			0);

	size = tyr_sched_test_gate(code, DATA_VA + 0x800);
	size += tyr_sched_test_store(code + 3, DATA_VA, 0x1a57);
	sig.handle = waiting_done;
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, waiting, 0, CODE_VA,
						    size, &sig, 1), 0);
	size = tyr_sched_test_hang(code + 16);
	sig.handle = stuck_done;
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, stuck, 0, CODE_VA + 128,
						    size, &sig, 1), 0);
	sig.handle = guilty_done;
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, guilty, 0,
						    CODE_VA + 128, size, &sig,
						    1), 0);

	/* The guilty job times out, its group does not go: reset. */
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, guilty_done, 0, 2000),
			-ETIMEDOUT);
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(ctx->tdev->reset.count >
						    resets, 2000));
	flush_work(&ctx->tdev->reset.work);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_state(test, guilty, NULL),
			DRM_PANTHOR_GROUP_STATE_TIMEDOUT);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_state(test, stuck, NULL),
			DRM_PANTHOR_GROUP_STATE_TIMEDOUT |
			DRM_PANTHOR_GROUP_STATE_INNOCENT);
	KUNIT_ASSERT_EQ(test, drm_syncobj_find_fence(ctx->file, stuck_done, 0,
						     0, &fence), 0);
	KUNIT_EXPECT_GT(test, dma_fence_wait_timeout(fence, false,
						     msecs_to_jiffies(2000)), 0);
	KUNIT_EXPECT_EQ(test, fence->error, -ECANCELED);
	dma_fence_put(fence);
	KUNIT_EXPECT_EQ(test, ctx->tdev->sched.reset_saves, 1);

	/* The innocent group that could be saved carries on. */
	cfg.cs_run_hangs = false;
	tyr_model_set_config(ctx->gpu->model, &cfg);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, waiting_done, 0, 20),
			TYR_TEST_PENDING);
	WRITE_ONCE(data[0x200], 1);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, waiting_done, 0, 2000),
			0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(data[0]), 0x1a57);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_state(test, waiting, NULL), 0);

	/* And so do new groups. */
	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K, &fresh),
			0);
	size = tyr_sched_test_store(code + 24, DATA_VA + 4, 0x600d);
	sig.handle = fresh_done;
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, fresh, 0, CODE_VA + 192,
						    size, &sig, 1), 0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, fresh_done, 0, 2000), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(data[1]), 0x600d);
}

/*
 * A hung group that time-slicing tries to suspend: the firmware does not,
 * the group dies (TIMEDOUT and INNOCENT, as it had not been found at fault)
 * and the GPU is reset; the other resident groups are saved across the
 * reset and finish, as does the group that waited for a slot.
 */
static void tyr_sched_test_suspend_fails(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_sched_test *ctx = test->priv;
	u32 vm = tyr_sched_test_vm(test);
	u64 *code = tyr_sched_test_bo(test, vm, CODE_VA, SZ_4K);
	u32 *data = tyr_sched_test_bo(test, vm, DATA_VA, SZ_4K);
	struct drm_panthor_sync_op sig = {
		.flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			 DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ,
	};
	unsigned int resets = ctx->tdev->reset.count;
	u32 groups[9], done[9], size;
	unsigned int i;

	cfg.cs_run_hangs = true;
	tyr_model_set_config(ctx->gpu->model, &cfg);
	KUNIT_ASSERT_EQ(test, ctx->tdev->mcu.csif.csg_slot_count, 8);

	/* Group 0 hangs; 1-7 wait for the CPU's go; 8 waits for a slot. */
	tyr_sched_test_hang(code);
	size = tyr_sched_test_gate(code + 8, DATA_VA + 0x800);
	size += tyr_sched_test_store(code + 11, DATA_VA, 0x5afe);
	for (i = 0; i < ARRAY_SIZE(groups); i++) {
		done[i] = tyr_sched_test_syncobj(test, 0);
		sig.handle = done[i];
		KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K,
							   &groups[i]), 0);
		KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, groups[i], 0,
							    i ? CODE_VA + 64 : CODE_VA,
							    i ? size : 2 * TYR_CS_INSTR_SIZE,
							    &sig, 1), 0);
		if (!i)
			msleep(20);
	}

	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, done[0], 0, 2000),
			-ECANCELED);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_state(test, groups[0], NULL),
			DRM_PANTHOR_GROUP_STATE_TIMEDOUT |
			DRM_PANTHOR_GROUP_STATE_INNOCENT);
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(ctx->tdev->reset.count >
						    resets, 2000));
	flush_work(&ctx->tdev->reset.work);
	KUNIT_EXPECT_GE(test, ctx->tdev->sched.reset_saves, 7);

	cfg.cs_run_hangs = false;
	tyr_model_set_config(ctx->gpu->model, &cfg);
	WRITE_ONCE(data[0x200], 1);
	for (i = 1; i < ARRAY_SIZE(groups); i++) {
		KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, done[i], 0, 2000),
				0);
		KUNIT_EXPECT_EQ(test, tyr_sched_test_state(test, groups[i], NULL),
				0);
	}
	KUNIT_EXPECT_EQ(test, READ_ONCE(data[0]), 0x5afe);
}

/* Create a tiler heap of @count chunks of 128 KiB, at most @max. */
static int tyr_sched_test_heap(struct kunit *test, u32 vm, u32 count, u32 max,
			       u32 target,
			       struct drm_panthor_tiler_heap_create *args)
{
	struct tyr_sched_test *ctx = test->priv;

	*args = (struct drm_panthor_tiler_heap_create) {
		.vm_id = vm,
		.initial_chunk_count = count,
		.chunk_size = SZ_128K,
		.max_chunks = max,
		.target_in_flight = target,
	};
	return tyr_ioctl_tiler_heap_create(&ctx->tdev->base, args, ctx->file);
}

static int tyr_sched_test_heap_destroy(struct kunit *test, u32 handle, u32 pad)
{
	struct tyr_sched_test *ctx = test->priv;
	struct drm_panthor_tiler_heap_destroy args = {
		.handle = handle,
		.pad = pad,
	};

	return tyr_ioctl_tiler_heap_destroy(&ctx->tdev->base, &args, ctx->file);
}

/*
 * When TILER_OOM gets a chunk, as panthor decides it: fewer chunks than the
 * maximum and no more render passes in flight than the target, whatever
 * else the counters say. Regression test: counters with no pass tiling
 * (vt_start == vt_end) made the stream fail instead.
 */
static void tyr_sched_test_heap_grow_rules(struct kunit *test)
{
	static const struct {
		u32 vt_start, vt_end, frag_end;
		bool chunk;
	} cases[] = {
		{ 1, 0, 0, true },
		{ 3, 3, 1, true },		/* none tiling: panthor grows */
		{ 2, 1, 0, true },		/* two in flight, the target */
		{ 5, 4, 2, false },		/* three in flight */
		{ 1, 0xffffffff, 0xffffffff, true },	/* wrapped */
		{ 0, 0, 0, true },
	};
	struct tyr_sched_test *ctx = test->priv;
	struct tyr_file *tfile = ctx->file->driver_priv;
	struct drm_panthor_tiler_heap_create heap;
	u32 vm_id = tyr_sched_test_vm(test);
	struct tyr_vm *vm;
	unsigned int i, chunks = 1;
	u64 link;

	KUNIT_ASSERT_EQ(test, tyr_sched_test_heap(test, vm_id, 1, 6, 2, &heap),
			0);
	vm = tyr_vm_pool_get(&tfile->vms, vm_id);
	KUNIT_ASSERT_NOT_NULL(test, vm);

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		KUNIT_EXPECT_EQ(test, tyr_heap_grow(vm, heap.tiler_heap_ctx_gpu_va,
						    cases[i].vt_start,
						    cases[i].vt_end,
						    cases[i].frag_end, &link), 0);
		KUNIT_EXPECT_EQ_MSG(test, !!link, cases[i].chunk, "case %u", i);
		chunks += !!link;
		KUNIT_EXPECT_EQ(test, tyr_heap_chunk_count(vm,
							   heap.tiler_heap_ctx_gpu_va),
				chunks);
	}

	/* At max_chunks (6): no more. An unknown heap is an error. */
	KUNIT_EXPECT_EQ(test, chunks, 6);
	KUNIT_EXPECT_EQ(test, tyr_heap_grow(vm, heap.tiler_heap_ctx_gpu_va, 1,
					    0, 0, &link), 0);
	KUNIT_EXPECT_EQ(test, link, 0);
	KUNIT_EXPECT_EQ(test, tyr_heap_grow(vm, heap.tiler_heap_ctx_gpu_va + 8,
					    1, 0, 0, &link), -EINVAL);
	tyr_vm_put(vm);
}

/* The 64-bit word at @va of a VM, through its page tables. */
static u64 tyr_sched_test_read64(struct kunit *test, u32 vm_id, u64 va)
{
	struct tyr_sched_test *ctx = test->priv;
	struct tyr_file *tfile = ctx->file->driver_priv;
	struct tyr_vm *vm = tyr_vm_pool_get(&tfile->vms, vm_id);
	phys_addr_t phys;
	void *page;
	u64 val;

	KUNIT_ASSERT_NOT_NULL(test, vm);
	phys = vm->pgtbl->iova_to_phys(vm->pgtbl, va);
	tyr_vm_put(vm);
	KUNIT_ASSERT_NE(test, phys, 0);
	page = kmap_local_page(phys_to_page(phys));
	val = *(u64 *)(page + offset_in_page(phys));
	kunmap_local(page);
	return val;
}

static int tyr_sched_test_chunks(struct kunit *test, u32 vm_id, u64 ctx_va)
{
	struct tyr_sched_test *ctx = test->priv;
	struct tyr_file *tfile = ctx->file->driver_priv;
	struct tyr_vm *vm = tyr_vm_pool_get(&tfile->vms, vm_id);
	int ret;

	KUNIT_ASSERT_NOT_NULL(test, vm);
	ret = tyr_heap_chunk_count(vm, ctx_va);
	tyr_vm_put(vm);
	return ret;
}

/* Heap creation and destruction: the uAPI's errnos, chunks linked, no leak. */
static void tyr_sched_test_heap_bad_input(struct kunit *test)
{
	struct tyr_sched_test *ctx = test->priv;
	u32 vm = tyr_sched_test_vm(test);
	struct drm_panthor_tiler_heap_create good, args;
	struct drm_panthor_vm_destroy vm_destroy = { .id = vm };
	unsigned int gems = ctx->tdev->gems.count;
	u32 handles[TYR_HEAP_MAX];
	unsigned int i;
	u64 link;

#define EXPECT_HEAP(field, val, err) do {				\
	args = good;							\
	args.field = (val);						\
	KUNIT_EXPECT_EQ_MSG(test, tyr_ioctl_tiler_heap_create(&ctx->tdev->base, \
							      &args, ctx->file), \
			    (err), #field);				\
} while (0)

	KUNIT_ASSERT_EQ(test, tyr_sched_test_heap(test, vm, 3, 8, 4, &good), 0);
	EXPECT_HEAP(vm_id, 0, -EINVAL);
	EXPECT_HEAP(vm_id, vm + 1, -EINVAL);
	EXPECT_HEAP(initial_chunk_count, 0, -EINVAL);
	EXPECT_HEAP(initial_chunk_count, 9, -EINVAL);
	EXPECT_HEAP(chunk_size, 0, -EINVAL);
	EXPECT_HEAP(chunk_size, SZ_64K, -EINVAL);
	EXPECT_HEAP(chunk_size, SZ_128K + 1, -EINVAL);
	EXPECT_HEAP(chunk_size, SZ_16M, -EINVAL);
#undef EXPECT_HEAP

	/* Three chunks, linked from the first: VA and size in 4 KiB units. */
	KUNIT_EXPECT_NE(test, good.tiler_heap_ctx_gpu_va, 0);
	KUNIT_EXPECT_GE(test, good.first_heap_chunk_gpu_va, SZ_4G);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_chunks(test, vm,
						    good.tiler_heap_ctx_gpu_va), 3);
	link = tyr_sched_test_read64(test, vm, good.first_heap_chunk_gpu_va);
	KUNIT_EXPECT_EQ(test, link & 0xfff, SZ_128K >> 12);
	link = tyr_sched_test_read64(test, vm, link & ~0xfffull);
	KUNIT_EXPECT_EQ(test, link & 0xfff, SZ_128K >> 12);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_read64(test, vm, link & ~0xfffull),
			0);

	/* Contexts one cache line apart, as many as the VM may have. */
	handles[0] = good.handle;
	for (i = 1; i < TYR_HEAP_MAX; i++) {
		KUNIT_ASSERT_EQ(test, tyr_sched_test_heap(test, vm, 1, 1, 0,
							  &args), 0);
		KUNIT_EXPECT_EQ(test, args.tiler_heap_ctx_gpu_va,
				good.tiler_heap_ctx_gpu_va + 64 * i);
		handles[i] = args.handle;
	}
	KUNIT_EXPECT_EQ(test, tyr_sched_test_heap(test, vm, 1, 1, 0, &args),
			-ENOMEM);

	KUNIT_EXPECT_EQ(test, tyr_sched_test_heap_destroy(test, handles[0], 1),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_heap_destroy(test, handles[0] + 0x10000, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_heap_destroy(test, TYR_HEAP_MAX, 0),
			-EINVAL);
	for (i = 0; i < TYR_HEAP_MAX; i++)
		KUNIT_EXPECT_EQ(test, tyr_sched_test_heap_destroy(test, handles[i], 0),
				0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_heap_destroy(test, handles[0], 0),
			-EINVAL);
	/* The contexts' buffer stays with the VM... */
	KUNIT_EXPECT_EQ(test, ctx->tdev->gems.count, gems + 1);

	/* ... which takes its heaps along when it goes. */
	KUNIT_ASSERT_EQ(test, tyr_sched_test_heap(test, vm, 2, 2, 0, &args), 0);
	KUNIT_EXPECT_EQ(test, tyr_ioctl_vm_destroy(&ctx->tdev->base, &vm_destroy,
						   ctx->file), 0);
	KUNIT_EXPECT_EQ(test, ctx->tdev->gems.count, gems);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_heap_destroy(test, args.handle, 0),
			-EINVAL);
}

/* Start a render pass on the heap at @heap (HEAP_SET, tiling starts). */
static u32 tyr_sched_test_heap_pass(u64 *code, u64 heap)
{
	code[0] = tyr_cs_move48(72, heap);
	code[1] = tyr_cs_op(TYR_CS_OP_HEAP_SET) | 72ull << 40;
	code[2] = tyr_cs_op(TYR_CS_OP_HEAP_OPERATION);
	return 3 * TYR_CS_INSTR_SIZE;
}

/*
 * Tiling runs out of heap memory: the heap grows, a chunk per TILER_OOM,
 * up to max_chunks; then the group dies out of memory. A TILER_OOM for
 * a heap the VM does not have kills the group too.
 */
static void tyr_sched_test_heap_grow(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_sched_test *ctx = test->priv;
	u32 vm = tyr_sched_test_vm(test);
	u64 *code = tyr_sched_test_bo(test, vm, CODE_VA, SZ_4K);
	u32 *data = tyr_sched_test_bo(test, vm, DATA_VA, SZ_4K);
	u32 done = tyr_sched_test_syncobj(test, 0);
	u32 more = tyr_sched_test_syncobj(test, 0);
	struct drm_panthor_sync_op sig = {
		.flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			 DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ,
		.handle = done,
	};
	struct drm_panthor_tiler_heap_create heap;
	struct tyr_model_stats stats;
	u32 group, other, fatal, size;

	cfg.tiler_oom_every = 1;
	tyr_model_set_config(ctx->gpu->model, &cfg);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_heap(test, vm, 1, 3, 4, &heap), 0);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K, &group),
			0);

	/* Two runs, each out of memory once: two more chunks. */
	size = tyr_sched_test_heap_pass(code, heap.tiler_heap_ctx_gpu_va);
	code[3] = tyr_cs_op(TYR_CS_OP_RUN_IDVS);
	code[4] = tyr_cs_op(TYR_CS_OP_RUN_IDVS);
	size += 2 * TYR_CS_INSTR_SIZE;
	size += tyr_sched_test_store(code + 5, DATA_VA, 0x7113);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, group, 0, CODE_VA,
						    size, &sig, 1), 0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, done, 0, 2000), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(data[0]), 0x7113);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_chunks(test, vm,
						    heap.tiler_heap_ctx_gpu_va), 3);
	KUNIT_EXPECT_EQ(test, ctx->tdev->sched.heap_chunks, 2);
	tyr_model_get_stats(ctx->gpu->model, &stats);
	KUNIT_EXPECT_EQ(test, stats.tiler_ooms, 2);
	KUNIT_EXPECT_EQ(test, stats.heap_chunks, 2);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_state(test, group, NULL), 0);

	/* max_chunks reached, nothing to wait for: out of memory. */
	code[16] = tyr_cs_op(TYR_CS_OP_RUN_TILING);
	sig.handle = more;
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, group, 0, CODE_VA + 128,
						    TYR_CS_INSTR_SIZE, &sig, 1),
			0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, more, 0, 2000), -EIO);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_state(test, group, &fatal),
			DRM_PANTHOR_GROUP_STATE_FATAL_FAULT);
	KUNIT_EXPECT_EQ(test, fatal, 1);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_chunks(test, vm,
						    heap.tiler_heap_ctx_gpu_va), 3);

	/* A heap context that is no heap's. */
	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K, &other),
			0);
	size = tyr_sched_test_heap_pass(code + 32, DATA_VA + 0x100);
	code[35] = tyr_cs_op(TYR_CS_OP_RUN_IDVS);
	sig.handle = done;
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, other, 0, CODE_VA + 256,
						    size + TYR_CS_INSTR_SIZE,
						    &sig, 1), 0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, done, 0, 2000), -EIO);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_state(test, other, NULL),
			DRM_PANTHOR_GROUP_STATE_FATAL_FAULT);
	KUNIT_EXPECT_EQ(test, ctx->tdev->sched.heap_chunks, 2);
}

/*
 * More render passes in flight than target_in_flight: no chunk, and the
 * stream waits for a fragment pass; after one, the heap grows.
 */
static void tyr_sched_test_heap_in_flight(struct kunit *test)
{
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct tyr_sched_test *ctx = test->priv;
	u32 vm = tyr_sched_test_vm(test);
	u64 *code = tyr_sched_test_bo(test, vm, CODE_VA, SZ_4K);
	u32 tiled = tyr_sched_test_syncobj(test, 0);
	u32 drawn = tyr_sched_test_syncobj(test, 0);
	struct drm_panthor_sync_op sig = {
		.flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			 DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ,
		.handle = tiled,
	};
	struct drm_panthor_tiler_heap_create heap;
	u32 group, size;

	cfg.tiler_oom_every = 1;
	tyr_model_set_config(ctx->gpu->model, &cfg);
	tyr_sched_test_bo(test, vm, DATA_VA, SZ_4K);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_heap(test, vm, 1, 8, 2, &heap), 0);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 2, SZ_4K, &group),
			0);

	/* Two passes tiled, waiting for their fragment pass; a third tiles. */
	size = tyr_sched_test_heap_pass(code, heap.tiler_heap_ctx_gpu_va);
	code[3] = tyr_cs_op(TYR_CS_OP_HEAP_OPERATION) | 1ull << 32;
	code[4] = code[2];
	code[5] = code[3];
	code[6] = code[2];
	code[7] = tyr_cs_op(TYR_CS_OP_RUN_TILING);
	size += 5 * TYR_CS_INSTR_SIZE;
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, group, 0, CODE_VA,
						    size, &sig, 1), 0);
	msleep(50);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, tiled, 0, 10),
			TYR_TEST_PENDING);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_chunks(test, vm,
						    heap.tiler_heap_ctx_gpu_va), 1);

	/* A fragment pass ends: two passes in flight, the heap grows. */
	size = tyr_sched_test_heap_pass(code + 16, heap.tiler_heap_ctx_gpu_va);
	code[18] |= 2ull << 32;
	sig.handle = drawn;
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, group, 1, CODE_VA + 128,
						    size, &sig, 1), 0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, drawn, 0, 2000), 0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, tiled, 0, 2000), 0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_chunks(test, vm,
						    heap.tiler_heap_ctx_gpu_va), 2);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_state(test, group, NULL), 0);
}

static u8 tyr_sched_test_allowed(struct kunit *test)
{
	struct tyr_sched_test *ctx = test->priv;
	struct drm_panthor_group_priorities_info info;
	unsigned long at = ctx->ubuf + 3 * PAGE_SIZE;
	struct drm_panthor_dev_query query = {
		.type = DRM_PANTHOR_DEV_QUERY_GROUP_PRIORITIES_INFO,
		.size = sizeof(info),
		.pointer = at,
	};

	KUNIT_ASSERT_EQ(test, tyr_ioctl_dev_query(&ctx->tdev->base, &query,
						  ctx->file), 0);
	KUNIT_EXPECT_EQ(test, query.size, sizeof(info));
	KUNIT_ASSERT_EQ(test, copy_from_user(&info, (void __user *)at,
					     sizeof(info)), 0);
	KUNIT_EXPECT_EQ(test, info.pad[0] | info.pad[1] | info.pad[2], 0);
	return info.allowed_mask;
}

/*
 * The priorities a file may use: all with CAP_SYS_NICE, LOW and MEDIUM
 * without (HIGH and REALTIME are refused with -EACCES).
 */
static void tyr_sched_test_priorities(struct kunit *test)
{
	u32 vm = tyr_sched_test_vm(test);
	const struct cred *old;
	struct cred *cred;
	u32 group;

	KUNIT_EXPECT_EQ(test, tyr_sched_test_allowed(test), 0xf);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_group_prio(test, vm, 1, SZ_4K,
							PANTHOR_GROUP_PRIORITY_REALTIME,
							&group), 0);

	cred = prepare_creds();
	KUNIT_ASSERT_NOT_NULL(test, cred);
	cap_lower(cred->cap_effective, CAP_SYS_NICE);
	old = override_creds(cred);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_allowed(test), 0x3);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_group_prio(test, vm, 1, SZ_4K,
							PANTHOR_GROUP_PRIORITY_HIGH,
							&group), -EACCES);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_group_prio(test, vm, 1, SZ_4K,
							PANTHOR_GROUP_PRIORITY_REALTIME,
							&group), -EACCES);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_group_prio(test, vm, 1, SZ_4K,
							PANTHOR_GROUP_PRIORITY_LOW,
							&group), 0);
	revert_creds(old);
	put_cred(cred);
}

/*
 * Every slot busy with LOW groups: a REALTIME group takes a slot at once,
 * its job runs while they wait, and they all finish afterwards.
 */
static void tyr_sched_test_realtime(struct kunit *test)
{
	struct tyr_sched_test *ctx = test->priv;
	u32 vm = tyr_sched_test_vm(test);
	u64 *code = tyr_sched_test_bo(test, vm, CODE_VA, SZ_4K);
	u32 *data = tyr_sched_test_bo(test, vm, DATA_VA, SZ_4K);
	struct drm_panthor_sync_op sig = {
		.flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			 DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ,
	};
	u32 low[8], low_done[8];
	u32 rt, rt_done, size;
	unsigned int i;

	/* As many low groups as slots, waiting for the CPU's go. */
	KUNIT_ASSERT_EQ(test, ctx->tdev->mcu.csif.csg_slot_count, ARRAY_SIZE(low));
	size = tyr_sched_test_gate(code, DATA_VA + 0x800);
	for (i = 0; i < ARRAY_SIZE(low); i++) {
		low_done[i] = tyr_sched_test_syncobj(test, 0);
		sig.handle = low_done[i];
		KUNIT_ASSERT_EQ(test, tyr_sched_test_group_prio(test, vm, 1, SZ_4K,
								PANTHOR_GROUP_PRIORITY_LOW,
								&low[i]), 0);
		KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, low[i], 0,
							    CODE_VA, size, &sig,
							    1), 0);
	}
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(({
		bool full = true;

		for (i = 0; i < ARRAY_SIZE(low); i++)
			full &= !!READ_ONCE(ctx->tdev->sched.slots[i]);
		full; }), 2000));

	rt_done = tyr_sched_test_syncobj(test, 0);
	sig.handle = rt_done;
	KUNIT_ASSERT_EQ(test, tyr_sched_test_group_prio(test, vm, 1, SZ_4K,
							PANTHOR_GROUP_PRIORITY_REALTIME,
							&rt), 0);
	size = tyr_sched_test_store(code + 8, DATA_VA, 0x4ea1);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, rt, 0, CODE_VA + 64,
						    size, &sig, 1), 0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, rt_done, 0, 2000), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(data[0]), 0x4ea1);
	KUNIT_EXPECT_GE(test, ctx->tdev->sched.preemptions, 1);

	WRITE_ONCE(data[0x200], 1);
	for (i = 0; i < ARRAY_SIZE(low); i++)
		KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, low_done[i], 0,
							  2000), 0);
}

/* What fdinfo shows of the test's file, in a test-managed buffer. */
static const char *tyr_sched_test_fdinfo(struct kunit *test)
{
	struct tyr_sched_test *ctx = test->priv;
	struct drm_print_iterator iter = { .remain = PAGE_SIZE };
	struct drm_printer p;

	iter.data = kunit_kzalloc(test, iter.remain + 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, iter.data);
	p = drm_coredump_printer(&iter);
	tyr_drm_driver.show_fdinfo(&p, ctx->file);
	return iter.data;
}

/* The number fdinfo gives for @key, -1 if it does not show the key. */
static s64 tyr_sched_test_usage(struct kunit *test, const char *key)
{
	const char *line = strstr(tyr_sched_test_fdinfo(test), key);
	unsigned long long val;
	int fields;

	if (!line)
		return -1;
	fields = sscanf(line + strlen(key), ":\t%llu", &val);
	KUNIT_ASSERT_EQ(test, fields, 1);
	return val;
}

/*
 * Run a job that stores 1 at DATA_VA + 4 (@data[1]), then waits for the
 * word at DATA_VA (@data[0]); while it waits, the held GPU counters move on
 * by @us. The job is done on return.
 */
static void tyr_sched_test_timed_job(struct kunit *test, u32 group,
				     u64 *code, u32 *data, u32 us)
{
	struct tyr_sched_test *ctx = test->priv;
	u32 done = tyr_sched_test_syncobj(test, 0);
	struct drm_panthor_sync_op sig = {
		.flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			 DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ,
		.handle = done,
	};
	u32 size;

	size = tyr_sched_test_store(code, DATA_VA + 4, 1);
	size += tyr_sched_test_gate(code + size / TYR_CS_INSTR_SIZE, DATA_VA);
	WRITE_ONCE(data[0], 0);
	WRITE_ONCE(data[1], 0);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, group, 0, CODE_VA,
						    size, &sig, 1), 0);
	/* Its stream started: the counters were sampled before it. */
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(READ_ONCE(data[1]), 10000));
	tyr_model_clock_advance(ctx->gpu->model, us);
	WRITE_ONCE(data[0], 1);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_wait(test, done, 0, 10000), 0);
}

/*
 * fdinfo has the GPU time and cycles of the file's jobs, as their rings
 * measured them, while profiling is on, and only of the jobs submitted
 * while it was on; and the clock rates devfreq knows. The model's counters
 * are held, and move only while a job waits, so the sums are exact.
 */
static void tyr_sched_test_fdinfo_usage(struct kunit *test)
{
	struct tyr_sched_test *ctx = test->priv;
	u32 vm = tyr_sched_test_vm(test);
	u64 *code = tyr_sched_test_bo(test, vm, CODE_VA, SZ_4K);
	u32 *data = tyr_sched_test_bo(test, vm, DATA_VA, SZ_4K);
	bool has_time = tyr_gpu_timestamp_hz();
	u32 group;

	KUNIT_EXPECT_EQ(test, tyr_sched_set_profiling(ctx->tdev, 4), -EINVAL);
	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K, &group),
			0);
	tyr_model_clock_hold(ctx->gpu->model, true);

	/* Off by default: no sample, no key. */
	tyr_sched_test_timed_job(test, group, code, data, 7000);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_usage(test, "drm-cycles-panthor"),
			-1);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_usage(test, "drm-engine-panthor"),
			-1);

	/* 1 ms measured both ways, at the model's 300 MHz. */
	KUNIT_ASSERT_EQ(test, tyr_sched_set_profiling(ctx->tdev,
						      TYR_PROFILE_ALL), 0);
	tyr_sched_test_timed_job(test, group, code, data, 1000);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_usage(test, "drm-cycles-panthor"),
			300000);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_usage(test, "drm-engine-panthor"),
			has_time ? 1000000 : -1);

	/* 2 ms of cycles only. */
	KUNIT_ASSERT_EQ(test, tyr_sched_set_profiling(ctx->tdev,
						      TYR_PROFILE_CYCLES), 0);
	tyr_sched_test_timed_job(test, group, code, data, 2000);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_usage(test, "drm-engine-panthor"),
			-1);
	KUNIT_ASSERT_EQ(test, tyr_sched_set_profiling(ctx->tdev,
						      TYR_PROFILE_ALL), 0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_usage(test, "drm-cycles-panthor"),
			900000);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_usage(test, "drm-engine-panthor"),
			has_time ? 1000000 : -1);

	if (ctx->tdev->devfreq.devfreq) {
		KUNIT_EXPECT_GT(test, tyr_sched_test_usage(test,
							   "drm-maxfreq-panthor"),
				0);
		KUNIT_EXPECT_GT(test, tyr_sched_test_usage(test,
							   "drm-curfreq-panthor"),
				0);
	}
	KUNIT_EXPECT_EQ(test, tyr_sched_test_state(test, group, NULL), 0);
}

/*
 * Profiled jobs take twice the ring space: mixed with others on the
 * smallest ring, one of them wraps around its end, and more are submitted
 * than the ring holds. Every job runs, in order, and the times of each are
 * its own: the first job waits on a gate while the held counters move on,
 * the others run once it is open, so only the first one took any time.
 */
static void tyr_sched_test_profiled_ring(struct kunit *test)
{
	struct tyr_sched_test *ctx = test->priv;
	u32 vm = tyr_sched_test_vm(test);
	u64 *code = tyr_sched_test_bo(test, vm, CODE_VA, SZ_4K);
	u32 *data = tyr_sched_test_bo(test, vm, DATA_VA, SZ_4K);
	u32 done = tyr_sched_test_syncobj(test, 0);
	struct drm_panthor_sync_op sig = {
		.flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
			 DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ,
		.handle = done,
	};
	u32 group, size, gated, i;

	KUNIT_ASSERT_EQ(test, tyr_sched_test_group(test, vm, 1, SZ_4K, &group),
			0);
	/*
	 * Stream 0 stores 1 at DATA_VA + 4 and waits for the word at DATA_VA;
	 * stream i > 0 stores i at DATA_VA + 8. Streams start on a cache line.
	 */
	gated = tyr_sched_test_store(code, DATA_VA + 4, 1);
	gated += tyr_sched_test_gate(code + gated / TYR_CS_INSTR_SIZE, DATA_VA);
	for (i = 1; i < 64; i++)
		size = tyr_sched_test_store(code + i * 8, DATA_VA + 8, i);
	tyr_model_clock_hold(ctx->gpu->model, true);

	for (i = 0; i < 64; i++) {
		KUNIT_ASSERT_EQ(test, tyr_sched_set_profiling(ctx->tdev,
							      i % 2 ? 0 : TYR_PROFILE_ALL),
				0);
		KUNIT_ASSERT_EQ(test, tyr_sched_test_submit(test, group, 0,
							    CODE_VA + i * 64,
							    i ? size : gated,
							    &sig, i == 63), 0);
		if (i)
			continue;
		KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(READ_ONCE(data[1]),
							    10000));
		tyr_model_clock_advance(ctx->gpu->model, 1000);
	}
	WRITE_ONCE(data[0], 1);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_wait(test, done, 0, 10000), 0);
	KUNIT_EXPECT_EQ(test, READ_ONCE(data[2]), 63);
	KUNIT_ASSERT_EQ(test, tyr_sched_set_profiling(ctx->tdev,
						      TYR_PROFILE_ALL), 0);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_usage(test, "drm-cycles-panthor"),
			300000);
	KUNIT_EXPECT_EQ(test, tyr_sched_test_state(test, group, NULL), 0);
}

static struct kunit_case tyr_sched_test_cases[] = {
	KUNIT_CASE(tyr_sched_test_bad_input),
	KUNIT_CASE(tyr_sched_test_group_cap),
	KUNIT_CASE(tyr_sched_test_same_ioctl),
	KUNIT_CASE(tyr_sched_test_sync_only),
	KUNIT_CASE(tyr_sched_test_first),
	KUNIT_CASE(tyr_sched_test_signal_unlinked),
	KUNIT_CASE(tyr_sched_test_chain),
	KUNIT_CASE(tyr_sched_test_many_groups),
	KUNIT_CASE(tyr_sched_test_rotation),
	KUNIT_CASE(tyr_sched_test_fatal),
	KUNIT_CASE(tyr_sched_test_timeout),
	KUNIT_CASE(tyr_sched_test_destroy_busy),
	KUNIT_CASE(tyr_sched_test_close_busy),
	KUNIT_CASE(tyr_sched_test_destroy_killed),
	KUNIT_CASE(tyr_sched_test_vm_destroy_busy),
	KUNIT_CASE(tyr_sched_test_wait_for_as),
	KUNIT_CASE(tyr_sched_test_reset_fails),
	KUNIT_CASE(tyr_sched_test_unbind_busy),
	KUNIT_CASE(tyr_sched_test_suspend),
	KUNIT_CASE(tyr_sched_test_reset),
	KUNIT_CASE(tyr_sched_test_suspend_fails),
	KUNIT_CASE(tyr_sched_test_heap_bad_input),
	KUNIT_CASE(tyr_sched_test_heap_grow),
	KUNIT_CASE(tyr_sched_test_heap_grow_rules),
	KUNIT_CASE(tyr_sched_test_heap_in_flight),
	KUNIT_CASE(tyr_sched_test_priorities),
	KUNIT_CASE(tyr_sched_test_realtime),
	KUNIT_CASE(tyr_sched_test_fdinfo_usage),
	KUNIT_CASE(tyr_sched_test_profiled_ring),
	{}
};

static struct kunit_suite tyr_sched_test_suite = {
	.name = "tyr_sched",
	.init = tyr_sched_test_init,
	.test_cases = tyr_sched_test_cases,
};

kunit_test_suite(tyr_sched_test_suite);
