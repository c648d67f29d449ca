package org.gss.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** CUDA_VISIBLE_DEVICES / CUDA_DEVICE_ORDER applied to nvidia-smi's list. */
class VisibleDevicesTest {
    private static final List<GpuInfo> EIGHT = NvidiaSmiCsv.parse(NvidiaSmiOutputs.A100_X8);
    private static final List<GpuInfo> MIXED = NvidiaSmiCsv.parse(NvidiaSmiOutputs.A6000_AND_H100_PCIE);

    private static List<Integer> indices(VisibleDevices.Selection s) {
        return s.gpus().stream().map(GpuInfo::index).toList();
    }

    @Test
    void unsetMeansAll() {
        VisibleDevices.Selection s = VisibleDevices.select(EIGHT, Map.of());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), indices(s));
        assertEquals(Optional.empty(), s.note());
    }

    @Test
    void indicesSelectInTheirOrder() {
        assertEquals(List.of(3), indices(VisibleDevices.select(EIGHT, Map.of("CUDA_VISIBLE_DEVICES", "3"))));
        assertEquals(List.of(5, 1), indices(VisibleDevices.select(EIGHT, Map.of("CUDA_VISIBLE_DEVICES", "5, 1"))));
    }

    @Test
    void listStopsAtTheFirstInvalidEntryLikeCuda() {
        assertEquals(List.of(0, 2), indices(VisibleDevices.select(EIGHT, Map.of("CUDA_VISIBLE_DEVICES", "0,2,9,1"))));
        assertEquals(List.of(), indices(VisibleDevices.select(EIGHT, Map.of("CUDA_VISIBLE_DEVICES", "-1"))));
        assertEquals(List.of(), indices(VisibleDevices.select(EIGHT, Map.of("CUDA_VISIBLE_DEVICES", "NoDevFiles"))));
    }

    @Test
    void emptyHidesEverything() {
        VisibleDevices.Selection s = VisibleDevices.select(EIGHT, Map.of("CUDA_VISIBLE_DEVICES", ""));
        assertEquals(List.of(), s.gpus());
        assertEquals(Optional.of("CUDA_VISIBLE_DEVICES is empty: CUDA sees no GPU"), s.note());
    }

    @Test
    void uuidsCannotBeMappedSoAllAreChecked() {
        VisibleDevices.Selection s = VisibleDevices.select(MIXED,
                Map.of("CUDA_VISIBLE_DEVICES", "GPU-8f6c1a2e-7d1b-4a52-b9a1-1d2e3f4a5b6c"));
        assertEquals(List.of(0, 1), indices(s));
        assertTrue(s.note().orElseThrow().contains("UUID"), s.note().toString());
    }

    @Test
    void mixedModelsNeedPciBusOrderForIndicesToMatch() {
        // CUDA's default order puts the fastest GPU first, so "0" may well be the H100 (nvidia-smi's 1).
        VisibleDevices.Selection fastestFirst = VisibleDevices.select(MIXED, Map.of("CUDA_VISIBLE_DEVICES", "0"));
        assertEquals(List.of(0, 1), indices(fastestFirst));
        assertTrue(fastestFirst.note().orElseThrow().contains("CUDA_DEVICE_ORDER=PCI_BUS_ID"));
        VisibleDevices.Selection pci = VisibleDevices.select(MIXED,
                Map.of("CUDA_VISIBLE_DEVICES", "0", "CUDA_DEVICE_ORDER", "PCI_BUS_ID"));
        assertEquals(List.of(0), indices(pci));
        assertEquals(Optional.empty(), pci.note());
    }
}
