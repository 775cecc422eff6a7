// SPDX-License-Identifier: GPL-2.0
// tyr-vk: write a storage buffer, one word per invocation.
#version 450

layout(local_size_x = 64) in;

layout(std430, set = 0, binding = 0) buffer Out {
	uint data[];
} out_buf;

layout(push_constant) uniform Push {
	uint seed;
} push;

void main()
{
	uint i = gl_GlobalInvocationID.x;

	out_buf.data[i] = i * 2654435761u + push.seed;
}
