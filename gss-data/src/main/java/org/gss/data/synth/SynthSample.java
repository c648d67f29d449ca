package org.gss.data.synth;

/**
 * One written sample. Paths are relative to the dataset root, '/'-separated.
 *
 * @param domain    mseg domain folder; "" for the single-domain layouts
 * @param split     train or val
 * @param index     0-based index within (domain, split); its seed depends on it
 * @param id        the layout's sample id (Cityscapes stem, ADE file stem, MSeg file stem)
 * @param imagePath the image file
 * @param labelPath the label file the layout's reader uses (Cityscapes: *_gtFine_labelIds.png; ADE20K: raw 0..K
 *                  annotation; MSeg: 0..K-1/255 label)
 */
public record SynthSample(String domain, SynthSplit split, int index, String id, String imagePath, String labelPath) {
}
