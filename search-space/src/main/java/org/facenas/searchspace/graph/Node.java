package org.facenas.searchspace.graph;

import java.util.List;

/**
 * One op applied to the outputs of earlier nodes. {@code name} is unique in its graph and is also the vertex
 * name in the DL4J network and the node name in an ONNX export, so the three can be compared node by node.
 *
 * @param stage the part of the architecture the node belongs to: "stem", "stage1".., "head"
 */
public record Node(String name, Op op, List<String> inputs, Shape output, String stage) {
    public Node {
        inputs = List.copyOf(inputs);
    }
}
