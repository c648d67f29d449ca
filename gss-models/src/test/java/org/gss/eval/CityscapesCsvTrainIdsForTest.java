package org.gss.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.gss.data.image.LabelMap;

/**
 * Test-only stand-in for the official Cityscapes label reader (which belongs in gss-data): reads the id → trainId
 * columns of {@code cityscapes_labels.csv} (header {@code name,id,trainId,...}) and maps labelIds to trainIds.
 * Ids with trainId 255 or -1, and ids not in the table, become 255.
 */
final class CityscapesCsvTrainIdsForTest {
    private final int[] idToTrainId = new int[256];

    CityscapesCsvTrainIdsForTest(Path csv) throws IOException {
        Arrays.fill(idToTrainId, LabelMap.IGNORE);
        List<String> lines = Files.readAllLines(csv);
        List<String> header = Arrays.asList(lines.get(0).split(","));
        int idCol = header.indexOf("id");
        int trainCol = header.indexOf("trainId");
        if (idCol < 0 || trainCol < 0) {
            throw new IllegalStateException(csv + ": header lacks id/trainId: " + lines.get(0));
        }
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            int id = Integer.parseInt(f[idCol].trim());
            int trainId = Integer.parseInt(f[trainCol].trim());
            if (id >= 0 && trainId >= 0) {
                idToTrainId[id] = trainId;
            }
        }
    }

    LabelMap toTrainIds(LabelMap labelIds) {
        byte[] out = new byte[labelIds.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) idToTrainId[labelIds.at(i)];
        }
        return new LabelMap(labelIds.width(), labelIds.height(), out);
    }
}
