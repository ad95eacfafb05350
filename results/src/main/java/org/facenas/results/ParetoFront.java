package org.facenas.results;

import java.util.ArrayList;
import java.util.List;

/** Non-dominated sorting (Deb et al.'s NSGA-II ranks) over any number of objectives. */
public final class ParetoFront {

    private ParetoFront() {
    }

    /** True when {@code a} is no worse than {@code b} on every objective and better on at least one. */
    public static <T> boolean dominates(T a, T b, List<Objective<T>> objectives) {
        boolean better = false;
        for (Objective<T> o : objectives) {
            double ca = o.cost(a);
            double cb = o.cost(b);
            if (ca > cb) {
                return false;
            }
            if (ca < cb) {
                better = true;
            }
        }
        return better;
    }

    /** The items no other item dominates, in input order. */
    public static <T> List<T> front(List<T> items, List<Objective<T>> objectives) {
        return ranks(items, objectives).isEmpty() ? List.of() : ranks(items, objectives).get(0);
    }

    /** Fronts by rank: index 0 is the Pareto front, index 1 the front once it is removed, and so on. */
    public static <T> List<List<T>> ranks(List<T> items, List<Objective<T>> objectives) {
        int n = items.size();
        int[] dominatedBy = new int[n];
        List<List<Integer>> dominates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            dominates.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (dominates(items.get(i), items.get(j), objectives)) {
                    dominates.get(i).add(j);
                    dominatedBy[j]++;
                } else if (dominates(items.get(j), items.get(i), objectives)) {
                    dominates.get(j).add(i);
                    dominatedBy[i]++;
                }
            }
        }
        List<List<T>> fronts = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (dominatedBy[i] == 0) {
                current.add(i);
            }
        }
        while (!current.isEmpty()) {
            List<T> front = new ArrayList<>();
            List<Integer> next = new ArrayList<>();
            for (int i : current) {
                front.add(items.get(i));
                for (int j : dominates.get(i)) {
                    if (--dominatedBy[j] == 0) {
                        next.add(j);
                    }
                }
            }
            next.sort(Integer::compare);
            fronts.add(front);
            current = next;
        }
        return fronts;
    }
}
