// SPDX-License-Identifier: GPL-2.0 or MIT
/*
 * KUnit tests of Tyr's VMs: VM_CREATE/DESTROY/BIND/GET_STATE through a DRM
 * file and user memory, checked by walking the page tables with the model's
 * MMU, address-space slots, faults and bad input.
 */

#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/dma-buf.h>
#include <linux/dma-fence.h>
#include <linux/dma-mapping.h>
#include <linux/file.h>
#include <linux/mman.h>
#include <linux/pm_runtime.h>
#include <linux/scatterlist.h>
#include <linux/sizes.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include <kunit/static_stub.h>
#include <kunit/test.h>

#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_prime.h>
#include <drm/drm_syncobj.h>
#include <drm/panthor_drm.h>

#include "../tyr_device.h"
#include "../tyr_drv.h"
#include "../tyr_gem.h"
#include "../tyr_gpu.h"
#include "../tyr_mmu.h"
#include "../tyr_pm.h"
#include "../tyr_regs.h"
#include "tyr_test.h"

#define MAP		DRM_PANTHOR_VM_BIND_OP_TYPE_MAP
#define UNMAP		DRM_PANTHOR_VM_BIND_OP_TYPE_UNMAP
#define SYNC_ONLY	DRM_PANTHOR_VM_BIND_OP_TYPE_SYNC_ONLY
#define RO		DRM_PANTHOR_VM_BIND_OP_MAP_READONLY
#define NOEXEC		DRM_PANTHOR_VM_BIND_OP_MAP_NOEXEC

/* User memory for ioctl arguments. */
#define UBUF_SIZE	(4 * PAGE_SIZE)

struct tyr_mmu_test {
	struct tyr_test_gpu *gpu;
	struct tyr_device *tdev;
	struct file *filp;
	struct drm_file *file;
	unsigned long ubuf;
	struct tyr_mmu_test_blocks *blocks;
};

/* One VM_BIND operation and its syncs, as the test writes them. */
struct tyr_mmu_test_op {
	struct drm_panthor_vm_bind_op op;
	struct drm_panthor_sync_op syncs[4];
	u32 nsyncs;
};

static int tyr_mmu_test_init(struct kunit *test)
{
	struct tyr_mmu_test *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);

	ctx->gpu = tyr_test_gpu_create(test, NULL);
	KUNIT_ASSERT_EQ(test, tyr_test_gpu_init(ctx->gpu), 0);
	tyr_test_gpu_register(ctx->gpu);
	ctx->tdev = ctx->gpu->tdev;
	ctx->filp = tyr_test_open(ctx->gpu);
	ctx->file = ctx->filp->private_data;

	ctx->ubuf = kunit_vm_mmap(test, NULL, 0, UBUF_SIZE,
				  PROT_READ | PROT_WRITE,
				  MAP_ANONYMOUS | MAP_PRIVATE, 0);
	KUNIT_ASSERT_NE_MSG(test, ctx->ubuf, 0, "no user memory");

	test->priv = ctx;
	return 0;
}

static struct tyr_vm *tyr_mmu_test_vm(struct kunit *test, u32 id)
{
	struct tyr_mmu_test *ctx = test->priv;
	struct tyr_file *tfile = ctx->file->driver_priv;
	struct tyr_vm *vm = tyr_vm_pool_get(&tfile->vms, id);

	KUNIT_ASSERT_NOT_NULL(test, vm);
	/* The file's pool keeps it alive for the test. */
	tyr_vm_put(vm);
	return vm;
}

static u32 tyr_mmu_test_vm_create(struct kunit *test, u64 range)
{
	struct tyr_mmu_test *ctx = test->priv;
	struct drm_panthor_vm_create args = { .user_va_range = range };

	KUNIT_ASSERT_EQ(test, tyr_ioctl_vm_create(&ctx->tdev->base, &args,
						  ctx->file), 0);
	KUNIT_ASSERT_NE(test, args.id, 0);
	return args.id;
}

static u32 tyr_mmu_test_bo(struct kunit *test, u64 size, u32 vm_id)
{
	struct tyr_mmu_test *ctx = test->priv;
	struct drm_panthor_bo_create args = {
		.size = size,
		.exclusive_vm_id = vm_id,
	};

	KUNIT_ASSERT_EQ(test, tyr_ioctl_bo_create(&ctx->tdev->base, &args,
						  ctx->file), 0);
	return args.handle;
}

static int tyr_mmu_test_bind(struct kunit *test, u32 vm_id, u32 flags,
			     struct tyr_mmu_test_op *ops, u32 count,
			     u32 *count_out)
{
	struct tyr_mmu_test *ctx = test->priv;
	struct drm_panthor_vm_bind args = {
		.vm_id = vm_id,
		.flags = flags,
		.ops = { .stride = sizeof(ops[0].op), .count = count },
	};
	struct drm_panthor_vm_bind_op *uops;
	unsigned long syncs_at;
	u32 i;
	int ret;

	/* [ops][syncs of op 0][syncs of op 1]... in the user buffer. */
	uops = kunit_kcalloc(test, count, sizeof(*uops), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, uops);
	syncs_at = ctx->ubuf + count * sizeof(*uops);
	for (i = 0; i < count; i++) {
		size_t len = ops[i].nsyncs * sizeof(ops[i].syncs[0]);

		uops[i] = ops[i].op;
		if (ops[i].nsyncs) {
			uops[i].syncs.stride = sizeof(ops[i].syncs[0]);
			uops[i].syncs.count = ops[i].nsyncs;
			uops[i].syncs.array = syncs_at;
			KUNIT_ASSERT_LE(test, syncs_at + len, ctx->ubuf + UBUF_SIZE);
			KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)syncs_at,
							   ops[i].syncs, len), 0);
			syncs_at += len;
		}
	}
	KUNIT_ASSERT_EQ(test, copy_to_user((void __user *)ctx->ubuf, uops,
					   count * sizeof(*uops)), 0);
	args.ops.array = ctx->ubuf;

	ret = tyr_ioctl_vm_bind(&ctx->tdev->base, &args, ctx->file);
	if (count_out)
		*count_out = args.ops.count;
	return ret;
}

static int tyr_mmu_test_map(struct kunit *test, u32 vm_id, u32 handle,
			    u64 offset, u64 va, u64 size, u32 flags)
{
	struct tyr_mmu_test_op op = {
		.op = {
			.flags = MAP | flags,
			.bo_handle = handle,
			.bo_offset = offset,
			.va = va,
			.size = size,
		},
	};

	return tyr_mmu_test_bind(test, vm_id, 0, &op, 1, NULL);
}

static int tyr_mmu_test_unmap(struct kunit *test, u32 vm_id, u64 va, u64 size)
{
	struct tyr_mmu_test_op op = {
		.op = { .flags = UNMAP, .va = va, .size = size },
	};

	return tyr_mmu_test_bind(test, vm_id, 0, &op, 1, NULL);
}

/* The DMA address behind byte @offset of an object's pages. */
static u64 tyr_mmu_test_bo_addr(struct kunit *test, u32 handle, u64 offset)
{
	struct tyr_mmu_test *ctx = test->priv;
	struct drm_gem_object *obj;
	struct scatterlist *sg;
	struct sg_table *sgt;
	unsigned int i;
	u64 addr = 0;

	obj = drm_gem_object_lookup(ctx->file, handle);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	sgt = drm_gem_shmem_get_pages_sgt(&to_tyr_bo(obj)->base);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, sgt);
	for_each_sgtable_dma_sg(sgt, sg, i) {
		if (offset < sg_dma_len(sg)) {
			addr = sg_dma_address(sg) + offset;
			break;
		}
		offset -= sg_dma_len(sg);
	}
	drm_gem_object_put(obj);
	KUNIT_ASSERT_NE(test, addr, 0);
	return addr;
}

/* What the GPU sees at @va in the VM's slot; 0 when it faults. */
static u64 tyr_mmu_test_walk(struct kunit *test, struct tyr_vm *vm, u64 va,
			     enum tyr_model_access access)
{
	struct tyr_mmu_test *ctx = test->priv;
	int as = tyr_vm_as(vm);
	u64 pa = 0;

	KUNIT_ASSERT_GE(test, as, 0);
	if (tyr_model_translate(ctx->gpu->model, as, va, access, &pa, NULL))
		return 0;
	return pa;
}

static void tyr_mmu_test_vm_ioctls(struct kunit *test)
{
	struct tyr_mmu_test *ctx = test->priv;
	u64 full = BIT_ULL(ctx->tdev->mmu.va_bits);
	struct drm_panthor_vm_create create = { };
	struct drm_panthor_vm_destroy destroy = { };
	struct drm_panthor_vm_get_state state = { };
	struct drm_device *ddev = &ctx->tdev->base;

	/* A zero range gets half of the space, and says so. */
	KUNIT_ASSERT_EQ(test, tyr_ioctl_vm_create(ddev, &create, ctx->file), 0);
	KUNIT_EXPECT_EQ(test, create.user_va_range, full / 2);
	state.vm_id = create.id;
	KUNIT_EXPECT_EQ(test, tyr_ioctl_vm_get_state(ddev, &state, ctx->file), 0);
	KUNIT_EXPECT_EQ(test, state.state, DRM_PANTHOR_VM_STATE_USABLE);

	/* Flags, unaligned ranges, no room left for the kernel. */
	create = (struct drm_panthor_vm_create){ .flags = 1 };
	KUNIT_EXPECT_EQ(test, tyr_ioctl_vm_create(ddev, &create, ctx->file),
			-EINVAL);
	create = (struct drm_panthor_vm_create){ .user_va_range = SZ_1G + 1 };
	KUNIT_EXPECT_EQ(test, tyr_ioctl_vm_create(ddev, &create, ctx->file),
			-EINVAL);
	create.user_va_range = full;
	KUNIT_EXPECT_EQ(test, tyr_ioctl_vm_create(ddev, &create, ctx->file),
			-EINVAL);
	create.user_va_range = full - TYR_VM_KERNEL_VA_MIN;
	KUNIT_EXPECT_EQ(test, tyr_ioctl_vm_create(ddev, &create, ctx->file), 0);

	/* Destroy: bad pad, bad id, twice. */
	destroy.id = create.id;
	destroy.pad = 1;
	KUNIT_EXPECT_EQ(test, tyr_ioctl_vm_destroy(ddev, &destroy, ctx->file),
			-EINVAL);
	destroy.pad = 0;
	KUNIT_EXPECT_EQ(test, tyr_ioctl_vm_destroy(ddev, &destroy, ctx->file), 0);
	KUNIT_EXPECT_EQ(test, tyr_ioctl_vm_destroy(ddev, &destroy, ctx->file),
			-EINVAL);
	state.vm_id = 1000;
	KUNIT_EXPECT_EQ(test, tyr_ioctl_vm_get_state(ddev, &state, ctx->file),
			-EINVAL);
}

static void tyr_mmu_test_map_walk(struct kunit *test)
{
	struct tyr_mmu_test *ctx = test->priv;
	u32 id = tyr_mmu_test_vm_create(test, SZ_4G);
	struct tyr_vm *vm = tyr_mmu_test_vm(test, id);
	u32 bo = tyr_mmu_test_bo(test, 8 * PAGE_SIZE, 0);
	u64 va = 0x10000000, i;
	u8 data[16], want[16];

	KUNIT_ASSERT_EQ(test, tyr_mmu_test_map(test, id, bo, 0, va,
					       4 * PAGE_SIZE, 0), 0);
	KUNIT_ASSERT_EQ(test, tyr_mmu_test_map(test, id, bo, 4 * PAGE_SIZE,
					       va + 16 * PAGE_SIZE,
					       4 * PAGE_SIZE, RO | NOEXEC), 0);
	KUNIT_ASSERT_EQ(test, tyr_vm_active(vm), 0);
	KUNIT_EXPECT_GT(test, tyr_vm_as(vm), TYR_MMU_AS_MCU);

	/* Every page at its offset of the object, with its permissions. */
	for (i = 0; i < 4; i++) {
		u64 pa = tyr_mmu_test_bo_addr(test, bo, i * PAGE_SIZE);
		u64 ro = tyr_mmu_test_bo_addr(test, bo, (i + 4) * PAGE_SIZE);
		u64 page = va + i * PAGE_SIZE;

		KUNIT_EXPECT_EQ(test, tyr_mmu_test_walk(test, vm, page + 8,
							TYR_MODEL_READ), pa + 8);
		KUNIT_EXPECT_EQ(test, tyr_mmu_test_walk(test, vm, page,
							TYR_MODEL_WRITE), pa);
		KUNIT_EXPECT_EQ(test, tyr_mmu_test_walk(test, vm, page,
							TYR_MODEL_EXECUTE), pa);
		page += 16 * PAGE_SIZE;
		KUNIT_EXPECT_EQ(test, tyr_mmu_test_walk(test, vm, page,
							TYR_MODEL_READ), ro);
		KUNIT_EXPECT_EQ(test, tyr_mmu_test_walk(test, vm, page,
							TYR_MODEL_WRITE), 0);
		KUNIT_EXPECT_EQ(test, tyr_mmu_test_walk(test, vm, page,
							TYR_MODEL_EXECUTE), 0);
	}
	/* Nothing around. */
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_walk(test, vm, va - PAGE_SIZE,
						TYR_MODEL_READ), 0);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_walk(test, vm, va + 4 * PAGE_SIZE,
						TYR_MODEL_READ), 0);

	/* The GPU reads and writes the object's memory. */
	for (i = 0; i < sizeof(want); i++)
		want[i] = i * 7;
	KUNIT_ASSERT_EQ(test, tyr_model_gpu_access(ctx->gpu->model, tyr_vm_as(vm),
						   va + PAGE_SIZE - 8, want,
						   sizeof(want), TYR_MODEL_WRITE),
			0);
	KUNIT_ASSERT_EQ(test, tyr_model_gpu_access(ctx->gpu->model, tyr_vm_as(vm),
						   va + PAGE_SIZE - 8, data,
						   sizeof(data), TYR_MODEL_READ),
			0);
	KUNIT_EXPECT_EQ(test, memcmp(data, want, sizeof(data)), 0);

	/* Unmapped, in a VM that has its slot: the GPU no longer sees it. */
	KUNIT_ASSERT_EQ(test, tyr_mmu_test_unmap(test, id, va + PAGE_SIZE,
						 PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_walk(test, vm, va + PAGE_SIZE,
						TYR_MODEL_READ), 0);
	KUNIT_EXPECT_NE(test, tyr_mmu_test_walk(test, vm, va, TYR_MODEL_READ), 0);
	KUNIT_EXPECT_NE(test, tyr_mmu_test_walk(test, vm, va + 2 * PAGE_SIZE,
						TYR_MODEL_READ), 0);
	/* Unmapping nothing does nothing. */
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_unmap(test, id, SZ_1G, SZ_1M), 0);

	/* Remap over existing mappings replaces them. */
	KUNIT_ASSERT_EQ(test, tyr_mmu_test_map(test, id, bo, 7 * PAGE_SIZE,
					       va, PAGE_SIZE, 0), 0);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_walk(test, vm, va, TYR_MODEL_READ),
			tyr_mmu_test_bo_addr(test, bo, 7 * PAGE_SIZE));
	tyr_vm_idle(vm);
}

/*
 * A buffer object over 4 MiB of physically contiguous memory, so that its
 * mappings use 2 MiB blocks: its pages are the test's, its sg table points
 * at them, and the GEM helpers use that table as the object's.
 */
struct tyr_mmu_test_contig {
	struct page *pages;
	u64 dma;
	u32 handle;
};

static void tyr_mmu_test_free_pages(void *pages)
{
	__free_pages(pages, get_order(SZ_4M));
}

static void tyr_mmu_test_contig_bo(struct kunit *test,
				   struct tyr_mmu_test_contig *c)
{
	struct tyr_mmu_test *ctx = test->priv;
	struct drm_gem_object *obj;
	struct sg_table *sgt;

	c->pages = alloc_pages(GFP_KERNEL | __GFP_ZERO | __GFP_NOWARN,
			       get_order(SZ_4M));
	if (!c->pages)
		kunit_skip(test, "no 4 MiB of contiguous memory");
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test,
							tyr_mmu_test_free_pages,
							c->pages), 0);

	sgt = kzalloc(sizeof(*sgt), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sgt);
	KUNIT_ASSERT_EQ(test, sg_alloc_table(sgt, 1, GFP_KERNEL), 0);
	sg_set_page(sgt->sgl, c->pages, SZ_4M, 0);
	KUNIT_ASSERT_EQ(test, dma_map_sgtable(ctx->tdev->base.dev, sgt,
					      DMA_BIDIRECTIONAL, 0), 0);
	c->dma = sg_dma_address(sgt->sgl);
	KUNIT_ASSERT_TRUE(test, IS_ALIGNED(c->dma, SZ_2M));

	c->handle = tyr_mmu_test_bo(test, SZ_4M, 0);
	obj = drm_gem_object_lookup(ctx->file, c->handle);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	/* The helpers unmap and free the table with the object. */
	to_tyr_bo(obj)->base.sgt = sgt;
	drm_gem_object_put(obj);
}

/*
 * Check [start, end) page by page: inside one of the @n mapped ranges
 * (va, bo offset, size), a page resolves to the object's page at the right
 * offset; elsewhere, it faults.
 */
static void tyr_mmu_test_check(struct kunit *test, struct tyr_vm *vm,
			       struct tyr_mmu_test_contig *c,
			       const u64 (*ranges)[3], unsigned int n,
			       u64 start, u64 end)
{
	u64 va, want, got;
	unsigned int i;

	for (va = start; va < end; va += PAGE_SIZE) {
		want = 0;
		for (i = 0; i < n; i++) {
			if (va >= ranges[i][0] && va < ranges[i][0] + ranges[i][2])
				want = c->dma + ranges[i][1] + va - ranges[i][0];
		}
		got = tyr_mmu_test_walk(test, vm, va, TYR_MODEL_READ);
		if (got != want) {
			KUNIT_FAIL(test, "VA 0x%llx: 0x%llx, expected 0x%llx",
				   va, got, want);
			return;
		}
	}
}

/*
 * io-pgtable as Linux 6.13 and later have it: an unmap that cuts a 2 MiB
 * block unmaps nothing (the stubs track the blocks each VM maps).
 */
#define TYR_MMU_TEST_BLOCKS	32

struct tyr_mmu_test_blocks {
	struct {
		struct tyr_vm *vm;
		u64 va;
	} at[TYR_MMU_TEST_BLOCKS];
	unsigned int refused;
};

static struct tyr_mmu_test_blocks *tyr_mmu_test_blocks(void)
{
	struct kunit *test = kunit_get_current_test();

	return ((struct tyr_mmu_test *)test->priv)->blocks;
}

static int tyr_mmu_test_blocks_find(struct tyr_mmu_test_blocks *b,
				    struct tyr_vm *vm, u64 va)
{
	unsigned int i;

	for (i = 0; i < TYR_MMU_TEST_BLOCKS; i++) {
		if (b->at[i].vm == vm && b->at[i].va == va)
			return i;
	}
	return -1;
}

static int tyr_mmu_test_map_chunk(struct tyr_vm *vm, u64 iova, u64 paddr,
				  size_t pgsize, size_t pgcount, int prot,
				  size_t *mapped)
{
	struct tyr_mmu_test_blocks *b = tyr_mmu_test_blocks();
	size_t before = *mapped, i;
	int ret, slot;

	ret = vm->pgtbl->map_pages(vm->pgtbl, iova, paddr, pgsize, pgcount,
				   prot, GFP_KERNEL, mapped);
	for (i = 0; pgsize == SZ_2M && i < (*mapped - before) / SZ_2M; i++) {
		slot = tyr_mmu_test_blocks_find(b, NULL, 0);
		if (!WARN_ON(slot < 0)) {
			b->at[slot].vm = vm;
			b->at[slot].va = iova + i * SZ_2M;
		}
	}
	return ret;
}

static size_t tyr_mmu_test_unmap_chunk(struct tyr_vm *vm, u64 iova,
				       size_t pgsize, size_t pgcount)
{
	struct tyr_mmu_test_blocks *b = tyr_mmu_test_blocks();
	u64 va, end = iova + pgsize * pgcount;
	int slot;

	for (va = ALIGN_DOWN(iova, SZ_2M); va < end; va += SZ_2M) {
		slot = tyr_mmu_test_blocks_find(b, vm, va);
		if (slot < 0)
			continue;
		if (pgsize != SZ_2M) {
			b->refused++;
			return 0;
		}
		b->at[slot].vm = NULL;
	}
	return vm->pgtbl->unmap_pages(vm->pgtbl, iova, pgsize, pgcount, NULL);
}

static void tyr_mmu_test_no_split(struct kunit *test)
{
	struct tyr_mmu_test *ctx = test->priv;

	ctx->blocks = kunit_kzalloc(test, sizeof(*ctx->blocks), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx->blocks);
	kunit_activate_static_stub(test, tyr_vm_map_chunk,
				   tyr_mmu_test_map_chunk);
	kunit_activate_static_stub(test, tyr_vm_unmap_chunk,
				   tyr_mmu_test_unmap_chunk);
}

/*
 * Mappings of 2 MiB blocks, partly unmapped. Regression test (the stubs
 * above): the driver relied on io-pgtable splitting a block that an unmap
 * cuts, which it no longer does after Linux 6.12.
 */
static void tyr_mmu_test_huge_pages(struct kunit *test)
{
	static const struct {
		const char *name;
		u64 map[2][3];	/* va, offset, size; size 0 = unused */
		u64 unmap[3][2];	/* va, size; size 0 = unused */
		u64 left[3][3];
	} cases[] = {
		{ "identical single", { { 0, 0, SZ_2M } }, { { 0, SZ_2M } },
		  { } },
		{ "single partial", { { 0, 0, SZ_2M } },
		  { { SZ_1M, SZ_64K } },
		  { { 0, 0, SZ_1M }, { SZ_1M + SZ_64K, SZ_1M + SZ_64K,
				       SZ_1M - SZ_64K } } },
		{ "multiple", { { 0, 0, SZ_2M }, { SZ_2M, SZ_2M, SZ_2M } },
		  { { 0, SZ_4M } }, { } },
		{ "offset", { { SZ_2M, SZ_2M, SZ_2M } },
		  { { SZ_2M + SZ_4K, SZ_4K } },
		  { { SZ_2M, SZ_2M, SZ_4K },
		    { SZ_2M + SZ_8K, SZ_2M + SZ_8K, SZ_2M - SZ_8K } } },
		{ "left-aligned", { { 0, 0, SZ_4M } }, { { 0, SZ_1M } },
		  { { SZ_1M, SZ_1M, SZ_4M - SZ_1M } } },
		{ "right-aligned", { { 0, 0, SZ_4M } }, { { SZ_2M + SZ_1M, SZ_1M } },
		  { { 0, 0, SZ_2M + SZ_1M } } },
		{ "superset", { { SZ_2M, 0, SZ_2M } }, { { SZ_1M, SZ_4M } },
		  { } },
		{ "subset", { { 0, 0, SZ_4M } }, { { SZ_1M, SZ_2M } },
		  { { 0, 0, SZ_1M }, { SZ_2M + SZ_1M, SZ_2M + SZ_1M, SZ_1M } } },
		{ "successive", { { 0, 0, SZ_4M } },
		  { { 0, SZ_1M }, { SZ_1M, SZ_1M }, { SZ_2M, SZ_1M } },
		  { { SZ_2M + SZ_1M, SZ_2M + SZ_1M, SZ_1M } } },
	};
	struct tyr_mmu_test *ctx = test->priv;
	struct tyr_mmu_test_contig c;
	const u64 base = SZ_1G;
	unsigned int i, j, n;

	tyr_mmu_test_contig_bo(test, &c);
	tyr_mmu_test_no_split(test);

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		u32 id = tyr_mmu_test_vm_create(test, SZ_4G);
		struct tyr_vm *vm = tyr_mmu_test_vm(test, id);
		u64 left[3][3];

		kunit_info(test, "%s", cases[i].name);
		KUNIT_ASSERT_EQ(test, tyr_vm_active(vm), 0);
		for (j = 0; j < 2 && cases[i].map[j][2]; j++)
			KUNIT_ASSERT_EQ(test,
					tyr_mmu_test_map(test, id, c.handle,
							 cases[i].map[j][1],
							 base + cases[i].map[j][0],
							 cases[i].map[j][2], 0), 0);
		for (j = 0; j < 3 && cases[i].unmap[j][1]; j++)
			KUNIT_ASSERT_EQ(test,
					tyr_mmu_test_unmap(test, id,
							   base + cases[i].unmap[j][0],
							   cases[i].unmap[j][1]), 0);

		for (n = 0; n < 3 && cases[i].left[n][2]; n++) {
			left[n][0] = base + cases[i].left[n][0];
			left[n][1] = cases[i].left[n][1];
			left[n][2] = cases[i].left[n][2];
		}
		tyr_mmu_test_check(test, vm, &c, left, n, base - SZ_2M,
				   base + SZ_4M + SZ_2M);
		tyr_vm_idle(vm);
	}
	KUNIT_EXPECT_EQ(test, ctx->blocks->refused, 0);
}

static void tyr_mmu_test_slots(struct kunit *test)
{
	struct tyr_mmu_test *ctx = test->priv;
	unsigned int slots = hweight32(ctx->tdev->mmu.user_slots);
	struct tyr_vm *vms[16];
	u32 bo = tyr_mmu_test_bo(test, PAGE_SIZE, 0);
	u64 pa = tyr_mmu_test_bo_addr(test, bo, 0);
	unsigned int i, evictions = ctx->tdev->mmu.evictions;

	KUNIT_ASSERT_EQ(test, slots, 7);
	for (i = 0; i < slots + 2; i++) {
		u32 id = tyr_mmu_test_vm_create(test, SZ_4G);

		vms[i] = tyr_mmu_test_vm(test, id);
		KUNIT_ASSERT_EQ(test, tyr_mmu_test_map(test, id, bo, 0,
						       SZ_1M * (i + 1),
						       PAGE_SIZE, 0), 0);
	}

	/* Every slot taken by an active VM: no room. */
	for (i = 0; i < slots; i++)
		KUNIT_ASSERT_EQ(test, tyr_vm_active(vms[i]), 0);
	KUNIT_EXPECT_EQ(test, tyr_vm_active(vms[slots]), -EBUSY);

	/* Two go idle: the least recently used one loses its slot first. */
	tyr_vm_idle(vms[2]);
	tyr_vm_idle(vms[5]);
	KUNIT_ASSERT_EQ(test, tyr_vm_active(vms[slots]), 0);
	KUNIT_EXPECT_EQ(test, tyr_vm_as(vms[2]), -1);
	KUNIT_EXPECT_GE(test, tyr_vm_as(vms[5]), 1);
	KUNIT_ASSERT_EQ(test, tyr_vm_active(vms[slots + 1]), 0);
	KUNIT_EXPECT_EQ(test, tyr_vm_as(vms[5]), -1);
	KUNIT_EXPECT_EQ(test, ctx->tdev->mmu.evictions, evictions + 2);

	/* All usable: each sees its own mapping in whatever slot it has. */
	tyr_vm_idle(vms[0]);
	KUNIT_ASSERT_EQ(test, tyr_vm_active(vms[2]), 0);
	for (i = 1; i < slots + 2; i++) {
		if (i == 5)
			continue;
		KUNIT_EXPECT_EQ(test, tyr_mmu_test_walk(test, vms[i],
							SZ_1M * (i + 1),
							TYR_MODEL_READ), pa);
		KUNIT_EXPECT_EQ(test, tyr_mmu_test_walk(test, vms[i],
							SZ_1M * (i + 2),
							TYR_MODEL_READ), 0);
	}
	for (i = 1; i < slots + 2; i++) {
		if (i != 5)
			tyr_vm_idle(vms[i]);
	}
}

static bool tyr_mmu_test_unusable(struct tyr_vm *vm)
{
	return READ_ONCE(vm->unusable) && tyr_vm_as(vm) < 0;
}

static void tyr_mmu_test_fault(struct kunit *test)
{
	struct tyr_mmu_test *ctx = test->priv;
	struct drm_panthor_vm_get_state state = { };
	u32 id = tyr_mmu_test_vm_create(test, SZ_4G);
	struct tyr_vm *vm = tyr_mmu_test_vm(test, id);
	u32 bo = tyr_mmu_test_bo(test, PAGE_SIZE, 0);
	u8 buf[4] = { };
	int as;

	KUNIT_ASSERT_EQ(test, tyr_mmu_test_map(test, id, bo, 0, SZ_1M, PAGE_SIZE,
					       RO), 0);
	KUNIT_ASSERT_EQ(test, tyr_vm_active(vm), 0);
	as = tyr_vm_as(vm);

	/* A read works; a write to the read-only page faults. */
	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(ctx->gpu->model, as, SZ_1M,
						   buf, sizeof(buf),
						   TYR_MODEL_READ), 0);
	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(ctx->gpu->model, as, SZ_1M,
						   buf, sizeof(buf),
						   TYR_MODEL_WRITE), -EFAULT);
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(tyr_mmu_test_unusable(vm),
						    1000));
	tyr_vm_idle(vm);

	state.vm_id = id;
	KUNIT_EXPECT_EQ(test, tyr_ioctl_vm_get_state(&ctx->tdev->base, &state,
						     ctx->file), 0);
	KUNIT_EXPECT_EQ(test, state.state, DRM_PANTHOR_VM_STATE_UNUSABLE);

	/* The slot is disabled, the VM gets no other and takes no mapping. */
	KUNIT_EXPECT_EQ(test, tyr_read(ctx->tdev, TYR_AS_TRANSCFG(as)) &
			TYR_AS_TRANSCFG_ADRMODE, TYR_AS_ADRMODE_UNMAPPED);
	KUNIT_EXPECT_EQ(test, tyr_vm_active(vm), -EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_map(test, id, bo, 0, SZ_2M, PAGE_SIZE,
					       0), -EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_unmap(test, id, SZ_1M, PAGE_SIZE), 0);

	/* Other VMs are not affected. */
	id = tyr_mmu_test_vm_create(test, SZ_4G);
	vm = tyr_mmu_test_vm(test, id);
	KUNIT_ASSERT_EQ(test, tyr_mmu_test_map(test, id, bo, 0, SZ_1M, PAGE_SIZE,
					       0), 0);
	KUNIT_ASSERT_EQ(test, tyr_vm_active(vm), 0);
	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(ctx->gpu->model,
						   tyr_vm_as(vm), SZ_1M, buf,
						   sizeof(buf), TYR_MODEL_WRITE),
			0);
	/* An unmapped address is a translation fault. */
	KUNIT_EXPECT_EQ(test, tyr_model_gpu_access(ctx->gpu->model,
						   tyr_vm_as(vm), SZ_2M, buf,
						   sizeof(buf), TYR_MODEL_READ),
			-EFAULT);
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(tyr_mmu_test_unusable(vm),
						    1000));
	tyr_vm_idle(vm);
}

static unsigned int tyr_mmu_test_count_vas(struct tyr_vm *vm)
{
	struct drm_gpuva *va;
	unsigned int n = 0;

	mutex_lock(&vm->op_lock);
	drm_gpuvm_for_each_va(va, &vm->base)
		n++;
	mutex_unlock(&vm->op_lock);

	return n;
}

static void tyr_mmu_test_bad_input(struct kunit *test)
{
	struct tyr_mmu_test *ctx = test->priv;
	u32 id = tyr_mmu_test_vm_create(test, SZ_4G);
	u32 other = tyr_mmu_test_vm_create(test, SZ_4G);
	struct tyr_vm *vm = tyr_mmu_test_vm(test, id);
	u32 bo = tyr_mmu_test_bo(test, 4 * PAGE_SIZE, 0);
	u32 excl = tyr_mmu_test_bo(test, PAGE_SIZE, other);
	unsigned int gems = ctx->tdev->gems.count;
	struct tyr_mmu_test_op op = { };
	unsigned int refs;
	u32 count;

	/* Alignment, bounds, ranges. */
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_map(test, id, bo, 0, SZ_1M + 1,
					       PAGE_SIZE, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_map(test, id, bo, 0, SZ_1M,
					       PAGE_SIZE + 1, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_map(test, id, bo, 1, SZ_1M,
					       PAGE_SIZE, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_map(test, id, bo, 0, SZ_1M, 0, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_map(test, id, bo, 2 * PAGE_SIZE,
					       SZ_1M, 3 * PAGE_SIZE, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_map(test, id, bo, 0,
					       SZ_4G - PAGE_SIZE,
					       2 * PAGE_SIZE, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_map(test, id, bo, 0, -PAGE_SIZE,
					       PAGE_SIZE, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_unmap(test, id, SZ_1M + 8, PAGE_SIZE),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_unmap(test, id, SZ_4G, PAGE_SIZE),
			-EINVAL);

	/* Handles, exclusive objects, flags, types. */
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_map(test, id, 0xdead, 0, SZ_1M,
					       PAGE_SIZE, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_map(test, id, excl, 0, SZ_1M,
					       PAGE_SIZE, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_map(test, other, excl, 0, SZ_1M,
					       PAGE_SIZE, 0), 0);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_map(test, id, bo, 0, SZ_1M,
					       PAGE_SIZE, BIT(5)), -EINVAL);
	op.op = (struct drm_panthor_vm_bind_op){
		.flags = 3 << 28, .va = SZ_1M, .size = PAGE_SIZE,
	};
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_bind(test, id, 0, &op, 1, NULL),
			-EINVAL);
	op.op = (struct drm_panthor_vm_bind_op){
		.flags = UNMAP | RO, .va = SZ_1M, .size = PAGE_SIZE,
	};
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_bind(test, id, 0, &op, 1, NULL),
			-EINVAL);
	op.op = (struct drm_panthor_vm_bind_op){
		.flags = UNMAP, .bo_handle = bo, .va = SZ_1M, .size = PAGE_SIZE,
	};
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_bind(test, id, 0, &op, 1, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_bind(test, id, BIT(1), &op, 1, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_bind(test, 1000, 0, &op, 1, NULL),
			-EINVAL);

	/* Syncs only in asynchronous mode; SYNC_ONLY needs syncs. */
	op.op = (struct drm_panthor_vm_bind_op){ .flags = SYNC_ONLY };
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_bind(test, id, 0, &op, 1, NULL),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_bind(test, id,
						DRM_PANTHOR_VM_BIND_ASYNC, &op,
						1, NULL), -EINVAL);
	op.op = (struct drm_panthor_vm_bind_op){
		.flags = MAP, .bo_handle = bo, .va = SZ_1M, .size = PAGE_SIZE,
	};
	op.nsyncs = 1;
	op.syncs[0] = (struct drm_panthor_sync_op){
		.flags = DRM_PANTHOR_SYNC_OP_SIGNAL, .handle = 1,
	};
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_bind(test, id, 0, &op, 1, NULL),
			-EINVAL);
	/* A syncobj that does not exist, to wait on or to signal. */
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_bind(test, id,
						DRM_PANTHOR_VM_BIND_ASYNC, &op,
						1, NULL), -EINVAL);
	op.syncs[0].flags = 0;
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_bind(test, id,
						DRM_PANTHOR_VM_BIND_ASYNC, &op,
						1, NULL), -EINVAL);
	/* A timeline value on a binary syncobj, unknown sync flags. */
	op.syncs[0].flags = DRM_PANTHOR_SYNC_OP_SIGNAL;
	op.syncs[0].timeline_value = 3;
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_bind(test, id,
						DRM_PANTHOR_VM_BIND_ASYNC, &op,
						1, NULL), -EINVAL);
	op.syncs[0].flags = BIT(12);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_bind(test, id,
						DRM_PANTHOR_VM_BIND_ASYNC, &op,
						1, NULL), -EINVAL);
	/*
	 * An operation that fails its checks leaves the VM's references as
	 * they were. Regression test: its job dropped a reference to the VM
	 * that it had not taken yet (a use-after-free of the VM).
	 */
	refs = kref_read(&vm->base.kref);
	op.nsyncs = 0;
	op.op.va = SZ_1M + 1;
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_bind(test, id,
						DRM_PANTHOR_VM_BIND_ASYNC, &op,
						1, NULL), -EINVAL);
	KUNIT_EXPECT_EQ(test, kref_read(&vm->base.kref), refs);

	/* A bad op after a good one: the count tells. */
	{
		struct tyr_mmu_test_op two[2] = {
			{ .op = { .flags = MAP, .bo_handle = bo, .va = SZ_2M,
				  .size = PAGE_SIZE } },
			{ .op = { .flags = MAP, .bo_handle = bo, .va = SZ_2M,
				  .size = 5 * PAGE_SIZE } },
		};

		KUNIT_EXPECT_EQ(test, tyr_mmu_test_bind(test, id, 0, two, 2,
							&count), -EINVAL);
		KUNIT_EXPECT_EQ(test, count, 1);
	}

	/* Nothing else was mapped, no object left behind. */
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_count_vas(vm), 1);
	KUNIT_EXPECT_EQ(test, ctx->tdev->gems.count, gems);
	KUNIT_EXPECT_FALSE(test, vm->unusable);
}

static void tyr_mmu_test_handle_closed(struct kunit *test)
{
	struct tyr_mmu_test *ctx = test->priv;
	unsigned int gems = ctx->tdev->gems.count;
	u32 id = tyr_mmu_test_vm_create(test, SZ_4G);
	struct tyr_vm *vm = tyr_mmu_test_vm(test, id);
	u32 bo = tyr_mmu_test_bo(test, 2 * PAGE_SIZE, 0);
	u64 pa = tyr_mmu_test_bo_addr(test, bo, PAGE_SIZE);
	struct drm_panthor_vm_destroy destroy = { .id = id };

	KUNIT_ASSERT_EQ(test, tyr_mmu_test_map(test, id, bo, 0, SZ_1M,
					       2 * PAGE_SIZE, 0), 0);
	KUNIT_ASSERT_EQ(test, drm_gem_handle_delete(ctx->file, bo), 0);

	/* The mapping keeps the object. */
	KUNIT_EXPECT_EQ(test, ctx->tdev->gems.count, gems + 1);
	KUNIT_ASSERT_EQ(test, tyr_vm_active(vm), 0);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_walk(test, vm, SZ_1M + PAGE_SIZE,
						TYR_MODEL_READ), pa);
	tyr_vm_idle(vm);

	/* Half of it goes, then the rest with the VM. */
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_unmap(test, id, SZ_1M, PAGE_SIZE), 0);
	KUNIT_EXPECT_EQ(test, ctx->tdev->gems.count, gems + 1);
	KUNIT_EXPECT_EQ(test, tyr_ioctl_vm_destroy(&ctx->tdev->base, &destroy,
						   ctx->file), 0);
	KUNIT_EXPECT_EQ(test, ctx->tdev->gems.count, gems);
}

static void tyr_mmu_test_file_close(struct kunit *test)
{
	struct tyr_mmu_test *ctx = test->priv;
	unsigned int gems = ctx->tdev->gems.count;
	struct drm_panthor_vm_create create = { };
	struct drm_panthor_bo_create bo = { .size = SZ_64K };
	struct drm_gem_object *obj;
	struct tyr_file *tfile;
	struct drm_file *file;
	struct tyr_vm *vm;
	struct file *filp;

	filp = mock_drm_getfile(ctx->tdev->base.render, O_RDWR);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, filp);
	file = filp->private_data;
	tfile = file->driver_priv;

	KUNIT_ASSERT_EQ(test, tyr_ioctl_vm_create(&ctx->tdev->base, &create,
						  file), 0);
	KUNIT_ASSERT_EQ(test, tyr_ioctl_bo_create(&ctx->tdev->base, &bo, file),
			0);
	obj = drm_gem_object_lookup(file, bo.handle);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	vm = tyr_vm_pool_get(&tfile->vms, create.id);
	KUNIT_ASSERT_NOT_NULL(test, vm);
	KUNIT_EXPECT_EQ(test, tyr_vm_map(vm, SZ_1M, to_tyr_bo(obj), 0, SZ_64K,
					 0), 0);
	tyr_vm_put(vm);
	drm_gem_object_put(obj);
	KUNIT_EXPECT_EQ(test, ctx->tdev->gems.count, gems + 1);

	/* Closing the file destroys its VMs and releases what they map. */
	fput(filp);
	flush_delayed_fput();
	KUNIT_EXPECT_EQ(test, ctx->tdev->gems.count, gems);
}

/*
 * A bind that still holds a VM when VM_DESTROY runs (another thread's)
 * maps nothing: what VM_DESTROY removed stays removed. Regression test: the
 * MAP went in after the VM's mappings were removed, and stayed there.
 */
static void tyr_mmu_test_map_after_destroy(struct kunit *test)
{
	struct tyr_mmu_test *ctx = test->priv;
	struct drm_panthor_vm_destroy destroy = { };
	u32 id = tyr_mmu_test_vm_create(test, SZ_4G);
	struct tyr_vm *vm = tyr_mmu_test_vm(test, id);
	u32 handle = tyr_mmu_test_bo(test, PAGE_SIZE, 0);
	struct drm_gem_object *obj;

	drm_gpuvm_get(&vm->base);
	destroy.id = id;
	KUNIT_ASSERT_EQ(test, tyr_ioctl_vm_destroy(&ctx->tdev->base, &destroy,
						   ctx->file), 0);

	obj = drm_gem_object_lookup(ctx->file, handle);
	KUNIT_ASSERT_NOT_NULL(test, obj);
	KUNIT_EXPECT_EQ(test, tyr_vm_map(vm, SZ_1M, to_tyr_bo(obj), 0,
					 PAGE_SIZE, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_count_vas(vm), 0);
	drm_gem_object_put(obj);
	tyr_vm_put(vm);
}

/*
 * panvk destroys its VM while objects exclusive to that VM are still open,
 * and the file's close releases them afterwards; releasing such an object
 * locks the VM's reservation object, which the object keeps alive.
 * Regression test: the object let go of it before its pages were released
 * (a KASAN use-after-free at the exit of every Vulkan process).
 */
static void tyr_mmu_test_exclusive_outlive_vm(struct kunit *test)
{
	struct tyr_mmu_test *ctx = test->priv;
	struct drm_device *ddev = &ctx->tdev->base;
	unsigned int gems = ctx->tdev->gems.count;
	struct drm_panthor_vm_create create = { };
	struct drm_panthor_vm_destroy destroy = { };
	struct drm_panthor_bo_create bo[3] = { };
	struct drm_gem_object *obj;
	struct tyr_file *tfile;
	struct drm_file *file;
	struct tyr_vm *vm;
	struct file *filp;
	unsigned int i;

	filp = mock_drm_getfile(ddev->render, O_RDWR);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, filp);
	file = filp->private_data;
	tfile = file->driver_priv;

	KUNIT_ASSERT_EQ(test, tyr_ioctl_vm_create(ddev, &create, file), 0);
	vm = tyr_vm_pool_get(&tfile->vms, create.id);
	KUNIT_ASSERT_NOT_NULL(test, vm);
	for (i = 0; i < ARRAY_SIZE(bo); i++) {
		bo[i].size = SZ_64K;
		bo[i].exclusive_vm_id = create.id;
		KUNIT_ASSERT_EQ(test, tyr_ioctl_bo_create(ddev, &bo[i], file), 0);
		obj = drm_gem_object_lookup(file, bo[i].handle);
		KUNIT_ASSERT_NOT_NULL(test, obj);
		/* Pages, mapped in the VM, as Mesa's objects have them. */
		KUNIT_EXPECT_EQ(test, tyr_vm_map(vm, SZ_1M * (i + 1),
						 to_tyr_bo(obj), 0, SZ_64K, 0),
				0);
		drm_gem_object_put(obj);
	}
	tyr_vm_put(vm);

	/* Objects private to a VM are not exported; others are. */
	KUNIT_EXPECT_EQ(test, PTR_ERR(drm_gem_prime_handle_to_dmabuf(ddev, file,
								     bo[0].handle,
								     O_RDWR)),
			-EINVAL);
	{
		struct drm_panthor_bo_create shared = { .size = SZ_4K };
		struct dma_buf *dmabuf;

		KUNIT_ASSERT_EQ(test, tyr_ioctl_bo_create(ddev, &shared, file),
				0);
		dmabuf = drm_gem_prime_handle_to_dmabuf(ddev, file,
							shared.handle, O_RDWR);
		KUNIT_EXPECT_FALSE(test, IS_ERR(dmabuf));
		if (!IS_ERR(dmabuf))
			dma_buf_put(dmabuf);
		KUNIT_EXPECT_EQ(test, drm_gem_handle_delete(file, shared.handle),
				0);
		/* The dma-buf's file is released from a work item. */
		flush_delayed_fput();
	}

	/* The VM goes first; its mappings let go of the objects. */
	destroy.id = create.id;
	KUNIT_ASSERT_EQ(test, tyr_ioctl_vm_destroy(ddev, &destroy, file), 0);
	KUNIT_EXPECT_EQ(test, ctx->tdev->gems.count, gems + ARRAY_SIZE(bo));

	/* One object closed by hand, the others by the file's release. */
	KUNIT_EXPECT_EQ(test, drm_gem_handle_delete(file, bo[0].handle), 0);
	KUNIT_EXPECT_EQ(test, ctx->tdev->gems.count, gems + ARRAY_SIZE(bo) - 1);
	fput(filp);
	flush_delayed_fput();
	KUNIT_EXPECT_EQ(test, ctx->tdev->gems.count, gems);
}

static u32 tyr_mmu_test_syncobj(struct kunit *test, struct drm_syncobj **out)
{
	struct tyr_mmu_test *ctx = test->priv;
	struct drm_syncobj *syncobj;
	u32 handle;

	KUNIT_ASSERT_EQ(test, drm_syncobj_create(&syncobj, 0, NULL), 0);
	KUNIT_ASSERT_EQ(test, drm_syncobj_get_handle(ctx->file, syncobj,
						     &handle), 0);
	*out = syncobj;
	drm_syncobj_put(syncobj);
	return handle;
}

/*
 * Wait for point @point of a syncobj (0 for a binary one): its fence's
 * status, or TYR_TEST_PENDING if it has not signalled. A bound of a second
 * or more is for what must happen, and gets tyr_test_slack_ms(); 0 only
 * looks.
 */
static int tyr_mmu_test_wait(struct kunit *test, u32 handle, u64 point,
			     unsigned int ms)
{
	struct tyr_mmu_test *ctx = test->priv;
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

static void tyr_mmu_test_async(struct kunit *test)
{
	u32 id = tyr_mmu_test_vm_create(test, SZ_4G);
	struct tyr_vm *vm = tyr_mmu_test_vm(test, id);
	u32 bo = tyr_mmu_test_bo(test, 2 * PAGE_SIZE, 0);
	u64 pa = tyr_mmu_test_bo_addr(test, bo, 0);
	struct drm_syncobj *in, *out, *tl;
	u32 hin = tyr_mmu_test_syncobj(test, &in);
	u32 hout = tyr_mmu_test_syncobj(test, &out);
	u32 htl = tyr_mmu_test_syncobj(test, &tl);
	struct dma_fence *gate = tyr_test_fence(test);
	struct tyr_mmu_test_op ops[2] = {
		{
			.op = { .flags = MAP, .bo_handle = bo, .va = SZ_1M,
				.size = 2 * PAGE_SIZE },
			.syncs = {
				{ .handle = hin },
				{ .flags = DRM_PANTHOR_SYNC_OP_SIGNAL,
				  .handle = hout },
			},
			.nsyncs = 2,
		},
		{
			.op = { .flags = SYNC_ONLY },
			.syncs = {
				{ .flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
					   DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_TIMELINE_SYNCOBJ,
				  .handle = htl, .timeline_value = 7 },
			},
			.nsyncs = 1,
		},
	};

	drm_syncobj_replace_fence(in, gate);
	KUNIT_ASSERT_EQ(test, tyr_vm_active(vm), 0);

	/* Queued behind an unsignalled fence: nothing happens yet. */
	KUNIT_ASSERT_EQ(test, tyr_mmu_test_bind(test, id,
						DRM_PANTHOR_VM_BIND_ASYNC, ops,
						2, NULL), 0);
	msleep(20);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_walk(test, vm, SZ_1M,
						TYR_MODEL_READ), 0);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_wait(test, hout, 0, 0),
			TYR_TEST_PENDING);

	/* Signalled: the map runs, then the sync-only op after it. */
	dma_fence_signal(gate);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_wait(test, hout, 0, 1000), 0);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_walk(test, vm, SZ_1M,
						TYR_MODEL_READ), pa);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_wait(test, htl, 7, 1000), 0);

	/* An asynchronous unmap, waiting on a timeline point. */
	ops[0] = (struct tyr_mmu_test_op){
		.op = { .flags = UNMAP, .va = SZ_1M, .size = PAGE_SIZE },
		.syncs = {
			{ .flags = DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_TIMELINE_SYNCOBJ,
			  .handle = htl, .timeline_value = 7 },
			{ .flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
				   DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_TIMELINE_SYNCOBJ,
			  .handle = htl, .timeline_value = 9 },
		},
		.nsyncs = 2,
	};
	KUNIT_ASSERT_EQ(test, tyr_mmu_test_bind(test, id,
						DRM_PANTHOR_VM_BIND_ASYNC, ops,
						1, NULL), 0);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_wait(test, htl, 9, 1000), 0);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_walk(test, vm, SZ_1M,
						TYR_MODEL_READ), 0);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_walk(test, vm, SZ_1M + PAGE_SIZE,
						TYR_MODEL_READ),
			tyr_mmu_test_bo_addr(test, bo, PAGE_SIZE));
	tyr_vm_idle(vm);
}

/*
 * Asynchronous operations are queued all or none, and one may wait for a
 * point an earlier one of the same ioctl signals. Regression test: the
 * operations before a bad one stayed queued, and a wait was looked up
 * before the earlier operations were queued (so it failed).
 */
static void tyr_mmu_test_async_all_or_none(struct kunit *test)
{
	u32 id = tyr_mmu_test_vm_create(test, SZ_4G);
	struct tyr_vm *vm = tyr_mmu_test_vm(test, id);
	u32 bo = tyr_mmu_test_bo(test, PAGE_SIZE, 0);
	struct drm_syncobj *out, *tl;
	u32 hout = tyr_mmu_test_syncobj(test, &out);
	u32 htl = tyr_mmu_test_syncobj(test, &tl);
	struct tyr_mmu_test_op ops[2] = {
		{
			.op = { .flags = MAP, .bo_handle = bo, .va = SZ_1M,
				.size = PAGE_SIZE },
			.syncs = {
				{ .flags = DRM_PANTHOR_SYNC_OP_SIGNAL |
					   DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_TIMELINE_SYNCOBJ,
				  .handle = htl, .timeline_value = 3 },
			},
			.nsyncs = 1,
		},
		{
			.op = { .flags = MAP, .bo_handle = bo + 100,
				.va = SZ_2M, .size = PAGE_SIZE },
			.syncs = {
				{ .flags = DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_TIMELINE_SYNCOBJ,
				  .handle = htl, .timeline_value = 3 },
				{ .flags = DRM_PANTHOR_SYNC_OP_SIGNAL,
				  .handle = hout },
			},
			.nsyncs = 2,
		},
	};
	struct dma_fence *fence;
	u32 count = 2;

	KUNIT_ASSERT_EQ(test, tyr_vm_active(vm), 0);

	/* The second has a bad handle: neither is queued. */
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_bind(test, id,
						DRM_PANTHOR_VM_BIND_ASYNC, ops,
						2, &count), -EINVAL);
	KUNIT_EXPECT_EQ(test, count, 2);
	KUNIT_EXPECT_NULL(test, drm_syncobj_fence_get(out));
	fence = drm_syncobj_fence_get(tl);
	KUNIT_EXPECT_NULL(test, fence);
	dma_fence_put(fence);
	flush_workqueue(vm->sched.submit_wq);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_walk(test, vm, SZ_1M,
						TYR_MODEL_READ), 0);

	/* Good now: the second waits for the point the first signals. */
	ops[1].op.bo_handle = bo;
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_bind(test, id,
						DRM_PANTHOR_VM_BIND_ASYNC, ops,
						2, NULL), 0);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_wait(test, hout, 0, 1000), 0);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_walk(test, vm, SZ_1M,
						TYR_MODEL_READ),
			tyr_mmu_test_bo_addr(test, bo, 0));
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_walk(test, vm, SZ_2M,
						TYR_MODEL_READ),
			tyr_mmu_test_bo_addr(test, bo, 0));
	tyr_vm_idle(vm);
}

static unsigned int tyr_mmu_test_count_vms(struct tyr_device *tdev)
{
	struct tyr_vm *vm;
	unsigned int n = 0;

	mutex_lock(&tdev->mmu.vms_lock);
	list_for_each_entry(vm, &tdev->mmu.vms, node)
		n++;
	mutex_unlock(&tdev->mmu.vms_lock);

	return n;
}

/* VM_DESTROY from a worker: it waits for the VM's queued binds. */
struct tyr_mmu_test_destroy {
	struct work_struct work;
	struct kunit *test;
	u32 id;
	int ret;
};

static void tyr_mmu_test_destroy_work(struct work_struct *work)
{
	struct tyr_mmu_test_destroy *d =
		container_of(work, struct tyr_mmu_test_destroy, work);
	struct tyr_mmu_test *ctx = d->test->priv;
	struct drm_panthor_vm_destroy args = { .id = d->id };

	d->ret = tyr_ioctl_vm_destroy(&ctx->tdev->base, &args, ctx->file);
}

/* A reference to a VM, dropped by a work item. */
struct tyr_mmu_test_put {
	struct work_struct work;
	struct tyr_vm *vm;
	struct completion done;
};

static void tyr_mmu_test_put_work(struct work_struct *work)
{
	struct tyr_mmu_test_put *put =
		container_of(work, struct tyr_mmu_test_put, work);

	tyr_vm_put(put->vm);
	complete(&put->done);
}

/*
 * Mesa destroys a VM while its last asynchronous unmap is still queued: the
 * bind job then holds the last reference to the VM, and drops it in the
 * free_job work of the VM's own bind queue. Here the test keeps the last
 * reference and drops it on that workqueue once the bind job is gone, so
 * that it is the last one whatever the order of the works. Regression
 * test: releasing the VM there tore the bind queue's scheduler down from
 * its own workqueue, which never returns (a kworker stuck in
 * drm_sched_fini() and a VM leaked at the exit of every other GL process).
 */
static void tyr_mmu_test_destroy_queued_bind(struct kunit *test)
{
	struct tyr_mmu_test *ctx = test->priv;
	unsigned int vms = tyr_mmu_test_count_vms(ctx->tdev);
	u32 id = tyr_mmu_test_vm_create(test, SZ_4G);
	struct tyr_vm *vm = tyr_mmu_test_vm(test, id);
	u32 bo = tyr_mmu_test_bo(test, 2 * PAGE_SIZE, 0);
	struct drm_syncobj *in, *out;
	u32 hin = tyr_mmu_test_syncobj(test, &in);
	u32 hout = tyr_mmu_test_syncobj(test, &out);
	struct dma_fence *gate = tyr_test_fence(test);
	struct tyr_mmu_test_op op = {
		.op = { .flags = UNMAP, .va = SZ_1M, .size = 2 * PAGE_SIZE },
		.syncs = {
			{ .handle = hin },
			{ .flags = DRM_PANTHOR_SYNC_OP_SIGNAL, .handle = hout },
		},
		.nsyncs = 2,
	};
	struct tyr_mmu_test_destroy destroy = { .test = test, .id = id };
	struct tyr_mmu_test_put *put;

	KUNIT_ASSERT_EQ(test, tyr_mmu_test_map(test, id, bo, 0, SZ_1M,
					       2 * PAGE_SIZE, 0), 0);
	drm_syncobj_replace_fence(in, gate);
	KUNIT_ASSERT_EQ(test, tyr_mmu_test_bind(test, id,
						DRM_PANTHOR_VM_BIND_ASYNC, &op,
						1, NULL), 0);
	drm_gpuvm_get(&vm->base);

	/* VM_DESTROY waits for the unmap, which waits for the fence. */
	INIT_WORK_ONSTACK(&destroy.work, tyr_mmu_test_destroy_work);
	queue_work(system_unbound_wq, &destroy.work);
	dma_fence_signal(gate);
	flush_work(&destroy.work);
	destroy_work_on_stack(&destroy.work);
	KUNIT_EXPECT_EQ(test, destroy.ret, 0);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_wait(test, hout, 0, 1000), 0);

	/* Once the bind job has let go, the test's reference is the last. */
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(kref_read(&vm->base.kref) == 1,
						    10000));
	/* Not the test's memory: a work that never returns keeps it. */
	put = kzalloc(sizeof(*put), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, put);
	put->vm = vm;
	init_completion(&put->done);
	INIT_WORK(&put->work, tyr_mmu_test_put_work);
	queue_work(vm->sched.submit_wq, &put->work);
	KUNIT_ASSERT_TRUE_MSG(test,
			      wait_for_completion_timeout(&put->done,
							  msecs_to_jiffies(10000)),
			      "dropping the last VM reference on its bind queue never returns");
	kfree(put);

	/* And the VM is gone. */
	KUNIT_EXPECT_TRUE(test, tyr_test_wait_until(tyr_mmu_test_count_vms(ctx->tdev) ==
						    vms, 10000));
}

/*
 * A MAP queued behind a fence when VM_DESTROY begins runs while VM_DESTROY
 * drains the queue: it fails with -EINVAL and maps nothing.
 */
static void tyr_mmu_test_destroy_queued_map(struct kunit *test)
{
	u32 id = tyr_mmu_test_vm_create(test, SZ_4G);
	struct tyr_vm *vm = tyr_mmu_test_vm(test, id);
	u32 bo = tyr_mmu_test_bo(test, PAGE_SIZE, 0);
	struct drm_syncobj *in, *out;
	u32 hin = tyr_mmu_test_syncobj(test, &in);
	u32 hout = tyr_mmu_test_syncobj(test, &out);
	struct dma_fence *gate = tyr_test_fence(test);
	struct tyr_mmu_test_op op = {
		.op = { .flags = MAP, .bo_handle = bo, .va = SZ_1M,
			.size = PAGE_SIZE },
		.syncs = {
			{ .handle = hin },
			{ .flags = DRM_PANTHOR_SYNC_OP_SIGNAL, .handle = hout },
		},
		.nsyncs = 2,
	};
	struct tyr_mmu_test_destroy destroy = { .test = test, .id = id };

	drm_syncobj_replace_fence(in, gate);
	KUNIT_ASSERT_EQ(test, tyr_mmu_test_bind(test, id,
						DRM_PANTHOR_VM_BIND_ASYNC, &op,
						1, NULL), 0);
	drm_gpuvm_get(&vm->base);

	/* The MAP can only run once VM_DESTROY has begun. */
	INIT_WORK_ONSTACK(&destroy.work, tyr_mmu_test_destroy_work);
	queue_work(system_unbound_wq, &destroy.work);
	KUNIT_EXPECT_TRUE(test, tyr_test_wait_until(READ_ONCE(vm->destroyed),
						    1000));
	dma_fence_signal(gate);
	flush_work(&destroy.work);
	destroy_work_on_stack(&destroy.work);
	KUNIT_EXPECT_EQ(test, destroy.ret, 0);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_wait(test, hout, 0, 1000), -EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_count_vas(vm), 0);
	tyr_vm_put(vm);
}

static void tyr_mmu_test_stuck_as(struct kunit *test)
{
	struct tyr_mmu_test *ctx = test->priv;
	struct tyr_model_config cfg = tyr_test_fast_config;
	u32 id = tyr_mmu_test_vm_create(test, SZ_4G);
	struct tyr_vm *vm = tyr_mmu_test_vm(test, id);
	unsigned int resets = ctx->tdev->reset.count;
	u32 bo = tyr_mmu_test_bo(test, PAGE_SIZE, 0);

	KUNIT_ASSERT_EQ(test, tyr_mmu_test_map(test, id, bo, 0, SZ_1M, PAGE_SIZE,
					       0), 0);

	/* The AS never finishes its command: an error and a reset. */
	cfg.as_hangs = true;
	tyr_model_set_config(ctx->gpu->model, &cfg);
	KUNIT_EXPECT_EQ(test, tyr_vm_active(vm), -ETIMEDOUT);
	KUNIT_EXPECT_EQ(test, tyr_vm_as(vm), -1);
	KUNIT_EXPECT_TRUE(test, tyr_test_wait_until(ctx->tdev->reset.count ==
						    resets + 1, 1000));

	/* After the reset, with a GPU that behaves, all works again. */
	cfg.as_hangs = false;
	tyr_model_set_config(ctx->gpu->model, &cfg);
	KUNIT_ASSERT_EQ(test, tyr_vm_active(vm), 0);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_walk(test, vm, SZ_1M, TYR_MODEL_READ),
			tyr_mmu_test_bo_addr(test, bo, 0));
	KUNIT_EXPECT_EQ(test, tyr_read64(ctx->tdev,
					 TYR_PWR_READY(TYR_PWR_L2)),
			ctx->tdev->gpu_info.l2_present);
	tyr_vm_idle(vm);
}

/*
 * System sleep with a GPU reset pending: the reset runs to its end before
 * the GPU goes down, or not at all; it never touches the powered-down GPU.
 * Regression test: nothing ordered the two, and the reset work polled an
 * unpowered GPU (and now would mark it unusable).
 */
static void tyr_mmu_test_suspend_during_reset(struct kunit *test)
{
	struct tyr_mmu_test *ctx = test->priv;
	struct tyr_model_config cfg = tyr_test_fast_config;
	struct device *dev = ctx->gpu->dev;
	struct tyr_model_stats *stats;
	unsigned int resets = ctx->tdev->reset.count;
	unsigned int unpowered, resets_seen;

	if (!IS_ENABLED(CONFIG_PM_SLEEP))
		kunit_skip(test, "no system sleep in this kernel");

	stats = kunit_kzalloc(test, sizeof(*stats), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, stats);
	tyr_model_get_stats(ctx->gpu->model, stats);
	unpowered = stats->unpowered_accesses;

	/*
	 * A slow reset (well within the driver's timeout), and the system
	 * goes to sleep while the GPU works on it.
	 */
	cfg.reset_delay_us = TYR_GPU_RESET_TIMEOUT_MS * 1000 / 2;
	tyr_model_set_config(ctx->gpu->model, &cfg);
	KUNIT_ASSERT_EQ(test, pm_runtime_resume_and_get(dev), 0);
	resets_seen = stats->resets;
	tyr_device_schedule_reset(ctx->tdev);
	KUNIT_ASSERT_TRUE(test, tyr_test_wait_until(({
		tyr_model_get_stats(ctx->gpu->model, stats);
		stats->resets > resets_seen; }), 10000));
	/* device_prepare() */
	pm_runtime_get_noresume(dev);
	KUNIT_EXPECT_EQ(test, tyr_pm_ops.suspend(dev), 0);
	KUNIT_EXPECT_EQ(test, ctx->tdev->reset.count, resets + 1);
	tyr_model_get_stats(ctx->gpu->model, stats);
	KUNIT_EXPECT_EQ(test, stats->unpowered_accesses, unpowered);
	KUNIT_EXPECT_EQ(test, tyr_pm_ops.resume(dev), 0);
	/* device_complete() */
	pm_runtime_put(dev);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(ctx->tdev->pm.unusable));

	/* Resets work again afterwards. */
	resets = ctx->tdev->reset.count;
	tyr_device_schedule_reset(ctx->tdev);
	flush_work(&ctx->tdev->reset.work);
	KUNIT_EXPECT_EQ(test, ctx->tdev->reset.count, resets + 1);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(ctx->tdev->pm.unusable));
	pm_runtime_mark_last_busy(dev);
	pm_runtime_put_autosuspend(dev);
}

static size_t tyr_mmu_test_unmap_fails(struct tyr_vm *vm, u64 iova,
				       size_t pgsize, size_t pgcount)
{
	return 0;
}

/*
 * The page tables do not hold what the VM says is mapped (io-pgtable
 * unmaps less than asked): the unmap fails, the VM becomes unusable and
 * loses its slot before the pages go, and it is freed all the same.
 * Regression test: the failure was stepped over, and the GPU kept a
 * mapping of pages about to be freed.
 */
static void tyr_mmu_test_unmap_failure(struct kunit *test)
{
	struct tyr_mmu_test *ctx = test->priv;
	struct drm_device *ddev = &ctx->tdev->base;
	unsigned int vms = tyr_mmu_test_count_vms(ctx->tdev);
	unsigned int gems = ctx->tdev->gems.count;
	u32 id = tyr_mmu_test_vm_create(test, SZ_4G);
	struct tyr_vm *vm = tyr_mmu_test_vm(test, id);
	u32 bo = tyr_mmu_test_bo(test, 4 * PAGE_SIZE, 0);
	struct drm_panthor_vm_get_state state = { .vm_id = id };
	struct drm_panthor_vm_destroy destroy = { .id = id };

	KUNIT_ASSERT_EQ(test, tyr_mmu_test_map(test, id, bo, 0, SZ_1M,
					       4 * PAGE_SIZE, 0), 0);
	KUNIT_ASSERT_EQ(test, tyr_vm_active(vm), 0);
	tyr_vm_idle(vm);
	KUNIT_ASSERT_GE(test, tyr_vm_as(vm), 0);
	KUNIT_ASSERT_NE(test, tyr_mmu_test_walk(test, vm, SZ_1M + PAGE_SIZE,
						TYR_MODEL_READ), 0);

	kunit_activate_static_stub(test, tyr_vm_unmap_chunk,
				   tyr_mmu_test_unmap_fails);
	KUNIT_EXPECT_EQ(test, tyr_mmu_test_unmap(test, id, SZ_1M + PAGE_SIZE,
						 PAGE_SIZE), -EIO);
	KUNIT_EXPECT_EQ(test, tyr_vm_as(vm), -1);
	KUNIT_EXPECT_EQ(test, tyr_vm_active(vm), -EINVAL);
	KUNIT_EXPECT_EQ(test, tyr_ioctl_vm_get_state(ddev, &state, ctx->file), 0);
	KUNIT_EXPECT_EQ(test, state.state, DRM_PANTHOR_VM_STATE_UNUSABLE);

	/* Nothing is left behind. */
	KUNIT_EXPECT_EQ(test, drm_gem_handle_delete(ctx->file, bo), 0);
	KUNIT_EXPECT_EQ(test, tyr_ioctl_vm_destroy(ddev, &destroy, ctx->file), 0);
	kunit_deactivate_static_stub(test, tyr_vm_unmap_chunk);
	KUNIT_EXPECT_TRUE(test, tyr_test_wait_until(tyr_mmu_test_count_vms(ctx->tdev) ==
						    vms, 10000));
	KUNIT_EXPECT_EQ(test, ctx->tdev->gems.count, gems);
}

static struct kunit_case tyr_mmu_test_cases[] = {
	KUNIT_CASE(tyr_mmu_test_vm_ioctls),
	KUNIT_CASE(tyr_mmu_test_map_walk),
	KUNIT_CASE(tyr_mmu_test_huge_pages),
	KUNIT_CASE(tyr_mmu_test_slots),
	KUNIT_CASE(tyr_mmu_test_fault),
	KUNIT_CASE(tyr_mmu_test_bad_input),
	KUNIT_CASE(tyr_mmu_test_handle_closed),
	KUNIT_CASE(tyr_mmu_test_file_close),
	KUNIT_CASE(tyr_mmu_test_map_after_destroy),
	KUNIT_CASE(tyr_mmu_test_exclusive_outlive_vm),
	KUNIT_CASE(tyr_mmu_test_async),
	KUNIT_CASE(tyr_mmu_test_destroy_queued_bind),
	KUNIT_CASE(tyr_mmu_test_destroy_queued_map),
	KUNIT_CASE(tyr_mmu_test_async_all_or_none),
	KUNIT_CASE(tyr_mmu_test_unmap_failure),
	KUNIT_CASE(tyr_mmu_test_stuck_as),
	KUNIT_CASE(tyr_mmu_test_suspend_during_reset),
	{}
};

static struct kunit_suite tyr_mmu_test_suite = {
	.name = "tyr_mmu",
	.init = tyr_mmu_test_init,
	.test_cases = tyr_mmu_test_cases,
};

kunit_test_suite(tyr_mmu_test_suite);
