/* SPDX-License-Identifier: GPL-2.0 or MIT */
#ifndef __TYR_GEM_H__
#define __TYR_GEM_H__

#include <linux/iosys-map.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>

#include <drm/drm_gem_shmem_helper.h>

struct dma_buf_attachment;
struct drm_device;
struct drm_file;
struct sg_table;
struct drm_printer;
struct tyr_device;

/* The longest label BO_SET_LABEL accepts, NUL included. */
#define TYR_GEM_LABEL_MAX	4096

/**
 * struct tyr_gem_object - A Tyr buffer object
 */
struct tyr_gem_object {
	/** @base: The shmem-backed GEM object. */
	struct drm_gem_shmem_object base;

	/** @flags: DRM_PANTHOR_BO_* creation flags. */
	u32 flags;

	/** @node: Entry in &tyr_gems.list. */
	struct list_head node;

	/** @label_lock: Protects @label. */
	struct mutex label_lock;

	/** @label: Debug label, NULL when none; kernel BOs have constant ones. */
	const char *label;

	/** @kernel_label: @label is a constant string of the kernel's. */
	bool kernel_label;

	/** @gpuva_lock: Protects the object's list of GPU mappings. */
	struct mutex gpuva_lock;

	/**
	 * @exclusive_vm_resv: For an object private to a VM, the VM's
	 * reservation object, whose dma_resv the object shares; NULL
	 * otherwise.
	 */
	struct drm_gem_object *exclusive_vm_resv;
};

/**
 * struct tyr_gems - All buffer objects of a device, for debugfs and tests
 */
struct tyr_gems {
	/** @lock: Protects @list and @count. */
	struct mutex lock;

	/** @list: The &tyr_gem_object.node of every live object. */
	struct list_head list;

	/** @count: Number of live objects. */
	unsigned int count;
};

/**
 * struct tyr_kernel_bo - A buffer object the kernel uses itself
 */
struct tyr_kernel_bo {
	/** @obj: The object, never exposed to userspace. */
	struct tyr_gem_object *obj;

	/** @map: Its kernel mapping. */
	struct iosys_map map;
};

static inline struct tyr_gem_object *to_tyr_bo(struct drm_gem_object *obj)
{
	return container_of(to_drm_gem_shmem_obj(obj), struct tyr_gem_object,
			    base);
}

int tyr_gem_init(struct tyr_device *tdev);
struct drm_gem_object *tyr_gem_create_object(struct drm_device *ddev,
					     size_t size);
struct drm_gem_object *
tyr_gem_prime_import_sg_table(struct drm_device *ddev,
			      struct dma_buf_attachment *attach,
			      struct sg_table *sgt);
struct tyr_gem_object *tyr_gem_create(struct tyr_device *tdev, size_t size,
				      u32 flags);
void tyr_gem_describe(struct tyr_device *tdev, struct drm_printer *p);

struct tyr_kernel_bo *tyr_kernel_bo_create(struct tyr_device *tdev,
					   size_t size, const char *label);
void tyr_kernel_bo_destroy(struct tyr_kernel_bo *bo);

int tyr_ioctl_bo_create(struct drm_device *ddev, void *data,
			struct drm_file *file);
int tyr_ioctl_bo_mmap_offset(struct drm_device *ddev, void *data,
			     struct drm_file *file);
int tyr_ioctl_bo_set_label(struct drm_device *ddev, void *data,
			   struct drm_file *file);

#endif /* __TYR_GEM_H__ */
