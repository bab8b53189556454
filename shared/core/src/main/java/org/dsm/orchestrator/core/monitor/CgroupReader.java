package org.dsm.orchestrator.core.monitor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads the limits the platform puts on this process, and its figures for them, from the files the
 * kernel and the platform write: {@code /proc/self/cgroup} and {@code /proc/self/mountinfo} to find
 * this process's memory and cpu cgroups (cgroup v1 or v2, nested paths, namespaced or not), their
 * limit files on every level up to the mount's root (a pod's limit may sit on a parent), and on
 * Lambda the function's configured memory ({@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE}), which also
 * sets its CPU share. Without any of them (a developer's machine) every figure is null: nothing to
 * compare with, rather than the host's memory.
 */
final class CgroupReader implements Supplier<PlatformSample> {
  /** v1 writes this (the largest page-aligned long) for "no limit". */
  private static final long V1_UNLIMITED = 0x7FFF_FFFF_FFFF_F000L;

  /** Lambda: "at 1,769 MB, a function has the equivalent of one vCPU". */
  static final double LAMBDA_MB_PER_VCPU = 1769.0;

  static final String LAMBDA_MEMORY_ENV = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";

  private final Path root;
  private final String procCgroup;
  private final Long lambdaMemoryMb;
  // found once, and again by relocate(): on the sampler thread, or in the restore hook
  private volatile Controller memory;
  private volatile Controller cpu;

  /** A controller's cgroup directory and the mount point above which no limit applies to us. */
  private record Controller(Path dir, Path mountPoint, boolean v2) {}

  /**
   * @param root the file system root ("/"; tests pass a tree of fake files)
   * @param procCgroup the process's cgroup file, relative to root ("proc/self/cgroup")
   * @param env the process environment
   */
  CgroupReader(Path root, String procCgroup, Map<String, String> env) {
    this.root = root;
    this.procCgroup = procCgroup;
    this.lambdaMemoryMb = positive(env.get(LAMBDA_MEMORY_ENV));
    relocate();
  }

  /**
   * Finds this process's cgroups again (two small files of {@code /proc}): a SnapStart restore runs
   * the snapshot in another sandbox, and a container can be moved to another cgroup, so the
   * directories found at start may no longer be ours. Called by the restore hook; {@link #get()}
   * also calls it when a directory it reads has gone.
   */
  synchronized void relocate() {
    List<String> cgroups = lines(root.resolve(procCgroup));
    List<String> mounts = lines(root.resolve("proc/self/mountinfo"));
    this.memory = find(root, cgroups, mounts, "memory", "memory.max", "memory.limit_in_bytes");
    this.cpu = find(root, cgroups, mounts, "cpu", "cpu.max", "cpu.cfs_quota_us");
  }

  static CgroupReader forThisProcess() {
    return new CgroupReader(Path.of("/"), "proc/self/cgroup", System.getenv());
  }

  @Override
  public PlatformSample get() {
    // one stat per controller per sample, on the sampler thread: a moved cgroup's old directory is
    // removed, and reading on from it would report no limit at all
    if (gone(memory) || gone(cpu)) {
      relocate();
    }
    Controller memory = this.memory;
    Controller cpu = this.cpu;
    Long memoryLimit = memory == null ? null : memoryLimit(memory);
    // only a limited cgroup is this process's container: an unlimited one (a developer's session,
    // a systemd slice) charges every process in it, which would be reported as this one's
    Long workingSet = memoryLimit == null ? null : workingSet(memory);
    Long peak = memoryLimit == null ? null : peak(memory);
    if (lambdaMemoryMb != null) {
      long configured = lambdaMemoryMb * 1024 * 1024;
      memoryLimit = memoryLimit == null ? configured : Math.min(memoryLimit, configured);
    }
    Double cores = null;
    long periods = -1;
    long throttled = -1;
    if (cpu != null) {
      Path quotaDir = null;
      for (Path dir = cpu.dir();
          dir != null && dir.startsWith(cpu.mountPoint());
          dir = dir.getParent()) {
        Double limit = cpuLimit(dir, cpu.v2());
        if (limit != null && (cores == null || limit < cores)) {
          cores = limit;
          quotaDir = dir;
        }
      }
      if (quotaDir != null) {
        String stat = read(quotaDir.resolve("cpu.stat"));
        periods = field(stat, "nr_periods", -1);
        throttled = field(stat, "nr_throttled", -1);
      }
    }
    if (lambdaMemoryMb != null) {
      double share = lambdaMemoryMb / LAMBDA_MB_PER_VCPU;
      cores = cores == null ? share : Math.min(cores, share);
    }
    return new PlatformSample(memoryLimit, workingSet, cores, periods, throttled, peak);
  }

  private static boolean gone(Controller c) {
    return c != null && !Files.isDirectory(c.dir());
  }

  /** The lowest limit from the cgroup up to the mount's root; null when none is set. */
  private static Long memoryLimit(Controller c) {
    Long lowest = null;
    for (Path dir = c.dir(); dir != null && dir.startsWith(c.mountPoint()); dir = dir.getParent()) {
      String text = read(dir.resolve(c.v2() ? "memory.max" : "memory.limit_in_bytes")).trim();
      if (text.isEmpty() || text.equals("max")) {
        continue;
      }
      long bytes = parse(text);
      if (bytes > 0 && bytes < V1_UNLIMITED && (lowest == null || bytes < lowest)) {
        lowest = bytes;
      }
    }
    return lowest;
  }

  /** Charge less inactive file cache, as cAdvisor computes the working set; null if unreadable. */
  private static Long workingSet(Controller c) {
    String usage =
        read(c.dir().resolve(c.v2() ? "memory.current" : "memory.usage_in_bytes")).trim();
    if (usage.isEmpty()) {
      return null;
    }
    long charged = parse(usage);
    if (charged < 0) {
      return null;
    }
    String stat = read(c.dir().resolve("memory.stat"));
    long inactive = field(stat, c.v2() ? "inactive_file" : "total_inactive_file", 0);
    return Math.max(0, charged - Math.max(0, inactive));
  }

  /**
   * The cgroup's highest charge: {@code memory.peak} (v2, Linux 5.19 and later) or {@code
   * memory.max_usage_in_bytes} (v1); null where the kernel does not write it.
   */
  private static Long peak(Controller c) {
    String text =
        read(c.dir().resolve(c.v2() ? "memory.peak" : "memory.max_usage_in_bytes")).trim();
    long bytes = text.isEmpty() ? -1 : parse(text);
    return bytes < 0 ? null : bytes;
  }

  /** Cores the quota allows in this directory; null when none ("max", -1, or no file). */
  private static Double cpuLimit(Path dir, boolean v2) {
    long quota;
    long period;
    if (v2) {
      String[] parts = read(dir.resolve("cpu.max")).trim().split("\\s+");
      if (parts.length < 1 || parts[0].isEmpty() || parts[0].equals("max")) {
        return null;
      }
      quota = parse(parts[0]);
      period = parts.length > 1 ? parse(parts[1]) : 100_000;
    } else {
      String q = read(dir.resolve("cpu.cfs_quota_us")).trim();
      if (q.isEmpty()) {
        return null;
      }
      quota = parse(q);
      String p = read(dir.resolve("cpu.cfs_period_us")).trim();
      period = p.isEmpty() ? 100_000 : parse(p);
    }
    return quota <= 0 || period <= 0 ? null : (double) quota / period;
  }

  /**
   * The directory of this process's cgroup for a controller: v1 where a cgroup mount carries the
   * controller, else the v2 mount when its files exist. The path in {@code /proc/self/cgroup} is
   * relative to the hierarchy's root; the mount may show only a subtree of it (its root in
   * mountinfo; a non-namespaced container), or, namespaced, the process's own cgroup as "/".
   */
  private static Controller find(
      Path root,
      List<String> cgroups,
      List<String> mounts,
      String name,
      String v2File,
      String v1File) {
    for (String line : cgroups) {
      String[] f = line.split(":", 3);
      if (f.length == 3 && !f[1].isEmpty() && List.of(f[1].split(",")).contains(name)) {
        Controller c = locate(root, mounts, f[2], name, false);
        if (c != null && Files.exists(c.dir().resolve(v1File))) {
          return c;
        }
      }
    }
    for (String line : cgroups) {
      String[] f = line.split(":", 3);
      if (f.length == 3 && f[0].equals("0") && f[1].isEmpty()) {
        Controller c = locate(root, mounts, f[2], null, true);
        if (c != null && controllerEnabled(c, name) && Files.exists(c.dir().resolve(v2File))) {
          return c;
        }
      }
    }
    return null;
  }

  private static boolean controllerEnabled(Controller c, String name) {
    String controllers = read(c.dir().resolve("cgroup.controllers"));
    return controllers.isEmpty()
        ? Files.exists(c.dir().resolve(name + ".stat"))
        : List.of(controllers.trim().split("\\s+")).contains(name);
  }

  private static Controller locate(
      Path root, List<String> mounts, String path, String controller, boolean v2) {
    for (String line : mounts) {
      // id parent major:minor root mountpoint options ... - fstype source superoptions
      int dash = line.indexOf(" - ");
      if (dash < 0) {
        continue;
      }
      String[] left = line.substring(0, dash).split(" ");
      String[] right = line.substring(dash + 3).split(" ");
      if (left.length < 5 || right.length < 1) {
        continue;
      }
      boolean isV2 = right[0].equals("cgroup2");
      boolean matches =
          v2
              ? isV2
              : right[0].equals("cgroup")
                  && right.length >= 3
                  && List.of(right[2].split(",")).contains(controller);
      if (!matches) {
        continue;
      }
      String mountRoot = left[3];
      Path mountPoint = root.resolve(left[4].substring(1));
      String relative =
          mountRoot.equals("/")
              ? path
              : path.startsWith(mountRoot + "/") || path.equals(mountRoot)
                  ? path.substring(mountRoot.length())
                  : path;
      Path dir = mountPoint.resolve(relative.startsWith("/") ? relative.substring(1) : relative);
      // namespaced: the path seen from outside is not under the mount; the mount is our cgroup
      return new Controller(Files.isDirectory(dir) ? dir : mountPoint, mountPoint, v2);
    }
    return null;
  }

  /** The number after {@code key} at the start of a line of a "key value" file. */
  static long field(String text, String key, long missing) {
    for (String line : text.split("\n")) {
      if (line.startsWith(key + " ")) {
        return parse(line.substring(key.length() + 1).trim());
      }
    }
    return missing;
  }

  private static long parse(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static Long positive(String text) {
    if (text == null) {
      return null;
    }
    long value = parse(text.trim());
    return value > 0 ? value : null;
  }

  private static List<String> lines(Path file) {
    String text = read(file);
    return text.isEmpty() ? List.of() : List.of(text.split("\n"));
  }

  /** The file's text, or "" when it cannot be read (absent: no such limit here). */
  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
    } catch (IOException | SecurityException e) {
      return "";
    }
  }
}
