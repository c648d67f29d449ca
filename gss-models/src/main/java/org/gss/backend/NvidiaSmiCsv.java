package org.gss.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the output of {@code nvidia-smi --query-gpu=index,name,compute_cap --format=csv,noheader}: one line per GPU,
 * e.g. {@code 0, NVIDIA H100 80GB HBM3, 9.0}.
 */
public final class NvidiaSmiCsv {
    /** The query arguments whose output {@link #parse} reads. */
    public static final List<String> QUERY = List.of("--query-gpu=index,name,compute_cap", "--format=csv,noheader");

    private static final Pattern CAPABILITY = Pattern.compile("(\\d+)\\.(\\d+)");

    private NvidiaSmiCsv() {
    }

    /**
     * The GPUs listed in {@code csv}. Index is the first field and compute capability the last, so a name with a
     * comma in it still parses. Blank lines are skipped; anything else that is not a GPU line is an error naming it.
     */
    public static List<GpuInfo> parse(String csv) {
        List<GpuInfo> gpus = new ArrayList<>();
        String[] lines = csv.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.isEmpty()) {
                gpus.add(parseLine(line, i + 1));
            }
        }
        return gpus;
    }

    private static GpuInfo parseLine(String line, int lineNo) {
        int first = line.indexOf(',');
        int last = line.lastIndexOf(',');
        if (first < 0 || first == last) {
            throw bad(line, lineNo, "expected 'index, name, compute_cap'");
        }
        String indexText = line.substring(0, first).strip();
        String name = line.substring(first + 1, last).strip();
        String capText = line.substring(last + 1).strip();
        int index;
        try {
            index = Integer.parseInt(indexText);
        } catch (NumberFormatException e) {
            throw bad(line, lineNo, "index '" + indexText + "' is not a number");
        }
        Matcher m = CAPABILITY.matcher(capText);
        if (!m.matches()) {
            // e.g. "[N/A]" on drivers that cannot report it
            throw bad(line, lineNo, "compute capability '" + capText + "' is not of the form major.minor");
        }
        if (name.isEmpty()) {
            throw bad(line, lineNo, "empty GPU name");
        }
        return new GpuInfo(index, name, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    private static GpuProbeException bad(String line, int lineNo, String problem) {
        return new GpuProbeException("cannot read nvidia-smi output line " + lineNo + " \"" + line + "\": " + problem);
    }
}
