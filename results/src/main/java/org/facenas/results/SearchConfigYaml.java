package org.facenas.results;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.facenas.searchspace.budget.BudgetRepair;
import org.facenas.searchspace.codec.ArchitectureCodec;
import org.facenas.searchspace.codec.SearchSpace;
import org.facenas.searchspace.codec.SpaceFile;

/**
 * Reading a {@link SearchConfig} from YAML: binding, then the space and the budget checked against each other, and
 * every mistake turned into one line that names the file, the line and the setting, and what it must be.
 */
final class SearchConfigYaml {

    private SearchConfigYaml() {
    }

    static ObjectMapper mapper() {
        // 1.7 generations is a mistake to report, not to round
        return new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .findAndRegisterModules();
    }

    static SearchConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("config " + file + " does not exist: give a YAML search config (see configs/)");
        }
        try {
            Path dir = file.toAbsolutePath().getParent();
            return parse(Files.readString(file), file.toString(), dir == null ? Path.of("") : dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config " + file + ": " + e.getMessage());
        }
    }

    /**
     * A config from text, its space file (if any) read relative to {@code baseDir} and kept as an absolute path, and
     * the budget checked against the space: a budget no member can meet fails here, before anything starts.
     */
    static SearchConfig parse(String yamlText, String source, Path baseDir) {
        SearchConfig c = bind(yamlText, source);
        String space = c.space();
        SearchSpace resolved;
        try {
            resolved = SearchSpace.resolve(space, baseDir);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config " + source + lineOf(yamlText, "space") + ": space: " + e.getMessage());
        }
        try {
            BudgetRepair.of(ArchitectureCodec.of(resolved),
                    c.resolvedBudget());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config " + source + lineOf(yamlText, "budget") + ": " + e.getMessage());
        }
        return SearchSpace.looksLikeFile(space) ? c.withSpace(baseDir.resolve(space).toAbsolutePath().normalize().toString()) : c;
    }

    private static String lineOf(String yamlText, String key) {
        int line = SpaceFile.lineOf(yamlText, key);
        return line > 0 ? " line " + line : "";
    }

    private static SearchConfig bind(String yamlText, String source) {
        try {
            return mapper().readValue(yamlText, SearchConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("config " + source + at(e) + ": unknown setting '" + e.getPropertyName()
                    + "'; known settings: " + e.getKnownPropertyIds());
        } catch (MismatchedInputException e) {
            throw new IllegalArgumentException("config " + source + at(e) + ": " + key(e) + " must be " + expected(e.getTargetType())
                    + given(e));
        } catch (JsonMappingException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IllegalArgumentException iae) {
                throw new IllegalArgumentException(iae.getMessage() + " (in " + source + ")");
            }
            throw new IllegalArgumentException("config " + source + at(e) + ": " + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("config " + source + " is not valid YAML" + at(e) + ": " + firstLine(e.getOriginalMessage()));
        }
    }

    private static String at(JsonProcessingException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 1 ? "" : " line " + e.getLocation().getLineNr();
    }

    /** The setting's path, e.g. {@code teacher.embeddingSize} or {@code objectives[0]}. */
    private static String key(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.length() == 0 ? "the config" : b.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list, e.g. [a, b]";
        }
        if (type == String.class) {
            return "a single value (text)";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == SearchConfig.BudgetConfig.class) {
            return "a preset name or {maxMflops, maxParams, maxMegabytes, embeddingSize}";
        }
        if (type == MnasReward.class) {
            return "{metric, target, alpha, beta}";
        }
        if (type == SearchConfig.Predictor.class) {
            return "{model, proposals, keep}";
        }
        if (type == PredictorModel.class) {
            return "one of forest";
        }
        if (type == TeacherConfig.class) {
            return "{onnx or trajectory, kd, lambda, inputSize, mean, scale, embeddingSize}";
        }
        return "a " + type.getSimpleName();
    }

    private static String given(MismatchedInputException e) {
        if (e instanceof InvalidFormatException f && f.getValue() != null) {
            return ", not '" + f.getValue() + "'";
        }
        String message = String.valueOf(e.getOriginalMessage());
        if (message.contains("START_ARRAY")) {
            return ", not a list";
        }
        if (message.contains("START_OBJECT")) {
            return ", not a {key: value} map";
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("value \\('?([^')]*)'?\\)").matcher(message);
        return m.find() ? ", not '" + m.group(1) + "'" : "";
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
