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
 *   ack_irq_mask. Other doorbells are for command streams (see below);
 *   rings while the MCU does not run are only counted;
 * - power loss and GPU resets leave the MCU DISABLED with MCU_CONTROL zero,
 *   and end a boot or a pass over the interface not done yet;
 * - the MCU runs command stream groups and their streams. A pass over the
 *   global interface goes on with each group whose bit of the global
 *   doorbell_req word differs from doorbell_ack: it copies the bit, then
 *   serves the group's state request (START and RESUME take the address
 *   space from config and the suspend buffer, and start the streams whose
 *   state is START; SUSPEND and TERMINATE stop them), ENDPOINT_CONFIG and
 *   STATUS_UPDATE (which writes the streams' status words), and then each
 *   stream whose bit of the group's doorbell_req word differs from its
 *   doorbell_ack (state START reads the ring set-up and the ring output's
 *   extract counter, STOP stops; other requests are only acknowledged).
 *   Acknowledgements and events raise the group's job interrupt when the
 *   group's or the stream's ack_irq_mask says so, a stream's also flipping
 *   its bit of the group's cs_irq_req; an event the host has not
 *   acknowledged yet is not raised again;
 * - started streams of running groups execute their ring, from the
 *   model's workqueue, never from a register write: instructions are
 *   fetched and their memory accessed through the group's address space
 *   (a fetch is a read), the ring's insert and extract counters through AS
 *   0. Doorbells other than 0 make the streams whose config names them
 *   look at their ring again; one that gives an idle stream instructions
 *   clears its group's status_state IDLE at once. A run executes 4096
 *   instructions at most, the rest waits for the next tick, so that a loop
 *   cannot take the model over. After each run of a stream, its ring
 *   output says how far it got (extract) and whether it has work left
 *   (active);
 * - instructions: moves, ADD_IMM32/64, UMIN32 (register [55:48] = the
 *   unsigned minimum of registers [47:40] and [39:32]), LOAD_MULTIPLE and
 *   STORE_MULTIPLE, BRANCH, CALL (eight deep at most) and JUMP (which
 *   replaces the called buffer it is in; in the ring, it acts as a CALL),
 *   WAIT, SYNC_ADD, SYNC_SET and SYNC_WAIT on 32- and 64-bit sync objects
 *   (a wait with condition GT blocks until the value in memory is greater
 *   than the register, LE until it is lower or equal; with the error bit,
 *   ADD and SET write the stream's error state to the status word after
 *   the value, and a satisfied wait takes a non-zero status word as the
 *   stream's error state, which ERROR_BARRIER clears), STORE_STATE (64
 *   bits of the timestamp, the cycle count, the disjoint count, which
 *   completed resets and power-offs increment, or the error state),
 *   HEAP_SET, HEAP_OPERATION and FINISH_FRAGMENT's increment (which count
 *   render passes in the heap context, see TYR_MODEL_HEAP_*); the RUN_*
 *   instructions complete at once, without running anything; the other
 *   known opcodes are accepted. Asynchronous
 *   instructions complete at once too: their scoreboard slots only get
 *   busy when RUN_* hang (see below). Every completed instruction is
 *   counted, per opcode;
 * - streams blocked in a sync wait look at memory again on any doorbell,
 *   after any SYNC_ADD or SYNC_SET, and every 200 us. A SYNC_ADD or
 *   SYNC_SET raises its group's SYNC_UPDATE event. A running group whose
 *   started streams all have nothing to do (empty ring, sync wait, fatal
 *   error) shows IDLE in status_state and raises its IDLE event; work
 *   clears status_state IDLE;
 * - a tiling run out of heap memory (injected, see
 *   &tyr_model_config.tiler_oom_every) reports the heap context's address
 *   and render-pass counters in the stream output and raises TILER_OOM.
 *   Once the host acknowledged it, a chunk in heap_start (its VA, and its
 *   size in 4 KiB units in the low 12 bits) is linked into the heap (the
 *   model reads the chunk's header through the group's AS) and the run
 *   completes. No chunk, while tiling passes wait for their fragment pass:
 *   the stream waits until a fragment pass ended after its TILER_OOM (at
 *   once if one ended before the host answered) and raises TILER_OOM
 *   again. No chunk and none pending: the stream stops with a fatal
 *   OUT_OF_MEMORY (the model does not call exception handlers);
 * - an unknown opcode, a bad operand, a ninth nested CALL, a branch out of
 *   its buffer, or a memory access that faults (an MMU fault of the
 *   group's AS) stop the stream with a FATAL event: fatal says
 *   INSTR_INVALID_ENC, UNRECOVERABLE, INSTR_INVALID_PC or BUS_FAULT, and
 *   fatal_info the instruction's or the access's address. The stream stays
 *   stopped until it is stopped or its group terminated;
 * - SUSPEND saves every stream of the group in the suspend buffer
 *   (registers, call stack, position, scoreboards, error state, see
 *   TYR_MODEL_SAVE_*); a stream blocked in an instruction is saved at that
 *   instruction. RESUME restores the saved streams whose state is START.
 *   An MCU that is disabled, halts or faults forgets every group, as do
 *   power loss and GPU resets; a fault of the MCU's own accesses (AS 0) is
 *   an MCU fault.
 *
 * Delays are per instance (&struct tyr_model_config), as are injectable
 * failures: a reset that never completes, a power domain that never gets
 * ready, AS commands that never complete, an MCU that never boots or does
 * not answer PING requests, RUN_* instructions that never complete (their
 * group then never acknowledges a SUSPEND or TERMINATE request: only a
 * reset gets rid of them), tiler heaps that run out of memory.
 * Accesses outside the register window but for the doorbells, unaligned
 * accesses and writes to read-only registers are counted (&struct
 * tyr_model_stats) and otherwise ignored, as the bus would;
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

#include "tyr_cs.h"
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

/* COHERENCY_FEATURES: ACE-Lite only, as on CSF GPUs. */
#define TYR_MODEL_COHERENCY_FEATURES	BIT(TYR_COHERENCY_ACE_LITE)

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

/*
 * Command streams. The stream output area has more status than tyr_fw_if.h
 * names: the high word of the 64-bit value a SYNC_WAIT64 waits for, and
 * the fields of status_wait and status_blocked_reason.
 */
#define TYR_MODEL_CS_OUT_STATUS_WAIT_SYNC_VAL_HI	0x64
#define TYR_MODEL_CS_OUT_STATUS_END		0x68
#define TYR_MODEL_CS_STATUS_WAIT_SB_MASK	GENMASK(15, 0)
#define TYR_MODEL_CS_STATUS_WAIT_SB_SRC		GENMASK(19, 16)
#define  TYR_MODEL_CS_STATUS_WAIT_SB_SRC_WAIT	8
#define TYR_MODEL_CS_STATUS_WAIT_SYNC_COND	GENMASK(27, 24)
#define TYR_MODEL_CS_STATUS_WAIT_SYNC_64B	BIT(30)
#define TYR_MODEL_CS_STATUS_WAIT_SYNC		BIT(31)
#define TYR_MODEL_CS_BLOCKED_NONE		0
#define TYR_MODEL_CS_BLOCKED_SB_WAIT		1
#define TYR_MODEL_CS_BLOCKED_SYNC_WAIT		3

/* Buffers a stream may have called and not returned from. */
#define TYR_MODEL_CS_CALL_DEPTH		8
/* Scoreboard slots of a stream (as TYR_MODEL_FW_CS_FEATURES says). */
#define TYR_MODEL_CS_SB_SLOTS		8
/* Instructions the interpreter runs per run of its work, then per lock hold. */
#define TYR_MODEL_CS_BUDGET		4096
#define TYR_MODEL_CS_BATCH		64
/* Period at which streams blocked in a sync wait look at memory again. */
#define TYR_MODEL_CS_POLL_US		200
#define TYR_MODEL_CS_COUNT		(TYR_MODEL_CSG_COUNT * TYR_MODEL_CS_PER_CSG)

/* Fields of instructions, as named in tyr_cs.h and the facts they come from. */
#define TYR_MODEL_CI_OPCODE		GENMASK_ULL(63, 56)
#define TYR_MODEL_CI_DST		GENMASK_ULL(55, 48)
#define TYR_MODEL_CI_SRC		GENMASK_ULL(47, 40)
#define TYR_MODEL_CI_SRC2		GENMASK_ULL(39, 32)
#define TYR_MODEL_CI_IMM48		GENMASK_ULL(47, 0)
#define TYR_MODEL_CI_IMM32		GENMASK_ULL(31, 0)
#define TYR_MODEL_CI_STATE		GENMASK_ULL(33, 32)
#define TYR_MODEL_CI_MASK		GENMASK_ULL(31, 16)
#define TYR_MODEL_CI_SYNC_COND		GENMASK_ULL(31, 28)
#define TYR_MODEL_CI_BRANCH_COND	GENMASK_ULL(30, 28)
#define TYR_MODEL_CI_OFFSET		GENMASK_ULL(15, 0)
#define TYR_MODEL_CI_SB_ENDPOINT	GENMASK_ULL(3, 0)
#define TYR_MODEL_CI_SYNC_ERROR		BIT_ULL(0)
#define TYR_MODEL_CI_SYNC_SCOPE		GENMASK_ULL(2, 1)
#define TYR_MODEL_CI_FRAG_INC		BIT_ULL(0)

/* BRANCH conditions, on a signed register compared with zero. */
#define TYR_MODEL_COND_LE		0
#define TYR_MODEL_COND_GT		1
#define TYR_MODEL_COND_EQ		2
#define TYR_MODEL_COND_NE		3
#define TYR_MODEL_COND_LT		4
#define TYR_MODEL_COND_GE		5
#define TYR_MODEL_COND_ALWAYS		6

/* STORE_STATE selections. */
#define TYR_MODEL_STATE_TIMESTAMP	0
#define TYR_MODEL_STATE_CYCLES		1
#define TYR_MODEL_STATE_DISJOINT	2
#define TYR_MODEL_STATE_ERROR		3

/*
 * What SUSPEND saves of each stream, in 512 bytes at suspend_buf + 512 *
 * stream: the work registers, the call stack (the next instruction of each
 * called buffer, and the bytes left in it), the ring's extract counter, the
 * HEAP_SET address, the scoreboard state and the error state. A stream
 * blocked in an instruction is saved at that instruction, which runs again
 * on RESUME.
 */
#define TYR_MODEL_SAVE_STRIDE		0x200
#define TYR_MODEL_SAVE_REGS		0x000	/* 96 words */
#define TYR_MODEL_SAVE_CALL_PC		0x180	/* 8 x 64 bits */
#define TYR_MODEL_SAVE_CALL_LEFT	0x1c0	/* 8 words */
#define TYR_MODEL_SAVE_EXTRACT		0x1e0	/* 64 bits */
#define TYR_MODEL_SAVE_HEAP		0x1e8	/* 64 bits */
#define TYR_MODEL_SAVE_FLAGS		0x1f0
#define  TYR_MODEL_SAVE_VALID		BIT(0)
#define  TYR_MODEL_SAVE_FATAL		BIT(1)
#define  TYR_MODEL_SAVE_RUN_BUSY	BIT(2)
#define  TYR_MODEL_SAVE_DEPTH		GENMASK(11, 8)
#define  TYR_MODEL_SAVE_SB_ENDPOINT	GENMASK(19, 16)
#define  TYR_MODEL_SAVE_SB_BUSY		GENMASK(31, 24)
#define TYR_MODEL_SAVE_ERROR		0x1f4
#define TYR_MODEL_SAVE_MAGIC		0x1f8
#define  TYR_MODEL_SAVE_MAGIC_VALUE	0x53435954	/* "TYCS" */
#define TYR_MODEL_SAVE_SIZE		0x200

/*
 * The heap context at HEAP_SET's address belongs to the firmware (the
 * kernel zeroes it): the model keeps there the render passes that started
 * and finished tiling, and those whose fragment pass finished, as
 * HEAP_OPERATION (and FINISH_FRAGMENT) count them, and the last chunk
 * linked.
 */
#define TYR_MODEL_HEAP_VT_START		0x00
#define TYR_MODEL_HEAP_VT_END		0x04
#define TYR_MODEL_HEAP_FRAG_END		0x08
#define TYR_MODEL_HEAP_CHUNK		0x10	/* 64 bits */
#define TYR_MODEL_HEAP_CTX_SIZE		0x18

/* HEAP_OPERATION's operations. */
#define TYR_MODEL_HEAP_OP_VT_START	0
#define TYR_MODEL_HEAP_OP_VT_END	1
#define TYR_MODEL_HEAP_OP_FRAG_END	2

/* Where a stream is in a tiler out-of-memory exchange with the host. */
enum tyr_model_oom {
	TYR_MODEL_OOM_NONE,
	/* TILER_OOM raised, not answered. */
	TYR_MODEL_OOM_ASKED,
	/* Answered without a chunk: wait for a fragment pass to finish. */
	TYR_MODEL_OOM_WAIT_FRAG,
};

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
	/* When the transition in progress completes (KTIME_MAX: never). */
	ktime_t due;
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
	/* The command in progress (STATUS.ACTIVE), and when it completes. */
	bool busy;
	u32 cmd;
	ktime_t due;
	u32 fault_status;
	u64 fault_address;
	struct hrtimer timer;
};

/* The MCU, as the host sees it through the firmware interface. */
struct tyr_model_mcu {
	u32 control;
	u32 status;
	/* Asked to boot, not booted yet; done at boot_due. */
	bool boot_pending;
	ktime_t boot_due;
	/*
	 * Doorbell 0 rang since the last pass over the global interface; the
	 * pass is done at glb_due.
	 */
	bool glb_pending;
	ktime_t glb_due;
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

/* A buffer a stream called or jumped to: its next instruction, its end. */
struct tyr_model_cs_frame {
	u64 pc;
	u64 end;
};

/* A command stream: what the host set up, and the interpreter. */
struct tyr_model_cs {
	/* Where it is: group and stream index. */
	u8 csg;
	u8 id;
	enum tyr_model_cs_state state;
	/* Look at the ring, or at what blocks the stream, again. */
	bool kick;
	/* The stream input area, as of START. */
	u32 config;
	u64 ring_base;
	u32 ring_size;
	u64 ring_in;
	u64 ring_out;
	/* The interpreter: ring position, registers, call stack... */
	u64 extract;
	u32 regs[TYR_MODEL_CS_REGS];
	struct tyr_model_cs_frame calls[TYR_MODEL_CS_CALL_DEPTH];
	unsigned int depth;
	/* ... scoreboards, the slot RUN_* signal, a RUN_* that hangs ... */
	u32 sb_busy;
	u32 sb_endpoint;
	bool run_busy;
	/* ... HEAP_SET, the error state SYNC_ADD and SYNC_SET propagate ... */
	u64 heap;
	u32 error;
	/* ... where it is with a tiler OOM ... */
	enum tyr_model_oom oom;
	u32 oom_frag_end;
	/* ... and what a blocked stream waits for. */
	u32 wait_sb;
	u64 wait_ptr;
	u64 wait_value;
	bool wait_gt;
	bool wait_64;
};

/* A command stream group, as the host started it. */
struct tyr_model_csg {
	/* START or RESUME acknowledged, not SUSPEND or TERMINATE. */
	bool running;
	/* Serving a RESUME: starting streams restore their saved state. */
	bool resuming;
	/* Every started stream has nothing to do (status_state IDLE). */
	bool idle;
	unsigned int as;
	u64 suspend_buf;
	struct tyr_model_cs cs[TYR_MODEL_CS_PER_CSG];
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
	ktime_t reset_due;
	struct hrtimer flush_timer;
	unsigned int flushes_pending;
	ktime_t flush_due;

	bool powered;
	u32 latest_flush;
	struct page *user_page;
	u32 fault_status;
	u64 fault_address;
	u64 timestamp_offset;
	/*
	 * The counters, frozen while a test holds the clock, see
	 * tyr_model_clock_hold().
	 */
	struct {
		bool held;
		u64 timestamp;
		u64 cycles;
	} clock;
	u32 coherency;
	/*
	 * Events after which timestamps and cycle counts cannot be compared
	 * with earlier ones (completed resets, power-offs), for STORE_STATE;
	 * not cleared by either.
	 */
	u64 disjoint;
	struct tyr_model_mcu mcu;

	/* Command stream groups, and the interpreter of their streams. */
	struct tyr_model_csg csgs[TYR_MODEL_CSG_COUNT];
	struct delayed_work cs_work;
	/* Polls the streams blocked in a sync wait. */
	struct hrtimer cs_poll_timer;
	/* The stream the interpreter looks at first next time. */
	unsigned int cs_next;
	/* RUN_TILING and RUN_IDVS with a heap, for tiler_oom_every. */
	unsigned int tiler_runs;
	/* One stream of a suspend buffer, being saved or restored. */
	__le32 cs_save[TYR_MODEL_SAVE_SIZE / 4];
	/* Being destroyed: nothing may queue the interpreter any more. */
	bool dying;

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
	{ TYR_COHERENCY_FEATURES, TYR_MODEL_COHERENCY_FEATURES },
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

/* The domain's transition in progress completes. Lock held. */
static void tyr_model_domain_finish(struct tyr_model *model,
				    struct tyr_model_domain *dom)
{
	bool all_done = true;
	unsigned int i;

	if (!dom->powering_on && !dom->powering_off)
		return;

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

static enum hrtimer_restart tyr_model_domain_done(struct hrtimer *timer)
{
	struct tyr_model_domain *dom =
		container_of(timer, struct tyr_model_domain, timer);
	struct tyr_model *model = dom->model;
	unsigned long flags;

	spin_lock_irqsave(&model->lock, flags);
	tyr_model_domain_finish(model, dom);
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
	if (model->cfg.stuck_domains & BIT(id)) {
		dom->due = KTIME_MAX;
		return;
	}

	dom->due = ktime_add_us(ktime_get(), model->cfg.pwr_delay_us[id]);
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

static void tyr_model_csgs_clear(struct tyr_model *model);

static void tyr_model_mcu_settle(struct tyr_model *model, ktime_t now);

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
	model->coherency = TYR_COHERENCY_NONE;
	tyr_model_mcu_clear(&model->mcu);
	tyr_model_csgs_clear(model);
}

/* The reset in progress completes. Lock held. */
static void tyr_model_reset_finish(struct tyr_model *model)
{
	struct tyr_model_line *gpu = &model->lines[TYR_IRQ_GPU];
	u32 gpu_mask;

	if (!model->reset_pending)
		return;

	gpu_mask = gpu->mask;
	tyr_model_clear_state(model);
	gpu->mask = gpu_mask;
	model->disjoint++;
	tyr_model_line_set(model, TYR_IRQ_GPU, TYR_GPU_IRQ_RESET_COMPLETED);
}

static enum hrtimer_restart tyr_model_reset_done(struct hrtimer *timer)
{
	struct tyr_model *model =
		container_of(timer, struct tyr_model, reset_timer);
	unsigned long flags;

	spin_lock_irqsave(&model->lock, flags);
	tyr_model_reset_finish(model);
	spin_unlock_irqrestore(&model->lock, flags);

	return HRTIMER_NORESTART;
}

/* The cache flushes in progress complete. Lock held. */
static void tyr_model_flush_finish(struct tyr_model *model)
{
	if (!model->flushes_pending)
		return;

	model->flushes_pending = 0;
	tyr_model_set_latest_flush(model, model->latest_flush + 1);
	tyr_model_line_set(model, TYR_IRQ_GPU, TYR_GPU_IRQ_CLEAN_CACHES_DONE);
}

static enum hrtimer_restart tyr_model_flush_done(struct hrtimer *timer)
{
	struct tyr_model *model =
		container_of(timer, struct tyr_model, flush_timer);
	unsigned long flags;

	spin_lock_irqsave(&model->lock, flags);
	tyr_model_flush_finish(model);
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
		model->reset_due = ktime_add_us(ktime_get(),
						model->cfg.reset_delay_us);
		tyr_model_start_timer(&model->reset_timer,
				      model->cfg.reset_delay_us);
		break;

	case TYR_GPU_CMD_OP_FLUSH_CACHES:
		model->stats.flushes++;
		model->flushes_pending++;
		model->flush_due = ktime_add_us(ktime_get(),
						model->cfg.flush_delay_us);
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
	if (model->cfg.as_hangs) {
		as->due = KTIME_MAX;
		return;
	}
	as->due = ktime_add_us(ktime_get(), model->cfg.as_cmd_delay_us);
	tyr_model_start_timer(&as->timer, model->cfg.as_cmd_delay_us);
}

/*
 * What is due by now has happened, whether or not the timer that signals
 * it ran yet: a register read sees the GPU as it is at that time, however
 * late the host runs the model's timers (they still raise the interrupts
 * of what nobody reads). Lock held, GPU powered.
 */
static void tyr_model_settle(struct tyr_model *model)
{
	ktime_t now = ktime_get();
	unsigned int i;

	if (model->reset_pending && ktime_compare(now, model->reset_due) >= 0)
		tyr_model_reset_finish(model);
	if (model->flushes_pending && ktime_compare(now, model->flush_due) >= 0)
		tyr_model_flush_finish(model);
	for (i = 0; i < TYR_PWR_DOMAIN_COUNT; i++) {
		if (ktime_compare(now, model->domains[i].due) >= 0)
			tyr_model_domain_finish(model, &model->domains[i]);
	}
	for (i = 0; i < TYR_MODEL_AS_COUNT; i++) {
		struct tyr_model_as *as = &model->as[i];

		if (as->busy && ktime_compare(now, as->due) >= 0)
			tyr_model_as_complete(model, as);
	}
	tyr_model_mcu_settle(model, now);
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

/* The MCU took a fault: it stops for good, and so do its groups. Lock held. */
static void tyr_model_mcu_fatal(struct tyr_model *model)
{
	model->mcu.status = TYR_MCU_STATUS_FATAL;
	model->mcu.glb_pending = false;
	model->stats.mcu_faults++;
	tyr_model_csgs_clear(model);
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
	tyr_model_csgs_clear(model);

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
	if (model->powered && !model->cfg.mcu_timers_stalled)
		tyr_model_mcu_settle(model, ktime_get());
	spin_unlock_irqrestore(&model->lock, flags);

	return HRTIMER_NORESTART;
}

static u64 tyr_model_ticks(u64 hz)
{
	return mul_u64_u32_div(ktime_get_raw_ns(), hz / 1000, NSEC_PER_SEC / 1000);
}

static u64 tyr_model_timestamp_hz(void)
{
#if IS_ENABLED(CONFIG_ARM_ARCH_TIMER)
	return arch_timer_get_cntfrq();
#else
	return TYR_MODEL_TIMESTAMP_HZ;
#endif
}

/* The timestamp counter, without TIMESTAMP_OFFSET. Lock held. */
static u64 tyr_model_timestamp(struct tyr_model *model)
{
	if (model->clock.held)
		return model->clock.timestamp;
#if IS_ENABLED(CONFIG_ARM_ARCH_TIMER)
	return arch_timer_read_counter();
#else
	return tyr_model_ticks(TYR_MODEL_TIMESTAMP_HZ);
#endif
}

/* The cycle counter. Lock held. */
static u64 tyr_model_cycles(struct tyr_model *model)
{
	if (model->clock.held)
		return model->clock.cycles;
	return tyr_model_ticks(TYR_MODEL_CYCLES_HZ);
}

/*
 * Command stream groups and command streams.
 *
 * The MCU serves a group when the host flips its bit of the global
 * doorbell_req word (and rings doorbell 0), and a stream when the host flips
 * its bit of the group's doorbell_req word. The interpreter runs from the
 * model's workqueue, a bounded number of instructions at a time under the
 * lock, so that a register write or a timer never runs instructions.
 *
 * Functions that access memory through AS 0 return a negative error when
 * the MCU faulted; their callers stop at once, and the entry points (the
 * pass over the global interface, the interpreter) make the MCU FATAL,
 * which stops every group. Instructions return TYR_MODEL_CS_DONE,
 * TYR_MODEL_CS_WAIT (blocked: the instruction runs again when the stream
 * is looked at again) or TYR_MODEL_CS_HALT (the stream took a fatal error).
 */
enum {
	TYR_MODEL_CS_DONE,
	TYR_MODEL_CS_WAIT,
	TYR_MODEL_CS_HALT,
};

static void tyr_model_put32(__le32 *buf, u32 off, u32 val)
{
	buf[off / 4] = cpu_to_le32(val);
}

static void tyr_model_put64(__le32 *buf, u32 off, u64 val)
{
	tyr_model_put32(buf, off, lower_32_bits(val));
	tyr_model_put32(buf, off + 4, upper_32_bits(val));
}

static u32 tyr_model_get32(const __le32 *buf, u32 off)
{
	return le32_to_cpu(buf[off / 4]);
}

static u64 tyr_model_get64(const __le32 *buf, u32 off)
{
	return tyr_model_get32(buf, off) |
	       (u64)tyr_model_get32(buf, off + 4) << 32;
}

/* A word of the MCU's memory. Lock held. */
static int tyr_model_mcu_rd32(struct tyr_model *model, u64 va, u32 *val)
{
	__le32 word;
	int ret;

	ret = tyr_model_mcu_access(model, va, &word, sizeof(word),
				   TYR_MODEL_READ);
	if (!ret)
		*val = le32_to_cpu(word);
	return ret;
}

static int tyr_model_mcu_wr32(struct tyr_model *model, u64 va, u32 val)
{
	__le32 word = cpu_to_le32(val);

	return tyr_model_mcu_access(model, va, &word, sizeof(word),
				    TYR_MODEL_WRITE);
}

static int tyr_model_mcu_rd64(struct tyr_model *model, u64 va, u64 *val)
{
	__le64 word;
	int ret;

	ret = tyr_model_mcu_access(model, va, &word, sizeof(word),
				   TYR_MODEL_READ);
	if (!ret)
		*val = le64_to_cpu(word);
	return ret;
}

static int tyr_model_mcu_wr64(struct tyr_model *model, u64 va, u64 val)
{
	__le64 word = cpu_to_le64(val);

	return tyr_model_mcu_access(model, va, &word, sizeof(word),
				    TYR_MODEL_WRITE);
}

/* MCU VAs of the input and output areas of group @i and stream @cs. */
static u64 tyr_model_csg_in(unsigned int i, u32 off)
{
	return TYR_FW_SHARED_VA + TYR_MODEL_FW_CSG_IN(i) + off;
}

static u64 tyr_model_csg_out(unsigned int i, u32 off)
{
	return TYR_FW_SHARED_VA + TYR_MODEL_FW_CSG_OUT(i) + off;
}

static u64 tyr_model_cs_in(const struct tyr_model_cs *cs, u32 off)
{
	return TYR_FW_SHARED_VA + TYR_MODEL_FW_CS_IN(cs->csg, cs->id) + off;
}

static u64 tyr_model_cs_out(const struct tyr_model_cs *cs, u32 off)
{
	return TYR_FW_SHARED_VA + TYR_MODEL_FW_CS_OUT(cs->csg, cs->id) + off;
}

/* A stream that is not started, with nothing of its past left. */
static void tyr_model_cs_reset(struct tyr_model_cs *cs)
{
	u8 csg = cs->csg, id = cs->id;

	memset(cs, 0, sizeof(*cs));
	cs->csg = csg;
	cs->id = id;
}

/*
 * Stop every group and stream and forget them, as a firmware that stops
 * does. Lock held.
 */
static void tyr_model_csgs_clear(struct tyr_model *model)
{
	struct tyr_model_csg *csg;
	unsigned int i, j;

	for (i = 0; i < TYR_MODEL_CSG_COUNT; i++) {
		csg = &model->csgs[i];
		csg->running = false;
		csg->resuming = false;
		csg->idle = false;
		csg->as = 0;
		csg->suspend_buf = 0;
		for (j = 0; j < TYR_MODEL_CS_PER_CSG; j++)
			tyr_model_cs_reset(&csg->cs[j]);
	}

	/* A callback that already runs finds nothing blocked. */
	hrtimer_try_to_cancel(&model->cs_poll_timer);
}

/* Make the interpreter run soon. Lock held. */
static void tyr_model_cs_kick(struct tyr_model *model)
{
	if (!model->dying)
		mod_delayed_work(model->wq, &model->cs_work, 0);
}

/*
 * Make the streams blocked in a sync wait look at memory again. Lock held.
 *
 * Return: true if there was one.
 */
static bool tyr_model_cs_wake_sync(struct tyr_model *model)
{
	struct tyr_model_cs *cs;
	bool any = false;
	unsigned int n;

	for (n = 0; n < TYR_MODEL_CS_COUNT; n++) {
		cs = &model->csgs[n / TYR_MODEL_CS_PER_CSG].cs[n % TYR_MODEL_CS_PER_CSG];
		if (cs->state == TYR_MODEL_CS_BLOCKED_SYNC ||
		    cs->state == TYR_MODEL_CS_BLOCKED_OOM) {
			cs->kick = true;
			any = true;
		}
	}

	return any;
}

/*
 * Raise the job interrupt of group @i if @changed, bits of its ack word the
 * MCU flipped, has bits of its ack_irq_mask. Lock held.
 */
static int tyr_model_csg_signal(struct tyr_model *model, unsigned int i,
				u32 changed)
{
	u32 mask;
	int ret;

	if (!changed)
		return 0;

	ret = tyr_model_mcu_rd32(model, tyr_model_csg_in(i, TYR_CSG_IN_ACK_IRQ_MASK),
				 &mask);
	if (ret)
		return ret;

	if (changed & mask)
		tyr_model_line_set(model, TYR_IRQ_JOB, TYR_JOB_IRQ_CSG(i));
	return 0;
}

/*
 * Signal group events: flip the @events bits of group @i's ack word, but
 * those the host has not acknowledged yet (ack != req). Lock held.
 */
static int tyr_model_csg_event(struct tyr_model *model, unsigned int i,
			       u32 events)
{
	u32 req, ack;
	int ret;

	ret = tyr_model_mcu_rd32(model, tyr_model_csg_in(i, TYR_CSG_IN_REQ), &req) ?:
	      tyr_model_mcu_rd32(model, tyr_model_csg_out(i, TYR_CSG_OUT_ACK), &ack);
	if (ret)
		return ret;

	events &= ~(req ^ ack);
	if (!events)
		return 0;

	ret = tyr_model_mcu_wr32(model, tyr_model_csg_out(i, TYR_CSG_OUT_ACK),
				 ack ^ events);
	if (ret)
		return ret;

	return tyr_model_csg_signal(model, i, events);
}

/*
 * If @changed, bits of the ack word of @cs the MCU flipped, has bits of its
 * ack_irq_mask: flip the stream's bit of the group's cs_irq_req (unless the
 * host has not acknowledged it yet) and raise the group's job interrupt.
 * Lock held.
 */
static int tyr_model_cs_signal(struct tyr_model *model,
			       struct tyr_model_cs *cs, u32 changed)
{
	u32 mask, irq_req, irq_ack;
	int ret;

	if (!changed)
		return 0;

	ret = tyr_model_mcu_rd32(model, tyr_model_cs_in(cs, TYR_CS_IN_ACK_IRQ_MASK),
				 &mask);
	if (ret || !(changed & mask))
		return ret;

	ret = tyr_model_mcu_rd32(model, tyr_model_csg_out(cs->csg, TYR_CSG_OUT_CS_IRQ_REQ),
				 &irq_req) ?:
	      tyr_model_mcu_rd32(model, tyr_model_csg_in(cs->csg, TYR_CSG_IN_CS_IRQ_ACK),
				 &irq_ack);
	if (ret)
		return ret;

	if (!((irq_req ^ irq_ack) & BIT(cs->id))) {
		ret = tyr_model_mcu_wr32(model,
					 tyr_model_csg_out(cs->csg, TYR_CSG_OUT_CS_IRQ_REQ),
					 irq_req ^ BIT(cs->id));
		if (ret)
			return ret;
	}

	tyr_model_line_set(model, TYR_IRQ_JOB, TYR_JOB_IRQ_CSG(cs->csg));
	return 0;
}

/* Signal stream events, as tyr_model_csg_event() does for groups. */
static int tyr_model_cs_event(struct tyr_model *model, struct tyr_model_cs *cs,
			      u32 events)
{
	u32 req, ack;
	int ret;

	ret = tyr_model_mcu_rd32(model, tyr_model_cs_in(cs, TYR_CS_IN_REQ), &req) ?:
	      tyr_model_mcu_rd32(model, tyr_model_cs_out(cs, TYR_CS_OUT_ACK), &ack);
	if (ret)
		return ret;

	events &= ~(req ^ ack);
	if (!events)
		return 0;

	ret = tyr_model_mcu_wr32(model, tyr_model_cs_out(cs, TYR_CS_OUT_ACK),
				 ack ^ events);
	if (ret)
		return ret;

	return tyr_model_cs_signal(model, cs, events);
}

/*
 * Stop @cs on a fatal error: the exception type and its information go to
 * the stream's fatal and fatal_info words, and a FATAL event is raised.
 * Lock held.
 *
 * Return: TYR_MODEL_CS_HALT, or a negative error if the MCU faulted.
 */
static int tyr_model_cs_fatal(struct tyr_model *model, struct tyr_model_cs *cs,
			      u32 exception, u64 info)
{
	int ret;

	cs->state = TYR_MODEL_CS_FATAL;
	model->stats.cs_fatals++;

	ret = tyr_model_mcu_wr32(model, tyr_model_cs_out(cs, TYR_CS_OUT_FATAL),
				 FIELD_PREP(TYR_CS_EXCEPTION_TYPE, exception)) ?:
	      tyr_model_mcu_wr64(model, tyr_model_cs_out(cs, TYR_CS_OUT_FATAL_INFO),
				 info) ?:
	      tyr_model_cs_event(model, cs, TYR_CS_FATAL);

	return ret ?: TYR_MODEL_CS_HALT;
}

/*
 * An access of @cs to GPU VA @va of its group's address space. A fault stops
 * the stream with a BUS_FAULT at @va (the walker latches and raises the
 * MMU fault), or a CONFIG_FAULT if the group's AS does not exist. Lock held.
 *
 * Return: 0, TYR_MODEL_CS_HALT on a fault, or a negative error if the MCU
 * faulted.
 */
static int tyr_model_cs_mem(struct tyr_model *model, struct tyr_model_cs *cs,
			    u64 va, void *buf, size_t len,
			    enum tyr_model_access access)
{
	unsigned int as = model->csgs[cs->csg].as;
	size_t chunk;

	if (as >= TYR_MODEL_AS_COUNT)
		return tyr_model_cs_fatal(model, cs, TYR_CS_EXC_CONFIG_FAULT, va);

	for (; len; len -= chunk, va += chunk, buf += chunk) {
		chunk = min_t(size_t, len, SZ_4K - (va & (SZ_4K - 1)));
		if (tyr_model_access_locked(model, &model->as[as], va, buf,
					    chunk, access))
			return tyr_model_cs_fatal(model, cs,
						  TYR_CS_EXC_BUS_FAULT, va);
	}

	return 0;
}

/* GPU VA of the next instruction of @cs. */
static u64 tyr_model_cs_pc(const struct tyr_model_cs *cs)
{
	if (cs->depth)
		return cs->calls[cs->depth - 1].pc;
	if (!cs->ring_size)
		return cs->ring_base;
	return cs->ring_base + (cs->extract & (cs->ring_size - 1));
}

/*
 * Tell the host how far @cs got in its ring and whether it has work: the
 * ring output's extract and active words. Lock held.
 */
static int tyr_model_cs_publish(struct tyr_model *model,
				struct tyr_model_cs *cs, bool active)
{
	__le32 out[(TYR_RING_OUT_ACTIVE + 4) / 4];

	tyr_model_put64(out, TYR_RING_OUT_EXTRACT, cs->extract);
	tyr_model_put32(out, TYR_RING_OUT_ACTIVE, active);
	return tyr_model_mcu_access(model, cs->ring_out, out, sizeof(out),
				    TYR_MODEL_WRITE);
}

/*
 * Write the status words of @cs's output area: next instruction, what it
 * is blocked on, busy scoreboard slots. Lock held.
 */
static int tyr_model_cs_write_status(struct tyr_model *model,
				     struct tyr_model_cs *cs)
{
	const u32 base = TYR_CS_OUT_STATUS_CMD_PTR;
	__le32 st[(TYR_MODEL_CS_OUT_STATUS_END - TYR_CS_OUT_STATUS_CMD_PTR) / 4] = { };
	u32 reason = TYR_MODEL_CS_BLOCKED_NONE, wait = 0;

	if (cs->state == TYR_MODEL_CS_BLOCKED_SB) {
		reason = TYR_MODEL_CS_BLOCKED_SB_WAIT;
		wait = FIELD_PREP(TYR_MODEL_CS_STATUS_WAIT_SB_MASK, cs->wait_sb) |
		       FIELD_PREP(TYR_MODEL_CS_STATUS_WAIT_SB_SRC,
				  TYR_MODEL_CS_STATUS_WAIT_SB_SRC_WAIT);
	} else if (cs->state == TYR_MODEL_CS_BLOCKED_SYNC) {
		reason = TYR_MODEL_CS_BLOCKED_SYNC_WAIT;
		wait = TYR_MODEL_CS_STATUS_WAIT_SYNC |
		       FIELD_PREP(TYR_MODEL_CS_STATUS_WAIT_SYNC_COND, cs->wait_gt) |
		       (cs->wait_64 ? TYR_MODEL_CS_STATUS_WAIT_SYNC_64B : 0);
		tyr_model_put64(st, TYR_CS_OUT_STATUS_WAIT_SYNC_PTR - base,
				cs->wait_ptr);
		tyr_model_put32(st, TYR_CS_OUT_STATUS_WAIT_SYNC_VAL - base,
				lower_32_bits(cs->wait_value));
		tyr_model_put32(st, TYR_MODEL_CS_OUT_STATUS_WAIT_SYNC_VAL_HI - base,
				upper_32_bits(cs->wait_value));
	}

	tyr_model_put64(st, TYR_CS_OUT_STATUS_CMD_PTR - base, tyr_model_cs_pc(cs));
	tyr_model_put32(st, TYR_CS_OUT_STATUS_WAIT - base, wait);
	tyr_model_put32(st, TYR_CS_OUT_STATUS_SCOREBOARDS - base, cs->sb_busy);
	tyr_model_put32(st, TYR_CS_OUT_STATUS_BLOCKED - base, reason);

	return tyr_model_mcu_access(model, tyr_model_cs_out(cs, base), st,
				    sizeof(st), TYR_MODEL_WRITE);
}

/*
 * Group @i becomes idle, or gets work: status_state IDLE follows, and
 * becoming idle raises the IDLE event. Lock held.
 */
static int tyr_model_csg_set_idle(struct tyr_model *model, unsigned int i,
				  bool idle)
{
	int ret;

	model->csgs[i].idle = idle;
	ret = tyr_model_mcu_wr32(model, tyr_model_csg_out(i, TYR_CSG_OUT_STATUS_STATE),
				 idle ? TYR_CSG_STATUS_IDLE : 0);
	if (ret || !idle)
		return ret;

	model->stats.csg_idle_events++;
	return tyr_model_csg_event(model, i, TYR_CSG_IDLE);
}

/*
 * Update whether group @i is idle: it runs, and each of its started streams
 * has an empty ring, is blocked in a sync wait or is stopped by a fatal
 * error. Becoming idle sets status_state IDLE and raises the IDLE event;
 * getting work clears status_state IDLE. Lock held.
 */
static int tyr_model_csg_update_idle(struct tyr_model *model, unsigned int i)
{
	struct tyr_model_csg *csg = &model->csgs[i];
	bool idle = csg->running;
	struct tyr_model_cs *cs;
	unsigned int j;

	for (j = 0; j < TYR_MODEL_CS_PER_CSG; j++) {
		cs = &csg->cs[j];
		switch (cs->state) {
		case TYR_MODEL_CS_RUNNING:
		case TYR_MODEL_CS_BLOCKED_SB:
		case TYR_MODEL_CS_BLOCKED_OOM:
			idle = false;
			break;
		case TYR_MODEL_CS_IDLE:
		case TYR_MODEL_CS_BLOCKED_SYNC:
			/* Not looked at since a doorbell or an update. */
			if (cs->kick)
				idle = false;
			break;
		default:
			break;
		}
	}

	if (idle == csg->idle)
		return 0;

	return tyr_model_csg_set_idle(model, i, idle);
}

static bool tyr_model_cs_regs_ok(unsigned int reg, unsigned int count)
{
	return reg + count <= TYR_MODEL_CS_REGS;
}

static u64 tyr_model_cs_get64(const struct tyr_model_cs *cs, unsigned int reg)
{
	return cs->regs[reg] | (u64)cs->regs[reg + 1] << 32;
}

static void tyr_model_cs_set64(struct tyr_model_cs *cs, unsigned int reg,
			       u64 val)
{
	cs->regs[reg] = lower_32_bits(val);
	cs->regs[reg + 1] = upper_32_bits(val);
}

/* Block @cs while a scoreboard slot of @mask is busy. */
static int tyr_model_cs_sb_wait(struct tyr_model_cs *cs, u32 mask)
{
	if (!(mask & cs->sb_busy))
		return TYR_MODEL_CS_DONE;

	cs->state = TYR_MODEL_CS_BLOCKED_SB;
	cs->wait_sb = mask;
	return TYR_MODEL_CS_WAIT;
}

/*
 * LOAD_MULTIPLE and STORE_MULTIPLE: register base + n to or from the word
 * at address + offset + 4 * n, for each bit n of the mask.
 */
static int tyr_model_cs_ldst(struct tyr_model *model, struct tyr_model_cs *cs,
			     u64 instr, u64 va, bool store)
{
	unsigned long mask = FIELD_GET(TYR_MODEL_CI_MASK, instr);
	u32 base = FIELD_GET(TYR_MODEL_CI_DST, instr);
	u32 areg = FIELD_GET(TYR_MODEL_CI_SRC, instr);
	s16 off = FIELD_GET(TYR_MODEL_CI_OFFSET, instr);
	unsigned int n;
	__le32 word;
	u64 addr;
	int ret;

	if (!tyr_model_cs_regs_ok(areg, 2) ||
	    (mask && !tyr_model_cs_regs_ok(base, fls(mask))))
		return tyr_model_cs_fatal(model, cs,
					  TYR_CS_EXC_INSTR_INVALID_ENC, va);

	addr = tyr_model_cs_get64(cs, areg) + off;
	for_each_set_bit(n, &mask, 16) {
		if (store) {
			word = cpu_to_le32(cs->regs[base + n]);
			ret = tyr_model_cs_mem(model, cs, addr + 4 * n, &word,
					       sizeof(word), TYR_MODEL_WRITE);
		} else {
			ret = tyr_model_cs_mem(model, cs, addr + 4 * n, &word,
					       sizeof(word), TYR_MODEL_READ);
			if (!ret)
				cs->regs[base + n] = le32_to_cpu(word);
		}
		if (ret)
			return ret;
	}

	return TYR_MODEL_CS_DONE;
}

/*
 * BRANCH, taken if the signed value register compares with zero as the
 * condition says, by the offset in instructions from the next instruction.
 * The target must stay in the called buffer (at its end at most), or in
 * the ring before the insert counter. Called with @cs past the branch.
 */
static int tyr_model_cs_branch(struct tyr_model *model, struct tyr_model_cs *cs,
			       u64 instr, u64 va, u64 insert)
{
	s64 off = (s64)(s16)FIELD_GET(TYR_MODEL_CI_OFFSET, instr) *
		  TYR_CS_INSTR_SIZE;
	u32 reg = FIELD_GET(TYR_MODEL_CI_SRC, instr);
	struct tyr_model_cs_frame *frame;
	bool taken;
	u64 target;
	s32 val;

	if (!tyr_model_cs_regs_ok(reg, 1))
		return tyr_model_cs_fatal(model, cs,
					  TYR_CS_EXC_INSTR_INVALID_ENC, va);

	val = cs->regs[reg];
	switch (FIELD_GET(TYR_MODEL_CI_BRANCH_COND, instr)) {
	case TYR_MODEL_COND_LE:
		taken = val <= 0;
		break;
	case TYR_MODEL_COND_GT:
		taken = val > 0;
		break;
	case TYR_MODEL_COND_EQ:
		taken = val == 0;
		break;
	case TYR_MODEL_COND_NE:
		taken = val != 0;
		break;
	case TYR_MODEL_COND_LT:
		taken = val < 0;
		break;
	case TYR_MODEL_COND_GE:
		taken = val >= 0;
		break;
	case TYR_MODEL_COND_ALWAYS:
		taken = true;
		break;
	default:
		return tyr_model_cs_fatal(model, cs,
					  TYR_CS_EXC_INSTR_INVALID_ENC, va);
	}

	if (!taken)
		return TYR_MODEL_CS_DONE;

	if (cs->depth) {
		frame = &cs->calls[cs->depth - 1];
		target = frame->pc + off;
		if (target > frame->end || frame->end - target > U32_MAX)
			return tyr_model_cs_fatal(model, cs,
						  TYR_CS_EXC_INSTR_INVALID_PC,
						  target);
		frame->pc = target;
	} else {
		target = cs->extract + off;
		if (target > insert)
			return tyr_model_cs_fatal(model, cs,
						  TYR_CS_EXC_INSTR_INVALID_PC,
						  cs->ring_base +
						  (target & (cs->ring_size - 1)));
		cs->extract = target;
	}

	return TYR_MODEL_CS_DONE;
}

/*
 * CALL and JUMP: run the length register's bytes (rounded down to whole
 * instructions; none: nothing happens) at the address register pair. A CALL
 * returns to the next instruction when the buffer is consumed; a JUMP
 * replaces the called buffer it is in, and acts as a CALL in the ring
 * itself, which it cannot replace.
 */
static int tyr_model_cs_call(struct tyr_model *model, struct tyr_model_cs *cs,
			     u64 instr, u64 va, bool jump)
{
	u32 areg = FIELD_GET(TYR_MODEL_CI_SRC, instr);
	u32 lreg = FIELD_GET(TYR_MODEL_CI_SRC2, instr);
	struct tyr_model_cs_frame *frame;
	u64 addr;
	u32 len;

	if (!tyr_model_cs_regs_ok(areg, 2) || !tyr_model_cs_regs_ok(lreg, 1))
		return tyr_model_cs_fatal(model, cs,
					  TYR_CS_EXC_INSTR_INVALID_ENC, va);

	addr = tyr_model_cs_get64(cs, areg);
	len = round_down(cs->regs[lreg], TYR_CS_INSTR_SIZE);
	if (!len)
		return TYR_MODEL_CS_DONE;
	if (!IS_ALIGNED(addr, TYR_CS_INSTR_SIZE))
		return tyr_model_cs_fatal(model, cs,
					  TYR_CS_EXC_INSTR_INVALID_PC, addr);

	if (jump && cs->depth) {
		frame = &cs->calls[cs->depth - 1];
	} else {
		if (cs->depth == TYR_MODEL_CS_CALL_DEPTH)
			return tyr_model_cs_fatal(model, cs,
						  TYR_CS_EXC_UNRECOVERABLE, va);
		frame = &cs->calls[cs->depth++];
	}

	frame->pc = addr;
	frame->end = addr + len;
	return TYR_MODEL_CS_DONE;
}

/*
 * RUN_*: no shader runs, the work is done at once; unless RUN_* hang, in
 * which case the slot RUN_* signal (SET_SB_ENTRY's endpoint slot) stays
 * busy, and the next RUN_* of the stream waits for it forever.
 */
static int tyr_model_cs_run_work(struct tyr_model *model,
				 struct tyr_model_cs *cs)
{
	if (cs->run_busy) {
		cs->state = TYR_MODEL_CS_BLOCKED_SB;
		cs->wait_sb = BIT(cs->sb_endpoint);
		return TYR_MODEL_CS_WAIT;
	}

	if (model->cfg.cs_run_hangs) {
		cs->run_busy = true;
		cs->sb_busy |= BIT(cs->sb_endpoint);
	}

	return TYR_MODEL_CS_DONE;
}

/*
 * Add one to the render-pass counter at @off of the heap context of @cs.
 * Lock held.
 *
 * Return: 0, TYR_MODEL_CS_HALT on a fault, or a negative error.
 */
static int tyr_model_heap_count(struct tyr_model *model,
				struct tyr_model_cs *cs, u32 off)
{
	__le32 word;
	int ret;

	ret = tyr_model_cs_mem(model, cs, cs->heap + off, &word, sizeof(word),
			       TYR_MODEL_READ);
	if (ret)
		return ret;
	word = cpu_to_le32(le32_to_cpu(word) + 1);
	return tyr_model_cs_mem(model, cs, cs->heap + off, &word, sizeof(word),
				TYR_MODEL_WRITE);
}

/*
 * HEAP_OPERATION @op (or FINISH_FRAGMENT, with @op the increment or -1),
 * after the scoreboard slots in @wait. Without a heap, only the wait.
 * Lock held.
 */
static int tyr_model_cs_heap_op(struct tyr_model *model,
				struct tyr_model_cs *cs, u32 wait, int op)
{
	static const u32 counter[] = {
		[TYR_MODEL_HEAP_OP_VT_START] = TYR_MODEL_HEAP_VT_START,
		[TYR_MODEL_HEAP_OP_VT_END] = TYR_MODEL_HEAP_VT_END,
		[TYR_MODEL_HEAP_OP_FRAG_END] = TYR_MODEL_HEAP_FRAG_END,
	};
	int ret;

	ret = tyr_model_cs_sb_wait(cs, wait);
	if (ret != TYR_MODEL_CS_DONE || op < 0 || !cs->heap)
		return ret;

	ret = tyr_model_heap_count(model, cs, counter[op]);
	return ret ?: TYR_MODEL_CS_DONE;
}

/*
 * The heap of @cs is out of memory: tell the host which heap, and its
 * render-pass counters, and raise TILER_OOM. Lock held.
 */
static int tyr_model_cs_oom_raise(struct tyr_model *model,
				  struct tyr_model_cs *cs)
{
	__le32 ctx[TYR_MODEL_HEAP_CTX_SIZE / 4];
	int ret;

	ret = tyr_model_cs_mem(model, cs, cs->heap, ctx, sizeof(ctx),
			       TYR_MODEL_READ);
	if (ret)
		return ret;

	ret = tyr_model_mcu_wr32(model, tyr_model_cs_out(cs, TYR_CS_OUT_HEAP_VT_START),
				 tyr_model_get32(ctx, TYR_MODEL_HEAP_VT_START)) ?:
	      tyr_model_mcu_wr32(model, tyr_model_cs_out(cs, TYR_CS_OUT_HEAP_VT_END),
				 tyr_model_get32(ctx, TYR_MODEL_HEAP_VT_END)) ?:
	      tyr_model_mcu_wr32(model, tyr_model_cs_out(cs, TYR_CS_OUT_HEAP_FRAG_END),
				 tyr_model_get32(ctx, TYR_MODEL_HEAP_FRAG_END)) ?:
	      tyr_model_mcu_wr64(model, tyr_model_cs_out(cs, TYR_CS_OUT_HEAP_ADDRESS),
				 cs->heap) ?:
	      tyr_model_cs_event(model, cs, TYR_CS_TILER_OOM);
	if (ret)
		return ret;

	model->stats.tiler_ooms++;
	cs->oom = TYR_MODEL_OOM_ASKED;
	/* A fragment pass that ends from now on may free memory. */
	cs->oom_frag_end = tyr_model_get32(ctx, TYR_MODEL_HEAP_FRAG_END);
	return 0;
}

/*
 * The host may have answered the TILER_OOM of @cs: link the chunk it gave,
 * or wait for a fragment pass, or give up. Lock held.
 */
static int tyr_model_cs_oom_answer(struct tyr_model *model,
				   struct tyr_model_cs *cs)
{
	__le32 ctx[TYR_MODEL_HEAP_CTX_SIZE / 4];
	u32 req, ack;
	u64 chunk;
	__le64 hdr;
	int ret;

	ret = tyr_model_mcu_rd32(model, tyr_model_cs_in(cs, TYR_CS_IN_REQ), &req) ?:
	      tyr_model_mcu_rd32(model, tyr_model_cs_out(cs, TYR_CS_OUT_ACK), &ack);
	if (ret || ((req ^ ack) & TYR_CS_TILER_OOM))
		return ret;

	ret = tyr_model_mcu_rd64(model, tyr_model_cs_in(cs, TYR_CS_IN_HEAP_START),
				 &chunk);
	if (ret)
		return ret;

	if (chunk) {
		/* The chunk's header must be there: it links the others. */
		ret = tyr_model_cs_mem(model, cs, chunk & ~0xfffull, &hdr,
				       sizeof(hdr), TYR_MODEL_READ);
		if (ret)
			return ret;
		if (!(chunk & 0xfff))
			return tyr_model_cs_fatal(model, cs,
						  TYR_CS_EXC_OUT_OF_MEMORY, chunk);
		hdr = cpu_to_le64(chunk);
		ret = tyr_model_cs_mem(model, cs, cs->heap + TYR_MODEL_HEAP_CHUNK,
				       &hdr, sizeof(hdr), TYR_MODEL_WRITE);
		if (ret)
			return ret;
		model->stats.heap_chunks++;
		cs->oom = TYR_MODEL_OOM_NONE;
		return 0;
	}

	ret = tyr_model_cs_mem(model, cs, cs->heap, ctx, sizeof(ctx),
			       TYR_MODEL_READ);
	if (ret)
		return ret;
	/*
	 * Passes that tiled wait for their fragment pass: memory will free.
	 * The stream asks again once a fragment pass ended after it asked,
	 * at once if one ended before the host answered.
	 */
	if (tyr_model_get32(ctx, TYR_MODEL_HEAP_VT_END) !=
	    tyr_model_get32(ctx, TYR_MODEL_HEAP_FRAG_END)) {
		cs->oom = TYR_MODEL_OOM_WAIT_FRAG;
		return 0;
	}

	return tyr_model_cs_fatal(model, cs, TYR_CS_EXC_OUT_OF_MEMORY, cs->heap);
}

/* Ask again once a fragment pass of the heap finished. Lock held. */
static int tyr_model_cs_oom_retry(struct tyr_model *model,
				  struct tyr_model_cs *cs)
{
	__le32 word;
	int ret;

	ret = tyr_model_cs_mem(model, cs, cs->heap + TYR_MODEL_HEAP_FRAG_END,
			       &word, sizeof(word), TYR_MODEL_READ);
	if (ret || le32_to_cpu(word) == cs->oom_frag_end)
		return ret;

	return tyr_model_cs_oom_raise(model, cs);
}

/*
 * RUN_TILING and RUN_IDVS: every cfg.tiler_oom_every-th run with a heap is
 * out of memory, and completes only when the host gave a chunk. Lock held.
 */
static int tyr_model_cs_run_tiler(struct tyr_model *model,
				  struct tyr_model_cs *cs)
{
	u32 every = model->cfg.tiler_oom_every;
	int ret = 0;

	if (cs->run_busy)
		return tyr_model_cs_run_work(model, cs);

	switch (cs->oom) {
	case TYR_MODEL_OOM_NONE:
		if (cs->heap && every && !(++model->tiler_runs % every))
			ret = tyr_model_cs_oom_raise(model, cs);
		break;
	case TYR_MODEL_OOM_ASKED:
		ret = tyr_model_cs_oom_answer(model, cs);
		break;
	case TYR_MODEL_OOM_WAIT_FRAG:
		ret = tyr_model_cs_oom_retry(model, cs);
		break;
	}
	if (ret)
		return ret;

	if (cs->oom != TYR_MODEL_OOM_NONE) {
		cs->state = TYR_MODEL_CS_BLOCKED_OOM;
		return TYR_MODEL_CS_WAIT;
	}

	return tyr_model_cs_run_work(model, cs);
}

/*
 * A sync object changed: every stream blocked in a sync wait looks at
 * memory again, and group @i signals SYNC_UPDATE. Lock held.
 */
static int tyr_model_cs_sync_update(struct tyr_model *model, unsigned int i)
{
	model->stats.sync_updates++;
	tyr_model_cs_wake_sync(model);
	return tyr_model_csg_event(model, i, TYR_CSG_SYNC_UPDATE);
}

/*
 * SYNC_ADD32/64 and SYNC_SET32/64: add the data register (pair) to, or set
 * it as, the value at the address register pair; with the error propagate
 * bit, the stream's error state (0 without an error) goes to the status
 * word that follows the value.
 */
static int tyr_model_cs_sync_op(struct tyr_model *model,
				struct tyr_model_cs *cs, u64 instr, u64 va,
				bool add, bool is64)
{
	u32 areg = FIELD_GET(TYR_MODEL_CI_SRC, instr);
	u32 dreg = FIELD_GET(TYR_MODEL_CI_SRC2, instr);
	u32 size = is64 ? sizeof(u64) : sizeof(u32);
	__le32 word[2] = { };
	u64 addr, val;
	int ret;

	/* Scope: the system (0) or the group (2); 1 and 3 are invalid. */
	if (!tyr_model_cs_regs_ok(areg, 2) ||
	    !tyr_model_cs_regs_ok(dreg, is64 ? 2 : 1) ||
	    (FIELD_GET(TYR_MODEL_CI_SYNC_SCOPE, instr) & 1))
		return tyr_model_cs_fatal(model, cs,
					  TYR_CS_EXC_INSTR_INVALID_ENC, va);

	ret = tyr_model_cs_sb_wait(cs, FIELD_GET(TYR_MODEL_CI_MASK, instr));
	if (ret)
		return ret;

	addr = tyr_model_cs_get64(cs, areg);
	val = is64 ? tyr_model_cs_get64(cs, dreg) : cs->regs[dreg];
	if (add) {
		ret = tyr_model_cs_mem(model, cs, addr, word, size,
				       TYR_MODEL_READ);
		if (ret)
			return ret;
		val += tyr_model_get64(word, 0);
	}

	tyr_model_put64(word, 0, val);
	ret = tyr_model_cs_mem(model, cs, addr, word, size, TYR_MODEL_WRITE);
	if (ret)
		return ret;

	if (instr & TYR_MODEL_CI_SYNC_ERROR) {
		word[0] = cpu_to_le32(cs->error);
		ret = tyr_model_cs_mem(model, cs, addr + size, word,
				       sizeof(word[0]), TYR_MODEL_WRITE);
		if (ret)
			return ret;
	}

	return tyr_model_cs_sync_update(model, cs->csg) ?: TYR_MODEL_CS_DONE;
}

/*
 * SYNC_WAIT32/64: block until the value at the address register pair is
 * greater than the data register (pair) (GT), or until it is lower than or
 * equal to it (LE). With the error reject bit, a non-zero status word of a
 * satisfied wait becomes the stream's error state.
 */
static int tyr_model_cs_sync_wait(struct tyr_model *model,
				  struct tyr_model_cs *cs, u64 instr, u64 va,
				  bool is64)
{
	u32 cond = FIELD_GET(TYR_MODEL_CI_SYNC_COND, instr);
	u32 areg = FIELD_GET(TYR_MODEL_CI_SRC, instr);
	u32 dreg = FIELD_GET(TYR_MODEL_CI_SRC2, instr);
	u32 size = is64 ? sizeof(u64) : sizeof(u32);
	__le32 word[3] = { };
	u64 addr, ref, val;
	bool done;
	int ret;

	if (!tyr_model_cs_regs_ok(areg, 2) ||
	    !tyr_model_cs_regs_ok(dreg, is64 ? 2 : 1) ||
	    (cond != TYR_MODEL_COND_LE && cond != TYR_MODEL_COND_GT))
		return tyr_model_cs_fatal(model, cs,
					  TYR_CS_EXC_INSTR_INVALID_ENC, va);

	addr = tyr_model_cs_get64(cs, areg);
	ref = is64 ? tyr_model_cs_get64(cs, dreg) : cs->regs[dreg];
	ret = tyr_model_cs_mem(model, cs, addr, word, size + sizeof(u32),
			       TYR_MODEL_READ);
	if (ret)
		return ret;

	val = is64 ? tyr_model_get64(word, 0) : tyr_model_get32(word, 0);
	done = cond == TYR_MODEL_COND_GT ? val > ref : val <= ref;
	if (!done) {
		cs->state = TYR_MODEL_CS_BLOCKED_SYNC;
		cs->wait_ptr = addr;
		cs->wait_value = ref;
		cs->wait_gt = cond == TYR_MODEL_COND_GT;
		cs->wait_64 = is64;
		return TYR_MODEL_CS_WAIT;
	}

	if ((instr & TYR_MODEL_CI_SYNC_ERROR) && tyr_model_get32(word, size))
		cs->error = tyr_model_get32(word, size);

	return TYR_MODEL_CS_DONE;
}

/*
 * STORE_STATE: the timestamp, the cycle count, the disjoint count or the
 * stream's error state, 64 bits each, to memory.
 */
static int tyr_model_cs_store_state(struct tyr_model *model,
				    struct tyr_model_cs *cs, u64 instr, u64 va)
{
	u32 areg = FIELD_GET(TYR_MODEL_CI_SRC, instr);
	s16 off = FIELD_GET(TYR_MODEL_CI_OFFSET, instr);
	__le64 word;
	u64 val;
	int ret;

	if (!tyr_model_cs_regs_ok(areg, 2))
		return tyr_model_cs_fatal(model, cs,
					  TYR_CS_EXC_INSTR_INVALID_ENC, va);

	switch (FIELD_GET(TYR_MODEL_CI_STATE, instr)) {
	case TYR_MODEL_STATE_TIMESTAMP:
		val = tyr_model_timestamp(model) + model->timestamp_offset;
		break;
	case TYR_MODEL_STATE_CYCLES:
		val = tyr_model_cycles(model);
		break;
	case TYR_MODEL_STATE_DISJOINT:
		val = model->disjoint;
		break;
	default:
		/* TYR_MODEL_STATE_ERROR, the last of the field's values. */
		val = cs->error;
		break;
	}

	ret = tyr_model_cs_sb_wait(cs, FIELD_GET(TYR_MODEL_CI_MASK, instr));
	if (ret)
		return ret;

	word = cpu_to_le64(val);
	ret = tyr_model_cs_mem(model, cs, tyr_model_cs_get64(cs, areg) + off,
			       &word, sizeof(word), TYR_MODEL_WRITE);
	return ret ?: TYR_MODEL_CS_DONE;
}

/*
 * Bits that are in none of an instruction's fields, for the instructions
 * whose every field is known: the model takes them as an invalid encoding,
 * so that an encoding mistake faults (the hardware's behaviour with them is
 * not documented).
 */
static const u64 tyr_model_cs_reserved[TYR_MODEL_CS_OPCODES] = {
	[TYR_CS_OP_MOVE32] = GENMASK_ULL(47, 32),
	[TYR_CS_OP_WAIT] = GENMASK_ULL(55, 33) | GENMASK_ULL(31, 24) |
			   GENMASK_ULL(15, 0),
	[TYR_CS_OP_CALL] = GENMASK_ULL(55, 48) | GENMASK_ULL(31, 0),
	[TYR_CS_OP_JUMP] = GENMASK_ULL(55, 48) | GENMASK_ULL(31, 0),
	[TYR_CS_OP_FLUSH_CACHE2] = GENMASK_ULL(55, 52) | GENMASK_ULL(39, 32) |
				   GENMASK_ULL(15, 10) | BIT_ULL(8),
	[TYR_CS_OP_SYNC_ADD32] = GENMASK_ULL(55, 52) | GENMASK_ULL(15, 3),
	[TYR_CS_OP_SYNC_SET32] = GENMASK_ULL(55, 52) | GENMASK_ULL(15, 3),
	[TYR_CS_OP_SYNC_ADD64] = GENMASK_ULL(55, 52) | GENMASK_ULL(15, 3),
	[TYR_CS_OP_SYNC_SET64] = GENMASK_ULL(55, 52) | GENMASK_ULL(15, 3),
	[TYR_CS_OP_SYNC_WAIT32] = GENMASK_ULL(55, 48) | GENMASK_ULL(27, 1),
	[TYR_CS_OP_SYNC_WAIT64] = GENMASK_ULL(55, 48) | GENMASK_ULL(27, 1),
	[TYR_CS_OP_STORE_STATE] = GENMASK_ULL(55, 52) | GENMASK_ULL(39, 34),
	[TYR_CS_OP_ERROR_BARRIER] = GENMASK_ULL(55, 0),
};

/*
 * Execute @instr, fetched at GPU VA @va, with @cs already past it; @insert
 * is the ring's insert counter. Lock held.
 */
static int tyr_model_cs_exec(struct tyr_model *model, struct tyr_model_cs *cs,
			     u64 instr, u64 va, u64 insert)
{
	u32 dst = FIELD_GET(TYR_MODEL_CI_DST, instr);
	u32 src = FIELD_GET(TYR_MODEL_CI_SRC, instr);
	u32 src2 = FIELD_GET(TYR_MODEL_CI_SRC2, instr);
	u32 imm = FIELD_GET(TYR_MODEL_CI_IMM32, instr);
	u32 wait = FIELD_GET(TYR_MODEL_CI_MASK, instr);
	u32 op = FIELD_GET(TYR_MODEL_CI_OPCODE, instr);

	if (instr & tyr_model_cs_reserved[op])
		return tyr_model_cs_fatal(model, cs,
					  TYR_CS_EXC_INSTR_INVALID_ENC, va);

	switch (op) {
	case TYR_CS_OP_NOP:
	case TYR_CS_OP_FINISH_TILING:
	case TYR_CS_OP_PROGRESS_WAIT:
	case TYR_CS_OP_SET_EXCEPTION_HANDLER:
	case TYR_CS_OP_REQ_RESOURCE:
	case TYR_CS_OP_PROT_REGION:
	case TYR_CS_OP_PROGRESS_STORE:
	case TYR_CS_OP_PROGRESS_LOAD:
	case TYR_CS_OP_TRACE_POINT:
		return TYR_MODEL_CS_DONE;

	case TYR_CS_OP_MOVE48:
		if (!tyr_model_cs_regs_ok(dst, 2))
			break;
		tyr_model_cs_set64(cs, dst, FIELD_GET(TYR_MODEL_CI_IMM48, instr));
		return TYR_MODEL_CS_DONE;

	case TYR_CS_OP_MOVE32:
		if (!tyr_model_cs_regs_ok(dst, 1))
			break;
		cs->regs[dst] = imm;
		return TYR_MODEL_CS_DONE;

	case TYR_CS_OP_ADD_IMM32:
		if (!tyr_model_cs_regs_ok(dst, 1) || !tyr_model_cs_regs_ok(src, 1))
			break;
		cs->regs[dst] = cs->regs[src] + imm;
		return TYR_MODEL_CS_DONE;

	case TYR_CS_OP_ADD_IMM64:
		if (!tyr_model_cs_regs_ok(dst, 2) || !tyr_model_cs_regs_ok(src, 2))
			break;
		tyr_model_cs_set64(cs, dst, tyr_model_cs_get64(cs, src) +
				   (s64)(s32)imm);
		return TYR_MODEL_CS_DONE;

	case TYR_CS_OP_UMIN32:
		if (!tyr_model_cs_regs_ok(dst, 1) || !tyr_model_cs_regs_ok(src, 1) ||
		    !tyr_model_cs_regs_ok(src2, 1))
			break;
		cs->regs[dst] = min(cs->regs[src], cs->regs[src2]);
		return TYR_MODEL_CS_DONE;

	case TYR_CS_OP_LOAD_MULTIPLE:
	case TYR_CS_OP_STORE_MULTIPLE:
		return tyr_model_cs_ldst(model, cs, instr, va,
					 op == TYR_CS_OP_STORE_MULTIPLE);

	case TYR_CS_OP_BRANCH:
		return tyr_model_cs_branch(model, cs, instr, va, insert);

	case TYR_CS_OP_SET_SB_ENTRY:
		if (FIELD_GET(TYR_MODEL_CI_SB_ENDPOINT, instr) >=
		    TYR_MODEL_CS_SB_SLOTS)
			break;
		cs->sb_endpoint = FIELD_GET(TYR_MODEL_CI_SB_ENDPOINT, instr);
		return TYR_MODEL_CS_DONE;

	case TYR_CS_OP_CALL:
	case TYR_CS_OP_JUMP:
		return tyr_model_cs_call(model, cs, instr, va,
					 op == TYR_CS_OP_JUMP);

	case TYR_CS_OP_WAIT:
		return tyr_model_cs_sb_wait(cs, wait);

	case TYR_CS_OP_FINISH_FRAGMENT:
		return tyr_model_cs_heap_op(model, cs, wait,
					    (instr & TYR_MODEL_CI_FRAG_INC) ?
					    TYR_MODEL_HEAP_OP_FRAG_END : -1);

	case TYR_CS_OP_HEAP_OPERATION:
		if (FIELD_GET(TYR_MODEL_CI_STATE, instr) > TYR_MODEL_HEAP_OP_FRAG_END)
			break;
		return tyr_model_cs_heap_op(model, cs, wait,
					    FIELD_GET(TYR_MODEL_CI_STATE, instr));

	case TYR_CS_OP_RUN_TILING:
	case TYR_CS_OP_RUN_IDVS:
		return tyr_model_cs_run_tiler(model, cs);

	case TYR_CS_OP_RUN_COMPUTE:
	case TYR_CS_OP_RUN_FRAGMENT:
	case TYR_CS_OP_RUN_FULLSCREEN:
	case TYR_CS_OP_RUN_COMPUTE_INDIRECT:
		return tyr_model_cs_run_work(model, cs);

	case TYR_CS_OP_FLUSH_CACHE2:
		if (!tyr_model_cs_regs_ok(src, 1))
			break;
		return tyr_model_cs_sb_wait(cs, wait);

	case TYR_CS_OP_SYNC_ADD32:
	case TYR_CS_OP_SYNC_SET32:
	case TYR_CS_OP_SYNC_ADD64:
	case TYR_CS_OP_SYNC_SET64:
		return tyr_model_cs_sync_op(model, cs, instr, va,
					    op == TYR_CS_OP_SYNC_ADD32 ||
					    op == TYR_CS_OP_SYNC_ADD64,
					    op == TYR_CS_OP_SYNC_ADD64 ||
					    op == TYR_CS_OP_SYNC_SET64);

	case TYR_CS_OP_SYNC_WAIT32:
	case TYR_CS_OP_SYNC_WAIT64:
		return tyr_model_cs_sync_wait(model, cs, instr, va,
					      op == TYR_CS_OP_SYNC_WAIT64);

	case TYR_CS_OP_STORE_STATE:
		return tyr_model_cs_store_state(model, cs, instr, va);

	case TYR_CS_OP_ERROR_BARRIER:
		cs->error = 0;
		return TYR_MODEL_CS_DONE;

	case TYR_CS_OP_HEAP_SET:
		if (!tyr_model_cs_regs_ok(src, 2))
			break;
		cs->heap = tyr_model_cs_get64(cs, src);
		return TYR_MODEL_CS_DONE;
	}

	/* Unknown opcodes and bad operands. */
	return tyr_model_cs_fatal(model, cs, TYR_CS_EXC_INSTR_INVALID_ENC, va);
}

/*
 * Run up to @max instructions of @cs, from its ring (while extract is below
 * insert) and the buffers it calls; a blocked stream first runs the
 * instruction it is blocked in again. Then publish the ring's extract
 * counter and update the group's idle state. Lock held, group running,
 * stream started.
 *
 * Return: the instructions executed, at least 1; a negative error if the MCU
 * faulted.
 */
static int tyr_model_cs_run(struct tyr_model *model, struct tyr_model_cs *cs,
			    unsigned int max)
{
	struct tyr_model_cs_frame *frame;
	unsigned int n = 0, depth;
	u64 insert, instr, va, at;
	__le64 word;
	int ret;

	cs->kick = false;
	ret = tyr_model_mcu_rd64(model, cs->ring_in + TYR_RING_IN_INSERT,
				 &insert);
	if (ret)
		return ret;

	cs->state = TYR_MODEL_CS_RUNNING;
	while (n < max) {
		/* Return from the buffers consumed. */
		while (cs->depth &&
		       cs->calls[cs->depth - 1].pc >= cs->calls[cs->depth - 1].end)
			cs->depth--;

		if (!cs->depth && cs->extract >= insert) {
			cs->state = TYR_MODEL_CS_IDLE;
			break;
		}

		va = tyr_model_cs_pc(cs);
		ret = tyr_model_cs_mem(model, cs, va, &word, sizeof(word),
				       TYR_MODEL_READ);
		if (ret)
			break;
		instr = le64_to_cpu(word);

		/* Step over it: branches and calls start from the next one. */
		depth = cs->depth;
		frame = depth ? &cs->calls[depth - 1] : NULL;
		at = frame ? frame->pc : cs->extract;
		if (frame)
			frame->pc += TYR_CS_INSTR_SIZE;
		else
			cs->extract += TYR_CS_INSTR_SIZE;

		ret = tyr_model_cs_exec(model, cs, instr, va, insert);
		if (ret < 0)
			return ret;
		if (ret != TYR_MODEL_CS_DONE) {
			/* It stays the next instruction. */
			cs->depth = depth;
			if (frame)
				frame->pc = at;
			else
				cs->extract = at;
			break;
		}

		model->stats.cs_instructions[FIELD_GET(TYR_MODEL_CI_OPCODE, instr)]++;
		n++;
	}

	if (ret < 0)
		return ret;

	ret = tyr_model_cs_publish(model, cs, cs->state != TYR_MODEL_CS_IDLE &&
				   cs->state != TYR_MODEL_CS_FATAL);
	if (ret)
		return ret;

	/* Work done: the group was not idle, even if it is again. */
	if (n && model->csgs[cs->csg].idle) {
		ret = tyr_model_csg_set_idle(model, cs->csg, false);
		if (ret)
			return ret;
	}

	ret = tyr_model_csg_update_idle(model, cs->csg);
	if (ret)
		return ret;

	return max(n, 1u);
}

/* Whether @cs has something to do: instructions, or a look at its ring. */
static bool tyr_model_cs_ready(const struct tyr_model *model,
			       const struct tyr_model_cs *cs)
{
	if (!model->csgs[cs->csg].running)
		return false;

	switch (cs->state) {
	case TYR_MODEL_CS_RUNNING:
		return true;
	case TYR_MODEL_CS_IDLE:
	case TYR_MODEL_CS_BLOCKED_SYNC:
	case TYR_MODEL_CS_BLOCKED_SB:
	case TYR_MODEL_CS_BLOCKED_OOM:
		return cs->kick;
	default:
		return false;
	}
}

static struct tyr_model_cs *tyr_model_cs_nth(struct tyr_model *model,
					     unsigned int n)
{
	return &model->csgs[n / TYR_MODEL_CS_PER_CSG].cs[n % TYR_MODEL_CS_PER_CSG];
}

/*
 * Run up to @max instructions of the next stream with something to do,
 * round robin. Lock held.
 *
 * Return: the instructions executed, at least 1 if a stream had something
 * to do; 0 if none had.
 */
static unsigned int tyr_model_cs_step(struct tyr_model *model, unsigned int max)
{
	struct tyr_model_cs *cs;
	unsigned int k, n;
	int ret;

	if (model->dying || !model->powered ||
	    model->mcu.status != TYR_MCU_STATUS_ENABLED)
		return 0;

	for (k = 0; k < TYR_MODEL_CS_COUNT; k++) {
		n = (model->cs_next + k) % TYR_MODEL_CS_COUNT;
		cs = tyr_model_cs_nth(model, n);
		if (!tyr_model_cs_ready(model, cs))
			continue;

		model->cs_next = (n + 1) % TYR_MODEL_CS_COUNT;
		ret = tyr_model_cs_run(model, cs, max);
		if (ret < 0) {
			tyr_model_mcu_fatal(model);
			return 0;
		}
		return ret;
	}

	return 0;
}

/* Lock held. */
static bool tyr_model_cs_any_ready(struct tyr_model *model)
{
	unsigned int n;

	for (n = 0; n < TYR_MODEL_CS_COUNT; n++) {
		if (tyr_model_cs_ready(model, tyr_model_cs_nth(model, n)))
			return true;
	}

	return false;
}

/*
 * The interpreter: run streams until none has anything to do, or for
 * TYR_MODEL_CS_BUDGET instructions, then come back a tick later; a loop in
 * a stream cannot take the model over. Streams blocked in a sync wait are
 * polled meanwhile, since the CPU may write the memory they wait on.
 */
static void tyr_model_cs_work(struct work_struct *work)
{
	struct tyr_model *model = container_of(to_delayed_work(work),
					       struct tyr_model, cs_work);
	unsigned int budget = TYR_MODEL_CS_BUDGET, n;
	unsigned long flags;
	bool blocked = false;

	for (;;) {
		spin_lock_irqsave(&model->lock, flags);
		if (budget == TYR_MODEL_CS_BUDGET)
			model->stats.cs_passes++;
		n = tyr_model_cs_step(model, min(budget, TYR_MODEL_CS_BATCH));
		spin_unlock_irqrestore(&model->lock, flags);

		budget -= min(n, budget);
		if (!n || !budget)
			break;
		cond_resched();
	}

	spin_lock_irqsave(&model->lock, flags);
	if (!budget && !model->dying && tyr_model_cs_any_ready(model)) {
		model->stats.cs_budget_exhausted++;
		queue_delayed_work(model->wq, &model->cs_work, 1);
	}

	for (n = 0; n < TYR_MODEL_CS_COUNT; n++) {
		enum tyr_model_cs_state st = tyr_model_cs_nth(model, n)->state;

		if (st == TYR_MODEL_CS_BLOCKED_SYNC ||
		    st == TYR_MODEL_CS_BLOCKED_OOM)
			blocked = true;
	}
	if (blocked && !model->dying && !hrtimer_is_queued(&model->cs_poll_timer))
		tyr_model_start_timer(&model->cs_poll_timer, TYR_MODEL_CS_POLL_US);
	spin_unlock_irqrestore(&model->lock, flags);
}

static enum hrtimer_restart tyr_model_cs_poll(struct hrtimer *timer)
{
	struct tyr_model *model =
		container_of(timer, struct tyr_model, cs_poll_timer);
	unsigned long flags;

	spin_lock_irqsave(&model->lock, flags);
	if (tyr_model_cs_wake_sync(model))
		tyr_model_cs_kick(model);
	spin_unlock_irqrestore(&model->lock, flags);

	return HRTIMER_NORESTART;
}

/*
 * Doorbell @n (not the global one) rang: the started streams it belongs to
 * look at their ring again. Lock held, MCU enabled.
 */
static void tyr_model_cs_doorbell(struct tyr_model *model, unsigned int n)
{
	unsigned long busy = 0;
	struct tyr_model_cs *cs;
	bool any = false;
	unsigned int k;
	u64 insert;

	for (k = 0; k < TYR_MODEL_CS_COUNT; k++) {
		cs = tyr_model_cs_nth(model, k);
		if (!model->csgs[cs->csg].running ||
		    cs->state == TYR_MODEL_CS_STOPPED ||
		    cs->state == TYR_MODEL_CS_FATAL ||
		    FIELD_GET(TYR_CS_CONFIG_DOORBELL, cs->config) != n)
			continue;
		cs->kick = true;
		any = true;

		/*
		 * An idle stream given instructions is busy from the doorbell
		 * on, as with an MCU that serves doorbells at once: the host
		 * never reads its group IDLE with work in a ring.
		 */
		if (cs->state != TYR_MODEL_CS_IDLE || cs->depth ||
		    !model->csgs[cs->csg].idle)
			continue;
		if (tyr_model_mcu_rd64(model, cs->ring_in + TYR_RING_IN_INSERT,
				       &insert)) {
			tyr_model_mcu_fatal(model);
			return;
		}
		if (insert > cs->extract)
			busy |= BIT(cs->csg);
	}

	for_each_set_bit(k, &busy, TYR_MODEL_CSG_COUNT) {
		if (tyr_model_csg_set_idle(model, k, false)) {
			tyr_model_mcu_fatal(model);
			return;
		}
	}

	if (any)
		tyr_model_cs_kick(model);
}

/*
 * Save @cs in its group's suspend buffer (see TYR_MODEL_SAVE_*); a stream
 * not started is saved as not valid. Lock held.
 */
static int tyr_model_cs_save(struct tyr_model *model, struct tyr_model_cs *cs)
{
	u64 va = model->csgs[cs->csg].suspend_buf +
		 cs->id * TYR_MODEL_SAVE_STRIDE;
	__le32 *buf = model->cs_save;
	u32 flags = 0;
	unsigned int k;

	memset(buf, 0, TYR_MODEL_SAVE_SIZE);
	if (cs->state != TYR_MODEL_CS_STOPPED) {
		flags = TYR_MODEL_SAVE_VALID |
			(cs->state == TYR_MODEL_CS_FATAL ? TYR_MODEL_SAVE_FATAL : 0) |
			(cs->run_busy ? TYR_MODEL_SAVE_RUN_BUSY : 0) |
			FIELD_PREP(TYR_MODEL_SAVE_DEPTH, cs->depth) |
			FIELD_PREP(TYR_MODEL_SAVE_SB_ENDPOINT, cs->sb_endpoint) |
			FIELD_PREP(TYR_MODEL_SAVE_SB_BUSY, cs->sb_busy);

		for (k = 0; k < TYR_MODEL_CS_REGS; k++)
			tyr_model_put32(buf, TYR_MODEL_SAVE_REGS + 4 * k,
					cs->regs[k]);
		for (k = 0; k < cs->depth; k++) {
			tyr_model_put64(buf, TYR_MODEL_SAVE_CALL_PC + 8 * k,
					cs->calls[k].pc);
			tyr_model_put32(buf, TYR_MODEL_SAVE_CALL_LEFT + 4 * k,
					cs->calls[k].end - cs->calls[k].pc);
		}
		tyr_model_put64(buf, TYR_MODEL_SAVE_EXTRACT, cs->extract);
		tyr_model_put64(buf, TYR_MODEL_SAVE_HEAP, cs->heap);
		tyr_model_put32(buf, TYR_MODEL_SAVE_ERROR, cs->error);
	}
	tyr_model_put32(buf, TYR_MODEL_SAVE_FLAGS, flags);
	tyr_model_put32(buf, TYR_MODEL_SAVE_MAGIC, TYR_MODEL_SAVE_MAGIC_VALUE);

	return tyr_model_mcu_access(model, va, buf, TYR_MODEL_SAVE_SIZE,
				    TYR_MODEL_WRITE);
}

/*
 * Restore @cs from its group's suspend buffer, if that holds a valid saved
 * stream; *@restored says whether it did. Lock held.
 */
static int tyr_model_cs_restore(struct tyr_model *model,
				struct tyr_model_cs *cs, bool *restored)
{
	u64 va = model->csgs[cs->csg].suspend_buf +
		 cs->id * TYR_MODEL_SAVE_STRIDE;
	__le32 *buf = model->cs_save;
	unsigned int k, depth;
	u32 flags;
	int ret;

	*restored = false;
	ret = tyr_model_mcu_access(model, va, buf, TYR_MODEL_SAVE_SIZE,
				   TYR_MODEL_READ);
	if (ret)
		return ret;

	flags = tyr_model_get32(buf, TYR_MODEL_SAVE_FLAGS);
	depth = FIELD_GET(TYR_MODEL_SAVE_DEPTH, flags);
	if (tyr_model_get32(buf, TYR_MODEL_SAVE_MAGIC) != TYR_MODEL_SAVE_MAGIC_VALUE ||
	    !(flags & TYR_MODEL_SAVE_VALID) || depth > TYR_MODEL_CS_CALL_DEPTH ||
	    FIELD_GET(TYR_MODEL_SAVE_SB_ENDPOINT, flags) >= TYR_MODEL_CS_SB_SLOTS)
		return 0;

	for (k = 0; k < TYR_MODEL_CS_REGS; k++)
		cs->regs[k] = tyr_model_get32(buf, TYR_MODEL_SAVE_REGS + 4 * k);
	for (k = 0; k < depth; k++) {
		cs->calls[k].pc = tyr_model_get64(buf, TYR_MODEL_SAVE_CALL_PC + 8 * k);
		cs->calls[k].end = cs->calls[k].pc +
				   tyr_model_get32(buf, TYR_MODEL_SAVE_CALL_LEFT + 4 * k);
	}
	cs->depth = depth;
	cs->extract = tyr_model_get64(buf, TYR_MODEL_SAVE_EXTRACT);
	cs->heap = tyr_model_get64(buf, TYR_MODEL_SAVE_HEAP);
	cs->error = tyr_model_get32(buf, TYR_MODEL_SAVE_ERROR);
	cs->sb_endpoint = FIELD_GET(TYR_MODEL_SAVE_SB_ENDPOINT, flags);
	cs->sb_busy = FIELD_GET(TYR_MODEL_SAVE_SB_BUSY, flags);
	cs->run_busy = flags & TYR_MODEL_SAVE_RUN_BUSY;
	if (flags & TYR_MODEL_SAVE_FATAL)
		cs->state = TYR_MODEL_CS_FATAL;

	*restored = true;
	return 0;
}

/*
 * Start @cs in its running group, with the stream input area @in: take the
 * ring's setup, and either the state it had when its group was suspended
 * (when the group resumes) or a fresh one that starts at the extract
 * counter of the ring output. Lock held.
 */
static int tyr_model_cs_start(struct tyr_model *model, struct tyr_model_cs *cs,
			      const __le32 *in)
{
	bool restored = false;
	int ret;

	tyr_model_cs_reset(cs);
	cs->config = tyr_model_get32(in, TYR_CS_IN_CONFIG);
	cs->ring_base = tyr_model_get64(in, TYR_CS_IN_RINGBUF_BASE);
	cs->ring_size = tyr_model_get32(in, TYR_CS_IN_RINGBUF_SIZE);
	cs->ring_in = tyr_model_get64(in, TYR_CS_IN_RINGBUF_INPUT);
	cs->ring_out = tyr_model_get64(in, TYR_CS_IN_RINGBUF_OUTPUT);

	if (!is_power_of_2(cs->ring_size) || cs->ring_size < SZ_4K) {
		ret = tyr_model_cs_fatal(model, cs, TYR_CS_EXC_CONFIG_FAULT, 0);
		return ret < 0 ? ret : 0;
	}

	if (model->csgs[cs->csg].resuming) {
		ret = tyr_model_cs_restore(model, cs, &restored);
		if (ret)
			return ret;
	}
	if (!restored) {
		ret = tyr_model_mcu_rd64(model, cs->ring_out + TYR_RING_OUT_EXTRACT,
					 &cs->extract);
		if (ret)
			return ret;
	}

	if (cs->state != TYR_MODEL_CS_FATAL) {
		cs->state = TYR_MODEL_CS_RUNNING;
		tyr_model_cs_kick(model);
	}

	return 0;
}

/* Stop @cs, telling the host it is not active. Lock held. */
static int tyr_model_cs_stop(struct tyr_model *model, struct tyr_model_cs *cs)
{
	int ret = 0;

	if (cs->state != TYR_MODEL_CS_STOPPED && cs->ring_out)
		ret = tyr_model_cs_publish(model, cs, false);
	tyr_model_cs_reset(cs);
	return ret;
}

/*
 * Serve stream @cs: acknowledge its requests (the state is copied, the
 * other bits toggled) and start or stop it as its state says. When its
 * group starts (@group_start), a stream whose state is START starts even
 * though that was acknowledged before. Lock held.
 */
static int tyr_model_cs_serve(struct tyr_model *model, struct tyr_model_cs *cs,
			      bool group_start)
{
	__le32 in[TYR_CS_IN_SIZE / 4];
	u32 req, ack, changed;
	int ret;

	ret = tyr_model_mcu_access(model, tyr_model_cs_in(cs, 0), in, sizeof(in),
				   TYR_MODEL_READ) ?:
	      tyr_model_mcu_rd32(model, tyr_model_cs_out(cs, TYR_CS_OUT_ACK), &ack);
	if (ret)
		return ret;

	req = tyr_model_get32(in, TYR_CS_IN_REQ);
	changed = (req ^ ack) & TYR_CS_REQ_MASK;
	if (changed) {
		ret = tyr_model_mcu_wr32(model, tyr_model_cs_out(cs, TYR_CS_OUT_ACK),
					 ack ^ changed);
		if (ret)
			return ret;
	}

	if ((changed & TYR_CS_STATE) || group_start) {
		if (FIELD_GET(TYR_CS_STATE, req) == TYR_CS_STATE_START &&
		    model->csgs[cs->csg].running)
			ret = tyr_model_cs_start(model, cs, in);
		else
			ret = tyr_model_cs_stop(model, cs);
		if (ret)
			return ret;
	}

	return tyr_model_cs_signal(model, cs, changed);
}

/*
 * Start or resume group @i with the group input area @in: take its address
 * space and suspend buffer, and start its streams whose state is START.
 * Lock held.
 */
static int tyr_model_csg_start(struct tyr_model *model, unsigned int i,
			       const __le32 *in, bool resume)
{
	struct tyr_model_csg *csg = &model->csgs[i];
	unsigned int j;
	int ret;

	for (j = 0; j < TYR_MODEL_CS_PER_CSG; j++)
		tyr_model_cs_reset(&csg->cs[j]);
	csg->running = true;
	csg->idle = false;
	csg->as = FIELD_GET(TYR_CSG_CONFIG_AS, tyr_model_get32(in, TYR_CSG_IN_CONFIG));
	csg->suspend_buf = tyr_model_get64(in, TYR_CSG_IN_SUSPEND_BUF);

	ret = tyr_model_mcu_wr32(model, tyr_model_csg_out(i, TYR_CSG_OUT_STATUS_STATE),
				 0);
	if (ret)
		return ret;

	csg->resuming = resume;
	for (j = 0; j < TYR_MODEL_CS_PER_CSG && !ret; j++)
		ret = tyr_model_cs_serve(model, &csg->cs[j], true);
	csg->resuming = false;

	return ret;
}

/*
 * Stop group @i: on SUSPEND (@suspend), its streams' status and state are
 * saved first; on TERMINATE, they are forgotten. Lock held.
 */
static int tyr_model_csg_stop(struct tyr_model *model, unsigned int i,
			      bool suspend)
{
	struct tyr_model_csg *csg = &model->csgs[i];
	struct tyr_model_cs *cs;
	unsigned int j;
	int ret;

	for (j = 0; csg->running && j < TYR_MODEL_CS_PER_CSG; j++) {
		cs = &csg->cs[j];
		if (cs->state != TYR_MODEL_CS_STOPPED) {
			ret = tyr_model_cs_publish(model, cs, false);
			if (ret)
				return ret;
		}
		if (suspend) {
			ret = tyr_model_cs_write_status(model, cs) ?:
			      tyr_model_cs_save(model, cs);
			if (ret)
				return ret;
		}
	}

	for (j = 0; j < TYR_MODEL_CS_PER_CSG; j++)
		tyr_model_cs_reset(&csg->cs[j]);
	csg->running = false;
	csg->idle = false;
	return 0;
}

/* Whether a stream of @csg is in a RUN_* that hangs. */
static bool tyr_model_csg_hung(const struct tyr_model_csg *csg)
{
	unsigned int j;

	for (j = 0; j < TYR_MODEL_CS_PER_CSG; j++) {
		if (csg->cs[j].run_busy)
			return true;
	}
	return false;
}

/*
 * Serve group @i: its state request, ENDPOINT_CONFIG and STATUS_UPDATE,
 * then the streams whose doorbell_req bit was flipped. Lock held.
 */
static int tyr_model_csg_serve(struct tyr_model *model, unsigned int i)
{
	struct tyr_model_csg *csg = &model->csgs[i];
	__le32 out[TYR_CSG_OUT_SIZE / 4];
	__le32 in[TYR_CSG_IN_SIZE / 4];
	u32 req, ack, changed, state;
	unsigned long todo;
	unsigned int j;
	int ret;

	model->stats.csg_services++;
	ret = tyr_model_mcu_access(model, tyr_model_csg_in(i, 0), in, sizeof(in),
				   TYR_MODEL_READ) ?:
	      tyr_model_mcu_access(model, tyr_model_csg_out(i, 0), out,
				   sizeof(out), TYR_MODEL_READ);
	if (ret)
		return ret;

	req = tyr_model_get32(in, TYR_CSG_IN_REQ);
	ack = tyr_model_get32(out, TYR_CSG_OUT_ACK);
	changed = (req ^ ack) & TYR_CSG_REQ_MASK;

	state = FIELD_GET(TYR_CSG_STATE, req);
	if ((changed & TYR_CSG_STATE) && state != TYR_CSG_STATE_START &&
	    state != TYR_CSG_STATE_RESUME && tyr_model_csg_hung(csg)) {
		/* Work that never ends can be neither preempted nor killed. */
		changed &= ~TYR_CSG_STATE;
		model->stats.csg_stuck_requests++;
	}

	if (changed & TYR_CSG_STATE) {
		if (state == TYR_CSG_STATE_START || state == TYR_CSG_STATE_RESUME)
			ret = tyr_model_csg_start(model, i, in,
						  state == TYR_CSG_STATE_RESUME);
		else
			ret = tyr_model_csg_stop(model, i,
						 state == TYR_CSG_STATE_SUSPEND);
		if (ret)
			return ret;
		if (state < TYR_MODEL_CSG_STATES)
			model->stats.csg_states[state]++;
	}

	if (changed & TYR_CSG_STATUS_UPDATE) {
		for (j = 0; j < TYR_MODEL_CS_PER_CSG; j++) {
			ret = tyr_model_cs_write_status(model, &csg->cs[j]);
			if (ret)
				return ret;
		}
	}

	if (changed) {
		/* Starting streams may have raised events meanwhile. */
		ret = tyr_model_mcu_rd32(model, tyr_model_csg_out(i, TYR_CSG_OUT_ACK),
					 &ack) ?:
		      tyr_model_mcu_wr32(model, tyr_model_csg_out(i, TYR_CSG_OUT_ACK),
					 ack ^ changed) ?:
		      tyr_model_csg_signal(model, i, changed);
		if (ret)
			return ret;
	}

	todo = (tyr_model_get32(in, TYR_CSG_IN_DOORBELL_REQ) ^
		tyr_model_get32(out, TYR_CSG_OUT_DOORBELL_ACK)) &
	       GENMASK(TYR_MODEL_CS_PER_CSG - 1, 0);
	if (!todo)
		return 0;

	ret = tyr_model_mcu_wr32(model, tyr_model_csg_out(i, TYR_CSG_OUT_DOORBELL_ACK),
				 tyr_model_get32(out, TYR_CSG_OUT_DOORBELL_ACK) ^ todo);
	for_each_set_bit(j, &todo, TYR_MODEL_CS_PER_CSG) {
		if (ret)
			break;
		model->stats.cs_services++;
		ret = tyr_model_cs_serve(model, &csg->cs[j], false);
	}

	return ret;
}

/*
 * The groups whose bit of the global doorbell_req word (@db_req) the host
 * flipped: acknowledge and serve them. Lock held, MCU enabled.
 */
static int tyr_model_mcu_serve_csgs(struct tyr_model *model, u32 db_req)
{
	const u64 va = TYR_FW_SHARED_VA + TYR_MODEL_FW_GLB_OUT +
		       TYR_GLB_OUT_DOORBELL_ACK;
	unsigned long todo;
	unsigned int i;
	u32 db_ack;
	int ret;

	ret = tyr_model_mcu_rd32(model, va, &db_ack);
	if (ret)
		return ret;

	todo = (db_req ^ db_ack) & GENMASK(TYR_MODEL_CSG_COUNT - 1, 0);
	if (!todo)
		return 0;

	ret = tyr_model_mcu_wr32(model, va, db_ack ^ todo);
	for_each_set_bit(i, &todo, TYR_MODEL_CSG_COUNT) {
		if (ret)
			break;
		ret = tyr_model_csg_serve(model, i);
	}

	return ret;
}

/*
 * Acknowledge the global requests @served, given the global input area @in
 * and the ack word @ack. Lock held.
 */
static int tyr_model_mcu_ack_glb(struct tyr_model *model, const __le32 *in,
				 u32 served, u32 ack)
{
	const u64 ack_va = TYR_FW_SHARED_VA + TYR_MODEL_FW_GLB_OUT +
			   TYR_GLB_OUT_ACK;
	struct tyr_model_mcu *mcu = &model->mcu;
	unsigned long bits;
	unsigned int bit;
	__le32 word;

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
		return -EFAULT;
	mcu->idle_en = ack & TYR_GLB_IDLE_EN;

	/* A halted MCU forgets its groups, like a disabled one. */
	if (served & TYR_GLB_HALT) {
		mcu->status = TYR_MCU_STATUS_HALT;
		mcu->halts++;
		tyr_model_csgs_clear(model);
	}

	if (served & mcu->ack_irq_mask)
		tyr_model_line_set(model, TYR_IRQ_JOB, TYR_JOB_IRQ_GLOBAL);
	return 0;
}

/*
 * A pass of the firmware over the global interface: acknowledge what the
 * host asked for, then serve the groups whose doorbell_req bit the host
 * flipped. Lock held, powered, MCU enabled.
 */
static void tyr_model_mcu_serve_glb(struct tyr_model *model)
{
	const u64 in_va = TYR_FW_SHARED_VA + TYR_MODEL_FW_GLB_IN;
	const u64 ack_va = TYR_FW_SHARED_VA + TYR_MODEL_FW_GLB_OUT +
			   TYR_GLB_OUT_ACK;
	struct tyr_model_mcu *mcu = &model->mcu;
	__le32 in[TYR_GLB_IN_SIZE / 4];
	u32 req, ack, served;
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
	if (served && tyr_model_mcu_ack_glb(model, in, served, ack))
		goto fault;

	if (mcu->status == TYR_MCU_STATUS_ENABLED &&
	    tyr_model_mcu_serve_csgs(model,
				     le32_to_cpu(in[TYR_GLB_IN_DOORBELL_REQ / 4])))
		goto fault;
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
	if (model->powered && !model->cfg.mcu_timers_stalled)
		tyr_model_mcu_settle(model, ktime_get());
	spin_unlock_irqrestore(&model->lock, flags);

	return HRTIMER_NORESTART;
}

/*
 * The firmware is as quick as its timers say, however late the host runs
 * them: a boot or a pass over the global interface that is due by @now has
 * happened, its answers are in memory (see tyr_model_settle()). Lock held,
 * powered.
 */
static void tyr_model_mcu_settle(struct tyr_model *model, ktime_t now)
{
	struct tyr_model_mcu *mcu = &model->mcu;

	if (mcu->boot_pending && ktime_compare(now, mcu->boot_due) >= 0)
		tyr_model_mcu_boot(model);
	if (mcu->glb_pending && mcu->status == TYR_MCU_STATUS_ENABLED &&
	    ktime_compare(now, mcu->glb_due) >= 0)
		tyr_model_mcu_serve_glb(model);
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
		tyr_model_csgs_clear(model);
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
	mcu->boot_due = KTIME_MAX;
	if (model->cfg.mcu_boot_hangs)
		return;
	mcu->boot_due = ktime_add_us(ktime_get(), model->cfg.mcu_boot_delay_us);
	tyr_model_start_timer(&mcu->boot_timer, model->cfg.mcu_boot_delay_us);
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

	if (mcu->status != TYR_MCU_STATUS_ENABLED)
		return;

	/* Any doorbell makes sync waits look at memory again. */
	if (tyr_model_cs_wake_sync(model))
		tyr_model_cs_kick(model);

	if (n != TYR_DOORBELL_GLB) {
		tyr_model_cs_doorbell(model, n);
		return;
	}

	/* Rings before the pass starts are served by it. */
	if (mcu->glb_pending)
		return;

	mcu->glb_pending = true;
	mcu->glb_due = ktime_add_us(ktime_get(), model->cfg.mcu_req_delay_us);
	tyr_model_start_timer(&mcu->glb_timer, model->cfg.mcu_req_delay_us);
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
		return (tyr_model_timestamp(model) +
			model->timestamp_offset) >> word;
	case TYR_CYCLE_COUNT:
		return tyr_model_cycles(model) >> word;
	}

	switch (reg) {
	case TYR_GPU_STATUS:
		return model->flushes_pending ? TYR_GPU_STATUS_ACTIVE : 0;
	case TYR_COHERENCY_ENABLE:
		return model->coherency;
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
	case TYR_COHERENCY_ENABLE:
		/* A protocol the GPU does not have is not taken. */
		if (val == TYR_COHERENCY_NONE ||
		    (val < 32 && (TYR_MODEL_COHERENCY_FEATURES & BIT(val)))) {
			model->coherency = val;
			return;
		}
		break;
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
	if (tyr_model_check_access(model, reg, false)) {
		if (model->powered)
			tyr_model_settle(model);
		val = tyr_model_read_locked(model, reg);
	}
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
	hrtimer_cancel(&model->cs_poll_timer);
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
		if (on) {
			model->stats.power_ons++;
		} else {
			model->stats.power_offs++;
			model->disjoint++;
		}
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
 * tyr_model_clock_hold() - Freeze or release the timestamp and cycle counters
 * @model: The model.
 * @hold: Freeze them where they are (true), or let them run again.
 *
 * For the tests: while held, the counters move only by
 * tyr_model_clock_advance(), so that what the GPU measures of its work does
 * not depend on how fast the host runs. Released, they follow the host's
 * clock again (and jump to it).
 */
void tyr_model_clock_hold(struct tyr_model *model, bool hold)
{
	unsigned long flags;

	spin_lock_irqsave(&model->lock, flags);
	if (hold && !model->clock.held) {
		model->clock.timestamp = tyr_model_timestamp(model);
		model->clock.cycles = tyr_model_cycles(model);
	}
	model->clock.held = hold;
	spin_unlock_irqrestore(&model->lock, flags);
}

/**
 * tyr_model_clock_advance() - Move held counters on
 * @model: The model.
 * @us: Microseconds of GPU time.
 *
 * The timestamp counter moves by @us at its frequency, the cycle counter by
 * @us at the model's clock rate. Nothing happens unless the clock is held.
 */
void tyr_model_clock_advance(struct tyr_model *model, u32 us)
{
	unsigned long flags;

	spin_lock_irqsave(&model->lock, flags);
	if (model->clock.held) {
		model->clock.timestamp +=
			div_u64(tyr_model_timestamp_hz() * us, USEC_PER_SEC);
		model->clock.cycles +=
			div_u64(TYR_MODEL_CYCLES_HZ * us, USEC_PER_SEC);
	}
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

/**
 * tyr_model_get_csg_info() - What a command stream group is doing
 * @model: The model.
 * @csg: Group index, below %TYR_MODEL_CSG_COUNT.
 * @info: Where to copy it.
 *
 * Return: 0, or -EINVAL for a bad @csg.
 */
int tyr_model_get_csg_info(struct tyr_model *model, unsigned int csg,
			   struct tyr_model_csg_info *info)
{
	struct tyr_model_csg *g;
	unsigned long flags;

	if (csg >= TYR_MODEL_CSG_COUNT)
		return -EINVAL;

	spin_lock_irqsave(&model->lock, flags);
	g = &model->csgs[csg];
	*info = (struct tyr_model_csg_info){
		.running = g->running,
		.idle = g->idle,
		.as = g->as,
		.suspend_buf = g->suspend_buf,
	};
	spin_unlock_irqrestore(&model->lock, flags);

	return 0;
}

static const char *const tyr_model_cs_op_names[TYR_MODEL_CS_OPCODES] = {
	[TYR_CS_OP_NOP] = "NOP",
	[TYR_CS_OP_MOVE48] = "MOVE48",
	[TYR_CS_OP_MOVE32] = "MOVE32",
	[TYR_CS_OP_WAIT] = "WAIT",
	[TYR_CS_OP_RUN_COMPUTE] = "RUN_COMPUTE",
	[TYR_CS_OP_RUN_TILING] = "RUN_TILING",
	[TYR_CS_OP_RUN_IDVS] = "RUN_IDVS",
	[TYR_CS_OP_RUN_FRAGMENT] = "RUN_FRAGMENT",
	[TYR_CS_OP_RUN_FULLSCREEN] = "RUN_FULLSCREEN",
	[TYR_CS_OP_FINISH_TILING] = "FINISH_TILING",
	[TYR_CS_OP_FINISH_FRAGMENT] = "FINISH_FRAGMENT",
	[TYR_CS_OP_ADD_IMM32] = "ADD_IMM32",
	[TYR_CS_OP_ADD_IMM64] = "ADD_IMM64",
	[TYR_CS_OP_UMIN32] = "UMIN32",
	[TYR_CS_OP_LOAD_MULTIPLE] = "LOAD_MULTIPLE",
	[TYR_CS_OP_STORE_MULTIPLE] = "STORE_MULTIPLE",
	[TYR_CS_OP_BRANCH] = "BRANCH",
	[TYR_CS_OP_SET_SB_ENTRY] = "SET_SB_ENTRY",
	[TYR_CS_OP_PROGRESS_WAIT] = "PROGRESS_WAIT",
	[TYR_CS_OP_SET_EXCEPTION_HANDLER] = "SET_EXCEPTION_HANDLER",
	[TYR_CS_OP_CALL] = "CALL",
	[TYR_CS_OP_JUMP] = "JUMP",
	[TYR_CS_OP_REQ_RESOURCE] = "REQ_RESOURCE",
	[TYR_CS_OP_FLUSH_CACHE2] = "FLUSH_CACHE2",
	[TYR_CS_OP_SYNC_ADD32] = "SYNC_ADD32",
	[TYR_CS_OP_SYNC_SET32] = "SYNC_SET32",
	[TYR_CS_OP_SYNC_WAIT32] = "SYNC_WAIT32",
	[TYR_CS_OP_STORE_STATE] = "STORE_STATE",
	[TYR_CS_OP_PROT_REGION] = "PROT_REGION",
	[TYR_CS_OP_PROGRESS_STORE] = "PROGRESS_STORE",
	[TYR_CS_OP_PROGRESS_LOAD] = "PROGRESS_LOAD",
	[TYR_CS_OP_RUN_COMPUTE_INDIRECT] = "RUN_COMPUTE_INDIRECT",
	[TYR_CS_OP_ERROR_BARRIER] = "ERROR_BARRIER",
	[TYR_CS_OP_HEAP_SET] = "HEAP_SET",
	[TYR_CS_OP_HEAP_OPERATION] = "HEAP_OPERATION",
	[TYR_CS_OP_TRACE_POINT] = "TRACE_POINT",
	[TYR_CS_OP_SYNC_ADD64] = "SYNC_ADD64",
	[TYR_CS_OP_SYNC_SET64] = "SYNC_SET64",
	[TYR_CS_OP_SYNC_WAIT64] = "SYNC_WAIT64",
};

/**
 * tyr_model_cs_op_name() - Name of a command stream opcode
 * @op: The opcode, [63:56] of an instruction.
 *
 * Return: Its name, or NULL for an opcode the model does not know.
 */
const char *tyr_model_cs_op_name(u32 op)
{
	return op < ARRAY_SIZE(tyr_model_cs_op_names) ?
	       tyr_model_cs_op_names[op] : NULL;
}

/**
 * tyr_model_get_cs_info() - What a command stream is doing
 * @model: The model.
 * @csg: Group index, below %TYR_MODEL_CSG_COUNT.
 * @cs: Stream index in the group, below %TYR_MODEL_CS_PER_CSG.
 * @info: Where to copy its interpreter state.
 *
 * A stream that is not started (or whose group does not run) reads as
 * %TYR_MODEL_CS_STOPPED, with everything else zero.
 *
 * Return: 0, or -EINVAL for a bad @csg or @cs.
 */
int tyr_model_get_cs_info(struct tyr_model *model, unsigned int csg,
			  unsigned int cs, struct tyr_model_cs_info *info)
{
	struct tyr_model_cs *s;
	unsigned long flags;

	if (csg >= TYR_MODEL_CSG_COUNT || cs >= TYR_MODEL_CS_PER_CSG)
		return -EINVAL;

	spin_lock_irqsave(&model->lock, flags);
	s = &model->csgs[csg].cs[cs];
	*info = (struct tyr_model_cs_info){
		.state = s->state,
		.extract = s->extract,
		.cmd_ptr = s->state == TYR_MODEL_CS_STOPPED ? 0 : tyr_model_cs_pc(s),
		.depth = s->depth,
		.sb_busy = s->sb_busy,
		.error = s->error,
		.heap = s->heap,
	};
	spin_unlock_irqrestore(&model->lock, flags);

	return 0;
}

/**
 * tyr_model_cs_reg() - Read a work register of a command stream
 * @model: The model.
 * @csg: Group index, below %TYR_MODEL_CSG_COUNT.
 * @cs: Stream index in the group, below %TYR_MODEL_CS_PER_CSG.
 * @reg: Register, below %TYR_MODEL_CS_REGS.
 * @val: Where to store its value.
 *
 * Return: 0; -ENOENT if the stream is not started (its registers are lost
 * or saved in its group's suspend buffer); -EINVAL for a bad index.
 */
int tyr_model_cs_reg(struct tyr_model *model, unsigned int csg,
		     unsigned int cs, unsigned int reg, u32 *val)
{
	struct tyr_model_cs *s;
	unsigned long flags;
	int ret = 0;

	if (csg >= TYR_MODEL_CSG_COUNT || cs >= TYR_MODEL_CS_PER_CSG ||
	    reg >= TYR_MODEL_CS_REGS)
		return -EINVAL;

	spin_lock_irqsave(&model->lock, flags);
	s = &model->csgs[csg].cs[cs];
	if (s->state == TYR_MODEL_CS_STOPPED)
		ret = -ENOENT;
	else
		*val = s->regs[reg];
	spin_unlock_irqrestore(&model->lock, flags);

	return ret;
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

	/* Some 40 KiB, most of it command stream registers. */
	model = kvzalloc(sizeof(*model), GFP_KERNEL);
	if (!model)
		return ERR_PTR(-ENOMEM);

	model->user_page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!model->user_page) {
		kvfree(model);
		return ERR_PTR(-ENOMEM);
	}

	model->wq = alloc_workqueue("tyr-model", WQ_HIGHPRI, 0);
	if (!model->wq) {
		__free_page(model->user_page);
		kvfree(model);
		return ERR_PTR(-ENOMEM);
	}

	model->dev = dev;
	model->cfg = cfg ? *cfg : tyr_model_default_config;
	model->powered = true;
	model->coherency = TYR_COHERENCY_NONE;
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

	for (i = 0; i < TYR_MODEL_CS_COUNT; i++) {
		tyr_model_cs_nth(model, i)->csg = i / TYR_MODEL_CS_PER_CSG;
		tyr_model_cs_nth(model, i)->id = i % TYR_MODEL_CS_PER_CSG;
	}
	INIT_DELAYED_WORK(&model->cs_work, tyr_model_cs_work);
	tyr_model_init_timer(&model->cs_poll_timer, tyr_model_cs_poll);

	return model;
}

/**
 * tyr_model_destroy() - Free a model
 * @model: The model, with no handler attached any more.
 */
void tyr_model_destroy(struct tyr_model *model)
{
	unsigned long flags;
	unsigned int i;

	for (i = 0; i < TYR_IRQ_BLOCK_COUNT; i++)
		WARN_ON(tyr_model_irq_attached(model, i));

	/* Nothing queues the interpreter or arms its poll from now on. */
	spin_lock_irqsave(&model->lock, flags);
	model->dying = true;
	spin_unlock_irqrestore(&model->lock, flags);

	tyr_model_cancel_timers(model);
	cancel_delayed_work_sync(&model->cs_work);

	/* Timers may have queued deliveries: nobody is attached to take them. */
	destroy_workqueue(model->wq);
	__free_page(model->user_page);
	kvfree(model);
}
