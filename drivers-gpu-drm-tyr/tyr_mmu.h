/* SPDX-License-Identifier: GPL-2.0 or MIT */
#ifndef __TYR_MMU_H__
#define __TYR_MMU_H__

#include <linux/io-pgtable.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include <drm/drm_gpuvm.h>
#include <drm/drm_mm.h>
#include <drm/gpu_scheduler.h>

#include "tyr_regs.h"

struct drm_device;
struct drm_file;
struct drm_printer;
struct tyr_device;
struct tyr_gem_object;
struct tyr_heap_pool;
struct tyr_kernel_bo;
struct drm_panthor_obj_array;
struct drm_panthor_sync_op;

/* Address space of the firmware (MCU) VM; user VMs never get it. */
#define TYR_MMU_AS_MCU			0

/* How long an AS command may take before the GPU is declared stuck. */
#define TYR_MMU_AS_TIMEOUT_US		10000

/* VA space that VM_CREATE leaves to the kernel at the least. */
#define TYR_VM_KERNEL_VA_MIN		SZ_256M

/**
 * struct tyr_mmu - Address-space slots of the GPU
 */
struct tyr_mmu {
	/**
	 * @lock: Protects the slots, the LRU and the AS registers, and is
	 * held across a page-table update of a VM that has a slot, so that
	 * the slot does not change under it.
	 */
	struct mutex lock;

	/** @owner: VM holding each slot, NULL for a free slot. */
	struct tyr_vm *owner[TYR_AS_MAX];

	/** @user_slots: Slots user VMs may get. */
	u32 user_slots;

	/**
	 * @lru: VMs that hold a slot but are not active, least recently
	 * used first: the ones a slot is taken from when none is free.
	 */
	struct list_head lru;

	/** @va_bits: Width of GPU virtual addresses. */
	u32 va_bits;

	/** @memattr: AS_MEMATTR value matching the page-table attributes. */
	u64 memattr;

	/** @evictions: Slots taken from an idle VM, for tests. */
	unsigned int evictions;

	/**
	 * @gone: The device was removed: no VM gets a slot any more, and the
	 * registers are left alone (VMs of open files outlive the device).
	 */
	bool gone;

	/** @vms_lock: Protects @vms. */
	struct mutex vms_lock;

	/** @vms: Every VM of the device, for debugfs. */
	struct list_head vms;
};

/**
 * struct tyr_vm - A GPU virtual address space
 */
struct tyr_vm {
	/** @base: The VA space manager; holds the VM's reference count. */
	struct drm_gpuvm base;

	/** @tdev: The device. */
	struct tyr_device *tdev;

	/** @pgtbl_cfg: Page-table configuration (io-pgtable). */
	struct io_pgtable_cfg pgtbl_cfg;

	/** @pgtbl: The page tables. */
	struct io_pgtable_ops *pgtbl;

	/**
	 * @op_lock: Serialises changes of the mappings: the VA tree and the
	 * page tables.
	 */
	struct mutex op_lock;

	/**
	 * @bind_lock: Held while asynchronous binds are armed and queued:
	 * no bind is queued once tyr_vm_destroy() has begun, and concurrent
	 * VM_BINDs push their jobs in the order they armed them, as
	 * drm_sched_entity_push_job() requires.
	 */
	struct mutex bind_lock;

	/**
	 * @destroyed: VM_DESTROY ran: no bind is queued any more, and MAP
	 * operations fail. Written under @bind_lock and @op_lock.
	 */
	bool destroyed;

	/**
	 * @pt_reserve: Zeroed pages the page-table allocator takes from while
	 * an operation runs (an asynchronous bind must not allocate memory).
	 * Protected by @op_lock.
	 */
	struct list_head *pt_reserve;

	/** @as: Slot held, or -1. Protected by &tyr_mmu.lock. */
	int as;

	/** @active: Users that need the VM in its slot. &tyr_mmu.lock. */
	unsigned int active;

	/** @lru_node: Entry in &tyr_mmu.lru while @as >= 0 and !@active. */
	struct list_head lru_node;

	/** @for_mcu: The firmware's VM, which lives in slot 0. */
	bool for_mcu;

	/**
	 * @unusable: The GPU faulted in this VM, or an update of its page
	 * tables failed: the VM is not used any more.
	 */
	bool unusable;

	/** @user_va_end: End of the VA range VM_BIND may use. */
	u64 user_va_end;

	/** @sched: Bind queue of asynchronous VM_BIND operations. */
	struct drm_gpu_scheduler sched;

	/** @entity: The VM's entity on @sched. */
	struct drm_sched_entity entity;

	/** @has_queue: @sched and @entity are set up. */
	bool has_queue;

	/** @kva_lock: Protects @kva. */
	struct mutex kva_lock;

	/** @kva: Allocator of the kernel VA range, for kernel objects. */
	struct drm_mm kva;

	/** @heap_lock: Protects @heaps, @heaps_closed and the heaps. */
	struct mutex heap_lock;

	/** @heaps: The VM's tiler heaps, NULL until it has one. */
	struct tyr_heap_pool *heaps;

	/** @heaps_closed: The VM was destroyed: it gets no more heaps. */
	bool heaps_closed;

	/** @node: Entry in &tyr_mmu.vms. */
	struct list_head node;

	/**
	 * @release_work: Frees a VM that has a bind queue, from
	 * &tyr_cleanup_wq (see tyr_vm_free()).
	 */
	struct work_struct release_work;
};

/**
 * struct tyr_kmem - Kernel memory mapped in a VM
 */
struct tyr_kmem {
	/** @bo: The object, NULL when there is none. */
	struct tyr_kernel_bo *bo;
	/** @vm: The VM it is mapped in, with a reference. */
	struct tyr_vm *vm;
	/** @node: Its range of the VM's kernel VAs. */
	struct drm_mm_node node;
	/** @va: Its GPU VA. */
	u64 va;
	/** @size: Its size. */
	size_t size;
	/** @cpu: Its CPU mapping. */
	void *cpu;
};

/**
 * struct tyr_vm_pool - VMs of a DRM file, by id
 */
struct tyr_vm_pool {
	/** @xa: The VMs, ids from 1. */
	struct xarray xa;
};

static inline struct tyr_vm *to_tyr_vm(struct drm_gpuvm *gpuvm)
{
	return container_of(gpuvm, struct tyr_vm, base);
}

int tyr_mmu_init(struct tyr_device *tdev);
void tyr_mmu_debugfs_register(struct tyr_device *tdev);
void tyr_mmu_describe(struct tyr_device *tdev, struct drm_printer *p);
void tyr_mmu_restore(struct tyr_device *tdev);
void tyr_mmu_fini(struct tyr_device *tdev);

int tyr_vm_map_chunk(struct tyr_vm *vm, u64 iova, u64 paddr, size_t pgsize,
		     size_t pgcount, int prot, size_t *mapped);
size_t tyr_vm_unmap_chunk(struct tyr_vm *vm, u64 iova, size_t pgsize,
			  size_t pgcount);

struct tyr_vm *tyr_vm_create(struct tyr_device *tdev, bool for_mcu,
			     u64 user_va_range);
void tyr_vm_put(struct tyr_vm *vm);
void tyr_vm_destroy(struct tyr_vm *vm);
int tyr_vm_active(struct tyr_vm *vm);
void tyr_vm_idle(struct tyr_vm *vm);
int tyr_vm_as(struct tyr_vm *vm);
int tyr_vm_map(struct tyr_vm *vm, u64 va, struct tyr_gem_object *bo,
	       u64 bo_offset, u64 size, u32 flags);
int tyr_vm_unmap(struct tyr_vm *vm, u64 va, u64 size);

int tyr_kmem_create(struct tyr_device *tdev, struct tyr_vm *vm, size_t size,
		    u32 flags, const char *label, struct tyr_kmem *mem);
void tyr_kmem_destroy(struct tyr_kmem *mem);
void *tyr_copy_obj_array(const struct drm_panthor_obj_array *in, size_t size,
			 size_t min_size);
bool tyr_sync_op_valid(const struct drm_panthor_sync_op *sync);
bool tyr_sync_signals(const struct drm_panthor_sync_op *syncs, u32 count,
		      const struct drm_panthor_sync_op *wait);

void tyr_vm_pool_init(struct tyr_vm_pool *pool);
void tyr_vm_pool_destroy(struct tyr_vm_pool *pool);
struct tyr_vm *tyr_vm_pool_get(struct tyr_vm_pool *pool, u32 id);

int tyr_ioctl_vm_create(struct drm_device *ddev, void *data,
			struct drm_file *file);
int tyr_ioctl_vm_destroy(struct drm_device *ddev, void *data,
			 struct drm_file *file);
int tyr_ioctl_vm_bind(struct drm_device *ddev, void *data,
		      struct drm_file *file);
int tyr_ioctl_vm_get_state(struct drm_device *ddev, void *data,
			   struct drm_file *file);

#endif /* __TYR_MMU_H__ */
