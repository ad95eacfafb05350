package org.facenas.search.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code bin/facenas ...} command printed in markdown: in a fenced block (continuation lines joined, a {@code $ }
 * prompt, a trailing {@code # comment} and whatever follows {@code &&}, {@code |}, {@code ;} or a redirection dropped)
 * or as an inline code span. Its arguments are split the way a POSIX shell splits them (quotes, backslashes).
 */
record PrintedCommand(int lineNumber, String text, List<String> args) {

    private static final String LAUNCHER = "bin/facenas ";
    private static final Pattern INLINE = Pattern.compile("`(bin/facenas [^`]+)`");

    static List<PrintedCommand> in(String markdown) {
        List<PrintedCommand> found = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        boolean fenced = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.stripLeading().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                int at = line.indexOf(LAUNCHER);
                if (at < 0) {
                    continue;
                }
                int first = i;
                StringBuilder joined = new StringBuilder(line.substring(at));
                while (joined.toString().stripTrailing().endsWith("\\") && i + 1 < lines.length) {
                    String j = joined.toString().stripTrailing();
                    joined.setLength(0);
                    joined.append(j, 0, j.length() - 1).append(' ').append(lines[++i].strip());
                }
                found.add(new PrintedCommand(first + 1, joined.toString().strip(), split(joined.substring(LAUNCHER.length()))));
            } else {
                Matcher m = INLINE.matcher(line);
                while (m.find()) {
                    found.add(new PrintedCommand(i + 1, m.group(1), split(m.group(1).substring(LAUNCHER.length()))));
                }
            }
        }
        return found;
    }

    /** Shell words up to the end of the command (a comment, {@code &&}, {@code |}, {@code ;} or a redirection). */
    static List<String> split(String s) {
        List<String> words = new ArrayList<>();
        StringBuilder w = null;
        char quote = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote == '"' && i + 1 < s.length()) {
                    w.append(s.charAt(++i));
                } else {
                    w.append(c);
                }
                continue;
            }
            if (Character.isWhitespace(c)) {
                if (w != null) {
                    words.add(w.toString());
                    w = null;
                }
                continue;
            }
            if (w == null && (c == '#' || c == '&' || c == '|' || c == ';' || c == '>' || c == '<')) {
                break;
            }
            if (w == null && c == '2' && i + 1 < s.length() && s.charAt(i + 1) == '>') {
                break;
            }
            if (w == null) {
                w = new StringBuilder();
            }
            if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '\\' && i + 1 < s.length()) {
                w.append(s.charAt(++i));
            } else {
                w.append(c);
            }
        }
        if (w != null) {
            words.add(w.toString());
        }
        return words;
    }
}
