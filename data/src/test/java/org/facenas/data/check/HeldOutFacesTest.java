package org.facenas.data.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The leak rule case by case, and the identity-overlap refusal. */
class HeldOutFacesTest {

    static final HeldOutFaces HELD_OUT = HeldOutFaces.of(List.of(
            new HeldOutFaces.Image("ann", "ann/ann_0001.jpg", "h1"),
            new HeldOutFaces.Image(null, "lfw.bin image 3", "h1"),
            new HeldOutFaces.Image("bob", "bob/bob_0002.jpg", "h2"),
            new HeldOutFaces.Image(null, "lfw.bin image 7", "h3")));

    private static Optional<String> leak(String identity, String name, String hash) {
        return HELD_OUT.leak(new HeldOutFaces.Image(identity, name, hash)).map(HeldOutFaces.Leak::line);
    }

    @Test
    void anotherIdentitysVerificationBytesAreALeakNamingTheFirstImageWithThem() {
        assertEquals(Optional.of("cat/cat_0004.jpg = pairs ann/ann_0001.jpg"), leak("cat", "cat/cat_0004.jpg", "h1"));
        assertEquals(Optional.of("cat/cat_0005.jpg = pairs bob/bob_0002.jpg"), leak("cat", "cat/cat_0005.jpg", "h2"));
    }

    @Test
    void aBinImageHasNoIdentitySoAnyTrainingImageWithItsBytesLeaks() {
        assertEquals(Optional.of("bob/bob_0009.jpg = pairs lfw.bin image 7"), leak("bob", "bob/bob_0009.jpg", "h3"));
        // ann's own image is in a .bin too: whose face that .bin image is is unknown, so it leaks
        assertEquals(Optional.of("ann/ann_0007.jpg = pairs ann/ann_0001.jpg"), leak("ann", "ann/ann_0007.jpg", "h1"));
    }

    @Test
    void theSameIdentityANamedVerificationImageAndOtherBytesAreNotLeaks() {
        assertEquals(Optional.empty(), leak("bob", "bob/bob_0005.jpg", "h2"), "bob's own face, scored as bob");
        assertEquals(Optional.empty(), leak("ann", "ann/ann_0001.jpg", "h1"), "the verification image itself");
        assertEquals(Optional.empty(), leak("cat", "cat/cat_0001.jpg", "h9"), "bytes no verification image has");
    }

    @Test
    void aTrainedIdentityNamedByPairsIsRefusedNamingTheFirstInPairOrder() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HeldOutFaces.requireDisjointIdentities(
                List.of("zed", "bob", "ann"), Set.of("ann", "bob"), "peopleDevTrain.txt", Path.of("/x/pairsDevTest.txt")));
        assertEquals("identity bob is both in peopleDevTrain.txt and in pairsDevTest.txt: held-out pairs must use identities"
                + " that are not trained on", e.getMessage());
        HeldOutFaces.requireDisjointIdentities(List.of("zed"), Set.of("ann"), "the training set", Path.of("p.txt"));
    }
}
