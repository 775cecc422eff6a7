// SPDX-License-Identifier: GPL-2.0 or MIT

/**
 * DOC: Software model of a Mali-G610 MC4
 *
 * With CONFIG_DRM_TYR_MODEL, the register accessors of Tyr do not reach MMIO
 * but this model, which behaves like the GPU of the Rockchip RK3588 as seen
 * from its register window:
 *
 * - the identification and feature registers read the values of a G610 MC4
 *   (four shader cores, one tiler, one L2 slice, eight address spaces);
 * - the three interrupt blocks (job, MMU, GPU) follow the RAWSTAT, CLEAR,
 *   MASK, STAT contract, and an asserted line (STAT != 0) is delivered to the
 *   handlers the driver attached, from a work item: the primary handler with
 *   interrupts disabled, then the threaded one if asked for, again while the
 *   line stays asserted, like a level-triggered interrupt;
 * - GPU_COMMAND soft and hard resets complete after a delay with
 *   RESET_COMPLETED and leave every power domain off and the job and MMU
 *   interrupt blocks in their reset state (the GPU block keeps its mask, so
 *   that the completion can be signalled);
 * - cache flushes complete after a delay with CLEAN_CACHES_COMPLETED and
 *   advance the flush ID that the USER page (a page of memory the model
 *   owns, tyr_model_user_page()) shows as LATEST_FLUSH_ID;
 * - the shader, tiler and L2 domains power up and down through PWRON and
 *   PWROFF, report PWRTRANS while a transition runs and READY when done, and
 *   raise POWER_CHANGED_SINGLE and, once nothing is in transition any more,
 *   POWER_CHANGED_ALL;
 * - the GPU sits behind a power rail (tyr_model_set_power()): cutting it
 *   loses every piece of state, so that while unpowered and after power
 *   comes back, registers read their reset values, power domains are off
 *   and no interrupt is pending or unmasked. Register accesses while
 *   unpowered, which would fault on a real bus, read reset values, are
 *   otherwise ignored and are counted;
 * - the timestamp counter is the system counter where the architecture has
 *   one (as on the RK3588), a 24 MHz count of the monotonic raw clock
 *   otherwise;
 * - the MMU has eight address spaces (AS). TRANSTAB, MEMATTR, LOCKADDR and
 *   TRANSCFG read back what was written, FAULTEXTRA reads zero, COMMAND is
 *   write-only. The registers of address spaces 8 to 15 are missing
 *   registers (see below);
 * - an AS command shows STATUS.ACTIVE from its write to its completion,
 *   after a delay; a command written while ACTIVE is ignored and counted.
 *   UPDATE latches TRANSTAB, MEMATTR and TRANSCFG, as they are when it
 *   completes, into the configuration the page-table walker uses; until
 *   then the previous one stays in use. LOCK records LOCKADDR as the locked
 *   region, UNLOCK, FLUSH_PT and FLUSH_MEM drop it. There is no TLB, so
 *   flushes have nothing else to do, and accesses to a locked region are
 *   counted, not stalled. NOP completes at once without showing ACTIVE;
 *   opcodes above FLUSH_MEM are ignored;
 * - GPU memory accesses (tyr_model_gpu_access(), for the model's own units
 *   and for tests) are translated through the page tables of the AS, like
 *   the kernel's io-pgtable ARM_64_LPAE_S1 writes them: AArch64 format,
 *   4 KiB granule, four levels, 48-bit input and 40-bit output addresses
 *   (as MMU_FEATURES says), blocks of 1 GiB and 2 MiB. TRANSCFG only counts
 *   for its ADRMODE, which must be AARCH64_4K; the walker checks the access
 *   flag, AP[2] (read-only) and PXN/UXN (no instruction fetch) of the last
 *   descriptor and ignores the other attributes, table attributes, MEMATTR
 *   and INA_BITS included. Table and output addresses are what the GPU puts
 *   on the bus: DMA addresses of the model's device, which the model turns
 *   into physical ones with dma_to_phys() (no IOMMU in front of the GPU), or
 *   physical addresses for a model with no device;
 * - a faulting access latches AS_FAULTSTATUS (exception type, access type,
 *   source ID 0) and AS_FAULTADDRESS (the virtual address) and raises the
 *   AS's fault event in the MMU interrupt block; while that event (or the
 *   AS's bus error event, which the model never raises) is pending, further
 *   faults of the AS are counted but not latched. Translation goes on after
 *   a fault. A table or page the model cannot reach (not memory, a reserved
 *   page, beyond dma_addr_t) gives exception 0xd0 + level, a bus fault of
 *   the page-table walk, also for the data page; an output address of more
 *   than 40 bits gives an address size fault (0xe4 + level);
 * - power loss and GPU resets bring every AS to its reset state: registers
 *   zero, no command in progress, translation disabled, no locked region, no
 *   latched fault;
 * - the MCU stands in for the CSF firmware at its interface, without running
 *   any firmware code. Writing ENABLE or AUTO to MCU_CONTROL while
 *   MCU_STATUS is DISABLED or HALT boots it after a delay: through AS 0 (the
 *   MCU's address space, as the driver programmed it), the MCU writes the
 *   control blocks of the interface (version 1.1.0, eight groups of eight
 *   streams) into the shared section at MCU VA TYR_FW_SHARED_VA, zeroes the
 *   output areas, shows ENABLED and raises the global event of the job
 *   interrupt block. A fault of those accesses is an MMU fault of AS 0, like
 *   any GPU access, and leaves the MCU FATAL. DISABLE stops the MCU at once
 *   (DISABLED); while FATAL, only DISABLE or the loss of state gets it out;
 * - the doorbells are the first words of the 64 KiB pages from 0x80000 on;
 *   they read zero, and any write to one rings it. A ring of doorbell 0
 *   while the MCU is ENABLED makes it serve the global interface, after a
 *   delay: it acknowledges every host request of the req word (HALT leaves
 *   the MCU in HALT, CFG_PROGRESS_TIMER and CFG_POWEROFF_TIMER latch their
 *   timer, IDLE_EN is a state copied as it is, the others are only
 *   acknowledged), takes ack_irq_mask, core_en_mask and idle_timer on every
 *   pass, and raises the global event if a bit it acknowledged is in
 *   ack_irq_mask. Other doorbells are only counted, as are rings while the
 *   MCU does not run;
 * - power loss and GPU resets leave the MCU DISABLED with MCU_CONTROL zero,
 *   and end a boot or a pass over the interface not done yet.
 *
 * Delays are per instance (&struct tyr_model_config), as are injectable
 * failures: a reset that never completes, a power domain that never gets
 * ready, AS commands that never complete, an MCU that never boots or does
 * not answer PING requests. Accesses outside the register window but for
 * the doorbells, unaligned accesses and writes to read-only registers are
 * counted (&struct tyr_model_stats) and otherwise ignored, as the bus would;
 * reads of registers the model does not implement return zero, and writes to
 * them count as writes to read-only registers. Doorbell rings are counted
 * too, per doorbell.
 *
 * All of the model's state is behind one spinlock, taken with interrupts
 * disabled since the driver's primary interrupt handlers read registers.
 */

#include <linux/device.h>
#include <linux/dma-direct.h>
#include <linux/highmem.h>
#include <linux/hrtimer.h>
#include <linux/bitfield.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#if IS_ENABLED(CONFIG_ARM_ARCH_TIMER)
#include <clocksource/arm_arch_timer.h>
#endif

#include "tyr_fw.h"
#include "tyr_fw_if.h"
#include "tyr_model.h"
#include "tyr_regs.h"

/* After this many back-to-back deliveries, a line is considered stuck. */
#define TYR_MODEL_IRQ_STORM		1000

/* Without a system counter, the timestamp ticks at the RK3588's 24 MHz. */
#define TYR_MODEL_TIMESTAMP_HZ		24000000ull

/* Cycle counter: the model pretends to run at 300 MHz. */
#define TYR_MODEL_CYCLES_HZ		300000000ull

/* Address sizes of the G610's MMU_FEATURES (0x2830): 48-bit VA, 40-bit PA. */
#define TYR_MODEL_VA_BITS		48
#define TYR_MODEL_PA_BITS		40

/*
 * Page tables: ARM LPAE stage 1, AArch64 format, 4 KiB granule, four levels
 * of 512 descriptors, level n indexed by VA[47 - 9n:39 - 9n].
 */
#define TYR_MODEL_PT_LEVELS		4
#define TYR_MODEL_PT_SHIFT(level)	(12 + 9 * (TYR_MODEL_PT_LEVELS - 1 - (level)))
#define TYR_MODEL_PT_INDEX		GENMASK_ULL(8, 0)
#define TYR_MODEL_PTE_TYPE		GENMASK_ULL(1, 0)
#define  TYR_MODEL_PTE_TYPE_BLOCK	1
#define  TYR_MODEL_PTE_TYPE_TABLE	3	/* a page at the last level */
#define TYR_MODEL_PTE_AP_RDONLY		BIT_ULL(7)
#define TYR_MODEL_PTE_AF		BIT_ULL(10)
#define TYR_MODEL_PTE_PXN		BIT_ULL(53)
#define TYR_MODEL_PTE_UXN		BIT_ULL(54)
#define TYR_MODEL_PTE_ADDR		GENMASK_ULL(47, 12)

/* Exception types that tyr_regs.h does not name. */
#define TYR_MODEL_EXC_TRANSTAB_BUS(n)		(0xd0 + (n))
#define TYR_MODEL_EXC_ADDRESS_SIZE_OUT(n)	(0xe4 + (n))

/* A locked region is 32 KiB at least. */
#define TYR_MODEL_LOCK_MIN_LOG2		15

/*
 * The firmware interface as the model's MCU lays it out in the shared
 * section (offsets from TYR_FW_SHARED_VA): the control blocks first, then
 * the input areas, then the output areas, 36 KiB in all.
 */
#define TYR_MODEL_FW_VERSION		0x01010000	/* 1.1.0 */
#define TYR_MODEL_FW_GROUPS		8
#define TYR_MODEL_FW_STREAMS		8
#define TYR_MODEL_FW_GROUP_STRIDE	0x100
#define TYR_MODEL_FW_STREAM_STRIDE	TYR_CS_CTL_SIZE
#define TYR_MODEL_FW_SUSPEND_SIZE	0x1000
#define TYR_MODEL_FW_PROTM_SUSPEND_SIZE	0x1000
/* 96 work registers, 8 scoreboards, compute, fragment and tiler work. */
#define TYR_MODEL_FW_CS_FEATURES					\
	(FIELD_PREP(TYR_CS_FEATURES_WORK_REGS, 95) |			\
	 FIELD_PREP(TYR_CS_FEATURES_SCOREBOARDS, 8) |			\
	 TYR_CS_FEATURES_COMPUTE | TYR_CS_FEATURES_FRAGMENT |		\
	 TYR_CS_FEATURES_TILER)
#define TYR_MODEL_FW_STREAM(i, j)	(TYR_MODEL_FW_STREAMS * (i) + (j))

#define TYR_MODEL_FW_GLB_IN		0x100
#define TYR_MODEL_FW_GLB_OUT		0x200
#define TYR_MODEL_FW_GLB_AREA		0x100
#define TYR_MODEL_FW_CSG_CTL(i)		(TYR_CSG_CTL_BASE +		\
					 TYR_MODEL_FW_GROUP_STRIDE * (i))
#define TYR_MODEL_FW_CSG_CTL_LEN	(TYR_CS_CTL_BASE +		\
					 TYR_MODEL_FW_STREAMS *		\
					 TYR_MODEL_FW_STREAM_STRIDE)
#define TYR_MODEL_FW_CSG_IN(i)		(0x2000 + 0x100 * (i))
#define TYR_MODEL_FW_CS_IN(i, j)	(0x2800 + 0x80 * TYR_MODEL_FW_STREAM(i, j))
#define TYR_MODEL_FW_CSG_OUT(i)		(0x4800 + 0x100 * (i))
#define TYR_MODEL_FW_CS_OUT(i, j)	(0x5000 + 0x100 * TYR_MODEL_FW_STREAM(i, j))
#define TYR_MODEL_FW_END		0x9000

struct tyr_model_line {
	struct tyr_model *model;
	enum tyr_irq_block block;
	u32 rawstat;
	u32 mask;
	irq_handler_t primary;
	irq_handler_t thread;
	void *data;
	struct work_struct work;
};

struct tyr_model_domain {
	struct tyr_model *model;
	enum tyr_pwr_domain id;
	u64 present;
	u64 ready;
	u64 powering_on;
	u64 powering_off;
	struct hrtimer timer;
};

/* What an UPDATE command latches for the page-table walker. */
struct tyr_model_as_cfg {
	u64 transtab;
	u64 memattr;
	u64 transcfg;
};

struct tyr_model_as {
	struct tyr_model *model;
	unsigned int id;
	/* The registers as programmed, and the configuration in use. */
	struct tyr_model_as_cfg regs;
	struct tyr_model_as_cfg active;
	u64 lockaddr;
	/* LOCKADDR as of the last LOCK, until UNLOCK or a flush. */
	bool locked;
	u64 locked_region;
	/* The command in progress (STATUS.ACTIVE). */
	bool busy;
	u32 cmd;
	u32 fault_status;
	u64 fault_address;
	struct hrtimer timer;
};

/* The MCU, as the host sees it through the firmware interface. */
struct tyr_model_mcu {
	u32 control;
	u32 status;
	/* Asked to boot, not booted yet. */
	bool boot_pending;
	/* Doorbell 0 rang since the last pass over the global interface. */
	bool glb_pending;
	/* What the firmware took from the global input area. */
	u32 ack_irq_mask;
	u32 progress_timer;
	u32 poweroff_timer;
	u32 idle_timer;
	u64 core_en_mask;
	bool idle_en;
	/* Counters for tests rather than state: power loss keeps them. */
	unsigned int boots;
	unsigned int halts;
	struct hrtimer boot_timer;
	struct hrtimer glb_timer;
};

struct tyr_model {
	struct device *dev;
	struct tyr_model_config cfg;
	/* Protects everything below, and the stats. */
	spinlock_t lock;
	struct workqueue_struct *wq;

	struct tyr_model_line lines[TYR_IRQ_BLOCK_COUNT];
	struct tyr_model_domain domains[TYR_PWR_DOMAIN_COUNT];
	struct tyr_model_as as[TYR_MODEL_AS_COUNT];

	struct hrtimer reset_timer;
	bool reset_pending;
	struct hrtimer flush_timer;
	unsigned int flushes_pending;

	bool powered;
	u32 latest_flush;
	struct page *user_page;
	u32 fault_status;
	u64 fault_address;
	u64 timestamp_offset;
	struct tyr_model_mcu mcu;

	struct tyr_model_stats stats;
};

/*
 * Timing of the model behind platform devices: transitions take tens of
 * microseconds, as on the hardware.
 */
const struct tyr_model_config tyr_model_default_config = {
	.reset_delay_us = 100,
	.flush_delay_us = 10,
	.pwr_delay_us = {
		[TYR_PWR_SHADER] = 20,
		[TYR_PWR_TILER] = 20,
		[TYR_PWR_L2] = 40,
	},
	.as_cmd_delay_us = 5,
	.mcu_boot_delay_us = 200,
	.mcu_req_delay_us = 10,
};

/* Identification and feature registers of the G610 MC4 of the RK3588. */
static const struct {
	u32 reg;
	u32 val;
} tyr_model_g610_ids[] = {
	{ TYR_GPU_ID, 0xa8670005 },
	{ TYR_L2_FEATURES, 0x07120306 },
	{ TYR_CORE_FEATURES, 0x00000000 },
	{ TYR_TILER_FEATURES, 0x00000809 },
	{ TYR_MEM_FEATURES, 0x00000301 },
	{ TYR_MMU_FEATURES, 0x00002830 },
	{ TYR_AS_PRESENT, 0x000000ff },
	{ TYR_CSF_ID, 0x040a0412 },
	{ TYR_THREAD_MAX_THREADS, 2048 },
	{ TYR_THREAD_MAX_WG_SIZE, 1024 },
	{ TYR_THREAD_MAX_BARRIER_SIZE, 1024 },
	{ TYR_THREAD_FEATURES, 0x04010000 },
	{ TYR_TEXTURE_FEATURES(0), 0xc1ffff9e },
	{ TYR_REVID, 0x00000000 },
	{ TYR_COHERENCY_FEATURES, 0x00000001 },
};

static const u64 tyr_model_g610_present[TYR_PWR_DOMAIN_COUNT] = {
	[TYR_PWR_SHADER] = 0x50005,
	[TYR_PWR_TILER] = 0x1,
	[TYR_PWR_L2] = 0x1,
};

static const u32 tyr_model_line_base[TYR_IRQ_BLOCK_COUNT] = {
	[TYR_IRQ_JOB] = TYR_JOB_IRQ_BASE,
	[TYR_IRQ_MMU] = TYR_MMU_IRQ_BASE,
	[TYR_IRQ_GPU] = TYR_GPU_IRQ_BASE,
};

static void tyr_model_start_timer(struct hrtimer *timer, u32 delay_us)
{
	hrtimer_start(timer, ns_to_ktime((u64)delay_us * NSEC_PER_USEC),
		      HRTIMER_MODE_REL_SOFT);
}

/* Deliver the line if it is asserted. Called with the lock held. */
static void tyr_model_line_update(struct tyr_model_line *line)
{
	if ((line->rawstat & line->mask) && line->primary)
		queue_work(line->model->wq, &line->work);
}

static void tyr_model_line_set(struct tyr_model *model,
			       enum tyr_irq_block block, u32 events)
{
	struct tyr_model_line *line = &model->lines[block];

	line->rawstat |= events;
	tyr_model_line_update(line);
}

static void tyr_model_line_work(struct work_struct *work)
{
	struct tyr_model_line *line =
		container_of(work, struct tyr_model_line, work);
	struct tyr_model *model = line->model;
	irq_handler_t primary, thread;
	unsigned long flags;
	irqreturn_t ret;
	unsigned int n;
	void *data;

	for (n = 0; n < TYR_MODEL_IRQ_STORM; n++) {
		spin_lock_irqsave(&model->lock, flags);
		primary = line->primary;
		thread = line->thread;
		data = line->data;
		if (!primary || !(line->rawstat & line->mask)) {
			spin_unlock_irqrestore(&model->lock, flags);
			return;
		}
		model->stats.irqs_delivered[line->block]++;
		spin_unlock_irqrestore(&model->lock, flags);

		/* The primary handler runs as in hard interrupt context. */
		local_irq_save(flags);
		ret = primary(line->block, data);
		local_irq_restore(flags);

		if (ret == IRQ_WAKE_THREAD && thread)
			thread(line->block, data);
	}

	dev_err_ratelimited(model->dev,
			    "model: interrupt line %u stays asserted, stop delivering it\n",
			    line->block);
}

static enum hrtimer_restart tyr_model_domain_done(struct hrtimer *timer)
{
	struct tyr_model_domain *dom =
		container_of(timer, struct tyr_model_domain, timer);
	struct tyr_model *model = dom->model;
	unsigned long flags;
	bool all_done = true;
	unsigned int i;

	spin_lock_irqsave(&model->lock, flags);
	if (dom->powering_on || dom->powering_off) {
		dom->ready |= dom->powering_on;
		dom->ready &= ~dom->powering_off;
		dom->powering_on = 0;
		dom->powering_off = 0;
		model->stats.pwr_transitions[dom->id]++;

		for (i = 0; i < TYR_PWR_DOMAIN_COUNT; i++) {
			if (model->domains[i].powering_on ||
			    model->domains[i].powering_off)
				all_done = false;
		}

		tyr_model_line_set(model, TYR_IRQ_GPU,
				   TYR_GPU_IRQ_POWER_CHANGED |
				   (all_done ? TYR_GPU_IRQ_POWER_CHANGED_ALL : 0));
	}
	spin_unlock_irqrestore(&model->lock, flags);

	return HRTIMER_NORESTART;
}

/* A PWRON or PWROFF write for 32 of the domain's cores. Lock held. */
static void tyr_model_domain_request(struct tyr_model *model,
				     enum tyr_pwr_domain id, u64 cores,
				     bool on)
{
	struct tyr_model_domain *dom = &model->domains[id];

	cores &= dom->present;
	if (on) {
		cores &= ~dom->ready | dom->powering_off;
		dom->powering_off &= ~cores;
		dom->powering_on |= cores & ~dom->ready;
	} else {
		cores &= dom->ready | dom->powering_on;
		dom->powering_on &= ~cores;
		dom->powering_off |= cores & dom->ready;
	}

	if (!cores)
		return;

	/* A stuck domain shows the transition forever. */
	if (model->cfg.stuck_domains & BIT(id))
		return;

	tyr_model_start_timer(&dom->timer, model->cfg.pwr_delay_us[id]);
}

/* LATEST_FLUSH_ID, as the USER page shows it. Lock held. */
static void tyr_model_set_latest_flush(struct tyr_model *model, u32 id)
{
	u32 *user = page_address(model->user_page);

	model->latest_flush = id;
	WRITE_ONCE(user[TYR_USER_LATEST_FLUSH / 4], id);
}

/*
 * An address space in its reset state: registers zero, no command, no lock,
 * no fault, translation disabled. Lock held.
 */
static void tyr_model_as_clear(struct tyr_model_as *as)
{
	as->regs = (struct tyr_model_as_cfg){ };
	as->active = (struct tyr_model_as_cfg){
		.transcfg = TYR_AS_ADRMODE_UNMAPPED,
	};
	as->lockaddr = 0;
	as->locked = false;
	as->locked_region = 0;
	as->busy = false;
	as->cmd = TYR_AS_CMD_NOP;
	as->fault_status = 0;
	as->fault_address = 0;
}

/* Drop what the firmware took from the host, as a restart does. Lock held. */
static void tyr_model_mcu_forget(struct tyr_model_mcu *mcu)
{
	mcu->glb_pending = false;
	mcu->ack_irq_mask = 0;
	mcu->progress_timer = 0;
	mcu->poweroff_timer = 0;
	mcu->idle_timer = 0;
	mcu->core_en_mask = 0;
	mcu->idle_en = false;
}

/*
 * The MCU in its reset state: DISABLED, nothing to do, nothing of the
 * firmware's left. Lock held.
 */
static void tyr_model_mcu_clear(struct tyr_model_mcu *mcu)
{
	mcu->control = TYR_MCU_CONTROL_DISABLE;
	mcu->status = TYR_MCU_STATUS_DISABLED;
	mcu->boot_pending = false;
	tyr_model_mcu_forget(mcu);

	/* Callbacks that already run find nothing to do. */
	hrtimer_try_to_cancel(&mcu->boot_timer);
	hrtimer_try_to_cancel(&mcu->glb_timer);
}

/*
 * Bring every unit to its reset state: no power, no pending command, no
 * latched or unmasked interrupt. Lock held.
 */
static void tyr_model_clear_state(struct tyr_model *model)
{
	unsigned int i;

	for (i = 0; i < TYR_PWR_DOMAIN_COUNT; i++) {
		model->domains[i].ready = 0;
		model->domains[i].powering_on = 0;
		model->domains[i].powering_off = 0;
	}

	for (i = 0; i < TYR_IRQ_BLOCK_COUNT; i++) {
		model->lines[i].rawstat = 0;
		model->lines[i].mask = 0;
	}

	for (i = 0; i < TYR_MODEL_AS_COUNT; i++)
		tyr_model_as_clear(&model->as[i]);

	model->reset_pending = false;
	model->flushes_pending = 0;
	tyr_model_set_latest_flush(model, 0);
	model->fault_status = 0;
	model->fault_address = 0;
	model->timestamp_offset = 0;
	tyr_model_mcu_clear(&model->mcu);
}

static enum hrtimer_restart tyr_model_reset_done(struct hrtimer *timer)
{
	struct tyr_model *model =
		container_of(timer, struct tyr_model, reset_timer);
	struct tyr_model_line *gpu = &model->lines[TYR_IRQ_GPU];
	unsigned long flags;
	u32 gpu_mask;

	spin_lock_irqsave(&model->lock, flags);
	if (model->reset_pending) {
		gpu_mask = gpu->mask;
		tyr_model_clear_state(model);
		gpu->mask = gpu_mask;
		tyr_model_line_set(model, TYR_IRQ_GPU,
				   TYR_GPU_IRQ_RESET_COMPLETED);
	}
	spin_unlock_irqrestore(&model->lock, flags);

	return HRTIMER_NORESTART;
}

static enum hrtimer_restart tyr_model_flush_done(struct hrtimer *timer)
{
	struct tyr_model *model =
		container_of(timer, struct tyr_model, flush_timer);
	unsigned long flags;

	spin_lock_irqsave(&model->lock, flags);
	if (model->flushes_pending) {
		model->flushes_pending = 0;
		tyr_model_set_latest_flush(model, model->latest_flush + 1);
		tyr_model_line_set(model, TYR_IRQ_GPU,
				   TYR_GPU_IRQ_CLEAN_CACHES_DONE);
	}
	spin_unlock_irqrestore(&model->lock, flags);

	return HRTIMER_NORESTART;
}

/* Lock held. */
static void tyr_model_command(struct tyr_model *model, u32 cmd)
{
	switch (FIELD_GET(TYR_GPU_CMD_OP, cmd)) {
	case TYR_GPU_CMD_OP_RESET:
		model->stats.resets++;
		if (model->cfg.reset_hangs)
			break;
		model->reset_pending = true;
		tyr_model_start_timer(&model->reset_timer,
				      model->cfg.reset_delay_us);
		break;

	case TYR_GPU_CMD_OP_FLUSH_CACHES:
		model->stats.flushes++;
		model->flushes_pending++;
		tyr_model_start_timer(&model->flush_timer,
				      model->cfg.flush_delay_us);
		break;

	default:
		/* NOP and the commands the model has no use for. */
		break;
	}
}

/* The command in progress in @as takes effect. Lock held. */
static void tyr_model_as_complete(struct tyr_model *model,
				  struct tyr_model_as *as)
{
	switch (as->cmd) {
	case TYR_AS_CMD_UPDATE:
		as->active = as->regs;
		break;
	case TYR_AS_CMD_LOCK:
		as->locked = true;
		as->locked_region = as->lockaddr;
		break;
	default:
		/* UNLOCK and the flushes: no TLB to flush, only a lock to drop. */
		as->locked = false;
		break;
	}

	as->busy = false;
	model->stats.as_commands[as->cmd]++;
}

static enum hrtimer_restart tyr_model_as_done(struct hrtimer *timer)
{
	struct tyr_model_as *as = container_of(timer, struct tyr_model_as, timer);
	struct tyr_model *model = as->model;
	unsigned long flags;

	spin_lock_irqsave(&model->lock, flags);
	if (as->busy)
		tyr_model_as_complete(model, as);
	spin_unlock_irqrestore(&model->lock, flags);

	return HRTIMER_NORESTART;
}

/* An AS_COMMAND write. Lock held. */
static void tyr_model_as_command(struct tyr_model *model,
				 struct tyr_model_as *as, u32 cmd)
{
	if (as->busy) {
		model->stats.as_busy_commands++;
		return;
	}

	/* Opcodes the model does not know do nothing, like NOP. */
	if (cmd >= TYR_MODEL_AS_CMD_COUNT)
		return;

	if (cmd == TYR_AS_CMD_NOP) {
		model->stats.as_commands[cmd]++;
		return;
	}

	as->busy = true;
	as->cmd = cmd;
	if (!model->cfg.as_hangs)
		tyr_model_start_timer(&as->timer, model->cfg.as_cmd_delay_us);
}

/* The address space whose registers @reg is in; NULL if none. */
static struct tyr_model_as *tyr_model_as_of(struct tyr_model *model, u32 reg)
{
	u32 stride = TYR_AS_BASE(1) - TYR_AS_BASE(0);

	if (reg < TYR_AS_BASE(0) || reg >= TYR_AS_BASE(TYR_MODEL_AS_COUNT))
		return NULL;

	return &model->as[(reg - TYR_AS_BASE(0)) / stride];
}

/* Lock held. @reg is aligned and one of @as's. */
static u32 tyr_model_as_read(struct tyr_model_as *as, u32 reg)
{
	u32 word = reg & 4 ? 32 : 0;
	u32 reg64 = reg & ~4u;
	unsigned int n = as->id;

	if (reg64 == TYR_AS_TRANSTAB(n))
		return as->regs.transtab >> word;
	if (reg64 == TYR_AS_MEMATTR(n))
		return as->regs.memattr >> word;
	if (reg64 == TYR_AS_LOCKADDR(n))
		return as->lockaddr >> word;
	if (reg64 == TYR_AS_TRANSCFG(n))
		return as->regs.transcfg >> word;
	if (reg64 == TYR_AS_FAULTADDRESS(n))
		return as->fault_address >> word;
	if (reg == TYR_AS_FAULTSTATUS(n))
		return as->fault_status;
	if (reg == TYR_AS_STATUS(n))
		return as->busy ? TYR_AS_STATUS_ACTIVE : 0;

	/* COMMAND is write-only, FAULTEXTRA has nothing to tell. */
	return 0;
}

/*
 * Lock held. @reg is aligned and one of @as's.
 *
 * Return: false if @reg is read-only or not implemented.
 */
static bool tyr_model_as_write(struct tyr_model *model,
			       struct tyr_model_as *as, u32 reg, u32 val)
{
	u32 word = reg & 4 ? 32 : 0;
	u32 reg64 = reg & ~4u;
	unsigned int n = as->id;
	u64 *dst = NULL;

	if (reg == TYR_AS_COMMAND(n)) {
		tyr_model_as_command(model, as, val);
		return true;
	}

	if (reg64 == TYR_AS_TRANSTAB(n))
		dst = &as->regs.transtab;
	else if (reg64 == TYR_AS_MEMATTR(n))
		dst = &as->regs.memattr;
	else if (reg64 == TYR_AS_LOCKADDR(n))
		dst = &as->lockaddr;
	else if (reg64 == TYR_AS_TRANSCFG(n))
		dst = &as->regs.transcfg;
	else
		return false;

	/* One half of a 64-bit register. */
	*dst &= ~((u64)U32_MAX << word);
	*dst |= (u64)val << word;
	return true;
}

/*
 * The page holding @addr, an address the GPU puts on the bus, and the offset
 * of @addr in it; NULL if that is not memory the model can reach. Addresses
 * are DMA addresses of the model's device, or physical ones when the model
 * has no device. Reserved pages may have no kernel mapping: they are out of
 * reach. Safe with the lock held.
 */
static struct page *tyr_model_page(struct tyr_model *model, u64 addr,
				   size_t *offset)
{
	struct page *page;
	phys_addr_t phys;
	unsigned long pfn;

	if (model->dev) {
		if ((dma_addr_t)addr != addr)
			return NULL;
		phys = dma_to_phys(model->dev, addr);
	} else {
		if ((phys_addr_t)addr != addr)
			return NULL;
		phys = addr;
	}

	pfn = PHYS_PFN(phys);
	if (!pfn_valid(pfn))
		return NULL;
	page = pfn_to_page(pfn);
	if (PageReserved(page))
		return NULL;

	*offset = offset_in_page(phys);
	return page;
}

/* Read the descriptor at @addr. Return: false if it is out of reach. */
static bool tyr_model_read_desc(struct tyr_model *model, u64 addr, u64 *desc)
{
	struct page *page;
	size_t offset;
	__le64 *ptr;

	page = tyr_model_page(model, addr, &offset);
	if (!page)
		return false;

	ptr = kmap_local_page(page) + offset;
	*desc = le64_to_cpu(READ_ONCE(*ptr));
	kunmap_local(ptr);
	return true;
}

/*
 * Translate @va for an @access through the page tables of @cfg, as the GPU
 * does. Lock held.
 *
 * Return: 0, with the output address in *@out and the level of the
 * descriptor that maps @va in *@leaf; or the exception type of the fault.
 */
static u32 tyr_model_walk(struct tyr_model *model,
			  const struct tyr_model_as_cfg *cfg, u64 va,
			  enum tyr_model_access access, u64 *out,
			  unsigned int *leaf)
{
	u64 table = cfg->transtab & TYR_MODEL_PTE_ADDR;
	u64 desc = 0, type, addr, mask;
	unsigned int level, shift = 0;

	if (FIELD_GET(TYR_AS_TRANSCFG_ADRMODE, cfg->transcfg) !=
	    TYR_AS_ADRMODE_AARCH64_4K)
		return TYR_AS_EXC_TRANSLATION(0);
	if (va >> TYR_MODEL_VA_BITS)
		return TYR_AS_EXC_ADDRESS_SIZE_IN;
	if (table >> TYR_MODEL_PA_BITS)
		return TYR_MODEL_EXC_ADDRESS_SIZE_OUT(0);

	for (level = 0; level < TYR_MODEL_PT_LEVELS; level++) {
		shift = TYR_MODEL_PT_SHIFT(level);
		addr = table + sizeof(u64) * ((va >> shift) & TYR_MODEL_PT_INDEX);
		if (!tyr_model_read_desc(model, addr, &desc))
			return TYR_MODEL_EXC_TRANSTAB_BUS(level);

		type = FIELD_GET(TYR_MODEL_PTE_TYPE, desc);
		if (type == TYR_MODEL_PTE_TYPE_TABLE &&
		    level < TYR_MODEL_PT_LEVELS - 1) {
			table = desc & TYR_MODEL_PTE_ADDR;
			if (table >> TYR_MODEL_PA_BITS)
				return TYR_MODEL_EXC_ADDRESS_SIZE_OUT(level);
			continue;
		}

		/* A page, or a 1 GiB or 2 MiB block. */
		if (type == TYR_MODEL_PTE_TYPE_TABLE ||
		    (type == TYR_MODEL_PTE_TYPE_BLOCK && (level == 1 || level == 2)))
			break;

		return TYR_AS_EXC_TRANSLATION(level);
	}

	mask = BIT_ULL(shift) - 1;
	addr = desc & TYR_MODEL_PTE_ADDR & ~mask;
	if (addr >> TYR_MODEL_PA_BITS)
		return TYR_MODEL_EXC_ADDRESS_SIZE_OUT(level);
	if (!(desc & TYR_MODEL_PTE_AF))
		return TYR_AS_EXC_ACCESS_FLAG(level);
	if (access == TYR_MODEL_WRITE && (desc & TYR_MODEL_PTE_AP_RDONLY))
		return TYR_AS_EXC_PERMISSION(level);
	if (access == TYR_MODEL_EXECUTE &&
	    (desc & (TYR_MODEL_PTE_UXN | TYR_MODEL_PTE_PXN)))
		return TYR_AS_EXC_PERMISSION(level);

	*out = addr | (va & mask);
	*leaf = level;
	return 0;
}

/* AS_FAULTSTATUS for an @access that took @exception; source ID 0. */
static u32 tyr_model_fault_status(u32 exception, enum tyr_model_access access)
{
	static const u32 access_type[] = {
		[TYR_MODEL_READ] = TYR_AS_ACCESS_READ,
		[TYR_MODEL_WRITE] = TYR_AS_ACCESS_WRITE,
		[TYR_MODEL_EXECUTE] = TYR_AS_ACCESS_EXECUTE,
	};

	return FIELD_PREP(TYR_AS_FAULT_EXCEPTION, exception) |
	       FIELD_PREP(TYR_AS_FAULT_ACCESS, access_type[access]);
}

/*
 * A GPU access in @as faulted: latch the fault and raise it, unless the
 * previous one is still pending. Lock held.
 */
static void tyr_model_as_fault(struct tyr_model *model,
			       struct tyr_model_as *as, u32 status, u64 va)
{
	u32 pending = TYR_MMU_IRQ_FAULT(as->id) | TYR_MMU_IRQ_BUS_ERROR(as->id);

	model->stats.mmu_faults++;
	if (model->lines[TYR_IRQ_MMU].rawstat & pending)
		return;

	as->fault_status = status;
	as->fault_address = va;
	tyr_model_line_set(model, TYR_IRQ_MMU, TYR_MMU_IRQ_FAULT(as->id));
}

/* Whether @va is in the region locked in @as. Lock held. */
static bool tyr_model_as_va_locked(const struct tyr_model_as *as, u64 va)
{
	unsigned int log2;
	u64 mask;

	if (!as->locked)
		return false;

	log2 = FIELD_GET(TYR_AS_LOCKADDR_SIZE, as->locked_region) + 1;
	if (log2 >= 64)
		return true;
	if (log2 < TYR_MODEL_LOCK_MIN_LOG2)
		log2 = TYR_MODEL_LOCK_MIN_LOG2;

	mask = GENMASK_ULL(63, log2);
	return (va & mask) == (as->locked_region & mask);
}

/*
 * A GPU access inside one 4 KiB page; a write of zeros if @buf is NULL.
 * Lock held.
 */
static int tyr_model_access_locked(struct tyr_model *model,
				   struct tyr_model_as *as, u64 va, void *buf,
				   size_t len, enum tyr_model_access access)
{
	struct page *page = NULL;
	unsigned int level;
	size_t offset = 0;
	u32 exception;
	void *ptr;
	u64 addr;

	if (!model->powered) {
		model->stats.unpowered_accesses++;
		return -EIO;
	}

	exception = tyr_model_walk(model, &as->active, va, access, &addr,
				   &level);
	if (!exception) {
		page = tyr_model_page(model, addr, &offset);
		if (!page)
			exception = TYR_MODEL_EXC_TRANSTAB_BUS(level);
	}

	if (exception) {
		tyr_model_as_fault(model, as,
				   tyr_model_fault_status(exception, access), va);
		return -EFAULT;
	}

	if (tyr_model_as_va_locked(as, va))
		model->stats.locked_accesses++;

	ptr = kmap_local_page(page) + offset;
	if (access == TYR_MODEL_WRITE && buf)
		memcpy(ptr, buf, len);
	else if (access == TYR_MODEL_WRITE)
		memset(ptr, 0, len);
	else
		memcpy(buf, ptr, len);
	kunmap_local(ptr);

	return 0;
}

/*
 * An access of the MCU to its memory at MCU VA @va, through AS 0 as the
 * driver programmed it; a write of zeros if @buf is NULL. A fault stops the
 * access, and is latched and raised in AS 0. Lock held.
 *
 * Return: 0, -EFAULT on a fault, -EIO while unpowered.
 */
static int tyr_model_mcu_access(struct tyr_model *model, u64 va, void *buf,
				size_t len, enum tyr_model_access access)
{
	size_t chunk;
	int ret;

	for (; len; len -= chunk, va += chunk) {
		chunk = min_t(size_t, len, SZ_4K - (va & (SZ_4K - 1)));
		ret = tyr_model_access_locked(model, &model->as[0], va, buf,
					      chunk, access);
		if (ret)
			return ret;
		if (buf)
			buf += chunk;
	}

	return 0;
}

/* The MCU took a fault: it stops for good. Lock held. */
static void tyr_model_mcu_fatal(struct tyr_model *model)
{
	model->mcu.status = TYR_MCU_STATUS_FATAL;
	model->mcu.glb_pending = false;
	model->stats.mcu_faults++;
}

/*
 * What the firmware does when it starts: describe the interface in the
 * control blocks of the shared section and zero the output areas. The
 * input areas are the host's. Lock held.
 *
 * Return: 0, or an error of tyr_model_mcu_access().
 */
static int tyr_model_mcu_write_iface(struct tyr_model *model)
{
	__le32 csg[TYR_MODEL_FW_CSG_CTL_LEN / 4];
	__le32 glb[TYR_GLB_CTL_SIZE / 4] = { };
	const u64 base = TYR_FW_SHARED_VA;
	unsigned int i, j;
	__le32 *cs;
	int ret;

	BUILD_BUG_ON(TYR_MODEL_FW_CSG_CTL_LEN > TYR_MODEL_FW_GROUP_STRIDE);
	BUILD_BUG_ON(max(TYR_GLB_IN_SIZE, TYR_GLB_OUT_SIZE) >
		     TYR_MODEL_FW_GLB_AREA);
	BUILD_BUG_ON(TYR_MODEL_FW_CSG_CTL(TYR_MODEL_FW_GROUPS) >
		     TYR_MODEL_FW_CSG_IN(0));
	BUILD_BUG_ON(TYR_MODEL_FW_CSG_IN(TYR_MODEL_FW_GROUPS) >
		     TYR_MODEL_FW_CS_IN(0, 0));
	BUILD_BUG_ON(TYR_MODEL_FW_CS_IN(TYR_MODEL_FW_GROUPS, 0) >
		     TYR_MODEL_FW_CSG_OUT(0));
	BUILD_BUG_ON(TYR_MODEL_FW_CSG_OUT(TYR_MODEL_FW_GROUPS) >
		     TYR_MODEL_FW_CS_OUT(0, 0));
	BUILD_BUG_ON(TYR_MODEL_FW_CS_OUT(TYR_MODEL_FW_GROUPS, 0) !=
		     TYR_MODEL_FW_END);
	BUILD_BUG_ON(TYR_CS_IN_SIZE > 0x80 || TYR_CS_OUT_SIZE > 0x100 ||
		     TYR_CSG_IN_SIZE > 0x100 || TYR_CSG_OUT_SIZE > 0x100);
	/* The real firmware's shared section is 48 KiB. */
	BUILD_BUG_ON(TYR_MODEL_FW_END / SZ_4K > 12);

	glb[TYR_GLB_CTL_VERSION / 4] = cpu_to_le32(TYR_MODEL_FW_VERSION);
	glb[TYR_GLB_CTL_INPUT_VA / 4] = cpu_to_le32(base + TYR_MODEL_FW_GLB_IN);
	glb[TYR_GLB_CTL_OUTPUT_VA / 4] = cpu_to_le32(base + TYR_MODEL_FW_GLB_OUT);
	glb[TYR_GLB_CTL_GROUP_NUM / 4] = cpu_to_le32(TYR_MODEL_FW_GROUPS);
	glb[TYR_GLB_CTL_GROUP_STRIDE / 4] =
		cpu_to_le32(TYR_MODEL_FW_GROUP_STRIDE);
	/* No features, no performance counters, no instrumentation. */
	ret = tyr_model_mcu_access(model, base, glb, sizeof(glb),
				   TYR_MODEL_WRITE);
	if (ret)
		return ret;

	for (i = 0; i < TYR_MODEL_FW_GROUPS; i++) {
		memset(csg, 0, sizeof(csg));
		csg[TYR_CSG_CTL_INPUT_VA / 4] =
			cpu_to_le32(base + TYR_MODEL_FW_CSG_IN(i));
		csg[TYR_CSG_CTL_OUTPUT_VA / 4] =
			cpu_to_le32(base + TYR_MODEL_FW_CSG_OUT(i));
		csg[TYR_CSG_CTL_SUSPEND_SIZE / 4] =
			cpu_to_le32(TYR_MODEL_FW_SUSPEND_SIZE);
		csg[TYR_CSG_CTL_PROTM_SUSPEND_SIZE / 4] =
			cpu_to_le32(TYR_MODEL_FW_PROTM_SUSPEND_SIZE);
		csg[TYR_CSG_CTL_STREAM_NUM / 4] =
			cpu_to_le32(TYR_MODEL_FW_STREAMS);
		csg[TYR_CSG_CTL_STREAM_STRIDE / 4] =
			cpu_to_le32(TYR_MODEL_FW_STREAM_STRIDE);

		for (j = 0; j < TYR_MODEL_FW_STREAMS; j++) {
			cs = &csg[(TYR_CS_CTL_BASE +
				   j * TYR_MODEL_FW_STREAM_STRIDE) / 4];
			cs[TYR_CS_CTL_FEATURES / 4] =
				cpu_to_le32(TYR_MODEL_FW_CS_FEATURES);
			cs[TYR_CS_CTL_INPUT_VA / 4] =
				cpu_to_le32(base + TYR_MODEL_FW_CS_IN(i, j));
			cs[TYR_CS_CTL_OUTPUT_VA / 4] =
				cpu_to_le32(base + TYR_MODEL_FW_CS_OUT(i, j));
		}

		ret = tyr_model_mcu_access(model,
					   base + TYR_MODEL_FW_CSG_CTL(i), csg,
					   sizeof(csg), TYR_MODEL_WRITE);
		if (ret)
			return ret;
	}

	ret = tyr_model_mcu_access(model, base + TYR_MODEL_FW_GLB_OUT, NULL,
				   TYR_MODEL_FW_GLB_AREA, TYR_MODEL_WRITE);
	if (ret)
		return ret;

	/* The group and stream output areas, in one go. */
	return tyr_model_mcu_access(model, base + TYR_MODEL_FW_CSG_OUT(0), NULL,
				    TYR_MODEL_FW_END - TYR_MODEL_FW_CSG_OUT(0),
				    TYR_MODEL_WRITE);
}

/* The boot the host asked for. Lock held, powered. */
static void tyr_model_mcu_boot(struct tyr_model *model)
{
	struct tyr_model_mcu *mcu = &model->mcu;

	/* A cold boot: nothing is left of what the firmware knew. */
	mcu->boot_pending = false;
	tyr_model_mcu_forget(mcu);

	if (tyr_model_mcu_write_iface(model)) {
		model->stats.mcu_boot_failures++;
		tyr_model_mcu_fatal(model);
		return;
	}

	mcu->status = TYR_MCU_STATUS_ENABLED;
	mcu->boots++;
	/* The firmware always signals that it is up. */
	tyr_model_line_set(model, TYR_IRQ_JOB, TYR_JOB_IRQ_GLOBAL);
}

static enum hrtimer_restart tyr_model_mcu_boot_done(struct hrtimer *timer)
{
	struct tyr_model *model =
		container_of(timer, struct tyr_model, mcu.boot_timer);
	unsigned long flags;

	spin_lock_irqsave(&model->lock, flags);
	if (model->mcu.boot_pending && model->powered)
		tyr_model_mcu_boot(model);
	spin_unlock_irqrestore(&model->lock, flags);

	return HRTIMER_NORESTART;
}

/*
 * A pass of the firmware over the global interface: acknowledge what the
 * host asked for. Lock held, powered, MCU enabled.
 */
static void tyr_model_mcu_serve_glb(struct tyr_model *model)
{
	const u64 in_va = TYR_FW_SHARED_VA + TYR_MODEL_FW_GLB_IN;
	const u64 ack_va = TYR_FW_SHARED_VA + TYR_MODEL_FW_GLB_OUT +
			   TYR_GLB_OUT_ACK;
	struct tyr_model_mcu *mcu = &model->mcu;
	__le32 in[TYR_GLB_IN_SIZE / 4];
	unsigned long bits;
	u32 req, ack, served;
	unsigned int bit;
	__le32 word;

	mcu->glb_pending = false;
	model->stats.glb_services++;

	if (tyr_model_mcu_access(model, in_va, in, sizeof(in), TYR_MODEL_READ) ||
	    tyr_model_mcu_access(model, ack_va, &word, sizeof(word),
				 TYR_MODEL_READ))
		goto fault;

	req = le32_to_cpu(in[TYR_GLB_IN_REQ / 4]);
	ack = le32_to_cpu(word);
	mcu->ack_irq_mask = le32_to_cpu(in[TYR_GLB_IN_ACK_IRQ_MASK / 4]);
	mcu->idle_timer = le32_to_cpu(in[TYR_GLB_IN_IDLE_TIMER / 4]);
	mcu->core_en_mask = le32_to_cpu(in[TYR_GLB_IN_CORE_EN_MASK / 4]) |
		(u64)le32_to_cpu(in[TYR_HI(TYR_GLB_IN_CORE_EN_MASK) / 4]) << 32;

	served = (req ^ ack) & TYR_GLB_REQ_MASK;
	if ((served & TYR_GLB_PING) && model->cfg.mcu_ping_ignored) {
		served &= ~TYR_GLB_PING;
		model->stats.pings_ignored++;
	}
	if (!served)
		return;

	bits = served;
	for_each_set_bit(bit, &bits, TYR_MODEL_GLB_REQ_BITS)
		model->stats.glb_requests[bit]++;

	if (served & TYR_GLB_CFG_PROGRESS_TIMER)
		mcu->progress_timer =
			le32_to_cpu(in[TYR_GLB_IN_PROGRESS_TIMER / 4]);
	if (served & TYR_GLB_CFG_POWEROFF_TIMER)
		mcu->poweroff_timer =
			le32_to_cpu(in[TYR_GLB_IN_POWEROFF_TIMER / 4]);

	/* Requests are toggles, IDLE_EN a state: both end up equal to req. */
	ack ^= served;
	word = cpu_to_le32(ack);
	if (tyr_model_mcu_access(model, ack_va, &word, sizeof(word),
				 TYR_MODEL_WRITE))
		goto fault;
	mcu->idle_en = ack & TYR_GLB_IDLE_EN;

	if (served & TYR_GLB_HALT) {
		mcu->status = TYR_MCU_STATUS_HALT;
		mcu->halts++;
	}

	if (served & mcu->ack_irq_mask)
		tyr_model_line_set(model, TYR_IRQ_JOB, TYR_JOB_IRQ_GLOBAL);
	return;

fault:
	tyr_model_mcu_fatal(model);
}

static enum hrtimer_restart tyr_model_mcu_glb_done(struct hrtimer *timer)
{
	struct tyr_model *model =
		container_of(timer, struct tyr_model, mcu.glb_timer);
	unsigned long flags;

	spin_lock_irqsave(&model->lock, flags);
	if (model->mcu.glb_pending && model->powered &&
	    model->mcu.status == TYR_MCU_STATUS_ENABLED)
		tyr_model_mcu_serve_glb(model);
	spin_unlock_irqrestore(&model->lock, flags);

	return HRTIMER_NORESTART;
}

/* An MCU_CONTROL write. Lock held. */
static void tyr_model_mcu_control(struct tyr_model *model, u32 val)
{
	struct tyr_model_mcu *mcu = &model->mcu;

	switch (val) {
	case TYR_MCU_CONTROL_DISABLE:
		mcu->control = val;
		mcu->status = TYR_MCU_STATUS_DISABLED;
		mcu->boot_pending = false;
		mcu->glb_pending = false;
		return;
	case TYR_MCU_CONTROL_ENABLE:
	case TYR_MCU_CONTROL_AUTO:
		mcu->control = val;
		break;
	default:
		/* Reserved: the register keeps its value. */
		return;
	}

	/* Running, booting already, or stopped by a fault. */
	if (mcu->boot_pending || (mcu->status != TYR_MCU_STATUS_DISABLED &&
				  mcu->status != TYR_MCU_STATUS_HALT))
		return;

	mcu->boot_pending = true;
	if (!model->cfg.mcu_boot_hangs)
		tyr_model_start_timer(&mcu->boot_timer,
				      model->cfg.mcu_boot_delay_us);
}

/* The doorbell whose word @reg is; -1 if none. */
static int tyr_model_doorbell_of(u32 reg)
{
	u32 stride = TYR_DOORBELL(1) - TYR_DOORBELL(0);

	if (reg < TYR_DOORBELL(0) || reg >= TYR_DOORBELL(TYR_DOORBELL_COUNT) ||
	    (reg - TYR_DOORBELL(0)) % stride)
		return -1;

	return (reg - TYR_DOORBELL(0)) / stride;
}

/* A write to doorbell @n. Lock held. */
static void tyr_model_doorbell(struct tyr_model *model, unsigned int n)
{
	struct tyr_model_mcu *mcu = &model->mcu;

	model->stats.doorbells[n]++;

	/* Groups have no MCU behind them yet. */
	if (n != TYR_DOORBELL_GLB || mcu->status != TYR_MCU_STATUS_ENABLED)
		return;

	/* Rings before the pass starts are served by it. */
	if (mcu->glb_pending)
		return;

	mcu->glb_pending = true;
	tyr_model_start_timer(&mcu->glb_timer, model->cfg.mcu_req_delay_us);
}

static u64 tyr_model_ticks(u64 hz)
{
	return mul_u64_u32_div(ktime_get_raw_ns(), hz / 1000, NSEC_PER_SEC / 1000);
}

static u64 tyr_model_timestamp(void)
{
#if IS_ENABLED(CONFIG_ARM_ARCH_TIMER)
	return arch_timer_read_counter();
#else
	return tyr_model_ticks(TYR_MODEL_TIMESTAMP_HZ);
#endif
}

/* Lock held. @reg is aligned, and inside the window or a doorbell. */
static u32 tyr_model_read_locked(struct tyr_model *model, u32 reg)
{
	u32 word = reg & 4 ? 32 : 0;
	u32 reg64 = reg & ~4u;
	struct tyr_model_as *as;
	unsigned int i;

	/* Doorbells are write-only. */
	if (reg >= TYR_REG_WINDOW_SIZE)
		return 0;

	as = tyr_model_as_of(model, reg);
	if (as)
		return tyr_model_as_read(as, reg);

	for (i = 0; i < ARRAY_SIZE(tyr_model_g610_ids); i++) {
		if (tyr_model_g610_ids[i].reg == reg)
			return tyr_model_g610_ids[i].val;
	}

	for (i = 0; i < TYR_IRQ_BLOCK_COUNT; i++) {
		struct tyr_model_line *line = &model->lines[i];
		u32 base = tyr_model_line_base[i];

		if (reg == base + TYR_IRQ_RAWSTAT)
			return line->rawstat;
		if (reg == base + TYR_IRQ_MASK)
			return line->mask;
		if (reg == base + TYR_IRQ_STAT)
			return line->rawstat & line->mask;
		if (reg == base + TYR_IRQ_CLEAR)
			return 0;
	}

	for (i = 0; i < TYR_PWR_DOMAIN_COUNT; i++) {
		struct tyr_model_domain *dom = &model->domains[i];

		if (reg64 == TYR_PWR_PRESENT(i))
			return dom->present >> word;
		if (reg64 == TYR_PWR_READY(i))
			return dom->ready >> word;
		if (reg64 == TYR_PWR_PWRTRANS(i))
			return (dom->powering_on | dom->powering_off) >> word;
	}

	switch (reg64) {
	case TYR_GPU_FAULTADDRESS:
		return model->fault_address >> word;
	case TYR_TIMESTAMP_OFFSET:
		return model->timestamp_offset >> word;
	case TYR_TIMESTAMP:
		return (tyr_model_timestamp() + model->timestamp_offset) >> word;
	case TYR_CYCLE_COUNT:
		return tyr_model_ticks(TYR_MODEL_CYCLES_HZ) >> word;
	}

	switch (reg) {
	case TYR_GPU_STATUS:
		return model->flushes_pending ? TYR_GPU_STATUS_ACTIVE : 0;
	case TYR_GPU_FAULTSTATUS:
		return model->fault_status;
	case TYR_MCU_CONTROL:
		return model->mcu.control;
	case TYR_MCU_STATUS:
		return model->mcu.status;
	}

	return 0;
}

/* Lock held. @reg is aligned, and inside the window or a doorbell. */
static void tyr_model_write_locked(struct tyr_model *model, u32 reg, u32 val)
{
	u32 word = reg & 4 ? 32 : 0;
	u32 reg64 = reg & ~4u;
	struct tyr_model_as *as;
	unsigned int i;
	int db;

	db = tyr_model_doorbell_of(reg);
	if (db >= 0) {
		tyr_model_doorbell(model, db);
		return;
	}

	as = tyr_model_as_of(model, reg);
	if (as) {
		if (!tyr_model_as_write(model, as, reg, val))
			model->stats.ro_writes++;
		return;
	}

	for (i = 0; i < TYR_IRQ_BLOCK_COUNT; i++) {
		struct tyr_model_line *line = &model->lines[i];
		u32 base = tyr_model_line_base[i];

		if (reg == base + TYR_IRQ_CLEAR) {
			line->rawstat &= ~val;
			return;
		}
		if (reg == base + TYR_IRQ_MASK) {
			line->mask = val;
			tyr_model_line_update(line);
			return;
		}
	}

	for (i = 0; i < TYR_PWR_DOMAIN_COUNT; i++) {
		if (reg64 == TYR_PWR_PWRON(i)) {
			tyr_model_domain_request(model, i, (u64)val << word,
						 true);
			return;
		}
		if (reg64 == TYR_PWR_PWROFF(i)) {
			tyr_model_domain_request(model, i, (u64)val << word,
						 false);
			return;
		}
	}

	switch (reg) {
	case TYR_GPU_COMMAND:
		tyr_model_command(model, val);
		return;
	case TYR_TIMESTAMP_OFFSET:
		model->timestamp_offset &= GENMASK_ULL(63, 32);
		model->timestamp_offset |= val;
		return;
	case TYR_HI(TYR_TIMESTAMP_OFFSET):
		model->timestamp_offset &= GENMASK_ULL(31, 0);
		model->timestamp_offset |= (u64)val << 32;
		return;
	case TYR_MCU_CONTROL:
		tyr_model_mcu_control(model, val);
		return;
	}

	model->stats.ro_writes++;
}

static bool tyr_model_check_access(struct tyr_model *model, u32 reg,
				   bool write)
{
	if (!IS_ALIGNED(reg, 4) ||
	    (reg >= TYR_REG_WINDOW_SIZE && tyr_model_doorbell_of(reg) < 0)) {
		model->stats.bad_accesses++;
		dev_warn_ratelimited(model->dev, "model: bad %s at 0x%x\n",
				     write ? "write" : "read", reg);
		return false;
	}

	if (!model->powered) {
		model->stats.unpowered_accesses++;
		dev_warn_ratelimited(model->dev,
				     "model: %s at 0x%x while the GPU is unpowered\n",
				     write ? "write" : "read", reg);
		/* Reads see the reset state; writes go nowhere. */
		return !write;
	}

	return true;
}

/**
 * tyr_model_read() - Read a 32-bit GPU register
 * @model: The model.
 * @reg: Offset in the register window.
 *
 * Return: The register's value; 0 for registers the model has not.
 */
u32 tyr_model_read(struct tyr_model *model, u32 reg)
{
	unsigned long flags;
	u32 val = 0;

	spin_lock_irqsave(&model->lock, flags);
	if (tyr_model_check_access(model, reg, false))
		val = tyr_model_read_locked(model, reg);
	spin_unlock_irqrestore(&model->lock, flags);

	return val;
}

/**
 * tyr_model_write() - Write a 32-bit GPU register
 * @model: The model.
 * @reg: Offset in the register window.
 * @val: The value.
 */
void tyr_model_write(struct tyr_model *model, u32 reg, u32 val)
{
	unsigned long flags;

	spin_lock_irqsave(&model->lock, flags);
	if (tyr_model_check_access(model, reg, true))
		tyr_model_write_locked(model, reg, val);
	spin_unlock_irqrestore(&model->lock, flags);
}

/**
 * tyr_model_irq_attach() - Connect the driver to an interrupt line
 * @model: The model.
 * @block: The interrupt block driving the line.
 * @primary: Hard interrupt handler.
 * @thread: Threaded handler, run when @primary returns IRQ_WAKE_THREAD.
 * @data: Argument of the handlers.
 *
 * The model's counterpart of request_threaded_irq().
 *
 * Return: 0, or -EBUSY if the line already has handlers.
 */
int tyr_model_irq_attach(struct tyr_model *model, enum tyr_irq_block block,
			 irq_handler_t primary, irq_handler_t thread,
			 void *data)
{
	struct tyr_model_line *line = &model->lines[block];
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&model->lock, flags);
	if (line->primary) {
		ret = -EBUSY;
	} else {
		line->primary = primary;
		line->thread = thread;
		line->data = data;
		tyr_model_line_update(line);
	}
	spin_unlock_irqrestore(&model->lock, flags);

	return ret;
}

/**
 * tyr_model_irq_detach() - Disconnect the handlers of an interrupt line
 * @model: The model.
 * @block: The interrupt block.
 *
 * Like free_irq(), waits for a running handler to return.
 */
void tyr_model_irq_detach(struct tyr_model *model, enum tyr_irq_block block)
{
	struct tyr_model_line *line = &model->lines[block];
	unsigned long flags;

	spin_lock_irqsave(&model->lock, flags);
	line->primary = NULL;
	line->thread = NULL;
	line->data = NULL;
	spin_unlock_irqrestore(&model->lock, flags);

	cancel_work_sync(&line->work);
}

/**
 * tyr_model_irq_sync() - Wait for a running delivery of a line to finish
 * @model: The model.
 * @block: The interrupt block.
 */
void tyr_model_irq_sync(struct tyr_model *model, enum tyr_irq_block block)
{
	flush_work(&model->lines[block].work);
}

/**
 * tyr_model_irq_attached() - Whether a line has handlers
 * @model: The model.
 * @block: The interrupt block.
 *
 * Return: true if the driver attached handlers to the line.
 */
bool tyr_model_irq_attached(struct tyr_model *model, enum tyr_irq_block block)
{
	unsigned long flags;
	bool attached;

	spin_lock_irqsave(&model->lock, flags);
	attached = model->lines[block].primary;
	spin_unlock_irqrestore(&model->lock, flags);

	return attached;
}

/**
 * tyr_model_raise() - Latch events in an interrupt block
 * @model: The model.
 * @block: The interrupt block.
 * @events: Bits to set in RAWSTAT.
 *
 * For the model's own units and for tests injecting events.
 */
void tyr_model_raise(struct tyr_model *model, enum tyr_irq_block block,
		     u32 events)
{
	unsigned long flags;

	spin_lock_irqsave(&model->lock, flags);
	tyr_model_line_set(model, block, events);
	spin_unlock_irqrestore(&model->lock, flags);
}

/**
 * tyr_model_gpu_fault() - Report a GPU fault
 * @model: The model.
 * @status: GPU_FAULTSTATUS value.
 * @address: GPU_FAULTADDRESS value.
 */
void tyr_model_gpu_fault(struct tyr_model *model, u32 status, u64 address)
{
	unsigned long flags;

	spin_lock_irqsave(&model->lock, flags);
	model->fault_status = status;
	model->fault_address = address;
	tyr_model_line_set(model, TYR_IRQ_GPU, TYR_GPU_IRQ_FAULT);
	spin_unlock_irqrestore(&model->lock, flags);
}

static void tyr_model_cancel_timers(struct tyr_model *model)
{
	unsigned int i;

	hrtimer_cancel(&model->reset_timer);
	hrtimer_cancel(&model->flush_timer);
	for (i = 0; i < TYR_PWR_DOMAIN_COUNT; i++)
		hrtimer_cancel(&model->domains[i].timer);
	for (i = 0; i < TYR_MODEL_AS_COUNT; i++)
		hrtimer_cancel(&model->as[i].timer);
	hrtimer_cancel(&model->mcu.boot_timer);
	hrtimer_cancel(&model->mcu.glb_timer);
}

/**
 * tyr_model_set_power() - Switch the GPU's power rail
 * @model: The model.
 * @on: Whether the GPU gets power.
 *
 * Cutting power loses all the GPU's state, see the DOC section; restoring it
 * leaves the GPU in its reset state. Switching to the current state does
 * nothing.
 */
void tyr_model_set_power(struct tyr_model *model, bool on)
{
	unsigned long flags;
	bool changed;

	spin_lock_irqsave(&model->lock, flags);
	changed = model->powered != on;
	if (changed) {
		model->powered = on;
		tyr_model_clear_state(model);
		if (on)
			model->stats.power_ons++;
		else
			model->stats.power_offs++;
	}
	spin_unlock_irqrestore(&model->lock, flags);

	/* Transitions in flight found nothing pending: let them go. */
	if (changed && !on)
		tyr_model_cancel_timers(model);
}

/**
 * tyr_model_powered() - Whether the GPU has power
 * @model: The model.
 *
 * Return: true while the power rail is on.
 */
bool tyr_model_powered(struct tyr_model *model)
{
	unsigned long flags;
	bool on;

	spin_lock_irqsave(&model->lock, flags);
	on = model->powered;
	spin_unlock_irqrestore(&model->lock, flags);

	return on;
}

/**
 * tyr_model_set_config() - Change the timing and injected faults
 * @model: The model.
 * @cfg: The new configuration.
 *
 * Takes effect for the commands and transitions that start afterwards.
 */
void tyr_model_set_config(struct tyr_model *model,
			  const struct tyr_model_config *cfg)
{
	unsigned long flags;

	spin_lock_irqsave(&model->lock, flags);
	model->cfg = *cfg;
	spin_unlock_irqrestore(&model->lock, flags);
}

/**
 * tyr_model_user_page() - The GPU's USER page
 * @model: The model.
 *
 * What the driver maps for userspace where real hardware has the USER page of
 * the register window (LATEST_FLUSH_ID at offset 0).
 *
 * Return: The page, which lives as long as the model.
 */
struct page *tyr_model_user_page(struct tyr_model *model)
{
	return model->user_page;
}

/**
 * tyr_model_get_stats() - Copy the model's counters
 * @model: The model.
 * @stats: Where to copy them.
 */
void tyr_model_get_stats(struct tyr_model *model, struct tyr_model_stats *stats)
{
	unsigned long flags;

	spin_lock_irqsave(&model->lock, flags);
	*stats = model->stats;
	spin_unlock_irqrestore(&model->lock, flags);
}

/**
 * tyr_model_translate() - Look a GPU virtual address up
 * @model: The model.
 * @as: Address space, below %TYR_MODEL_AS_COUNT.
 * @va: GPU virtual address.
 * @access: What the access would be, for the permission checks.
 * @pa: Where to store the output address: a DMA address of the model's
 *	device (a physical address for a model with no device).
 * @fault_status: If not NULL, where to store the AS_FAULTSTATUS value
 *	(exception and access type) a GPU access would latch; 0 on success.
 *
 * Walks the page tables of @as's active configuration (the one the last
 * UPDATE latched) as a GPU access would, but latches and raises nothing: a
 * lookup for tests and debugging. It does not check that the output address
 * is memory, the access itself would.
 *
 * Return: 0, -EFAULT if the access would fault, -EINVAL for a bad @as or
 * @access.
 */
int tyr_model_translate(struct tyr_model *model, unsigned int as, u64 va,
			enum tyr_model_access access, u64 *pa, u32 *fault_status)
{
	unsigned long flags;
	unsigned int level;
	u32 exception;
	u64 addr = 0;

	if (as >= TYR_MODEL_AS_COUNT || access > TYR_MODEL_EXECUTE)
		return -EINVAL;

	spin_lock_irqsave(&model->lock, flags);
	exception = tyr_model_walk(model, &model->as[as].active, va, access,
				   &addr, &level);
	spin_unlock_irqrestore(&model->lock, flags);

	if (fault_status)
		*fault_status = exception ?
				tyr_model_fault_status(exception, access) : 0;
	if (exception)
		return -EFAULT;

	*pa = addr;
	return 0;
}

/**
 * tyr_model_gpu_access() - Access memory as the GPU does
 * @model: The model.
 * @as: Address space, below %TYR_MODEL_AS_COUNT.
 * @va: GPU virtual address of the first byte.
 * @buf: What to write, or where to read to.
 * @len: Number of bytes.
 * @access: A read into @buf, a write from @buf or an instruction fetch (a
 *	read that needs execute permission).
 *
 * Translates @va page by page through @as's page tables. A page whose
 * translation faults stops the access: the fault is latched in @as and
 * raised in the MMU interrupt block (see the DOC section), and the pages
 * before it may have been transferred.
 *
 * Return: 0, -EFAULT on a fault, -EIO while the GPU is unpowered (counted as
 * an unpowered access), -EINVAL for a bad @as or @access.
 */
int tyr_model_gpu_access(struct tyr_model *model, unsigned int as, u64 va,
			 void *buf, size_t len, enum tyr_model_access access)
{
	unsigned long flags;
	size_t chunk;
	int ret;

	if (as >= TYR_MODEL_AS_COUNT || access > TYR_MODEL_EXECUTE)
		return -EINVAL;

	for (; len; len -= chunk, va += chunk, buf += chunk) {
		chunk = min_t(size_t, len, SZ_4K - (va & (SZ_4K - 1)));

		spin_lock_irqsave(&model->lock, flags);
		ret = tyr_model_access_locked(model, &model->as[as], va, buf,
					      chunk, access);
		spin_unlock_irqrestore(&model->lock, flags);
		if (ret)
			return ret;
	}

	return 0;
}

/**
 * tyr_model_as_locked() - Whether an address space has a locked region
 * @model: The model.
 * @as: Address space.
 * @lockaddr: If not NULL and a region is locked, where to store the LOCKADDR
 *	value the LOCK command took.
 *
 * A region is locked from the completion of a LOCK command to that of an
 * UNLOCK, FLUSH_PT or FLUSH_MEM command.
 *
 * Return: true if a region is locked.
 */
bool tyr_model_as_locked(struct tyr_model *model, unsigned int as,
			 u64 *lockaddr)
{
	unsigned long flags;
	bool locked;

	if (as >= TYR_MODEL_AS_COUNT)
		return false;

	spin_lock_irqsave(&model->lock, flags);
	locked = model->as[as].locked;
	if (locked && lockaddr)
		*lockaddr = model->as[as].locked_region;
	spin_unlock_irqrestore(&model->lock, flags);

	return locked;
}

/**
 * tyr_model_get_mcu_state() - What the MCU is doing
 * @model: The model.
 * @state: Where to copy it.
 */
void tyr_model_get_mcu_state(struct tyr_model *model,
			     struct tyr_model_mcu_state *state)
{
	struct tyr_model_mcu *mcu = &model->mcu;
	unsigned long flags;

	spin_lock_irqsave(&model->lock, flags);
	*state = (struct tyr_model_mcu_state){
		.control = mcu->control,
		.status = mcu->status,
		.booting = mcu->boot_pending,
		.boots = mcu->boots,
		.halts = mcu->halts,
		.ack_irq_mask = mcu->ack_irq_mask,
		.progress_timer = mcu->progress_timer,
		.poweroff_timer = mcu->poweroff_timer,
		.idle_timer = mcu->idle_timer,
		.core_en_mask = mcu->core_en_mask,
		.idle_en = mcu->idle_en,
	};
	spin_unlock_irqrestore(&model->lock, flags);
}

static void tyr_model_init_timer(struct hrtimer *timer,
				 enum hrtimer_restart (*fn)(struct hrtimer *))
{
	hrtimer_init(timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	timer->function = fn;
}

/**
 * tyr_model_create() - Power on a model GPU
 * @dev: Device to log against.
 * @cfg: Timing and injected faults; NULL for &tyr_model_default_config.
 *
 * Return: The model, or an ERR_PTR().
 */
struct tyr_model *tyr_model_create(struct device *dev,
				   const struct tyr_model_config *cfg)
{
	struct tyr_model *model;
	unsigned int i;

	model = kzalloc(sizeof(*model), GFP_KERNEL);
	if (!model)
		return ERR_PTR(-ENOMEM);

	model->user_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!model->user_page) {
		kfree(model);
		return ERR_PTR(-ENOMEM);
	}

	model->wq = alloc_workqueue("tyr-model", WQ_HIGHPRI, 0);
	if (!model->wq) {
		__free_page(model->user_page);
		kfree(model);
		return ERR_PTR(-ENOMEM);
	}

	model->dev = dev;
	model->cfg = cfg ? *cfg : tyr_model_default_config;
	model->powered = true;
	spin_lock_init(&model->lock);

	for (i = 0; i < TYR_IRQ_BLOCK_COUNT; i++) {
		model->lines[i].model = model;
		model->lines[i].block = i;
		INIT_WORK(&model->lines[i].work, tyr_model_line_work);
	}

	for (i = 0; i < TYR_PWR_DOMAIN_COUNT; i++) {
		model->domains[i].model = model;
		model->domains[i].id = i;
		model->domains[i].present = tyr_model_g610_present[i];
		tyr_model_init_timer(&model->domains[i].timer,
				     tyr_model_domain_done);
	}

	for (i = 0; i < TYR_MODEL_AS_COUNT; i++) {
		model->as[i].model = model;
		model->as[i].id = i;
		tyr_model_as_clear(&model->as[i]);
		tyr_model_init_timer(&model->as[i].timer, tyr_model_as_done);
	}

	tyr_model_init_timer(&model->reset_timer, tyr_model_reset_done);
	tyr_model_init_timer(&model->flush_timer, tyr_model_flush_done);
	tyr_model_init_timer(&model->mcu.boot_timer, tyr_model_mcu_boot_done);
	tyr_model_init_timer(&model->mcu.glb_timer, tyr_model_mcu_glb_done);
	model->mcu.control = TYR_MCU_CONTROL_DISABLE;
	model->mcu.status = TYR_MCU_STATUS_DISABLED;

	return model;
}

/**
 * tyr_model_destroy() - Free a model
 * @model: The model, with no handler attached any more.
 */
void tyr_model_destroy(struct tyr_model *model)
{
	unsigned int i;

	for (i = 0; i < TYR_IRQ_BLOCK_COUNT; i++)
		WARN_ON(tyr_model_irq_attached(model, i));

	tyr_model_cancel_timers(model);

	/* Timers may have queued deliveries: nobody is attached to take them. */
	destroy_workqueue(model->wq);
	__free_page(model->user_page);
	kfree(model);
}
