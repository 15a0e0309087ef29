package My::Suite::Replica_guard;
@ISA = qw(My::Suite);

# scripts/test builds the plugin before running the suite; without it every
# test would fail, so say so once instead.
my $dir = $ENV{REPLICA_GUARD_PLUGIN_DIR} || '';
return "REPLICA_GUARD_PLUGIN_DIR is not set (run scripts/test)" unless $dir;
return "no replica_guard.so in $dir (run scripts/build)"
  unless -f "$dir/replica_guard.so";

# Checked when the servers shut down, after the per-test suppressions are
# gone: the maturity notice every non-stable plugin logs at start-up, the
# monitor's transition lines written while replication stops at shutdown,
# and the configuration checks' findings: mtr's servers run sync_binlog=0
# and rings with default auto-increment settings, which the checks report
# on every server (tests that are about a check search for its line).
push @::global_suppressions,
  qr/Plugin 'REPLICA_GUARD.*' is of maturity level gamma/,
  qr/replica_guard: check: /,
  qr/replica_guard: replica connection /,
  qr/Slave: Duplicate entry/;

bless { };
