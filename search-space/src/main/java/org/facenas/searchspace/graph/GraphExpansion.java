package org.facenas.searchspace.graph;

import java.util.ArrayList;
import java.util.List;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.arch.Head;
import org.facenas.searchspace.arch.HeadPooling;
import org.facenas.searchspace.arch.Stage;
import org.facenas.searchspace.arch.Stem;

/** Expands an {@link Architecture} into a {@link NetworkGraph}, computing each node's output shape. */
final class GraphExpansion {

    private final Architecture architecture;
    private final int inputSize;
    private final List<Node> nodes = new ArrayList<>();
    private String stage = "stem";

    GraphExpansion(Architecture architecture, int inputSize) {
        if (inputSize < 8 || inputSize > 1024) {
            throw new IllegalArgumentException("input size " + inputSize + " is out of range 8..1024");
        }
        this.architecture = architecture;
        this.inputSize = inputSize;
    }

    NetworkGraph build() {
        add(NetworkGraph.INPUT, new Op.Input(3, inputSize), List.of(), new Shape(3, inputSize, inputSize));
        String x = stem(architecture.stem(), NetworkGraph.INPUT);
        int index = 1;
        for (Stage s : architecture.stages()) {
            stage = "stage" + index;
            for (int b = 0; b < s.repeats(); b++) {
                String prefix = "s" + index + ".b" + b;
                int stride = b == 0 ? s.stride() : 1;
                x = switch (s.type()) {
                    case IR -> invertedResidual(prefix, x, s, stride);
                    case DS -> depthwiseSeparable(prefix, x, s, stride);
                    case RES -> resnetBlock(prefix, x, s, stride);
                };
            }
            index++;
        }
        stage = "head";
        head(architecture.head(), x);
        return new NetworkGraph(architecture, inputSize, nodes);
    }

    private String stem(Stem stem, String in) {
        String x = convBnAct("stem.conv", in, stem.channels(), 3, 2, 1, true);
        return convBnAct("stem.dw", x, stem.channels(), 3, 1, stem.groups(), true);
    }

    private String invertedResidual(String p, String in, Stage s, int stride) {
        int inChannels = shape(in).channels();
        int hidden = inChannels * s.expansion();
        String x = convBnAct(p + ".expand", in, hidden, 1, 1, 1, true);
        x = convBnAct(p + ".dw", x, hidden, s.kernel(), stride, hidden, true);
        if (s.seRatio() > 0) {
            x = squeezeExcite(p + ".se", x, Math.max(1, (int) Math.round(inChannels * s.seRatio())));
        }
        x = convBnAct(p + ".project", x, s.channels(), 1, 1, 1, false);
        return residual(p, in, x, s.skip() && stride == 1 && inChannels == s.channels());
    }

    private String depthwiseSeparable(String p, String in, Stage s, int stride) {
        int inChannels = shape(in).channels();
        String x = convBnAct(p + ".dw", in, inChannels, s.kernel(), stride, inChannels, true);
        x = convBnAct(p + ".pw", x, s.channels(), 1, 1, 1, false);
        return residual(p, in, x, s.skip() && stride == 1 && inChannels == s.channels());
    }

    /** insightface IBasicBlock: BN, conv (stride 1), BN, PReLU, conv (stride s), BN; projection shortcut if needed. */
    private String resnetBlock(String p, String in, Stage s, int stride) {
        int inChannels = shape(in).channels();
        int k = s.kernel();
        String x = unary(p + ".bn0", new Op.BatchNorm(), in);
        x = convBnAct(p + ".conv1", x, s.channels(), k, 1, 1, true);
        x = convBnAct(p + ".conv2", x, s.channels(), k, stride, 1, false);
        if (!s.skip()) {
            return x;
        }
        String shortcut = in;
        if (stride != 1 || inChannels != s.channels()) {
            shortcut = convBnAct(p + ".down", in, s.channels(), 1, stride, 1, false);
        }
        return add(p + ".add", shortcut, x);
    }

    private String squeezeExcite(String p, String in, int reduced) {
        int channels = shape(in).channels();
        String g = unary(p + ".pool", new Op.GlobalAvgPool(), in);
        g = unary(p + ".reduce", new Op.Linear(reduced, true), g);
        g = unary(p + ".relu", new Op.Relu(), g);
        g = unary(p + ".expand", new Op.Linear(channels, true), g);
        g = unary(p + ".gate", new Op.Sigmoid(), g);
        Shape out = shape(in);
        add(p + ".scale", new Op.ChannelScale(), List.of(in, g), out);
        return p + ".scale";
    }

    private void head(Head head, String in) {
        String x = convBnAct("head.conv", in, head.channels(), 1, 1, 1, true);
        Shape map = shape(x);
        if (head.pooling() == HeadPooling.GDC) {
            if (map.height() != map.width()) {
                throw new IllegalArgumentException("GDConv needs a square feature map, got " + map);
            }
            x = convBnAct("head.gdc", x, map.channels(), map.height(), 1, map.channels(), false, 0);
        } else {
            x = unary("head.gap", new Op.GlobalAvgPool(), x);
        }
        x = unary("head.fc", new Op.Linear(head.embeddingSize(), false), x);
        unary(NetworkGraph.EMBEDDING, new Op.BatchNorm(), x);
    }

    private String residual(String p, String in, String x, boolean useSkip) {
        return useSkip ? add(p + ".add", in, x) : x;
    }

    private String convBnAct(String name, String in, int out, int k, int stride, int groups, boolean act) {
        return convBnAct(name, in, out, k, stride, groups, act, k / 2);
    }

    private String convBnAct(String name, String in, int out, int k, int stride, int groups, boolean act, int pad) {
        Shape s = shape(in);
        if (s.channels() % groups != 0 || out % groups != 0) {
            throw new IllegalArgumentException(name + ": groups " + groups + " must divide " + s.channels()
                    + " input and " + out + " output channels");
        }
        int h = (s.height() + 2 * pad - k) / stride + 1;
        int w = (s.width() + 2 * pad - k) / stride + 1;
        if (h < 1 || w < 1) {
            throw new IllegalArgumentException(architecture + " at input " + inputSize + ": " + name
                    + " gets a " + s + " map, too small for a " + k + "x" + k + " kernel; use a larger input or fewer stride-2 stages");
        }
        add(name, new Op.Conv2d(out, k, stride, pad, groups, false), List.of(in), new Shape(out, h, w));
        String x = unary(name + "_bn", new Op.BatchNorm(), name);
        return act ? unary(name + "_act", new Op.PRelu(), x) : x;
    }

    private String add(String name, String a, String b) {
        if (!shape(a).equals(shape(b))) {
            throw new IllegalStateException(name + ": residual shapes differ " + shape(a) + " vs " + shape(b));
        }
        add(name, new Op.Add(), List.of(a, b), shape(a));
        return name;
    }

    private String unary(String name, Op op, String in) {
        Shape s = shape(in);
        Shape out;
        if (op instanceof Op.GlobalAvgPool) {
            out = new Shape(s.channels(), 1, 1);
        } else if (op instanceof Op.Linear linear) {
            if (!s.isVector()) {
                throw new IllegalStateException(name + ": a linear layer needs a pooled vector, got " + s);
            }
            out = new Shape(linear.outFeatures(), 1, 1);
        } else {
            out = s;
        }
        add(name, op, List.of(in), out);
        return name;
    }

    private void add(String name, Op op, List<String> inputs, Shape out) {
        nodes.add(new Node(name, op, inputs, out, stage));
    }

    private Shape shape(String name) {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            if (nodes.get(i).name().equals(name)) {
                return nodes.get(i).output();
            }
        }
        throw new IllegalStateException("no node " + name);
    }
}
