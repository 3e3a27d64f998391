package io.aurora.intelligence.api;

import java.lang.reflect.Field;
import java.lang.reflect.RecordComponent;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;

/** Walks the OpenAPI document's schemas of records, for the customisers that complete what springdoc writes of them. */
final class RecordSchemas {

	private RecordSchemas() {
	}

	/** What to do with one component of a record whose schema the document has. */
	interface Visitor {

		void visit(Schema<?> schema, RecordComponent component, Field field);

	}

	/** Visits each component of each of {@code records} whose schema, named after the record, has properties. */
	@SuppressWarnings("rawtypes")
	static void forEach(OpenAPI openApi, List<Class<? extends Record>> records, Visitor visitor) {
		Map<String, Schema> schemas = openApi.getComponents() == null ? null : openApi.getComponents().getSchemas();
		if (schemas == null) {
			return;
		}
		for (Class<? extends Record> record : records) {
			Schema<?> schema = schemas.get(record.getSimpleName());
			if (schema == null || schema.getProperties() == null) {
				continue;
			}
			for (RecordComponent component : record.getRecordComponents()) {
				visitor.visit(schema, component, field(record, component));
			}
		}
	}

	private static Field field(Class<?> record, RecordComponent component) {
		try {
			return record.getDeclaredField(component.getName());
		}
		catch (NoSuchFieldException ex) {
			throw new IllegalStateException("A record without its component's field: " + component, ex);
		}
	}

}
