// SPDX-License-Identifier: GPL-2.0 or MIT
/*
 * KUnit tests of the firmware image parser: synthetic images, valid and
 * broken in every way the parser checks, and the real file when the kernel
 * has it.
 */

#include <linux/bitfield.h>
#include <linux/firmware.h>
#include <linux/mm.h>
#include <linux/sizes.h>
#include <linux/string.h>
#include <linux/unaligned.h>
#include <linux/vmalloc.h>

#include <kunit/device.h>
#include <kunit/test.h>

#include "../tyr_fw.h"
#include "tyr_test.h"

#define TYR_FW_TEST_REAL	"arm/mali/arch10.8/mali_csffw.bin"

static void tyr_fw_test_vfree(void *p)
{
	vfree(p);
}

/*
 * Parse @len bytes of @data from a copy that ends right before a vmalloc
 * guard page, so that reading past the end faults.
 */
static int tyr_fw_test_parse(struct kunit *test, const u8 *data, size_t len,
			     struct tyr_fw_image *fw)
{
	size_t room = max_t(size_t, PAGE_ALIGN(len), PAGE_SIZE);
	u8 *copy;
	int ret;

	copy = vmalloc(room);
	KUNIT_ASSERT_NOT_NULL(test, copy);
	KUNIT_ASSERT_EQ(test, kunit_add_action_or_reset(test, tyr_fw_test_vfree,
							copy), 0);
	memcpy(copy + room - len, data, len);

	ret = tyr_fw_parse(NULL, copy + room - len, len, fw);
	if (ret) {
		/* Nothing kept on failure (release is still allowed). */
		KUNIT_EXPECT_EQ(test, fw->section_count, 0);
		tyr_fw_image_release(fw);
	}
	return ret;
}

static void tyr_fw_test_valid_image(struct kunit *test)
{
	struct tyr_test_fw_img *img = kunit_kzalloc(test, sizeof(*img),
						    GFP_KERNEL);
	const struct tyr_fw_section *shared;
	struct tyr_fw_image fw;

	KUNIT_ASSERT_NOT_NULL(test, img);
	tyr_test_fw_valid(img);
	KUNIT_ASSERT_EQ(test, tyr_fw_test_parse(test, img->buf, sizeof(img->buf),
						&fw), 0);

	KUNIT_EXPECT_EQ(test, fw.major, 0);
	KUNIT_EXPECT_EQ(test, fw.minor, 3);
	KUNIT_EXPECT_EQ(test, fw.version_hash, 0x01010000);
	KUNIT_EXPECT_STREQ(test, fw.git_sha,
			   "0123456789abcdef0123456789abcdef01234567");
	KUNIT_EXPECT_EQ(test, fw.section_count, 3);
	KUNIT_EXPECT_EQ(test, fw.prot_skipped, 1);
	KUNIT_EXPECT_EQ(test, fw.entries_skipped, 1);
	KUNIT_EXPECT_EQ(test, fw.sections[0].va_end, 0x2000);
	KUNIT_EXPECT_EQ(test, fw.sections[1].data_start,
			TYR_TEST_FW_DATA_AT + 0x100);
	KUNIT_EXPECT_EQ(test, fw.sections[0].name_len, 8);
	KUNIT_EXPECT_EQ(test, memcmp(fw.sections[0].name, "section", 7), 0);

	shared = tyr_fw_shared_section(&fw);
	KUNIT_ASSERT_NOT_NULL(test, shared);
	KUNIT_EXPECT_EQ(test, shared->va_end - shared->va_start, 0xc000);
	KUNIT_EXPECT_EQ(test, FIELD_GET(TYR_FW_SEC_CACHE, shared->flags), 3);
	tyr_fw_image_release(&fw);
}

/* A way to break a valid image, and the size of the file to parse. */
struct tyr_fw_test_case {
	const char *name;
	void (*corrupt)(struct tyr_test_fw_img *img, size_t *len);
};

#define CORRUPT(fn) \
	static void fn(struct tyr_test_fw_img *img, size_t *len)

/* Offset of the first IFACE entry's fields. */
#define IFACE0		(20 + 4)

CORRUPT(truncated_header)
{
	*len = 19;
}

CORRUPT(bad_magic)
{
	img->buf[0] ^= 1;
}

CORRUPT(bad_major)
{
	img->buf[5] = 1;
}

CORRUPT(size_past_file)
{
	put_unaligned_le32(*len + 4, img->buf + 16);
}

CORRUPT(size_below_header)
{
	put_unaligned_le32(19, img->buf + 16);
}

CORRUPT(entry_size_zero)
{
	img->buf[21] = 0;
}

CORRUPT(entry_size_unaligned)
{
	img->buf[21] = 30;
}

CORRUPT(entry_past_end)
{
	put_unaligned_le32(20 + 16, img->buf + 16);
}

CORRUPT(entry_header_cut)
{
	put_unaligned_le32(get_unaligned_le32(img->buf + 16) + 2,
			   img->buf + 16);
}

CORRUPT(iface_too_small)
{
	/* An entry of 20 bytes: no room for all the fields. */
	img->buf[21] = 20;
	put_unaligned_le32(20 + 20, img->buf + 16);
}

CORRUPT(data_past_file)
{
	put_unaligned_le32(0x1001, img->buf + IFACE0 + 16);
}

CORRUPT(data_reversed)
{
	put_unaligned_le32(TYR_TEST_FW_DATA_AT - 4, img->buf + IFACE0 + 16);
}

CORRUPT(va_unaligned)
{
	put_unaligned_le32(0x800, img->buf + IFACE0 + 4);
}

CORRUPT(va_end_unaligned)
{
	put_unaligned_le32(0x1800, img->buf + IFACE0 + 8);
}

CORRUPT(va_reversed)
{
	put_unaligned_le32(0x4000, img->buf + IFACE0 + 4);
}

CORRUPT(data_larger_than_va)
{
	/* An empty VA range for 0x100 bytes of data. */
	put_unaligned_le32(0x2000, img->buf + IFACE0 + 4);
}

CORRUPT(overlapping_va)
{
	/* The second section starts inside the first. */
	put_unaligned_le32(0x1000, img->buf + 20 + 32 + 8);
}

CORRUPT(no_shared)
{
	u32 flags = get_unaligned_le32(img->buf + 20 + 3 * 32 + 4);

	put_unaligned_le32(flags & ~TYR_FW_SEC_SHARED,
			   img->buf + 20 + 3 * 32 + 4);
}

CORRUPT(shared_elsewhere)
{
	put_unaligned_le32(TYR_FW_SHARED_VA + 0x10000,
			   img->buf + 20 + 3 * 32 + 8);
	put_unaligned_le32(TYR_FW_SHARED_VA + 0x1c000,
			   img->buf + 20 + 3 * 32 + 12);
}

CORRUPT(unknown_flags)
{
	img->buf[IFACE0 + 1] |= 0x40;
}

CORRUPT(unknown_entry)
{
	/* The optional entry of an unknown type made mandatory. */
	img->buf[20 + 4 * 32 + 3] &= 0x7f;
}

static const struct tyr_fw_test_case tyr_fw_test_cases_bad[] = {
	{ "truncated header", truncated_header },
	{ "bad magic", bad_magic },
	{ "major not 0", bad_major },
	{ "size larger than the file", size_past_file },
	{ "size smaller than the header", size_below_header },
	{ "entry size 0", entry_size_zero },
	{ "entry size unaligned", entry_size_unaligned },
	{ "entry past the end", entry_past_end },
	{ "entry header cut", entry_header_cut },
	{ "IFACE entry too small", iface_too_small },
	{ "data past the end of the file", data_past_file },
	{ "data end before start", data_reversed },
	{ "VA start not page-aligned", va_unaligned },
	{ "VA end not page-aligned", va_end_unaligned },
	{ "VA end before start", va_reversed },
	{ "data larger than the VA range", data_larger_than_va },
	{ "overlapping VA ranges", overlapping_va },
	{ "no shared section", no_shared },
	{ "shared section elsewhere", shared_elsewhere },
	{ "unknown section flags", unknown_flags },
	{ "unknown non-optional entry", unknown_entry },
};

static void tyr_fw_test_bad_images(struct kunit *test)
{
	struct tyr_test_fw_img *img = kunit_kzalloc(test, sizeof(*img),
						    GFP_KERNEL);
	struct tyr_fw_image fw;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, img);
	for (i = 0; i < ARRAY_SIZE(tyr_fw_test_cases_bad); i++) {
		size_t len = sizeof(img->buf);

		tyr_test_fw_valid(img);
		tyr_fw_test_cases_bad[i].corrupt(img, &len);
		KUNIT_EXPECT_EQ_MSG(test, tyr_fw_test_parse(test, img->buf, len,
							    &fw), -EINVAL,
				    "%s", tyr_fw_test_cases_bad[i].name);
	}
}

/* Every prefix of an image is refused, and none is read past its end. */
static void tyr_fw_test_truncations(struct kunit *test)
{
	struct tyr_test_fw_img *img = kunit_kzalloc(test, sizeof(*img),
						    GFP_KERNEL);
	struct tyr_fw_image fw;
	size_t len;

	KUNIT_ASSERT_NOT_NULL(test, img);
	tyr_test_fw_valid(img);
	/* The shared section's data ends the image. */
	for (len = 0; len < TYR_TEST_FW_DATA_AT + 0x400; len += 3)
		KUNIT_EXPECT_EQ_MSG(test, tyr_fw_test_parse(test, img->buf, len,
							    &fw), -EINVAL,
				    "%zu bytes", len);
}

static void tyr_fw_test_real_file(struct kunit *test)
{
	const struct tyr_fw_section *shared;
	const struct firmware *blob;
	struct tyr_fw_image fw;
	struct device *dev;
	unsigned int i, data = 0;

	dev = kunit_device_register(test, "tyr-fw");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, dev);
	if (request_firmware_direct(&blob, TYR_FW_TEST_REAL, dev))
		kunit_skip(test, "no %s in this kernel", TYR_FW_TEST_REAL);

	KUNIT_EXPECT_EQ(test, tyr_fw_test_parse(test, blob->data, blob->size,
						&fw), 0);
	kunit_info(test, "%zu bytes, format 0.%u, version hash 0x%08x, git %s, %u sections, %u protected skipped",
		   blob->size, fw.minor, fw.version_hash, fw.git_sha,
		   fw.section_count, fw.prot_skipped);
	KUNIT_EXPECT_EQ(test, fw.major, 0);
	KUNIT_EXPECT_EQ(test, strlen(fw.git_sha), 40);
	KUNIT_EXPECT_EQ(test, fw.section_count, 7);
	KUNIT_EXPECT_EQ(test, fw.prot_skipped, 1);
	for (i = 0; i < fw.section_count; i++)
		data += fw.sections[i].data_end - fw.sections[i].data_start;
	KUNIT_EXPECT_GT(test, data, 0);
	shared = tyr_fw_shared_section(&fw);
	KUNIT_ASSERT_NOT_NULL(test, shared);
	KUNIT_EXPECT_EQ(test, shared->va_end - shared->va_start, SZ_32K + SZ_16K);
	tyr_fw_image_release(&fw);

	/* Cut anywhere before its end, the real file is refused too. */
	for (i = 0; i < blob->size; i += blob->size / 257 + 1)
		KUNIT_EXPECT_EQ(test, tyr_fw_test_parse(test, blob->data, i, &fw),
				-EINVAL);

	release_firmware(blob);
}

static struct kunit_case tyr_fw_test_cases[] = {
	KUNIT_CASE(tyr_fw_test_valid_image),
	KUNIT_CASE(tyr_fw_test_bad_images),
	KUNIT_CASE(tyr_fw_test_truncations),
	KUNIT_CASE(tyr_fw_test_real_file),
	{}
};

static struct kunit_suite tyr_fw_test_suite = {
	.name = "tyr_fw",
	.test_cases = tyr_fw_test_cases,
};

kunit_test_suite(tyr_fw_test_suite);
