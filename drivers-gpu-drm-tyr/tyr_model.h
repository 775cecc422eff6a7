/* SPDX-License-Identifier: GPL-2.0 or MIT */
#ifndef __TYR_MODEL_H__
#define __TYR_MODEL_H__

#if IS_ENABLED(CONFIG_DRM_TYR_MODEL)

#include <linux/interrupt.h>
#include <linux/types.h>

#include "tyr_irq.h"
#include "tyr_regs.h"

struct device;
struct tyr_model;

/* Address spaces the model implements (AS_PRESENT = 0xff). */
#define TYR_MODEL_AS_COUNT		8

/* AS commands, TYR_AS_CMD_NOP to TYR_AS_CMD_FLUSH_MEM. */
#define TYR_MODEL_AS_CMD_COUNT		(TYR_AS_CMD_FLUSH_MEM + 1)

/* Bits of the global req and ack words of the firmware interface. */
#define TYR_MODEL_GLB_REQ_BITS		32

/* Command stream groups of the firmware interface, and streams per group. */
#define TYR_MODEL_CSG_COUNT		8
#define TYR_MODEL_CS_PER_CSG		8

/* Work registers of a command stream. */
#define TYR_MODEL_CS_REGS		96

/* Command stream opcodes, [63:56] of an instruction. */
#define TYR_MODEL_CS_OPCODES		64

/* Values of the state field of the group req and ack words. */
#define TYR_MODEL_CSG_STATES		4

/**
 * enum tyr_model_access - Kind of a GPU memory access
 * @TYR_MODEL_READ: Data read.
 * @TYR_MODEL_WRITE: Data write.
 * @TYR_MODEL_EXECUTE: Instruction fetch: a read that needs execute
 *	permission.
 */
enum tyr_model_access {
	TYR_MODEL_READ,
	TYR_MODEL_WRITE,
	TYR_MODEL_EXECUTE,
};

/**
 * struct tyr_model_config - Timing and faults of a model instance
 */
struct tyr_model_config {
	/** @reset_delay_us: Time from a reset command to RESET_COMPLETED. */
	u32 reset_delay_us;

	/** @flush_delay_us: Time from a cache flush command to its completion. */
	u32 flush_delay_us;

	/**
	 * @pwr_delay_us: Duration of a power transition, per
	 * &enum tyr_pwr_domain.
	 */
	u32 pwr_delay_us[TYR_PWR_DOMAIN_COUNT];

	/** @reset_hangs: Reset commands are accepted but never complete. */
	bool reset_hangs;

	/**
	 * @stuck_domains: Domains (BIT(&enum tyr_pwr_domain)) whose power
	 * transitions start but never finish.
	 */
	u32 stuck_domains;

	/**
	 * @as_cmd_delay_us: Time from an address space command to its
	 * completion (STATUS.ACTIVE set meanwhile). Zero still completes
	 * asynchronously, as soon as the model's timer runs.
	 */
	u32 as_cmd_delay_us;

	/**
	 * @as_hangs: Address space commands set STATUS.ACTIVE and never
	 * complete.
	 */
	bool as_hangs;

	/**
	 * @mcu_boot_delay_us: Time from the MCU_CONTROL write that starts
	 * the MCU to the firmware interface being ready. Zero still boots
	 * asynchronously, as soon as the model's timer runs.
	 */
	u32 mcu_boot_delay_us;

	/**
	 * @mcu_req_delay_us: Time from a ring of the global doorbell to the
	 * MCU serving the global interface.
	 */
	u32 mcu_req_delay_us;

	/**
	 * @mcu_boot_hangs: The MCU accepts MCU_CONTROL but never boots:
	 * MCU_STATUS stays DISABLED and nothing is signalled.
	 */
	bool mcu_boot_hangs;

	/**
	 * @mcu_ping_ignored: The MCU leaves GLB PING requests unanswered
	 * (and still serves the other requests).
	 */
	bool mcu_ping_ignored;

	/**
	 * @mcu_timers_stalled: The timers that end an MCU boot and serve the
	 * global doorbell never run, as on a host too busy to run them: the
	 * boot and the passes over the interface still happen when due, as
	 * the next register read sees them, and so do their interrupts.
	 */
	bool mcu_timers_stalled;

	/**
	 * @cs_run_hangs: RUN_* instructions of command streams never
	 * complete: the scoreboard slot they signal (the endpoint slot of
	 * the last SET_SB_ENTRY, 0 before any) stays busy, so that a WAIT on
	 * it blocks forever, as does the next RUN_* of the stream. The group
	 * of such a stream never acknowledges a SUSPEND or TERMINATE request
	 * (until the MCU stops or the GPU is reset).
	 */
	bool cs_run_hangs;

	/**
	 * @tiler_oom_every: Every so many RUN_TILING and RUN_IDVS
	 * instructions of streams with a tiler heap (HEAP_SET), the tiler
	 * runs out of heap memory and the stream raises TILER_OOM; 0 for
	 * never. The instruction completes once the host gave a chunk.
	 */
	u32 tiler_oom_every;
};

/**
 * struct tyr_model_stats - What the model has seen, for tests
 */
struct tyr_model_stats {
	/** @resets: Reset commands received. */
	unsigned int resets;
	/** @flushes: Cache flush commands received. */
	unsigned int flushes;
	/** @bad_accesses: Accesses outside the register window or unaligned. */
	unsigned int bad_accesses;
	/** @ro_writes: Writes to read-only registers (ignored). */
	unsigned int ro_writes;
	/** @irqs_delivered: Handler invocations per interrupt block. */
	unsigned int irqs_delivered[TYR_IRQ_BLOCK_COUNT];
	/** @pwr_transitions: Completed power transitions per domain. */
	unsigned int pwr_transitions[TYR_PWR_DOMAIN_COUNT];
	/** @power_ons: Times the power rail was switched on. */
	unsigned int power_ons;
	/** @power_offs: Times the power rail was switched off. */
	unsigned int power_offs;
	/** @unpowered_accesses: Register accesses while the rail was off. */
	unsigned int unpowered_accesses;
	/**
	 * @as_commands: Address space commands completed, per opcode
	 * (TYR_AS_CMD_*). A NOP completes when it is written.
	 */
	unsigned int as_commands[TYR_MODEL_AS_CMD_COUNT];
	/** @as_busy_commands: AS commands written while ACTIVE (ignored). */
	unsigned int as_busy_commands;
	/**
	 * @mmu_faults: Faults that GPU memory accesses took, including those
	 * that found an earlier fault of their address space still latched.
	 */
	unsigned int mmu_faults;
	/**
	 * @locked_accesses: GPU memory accesses to a region locked with
	 * AS_COMMAND LOCK (which the hardware would stall; the model performs
	 * them).
	 */
	unsigned int locked_accesses;
	/** @doorbells: Doorbell writes, per doorbell, whatever the MCU did. */
	unsigned int doorbells[TYR_DOORBELL_COUNT];
	/** @mcu_boot_failures: MCU boots that faulted on the shared section. */
	unsigned int mcu_boot_failures;
	/**
	 * @mcu_faults: Times a fault of the MCU's memory accesses, at boot or
	 * while serving a request, made MCU_STATUS FATAL.
	 */
	unsigned int mcu_faults;
	/** @glb_services: Passes of the MCU over the global interface. */
	unsigned int glb_services;
	/**
	 * @glb_requests: Global requests the MCU acknowledged, per bit of
	 * the req word (TYR_GLB_*).
	 */
	unsigned int glb_requests[TYR_MODEL_GLB_REQ_BITS];
	/**
	 * @pings_ignored: Passes over the global interface that found a PING
	 * pending and left it so (&tyr_model_config.mcu_ping_ignored).
	 */
	unsigned int pings_ignored;
	/**
	 * @csg_states: Group state requests the MCU acknowledged, per
	 * requested state (TYR_CSG_STATE_*).
	 */
	unsigned int csg_states[TYR_MODEL_CSG_STATES];
	/**
	 * @csg_services: Groups served because their bit of the global
	 * doorbell_req word was flipped.
	 */
	unsigned int csg_services;
	/**
	 * @cs_services: Streams served because their bit of the group's
	 * doorbell_req word was flipped.
	 */
	unsigned int cs_services;
	/**
	 * @cs_instructions: Command stream instructions completed, per
	 * opcode (TYR_CS_OP_*). RUN_* instructions count here too, and an
	 * instruction that blocks counts once, when it completes.
	 */
	unsigned int cs_instructions[TYR_MODEL_CS_OPCODES];
	/**
	 * @cs_fatals: Fatal errors that stopped a stream (each raises a
	 * FATAL event, unless the stream's previous one is unacknowledged).
	 */
	unsigned int cs_fatals;
	/** @sync_updates: SYNC_ADD* and SYNC_SET* instructions executed. */
	unsigned int sync_updates;
	/** @cs_passes: Runs of the command stream interpreter. */
	unsigned int cs_passes;
	/**
	 * @cs_budget_exhausted: Runs of the interpreter that used up their
	 * instruction budget and left work for a later run.
	 */
	unsigned int cs_budget_exhausted;
	/**
	 * @csg_idle_events: Times a group became idle (each raises an IDLE
	 * event, unless the group's previous one is unacknowledged).
	 */
	unsigned int csg_idle_events;
	/**
	 * @csg_stuck_requests: SUSPEND or TERMINATE requests left
	 * unacknowledged because the group's work hangs.
	 */
	unsigned int csg_stuck_requests;
	/** @tiler_ooms: TILER_OOM events raised. */
	unsigned int tiler_ooms;
	/**
	 * @heap_chunks: Chunks the host gave in answer to a TILER_OOM, that
	 * the firmware linked into the heap.
	 */
	unsigned int heap_chunks;
};

/**
 * enum tyr_model_cs_state - What a command stream of the model is doing
 * @TYR_MODEL_CS_STOPPED: Not started, or its group does not run.
 * @TYR_MODEL_CS_IDLE: Its ring buffer is empty.
 * @TYR_MODEL_CS_RUNNING: It has instructions to execute.
 * @TYR_MODEL_CS_BLOCKED_SYNC: Blocked in a SYNC_WAIT32 or SYNC_WAIT64.
 * @TYR_MODEL_CS_BLOCKED_SB: Blocked on busy scoreboard slots (a WAIT, an
 *	instruction's wait mask, or a RUN_* behind one that hangs).
 * @TYR_MODEL_CS_FATAL: Stopped by a fatal error until the host stops the
 *	stream or terminates its group.
 * @TYR_MODEL_CS_BLOCKED_OOM: In a RUN_TILING or RUN_IDVS out of tiler heap
 *	memory: waiting for the host to answer TILER_OOM, or for a fragment
 *	pass of the heap to end.
 */
enum tyr_model_cs_state {
	TYR_MODEL_CS_STOPPED,
	TYR_MODEL_CS_IDLE,
	TYR_MODEL_CS_RUNNING,
	TYR_MODEL_CS_BLOCKED_SYNC,
	TYR_MODEL_CS_BLOCKED_SB,
	TYR_MODEL_CS_FATAL,
	TYR_MODEL_CS_BLOCKED_OOM,
};

/**
 * struct tyr_model_cs_info - The interpreter state of a command stream,
 * for tests
 */
struct tyr_model_cs_info {
	/** @state: What the stream is doing. */
	enum tyr_model_cs_state state;
	/** @extract: Its ring buffer's extract counter, in bytes. */
	u64 extract;
	/** @cmd_ptr: GPU VA of the next instruction to execute. */
	u64 cmd_ptr;
	/** @depth: Buffers called (CALL) and not returned from. */
	unsigned int depth;
	/** @sb_busy: Busy scoreboard slots. */
	u32 sb_busy;
	/** @error: Error state that SYNC_ADD and SYNC_SET propagate. */
	u32 error;
	/** @heap: Address of the last HEAP_SET. */
	u64 heap;
};

/**
 * struct tyr_model_csg_info - A command stream group, for tests
 */
struct tyr_model_csg_info {
	/** @running: Started or resumed, and not suspended or terminated. */
	bool running;
	/** @idle: Every started stream has nothing to do. */
	bool idle;
	/** @as: Address space of its streams, as of its start. */
	unsigned int as;
	/** @suspend_buf: MCU VA of its suspend buffer, as of its start. */
	u64 suspend_buf;
};

/**
 * struct tyr_model_mcu_state - What the model's MCU is doing, for tests
 *
 * The values the firmware took from the global input area are those of its
 * last pass over the global interface since it booted; zero before that.
 */
struct tyr_model_mcu_state {
	/** @control: MCU_CONTROL, TYR_MCU_CONTROL_*. */
	u32 control;
	/** @status: MCU_STATUS, TYR_MCU_STATUS_*. */
	u32 status;
	/** @booting: A boot was asked for and is not done yet. */
	bool booting;
	/** @boots: Successful boots, over the model's lifetime. */
	unsigned int boots;
	/** @halts: GLB HALT requests served, over the model's lifetime. */
	unsigned int halts;
	/** @ack_irq_mask: The global ack_irq_mask. */
	u32 ack_irq_mask;
	/** @progress_timer: progress_timer, as of the last CFG_PROGRESS_TIMER. */
	u32 progress_timer;
	/** @poweroff_timer: poweroff_timer, as of the last CFG_POWEROFF_TIMER. */
	u32 poweroff_timer;
	/** @idle_timer: The global idle_timer. */
	u32 idle_timer;
	/** @core_en_mask: The shader cores the host lets the firmware use. */
	u64 core_en_mask;
	/** @idle_en: The IDLE_EN state bit, as acknowledged. */
	bool idle_en;
};

extern const struct tyr_model_config tyr_model_default_config;

struct tyr_model *tyr_model_create(struct device *dev,
				   const struct tyr_model_config *cfg);
void tyr_model_destroy(struct tyr_model *model);

u32 tyr_model_read(struct tyr_model *model, u32 reg);
void tyr_model_write(struct tyr_model *model, u32 reg, u32 val);

int tyr_model_irq_attach(struct tyr_model *model, enum tyr_irq_block block,
			 irq_handler_t primary, irq_handler_t thread,
			 void *data);
void tyr_model_irq_detach(struct tyr_model *model, enum tyr_irq_block block);
void tyr_model_irq_sync(struct tyr_model *model, enum tyr_irq_block block);
bool tyr_model_irq_attached(struct tyr_model *model, enum tyr_irq_block block);
void tyr_model_raise(struct tyr_model *model, enum tyr_irq_block block,
		     u32 events);
void tyr_model_gpu_fault(struct tyr_model *model, u32 status, u64 address);
void tyr_model_set_power(struct tyr_model *model, bool on);
struct page *tyr_model_user_page(struct tyr_model *model);
bool tyr_model_powered(struct tyr_model *model);
void tyr_model_set_config(struct tyr_model *model,
			  const struct tyr_model_config *cfg);

void tyr_model_clock_hold(struct tyr_model *model, bool hold);
void tyr_model_clock_advance(struct tyr_model *model, u32 us);
void tyr_model_get_stats(struct tyr_model *model,
			 struct tyr_model_stats *stats);

int tyr_model_translate(struct tyr_model *model, unsigned int as, u64 va,
			enum tyr_model_access access, u64 *pa, u32 *fault_status);
int tyr_model_gpu_access(struct tyr_model *model, unsigned int as, u64 va,
			 void *buf, size_t len, enum tyr_model_access access);
bool tyr_model_as_locked(struct tyr_model *model, unsigned int as,
			 u64 *lockaddr);
void tyr_model_get_mcu_state(struct tyr_model *model,
			     struct tyr_model_mcu_state *state);
int tyr_model_get_csg_info(struct tyr_model *model, unsigned int csg,
			   struct tyr_model_csg_info *info);
int tyr_model_get_cs_info(struct tyr_model *model, unsigned int csg,
			  unsigned int cs, struct tyr_model_cs_info *info);
int tyr_model_cs_reg(struct tyr_model *model, unsigned int csg,
		     unsigned int cs, unsigned int reg, u32 *val);
const char *tyr_model_cs_op_name(u32 op);

#endif /* IS_ENABLED(CONFIG_DRM_TYR_MODEL) */

#endif /* __TYR_MODEL_H__ */
