// SPDX-License-Identifier: GPL-2.0 or MIT
/**
 * DOC: MCU
 *
 * The CSF firmware runs on the GPU's microcontroller (MCU), in a VM of its
 * own that lives in address space 0. Every section of the image is loaded
 * into a kernel buffer object mapped at the section's MCU VA with the
 * section's permissions: read-only unless writable, not executable unless
 * executable, and uncached unless the section asks to be cached and the GPU
 * can be (a cache-coherent section needs a coherent GPU). The contents of
 * writable sections are kept so that a reset can reload them.
 *
 * Boot: MCU_CONTROL is set to AUTO and the firmware signals the global
 * interface (job interrupt bit 31) once its interface is written in the
 * shared section. Tyr then checks the interface before using it: a version,
 * group and stream counts in range, strides that hold their blocks, every
 * area inside the shared section, and all groups and streams alike. It
 * then configures the firmware: shader cores it may use, power-off and idle
 * timers, the progress timer, idle events, and which acknowledgements
 * interrupt the host.
 *
 * A ping every %TYR_MCU_PING_MS milliseconds, while the GPU is on, checks
 * that the firmware still answers; one that is not answered in
 * %TYR_MCU_REQ_TIMEOUT_MS milliseconds resets the GPU.
 *
 * On suspend the MCU is halted, then disabled. When the halt went well, the
 * firmware's memory is as it left it, and resume restarts the MCU without
 * reloading anything; otherwise, or if the quick restart fails, and after a
 * GPU reset, writable sections are reloaded from the image first.
 */

#include <linux/bitfield.h>
#include <linux/delay.h>
#include <linux/dma-map-ops.h>
#include <linux/iopoll.h>
#include <linux/minmax.h>
#include <linux/pm_runtime.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <drm/drm_print.h>

#include "tyr_device.h"
#include "tyr_fw.h"
#include "tyr_fw_if.h"
#include "tyr_gem.h"
#include "tyr_gpu.h"
#include "tyr_mcu.h"
#include "tyr_mmu.h"
#include "tyr_regs.h"
#include "tyr_sched.h"

/* Time the firmware may keep a stream busy without progress, GPU cycles. */
#define TYR_MCU_PROGRESS_CYCLES		2500000000ull

/* Hysteresis before the firmware powers cores off, or reports idle. */
#define TYR_MCU_POWEROFF_US		800
#define TYR_MCU_IDLE_US			800

/* Registers userspace may not rely on across jobs: the kernel's own. */
#define TYR_MCU_UNPRESERVED_REGS	4

/* How long the MCU may take to halt or stop. */
#define TYR_MCU_STOP_TIMEOUT_US		100000

/* Acknowledgements and events that interrupt the host. */
#define TYR_MCU_GLB_IRQS		(TYR_GLB_CFG_PROGRESS_TIMER | \
					 TYR_GLB_CFG_ALLOC_EN | \
					 TYR_GLB_CFG_POWEROFF_TIMER | \
					 TYR_GLB_PING | TYR_GLB_IDLE_EN | \
					 TYR_GLB_IDLE)

static u32 tyr_mcu_get(const u32 *area, u32 offset)
{
	return READ_ONCE(area[offset / 4]);
}

static void tyr_mcu_set(u32 *area, u32 offset, u32 val)
{
	WRITE_ONCE(area[offset / 4], val);
}

static void tyr_mcu_ring(struct tyr_device *tdev, unsigned int doorbell)
{
	/* Whatever was written for the firmware lands before it looks. */
	wmb();
	tyr_write(tdev, TYR_DOORBELL(doorbell), 1);
}

/*
 * The CPU address of @size bytes at MCU VA @va, if they are all inside the
 * shared section and @va is word aligned; NULL otherwise.
 */
static void *tyr_mcu_area(struct tyr_mcu *mcu, u64 va, u32 size)
{
	u64 offset = va - TYR_FW_SHARED_VA;

	if (va < TYR_FW_SHARED_VA || !IS_ALIGNED(va, 4) ||
	    offset > mcu->shared_size || size > mcu->shared_size - offset)
		return NULL;

	return mcu->shared + offset;
}

/* The firmware's timer value for @us microseconds. */
static u32 tyr_mcu_timer(struct tyr_device *tdev, u32 us)
{
	u64 hz = tyr_gpu_timestamp_hz();
	u32 source = 0;
	u64 units;

	/* Without a known timestamp rate, count GPU cycles instead. */
	if (!hz) {
		hz = clk_get_rate(tdev->clks[TYR_CLK_CORE].clk);
		source = TYR_GLB_TIMER_GPU_CYCLES;
	}

	units = DIV_ROUND_UP_ULL(mul_u32_u32(us, hz), USEC_PER_SEC);
	units = DIV_ROUND_UP_ULL(units, 1u << TYR_GLB_TIMER_SHIFT);
	if (!hz || units > TYR_GLB_TIMER_VAL)
		units = TYR_GLB_TIMER_VAL;

	return source | (u32)units;
}

/* Global requests not yet answered, among @mask. */
static u32 tyr_mcu_glb_pending(struct tyr_mcu *mcu, u32 mask)
{
	return (tyr_mcu_get(mcu->glb_input, TYR_GLB_IN_REQ) ^
		tyr_mcu_get(mcu->glb_output, TYR_GLB_OUT_ACK)) & mask;
}

/**
 * tyr_mcu_runs() - Look at the MCU after a wait for the firmware timed out
 * @tdev: The device, powered.
 *
 * Before a caller calls a wait a timeout, it reads MCU_STATUS and, if the
 * MCU still runs, looks at the interface once more (the register read
 * orders that look after it). On hardware, the look only covers the
 * moments since the wait's last one. The software model completes whatever
 * is due when a register is read: there, the read also shows an answer
 * that the host, busy with other work, had not delivered yet.
 *
 * Return: true if MCU_STATUS says the MCU is running.
 */
bool tyr_mcu_runs(struct tyr_device *tdev)
{
	return tyr_read(tdev, TYR_MCU_STATUS) == TYR_MCU_STATUS_ENABLED;
}

/**
 * tyr_mcu_glb_request() - Ask the firmware something and wait for its answer
 * @tdev: The device, with the firmware running.
 * @toggle: Request bits to flip (the firmware flips its ack bit back).
 * @set: State bits to set.
 * @clear: State bits to clear.
 * @timeout_ms: How long the firmware has to answer.
 *
 * Every bit passed must be one whose acknowledgment interrupts the host.
 *
 * Return: 0 once the firmware acknowledged every bit; -ETIMEDOUT if it did
 * not in time (the request is left pending); -ENODEV if the firmware is not
 * running.
 */
int tyr_mcu_glb_request(struct tyr_device *tdev, u32 toggle, u32 set,
			u32 clear, unsigned int timeout_ms)
{
	struct tyr_mcu *mcu = &tdev->mcu;
	u32 mask = toggle | set | clear;
	int ret = 0;
	u32 req;

	mutex_lock(&mcu->req_mutex);
	if (!mcu->running) {
		ret = -ENODEV;
		goto out;
	}

	spin_lock(&mcu->req_lock);
	req = tyr_mcu_get(mcu->glb_input, TYR_GLB_IN_REQ);
	req = ((req ^ toggle) | set) & ~clear;
	tyr_mcu_set(mcu->glb_input, TYR_GLB_IN_REQ, req);
	spin_unlock(&mcu->req_lock);

	tyr_mcu_ring(tdev, TYR_DOORBELL_GLB);
	if (!wait_event_timeout(mcu->wq, !tyr_mcu_glb_pending(mcu, mask),
				msecs_to_jiffies(timeout_ms)) &&
	    (!tyr_mcu_runs(tdev) || tyr_mcu_glb_pending(mcu, mask)))
		ret = -ETIMEDOUT;

out:
	mutex_unlock(&mcu->req_mutex);
	return ret;
}

/**
 * tyr_mcu_ring_groups() - Have the firmware look at group interfaces
 * @tdev: The device, with the firmware running.
 * @slots: The group slots whose requests changed.
 */
void tyr_mcu_ring_groups(struct tyr_device *tdev, u32 slots)
{
	struct tyr_mcu *mcu = &tdev->mcu;

	spin_lock(&mcu->req_lock);
	tyr_mcu_set(mcu->glb_input, TYR_GLB_IN_DOORBELL_REQ,
		    tyr_mcu_get(mcu->glb_input, TYR_GLB_IN_DOORBELL_REQ) ^ slots);
	spin_unlock(&mcu->req_lock);
	tyr_mcu_ring(tdev, TYR_DOORBELL_GLB);
}

/**
 * tyr_mcu_fault() - The firmware faulted in its VM
 * @tdev: The device.
 *
 * Called by the MMU fault handler. A boot in progress fails; a firmware
 * that was running is recovered with a GPU reset.
 */
void tyr_mcu_fault(struct tyr_device *tdev)
{
	struct tyr_mcu *mcu = &tdev->mcu;

	WRITE_ONCE(mcu->faulted, true);
	wake_up_all(&mcu->wq);
	if (READ_ONCE(mcu->running))
		tyr_device_schedule_reset(tdev);
}

/**
 * tyr_mcu_irq_handler() - Events of the job interrupt block
 * @tdev: The device.
 * @events: TYR_JOB_IRQ_* events.
 *
 * Acknowledges the firmware's global events and wakes whoever waits for the
 * firmware.
 */
void tyr_mcu_irq_handler(struct tyr_device *tdev, u32 events)
{
	struct tyr_mcu *mcu = &tdev->mcu;
	u32 req, ack;

	if (events & ~TYR_JOB_IRQ_GLOBAL)
		tyr_sched_irq(tdev, events & ~TYR_JOB_IRQ_GLOBAL);
	if (!(events & TYR_JOB_IRQ_GLOBAL))
		return;

	spin_lock(&mcu->req_lock);
	if (mcu->glb_output) {
		req = tyr_mcu_get(mcu->glb_input, TYR_GLB_IN_REQ);
		ack = tyr_mcu_get(mcu->glb_output, TYR_GLB_OUT_ACK);
		req ^= (req ^ ack) & TYR_GLB_EVENT_MASK;
		tyr_mcu_set(mcu->glb_input, TYR_GLB_IN_REQ, req);
	}
	WRITE_ONCE(mcu->signalled, true);
	spin_unlock(&mcu->req_lock);

	wake_up_all(&mcu->wq);
}

static __printf(2, 3) int tyr_mcu_bad_iface(struct tyr_device *tdev,
					    const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	drm_err(&tdev->base, "firmware interface: %pV", &vaf);
	va_end(args);

	return -EINVAL;
}

static int tyr_mcu_read_streams(struct tyr_device *tdev, unsigned int group,
				u64 ctl_va, u32 stream_num, u32 stream_stride)
{
	struct tyr_mcu *mcu = &tdev->mcu;
	struct tyr_mcu_group *grp = &mcu->groups[group];
	unsigned int i;

	for (i = 0; i < stream_num; i++) {
		u64 va = ctl_va + TYR_CS_CTL_BASE + (u64)i * stream_stride;
		const u32 *ctl = tyr_mcu_area(mcu, va, TYR_CS_CTL_SIZE);
		u32 features;

		if (!ctl)
			return tyr_mcu_bad_iface(tdev, "stream %u.%u: control out of bounds\n",
						 group, i);

		features = tyr_mcu_get(ctl, TYR_CS_CTL_FEATURES);
		if (group == 0 && i == 0) {
			mcu->csif.cs_reg_count =
				FIELD_GET(TYR_CS_FEATURES_WORK_REGS, features) + 1;
			mcu->csif.scoreboard_slot_count =
				FIELD_GET(TYR_CS_FEATURES_SCOREBOARDS, features);
			mcu->csif.unpreserved_cs_reg_count =
				TYR_MCU_UNPRESERVED_REGS;
		}
		if (FIELD_GET(TYR_CS_FEATURES_WORK_REGS, features) + 1 !=
		    mcu->csif.cs_reg_count ||
		    FIELD_GET(TYR_CS_FEATURES_SCOREBOARDS, features) !=
		    mcu->csif.scoreboard_slot_count)
			return tyr_mcu_bad_iface(tdev, "stream %u.%u differs from stream 0.0\n",
						 group, i);

		grp->streams[i].input =
			tyr_mcu_area(mcu, tyr_mcu_get(ctl, TYR_CS_CTL_INPUT_VA),
				     TYR_CS_IN_SIZE);
		grp->streams[i].output =
			tyr_mcu_area(mcu, tyr_mcu_get(ctl, TYR_CS_CTL_OUTPUT_VA),
				     TYR_CS_OUT_SIZE);
		if (!grp->streams[i].input || !grp->streams[i].output)
			return tyr_mcu_bad_iface(tdev, "stream %u.%u: areas out of bounds\n",
						 group, i);
	}

	return 0;
}

static int tyr_mcu_read_groups(struct tyr_device *tdev, u32 group_num,
			       u32 group_stride)
{
	struct tyr_mcu *mcu = &tdev->mcu;
	u32 stream_num = 0, stream_stride = 0, suspend_size = 0;
	unsigned int i;
	int ret;

	for (i = 0; i < group_num; i++) {
		u64 va = TYR_FW_SHARED_VA + TYR_CSG_CTL_BASE +
			 (u64)i * group_stride;
		const u32 *ctl = tyr_mcu_area(mcu, va, TYR_CSG_CTL_SIZE);
		struct tyr_mcu_group *grp = &mcu->groups[i];

		if (!ctl)
			return tyr_mcu_bad_iface(tdev, "group %u: control block out of bounds\n",
						 i);

		if (i == 0) {
			stream_num = tyr_mcu_get(ctl, TYR_CSG_CTL_STREAM_NUM);
			stream_stride = tyr_mcu_get(ctl, TYR_CSG_CTL_STREAM_STRIDE);
			suspend_size = tyr_mcu_get(ctl, TYR_CSG_CTL_SUSPEND_SIZE);
			if (!stream_num || stream_num > TYR_MCU_MAX_CS ||
			    stream_stride < TYR_CS_CTL_SIZE ||
			    TYR_CS_CTL_BASE + (u64)stream_num * stream_stride >
			    group_stride)
				return tyr_mcu_bad_iface(tdev, "%u streams, stride 0x%x in 0x%x\n",
							 stream_num, stream_stride,
							 group_stride);
		} else if (tyr_mcu_get(ctl, TYR_CSG_CTL_STREAM_NUM) != stream_num ||
			   tyr_mcu_get(ctl, TYR_CSG_CTL_STREAM_STRIDE) != stream_stride ||
			   tyr_mcu_get(ctl, TYR_CSG_CTL_SUSPEND_SIZE) != suspend_size) {
			return tyr_mcu_bad_iface(tdev, "group %u differs from group 0\n",
						 i);
		}

		grp->input = tyr_mcu_area(mcu,
					  tyr_mcu_get(ctl, TYR_CSG_CTL_INPUT_VA),
					  TYR_CSG_IN_SIZE);
		grp->output = tyr_mcu_area(mcu,
					   tyr_mcu_get(ctl, TYR_CSG_CTL_OUTPUT_VA),
					   TYR_CSG_OUT_SIZE);
		if (!grp->input || !grp->output)
			return tyr_mcu_bad_iface(tdev, "group %u: areas out of bounds\n",
						 i);

		ret = tyr_mcu_read_streams(tdev, i, va, stream_num,
					   stream_stride);
		if (ret)
			return ret;
	}

	mcu->csif.csg_slot_count = group_num;
	mcu->csif.cs_slot_count = stream_num;
	mcu->suspend_size = suspend_size;
	return 0;
}

/* Find and check what the firmware wrote in the shared section. */
static int tyr_mcu_read_iface(struct tyr_device *tdev)
{
	struct tyr_mcu *mcu = &tdev->mcu;
	const u32 *glb = tyr_mcu_area(mcu, TYR_FW_SHARED_VA, TYR_GLB_CTL_SIZE);
	u32 version, group_num, group_stride;
	u32 *input;
	const u32 *output;
	int ret;

	if (!glb)
		return tyr_mcu_bad_iface(tdev, "shared section too small\n");

	version = tyr_mcu_get(glb, TYR_GLB_CTL_VERSION);
	group_num = tyr_mcu_get(glb, TYR_GLB_CTL_GROUP_NUM);
	group_stride = tyr_mcu_get(glb, TYR_GLB_CTL_GROUP_STRIDE);
	if (!version)
		return tyr_mcu_bad_iface(tdev, "no version\n");
	if (!group_num || group_num > TYR_MCU_MAX_CSG ||
	    group_stride < TYR_CSG_CTL_SIZE)
		return tyr_mcu_bad_iface(tdev, "%u groups of stride 0x%x\n",
					 group_num, group_stride);

	input = tyr_mcu_area(mcu, tyr_mcu_get(glb, TYR_GLB_CTL_INPUT_VA),
			     TYR_GLB_IN_SIZE);
	output = tyr_mcu_area(mcu, tyr_mcu_get(glb, TYR_GLB_CTL_OUTPUT_VA),
			      TYR_GLB_OUT_SIZE);
	if (!input || !output)
		return tyr_mcu_bad_iface(tdev, "global areas outside the shared section\n");

	ret = tyr_mcu_read_groups(tdev, group_num, group_stride);
	if (ret)
		return ret;

	if (version != mcu->version)
		drm_info(&tdev->base,
			 "firmware interface %lu.%lu.%lu: %u groups of %u streams, %u registers, %u scoreboards\n",
			 FIELD_GET(TYR_GLB_VERSION_MAJOR, version),
			 FIELD_GET(TYR_GLB_VERSION_MINOR, version),
			 FIELD_GET(TYR_GLB_VERSION_PATCH, version),
			 group_num, mcu->csif.cs_slot_count,
			 mcu->csif.cs_reg_count,
			 mcu->csif.scoreboard_slot_count);
	mcu->version = version;

	/*
	 * Requests left over from before the boot (a halt, a ping that was
	 * never answered) are dropped: the firmware starts with none pending,
	 * and old events count as acknowledged.
	 */
	spin_lock(&mcu->req_lock);
	mcu->glb_input = input;
	mcu->glb_output = output;
	tyr_mcu_set(input, TYR_GLB_IN_REQ,
		    tyr_mcu_get(output, TYR_GLB_OUT_ACK) & ~TYR_GLB_HALT);
	tyr_mcu_set(input, TYR_GLB_IN_DOORBELL_REQ,
		    tyr_mcu_get(output, TYR_GLB_OUT_DOORBELL_ACK));
	spin_unlock(&mcu->req_lock);

	return 0;
}

static int tyr_mcu_configure(struct tyr_device *tdev)
{
	struct tyr_mcu *mcu = &tdev->mcu;
	u64 cores = tdev->gpu_info.shader_present;
	u32 *in = mcu->glb_input;

	tyr_mcu_set(in, TYR_GLB_IN_CORE_EN_MASK, lower_32_bits(cores));
	tyr_mcu_set(in, TYR_GLB_IN_CORE_EN_MASK + 4, upper_32_bits(cores));
	tyr_mcu_set(in, TYR_GLB_IN_POWEROFF_TIMER,
		    tyr_mcu_timer(tdev, TYR_MCU_POWEROFF_US));
	tyr_mcu_set(in, TYR_GLB_IN_IDLE_TIMER,
		    tyr_mcu_timer(tdev, TYR_MCU_IDLE_US));
	tyr_mcu_set(in, TYR_GLB_IN_PROGRESS_TIMER,
		    TYR_MCU_PROGRESS_CYCLES >> TYR_GLB_TIMER_SHIFT);
	tyr_mcu_set(in, TYR_GLB_IN_ACK_IRQ_MASK, TYR_MCU_GLB_IRQS);

	return tyr_mcu_glb_request(tdev, TYR_GLB_CFG_PROGRESS_TIMER |
				   TYR_GLB_CFG_ALLOC_EN |
				   TYR_GLB_CFG_POWEROFF_TIMER,
				   TYR_GLB_IDLE_EN, 0, TYR_MCU_REQ_TIMEOUT_MS);
}

/* Disable the MCU, wherever it is. */
static void tyr_mcu_stop(struct tyr_device *tdev)
{
	u32 status;

	tyr_write(tdev, TYR_MCU_CONTROL, TYR_MCU_CONTROL_DISABLE);
	if (read_poll_timeout(tyr_read, status,
			      status == TYR_MCU_STATUS_DISABLED, 10,
			      TYR_MCU_STOP_TIMEOUT_US, false, tdev,
			      TYR_MCU_STATUS))
		drm_warn(&tdev->base, "MCU did not stop (status %u)\n", status);
}

/*
 * The boot wait timed out (see tyr_mcu_runs()): a firmware that is up has
 * raised its global interrupt, which its handler has not taken yet, or is
 * handling (it clears RAWSTAT before it says so).
 */
static bool tyr_mcu_booted_late(struct tyr_device *tdev)
{
	if (!tyr_mcu_runs(tdev))
		return false;
	if (tyr_read(tdev, TYR_JOB_IRQ_BASE + TYR_IRQ_RAWSTAT) &
	    TYR_JOB_IRQ_GLOBAL)
		return true;

	tyr_irq_synchronize(&tdev->irqs[TYR_IRQ_JOB]);
	return READ_ONCE(tdev->mcu.signalled);
}

/* Start the MCU on what is in memory and bring the interface up. */
static int tyr_mcu_start(struct tyr_device *tdev)
{
	struct tyr_mcu *mcu = &tdev->mcu;
	u32 status;
	int ret;

	WRITE_ONCE(mcu->signalled, false);
	WRITE_ONCE(mcu->faulted, false);
	tyr_write(tdev, TYR_MCU_CONTROL, TYR_MCU_CONTROL_AUTO);
	if (!wait_event_timeout(mcu->wq, READ_ONCE(mcu->signalled) ||
				READ_ONCE(mcu->faulted),
				msecs_to_jiffies(TYR_MCU_BOOT_TIMEOUT_MS)) &&
	    !tyr_mcu_booted_late(tdev)) {
		drm_err(&tdev->base, "firmware did not boot (MCU status %u)\n",
			tyr_read(tdev, TYR_MCU_STATUS));
		ret = -ETIMEDOUT;
		goto err_stop;
	}

	status = tyr_read(tdev, TYR_MCU_STATUS);
	if (status != TYR_MCU_STATUS_ENABLED) {
		drm_err(&tdev->base, "MCU status %u after boot\n", status);
		ret = -EIO;
		goto err_stop;
	}

	ret = tyr_mcu_read_iface(tdev);
	if (ret)
		goto err_stop;

	mcu->running = true;
	ret = tyr_mcu_configure(tdev);
	if (ret) {
		drm_err(&tdev->base, "firmware did not take its configuration\n");
		mcu->running = false;
		goto err_stop;
	}

	mcu->boots++;
	mod_delayed_work(system_wq, &mcu->ping_work,
			 msecs_to_jiffies(mcu->ping_ms));
	return 0;

err_stop:
	tyr_mcu_stop(tdev);
	return ret;
}

/* Put a section's initial contents back. */
static void tyr_mcu_section_fill(struct tyr_mcu_section *sec)
{
	u8 *vaddr = sec->bo->map.vaddr;

	if (sec->data_size)
		memcpy(vaddr, sec->data, sec->data_size);
	if (sec->flags & TYR_FW_SEC_ZERO)
		memset(vaddr + sec->data_size, 0, sec->size - sec->data_size);
}

/* Reload what the firmware may have written. */
static void tyr_mcu_reload(struct tyr_mcu *mcu)
{
	unsigned int i;

	for (i = 0; i < mcu->section_count; i++) {
		if (mcu->sections[i].flags & TYR_FW_SEC_WR)
			tyr_mcu_section_fill(&mcu->sections[i]);
	}
}

static void tyr_mcu_ping_work(struct work_struct *work)
{
	struct tyr_mcu *mcu = container_of(to_delayed_work(work),
					   struct tyr_mcu, ping_work);
	struct tyr_device *tdev = container_of(mcu, struct tyr_device, mcu);
	struct device *dev = tdev->base.dev;
	int ret;

	/* A suspended GPU has its MCU halted; resume pings again. */
	if (pm_runtime_get_if_active(dev) <= 0)
		return;

	ret = tyr_mcu_glb_request(tdev, TYR_GLB_PING, 0, 0,
				  TYR_MCU_REQ_TIMEOUT_MS);
	if (!ret) {
		mcu->pings++;
		mod_delayed_work(system_wq, &mcu->ping_work,
				 msecs_to_jiffies(mcu->ping_ms));
	} else if (ret == -ETIMEDOUT) {
		mcu->missed_pings++;
		drm_err(&tdev->base, "firmware does not answer, resetting the GPU\n");
		tyr_device_schedule_reset(tdev);
	}

	pm_runtime_mark_last_busy(dev);
	pm_runtime_put_autosuspend(dev);
}

/* The VM flags of a section's mapping. */
static u32 tyr_mcu_map_flags(struct tyr_device *tdev, u32 flags)
{
	u32 cache = FIELD_GET(TYR_FW_SEC_CACHE, flags);
	u32 map = 0;

	if (!(flags & TYR_FW_SEC_WR))
		map |= DRM_PANTHOR_VM_BIND_OP_MAP_READONLY;
	if (!(flags & TYR_FW_SEC_EX))
		map |= DRM_PANTHOR_VM_BIND_OP_MAP_NOEXEC;
	if (cache != TYR_FW_SEC_CACHE_CACHED &&
	    !(cache == TYR_FW_SEC_CACHE_CACHED_COH &&
	      dev_is_dma_coherent(tdev->base.dev)))
		map |= DRM_PANTHOR_VM_BIND_OP_MAP_UNCACHED;

	return map;
}

static int tyr_mcu_load_section(struct tyr_device *tdev,
				struct tyr_mcu_section *sec, const u8 *data,
				const struct tyr_fw_section *fs, bool shared)
{
	struct tyr_mcu *mcu = &tdev->mcu;
	int ret;

	sec->va = fs->va_start;
	sec->size = fs->va_end - fs->va_start;
	sec->flags = fs->flags;
	sec->data_size = fs->data_end - fs->data_start;
	if (sec->data_size) {
		sec->data = kvmemdup(data + fs->data_start, sec->data_size,
				     GFP_KERNEL);
		if (!sec->data)
			return -ENOMEM;
	}

	sec->bo = tyr_kernel_bo_create(tdev, sec->size,
				       shared ? "fw-shared" : "fw-section");
	if (IS_ERR(sec->bo)) {
		ret = PTR_ERR(sec->bo);
		sec->bo = NULL;
		return ret;
	}

	tyr_mcu_section_fill(sec);
	ret = tyr_vm_map(mcu->vm, sec->va, sec->bo->obj, 0, sec->size,
			 tyr_mcu_map_flags(tdev, sec->flags));
	if (ret)
		return ret;

	if (shared) {
		mcu->shared = sec->bo->map.vaddr;
		mcu->shared_size = sec->size;
	}

	return 0;
}

/* Undo tyr_mcu_init(); the MCU must be stopped. */
static void tyr_mcu_unload(struct tyr_device *tdev)
{
	struct tyr_mcu *mcu = &tdev->mcu;
	unsigned int i;

	spin_lock(&mcu->req_lock);
	mcu->glb_input = NULL;
	mcu->glb_output = NULL;
	spin_unlock(&mcu->req_lock);
	mcu->shared = NULL;

	if (mcu->vm) {
		if (mcu->loaded)
			tyr_vm_idle(mcu->vm);
		tyr_vm_destroy(mcu->vm);
		mcu->vm = NULL;
	}
	mcu->loaded = false;

	for (i = 0; i < mcu->section_count; i++) {
		tyr_kernel_bo_destroy(mcu->sections[i].bo);
		kvfree(mcu->sections[i].data);
	}
	kfree(mcu->sections);
	mcu->sections = NULL;
	mcu->section_count = 0;
}

/**
 * tyr_mcu_early_init() - Set up what the interrupt handler uses
 * @tdev: The device.
 */
void tyr_mcu_early_init(struct tyr_device *tdev)
{
	struct tyr_mcu *mcu = &tdev->mcu;

	spin_lock_init(&mcu->req_lock);
	mutex_init(&mcu->req_mutex);
	init_waitqueue_head(&mcu->wq);
	INIT_DELAYED_WORK(&mcu->ping_work, tyr_mcu_ping_work);
	mcu->ping_ms = TYR_MCU_PING_MS;
}

/**
 * tyr_mcu_init() - Load the firmware and boot the MCU
 * @tdev: The device, powered, with its MMU set up.
 * @data: The firmware image.
 * @size: Its size.
 * @img: What tyr_fw_parse() found in it.
 *
 * Return: 0 with the firmware running; a negative errno otherwise, with
 * nothing left loaded.
 */
int tyr_mcu_init(struct tyr_device *tdev, const u8 *data, size_t size,
		 const struct tyr_fw_image *img)
{
	const struct tyr_fw_section *shared = tyr_fw_shared_section(img);
	struct tyr_mcu *mcu = &tdev->mcu;
	unsigned int i;
	int ret;

	mcu->vm = tyr_vm_create(tdev, true, TYR_MCU_KERNEL_VA);
	if (IS_ERR(mcu->vm)) {
		ret = PTR_ERR(mcu->vm);
		mcu->vm = NULL;
		return ret;
	}

	mcu->sections = kcalloc(img->section_count, sizeof(*mcu->sections),
				GFP_KERNEL);
	if (!mcu->sections) {
		ret = -ENOMEM;
		goto err_unload;
	}

	for (i = 0; i < img->section_count; i++) {
		const struct tyr_fw_section *fs = &img->sections[i];

		/* Nothing to map for an empty range. */
		if (fs->va_end == fs->va_start)
			continue;

		ret = tyr_mcu_load_section(tdev,
					   &mcu->sections[mcu->section_count++],
					   data, fs, fs == shared);
		if (ret)
			goto err_unload;
	}

	if (!mcu->shared) {
		ret = -EINVAL;
		goto err_unload;
	}

	ret = tyr_vm_active(mcu->vm);
	if (ret)
		goto err_unload;
	mcu->loaded = true;

	ret = tyr_mcu_start(tdev);
	if (ret)
		goto err_unload;

	return 0;

err_unload:
	tyr_mcu_unload(tdev);
	return ret;
}

/* Halt the MCU; true if it halted cleanly. */
static bool tyr_mcu_halt(struct tyr_device *tdev)
{
	struct tyr_mcu *mcu = &tdev->mcu;
	bool halted;
	u32 status;

	mutex_lock(&mcu->req_mutex);
	mcu->running = false;

	/* HALT is a state the firmware acts on, without acknowledging it. */
	spin_lock(&mcu->req_lock);
	tyr_mcu_set(mcu->glb_input, TYR_GLB_IN_REQ,
		    tyr_mcu_get(mcu->glb_input, TYR_GLB_IN_REQ) | TYR_GLB_HALT);
	spin_unlock(&mcu->req_lock);
	tyr_mcu_ring(tdev, TYR_DOORBELL_GLB);

	halted = !read_poll_timeout(tyr_read, status,
				    status == TYR_MCU_STATUS_HALT, 10,
				    TYR_MCU_STOP_TIMEOUT_US, false, tdev,
				    TYR_MCU_STATUS) &&
		 !tyr_mcu_get(mcu->glb_output, TYR_GLB_OUT_HALT_STATUS);

	/* The firmware must not find the request when it starts again. */
	spin_lock(&mcu->req_lock);
	tyr_mcu_set(mcu->glb_input, TYR_GLB_IN_REQ,
		    tyr_mcu_get(mcu->glb_input, TYR_GLB_IN_REQ) & ~TYR_GLB_HALT);
	spin_unlock(&mcu->req_lock);
	mutex_unlock(&mcu->req_mutex);

	if (!halted)
		drm_warn(&tdev->base, "MCU did not halt (status %u)\n", status);

	return halted;
}

/**
 * tyr_mcu_suspend() - Stop the MCU before the GPU powers down
 * @tdev: The device.
 */
void tyr_mcu_suspend(struct tyr_device *tdev)
{
	struct tyr_mcu *mcu = &tdev->mcu;

	if (!mcu->loaded)
		return;

	cancel_delayed_work_sync(&mcu->ping_work);
	mcu->halted = mcu->running && tyr_mcu_halt(tdev);
	mcu->running = false;
	tyr_mcu_stop(tdev);
}

/**
 * tyr_mcu_resume() - Start the MCU again after the GPU powered up
 * @tdev: The device, with its MMU restored.
 *
 * Return: 0 with the firmware running, a negative errno otherwise.
 */
int tyr_mcu_resume(struct tyr_device *tdev)
{
	struct tyr_mcu *mcu = &tdev->mcu;
	int ret;

	if (!mcu->loaded)
		return 0;

	if (mcu->halted) {
		mcu->halted = false;
		if (!tyr_mcu_start(tdev)) {
			mcu->fast_boots++;
			return 0;
		}
		drm_warn(&tdev->base, "firmware did not resume, reloading it\n");
		ret = tyr_device_reset(tdev);
		if (ret)
			return ret;
		tyr_mmu_restore(tdev);
	}

	tyr_mcu_reload(mcu);
	return tyr_mcu_start(tdev);
}

/**
 * tyr_mcu_reset() - Reload and boot the firmware after a GPU reset
 * @tdev: The device, reset, with its MMU restored.
 *
 * Return: 0 with the firmware running, a negative errno otherwise.
 */
int tyr_mcu_reset(struct tyr_device *tdev)
{
	struct tyr_mcu *mcu = &tdev->mcu;

	if (!mcu->loaded)
		return 0;

	mutex_lock(&mcu->req_mutex);
	mcu->running = false;
	mutex_unlock(&mcu->req_mutex);
	mcu->halted = false;

	tyr_mcu_stop(tdev);
	tyr_mcu_reload(mcu);
	return tyr_mcu_start(tdev);
}

/**
 * tyr_mcu_fini() - Stop the MCU for good and free its memory
 * @tdev: The device.
 * @powered: Whether the GPU is powered; if not, the MCU is not running (it
 *           was halted when the GPU suspended) and only its memory goes.
 */
void tyr_mcu_fini(struct tyr_device *tdev, bool powered)
{
	struct tyr_mcu *mcu = &tdev->mcu;

	disable_delayed_work_sync(&mcu->ping_work);
	/* A reset would boot the firmware again. */
	cancel_work_sync(&tdev->reset.work);

	if (!mcu->loaded)
		return;

	if (powered) {
		if (mcu->running)
			tyr_mcu_halt(tdev);
		tyr_mcu_stop(tdev);
	}
	mcu->running = false;
	tyr_mcu_unload(tdev);
}

/**
 * tyr_mcu_csif_info() - What the firmware interface offers
 * @tdev: The device.
 * @info: Filled in.
 *
 * The values are those of the last boot: asking does not wake the GPU.
 *
 * Return: 0, or -ENODEV if the firmware never booted.
 */
int tyr_mcu_csif_info(struct tyr_device *tdev,
		      struct drm_panthor_csif_info *info)
{
	if (!tdev->mcu.csif.csg_slot_count)
		return -ENODEV;

	*info = tdev->mcu.csif;
	return 0;
}
