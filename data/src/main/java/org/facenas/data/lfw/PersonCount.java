package org.facenas.data.lfw;

/**
 * One line of an LFW people file.
 *
 * @param name       identity (folder) name
 * @param imageCount number of images of that identity
 */
public record PersonCount(String name, int imageCount) {
    public PersonCount {
        if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("identity name '" + name + "' must be non-empty without whitespace");
        }
        if (imageCount < 0) {
            throw new IllegalArgumentException("image count of " + name + " must be >= 0, got " + imageCount);
        }
    }
}
