/* SPDX-License-Identifier: GPL-2.0 or MIT */
/*
 * Command stream instructions (CSF v10) that the kernel writes into ring
 * buffers, and their opcodes.
 *
 * An instruction is a 64-bit little-endian word with its opcode in
 * [63:56]. Registers are 32 bits wide; a 64-bit operand is an even
 * register and the next one.
 */
#ifndef __TYR_CS_H__
#define __TYR_CS_H__

#include <linux/bits.h>
#include <linux/types.h>

#define TYR_CS_OP_NOP			0
#define TYR_CS_OP_MOVE48		1
#define TYR_CS_OP_MOVE32		2
#define TYR_CS_OP_WAIT			3
#define TYR_CS_OP_RUN_COMPUTE		4
#define TYR_CS_OP_RUN_TILING		5
#define TYR_CS_OP_RUN_IDVS		6
#define TYR_CS_OP_RUN_FRAGMENT		7
#define TYR_CS_OP_RUN_FULLSCREEN	8
#define TYR_CS_OP_FINISH_TILING		9
#define TYR_CS_OP_FINISH_FRAGMENT	11
#define TYR_CS_OP_ADD_IMM32		16
#define TYR_CS_OP_ADD_IMM64		17
#define TYR_CS_OP_UMIN32		18
#define TYR_CS_OP_LOAD_MULTIPLE		20
#define TYR_CS_OP_STORE_MULTIPLE	21
#define TYR_CS_OP_BRANCH		22
#define TYR_CS_OP_SET_SB_ENTRY		23
#define TYR_CS_OP_PROGRESS_WAIT		24
#define TYR_CS_OP_SET_EXCEPTION_HANDLER	25
#define TYR_CS_OP_CALL			32
#define TYR_CS_OP_JUMP			33
#define TYR_CS_OP_REQ_RESOURCE		34
#define TYR_CS_OP_FLUSH_CACHE2		36
#define TYR_CS_OP_SYNC_ADD32		37
#define TYR_CS_OP_SYNC_SET32		38
#define TYR_CS_OP_SYNC_WAIT32		39
#define TYR_CS_OP_STORE_STATE		40
#define TYR_CS_OP_PROT_REGION		41
#define TYR_CS_OP_PROGRESS_STORE	42
#define TYR_CS_OP_PROGRESS_LOAD		43
#define TYR_CS_OP_RUN_COMPUTE_INDIRECT	44
#define TYR_CS_OP_ERROR_BARRIER		47
#define TYR_CS_OP_HEAP_SET		48
#define TYR_CS_OP_HEAP_OPERATION	49
#define TYR_CS_OP_TRACE_POINT		50
#define TYR_CS_OP_SYNC_ADD64		51
#define TYR_CS_OP_SYNC_SET64		52
#define TYR_CS_OP_SYNC_WAIT64		53

/* Bytes in one instruction. */
#define TYR_CS_INSTR_SIZE		8

/*
 * Scope of a SYNC_ADD/SET ([2:1]): the whole system, or only the streams
 * of the group (the other values are invalid).
 */
#define TYR_CS_SYNC_SCOPE_SYSTEM	0
#define TYR_CS_SYNC_SCOPE_CSG		2

/* Cache flush modes of FLUSH_CACHE2, per cache. */
#define TYR_CS_FLUSH_NONE		0
#define TYR_CS_FLUSH_CLEAN		1
#define TYR_CS_FLUSH_INVALIDATE		2
#define TYR_CS_FLUSH_CLEAN_INVALIDATE	3

static inline u64 tyr_cs_op(u32 op)
{
	return (u64)op << 56;
}

/* reg = imm (48 bits), into the register pair from @reg. */
static inline u64 tyr_cs_move48(u32 reg, u64 imm)
{
	return tyr_cs_op(TYR_CS_OP_MOVE48) | (u64)reg << 48 |
	       (imm & GENMASK_ULL(47, 0));
}

/* reg = imm. */
static inline u64 tyr_cs_move32(u32 reg, u32 imm)
{
	return tyr_cs_op(TYR_CS_OP_MOVE32) | (u64)reg << 48 | imm;
}

/* Wait for the scoreboard slots of @mask. */
static inline u64 tyr_cs_wait(u32 mask)
{
	return tyr_cs_op(TYR_CS_OP_WAIT) | (u64)(mask & 0xffff) << 16;
}

/* Run @len_reg bytes of instructions at the address in @addr_reg pair. */
static inline u64 tyr_cs_call(u32 addr_reg, u32 len_reg)
{
	return tyr_cs_op(TYR_CS_OP_CALL) | (u64)addr_reg << 40 |
	       (u64)len_reg << 32;
}

/*
 * Flush the L2 and load/store caches (TYR_CS_FLUSH_* each), and invalidate
 * the other caches if @other_inv, unless the flush id in @id_reg says it is
 * done, after waiting for @wait_mask; completes into slot @signal.
 */
static inline u64 tyr_cs_flush_cache2(u32 l2, u32 lsc, bool other_inv,
				      u32 id_reg, u32 wait_mask, u32 signal)
{
	return tyr_cs_op(TYR_CS_OP_FLUSH_CACHE2) | (u64)signal << 48 |
	       (u64)id_reg << 40 | (u64)(wait_mask & 0xffff) << 16 |
	       (other_inv ? BIT_ULL(9) : 0) | (u64)lsc << 4 | l2;
}

/*
 * *(u64 *)addr += value, at the address in @addr_reg pair, with the value
 * in @val_reg pair, visible in @scope (TYR_CS_SYNC_SCOPE_*); errors of
 * earlier work of the stream propagate into the sync object's status word
 * (bit 0).
 */
static inline u64 tyr_cs_sync_add64(u32 addr_reg, u32 val_reg, u32 scope,
				    u32 wait_mask, u32 signal)
{
	return tyr_cs_op(TYR_CS_OP_SYNC_ADD64) | (u64)signal << 48 |
	       (u64)addr_reg << 40 | (u64)val_reg << 32 |
	       (u64)(wait_mask & 0xffff) << 16 | (u64)scope << 1 | BIT_ULL(0);
}

/* What STORE_STATE stores: the GPU timestamp or cycle count. */
#define TYR_CS_STATE_TIMESTAMP		0
#define TYR_CS_STATE_CYCLES		1

/*
 * Store the 64 bits of @state (TYR_CS_STATE_*) at the address in @addr_reg
 * pair plus @offset, after waiting for @wait_mask; completes into slot 0.
 */
static inline u64 tyr_cs_store_state(u32 addr_reg, s16 offset, u32 state,
				     u32 wait_mask)
{
	return tyr_cs_op(TYR_CS_OP_STORE_STATE) | (u64)addr_reg << 40 |
	       (u64)state << 32 | (u64)(wait_mask & 0xffff) << 16 |
	       (u16)offset;
}

/* Clear the stream's error state: later work starts afresh. */
static inline u64 tyr_cs_error_barrier(void)
{
	return tyr_cs_op(TYR_CS_OP_ERROR_BARRIER);
}

#endif /* __TYR_CS_H__ */
