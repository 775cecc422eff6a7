// SPDX-License-Identifier: GPL-2.0 or MIT
/**
 * DOC: Tiler heaps
 *
 * The tiler writes the polygon lists of a render pass into a heap: a
 * singly linked list of chunks in the group's VM, plus a context the
 * firmware keeps its bookkeeping in. TILER_HEAP_CREATE makes both: the
 * contexts of a VM's heaps share one buffer (one cache line each) that
 * the VM gets with its first heap, and the chunks are kernel objects
 * mapped in the VM's kernel VA range. Userspace points the tiler at the
 * first chunk and the firmware at the context (HEAP_SET).
 *
 * When the heap is full, the firmware raises TILER_OOM on the stream with
 * the context's address and the heap's render-pass counters; the scheduler
 * asks tyr_heap_grow() for a chunk, which goes in front of the list. No
 * chunk is given once the heap has max_chunks, or while more render passes
 * than target_in_flight are in flight: the firmware then waits for a
 * fragment pass to free memory, or lets userspace's exception handler
 * render incrementally.
 *
 * Heaps live as long as their VM is not destroyed: VM_DESTROY (or closing
 * the file) destroys them.
 */

#include <linux/bitfield.h>
#include <linux/iosys-map.h>
#include <linux/log2.h>
#include <linux/slab.h>
#include <linux/sizes.h>

#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/panthor_drm.h>

#include "tyr_device.h"
#include "tyr_drv.h"
#include "tyr_heap.h"
#include "tyr_mmu.h"

/* Sizes of a chunk the uAPI allows. */
#define TYR_HEAP_CHUNK_MIN		SZ_128K
#define TYR_HEAP_CHUNK_MAX		SZ_8M

/* A heap handle: the VM's id, then the heap's index in the VM. */
#define TYR_HEAP_HANDLE_VM		GENMASK(31, 16)
#define TYR_HEAP_HANDLE_INDEX		GENMASK(15, 0)

struct tyr_heap_chunk {
	struct list_head node;
	struct tyr_kmem mem;
};

struct tyr_heap {
	/* The chunks, the last one given first. */
	struct list_head chunks;
	u32 chunk_count;
	u32 chunk_size;
	u32 max_chunks;
	u32 target_in_flight;
};

/* The heaps of a VM, behind &tyr_vm.heap_lock. */
struct tyr_heap_pool {
	/* TYR_HEAP_MAX contexts, @stride bytes apart. */
	struct tyr_kmem ctxs;
	u32 stride;
	struct tyr_heap *heaps[TYR_HEAP_MAX];
};

/* The link word of @chunk: its VA and size. */
static u64 tyr_heap_link(const struct tyr_heap *heap,
			 const struct tyr_heap_chunk *chunk)
{
	return (chunk->mem.va & TYR_HEAP_LINK_VA) |
	       FIELD_PREP(TYR_HEAP_LINK_SIZE, heap->chunk_size >> 12);
}

/* Put a new chunk in front of @heap's list. Heap lock held. */
static int tyr_heap_add_chunk(struct tyr_vm *vm, struct tyr_heap *heap)
{
	struct tyr_heap_chunk *chunk, *next;
	u8 *hdr;
	int ret;

	chunk = kzalloc(sizeof(*chunk), GFP_KERNEL);
	if (!chunk)
		return -ENOMEM;

	ret = tyr_kmem_create(vm->tdev, vm, heap->chunk_size,
			      DRM_PANTHOR_VM_BIND_OP_MAP_NOEXEC, "tiler heap",
			      &chunk->mem);
	if (ret) {
		kfree(chunk);
		return ret;
	}

	next = list_first_entry_or_null(&heap->chunks, struct tyr_heap_chunk,
					node);
	hdr = chunk->mem.cpu;
	memset(hdr, 0, TYR_HEAP_CHUNK_HDR_SIZE);
	if (next)
		*(__le64 *)hdr = cpu_to_le64(tyr_heap_link(heap, next));
	/* Out of the write-combining buffer before the GPU gets the chunk. */
	wmb();

	list_add(&chunk->node, &heap->chunks);
	heap->chunk_count++;
	return 0;
}

static void tyr_heap_free(struct tyr_heap *heap)
{
	struct tyr_heap_chunk *chunk, *tmp;

	list_for_each_entry_safe(chunk, tmp, &heap->chunks, node) {
		tyr_kmem_destroy(&chunk->mem);
		kfree(chunk);
	}
	kfree(heap);
}

/* The heap whose context is at @ctx_va, or NULL. Heap lock held. */
static struct tyr_heap *tyr_heap_find(struct tyr_vm *vm, u64 ctx_va)
{
	struct tyr_heap_pool *pool = vm->heaps;
	u64 off;

	if (!pool || ctx_va < pool->ctxs.va)
		return NULL;
	off = ctx_va - pool->ctxs.va;
	if (off % pool->stride || off / pool->stride >= TYR_HEAP_MAX)
		return NULL;
	return pool->heaps[off / pool->stride];
}

/**
 * tyr_heap_pool_destroy() - Destroy the heaps of a VM being destroyed
 * @vm: The VM; no heap can be created in it afterwards.
 */
void tyr_heap_pool_destroy(struct tyr_vm *vm)
{
	struct tyr_heap_pool *pool;
	unsigned int i;

	mutex_lock(&vm->heap_lock);
	pool = vm->heaps;
	vm->heaps = NULL;
	vm->heaps_closed = true;
	mutex_unlock(&vm->heap_lock);

	if (!pool)
		return;

	for (i = 0; i < TYR_HEAP_MAX; i++) {
		if (pool->heaps[i])
			tyr_heap_free(pool->heaps[i]);
	}
	tyr_kmem_destroy(&pool->ctxs);
	kfree(pool);
}

/* The VM's heap pool, made on first use. Heap lock held. */
static struct tyr_heap_pool *tyr_heap_pool_get(struct tyr_vm *vm)
{
	struct tyr_device *tdev = vm->tdev;
	struct tyr_heap_pool *pool;
	u32 line;
	int ret;

	if (vm->heaps_closed)
		return ERR_PTR(-EINVAL);
	if (vm->heaps)
		return vm->heaps;

	pool = kzalloc(sizeof(*pool), GFP_KERNEL);
	if (!pool)
		return ERR_PTR(-ENOMEM);

	/* One context per L2 cache line: the GPU writes them independently. */
	line = 1u << FIELD_GET(TYR_L2_FEATURES_LOG2_LINE,
			       tdev->gpu_info.l2_features);
	pool->stride = ALIGN(TYR_HEAP_CTX_SIZE, line);
	ret = tyr_kmem_create(tdev, vm, pool->stride * TYR_HEAP_MAX,
			      DRM_PANTHOR_VM_BIND_OP_MAP_NOEXEC,
			      "tiler heap contexts", &pool->ctxs);
	if (ret) {
		kfree(pool);
		return ERR_PTR(ret);
	}

	vm->heaps = pool;
	return pool;
}

/**
 * tyr_heap_grow() - Give a heap that ran out of memory a new chunk
 * @vm: The VM of the group that raised TILER_OOM.
 * @ctx_va: The heap context's VA, as the firmware reported it.
 * @vt_start: Render passes that started tiling on the heap.
 * @vt_end: Render passes that finished tiling.
 * @frag_end: Render passes whose fragment pass finished.
 * @link: The new chunk's link word, for the stream's heap_start and
 * heap_end, or 0 when none is given.
 *
 * A chunk is given while the heap has fewer than max_chunks and no more
 * than target_in_flight render passes are in flight (vt_start - frag_end,
 * modulo 2^32), as panthor does; the counters are the firmware's and are
 * not judged otherwise.
 *
 * Return: 0 (with or without a chunk), -EINVAL when the context is not a
 * heap's of @vm, or -ENOMEM when memory is short.
 */
int tyr_heap_grow(struct tyr_vm *vm, u64 ctx_va, u32 vt_start, u32 vt_end,
		  u32 frag_end, u64 *link)
{
	struct tyr_heap *heap;
	int ret = 0;

	*link = 0;

	mutex_lock(&vm->heap_lock);
	heap = tyr_heap_find(vm, ctx_va);
	if (!heap) {
		ret = -EINVAL;
	} else if (heap->chunk_count < heap->max_chunks &&
		   (u32)(vt_start - frag_end) <= heap->target_in_flight) {
		ret = tyr_heap_add_chunk(vm, heap);
		if (!ret)
			*link = tyr_heap_link(heap,
					      list_first_entry(&heap->chunks,
							       struct tyr_heap_chunk,
							       node));
	}
	mutex_unlock(&vm->heap_lock);

	return ret;
}

/**
 * tyr_heap_chunk_count() - Chunks of a heap
 * @vm: The VM.
 * @ctx_va: The heap context's VA.
 *
 * Return: The number of chunks, or -EINVAL for an unknown heap.
 */
int tyr_heap_chunk_count(struct tyr_vm *vm, u64 ctx_va)
{
	struct tyr_heap *heap;
	int ret;

	mutex_lock(&vm->heap_lock);
	heap = tyr_heap_find(vm, ctx_va);
	ret = heap ? heap->chunk_count : -EINVAL;
	mutex_unlock(&vm->heap_lock);

	return ret;
}

/**
 * tyr_heap_count() - Heaps of a VM
 * @vm: The VM.
 *
 * Return: How many heaps the VM has.
 */
unsigned int tyr_heap_count(struct tyr_vm *vm)
{
	unsigned int i, count = 0;

	mutex_lock(&vm->heap_lock);
	for (i = 0; vm->heaps && i < TYR_HEAP_MAX; i++)
		count += !!vm->heaps->heaps[i];
	mutex_unlock(&vm->heap_lock);

	return count;
}

/**
 * tyr_ioctl_tiler_heap_create() - DRM_IOCTL_PANTHOR_TILER_HEAP_CREATE
 * @ddev: The DRM device.
 * @data: A &struct drm_panthor_tiler_heap_create.
 * @file: The DRM file owning the VM.
 *
 * Return: 0; -EINVAL for a bad VM or chunk size or count; -ENOMEM when
 * memory is short or the VM has TYR_HEAP_MAX heaps; -ENODEV once the device
 * is unplugged.
 */
int tyr_ioctl_tiler_heap_create(struct drm_device *ddev, void *data,
				struct drm_file *file)
{
	struct tyr_file *tfile = file->driver_priv;
	struct drm_panthor_tiler_heap_create *args = data;
	struct tyr_heap_pool *pool;
	struct tyr_heap *heap;
	struct tyr_vm *vm;
	unsigned int i, index;
	int cookie, ret;

	if (!args->initial_chunk_count ||
	    args->initial_chunk_count > args->max_chunks ||
	    !PAGE_ALIGNED(args->chunk_size) ||
	    args->chunk_size < TYR_HEAP_CHUNK_MIN ||
	    args->chunk_size > TYR_HEAP_CHUNK_MAX)
		return -EINVAL;

	/* The chunks are mapped in the GPU's page tables. */
	if (!drm_dev_enter(ddev, &cookie))
		return -ENODEV;

	vm = tyr_vm_pool_get(&tfile->vms, args->vm_id);
	if (!vm) {
		ret = -EINVAL;
		goto out_exit;
	}

	heap = kzalloc(sizeof(*heap), GFP_KERNEL);
	if (!heap) {
		ret = -ENOMEM;
		goto out_put;
	}
	INIT_LIST_HEAD(&heap->chunks);
	heap->chunk_size = args->chunk_size;
	heap->max_chunks = args->max_chunks;
	heap->target_in_flight = args->target_in_flight;

	mutex_lock(&vm->heap_lock);
	pool = tyr_heap_pool_get(vm);
	if (IS_ERR(pool)) {
		ret = PTR_ERR(pool);
		goto err_unlock;
	}

	for (index = 0; index < TYR_HEAP_MAX && pool->heaps[index]; index++)
		;
	if (index == TYR_HEAP_MAX) {
		ret = -ENOMEM;
		goto err_unlock;
	}

	for (i = 0; i < args->initial_chunk_count; i++) {
		ret = tyr_heap_add_chunk(vm, heap);
		if (ret)
			goto err_unlock;
	}

	/* A fresh context: the firmware starts from zero. */
	memset(pool->ctxs.cpu + index * pool->stride, 0, pool->stride);
	/* Out of the write-combining buffer before the GPU may use it. */
	wmb();
	pool->heaps[index] = heap;

	args->handle = FIELD_PREP(TYR_HEAP_HANDLE_VM, args->vm_id) |
		       FIELD_PREP(TYR_HEAP_HANDLE_INDEX, index);
	args->tiler_heap_ctx_gpu_va = pool->ctxs.va + index * pool->stride;
	args->first_heap_chunk_gpu_va =
		list_first_entry(&heap->chunks, struct tyr_heap_chunk,
				 node)->mem.va;
	mutex_unlock(&vm->heap_lock);
	tyr_vm_put(vm);
	drm_dev_exit(cookie);
	return 0;

err_unlock:
	mutex_unlock(&vm->heap_lock);
	tyr_heap_free(heap);
out_put:
	tyr_vm_put(vm);
out_exit:
	drm_dev_exit(cookie);
	return ret;
}

/**
 * tyr_ioctl_tiler_heap_destroy() - DRM_IOCTL_PANTHOR_TILER_HEAP_DESTROY
 * @ddev: The DRM device.
 * @data: A &struct drm_panthor_tiler_heap_destroy.
 * @file: The DRM file owning the heap.
 *
 * Return: 0, or -EINVAL for a bad handle or a non-zero pad.
 */
int tyr_ioctl_tiler_heap_destroy(struct drm_device *ddev, void *data,
				 struct drm_file *file)
{
	struct tyr_file *tfile = file->driver_priv;
	struct drm_panthor_tiler_heap_destroy *args = data;
	u32 index = FIELD_GET(TYR_HEAP_HANDLE_INDEX, args->handle);
	struct tyr_heap *heap = NULL;
	struct tyr_vm *vm;

	if (args->pad || index >= TYR_HEAP_MAX)
		return -EINVAL;

	vm = tyr_vm_pool_get(&tfile->vms,
			     FIELD_GET(TYR_HEAP_HANDLE_VM, args->handle));
	if (!vm)
		return -EINVAL;

	mutex_lock(&vm->heap_lock);
	if (vm->heaps) {
		heap = vm->heaps->heaps[index];
		vm->heaps->heaps[index] = NULL;
	}
	mutex_unlock(&vm->heap_lock);
	tyr_vm_put(vm);

	if (!heap)
		return -EINVAL;
	tyr_heap_free(heap);
	return 0;
}
