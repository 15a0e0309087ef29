# Sourced by every script: the one place that names the MariaDB version.
#
# The plugin serves INFORMATION_SCHEMA tables, whose interface version is
# MYSQL_VERSION_ID << 8: it loads only into the exact server it was compiled
# against. So the Debian binaries and the source tree must carry one version.
MARIADB_DEB_VERSION="1:10.11.18-0+deb12u1"
MARIADB_UPSTREAM_VERSION="10.11.18"

RG_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Cache for the MariaDB source and its configured build tree (ignored by git).
RG_CACHE="${REPLICA_GUARD_CACHE:-$RG_ROOT/.cache}"
RG_SRC="$RG_CACHE/mariadb-$MARIADB_UPSTREAM_VERSION"
RG_SRC_BUILD="$RG_CACHE/build-$MARIADB_UPSTREAM_VERSION"
RG_BUILD="$RG_ROOT/build"
MTR="/usr/share/mysql/mysql-test/mariadb-test-run.pl"

MARIADB_PACKAGES="mariadb-server mariadb-server-core mariadb-client
  mariadb-client-core mariadb-common mariadb-test mariadb-test-data libmariadb3
  mariadb-plugin-provider-bzip2 mariadb-plugin-provider-lz4
  mariadb-plugin-provider-lzma mariadb-plugin-provider-lzo
  mariadb-plugin-provider-snappy"

die() { echo "replica_guard: $*" >&2; exit 1; }
say() { echo "== $*"; }

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
