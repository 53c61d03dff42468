package io.iotpipeline.stack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** Whether a local TCP port is free, and if not, which process listens on it (Linux /proc). */
public final class PortProbe {
  private PortProbe() {}

  public static boolean isFree(int port) {
    return isFree(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
  }

  /** Whether something could bind this address and port now. */
  public static boolean isFree(InetSocketAddress address) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(address);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public static boolean isListening(int port) {
    return isListening(InetAddress.getLoopbackAddress().getHostAddress(), port);
  }

  public static boolean isListening(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** "PID 1234 (java ...)" for the process listening on the port, when /proc tells. */
  public static Optional<String> describeOwner(int port) {
    try {
      Optional<String> inode = listeningInode(port);
      if (inode.isEmpty()) {
        return Optional.empty();
      }
      String socketLink = "socket:[" + inode.get() + "]";
      try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
        return processes
            .filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
            .filter(p -> ownsSocket(p, socketLink))
            .findFirst()
            .map(PortProbe::describeProcess);
      }
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> listeningInode(int port) throws IOException {
    String hexPort = String.format(Locale.ROOT, ":%04X", port);
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path path = Path.of(table);
      if (!Files.isReadable(path)) {
        continue;
      }
      for (String line : Files.readAllLines(path)) {
        String[] columns = line.trim().split("\\s+");
        // columns: sl local_address rem_address st ... inode(9); st 0A = LISTEN
        if (columns.length > 9 && columns[1].endsWith(hexPort) && columns[3].equals("0A")) {
          return Optional.of(columns[9]);
        }
      }
    }
    return Optional.empty();
  }

  private static boolean ownsSocket(Path process, String socketLink) {
    try (Stream<Path> fds = Files.list(process.resolve("fd"))) {
      return fds.anyMatch(
          fd -> {
            try {
              return Files.readSymbolicLink(fd).toString().equals(socketLink);
            } catch (IOException e) {
              return false;
            }
          });
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  private static String describeProcess(Path process) {
    String pid = process.getFileName().toString();
    String command =
        ProcessHandle.of(Long.parseLong(pid))
            .flatMap(h -> h.info().commandLine())
            .map(c -> c.length() > 120 ? c.substring(0, 120) + "..." : c)
            .orElse("unknown command");
    return "PID " + pid + " (" + command + ")";
  }
}
