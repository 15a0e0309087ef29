# Sourced by every script: the one place that names the MariaDB versions.
#
# The plugin serves INFORMATION_SCHEMA tables, whose interface version is
# MYSQL_VERSION_ID << 8: it loads only into the exact server it was compiled
# against. So the Debian binaries and the source tree must carry one version.
#
# Supported builds, one row each:
#   Debian release, Debian package version of MariaDB, where mariadb-test
#   puts mysql-test-run, status.
# Status "tested": the source is served and every test passes on it.
# "no-source": Debian serves the binaries but answers 404 for the source
# (checked 2026-12): scripts/setup stops there with a clear message.
RG_BUILDS="
12 1:10.11.18-0+deb12u1  /usr/share/mysql/mysql-test       tested
13 1:11.8.9+ds-0+deb13u1 /usr/share/mariadb/mariadb-test   no-source
"

die() { echo "replica_guard: $*" >&2; exit 1; }
say() { echo "== $*"; }

# Prints the row of RG_BUILDS whose field number $1 equals $2, or nothing.
rg_build_row() {
  awk -v f="$1" -v v="$2" 'NF && $f == v { print; exit }' <<<"$RG_BUILDS"
}

# The row in force: RG_MARIADB_DEB_VERSION when set, else the installed
# mariadb-server's version when it is a row, else this Debian release's.
rg_select_build() {
  local v release
  if [ -n "${RG_MARIADB_DEB_VERSION:-}" ]; then
    RG_BUILD_ROW="$(rg_build_row 2 "$RG_MARIADB_DEB_VERSION")"
    [ -n "$RG_BUILD_ROW" ] ||
      die "RG_MARIADB_DEB_VERSION=$RG_MARIADB_DEB_VERSION is not a supported \
build (scripts/env.sh, RG_BUILDS)"
    return 0
  fi
  v="$(dpkg-query -W -f='${Version}' mariadb-server 2>/dev/null || true)"
  RG_BUILD_ROW="$([ -z "$v" ] || rg_build_row 2 "$v")"
  [ -n "$RG_BUILD_ROW" ] && return 0
  release="$(. /etc/os-release 2>/dev/null && echo "${VERSION_ID:-}")"
  RG_BUILD_ROW="$(rg_build_row 1 "$release")"
  [ -n "$RG_BUILD_ROW" ] ||
    die "no supported MariaDB build for Debian '${release:-unknown}' \
(supported: $(awk 'NF { printf "%s%s", s, $1; s=", " }' <<<"$RG_BUILDS"))"
}
rg_select_build

read -r RG_DEBIAN_RELEASE MARIADB_DEB_VERSION RG_MTR_DIR RG_BUILD_STATUS \
  <<<"$RG_BUILD_ROW"
# 1:11.8.9+ds-0+deb13u1 -> 11.8.9
MARIADB_UPSTREAM_VERSION="${MARIADB_DEB_VERSION#*:}"
MARIADB_UPSTREAM_VERSION="${MARIADB_UPSTREAM_VERSION%%[-+]*}"

RG_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Cache for the MariaDB source and its configured build tree (ignored by git).
RG_CACHE="${REPLICA_GUARD_CACHE:-$RG_ROOT/.cache}"
RG_SRC="$RG_CACHE/mariadb-$MARIADB_UPSTREAM_VERSION"
RG_SRC_BUILD="$RG_CACHE/build-$MARIADB_UPSTREAM_VERSION"
RG_BUILD="$RG_ROOT/build"
MTR="$RG_MTR_DIR/mariadb-test-run.pl"

MARIADB_PACKAGES="mariadb-server mariadb-server-core mariadb-client
  mariadb-client-core mariadb-common mariadb-test mariadb-test-data libmariadb3
  mariadb-plugin-provider-bzip2 mariadb-plugin-provider-lz4
  mariadb-plugin-provider-lzma mariadb-plugin-provider-lzo
  mariadb-plugin-provider-snappy"

# Prints the version of the installed mariadbd ("10.11.18"), or nothing.
installed_server_version() {
  command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || return 0
  /usr/sbin/mariadbd --version 2>/dev/null |
    sed -n 's/.*Ver \([0-9][0-9.]*\)-.*/\1/p'
}

# Fails with a clear message unless the installed server matches the source.
require_matching_server() {
  local v
  v="$(installed_server_version)"
  [ "$v" = "$MARIADB_UPSTREAM_VERSION" ] && return 0
  die "installed mariadbd is '${v:-absent}', but the plugin is built for \
$MARIADB_UPSTREAM_VERSION (INFORMATION_SCHEMA plugins load only into the exact \
server version). Run scripts/setup to install and pin the matching packages."
}
