package org.gss.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.gss.data.image.LabelMap;
import org.gss.eval.ConfusionMatrix;
import org.gss.eval.MeanMode;
import org.junit.jupiter.api.Test;

/** Dataset and class names come from input files: the Markdown and CSV outputs must not let them act as markup/formulas. */
class HostileNamesTest {
    private static final String HTML_NAME = "<img src=x onerror=alert(1)>&co";

    private static DatasetResult dataset(String name, List<String> classes) {
        ConfusionMatrix cm = new ConfusionMatrix(classes.size());
        cm.accumulate(new LabelMap(2, 1, new byte[] {0, 1}), new LabelMap(2, 1, new byte[] {0, 1}));
        return new DatasetResult(name, name, name, "val", "/m", "h", "dataset", "not applied", classes,
                new int[classes.size()], cm, 1, "p", BaselineResult.unavailable("train", "<b>no</b> train"), List.of());
    }

    @Test
    void summaryMarkdownEscapesHtmlInNames() {
        String md = SummaryMarkdown.render(new EvaluationReport("t", "c".repeat(64), "{}",
                new PredictionSource("png-folder", "/p/<script>", "i".repeat(64)), MeanMode.NAN_EXCLUDED,
                List.of(dataset(HTML_NAME, List.of("a", "b"))), List.of()));
        assertFalse(md.contains("<img"), md);
        assertFalse(md.contains("<script>"), md);
        assertFalse(md.contains("<b>"), md);
        assertTrue(md.contains("&lt;img src=x onerror=alert(1)&gt;&amp;co"), md);
    }

    @Test
    void perClassCsvDefusesFormulaCells() {
        List<String> classes = List.of("=HYPERLINK(\"http://x\",\"y\")", "+1", "-2", "@SUM(A1)", "\tcmd", "road");
        String csv = PerClassCsv.render(dataset("d", classes));
        List<String> rows = csv.lines().skip(1).toList();
        assertTrue(rows.get(0).startsWith("0,\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\","), rows.get(0));
        assertTrue(rows.get(1).startsWith("1,'+1,"), rows.get(1));
        assertTrue(rows.get(2).startsWith("2,'-2,"), rows.get(2));
        assertTrue(rows.get(3).startsWith("3,'@SUM(A1),"), rows.get(3));
        assertTrue(rows.get(4).startsWith("4,'\tcmd,"), rows.get(4));
        assertTrue(rows.get(5).startsWith("5,road,"), rows.get(5));
    }
}
