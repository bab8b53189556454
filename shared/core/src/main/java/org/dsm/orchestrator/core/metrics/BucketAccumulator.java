package org.dsm.orchestrator.core.metrics;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Counts and per-component latency histograms of a set of invocations — one time bucket of one
 * function and project, or the merge of many such buckets. Merging is exact: histogram counts add
 * up, so the percentiles of a merge are the percentiles of all the underlying invocations to
 * histogram precision (not averages of per-instance percentiles).
 *
 * <p>Stores keep buckets in the encoded form of {@link #encode()}: a small versioned binary blob
 * holding the counts and, per component (plus {@value #TOTAL}), the exact sum and max and the
 * HdrHistogram's compressed encoding. Version 2 adds the count of client errors (4xx) after the
 * component list; version 1 blobs (none counted) are still read. Not thread-safe.
 */
public final class BucketAccumulator {
  public static final String TOTAL = "total";
  private static final int FORMAT_VERSION = 2;
  private static final int FORMAT_WITHOUT_CLIENT_ERRORS = 1;

  private long invocations;
  private long errors;
  private long clientErrors;
  private long coldStarts;
  private final Map<String, ComponentAccumulator> components = new TreeMap<>();

  public void add(InvocationRecord record) {
    invocations++;
    if (record.failed()) {
      errors++;
    }
    if (record.clientError()) {
      clientErrors++;
    }
    if (record.coldStart()) {
      coldStarts++;
    }
    component(TOTAL).add(record.totalDurationMs());
    record.componentDurationsMs().forEach((name, ms) -> component(name).add(ms == null ? 0.0 : ms));
  }

  public void merge(BucketAccumulator other) {
    invocations += other.invocations;
    errors += other.errors;
    clientErrors += other.clientErrors;
    coldStarts += other.coldStarts;
    other.components.forEach((name, accumulator) -> component(name).merge(accumulator));
  }

  public long invocations() {
    return invocations;
  }

  /** The aggregate of everything added or merged; "total" first, then components by name. */
  public MetricsAggregate toAggregate() {
    Map<String, MetricsAggregate.LatencySummary> summaries = new LinkedHashMap<>();
    ComponentAccumulator total = components.get(TOTAL);
    if (total != null) {
      summaries.put(TOTAL, total.summary());
    }
    components.forEach((name, accumulator) -> summaries.putIfAbsent(name, accumulator.summary()));
    double errorRate = invocations == 0 ? 0.0 : (double) errors / invocations;
    double coldStartRate = invocations == 0 ? 0.0 : (double) coldStarts / invocations;
    double clientErrorRate = invocations == 0 ? 0.0 : (double) clientErrors / invocations;
    return new MetricsAggregate(invocations, errorRate, coldStartRate, summaries, clientErrorRate);
  }

  public byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT_VERSION);
      out.writeLong(invocations);
      out.writeLong(errors);
      out.writeLong(coldStarts);
      out.writeInt(components.size());
      for (Map.Entry<String, ComponentAccumulator> entry : components.entrySet()) {
        ComponentAccumulator component = entry.getValue();
        out.writeUTF(entry.getKey());
        out.writeDouble(component.sumMs);
        out.writeDouble(component.maxMs);
        ByteBuffer buffer = ByteBuffer.allocate(component.histogram.getNeededByteBufferCapacity());
        int length = component.histogram.encodeIntoCompressedByteBuffer(buffer);
        out.writeInt(length);
        out.write(buffer.array(), 0, length);
      }
      out.writeLong(clientErrors);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * @throws MetricsStoreException if the blob is not a bucket this version can read
   */
  public static BucketAccumulator decode(byte[] encoded) {
    BucketAccumulator bucket = new BucketAccumulator();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(encoded))) {
      int version = in.readUnsignedByte();
      if (version != FORMAT_VERSION && version != FORMAT_WITHOUT_CLIENT_ERRORS) {
        throw new MetricsStoreException("unknown bucket format version " + version, null);
      }
      bucket.invocations = in.readLong();
      bucket.errors = in.readLong();
      bucket.coldStarts = in.readLong();
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        String name = in.readUTF();
        double sum = in.readDouble();
        double max = in.readDouble();
        byte[] histogramBytes = new byte[in.readInt()];
        in.readFully(histogramBytes);
        Histogram histogram =
            Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(histogramBytes), 0);
        histogram.setAutoResize(true);
        bucket.components.put(name, new ComponentAccumulator(histogram, sum, max));
      }
      if (version >= FORMAT_VERSION) {
        bucket.clientErrors = in.readLong();
      }
    } catch (IOException | DataFormatException | RuntimeException e) {
      if (e instanceof MetricsStoreException stored) {
        throw stored;
      }
      throw new MetricsStoreException("unreadable metrics bucket", e);
    }
    return bucket;
  }

  private ComponentAccumulator component(String name) {
    return components.computeIfAbsent(name, ignored -> new ComponentAccumulator());
  }
}
