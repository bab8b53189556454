package org.dsm.orchestrator.functions.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The package SAM uploads fits Lambda's limit: a .zip deployment package may hold at most 250 MiB
 * (262,144,000 bytes) unzipped, layers included, and Lambda refuses the deployment otherwise. The
 * limit is on what the package unzips to, not on the jar, and our shaded jar compresses about
 * 2.5:1, so a growing dependency tree meets it long before the jar looks large. After {@code
 * package}: the jar the template's {@code CodeUri} names.
 */
class LambdaPackageSizeIT {
  static final long LAMBDA_UNZIPPED_LIMIT_BYTES = 262_144_000L; // 250 MiB
  private static final double MIB = 1024.0 * 1024.0;

  @Test
  void theTemplatesPackageUnzipsWithinLambdasLimit() throws IOException {
    Path jar = DeployFiles.projectRoot().resolve(codeUri());
    assertThat(jar).as("the package the template deploys (run after package)").isRegularFile();

    long unzipped = unzippedBytes(jar);

    System.out.printf(
        "Lambda package %s: %.1f MiB zipped, %.1f MiB unzipped of Lambda's 250 MiB%n",
        jar.getFileName(), Files.size(jar) / MIB, unzipped / MIB);
    assertThat(unzipped)
        .as("bytes %s unzips to (Lambda's limit: %d)", jar, LAMBDA_UNZIPPED_LIMIT_BYTES)
        .isPositive()
        .isLessThanOrEqualTo(LAMBDA_UNZIPPED_LIMIT_BYTES);
  }

  /** The sum of the entries' uncompressed sizes, as the files Lambda extracts. */
  static long unzippedBytes(Path zip) throws IOException {
    long total = 0;
    try (ZipFile file = new ZipFile(zip.toFile())) {
      Enumeration<? extends ZipEntry> entries = file.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        if (entry.getSize() < 0) {
          throw new IOException("entry without a recorded size: " + entry.getName());
        }
        total += entry.getSize();
      }
    }
    return total;
  }

  @SuppressWarnings("unchecked")
  private static String codeUri() {
    Map<String, Object> globals = (Map<String, Object>) DeployFiles.template().get("Globals");
    Map<String, Object> function = (Map<String, Object>) globals.get("Function");
    return (String) function.get("CodeUri");
  }
}
