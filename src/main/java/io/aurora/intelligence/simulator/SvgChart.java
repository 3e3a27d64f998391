package io.aurora.intelligence.simulator;

import java.util.List;
import java.util.Locale;

/** Draws cumulative regret per policy as a self-contained SVG line chart. */
final class SvgChart {

	private static final String[] COLOURS = { "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
			"#e377c2", "#7f7f7f", "#17becf", "#bcbd22", "#393b79", "#637939" };

	private static final int WIDTH = 860;

	private static final int HEIGHT = 460;

	private static final int LEFT = 70;

	private static final int RIGHT = 190;

	private static final int TOP = 40;

	private static final int BOTTOM = 50;

	private SvgChart() {
	}

	static String render(String title, List<RegretSummary> runs, int shiftStep) {
		int steps = runs.get(0).cumulative().length;
		double max = runs.stream().mapToDouble(r -> r.cumulative()[steps - 1]).max().orElse(1);
		max = max <= 0 ? 1 : max * 1.05;
		double plotW = WIDTH - LEFT - RIGHT;
		double plotH = HEIGHT - TOP - BOTTOM;
		StringBuilder svg = new StringBuilder();
		svg.append(String.format(Locale.ROOT,
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n",
				WIDTH, HEIGHT));
		svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" font-size=\"15\">%s</text>%n", LEFT, escape(title)));
		for (int i = 0; i <= 4; i++) {
			double y = TOP + plotH - plotH * i / 4;
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.0f</text>%n",
					LEFT, y, LEFT + plotW, y, LEFT - 6, y + 4, max * i / 4));
			double x = LEFT + plotW * i / 4;
			svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>%n", x,
					TOP + plotH + 18, steps * i / 4));
		}
		svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">decisions</text>%n",
				LEFT + plotW / 2, HEIGHT - 10));
		svg.append(String.format(Locale.ROOT,
				"<text x=\"16\" y=\"%.1f\" transform=\"rotate(-90 16 %.1f)\" text-anchor=\"middle\">cumulative regret</text>%n",
				TOP + plotH / 2, TOP + plotH / 2));
		if (shiftStep > 0) {
			double x = LEFT + plotW * shiftStep / (steps - 1.0);
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" stroke-dasharray=\"4 4\"/>"
							+ "<text x=\"%.1f\" y=\"%d\" fill=\"#666\">shift</text>%n",
					x, TOP, x, TOP + plotH, x + 4, TOP + 12));
		}
		int stride = Math.max(1, steps / 400);
		for (int r = 0; r < runs.size(); r++) {
			String colour = COLOURS[r % COLOURS.length];
			StringBuilder points = new StringBuilder();
			double[] c = runs.get(r).cumulative();
			for (int t = 0; t < steps; t += stride) {
				appendPoint(points, LEFT + plotW * t / (steps - 1.0), TOP + plotH - plotH * c[t] / max);
			}
			appendPoint(points, LEFT + plotW, TOP + plotH - plotH * c[steps - 1] / max);
			svg.append(String.format(Locale.ROOT,
					"<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", colour, points.toString().trim()));
			double ly = TOP + 14 + r * 20;
			svg.append(String.format(Locale.ROOT,
					"<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\"/><text x=\"%.1f\" y=\"%.1f\">%s</text>%n",
					LEFT + plotW + 14, ly, LEFT + plotW + 34, ly, colour, LEFT + plotW + 40, ly + 4,
					escape(runs.get(r).policy())));
		}
		svg.append("</svg>\n");
		return svg.toString();
	}

	private static void appendPoint(StringBuilder points, double x, double y) {
		points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

}
