package org.gss.data.layout;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.gss.data.fs.ConfinedPaths;
import org.gss.data.fs.HadoopFiles;
import org.gss.data.image.BadInputException;

/**
 * Pairs images and labels that live in two folder trees and differ only in folder, file-name prefix and suffix — the
 * rule of mmseg's {@code CustomDataset} ({@code img_dir}/{@code img_suffix}, {@code ann_dir}/{@code seg_map_suffix},
 * plus GSS's {@code img_prefix}/{@code seg_map_prefix}). Folders are relative to the dataset root and may contain
 * {@code {split}}. A sample id is the image's path under the image folder with prefix and suffix removed; the label
 * is {@code labelDir/<same sub-folders>/labelPrefix + core + labelSuffix}.
 *
 * <p>Examples: Cityscapes {@code leftImg8bit/{split}}, "", {@code _leftImg8bit.png} ↔ {@code gtFine/{split}}, "",
 * {@code _gtFine_labelIds.png}; SUN RGB-D in MSeg {@code image/{split}}, {@code img-}, {@code .jpg} ↔
 * {@code semseg-label37/{split}}, {@code 00}, {@code .png} ({@code img-000001.jpg} ↔ {@code 00000001.png}, id
 * {@code 000001}).
 */
public record DirPairing(String imageDir, String imagePrefix, String imageSuffix, String labelDir, String labelPrefix,
                         String labelSuffix) implements java.io.Serializable {
    public DirPairing {
        Objects.requireNonNull(imageDir, "imageDir");
        Objects.requireNonNull(imagePrefix, "imagePrefix");
        Objects.requireNonNull(imageSuffix, "imageSuffix");
        Objects.requireNonNull(labelDir, "labelDir");
        Objects.requireNonNull(labelPrefix, "labelPrefix");
        Objects.requireNonNull(labelSuffix, "labelSuffix");
        if (imageSuffix.isEmpty() || labelSuffix.isEmpty()) {
            throw new IllegalArgumentException("image and label suffixes must not be empty (they tell images apart)");
        }
    }

    /** Every image under the image folder (recursively) whose name has the prefix and suffix, with its label. */
    List<PairCandidates.Candidate> scan(String datasetRoot, String split, Configuration conf) {
        String imageRoot = HadoopFiles.qualify(folder(datasetRoot, imageDir, split), conf);
        String labelRoot = folder(datasetRoot, labelDir, split);
        List<PairCandidates.Candidate> out = new ArrayList<>();
        for (String file : HadoopFiles.listFiles(imageRoot, true, conf)) {
            if (!file.startsWith(imageRoot + "/")) {
                throw new IllegalStateException("listing of " + imageRoot + " returned " + file);
            }
            String rel = file.substring(imageRoot.length() + 1);
            int slash = rel.lastIndexOf('/');
            String sub = rel.substring(0, slash + 1);
            String base = rel.substring(slash + 1);
            if (base.length() <= imagePrefix.length() + imageSuffix.length() || !base.startsWith(imagePrefix)
                    || !base.endsWith(imageSuffix)) {
                continue;
            }
            String core = base.substring(imagePrefix.length(), base.length() - imageSuffix.length());
            out.add(new PairCandidates.Candidate(sub + core, file, labelFor(labelRoot, sub, core)));
        }
        if (out.isEmpty()) {
            throw new BadInputException(imageRoot, "no images named " + imagePrefix + "*" + imageSuffix + " in this folder");
        }
        return out;
    }

    /** The pairs of the given ids (as a split file lists them: the image path under the image folder, no prefix/suffix). */
    List<PairCandidates.Candidate> fromIds(String datasetRoot, String split, List<String> ids, String idSource,
                                           Configuration conf) {
        String imageRoot = folder(datasetRoot, imageDir, split);
        String labelRoot = folder(datasetRoot, labelDir, split);
        Set<String> seen = new LinkedHashSet<>();
        List<PairCandidates.Candidate> out = new ArrayList<>();
        for (String raw : ids) {
            String id = raw.strip();
            if (id.isEmpty()) {
                continue;
            }
            if (!seen.add(id)) {
                throw new BadInputException(idSource, "id '" + id + "' is listed twice");
            }
            int slash = id.lastIndexOf('/');
            String sub = id.substring(0, slash + 1);
            String core = id.substring(slash + 1);
            try {
                ConfinedPaths.check(id, idSource, "id");
                String where = "id '" + id + "'";
                out.add(new PairCandidates.Candidate(id,
                        ConfinedPaths.resolveInside(imageRoot, sub + imagePrefix + core + imageSuffix, idSource, where),
                        ConfinedPaths.resolveInside(labelRoot, sub + labelPrefix + core + labelSuffix, idSource, where)));
            } catch (BadInputException e) {
                out.add(PairCandidates.Candidate.refused(id, e));
            }
        }
        if (out.isEmpty()) {
            throw new BadInputException(idSource, "lists no samples");
        }
        return out;
    }

    private String labelFor(String labelRoot, String sub, String core) {
        return HadoopFiles.resolve(labelRoot, sub + labelPrefix + core + labelSuffix);
    }

    static String folder(String datasetRoot, String template, String split) {
        String dir = template.replace("{split}", split);
        return dir.isEmpty() || dir.equals(".") ? HadoopFiles.toPath(datasetRoot).toString()
                : HadoopFiles.resolve(datasetRoot, dir);
    }
}
