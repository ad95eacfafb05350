package org.facenas.evaluator.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.facenas.evaluator.dl4j.KdOutputLayer;
import org.facenas.records.proxy.KdSettings;
import org.junit.jupiter.api.Test;

class KdOutputScheduleTest {

    @Test
    void theTrainingNetworksKdOutputFollowsTheSettingsSchedule() {
        for (int total : new int[] {1, 2, 16, 423}) {
            for (String spec : new String[] {"cosine+warmup=0.25+decay@8", "cosine+decay@8", "pocketnet+warmup=0.9+decay"}) {
                KdSettings kd = KdSettings.parse(spec, null);
                KdOutputLayer layer = MarginTrainingNetworks.kdOutput(kd, 16, 512, total);
                for (int s = 0; s < total; s++) {
                    assertEquals(kd.weightAt(s, total), layer.weightAt(s), 1e-9 * kd.lambda(), spec + " step " + s + " of " + total);
                }
            }
        }
    }
}
