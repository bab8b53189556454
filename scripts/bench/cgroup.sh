# Puts the calling shell into a cgroup with a CPU quota and, optionally, a memory limit (sourced by pod-java and
# lambda-cpu, which then exec the JVM so it inherits them). Needs root and the cpu (and memory) controllers:
# cgroup v1 (a child of this process's own cgroup in each controller, since a sandbox may already confine us) or
# cgroup v2 (a child of the root). On failure: a one-line reason on stderr, exit 2.
# join_limits NAME CPU_QUOTA_US_PER_100MS [MEMORY_BYTES]
join_limits() {
  local name=$1 quota=$2 bytes=${3:-}
  cgroup_fail() {
    echo "$(basename "$0"): cannot apply the limits here ($1); run as root on a machine with cgroup cpu and memory" \
      "controllers, or turn the limits off (BENCH_POD=off, BENCH_LAMBDA_CPU=off)" >&2
    exit 2
  }
  if [ -f /sys/fs/cgroup/cpu/cpu.cfs_quota_us ]; then
    local own cpu_dir mem_dir
    own() { awk -F: -v c="$1" '$2 == c {print $3}' /proc/self/cgroup; }
    cpu_dir="/sys/fs/cgroup/cpu$(own cpu)/$name"; cpu_dir=${cpu_dir//\/\//\/}
    mkdir -p "$cpu_dir" 2>/dev/null || cgroup_fail "cannot create $cpu_dir"
    { echo 100000 > "$cpu_dir/cpu.cfs_period_us" && echo "$quota" > "$cpu_dir/cpu.cfs_quota_us"; } 2>/dev/null \
      || cgroup_fail "cannot write $cpu_dir's quota"
    if [ -n "$bytes" ]; then
      [ -d /sys/fs/cgroup/memory ] || cgroup_fail "no memory controller"
      mem_dir="/sys/fs/cgroup/memory$(own memory)/$name"; mem_dir=${mem_dir//\/\//\/}
      mkdir -p "$mem_dir" 2>/dev/null || cgroup_fail "cannot create $mem_dir"
      echo "$bytes" > "$mem_dir/memory.limit_in_bytes" 2>/dev/null || cgroup_fail "cannot write $mem_dir's limit"
      echo $$ > "$mem_dir/cgroup.procs" 2>/dev/null || cgroup_fail "cannot join $mem_dir"
    fi
    echo $$ > "$cpu_dir/cgroup.procs" 2>/dev/null || cgroup_fail "cannot join $cpu_dir"
  elif [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    local dir=/sys/fs/cgroup/$name
    echo "+cpu +memory" > /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null || true
    mkdir -p "$dir" 2>/dev/null || cgroup_fail "cannot create $dir"
    echo "$quota 100000" > "$dir/cpu.max" 2>/dev/null || cgroup_fail "cannot write $dir/cpu.max"
    if [ -n "$bytes" ]; then
      echo "$bytes" > "$dir/memory.max" 2>/dev/null || cgroup_fail "cannot write $dir/memory.max"
    fi
    echo $$ > "$dir/cgroup.procs" 2>/dev/null || cgroup_fail "cannot join $dir"
  else
    cgroup_fail "no cgroup cpu controller found"
  fi
}
