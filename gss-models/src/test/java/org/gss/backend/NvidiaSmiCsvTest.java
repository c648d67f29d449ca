package org.gss.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Parsing nvidia-smi output recorded in its real format (no GPU on this machine), and the verdict for each card. */
class NvidiaSmiCsvTest {

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "V100  | Tesla V100-SXM2-16GB    | 7 | 0  | true",
        "T4    | Tesla T4                | 7 | 5  | true",
        "A100  | NVIDIA A100-SXM4-80GB   | 8 | 0  | true",
        "A6000 | NVIDIA RTX A6000        | 8 | 6  | true",
        "L4    | NVIDIA L4               | 8 | 9  | true",
        "H100  | NVIDIA H100 80GB HBM3   | 9 | 0  | false",
        "H200  | NVIDIA H200             | 9 | 0  | false",
        "B200  | NVIDIA B200             | 10 | 0 | false"})
    void singleGpu(String card, String name, int major, int minor, boolean supported) throws Exception {
        String csv = (String) NvidiaSmiOutputs.class.getDeclaredField(card).get(null);
        List<GpuInfo> gpus = NvidiaSmiCsv.parse(csv);
        assertEquals(List.of(new GpuInfo(0, name, major, minor)), gpus);
        assertEquals(supported, CudaSupport.isSupported(gpus.get(0)));
    }

    @Test
    void eightGpuNode() {
        List<GpuInfo> gpus = NvidiaSmiCsv.parse(NvidiaSmiOutputs.A100_X8);
        assertEquals(8, gpus.size());
        for (int i = 0; i < 8; i++) {
            assertEquals(new GpuInfo(i, "NVIDIA A100-SXM4-40GB", 8, 0), gpus.get(i));
        }
    }

    @Test
    void mixedGenerations() {
        List<GpuInfo> gpus = NvidiaSmiCsv.parse(NvidiaSmiOutputs.A6000_AND_H100_PCIE);
        assertEquals(List.of(new GpuInfo(0, "NVIDIA RTX A6000", 8, 6), new GpuInfo(1, "NVIDIA H100 PCIe", 9, 0)), gpus);
        assertTrue(CudaSupport.isSupported(gpus.get(0)));
        assertFalse(CudaSupport.isSupported(gpus.get(1)));
    }

    @Test
    void windowsLineEndingsBlankLinesAndCommaInName() {
        List<GpuInfo> gpus = NvidiaSmiCsv.parse("0, NVIDIA L4, 8.9\r\n\r\n1, Some GPU, Rev B, 7.5\r\n");
        assertEquals(List.of(new GpuInfo(0, "NVIDIA L4", 8, 9), new GpuInfo(1, "Some GPU, Rev B", 7, 5)), gpus);
        assertEquals(List.of(), NvidiaSmiCsv.parse(""));
    }

    @Test
    void unreadableLinesAreNamed() {
        GpuProbeException na = assertThrows(GpuProbeException.class,
                () -> NvidiaSmiCsv.parse("0, NVIDIA A100-SXM4-40GB, 8.0\n1, Tesla K20m, [N/A]\n"));
        assertEquals("cannot read nvidia-smi output line 2 \"1, Tesla K20m, [N/A]\": compute capability '[N/A]' is not"
                + " of the form major.minor", na.getMessage());
        GpuProbeException text = assertThrows(GpuProbeException.class,
                () -> NvidiaSmiCsv.parse("Field \"compute_cap\" is not a valid field to query.\n"));
        assertTrue(text.getMessage().startsWith("cannot read nvidia-smi output line 1"), text.getMessage());
        assertThrows(GpuProbeException.class, () -> NvidiaSmiCsv.parse("x, NVIDIA L4, 8.9"));
    }
}
