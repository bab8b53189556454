package org.dsm.orchestrator.core.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform's limits from the files the kernel writes, in their real formats: cgroup v2 ("max",
 * "quota period"), v1 (the page-aligned long for "unlimited", -1 for no quota), nested paths from
 * {@code /proc/self/cgroup}, mounts from {@code /proc/self/mountinfo}; and on this machine's own
 * cgroup file system, with a child process placed in a cgroup with the Knative pod's limits.
 */
class CgroupReaderTest {
  private static final long MIB = 1024 * 1024;
  private static final String V2_MOUNT =
      "30 23 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2"
          + " rw,nsdelegate,memory_recursiveprot\n";
  private static final String POD =
      "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod5f1c.slice";
  private static final String CONTAINER = POD + "/cri-containerd-9a3e.scope";

  @TempDir Path root;

  /** A Knative pod (cpu "1", memory 768Mi) on a cgroup v2 node, seen without a cgroup namespace. */
  @Test
  void cgroupV2PodLimitsAndFiguresFromTheContainersNestedCgroup() throws IOException {
    write("proc/self/cgroup", "0::/" + CONTAINER + "\n");
    write("proc/self/mountinfo", V2_MOUNT);
    write("sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory hugetlb pids rdma misc\n");
    write("sys/fs/cgroup/" + POD + "/memory.max", "max\n");
    write("sys/fs/cgroup/" + POD + "/cpu.max", "max 100000\n");
    String dir = "sys/fs/cgroup/" + CONTAINER + "/";
    write(dir + "cgroup.controllers", "cpu memory pids\n");
    write(dir + "memory.max", "805306368\n");
    write(dir + "memory.current", "744488960\n");
    write(dir + "memory.peak", "790626304\n");
    write(
        dir + "memory.stat",
        "anon 700448768\nfile 44040192\nkernel 5242880\nactive_anon 700448768\n"
            + "inactive_anon 0\nactive_file 33554432\ninactive_file 10485760\n");
    write(dir + "cpu.max", "100000 100000\n");
    write(
        dir + "cpu.stat",
        "usage_usec 93184215\nuser_usec 80035120\nsystem_usec 13149095\nnr_periods 2410\n"
            + "nr_throttled 1530\nthrottled_usec 48215117\nnr_bursts 0\nburst_usec 0\n");

    PlatformSample sample = new CgroupReader(root, "proc/self/cgroup", Map.of()).get();

    assertThat(sample.memoryLimitBytes()).isEqualTo(768 * MIB);
    // 744488960 charged less 10 MiB of inactive file cache
    assertThat(sample.workingSetBytes()).isEqualTo(744488960L - 10 * MIB);
    assertThat(sample.memoryPeakBytes()).isEqualTo(790626304L);
    assertThat(sample.cpuLimitCores()).isEqualTo(1.0);
    assertThat(sample.cpuPeriods()).isEqualTo(2410);
    assertThat(sample.cpuThrottledPeriods()).isEqualTo(1530);
  }

  /**
   * A developer's session or a systemd slice: a memory cgroup without a limit charges every process
   * in it (other JVMs, the build), so its charge is not reported as this process's working set.
   */
  @Test
  void anUnlimitedCgroupSharedWithOtherProcessesGivesNoWorkingSet() throws IOException {
    String session = "user.slice/user-0.slice/session-1.scope";
    write("proc/self/cgroup", "0::/" + session + "\n");
    write("proc/self/mountinfo", V2_MOUNT);
    write("sys/fs/cgroup/" + session + "/memory.max", "max\n");
    write("sys/fs/cgroup/" + session + "/memory.current", "1173905408\n");
    write("sys/fs/cgroup/" + session + "/memory.stat", "inactive_file 0\n");

    PlatformSample sample = new CgroupReader(root, "proc/self/cgroup", Map.of()).get();

    assertThat(sample.memoryLimitBytes()).isNull();
    assertThat(sample.workingSetBytes()).isNull();
  }

  /** A limit on a parent (the pod's) binds when it is lower than the container's own. */
  @Test
  void theLowestLimitOnThePathBinds() throws IOException {
    write("proc/self/cgroup", "0::/" + CONTAINER + "\n");
    write("proc/self/mountinfo", V2_MOUNT);
    write("sys/fs/cgroup/" + POD + "/memory.max", "536870912\n");
    write("sys/fs/cgroup/" + POD + "/cpu.max", "50000 100000\n");
    write("sys/fs/cgroup/" + POD + "/cpu.stat", "nr_periods 10\nnr_throttled 4\n");
    String dir = "sys/fs/cgroup/" + CONTAINER + "/";
    write(dir + "cgroup.controllers", "cpu memory\n");
    write(dir + "memory.max", "max\n");
    write(dir + "memory.current", "1000\n");
    write(dir + "memory.stat", "inactive_file 0\n");
    write(dir + "cpu.max", "max 100000\n");

    PlatformSample sample = new CgroupReader(root, "proc/self/cgroup", Map.of()).get();

    assertThat(sample.memoryLimitBytes()).isEqualTo(512 * MIB);
    assertThat(sample.cpuLimitCores()).isEqualTo(0.5);
    assertThat(sample.cpuPeriods()).isEqualTo(10); // where the binding quota is
    assertThat(sample.cpuThrottledPeriods()).isEqualTo(4);
  }

  /** In a cgroup namespace the process sees its own cgroup as "/": the mount is its cgroup. */
  @Test
  void namespacedCgroupV2IsTheMountItself() throws IOException {
    write("proc/self/cgroup", "0::/\n");
    write("proc/self/mountinfo", V2_MOUNT);
    write("sys/fs/cgroup/cgroup.controllers", "cpu memory pids\n");
    write("sys/fs/cgroup/memory.max", "805306368\n");
    write("sys/fs/cgroup/memory.current", "104857600\n");
    write("sys/fs/cgroup/memory.stat", "inactive_file 4194304\n");
    write("sys/fs/cgroup/cpu.max", "150000 100000\n");

    PlatformSample sample = new CgroupReader(root, "proc/self/cgroup", Map.of()).get();

    assertThat(sample.memoryLimitBytes()).isEqualTo(768 * MIB);
    assertThat(sample.workingSetBytes()).isEqualTo(96 * MIB);
    assertThat(sample.cpuLimitCores()).isEqualTo(1.5);
  }

  /**
   * cgroup v1 as Docker mounts it (the container's cgroup as the mount's root, cpu and cpuacct
   * together): "unlimited" is a huge page-aligned number and no quota is -1, neither a limit.
   */
  @Test
  void cgroupV1UnlimitedValuesAreNoLimits() throws IOException {
    write(
        "proc/self/cgroup",
        "12:pids:/docker/3f2a\n4:memory:/docker/3f2a\n3:cpu,cpuacct:/docker/3f2a\n0::/system.slice\n");
    write(
        "proc/self/mountinfo",
        "25 24 0:22 /docker/3f2a /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory\n"
            + "26 24 0:23 /docker/3f2a /sys/fs/cgroup/cpu,cpuacct ro,nosuid - cgroup cgroup"
            + " rw,cpu,cpuacct\n");
    write("sys/fs/cgroup/memory/memory.limit_in_bytes", "9223372036854771712\n");
    write("sys/fs/cgroup/memory/memory.usage_in_bytes", "209715200\n");
    write(
        "sys/fs/cgroup/memory/memory.stat",
        "cache 20971520\nrss 188743680\ninactive_file 1\ntotal_inactive_file 8388608\n");
    write("sys/fs/cgroup/cpu,cpuacct/cpu.cfs_quota_us", "-1\n");
    write("sys/fs/cgroup/cpu,cpuacct/cpu.cfs_period_us", "100000\n");

    PlatformSample sample = new CgroupReader(root, "proc/self/cgroup", Map.of()).get();

    assertThat(sample.memoryLimitBytes()).isNull();
    // without a limit the charge is not reported: it has nothing to be compared with, and an
    // unlimited cgroup may hold other processes (anUnlimitedCgroupSharedWithOtherProcesses...)
    assertThat(sample.workingSetBytes()).isNull();
    assertThat(sample.cpuLimitCores()).isNull();
    assertThat(sample.cpuPeriods()).isEqualTo(-1);
  }

  @Test
  void cgroupV1LimitsInAKubernetesPod() throws IOException {
    String path = "/kubepods/burstable/pod5f1c/9a3e";
    write("proc/self/cgroup", "4:memory:" + path + "\n3:cpu,cpuacct:" + path + "\n");
    write(
        "proc/self/mountinfo",
        "25 24 0:22 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n"
            + "26 24 0:23 / /sys/fs/cgroup/cpu,cpuacct rw - cgroup cgroup rw,cpu,cpuacct\n");
    write("sys/fs/cgroup/memory" + path + "/memory.limit_in_bytes", "805306368\n");
    write("sys/fs/cgroup/memory" + path + "/memory.usage_in_bytes", "0\n");
    write("sys/fs/cgroup/memory" + path + "/memory.max_usage_in_bytes", "536870912\n");
    write("sys/fs/cgroup/cpu,cpuacct" + path + "/cpu.cfs_quota_us", "100000\n");
    write("sys/fs/cgroup/cpu,cpuacct" + path + "/cpu.cfs_period_us", "100000\n");
    write(
        "sys/fs/cgroup/cpu,cpuacct" + path + "/cpu.stat",
        "nr_periods 500\nnr_throttled 120\nthrottled_time 7000000000\n");

    PlatformSample sample = new CgroupReader(root, "proc/self/cgroup", Map.of()).get();

    assertThat(sample.memoryLimitBytes()).isEqualTo(768 * MIB);
    assertThat(sample.memoryPeakBytes()).isEqualTo(512 * MIB);
    assertThat(sample.cpuLimitCores()).isEqualTo(1.0);
    assertThat(sample.cpuThrottledPeriods()).isEqualTo(120);
  }

  /**
   * A kernel before 5.19 writes no {@code memory.peak}: unknown, not 0; an unlimited cgroup's peak
   * is other processes' too, so it is not reported either.
   */
  @Test
  void noPeakWhereTheKernelWritesNoneOrTheCgroupIsShared() throws IOException {
    write("proc/self/cgroup", "0::/" + CONTAINER + "\n");
    write("proc/self/mountinfo", V2_MOUNT);
    String dir = "sys/fs/cgroup/" + CONTAINER + "/";
    write(dir + "cgroup.controllers", "memory\n");
    write(dir + "memory.max", "805306368\n");
    write(dir + "memory.current", "1000\n");

    assertThat(new CgroupReader(root, "proc/self/cgroup", Map.of()).get().memoryPeakBytes())
        .isNull();

    write(dir + "memory.max", "max\n");
    write(dir + "memory.peak", "4096\n");
    assertThat(new CgroupReader(root, "proc/self/cgroup", Map.of()).get().memoryPeakBytes())
        .isNull();
  }

  /** Lambda: the configured memory is the limit, and it sets the CPU share (1,769 MB per vCPU). */
  @Test
  void lambdaMemorySizeIsTheLimitAndSetsTheCpuShare() {
    PlatformSample sample =
        new CgroupReader(root, "proc/self/cgroup", Map.of(CgroupReader.LAMBDA_MEMORY_ENV, "1024"))
            .get();
    assertThat(sample.memoryLimitBytes()).isEqualTo(1024 * MIB);
    assertThat(sample.cpuLimitCores()).isCloseTo(1024 / 1769.0, within(1e-9));
    assertThat(sample.workingSetBytes()).isNull();
  }

  /** A developer's machine: nothing to compare with, not the host's memory. */
  @Test
  void noCgroupNoLambdaNoLimits() {
    assertThat(new CgroupReader(root, "proc/self/cgroup", Map.of()).get())
        .isEqualTo(PlatformSample.NONE);
  }

  /**
   * A container moved to another cgroup: its old directory is removed, the next sample finds the
   * new one.
   */
  @Test
  void aCgroupThatHasGoneIsFoundAgainByTheNextSample() throws IOException {
    write("proc/self/mountinfo", V2_MOUNT);
    write("proc/self/cgroup", "0::/" + CONTAINER + "\n");
    String old = "sys/fs/cgroup/" + CONTAINER + "/";
    write(old + "cgroup.controllers", "memory\n");
    write(old + "memory.max", "805306368\n");
    CgroupReader reader = new CgroupReader(root, "proc/self/cgroup", Map.of());
    assertThat(reader.get().memoryLimitBytes()).isEqualTo(768 * MIB);

    String moved = POD + "/cri-containerd-b71f.scope";
    write("proc/self/cgroup", "0::/" + moved + "\n");
    write("sys/fs/cgroup/" + moved + "/cgroup.controllers", "memory\n");
    write("sys/fs/cgroup/" + moved + "/memory.max", "1073741824\n");
    deleteTree(root.resolve(old));

    assertThat(reader.get().memoryLimitBytes()).isEqualTo(1024 * MIB);
  }

  @Test
  void throttledPercentComesFromTheCountersBetweenTwoSamples() {
    PlatformSample before = new PlatformSample(null, null, 1.0, 100, 10);
    PlatformSample after = new PlatformSample(null, null, 1.0, 110, 18);
    assertThat(PlatformSample.throttledPercent(before, after)).isEqualTo(80.0);
    assertThat(PlatformSample.throttledPercent(before, before)).isNull();
    assertThat(PlatformSample.throttledPercent(PlatformSample.NONE, after)).isNull();
  }

  /**
   * This machine's own cgroup file system (root only): a child process placed in cgroups with the
   * Knative manifest's limits, read through its {@code /proc/<pid>/cgroup} like ours.
   */
  @Test
  void realCgroupFilesOfAProcessWithThePodsLimits() throws Exception {
    Path cgroups = Path.of("/sys/fs/cgroup");
    boolean v1 = Files.isRegularFile(cgroups.resolve("cpu/cpu.cfs_quota_us"));
    boolean v2 = Files.isRegularFile(cgroups.resolve("cgroup.controllers"));
    assumeTrue((v1 || v2) && Files.isWritable(cgroups.resolve(v1 ? "cpu" : "")), "root, cgroups");
    String name = "cgroup-reader-test-" + UUID.randomUUID();
    Process child = new ProcessBuilder("sleep", "60").start();
    List<Path> made = new java.util.ArrayList<>();
    try {
      String pid = Long.toString(child.pid());
      if (v1) {
        Path memory = cgroups.resolve("memory" + ownV1("memory")).resolve(name);
        Path cpu = cgroups.resolve("cpu" + ownV1("cpu")).resolve(name);
        made.add(Files.createDirectories(memory));
        made.add(Files.createDirectories(cpu));
        Files.writeString(memory.resolve("memory.limit_in_bytes"), Long.toString(768 * MIB));
        Files.writeString(cpu.resolve("cpu.cfs_quota_us"), "100000");
        Files.writeString(cpu.resolve("cpu.cfs_period_us"), "100000");
        Files.writeString(memory.resolve("cgroup.procs"), pid);
        Files.writeString(cpu.resolve("cgroup.procs"), pid);
      } else {
        Files.writeString(cgroups.resolve("cgroup.subtree_control"), "+cpu +memory");
        Path dir = Files.createDirectories(cgroups.resolve(name));
        made.add(dir);
        Files.writeString(dir.resolve("memory.max"), Long.toString(768 * MIB));
        Files.writeString(dir.resolve("cpu.max"), "100000 100000");
        Files.writeString(dir.resolve("cgroup.procs"), pid);
      }

      PlatformSample sample =
          new CgroupReader(Path.of("/"), "proc/" + pid + "/cgroup", Map.of()).get();

      assertThat(sample.memoryLimitBytes()).isEqualTo(768 * MIB);
      assertThat(sample.cpuLimitCores()).isEqualTo(1.0);
      assertThat(sample.workingSetBytes()).isNotNull().isNotNegative();
      // read after the working set, and never below a charge it saw
      assertThat(sample.memoryPeakBytes())
          .isNotNull()
          .isGreaterThanOrEqualTo(sample.workingSetBytes());
    } finally {
      child.destroy();
      child.waitFor(10, TimeUnit.SECONDS);
      for (Path dir : made) {
        Files.deleteIfExists(dir);
      }
    }
  }

  private static String ownV1(String controller) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/cgroup"))) {
      String[] f = line.split(":", 3);
      if (List.of(f[1].split(",")).contains(controller)) {
        return f[2].equals("/") ? "" : f[2];
      }
    }
    return "";
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private void write(String path, String text) throws IOException {
    Path file = root.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.US_ASCII);
  }
}
