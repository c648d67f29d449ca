package org.gss.eval;

/** How classes without any pixels enter a mean over classes (mIoU, mAcc). Every output says which one it used. */
public enum MeanMode {
    /** mmseg: a class absent from both prediction and ground truth has IoU NaN and is left out ({@code np.nanmean}). */
    NAN_EXCLUDED("mmseg mean: classes absent from prediction and ground truth excluded"),
    /** MSeg (mseg-semantic): IoU = intersection / (union + 1e-10), so an absent class counts as 0 in the mean. */
    ABSENT_AS_ZERO("MSeg-style mean: absent classes count as 0");

    private final String label;

    MeanMode(String label) {
        this.label = label;
    }

    /** Human-readable description for reports and tables. */
    public String label() {
        return label;
    }
}
