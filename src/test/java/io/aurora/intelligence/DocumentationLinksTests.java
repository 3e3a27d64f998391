package io.aurora.intelligence;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README and the pages in {@code docs/} link to each other's sections: every relative link names a file that
 * exists and, where it has a {@code #fragment}, a heading of that file, as GitHub derives its anchors. A section
 * moved or renamed without its links fails here.
 */
class DocumentationLinksTests {

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

	private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6} (.+?)(?: #+)?$");

	private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");

	private static final Pattern INLINE_LINK = Pattern.compile("\\[([^\\]]*)\\]\\([^)]*\\)");

	@Test
	void everyRelativeLinkNamesAFileAndAHeadingThatExist() throws IOException {
		List<Path> pages = pages();
		assertThat(pages).contains(Path.of("README.md"), Path.of("docs", "API.md"), Path.of("docs", "OPERATIONS.md"));
		List<String> broken = new ArrayList<>();
		Map<Path, Set<String>> anchors = new HashMap<>();
		int checked = 0;
		for (Path page : pages) {
			for (String target : links(page)) {
				if (target.matches("^[a-z]+:.*")) {
					continue;
				}
				checked++;
				int hash = target.indexOf('#');
				String file = hash < 0 ? target : target.substring(0, hash);
				Path linked = file.isEmpty() ? page : page.resolveSibling(file).normalize();
				if (!Files.exists(linked)) {
					broken.add(page + " -> " + target + " (no such file)");
				}
				else if (hash >= 0 && linked.toString().endsWith(".md")
						&& !anchors.computeIfAbsent(linked, DocumentationLinksTests::anchors).contains(target.substring(hash + 1))) {
					broken.add(page + " -> " + target + " (no such heading)");
				}
			}
		}
		assertThat(checked).as("relative links checked").isGreaterThan(40);
		assertThat(broken).isEmpty();
	}

	@Test
	void anchorsAreDerivedAsGitHubDerivesThem() {
		assertThat(anchor("GET /model, PUT /model")).isEqualTo("get-model-put-model");
		assertThat(anchor("A lost node (SQLite mode)")).isEqualTo("a-lost-node-sqlite-mode");
		assertThat(anchor("Paired differences (`baseline`)")).isEqualTo("paired-differences-baseline");
		assertThat(anchor("See [the runbook](docs/RUNBOOK.md)")).isEqualTo("see-the-runbook");
	}

	private static List<Path> pages() throws IOException {
		List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
		try (Stream<Path> docs = Files.list(Path.of("docs"))) {
			docs.filter((p) -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
		}
		return pages;
	}

	private static List<String> links(Path page) throws IOException {
		List<String> links = new ArrayList<>();
		boolean fenced = false;
		for (String line : Files.readAllLines(page)) {
			fenced ^= fence(line);
			Matcher m = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
			while (!fenced && m.find()) {
				links.add(m.group(1));
			}
		}
		return links;
	}

	private static Set<String> anchors(Path page) {
		Set<String> anchors = new HashSet<>();
		Map<String, Integer> seen = new HashMap<>();
		boolean fenced = false;
		try {
			for (String line : Files.readAllLines(page)) {
				fenced ^= fence(line);
				Matcher m = HEADING.matcher(line);
				if (!fenced && m.matches()) {
					String anchor = anchor(m.group(1));
					int n = seen.merge(anchor, 1, Integer::sum);
					anchors.add(n == 1 ? anchor : anchor + "-" + (n - 1));
				}
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return anchors;
	}

	private static boolean fence(String line) {
		String code = line.stripLeading();
		return code.startsWith("```") || code.startsWith("~~~");
	}

	/**
	 * GitHub's anchor for a heading: its links' text only, lower case, punctuation but hyphens and underscores dropped,
	 * spaces hyphens.
	 */
	private static String anchor(String heading) {
		return INLINE_LINK.matcher(heading).replaceAll("$1").strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
	}

}
