/* SPDX-License-Identifier: GPL-2.0 or MIT */
#ifndef __TYR_SCHED_H__
#define __TYR_SCHED_H__

#include <linux/bits.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "tyr_mcu.h"

struct drm_device;
struct drm_file;
struct drm_printer;
struct tyr_device;
struct tyr_group;
struct tyr_vm;

/* Time a job may run before its group is declared hung. */
#define TYR_SCHED_JOB_TIMEOUT_MS	2000

/* Time slice of a group when others wait for a slot. */
#define TYR_SCHED_TICK_MS		10

/* Time the firmware has to acknowledge a group state change. */
#define TYR_SCHED_CSG_TIMEOUT_MS	100

/**
 * struct tyr_sched - Scheduling of groups on the firmware's group slots
 */
struct tyr_sched {
	/**
	 * @lock: Protects @slots, @waiting and the slot and residency of
	 * every group; held across group state changes.
	 */
	struct mutex lock;

	/** @slots: Group in each CSG slot, NULL for a free one. */
	struct tyr_group *slots[TYR_MCU_MAX_CSG];

	/** @groups: Every group of the device not destroyed yet. */
	struct list_head groups;

	/**
	 * @group_count: Groups not released yet, destroyed ones included,
	 * for debugfs.
	 */
	atomic_t group_count;

	/** @job_count: Jobs not freed yet, for debugfs. */
	atomic_t job_count;

	/** @waiting: Groups with work that wait for a slot, oldest first. */
	struct list_head waiting;

	/** @wq: Runs @work. */
	struct workqueue_struct *wq;

	/** @queue_wq: Where the queues' drm_sched schedulers run jobs. */
	struct workqueue_struct *queue_wq;

	/** @work: Hands slots out, processes events. */
	struct work_struct work;

	/** @events_lock: Protects @events and @oom. */
	spinlock_t events_lock;

	/** @events: Slots with firmware events not processed yet. */
	u32 events;

	/** @ack_wq: Woken when the firmware acknowledges a group request. */
	wait_queue_head_t ack_wq;

	/** @job_timeout_ms: Job timeout of groups created from now on. */
	unsigned int job_timeout_ms;

	/** @tick: Rotates groups on the slots while some wait. */
	struct delayed_work tick;

	/**
	 * @paused: From a suspend (or reset) until the resume, no group gets
	 * a slot. Protected by @lock.
	 */
	bool paused;

	/** @evictions: Idle groups suspended to free a slot, for tests. */
	unsigned int evictions;

	/** @rotations: Busy groups suspended for others, for tests. */
	unsigned int rotations;

	/** @preemptions: Busy groups suspended for a realtime one, for tests. */
	unsigned int preemptions;

	/** @reset_saves: Groups suspended before a reset, for tests. */
	unsigned int reset_saves;

	/**
	 * @oom: Per slot, the streams that raised TILER_OOM and wait for
	 * @oom_work. Protected by @events_lock.
	 */
	u32 oom[TYR_MCU_MAX_CSG];

	/** @heap_wq: Runs @oom_work, which allocates memory. */
	struct workqueue_struct *heap_wq;

	/** @oom_work: Grows the heaps of streams out of tiler memory. */
	struct work_struct oom_work;

	/** @heap_chunks: Chunks given to streams out of memory, for tests. */
	unsigned int heap_chunks;

	/** @ready: The scheduler is set up. */
	bool ready;

	/**
	 * @profiling: What the GPU measures of the jobs submitted from now
	 * on (TYR_PROFILE_*), see tyr_sched_set_profiling().
	 */
	u32 profiling;
};

/* Counters a profiled job samples. */
#define TYR_PROFILE_CYCLES		BIT(0)
#define TYR_PROFILE_TIMESTAMP		BIT(1)
#define TYR_PROFILE_ALL			(TYR_PROFILE_CYCLES | \
					 TYR_PROFILE_TIMESTAMP)

struct tyr_usage;

/**
 * struct tyr_group_pool - The groups of a DRM file
 */
struct tyr_group_pool {
	/** @xa: The groups, handles from 1. */
	struct xarray xa;

	/** @usage: What the GPU measured of the file's jobs. */
	struct tyr_usage *usage;
};

int tyr_sched_init(struct tyr_device *tdev);
void tyr_sched_fini(struct tyr_device *tdev);
void tyr_sched_irq(struct tyr_device *tdev, u32 slots);
void tyr_sched_suspend(struct tyr_device *tdev);
void tyr_sched_resume(struct tyr_device *tdev);
void tyr_sched_reset(struct tyr_device *tdev);
void tyr_sched_fail(struct tyr_device *tdev);
void tyr_sched_vm_fault(struct tyr_device *tdev, struct tyr_vm *vm);
void tyr_sched_describe(struct tyr_device *tdev, struct drm_printer *p);

u8 tyr_sched_allowed_priorities(struct drm_file *file);
int tyr_sched_set_profiling(struct tyr_device *tdev, u32 mask);
void tyr_sched_show_fdinfo(struct tyr_device *tdev,
			   struct tyr_group_pool *pool, struct drm_printer *p);

int tyr_group_pool_init(struct tyr_group_pool *pool);
void tyr_group_pool_destroy(struct tyr_group_pool *pool);

int tyr_ioctl_group_create(struct drm_device *ddev, void *data,
			   struct drm_file *file);
int tyr_ioctl_group_destroy(struct drm_device *ddev, void *data,
			    struct drm_file *file);
int tyr_ioctl_group_submit(struct drm_device *ddev, void *data,
			   struct drm_file *file);
int tyr_ioctl_group_get_state(struct drm_device *ddev, void *data,
			      struct drm_file *file);

#if IS_ENABLED(CONFIG_DRM_TYR_KUNIT_TEST)
struct dma_fence;

bool tyr_sched_fence_in_flight(struct dma_fence *done);
#endif

#endif /* __TYR_SCHED_H__ */
