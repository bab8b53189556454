package org.dsm.orchestrator.functions.ric;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP connections a process holds open, from Linux's /proc: the socket inodes among its file
 * descriptors, matched against its network namespace's tcp and tcp6 tables (which list every socket
 * of the namespace, not only the process's).
 */
public final class ProcessSockets {
  private static final String ESTABLISHED = "01";

  private ProcessSockets() {}

  /** One established connection: local and remote port, remote address in the kernel's hex. */
  public record Connection(String table, int localPort, String remoteAddress, int remotePort) {}

  public static List<Connection> established(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring("socket:[".length(), target.length() - 1));
          }
        } catch (IOException closedMeanwhile) {
          // the descriptor went away while listing
        }
      }
    }
    List<Connection> connections = new ArrayList<>();
    for (String table : List.of("tcp", "tcp6")) {
      Path file = Path.of("/proc", Long.toString(pid), "net", table);
      if (!Files.exists(file)) {
        continue;
      }
      List<String> lines = Files.readAllLines(file);
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode ...
        if (f.length > 9 && f[3].equals(ESTABLISHED) && inodes.contains(f[9])) {
          String[] local = f[1].split(":");
          String[] remote = f[2].split(":");
          connections.add(
              new Connection(
                  table,
                  Integer.parseInt(local[1], 16),
                  remote[0],
                  Integer.parseInt(remote[1], 16)));
        }
      }
    }
    return connections;
  }
}
