package io.aurora.intelligence.config;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * A loopback port whose listen queue is full, so that the kernel drops new connection attempts and they wait for
 * their timeout, as with a host that does not answer. A test on a kernel that answers a full queue is skipped.
 */
public final class SilentPort implements AutoCloseable {

	private final List<Socket> queued = new ArrayList<>();

	private final ServerSocket silent;

	/** Fills the listen queue of a new loopback port, or skips the test where the kernel answers a full queue. */
	public SilentPort() throws IOException {
		silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), silent.getLocalPort());
		for (int i = 0; i < 16; i++) {
			Socket s = new Socket();
			try {
				s.connect(address, 200);
				queued.add(s);
			}
			catch (SocketTimeoutException full) {
				s.close();
				return;
			}
			catch (ConnectException refused) {
				s.close();
				break;
			}
		}
		close();
		assumeThat(false).as("this kernel does not leave connections to a full listen queue unanswered").isTrue();
	}

	/** The port no connection to is answered. */
	public int port() {
		return silent.getLocalPort();
	}

	@Override
	public void close() throws IOException {
		for (Socket s : queued) {
			s.close();
		}
		silent.close();
	}

}
