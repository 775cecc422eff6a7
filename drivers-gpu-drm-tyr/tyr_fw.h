/* SPDX-License-Identifier: GPL-2.0 or MIT */
#ifndef __TYR_FW_H__
#define __TYR_FW_H__

#include <linux/bits.h>
#include <linux/types.h>

struct device;
struct tyr_device;

/* MCU VA of the section that holds the firmware interface. */
#define TYR_FW_SHARED_VA		0x04000000

/* Section flags of an IFACE entry. */
#define TYR_FW_SEC_RD			BIT(0)
#define TYR_FW_SEC_WR			BIT(1)
#define TYR_FW_SEC_EX			BIT(2)
#define TYR_FW_SEC_CACHE		GENMASK(4, 3)
#define  TYR_FW_SEC_CACHE_NONE		0
#define  TYR_FW_SEC_CACHE_CACHED	1
#define  TYR_FW_SEC_CACHE_UNCACHED_COH	2
#define  TYR_FW_SEC_CACHE_CACHED_COH	3
#define TYR_FW_SEC_PROT			BIT(5)
#define TYR_FW_SEC_SHARED		BIT(30)
#define TYR_FW_SEC_ZERO			BIT(31)

/**
 * struct tyr_fw_section - A section of the firmware to load
 */
struct tyr_fw_section {
	/** @flags: TYR_FW_SEC_* flags. */
	u32 flags;
	/** @va_start: MCU virtual address of the section, page aligned. */
	u32 va_start;
	/** @va_end: End of its virtual range, page aligned. */
	u32 va_end;
	/** @data_start: Offset of its contents in the image. */
	u32 data_start;
	/** @data_end: End of its contents in the image. */
	u32 data_end;
	/** @name_len: Length of @name. */
	u32 name_len;
	/** @name: What the entry carries after its fields (may not be text). */
	u8 name[32];
};

/**
 * struct tyr_fw_image - What a firmware image contains
 */
struct tyr_fw_image {
	/** @major: Major version of the image format (0). */
	u8 major;
	/** @minor: Minor version of the image format. */
	u8 minor;
	/** @version_hash: Version hash of the firmware. */
	u32 version_hash;
	/** @git_sha: Build identification, empty if the image has none. */
	char git_sha[41];
	/** @sections: The sections to load, in image order. */
	struct tyr_fw_section *sections;
	/** @section_count: Number of @sections. */
	unsigned int section_count;
	/** @prot_skipped: Protected-mode sections left out. */
	unsigned int prot_skipped;
	/** @entries_skipped: Optional entries of types Tyr does not use. */
	unsigned int entries_skipped;
};

int tyr_fw_parse(struct device *dev, const u8 *data, size_t size,
		 struct tyr_fw_image *img);
void tyr_fw_image_release(struct tyr_fw_image *img);
int tyr_fw_load(struct tyr_device *tdev, const char *name, const u8 *data,
		size_t size);
int tyr_fw_init(struct tyr_device *tdev);
const struct tyr_fw_section *tyr_fw_shared_section(const struct tyr_fw_image *img);

#endif /* __TYR_FW_H__ */
