/* SPDX-License-Identifier: GPL-2.0 or MIT */
#ifndef __TYR_DRV_H__
#define __TYR_DRV_H__

struct drm_device;
struct drm_driver;
struct drm_file;

/* Version of the panthor uAPI that Tyr implements. */
#define TYR_UAPI_MAJOR	1
#define TYR_UAPI_MINOR	1

extern const struct drm_driver tyr_drm_driver;

int tyr_ioctl_dev_query(struct drm_device *ddev, void *data,
			struct drm_file *file);

#endif /* __TYR_DRV_H__ */
