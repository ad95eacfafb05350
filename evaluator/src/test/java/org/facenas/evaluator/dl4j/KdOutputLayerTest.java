package org.facenas.evaluator.dl4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/** The KD output alone pulls a student toward fixed teacher embeddings: the loss falls and the cosine rises. */
class KdOutputLayerTest {

    static INDArray normalised(INDArray x) {
        return x.divColumnVector(x.norm2(1).reshape(-1, 1));
    }

    @ParameterizedTest
    @CsvSource({"16,16,false", "8,32,false", "8,32,true"})
    void kdAloneAlignsTheStudent(int studentDim, int teacherDim, boolean similarity) {
        Nd4j.getRandom().setSeed(3);
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(1e-2)).graphBuilder()
                .addInputs("x").setInputTypes(InputType.feedForward(20))
                .addLayer("emb", new DenseLayer.Builder().nOut(studentDim).activation(Activation.IDENTITY).build(), "x")
                .addLayer("kd", new KdOutputLayer(studentDim, teacherDim, similarity, 10), "emb")
                .setOutputs("kd").build();
        ComputationGraph net = new ComputationGraph(conf);
        net.init();
        INDArray x = Nd4j.randn(DataType.FLOAT, 32, 20);
        // a teacher that is a fixed linear function of the input, so a student can match it
        INDArray teacher = normalised(x.mmul(Nd4j.randn(DataType.FLOAT, 20, teacherDim)));
        MultiDataSet mds = new MultiDataSet(new INDArray[] {x}, new INDArray[] {teacher});
        net.fit(mds);
        double first = net.score();
        for (int i = 0; i < 300; i++) {
            net.fit(mds);
        }
        double last = net.score();
        assertTrue(last < first * 0.3, "KD loss " + first + " -> " + last);
        if (!similarity) {
            INDArray student = net.outputSingle(x);
            double cos = student.mul(teacher).sum(1).meanNumber().doubleValue();
            assertTrue(cos > 0.8, "student-teacher cosine after training " + cos);
        }
    }
}
