package org.facenas.data.check;

import java.util.ArrayList;
import java.util.List;

/**
 * Findings of {@link DatasetChecker}. Paths are relative to the dataset root.
 *
 * @param identities      identity folders with images
 * @param images          image files
 * @param unreadable      files that do not decode, with the reason
 * @param wrongSize       files whose size differs from the expected one, with the actual size
 * @param missingInPairs  pairs-file references (identity or image) not present in the dataset
 * @param duplicateGroups groups of byte-identical files (each group lists 2+ files)
 * @param leaks           training images (named by no pairs file) with the bytes of a verification image of another
 *                        identity, each "TRAIN = pairs VERIFICATION": trained on, the same face would be scored as held out
 * @param notes           what was checked and agrees, one line each (an InsightFace set's layout, its property
 *                        file, each .bin verification set); not findings
 */
public record CheckReport(int identities, long images, List<String> unreadable, List<String> wrongSize,
                          List<String> missingInPairs, List<List<String>> duplicateGroups, List<String> leaks, List<String> notes) {

    public CheckReport {
        unreadable = List.copyOf(unreadable);
        wrongSize = List.copyOf(wrongSize);
        missingInPairs = List.copyOf(missingInPairs);
        duplicateGroups = duplicateGroups.stream().map(List::copyOf).toList();
        leaks = leaks == null ? List.of() : List.copyOf(leaks);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** A report without notes (an LFW folder). */
    public CheckReport(int identities, long images, List<String> unreadable, List<String> wrongSize, List<String> missingInPairs,
                       List<List<String>> duplicateGroups) {
        this(identities, images, unreadable, wrongSize, missingInPairs, duplicateGroups, List.of(), List.of());
    }

    /** True when nothing is wrong. */
    public boolean isClean() {
        return unreadable.isEmpty() && wrongSize.isEmpty() && missingInPairs.isEmpty() && duplicateGroups.isEmpty() && leaks.isEmpty();
    }

    /** Human-readable summary: totals, then each finding on its own line (at most 20 per kind). */
    public List<String> summaryLines() {
        List<String> lines = new ArrayList<>();
        lines.add(identities + " identities, " + images + " images: " + (isClean() ? "clean"
                : unreadable.size() + " unreadable, " + wrongSize.size() + " wrong size, "
                + missingInPairs.size() + " missing pair references, " + duplicateGroups.size() + " duplicate groups, " + leaks.size() + " leaks"));
        notes.forEach(n -> lines.add("  " + n));
        addAll(lines, "unreadable: ", unreadable);
        addAll(lines, "wrong size: ", wrongSize);
        addAll(lines, "missing: ", missingInPairs);
        addAll(lines, "duplicates: ", duplicateGroups.stream().map(g -> String.join(" = ", g)).toList());
        if (!leaks.isEmpty()) {
            lines.add("  leaks: " + leaks.size() + " training image" + (leaks.size() == 1 ? "" : "s")
                    + " equal verification images of another identity (proxy training leaves them out)");
            addAll(lines, "leak: train ", leaks);
        }
        return lines;
    }

    private static void addAll(List<String> lines, String prefix, List<String> items) {
        items.stream().limit(20).forEach(i -> lines.add("  " + prefix + i));
        if (items.size() > 20) {
            lines.add("  " + prefix + "... and " + (items.size() - 20) + " more");
        }
    }
}
