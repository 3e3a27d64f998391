package io.aurora.intelligence.executor;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.impl.classic.RequestFailedException;
import org.apache.hc.core5.http.NoHttpResponseException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RouterAnswersTests {

	@Test
	void aKeptErrorBodyIsUtf8AndNeverCutInHalfACharacter() {
		byte[] body = ("x".repeat(1023) + "Ψ-field").getBytes(StandardCharsets.UTF_8);
		assertThat(RouterAnswers.utf8Prefix(body, 1024)).as("Ψ takes bytes 1023 and 1024: left out whole")
			.isEqualTo("x".repeat(1023));
		assertThat(RouterAnswers.utf8Prefix(body, 1025)).isEqualTo("x".repeat(1023) + "Ψ");
		assertThat(RouterAnswers.utf8Prefix("é".getBytes(StandardCharsets.UTF_8), 1024)).isEqualTo("é");
	}

	@Test
	void onlyFailuresBeforeTheRequestWasWrittenCountAsNeverSent() {
		assertThat(RouterAnswers.neverSent(new IOException(new ConnectException("Connection refused")), true)).isTrue();
		assertThat(RouterAnswers.neverSent(new UnknownHostException("router.invalid"), true)).isTrue();
		assertThat(RouterAnswers.neverSent(new ConnectTimeoutException("connect timed out"), true)).isTrue();
		assertThat(RouterAnswers.neverSent(new RequestFailedException("Request aborted"), true)).as("cancelled before the write")
			.isTrue();
		assertThat(RouterAnswers.neverSent(new SocketTimeoutException("Read timed out"), true)).as("waiting for the answer")
			.isFalse();
		assertThat(RouterAnswers.neverSent(new NoHttpResponseException("closed"), true)).isFalse();
		assertThat(RouterAnswers.neverSent(new SocketException("Connection reset"), true)).isFalse();
	}

	@Test
	void aWriteOnAClosedConnectionOrAHandshakeTheRouterRefusedIsNeverSent() {
		IOException brokenPipe = new IOException(new SocketException("Broken pipe"));
		assertThat(RouterAnswers.neverSent(brokenPipe, false)).as("only a write meets EPIPE: the request was not all sent").isTrue();
		assertThat(RouterAnswers.why(brokenPipe)).isEqualTo("the router closed the connection before the request was sent");
		IOException refused = new IOException(new SSLException("Received fatal alert: certificate_required"));
		assertThat(RouterAnswers.neverSent(refused, true)).as("TLS 1.3 tells a refused client certificate after the client's part")
			.isTrue();
		assertThat(RouterAnswers.neverSent(refused, false)).as("on a connection that carried an exchange: a renegotiation's, "
				+ "maybe after the request was read").isFalse();
		assertThat(RouterAnswers.why(refused)).isEqualTo("the TLS handshake was refused (certificate_required): check the client "
				+ "certificate");
		IOException closeNotify = new IOException(new SSLException("Received fatal alert: close_notify"));
		assertThat(RouterAnswers.neverSent(closeNotify, true)).as("a closed TLS connection, after the request may have gone").isFalse();
		assertThat(RouterAnswers.why(closeNotify)).isEqualTo("the TLS connection broke");
	}

}
