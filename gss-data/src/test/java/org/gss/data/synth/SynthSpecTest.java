package org.gss.data.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SynthSpecTest {
    @Test
    void defaultsPerLayout() {
        SynthSpec city = SynthSpec.defaults(SynthLayout.parse("Cityscapes"));
        assertEquals(256, city.width());
        assertEquals(128, city.height());
        assertEquals(19, city.numClasses());
        assertEquals(ImageFormat.PNG, city.imageFormat());
        assertEquals(List.of(), city.domains());
        assertEquals(List.of(""), city.domainsOrSingle());
        SynthSpec mseg = SynthSpec.defaults(SynthLayout.MSEG);
        assertEquals(List.of("day", "dusk", "fog"), mseg.domains());
        assertEquals(0.05, mseg.unlabeledShare());
        assertEquals(ImageFormat.JPEG, SynthSpec.defaults(SynthLayout.ADE20K).imageFormat());
        assertEquals(ImageFormat.JPEG, ImageFormat.parse("jpeg"));
    }

    @Test
    void sampleSeedsDependOnDomainSplitAndIndexOnly() {
        SynthSpec a = SynthSpec.defaults(SynthLayout.MSEG).withCounts(5, 5);
        SynthSpec b = a.withCounts(50, 1).withSize(64, 64);
        assertEquals(a.sampleSeed(1, SynthSplit.TRAIN, 3), b.sampleSeed(1, SynthSplit.TRAIN, 3));
        assertNotEquals(a.sampleSeed(1, SynthSplit.TRAIN, 3), a.sampleSeed(1, SynthSplit.VAL, 3));
        assertNotEquals(a.sampleSeed(1, SynthSplit.TRAIN, 3), a.sampleSeed(2, SynthSplit.TRAIN, 3));
        assertNotEquals(a.sampleSeed(1, SynthSplit.TRAIN, 3), a.withSeed(1).sampleSeed(1, SynthSplit.TRAIN, 3));
    }

    @Test
    void rejectsSpecsTheLayoutsCannotHold() {
        SynthSpec city = SynthSpec.defaults(SynthLayout.CITYSCAPES);
        assertMessage("cityscapes leftImg8bit images are PNG", () -> city.withImageFormat(ImageFormat.JPEG));
        assertMessage("supports 2..19 classes", () -> city.withNumClasses(20));
        assertMessage("domains apply only to the mseg layout", () -> city.withDomains(List.of("x")));
        assertMessage("ADEChallengeData2016 images are JPEG",
                () -> SynthSpec.defaults(SynthLayout.ADE20K).withImageFormat(ImageFormat.PNG));
        SynthSpec mseg = SynthSpec.defaults(SynthLayout.MSEG);
        assertMessage("listed twice", () -> mseg.withDomains(List.of("a", "a")));
        assertMessage("invalid domain folder name '../x'", () -> mseg.withDomains(List.of("../x")));
        assertMessage("at least one domain", () -> mseg.withDomains(List.of()));
        assertMessage("unlabeled share", () -> mseg.withUnlabeledShare(-0.1));
        assertMessage("image counts", () -> mseg.withCounts(-1, 0));
        assertMessage("unknown synthetic layout 'voc'", () -> SynthLayout.parse("voc"));
    }

    private static void assertMessage(String part, Runnable r) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
