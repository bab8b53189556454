import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

/**
 * Drives a Lambda handler in-process the way the Lambda Java runtime does (handleRequest(InputStream,
 * OutputStream, Context)) with a real event file. Compiled against nothing but the JDK: the handler is loaded by
 * name from the jar on the class path, so the same file measures our jar and the echo jar.
 *
 * <pre>
 * java -cp JAR:scripts/bench/out InvokerBench HANDLER_CLASS FUNCTION EVENT cold
 *   → prints first_response_epoch_ns=..., the instant the first successful response was complete, and
 *     main_thread_cpu_ms=..., the main thread's CPU time up to then
 * java -cp JAR:scripts/bench/out InvokerBench HANDLER_CLASS FUNCTION EVENT warm WARMUP MEASURED
 *   → prints per-invocation p50/p90/p99/mean in microseconds after WARMUP untimed invocations
 * </pre>
 * MAIN_CLASS (env) names the Spring Boot application, as on Lambda.
 */
public class InvokerBench {
  public static void main(String[] args) throws Exception {
    String handlerClass = args[0];
    String function = args[1];
    byte[] event = Files.readAllBytes(Path.of(args[2]));
    String mode = args[3];
    Class<?> type = Class.forName(handlerClass);
    Object handler = type.getConstructor(String.class).newInstance(function);
    Method handle = type.getMethod("handleRequest", java.io.InputStream.class, java.io.OutputStream.class,
        Class.forName("com.amazonaws.services.lambda.runtime.Context"));

    String first = invoke(handler, handle, event);
    if (mode.equals("cold")) {
      Instant done = Instant.now();
      check(first);
      System.out.println("first_response_epoch_ns=" + (done.getEpochSecond() * 1_000_000_000L + done.getNano()));
      // read after the response, so outside the measured time: the start's own CPU, less sensitive to other load
      System.out.println("main_thread_cpu_ms=" + java.lang.management.ManagementFactory.getThreadMXBean()
          .getCurrentThreadCpuTime() / 1_000_000);
      if (Boolean.getBoolean("bench.threads")) { // the process's and every thread's CPU up to here (kernel counters)
        System.out.println("process_cpu_ms " + cpuMs(Files.readString(Path.of("/proc/self/stat"))));
        for (java.io.File task : new java.io.File("/proc/self/task").listFiles()) {
          String stat = Files.readString(task.toPath().resolve("stat"));
          long ms = cpuMs(stat);
          if (ms > 0) System.out.println("thread_cpu_ms " + stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')) + " " + ms);
        }
      }
      System.exit(0);
    }
    check(first);
    int warmup = Integer.parseInt(args[4]);
    int measured = Integer.parseInt(args[5]);
    for (int i = 0; i < warmup; i++) {
      invoke(handler, handle, event);
    }
    long[] nanos = new long[measured];
    for (int i = 0; i < measured; i++) {
      long t0 = System.nanoTime();
      invoke(handler, handle, event);
      nanos[i] = System.nanoTime() - t0;
    }
    Arrays.sort(nanos);
    double mean = Arrays.stream(nanos).average().orElse(0);
    System.out.printf("function=%s n=%d p50_us=%.1f p90_us=%.1f p99_us=%.1f mean_us=%.1f%n", function, measured,
        nanos[measured / 2] / 1e3, nanos[(int) (measured * 0.90)] / 1e3, nanos[(int) (measured * 0.99)] / 1e3,
        mean / 1e3);
    System.exit(0);
  }

  private static long requests;

  /** A Lambda Context as the runtime passes one: a request id, the remaining time, nothing else needed. */
  private static Object context() throws ClassNotFoundException {
    Class<?> type = Class.forName("com.amazonaws.services.lambda.runtime.Context");
    String id = "bench-" + (++requests);
    return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) ->
        switch (method.getName()) {
          case "getAwsRequestId" -> id;
          case "getRemainingTimeInMillis" -> 30_000;
          case "getMemoryLimitInMB" -> 1024;
          case "getFunctionName", "getLogGroupName", "getLogStreamName", "getFunctionVersion" -> "bench";
          case "toString" -> "BenchContext[" + id + "]";
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> null;
        });
  }

  private static String invoke(Object handler, Method handle, byte[] event) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    handle.invoke(handler, new ByteArrayInputStream(event), out, context());
    return out.toString(StandardCharsets.UTF_8);
  }

  private static void check(String response) {
    if (!response.contains("\"statusCode\":200")) {
      throw new IllegalStateException("not a 200 response: " + response.substring(0, Math.min(300,
          response.length())));
    }
  }

  /** utime + stime of a /proc stat line, in ms (clock ticks of 10 ms, Linux's USER_HZ). */
  private static long cpuMs(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
  }
}
