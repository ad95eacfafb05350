package org.facenas.searchspace.codec;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.facenas.searchspace.arch.BlockType;
import org.facenas.searchspace.arch.Head;
import org.facenas.searchspace.arch.HeadPooling;
import org.facenas.searchspace.arch.Stage;
import org.facenas.searchspace.arch.Stem;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a search space from YAML ({@code name}, {@code description}, {@code stem}, {@code defaults}, {@code stages},
 * {@code head}; see the shipped {@code spaces/*.yaml}). The YAML is read as a node tree, not bound to classes, so
 * that every error names its key and line. Value ranges are the architecture records' own: each value is checked
 * by building a block with it.
 */
public final class SpaceFile {

    private static final List<String> TOP_KEYS = List.of("name", "description", "stem", "defaults", "stages", "head");
    private static final List<String> STAGE_KEYS = List.of("types", "kernels", "expansions", "widths", "repeats",
            "strides", "se", "skip");
    private static final List<String> HEAD_KEYS = List.of("widths", "poolings", "embeddings");

    private final String source;

    private SpaceFile(String source) {
        this.source = source;
    }

    public static SearchSpace load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("search space file " + file + " does not exist: give a shipped space ("
                    + String.join(", ", SearchSpace.SHIPPED) + ") or a YAML space file");
        }
        try {
            String stem = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            return parse(Files.readString(file), file.toString(), stem);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read search space file " + file + ": " + e.getMessage());
        }
    }

    /**
     * @param source      what errors call the text (a file name)
     * @param defaultName the space's name when the text has no {@code name}
     */
    public static SearchSpace parse(String yamlText, String source, String defaultName) {
        return new SpaceFile(source).read(yamlText, defaultName);
    }

    /** The 1-based line of a top-level key of a YAML mapping, or 0 when absent or unreadable. */
    public static int lineOf(String yamlText, String topKey) {
        try {
            Node root = new Yaml(new LoaderOptions()).compose(new StringReader(yamlText));
            if (root instanceof MappingNode m) {
                for (NodeTuple t : m.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(topKey)) {
                        return line(t.getKeyNode());
                    }
                }
            }
        } catch (YAMLException e) {
            return 0;
        }
        return 0;
    }

    private SearchSpace read(String text, String defaultName) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new IllegalArgumentException("search space " + source + (line > 0 ? " line " + line : "")
                    + " is not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new IllegalArgumentException("search space " + source + " is not valid YAML: " + e.getMessage());
        }
        if (!(root instanceof MappingNode)) {
            throw new IllegalArgumentException("search space " + source + " is empty or not a {key: value} map: "
                    + "give stem, stages and head (see the shipped mbf-space)");
        }
        Map<String, NodeTuple> top = keys(root, "", TOP_KEYS);
        String name = top.containsKey("name") ? scalar(top.get("name").getValueNode(), "name") : defaultName;
        Stem stem = required(top, root, "stem", "e.g. stem: stem_c64", n -> value(n, "stem", Stem::parse));
        Map<String, NodeTuple> defaults = top.containsKey("defaults")
                ? keys(top.get("defaults").getValueNode(), "defaults.", STAGE_KEYS) : Map.of();
        SequenceNode stageList = required(top, root, "stages", "a list of stages, each a {key: list} map",
                n -> sequence(n, "stages"));
        List<StageChoices> stages = new ArrayList<>();
        for (int i = 0; i < stageList.getValue().size(); i++) {
            stages.add(stage(stageList.getValue().get(i), "stages[" + i + "]", defaults));
        }
        if (stages.isEmpty()) {
            throw error(stageList, "stages", "is an empty list: give at least one stage");
        }
        Node headNode = required(top, root, "head", "{widths, poolings, embeddings}", n -> n);
        Map<String, NodeTuple> head = keys(headNode, "head.", HEAD_KEYS);
        List<Integer> headWidths = list(head, headNode, "head.", "widths",
                v -> new Head(integer(v), HeadPooling.GDC, 8).channels());
        List<HeadPooling> poolings = list(head, headNode, "head.", "poolings", HeadPooling::fromToken);
        List<Integer> embeddings = list(head, headNode, "head.", "embeddings",
                v -> new Head(8, HeadPooling.GDC, integer(v)).embeddingSize());
        SearchSpace space = new SearchSpace(name, stem, stages, headWidths, poolings, embeddings);
        try {
            ArchitectureCodec.of(space);
        } catch (IllegalArgumentException e) {
            throw error(stageList, "stages", e.getMessage());
        }
        return space;
    }

    private StageChoices stage(Node node, String key, Map<String, NodeTuple> defaults) {
        Map<String, NodeTuple> own = keys(node, key + ".", STAGE_KEYS);
        Map<String, NodeTuple> merged = new LinkedHashMap<>(defaults);
        merged.putAll(own);
        String p = key + ".";
        return new StageChoices(
                list(merged, node, p, "types", BlockType::fromToken),
                list(merged, node, p, "kernels", v -> probe(1, integer(v), 1, 1, 8, 0).kernel()),
                list(merged, node, p, "expansions", v -> probe(1, 3, 1, integer(v), 8, 0).expansion()),
                list(merged, node, p, "widths", v -> probe(1, 3, 1, 1, integer(v), 0).channels()),
                list(merged, node, p, "repeats", v -> probe(integer(v), 3, 1, 1, 8, 0).repeats()),
                list(merged, node, p, "strides", v -> probe(1, 3, integer(v), 1, 8, 0).stride()),
                list(merged, node, p, "se", v -> probe(1, 3, 1, 1, 8, number(v)).seRatio()),
                list(merged, node, p, "skip", SpaceFile::bool));
    }

    /** An IR block with one value under test: the record's own range check is the one rule. */
    private static Stage probe(int repeats, int kernel, int stride, int expansion, int width, double se) {
        return new Stage(BlockType.IR, repeats, kernel, stride, expansion, width, se, true);
    }

    /** A {key: value} map's entries, refusing unknown and repeated keys. */
    private Map<String, NodeTuple> keys(Node node, String prefix, List<String> known) {
        if (!(node instanceof MappingNode m)) {
            String what = prefix.isEmpty() ? "the file" : prefix.substring(0, prefix.length() - 1);
            throw error(node, what, "must be a {key: list} map with keys " + known);
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String key = scalar(t.getKeyNode(), prefix + "(key)");
            if (!known.contains(key)) {
                throw error(t.getKeyNode(), prefix + key, "is not a known key; use " + String.join(", ", known));
            }
            if (entries.put(key, t) != null) {
                throw error(t.getKeyNode(), prefix + key, "is given twice");
            }
        }
        return entries;
    }

    private <T> T required(Map<String, NodeTuple> entries, Node parent, String key, String example, Function<Node, T> read) {
        NodeTuple t = entries.get(key);
        if (t == null) {
            throw error(parent, key, "is missing: give " + example);
        }
        return read.apply(t.getValueNode());
    }

    /** One gene's choices: a non-empty list of distinct values, each in range. */
    private <T> List<T> list(Map<String, NodeTuple> entries, Node parent, String prefix, String key, Function<String, T> parse) {
        NodeTuple t = entries.get(key);
        if (t == null) {
            throw error(parent, prefix + key, "is missing (and defaults has none): give a list, e.g. " + key + ": [..]");
        }
        // a key from defaults is reported under defaults, where its line is
        String where = prefix.startsWith("stages[") && !isOwn(parent, t) ? "defaults." + key : prefix + key;
        SequenceNode seq = sequence(t.getValueNode(), where);
        if (seq.getValue().isEmpty()) {
            throw error(seq, where, "is an empty list: give at least one choice");
        }
        List<T> values = new ArrayList<>();
        Set<T> seen = new HashSet<>();
        for (Node item : seq.getValue()) {
            T v = value(item, where, parse);
            if (!seen.add(v)) {
                throw error(item, where, "lists " + scalar(item, where) + " twice: each choice once");
            }
            values.add(v);
        }
        return values;
    }

    private static boolean isOwn(Node parent, NodeTuple t) {
        return parent instanceof MappingNode m && m.getValue().contains(t);
    }

    private SequenceNode sequence(Node node, String key) {
        if (!(node instanceof SequenceNode s)) {
            throw error(node, key, "must be a list, e.g. [3, 5]");
        }
        return s;
    }

    private <T> T value(Node node, String key, Function<String, T> parse) {
        String text = scalar(node, key);
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw error(node, key, "'" + text + "': " + e.getMessage());
        }
    }

    private String scalar(Node node, String key) {
        if (!(node instanceof ScalarNode s)) {
            throw error(node, key, "must be a single value, not a list or map");
        }
        return s.getValue().trim();
    }

    private static int integer(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a whole number");
        }
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number");
        }
    }

    private static boolean bool(String text) {
        return switch (text) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("not true or false");
        };
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    private IllegalArgumentException error(Node node, String key, String what) {
        return new IllegalArgumentException("search space " + source + " line " + line(node) + ": " + key + " " + what);
    }
}
