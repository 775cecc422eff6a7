/* SPDX-License-Identifier: GPL-2.0 or MIT */
#ifndef __TYR_MCU_H__
#define __TYR_MCU_H__

#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <drm/panthor_drm.h>

struct tyr_device;
struct tyr_fw_image;
struct tyr_kernel_bo;
struct tyr_vm;

/* Most groups and streams per group Tyr takes from the firmware. */
#define TYR_MCU_MAX_CSG		16
#define TYR_MCU_MAX_CS		32

/* Time the firmware has to boot, and to answer a global request. */
#define TYR_MCU_BOOT_TIMEOUT_MS	1000
#define TYR_MCU_REQ_TIMEOUT_MS	100

/*
 * Start of the MCU VAs of the kernel's own objects (ring buffer controls,
 * suspend buffers): above the firmware's sections, in the region the
 * firmware shares with the host.
 */
#define TYR_MCU_KERNEL_VA	0x04100000

/* How often the firmware is asked whether it still runs. */
#define TYR_MCU_PING_MS		10000

/**
 * struct tyr_mcu_section - A firmware section loaded for the MCU
 */
struct tyr_mcu_section {
	/** @bo: Its memory, mapped at @va in the MCU's VM. */
	struct tyr_kernel_bo *bo;
	/** @va: MCU virtual address. */
	u32 va;
	/** @size: Size of the VA range, page aligned. */
	u32 size;
	/** @flags: TYR_FW_SEC_* flags from the image. */
	u32 flags;
	/** @data: Contents from the image, kept for reloads; may be NULL. */
	void *data;
	/** @data_size: Size of @data. */
	u32 data_size;
};

/**
 * struct tyr_mcu_stream - Where a stream's interface lives
 */
struct tyr_mcu_stream {
	/** @input: Its input area (written by the host). */
	u32 *input;
	/** @output: Its output area (written by the firmware). */
	const u32 *output;
};

/**
 * struct tyr_mcu_group - Where a group's interface lives
 */
struct tyr_mcu_group {
	/** @input: Its input area. */
	u32 *input;
	/** @output: Its output area. */
	const u32 *output;
	/** @streams: Its streams' areas. */
	struct tyr_mcu_stream streams[TYR_MCU_MAX_CS];
};

/**
 * struct tyr_mcu - The MCU and the firmware it runs
 */
struct tyr_mcu {
	/** @vm: The firmware's VM, in address space 0 while the GPU is on. */
	struct tyr_vm *vm;

	/** @sections: The loaded sections. */
	struct tyr_mcu_section *sections;

	/** @section_count: Number of @sections. */
	unsigned int section_count;

	/** @shared: CPU mapping of the shared section. */
	u8 *shared;

	/** @shared_size: Its size. */
	u32 shared_size;

	/** @glb_input: Global input area. */
	u32 *glb_input;

	/** @glb_output: Global output area. */
	const u32 *glb_output;

	/** @groups: Groups' areas; @csif.csg_slot_count of them are valid. */
	struct tyr_mcu_group groups[TYR_MCU_MAX_CSG];

	/** @version: Interface version reported by the firmware. */
	u32 version;

	/** @csif: What DEV_QUERY of CSIF_INFO reports. */
	struct drm_panthor_csif_info csif;

	/** @suspend_size: Size of a group's suspend buffer. */
	u32 suspend_size;

	/**
	 * @req_lock: Serialises the host's changes of the words it shares
	 * bit by bit with the firmware: the global req and doorbell words,
	 * and, from the scheduler on, those of the groups and streams.
	 */
	spinlock_t req_lock;

	/** @req_mutex: One global request at a time. */
	struct mutex req_mutex;

	/** @wq: Woken when the firmware signals the global interface. */
	wait_queue_head_t wq;

	/** @signalled: The firmware signalled since this was cleared. */
	bool signalled;

	/** @faulted: The firmware faulted in its VM since it was started. */
	bool faulted;

	/** @loaded: Sections are loaded and the VM set up. */
	bool loaded;

	/** @running: The interface is up and serving requests. */
	bool running;

	/** @halted: The last suspend halted the MCU cleanly. */
	bool halted;

	/** @ping_work: Checks that the firmware still answers. */
	struct delayed_work ping_work;

	/** @ping_ms: Period of @ping_work (tests shorten it). */
	unsigned int ping_ms;

	/** @boots: Successful boots, fast ones included. */
	unsigned int boots;

	/** @fast_boots: Boots that restarted a halted MCU without reload. */
	unsigned int fast_boots;

	/** @pings: Pings answered. */
	unsigned int pings;

	/** @missed_pings: Pings the firmware did not answer in time. */
	unsigned int missed_pings;
};

void tyr_mcu_early_init(struct tyr_device *tdev);
int tyr_mcu_init(struct tyr_device *tdev, const u8 *data, size_t size,
		 const struct tyr_fw_image *img);
void tyr_mcu_fini(struct tyr_device *tdev, bool powered);
void tyr_mcu_fault(struct tyr_device *tdev);
void tyr_mcu_ring_groups(struct tyr_device *tdev, u32 slots);
void tyr_mcu_irq_handler(struct tyr_device *tdev, u32 events);
bool tyr_mcu_runs(struct tyr_device *tdev);
int tyr_mcu_glb_request(struct tyr_device *tdev, u32 toggle, u32 set,
			u32 clear, unsigned int timeout_ms);
void tyr_mcu_suspend(struct tyr_device *tdev);
int tyr_mcu_resume(struct tyr_device *tdev);
int tyr_mcu_reset(struct tyr_device *tdev);
int tyr_mcu_csif_info(struct tyr_device *tdev,
		      struct drm_panthor_csif_info *info);

#endif /* __TYR_MCU_H__ */
