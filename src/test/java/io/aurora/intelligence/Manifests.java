package io.aurora.intelligence;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.Yaml;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading Kubernetes manifests in tests: every YAML document of a file, as maps and lists. */
final class Manifests {

	private Manifests() {
	}

	static List<Map<String, Object>> load(Path file) throws IOException {
		List<Map<String, Object>> documents = new ArrayList<>();
		try (Reader reader = Files.newBufferedReader(file)) {
			for (Object document : new Yaml().loadAll(reader)) {
				if (document != null) {
					documents.add(map(document));
				}
			}
		}
		return documents;
	}

	/** Every document of every file has an apiVersion, a kind, a name and the namespace. */
	static void assertEveryDocumentIsNamed(List<Path> files, String namespace) throws IOException {
		for (Path file : files) {
			List<Map<String, Object>> documents = load(file);
			assertThat(documents).as(file.toString()).isNotEmpty();
			for (Map<String, Object> document : documents) {
				assertThat(document.get("apiVersion")).as(file + " apiVersion").isInstanceOf(String.class);
				assertThat(document.get("kind")).as(file + " kind").isInstanceOf(String.class);
				Map<String, Object> metadata = map(document.get("metadata"));
				assertThat(metadata.get("name")).as(file + " metadata.name").isInstanceOf(String.class);
				assertThat(metadata.get("namespace")).as(file + " metadata.namespace").isEqualTo(namespace);
			}
		}
	}

	/** The one document of {@code kind} in a file. */
	static Map<String, Object> single(Path directory, String fileName, String kind) throws IOException {
		List<Map<String, Object>> matching = load(directory.resolve(fileName)).stream()
			.filter((document) -> kind.equals(document.get("kind")))
			.toList();
		assertThat(matching).as("%s documents in %s", kind, fileName).hasSize(1);
		return matching.get(0);
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	static List<Object> list(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return (List<Object>) value;
	}

}
