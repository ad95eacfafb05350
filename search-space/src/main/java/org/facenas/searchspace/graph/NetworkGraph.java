package org.facenas.searchspace.graph;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.facenas.searchspace.arch.Architecture;

/**
 * An architecture expanded into primitive ops at a given input size, in topological order. The first node is
 * the input; the last is the embedding (named {@value #EMBEDDING}).
 */
public final class NetworkGraph {

    public static final String INPUT = "input";
    public static final String EMBEDDING = "embedding";

    private final Architecture architecture;
    private final int inputSize;
    private final List<Node> nodes;
    private final Map<String, Node> byName;

    NetworkGraph(Architecture architecture, int inputSize, List<Node> nodes) {
        this.architecture = architecture;
        this.inputSize = inputSize;
        this.nodes = List.copyOf(nodes);
        Map<String, Node> index = new LinkedHashMap<>();
        nodes.forEach(n -> index.put(n.name(), n));
        this.byName = Collections.unmodifiableMap(index);
    }

    /** Expands {@code architecture} for square RGB input of {@code inputSize} pixels. */
    public static NetworkGraph of(Architecture architecture, int inputSize) {
        return new GraphExpansion(architecture, inputSize).build();
    }

    public Architecture architecture() {
        return architecture;
    }

    public int inputSize() {
        return inputSize;
    }

    public List<Node> nodes() {
        return nodes;
    }

    public Node node(String name) {
        Node n = byName.get(name);
        if (n == null) {
            throw new IllegalArgumentException("graph of " + architecture + " has no node '" + name + "'");
        }
        return n;
    }

    /** The shape a node reads: the output shape of its first input. */
    public Shape inputShape(Node node) {
        return node(node.inputs().get(0)).output();
    }

    public Node output() {
        return nodes.get(nodes.size() - 1);
    }
}
