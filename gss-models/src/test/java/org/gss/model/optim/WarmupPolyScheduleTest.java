package org.gss.model.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

class WarmupPolyScheduleTest {

    // Cityscapes recipe: base 1.5e-3, 80k iterations, 1500 warm-up from 1e-6x, power 1, min 0
    private final WarmupPolySchedule s = OptimConfig.cityscapes().schedule();

    @Test
    void valuesAtTheLandmarks() {
        double base = 1.5e-3;
        // i = 0: ratio * base (poly factor 1)
        assertEquals(1e-6 * base, s.valueAt(0, 0), 1e-18);
        // i = 750 (half the warm-up): poly(750) * (1 - 0.5 * (1 - 1e-6))
        double poly750 = base * (1 - 750 / 80000.0);
        assertEquals(poly750 * (1 - 0.5 * (1 - 1e-6)), s.valueAt(750, 0), 1e-15);
        // i = 1500: warm-up over, plain poly
        assertEquals(base * (1 - 1500 / 80000.0), s.valueAt(1500, 0), 1e-15);
        // mid-training
        assertEquals(base * 0.5, s.valueAt(40000, 0), 1e-15);
        // end and beyond: min_lr
        assertEquals(0.0, s.valueAt(80000, 0), 0.0);
        assertEquals(0.0, s.valueAt(90000, 0), 0.0);
        // it decays monotonically after the warm-up
        assertEquals(true, s.valueAt(20000, 0) > s.valueAt(20001, 0));
    }

    @Test
    void powerAndMinimumAreHonoured() {
        WarmupPolySchedule p = new WarmupPolySchedule(1.0, 0.1, 0.9, 100, 0, 1.0);
        assertEquals(0.9 * Math.pow(0.5, 0.9) + 0.1, p.valueAt(50, 0), 1e-15);
        assertEquals(1.0, p.valueAt(0, 0), 0.0);
        assertEquals(0.1, p.valueAt(100, 0), 1e-15);
    }

    @Test
    void jsonRoundTripAloneAndInsideAdam() throws Exception {
        var mapper = NeuralNetConfiguration.mapper();
        ISchedule back = mapper.readValue(mapper.writerFor(ISchedule.class).writeValueAsString(s), ISchedule.class);
        assertEquals(s, back);
        assertEquals(s.valueAt(777, 0), back.valueAt(777, 0), 0.0);
        IUpdater adam = OptimConfig.cityscapes().updater();
        IUpdater adamBack = mapper.readValue(mapper.writerFor(IUpdater.class).writeValueAsString(adam), IUpdater.class);
        assertEquals(adam, adamBack);
        assertEquals(s, ((Adam) adamBack).getLearningRateSchedule());
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new WarmupPolySchedule(1e-3, 0, 1, 100, 200, 1e-6));
        assertThrows(IllegalArgumentException.class, () -> new WarmupPolySchedule(1e-3, 0, 1, 100, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new WarmupPolySchedule(1e-3, 2e-3, 1, 100, 10, 0.1));
    }
}
