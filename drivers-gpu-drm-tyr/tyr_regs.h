/* SPDX-License-Identifier: GPL-2.0 or MIT */
/*
 * Register map of Arm Mali CSF GPUs, as far as Tyr uses it.
 *
 * Offsets are relative to the start of the GPU's register window. 64-bit
 * registers are a pair of 32-bit registers, low word first; TYR_HI() gives
 * the offset of the high word.
 */
#ifndef __TYR_REGS_H__
#define __TYR_REGS_H__

#include <linux/bits.h>

#define TYR_HI(reg)			((reg) + 4)

/* Identification and features: read-only, constant for a given GPU. */
#define TYR_GPU_ID			0x000
#define  TYR_GPU_ID_ARCH_MAJOR		GENMASK(31, 28)
#define  TYR_GPU_ID_ARCH_MINOR		GENMASK(27, 24)
#define  TYR_GPU_ID_ARCH_REV		GENMASK(23, 20)
#define  TYR_GPU_ID_PROD_MAJOR		GENMASK(19, 16)
#define  TYR_GPU_ID_VER_MAJOR		GENMASK(15, 12)
#define  TYR_GPU_ID_VER_MINOR		GENMASK(11, 4)
#define  TYR_GPU_ID_VER_STATUS		GENMASK(3, 0)
#define TYR_L2_FEATURES			0x004
#define  TYR_L2_FEATURES_LOG2_LINE	GENMASK(7, 0)
#define TYR_CORE_FEATURES		0x008
#define TYR_TILER_FEATURES		0x00c
#define TYR_MEM_FEATURES		0x010
#define TYR_MMU_FEATURES		0x014
#define  TYR_MMU_FEATURES_VA_BITS	GENMASK(7, 0)
#define  TYR_MMU_FEATURES_PA_BITS	GENMASK(15, 8)
#define TYR_AS_PRESENT			0x018
#define TYR_CSF_ID			0x01c
#define TYR_THREAD_MAX_THREADS		0x0a0
#define TYR_THREAD_MAX_WG_SIZE		0x0a4
#define TYR_THREAD_MAX_BARRIER_SIZE	0x0a8
#define TYR_THREAD_FEATURES		0x0ac
#define TYR_TEXTURE_FEATURES(n)		(0x0b0 + 4 * (n))
#define TYR_TEXTURE_FEATURES_COUNT	4
#define TYR_REVID			0x280
#define TYR_COHERENCY_FEATURES		0x300
/* The protocol in use; COHERENCY_FEATURES has a bit per supported value. */
#define TYR_COHERENCY_ENABLE		0x304
#define   TYR_COHERENCY_ACE_LITE	0
#define   TYR_COHERENCY_ACE		1
#define   TYR_COHERENCY_NONE		31

/*
 * Interrupt blocks. Each block has four registers at the same offsets from
 * its base: RAWSTAT (pending events), CLEAR (write 1 to clear), MASK (events
 * that assert the line) and STAT (RAWSTAT & MASK).
 */
#define TYR_IRQ_RAWSTAT			0x0
#define TYR_IRQ_CLEAR			0x4
#define TYR_IRQ_MASK			0x8
#define TYR_IRQ_STAT			0xc

#define TYR_GPU_IRQ_BASE		0x0020
#define TYR_JOB_IRQ_BASE		0x1000
#define TYR_MMU_IRQ_BASE		0x2000

/* Events of the GPU interrupt block. */
#define TYR_GPU_IRQ_FAULT		BIT(0)
#define TYR_GPU_IRQ_PROTM_FAULT		BIT(1)
#define TYR_GPU_IRQ_RESET_COMPLETED	BIT(8)
#define TYR_GPU_IRQ_POWER_CHANGED	BIT(9)
#define TYR_GPU_IRQ_POWER_CHANGED_ALL	BIT(10)
#define TYR_GPU_IRQ_CLEAN_CACHES_DONE	BIT(17)

/* Events of the job interrupt block: one per CSG, and the global interface. */
#define TYR_JOB_IRQ_CSG(n)		BIT(n)
#define TYR_JOB_IRQ_GLOBAL		BIT(31)

/* GPU commands: an opcode in [7:0] and its argument above it. */
#define TYR_GPU_COMMAND			0x030
#define  TYR_GPU_CMD_OP			GENMASK(7, 0)
#define  TYR_GPU_CMD_ARG		GENMASK(31, 8)
#define  TYR_GPU_CMD_OP_RESET		1
#define  TYR_GPU_CMD_OP_FLUSH_CACHES	4
#define  TYR_GPU_CMD_SOFT_RESET		0x101
#define  TYR_GPU_CMD_HARD_RESET		0x201
/* Cache flush argument: a mode for L2, load/store caches and the others. */
#define  TYR_FLUSH_L2			GENMASK(11, 8)
#define  TYR_FLUSH_LSC			GENMASK(15, 12)
#define  TYR_FLUSH_OTHER		GENMASK(19, 16)
#define  TYR_FLUSH_MODE_CLEAN		1
#define  TYR_FLUSH_MODE_INVALIDATE	2
#define  TYR_FLUSH_MODE_CLEAN_INV	3

#define TYR_GPU_STATUS			0x034
#define  TYR_GPU_STATUS_ACTIVE		BIT(0)
#define TYR_GPU_FAULTSTATUS		0x03c
#define  TYR_GPU_FAULT_EXCEPTION	GENMASK(7, 0)
#define  TYR_GPU_FAULT_ACCESS		GENMASK(9, 8)
#define  TYR_GPU_FAULT_SOURCE		GENMASK(31, 16)
#define TYR_GPU_FAULTADDRESS		0x040

#define TYR_TIMESTAMP_OFFSET		0x088
#define TYR_CYCLE_COUNT			0x090
#define TYR_TIMESTAMP			0x098

/*
 * Power domains. Each group of registers (PRESENT, READY, PWRON, PWROFF,
 * PWRTRANS, PWRACTIVE) holds one 64-bit core mask per domain, 0x10 apart.
 */
enum tyr_pwr_domain {
	TYR_PWR_SHADER,
	TYR_PWR_TILER,
	TYR_PWR_L2,
	TYR_PWR_DOMAIN_COUNT,
};

#define TYR_PWR_PRESENT(d)		(0x100 + 0x10 * (d))
#define TYR_PWR_READY(d)		(0x140 + 0x10 * (d))
#define TYR_PWR_PWRON(d)		(0x180 + 0x10 * (d))
#define TYR_PWR_PWROFF(d)		(0x1c0 + 0x10 * (d))
#define TYR_PWR_PWRTRANS(d)		(0x200 + 0x10 * (d))
#define TYR_PWR_PWRACTIVE(d)		(0x240 + 0x10 * (d))

/* Microcontroller (MCU) running the CSF firmware. */
#define TYR_MCU_CONTROL			0x700
#define  TYR_MCU_CONTROL_DISABLE	0
#define  TYR_MCU_CONTROL_ENABLE		1
#define  TYR_MCU_CONTROL_AUTO		2
#define TYR_MCU_STATUS			0x704
#define  TYR_MCU_STATUS_DISABLED	0
#define  TYR_MCU_STATUS_ENABLED		1
#define  TYR_MCU_STATUS_HALT		2
#define  TYR_MCU_STATUS_FATAL		3

/* MMU interrupt events: a fault or a bus error in address space n. */
#define TYR_MMU_IRQ_FAULT(n)		BIT(n)
#define TYR_MMU_IRQ_BUS_ERROR(n)	BIT(16 + (n))

/* MMU address spaces (AS), 0x40 apart. */
#define TYR_AS_MAX			16
#define TYR_AS_BASE(n)			(0x2400 + 0x40 * (n))
#define TYR_AS_TRANSTAB(n)		(TYR_AS_BASE(n) + 0x00)
#define TYR_AS_MEMATTR(n)		(TYR_AS_BASE(n) + 0x08)
#define TYR_AS_LOCKADDR(n)		(TYR_AS_BASE(n) + 0x10)
#define  TYR_AS_LOCKADDR_SIZE		GENMASK_ULL(5, 0)
#define TYR_AS_COMMAND(n)		(TYR_AS_BASE(n) + 0x18)
#define  TYR_AS_CMD_NOP			0
#define  TYR_AS_CMD_UPDATE		1
#define  TYR_AS_CMD_LOCK		2
#define  TYR_AS_CMD_UNLOCK		3
#define  TYR_AS_CMD_FLUSH_PT		4
#define  TYR_AS_CMD_FLUSH_MEM		5
#define TYR_AS_FAULTSTATUS(n)		(TYR_AS_BASE(n) + 0x1c)
#define  TYR_AS_FAULT_EXCEPTION		GENMASK(7, 0)
#define  TYR_AS_FAULT_ACCESS		GENMASK(9, 8)
#define   TYR_AS_ACCESS_ATOMIC		0
#define   TYR_AS_ACCESS_EXECUTE		1
#define   TYR_AS_ACCESS_READ		2
#define   TYR_AS_ACCESS_WRITE		3
#define  TYR_AS_FAULT_SOURCE		GENMASK(31, 16)
#define TYR_AS_FAULTADDRESS(n)		(TYR_AS_BASE(n) + 0x20)
#define TYR_AS_STATUS(n)		(TYR_AS_BASE(n) + 0x28)
#define  TYR_AS_STATUS_ACTIVE		BIT(0)
#define TYR_AS_TRANSCFG(n)		(TYR_AS_BASE(n) + 0x30)
#define  TYR_AS_TRANSCFG_ADRMODE	GENMASK_ULL(3, 0)
#define   TYR_AS_ADRMODE_UNMAPPED	1
#define   TYR_AS_ADRMODE_AARCH64_4K	6
#define  TYR_AS_TRANSCFG_INA_BITS	GENMASK_ULL(10, 6)
#define  TYR_AS_TRANSCFG_PTW_MEMATTR_WB	(2ull << 24)
#define  TYR_AS_TRANSCFG_PTW_RA		BIT_ULL(30)
#define TYR_AS_FAULTEXTRA(n)		(TYR_AS_BASE(n) + 0x38)

/* AS_FAULTSTATUS exception types; n is the page-table level. */
#define TYR_AS_EXC_TRANSLATION(n)	(0xc0 + (n))
#define TYR_AS_EXC_PERMISSION(n)	(0xc8 + (n))
#define TYR_AS_EXC_ACCESS_FLAG(n)	(0xd8 + (n))
#define TYR_AS_EXC_ADDRESS_SIZE_IN	0xe0

/* End of the GPU control, job and MMU register windows we model. */
#define TYR_REG_WINDOW_SIZE		0x4000

/*
 * Doorbells: one 64 KiB page each, from 0x80000 on. Writing 1 to the first
 * word of doorbell n tells the firmware to look at what changed; doorbell 0
 * is the global interface's.
 */
#define TYR_DOORBELL(n)			(0x80000 + 0x10000 * (n))
#define TYR_DOORBELL_COUNT		64
#define TYR_DOORBELL_GLB		0

/* The USER page, a separate 4 KiB page of the register space. */
#define TYR_USER_PAGE			0x10000
#define TYR_USER_LATEST_FLUSH		0x0

#endif /* __TYR_REGS_H__ */
