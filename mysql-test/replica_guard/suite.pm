package My::Suite::Replica_guard;
@ISA = qw(My::Suite);

# scripts/test builds the plugin before running the suite; without it every
# test would fail, so say so once instead.
my $dir = $ENV{REPLICA_GUARD_PLUGIN_DIR} || '';
return "REPLICA_GUARD_PLUGIN_DIR is not set (run scripts/test)" unless $dir;
return "no replica_guard.so in $dir (run scripts/build)"
  unless -f "$dir/replica_guard.so";

bless { };
