package org.dsm.orchestrator.functions.ric;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * One Lambda execution environment on this machine: the shaded jar unzipped into a task root, a JVM
 * started the way Lambda's managed Java runtime starts it (only the official runtime interface
 * client on the class path, its main class, the handler from template.yaml, the variables the
 * runtime sets plus the function's own), talking to a {@link RuntimeApiEmulator}. One sandbox
 * serves any number of events, like a warm Lambda instance.
 *
 * <p>Inputs come from Maven (failsafe sets them): {@code ric.dir} holds the runtime client and its
 * dependencies, {@code ric.jar} is the shaded jar. {@code ric.java.home} (or RIC_JAVA_HOME) picks
 * the JDK of the child process; by default the one matching the template's runtime when installed,
 * else the JDK running the tests. {@code ric.cpu.wrapper}, when set, names a launcher (the
 * benchmarks pass scripts/bench/lambda-cpu) that runs the process with Lambda's CPU share for the
 * function's memory size: it gets the memory size and then the java command.
 */
public final class RicSandbox implements AutoCloseable {
  public static final String RIC_MAIN =
      "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";
  private static final String CPU_WRAPPER_PROPERTY = "ric.cpu.wrapper";
  private static final Object UNZIP_LOCK = new Object();

  private final SamFunction function;
  private final RuntimeApiEmulator api;
  private final Process process;
  private final Path log;
  private final long spawnNanos;
  private final Path javaHome;

  private RicSandbox(
      SamFunction function,
      RuntimeApiEmulator api,
      Process process,
      Path log,
      long spawnNanos,
      Path javaHome) {
    this.function = function;
    this.api = api;
    this.process = process;
    this.log = log;
    this.spawnNanos = spawnNanos;
    this.javaHome = javaHome;
    process
        .onExit()
        .thenRun(
            () ->
                api.abandon(
                    "runtime process exited with code "
                        + process.exitValue()
                        + "; log "
                        + log
                        + ":\n"
                        + tail(40)));
  }

  public static Builder builder(String logicalId) {
    return new Builder(SamFunction.fromTemplate(projectRoot().resolve("template.yaml"), logicalId));
  }

  public SamFunction function() {
    return function;
  }

  public RuntimeApiEmulator api() {
    return api;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** nanoTime just before the process was started. */
  public long spawnNanos() {
    return spawnNanos;
  }

  public Path javaHome() {
    return javaHome;
  }

  /** Sends one event and waits for the runtime's answer. */
  public Outcome invoke(String eventJson) throws Exception {
    return RuntimeApiEmulator.await(submit(eventJson), timeout());
  }

  /** Sends one event whose deadline is {@code deadline} from now, and waits for the answer. */
  public Outcome invoke(String eventJson, Duration deadline) throws Exception {
    return RuntimeApiEmulator.await(api.submit(eventJson, deadline), timeout());
  }

  public CompletableFuture<Outcome> submit(String eventJson) {
    return api.submit(eventJson, Duration.ofSeconds(function.timeoutSeconds()));
  }

  public Duration timeout() {
    return Duration.ofSeconds(function.timeoutSeconds() + 60L);
  }

  /** stdout and stderr of the runtime process so far (what CloudWatch Logs would get). */
  public String log() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Log lines that are CloudWatch Embedded Metric Format documents. */
  public List<String> emfLines() {
    return log().lines().filter(l -> l.startsWith("{\"_aws\"")).toList();
  }

  public String tail(int lines) {
    List<String> all = log().lines().toList();
    return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      api.close();
    }
  }

  // ------------------------------------------------------------------ layout

  /** The project root (template.yaml, events/). */
  public static Path projectRoot() {
    Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    dir = dir.toAbsolutePath();
    return Files.exists(dir.resolve("template.yaml")) ? dir : dir.getParent();
  }

  static Path moduleTarget() {
    return projectRoot().resolve("functions").resolve("target");
  }

  static Path ricDir() {
    Path dir = Path.of(System.getProperty("ric.dir", moduleTarget().resolve("ric").toString()));
    try (Stream<Path> jars = Files.list(dir)) {
      if (jars.noneMatch(p -> p.getFileName().toString().contains("runtime-interface-client"))) {
        throw new IllegalStateException("no runtime interface client in " + dir);
      }
    } catch (IOException e) {
      throw new IllegalStateException(
          dir
              + " is missing: run through Maven (mvn verify -pl functions), which copies the client",
          e);
    }
    return dir;
  }

  /**
   * The shaded jar unzipped as Lambda lays out an uploaded jar; redone when the jar is newer than
   * the last unzip.
   */
  public static Path taskRoot() {
    Path jar =
        Path.of(
            System.getProperty(
                "ric.jar",
                moduleTarget().resolve("orchestrator-functions-1.0.0-aws.jar").toString()));
    Path root = moduleTarget().resolve("ric-task-root");
    Path marker = moduleTarget().resolve("ric-task-root.unzipped");
    synchronized (UNZIP_LOCK) {
      try {
        if (!Files.isRegularFile(jar)) {
          throw new IllegalStateException(jar + " is missing: package the functions module first");
        }
        if (Files.exists(marker)
            && Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(jar)) >= 0) {
          return root;
        }
        deleteTree(root);
        unzip(jar, root);
        Files.writeString(marker, jar.toString());
        return root;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Another shaded jar (e.g. the echo app of scripts/bench) unzipped into its own task root
   * (target/ric-task-root-NAME), redone when the jar is newer than the last unzip.
   */
  public static Code jar(Path jar, String name, String handler) {
    Path root = moduleTarget().resolve("ric-task-root-" + name);
    Path marker = moduleTarget().resolve("ric-task-root-" + name + ".unzipped");
    synchronized (UNZIP_LOCK) {
      try {
        if (!Files.isRegularFile(jar)) {
          throw new IllegalStateException(jar + " is missing");
        }
        if (!Files.exists(marker)
            || Files.getLastModifiedTime(marker).compareTo(Files.getLastModifiedTime(jar)) < 0) {
          deleteTree(root);
          unzip(jar, root);
          Files.writeString(marker, jar.toString());
        }
        return new Code(root, handler);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void unzip(Path jar, Path root) throws IOException {
    Files.createDirectories(root);
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
      for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
        Path target = root.resolve(entry.getName()).normalize();
        if (!target.startsWith(root)) {
          throw new IOException("entry outside the task root: " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(zip, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  /**
   * The JDK for the child: {@code ric.java.home} / RIC_JAVA_HOME when set, else an installed JDK of
   * the template's Java version, else the one running the tests.
   */
  static Path javaHomeFor(SamFunction function) {
    String chosen = System.getProperty("ric.java.home", System.getenv("RIC_JAVA_HOME"));
    if (chosen != null && !chosen.isBlank()) {
      return Path.of(chosen);
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (Files.isDirectory(jvms)) {
      try (Stream<Path> homes = Files.list(jvms)) {
        var match =
            homes
                .filter(h -> Files.isExecutable(h.resolve("bin").resolve("java")))
                .filter(h -> majorVersion(h) == function.javaVersion())
                .sorted()
                .findFirst();
        if (match.isPresent()) {
          return match.get();
        }
      } catch (IOException e) {
        // fall through to the running JDK
      }
    }
    return Path.of(System.getProperty("java.home"));
  }

  /** The JAVA_VERSION of a JDK's release file, or -1. */
  static int majorVersion(Path javaHome) {
    try {
      for (String line : Files.readAllLines(javaHome.resolve("release"))) {
        if (line.startsWith("JAVA_VERSION=")) {
          String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
          return Integer.parseInt(v.split("[.+-]")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  // ------------------------------------------------------------------ start

  /** How to start one sandbox. */
  public static final class Builder {
    private final SamFunction function;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private final List<String> jvmFlags = new ArrayList<>();
    private boolean snapStart;
    private String name;
    private Path javaHome;
    private Path taskRoot;
    private String handler;

    private Builder(SamFunction function) {
      this.function = function;
      // the template's default store is DynamoDB on AWS; tests choose a reachable one
      overrides.put("METRICS_STORE", "memory");
    }

    /** Overrides (or with null removes) one of the function's variables. */
    public Builder env(String name, String value) {
      overrides.put(name, value);
      return this;
    }

    /** Runs the SnapStart sequence: checkpoint hooks, restore/next, restore hooks, then events. */
    public Builder snapStart(boolean on) {
      this.snapStart = on;
      return this;
    }

    public Builder jvmFlag(String flag) {
      jvmFlags.add(flag);
      return this;
    }

    public Builder javaHome(Path home) {
      this.javaHome = home;
      return this;
    }

    /** Another task root and handler than the shaded jar's (e.g. {@link #floor}). */
    public Builder code(Path taskRoot, String handler) {
      this.taskRoot = taskRoot;
      this.handler = handler;
      return this;
    }

    /** Names the log file (target/ric-logs/NAME.log). */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Starts the runtime. {@code firstEvent}, when not null, is queued before the process starts,
     * so the first (cold) invocation is served as soon as init is done; its outcome is the returned
     * future.
     */
    public Started start(String firstEvent) throws IOException {
      Path root = taskRoot != null ? taskRoot : taskRoot();
      String handlerName = handler != null ? handler : function.handler();
      Path ric = ricDir();
      Path home = javaHome != null ? javaHome : javaHomeFor(function);
      String logName = name != null ? name : function.springFunction();
      Path logs = Files.createDirectories(moduleTarget().resolve("ric-logs"));
      Path logFile = logs.resolve(logName + ".log");
      RuntimeApiEmulator api = new RuntimeApiEmulator();
      CompletableFuture<Outcome> first =
          firstEvent == null
              ? null
              : api.submit(firstEvent, Duration.ofSeconds(function.timeoutSeconds()));

      List<String> command = new ArrayList<>();
      // Lambda's CPU share for this memory size (scripts/bench/lambda-cpu), when a benchmark asks
      // for it
      String cpuWrapper = System.getProperty(CPU_WRAPPER_PROPERTY, "");
      if (!cpuWrapper.isBlank()) {
        command.add(cpuWrapper);
        command.add(String.valueOf(function.memoryMb()));
      }
      command.add(home.resolve("bin").resolve("java").toString());
      // close to the managed Java runtimes' launcher
      command.add("-XX:+UseSerialGC");
      command.add("-XX:MaxHeapSize=" + (function.memoryMb() * 85 / 100) + "m");
      command.add("-Xshare:auto");
      command.add("-Djava.net.preferIPv4Stack=true");
      command.add("--add-opens=java.base/java.io=ALL-UNNAMED");
      command.add("-XX:+ErrorFileToStderr");
      command.add("-Dorg.crac.Core.Compat=com.amazonaws.services.lambda.crac");
      command.addAll(jvmFlags);
      command.add("-cp");
      command.add(ric.resolve("*").toString());
      command.add(RIC_MAIN);
      command.add(handlerName);

      ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
      Map<String, String> env = pb.environment();
      env.clear();
      env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
      env.put("LANG", "en_US.UTF-8");
      env.put("TZ", ":UTC");
      env.put("LAMBDA_TASK_ROOT", root.toString());
      env.put("_HANDLER", handlerName);
      env.put("AWS_LAMBDA_RUNTIME_API", api.address());
      env.put("AWS_LAMBDA_FUNCTION_NAME", function.logicalId());
      env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memoryMb()));
      env.put("AWS_LAMBDA_FUNCTION_VERSION", snapStart ? "1" : "$LATEST");
      env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.logicalId());
      env.put("AWS_LAMBDA_LOG_STREAM_NAME", "2026/12/06/[1]ric-harness");
      env.put("AWS_REGION", "us-east-1");
      env.put("AWS_DEFAULT_REGION", "us-east-1");
      env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.runtime());
      env.put("AWS_LAMBDA_INITIALIZATION_TYPE", snapStart ? "snap-start" : "on-demand");
      env.putAll(function.environment());
      overrides.forEach(
          (k, v) -> {
            if (v == null) {
              env.remove(k);
            } else {
              env.put(k, v);
            }
          });
      pb.redirectErrorStream(true);
      pb.redirectOutput(logFile.toFile());
      long spawn = System.nanoTime();
      Process process = pb.start();
      return new Started(new RicSandbox(function, api, process, logFile, spawn, home), first);
    }
  }

  /**
   * The floor's code: a task root holding only {@link FloorHandler}, and its handler name. Run with
   * the same function settings, it shows what the runtime itself costs.
   */
  public static Code floor() {
    Path root = moduleTarget().resolve("ric-floor-task-root");
    String resource = FloorHandler.class.getName().replace('.', '/') + ".class";
    try (InputStream in = FloorHandler.class.getClassLoader().getResourceAsStream(resource)) {
      Path target = root.resolve(resource);
      Files.createDirectories(target.getParent());
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Code(root, FloorHandler.class.getName() + "::handleRequest");
  }

  /** A task root and the handler in it. */
  public record Code(Path taskRoot, String handler) {}

  /** A started sandbox and the outcome of the event queued before it started (or null). */
  public record Started(RicSandbox sandbox, CompletableFuture<Outcome> first) {}

  /** Reads a resource or file fully (events are small). */
  static String read(InputStream in) throws IOException {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
