package org.facenas.evaluator.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.facenas.distill.teacher.TeacherEmbeddings;
import org.facenas.records.proxy.KdSettings;
import org.junit.jupiter.api.Test;

/** The KD targets a distillation gives a training run line up with the training images, whatever the cache's order. */
class DistillationTest {

    @Test
    void targetsFollowTheTrainingOrderForOneTeacherAndEachCheckpoint() {
        Random random = new Random(3);
        List<String> cacheOrder = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            cacheOrder.add("img/" + i + ".jpg");
        }
        List<TeacherEmbeddings> checkpoints = List.of(embeddings("a", cacheOrder, random), embeddings("b", cacheOrder, random),
                embeddings("c", cacheOrder, random));
        List<String> training = new ArrayList<>(cacheOrder.subList(0, 40));
        Collections.shuffle(training, random);

        Distillation one = Distillation.from(KdSettings.parse("default", null), checkpoints.get(1));
        assertFalse(one.multiStep());
        List<TeacherTargets> t = one.targets(training);
        assertEquals(1, t.size());
        assertEquals("b", t.get(0).teacherHash());
        for (int i = 0; i < training.size(); i++) {
            int row = cacheOrder.indexOf(training.get(i));
            assertArrayEquals(checkpoints.get(1).plain()[row], t.get(0).plain()[i]);
            assertArrayEquals(checkpoints.get(1).flipped()[row], t.get(0).flipped()[i]);
        }

        Distillation multi = Distillation.fromTrajectory(KdSettings.parse("cosine", null), checkpoints);
        assertTrue(multi.multiStep());
        List<TeacherTargets> m = multi.targets(training);
        assertEquals(List.of("a", "b", "c"), m.stream().map(TeacherTargets::teacherHash).toList());
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < training.size(); i++) {
                assertArrayEquals(checkpoints.get(c).plain()[cacheOrder.indexOf(training.get(i))], m.get(c).plain()[i]);
            }
        }
    }

    @Test
    void anImageTheTeacherNeverSawIsAnErrorNamingIt() {
        Distillation d = Distillation.from(KdSettings.parse("default", null), embeddings("a", List.of("x.jpg"), new Random(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.targets(List.of("x.jpg", "y.jpg")));
        assertTrue(e.getMessage().contains("y.jpg"), e.getMessage());
    }

    @Test
    void isOneTeacherOrOneTrajectory() {
        TeacherEmbeddings t = new TeacherEmbeddings("h", List.of("a/a_0001.jpg"), new float[][] {{1, 0, 0}}, new float[][] {{0, 1, 0}});
        KdSettings kd = KdSettings.parse("pocketnet", null);
        assertEquals(3, Distillation.from(kd, t).dimension());
        assertEquals(3, Distillation.fromTrajectory(kd, List.of(t, t)).dimension());
        assertThrows(IllegalArgumentException.class, () -> new Distillation(kd, t, List.of(t)));
        assertThrows(IllegalArgumentException.class, () -> Distillation.fromTrajectory(kd, List.of()));
        assertThrows(NullPointerException.class, () -> Distillation.from(null, t));
    }

    private static TeacherEmbeddings embeddings(String hash, List<String> keys, Random random) {
        float[][] plain = new float[keys.size()][4];
        float[][] flipped = new float[keys.size()][4];
        for (int i = 0; i < keys.size(); i++) {
            for (int j = 0; j < 4; j++) {
                plain[i][j] = random.nextFloat();
                flipped[i][j] = random.nextFloat();
            }
        }
        return new TeacherEmbeddings(hash, List.copyOf(keys), plain, flipped);
    }
}
