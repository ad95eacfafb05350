package org.facenas.records.proxy;

import java.util.Locale;

/**
 * A proxy named on the command line or in a config: a preset ({@code quick}) or named overrides of one
 * ({@code q8=quick:trainIdentities=64:epochs=2}); keys are ProxySettings fields, and {@code score} the zero-cost
 * score a zero-cost proxy ranks by ({@code zc-naswot=zero-cost:score=naswot}). The name labels the proxy in
 * records and tables and becomes part of what identifies a training, so two different settings never share one.
 * A preset keeps its own name with the weight decay rule alone ({@code quick:weightDecayRule=doubled}): the key then
 * names the rule, and that one reads the records made before issue 25 ({@link WeightDecayRule}).
 */
public final class ProxyOverrides {

    private ProxyOverrides() {
    }

    public static ProxySettings parse(String text) {
        String s = text.trim();
        int eq = s.indexOf('=');
        int colon = s.indexOf(':');
        if (eq < 0 || (colon >= 0 && colon < eq)) {
            if (colon >= 0) {
                return presetWithRule(text, s.substring(0, colon), s.substring(colon + 1));
            }
            return ProxySettings.preset(s);
        }
        String name = s.substring(0, eq);
        if (!name.matches("[A-Za-z0-9._-]+") || ProxySettings.presets().containsKey(name)) {
            throw bad(text, "the name '" + name + "' must be letters, digits, '.', '_' or '-' and not a preset's name");
        }
        String[] parts = s.substring(eq + 1).split(":");
        ProxySettings p = ProxySettings.preset(parts[0]);
        ProxySettings.Builder b = p.derive().name(name);
        int identities = p.trainIdentities();
        int imagesEach = p.imagesPerIdentity();
        for (int i = 1; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length != 2) {
                throw bad(text, "'" + parts[i] + "' is not key=value");
            }
            try {
                switch (kv[0]) {
                    case "inputSize" -> b.inputSize(Integer.parseInt(kv[1]));
                    case "epochs" -> b.epochs(Integer.parseInt(kv[1]));
                    case "batchSize" -> b.batchSize(Integer.parseInt(kv[1]));
                    case "learningRate" -> b.learningRate(Double.parseDouble(kv[1]));
                    case "weightDecay" -> b.weightDecay(Double.parseDouble(kv[1]));
                    case "trainIdentities" -> identities = Integer.parseInt(kv[1]);
                    case "imagesPerIdentity" -> imagesEach = Integer.parseInt(kv[1]);
                    case "pairsPerFold" -> b.pairsPerFold(Integer.parseInt(kv[1]));
                    case "flip" -> b.flip(bool(text, kv[0], kv[1]));
                    case "weightDecayRule" -> b.weightDecayRule(rule(text, kv[1]));
                    case "score" -> {
                        if (!p.zeroCostOnly()) {
                            throw bad(text, "score= ranks a zero-cost proxy; " + parts[0] + " trains (use zero-cost)");
                        }
                        b.zeroCost(org.facenas.records.proxy.ZeroCostScore.parse(kv[1]));
                    }
                    default -> throw bad(text, "unknown key '" + kv[0] + "': use inputSize, epochs, batchSize, learningRate, "
                            + "weightDecay, weightDecayRule, trainIdentities, imagesPerIdentity, pairsPerFold, flip, or score (zero-cost)");
                }
            } catch (NumberFormatException e) {
                throw bad(text, kv[0] + " must be a " + (kv[0].equals("learningRate") || kv[0].equals("weightDecay") ? "number"
                        : "whole number") + ", not '" + kv[1] + "'");
            }
        }
        try {
            return b.trainSubset(identities, imagesEach).build();
        } catch (IllegalArgumentException e) {
            throw bad(text, e.getMessage());
        }
    }

    /** {@code PRESET:weightDecayRule=RULE}, the one override that keeps the preset's name (its key names the rule). */
    private static ProxySettings presetWithRule(String text, String preset, String override) {
        String[] kv = override.split("=", 2);
        if (override.contains(":") || kv.length != 2 || !kv[0].equals("weightDecayRule")) {
            throw bad(text, "named overrides start with a name: NAME=PRESET:key=value:... (only "
                    + "PRESET:weightDecayRule=RULE keeps the preset's name)");
        }
        return ProxySettings.preset(preset).derive().weightDecayRule(rule(text, kv[1])).build();
    }

    private static WeightDecayRule rule(String text, String value) {
        try {
            return WeightDecayRule.parse(value);
        } catch (IllegalArgumentException e) {
            throw bad(text, e.getMessage());
        }
    }

    /** Only the two spellings: Boolean.parseBoolean would read "maybe", "yes" and "1" as false. */
    private static boolean bool(String text, String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(text, key + " must be true or false, not '" + value + "'");
        };
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("proxy '" + text + "': " + why);
    }
}
