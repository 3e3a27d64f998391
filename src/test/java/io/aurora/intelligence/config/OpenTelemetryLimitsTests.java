package io.aurora.intelligence.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import io.aurora.intelligence.config.OpenTelemetryVariables.InvalidOpenTelemetryVariableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OpenTelemetry's span limit variables reach the tracer provider, checked at start as the SDK would take them. */
class OpenTelemetryLimitsTests {

	private final List<InvalidOpenTelemetryVariableException> refusals = new ArrayList<>();

	private final Map<String, Integer> set = new LinkedHashMap<>();

	@Test
	void theSpecificLimitsWinOverTheGeneralOnesWhichCoverSpansEventsAndLinks() {
		SpanLimits limits = limits(Map.of("OTEL_ATTRIBUTE_COUNT_LIMIT", "16", "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", " 8 ",
				"OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "0", "OTEL_SPAN_EVENT_COUNT_LIMIT", "4", "OTEL_LINK_ATTRIBUTE_COUNT_LIMIT", "2"));
		assertThat(this.refusals).isEmpty();
		assertThat(limits.getMaxNumberOfAttributes()).as("the span's own").isEqualTo(8);
		assertThat(limits.getMaxNumberOfAttributesPerEvent()).as("the general one").isEqualTo(16);
		assertThat(limits.getMaxNumberOfAttributesPerLink()).isEqualTo(2);
		assertThat(limits.getMaxAttributeValueLength()).as("0 empties every value").isZero();
		assertThat(limits.getMaxNumberOfEvents()).isEqualTo(4);
		assertThat(limits.getMaxNumberOfLinks()).as("the SDK's default").isEqualTo(SpanLimits.getDefault().getMaxNumberOfLinks());
		assertThat(this.set).containsOnlyKeys("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT",
				"OTEL_SPAN_EVENT_COUNT_LIMIT", "OTEL_ATTRIBUTE_COUNT_LIMIT", "OTEL_LINK_ATTRIBUTE_COUNT_LIMIT");

		this.set.clear();
		assertThat(limits(Map.of("OTEL_SPAN_LINK_COUNT_LIMIT", " "))).isEqualTo(SpanLimits.getDefault());
		assertThat(this.set).isEmpty();
	}

	@Test
	void eachValueThatIsNoWholeNumberIsRefusedOnceNamingItsVariableAndZeroKeepsNothing() {
		SpanLimits none = limits(Map.of("OTEL_ATTRIBUTE_COUNT_LIMIT", "0", "OTEL_SPAN_EVENT_COUNT_LIMIT", "0"));
		assertThat(this.refusals).isEmpty();
		assertThat(none.getMaxNumberOfAttributes()).as("as the specification allows").isZero();
		assertThat(none.getMaxNumberOfAttributesPerLink()).isZero();
		assertThat(none.getMaxNumberOfEvents()).isZero();

		limits(Map.of("OTEL_ATTRIBUTE_COUNT_LIMIT", "-1", "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "+5", "OTEL_SPAN_EVENT_COUNT_LIMIT",
				"2147483648", "OTEL_SPAN_LINK_COUNT_LIMIT", "ten", "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "2147483647"));
		assertThat(this.refusals).extracting(InvalidOpenTelemetryVariableException::getMessage).containsExactly(
				"OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT is '+5', which is no whole number from 0 to 2147483647",
				"OTEL_ATTRIBUTE_COUNT_LIMIT is '-1', which is no whole number from 0 to 2147483647",
				"OTEL_SPAN_EVENT_COUNT_LIMIT is '2147483648', which is no whole number from 0 to 2147483647",
				"OTEL_SPAN_LINK_COUNT_LIMIT is 'ten', which is no whole number from 0 to 2147483647");

		assertThatThrownBy(() -> OpenTelemetryVariables.settings(Map.of("OTEL_SPAN_EVENT_COUNT_LIMIT", "-3")::get, refusal -> {
			throw refusal;
		})).as("checked at start with the other OpenTelemetry variables").hasMessageStartingWith("OTEL_SPAN_EVENT_COUNT_LIMIT is '-3'");
		assertThat(OpenTelemetryVariables.names()).contains("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "OTEL_ATTRIBUTE_COUNT_LIMIT",
				"OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT");
	}

	@Test
	void theTracerProviderCutsLongValuesAndDropsAttributesPastTheLimit() {
		MockEnvironment environment = new MockEnvironment().withProperty("OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT", "3")
			.withProperty("OTEL_ATTRIBUTE_COUNT_LIMIT", "2");
		assertThat(spanOf(environment).getAttributes().asMap()).hasSize(2)
			.containsEntry(AttributeKey.stringKey("aurora.router.result"), "pla");
		assertThat(spanOf(new MockEnvironment()).getAttributes().asMap()).as("without the variables, the SDK's defaults")
			.hasSize(3)
			.containsEntry(AttributeKey.stringKey("aurora.router.result"), "placed");
	}

	private SpanData spanOf(MockEnvironment environment) {
		InMemorySpanExporter exporter = InMemorySpanExporter.create();
		SdkTracerProviderBuilder builder = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter));
		new OpenTelemetryLimits().spanLimits(environment).customize(builder);
		try (SdkTracerProvider provider = builder.build()) {
			Span span = provider.get("test").spanBuilder("aurora-router route").startSpan();
			span.setAttribute("aurora.router.result", "placed").setAttribute("a", "b").setAttribute("c", "d").end();
			return exporter.getFinishedSpanItems().get(0);
		}
	}

	private SpanLimits limits(Map<String, String> variables) {
		return OpenTelemetryLimits.limits(variables::get, this.set, this.refusals::add);
	}

}
