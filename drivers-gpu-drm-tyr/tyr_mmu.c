// SPDX-License-Identifier: GPL-2.0 or MIT
/**
 * DOC: MMU and VMs
 *
 * A VM is a GPU virtual address space: page tables in the format of the
 * Arm LPAE stage-1 AArch64 descriptors (io-pgtable ARM_64_LPAE_S1, 4 KiB
 * pages and 2 MiB blocks), whose mappings drm_gpuvm keeps track of. The
 * GPU only walks a VM's page tables while the VM sits in one of its address
 * space (AS) slots: slot 0 is the firmware's, the others go to user VMs when
 * they become active (tyr_vm_active()), and stay with them until a slot is
 * needed and none is free, in which case the least recently used inactive
 * VM loses its slot.
 *
 * A page-table update of a VM that holds a slot locks the affected region
 * (AS_LOCKADDR, LOCK), updates the tables, then flushes the caches and
 * unlocks (FLUSH_MEM). An AS command that does not complete within
 * %TYR_MMU_AS_TIMEOUT_US gets the GPU reset instead of a hang.
 *
 * VM_BIND executes MAP, UNMAP and SYNC_ONLY operations, synchronously or,
 * with DRM_PANTHOR_VM_BIND_ASYNC, as jobs of a per-VM drm_sched queue that
 * wait for and signal syncobjs. Everything an operation needs (GEM pages,
 * page-table pages for the worst case, drm_gpuva objects) is allocated
 * when the operation is submitted, so that executing it does not allocate
 * memory. A MAP over existing mappings replaces them, as drm_gpuvm splits
 * or removes them; an UNMAP of a range without mappings does nothing.
 *
 * A GPU fault in a VM (MMU interrupt) is logged, the VM is marked unusable
 * (VM_GET_STATE reports it), its slot is disabled and taken from it, and it
 * never gets one again.
 */

#include <linux/bitfield.h>
#include <linux/debugfs.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/iopoll.h>
#include <linux/pm_runtime.h>
#include <linux/sizes.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include <kunit/static_stub.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_managed.h>
#include <drm/drm_print.h>
#include <drm/drm_syncobj.h>
#include <drm/panthor_drm.h>

#include "tyr_device.h"
#include "tyr_drv.h"
#include "tyr_gem.h"
#include "tyr_heap.h"
#include "tyr_irq.h"
#include "tyr_mmu.h"
#include "tyr_pm.h"
#include "tyr_regs.h"

#define TYR_VM_MAP_FLAGS	(DRM_PANTHOR_VM_BIND_OP_MAP_READONLY | \
				 DRM_PANTHOR_VM_BIND_OP_MAP_NOEXEC | \
				 DRM_PANTHOR_VM_BIND_OP_MAP_UNCACHED)

/* VMs a file may have at once. */
#define TYR_VM_POOL_MAX		64

/* A mapping: a drm_gpuva with the flags it was mapped with. */
struct tyr_vma {
	struct drm_gpuva base;
	u32 flags;
	/* Object reference kept until the operation is cleaned up. */
	struct drm_gem_object *obj;
	struct list_head dead;
};

/* One VM_BIND operation, prepared, then executed, then cleaned up. */
struct tyr_vm_op {
	struct tyr_vm *vm;
	u32 type;
	u32 flags;
	u64 va;
	u64 size;
	struct tyr_gem_object *bo;
	u64 bo_offset;
	struct sg_table *sgt;
	struct drm_gpuvm_bo *vm_bo;
	struct tyr_vma *vmas[3];
	struct list_head pt_pages;
	struct list_head dead;
	/* The page tables could not be brought in line with the VM. */
	bool failed;
};

static struct tyr_vma *to_tyr_vma(struct drm_gpuva *va)
{
	return container_of(va, struct tyr_vma, base);
}

/*
 * AS_MEMATTR holds one byte per attribute index of the page tables' MAIR:
 * [1:0] allocation hints, [3:2] allocation policy (3: explicit), [5:4]
 * shareability, [7:6] memory type (1: non-cacheable, 2: write-back).
 */
#define TYR_MEMATTR_ALLOC_R		BIT(1)
#define TYR_MEMATTR_ALLOC_W		BIT(0)
#define TYR_MEMATTR_ALLOC_EXPLICIT	FIELD_PREP_CONST(GENMASK(3, 2), 3)
#define TYR_MEMATTR_SH_GPU_INNER	FIELD_PREP_CONST(GENMASK(5, 4), 0)
#define TYR_MEMATTR_SH_CPU_INNER	FIELD_PREP_CONST(GENMASK(5, 4), 1)
#define TYR_MEMATTR_NON_CACHEABLE	FIELD_PREP_CONST(GENMASK(7, 6), 1)
#define TYR_MEMATTR_WRITE_BACK		FIELD_PREP_CONST(GENMASK(7, 6), 2)

static u8 tyr_mmu_memattr_of(u8 mair_attr, bool coherent)
{
	u8 outer = mair_attr >> 4, inner = mair_attr & 0xf;
	bool write_back = (outer & 0x4) && (outer & 0x3) && (inner & 0x4);
	u8 attr = TYR_MEMATTR_ALLOC_EXPLICIT;

	/* Device and non-write-back memory are just non-cacheable. */
	if (!write_back)
		return attr | TYR_MEMATTR_NON_CACHEABLE | TYR_MEMATTR_SH_GPU_INNER;

	if (inner & 0x2)
		attr |= TYR_MEMATTR_ALLOC_R;
	if (inner & 0x1)
		attr |= TYR_MEMATTR_ALLOC_W;

	/*
	 * Without coherency, write-back memory may only be shared inside the
	 * GPU; with it, inner-shareable means the CPU's inner domain.
	 */
	return attr | TYR_MEMATTR_WRITE_BACK |
	       (coherent ? TYR_MEMATTR_SH_CPU_INNER : TYR_MEMATTR_SH_GPU_INNER);
}

static u64 tyr_mmu_memattr(u64 mair, bool coherent)
{
	u64 memattr = 0;
	unsigned int i;

	for (i = 0; i < 8; i++)
		memattr |= (u64)tyr_mmu_memattr_of(mair >> (8 * i), coherent) <<
			   (8 * i);

	return memattr;
}

static bool tyr_as_ready(struct tyr_device *tdev, int as)
{
	return !(tyr_read(tdev, TYR_AS_STATUS(as)) & TYR_AS_STATUS_ACTIVE);
}

/* Wait for the AS to finish its command; a GPU that never does is reset. */
static int tyr_as_wait(struct tyr_device *tdev, int as)
{
	bool ready;
	int ret;

	ret = read_poll_timeout(tyr_as_ready, ready, ready, 10,
				TYR_MMU_AS_TIMEOUT_US, false, tdev, as);
	if (ret) {
		drm_err(&tdev->base, "AS%d stuck in a command, resetting the GPU\n",
			as);
		tyr_device_schedule_reset(tdev);
	}

	return ret;
}

static int tyr_as_command(struct tyr_device *tdev, int as, u32 cmd)
{
	int ret;

	ret = tyr_as_wait(tdev, as);
	if (ret)
		return ret;

	tyr_write(tdev, TYR_AS_COMMAND(as), cmd);
	return tyr_as_wait(tdev, as);
}

/* The smallest naturally aligned power-of-two region covering a range. */
static u64 tyr_as_lock_region(u64 start, u64 size)
{
	u64 end = start + size - 1;
	u32 width = 48;

	if (size && size < BIT_ULL(48) && end > start)
		width = max(fls64(start ^ end), 15);
	else if (size && size < BIT_ULL(48))
		width = 15;

	return (start & ~(BIT_ULL(width) - 1)) |
	       FIELD_PREP(TYR_AS_LOCKADDR_SIZE, width - 1);
}

static int tyr_as_program(struct tyr_device *tdev, int as, u64 transtab,
			  u64 memattr, u64 transcfg)
{
	int ret;

	ret = tyr_as_wait(tdev, as);
	if (ret)
		return ret;

	tyr_write64(tdev, TYR_AS_TRANSTAB(as), transtab);
	tyr_write64(tdev, TYR_AS_MEMATTR(as), memattr);
	tyr_write64(tdev, TYR_AS_TRANSCFG(as), transcfg);
	return tyr_as_command(tdev, as, TYR_AS_CMD_UPDATE);
}

static int tyr_as_enable(struct tyr_device *tdev, int as, struct tyr_vm *vm)
{
	u64 transcfg;

	transcfg = FIELD_PREP(TYR_AS_TRANSCFG_ADRMODE, TYR_AS_ADRMODE_AARCH64_4K) |
		   FIELD_PREP(TYR_AS_TRANSCFG_INA_BITS, 55 - tdev->mmu.va_bits) |
		   TYR_AS_TRANSCFG_PTW_MEMATTR_WB | TYR_AS_TRANSCFG_PTW_RA;

	return tyr_as_program(tdev, as, vm->pgtbl_cfg.arm_lpae_s1_cfg.ttbr,
			      tdev->mmu.memattr, transcfg);
}

static int tyr_as_disable(struct tyr_device *tdev, int as)
{
	int ret;

	/* Let accesses in flight finish and write their data back first. */
	ret = tyr_as_wait(tdev, as);
	if (ret)
		return ret;
	tyr_write64(tdev, TYR_AS_LOCKADDR(as), tyr_as_lock_region(0, 0));
	ret = tyr_as_command(tdev, as, TYR_AS_CMD_LOCK);
	if (!ret)
		ret = tyr_as_command(tdev, as, TYR_AS_CMD_FLUSH_MEM);
	if (ret)
		return ret;

	return tyr_as_program(tdev, as, 0, 0,
			      FIELD_PREP(TYR_AS_TRANSCFG_ADRMODE,
					 TYR_AS_ADRMODE_UNMAPPED));
}

/* Whether the slots' registers can be touched now (the GPU is powered). */
static bool tyr_mmu_hw_get(struct tyr_device *tdev)
{
	return !tdev->mmu.gone &&
	       pm_runtime_get_if_active(tdev->base.dev) > 0;
}

static void tyr_mmu_hw_put(struct tyr_device *tdev)
{
	pm_runtime_mark_last_busy(tdev->base.dev);
	pm_runtime_put_autosuspend(tdev->base.dev);
}

/* Take the slot from a VM. mmu->lock held. */
static void tyr_mmu_release_slot(struct tyr_device *tdev, struct tyr_vm *vm)
{
	int as = vm->as;

	if (as < 0)
		return;

	if (tyr_mmu_hw_get(tdev)) {
		tyr_as_disable(tdev, as);
		tyr_mmu_hw_put(tdev);
	}

	tdev->mmu.owner[as] = NULL;
	vm->as = -1;
	list_del_init(&vm->lru_node);
}

/**
 * tyr_vm_active() - Make a VM usable by the GPU
 * @vm: The VM.
 *
 * Gives the VM an address-space slot, taking one from the least recently used
 * inactive VM if none is free, and keeps it there until tyr_vm_idle(). Calls
 * nest. The caller holds a runtime-PM reference.
 *
 * Return: 0 on success; -EINVAL for an unusable VM; -ENODEV once the device
 * is removed; -EBUSY if every slot belongs to an active VM; -ETIMEDOUT if
 * the GPU did not take the slot.
 */
int tyr_vm_active(struct tyr_vm *vm)
{
	struct tyr_device *tdev = vm->tdev;
	struct tyr_mmu *mmu = &tdev->mmu;
	struct tyr_vm *victim;
	unsigned long free;
	int as, ret = 0;

	mutex_lock(&mmu->lock);
	if (vm->unusable || mmu->gone) {
		ret = mmu->gone ? -ENODEV : -EINVAL;
		goto out;
	}

	if (vm->as >= 0) {
		if (!vm->active++)
			list_del_init(&vm->lru_node);
		goto out;
	}

	if (vm->for_mcu) {
		as = TYR_MMU_AS_MCU;
		if (WARN_ON(mmu->owner[as])) {
			ret = -EBUSY;
			goto out;
		}
	} else {
		free = mmu->user_slots;
		for (as = 0; as < TYR_AS_MAX; as++) {
			if (mmu->owner[as])
				__clear_bit(as, &free);
		}
		as = find_first_bit(&free, TYR_AS_MAX);
		if (as >= TYR_AS_MAX) {
			victim = list_first_entry_or_null(&mmu->lru,
							  struct tyr_vm,
							  lru_node);
			if (!victim) {
				ret = -EBUSY;
				goto out;
			}
			as = victim->as;
			tyr_mmu_release_slot(tdev, victim);
			mmu->evictions++;
		}
	}

	ret = tyr_as_enable(tdev, as, vm);
	if (ret)
		goto out;

	mmu->owner[as] = vm;
	vm->as = as;
	vm->active = 1;

out:
	mutex_unlock(&mmu->lock);
	return ret;
}

/**
 * tyr_vm_idle() - End a tyr_vm_active()
 * @vm: The VM.
 *
 * Once no user is left, the VM keeps its slot until another VM needs it.
 */
void tyr_vm_idle(struct tyr_vm *vm)
{
	struct tyr_mmu *mmu = &vm->tdev->mmu;

	mutex_lock(&mmu->lock);
	/* A VM lost while active (a fault, a failed update) has no slot. */
	if (!WARN_ON(!vm->active) && !--vm->active && vm->as >= 0)
		list_add_tail(&vm->lru_node, &mmu->lru);
	mutex_unlock(&mmu->lock);
}

/**
 * tyr_vm_as() - The slot a VM holds
 * @vm: The VM.
 *
 * Return: The AS number, or -1.
 */
int tyr_vm_as(struct tyr_vm *vm)
{
	int as;

	mutex_lock(&vm->tdev->mmu.lock);
	as = vm->as;
	mutex_unlock(&vm->tdev->mmu.lock);

	return as;
}

/**
 * tyr_mmu_restore() - Program the slots again after a reset or power-up
 * @tdev: The device, powered.
 */
void tyr_mmu_restore(struct tyr_device *tdev)
{
	struct tyr_mmu *mmu = &tdev->mmu;
	int as;

	mutex_lock(&mmu->lock);
	for (as = 0; as < TYR_AS_MAX; as++) {
		if (mmu->owner[as])
			tyr_as_enable(tdev, as, mmu->owner[as]);
	}
	mutex_unlock(&mmu->lock);
}

/**
 * tyr_mmu_fini() - Take every slot back, for good
 * @tdev: The device, being removed, with nothing running on the GPU.
 *
 * The slots are disabled if the GPU is powered. VMs of open files live on
 * without one: their page tables are still updated and freed, with no
 * register touched.
 */
void tyr_mmu_fini(struct tyr_device *tdev)
{
	struct tyr_mmu *mmu = &tdev->mmu;
	int as;

	mutex_lock(&mmu->lock);
	for (as = 0; as < TYR_AS_MAX; as++) {
		if (mmu->owner[as])
			tyr_mmu_release_slot(tdev, mmu->owner[as]);
	}
	mmu->gone = true;
	mutex_unlock(&mmu->lock);
}

static const char *tyr_mmu_exception_name(u32 exception)
{
	switch (exception & 0xf8) {
	case 0xc0:
		return "translation fault";
	case 0xc8:
		return "permission fault";
	case 0xd8:
		return "access flag fault";
	case 0xe0:
		return "address size fault";
	case 0xe8:
		return "memory attributes fault";
	default:
		return "unknown fault";
	}
}

static const char *const tyr_mmu_access_names[] = {
	[TYR_AS_ACCESS_ATOMIC] = "atomic",
	[TYR_AS_ACCESS_EXECUTE] = "execute",
	[TYR_AS_ACCESS_READ] = "read",
	[TYR_AS_ACCESS_WRITE] = "write",
};

static void tyr_mmu_fault(struct tyr_device *tdev, int as, bool bus_error)
{
	struct tyr_mmu *mmu = &tdev->mmu;
	u32 status = tyr_read(tdev, TYR_AS_FAULTSTATUS(as));
	u64 addr = tyr_read64(tdev, TYR_AS_FAULTADDRESS(as));
	u32 exception = FIELD_GET(TYR_AS_FAULT_EXCEPTION, status);
	struct tyr_vm *vm;

	drm_err_ratelimited(&tdev->base,
			    "GPU %s in AS%d: %s, level %u, on %s of 0x%016llx (source 0x%04lx, status 0x%08x)\n",
			    bus_error ? "bus error" : "page fault", as,
			    tyr_mmu_exception_name(exception),
			    exception & 0x7,
			    tyr_mmu_access_names[FIELD_GET(TYR_AS_FAULT_ACCESS, status)],
			    addr, FIELD_GET(TYR_AS_FAULT_SOURCE, status), status);

	mutex_lock(&mmu->lock);
	vm = mmu->owner[as];
	if (vm && vm->for_mcu) {
		/* The firmware went astray: only a reset brings it back. */
		tyr_mcu_fault(tdev);
	} else if (vm) {
		vm->unusable = true;
		tyr_sched_vm_fault(tdev, vm);
		tyr_mmu_release_slot(tdev, vm);
	} else {
		tyr_as_disable(tdev, as);
	}
	mutex_unlock(&mmu->lock);
}

static void tyr_mmu_irq_handler(struct tyr_device *tdev, u32 events)
{
	int as;

	for (as = 0; as < TYR_AS_MAX; as++) {
		if (events & (TYR_MMU_IRQ_FAULT(as) | TYR_MMU_IRQ_BUS_ERROR(as)))
			tyr_mmu_fault(tdev, as,
				      events & TYR_MMU_IRQ_BUS_ERROR(as));
	}
}

static const struct iommu_flush_ops tyr_mmu_tlb_ops = {
	/* The slots are locked and flushed around every update instead. */
};

/**
 * tyr_mmu_init() - Set up the address-space slots and the MMU interrupt
 * @tdev: The device, with its GPU identity read.
 *
 * Return: 0 or a negative errno.
 */
int tyr_mmu_init(struct tyr_device *tdev)
{
	struct drm_panthor_gpu_info *info = &tdev->gpu_info;
	struct tyr_mmu *mmu = &tdev->mmu;
	struct io_pgtable_cfg cfg = { .pgsize_bitmap = SZ_4K | SZ_2M };
	u32 present = info->as_present & GENMASK(TYR_AS_MAX - 1, 0);
	u32 events = 0;
	int as, ret;

	ret = drmm_mutex_init(&tdev->base, &mmu->lock);
	if (ret)
		return ret;
	ret = drmm_mutex_init(&tdev->base, &mmu->vms_lock);
	if (ret)
		return ret;
	INIT_LIST_HEAD(&mmu->lru);
	INIT_LIST_HEAD(&mmu->vms);

	if (!(present & BIT(TYR_MMU_AS_MCU)) || hweight32(present) < 2)
		return -ENODEV;
	mmu->user_slots = present & ~BIT(TYR_MMU_AS_MCU);
	mmu->va_bits = FIELD_GET(TYR_MMU_FEATURES_VA_BITS, info->mmu_features);
	if (mmu->va_bits > 48 || mmu->va_bits < 32)
		return -ENODEV;

	ret = dma_set_mask_and_coherent(tdev->base.dev,
					DMA_BIT_MASK(FIELD_GET(TYR_MMU_FEATURES_PA_BITS,
							       info->mmu_features)));
	if (ret)
		return ret;

	/* MAIR of the page-table format, for AS_MEMATTR. */
	cfg.ias = mmu->va_bits;
	cfg.oas = FIELD_GET(TYR_MMU_FEATURES_PA_BITS, info->mmu_features);
	cfg.coherent_walk = dev_is_dma_coherent(tdev->base.dev);
	cfg.tlb = &tyr_mmu_tlb_ops;
	cfg.iommu_dev = tdev->base.dev;
	{
		struct io_pgtable_ops *ops = alloc_io_pgtable_ops(ARM_64_LPAE_S1,
								  &cfg, NULL);

		if (!ops)
			return -ENOMEM;
		mmu->memattr = tyr_mmu_memattr(cfg.arm_lpae_s1_cfg.mair,
					       cfg.coherent_walk);
		free_io_pgtable_ops(ops);
	}

	for (as = 0; as < TYR_AS_MAX; as++) {
		if (present & BIT(as))
			events |= TYR_MMU_IRQ_FAULT(as) | TYR_MMU_IRQ_BUS_ERROR(as);
	}

	return tyr_irq_setup(tdev, TYR_IRQ_MMU, events, tyr_mmu_irq_handler);
}

/* Page-table pages: from the operation's reserve while one runs. */
static void *tyr_vm_pt_alloc(void *cookie, size_t size, gfp_t gfp)
{
	struct tyr_vm *vm = cookie;
	struct page *page;

	if (WARN_ON(size != SZ_4K))
		return NULL;

	if (vm->pt_reserve) {
		page = list_first_entry_or_null(vm->pt_reserve, struct page,
						lru);
		if (WARN_ON(!page))
			return NULL;
		list_del(&page->lru);
		return page_address(page);
	}

	page = alloc_page(gfp | __GFP_ZERO);
	return page ? page_address(page) : NULL;
}

static void tyr_vm_pt_free(void *cookie, void *pages, size_t size)
{
	free_page((unsigned long)pages);
}

/* The page-table pages a MAP of [va, va + size) may need at most. */
static unsigned int tyr_vm_pt_estimate(u64 va, u64 size)
{
	static const unsigned int shifts[] = { 39, 30, 21 };
	unsigned int i, count = 2; /* two 2 MiB blocks split at the edges */

	for (i = 0; i < ARRAY_SIZE(shifts); i++)
		count += (ALIGN(va + size, BIT_ULL(shifts[i])) -
			  ALIGN_DOWN(va, BIT_ULL(shifts[i]))) >> shifts[i];

	return count;
}

static int tyr_vm_pt_reserve(struct list_head *pages, unsigned int count)
{
	struct page *page;

	while (count--) {
		page = alloc_page(GFP_KERNEL | __GFP_ZERO);
		if (!page)
			return -ENOMEM;
		list_add(&page->lru, pages);
	}

	return 0;
}

static void tyr_vm_pt_unreserve(struct list_head *pages)
{
	struct page *page, *tmp;

	list_for_each_entry_safe(page, tmp, pages, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
}

static int tyr_vm_prot(u32 flags)
{
	int prot = IOMMU_READ;

	if (!(flags & DRM_PANTHOR_VM_BIND_OP_MAP_READONLY))
		prot |= IOMMU_WRITE;
	if (flags & DRM_PANTHOR_VM_BIND_OP_MAP_NOEXEC)
		prot |= IOMMU_NOEXEC;
	if (!(flags & DRM_PANTHOR_VM_BIND_OP_MAP_UNCACHED))
		prot |= IOMMU_CACHE;

	return prot;
}

/* Biggest pages first: 2 MiB blocks where both addresses allow them. */
static size_t tyr_vm_chunk(u64 iova, u64 paddr, u64 len, size_t *pgsize)
{
	if (IS_ALIGNED(iova | paddr, SZ_2M) && len >= SZ_2M) {
		*pgsize = SZ_2M;
		return len / SZ_2M;
	}

	*pgsize = SZ_4K;
	return min_t(u64, len, ALIGN(iova + 1, SZ_2M) - iova) / SZ_4K;
}

/**
 * tyr_vm_map_chunk() - Map pages of one size with io-pgtable
 * @vm: The VM.
 * @iova: GPU virtual address, aligned to @pgsize.
 * @paddr: DMA address, aligned to @pgsize.
 * @pgsize: SZ_4K or SZ_2M.
 * @pgcount: How many.
 * @prot: IOMMU_* flags.
 * @mapped: Incremented by the size mapped.
 *
 * The one place the VM's page tables get entries (tests stub it).
 *
 * Return: 0 or a negative errno.
 */
int tyr_vm_map_chunk(struct tyr_vm *vm, u64 iova, u64 paddr, size_t pgsize,
		     size_t pgcount, int prot, size_t *mapped)
{
	struct io_pgtable_ops *ops = vm->pgtbl;

	KUNIT_STATIC_STUB_REDIRECT(tyr_vm_map_chunk, vm, iova, paddr, pgsize,
				   pgcount, prot, mapped);
	return ops->map_pages(ops, iova, paddr, pgsize, pgcount, prot,
			      GFP_KERNEL, mapped);
}

/**
 * tyr_vm_unmap_chunk() - Unmap pages of one size with io-pgtable
 * @vm: The VM.
 * @iova: GPU virtual address, aligned to @pgsize.
 * @pgsize: SZ_4K or SZ_2M; a 2 MiB unmap also removes a table of 4 KiB
 *	    pages there.
 * @pgcount: How many.
 *
 * The one place the VM's page tables lose entries (tests stub it).
 *
 * Return: The size unmapped: less than asked if the page tables do not hold
 * what the VM says is mapped there, or if the range ends inside a 2 MiB
 * block (which io-pgtable does not split after Linux 6.12).
 */
size_t tyr_vm_unmap_chunk(struct tyr_vm *vm, u64 iova, size_t pgsize,
			  size_t pgcount)
{
	struct io_pgtable_ops *ops = vm->pgtbl;

	KUNIT_STATIC_STUB_REDIRECT(tyr_vm_unmap_chunk, vm, iova, pgsize,
				   pgcount);
	return ops->unmap_pages(ops, iova, pgsize, pgcount, NULL);
}

/*
 * Unmap [iova, iova + size), which covers whole mappings, or whole 2 MiB
 * blocks of them (see tyr_vm_step_remap()).
 */
static int tyr_vm_unmap_pages(struct tyr_vm *vm, u64 iova, u64 size)
{
	size_t pgsize, pgcount, done;

	while (size) {
		pgcount = tyr_vm_chunk(iova, 0, size, &pgsize);
		done = tyr_vm_unmap_chunk(vm, iova, pgsize, pgcount);
		if (done != pgsize * pgcount) {
			drm_err(&vm->tdev->base,
				"page tables out of step: unmapped 0x%zx of 0x%zx bytes at 0x%llx\n",
				done, pgsize * pgcount, iova);
			return -EIO;
		}
		iova += done;
		size -= done;
	}

	return 0;
}

static int tyr_vm_map_pages(struct tyr_vm *vm, u64 iova, int prot,
			    struct sg_table *sgt, u64 offset, u64 size)
{
	u64 start = iova, left = size;
	struct scatterlist *sg;
	unsigned int i;
	int ret;

	for_each_sgtable_dma_sg(sgt, sg, i) {
		dma_addr_t paddr = sg_dma_address(sg);
		u64 len = sg_dma_len(sg);

		if (offset >= len) {
			offset -= len;
			continue;
		}
		paddr += offset;
		len = min(len - offset, left);
		offset = 0;

		while (len) {
			size_t pgsize, pgcount, mapped = 0;

			pgcount = tyr_vm_chunk(iova, paddr, len, &pgsize);
			ret = tyr_vm_map_chunk(vm, iova, paddr, pgsize, pgcount,
					       prot, &mapped);
			iova += mapped;
			paddr += mapped;
			len -= mapped;
			left -= mapped;
			if (!ret && !mapped)
				ret = -ENOMEM;
			if (ret)
				goto err_unmap;
		}

		if (!left)
			return 0;
	}

	ret = -EINVAL;
err_unmap:
	tyr_vm_unmap_pages(vm, start, iova - start);
	return ret;
}

static struct tyr_vma *tyr_vm_op_take_vma(struct tyr_vm_op *op)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(op->vmas); i++) {
		struct tyr_vma *vma = op->vmas[i];

		if (vma) {
			op->vmas[i] = NULL;
			return vma;
		}
	}

	return NULL;
}

static void tyr_vma_link(struct tyr_vma *vma, struct drm_gpuvm_bo *vm_bo)
{
	struct tyr_gem_object *bo = to_tyr_bo(vm_bo->obj);

	mutex_lock(&bo->gpuva_lock);
	drm_gpuva_link(&vma->base, vm_bo);
	mutex_unlock(&bo->gpuva_lock);
}

/*
 * Unlinking may drop the last reference to the vm_bo, and with it the
 * object's: keep the object until the operation is cleaned up, so that it
 * is never freed while its lock is held or while the operation runs.
 */
static void tyr_vma_unlink(struct tyr_vm_op *op, struct tyr_vma *vma)
{
	struct drm_gem_object *obj = vma->base.gem.obj;
	struct tyr_gem_object *bo = to_tyr_bo(obj);

	drm_gem_object_get(obj);
	vma->obj = obj;
	mutex_lock(&bo->gpuva_lock);
	drm_gpuva_unlink(&vma->base);
	mutex_unlock(&bo->gpuva_lock);
	list_add_tail(&vma->dead, &op->dead);
}

static int tyr_vm_step_map(struct drm_gpuva_op *gop, void *priv)
{
	struct tyr_vm_op *op = priv;
	struct tyr_vm *vm = op->vm;
	struct tyr_vma *vma;
	int ret;

	vma = tyr_vm_op_take_vma(op);
	if (WARN_ON(!vma))
		return -EINVAL;

	ret = tyr_vm_map_pages(vm, gop->map.va.addr, tyr_vm_prot(op->flags),
			       op->sgt, gop->map.gem.offset, gop->map.va.range);
	if (ret) {
		kfree(vma);
		return ret;
	}

	vma->flags = op->flags;
	drm_gpuva_map(&vm->base, &vma->base, &gop->map);
	tyr_vma_link(vma, op->vm_bo);
	return 0;
}

/*
 * Unmap [start, end) of @orig, which stays mapped around it. A 2 MiB block
 * that the range cuts is not split by io-pgtable (not after Linux 6.12):
 * the whole block goes, and what stays of it is mapped again, in 4 KiB
 * pages. The caller locked the 2 MiB-aligned region around the operation,
 * and reserved a page-table page for each of the two edges.
 */
static int tyr_vm_unmap_part(struct tyr_vm *vm, struct tyr_vma *orig,
			     u64 start, u64 end)
{
	u64 va = orig->base.va.addr, va_end = va + orig->base.va.range;
	struct tyr_gem_object *bo = to_tyr_bo(orig->base.gem.obj);
	u64 offset = orig->base.gem.offset;
	int prot = tyr_vm_prot(orig->flags);
	u64 from = start, to = end;
	int ret;

	/* Where a block may hold the edge, the block is the unit. */
	if (!IS_ALIGNED(start, SZ_2M) && ALIGN_DOWN(start, SZ_2M) >= va &&
	    ALIGN(start, SZ_2M) <= va_end)
		from = ALIGN_DOWN(start, SZ_2M);
	if (!IS_ALIGNED(end, SZ_2M) && ALIGN_DOWN(end, SZ_2M) >= va &&
	    ALIGN(end, SZ_2M) <= va_end)
		to = ALIGN(end, SZ_2M);

	ret = tyr_vm_unmap_pages(vm, from, to - from);
	if (ret)
		return ret;

	/* Less than 2 MiB on either side: mapped again in pages. */
	if (from < start) {
		ret = tyr_vm_map_pages(vm, from, prot, bo->base.sgt,
				       offset + from - va, start - from);
		if (ret)
			return ret;
	}
	if (end < to)
		ret = tyr_vm_map_pages(vm, end, prot, bo->base.sgt,
				       offset + end - va, to - end);
	return ret;
}

static int tyr_vm_step_remap(struct drm_gpuva_op *gop, void *priv)
{
	struct tyr_vm_op *op = priv;
	struct tyr_vma *orig = to_tyr_vma(gop->remap.unmap->va);
	struct drm_gpuvm_bo *vm_bo = orig->base.vm_bo;
	struct tyr_vma *prev = NULL, *next = NULL;
	u64 start, range;

	if (gop->remap.prev)
		prev = tyr_vm_op_take_vma(op);
	if (gop->remap.next)
		next = tyr_vm_op_take_vma(op);
	if (WARN_ON((gop->remap.prev && !prev) || (gop->remap.next && !next)))
		return -EINVAL;

	/*
	 * On failure, the VM goes on as asked, so that nothing stays linked
	 * to it, and the GPU loses it (see tyr_vm_op_exec()).
	 */
	drm_gpuva_op_remap_to_unmap_range(&gop->remap, &start, &range);
	if (tyr_vm_unmap_part(op->vm, orig, start, start + range))
		op->failed = true;

	drm_gpuva_remap(prev ? &prev->base : NULL, next ? &next->base : NULL,
			&gop->remap);
	if (prev) {
		prev->flags = orig->flags;
		tyr_vma_link(prev, vm_bo);
	}
	if (next) {
		next->flags = orig->flags;
		tyr_vma_link(next, vm_bo);
	}
	tyr_vma_unlink(op, orig);
	return 0;
}

static int tyr_vm_step_unmap(struct drm_gpuva_op *gop, void *priv)
{
	struct tyr_vm_op *op = priv;
	struct tyr_vma *vma = to_tyr_vma(gop->unmap.va);

	if (tyr_vm_unmap_pages(op->vm, vma->base.va.addr, vma->base.va.range))
		op->failed = true;
	drm_gpuva_unmap(&gop->unmap);
	tyr_vma_unlink(op, vma);
	return 0;
}

static void tyr_vm_release(struct tyr_vm *vm)
{
	struct tyr_mmu *mmu = &vm->tdev->mmu;

	mutex_lock(&mmu->vms_lock);
	list_del(&vm->node);
	mutex_unlock(&mmu->vms_lock);

	/* Nothing uses the VM any more: the slot it kept goes back. */
	mutex_lock(&mmu->lock);
	WARN_ON(vm->active);
	tyr_mmu_release_slot(vm->tdev, vm);
	mutex_unlock(&mmu->lock);

	if (vm->has_queue)
		drm_sched_fini(&vm->sched);
	free_io_pgtable_ops(vm->pgtbl);
	drm_mm_takedown(&vm->kva);
	WARN_ON(vm->heaps);
	mutex_destroy(&vm->heap_lock);
	mutex_destroy(&vm->kva_lock);
	mutex_destroy(&vm->bind_lock);
	mutex_destroy(&vm->op_lock);
	kfree(vm);
}

static void tyr_vm_release_work(struct work_struct *work)
{
	struct tyr_vm *vm = container_of(work, struct tyr_vm, release_work);
	struct drm_device *ddev = &vm->tdev->base;

	tyr_vm_release(vm);
	drm_dev_put(ddev);
}

static void tyr_vm_free(struct drm_gpuvm *gpuvm)
{
	struct tyr_vm *vm = to_tyr_vm(gpuvm);

	/*
	 * Bind jobs hold references to their VM, so the last one may go in
	 * the bind queue's free_job work, where the queue's scheduler cannot
	 * be torn down (drm_sched_fini() waits for that very work). A VM
	 * with a queue is released from the driver's cleanup workqueue; it
	 * holds a reference to the DRM device until then.
	 */
	if (vm->has_queue)
		queue_work(tyr_cleanup_wq, &vm->release_work);
	else
		tyr_vm_release(vm);
}

static const struct drm_gpuvm_ops tyr_gpuvm_ops = {
	.vm_free = tyr_vm_free,
	.sm_step_map = tyr_vm_step_map,
	.sm_step_remap = tyr_vm_step_remap,
	.sm_step_unmap = tyr_vm_step_unmap,
};

static void tyr_vm_op_cleanup(struct tyr_vm_op *op)
{
	struct tyr_vma *vma, *tmp;
	unsigned int i;

	list_for_each_entry_safe(vma, tmp, &op->dead, dead) {
		drm_gem_object_put(vma->obj);
		kfree(vma);
	}
	INIT_LIST_HEAD(&op->dead);

	for (i = 0; i < ARRAY_SIZE(op->vmas); i++) {
		kfree(op->vmas[i]);
		op->vmas[i] = NULL;
	}

	tyr_vm_pt_unreserve(&op->pt_pages);

	if (op->vm_bo) {
		struct tyr_gem_object *bo = to_tyr_bo(op->vm_bo->obj);

		mutex_lock(&bo->gpuva_lock);
		drm_gpuvm_bo_put(op->vm_bo);
		mutex_unlock(&bo->gpuva_lock);
		op->vm_bo = NULL;
	}

	if (op->bo) {
		drm_gem_object_put(&op->bo->base.base);
		op->bo = NULL;
	}
}

/*
 * Check an operation and allocate all it needs; the VM's lock is not taken,
 * nothing changes in the VM. On failure, tyr_vm_op_cleanup() undoes it.
 */
static int tyr_vm_op_prepare(struct tyr_vm_op *op, struct tyr_vm *vm,
			     u32 type, u32 flags, struct tyr_gem_object *bo,
			     u64 bo_offset, u64 va, u64 size)
{
	unsigned int i, vmas = 0;
	u64 end;
	int ret;

	op->vm = vm;
	op->type = type;
	op->flags = flags;
	op->va = va;
	op->size = size;
	op->bo_offset = bo_offset;
	INIT_LIST_HEAD(&op->pt_pages);
	INIT_LIST_HEAD(&op->dead);

	if (type == DRM_PANTHOR_VM_BIND_OP_TYPE_SYNC_ONLY)
		return 0;

	if (!size || !PAGE_ALIGNED(va) || !PAGE_ALIGNED(size) ||
	    check_add_overflow(va, size, &end) ||
	    end > BIT_ULL(vm->tdev->mmu.va_bits))
		return -EINVAL;

	if (type == DRM_PANTHOR_VM_BIND_OP_TYPE_MAP) {
		struct drm_gem_object *obj = &bo->base.base;
		u64 bo_end;

		op->bo = bo;
		drm_gem_object_get(obj);

		if (!PAGE_ALIGNED(bo_offset) ||
		    check_add_overflow(bo_offset, size, &bo_end) ||
		    bo_end > obj->size)
			return -EINVAL;

		/* An exclusive object only goes into the VM it belongs to. */
		if (bo->exclusive_vm_resv &&
		    bo->exclusive_vm_resv != vm->base.r_obj)
			return -EINVAL;

		op->sgt = drm_gem_shmem_get_pages_sgt(&bo->base);
		if (IS_ERR(op->sgt))
			return PTR_ERR(op->sgt);

		op->vm_bo = drm_gpuvm_bo_create(&vm->base, obj);
		if (!op->vm_bo)
			return -ENOMEM;

		/* The new mapping, and what is left of two it cuts. */
		vmas = 3;
	} else {
		/* What is left of two mappings the range cuts. */
		vmas = 2;
	}

	for (i = 0; i < vmas; i++) {
		op->vmas[i] = kzalloc(sizeof(*op->vmas[i]), GFP_KERNEL);
		if (!op->vmas[i])
			return -ENOMEM;
	}

	/* Unmapping only allocates tables to split the blocks at its edges. */
	ret = tyr_vm_pt_reserve(&op->pt_pages,
				type == DRM_PANTHOR_VM_BIND_OP_TYPE_MAP ?
				tyr_vm_pt_estimate(va, size) : 2);
	return ret;
}

/* Lock the region in the VM's slot, if it has one and the GPU is on. */
static bool tyr_vm_lock_region(struct tyr_vm *vm, u64 va, u64 size)
{
	struct tyr_device *tdev = vm->tdev;

	if (vm->as < 0 || !tyr_mmu_hw_get(tdev))
		return false;

	if (!tyr_as_wait(tdev, vm->as)) {
		tyr_write64(tdev, TYR_AS_LOCKADDR(vm->as),
			    tyr_as_lock_region(va, size));
		tyr_as_command(tdev, vm->as, TYR_AS_CMD_LOCK);
	}
	return true;
}

static void tyr_vm_flush_region(struct tyr_vm *vm)
{
	struct tyr_device *tdev = vm->tdev;

	/* Write back and invalidate the caches, drop stale walks, unlock. */
	tyr_as_command(tdev, vm->as, TYR_AS_CMD_FLUSH_MEM);
	tyr_mmu_hw_put(tdev);
}

/*
 * The VM's page tables cannot be trusted: it is unusable from now on, and
 * loses its slot, so that the GPU reaches nothing through them, and the
 * groups that use it fail. The firmware's VM, which only maps kernel
 * objects, keeps its slot while the firmware runs. mmu->lock held.
 */
static void tyr_vm_lose(struct tyr_vm *vm)
{
	vm->unusable = true;
	if (!vm->for_mcu) {
		tyr_sched_vm_fault(vm->tdev, vm);
		tyr_mmu_release_slot(vm->tdev, vm);
	}
}

/* Apply a prepared operation. Allocates nothing. */
static int tyr_vm_op_exec(struct tyr_vm_op *op)
{
	struct tyr_vm *vm = op->vm;
	struct tyr_mmu *mmu = &vm->tdev->mmu;
	struct drm_gem_object *obj;
	struct tyr_gem_object *bo;
	bool locked;
	int ret = 0;
	u64 start;

	if (op->type == DRM_PANTHOR_VM_BIND_OP_TYPE_SYNC_ONLY)
		return 0;

	mutex_lock(&vm->op_lock);
	/* Nothing is mapped into a VM once VM_DESTROY has begun. */
	if (vm->destroyed && op->type == DRM_PANTHOR_VM_BIND_OP_TYPE_MAP) {
		mutex_unlock(&vm->op_lock);
		return -EINVAL;
	}
	vm->pt_reserve = &op->pt_pages;

	/*
	 * The slot must not change while its region is locked. The region
	 * covers the 2 MiB blocks the edges may cut (see tyr_vm_unmap_part()).
	 */
	mutex_lock(&mmu->lock);
	start = ALIGN_DOWN(op->va, SZ_2M);
	locked = tyr_vm_lock_region(vm, start,
				    ALIGN(op->va + op->size, SZ_2M) - start);

	if (op->type == DRM_PANTHOR_VM_BIND_OP_TYPE_MAP) {
		obj = &op->bo->base.base;
		bo = op->bo;
		mutex_lock(&bo->gpuva_lock);
		op->vm_bo = drm_gpuvm_bo_obtain_prealloc(op->vm_bo);
		mutex_unlock(&bo->gpuva_lock);

		ret = drm_gpuvm_sm_map(&vm->base, op, op->va, op->size, obj,
				       op->bo_offset);
	} else {
		ret = drm_gpuvm_sm_unmap(&vm->base, op, op->va, op->size);
	}
	if (!ret && op->failed)
		ret = -EIO;

	if (locked)
		tyr_vm_flush_region(vm);
	/*
	 * A half-done update leaves the VM in no state to be trusted: the GPU
	 * loses it before the pages it may still map are freed, when the
	 * operation is cleaned up.
	 */
	if (ret)
		tyr_vm_lose(vm);
	mutex_unlock(&mmu->lock);

	vm->pt_reserve = NULL;
	mutex_unlock(&vm->op_lock);
	return ret;
}

/**
 * tyr_vm_put() - Drop a reference to a VM
 * @vm: The VM, or NULL.
 */
void tyr_vm_put(struct tyr_vm *vm)
{
	if (vm)
		drm_gpuvm_put(&vm->base);
}

/* An asynchronous bind operation, on the VM's bind queue. */
struct tyr_vm_bind_job {
	struct drm_sched_job base;
	struct tyr_vm_op op;
	/* The operation's syncobj operations, and whether base is set up. */
	struct drm_panthor_sync_op *syncs;
	u32 sync_count;
	bool inited;
	/* Syncobjs to signal, with a fence chain for timeline points. */
	unsigned int signal_count;
	struct tyr_vm_bind_signal {
		struct drm_syncobj *syncobj;
		struct dma_fence_chain *chain;
		u64 point;
	} *signals;
};

static struct tyr_vm_bind_job *to_bind_job(struct drm_sched_job *job)
{
	return container_of(job, struct tyr_vm_bind_job, base);
}

static struct dma_fence *tyr_vm_bind_run_job(struct drm_sched_job *sched_job)
{
	struct tyr_vm_bind_job *job = to_bind_job(sched_job);
	int ret;

	ret = tyr_vm_op_exec(&job->op);
	return ret ? ERR_PTR(ret) : NULL;
}

static void tyr_vm_bind_job_free(struct tyr_vm_bind_job *job)
{
	unsigned int i;

	for (i = 0; i < job->signal_count; i++) {
		if (job->signals[i].syncobj)
			drm_syncobj_put(job->signals[i].syncobj);
		dma_fence_chain_free(job->signals[i].chain);
	}
	kfree(job->signals);
	kvfree(job->syncs);
	tyr_vm_op_cleanup(&job->op);
	if (job->op.vm)
		tyr_vm_put(job->op.vm);
	kfree(job);
}

static void tyr_vm_bind_free_job(struct drm_sched_job *sched_job)
{
	struct tyr_vm_bind_job *job = to_bind_job(sched_job);

	drm_sched_job_cleanup(sched_job);
	tyr_vm_bind_job_free(job);
}

static enum drm_gpu_sched_stat
tyr_vm_bind_timedout_job(struct drm_sched_job *sched_job)
{
	/* Binds run on the CPU, when their dependencies are met. */
	WARN_ON_ONCE(1);
	return DRM_GPU_SCHED_STAT_NOMINAL;
}

static const struct drm_sched_backend_ops tyr_vm_bind_ops = {
	.run_job = tyr_vm_bind_run_job,
	.free_job = tyr_vm_bind_free_job,
	.timedout_job = tyr_vm_bind_timedout_job,
};

/**
 * tyr_vm_create() - Create a VM
 * @tdev: The device.
 * @for_mcu: The firmware's VM (slot 0, no bind queue).
 * @user_va_range: Size of the range from 0 that VM_BIND may use; the rest,
 * up to the GPU's VA size, is left to kernel objects.
 *
 * Return: The VM, with one reference, or an ERR_PTR().
 */
struct tyr_vm *tyr_vm_create(struct tyr_device *tdev, bool for_mcu,
			     u64 user_va_range)
{
	struct drm_panthor_gpu_info *info = &tdev->gpu_info;
	u64 full = BIT_ULL(tdev->mmu.va_bits);
	struct drm_gem_object *r_obj;
	struct tyr_vm *vm;
	int ret;

	if (user_va_range > full)
		return ERR_PTR(-EINVAL);

	vm = kzalloc(sizeof(*vm), GFP_KERNEL);
	if (!vm)
		return ERR_PTR(-ENOMEM);

	vm->tdev = tdev;
	vm->for_mcu = for_mcu;
	vm->as = -1;
	INIT_LIST_HEAD(&vm->node);
	INIT_WORK(&vm->release_work, tyr_vm_release_work);
	vm->user_va_end = user_va_range;
	INIT_LIST_HEAD(&vm->lru_node);
	mutex_init(&vm->op_lock);
	mutex_init(&vm->bind_lock);
	mutex_init(&vm->kva_lock);
	mutex_init(&vm->heap_lock);
	/* The MCU is a 32-bit core: its kernel objects live below 4 GiB. */
	drm_mm_init(&vm->kva, user_va_range,
		    (for_mcu ? min_t(u64, full, SZ_4G) : full) - user_va_range);

	vm->pgtbl_cfg = (struct io_pgtable_cfg) {
		.pgsize_bitmap = SZ_4K | SZ_2M,
		.ias = tdev->mmu.va_bits,
		.oas = FIELD_GET(TYR_MMU_FEATURES_PA_BITS, info->mmu_features),
		.coherent_walk = dev_is_dma_coherent(tdev->base.dev),
		.tlb = &tyr_mmu_tlb_ops,
		.iommu_dev = tdev->base.dev,
		.alloc = tyr_vm_pt_alloc,
		.free = tyr_vm_pt_free,
	};
	vm->pgtbl = alloc_io_pgtable_ops(ARM_64_LPAE_S1, &vm->pgtbl_cfg, vm);
	if (!vm->pgtbl) {
		ret = -ENOMEM;
		goto err_free;
	}

	if (!for_mcu) {
		const struct drm_sched_init_args args = {
			.ops = &tyr_vm_bind_ops,
			.num_rqs = 1,
			.credit_limit = 1,
			.timeout = MAX_SCHEDULE_TIMEOUT,
			.name = "tyr-vm-bind",
			.dev = tdev->base.dev,
		};
		struct drm_gpu_scheduler *sched = &vm->sched;

		ret = drm_sched_init(&vm->sched, &args);
		if (ret)
			goto err_free_pgtbl;
		ret = drm_sched_entity_init(&vm->entity, DRM_SCHED_PRIORITY_KERNEL,
					    &sched, 1, NULL);
		if (ret) {
			drm_sched_fini(&vm->sched);
			goto err_free_pgtbl;
		}
		vm->has_queue = true;
	}

	r_obj = drm_gpuvm_resv_object_alloc(&tdev->base);
	if (!r_obj) {
		ret = -ENOMEM;
		goto err_free_queue;
	}

	/* From here on, the VM is freed by tyr_vm_free(). */
	drm_gpuvm_init(&vm->base, for_mcu ? "tyr-mcu-vm" : "tyr-vm", 0,
		       &tdev->base, r_obj, 0, full, 0, 0, &tyr_gpuvm_ops);
	drm_gem_object_put(r_obj);
	if (vm->has_queue)
		drm_dev_get(&tdev->base);

	mutex_lock(&tdev->mmu.vms_lock);
	list_add_tail(&vm->node, &tdev->mmu.vms);
	mutex_unlock(&tdev->mmu.vms_lock);
	return vm;

err_free_queue:
	if (vm->has_queue) {
		drm_sched_entity_destroy(&vm->entity);
		drm_sched_fini(&vm->sched);
	}
err_free_pgtbl:
	free_io_pgtable_ops(vm->pgtbl);
err_free:
	mutex_destroy(&vm->bind_lock);
	mutex_destroy(&vm->op_lock);
	kfree(vm);
	return ERR_PTR(ret);
}

/**
 * tyr_vm_destroy() - Tear a VM down and drop the caller's reference
 * @vm: The VM.
 *
 * Destroys its tiler heaps, waits for its queued binds and removes every
 * user mapping (which release the objects they hold). Groups that use the
 * VM keep it, and its slot, until they are gone: the kernel's objects they
 * have in its kernel range stay mapped, and their work faults if it uses
 * the memory userspace had mapped.
 */
void tyr_vm_destroy(struct tyr_vm *vm)
{
	struct tyr_vm_op op = { };

	/*
	 * A bind of another thread that still holds the VM finds it
	 * destroyed: it queues nothing on the entity that goes below, and
	 * maps nothing once the mappings are removed. Binds queued before
	 * run (their MAPs fail) while the entity drains.
	 */
	mutex_lock(&vm->bind_lock);
	mutex_lock(&vm->op_lock);
	vm->destroyed = true;
	mutex_unlock(&vm->op_lock);
	mutex_unlock(&vm->bind_lock);

	/* The heaps' chunks hold references to the VM. */
	tyr_heap_pool_destroy(vm);

	if (vm->has_queue)
		drm_sched_entity_destroy(&vm->entity);

	/*
	 * The firmware's VM goes with the firmware, which is stopped: its
	 * slot and every mapping (the sections) with it.
	 */
	if (vm->for_mcu) {
		mutex_lock(&vm->tdev->mmu.lock);
		tyr_mmu_release_slot(vm->tdev, vm);
		mutex_unlock(&vm->tdev->mmu.lock);
	}

	if (!tyr_vm_op_prepare(&op, vm, DRM_PANTHOR_VM_BIND_OP_TYPE_UNMAP, 0,
			       NULL, 0, 0, vm->for_mcu ?
			       BIT_ULL(vm->tdev->mmu.va_bits) : vm->user_va_end))
		tyr_vm_op_exec(&op);
	tyr_vm_op_cleanup(&op);

	tyr_vm_put(vm);
}

/**
 * tyr_vm_map() - Map part of a buffer object, synchronously
 * @vm: The VM.
 * @va: GPU virtual address, page aligned.
 * @bo: The object.
 * @bo_offset: Offset in the object, page aligned.
 * @size: Size, page aligned.
 * @flags: DRM_PANTHOR_VM_BIND_OP_MAP_* flags.
 *
 * Return: 0 or a negative errno.
 */
int tyr_vm_map(struct tyr_vm *vm, u64 va, struct tyr_gem_object *bo,
	       u64 bo_offset, u64 size, u32 flags)
{
	struct tyr_vm_op op = { };
	int ret;

	ret = tyr_vm_op_prepare(&op, vm, DRM_PANTHOR_VM_BIND_OP_TYPE_MAP,
				flags, bo, bo_offset, va, size);
	if (!ret)
		ret = tyr_vm_op_exec(&op);
	tyr_vm_op_cleanup(&op);
	return ret;
}

/**
 * tyr_vm_unmap() - Unmap a range, synchronously
 * @vm: The VM.
 * @va: Start, page aligned.
 * @size: Size, page aligned.
 *
 * Return: 0 or a negative errno.
 */
int tyr_vm_unmap(struct tyr_vm *vm, u64 va, u64 size)
{
	struct tyr_vm_op op = { };
	int ret;

	ret = tyr_vm_op_prepare(&op, vm, DRM_PANTHOR_VM_BIND_OP_TYPE_UNMAP, 0,
				NULL, 0, va, size);
	if (!ret)
		ret = tyr_vm_op_exec(&op);
	tyr_vm_op_cleanup(&op);
	return ret;
}

/* Copy a user array of objects of at least @min_size bytes each. */
/**
 * tyr_kmem_create() - Memory for the kernel, mapped in a VM
 * @tdev: The device.
 * @vm: The VM, in whose kernel VA range the memory is mapped.
 * @size: Size, rounded up to pages.
 * @flags: DRM_PANTHOR_VM_BIND_OP_MAP_* flags of the mapping.
 * @label: Label of the buffer object (a constant string).
 * @mem: Filled in: the object, with a CPU mapping, and its GPU VA.
 *
 * Return: 0 or a negative errno; nothing is left allocated on failure.
 */
int tyr_kmem_create(struct tyr_device *tdev, struct tyr_vm *vm, size_t size,
		    u32 flags, const char *label, struct tyr_kmem *mem)
{
	int ret;

	memset(mem, 0, sizeof(*mem));
	size = PAGE_ALIGN(size);
	mem->bo = tyr_kernel_bo_create(tdev, size, label);
	if (IS_ERR(mem->bo)) {
		ret = PTR_ERR(mem->bo);
		mem->bo = NULL;
		return ret;
	}

	mutex_lock(&vm->kva_lock);
	ret = drm_mm_insert_node_generic(&vm->kva, &mem->node, size,
					 PAGE_SIZE, 0, DRM_MM_INSERT_LOW);
	mutex_unlock(&vm->kva_lock);
	if (ret)
		goto err_destroy;

	ret = tyr_vm_map(vm, mem->node.start, mem->bo->obj, 0, size, flags);
	if (ret)
		goto err_remove;

	mem->vm = vm;
	drm_gpuvm_get(&vm->base);
	mem->va = mem->node.start;
	mem->size = size;
	mem->cpu = mem->bo->map.vaddr;
	return 0;

err_remove:
	mutex_lock(&vm->kva_lock);
	drm_mm_remove_node(&mem->node);
	mutex_unlock(&vm->kva_lock);
err_destroy:
	tyr_kernel_bo_destroy(mem->bo);
	mem->bo = NULL;
	return ret;
}

/**
 * tyr_kmem_destroy() - Unmap and free what tyr_kmem_create() made
 * @mem: The memory; one never created, or already destroyed, is ignored.
 */
void tyr_kmem_destroy(struct tyr_kmem *mem)
{
	struct tyr_vm *vm = mem->vm;

	if (!mem->bo)
		return;

	if (vm) {
		tyr_vm_unmap(vm, mem->va, mem->size);
		mutex_lock(&vm->kva_lock);
		drm_mm_remove_node(&mem->node);
		mutex_unlock(&vm->kva_lock);
		tyr_vm_put(vm);
	}
	tyr_kernel_bo_destroy(mem->bo);
	memset(mem, 0, sizeof(*mem));
}

/**
 * tyr_copy_obj_array() - Copy a user array of uAPI objects
 * @in: The array.
 * @size: Size of the kernel's object.
 * @min_size: Smallest stride accepted.
 *
 * Return: The objects (kvfree() them), NULL for an empty array, or an
 * ERR_PTR(): -EINVAL for a bad stride or non-zero bytes past ours.
 */
void *tyr_copy_obj_array(const struct drm_panthor_obj_array *in, size_t size,
			 size_t min_size)
{
	void __user *uptr = u64_to_user_ptr(in->array);
	u8 *objs;
	u32 i;
	int ret;

	if (!in->count)
		return NULL;
	if (in->stride < min_size)
		return ERR_PTR(-EINVAL);

	objs = kvcalloc(in->count, size, GFP_KERNEL);
	if (!objs)
		return ERR_PTR(-ENOMEM);

	for (i = 0; i < in->count; i++) {
		/* Fields past ours must be zero; ours past the user's are. */
		ret = copy_struct_from_user(objs + i * size, size,
					    uptr + (u64)i * in->stride,
					    in->stride);
		if (ret) {
			kvfree(objs);
			return ERR_PTR(ret == -E2BIG ? -EINVAL : ret);
		}
	}

	return objs;
}

/**
 * tyr_sync_signals() - Whether sync operations signal a syncobj point
 * @syncs: The operations of a job.
 * @count: How many.
 * @wait: A wait operation of a later job.
 *
 * Return: true if one of @syncs signals the point @wait waits for.
 */
bool tyr_sync_signals(const struct drm_panthor_sync_op *syncs, u32 count,
		      const struct drm_panthor_sync_op *wait)
{
	u32 i;

	for (i = 0; i < count; i++) {
		if ((syncs[i].flags & DRM_PANTHOR_SYNC_OP_SIGNAL) &&
		    syncs[i].handle == wait->handle &&
		    syncs[i].timeline_value == wait->timeline_value)
			return true;
	}

	return false;
}

/**
 * tyr_sync_op_valid() - Check the flags and fields of a sync operation
 * @sync: The operation.
 *
 * Return: Whether the uAPI allows it.
 */
bool tyr_sync_op_valid(const struct drm_panthor_sync_op *sync)
{
	u32 type = sync->flags & DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_MASK;

	if (sync->flags & ~(DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_MASK |
			    DRM_PANTHOR_SYNC_OP_SIGNAL))
		return false;
	if (type == DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_SYNCOBJ)
		return !sync->timeline_value;
	return type == DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_TIMELINE_SYNCOBJ;
}

/* Check one VM_BIND operation and prepare it. */
static int tyr_vm_bind_prepare(struct drm_file *file, struct tyr_vm *vm,
			       const struct drm_panthor_vm_bind_op *uop,
			       bool async, struct tyr_vm_op *op)
{
	u32 type = uop->flags & DRM_PANTHOR_VM_BIND_OP_TYPE_MASK;
	u32 flags = uop->flags & ~DRM_PANTHOR_VM_BIND_OP_TYPE_MASK;
	struct drm_gem_object *obj;
	int ret;

	INIT_LIST_HEAD(&op->pt_pages);
	INIT_LIST_HEAD(&op->dead);

	if (!async && uop->syncs.count)
		return -EINVAL;

	/* Userspace has its range; the rest is the kernel's. */
	if (type != DRM_PANTHOR_VM_BIND_OP_TYPE_SYNC_ONLY &&
	    (uop->va >= vm->user_va_end ||
	     uop->size > vm->user_va_end - uop->va))
		return -EINVAL;

	switch (type) {
	case DRM_PANTHOR_VM_BIND_OP_TYPE_MAP:
		if (flags & ~TYR_VM_MAP_FLAGS)
			return -EINVAL;
		if (READ_ONCE(vm->unusable))
			return -EINVAL;
		obj = drm_gem_object_lookup(file, uop->bo_handle);
		if (!obj)
			return -EINVAL;
		ret = tyr_vm_op_prepare(op, vm, type, flags, to_tyr_bo(obj),
					uop->bo_offset, uop->va, uop->size);
		drm_gem_object_put(obj);
		return ret;

	case DRM_PANTHOR_VM_BIND_OP_TYPE_UNMAP:
		if (flags || uop->bo_handle || uop->bo_offset)
			return -EINVAL;
		return tyr_vm_op_prepare(op, vm, type, 0, NULL, 0, uop->va,
					 uop->size);

	case DRM_PANTHOR_VM_BIND_OP_TYPE_SYNC_ONLY:
		if (!async || flags || uop->bo_handle || uop->bo_offset ||
		    uop->va || uop->size || !uop->syncs.count)
			return -EINVAL;
		return tyr_vm_op_prepare(op, vm, type, 0, NULL, 0, 0, 0);

	default:
		return -EINVAL;
	}
}

/* Prepare an asynchronous operation: its job, not yet armed. */
static struct tyr_vm_bind_job *
tyr_vm_bind_job_create(struct drm_file *file, struct tyr_vm *vm,
		       const struct drm_panthor_vm_bind_op *uop)
{
	struct tyr_vm_bind_job *job;
	unsigned int i, n = 0;
	int ret;

	job = kzalloc(sizeof(*job), GFP_KERNEL);
	if (!job)
		return ERR_PTR(-ENOMEM);
	INIT_LIST_HEAD(&job->op.pt_pages);
	INIT_LIST_HEAD(&job->op.dead);

	job->syncs = tyr_copy_obj_array(&uop->syncs, sizeof(*job->syncs),
					sizeof(*job->syncs));
	if (IS_ERR(job->syncs)) {
		ret = PTR_ERR(job->syncs);
		job->syncs = NULL;
		goto err_free;
	}
	job->sync_count = uop->syncs.count;

	/* The job holds the VM from here on, whatever its operation. */
	drm_gpuvm_get(&vm->base);
	job->op.vm = vm;
	ret = tyr_vm_bind_prepare(file, vm, uop, true, &job->op);
	if (ret)
		goto err_free;

	job->signals = kcalloc(job->sync_count, sizeof(*job->signals),
			       GFP_KERNEL);
	if (job->sync_count && !job->signals) {
		ret = -ENOMEM;
		goto err_free;
	}

	for (i = 0; i < job->sync_count; i++) {
		const struct drm_panthor_sync_op *op = &job->syncs[i];
		struct tyr_vm_bind_signal *sig;

		if (!tyr_sync_op_valid(op)) {
			ret = -EINVAL;
			goto err_free;
		}
		if (!(op->flags & DRM_PANTHOR_SYNC_OP_SIGNAL))
			continue;

		sig = &job->signals[n++];
		job->signal_count = n;
		sig->syncobj = drm_syncobj_find(file, op->handle);
		if (!sig->syncobj) {
			ret = -EINVAL;
			goto err_free;
		}
		sig->point = op->timeline_value;
		if ((op->flags & DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_MASK) ==
		    DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_TIMELINE_SYNCOBJ) {
			sig->chain = dma_fence_chain_alloc();
			if (!sig->chain) {
				ret = -ENOMEM;
				goto err_free;
			}
		}
	}

	ret = drm_sched_job_init(&job->base, &vm->entity, 1, file,
				 file->client_id);
	if (ret)
		goto err_free;
	job->inited = true;
	return job;

err_free:
	tyr_vm_bind_job_free(job);
	return ERR_PTR(ret);
}

/* Drop a job that was not queued. */
static void tyr_vm_bind_job_discard(struct tyr_vm_bind_job *job)
{
	if (job->inited)
		drm_sched_job_cleanup(&job->base);
	tyr_vm_bind_job_free(job);
}

/*
 * Give job @n of the ioctl its dependencies and arm it: a wait for a
 * syncobj point that an earlier job of the ioctl signals waits for that job.
 */
static int tyr_vm_bind_job_arm(struct drm_file *file,
			       struct tyr_vm_bind_job **jobs, u32 n)
{
	struct tyr_vm_bind_job *job = jobs[n];
	struct dma_fence *fence;
	u32 i, j;
	int ret;

	for (i = 0; i < job->sync_count; i++) {
		const struct drm_panthor_sync_op *op = &job->syncs[i];

		if (op->flags & DRM_PANTHOR_SYNC_OP_SIGNAL)
			continue;

		fence = NULL;
		for (j = n; j-- > 0 && !fence;) {
			if (tyr_sync_signals(jobs[j]->syncs, jobs[j]->sync_count,
					     op))
				fence = dma_fence_get(&jobs[j]->base.s_fence->finished);
		}
		if (fence)
			ret = drm_sched_job_add_dependency(&job->base, fence);
		else
			ret = drm_sched_job_add_syncobj_dependency(&job->base,
								   file,
								   op->handle,
								   op->timeline_value);
		/* A missing syncobj: the uAPI's bad handle. */
		if (ret)
			return ret == -ENOENT ? -EINVAL : ret;
	}

	drm_sched_job_arm(&job->base);
	return 0;
}

/* Queue an armed job, and signal its syncobjs with its fence. */
static void tyr_vm_bind_job_push(struct tyr_vm_bind_job *job)
{
	struct dma_fence *done = dma_fence_get(&job->base.s_fence->finished);
	unsigned int i;

	for (i = 0; i < job->signal_count; i++) {
		struct tyr_vm_bind_signal *sig = &job->signals[i];

		if (sig->chain) {
			drm_syncobj_add_point(sig->syncobj, sig->chain, done,
					      sig->point);
			sig->chain = NULL;
		} else {
			drm_syncobj_replace_fence(sig->syncobj, done);
		}
	}
	drm_sched_entity_push_job(&job->base);
	dma_fence_put(done);
}

/*
 * Asynchronous operations: all are checked and prepared, then all armed,
 * then all queued, so that either every operation is queued or none is. An
 * armed job that is dropped was never seen outside the ioctl.
 */
static int tyr_vm_bind_async(struct drm_file *file, struct tyr_vm *vm,
			     const struct drm_panthor_vm_bind_op *uops,
			     u32 count)
{
	struct tyr_vm_bind_job **jobs;
	u32 i, n = 0;
	int ret = 0;

	jobs = kvcalloc(count, sizeof(*jobs), GFP_KERNEL);
	if (count && !jobs)
		return -ENOMEM;

	for (n = 0; n < count; n++) {
		jobs[n] = tyr_vm_bind_job_create(file, vm, &uops[n]);
		if (IS_ERR(jobs[n])) {
			ret = PTR_ERR(jobs[n]);
			goto out_discard;
		}
	}

	/*
	 * Armed and queued under one lock: all before VM_DESTROY, or none,
	 * and each pushed in the order it was armed, as the entity wants.
	 */
	mutex_lock(&vm->bind_lock);
	if (vm->destroyed) {
		ret = -EINVAL;
		goto out_unlock;
	}

	for (i = 0; i < count; i++) {
		ret = tyr_vm_bind_job_arm(file, jobs, i);
		if (ret)
			goto out_unlock;
	}

	for (i = 0; i < count; i++)
		tyr_vm_bind_job_push(jobs[i]);
	mutex_unlock(&vm->bind_lock);
	kvfree(jobs);
	return 0;

out_unlock:
	mutex_unlock(&vm->bind_lock);
out_discard:
	for (i = 0; i < n; i++)
		tyr_vm_bind_job_discard(jobs[i]);
	kvfree(jobs);
	return ret;
}

/**
 * tyr_ioctl_vm_bind() - DRM_IOCTL_PANTHOR_VM_BIND
 * @ddev: The DRM device.
 * @data: A &struct drm_panthor_vm_bind.
 * @file: The DRM file owning the VM.
 *
 * Synchronous operations run one after the other; on failure, ops.count
 * tells how many succeeded. Asynchronous ones are queued, each waiting for
 * and signalling its syncobjs (a wait for a point an earlier one signals
 * waits for that one); they are all queued, or none is.
 *
 * Return: 0 or a negative errno: -EINVAL for a bad VM, operation, flag,
 * alignment, range, handle or syncobj; -ENODEV once the device is unplugged.
 */
int tyr_ioctl_vm_bind(struct drm_device *ddev, void *data,
		      struct drm_file *file)
{
	struct tyr_file *tfile = file->driver_priv;
	struct drm_panthor_vm_bind *args = data;
	bool async = args->flags & DRM_PANTHOR_VM_BIND_ASYNC;
	struct drm_panthor_vm_bind_op *uops;
	struct tyr_vm *vm;
	int cookie, ret = 0;
	u32 i;

	if (args->flags & ~DRM_PANTHOR_VM_BIND_ASYNC)
		return -EINVAL;

	/* Binds update the GPU's page tables: not once it is gone. */
	if (!drm_dev_enter(ddev, &cookie))
		return -ENODEV;

	vm = tyr_vm_pool_get(&tfile->vms, args->vm_id);
	if (!vm) {
		ret = -EINVAL;
		goto out_exit;
	}

	uops = tyr_copy_obj_array(&args->ops, sizeof(*uops), sizeof(*uops));
	if (IS_ERR(uops)) {
		ret = PTR_ERR(uops);
		goto out_put;
	}

	if (async) {
		ret = tyr_vm_bind_async(file, vm, uops, args->ops.count);
		goto out_free;
	}

	for (i = 0; i < args->ops.count; i++) {
		struct tyr_vm_op op = { };

		ret = tyr_vm_bind_prepare(file, vm, &uops[i], false, &op);
		if (!ret)
			ret = tyr_vm_op_exec(&op);
		tyr_vm_op_cleanup(&op);
		if (ret) {
			args->ops.count = i;
			break;
		}
	}

out_free:
	kvfree(uops);
out_put:
	tyr_vm_put(vm);
out_exit:
	drm_dev_exit(cookie);
	return ret;
}

/**
 * tyr_ioctl_vm_create() - DRM_IOCTL_PANTHOR_VM_CREATE
 * @ddev: The DRM device.
 * @data: A &struct drm_panthor_vm_create.
 * @file: The DRM file that gets the VM.
 *
 * A zero user_va_range gets half of the GPU's VA space; the range chosen is
 * returned. At least %TYR_VM_KERNEL_VA_MIN is left to kernel objects.
 *
 * Return: 0, -EINVAL for flags or a bad range, -EBUSY for too many VMs.
 */
int tyr_ioctl_vm_create(struct drm_device *ddev, void *data,
			struct drm_file *file)
{
	struct tyr_device *tdev = to_tyr_device(ddev);
	struct tyr_file *tfile = file->driver_priv;
	struct drm_panthor_vm_create *args = data;
	u64 full = BIT_ULL(tdev->mmu.va_bits);
	u64 range = args->user_va_range;
	struct tyr_vm *vm;
	u32 id;
	int ret;

	if (args->flags)
		return -EINVAL;

	if (!range)
		range = full / 2;
	if (!PAGE_ALIGNED(range) || range > full - TYR_VM_KERNEL_VA_MIN)
		return -EINVAL;

	vm = tyr_vm_create(tdev, false, range);
	if (IS_ERR(vm))
		return PTR_ERR(vm);

	ret = xa_alloc(&tfile->vms.xa, &id, vm, XA_LIMIT(1, TYR_VM_POOL_MAX),
		       GFP_KERNEL);
	if (ret) {
		tyr_vm_destroy(vm);
		return ret;
	}

	args->id = id;
	args->user_va_range = range;
	return 0;
}

/**
 * tyr_ioctl_vm_destroy() - DRM_IOCTL_PANTHOR_VM_DESTROY
 * @ddev: The DRM device.
 * @data: A &struct drm_panthor_vm_destroy.
 * @file: The DRM file owning the VM.
 *
 * Return: 0, or -EINVAL for a bad id or a non-zero pad.
 */
int tyr_ioctl_vm_destroy(struct drm_device *ddev, void *data,
			 struct drm_file *file)
{
	struct tyr_file *tfile = file->driver_priv;
	struct drm_panthor_vm_destroy *args = data;
	struct tyr_vm *vm;

	if (args->pad)
		return -EINVAL;

	vm = xa_erase(&tfile->vms.xa, args->id);
	if (!vm)
		return -EINVAL;

	tyr_vm_destroy(vm);
	return 0;
}

/**
 * tyr_ioctl_vm_get_state() - DRM_IOCTL_PANTHOR_VM_GET_STATE
 * @ddev: The DRM device.
 * @data: A &struct drm_panthor_vm_get_state.
 * @file: The DRM file owning the VM.
 *
 * Return: 0, or -EINVAL for a bad id.
 */
int tyr_ioctl_vm_get_state(struct drm_device *ddev, void *data,
			   struct drm_file *file)
{
	struct tyr_file *tfile = file->driver_priv;
	struct drm_panthor_vm_get_state *args = data;
	struct tyr_vm *vm;

	vm = tyr_vm_pool_get(&tfile->vms, args->vm_id);
	if (!vm)
		return -EINVAL;

	args->state = READ_ONCE(vm->unusable) ? DRM_PANTHOR_VM_STATE_UNUSABLE :
						DRM_PANTHOR_VM_STATE_USABLE;
	tyr_vm_put(vm);
	return 0;
}

/**
 * tyr_mmu_describe() - Print every VM of the device
 * @tdev: The device.
 * @p: Where to print.
 */
void tyr_mmu_describe(struct tyr_device *tdev, struct drm_printer *p)
{
	struct tyr_mmu *mmu = &tdev->mmu;
	unsigned int count = 0;
	struct tyr_vm *vm;

	mutex_lock(&mmu->vms_lock);
	list_for_each_entry(vm, &mmu->vms, node) {
		drm_printf(p, "%s VM, AS %d, %u heap(s)%s\n",
			   vm->for_mcu ? "firmware" : "user", READ_ONCE(vm->as),
			   tyr_heap_count(vm),
			   READ_ONCE(vm->unusable) ? ", unusable" : "");
		count++;
	}
	drm_printf(p, "%u VM(s)\n", count);
	mutex_unlock(&mmu->vms_lock);
}

/**
 * tyr_vm_pool_init() - Prepare a file's VM pool
 * @pool: The pool.
 */
void tyr_vm_pool_init(struct tyr_vm_pool *pool)
{
	xa_init_flags(&pool->xa, XA_FLAGS_ALLOC1);
}

/**
 * tyr_vm_pool_destroy() - Destroy the VMs of a file being closed
 * @pool: The pool.
 */
void tyr_vm_pool_destroy(struct tyr_vm_pool *pool)
{
	struct tyr_vm *vm;
	unsigned long id;

	xa_for_each(&pool->xa, id, vm) {
		xa_erase(&pool->xa, id);
		tyr_vm_destroy(vm);
	}
	xa_destroy(&pool->xa);
}

/**
 * tyr_vm_pool_get() - Look a VM up
 * @pool: The pool.
 * @id: Its id.
 *
 * Return: The VM with a reference, or NULL.
 */
struct tyr_vm *tyr_vm_pool_get(struct tyr_vm_pool *pool, u32 id)
{
	struct tyr_vm *vm;

	xa_lock(&pool->xa);
	vm = xa_load(&pool->xa, id);
	if (vm)
		drm_gpuvm_get(&vm->base);
	xa_unlock(&pool->xa);

	return vm;
}

#if IS_ENABLED(CONFIG_DRM_TYR_MODEL) && IS_ENABLED(CONFIG_DEBUG_FS)
/*
 * "gpuva" (model builds only): write "<drm-client-id> <vm-id> <va> <len>",
 * then read what the GPU sees there, through the model's MMU: the physical
 * address and up to 64 bytes. The client id is the one fdinfo shows.
 */
struct tyr_gpuva_req {
	struct tyr_device *tdev;
	u64 client_id;
	u32 vm_id;
	u64 va;
	u32 len;
	bool set;
};

static int tyr_gpuva_open(struct inode *inode, struct file *f)
{
	struct tyr_gpuva_req *req = kzalloc(sizeof(*req), GFP_KERNEL);

	if (!req)
		return -ENOMEM;
	req->tdev = inode->i_private;
	f->private_data = req;
	return nonseekable_open(inode, f);
}

static int tyr_gpuva_release(struct inode *inode, struct file *f)
{
	kfree(f->private_data);
	return 0;
}

static ssize_t tyr_gpuva_write(struct file *f, const char __user *ubuf,
			       size_t len, loff_t *pos)
{
	struct tyr_gpuva_req *req = f->private_data;
	char buf[96];

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = 0;

	if (sscanf(buf, "%llu %u %llx %u", &req->client_id, &req->vm_id,
		   &req->va, &req->len) != 4 || !req->len || req->len > 64)
		return -EINVAL;

	req->set = true;
	return len;
}

static struct tyr_vm *tyr_gpuva_find_vm(struct tyr_gpuva_req *req)
{
	struct drm_device *ddev = &req->tdev->base;
	struct tyr_vm *vm = NULL;
	struct drm_file *file;

	mutex_lock(&ddev->filelist_mutex);
	list_for_each_entry(file, &ddev->filelist, lhead) {
		struct tyr_file *tfile = file->driver_priv;

		if (file->client_id == req->client_id) {
			vm = tyr_vm_pool_get(&tfile->vms, req->vm_id);
			break;
		}
	}
	mutex_unlock(&ddev->filelist_mutex);

	return vm;
}

static ssize_t tyr_gpuva_read(struct file *f, char __user *ubuf, size_t len,
			      loff_t *pos)
{
	struct tyr_gpuva_req *req = f->private_data;
	struct tyr_device *tdev = req->tdev;
	u32 status = 0;
	char out[256];
	u8 data[64];
	struct tyr_vm *vm;
	int n, ret, as;
	u64 pa = 0;

	if (!req->set)
		return -EINVAL;
	if (*pos)
		return 0;

	vm = tyr_gpuva_find_vm(req);
	if (!vm)
		return -ENOENT;

	ret = tyr_pm_get(tdev);
	if (ret)
		goto out_put;
	ret = tyr_vm_active(vm);
	if (ret)
		goto out_pm;

	as = tyr_vm_as(vm);
	if (tyr_model_translate(tdev->model, as, req->va, TYR_MODEL_READ, &pa,
				&status)) {
		n = scnprintf(out, sizeof(out),
			      "AS%d VA 0x%llx: unmapped (FAULTSTATUS 0x%x)\n",
			      as, req->va, status);
	} else {
		ret = tyr_model_gpu_access(tdev->model, as, req->va, data,
					   req->len, TYR_MODEL_READ);
		if (ret)
			n = scnprintf(out, sizeof(out),
				      "AS%d VA 0x%llx -> 0x%llx: read failed (%d)\n",
				      as, req->va, pa, ret);
		else
			n = scnprintf(out, sizeof(out),
				      "AS%d VA 0x%llx -> 0x%llx: %*phN\n", as,
				      req->va, pa, (int)req->len, data);
	}
	ret = simple_read_from_buffer(ubuf, len, pos, out, n);

	tyr_vm_idle(vm);
out_pm:
	tyr_pm_put(tdev);
out_put:
	tyr_vm_put(vm);
	return ret;
}

static const struct file_operations tyr_gpuva_fops = {
	.owner = THIS_MODULE,
	.open = tyr_gpuva_open,
	.release = tyr_gpuva_release,
	.write = tyr_gpuva_write,
	.read = tyr_gpuva_read,
};

/**
 * tyr_mmu_debugfs_register() - Add the MMU's debugfs files
 * @tdev: The device, registered.
 */
void tyr_mmu_debugfs_register(struct tyr_device *tdev)
{
	debugfs_create_file("gpuva", 0600, tdev->base.debugfs_root, tdev,
			    &tyr_gpuva_fops);
}
#else
void tyr_mmu_debugfs_register(struct tyr_device *tdev)
{
}
#endif
