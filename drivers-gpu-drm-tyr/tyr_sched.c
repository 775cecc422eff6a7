// SPDX-License-Identifier: GPL-2.0 or MIT
/**
 * DOC: Scheduler
 *
 * Userspace creates groups of queues (GROUP_CREATE): each queue gets a
 * ring buffer in the group's VM, the ring's control block (insert and
 * extract counters) in the firmware's VM, and a 64-bit sync object that
 * counts the jobs the queue finished. Every queue has its own drm_sched
 * scheduler and entity, so that a job runs once its dependencies (syncobj
 * waits, and the jobs before it on the queue) are met; the credits of a
 * queue are the slots of its ring.
 *
 * A job is written into the ring as: a cache flush unless the flush id
 * given by userspace says it already happened, a CALL of the user's
 * command stream, a flush, and an increment of the queue's sync object
 * (which carries the errors of the stream). The job's fence signals when
 * the firmware reports a sync update and the sync object reached the job's
 * number.
 *
 * The firmware runs a group once it holds one of the group slots (CSGs).
 * A group with work gets a free slot, or the slot of a resident group that
 * has nothing left to do, which is suspended to its suspend buffer first.
 * Otherwise it waits, in priority order; every %TYR_SCHED_TICK_MS
 * milliseconds while groups wait, the busy group resident the longest (of
 * a priority no higher than the first waiting one's) is suspended and
 * queued behind them; a realtime group does not wait for the tick, it
 * takes the slot of the busy group of the lowest priority at once. While a
 * group holds a slot, its VM holds an address space.
 *
 * A job that does not finish within the timeout marks its group timed out;
 * a stream fault or fatal error, or a fault in the group's VM, marks it
 * faulty. Either way the group is terminated, its unfinished jobs fail, and
 * later submissions are refused: GROUP_GET_STATE tells userspace. Other
 * groups keep running. Should the firmware not answer, the GPU is reset:
 * the groups it can still suspend resume afterwards, the others die,
 * flagged innocent unless they were the ones at fault.
 *
 * A stream whose tiler heap is full raises TILER_OOM and waits: a work
 * item, on its own workqueue since it allocates memory, asks the heap for
 * a chunk and hands it (or none, see tyr_heap_grow()) to the stream. A
 * heap the group's VM does not have marks the group faulty.
 *
 * A job holds a runtime-PM reference from its submission until it is
 * done (resuming the GPU when it runs would be in the fence signalling
 * path), and counts as GPU activity for devfreq while it runs.
 */

#include <linux/bitfield.h>
#include <linux/dma-fence.h>
#include <linux/log2.h>
#include <linux/math64.h>
#include <linux/pm_runtime.h>
#include <linux/sizes.h>
#include <linux/slab.h>

#include <drm/drm_auth.h>
#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_managed.h>
#include <drm/drm_print.h>
#include <drm/drm_syncobj.h>
#include <drm/gpu_scheduler.h>
#include <drm/panthor_drm.h>

#include "tyr_cs.h"
#include "tyr_devfreq.h"
#include "tyr_device.h"
#include "tyr_drv.h"
#include "tyr_fw_if.h"
#include "tyr_gem.h"
#include "tyr_gpu.h"
#include "tyr_heap.h"
#include "tyr_mcu.h"
#include "tyr_mmu.h"
#include "tyr_pm.h"
#include "tyr_sched.h"

/* Ring buffer sizes the uAPI allows. */
#define TYR_RING_MIN			SZ_4K
#define TYR_RING_MAX			SZ_64K

/*
 * Instructions a job takes in the ring (padded with NOPs): the ring's unit,
 * one drm_sched credit. A profiled job takes two.
 */
#define TYR_JOB_INSTRS			16
#define TYR_JOB_SIZE			(TYR_JOB_INSTRS * TYR_CS_INSTR_SIZE)
#define TYR_JOB_PROFILED_INSTRS		(2 * TYR_JOB_INSTRS)

/* A queue's sync object: a 64-bit value and a status word, 16 bytes. */
#define TYR_SYNC_SIZE			16

/* The ring control block: input, then output one cache line further. */
#define TYR_RING_CTL_OUTPUT		64

/* Highest stream priority. */
#define TYR_QUEUE_PRIO_MAX		15

/* Where a submitted stream may start: a cache line. */
#define TYR_STREAM_ALIGN		64

/* Groups a file may have at once, as many as panthor allows. */
#define TYR_GROUP_POOL_MAX		128

/* Stream events that interrupt the host. */
#define TYR_CS_IRQS			(TYR_CS_FATAL | TYR_CS_FAULT | \
					 TYR_CS_TILER_OOM)

/* Group acknowledgments and events that interrupt the host. */
#define TYR_CSG_IRQS			(TYR_CSG_STATE | TYR_CSG_ENDPOINT_CONFIG | \
					 TYR_CSG_STATUS_UPDATE | \
					 TYR_CSG_EVENT_MASK)

/*
 * What the GPU measured of a file's jobs, in timestamp ticks and cycles.
 * The file's groups share it, and may outlive the file.
 */
struct tyr_usage {
	struct kref refcount;
	atomic64_t ticks;
	atomic64_t cycles;
};

/* Where the ring of a profiled job stores the counters it samples. */
struct tyr_job_times {
	u64 cycles_before;
	u64 time_before;
	u64 cycles_after;
	u64 time_after;
};

struct tyr_queue {
	struct tyr_group *group;
	unsigned int index;
	u8 priority;

	/* Ring buffer, in the group's VM. */
	struct tyr_kmem ring;
	u32 ring_size;
	/* Its control block, in the firmware's VM. */
	struct tyr_kmem ctl;
	/* Bytes written into the ring so far. */
	u64 insert;

	/*
	 * The times of the profiled jobs that can be in the ring at once, in
	 * the group's VM; the next one to use, under &tyr_sched.lock.
	 */
	struct tyr_kmem times;
	u32 times_count;
	u32 times_next;

	struct drm_gpu_scheduler sched;
	struct drm_sched_entity entity;
	bool has_sched;

	/* Fences of the jobs that ran and did not finish, in order. */
	spinlock_t fence_lock;
	struct list_head in_flight;
	u64 fence_ctx;
	u64 seqno;
};

struct tyr_group {
	struct kref refcount;
	struct tyr_device *tdev;
	struct tyr_vm *vm;
	/* Its file's usage, with a reference. */
	struct tyr_usage *usage;

	u64 compute_mask;
	u64 fragment_mask;
	u64 tiler_mask;
	u8 max_compute;
	u8 max_fragment;
	u8 max_tiler;
	u8 priority;

	unsigned int queue_count;
	struct tyr_queue *queues[TYR_MCU_MAX_CS];

	/* Sync objects of the queues, in the group's VM. */
	struct tyr_kmem syncs;
	/* Where the firmware saves the group when it is suspended. */
	struct tyr_kmem suspend;

	/* The following are protected by &tyr_sched.lock. */
	struct list_head node;
	int slot;
	unsigned long resident_since;
	bool suspended;
	bool waiting;
	struct list_head wait_node;

	/* Frees the group from tyr_cleanup_wq, see tyr_group_release(). */
	struct work_struct release_work;

	/* Why the group died; written once, under &tyr_sched.lock. */
	bool timedout;
	bool innocent;
	bool destroyed;
	u32 fatal_queues;
	bool dead;
};

struct tyr_job {
	struct drm_sched_job base;
	struct tyr_queue *queue;
	u64 stream_addr;
	u32 stream_size;
	u32 latest_flush;
	/* What the GPU samples around it (TYR_PROFILE_*), and where. */
	u32 profile;
	u32 times_slot;

	/* The fence the ring signals, set up when the job runs. */
	struct dma_fence *done;
	u64 seqno;
	struct list_head node;
	/* Holds a runtime-PM reference: from its submission until done. */
	bool pm_ref;
	/* Counts as GPU activity for devfreq: from running until done. */
	bool busy;
};

static struct tyr_sched *to_sched(struct tyr_device *tdev)
{
	return &tdev->sched;
}

static const char *tyr_fence_driver_name(struct dma_fence *fence)
{
	return "tyr";
}

static const char *tyr_fence_timeline_name(struct dma_fence *fence)
{
	return "tyr-queue";
}

static const struct dma_fence_ops tyr_job_fence_ops = {
	.get_driver_name = tyr_fence_driver_name,
	.get_timeline_name = tyr_fence_timeline_name,
};

static u32 tyr_if_get(const u32 *area, u32 offset)
{
	return READ_ONCE(area[offset / 4]);
}

static void tyr_if_set(u32 *area, u32 offset, u32 val)
{
	WRITE_ONCE(area[offset / 4], val);
}

/*
 * Write a word of the interface that the host and the firmware hand bits
 * of back and forth (a req word, DOORBELL_REQ, CS_IRQ_ACK). The scheduler,
 * the interrupt thread and the TILER_OOM work all read-modify-write bits of
 * the same words: every such change holds the MCU's req_lock, the lock of
 * the global req word, so that none undoes another's.
 */
static void tyr_if_set_req(struct tyr_device *tdev, u32 *area, u32 offset,
			   u32 val)
{
	lockdep_assert_held(&tdev->mcu.req_lock);
	tyr_if_set(area, offset, val);
}

static void tyr_if_set64(u32 *area, u32 offset, u64 val)
{
	tyr_if_set(area, offset, lower_32_bits(val));
	tyr_if_set(area, offset + 4, upper_32_bits(val));
}

static u64 tyr_queue_sync_value(struct tyr_queue *queue)
{
	const u64 *sync = queue->group->syncs.cpu +
			  queue->index * TYR_SYNC_SIZE;

	return READ_ONCE(*sync);
}

static void tyr_usage_release(struct kref *kref)
{
	kfree(container_of(kref, struct tyr_usage, refcount));
}

static void tyr_usage_put(struct tyr_usage *usage)
{
	if (usage)
		kref_put(&usage->refcount, tyr_usage_release);
}

/* Add @after - @before, unless a reset in between restarted the counter. */
static void tyr_usage_add(atomic64_t *total, const u64 *before,
			  const u64 *after)
{
	u64 b = READ_ONCE(*before), a = READ_ONCE(*after);

	if (a > b)
		atomic64_add(a - b, total);
}

/*
 * Add what the GPU measured of a profiled job, done, to its file's usage:
 * part of signalling its fence, so only atomics. Its slot of the times
 * cannot be reused yet: the ring has no room for as many profiled jobs as
 * there are slots until the job's fence frees its credits.
 */
static void tyr_job_account(struct tyr_job *job)
{
	struct tyr_queue *queue = job->queue;
	struct tyr_usage *usage = queue->group->usage;
	const struct tyr_job_times *t =
		(const struct tyr_job_times *)queue->times.cpu +
		job->times_slot;

	if (job->profile & TYR_PROFILE_CYCLES)
		tyr_usage_add(&usage->cycles, &t->cycles_before,
			      &t->cycles_after);
	if (job->profile & TYR_PROFILE_TIMESTAMP)
		tyr_usage_add(&usage->ticks, &t->time_before, &t->time_after);
}

/* Signal, in order, the fences of the jobs the sync object reached. */
static void tyr_queue_signal(struct tyr_queue *queue, int error)
{
	u64 done = error ? U64_MAX : tyr_queue_sync_value(queue);
	struct tyr_device *tdev = queue->group->tdev;
	unsigned int puts = 0, idle = 0;
	struct tyr_job *job, *tmp;
	unsigned long flags;

	/*
	 * The GPU stored the times of profiled jobs before it moved the sync
	 * object (the ring waits for every slot before SYNC_ADD64): read them
	 * after it.
	 */
	dma_rmb();

	spin_lock_irqsave(&queue->fence_lock, flags);
	list_for_each_entry_safe(job, tmp, &queue->in_flight, node) {
		if (job->seqno > done)
			break;
		/*
		 * Once its fence signals, the job belongs to drm_sched, which
		 * may free it on another CPU at once: let go of it first.
		 */
		list_del_init(&job->node);
		if (!error && job->profile)
			tyr_job_account(job);
		if (job->busy) {
			job->busy = false;
			idle++;
		}
		if (job->pm_ref) {
			job->pm_ref = false;
			puts++;
		}
		if (error)
			dma_fence_set_error(job->done, error);
		dma_fence_signal_locked(job->done);
	}
	spin_unlock_irqrestore(&queue->fence_lock, flags);

	while (idle--)
		tyr_devfreq_busy_end(tdev);
	while (puts--)
		tyr_pm_put(tdev);
}

#if IS_ENABLED(CONFIG_DRM_TYR_KUNIT_TEST)
/**
 * tyr_sched_fence_in_flight() - Whether a queue still tracks a job
 * @done: The fence the job's ring signals (its scheduler fence's parent).
 *
 * For the tests, with the fence's lock held: from a callback of a fence
 * that the signalling of @done signals.
 *
 * Return: true if the job is still on its queue's list of jobs in flight.
 */
bool tyr_sched_fence_in_flight(struct dma_fence *done)
{
	struct tyr_queue *queue = container_of(done->lock, struct tyr_queue,
					       fence_lock);
	struct tyr_job *job;

	lockdep_assert_held(done->lock);
	list_for_each_entry(job, &queue->in_flight, node) {
		if (job->done == done)
			return true;
	}
	return false;
}
#endif

static bool tyr_queue_busy(struct tyr_queue *queue)
{
	return !list_empty_careful(&queue->in_flight);
}

static bool tyr_group_busy(struct tyr_group *group)
{
	unsigned int i;

	for (i = 0; i < group->queue_count; i++) {
		if (tyr_queue_busy(group->queues[i]))
			return true;
	}
	return false;
}

/* Requests of the group interface @csg not answered, among @mask. */
static u32 tyr_csg_pending(struct tyr_mcu_group *csg, u32 mask)
{
	return (tyr_if_get(csg->input, TYR_CSG_IN_REQ) ^
		tyr_if_get(csg->output, TYR_CSG_OUT_ACK)) & mask;
}

/* Ask the firmware for a new state of the group in @slot and wait. */
static int tyr_csg_request(struct tyr_device *tdev, unsigned int slot,
			   u32 state, u32 toggle)
{
	struct tyr_mcu_group *csg = &tdev->mcu.groups[slot];
	u32 mask = TYR_CSG_STATE | toggle;
	u32 req;

	spin_lock(&tdev->mcu.req_lock);
	req = tyr_if_get(csg->input, TYR_CSG_IN_REQ);
	req = (req & ~TYR_CSG_STATE) | state;
	tyr_if_set_req(tdev, csg->input, TYR_CSG_IN_REQ, req ^ toggle);
	spin_unlock(&tdev->mcu.req_lock);
	tyr_mcu_ring_groups(tdev, BIT(slot));

	if (!wait_event_timeout(to_sched(tdev)->ack_wq,
				!tyr_csg_pending(csg, mask),
				msecs_to_jiffies(TYR_SCHED_CSG_TIMEOUT_MS)) &&
	    (!tyr_mcu_runs(tdev) || tyr_csg_pending(csg, mask)))
		return -ETIMEDOUT;

	return 0;
}

/* Program the group's streams into @slot and start it. Sched lock held. */
static int tyr_group_start(struct tyr_group *group, unsigned int slot)
{
	struct tyr_device *tdev = group->tdev;
	struct tyr_mcu_group *csg = &tdev->mcu.groups[slot];
	u32 streams = 0, ep;
	unsigned int i;
	int as, ret;

	ret = tyr_vm_active(group->vm);
	if (ret)
		return ret;
	as = tyr_vm_as(group->vm);

	spin_lock(&tdev->mcu.req_lock);
	for (i = 0; i < group->queue_count; i++) {
		struct tyr_queue *queue = group->queues[i];
		u32 *in = csg->streams[i].input;
		u32 req;

		tyr_if_set64(in, TYR_CS_IN_RINGBUF_BASE, queue->ring.va);
		tyr_if_set(in, TYR_CS_IN_RINGBUF_SIZE, queue->ring_size);
		tyr_if_set64(in, TYR_CS_IN_RINGBUF_INPUT, queue->ctl.va);
		tyr_if_set64(in, TYR_CS_IN_RINGBUF_OUTPUT,
			     queue->ctl.va + TYR_RING_CTL_OUTPUT);
		tyr_if_set(in, TYR_CS_IN_CONFIG,
			   FIELD_PREP(TYR_CS_CONFIG_PRIORITY, queue->priority) |
			   FIELD_PREP(TYR_CS_CONFIG_DOORBELL, slot + 1));
		tyr_if_set(in, TYR_CS_IN_ACK_IRQ_MASK, TYR_CS_IRQS);
		req = tyr_if_get(in, TYR_CS_IN_REQ);
		req = (req & ~TYR_CS_STATE) | TYR_CS_STATE_START;
		/* No stale event: the stream starts with none pending. */
		req = (req & ~TYR_CS_EVENT_MASK) |
		      (tyr_if_get(csg->streams[i].output, TYR_CS_OUT_ACK) &
		       TYR_CS_EVENT_MASK);
		tyr_if_set_req(tdev, in, TYR_CS_IN_REQ, req);
		streams |= BIT(i);
	}

	/* Streams of the slot's previous owner that this group has not. */
	for (; i < tdev->mcu.csif.cs_slot_count; i++) {
		u32 *in = csg->streams[i].input;

		tyr_if_set_req(tdev, in, TYR_CS_IN_REQ,
			       (tyr_if_get(in, TYR_CS_IN_REQ) & ~TYR_CS_STATE) |
			       TYR_CS_STATE_STOP);
		streams |= BIT(i);
	}
	spin_unlock(&tdev->mcu.req_lock);

	ep = FIELD_PREP(TYR_CSG_EP_COMPUTE, group->max_compute) |
	     FIELD_PREP(TYR_CSG_EP_FRAGMENT, group->max_fragment) |
	     FIELD_PREP(TYR_CSG_EP_TILER, group->max_tiler) |
	     FIELD_PREP(TYR_CSG_EP_PRIORITY, 4 * group->priority + 2);
	tyr_if_set64(csg->input, TYR_CSG_IN_ALLOW_COMPUTE, group->compute_mask);
	tyr_if_set64(csg->input, TYR_CSG_IN_ALLOW_FRAGMENT,
		     group->fragment_mask);
	tyr_if_set(csg->input, TYR_CSG_IN_ALLOW_OTHER,
		   lower_32_bits(group->tiler_mask));
	tyr_if_set(csg->input, TYR_CSG_IN_ENDPOINT_REQ, ep);
	tyr_if_set64(csg->input, TYR_CSG_IN_SUSPEND_BUF, group->suspend.va);
	tyr_if_set64(csg->input, TYR_CSG_IN_PROTM_SUSPEND_BUF, 0);
	tyr_if_set(csg->input, TYR_CSG_IN_CONFIG,
		   FIELD_PREP(TYR_CSG_CONFIG_AS, as));
	tyr_if_set(csg->input, TYR_CSG_IN_ACK_IRQ_MASK, TYR_CSG_IRQS);
	/* Events of the slot's previous owner are not this group's. */
	spin_lock(&tdev->mcu.req_lock);
	tyr_if_set_req(tdev, csg->input, TYR_CSG_IN_REQ,
		       (tyr_if_get(csg->input, TYR_CSG_IN_REQ) &
			~TYR_CSG_EVENT_MASK) |
		       (tyr_if_get(csg->output, TYR_CSG_OUT_ACK) &
			TYR_CSG_EVENT_MASK));
	tyr_if_set_req(tdev, csg->input, TYR_CSG_IN_CS_IRQ_ACK,
		       tyr_if_get(csg->output, TYR_CSG_OUT_CS_IRQ_REQ));
	tyr_if_set_req(tdev, csg->input, TYR_CSG_IN_DOORBELL_REQ,
		       tyr_if_get(csg->output, TYR_CSG_OUT_DOORBELL_ACK) ^
		       streams);
	spin_unlock(&tdev->mcu.req_lock);

	/* The group may fault as soon as it starts: it is in its slot now. */
	group->slot = slot;
	WRITE_ONCE(to_sched(tdev)->slots[slot], group);
	ret = tyr_csg_request(tdev, slot, group->suspended ?
			      TYR_CSG_STATE_RESUME : TYR_CSG_STATE_START,
			      TYR_CSG_ENDPOINT_CONFIG);
	if (ret) {
		drm_err(&tdev->base, "group slot %u did not start\n", slot);
		WRITE_ONCE(to_sched(tdev)->slots[slot], NULL);
		group->slot = -1;
		tyr_vm_idle(group->vm);
		tyr_device_schedule_reset(tdev);
		return ret;
	}

	group->suspended = false;
	group->resident_since = jiffies;
	return 0;
}

static void tyr_group_kill(struct tyr_group *group);

/* The group is out of its slot: forget the slot. Sched lock held. */
static void tyr_group_leave_slot(struct tyr_group *group)
{
	WRITE_ONCE(to_sched(group->tdev)->slots[group->slot], NULL);
	group->slot = -1;
	tyr_vm_idle(group->vm);
}

/*
 * The firmware lost the state of the resident group (it stopped, or is
 * about to be reset): the group can only die. Unless it had faulted or
 * timed out already, that is not its fault: it dies timed out and
 * innocent. Sched lock held.
 */
static void tyr_group_lose_slot(struct tyr_group *group)
{
	tyr_group_leave_slot(group);
	if (!group->dead && !group->timedout && !READ_ONCE(group->fatal_queues)) {
		group->innocent = true;
		group->timedout = true;
	}
	tyr_group_kill(group);
}

/*
 * Take the group off its slot: suspended when it may run again, terminated
 * otherwise. Should the firmware not do it, the group dies and the GPU is
 * reset; until then, no group gets a slot. Sched lock held.
 */
static void tyr_group_stop(struct tyr_group *group, bool suspend)
{
	struct tyr_device *tdev = group->tdev;
	unsigned int slot = group->slot;
	int ret;

	if (group->slot < 0)
		return;

	ret = tyr_csg_request(tdev, slot, suspend ? TYR_CSG_STATE_SUSPEND :
			      TYR_CSG_STATE_TERMINATE, 0);
	if (ret) {
		drm_err(&tdev->base, "group slot %u did not %s\n", slot,
			suspend ? "suspend" : "terminate");
		to_sched(tdev)->paused = true;
		tyr_device_schedule_reset(tdev);
		tyr_group_lose_slot(group);
		return;
	}

	group->suspended = suspend;
	tyr_group_leave_slot(group);
}

/* Fail what is left of the group's work. Sched lock held. */
static void tyr_group_kill(struct tyr_group *group)
{
	int error = group->innocent ? -ECANCELED :
		    group->timedout ? -ETIMEDOUT : -EIO;
	unsigned int i;

	group->dead = true;
	if (group->waiting) {
		list_del_init(&group->wait_node);
		group->waiting = false;
	}
	tyr_group_stop(group, false);
	group->suspended = false;

	for (i = 0; i < group->queue_count; i++)
		tyr_queue_signal(group->queues[i], error);
}

static void tyr_group_release_work(struct work_struct *work)
{
	struct tyr_group *group = container_of(work, struct tyr_group,
					       release_work);
	unsigned int i;

	for (i = 0; i < group->queue_count; i++) {
		struct tyr_queue *queue = group->queues[i];

		/* Every job of the queue is gone: so is its pending list. */
		if (queue->has_sched)
			drm_sched_fini(&queue->sched);
		tyr_kmem_destroy(&queue->ring);
		tyr_kmem_destroy(&queue->ctl);
		tyr_kmem_destroy(&queue->times);
		kfree(queue);
	}
	tyr_kmem_destroy(&group->syncs);
	tyr_kmem_destroy(&group->suspend);
	tyr_vm_put(group->vm);
	tyr_usage_put(group->usage);
	atomic_dec(&to_sched(group->tdev)->group_count);
	kfree(group);
}

/*
 * Jobs hold references to their group, so the last one may go in the
 * free_job work of one of the group's own schedulers, or in drm_sched's
 * work that frees the jobs of a killed entity: the schedulers, which live
 * in the group, are torn down from the driver's cleanup workqueue instead.
 * The group's VM, which it holds, keeps the DRM device until then.
 */
static void tyr_group_release(struct kref *kref)
{
	struct tyr_group *group = container_of(kref, struct tyr_group,
					       refcount);

	queue_work(tyr_cleanup_wq, &group->release_work);
}

static void tyr_group_put(struct tyr_group *group)
{
	if (group)
		kref_put(&group->refcount, tyr_group_release);
}

/* The group of a handle, with a reference, or NULL. */
static struct tyr_group *tyr_group_pool_get(struct tyr_group_pool *pool,
					    u32 handle)
{
	struct tyr_group *group;

	xa_lock(&pool->xa);
	group = xa_load(&pool->xa, handle);
	if (group)
		kref_get(&group->refcount);
	xa_unlock(&pool->xa);

	return group;
}

/*
 * Queue a group for a slot: after the waiting groups of its priority and
 * above, before those of lower priority. Sched lock held.
 */
static void tyr_group_wait_slot(struct tyr_sched *sched,
				struct tyr_group *group)
{
	struct tyr_group *other;

	if (group->waiting)
		return;

	group->waiting = true;
	list_for_each_entry(other, &sched->waiting, wait_node) {
		if (other->priority < group->priority) {
			list_add_tail(&group->wait_node, &other->wait_node);
			return;
		}
	}
	list_add_tail(&group->wait_node, &sched->waiting);
}

/*
 * Time-slicing: when groups with work wait and no slot is free or idle,
 * the busy group that has been resident the longest, among those of a
 * priority no higher than the first waiting group's, is suspended and
 * queued again. Sched lock held.
 */
static void tyr_sched_rotate(struct tyr_device *tdev)
{
	struct tyr_sched *sched = to_sched(tdev);
	struct tyr_group *first, *victim = NULL;
	unsigned int i;

	first = list_first_entry_or_null(&sched->waiting, struct tyr_group,
					 wait_node);
	if (!first || sched->paused)
		return;

	for (i = 0; i < tdev->mcu.csif.csg_slot_count; i++) {
		struct tyr_group *group = sched->slots[i];

		if (!group || group->priority > first->priority ||
		    time_before(jiffies, group->resident_since +
				msecs_to_jiffies(TYR_SCHED_TICK_MS)))
			continue;
		if (!victim ||
		    time_before(group->resident_since, victim->resident_since))
			victim = group;
	}
	if (!victim)
		return;

	tyr_group_stop(victim, true);
	sched->rotations++;
	if (!victim->dead)
		tyr_group_wait_slot(sched, victim);
}

/*
 * Suspend the busy group of the lowest priority below REALTIME (the one
 * resident the longest among those) for a realtime group, and queue it
 * again. Sched lock held.
 *
 * Return: The slot it freed, or -1.
 */
static int tyr_sched_preempt(struct tyr_device *tdev)
{
	struct tyr_sched *sched = to_sched(tdev);
	struct tyr_group *victim = NULL;
	unsigned int i;
	int slot;

	for (i = 0; i < tdev->mcu.csif.csg_slot_count; i++) {
		struct tyr_group *group = sched->slots[i];

		if (!group || group->priority == PANTHOR_GROUP_PRIORITY_REALTIME)
			continue;
		if (!victim || group->priority < victim->priority ||
		    (group->priority == victim->priority &&
		     time_before(group->resident_since, victim->resident_since)))
			victim = group;
	}
	if (!victim)
		return -1;

	slot = victim->slot;
	tyr_group_stop(victim, true);
	sched->preemptions++;
	if (victim->dead)
		return -1;
	tyr_group_wait_slot(sched, victim);
	return slot;
}

/*
 * A group that could not start dies, and says why: its VM is unusable (a
 * fault), or the firmware did not start it (the GPU is being reset; the
 * group was not at fault). Sched lock held.
 */
static void tyr_group_start_failed(struct tyr_group *group, int err)
{
	if (err == -EINVAL) {
		WRITE_ONCE(group->fatal_queues,
			   GENMASK(group->queue_count - 1, 0));
	} else {
		group->timedout = true;
		group->innocent = true;
	}
	tyr_group_kill(group);
}

/* Give slots to the groups that wait for one. Sched lock held. */
static void tyr_sched_assign(struct tyr_device *tdev)
{
	struct tyr_sched *sched = to_sched(tdev);
	unsigned int slots = tdev->mcu.csif.csg_slot_count;
	struct tyr_group *group, *tmp;
	unsigned int i;
	int ret;

	if (sched->paused)
		return;

	list_for_each_entry_safe(group, tmp, &sched->waiting, wait_node) {
		int slot = -1;

		for (i = 0; i < slots && slot < 0; i++) {
			if (!sched->slots[i])
				slot = i;
		}
		/* Else, take the slot of a group with nothing to do. */
		for (i = 0; i < slots && slot < 0; i++) {
			if (!tyr_group_busy(sched->slots[i])) {
				tyr_group_stop(sched->slots[i], true);
				sched->evictions++;
				slot = i;
			}
		}
		/* A realtime group does not wait for the tick. */
		if (slot < 0 && group->priority == PANTHOR_GROUP_PRIORITY_REALTIME)
			slot = tyr_sched_preempt(tdev);
		if (slot < 0)
			break;

		list_del_init(&group->wait_node);
		group->waiting = false;
		ret = tyr_group_start(group, slot);
		if (ret == -EBUSY) {
			/*
			 * Every address space belongs to a VM in use: wait,
			 * first in line, until one is free (a group leaves
			 * its slot, at the latest at the next rotation).
			 */
			list_add(&group->wait_node, &sched->waiting);
			group->waiting = true;
			break;
		}
		if (ret)
			tyr_group_start_failed(group, ret);
	}

	if (!list_empty(&sched->waiting))
		mod_delayed_work(sched->wq, &sched->tick,
				 msecs_to_jiffies(TYR_SCHED_TICK_MS));
}

/* Process firmware events of the slots in @events. Sched lock held. */
static void tyr_sched_events(struct tyr_device *tdev, u32 events)
{
	struct tyr_sched *sched = to_sched(tdev);
	unsigned long bits = events;
	unsigned int slot, i;

	for_each_set_bit(slot, &bits, TYR_MCU_MAX_CSG) {
		struct tyr_group *group = sched->slots[slot];

		if (!group)
			continue;
		if (group->fatal_queues) {
			drm_dbg_driver(&tdev->base, "group in slot %u faulted\n",
				       slot);
			tyr_group_kill(group);
			continue;
		}
		for (i = 0; i < group->queue_count; i++)
			tyr_queue_signal(group->queues[i], 0);
	}
}

static void tyr_sched_work(struct work_struct *work)
{
	struct tyr_sched *sched = container_of(work, struct tyr_sched, work);
	struct tyr_device *tdev = container_of(sched, struct tyr_device,
					       sched);
	bool cookie = dma_fence_begin_signalling();
	u32 events;

	spin_lock_irq(&sched->events_lock);
	events = sched->events;
	sched->events = 0;
	spin_unlock_irq(&sched->events_lock);

	mutex_lock(&sched->lock);
	if (tdev->mcu.running) {
		tyr_sched_events(tdev, events);
		tyr_sched_assign(tdev);
	}
	mutex_unlock(&sched->lock);
	dma_fence_end_signalling(cookie);
}

static void tyr_sched_tick(struct work_struct *work)
{
	struct tyr_sched *sched = container_of(to_delayed_work(work),
					       struct tyr_sched, tick);
	struct tyr_device *tdev = container_of(sched, struct tyr_device,
					       sched);
	bool cookie = dma_fence_begin_signalling();

	mutex_lock(&sched->lock);
	if (tdev->mcu.running && sched->ready) {
		tyr_sched_rotate(tdev);
		tyr_sched_assign(tdev);
	}
	mutex_unlock(&sched->lock);
	dma_fence_end_signalling(cookie);
}

/**
 * tyr_sched_irq() - Job interrupts of group slots
 * @tdev: The device.
 * @slots: Slots whose group the firmware signalled.
 *
 * Acknowledges the group and stream events, records stream faults, wakes
 * whoever waits for a group request and has the rest done by the
 * scheduler's work.
 */
void tyr_sched_irq(struct tyr_device *tdev, u32 slots)
{
	struct tyr_sched *sched = to_sched(tdev);
	u32 oom[TYR_MCU_MAX_CSG] = { }, any_oom = 0;
	unsigned long bits = slots;
	unsigned int slot, i;

	if (!sched->ready || !tdev->mcu.glb_output)
		return;

	/* The scheduler changes other bits of these words meanwhile. */
	spin_lock(&tdev->mcu.req_lock);
	for_each_set_bit(slot, &bits, tdev->mcu.csif.csg_slot_count) {
		struct tyr_mcu_group *csg = &tdev->mcu.groups[slot];
		u32 req = tyr_if_get(csg->input, TYR_CSG_IN_REQ);
		u32 ack = tyr_if_get(csg->output, TYR_CSG_OUT_ACK);
		u32 cs_req = tyr_if_get(csg->output, TYR_CSG_OUT_CS_IRQ_REQ);
		u32 cs_ack = tyr_if_get(csg->input, TYR_CSG_IN_CS_IRQ_ACK);
		unsigned long streams = cs_req ^ cs_ack;

		tyr_if_set_req(tdev, csg->input, TYR_CSG_IN_REQ,
			       req ^ ((req ^ ack) & TYR_CSG_EVENT_MASK));

		for_each_set_bit(i, &streams, TYR_MCU_MAX_CS) {
			struct tyr_mcu_stream *cs = &csg->streams[i];
			u32 sreq = tyr_if_get(cs->input, TYR_CS_IN_REQ);
			u32 sack = tyr_if_get(cs->output, TYR_CS_OUT_ACK);
			u32 ev = (sreq ^ sack) & TYR_CS_EVENT_MASK;

			if (ev & (TYR_CS_FATAL | TYR_CS_FAULT)) {
				bool fatal = ev & TYR_CS_FATAL;
				u32 at = fatal ? TYR_CS_OUT_FATAL_INFO :
						 TYR_CS_OUT_FAULT_INFO;
				u32 info = tyr_if_get(cs->output, fatal ?
						      TYR_CS_OUT_FATAL :
						      TYR_CS_OUT_FAULT);
				u64 where = tyr_if_get(cs->output, at) |
					    (u64)tyr_if_get(cs->output, at + 4) << 32;
				struct tyr_group *group;

				dev_err_ratelimited(tdev->base.dev,
						    "group slot %u stream %u: %s 0x%02lx at 0x%llx\n",
						    slot, i,
						    fatal ? "fatal error" : "fault",
						    FIELD_GET(TYR_CS_EXCEPTION_TYPE, info),
						    where);
				group = READ_ONCE(sched->slots[slot]);
				if (group)
					WRITE_ONCE(group->fatal_queues,
						   group->fatal_queues | BIT(i));
			}
			/* The OOM is acknowledged with its answer. */
			if (ev & TYR_CS_TILER_OOM)
				oom[slot] |= BIT(i);
			tyr_if_set_req(tdev, cs->input, TYR_CS_IN_REQ,
				       sreq ^ (ev & ~TYR_CS_TILER_OOM));
		}
		tyr_if_set_req(tdev, csg->input, TYR_CSG_IN_CS_IRQ_ACK, cs_req);
		any_oom |= oom[slot];
	}
	spin_unlock(&tdev->mcu.req_lock);

	spin_lock(&sched->events_lock);
	sched->events |= slots;
	for (slot = 0; slot < TYR_MCU_MAX_CSG; slot++)
		sched->oom[slot] |= oom[slot];
	spin_unlock(&sched->events_lock);
	wake_up_all(&sched->ack_wq);
	queue_work(sched->wq, &sched->work);
	if (any_oom)
		queue_work(sched->heap_wq, &sched->oom_work);
}

/*
 * Answer the TILER_OOM of stream @i of the group in @slot with a chunk of
 * its heap, or none.
 */
static void tyr_sched_tiler_oom(struct tyr_device *tdev, unsigned int slot,
				unsigned int i)
{
	struct tyr_sched *sched = to_sched(tdev);
	struct tyr_mcu_group *csg = &tdev->mcu.groups[slot];
	struct tyr_mcu_stream *cs = &csg->streams[i];
	u32 vt_start, vt_end, frag_end, req, ack;
	struct tyr_group *group;
	u64 heap, link;
	int ret;

	mutex_lock(&sched->lock);
	group = sched->slots[slot];
	req = tyr_if_get(cs->input, TYR_CS_IN_REQ);
	ack = tyr_if_get(cs->output, TYR_CS_OUT_ACK);
	if (!group || group->dead || i >= group->queue_count ||
	    !((req ^ ack) & TYR_CS_TILER_OOM)) {
		mutex_unlock(&sched->lock);
		return;
	}
	kref_get(&group->refcount);
	heap = tyr_if_get(cs->output, TYR_CS_OUT_HEAP_ADDRESS) |
	       (u64)tyr_if_get(cs->output, TYR_CS_OUT_HEAP_ADDRESS + 4) << 32;
	vt_start = tyr_if_get(cs->output, TYR_CS_OUT_HEAP_VT_START);
	vt_end = tyr_if_get(cs->output, TYR_CS_OUT_HEAP_VT_END);
	frag_end = tyr_if_get(cs->output, TYR_CS_OUT_HEAP_FRAG_END);
	mutex_unlock(&sched->lock);

	/* Not under the lock: allocating memory may take a while. */
	ret = tyr_heap_grow(group->vm, heap, vt_start, vt_end, frag_end, &link);

	mutex_lock(&sched->lock);
	if (sched->slots[slot] != group || group->dead) {
		/*
		 * Suspended meanwhile: the stream asks again when it resumes.
		 * A chunk given stays in the heap.
		 */
	} else if (ret == -EINVAL) {
		dev_err_ratelimited(tdev->base.dev,
				    "group slot %u stream %u: TILER_OOM on an unknown heap 0x%llx\n",
				    slot, i, heap);
		WRITE_ONCE(group->fatal_queues, group->fatal_queues | BIT(i));
		spin_lock_irq(&sched->events_lock);
		sched->events |= BIT(slot);
		spin_unlock_irq(&sched->events_lock);
		queue_work(sched->wq, &sched->work);
	} else {
		/* On -ENOMEM too: without a chunk, the firmware copes. */
		tyr_if_set64(cs->input, TYR_CS_IN_HEAP_START, link);
		tyr_if_set64(cs->input, TYR_CS_IN_HEAP_END, link);
		spin_lock(&tdev->mcu.req_lock);
		req = tyr_if_get(cs->input, TYR_CS_IN_REQ);
		ack = tyr_if_get(cs->output, TYR_CS_OUT_ACK);
		tyr_if_set_req(tdev, cs->input, TYR_CS_IN_REQ,
			       req ^ ((req ^ ack) & TYR_CS_TILER_OOM));
		tyr_if_set_req(tdev, csg->input, TYR_CSG_IN_DOORBELL_REQ,
			       tyr_if_get(csg->input, TYR_CSG_IN_DOORBELL_REQ) ^
			       BIT(i));
		spin_unlock(&tdev->mcu.req_lock);
		tyr_mcu_ring_groups(tdev, BIT(slot));
		sched->heap_chunks += !!link;
	}
	mutex_unlock(&sched->lock);
	tyr_group_put(group);
}

static void tyr_sched_oom_work(struct work_struct *work)
{
	struct tyr_sched *sched = container_of(work, struct tyr_sched,
					       oom_work);
	struct tyr_device *tdev = container_of(sched, struct tyr_device,
					       sched);
	unsigned int slot;

	for (slot = 0; slot < TYR_MCU_MAX_CSG; slot++) {
		unsigned long streams;
		unsigned int i;

		spin_lock_irq(&sched->events_lock);
		streams = sched->oom[slot];
		sched->oom[slot] = 0;
		spin_unlock_irq(&sched->events_lock);

		for_each_set_bit(i, &streams, TYR_MCU_MAX_CS)
			tyr_sched_tiler_oom(tdev, slot, i);
	}
}

/*
 * Instructions that sample the counters of a profiled job into its slot of
 * the times, with the address register pair @addr: before its stream, or
 * after it once all of its work is done.
 */
static unsigned int tyr_job_sample(const struct tyr_job *job, u64 *instrs,
				   u32 addr, bool after)
{
	const struct tyr_queue *queue = job->queue;
	u32 wait = after ? 0xff : 0;
	s16 cycles = after ? offsetof(struct tyr_job_times, cycles_after) :
			     offsetof(struct tyr_job_times, cycles_before);
	s16 time = after ? offsetof(struct tyr_job_times, time_after) :
			   offsetof(struct tyr_job_times, time_before);
	unsigned int n = 0;

	if (!job->profile)
		return 0;

	instrs[n++] = tyr_cs_move48(addr, queue->times.va + job->times_slot *
					  sizeof(struct tyr_job_times));
	if (job->profile & TYR_PROFILE_CYCLES)
		instrs[n++] = tyr_cs_store_state(addr, cycles,
						 TYR_CS_STATE_CYCLES, wait);
	if (job->profile & TYR_PROFILE_TIMESTAMP)
		instrs[n++] = tyr_cs_store_state(addr, time,
						 TYR_CS_STATE_TIMESTAMP, wait);
	return n;
}

/* The ring space of a job, in TYR_JOB_SIZE units (drm_sched credits). */
static u32 tyr_job_credits(const struct tyr_job *job)
{
	return job->profile ? TYR_JOB_PROFILED_INSTRS / TYR_JOB_INSTRS : 1;
}

/* Put a job's instructions into its queue's ring. */
static void tyr_job_write(struct tyr_job *job)
{
	struct tyr_queue *queue = job->queue;
	struct tyr_group *group = queue->group;
	u64 sync_va = group->syncs.va + queue->index * TYR_SYNC_SIZE;
	u32 regs = group->tdev->mcu.csif.cs_reg_count -
		   group->tdev->mcu.csif.unpreserved_cs_reg_count;
	u32 addr = regs, val = regs + 2;
	/* Room for the worst case, the rest NOPs. */
	u64 instrs[TYR_JOB_PROFILED_INSTRS] = { };
	u32 count = tyr_job_credits(job) * TYR_JOB_INSTRS;
	u32 ring_instrs = queue->ring_size / TYR_CS_INSTR_SIZE;
	u64 *ring = queue->ring.cpu;
	u32 at = (queue->insert % queue->ring_size) / TYR_CS_INSTR_SIZE;
	unsigned int i, n = 0;

	instrs[n++] = tyr_cs_move32(val, job->latest_flush);
	instrs[n++] = tyr_cs_flush_cache2(TYR_CS_FLUSH_CLEAN_INVALIDATE,
					  TYR_CS_FLUSH_CLEAN_INVALIDATE, true,
					  val, 0, 0);
	instrs[n++] = tyr_cs_wait(BIT(0));
	n += tyr_job_sample(job, instrs + n, addr, false);
	instrs[n++] = tyr_cs_move48(addr, job->stream_addr);
	instrs[n++] = tyr_cs_move32(val, job->stream_size);
	instrs[n++] = tyr_cs_call(addr, val);
	n += tyr_job_sample(job, instrs + n, addr, true);
	instrs[n++] = tyr_cs_move32(val, 0);
	instrs[n++] = tyr_cs_flush_cache2(TYR_CS_FLUSH_CLEAN_INVALIDATE,
					  TYR_CS_FLUSH_CLEAN_INVALIDATE, true,
					  val, 0xff, 0);
	instrs[n++] = tyr_cs_move48(addr, sync_va);
	instrs[n++] = tyr_cs_move48(val, 1);
	instrs[n++] = tyr_cs_wait(0xff);
	instrs[n++] = tyr_cs_sync_add64(addr, val, TYR_CS_SYNC_SCOPE_SYSTEM, 0,
					0);
	/* The next job does not inherit this one's errors. */
	instrs[n++] = tyr_cs_error_barrier();

	/* A profiled job may wrap around the end of the ring. */
	for (i = 0; i < count; i++)
		WRITE_ONCE(ring[(at + i) % ring_instrs], instrs[i]);

	queue->insert += count * TYR_CS_INSTR_SIZE;
	/* The ring's contents land before the insert counter moves. */
	wmb();
	WRITE_ONCE(*(u64 *)(queue->ctl.cpu + TYR_RING_IN_INSERT),
		   queue->insert);
	/* And the counter before the doorbell rings. */
	wmb();
}

/*
 * What a job with no stream (only syncs) waits for: the queue's jobs in
 * flight, which complete in order, so the last one. It neither goes
 * through the ring nor needs a slot.
 */
static struct dma_fence *tyr_queue_last_fence(struct tyr_queue *queue)
{
	struct dma_fence *fence = NULL;
	unsigned long flags;

	spin_lock_irqsave(&queue->fence_lock, flags);
	if (!list_empty(&queue->in_flight))
		fence = dma_fence_get(list_last_entry(&queue->in_flight,
						      struct tyr_job,
						      node)->done);
	spin_unlock_irqrestore(&queue->fence_lock, flags);

	return fence ?: dma_fence_get_stub();
}

static struct dma_fence *tyr_job_start(struct tyr_job *job)
{
	struct tyr_queue *queue = job->queue;
	struct tyr_group *group = queue->group;
	struct tyr_device *tdev = group->tdev;
	struct tyr_sched *sched = to_sched(tdev);
	struct dma_fence *fence;
	unsigned long flags;

	if (READ_ONCE(group->dead))
		return ERR_PTR(-ECANCELED);
	if (READ_ONCE(tdev->pm.unusable))
		return ERR_PTR(-EIO);
	if (!job->stream_size)
		return tyr_queue_last_fence(queue);

	mutex_lock(&sched->lock);
	if (group->dead || !tdev->mcu.running) {
		mutex_unlock(&sched->lock);
		return ERR_PTR(-ECANCELED);
	}

	job->seqno = ++queue->seqno;
	if (job->profile)
		job->times_slot = queue->times_next++ % queue->times_count;
	dma_fence_init(job->done, &tyr_job_fence_ops, &queue->fence_lock,
		       queue->fence_ctx, job->seqno);
	fence = dma_fence_get(job->done);
	job->busy = true;
	tyr_devfreq_busy_begin(tdev);
	spin_lock_irqsave(&queue->fence_lock, flags);
	list_add_tail(&job->node, &queue->in_flight);
	spin_unlock_irqrestore(&queue->fence_lock, flags);

	tyr_job_write(job);
	if (group->slot >= 0) {
		tyr_write(tdev, TYR_DOORBELL(group->slot + 1), 1);
	} else if (!group->waiting) {
		tyr_group_wait_slot(sched, group);
		queue_work(sched->wq, &sched->work);
	}
	mutex_unlock(&sched->lock);

	return fence;
}

/*
 * Running a job is part of signalling its fence: it may not allocate
 * memory nor take a lock held where memory is allocated, and lockdep checks
 * it. That rules a runtime resume out (the USER page's fault handler maps
 * pages under the lock the resume takes): the job holds a runtime-PM
 * reference from its submission, where resuming is fine.
 */
static struct dma_fence *tyr_job_run(struct drm_sched_job *sched_job)
{
	struct tyr_job *job = container_of(sched_job, struct tyr_job, base);
	bool cookie = dma_fence_begin_signalling();
	struct dma_fence *fence = tyr_job_start(job);

	dma_fence_end_signalling(cookie);
	return fence;
}

static enum drm_gpu_sched_stat tyr_job_timedout(struct drm_sched_job *sched_job)
{
	struct tyr_job *job = container_of(sched_job, struct tyr_job, base);
	struct tyr_group *group = job->queue->group;
	struct tyr_device *tdev = group->tdev;
	struct tyr_sched *sched = to_sched(tdev);

	drm_warn(&tdev->base, "job timeout on queue %u, killing its group\n",
		 job->queue->index);

	mutex_lock(&sched->lock);
	if (!group->dead) {
		group->timedout = true;
		tyr_group_kill(group);
	}
	mutex_unlock(&sched->lock);

	/*
	 * The job's fence signalled with the error: stopping the scheduler
	 * puts the job back on its list, to be freed, and starting it again
	 * lets the queue's later jobs fail.
	 */
	drm_sched_stop(&job->queue->sched, sched_job);
	drm_sched_start(&job->queue->sched);

	return DRM_GPU_SCHED_STAT_NOMINAL;
}

/* Free a job, drm_sched_job_init()ed or not, and let go of its group. */
static void tyr_job_put(struct tyr_job *job)
{
	struct tyr_group *group = job->queue->group;

	/* A job that never ran has a fence that was never set up. */
	if (job->done && job->done->ops)
		dma_fence_put(job->done);
	else
		kfree(job->done);
	/* Nor was it done, if it never ran. */
	if (job->pm_ref)
		tyr_pm_put(group->tdev);
	kfree(job);
	atomic_dec(&to_sched(group->tdev)->job_count);
	tyr_group_put(group);
}

static void tyr_job_free(struct drm_sched_job *sched_job)
{
	struct tyr_job *job = container_of(sched_job, struct tyr_job, base);

	drm_sched_job_cleanup(sched_job);
	tyr_job_put(job);
}

static const struct drm_sched_backend_ops tyr_sched_ops = {
	.run_job = tyr_job_run,
	.timedout_job = tyr_job_timedout,
	.free_job = tyr_job_free,
};

static struct tyr_queue *
tyr_queue_create(struct tyr_group *group, unsigned int index,
		 const struct drm_panthor_queue_create *args)
{
	struct tyr_device *tdev = group->tdev;
	struct tyr_queue *queue;
	int ret;

	queue = kzalloc(sizeof(*queue), GFP_KERNEL);
	if (!queue)
		return ERR_PTR(-ENOMEM);

	queue->group = group;
	queue->index = index;
	queue->priority = args->priority;
	queue->ring_size = args->ringbuf_size;
	spin_lock_init(&queue->fence_lock);
	INIT_LIST_HEAD(&queue->in_flight);
	queue->fence_ctx = dma_fence_context_alloc(1);

	ret = tyr_kmem_create(tdev, group->vm, queue->ring_size,
			      DRM_PANTHOR_VM_BIND_OP_MAP_NOEXEC |
			      DRM_PANTHOR_VM_BIND_OP_MAP_UNCACHED,
			      "queue-ring", &queue->ring);
	if (ret)
		goto err_free;

	ret = tyr_kmem_create(tdev, tdev->mcu.vm, PAGE_SIZE,
			      DRM_PANTHOR_VM_BIND_OP_MAP_NOEXEC |
			      DRM_PANTHOR_VM_BIND_OP_MAP_UNCACHED,
			      "queue-ctl", &queue->ctl);
	if (ret)
		goto err_free;

	/* More than the profiled jobs that fit in the ring. */
	queue->times_count = queue->ring_size /
			     (TYR_JOB_PROFILED_INSTRS * TYR_CS_INSTR_SIZE);
	ret = tyr_kmem_create(tdev, group->vm,
			      queue->times_count * sizeof(struct tyr_job_times),
			      DRM_PANTHOR_VM_BIND_OP_MAP_NOEXEC |
			      DRM_PANTHOR_VM_BIND_OP_MAP_UNCACHED,
			      "queue-times", &queue->times);
	if (ret)
		goto err_free;

	return queue;

err_free:
	tyr_kmem_destroy(&queue->ring);
	tyr_kmem_destroy(&queue->ctl);
	kfree(queue);
	return ERR_PTR(ret);
}

static int tyr_queue_sched_init(struct tyr_queue *queue)
{
	struct tyr_device *tdev = queue->group->tdev;
	struct drm_gpu_scheduler *sched = &queue->sched;
	const struct drm_sched_init_args args = {
		.ops = &tyr_sched_ops,
		.num_rqs = 1,
		/* One job less than fits, so that insert never laps extract. */
		.credit_limit = queue->ring_size / TYR_JOB_SIZE - 1,
		.submit_wq = to_sched(tdev)->queue_wq,
		.timeout = msecs_to_jiffies(to_sched(tdev)->job_timeout_ms),
		.name = "tyr-queue",
		.dev = tdev->base.dev,
	};
	int ret;

	ret = drm_sched_init(&queue->sched, &args);
	if (ret)
		return ret;

	/* The queue's only entity, on its scheduler's only run queue. */
	ret = drm_sched_entity_init(&queue->entity, 0, &sched, 1, NULL);
	if (ret) {
		drm_sched_fini(&queue->sched);
		return ret;
	}

	queue->has_sched = true;
	return 0;
}

/*
 * Stop the group's queues: jobs not run fail, those in flight are failed.
 * Their schedulers free them, and the last one lets the group go.
 */
static void tyr_group_destroy(struct tyr_group *group)
{
	struct tyr_sched *sched = to_sched(group->tdev);
	unsigned int i;

	for (i = 0; i < group->queue_count; i++) {
		if (group->queues[i]->has_sched)
			drm_sched_entity_destroy(&group->queues[i]->entity);
	}

	mutex_lock(&sched->lock);
	group->destroyed = true;
	list_del_init(&group->node);
	if (sched->ready)
		tyr_group_kill(group);
	mutex_unlock(&sched->lock);

	tyr_group_put(group);
}

/**
 * tyr_sched_allowed_priorities() - Group priorities a file may use
 * @file: The DRM file.
 *
 * LOW and MEDIUM for everyone; HIGH and REALTIME for callers with
 * CAP_SYS_NICE or the DRM master.
 *
 * Return: A mask of BIT(PANTHOR_GROUP_PRIORITY_*).
 */
u8 tyr_sched_allowed_priorities(struct drm_file *file)
{
	u8 mask = BIT(PANTHOR_GROUP_PRIORITY_LOW) |
		  BIT(PANTHOR_GROUP_PRIORITY_MEDIUM);

	if (capable(CAP_SYS_NICE) || drm_is_current_master(file))
		mask |= BIT(PANTHOR_GROUP_PRIORITY_HIGH) |
			BIT(PANTHOR_GROUP_PRIORITY_REALTIME);
	return mask;
}

static int tyr_group_check(struct tyr_device *tdev, struct drm_file *file,
			   const struct drm_panthor_group_create *args)
{
	const struct drm_panthor_gpu_info *info = &tdev->gpu_info;

	if (args->pad || !args->queues.count ||
	    args->queues.count > tdev->mcu.csif.cs_slot_count)
		return -EINVAL;
	if (args->priority > PANTHOR_GROUP_PRIORITY_REALTIME)
		return -EINVAL;
	if ((args->compute_core_mask & ~info->shader_present) ||
	    (args->fragment_core_mask & ~info->shader_present) ||
	    (args->tiler_core_mask & ~info->tiler_present))
		return -EINVAL;
	if (!args->max_compute_cores || !args->max_fragment_cores ||
	    !args->max_tiler_cores ||
	    args->max_compute_cores > hweight64(args->compute_core_mask) ||
	    args->max_fragment_cores > hweight64(args->fragment_core_mask) ||
	    args->max_tiler_cores > hweight64(args->tiler_core_mask))
		return -EINVAL;
	if (!(tyr_sched_allowed_priorities(file) & BIT(args->priority)))
		return -EACCES;

	return 0;
}

static int tyr_group_create(struct drm_device *ddev,
			    struct drm_panthor_group_create *args,
			    struct drm_file *file)
{
	struct tyr_device *tdev = to_tyr_device(ddev);
	struct tyr_file *tfile = file->driver_priv;
	struct drm_panthor_queue_create *qargs;
	struct tyr_group *group;
	unsigned int i;
	u32 handle;
	int ret;

	if (!tdev->mcu.csif.csg_slot_count || !to_sched(tdev)->ready)
		return -ENODEV;

	ret = tyr_group_check(tdev, file, args);
	if (ret)
		return ret;

	qargs = tyr_copy_obj_array(&args->queues, sizeof(*qargs),
				   sizeof(*qargs));
	if (IS_ERR(qargs))
		return PTR_ERR(qargs);

	for (i = 0; i < args->queues.count; i++) {
		u32 size = qargs[i].ringbuf_size;

		if (qargs[i].pad[0] || qargs[i].pad[1] || qargs[i].pad[2] ||
		    qargs[i].priority > TYR_QUEUE_PRIO_MAX ||
		    !is_power_of_2(size) || size < TYR_RING_MIN ||
		    size > TYR_RING_MAX) {
			kvfree(qargs);
			return -EINVAL;
		}
	}

	group = kzalloc(sizeof(*group), GFP_KERNEL);
	if (!group) {
		kvfree(qargs);
		return -ENOMEM;
	}
	kref_init(&group->refcount);
	INIT_WORK(&group->release_work, tyr_group_release_work);
	atomic_inc(&to_sched(tdev)->group_count);
	group->tdev = tdev;
	group->usage = tfile->groups.usage;
	kref_get(&group->usage->refcount);
	group->slot = -1;
	INIT_LIST_HEAD(&group->wait_node);
	INIT_LIST_HEAD(&group->node);
	group->compute_mask = args->compute_core_mask;
	group->fragment_mask = args->fragment_core_mask;
	group->tiler_mask = args->tiler_core_mask;
	group->max_compute = args->max_compute_cores;
	group->max_fragment = args->max_fragment_cores;
	group->max_tiler = args->max_tiler_cores;
	group->priority = args->priority;

	group->vm = tyr_vm_pool_get(&tfile->vms, args->vm_id);
	if (!group->vm) {
		ret = -EINVAL;
		goto err_put;
	}
	if (READ_ONCE(group->vm->unusable)) {
		ret = -EINVAL;
		goto err_put;
	}

	ret = tyr_kmem_create(tdev, group->vm,
			      args->queues.count * TYR_SYNC_SIZE,
			      DRM_PANTHOR_VM_BIND_OP_MAP_NOEXEC |
			      DRM_PANTHOR_VM_BIND_OP_MAP_UNCACHED,
			      "group-syncs", &group->syncs);
	if (ret)
		goto err_put;

	ret = tyr_kmem_create(tdev, tdev->mcu.vm,
			      max_t(u32, tdev->mcu.suspend_size, PAGE_SIZE),
			      DRM_PANTHOR_VM_BIND_OP_MAP_NOEXEC |
			      DRM_PANTHOR_VM_BIND_OP_MAP_UNCACHED,
			      "group-suspend", &group->suspend);
	if (ret)
		goto err_put;

	for (i = 0; i < args->queues.count; i++) {
		struct tyr_queue *queue = tyr_queue_create(group, i, &qargs[i]);

		if (IS_ERR(queue)) {
			ret = PTR_ERR(queue);
			goto err_put;
		}
		group->queues[group->queue_count++] = queue;
	}

	for (i = 0; i < group->queue_count; i++) {
		ret = tyr_queue_sched_init(group->queues[i]);
		if (ret)
			goto err_destroy;
	}

	ret = xa_alloc(&tfile->groups.xa, &handle, group,
		       XA_LIMIT(1, TYR_GROUP_POOL_MAX), GFP_KERNEL);
	if (ret)
		goto err_destroy;

	mutex_lock(&to_sched(tdev)->lock);
	list_add_tail(&group->node, &to_sched(tdev)->groups);
	mutex_unlock(&to_sched(tdev)->lock);

	args->group_handle = handle;
	kvfree(qargs);
	return 0;

err_destroy:
	kvfree(qargs);
	tyr_group_destroy(group);
	return ret;

err_put:
	kvfree(qargs);
	tyr_group_put(group);
	return ret;
}

/**
 * tyr_ioctl_group_create() - DRM_IOCTL_PANTHOR_GROUP_CREATE
 * @ddev: The DRM device.
 * @data: A &struct drm_panthor_group_create.
 * @file: The DRM file that owns the group.
 *
 * Groups are made while the device is plugged: tyr_remove() waits for those
 * being made, and kills them with the others.
 *
 * Return: 0 with the group's handle set; -EINVAL for a bad VM, queue count,
 * ring size, priority, core mask or count, or non-zero padding; -EACCES for
 * HIGH or REALTIME without CAP_SYS_NICE or DRM master; -ENODEV without
 * firmware or once the device is unplugged; -EBUSY for a file that has
 * %TYR_GROUP_POOL_MAX groups; -ENOMEM.
 */
int tyr_ioctl_group_create(struct drm_device *ddev, void *data,
			   struct drm_file *file)
{
	int cookie, ret;

	if (!drm_dev_enter(ddev, &cookie))
		return -ENODEV;
	ret = tyr_group_create(ddev, data, file);
	drm_dev_exit(cookie);
	return ret;
}

/**
 * tyr_ioctl_group_destroy() - DRM_IOCTL_PANTHOR_GROUP_DESTROY
 * @ddev: The DRM device.
 * @data: A &struct drm_panthor_group_destroy.
 * @file: The DRM file that owns the group.
 *
 * Jobs not finished fail; their fences signal with an error.
 *
 * Return: 0, or -EINVAL for a bad handle or non-zero padding.
 */
int tyr_ioctl_group_destroy(struct drm_device *ddev, void *data,
			    struct drm_file *file)
{
	struct drm_panthor_group_destroy *args = data;
	struct tyr_file *tfile = file->driver_priv;
	struct tyr_group *group;

	if (args->pad)
		return -EINVAL;

	group = xa_erase(&tfile->groups.xa, args->group_handle);
	if (!group)
		return -EINVAL;

	tyr_group_destroy(group);
	return 0;
}

/**
 * tyr_ioctl_group_get_state() - DRM_IOCTL_PANTHOR_GROUP_GET_STATE
 * @ddev: The DRM device.
 * @data: A &struct drm_panthor_group_get_state.
 * @file: The DRM file that owns the group.
 *
 * Return: 0, or -EINVAL for a bad handle or non-zero padding.
 */
int tyr_ioctl_group_get_state(struct drm_device *ddev, void *data,
			      struct drm_file *file)
{
	struct tyr_device *tdev = to_tyr_device(ddev);
	struct drm_panthor_group_get_state *args = data;
	struct tyr_file *tfile = file->driver_priv;
	struct tyr_group *group;

	if (args->pad)
		return -EINVAL;

	group = tyr_group_pool_get(&tfile->groups, args->group_handle);
	if (!group)
		return -EINVAL;

	mutex_lock(&to_sched(tdev)->lock);
	args->state = 0;
	if (group->timedout)
		args->state |= DRM_PANTHOR_GROUP_STATE_TIMEDOUT;
	if (group->fatal_queues)
		args->state |= DRM_PANTHOR_GROUP_STATE_FATAL_FAULT;
	if (group->innocent)
		args->state |= DRM_PANTHOR_GROUP_STATE_INNOCENT;
	args->fatal_queues = group->fatal_queues;
	mutex_unlock(&to_sched(tdev)->lock);

	tyr_group_put(group);
	return 0;
}

/* A job being prepared by GROUP_SUBMIT, with the syncobjs it signals. */
struct tyr_submit {
	struct tyr_job *job;
	struct drm_panthor_sync_op *syncs;
	u32 sync_count;
	struct drm_syncobj **signal;
	struct dma_fence_chain **chains;
};

static void tyr_submit_cleanup(struct tyr_submit *sub, bool job_inited)
{
	u32 i;

	for (i = 0; i < sub->sync_count; i++) {
		if (sub->signal && sub->signal[i])
			drm_syncobj_put(sub->signal[i]);
		if (sub->chains)
			dma_fence_chain_free(sub->chains[i]);
	}
	kfree(sub->signal);
	kfree(sub->chains);
	kvfree(sub->syncs);
	if (sub->job) {
		if (job_inited)
			drm_sched_job_cleanup(&sub->job->base);
		tyr_job_put(sub->job);
	}
	memset(sub, 0, sizeof(*sub));
}

static int tyr_submit_prepare(struct drm_file *file, struct tyr_group *group,
			      const struct drm_panthor_queue_submit *qs,
			      struct tyr_submit *sub)
{
	struct tyr_queue *queue;
	struct tyr_job *job;
	u32 i;
	int ret;

	/*
	 * Streams start on a cache line and hold whole instructions; a
	 * sync-only submission has neither address nor size.
	 */
	if (qs->pad || qs->queue_index >= group->queue_count ||
	    !IS_ALIGNED(qs->stream_size, TYR_CS_INSTR_SIZE) ||
	    !IS_ALIGNED(qs->stream_addr, TYR_STREAM_ALIGN) ||
	    !qs->stream_size != !qs->stream_addr)
		return -EINVAL;
	queue = group->queues[qs->queue_index];

	sub->syncs = tyr_copy_obj_array(&qs->syncs, sizeof(*sub->syncs),
					sizeof(*sub->syncs));
	if (IS_ERR(sub->syncs)) {
		ret = PTR_ERR(sub->syncs);
		sub->syncs = NULL;
		return ret;
	}
	sub->sync_count = qs->syncs.count;
	sub->signal = kcalloc(sub->sync_count, sizeof(*sub->signal),
			      GFP_KERNEL);
	sub->chains = kcalloc(sub->sync_count, sizeof(*sub->chains),
			      GFP_KERNEL);
	if (sub->sync_count && (!sub->signal || !sub->chains))
		return -ENOMEM;

	for (i = 0; i < sub->sync_count; i++) {
		const struct drm_panthor_sync_op *op = &sub->syncs[i];

		if (!tyr_sync_op_valid(op))
			return -EINVAL;
		if (!(op->flags & DRM_PANTHOR_SYNC_OP_SIGNAL))
			continue;
		sub->signal[i] = drm_syncobj_find(file, op->handle);
		if (!sub->signal[i])
			return -EINVAL;
		if ((op->flags & DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_MASK) ==
		    DRM_PANTHOR_SYNC_OP_HANDLE_TYPE_TIMELINE_SYNCOBJ) {
			sub->chains[i] = dma_fence_chain_alloc();
			if (!sub->chains[i])
				return -ENOMEM;
		}
	}

	job = kzalloc(sizeof(*job), GFP_KERNEL);
	if (!job)
		return -ENOMEM;
	sub->job = job;
	INIT_LIST_HEAD(&job->node);
	/* The job keeps its queue, so its group, until it is freed. */
	job->queue = queue;
	kref_get(&group->refcount);
	atomic_inc(&to_sched(group->tdev)->job_count);
	/* And the GPU powered until it is done (see tyr_job_run()). */
	ret = tyr_pm_get(group->tdev);
	if (ret)
		return ret;
	job->pm_ref = true;
	job->stream_addr = qs->stream_addr;
	job->stream_size = qs->stream_size;
	job->latest_flush = qs->latest_flush;
	/* A job with no stream has nothing to measure. */
	if (job->stream_size)
		job->profile = READ_ONCE(to_sched(group->tdev)->profiling);
	job->done = kzalloc(sizeof(*job->done), GFP_KERNEL);
	if (!job->done)
		return -ENOMEM;

	return drm_sched_job_init(&job->base, &queue->entity,
				  tyr_job_credits(job), file, file->client_id);
}

/*
 * The job of an earlier submission of the same ioctl that signals @op's
 * syncobj point last, if any: that is the job a wait on it waits for, as
 * the submissions are in order.
 */
static struct tyr_job *tyr_submit_signaller(struct tyr_submit *subs, u32 n,
					    const struct drm_panthor_sync_op *op)
{
	u32 i;

	for (i = n; i-- > 0;) {
		if (tyr_sync_signals(subs[i].syncs, subs[i].sync_count, op))
			return subs[i].job;
	}

	return NULL;
}

/*
 * Give submission @n of the ioctl its dependencies, and arm its job, which
 * then has its fence: the jobs of later submissions may wait for it.
 */
static int tyr_submit_arm(struct drm_file *file, struct tyr_submit *subs,
			  u32 n)
{
	struct tyr_submit *sub = &subs[n];
	struct drm_sched_job *job = &sub->job->base;
	struct tyr_job *earlier;
	struct dma_fence *fence;
	u32 i;
	int ret;

	for (i = 0; i < sub->sync_count; i++) {
		const struct drm_panthor_sync_op *op = &sub->syncs[i];

		if (op->flags & DRM_PANTHOR_SYNC_OP_SIGNAL)
			continue;
		earlier = tyr_submit_signaller(subs, n, op);
		if (earlier) {
			fence = dma_fence_get(&earlier->base.s_fence->finished);
			ret = drm_sched_job_add_dependency(job, fence);
		} else {
			ret = drm_sched_job_add_syncobj_dependency(job, file,
								   op->handle,
								   op->timeline_value);
		}
		if (ret)
			return ret == -ENOENT ? -EINVAL : ret;
	}

	drm_sched_job_arm(job);
	return 0;
}

/* Queue an armed job and signal its syncobjs with its fence. */
static void tyr_submit_push(struct tyr_submit *sub)
{
	struct tyr_job *job = sub->job;
	struct dma_fence *done;
	u32 i;

	done = dma_fence_get(&job->base.s_fence->finished);
	for (i = 0; i < sub->sync_count; i++) {
		if (!sub->signal[i])
			continue;
		if (sub->chains[i]) {
			drm_syncobj_add_point(sub->signal[i], sub->chains[i],
					      done, sub->syncs[i].timeline_value);
			sub->chains[i] = NULL;
		} else {
			drm_syncobj_replace_fence(sub->signal[i], done);
		}
	}
	drm_sched_entity_push_job(&job->base);
	dma_fence_put(done);
	sub->job = NULL;
}

/**
 * tyr_ioctl_group_submit() - DRM_IOCTL_PANTHOR_GROUP_SUBMIT
 * @ddev: The DRM device.
 * @data: A &struct drm_panthor_group_submit.
 * @file: The DRM file that owns the group.
 *
 * Every queue submission becomes a job of its queue, after its syncobj
 * waits and before its signals; a zero-length stream only carries syncs.
 * A wait for a syncobj point that an earlier submission of the same ioctl
 * signals waits for that submission's job. The submissions are queued all
 * or none.
 *
 * Return: 0; -EINVAL for a bad group, queue, stream alignment, syncobj or
 * flag, or non-zero padding; -ECANCELED for a group that can no longer run
 * jobs; -ENODEV once the device is unplugged; -ENOMEM.
 */
int tyr_ioctl_group_submit(struct drm_device *ddev, void *data,
			   struct drm_file *file)
{
	struct drm_panthor_group_submit *args = data;
	struct tyr_file *tfile = file->driver_priv;
	struct drm_panthor_queue_submit *qsubs;
	struct tyr_submit *subs = NULL;
	struct tyr_group *group;
	int cookie, ret = 0;
	u32 i, count = 0;

	if (args->pad)
		return -EINVAL;

	/* tyr_remove() waits for jobs being pushed, and then kills them. */
	if (!drm_dev_enter(ddev, &cookie))
		return -ENODEV;

	group = tyr_group_pool_get(&tfile->groups, args->group_handle);
	if (!group) {
		ret = -EINVAL;
		goto out_exit;
	}

	qsubs = tyr_copy_obj_array(&args->queue_submits, sizeof(*qsubs),
				   sizeof(*qsubs));
	if (IS_ERR(qsubs)) {
		ret = PTR_ERR(qsubs);
		goto out_put;
	}

	if (READ_ONCE(group->dead)) {
		ret = -ECANCELED;
		goto out_free;
	}

	subs = kvcalloc(args->queue_submits.count, sizeof(*subs), GFP_KERNEL);
	if (args->queue_submits.count && !subs) {
		ret = -ENOMEM;
		goto out_free;
	}

	for (count = 0; count < args->queue_submits.count; count++) {
		ret = tyr_submit_prepare(file, group, &qsubs[count],
					 &subs[count]);
		if (ret) {
			tyr_submit_cleanup(&subs[count],
					   subs[count].job &&
					   subs[count].job->base.entity);
			goto out_cleanup;
		}
	}

	/*
	 * In order, so that a job may wait for a syncobj point an earlier
	 * one of the same ioctl signals. A job armed but not pushed (a later
	 * one failed) is cleaned up with its fence unsignalled: nothing
	 * outside the ioctl has seen it.
	 */
	for (i = 0; i < count; i++) {
		ret = tyr_submit_arm(file, subs, i);
		if (ret)
			goto out_cleanup;
	}

	for (i = 0; i < count; i++)
		tyr_submit_push(&subs[i]);

out_cleanup:
	for (i = 0; i < count; i++)
		tyr_submit_cleanup(&subs[i], true);
out_free:
	kvfree(subs);
	kvfree(qsubs);
out_put:
	tyr_group_put(group);
out_exit:
	drm_dev_exit(cookie);
	return ret;
}

/**
 * tyr_group_pool_init() - Set up the groups of a new DRM file
 * @pool: The pool.
 *
 * Return: 0 or -ENOMEM.
 */
int tyr_group_pool_init(struct tyr_group_pool *pool)
{
	pool->usage = kzalloc(sizeof(*pool->usage), GFP_KERNEL);
	if (!pool->usage)
		return -ENOMEM;
	kref_init(&pool->usage->refcount);
	xa_init_flags(&pool->xa, XA_FLAGS_ALLOC1);
	return 0;
}

/**
 * tyr_group_pool_destroy() - Destroy the groups of a closing DRM file
 * @pool: The pool.
 */
void tyr_group_pool_destroy(struct tyr_group_pool *pool)
{
	struct tyr_group *group;
	unsigned long handle;

	xa_for_each(&pool->xa, handle, group) {
		xa_erase(&pool->xa, handle);
		tyr_group_destroy(group);
	}
	xa_destroy(&pool->xa);
	tyr_usage_put(pool->usage);
}

/**
 * tyr_sched_set_profiling() - Choose what the GPU measures of each job
 * @tdev: The device.
 * @mask: TYR_PROFILE_* bits, for the jobs submitted from now on.
 *
 * Profiled jobs sample the GPU's cycle counter or timestamp before their
 * stream and after their work, which fdinfo adds up per file. It costs ring
 * space and memory writes, so it is off unless asked for, as in panthor.
 *
 * Return: 0, or -EINVAL for bits that are not TYR_PROFILE_* ones.
 */
int tyr_sched_set_profiling(struct tyr_device *tdev, u32 mask)
{
	if (mask & ~TYR_PROFILE_ALL)
		return -EINVAL;

	WRITE_ONCE(to_sched(tdev)->profiling, mask);
	return 0;
}

/**
 * tyr_sched_show_fdinfo() - Print a file's GPU usage
 * @tdev: The device.
 * @pool: The file's groups.
 * @p: Where to print.
 *
 * The keys of the DRM usage-stats document that panthor prints, with its
 * engine name, so that tools that know it read Tyr alike: the GPU time and
 * cycles of the file's jobs while profiling measured them (printed while
 * it does; the time only when the timestamp frequency is known), and the
 * GPU's highest and current clock rates when devfreq knows them.
 */
void tyr_sched_show_fdinfo(struct tyr_device *tdev,
			   struct tyr_group_pool *pool, struct drm_printer *p)
{
	u32 mask = READ_ONCE(to_sched(tdev)->profiling);
	u64 hz = tyr_gpu_timestamp_hz();
	unsigned long cur, max;
	int cookie;

	if ((mask & TYR_PROFILE_TIMESTAMP) && hz)
		drm_printf(p, "drm-engine-panthor:\t%llu ns\n",
			   mul_u64_u64_div_u64(atomic64_read(&pool->usage->ticks),
					       NSEC_PER_SEC, hz));
	if (mask & TYR_PROFILE_CYCLES)
		drm_printf(p, "drm-cycles-panthor:\t%llu\n",
			   (u64)atomic64_read(&pool->usage->cycles));

	if (!drm_dev_enter(&tdev->base, &cookie))
		return;
	if (tyr_devfreq_rates(tdev, &cur, &max)) {
		drm_printf(p, "drm-maxfreq-panthor:\t%lu Hz\n", max);
		drm_printf(p, "drm-curfreq-panthor:\t%lu Hz\n", cur);
	}
	drm_dev_exit(cookie);
}

/*
 * Take every resident group off its slot: saved to its suspend buffer when
 * the firmware runs and does it, so that it resumes later; otherwise it
 * loses its work and dies. No group gets a slot until tyr_sched_resume().
 * Sched lock held.
 *
 * Return: The number of groups saved.
 */
static unsigned int tyr_sched_save_groups(struct tyr_device *tdev)
{
	struct tyr_sched *sched = to_sched(tdev);
	unsigned int i, saved = 0;

	sched->paused = true;
	for (i = 0; i < TYR_MCU_MAX_CSG; i++) {
		struct tyr_group *group = sched->slots[i];

		if (!group)
			continue;
		if (!tdev->mcu.running || group->dead ||
		    tyr_csg_request(tdev, i, TYR_CSG_STATE_SUSPEND, 0)) {
			drm_err(&tdev->base, "group slot %u lost its work\n", i);
			tyr_group_lose_slot(group);
			continue;
		}
		group->suspended = true;
		tyr_group_leave_slot(group);
		saved++;
		if (tyr_group_busy(group))
			tyr_group_wait_slot(sched, group);
	}

	return saved;
}

/**
 * tyr_sched_suspend() - Take every group off its slot before a suspend
 * @tdev: The device, with the firmware running.
 *
 * Resident groups are suspended to their suspend buffers; they get a slot
 * again when they have work after the resume.
 */
void tyr_sched_suspend(struct tyr_device *tdev)
{
	struct tyr_sched *sched = to_sched(tdev);

	if (!sched->ready)
		return;

	mutex_lock(&sched->lock);
	tyr_sched_save_groups(tdev);
	mutex_unlock(&sched->lock);
}

/**
 * tyr_sched_reset() - Save what can be saved of the groups before a reset
 * @tdev: The device, about to be reset.
 *
 * Resident groups are suspended to their suspend buffers while the
 * firmware still answers: they resume after the reset as if nothing
 * happened. Those it cannot suspend lose their work and die, as innocent
 * unless they had faulted or timed out. Groups that were not resident run
 * again afterwards.
 */
void tyr_sched_reset(struct tyr_device *tdev)
{
	struct tyr_sched *sched = to_sched(tdev);

	if (!sched->ready)
		return;

	mutex_lock(&sched->lock);
	sched->reset_saves += tyr_sched_save_groups(tdev);
	mutex_unlock(&sched->lock);
}

/**
 * tyr_sched_resume() - Run again the groups that have work
 * @tdev: The device, with the firmware running.
 */
void tyr_sched_resume(struct tyr_device *tdev)
{
	struct tyr_sched *sched = to_sched(tdev);

	if (!sched->ready)
		return;

	mutex_lock(&sched->lock);
	sched->paused = false;
	mutex_unlock(&sched->lock);
	queue_work(sched->wq, &sched->work);
}

/**
 * tyr_sched_vm_fault() - Kill the groups of a VM that faulted
 * @tdev: The device.
 * @vm: The VM, now unusable.
 */
void tyr_sched_vm_fault(struct tyr_device *tdev, struct tyr_vm *vm)
{
	struct tyr_sched *sched = to_sched(tdev);
	unsigned int i;

	if (!sched->ready)
		return;

	for (i = 0; i < TYR_MCU_MAX_CSG; i++) {
		struct tyr_group *group = READ_ONCE(sched->slots[i]);

		if (group && group->vm == vm) {
			WRITE_ONCE(group->fatal_queues,
				   group->fatal_queues |
				   GENMASK(group->queue_count - 1, 0));
			spin_lock(&sched->events_lock);
			sched->events |= BIT(i);
			spin_unlock(&sched->events_lock);
		}
	}
	queue_work(sched->wq, &sched->work);
}

static void tyr_sched_destroy_queue_wq(struct drm_device *ddev, void *wq)
{
	destroy_workqueue(wq);
}

/**
 * tyr_sched_init() - Set up the scheduler
 * @tdev: The device, with the firmware running.
 *
 * Return: 0 or -ENOMEM.
 */
int tyr_sched_init(struct tyr_device *tdev)
{
	struct tyr_sched *sched = to_sched(tdev);
	int ret;

	mutex_init(&sched->lock);
	INIT_LIST_HEAD(&sched->waiting);
	INIT_LIST_HEAD(&sched->groups);
	spin_lock_init(&sched->events_lock);
	init_waitqueue_head(&sched->ack_wq);
	INIT_WORK(&sched->work, tyr_sched_work);
	INIT_DELAYED_WORK(&sched->tick, tyr_sched_tick);
	INIT_WORK(&sched->oom_work, tyr_sched_oom_work);
	sched->job_timeout_ms = TYR_SCHED_JOB_TIMEOUT_MS;

	/* It signals fences: it must make progress under memory pressure. */
	sched->wq = alloc_ordered_workqueue("tyr-sched", WQ_MEM_RECLAIM);
	if (!sched->wq)
		return -ENOMEM;

	/*
	 * One workqueue for all queues' schedulers, not one each. Groups, and
	 * their schedulers, may outlive the device's removal (open files, jobs
	 * in flight): the workqueue lives as long as the DRM device.
	 */
	sched->queue_wq = alloc_workqueue("tyr-queues", WQ_MEM_RECLAIM, 0);
	if (!sched->queue_wq) {
		destroy_workqueue(sched->wq);
		return -ENOMEM;
	}
	ret = drmm_add_action_or_reset(&tdev->base, tyr_sched_destroy_queue_wq,
				       sched->queue_wq);
	if (ret) {
		destroy_workqueue(sched->wq);
		return ret;
	}

	/* Streams out of tiler memory wait for it: it must make progress. */
	sched->heap_wq = alloc_ordered_workqueue("tyr-heap", WQ_MEM_RECLAIM);
	if (!sched->heap_wq) {
		destroy_workqueue(sched->wq);
		return -ENOMEM;
	}

	sched->ready = true;
	return 0;
}

/* Kill every group: the GPU will not run them. Sched lock held. */
static void tyr_sched_kill_groups(struct tyr_sched *sched)
{
	struct tyr_group *group;

	list_for_each_entry(group, &sched->groups, node) {
		if (group->dead)
			continue;
		group->timedout = true;
		group->innocent = true;
		tyr_group_kill(group);
	}
}

/**
 * tyr_sched_fail() - Kill every group of a GPU that cannot run them
 * @tdev: The device, unusable.
 *
 * The groups a reset saved, and any other, die innocent: their jobs fail.
 */
void tyr_sched_fail(struct tyr_device *tdev)
{
	struct tyr_sched *sched = to_sched(tdev);

	if (!sched->ready)
		return;

	mutex_lock(&sched->lock);
	tyr_sched_kill_groups(sched);
	mutex_unlock(&sched->lock);
}

/**
 * tyr_sched_describe() - Print the groups of the device
 * @tdev: The device.
 * @p: Where to print.
 */
void tyr_sched_describe(struct tyr_device *tdev, struct drm_printer *p)
{
	struct tyr_sched *sched = to_sched(tdev);
	struct tyr_group *group;

	mutex_lock(&sched->lock);
	list_for_each_entry(group, &sched->groups, node) {
		drm_printf(p, "group: priority %u, %u queue(s), slot %d%s%s%s\n",
			   group->priority, group->queue_count, group->slot,
			   group->dead ? ", dead" : "",
			   group->timedout ? ", timed out" : "",
			   group->fatal_queues ? ", faulty" : "");
	}
	drm_printf(p, "%d group object(s), %d job(s)\n",
		   atomic_read(&sched->group_count),
		   atomic_read(&sched->job_count));
	mutex_unlock(&sched->lock);
}

/**
 * tyr_sched_fini() - Tear the scheduler down
 * @tdev: The device; every group is gone.
 */
void tyr_sched_fini(struct tyr_device *tdev)
{
	struct tyr_sched *sched = to_sched(tdev);

	if (!sched->ready)
		return;

	/*
	 * Files may outlive the device: their groups can run no more, and
	 * tell so (they die innocent, as in a failed reset).
	 */
	mutex_lock(&sched->lock);
	tyr_sched_kill_groups(sched);
	sched->ready = false;
	mutex_unlock(&sched->lock);

	cancel_delayed_work_sync(&sched->tick);
	destroy_workqueue(sched->heap_wq);
	destroy_workqueue(sched->wq);
}
