package io.iotpipeline.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A plain TCP relay that a test can cut: while cut, every relayed connection is closed and new ones
 * are closed as soon as they are accepted, which the Cassandra driver sees exactly as a node going
 * down (closed connections, then no node available) without disturbing the shared node.
 */
public final class TcpProxy implements AutoCloseable {

  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean cut;
  private volatile boolean closed;

  /** A relay that passes traffic from the start. */
  public TcpProxy(InetSocketAddress target) throws IOException {
    this(target, false);
  }

  /**
   * @param startCut closed to every connection until {@link #restore}
   */
  public TcpProxy(InetSocketAddress target, boolean startCut) throws IOException {
    this.target = target;
    this.cut = startCut;
    this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public int port() {
    return server.getLocalPort();
  }

  /** Closes every relayed connection and refuses new ones until {@link #restore}. */
  public void cut() {
    cut = true;
    closeAll();
  }

  public void restore() {
    cut = false;
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = server.accept();
        if (cut) {
          client.close();
          continue;
        }
        Socket upstream = new Socket(target.getHostString(), target.getPort());
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        sockets.add(client);
        sockets.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        if (closed) {
          return;
        }
      }
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[64 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                  out.write(buffer, 0, read);
                }
              } catch (IOException e) {
                // the peer or cut() closed the connection: close the other side too
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            },
            "tcp-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private void closeAll() {
    for (Socket socket : sockets) {
      closeQuietly(socket);
    }
  }

  private void closeQuietly(Socket socket) {
    sockets.remove(socket);
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    closeAll();
  }
}
