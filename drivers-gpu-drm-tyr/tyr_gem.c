// SPDX-License-Identifier: GPL-2.0 or MIT
/**
 * DOC: Buffer objects
 *
 * Buffer objects are shmem-backed GEM objects (drm_gem_shmem): their pages
 * come from shmem, zeroed, and are allocated when first needed. On a GPU that
 * is not cache-coherent with the CPU, as the RK3588's is not, CPU mappings
 * are write-combined.
 *
 * BO_CREATE takes the DRM_PANTHOR_BO_NO_MMAP flag, for objects userspace
 * never maps (BO_MMAP_OFFSET then fails with -EINVAL), and an exclusive VM:
 * such an object shares the VM's reservation object and cannot be mapped in
 * another VM. The size is rounded up to whole pages and returned.
 *
 * BO_SET_LABEL attaches a label of at most %TYR_GEM_LABEL_MAX bytes,
 * terminating NUL included, to an object; the "gems" debugfs file lists every
 * object of the device with its size, flags and label.
 *
 * The kernel has buffer objects of its own (&struct tyr_kernel_bo), mapped
 * in the kernel's address space, for what it shares with the GPU: firmware
 * sections, ring buffers.
 */

#include <linux/dma-map-ops.h>
#include <linux/err.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_prime.h>
#include <drm/drm_managed.h>
#include <drm/drm_print.h>
#include <drm/panthor_drm.h>

#include "tyr_device.h"
#include "tyr_drv.h"
#include "tyr_gem.h"
#include "tyr_mmu.h"

#define TYR_BO_FLAGS	DRM_PANTHOR_BO_NO_MMAP

static void tyr_gem_free(struct drm_gem_object *obj)
{
	struct tyr_gem_object *bo = to_tyr_bo(obj);
	struct tyr_device *tdev = to_tyr_device(obj->dev);
	struct drm_gem_object *vm_resv = bo->exclusive_vm_resv;

	mutex_lock(&tdev->gems.lock);
	if (!list_empty(&bo->node)) {
		list_del(&bo->node);
		tdev->gems.count--;
	}
	mutex_unlock(&tdev->gems.lock);

	if (!bo->kernel_label)
		kfree(bo->label);
	mutex_destroy(&bo->label_lock);
	mutex_destroy(&bo->gpuva_lock);

	/*
	 * Frees the object. An object exclusive to a VM uses the VM's
	 * reservation object up to the end (the helper locks it to release
	 * the pages), so that one goes after it: the VM may be gone already.
	 */
	drm_gem_shmem_free(&bo->base);
	drm_gem_object_put(vm_resv);
}

/*
 * For the fdinfo memory stats: an object has pages from its first use
 * until it goes (or is imported with them); none is purgeable.
 */
static enum drm_gem_object_status tyr_gem_status(struct drm_gem_object *obj)
{
	return obj->import_attach || READ_ONCE(to_tyr_bo(obj)->base.pages) ?
	       DRM_GEM_OBJECT_RESIDENT : 0;
}

/*
 * An object private to a VM shares the VM's reservation object, which
 * another device or driver must not see: it is not exported.
 */
static struct dma_buf *tyr_gem_export(struct drm_gem_object *obj, int flags)
{
	if (to_tyr_bo(obj)->exclusive_vm_resv)
		return ERR_PTR(-EINVAL);

	return drm_gem_prime_export(obj, flags);
}

/* The shmem helpers do the rest; freeing updates the list too. */
static const struct drm_gem_object_funcs tyr_gem_funcs = {
	.free = tyr_gem_free,
	.status = tyr_gem_status,
	.export = tyr_gem_export,
	.mmap = drm_gem_shmem_object_mmap,
	.vm_ops = &drm_gem_shmem_vm_ops,
	.vmap = drm_gem_shmem_object_vmap,
	.vunmap = drm_gem_shmem_object_vunmap,
	.get_sg_table = drm_gem_shmem_object_get_sg_table,
	.pin = drm_gem_shmem_object_pin,
	.unpin = drm_gem_shmem_object_unpin,
	.print_info = drm_gem_shmem_object_print_info,
};

/**
 * tyr_gem_create_object() - Allocate a Tyr object for the GEM shmem helpers
 * @ddev: The DRM device.
 * @size: Size of the object.
 *
 * The &drm_driver.gem_create_object hook, for created and imported objects.
 * The helpers free the object without calling back if its initialisation
 * fails: it joins the device's list only once created (tyr_gem_track()).
 *
 * Return: The object's GEM base, or an ERR_PTR().
 */
struct drm_gem_object *tyr_gem_create_object(struct drm_device *ddev,
					     size_t size)
{
	struct tyr_gem_object *bo;

	bo = kzalloc(sizeof(*bo), GFP_KERNEL);
	if (!bo)
		return ERR_PTR(-ENOMEM);

	bo->base.base.funcs = &tyr_gem_funcs;
	bo->base.map_wc = !dev_is_dma_coherent(ddev->dev);
	INIT_LIST_HEAD(&bo->node);
	mutex_init(&bo->label_lock);
	mutex_init(&bo->gpuva_lock);
	drm_gem_gpuva_set_lock(&bo->base.base, &bo->gpuva_lock);

	return &bo->base.base;
}

static void tyr_gem_track(struct tyr_device *tdev, struct tyr_gem_object *bo)
{
	mutex_lock(&tdev->gems.lock);
	list_add_tail(&bo->node, &tdev->gems.list);
	tdev->gems.count++;
	mutex_unlock(&tdev->gems.lock);
}

/**
 * tyr_gem_prime_import_sg_table() - Wrap an imported dma-buf
 * @ddev: The DRM device.
 * @attach: The dma-buf attachment.
 * @sgt: Its pages.
 *
 * Return: The new object, or an ERR_PTR().
 */
struct drm_gem_object *
tyr_gem_prime_import_sg_table(struct drm_device *ddev,
			      struct dma_buf_attachment *attach,
			      struct sg_table *sgt)
{
	struct drm_gem_object *obj;

	obj = drm_gem_shmem_prime_import_sg_table(ddev, attach, sgt);
	if (!IS_ERR(obj))
		tyr_gem_track(to_tyr_device(ddev), to_tyr_bo(obj));

	return obj;
}

/**
 * tyr_gem_create() - Create a buffer object
 * @tdev: The device.
 * @size: Size in bytes, rounded up to pages.
 * @flags: DRM_PANTHOR_BO_* flags.
 *
 * Return: The object, with one reference, or an ERR_PTR().
 */
struct tyr_gem_object *tyr_gem_create(struct tyr_device *tdev, size_t size,
				      u32 flags)
{
	struct drm_gem_shmem_object *shmem;
	struct tyr_gem_object *bo;

	shmem = drm_gem_shmem_create(&tdev->base, size);
	if (IS_ERR(shmem))
		return ERR_CAST(shmem);

	bo = container_of(shmem, struct tyr_gem_object, base);
	bo->flags = flags;
	tyr_gem_track(tdev, bo);
	return bo;
}

/**
 * tyr_gem_describe() - Print every buffer object of the device
 * @tdev: The device.
 * @p: Where to print.
 */
void tyr_gem_describe(struct tyr_device *tdev, struct drm_printer *p)
{
	struct tyr_gem_object *bo;
	size_t total = 0;

	mutex_lock(&tdev->gems.lock);
	list_for_each_entry(bo, &tdev->gems.list, node) {
		struct drm_gem_object *obj = &bo->base.base;

		mutex_lock(&bo->label_lock);
		drm_printf(p, "%zu bytes, flags 0x%x, %u handle(s)%s%s, label \"%s\"\n",
			   obj->size, bo->flags, obj->handle_count,
			   bo->kernel_label ? ", kernel" : "",
			   obj->import_attach ? ", imported" : "",
			   bo->label ?: "");
		mutex_unlock(&bo->label_lock);
		total += obj->size;
	}
	drm_printf(p, "%u object(s), %zu bytes\n", tdev->gems.count, total);
	mutex_unlock(&tdev->gems.lock);
}

/**
 * tyr_gem_init() - Prepare the device's object list
 * @tdev: The device.
 *
 * Return: 0 or a negative errno.
 */
int tyr_gem_init(struct tyr_device *tdev)
{
	INIT_LIST_HEAD(&tdev->gems.list);
	return drmm_mutex_init(&tdev->base, &tdev->gems.lock);
}

/**
 * tyr_kernel_bo_create() - Create a buffer object for the kernel's own use
 * @tdev: The device.
 * @size: Size in bytes, rounded up to pages.
 * @label: Constant label, shown in debugfs.
 *
 * The object's pages are allocated and mapped in the kernel.
 *
 * Return: The object, or an ERR_PTR().
 */
struct tyr_kernel_bo *tyr_kernel_bo_create(struct tyr_device *tdev,
					   size_t size, const char *label)
{
	struct tyr_kernel_bo *kbo;
	int ret;

	kbo = kzalloc(sizeof(*kbo), GFP_KERNEL);
	if (!kbo)
		return ERR_PTR(-ENOMEM);

	kbo->obj = tyr_gem_create(tdev, size, DRM_PANTHOR_BO_NO_MMAP);
	if (IS_ERR(kbo->obj)) {
		ret = PTR_ERR(kbo->obj);
		goto err_free;
	}
	kbo->obj->label = label;
	kbo->obj->kernel_label = true;

	ret = drm_gem_vmap_unlocked(&kbo->obj->base.base, &kbo->map);
	if (ret)
		goto err_put;

	return kbo;

err_put:
	drm_gem_object_put(&kbo->obj->base.base);
err_free:
	kfree(kbo);
	return ERR_PTR(ret);
}

/**
 * tyr_kernel_bo_destroy() - Unmap and release a kernel buffer object
 * @bo: The object; NULL or an error pointer is ignored.
 */
void tyr_kernel_bo_destroy(struct tyr_kernel_bo *bo)
{
	if (IS_ERR_OR_NULL(bo))
		return;

	drm_gem_vunmap_unlocked(&bo->obj->base.base, &bo->map);
	drm_gem_object_put(&bo->obj->base.base);
	kfree(bo);
}

/**
 * tyr_ioctl_bo_create() - DRM_IOCTL_PANTHOR_BO_CREATE
 * @ddev: The DRM device.
 * @data: A &struct drm_panthor_bo_create.
 * @file: The DRM file that gets the handle.
 *
 * Return: 0 on success; -EINVAL for unknown flags, a zero size, non-zero
 * padding or an exclusive VM the file does not have; -ENOMEM.
 */
int tyr_ioctl_bo_create(struct drm_device *ddev, void *data,
			struct drm_file *file)
{
	struct tyr_file *tfile = file->driver_priv;
	struct drm_panthor_bo_create *args = data;
	struct tyr_vm *vm = NULL;
	struct tyr_gem_object *bo;
	int ret;

	if (!args->size || args->pad || (args->flags & ~TYR_BO_FLAGS))
		return -EINVAL;

	if (args->exclusive_vm_id) {
		vm = tyr_vm_pool_get(&tfile->vms, args->exclusive_vm_id);
		if (!vm)
			return -EINVAL;
	}

	bo = tyr_gem_create(to_tyr_device(ddev), args->size, args->flags);
	if (IS_ERR(bo)) {
		tyr_vm_put(vm);
		return PTR_ERR(bo);
	}

	if (vm) {
		/* Before anyone else can see the object. */
		bo->exclusive_vm_resv = vm->base.r_obj;
		drm_gem_object_get(bo->exclusive_vm_resv);
		bo->base.base.resv = bo->exclusive_vm_resv->resv;
		tyr_vm_put(vm);
	}

	ret = drm_gem_handle_create(file, &bo->base.base, &args->handle);
	if (!ret)
		args->size = bo->base.base.size;

	/* The handle, if any, holds the object now. */
	drm_gem_object_put(&bo->base.base);
	return ret;
}

/*
 * The object behind a handle of an ioctl whose padding must be zero:
 * -EINVAL for padding, -ENOENT for a bad handle.
 */
static struct tyr_gem_object *tyr_gem_lookup(struct drm_file *file,
					     u32 handle, u32 pad)
{
	struct drm_gem_object *obj;

	if (pad)
		return ERR_PTR(-EINVAL);

	obj = drm_gem_object_lookup(file, handle);
	return obj ? to_tyr_bo(obj) : ERR_PTR(-ENOENT);
}

/**
 * tyr_ioctl_bo_mmap_offset() - DRM_IOCTL_PANTHOR_BO_MMAP_OFFSET
 * @ddev: The DRM device.
 * @data: A &struct drm_panthor_bo_mmap_offset.
 * @file: The DRM file owning the handle.
 *
 * Return: 0 on success; -ENOENT for a bad handle; -EINVAL for a non-zero pad
 * or an object created with DRM_PANTHOR_BO_NO_MMAP.
 */
int tyr_ioctl_bo_mmap_offset(struct drm_device *ddev, void *data,
			     struct drm_file *file)
{
	struct drm_panthor_bo_mmap_offset *args = data;
	struct tyr_gem_object *bo;
	int ret = -EINVAL;

	bo = tyr_gem_lookup(file, args->handle, args->pad);
	if (IS_ERR(bo))
		return PTR_ERR(bo);

	if (!(bo->flags & DRM_PANTHOR_BO_NO_MMAP)) {
		ret = drm_gem_create_mmap_offset(&bo->base.base);
		if (!ret)
			args->offset = drm_vma_node_offset_addr(&bo->base.base.vma_node);
	}

	drm_gem_object_put(&bo->base.base);
	return ret;
}

/**
 * tyr_ioctl_bo_set_label() - DRM_IOCTL_PANTHOR_BO_SET_LABEL
 * @ddev: The DRM device.
 * @data: A &struct drm_panthor_bo_set_label.
 * @file: The DRM file owning the handle.
 *
 * Return: 0 on success; -ENOENT for a bad handle; -EINVAL for a non-zero pad;
 * -E2BIG for a label longer than %TYR_GEM_LABEL_MAX bytes with its NUL;
 * -EFAULT.
 */
int tyr_ioctl_bo_set_label(struct drm_device *ddev, void *data,
			   struct drm_file *file)
{
	struct drm_panthor_bo_set_label *args = data;
	struct tyr_gem_object *bo;
	char *label = NULL;
	const char *old;

	bo = tyr_gem_lookup(file, args->handle, args->pad);
	if (IS_ERR(bo))
		return PTR_ERR(bo);

	if (args->label) {
		label = strndup_user(u64_to_user_ptr(args->label),
				     TYR_GEM_LABEL_MAX);
		if (IS_ERR(label)) {
			drm_gem_object_put(&bo->base.base);
			/* strndup_user() says -EINVAL for too long. */
			return PTR_ERR(label) == -EINVAL ? -E2BIG :
			       PTR_ERR(label);
		}
	}

	mutex_lock(&bo->label_lock);
	old = bo->label;
	bo->label = label;
	mutex_unlock(&bo->label_lock);

	kfree(old);
	drm_gem_object_put(&bo->base.base);
	return 0;
}
