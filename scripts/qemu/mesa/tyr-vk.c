// SPDX-License-Identifier: GPL-2.0
/*
 * tyr-vk: Vulkan 1.1 through Debian's Mesa (panvk) on the Tyr render node.
 *
 * Creates an instance, picks the Mali-G610, a device with a queue family
 * that does graphics and compute, a render pass and framebuffer on a
 * 256x256 colour image, a graphics pipeline (shaders/tri.vert, tri.frag), a
 * compute pipeline writing a storage buffer bound through a descriptor set
 * (shaders/fill.comp), and a second buffer.  Each iteration records one
 * command buffer (the render pass with a draw, a dispatch, vkCmdFillBuffer,
 * vkCmdCopyBuffer, with their barriers), submits it with a fence, waits for
 * the fence (a timeout is a failure) and resets it.  Everything is destroyed
 * at the end.
 *
 * Prints "TYR-MESA: vk running" after the first iteration, then
 * "TYR-MESA: vk iterations=N ips=X.X ...".
 *
 * Usage: tyr-vk [--iterations N]
 */

#include <stdint.h>

#include <vulkan/vulkan.h>

#include "tyr-mesa.h"

/* SPIR-V, compiled from shaders/ by glslangValidator at build time. */
#include "tri.vert.h"
#include "tri.frag.h"
#include "fill.comp.h"

#define WIDTH			256
#define HEIGHT			256
#define COLOR_FORMAT		VK_FORMAT_R8G8B8A8_UNORM
#define LOCAL_SIZE		64	/* fill.comp's local_size_x */
#define GROUPS			16
#define BUF_SIZE		(LOCAL_SIZE * GROUPS * 4)
#define DEFAULT_ITERATIONS	10
/* vkWaitForFences: generous, the GPU is a model and the CPU may be TCG. */
#define FENCE_TIMEOUT_NS	(30ull * 1000 * 1000 * 1000)

struct vk {
	VkInstance instance;
	VkPhysicalDevice phys;
	VkPhysicalDeviceMemoryProperties mem_props;
	uint32_t family;
	VkDevice dev;
	VkQueue queue;

	VkImage image;
	VkDeviceMemory image_mem;
	VkImageView view;
	VkRenderPass pass;
	VkFramebuffer fb;

	VkBuffer buf[2];
	VkDeviceMemory buf_mem[2];

	VkDescriptorSetLayout set_layout;
	VkDescriptorPool desc_pool;
	VkDescriptorSet set;
	VkPipelineLayout gfx_layout, comp_layout;
	VkPipeline gfx, comp;

	VkCommandPool cmd_pool;
	VkCommandBuffer cmd;
	VkFence fence;
};

#define RESULT(r)	{ r, #r }
static const struct {
	VkResult result;
	const char *name;
} vk_results[] = {
	RESULT(VK_SUCCESS),
	RESULT(VK_NOT_READY),
	RESULT(VK_TIMEOUT),
	RESULT(VK_INCOMPLETE),
	RESULT(VK_ERROR_OUT_OF_HOST_MEMORY),
	RESULT(VK_ERROR_OUT_OF_DEVICE_MEMORY),
	RESULT(VK_ERROR_INITIALIZATION_FAILED),
	RESULT(VK_ERROR_DEVICE_LOST),
	RESULT(VK_ERROR_MEMORY_MAP_FAILED),
	RESULT(VK_ERROR_LAYER_NOT_PRESENT),
	RESULT(VK_ERROR_EXTENSION_NOT_PRESENT),
	RESULT(VK_ERROR_FEATURE_NOT_PRESENT),
	RESULT(VK_ERROR_INCOMPATIBLE_DRIVER),
	RESULT(VK_ERROR_TOO_MANY_OBJECTS),
	RESULT(VK_ERROR_FORMAT_NOT_SUPPORTED),
	RESULT(VK_ERROR_UNKNOWN),
};
#undef RESULT

static const char *vk_result(VkResult r)
{
	static char buf[32];
	size_t i;

	for (i = 0; i < sizeof(vk_results) / sizeof(vk_results[0]); i++) {
		if (vk_results[i].result == r)
			return vk_results[i].name;
	}
	snprintf(buf, sizeof(buf), "VkResult %d", (int)r);
	return buf;
}

/* Every call that returns a VkResult goes through this. */
#define VK(call) do {							\
	VkResult r_ = (call);						\
	if (r_ != VK_SUCCESS)						\
		tm_fail("%s: %s", #call, vk_result(r_));		\
} while (0)

static uint32_t memory_type(struct vk *v, uint32_t bits,
			    VkMemoryPropertyFlags want)
{
	uint32_t i;

	for (i = 0; i < v->mem_props.memoryTypeCount; i++) {
		if ((bits & (1u << i)) &&
		    (v->mem_props.memoryTypes[i].propertyFlags & want) == want)
			return i;
	}
	tm_fail("no memory type with flags 0x%x in 0x%x", want, bits);
}

static VkDeviceMemory allocate(struct vk *v, const VkMemoryRequirements *req,
			       VkMemoryPropertyFlags want)
{
	VkMemoryAllocateInfo info = {
		.sType = VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO,
		.allocationSize = req->size,
		.memoryTypeIndex = memory_type(v, req->memoryTypeBits, want),
	};
	VkDeviceMemory mem;

	VK(vkAllocateMemory(v->dev, &info, NULL, &mem));
	return mem;
}

static void create_instance(struct vk *v)
{
	VkApplicationInfo app = {
		.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO,
		.pApplicationName = "tyr-vk",
		.applicationVersion = 1,
		.pEngineName = "tyr",
		.engineVersion = 1,
		.apiVersion = VK_API_VERSION_1_1,
	};
	VkInstanceCreateInfo info = {
		.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO,
		.pApplicationInfo = &app,
	};
	uint32_t version = 0;

	VK(vkEnumerateInstanceVersion(&version));
	tm_say("loader: Vulkan %u.%u.%u", VK_API_VERSION_MAJOR(version),
	       VK_API_VERSION_MINOR(version), VK_API_VERSION_PATCH(version));
	VK(vkCreateInstance(&info, NULL, &v->instance));
}

static void pick_device(struct vk *v)
{
	VkPhysicalDevice devs[8];
	VkPhysicalDeviceProperties props;
	VkQueueFamilyProperties fams[16];
	uint32_t n = 8, nfam = 16, i;
	const VkQueueFlags want = VK_QUEUE_GRAPHICS_BIT | VK_QUEUE_COMPUTE_BIT;

	VK(vkEnumeratePhysicalDevices(v->instance, &n, devs));
	v->phys = VK_NULL_HANDLE;
	for (i = 0; i < n; i++) {
		vkGetPhysicalDeviceProperties(devs[i], &props);
		tm_say("physical device %u: \"%s\", Vulkan %u.%u.%u, driver 0x%x, "
		       "vendor 0x%x, device 0x%x", i, props.deviceName,
		       VK_API_VERSION_MAJOR(props.apiVersion),
		       VK_API_VERSION_MINOR(props.apiVersion),
		       VK_API_VERSION_PATCH(props.apiVersion),
		       props.driverVersion, props.vendorID, props.deviceID);
		if (v->phys == VK_NULL_HANDLE &&
		    strstr(props.deviceName, TM_GPU_NAME)) {
			if (props.apiVersion < VK_API_VERSION_1_1)
				tm_fail("\"%s\" only has Vulkan %u.%u",
					props.deviceName,
					VK_API_VERSION_MAJOR(props.apiVersion),
					VK_API_VERSION_MINOR(props.apiVersion));
			v->phys = devs[i];
		}
	}
	if (v->phys == VK_NULL_HANDLE)
		tm_fail("no physical device named %s among %u", TM_GPU_NAME, n);
	vkGetPhysicalDeviceMemoryProperties(v->phys, &v->mem_props);

	vkGetPhysicalDeviceQueueFamilyProperties(v->phys, &nfam, fams);
	for (i = 0; i < nfam; i++) {
		if ((fams[i].queueFlags & want) == want && fams[i].queueCount)
			break;
	}
	if (i == nfam)
		tm_fail("no queue family with graphics and compute among %u",
			nfam);
	v->family = i;
	tm_say("queue family %u: flags 0x%x, %u queue(s)", i,
	       fams[i].queueFlags, fams[i].queueCount);
}

static void create_device(struct vk *v)
{
	const float prio = 1.0f;
	VkDeviceQueueCreateInfo queue = {
		.sType = VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO,
		.queueFamilyIndex = v->family,
		.queueCount = 1,
		.pQueuePriorities = &prio,
	};
	VkDeviceCreateInfo info = {
		.sType = VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO,
		.queueCreateInfoCount = 1,
		.pQueueCreateInfos = &queue,
	};

	VK(vkCreateDevice(v->phys, &info, NULL, &v->dev));
	vkGetDeviceQueue(v->dev, v->family, 0, &v->queue);
}

static void create_target(struct vk *v)
{
	VkImageCreateInfo image = {
		.sType = VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO,
		.imageType = VK_IMAGE_TYPE_2D,
		.format = COLOR_FORMAT,
		.extent = { WIDTH, HEIGHT, 1 },
		.mipLevels = 1,
		.arrayLayers = 1,
		.samples = VK_SAMPLE_COUNT_1_BIT,
		.tiling = VK_IMAGE_TILING_OPTIMAL,
		.usage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT |
			 VK_IMAGE_USAGE_TRANSFER_SRC_BIT,
		.sharingMode = VK_SHARING_MODE_EXCLUSIVE,
		.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED,
	};
	VkImageViewCreateInfo view = {
		.sType = VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO,
		.viewType = VK_IMAGE_VIEW_TYPE_2D,
		.format = COLOR_FORMAT,
		.subresourceRange = {
			.aspectMask = VK_IMAGE_ASPECT_COLOR_BIT,
			.levelCount = 1,
			.layerCount = 1,
		},
	};
	VkAttachmentDescription att = {
		.format = COLOR_FORMAT,
		.samples = VK_SAMPLE_COUNT_1_BIT,
		.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR,
		.storeOp = VK_ATTACHMENT_STORE_OP_STORE,
		.stencilLoadOp = VK_ATTACHMENT_LOAD_OP_DONT_CARE,
		.stencilStoreOp = VK_ATTACHMENT_STORE_OP_DONT_CARE,
		.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED,
		.finalLayout = VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
	};
	VkAttachmentReference ref = {
		.attachment = 0,
		.layout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
	};
	VkSubpassDescription subpass = {
		.pipelineBindPoint = VK_PIPELINE_BIND_POINT_GRAPHICS,
		.colorAttachmentCount = 1,
		.pColorAttachments = &ref,
	};
	/* The previous iteration's writes, then a transfer may read it. */
	VkSubpassDependency deps[2] = {
		{
			.srcSubpass = VK_SUBPASS_EXTERNAL,
			.dstSubpass = 0,
			.srcStageMask = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT,
			.dstStageMask = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT,
			.srcAccessMask = 0,
			.dstAccessMask = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT,
		}, {
			.srcSubpass = 0,
			.dstSubpass = VK_SUBPASS_EXTERNAL,
			.srcStageMask = VK_PIPELINE_STAGE_COLOR_ATTACHMENT_OUTPUT_BIT,
			.dstStageMask = VK_PIPELINE_STAGE_TRANSFER_BIT,
			.srcAccessMask = VK_ACCESS_COLOR_ATTACHMENT_WRITE_BIT,
			.dstAccessMask = VK_ACCESS_TRANSFER_READ_BIT,
		},
	};
	VkRenderPassCreateInfo pass = {
		.sType = VK_STRUCTURE_TYPE_RENDER_PASS_CREATE_INFO,
		.attachmentCount = 1,
		.pAttachments = &att,
		.subpassCount = 1,
		.pSubpasses = &subpass,
		.dependencyCount = 2,
		.pDependencies = deps,
	};
	VkFramebufferCreateInfo fb = {
		.sType = VK_STRUCTURE_TYPE_FRAMEBUFFER_CREATE_INFO,
		.attachmentCount = 1,
		.width = WIDTH,
		.height = HEIGHT,
		.layers = 1,
	};
	VkMemoryRequirements req;

	VK(vkCreateImage(v->dev, &image, NULL, &v->image));
	vkGetImageMemoryRequirements(v->dev, v->image, &req);
	v->image_mem = allocate(v, &req, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
	VK(vkBindImageMemory(v->dev, v->image, v->image_mem, 0));
	view.image = v->image;
	VK(vkCreateImageView(v->dev, &view, NULL, &v->view));
	VK(vkCreateRenderPass(v->dev, &pass, NULL, &v->pass));
	fb.renderPass = v->pass;
	fb.pAttachments = &v->view;
	VK(vkCreateFramebuffer(v->dev, &fb, NULL, &v->fb));
}

static void create_buffers(struct vk *v)
{
	static const VkBufferUsageFlags usage[2] = {
		/* Written by the compute shader, copied from. */
		VK_BUFFER_USAGE_STORAGE_BUFFER_BIT |
			VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
		/* Filled, then copied to; host-visible. */
		VK_BUFFER_USAGE_TRANSFER_DST_BIT,
	};
	static const VkMemoryPropertyFlags props[2] = {
		VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT,
		VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT |
			VK_MEMORY_PROPERTY_HOST_COHERENT_BIT,
	};
	VkBufferCreateInfo info = {
		.sType = VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO,
		.size = BUF_SIZE,
		.sharingMode = VK_SHARING_MODE_EXCLUSIVE,
	};
	VkMemoryRequirements req;
	void *map;
	int i;

	for (i = 0; i < 2; i++) {
		info.usage = usage[i];
		VK(vkCreateBuffer(v->dev, &info, NULL, &v->buf[i]));
		vkGetBufferMemoryRequirements(v->dev, v->buf[i], &req);
		v->buf_mem[i] = allocate(v, &req, props[i]);
		VK(vkBindBufferMemory(v->dev, v->buf[i], v->buf_mem[i], 0));
	}
	/* The host-visible one maps; its content is not checked. */
	VK(vkMapMemory(v->dev, v->buf_mem[1], 0, VK_WHOLE_SIZE, 0, &map));
	memset(map, 0, BUF_SIZE);
	vkUnmapMemory(v->dev, v->buf_mem[1]);
}

static VkShaderModule shader(struct vk *v, const uint32_t *code, size_t size)
{
	VkShaderModuleCreateInfo info = {
		.sType = VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO,
		.codeSize = size,
		.pCode = code,
	};
	VkShaderModule mod;

	VK(vkCreateShaderModule(v->dev, &info, NULL, &mod));
	return mod;
}

static void create_descriptors(struct vk *v)
{
	VkDescriptorSetLayoutBinding binding = {
		.binding = 0,
		.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
		.descriptorCount = 1,
		.stageFlags = VK_SHADER_STAGE_COMPUTE_BIT,
	};
	VkDescriptorSetLayoutCreateInfo layout = {
		.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO,
		.bindingCount = 1,
		.pBindings = &binding,
	};
	VkDescriptorPoolSize size = {
		.type = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
		.descriptorCount = 1,
	};
	VkDescriptorPoolCreateInfo pool = {
		.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO,
		.flags = VK_DESCRIPTOR_POOL_CREATE_FREE_DESCRIPTOR_SET_BIT,
		.maxSets = 1,
		.poolSizeCount = 1,
		.pPoolSizes = &size,
	};
	VkDescriptorSetAllocateInfo alloc = {
		.sType = VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO,
		.descriptorSetCount = 1,
	};
	VkDescriptorBufferInfo buf = {
		.offset = 0,
		.range = VK_WHOLE_SIZE,
	};
	VkWriteDescriptorSet write = {
		.sType = VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET,
		.dstBinding = 0,
		.descriptorCount = 1,
		.descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER,
		.pBufferInfo = &buf,
	};

	VK(vkCreateDescriptorSetLayout(v->dev, &layout, NULL, &v->set_layout));
	VK(vkCreateDescriptorPool(v->dev, &pool, NULL, &v->desc_pool));
	alloc.descriptorPool = v->desc_pool;
	alloc.pSetLayouts = &v->set_layout;
	VK(vkAllocateDescriptorSets(v->dev, &alloc, &v->set));
	buf.buffer = v->buf[0];
	write.dstSet = v->set;
	vkUpdateDescriptorSets(v->dev, 1, &write, 0, NULL);
}

static void create_graphics_pipeline(struct vk *v)
{
	VkShaderModule vs = shader(v, spv_tri_vert, sizeof(spv_tri_vert));
	VkShaderModule fs = shader(v, spv_tri_frag, sizeof(spv_tri_frag));
	VkPipelineShaderStageCreateInfo stages[2] = {
		{
			.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
			.stage = VK_SHADER_STAGE_VERTEX_BIT,
			.module = vs,
			.pName = "main",
		}, {
			.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
			.stage = VK_SHADER_STAGE_FRAGMENT_BIT,
			.module = fs,
			.pName = "main",
		},
	};
	VkPipelineVertexInputStateCreateInfo input = {
		.sType = VK_STRUCTURE_TYPE_PIPELINE_VERTEX_INPUT_STATE_CREATE_INFO,
	};
	VkPipelineInputAssemblyStateCreateInfo assembly = {
		.sType = VK_STRUCTURE_TYPE_PIPELINE_INPUT_ASSEMBLY_STATE_CREATE_INFO,
		.topology = VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST,
	};
	VkViewport viewport = {
		.width = WIDTH,
		.height = HEIGHT,
		.maxDepth = 1.0f,
	};
	VkRect2D scissor = { .extent = { WIDTH, HEIGHT } };
	VkPipelineViewportStateCreateInfo vp = {
		.sType = VK_STRUCTURE_TYPE_PIPELINE_VIEWPORT_STATE_CREATE_INFO,
		.viewportCount = 1,
		.pViewports = &viewport,
		.scissorCount = 1,
		.pScissors = &scissor,
	};
	VkPipelineRasterizationStateCreateInfo raster = {
		.sType = VK_STRUCTURE_TYPE_PIPELINE_RASTERIZATION_STATE_CREATE_INFO,
		.polygonMode = VK_POLYGON_MODE_FILL,
		.cullMode = VK_CULL_MODE_NONE,
		.frontFace = VK_FRONT_FACE_COUNTER_CLOCKWISE,
		.lineWidth = 1.0f,
	};
	VkPipelineMultisampleStateCreateInfo ms = {
		.sType = VK_STRUCTURE_TYPE_PIPELINE_MULTISAMPLE_STATE_CREATE_INFO,
		.rasterizationSamples = VK_SAMPLE_COUNT_1_BIT,
	};
	VkPipelineColorBlendAttachmentState blend_att = {
		.colorWriteMask = VK_COLOR_COMPONENT_R_BIT |
				  VK_COLOR_COMPONENT_G_BIT |
				  VK_COLOR_COMPONENT_B_BIT |
				  VK_COLOR_COMPONENT_A_BIT,
	};
	VkPipelineColorBlendStateCreateInfo blend = {
		.sType = VK_STRUCTURE_TYPE_PIPELINE_COLOR_BLEND_STATE_CREATE_INFO,
		.attachmentCount = 1,
		.pAttachments = &blend_att,
	};
	VkPipelineLayoutCreateInfo layout = {
		.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO,
	};
	VkGraphicsPipelineCreateInfo info = {
		.sType = VK_STRUCTURE_TYPE_GRAPHICS_PIPELINE_CREATE_INFO,
		.stageCount = 2,
		.pStages = stages,
		.pVertexInputState = &input,
		.pInputAssemblyState = &assembly,
		.pViewportState = &vp,
		.pRasterizationState = &raster,
		.pMultisampleState = &ms,
		.pColorBlendState = &blend,
		.subpass = 0,
	};

	VK(vkCreatePipelineLayout(v->dev, &layout, NULL, &v->gfx_layout));
	info.layout = v->gfx_layout;
	info.renderPass = v->pass;
	VK(vkCreateGraphicsPipelines(v->dev, VK_NULL_HANDLE, 1, &info, NULL,
				     &v->gfx));
	vkDestroyShaderModule(v->dev, fs, NULL);
	vkDestroyShaderModule(v->dev, vs, NULL);
}

static void create_compute_pipeline(struct vk *v)
{
	VkShaderModule cs = shader(v, spv_fill_comp, sizeof(spv_fill_comp));
	VkPushConstantRange push = {
		.stageFlags = VK_SHADER_STAGE_COMPUTE_BIT,
		.size = sizeof(uint32_t),
	};
	VkPipelineLayoutCreateInfo layout = {
		.sType = VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO,
		.setLayoutCount = 1,
		.pSetLayouts = &v->set_layout,
		.pushConstantRangeCount = 1,
		.pPushConstantRanges = &push,
	};
	VkComputePipelineCreateInfo info = {
		.sType = VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO,
		.stage = {
			.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO,
			.stage = VK_SHADER_STAGE_COMPUTE_BIT,
			.module = cs,
			.pName = "main",
		},
	};

	VK(vkCreatePipelineLayout(v->dev, &layout, NULL, &v->comp_layout));
	info.layout = v->comp_layout;
	VK(vkCreateComputePipelines(v->dev, VK_NULL_HANDLE, 1, &info, NULL,
				    &v->comp));
	vkDestroyShaderModule(v->dev, cs, NULL);
}

static void create_commands(struct vk *v)
{
	VkCommandPoolCreateInfo pool = {
		.sType = VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO,
		.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT,
		.queueFamilyIndex = v->family,
	};
	VkCommandBufferAllocateInfo alloc = {
		.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO,
		.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY,
		.commandBufferCount = 1,
	};
	VkFenceCreateInfo fence = {
		.sType = VK_STRUCTURE_TYPE_FENCE_CREATE_INFO,
	};

	VK(vkCreateCommandPool(v->dev, &pool, NULL, &v->cmd_pool));
	alloc.commandPool = v->cmd_pool;
	VK(vkAllocateCommandBuffers(v->dev, &alloc, &v->cmd));
	VK(vkCreateFence(v->dev, &fence, NULL, &v->fence));
}

static void buffer_barrier(VkCommandBuffer cmd, VkBuffer buf,
			   VkPipelineStageFlags src_stage, VkAccessFlags src,
			   VkPipelineStageFlags dst_stage, VkAccessFlags dst)
{
	VkBufferMemoryBarrier b = {
		.sType = VK_STRUCTURE_TYPE_BUFFER_MEMORY_BARRIER,
		.srcAccessMask = src,
		.dstAccessMask = dst,
		.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
		.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED,
		.buffer = buf,
		.size = VK_WHOLE_SIZE,
	};

	vkCmdPipelineBarrier(cmd, src_stage, dst_stage, 0, 0, NULL, 1, &b, 0,
			     NULL);
}

static void record(struct vk *v, uint32_t iter)
{
	VkCommandBufferBeginInfo begin = {
		.sType = VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO,
		.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT,
	};
	VkClearValue clear = {
		.color.float32 = { (iter % 8) / 8.0f, 0.25f, 0.5f, 1.0f },
	};
	VkRenderPassBeginInfo rp = {
		.sType = VK_STRUCTURE_TYPE_RENDER_PASS_BEGIN_INFO,
		.renderPass = v->pass,
		.framebuffer = v->fb,
		.renderArea = { .extent = { WIDTH, HEIGHT } },
		.clearValueCount = 1,
		.pClearValues = &clear,
	};
	VkBufferCopy copy = { .size = BUF_SIZE };
	VkCommandBuffer cmd = v->cmd;

	VK(vkBeginCommandBuffer(cmd, &begin));

	vkCmdBeginRenderPass(cmd, &rp, VK_SUBPASS_CONTENTS_INLINE);
	vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, v->gfx);
	vkCmdDraw(cmd, 3, 1, 0, 0);
	vkCmdEndRenderPass(cmd);

	/* The previous iteration's copy read buffer 0: WAR. */
	buffer_barrier(cmd, v->buf[0], VK_PIPELINE_STAGE_TRANSFER_BIT, 0,
		       VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
		       VK_ACCESS_SHADER_WRITE_BIT);
	vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, v->comp);
	vkCmdBindDescriptorSets(cmd, VK_PIPELINE_BIND_POINT_COMPUTE,
				v->comp_layout, 0, 1, &v->set, 0, NULL);
	vkCmdPushConstants(cmd, v->comp_layout, VK_SHADER_STAGE_COMPUTE_BIT, 0,
			   sizeof(iter), &iter);
	vkCmdDispatch(cmd, GROUPS, 1, 1);

	/* Buffer 1: host reads of the last iteration, then fill. */
	buffer_barrier(cmd, v->buf[1], VK_PIPELINE_STAGE_HOST_BIT,
		       VK_ACCESS_HOST_READ_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT,
		       VK_ACCESS_TRANSFER_WRITE_BIT);
	vkCmdFillBuffer(cmd, v->buf[1], 0, VK_WHOLE_SIZE, 0xdeadbeef + iter);

	/* Shader writes of buffer 0 and the fill of buffer 1, then copy. */
	buffer_barrier(cmd, v->buf[0], VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT,
		       VK_ACCESS_SHADER_WRITE_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT,
		       VK_ACCESS_TRANSFER_READ_BIT);
	buffer_barrier(cmd, v->buf[1], VK_PIPELINE_STAGE_TRANSFER_BIT,
		       VK_ACCESS_TRANSFER_WRITE_BIT,
		       VK_PIPELINE_STAGE_TRANSFER_BIT,
		       VK_ACCESS_TRANSFER_WRITE_BIT);
	vkCmdCopyBuffer(cmd, v->buf[0], v->buf[1], 1, &copy);
	buffer_barrier(cmd, v->buf[1], VK_PIPELINE_STAGE_TRANSFER_BIT,
		       VK_ACCESS_TRANSFER_WRITE_BIT, VK_PIPELINE_STAGE_HOST_BIT,
		       VK_ACCESS_HOST_READ_BIT);

	VK(vkEndCommandBuffer(cmd));
}

static void iteration(struct vk *v, uint32_t iter)
{
	VkSubmitInfo submit = {
		.sType = VK_STRUCTURE_TYPE_SUBMIT_INFO,
		.commandBufferCount = 1,
		.pCommandBuffers = &v->cmd,
	};
	VkResult r;

	record(v, iter);
	VK(vkQueueSubmit(v->queue, 1, &submit, v->fence));
	r = vkWaitForFences(v->dev, 1, &v->fence, VK_TRUE, FENCE_TIMEOUT_NS);
	if (r == VK_TIMEOUT)
		tm_fail("iteration %u: fence not signalled after %llu s", iter,
			FENCE_TIMEOUT_NS / 1000000000ull);
	if (r != VK_SUCCESS)
		tm_fail("iteration %u: vkWaitForFences: %s", iter, vk_result(r));
	VK(vkResetFences(v->dev, 1, &v->fence));
}

static void destroy(struct vk *v)
{
	int i;

	VK(vkDeviceWaitIdle(v->dev));
	vkDestroyFence(v->dev, v->fence, NULL);
	vkFreeCommandBuffers(v->dev, v->cmd_pool, 1, &v->cmd);
	vkDestroyCommandPool(v->dev, v->cmd_pool, NULL);
	vkDestroyPipeline(v->dev, v->comp, NULL);
	vkDestroyPipeline(v->dev, v->gfx, NULL);
	vkDestroyPipelineLayout(v->dev, v->comp_layout, NULL);
	vkDestroyPipelineLayout(v->dev, v->gfx_layout, NULL);
	VK(vkFreeDescriptorSets(v->dev, v->desc_pool, 1, &v->set));
	vkDestroyDescriptorPool(v->dev, v->desc_pool, NULL);
	vkDestroyDescriptorSetLayout(v->dev, v->set_layout, NULL);
	for (i = 1; i >= 0; i--) {
		vkDestroyBuffer(v->dev, v->buf[i], NULL);
		vkFreeMemory(v->dev, v->buf_mem[i], NULL);
	}
	vkDestroyFramebuffer(v->dev, v->fb, NULL);
	vkDestroyRenderPass(v->dev, v->pass, NULL);
	vkDestroyImageView(v->dev, v->view, NULL);
	vkDestroyImage(v->dev, v->image, NULL);
	vkFreeMemory(v->dev, v->image_mem, NULL);
	vkDestroyDevice(v->dev, NULL);
	vkDestroyInstance(v->instance, NULL);
}

int main(int argc, char **argv)
{
	unsigned int iterations = DEFAULT_ITERATIONS, i;
	struct vk v = { 0 };
	double t0, t1, t2;
	int a;

	tm_init("vk");
	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--iterations"))
			iterations = tm_count(argv[a], argv[a + 1]), a++;
		else
			tm_fail("usage: tyr-vk [--iterations N]");
	}

	t0 = tm_now();
	create_instance(&v);
	pick_device(&v);
	create_device(&v);
	create_target(&v);
	create_buffers(&v);
	create_descriptors(&v);
	create_graphics_pipeline(&v);
	create_compute_pipeline(&v);
	create_commands(&v);
	t1 = tm_now();
	iteration(&v, 0);
	t2 = tm_now();
	tm_say("running (setup %.2f s, first iteration %.2f s)", t1 - t0,
	       t2 - t1);
	for (i = 1; i < iterations; i++)
		iteration(&v, i);
	t2 = tm_now();
	destroy(&v);
	tm_say("iterations=%u ips=%.1f setup=%.2fs", iterations,
	       iterations / (t2 - t1), t1 - t0);
	return 0;
}
