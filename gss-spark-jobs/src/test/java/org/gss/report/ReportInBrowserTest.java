package org.gss.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.gss.data.image.ImageCodec;
import org.gss.data.image.LabelMap;
import org.gss.data.image.RgbImage;
import org.gss.data.synth.ClassRoles;
import org.gss.data.synth.DomainStyle;
import org.gss.data.synth.SceneSettings;
import org.gss.data.synth.SyntheticScene;
import org.gss.eval.ConfusionMatrix;
import org.gss.eval.MeanMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html in headless Chromium: every chart (SVG with its id/class) and every panel image is there after the
 * browser parsed the page, every image decoded, and the console stayed silent. A control page with a deliberate
 * console error proves the console check can fail. {@code -Dgss.test.screenshot=PATH} keeps the screenshot.
 */
class ReportInBrowserTest {
    static final String[] DOMAINS = {"domain-a", "domain-b", "domain-c"};
    static final int K = 8;
    static final int PANELS = 2;

    @TempDir
    static Path dir;
    static EvaluationReport report;
    static Path html;

    @BeforeAll
    static void writeReport() {
        List<DatasetResult> results = new ArrayList<>();
        List<String> names = ClassRoles.generic(K).names();
        for (int d = 0; d < DOMAINS.length; d++) {
            SceneSettings settings = new SceneSettings(96, 48, ClassRoles.generic(K), 0.05, DomainStyle.forIndex(d));
            ConfusionMatrix cm = new ConfusionMatrix(K);
            ConfusionMatrix base = new ConfusionMatrix(K);
            List<Panel> panels = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                SyntheticScene.Sample s = SyntheticScene.render(settings, 100L * d + i);
                LabelMap pred = noisy(s.fullLabels(), 5 + 10 * d);
                cm.accumulate(s.labels(), pred);
                base.accumulate(s.labels(), LabelMap.filled(96, 48, 0));
                if (i < PANELS) {
                    panels.add(Panel.of("img-" + i, s.image(), s.labels(), pred));
                }
            }
            results.add(new DatasetResult(DOMAINS[d], "demo", DOMAINS[d], "val", "/tmp/manifest", "abc", "dataset",
                    "not applied", names, LabelPalette.generated(K), cm, 4, "f".repeat(64),
                    new BaselineResult("train", 8, 64, base, null), panels));
        }
        report = new EvaluationReport("2024-01-01T00:00:00Z", "0".repeat(64), "{\"gss\":{}}",
                new PredictionSource("png-folder", "/tmp/preds", "1".repeat(64)), MeanMode.NAN_EXCLUDED, results,
                List.of(new SkippedInput("domain-a", "val", "x", "/tmp/preds/x.png", "/tmp/preds/x.png: missing")));
        ReportWriter.write(report, dir.resolve("run").toString(), new Configuration());
        html = dir.resolve("run/report.html");
    }

    /** Every 7th pixel moved to the next class, plus a shift-free band of errors that grows with {@code band}. */
    static LabelMap noisy(LabelMap full, int band) {
        byte[] out = full.ids().clone();
        for (int i = 0; i < out.length; i++) {
            if (i % 7 == 0 || (i % full.width()) < band) {
                out[i] = (byte) (((out[i] & 0xFF) + 1) % K);
            }
        }
        return new LabelMap(full.width(), full.height(), out);
    }

    @Test
    void reportRendersChartsAndPanelsWithoutConsoleErrors() throws Exception {
        Chromium browser = Chromium.require(dir);
        Chromium.Page page = browser.dumpDom(html);
        String dom = page.dom();
        assertTrue(page.console().isEmpty(), "console messages: " + page.console());
        assertTrue(dom.contains("<svg id=\"domain-chart\" class=\"gss-chart domain-chart\""), "domain chart");
        assertTrue(dom.contains("class=\"hmean-line\""), "harmonic-mean line");
        assertTrue(dom.contains(String.format(java.util.Locale.ROOT, "h.mean %.2f",
                report.harmonicMean(MeanMode.NAN_EXCLUDED).value())), "h.mean label");
        for (DatasetResult d : report.datasets()) {
            String iou = HtmlReport.iouChartId(d);
            assertTrue(dom.contains("<svg id=\"" + iou + "\" class=\"gss-chart iou-chart\""), iou);
            assertEquals(d.metrics().presentClasses(), countIn(svg(dom, iou), "class=\"bar\""), iou + " bars");
            String heat = HtmlReport.heatmapId(d);
            assertTrue(dom.contains("<svg id=\"" + heat + "\" class=\"gss-chart confusion-heatmap\""), heat);
            int present = d.metrics().presentClasses();
            assertEquals(present * present, countIn(svg(dom, heat), "class=\"cell\""), heat + " cells");
        }
        assertEquals(1 + 2 * DOMAINS.length, count(dom, "<svg "), "svg elements after parsing");
        int images = 3 * PANELS * DOMAINS.length;
        assertEquals(images, count(dom, "<img "), "panel images");
        assertEquals(PANELS * DOMAINS.length, count(dom, "class=\"panel-pred\""));
        assertTrue(dom.contains("data-images-ok=\"" + images + "\""), "every panel image decoded");
        assertTrue(dom.contains("data-images-broken=\"0\""), "no broken image");
        assertTrue(!page.log().contains("net::ERR"), "no network request failed");

        Path shot = dir.resolve("report.png");
        browser.screenshot(html, shot, 1280, 2200);
        RgbImage img = ImageCodec.decodeRgb(Files.readAllBytes(shot), shot.toString());
        assertEquals(1280, img.width());
        Set<Integer> colours = new HashSet<>();
        for (int i = 0; i < img.width() * img.height(); i += 97) {
            colours.add(img.packed(i));
        }
        assertTrue(colours.size() > 20, "the screenshot shows a rendered page, not a blank one: " + colours.size());
        String keep = System.getProperty("gss.test.screenshot");
        if (keep != null && !keep.isBlank()) {
            Files.copy(shot, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void consoleCheckSeesADeliberateError() throws Exception {
        Chromium browser = Chromium.require(dir);
        Path bad = dir.resolve("bad.html");
        Files.writeString(bad, "<!DOCTYPE html><html><body><img alt=\"broken\" src=\"data:image/png;base64,AAAA\">"
                + "<script>" + "window.addEventListener('load', function () { var b = 0;"
                + " document.querySelectorAll('img').forEach(function (i) { if (!(i.complete && i.naturalWidth > 0)) b++; });"
                + " if (b) console.error('broken images: ' + b); });</script></body></html>");
        Chromium.Page page = browser.dumpDom(bad);
        assertEquals(1, page.console().size(), page.log());
        assertTrue(page.console().get(0).contains("broken images: 1"), page.console().toString());
    }

    /** The markup of one svg element by id. */
    static String svg(String dom, String id) {
        Matcher m = Pattern.compile("<svg id=\"" + Pattern.quote(id) + "\".*?</svg>", Pattern.DOTALL).matcher(dom);
        assertTrue(m.find(), "no svg " + id);
        return m.group();
    }

    static int countIn(String s, String needle) {
        return count(s, needle);
    }

    static int count(String s, String needle) {
        int n = 0;
        for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
