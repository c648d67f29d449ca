package org.gss.backend;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which of nvidia-smi's GPUs a CUDA process will use, from {@code CUDA_VISIBLE_DEVICES} and {@code CUDA_DEVICE_ORDER}.
 *
 * <p>CUDA's rules: unset means all devices; a comma-separated list selects devices in that order and stops at the
 * first entry that is not a valid device; an empty list hides all devices. nvidia-smi numbers GPUs in PCI bus order,
 * but CUDA only does so with {@code CUDA_DEVICE_ORDER=PCI_BUS_ID} (its default puts the fastest first). Where the list
 * cannot be mapped onto nvidia-smi's indices for sure (UUID or MIG entries; different GPU models without
 * {@code PCI_BUS_ID} order), every GPU is kept, so the check errs on the side of looking at too many devices.
 */
public final class VisibleDevices {
    public static final String VISIBLE = "CUDA_VISIBLE_DEVICES";
    public static final String ORDER = "CUDA_DEVICE_ORDER";

    /** The GPUs to check and, when the selection was not applied as written, why. */
    public record Selection(List<GpuInfo> gpus, Optional<String> note) {
    }

    private VisibleDevices() {
    }

    public static Selection select(List<GpuInfo> all, Map<String, String> env) {
        String visible = env.get(VISIBLE);
        if (visible == null) {
            return new Selection(all, Optional.empty());
        }
        List<String> entries = new ArrayList<>();
        for (String e : visible.split(",", -1)) {
            entries.add(e.strip());
        }
        if (visible.isBlank()) {
            return new Selection(List.of(), Optional.of(VISIBLE + " is empty: CUDA sees no GPU"));
        }
        Set<Integer> indices = new LinkedHashSet<>();
        for (String e : entries) {
            if (e.startsWith("GPU-") || e.startsWith("MIG-")) {
                return new Selection(all, Optional.of(VISIBLE + "=" + visible + " names devices by UUID; checking every"
                        + " GPU nvidia-smi lists"));
            }
            Optional<Integer> index = parseIndex(e).filter(i -> all.stream().anyMatch(g -> g.index() == i));
            if (index.isEmpty()) {
                break; // CUDA ignores this entry and all after it
            }
            indices.add(index.get());
        }
        boolean pciOrder = "PCI_BUS_ID".equals(env.get(ORDER));
        boolean allAlike = all.stream().map(g -> g.name() + "/" + g.computeCapability()).distinct().count() <= 1;
        if (!pciOrder && !allAlike && !indices.isEmpty()) {
            return new Selection(all, Optional.of(VISIBLE + "=" + visible + " counts devices in CUDA's default"
                    + " fastest-first order, which need not match nvidia-smi's with different GPU models (set "
                    + ORDER + "=PCI_BUS_ID to make them match); checking every GPU nvidia-smi lists"));
        }
        List<GpuInfo> chosen = new ArrayList<>();
        for (int i : indices) {
            all.stream().filter(g -> g.index() == i).findFirst().ifPresent(chosen::add);
        }
        return new Selection(chosen, Optional.empty());
    }

    private static Optional<Integer> parseIndex(String s) {
        if (!s.matches("\\d{1,9}")) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(s));
    }
}
