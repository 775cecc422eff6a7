// SPDX-License-Identifier: GPL-2.0 or MIT
/**
 * DOC: Firmware image
 *
 * The firmware of the MCU comes as one file per GPU architecture,
 * arm/mali/arch<major>.<minor>/mali_csffw.bin, little endian:
 *
 * - a 20-byte header: magic, format minor and major (0), version hash, and
 *   the number of bytes the entries cover (at most the file size);
 * - entries from offset 20 on, each with a 32-bit header giving its type
 *   [7:0], its size in bytes including the header [15:8] (a multiple of 4)
 *   and, in bit 31, whether it is optional;
 * - the data the entries point to.
 *
 * Tyr uses two entry types: IFACE, a section to load (flags, MCU VA range,
 * range of its data in the file, then a name), and BUILD_INFO_METADATA,
 * which points at a "git_sha: ..." string. It skips optional entries of
 * other types and rejects non-optional ones, and leaves protected-mode
 * sections out, as it does not use protected mode.
 *
 * Every offset and size is checked against the file before it is used:
 * sections must have page-aligned VA ranges that do not overlap, data
 * inside the file and no larger than their VA range, only known flags; and
 * one section, shared with the host, must hold the interface at
 * %TYR_FW_SHARED_VA. A bad image is refused with -EINVAL.
 */

#include <linux/bitfield.h>
#include <linux/ctype.h>
#include <linux/device.h>
#include <linux/firmware.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/unaligned.h>

#include <drm/drm_print.h>

#include "tyr_device.h"
#include "tyr_fw.h"
#include "tyr_mcu.h"
#include "tyr_regs.h"

#define TYR_FW_MAGIC			0xc3f13a6e
#define TYR_FW_HEADER_SIZE		20

#define TYR_FW_ENTRY_TYPE		GENMASK(7, 0)
#define TYR_FW_ENTRY_SIZE		GENMASK(15, 8)
#define TYR_FW_ENTRY_OPTIONAL		BIT(31)

#define TYR_FW_ENTRY_IFACE		0
#define TYR_FW_ENTRY_BUILD_INFO		6

/* Entry header and the five fields of an IFACE entry. */
#define TYR_FW_IFACE_MIN_SIZE		24

/* The MCU's pages are 4 KiB, whatever the CPU's are. */
#define TYR_FW_PAGE			SZ_4K

#define TYR_FW_SEC_KNOWN		(TYR_FW_SEC_RD | TYR_FW_SEC_WR | \
					 TYR_FW_SEC_EX | TYR_FW_SEC_CACHE | \
					 TYR_FW_SEC_PROT | TYR_FW_SEC_SHARED | \
					 TYR_FW_SEC_ZERO)

static const char tyr_fw_git_sha_tag[] = "git_sha: ";

/* Report a bad image (tests parse without a device) and refuse it. */
static __printf(2, 3) int tyr_fw_bad(struct device *dev, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	if (dev) {
		va_start(args, fmt);
		vaf.fmt = fmt;
		vaf.va = &args;
		dev_err(dev, "firmware: %pV", &vaf);
		va_end(args);
	}

	return -EINVAL;
}

static int tyr_fw_add_section(struct device *dev, struct tyr_fw_image *img,
			      const struct tyr_fw_section *sec)
{
	struct tyr_fw_section *sections;
	unsigned int i;

	for (i = 0; i < img->section_count; i++) {
		const struct tyr_fw_section *other = &img->sections[i];

		if (sec->va_start < other->va_end &&
		    other->va_start < sec->va_end)
			return tyr_fw_bad(dev, "sections at 0x%x and 0x%x overlap\n",
					  sec->va_start, other->va_start);
	}

	sections = krealloc_array(img->sections, img->section_count + 1,
				  sizeof(*sections), GFP_KERNEL);
	if (!sections)
		return -ENOMEM;

	sections[img->section_count++] = *sec;
	img->sections = sections;
	return 0;
}

static int tyr_fw_parse_iface(struct device *dev, struct tyr_fw_image *img,
			      const u8 *data, size_t size, const u8 *entry,
			      u32 entry_size)
{
	struct tyr_fw_section sec = { };

	if (entry_size < TYR_FW_IFACE_MIN_SIZE)
		return tyr_fw_bad(dev, "IFACE entry of %u bytes\n", entry_size);

	sec.flags = get_unaligned_le32(entry + 4);
	sec.va_start = get_unaligned_le32(entry + 8);
	sec.va_end = get_unaligned_le32(entry + 12);
	sec.data_start = get_unaligned_le32(entry + 16);
	sec.data_end = get_unaligned_le32(entry + 20);
	sec.name_len = min_t(u32, entry_size - TYR_FW_IFACE_MIN_SIZE,
			     sizeof(sec.name));
	memcpy(sec.name, entry + TYR_FW_IFACE_MIN_SIZE, sec.name_len);

	if (sec.flags & ~TYR_FW_SEC_KNOWN)
		return tyr_fw_bad(dev, "section at 0x%x: unknown flags 0x%x\n",
				  sec.va_start,
				  (u32)(sec.flags & ~TYR_FW_SEC_KNOWN));
	if (!IS_ALIGNED(sec.va_start, TYR_FW_PAGE) ||
	    !IS_ALIGNED(sec.va_end, TYR_FW_PAGE) || sec.va_end < sec.va_start)
		return tyr_fw_bad(dev, "section VA range 0x%x-0x%x\n",
				  sec.va_start, sec.va_end);
	if (sec.data_end < sec.data_start || sec.data_end > size)
		return tyr_fw_bad(dev, "section at 0x%x: data 0x%x-0x%x outside the file\n",
				  sec.va_start, sec.data_start, sec.data_end);
	if (sec.data_end - sec.data_start > sec.va_end - sec.va_start)
		return tyr_fw_bad(dev, "section at 0x%x: more data than room\n",
				  sec.va_start);

	if (sec.flags & TYR_FW_SEC_PROT) {
		img->prot_skipped++;
		return 0;
	}

	return tyr_fw_add_section(dev, img, &sec);
}

/* The build identification, when the entry points at one in the file. */
static void tyr_fw_parse_build_info(struct tyr_fw_image *img, const u8 *data,
				    size_t size, const u8 *entry,
				    u32 entry_size)
{
	size_t tag = sizeof(tyr_fw_git_sha_tag) - 1;
	u32 start, len, i;

	if (entry_size < 12)
		return;

	start = get_unaligned_le32(entry + 4);
	len = get_unaligned_le32(entry + 8);
	if (start > size || len > size - start || len < tag ||
	    memcmp(data + start, tyr_fw_git_sha_tag, tag))
		return;

	for (i = 0; i < min_t(u32, len - tag, sizeof(img->git_sha) - 1); i++) {
		char c = data[start + tag + i];

		if (!isxdigit(c))
			break;
		img->git_sha[i] = c;
	}
	img->git_sha[i] = 0;
}

static int tyr_fw_parse_entries(struct device *dev, const u8 *data,
				size_t size, struct tyr_fw_image *img)
{
	u32 covered, offset;
	int ret;

	if (size < TYR_FW_HEADER_SIZE)
		return tyr_fw_bad(dev, "%zu bytes, no room for a header\n", size);
	if (get_unaligned_le32(data) != TYR_FW_MAGIC)
		return tyr_fw_bad(dev, "bad magic 0x%08x\n",
				  get_unaligned_le32(data));

	img->minor = data[4];
	img->major = data[5];
	img->version_hash = get_unaligned_le32(data + 8);
	covered = get_unaligned_le32(data + 16);
	if (img->major != 0)
		return tyr_fw_bad(dev, "format %u.%u not supported\n",
				  img->major, img->minor);
	if (covered > size || covered < TYR_FW_HEADER_SIZE)
		return tyr_fw_bad(dev, "entries cover %u bytes of %zu\n",
				  covered, size);

	for (offset = TYR_FW_HEADER_SIZE; offset < covered; ) {
		const u8 *entry = data + offset;
		u32 header, type, entry_size;

		if (covered - offset < 4)
			return tyr_fw_bad(dev, "truncated entry at %u\n", offset);

		header = get_unaligned_le32(entry);
		type = FIELD_GET(TYR_FW_ENTRY_TYPE, header);
		entry_size = FIELD_GET(TYR_FW_ENTRY_SIZE, header);
		if (entry_size < 4 || !IS_ALIGNED(entry_size, 4) ||
		    entry_size > covered - offset)
			return tyr_fw_bad(dev, "entry at %u: size %u\n", offset,
					  entry_size);

		switch (type) {
		case TYR_FW_ENTRY_IFACE:
			ret = tyr_fw_parse_iface(dev, img, data, size, entry,
						 entry_size);
			if (ret)
				return ret;
			break;
		case TYR_FW_ENTRY_BUILD_INFO:
			tyr_fw_parse_build_info(img, data, size, entry,
						entry_size);
			break;
		default:
			if (!(header & TYR_FW_ENTRY_OPTIONAL))
				return tyr_fw_bad(dev, "entry at %u: type %u is not optional\n",
						  offset, type);
			img->entries_skipped++;
			break;
		}

		offset += entry_size;
	}

	if (!tyr_fw_shared_section(img))
		return tyr_fw_bad(dev, "no shared section at 0x%x\n",
				  TYR_FW_SHARED_VA);

	return 0;
}

/**
 * tyr_fw_parse() - Check a firmware image and list what to load
 * @dev: Device to report problems against, or NULL.
 * @data: The image.
 * @size: Its size.
 * @img: Filled in; to release with tyr_fw_image_release() on success.
 *
 * Return: 0 on success; -EINVAL for a bad image; -ENOMEM. On failure,
 * nothing is left allocated in @img.
 */
int tyr_fw_parse(struct device *dev, const u8 *data, size_t size,
		 struct tyr_fw_image *img)
{
	int ret;

	memset(img, 0, sizeof(*img));
	ret = tyr_fw_parse_entries(dev, data, size, img);
	if (ret)
		tyr_fw_image_release(img);

	return ret;
}

/**
 * tyr_fw_shared_section() - The section that holds the interface
 * @img: A parsed image.
 *
 * Return: The shared section at %TYR_FW_SHARED_VA, or NULL.
 */
const struct tyr_fw_section *tyr_fw_shared_section(const struct tyr_fw_image *img)
{
	unsigned int i;

	for (i = 0; i < img->section_count; i++) {
		const struct tyr_fw_section *sec = &img->sections[i];

		if ((sec->flags & TYR_FW_SEC_SHARED) &&
		    sec->va_start == TYR_FW_SHARED_VA && sec->va_end > sec->va_start)
			return sec;
	}

	return NULL;
}

/**
 * tyr_fw_image_release() - Free what tyr_fw_parse() allocated
 * @img: The image description.
 */
void tyr_fw_image_release(struct tyr_fw_image *img)
{
	kfree(img->sections);
	img->sections = NULL;
	img->section_count = 0;
}

/**
 * tyr_fw_load() - Load a firmware image and boot the MCU on it
 * @tdev: The device, powered, with its MMU set up.
 * @name: Name of the image, for the log.
 * @data: The image.
 * @size: Its size.
 *
 * Return: 0 with the firmware running; -EINVAL for a bad image; the error
 * of tyr_mcu_init() otherwise.
 */
int tyr_fw_load(struct tyr_device *tdev, const char *name, const u8 *data,
		size_t size)
{
	struct tyr_fw_image img;
	int ret;

	ret = tyr_fw_parse(tdev->base.dev, data, size, &img);
	if (ret)
		return ret;

	drm_info(&tdev->base,
		 "firmware %s: format 0.%u, version hash 0x%08x, git %s, %u sections (%u protected-mode left out)\n",
		 name, img.minor, img.version_hash,
		 img.git_sha[0] ? img.git_sha : "unknown",
		 img.section_count, img.prot_skipped);

	ret = tyr_mcu_init(tdev, data, size, &img);
	tyr_fw_image_release(&img);
	return ret;
}

/**
 * tyr_fw_init() - Get the firmware of the GPU, load it and boot the MCU
 * @tdev: The device, with its identity read and its MMU set up.
 *
 * Return: 0 on success; the error of request_firmware() for a missing file;
 * -EINVAL for a bad one; the error of tyr_fw_load() otherwise.
 */
int tyr_fw_init(struct tyr_device *tdev)
{
	u32 gpu_id = tdev->gpu_info.gpu_id;
	struct device *dev = tdev->base.dev;
	const struct firmware *blob;
	char name[48];
	int ret;

	snprintf(name, sizeof(name), "arm/mali/arch%lu.%lu/mali_csffw.bin",
		 FIELD_GET(TYR_GPU_ID_ARCH_MAJOR, gpu_id),
		 FIELD_GET(TYR_GPU_ID_ARCH_MINOR, gpu_id));

	ret = request_firmware(&blob, name, dev);
	if (ret)
		return dev_err_probe(dev, ret, "cannot get the firmware %s\n",
				     name);

	ret = tyr_fw_load(tdev, name, blob->data, blob->size);
	release_firmware(blob);
	return ret;
}
