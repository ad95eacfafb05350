package org.facenas.search;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import org.facenas.records.CandidateResult;
import org.facenas.search.strategy.AgingEvolution;
import org.facenas.search.strategy.CandidateSlots;
import org.facenas.search.strategy.ChildScreen;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.codec.ArchitectureCodec;

/**
 * Aging evolution under asynchronous successive halving (ASHA, Li et al. 2020). Whenever a slot is free it gets
 * work at once: the promotion {@link SuccessiveHalving#next} says is due, if any; otherwise a new candidate on the
 * first rung: the next member of the initial population, then a child of aging evolution (Real et al.), whose
 * population is the last {@code populationSize} first-rung results in the order they finished, oldest leaving
 * first. Children are drawn from the population as it stands, even before all of the initial population has
 * finished, so no slot waits for the slowest candidate of a batch. The first rung trains as many candidates as
 * the synchronous search would (populationSize + (generations - 1) x children); after that, slots take the
 * promotions still due until none is.
 *
 * <p>Everything is rebuilt from the records a run starts with (their order is the order results finished), so a
 * run killed at any point continues from its candidates.jsonl: candidates that were training when it died are
 * simply not there, and new ones take their place. Which children are drawn depends on the order results
 * finish, so unlike the generational strategies an asynchronous run is not repeatable draw for draw.
 */
public final class AsyncHalving {

    /** A result recorded before this run started (in the order of the record). */
    public record Recorded(String blockString, int rung, CandidateResult result) {
    }

    /** Told each time the first rung has finished another generation's worth of candidates. */
    @FunctionalInterface
    public interface Listener {
        void generationDone(long generation, List<int[]> population);
    }

    /** Consecutive children that were all already trained or training before the search gives up drawing. */
    static final int DUPLICATE_DRAWS = 200;

    private final AgingEvolution aging;
    private final SuccessiveHalving halving;
    private final ArchitectureCodec codec;
    private final int generations;
    private final long seed;

    private final List<Map<String, CandidateResult>> byRung = new ArrayList<>();
    private final List<String> firstRungOrder = new ArrayList<>();
    private final Map<String, int[]> genotypes = new HashMap<>();
    private final Set<SuccessiveHalving.Promotion> inFlight = new HashSet<>();
    private final Deque<int[]> initialLeft = new ArrayDeque<>();
    /** Children a screen kept from its last batch of proposals, still to start. */
    private final Deque<int[]> screened = new ArrayDeque<>();
    private int startedFirstRung;
    private long reportedGeneration;
    private boolean exhausted;
    private boolean stopped;
    private BooleanSupplier anyTask = () -> true;

    public AsyncHalving(AgingEvolution aging, SuccessiveHalving halving, ArchitectureCodec codec, int generations, long seed) {
        this.aging = aging;
        this.halving = halving;
        this.codec = codec;
        this.generations = generations;
        this.seed = seed;
    }

    /** First-rung candidates the search trains in all: the synchronous search's initial population and children. */
    public int firstRungBudget() {
        return aging.populationSize() + (generations - 1) * aging.childrenPerGeneration();
    }

    /** The generation a run record gives the i-th first-rung candidate (0-based): 1 for the initial population. */
    long generationOf(int index) {
        int p = aging.populationSize();
        return index < p ? 1 : Math.min(generations, 2 + (index - p) / aging.childrenPerGeneration());
    }

    /**
     * Runs until the first rung's budget is spent (or {@code newCandidates} says no more) and no promotion is due
     * or in flight.
     *
     * @param recorded      the run's records so far, in order
     * @param newCandidates false once no new first-rung candidate may start (a wall-clock budget); promotions
     *                      still run
     * @return the aging population at the end, oldest first
     */
    public List<int[]> run(CandidateSlots slots, List<Recorded> recorded, BooleanSupplier newCandidates, Listener listener) {
        return run(slots, recorded, newCandidates, () -> true, listener);
    }

    /**
     * The same, starting nothing at all (no promotion either) once {@code anyTask} says no (search --stop-after):
     * those in flight finish and are recorded, and a later run continues from the records.
     */
    public List<int[]> run(CandidateSlots slots, List<Recorded> recorded, BooleanSupplier newCandidates, BooleanSupplier anyTask,
                           Listener listener) {
        this.anyTask = anyTask;
        for (int r = 0; r < halving.rungs(); r++) {
            byRung.add(new LinkedHashMap<>());
        }
        for (Recorded c : recorded) {
            if (c.rung() < byRung.size() && byRung.get(c.rung()).putIfAbsent(c.blockString(), c.result()) == null && c.rung() == 0) {
                firstRungOrder.add(c.blockString());
            }
        }
        startedFirstRung = firstRungOrder.size();
        while (reportedGeneration < generations && firstRungOrder.size() >= boundary(reportedGeneration + 1)) {
            reportedGeneration++;
        }
        for (int[] idx : aging.initial(SearchRun.generationRandom(seed, 1))) {
            if (!byRung.get(0).containsKey(codec.decode(idx).blockString())) {
                initialLeft.add(idx);
            }
        }
        // a function of the seed and of how far the record got, so a resumed run does not redraw its first children
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L - 1 - firstRungOrder.size());
        fill(slots, newCandidates, random);
        while (!inFlight.isEmpty()) {
            CandidateSlots.Finished f = slots.next();
            if (!inFlight.remove(new SuccessiveHalving.Promotion(f.blockString(), f.rung()))) {
                throw new IllegalStateException("a result that was not in flight: " + f.blockString() + " at rung " + f.rung());
            }
            if (byRung.get(f.rung()).putIfAbsent(f.blockString(), f.result()) == null && f.rung() == 0) {
                firstRungOrder.add(f.blockString());
                while (reportedGeneration < generations && firstRungOrder.size() >= boundary(reportedGeneration + 1)) {
                    reportedGeneration++;
                    listener.generationDone(reportedGeneration, population());
                }
            }
            fill(slots, newCandidates, random);
        }
        return population();
    }

    /** The last generation whose worth of first-rung candidates has finished. */
    public long generationReached() {
        return reportedGeneration;
    }

    /** Whether work was left when {@code anyTask} said no: a promotion due or first-rung budget unspent. */
    public boolean stopped() {
        return stopped;
    }

    /** Whether the search stopped drawing children because every child it drew had been trained already. */
    public boolean exhausted() {
        return exhausted;
    }

    private int boundary(long generation) {
        return aging.populationSize() + (int) (generation - 1) * aging.childrenPerGeneration();
    }

    /** Gives every free slot work while there is work to give. */
    private void fill(CandidateSlots slots, BooleanSupplier newCandidates, SplittableRandom random) {
        while (inFlight.size() < slots.slots()) {
            Optional<SuccessiveHalving.Promotion> p = halving.next(byRung, inFlight);
            if (p.isPresent()) {
                if (!anyTask.getAsBoolean()) {
                    stopped = true;
                    return;
                }
                start(slots, Architecture.parse(p.get().blockString()), p.get().toRung(), generationOf(Math.max(0, startedFirstRung - 1)));
                continue;
            }
            if (exhausted || startedFirstRung >= firstRungBudget() || !newCandidates.getAsBoolean()) {
                return;
            }
            if (!anyTask.getAsBoolean()) {
                stopped = true;
                return;
            }
            int[] next = initialLeft.isEmpty() ? childOrNull(random) : initialLeft.poll();
            if (next == null) {
                // nothing has finished yet to draw a child from (or the space around the population is used up)
                return;
            }
            start(slots, codec.decode(next), 0, generationOf(startedFirstRung));
            startedFirstRung++;
        }
    }

    private int[] childOrNull(SplittableRandom random) {
        List<int[]> population = population();
        if (population.isEmpty()) {
            return null;
        }
        ChildScreen screen = aging.screen();
        if (screen != null) {
            return screenedChild(screen, population, random);
        }
        for (int draw = 0; draw < DUPLICATE_DRAWS; draw++) {
            int[] child = aging.child(population, byRung.get(0), random);
            if (fresh(child)) {
                return child;
            }
        }
        exhausted = true;
        return null;
    }

    /**
     * The next child the screen kept; when none is left, a new batch: the screen's proposals (distinct children
     * neither trained nor training) drawn from the population as it stands, of which it keeps its number.
     */
    private int[] screenedChild(ChildScreen screen, List<int[]> population, SplittableRandom random) {
        while (!screened.isEmpty()) {
            int[] next = screened.poll();
            if (fresh(next)) {
                return next;
            }
        }
        List<int[]> proposals = new ArrayList<>();
        Set<String> proposed = new HashSet<>();
        for (int draw = 0; draw < DUPLICATE_DRAWS && proposals.size() < screen.proposals(); draw++) {
            int[] child = aging.child(population, byRung.get(0), random);
            if (fresh(child) && proposed.add(codec.decode(child).blockString())) {
                proposals.add(child);
            }
        }
        if (proposals.isEmpty()) {
            exhausted = true;
            return null;
        }
        screened.addAll(screen.choose(proposals, generationOf(startedFirstRung)));
        return screened.poll();
    }

    private boolean fresh(int[] child) {
        String bs = codec.decode(child).blockString();
        return !byRung.get(0).containsKey(bs) && !inFlight.contains(new SuccessiveHalving.Promotion(bs, 0));
    }

    private void start(CandidateSlots slots, Architecture a, int rung, long generation) {
        inFlight.add(new SuccessiveHalving.Promotion(a.blockString(), rung));
        slots.start(a, rung, generation);
    }

    private List<int[]> population() {
        int from = Math.max(0, firstRungOrder.size() - aging.populationSize());
        List<int[]> out = new ArrayList<>();
        for (String bs : firstRungOrder.subList(from, firstRungOrder.size())) {
            out.add(genotypes.computeIfAbsent(bs, b -> codec.indicesOf(Architecture.parse(b))));
        }
        return out;
    }
}
