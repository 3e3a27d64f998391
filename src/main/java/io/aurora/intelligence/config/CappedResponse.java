package io.aurora.intelligence.config;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.apache.hc.core5.http.io.EofSensorInputStream;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.client.ClientHttpResponse;

/**
 * A neighbour's response whose body fails once it grows past {@value HttpServiceClients#MAX_ANSWER_BYTES} bytes, so
 * that an endless answer cannot fill the heap.
 */
final class CappedResponse implements ClientHttpResponse {

	private final ClientHttpResponse response;

	CappedResponse(ClientHttpResponse response) {
		this.response = response;
	}

	@Override
	public HttpStatusCode getStatusCode() throws IOException {
		return response.getStatusCode();
	}

	@Override
	public String getStatusText() throws IOException {
		return response.getStatusText();
	}

	@Override
	public HttpHeaders getHeaders() {
		return response.getHeaders();
	}

	@Override
	public InputStream getBody() throws IOException {
		return new CappedStream(response.getBody());
	}

	@Override
	public void close() {
		response.close();
	}

	/**
	 * Counts what is read and fails past {@value HttpServiceClients#MAX_ANSWER_BYTES} bytes, aborting the connection so
	 * that closing the response does not read the rest of an endless answer.
	 */
	private static final class CappedStream extends FilterInputStream {

		private long read;

		CappedStream(InputStream in) {
			super(in);
		}

		@Override
		public int read() throws IOException {
			int b = super.read();
			count(b < 0 ? 0 : 1);
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = super.read(buffer, offset, length);
			count(Math.max(n, 0));
			return n;
		}

		private void count(int n) throws IOException {
			read += n;
			if (read > HttpServiceClients.MAX_ANSWER_BYTES) {
				if (in instanceof EofSensorInputStream connection) {
					connection.abort();
				}
				throw new IOException("answer exceeds " + HttpServiceClients.MAX_ANSWER_BYTES + " bytes");
			}
		}

	}

}
