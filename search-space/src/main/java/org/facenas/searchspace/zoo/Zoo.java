package org.facenas.searchspace.zoo;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.facenas.searchspace.arch.Architecture;

/** Reference architectures by name, each a block string. */
public final class Zoo {

    private static final Map<String, String> MODELS = models();

    private static Map<String, String> models() {
        Map<String, String> m = new LinkedHashMap<>();
        // MobileFaceNet (Chen et al. 2018), the paper's table: bottlenecks (t,c,n,s)
        String mbfStages = "ir_r5_k3_s2_e2_c64,ir_r1_k3_s2_e4_c128,ir_r6_k3_s1_e2_c128,ir_r1_k3_s2_e4_c128,ir_r2_k3_s1_e2_c128";
        m.put("mobilefacenet", "stem_c64," + mbfStages + ",head_c512_gdc_emb128");
        m.put("mobilefacenet-512", "stem_c64," + mbfStages + ",head_c512_gdc_emb512");
        // insightface arcface_torch get_mbf(num_features=512, blocks=(1,4,6,2), scale=2): its second stem conv
        // has groups=64 over 128 channels, and its DepthWise(in, out, groups=g) is an IR block with hidden width g
        m.put("mbf-insightface", "stem_c128_g64,ir_r1_k3_s2_e1_c128,ir_r4_k3_s1_e1_c128,ir_r1_k3_s2_e2_c256,"
                + "ir_r6_k3_s1_e1_c256,ir_r1_k3_s2_e2_c256,ir_r2_k3_s1_e1_c256,head_c512_gdc_emb512");
        // Small references that exercise the other genes (SE, k5/k7, DS, RES, GAP) at PocketNet-class sizes
        m.put("mnas-face-se", "stem_c32,ds_r1_k3_s1_c16,ir_r2_k3_s2_e6_c24,ir_r3_k5_s2_e3_c40_se0.25,"
                + "ir_r3_k3_s2_e6_c80,ir_r2_k5_s1_e6_c112_se0.25,head_c512_gap_emb128");
        m.put("iresnet-mini", "stem_c32,res_r1_k3_s2_c48,res_r2_k3_s2_c96,res_r1_k3_s2_c160,head_c512_gdc_emb256");
        m.put("ds-face-k7", "stem_c32,ds_r2_k7_s2_c64_noskip,ds_r3_k5_s2_c128,ds_r2_k3_s2_c256,head_c512_gdc_emb128");
        return java.util.Collections.unmodifiableMap(m);
    }

    private Zoo() {
    }

    public static Set<String> names() {
        return MODELS.keySet();
    }

    public static Optional<Architecture> find(String name) {
        return Optional.ofNullable(MODELS.get(name)).map(Architecture::parse);
    }

    public static Architecture get(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "unknown architecture '" + name + "': use one of " + String.join(", ", names()) + " or a block string"));
    }

    /**
     * A zoo name or a block string. Anything with an underscore is read as a block string, so a typo in a
     * block string reports the block-string error, not "unknown name".
     */
    public static Architecture resolve(String nameOrBlockString) {
        if (nameOrBlockString == null || nameOrBlockString.isBlank()) {
            throw new IllegalArgumentException("no architecture given: use a zoo name (" + String.join(", ", names())
                    + ") or a block string");
        }
        String s = nameOrBlockString.trim();
        return s.contains("_") ? Architecture.parse(s) : get(s);
    }

    /** The zoo name of an architecture, if it is one. */
    public static Optional<String> nameOf(Architecture architecture) {
        String id = architecture.blockString();
        return MODELS.entrySet().stream().filter(e -> Architecture.parse(e.getValue()).blockString().equals(id))
                .map(Map.Entry::getKey).findFirst();
    }
}
