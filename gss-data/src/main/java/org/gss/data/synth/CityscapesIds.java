package org.gss.data.synth;

/**
 * The Cityscapes label ids of the 19 trainIds (cityscapesScripts helpers/labels.py): road=7, sidewalk=8, ...,
 * bicycle=33. Label id 0 ("unlabeled") has trainId 255.
 */
final class CityscapesIds {
    static final int UNLABELED_ID = 0;

    private static final int[] LABEL_ID_OF_TRAIN_ID = {
        7, 8, 11, 12, 13, 17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 31, 32, 33,
    };

    private CityscapesIds() {
    }

    static int labelId(int trainId) {
        return trainId == 255 ? UNLABELED_ID : LABEL_ID_OF_TRAIN_ID[trainId];
    }
}
