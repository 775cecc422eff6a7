/* SPDX-License-Identifier: GPL-2.0 or MIT */
#ifndef __TYR_GPU_H__
#define __TYR_GPU_H__

#include <linux/types.h>

#include "tyr_regs.h"

struct drm_panthor_gpu_info;
struct tyr_device;

/* How long the GPU may take to complete a reset (soft, then hard). */
#define TYR_GPU_RESET_TIMEOUT_MS	100

/* How long a power domain may take to switch. */
#define TYR_GPU_PWR_TIMEOUT_US		20000

/* How long a cache flush may take. */
#define TYR_GPU_FLUSH_TIMEOUT_MS	100

int tyr_gpu_init(struct tyr_device *tdev);
void tyr_gpu_fini(struct tyr_device *tdev);
int tyr_gpu_soft_reset(struct tyr_device *tdev);
int tyr_gpu_power_on(struct tyr_device *tdev, enum tyr_pwr_domain domain,
		     u64 cores, u32 timeout_us);
int tyr_gpu_power_off(struct tyr_device *tdev, enum tyr_pwr_domain domain,
		      u64 cores, u32 timeout_us);
int tyr_gpu_l2_power_on(struct tyr_device *tdev);
int tyr_gpu_l2_power_off(struct tyr_device *tdev);
int tyr_gpu_flush_caches(struct tyr_device *tdev, u32 l2, u32 lsc, u32 other);
void tyr_gpu_read_info(struct tyr_device *tdev,
		       struct drm_panthor_gpu_info *info);
const char *tyr_gpu_name(u32 gpu_id);
u64 tyr_gpu_timestamp_hz(void);

#endif /* __TYR_GPU_H__ */
