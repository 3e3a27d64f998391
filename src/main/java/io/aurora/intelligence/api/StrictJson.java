package io.aurora.intelligence.api;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Request bodies mean what they say: a number is not a string, a string not a number, a fraction not
 * an integer, 2 not {@code true}, and a key given twice is an error rather than last-one-wins (a proxy
 * keeping the first would see another request), and an empty string is not a number or a boolean left
 * out. The neighbours' clients read JSON with Jackson's defaults ({@code HttpServiceClients}).
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

	@Bean
	static JsonMapperBuilderCustomizer strictRequestJson() {
		return builder -> builder.addModule(new SimpleModule("strict-numbers").addDeserializer(Double.class, new NumberOnly()))
			.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.withCoercionConfig(LogicalType.Textual, config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Boolean, config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Integer, config -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Float, config -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
				.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail));
	}

	/**
	 * A {@code Double} from a JSON number only: Jackson otherwise takes the strings {@code "NaN"} and
	 * {@code "Infinity"} as numbers whatever the coercion settings, and the answer then spoke of ranges.
	 */
	static final class NumberOnly extends StdScalarDeserializer<Double> {

		NumberOnly() {
			super(Double.class);
		}

		@Override
		public @Nullable Double deserialize(JsonParser p, DeserializationContext ctxt) {
			if (p.currentToken() == JsonToken.VALUE_NUMBER_INT || p.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
				return p.getDoubleValue();
			}
			return (Double) ctxt.handleUnexpectedToken(Double.class, p);
		}

	}

}
