/* SPDX-License-Identifier: GPL-2.0 or MIT */
#ifndef __TYR_DRV_H__
#define __TYR_DRV_H__

#include <linux/types.h>

#include "tyr_mmu.h"
#include "tyr_sched.h"

struct drm_device;
struct drm_driver;
struct drm_file;
struct workqueue_struct;

/**
 * struct tyr_file - What Tyr keeps per DRM file
 */
struct tyr_file {
	/**
	 * @user_mmio_offset: File offset of the MMIO regions exposed to this
	 * file's user (DRM_PANTHOR_USER_MMIO_OFFSET_32BIT or _64BIT).
	 */
	u64 user_mmio_offset;

	/** @vms: The file's VMs. */
	struct tyr_vm_pool vms;

	/** @groups: The file's groups. */
	struct tyr_group_pool groups;
};

/*
 * Version of the panthor uAPI that Tyr implements, all of it: 1.1 adds the
 * TIMESTAMP_INFO query, 1.2 the GROUP_PRIORITIES_INFO query and the REALTIME
 * priority, 1.3 the INNOCENT group state, 1.4 BO_SET_LABEL and 1.5
 * SET_USER_MMIO_OFFSET.
 */
#define TYR_UAPI_MAJOR	1
#define TYR_UAPI_MINOR	5

extern const struct drm_driver tyr_drm_driver;
extern struct workqueue_struct *tyr_cleanup_wq;

int tyr_ioctl_dev_query(struct drm_device *ddev, void *data,
			struct drm_file *file);
int tyr_ioctl_set_user_mmio_offset(struct drm_device *ddev, void *data,
				   struct drm_file *file);

#endif /* __TYR_DRV_H__ */
