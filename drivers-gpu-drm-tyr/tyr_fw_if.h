/* SPDX-License-Identifier: GPL-2.0 or MIT */
/*
 * The interface between the host and the CSF firmware, in the section the
 * firmware shares with the host at MCU VA TYR_FW_SHARED_VA.
 *
 * Control blocks describe the interface and are written by the firmware
 * when it boots; each points at an input area (written by the host) and an
 * output area (written by the firmware), given as MCU VAs inside the shared
 * section. The offsets below are byte offsets inside those blocks and
 * areas; every field is a little-endian 32-bit word, or a 64-bit one made
 * of two words, low first.
 *
 * Requests and acknowledgements: the host asks for something by flipping
 * the bit of the request in an input "req" word, and the firmware answers by
 * making the same bit of the output "ack" word equal to it. A request is
 * pending while the two differ. Fields that hold a value (a state) are
 * copied into ack instead. Events go the other way: the firmware flips an
 * ack bit and the host acknowledges by copying it into req.
 */
#ifndef __TYR_FW_IF_H__
#define __TYR_FW_IF_H__

#include <linux/bits.h>

/* Global control block, at the start of the shared section. */
#define TYR_GLB_CTL_VERSION		0x00
#define  TYR_GLB_VERSION_MAJOR		GENMASK(31, 24)
#define  TYR_GLB_VERSION_MINOR		GENMASK(23, 16)
#define  TYR_GLB_VERSION_PATCH		GENMASK(15, 0)
#define TYR_GLB_CTL_FEATURES		0x04
#define TYR_GLB_CTL_INPUT_VA		0x08
#define TYR_GLB_CTL_OUTPUT_VA		0x0c
#define TYR_GLB_CTL_GROUP_NUM		0x10
#define TYR_GLB_CTL_GROUP_STRIDE	0x14
#define TYR_GLB_CTL_PERFCNT_SIZE	0x18
#define TYR_GLB_CTL_INSTR_FEATURES	0x1c
#define TYR_GLB_CTL_SIZE		0x20

/* Control block of group (CSG) i, at TYR_CSG_CTL_BASE + i * group_stride. */
#define TYR_CSG_CTL_BASE		0x1000
#define TYR_CSG_CTL_FEATURES		0x00
#define TYR_CSG_CTL_INPUT_VA		0x04
#define TYR_CSG_CTL_OUTPUT_VA		0x08
#define TYR_CSG_CTL_SUSPEND_SIZE	0x0c
#define TYR_CSG_CTL_PROTM_SUSPEND_SIZE	0x10
#define TYR_CSG_CTL_STREAM_NUM		0x14
#define TYR_CSG_CTL_STREAM_STRIDE	0x18
#define TYR_CSG_CTL_SIZE		0x1c

/* Control block of stream (CS) j of a group: group's + 0x40 + j * stride. */
#define TYR_CS_CTL_BASE			0x40
#define TYR_CS_CTL_FEATURES		0x00
#define  TYR_CS_FEATURES_WORK_REGS	GENMASK(7, 0)	/* count - 1 */
#define  TYR_CS_FEATURES_SCOREBOARDS	GENMASK(15, 8)
#define  TYR_CS_FEATURES_COMPUTE	BIT(16)
#define  TYR_CS_FEATURES_FRAGMENT	BIT(17)
#define  TYR_CS_FEATURES_TILER		BIT(18)
#define TYR_CS_CTL_INPUT_VA		0x04
#define TYR_CS_CTL_OUTPUT_VA		0x08
#define TYR_CS_CTL_SIZE			0x0c

/* Global input area. */
#define TYR_GLB_IN_REQ			0x00
#define TYR_GLB_IN_ACK_IRQ_MASK		0x04
#define TYR_GLB_IN_DOORBELL_REQ		0x08
#define TYR_GLB_IN_PROGRESS_TIMER	0x10
#define TYR_GLB_IN_POWEROFF_TIMER	0x14
#define TYR_GLB_IN_CORE_EN_MASK		0x18	/* 64 bits */
#define TYR_GLB_IN_IDLE_TIMER		0x80
#define TYR_GLB_IN_SIZE			0x84

/* Global output area. */
#define TYR_GLB_OUT_ACK			0x00
#define TYR_GLB_OUT_DOORBELL_ACK	0x08
#define TYR_GLB_OUT_HALT_STATUS		0x10
#define TYR_GLB_OUT_SIZE		0x14

/* Bits of the global req/ack words: host requests... */
#define TYR_GLB_HALT			BIT(0)
#define TYR_GLB_CFG_PROGRESS_TIMER	BIT(1)
#define TYR_GLB_CFG_ALLOC_EN		BIT(2)
#define TYR_GLB_CFG_POWEROFF_TIMER	BIT(3)
#define TYR_GLB_PROTM_ENTER		BIT(4)
#define TYR_GLB_PERFCNT_EN		BIT(5)
#define TYR_GLB_PERFCNT_SAMPLE		BIT(6)
#define TYR_GLB_COUNTER_EN		BIT(7)
#define TYR_GLB_PING			BIT(8)
#define TYR_GLB_FWCFG_UPDATE		BIT(9)
#define TYR_GLB_IDLE_EN			BIT(10)	/* a state, copied */
#define TYR_GLB_SLEEP			BIT(12)
#define TYR_GLB_REQ_MASK		(GENMASK(10, 0) | TYR_GLB_SLEEP)
/* ... and firmware events. */
#define TYR_GLB_INACTIVE_COMPUTE	BIT(20)
#define TYR_GLB_INACTIVE_FRAGMENT	BIT(21)
#define TYR_GLB_INACTIVE_TILER		BIT(22)
#define TYR_GLB_PROTM_EXIT		BIT(23)
#define TYR_GLB_IDLE			BIT(26)
#define TYR_GLB_EVENT_MASK		(GENMASK(23, 20) | TYR_GLB_IDLE)

/*
 * Timer inputs (poweroff, idle): a count of 1024-tick units in [30:0]; bit
 * 31 counts GPU cycles instead of system timestamp ticks.
 */
#define TYR_GLB_TIMER_VAL		GENMASK(30, 0)
#define TYR_GLB_TIMER_GPU_CYCLES	BIT(31)
#define TYR_GLB_TIMER_SHIFT		10

/* Group input area. */
#define TYR_CSG_IN_REQ			0x00
#define TYR_CSG_IN_ACK_IRQ_MASK		0x04
#define TYR_CSG_IN_DOORBELL_REQ		0x08
#define TYR_CSG_IN_CS_IRQ_ACK		0x0c
#define TYR_CSG_IN_ALLOW_COMPUTE	0x20	/* 64 bits */
#define TYR_CSG_IN_ALLOW_FRAGMENT	0x28	/* 64 bits */
#define TYR_CSG_IN_ALLOW_OTHER		0x30
#define TYR_CSG_IN_ENDPOINT_REQ		0x34
#define TYR_CSG_IN_SUSPEND_BUF		0x40	/* 64 bits */
#define TYR_CSG_IN_PROTM_SUSPEND_BUF	0x48	/* 64 bits */
#define TYR_CSG_IN_CONFIG		0x50
#define TYR_CSG_IN_SIZE			0x54

/* Bits of the group req/ack words: a state the host asks for... */
#define TYR_CSG_STATE			GENMASK(2, 0)
#define  TYR_CSG_STATE_TERMINATE	0
#define  TYR_CSG_STATE_START		1
#define  TYR_CSG_STATE_SUSPEND		2
#define  TYR_CSG_STATE_RESUME		3
/* ... requests (toggled) ... */
#define TYR_CSG_ENDPOINT_CONFIG		BIT(4)
#define TYR_CSG_STATUS_UPDATE		BIT(5)
/* ... and firmware events (toggled in ack, copied back into req). */
#define TYR_CSG_SYNC_UPDATE		BIT(28)
#define TYR_CSG_IDLE			BIT(29)
#define TYR_CSG_DOORBELL		BIT(30)
#define TYR_CSG_PROGRESS_TIMER_EVENT	BIT(31)
#define TYR_CSG_REQ_MASK		(TYR_CSG_STATE | TYR_CSG_ENDPOINT_CONFIG | \
					 TYR_CSG_STATUS_UPDATE)
#define TYR_CSG_EVENT_MASK		(TYR_CSG_SYNC_UPDATE | TYR_CSG_IDLE | \
					 TYR_CSG_PROGRESS_TIMER_EVENT)

/* Endpoint request: cores and priority a group may use. */
#define TYR_CSG_EP_COMPUTE		GENMASK(7, 0)
#define TYR_CSG_EP_FRAGMENT		GENMASK(15, 8)
#define TYR_CSG_EP_TILER		GENMASK(19, 16)
#define TYR_CSG_EP_EXCL_COMPUTE		BIT(20)
#define TYR_CSG_EP_EXCL_FRAGMENT	BIT(21)
#define TYR_CSG_EP_PRIORITY		GENMASK(31, 28)

/* Group config: the address space its streams run in. */
#define TYR_CSG_CONFIG_AS		GENMASK(3, 0)

/* Group status_state. */
#define TYR_CSG_STATUS_IDLE		BIT(0)

/* Group output area. */
#define TYR_CSG_OUT_ACK			0x00
#define TYR_CSG_OUT_DOORBELL_ACK	0x08
#define TYR_CSG_OUT_CS_IRQ_REQ		0x0c
#define TYR_CSG_OUT_STATUS_STATE	0x18
#define TYR_CSG_OUT_SIZE		0x1c

/* Stream input area. */
#define TYR_CS_IN_REQ			0x00
#define TYR_CS_IN_CONFIG		0x04
#define TYR_CS_IN_ACK_IRQ_MASK		0x0c
#define TYR_CS_IN_RINGBUF_BASE		0x10	/* 64 bits */
#define TYR_CS_IN_RINGBUF_SIZE		0x18
#define TYR_CS_IN_HEAP_START		0x20	/* 64 bits */
#define TYR_CS_IN_HEAP_END		0x28	/* 64 bits */
#define TYR_CS_IN_RINGBUF_INPUT		0x30	/* 64 bits */
#define TYR_CS_IN_RINGBUF_OUTPUT	0x38	/* 64 bits */
#define TYR_CS_IN_SIZE			0x40

/* Bits of the stream req/ack words: a state, ... */
#define TYR_CS_STATE			GENMASK(2, 0)
#define  TYR_CS_STATE_STOP		0
#define  TYR_CS_STATE_START		1
/* ... requests (toggled) ... */
#define TYR_CS_EXTRACT_EVENT		BIT(4)
#define TYR_CS_IDLE_SYNC_WAIT		BIT(8)
#define TYR_CS_IDLE_PROTM_PENDING	BIT(9)
#define TYR_CS_IDLE_EMPTY		BIT(10)
#define TYR_CS_IDLE_RESOURCE_REQ	BIT(11)
/* ... and firmware events. */
#define TYR_CS_TILER_OOM		BIT(26)
#define TYR_CS_PROTM_PENDING		BIT(27)
#define TYR_CS_FATAL			BIT(30)
#define TYR_CS_FAULT			BIT(31)
#define TYR_CS_REQ_MASK			(TYR_CS_STATE | TYR_CS_EXTRACT_EVENT | \
					 GENMASK(11, 8))
#define TYR_CS_EVENT_MASK		(TYR_CS_TILER_OOM | TYR_CS_PROTM_PENDING | \
					 TYR_CS_FATAL | TYR_CS_FAULT)

/* Stream config: priority and the doorbell that makes it look at its ring. */
#define TYR_CS_CONFIG_PRIORITY		GENMASK(3, 0)
#define TYR_CS_CONFIG_DOORBELL		GENMASK(15, 8)

/* Stream fault and fatal words: exception type [7:0], data [31:8]. */
#define TYR_CS_EXCEPTION_TYPE		GENMASK(7, 0)
#define TYR_CS_EXCEPTION_DATA		GENMASK(31, 8)
#define  TYR_CS_EXC_CONFIG_FAULT	0x40
#define  TYR_CS_EXC_UNRECOVERABLE	0x41
#define  TYR_CS_EXC_ENDPOINT_FAULT	0x44
#define  TYR_CS_EXC_BUS_FAULT		0x48
#define  TYR_CS_EXC_INHERIT_FAULT	0x4b
#define  TYR_CS_EXC_INSTR_INVALID_PC	0x50
#define  TYR_CS_EXC_INSTR_INVALID_ENC	0x51
#define  TYR_CS_EXC_OUT_OF_MEMORY	0x60

/*
 * Ring buffer control, in memory the firmware reads at MCU VAs: the input
 * (written by the host) holds the insert and extract byte counters, the
 * output (written by the firmware) its extract counter and whether the
 * stream is active. Counters only grow; the ring is read at offset
 * counter % size.
 */
#define TYR_RING_IN_INSERT		0x00	/* 64 bits */
#define TYR_RING_IN_EXTRACT		0x08	/* 64 bits */
#define TYR_RING_OUT_EXTRACT		0x00	/* 64 bits */
#define TYR_RING_OUT_ACTIVE		0x08

/* Stream output area. */
#define TYR_CS_OUT_ACK			0x00
#define TYR_CS_OUT_STATUS_CMD_PTR	0x40	/* 64 bits */
#define TYR_CS_OUT_STATUS_WAIT		0x48
#define TYR_CS_OUT_STATUS_REQ_RESOURCE	0x4c
#define TYR_CS_OUT_STATUS_WAIT_SYNC_PTR	0x50	/* 64 bits */
#define TYR_CS_OUT_STATUS_WAIT_SYNC_VAL	0x58
#define TYR_CS_OUT_STATUS_SCOREBOARDS	0x5c
#define TYR_CS_OUT_STATUS_BLOCKED	0x60
#define TYR_CS_OUT_FAULT		0x80
#define TYR_CS_OUT_FATAL		0x84
#define TYR_CS_OUT_FAULT_INFO		0x88	/* 64 bits */
#define TYR_CS_OUT_FATAL_INFO		0x90	/* 64 bits */
#define TYR_CS_OUT_HEAP_VT_START	0xc0
#define TYR_CS_OUT_HEAP_VT_END		0xc4
#define TYR_CS_OUT_HEAP_FRAG_END	0xcc
#define TYR_CS_OUT_HEAP_ADDRESS		0xd0	/* 64 bits */
#define TYR_CS_OUT_SIZE			0xd8

#endif /* __TYR_FW_IF_H__ */
