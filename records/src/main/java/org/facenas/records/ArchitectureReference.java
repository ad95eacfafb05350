package org.facenas.records;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.facenas.searchspace.arch.Architecture;
import org.facenas.searchspace.zoo.Zoo;

/**
 * How a user names an architecture anywhere (seeds, references, {@code --arch}): a zoo name, a block string, or the
 * path of a FaceNAS export (.json, or a DL4J .zip with the provenance entry). Reading an export needs no DL4J, so a
 * search config and a run's references resolve without it.
 */
public final class ArchitectureReference {

    /** The DL4J zip entry that holds an export's provenance JSON (under DL4J's {@code objects/} folder). */
    public static final String PROVENANCE_ENTRY = "facenas-provenance.json";

    private ArchitectureReference() {
    }

    public static Architecture resolve(String nameBlockStringOrExport) {
        Path p = nameBlockStringOrExport.endsWith(".json") || nameBlockStringOrExport.endsWith(".zip") ? Path.of(nameBlockStringOrExport) : null;
        if (p == null) {
            return Zoo.resolve(nameBlockStringOrExport);
        }
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException("export " + p + " does not exist");
        }
        try {
            String json = nameBlockStringOrExport.endsWith(".zip") ? provenanceOfDl4j(p) : Files.readString(p);
            var node = new ObjectMapper().readTree(json);
            if (!node.hasNonNull("blockString")) {
                throw new IllegalArgumentException(p + " is not a FaceNAS export (no blockString)");
            }
            return Architecture.parse(node.get("blockString").asText());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read export " + p + ": " + e.getMessage());
        }
    }

    /**
     * The provenance JSON inside a DL4J export: the entry DL4J's {@code ModelSerializer.addObjectToFile} wrote, a
     * Java-serialised String. Only a String is deserialised, so a crafted zip cannot instantiate anything else.
     */
    public static String provenanceOfDl4j(Path zip) {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            ZipEntry e = z.getEntry("objects/" + PROVENANCE_ENTRY);
            if (e == null) {
                throw new IllegalArgumentException(zip + " has no FaceNAS provenance entry: not exported by FaceNAS");
            }
            try (ObjectInputStream in = new ObjectInputStream(new BufferedInputStream(z.getInputStream(e)))) {
                in.setObjectInputFilter(info -> info.serialClass() == null || info.serialClass() == String.class
                        ? ObjectInputFilter.Status.ALLOWED : ObjectInputFilter.Status.REJECTED);
                return (String) in.readObject();
            }
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new IllegalArgumentException(zip + " has no FaceNAS provenance entry: " + e.getMessage());
        }
    }
}
