package org.facenas.searchspace.arch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the block-string form. Options may come in any order; {@link Architecture#blockString()} writes the
 * canonical order, so parse-then-print normalises and print-then-parse is the identity.
 */
final class BlockStringParser {

    private static final Pattern OPTION = Pattern.compile("([a-z]+)(.*)");

    private BlockStringParser() {
    }

    static Architecture parse(String text) {
        if (text == null || text.isBlank()) {
            throw new BlockStringException("block string is empty: expected e.g. "
                    + "stem_c64,ir_r2_k3_s2_e2_c64,head_c512_gdc_emb128");
        }
        String[] tokens = text.trim().split(Architecture.SEPARATOR, -1);
        Stem stem = null;
        Head head = null;
        List<Stage> stages = new ArrayList<>();
        int column = 1;
        for (int i = 0; i < tokens.length; i++) {
            Token token = new Token(tokens[i].trim(), i + 1, column, text);
            column += tokens[i].length() + Architecture.SEPARATOR.length();
            String kind = token.kind();
            if (kind.equals("stem")) {
                token.require(i == 0, "the stem must be the first token");
                stem = token.parseStem();
            } else if (kind.equals("head")) {
                token.require(i == tokens.length - 1, "the head must be the last token");
                head = token.parseHead();
            } else {
                token.require(i > 0, "the architecture must start with the stem, e.g. stem_c64");
                token.require(i < tokens.length - 1, "the architecture must end with the head, e.g. head_c512_gdc_emb128");
                stages.add(token.parseStage());
            }
        }
        if (stem == null) {
            throw new BlockStringException("block string '" + text + "' has no stem: start it with e.g. stem_c64");
        }
        if (head == null) {
            throw new BlockStringException("block string '" + text + "' has no head: end it with e.g. head_c512_gdc_emb128");
        }
        if (stages.isEmpty()) {
            throw new BlockStringException("block string '" + text + "' has no stage: add e.g. ir_r2_k3_s2_e2_c64");
        }
        return new Architecture(stem, stages, head);
    }

    /** One stem token such as {@code stem_c64} or {@code stem_c128_g64}. */
    static Stem parseStem(String text) {
        Token token = new Token(text == null ? "" : text.trim(), 1, 1, text);
        token.require(token.kind().equals("stem"), "a stem token starts with stem_, e.g. stem_c64");
        return token.parseStem();
    }

    /** One comma-separated token, with its position for error messages. */
    private record Token(String text, int index, int column, String whole) {

        String kind() {
            if (text.isEmpty()) {
                throw error("empty token (two commas in a row, or a trailing comma?)");
            }
            return text.split("_", -1)[0];
        }

        void require(boolean condition, String what) {
            if (!condition) {
                throw error(what);
            }
        }

        BlockStringException error(String what) {
            return new BlockStringException("malformed block string at token " + index + " '" + text
                    + "' (column " + column + "): " + what);
        }

        /** Options after the kind, in order, keyed by their letter prefix; flags have an empty value. */
        Map<String, String> options(List<String> allowed) {
            String[] parts = text.split("_", -1);
            Map<String, String> options = new LinkedHashMap<>();
            for (int p = 1; p < parts.length; p++) {
                String part = parts[p];
                Matcher m = OPTION.matcher(part);
                if (part.isEmpty() || !m.matches()) {
                    throw error("option '" + part + "' is not a letter code followed by a value (e.g. k3)");
                }
                String key = m.group(1);
                // 'noskip' is the one flag; 'gdc'/'gap' are the head's pooling words
                if (!allowed.contains(key)) {
                    throw error("unknown option '" + part + "' (allowed: " + String.join(", ", allowed) + ")");
                }
                if (options.put(key, m.group(2)) != null) {
                    throw error("option '" + key + "' is given twice");
                }
            }
            return options;
        }

        int intOption(Map<String, String> options, String key, String meaning) {
            String value = options.get(key);
            if (value == null) {
                throw error("missing option '" + key + "' (" + meaning + "), e.g. " + key + example(key));
            }
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw error("option '" + key + value + "' needs an integer " + meaning + ", e.g. " + key + example(key));
            }
        }

        private static String example(String key) {
            return switch (key) {
                case "k" -> "3";
                case "s" -> "2";
                case "r" -> "2";
                case "e" -> "6";
                case "emb" -> "128";
                default -> "64";
            };
        }

        Stem parseStem() {
            Map<String, String> o = options(List.of("c", "g"));
            int channels = intOption(o, "c", "stem width");
            int groups = o.containsKey("g") ? intOption(o, "g", "groups of the second stem conv") : channels;
            return build(() -> new Stem(channels, groups));
        }

        Head parseHead() {
            Map<String, String> o = options(List.of("c", "gdc", "gap", "emb"));
            boolean gdc = o.containsKey("gdc");
            boolean gap = o.containsKey("gap");
            require(gdc != gap, "the head needs exactly one pooling word: gdc or gap");
            require(o.getOrDefault(gdc ? "gdc" : "gap", "").isEmpty(), "pooling words take no value");
            int channels = intOption(o, "c", "head 1x1 conv width");
            int embedding = intOption(o, "emb", "embedding size");
            return build(() -> new Head(channels, gdc ? HeadPooling.GDC : HeadPooling.GAP, embedding));
        }

        Stage parseStage() {
            BlockType type;
            try {
                type = BlockType.fromToken(kind());
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
            List<String> allowed = type == BlockType.IR
                    ? List.of("r", "k", "s", "e", "c", "se", "noskip")
                    : List.of("r", "k", "s", "c", "noskip");
            Map<String, String> o = options(allowed);
            int repeats = o.containsKey("r") ? intOption(o, "r", "repeats") : 1;
            int kernel = intOption(o, "k", "kernel size");
            int stride = o.containsKey("s") ? intOption(o, "s", "stride") : 1;
            int expansion = type == BlockType.IR ? intOption(o, "e", "expansion factor") : 1;
            int channels = intOption(o, "c", "output width");
            double se = 0;
            if (o.containsKey("se")) {
                try {
                    se = Double.parseDouble(o.get("se"));
                } catch (NumberFormatException e) {
                    throw error("option 'se" + o.get("se") + "' needs a ratio, e.g. se0.25");
                }
                require(se > 0, "SE ratio must be above 0 (leave the option out for no SE)");
            }
            if (o.containsKey("noskip")) {
                require(o.get("noskip").isEmpty(), "noskip takes no value");
            }
            double seRatio = se;
            boolean skip = !o.containsKey("noskip");
            return build(() -> new Stage(type, repeats, kernel, stride, expansion, channels, seRatio, skip));
        }

        private <T> T build(java.util.function.Supplier<T> constructor) {
            try {
                return constructor.get();
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }
    }
}
