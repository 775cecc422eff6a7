// SPDX-License-Identifier: GPL-2.0 or MIT
/*
 * Tyr: DRM driver for Arm Mali GPUs built around a command stream frontend.
 *
 * Tyr speaks the uAPI of the panthor driver (include/uapi/drm/panthor_drm.h)
 * and registers under the DRM name "panthor", so that Mesa's panfrost and
 * panvk drivers work with it unmodified.
 */

#include <linux/compat.h>
#include <linux/device.h>
#include <linux/kstrtox.h>
#include <linux/mm.h>
#include <linux/mod_devicetable.h>
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/pm_runtime.h>
#include <linux/slab.h>
#include <linux/sysfs.h>
#include <linux/uaccess.h>
#include <linux/workqueue.h>

#include <drm/drm_debugfs.h>
#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_gem_shmem_helper.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_print.h>
#include <drm/panthor_drm.h>

#include "tyr_devfreq.h"
#include "tyr_device.h"
#include "tyr_drv.h"
#include "tyr_fw.h"
#include "tyr_gem.h"
#include "tyr_gpu.h"
#include "tyr_heap.h"
#include "tyr_pm.h"
#include "tyr_regs.h"
#include "tyr_sched.h"

/*
 * The smallest object a query accepts: the object as it was when the query
 * came into the uAPI. Fields added later are optional, as panthor has them.
 */
static u32 tyr_query_min_size(u32 type)
{
	switch (type) {
	case DRM_PANTHOR_DEV_QUERY_GPU_INFO:
		return offsetofend(struct drm_panthor_gpu_info, tiler_present);
	case DRM_PANTHOR_DEV_QUERY_CSIF_INFO:
		return sizeof(struct drm_panthor_csif_info);
	case DRM_PANTHOR_DEV_QUERY_TIMESTAMP_INFO:
		return offsetofend(struct drm_panthor_timestamp_info,
				   current_timestamp);
	case DRM_PANTHOR_DEV_QUERY_GROUP_PRIORITIES_INFO:
		return sizeof(struct drm_panthor_group_priorities_info);
	default:
		return 0;
	}
}

/*
 * Answer a DEV_QUERY with a kernel object, as the uAPI header specifies: a
 * query without a pointer learns the object's size. Otherwise the user's
 * object must be at least the query's smallest one (-EINVAL); min(size,
 * object size) bytes are copied, a larger user object is zero-filled past
 * ours, and size is left as it was.
 */
static int tyr_query_reply(struct drm_panthor_dev_query *args,
			   const void *obj, u32 obj_size)
{
	void __user *uptr = u64_to_user_ptr(args->pointer);

	if (!args->pointer) {
		args->size = obj_size;
		return 0;
	}

	if (args->size < tyr_query_min_size(args->type))
		return -EINVAL;

	if (copy_to_user(uptr, obj, min(args->size, obj_size)))
		return -EFAULT;

	if (args->size > obj_size &&
	    clear_user(uptr + obj_size, args->size - obj_size))
		return -EFAULT;

	return 0;
}

/*
 * The only query that needs the GPU powered: it reads the live counter, so
 * it fails with -ENODEV once the device is unplugged.
 */
static int tyr_query_timestamp(struct tyr_device *tdev,
			       struct drm_panthor_timestamp_info *info)
{
	int cookie, ret;

	if (!drm_dev_enter(&tdev->base, &cookie))
		return -ENODEV;

	ret = tyr_pm_get(tdev);
	if (!ret) {
		info->timestamp_frequency = tyr_gpu_timestamp_hz();
		info->current_timestamp = tyr_read64_counter(tdev,
							     TYR_TIMESTAMP);
		info->timestamp_offset = tyr_read64(tdev,
						    TYR_TIMESTAMP_OFFSET);
		tyr_pm_put(tdev);
	}

	drm_dev_exit(cookie);
	return ret;
}

/**
 * tyr_ioctl_dev_query() - DRM_IOCTL_PANTHOR_DEV_QUERY
 * @ddev: The DRM device.
 * @data: A &struct drm_panthor_dev_query.
 * @file: The DRM file asking.
 *
 * GPU_INFO and CSIF_INFO are answered from what probe and the firmware's
 * last boot cached and leave a suspended GPU alone; TIMESTAMP_INFO resumes
 * it. GROUP_PRIORITIES_INFO depends on the caller's privileges.
 *
 * Return: 0 on success, -EINVAL for an unknown query type or a user object
 * smaller than the query's first version, -EFAULT for a bad user pointer,
 * -EIO if the GPU is needed and unusable, -ENODEV for
 * CSIF_INFO when the firmware never booted and for TIMESTAMP_INFO once the
 * device is unplugged.
 */
int tyr_ioctl_dev_query(struct drm_device *ddev, void *data,
			struct drm_file *file)
{
	struct tyr_device *tdev = to_tyr_device(ddev);
	struct drm_panthor_dev_query *args = data;
	struct drm_panthor_group_priorities_info priorities;
	struct drm_panthor_timestamp_info timestamp;
	struct drm_panthor_csif_info csif;
	int ret;

	switch (args->type) {
	case DRM_PANTHOR_DEV_QUERY_GPU_INFO:
		return tyr_query_reply(args, &tdev->gpu_info,
				       sizeof(tdev->gpu_info));
	case DRM_PANTHOR_DEV_QUERY_CSIF_INFO:
		ret = tyr_mcu_csif_info(tdev, &csif);
		if (ret)
			return ret;
		return tyr_query_reply(args, &csif, sizeof(csif));
	case DRM_PANTHOR_DEV_QUERY_TIMESTAMP_INFO:
		if (!args->pointer ||
		    args->size < tyr_query_min_size(args->type))
			return tyr_query_reply(args, NULL, sizeof(timestamp));
		ret = tyr_query_timestamp(tdev, &timestamp);
		if (ret)
			return ret;
		return tyr_query_reply(args, &timestamp, sizeof(timestamp));
	case DRM_PANTHOR_DEV_QUERY_GROUP_PRIORITIES_INFO:
		memset(&priorities, 0, sizeof(priorities));
		priorities.allowed_mask = tyr_sched_allowed_priorities(file);
		return tyr_query_reply(args, &priorities, sizeof(priorities));
	default:
		return -EINVAL;
	}
}

/**
 * tyr_ioctl_set_user_mmio_offset() - DRM_IOCTL_PANTHOR_SET_USER_MMIO_OFFSET
 * @ddev: The DRM device.
 * @data: A &struct drm_panthor_set_user_mmio_offset.
 * @file: The DRM file whose offset changes, for later mmap() calls.
 *
 * Return: 0, or -EINVAL for an offset that is neither of the two the uAPI
 * defines (or the 64-bit one on a kernel whose mmap offsets cannot reach it).
 */
int tyr_ioctl_set_user_mmio_offset(struct drm_device *ddev, void *data,
				   struct drm_file *file)
{
	struct drm_panthor_set_user_mmio_offset *args = data;
	struct tyr_file *tfile = file->driver_priv;

	if (args->offset != DRM_PANTHOR_USER_MMIO_OFFSET_32BIT &&
	    (args->offset != DRM_PANTHOR_USER_MMIO_OFFSET_64BIT ||
	     sizeof(unsigned long) < 8))
		return -EINVAL;

	WRITE_ONCE(tfile->user_mmio_offset, args->offset);
	return 0;
}

/*
 * fdinfo, as the DRM usage-stats document defines it: GPU time, cycles and
 * clock rates, then memory.
 */
static void tyr_show_fdinfo(struct drm_printer *p, struct drm_file *file)
{
	struct tyr_file *tfile = file->driver_priv;

	tyr_sched_show_fdinfo(to_tyr_device(file->minor->dev), &tfile->groups,
			      p);
	drm_show_memory_stats(p, file);
}

static int tyr_open(struct drm_device *ddev, struct drm_file *file)
{
	struct tyr_file *tfile;
	int ret;

	tfile = kzalloc(sizeof(*tfile), GFP_KERNEL);
	if (!tfile)
		return -ENOMEM;

	ret = tyr_group_pool_init(&tfile->groups);
	if (ret) {
		kfree(tfile);
		return ret;
	}

	/* What DRM_PANTHOR_USER_MMIO_OFFSET gives the caller's userspace. */
	if (sizeof(unsigned long) < 8 || in_compat_syscall())
		tfile->user_mmio_offset = DRM_PANTHOR_USER_MMIO_OFFSET_32BIT;
	else
		tfile->user_mmio_offset = DRM_PANTHOR_USER_MMIO_OFFSET_64BIT;

	tyr_vm_pool_init(&tfile->vms);
	file->driver_priv = tfile;
	return 0;
}

static void tyr_postclose(struct drm_device *ddev, struct drm_file *file)
{
	struct tyr_file *tfile = file->driver_priv;

	/* Groups first: their queues live in the VMs. */
	tyr_group_pool_destroy(&tfile->groups);
	tyr_vm_pool_destroy(&tfile->vms);
	kfree(tfile);
}

static vm_fault_t tyr_user_mmio_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct tyr_device *tdev = vma->vm_private_data;
	vm_fault_t ret;
	int cookie;

	if (!drm_dev_enter(&tdev->base, &cookie))
		return VM_FAULT_SIGBUS;

	mutex_lock(&tdev->pm.mmio_lock);
	ret = vmf_insert_pfn(vma, vmf->address, tyr_pm_user_page_pfn(tdev));
	mutex_unlock(&tdev->pm.mmio_lock);

	drm_dev_exit(cookie);
	return ret;
}

static const struct vm_operations_struct tyr_user_mmio_vm_ops = {
	.fault = tyr_user_mmio_fault,
};

/*
 * The only MMIO region userspace maps: the USER page with LATEST_FLUSH_ID,
 * one page, read-only and shared (a private mapping of device memory makes
 * no sense). Its pages are inserted on fault, see tyr_pm.c.
 */
static int tyr_mmap_user_mmio(struct tyr_device *tdev,
			      struct vm_area_struct *vma, u64 offset)
{
	if (!(vma->vm_flags & VM_SHARED) ||
	    offset != DRM_PANTHOR_USER_FLUSH_ID_MMIO_OFFSET -
		      DRM_PANTHOR_USER_MMIO_OFFSET ||
	    vma->vm_end - vma->vm_start != PAGE_SIZE ||
	    (vma->vm_flags & (VM_WRITE | VM_EXEC)))
		return -EINVAL;

	vm_flags_clear(vma, VM_MAYWRITE | VM_MAYEXEC);
	vm_flags_set(vma, VM_IO | VM_PFNMAP | VM_DONTCOPY | VM_DONTEXPAND |
		     VM_DONTDUMP | VM_NORESERVE);
#if !IS_ENABLED(CONFIG_DRM_TYR_MODEL)
	/* Device memory; the model's page is ordinary memory. */
	vma->vm_page_prot = pgprot_noncached(vma->vm_page_prot);
#endif
	vma->vm_private_data = tdev;
	vma->vm_ops = &tyr_user_mmio_vm_ops;
	return 0;
}

static int tyr_mmap(struct file *filp, struct vm_area_struct *vma)
{
	struct drm_file *file = filp->private_data;
	struct tyr_file *tfile = file->driver_priv;
	u64 mmio = READ_ONCE(tfile->user_mmio_offset);
	u64 offset = (u64)vma->vm_pgoff << PAGE_SHIFT;

	if (offset >= mmio)
		return tyr_mmap_user_mmio(to_tyr_device(file->minor->dev), vma,
					  offset - mmio);

	return drm_gem_mmap(filp, vma);
}

static const struct drm_ioctl_desc tyr_ioctls[] = {
	DRM_IOCTL_DEF_DRV(PANTHOR_DEV_QUERY, tyr_ioctl_dev_query,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(PANTHOR_VM_CREATE, tyr_ioctl_vm_create,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(PANTHOR_GROUP_CREATE, tyr_ioctl_group_create,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(PANTHOR_GROUP_DESTROY, tyr_ioctl_group_destroy,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(PANTHOR_GROUP_SUBMIT, tyr_ioctl_group_submit,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(PANTHOR_GROUP_GET_STATE, tyr_ioctl_group_get_state,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(PANTHOR_TILER_HEAP_CREATE,
			  tyr_ioctl_tiler_heap_create, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(PANTHOR_TILER_HEAP_DESTROY,
			  tyr_ioctl_tiler_heap_destroy, DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(PANTHOR_VM_DESTROY, tyr_ioctl_vm_destroy,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(PANTHOR_VM_BIND, tyr_ioctl_vm_bind,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(PANTHOR_VM_GET_STATE, tyr_ioctl_vm_get_state,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(PANTHOR_BO_CREATE, tyr_ioctl_bo_create,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(PANTHOR_BO_MMAP_OFFSET, tyr_ioctl_bo_mmap_offset,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(PANTHOR_BO_SET_LABEL, tyr_ioctl_bo_set_label,
			  DRM_RENDER_ALLOW),
	DRM_IOCTL_DEF_DRV(PANTHOR_SET_USER_MMIO_OFFSET,
			  tyr_ioctl_set_user_mmio_offset, DRM_RENDER_ALLOW),
};

static const struct file_operations tyr_drm_fops = {
	.owner = THIS_MODULE,
	.open = drm_open,
	.release = drm_release,
	.llseek = noop_llseek,
	.read = drm_read,
	.poll = drm_poll,
	.unlocked_ioctl = drm_ioctl,
	.compat_ioctl = drm_compat_ioctl,
	.mmap = tyr_mmap,
	.show_fdinfo = drm_show_fdinfo,
	.fop_flags = FOP_UNSIGNED_OFFSET,
};

static int tyr_debugfs_gems_show(struct seq_file *m, void *data)
{
	struct drm_debugfs_entry *entry = m->private;
	struct drm_printer p = drm_seq_file_printer(m);

	tyr_gem_describe(to_tyr_device(entry->dev), &p);
	return 0;
}

static int tyr_debugfs_vms_show(struct seq_file *m, void *data)
{
	struct drm_debugfs_entry *entry = m->private;
	struct drm_printer p = drm_seq_file_printer(m);

	tyr_mmu_describe(to_tyr_device(entry->dev), &p);
	return 0;
}

static int tyr_debugfs_groups_show(struct seq_file *m, void *data)
{
	struct drm_debugfs_entry *entry = m->private;
	struct drm_printer p = drm_seq_file_printer(m);

	tyr_sched_describe(to_tyr_device(entry->dev), &p);
	return 0;
}

#if IS_ENABLED(CONFIG_DRM_TYR_MODEL)
/* "model_instructions": the command stream instructions the model ran. */
static int tyr_debugfs_model_show(struct seq_file *m, void *data)
{
	struct drm_debugfs_entry *entry = m->private;
	struct tyr_device *tdev = to_tyr_device(entry->dev);
	struct tyr_model_stats *stats;
	const char *name;
	unsigned int op;

	stats = kmalloc(sizeof(*stats), GFP_KERNEL);
	if (!stats)
		return -ENOMEM;

	tyr_model_get_stats(tdev->model, stats);
	for (op = 0; op < TYR_MODEL_CS_OPCODES; op++) {
		if (!stats->cs_instructions[op])
			continue;
		name = tyr_model_cs_op_name(op);
		seq_printf(m, "%2u %-22s %u\n", op, name ?: "?",
			   stats->cs_instructions[op]);
	}
	kfree(stats);
	return 0;
}
#endif

/*
 * Called before drm_dev_register(), which creates the files: render-only
 * devices get no &drm_driver.debugfs_init call.
 */
static void tyr_debugfs_init(struct tyr_device *tdev)
{
	drm_debugfs_add_file(&tdev->base, "gems", tyr_debugfs_gems_show, NULL);
	drm_debugfs_add_file(&tdev->base, "vms", tyr_debugfs_vms_show, NULL);
	drm_debugfs_add_file(&tdev->base, "groups", tyr_debugfs_groups_show,
			     NULL);
#if IS_ENABLED(CONFIG_DRM_TYR_MODEL)
	drm_debugfs_add_file(&tdev->base, "model_instructions",
			     tyr_debugfs_model_show, NULL);
#endif
}

/*
 * uAPI versions:
 * - 1.0: DEV_QUERY of GPU_INFO and CSIF_INFO.
 * - 1.1: DEV_QUERY of TIMESTAMP_INFO.
 *
 * Also implemented, but not announced until the versions before them are:
 * BO_CREATE, BO_MMAP_OFFSET, VM_CREATE, VM_DESTROY, VM_BIND and VM_GET_STATE
 * (1.0), BO_SET_LABEL (1.4) and SET_USER_MMIO_OFFSET (1.5).
 */
const struct drm_driver tyr_drm_driver = {
	.driver_features = DRIVER_RENDER | DRIVER_GEM | DRIVER_GEM_GPUVA |
			   DRIVER_SYNCOBJ | DRIVER_SYNCOBJ_TIMELINE,
	.open = tyr_open,
	.postclose = tyr_postclose,
	.show_fdinfo = tyr_show_fdinfo,
	.ioctls = tyr_ioctls,
	.num_ioctls = ARRAY_SIZE(tyr_ioctls),
	.fops = &tyr_drm_fops,
	.gem_create_object = tyr_gem_create_object,
	.gem_prime_import_sg_table = tyr_gem_prime_import_sg_table,
	.name = "panthor",
	.desc = "Tyr, DRM driver for Arm Mali CSF GPUs (panthor uAPI)",
	.major = TYR_UAPI_MAJOR,
	.minor = TYR_UAPI_MINOR,
};

#if IS_ENABLED(CONFIG_DRM_TYR_MODEL)
static void tyr_platform_destroy_model(void *model)
{
	tyr_model_destroy(model);
}

static int tyr_platform_map_registers(struct platform_device *pdev,
				      struct tyr_device *tdev)
{
	struct tyr_model *model;

	/* The window must be described even though nothing is mapped. */
	if (!platform_get_resource(pdev, IORESOURCE_MEM, 0))
		return dev_err_probe(&pdev->dev, -EINVAL,
				     "no register window\n");

	model = tyr_model_create(&pdev->dev, NULL);
	if (IS_ERR(model))
		return PTR_ERR(model);

	tdev->model = model;
	dev_info(&pdev->dev, "registers served by the Mali-G610 software model\n");
	return devm_add_action_or_reset(&pdev->dev, tyr_platform_destroy_model,
					model);
}
#else
static int tyr_platform_map_registers(struct platform_device *pdev,
				      struct tyr_device *tdev)
{
	struct resource *res;

	tdev->iomem = devm_platform_get_and_ioremap_resource(pdev, 0, &res);
	if (IS_ERR(tdev->iomem))
		return PTR_ERR(tdev->iomem);

	tdev->phys_base = res->start;
	return 0;
}
#endif

static int tyr_platform_get_resources(struct platform_device *pdev,
				      struct tyr_device *tdev)
{
	unsigned int i;
	int irq, ret;

	ret = tyr_pm_get_resources(tdev);
	if (ret)
		return ret;

	ret = tyr_devfreq_opp_init(tdev);
	if (ret)
		return ret;

	for (i = 0; i < TYR_IRQ_BLOCK_COUNT; i++) {
		irq = platform_get_irq_byname(pdev, tyr_irq_block_name(i));
		if (irq < 0)
			return irq;
		tdev->irq_lines[i] = irq;
	}

	return tyr_platform_map_registers(pdev, tdev);
}

static int tyr_probe(struct platform_device *pdev)
{
	struct tyr_device *tdev;
	int ret;

	tdev = devm_drm_dev_alloc(&pdev->dev, &tyr_drm_driver,
				  struct tyr_device, base);
	if (IS_ERR(tdev))
		return PTR_ERR(tdev);

	platform_set_drvdata(pdev, tdev);

	ret = tyr_platform_get_resources(pdev, tdev);
	if (ret)
		return ret;

	/* From here on, the device-managed teardown powers the GPU down. */
	ret = tyr_pm_init(tdev);
	if (ret)
		return ret;

	ret = tyr_device_init(tdev);
	if (ret)
		return dev_err_probe(&pdev->dev, ret, "GPU bring-up failed\n");

	ret = tyr_fw_init(tdev);
	if (ret)
		goto err_fini;

	ret = tyr_sched_init(tdev);
	if (ret)
		goto err_fini;

	ret = tyr_devfreq_init(tdev);
	if (ret)
		goto err_fini;

	tyr_debugfs_init(tdev);
	ret = drm_dev_register(&tdev->base, 0);
	if (ret)
		goto err_fini;
	tyr_mmu_debugfs_register(tdev);

	tyr_pm_put(tdev);
	return 0;

err_fini:
	tyr_device_fini(tdev, true);
	return ret;
}

static void tyr_remove(struct platform_device *pdev)
{
	struct tyr_device *tdev = platform_get_drvdata(pdev);

	/* Open files keep the DRM device, but their ioctls now fail. */
	drm_dev_unplug(&tdev->base);
	tyr_device_remove(tdev);
}

/*
 * "profiling": what the GPU measures of the jobs submitted from now on, for
 * fdinfo (bit 0 cycles, bit 1 time), as panthor's attribute of that name.
 */
static ssize_t profiling_show(struct device *dev,
			      struct device_attribute *attr, char *buf)
{
	struct tyr_device *tdev = dev_get_drvdata(dev);

	return sysfs_emit(buf, "%u\n", READ_ONCE(tdev->sched.profiling));
}

static ssize_t profiling_store(struct device *dev,
			       struct device_attribute *attr, const char *buf,
			       size_t len)
{
	struct tyr_device *tdev = dev_get_drvdata(dev);
	u32 mask;
	int ret;

	ret = kstrtou32(buf, 0, &mask);
	if (ret)
		return ret;

	ret = tyr_sched_set_profiling(tdev, mask);
	return ret ?: len;
}
static DEVICE_ATTR_RW(profiling);

static struct attribute *tyr_attrs[] = {
	&dev_attr_profiling.attr,
	NULL
};
ATTRIBUTE_GROUPS(tyr);

static const struct of_device_id tyr_of_match[] = {
	{ .compatible = "rockchip,rk3588-mali" },
	{ .compatible = "arm,mali-valhall-csf" },
	{ }
};
MODULE_DEVICE_TABLE(of, tyr_of_match);

static struct platform_driver tyr_platform_driver = {
	.probe = tyr_probe,
	.remove = tyr_remove,
	.driver = {
		.name = "tyr",
		.of_match_table = tyr_of_match,
		.dev_groups = tyr_groups,
		.pm = pm_ptr(&tyr_pm_ops),
	},
};

/*
 * Releases that cannot run where the last reference goes (see
 * tyr_vm_free()). The objects released there hold a reference to their DRM
 * device, so the workqueue is not the device's: it lives as long as the
 * module, and unloading the module drains it.
 */
struct workqueue_struct *tyr_cleanup_wq;

static int __init tyr_init(void)
{
	int ret;

	tyr_cleanup_wq = alloc_workqueue("tyr-cleanup", 0, 0);
	if (!tyr_cleanup_wq)
		return -ENOMEM;

	ret = platform_driver_register(&tyr_platform_driver);
	if (ret)
		destroy_workqueue(tyr_cleanup_wq);
	return ret;
}
module_init(tyr_init);

static void __exit tyr_exit(void)
{
	platform_driver_unregister(&tyr_platform_driver);
	destroy_workqueue(tyr_cleanup_wq);
}
module_exit(tyr_exit);

MODULE_FIRMWARE("arm/mali/arch10.8/mali_csffw.bin");
MODULE_AUTHOR("Tyr Developers");
MODULE_DESCRIPTION("Tyr: DRM driver for Arm Mali CSF GPUs");
MODULE_LICENSE("Dual MIT/GPL");
