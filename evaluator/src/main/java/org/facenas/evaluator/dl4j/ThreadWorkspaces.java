package org.facenas.evaluator.dl4j;

import org.nd4j.linalg.factory.Nd4j;

/** The ND4J workspaces of the current thread, which a DL4J training leaves open and current. */
public final class ThreadWorkspaces {

    private ThreadWorkspaces() {
    }

    /**
     * Destroys them and clears the thread's current workspace, so that the next network, batch or measurement on
     * this thread starts outside any (destroying alone leaves the thread pointing at the destroyed activation
     * workspace, and the next array made there fails as "leaked").
     */
    public static void release() {
        Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        Nd4j.getMemoryManager().setCurrentWorkspace(null);
    }
}
