package io.omninode.bridge.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogarithmicAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** A latency-versus-load line chart written as PNG (JFreeChart, headless). */
public final class Plot {

    private final Map<String, XYSeries> series = new LinkedHashMap<>();

    /** Adds one point (offered load in req/s, latency in ms) to the named line. */
    public void add(String line, double load, double millis) {
        series.computeIfAbsent(line, name -> new XYSeries(name, false)).add(load, Math.max(millis, 0.01));
    }

    public void write(Path png, String title) {
        XYSeriesCollection data = new XYSeriesCollection();
        series.values().forEach(data::addSeries);
        JFreeChart chart = ChartFactory.createXYLineChart(title, "offered load (requests/s)", "latency (ms, log)",
                data, PlotOrientation.VERTICAL, true, false, false);
        XYPlot plot = chart.getXYPlot();
        LogarithmicAxis axis = new LogarithmicAxis("latency (ms, log scale)");
        axis.setAllowNegativesFlag(false);
        plot.setRangeAxis(axis);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        Color[] colors = {new Color(0x1f77b4), new Color(0x1f77b4), new Color(0xd62728), new Color(0xd62728)};
        int i = 0;
        for (String name : series.keySet()) {
            renderer.setSeriesPaint(i, colors[i % colors.length]);
            renderer.setSeriesStroke(i, name.contains("p99")
                    ? new BasicStroke(2f) : new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[]{6f, 4f}, 0f));
            i++;
        }
        plot.setRenderer(renderer);
        try {
            Files.createDirectories(png.toAbsolutePath().getParent());
            ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 520);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
