# SPDX-License-Identifier: GPL-2.0
#
# Shared helpers for the Tyr workflow scripts (tyr-tree, tyr-check, tyr-run).
# Source it, do not execute it:  . "$(dirname "$0")/lib.sh"

# Debian's tools (python3 with python3-ply for checkpatch's SPDX check, the
# cross compilers, ...) come first, whatever else the environment provides.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin${PATH:+:$PATH}
export LC_ALL=C.UTF-8

TYR_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TYR_SCRIPTS=$TYR_REPO/scripts
TYR_BUILD=$TYR_REPO/build

# The base tree: Debian's linux-source-6.12, imported into git reproducibly.
TYR_SRC_PKG=linux-source-6.12
TYR_SRC_VERSION=6.12.117-1~deb12u1
TYR_SRC_TARBALL=/usr/src/linux-source-6.12.tar.xz
TYR_BASE_COMMIT=c25e8fb85a1b4ceab9af3633c5e9084f6a4e3310
TYR_BASE_TREE=4ed5056c1f97050724968e1ac360ec1dca605a07
TYR_BASE_DATE=2024-11-17T00:00:00+0000
TYR_DEV_NAME="Tyr Developers"
TYR_DEV_EMAIL=tyr-dev@example.org

TYR_ARCH=arm64
TYR_CROSS=aarch64-linux-gnu-
TYR_QEMU_CONFIG=$TYR_SCRIPTS/qemu/tyr-qemu.config

# Debian packages the scripts need ("name" or "name=version").
TYR_PACKAGES=(
	git make gcc libc6-dev bc flex bison libelf-dev libssl-dev
	ccache cpio rsync kmod dwarves python3 perl xz-utils
	sparse b4 python3-ply python3-git
	gcc-aarch64-linux-gnu libc6-dev-arm64-cross
	qemu-system-arm device-tree-compiler
	"$TYR_SRC_PKG=$TYR_SRC_VERSION"
	firmware-misc-nonfree
)

tyr_msg()
{
	echo "tyr: $*" >&2
}

tyr_die()
{
	echo "tyr: error: $*" >&2
	exit 1
}

# Seconds since the epoch (for step timings).
tyr_now()
{
	date +%s
}

# Print a duration in seconds as "Mm SSs".
tyr_fmt_secs()
{
	printf '%dm%02ds' $(($1 / 60)) $(($1 % 60))
}

# Is Debian package $1 (optionally "name=version") installed?
tyr_pkg_installed()
{
	local name=${1%%=*} want= have

	[[ $1 == *=* ]] && want=${1#*=}
	have=$(dpkg-query -W -f='${db:Status-Status} ${Version}' "$name" \
		2>/dev/null) || return 1
	[[ $have == "installed "* ]] || return 1
	[[ -z $want || ${have#installed } == "$want" ]]
}

# Install whatever of TYR_PACKAGES (plus "$@") is missing, from Debian's
# mirrors plus bookworm-backports (our own sources list; the system's apt
# configuration is never edited).  No apt at all when nothing is missing.
tyr_ensure_packages()
{
	local p missing=() apt=(apt-get) list=$TYR_SCRIPTS/apt/bookworm-backports.list

	for p in "${TYR_PACKAGES[@]}" "$@"; do
		tyr_pkg_installed "$p" || missing+=("$p")
	done
	[[ ${#missing[@]} -eq 0 ]] && return 0

	tyr_msg "installing missing Debian packages: ${missing[*]}"
	if [[ $(id -u) -ne 0 ]]; then
		command -v sudo >/dev/null ||
			tyr_die "not root and no sudo: install ${missing[*]}"
		apt=(sudo apt-get)
	fi
	export DEBIAN_FRONTEND=noninteractive
	"${apt[@]}" -o Dir::Etc::SourceList="$list" -q update >&2 ||
		tyr_die "apt-get update failed"
	"${apt[@]}" -o Dir::Etc::SourceList="$list" -q -y -o Dpkg::Use-Pty=0 \
		--no-install-recommends install "${missing[@]}" >&2 ||
		tyr_die "apt-get install ${missing[*]} failed"
}

# ccache for all kernel builds.  CCACHE_BASEDIR makes hits independent of
# where the repository is checked out.
tyr_ccache_env()
{
	export CCACHE_DIR=${CCACHE_DIR:-$HOME/.ccache}
	export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
	export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$TYR_REPO}
	mkdir -p "$CCACHE_DIR"
}

tyr_jobs()
{
	nproc
}

# tyr_arm64_make SRC O [make args...]: cross make for arm64 with ccache.
tyr_arm64_make()
{
	local src=$1 o=$2

	shift 2
	make -C "$src" O="$o" ARCH=$TYR_ARCH CROSS_COMPILE=$TYR_CROSS \
		CC="ccache ${TYR_CROSS}gcc" -j"$(tyr_jobs)" "$@"
}

# tyr_check_fragment CONFIG FRAGMENT: every symbol set by FRAGMENT must have
# that value in CONFIG.  DRM_TYR* symbols are only checked once the driver
# exists (i.e. its Kconfig symbol shows up in CONFIG at all).
tyr_check_fragment()
{
	local config=$1 frag=$2 line sym val have bad=0 tyr_known=0

	grep -q '^CONFIG_DRM_TYR=' "$config" && tyr_known=1
	while IFS= read -r line; do
		if [[ $line =~ ^(CONFIG_[A-Za-z0-9_]+)=(.*)$ ]]; then
			sym=${BASH_REMATCH[1]}
			val=${BASH_REMATCH[2]}
		elif [[ $line =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set$ ]]; then
			sym=${BASH_REMATCH[1]}
			val=n
		else
			continue
		fi
		[[ $sym == CONFIG_DRM_TYR* && $tyr_known -eq 0 ]] && continue
		have=$(grep -E "^$sym=" "$config" | tail -n1)
		have=${have#*=}
		[[ -z $have ]] && have=n
		if [[ $have != "$val" ]]; then
			tyr_msg "config: $sym=$val requested by ${frag##*/}, got $have"
			bad=1
		fi
	done < "$frag"
	return $bad
}

# tyr_arm64_config SRC O [model]: the arm64 kernel configuration used by the
# QEMU run and by tyr-check: allnoconfig + scripts/qemu/tyr-qemu.config, then
# olddefconfig.  With model=n, CONFIG_DRM_TYR_MODEL is switched off (the
# real-hardware build).  .config keeps its timestamp when nothing changed.
tyr_arm64_config()
{
	local src=$1 o=$2 model=${3:-y} frag=$2/tyr-fragment.config

	mkdir -p "$o"
	cp "$TYR_QEMU_CONFIG" "$frag"
	if [[ $model == n ]]; then
		# The KUnit suites run on the model, so they go with it.
		sed -i '/CONFIG_DRM_TYR_MODEL[= ]/d; /CONFIG_DRM_TYR_KUNIT_TEST[= ]/d' "$frag"
		echo '# CONFIG_DRM_TYR_MODEL is not set' >> "$frag"
		echo '# CONFIG_DRM_TYR_KUNIT_TEST is not set' >> "$frag"
	fi
	[[ -f $o/.config ]] && cp -p "$o/.config" "$o/.config.tyr-prev"
	tyr_arm64_make "$src" "$o" allnoconfig >/dev/null &&
	(cd "$src" && ARCH=$TYR_ARCH scripts/kconfig/merge_config.sh -m \
		-O "$o" "$o/.config" "$frag" >/dev/null) &&
	tyr_arm64_make "$src" "$o" olddefconfig >/dev/null ||
		return 1
	if [[ -f $o/.config.tyr-prev ]]; then
		cmp -s "$o/.config" "$o/.config.tyr-prev" &&
			touch -r "$o/.config.tyr-prev" "$o/.config"
		rm -f "$o/.config.tyr-prev"
	fi
	tyr_check_fragment "$o/.config" "$frag"
}

# Does the tree at SRC contain the driver yet?
tyr_has_driver()
{
	[[ -d $1/drivers/gpu/drm/tyr ]]
}
