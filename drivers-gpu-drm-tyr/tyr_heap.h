/* SPDX-License-Identifier: GPL-2.0 or MIT */
#ifndef __TYR_HEAP_H__
#define __TYR_HEAP_H__

#include <linux/types.h>

struct drm_device;
struct drm_file;
struct tyr_vm;

/* Heaps a VM may have: the number of contexts in its context buffer. */
#define TYR_HEAP_MAX			128

/* Bytes of a heap context the firmware uses, before cache-line rounding. */
#define TYR_HEAP_CTX_SIZE		32

/*
 * A chunk starts with a header whose first word links the next chunk: its
 * VA in [63:12], its size in 4 KiB units in [11:0] (0 ends the list). The
 * answer to a TILER_OOM has the same form.
 */
#define TYR_HEAP_LINK_VA		GENMASK_ULL(63, 12)
#define TYR_HEAP_LINK_SIZE		GENMASK_ULL(11, 0)
#define TYR_HEAP_CHUNK_HDR_SIZE		64

void tyr_heap_pool_destroy(struct tyr_vm *vm);
int tyr_heap_grow(struct tyr_vm *vm, u64 ctx_va, u32 vt_start, u32 vt_end,
		  u32 frag_end, u64 *link);
int tyr_heap_chunk_count(struct tyr_vm *vm, u64 ctx_va);
unsigned int tyr_heap_count(struct tyr_vm *vm);

int tyr_ioctl_tiler_heap_create(struct drm_device *ddev, void *data,
				struct drm_file *file);
int tyr_ioctl_tiler_heap_destroy(struct drm_device *ddev, void *data,
				 struct drm_file *file);

#endif /* __TYR_HEAP_H__ */
