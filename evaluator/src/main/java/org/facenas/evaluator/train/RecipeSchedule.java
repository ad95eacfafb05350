package org.facenas.evaluator.train;

import org.facenas.records.proxy.Recipe;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.PolySchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/** A recipe's learning rate per step as DL4J schedules it; {@link Recipe#learningRate} is its closed form. */
public final class RecipeSchedule {

    private RecipeSchedule() {
    }

    public static ISchedule of(Recipe recipe, double peak, int totalSteps) {
        int total = Math.max(1, totalSteps);
        return switch (recipe) {
            case ADAM -> new PolySchedule(ScheduleType.ITERATION, peak, 1.0, total);
            case ARCFACE -> new WarmupPolySchedule(peak, Recipe.warmupSteps(total), total, Recipe.ARCFACE_POWER);
        };
    }
}
